//! The header every signed list carries ([`ListInfo`]: sequence, issue time, next
//! update), and what a verification result says about the lists it was checked
//! against ([`TrustInfo`], [`ListStatus`]). Trust and revocation lists share it.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::time::Timestamp;

/// The sequence number and times every signed list carries (payload keys 1–3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListInfo {
    /// The sequence number; a holder refuses a lower one than it holds.
    pub sequence: u64,
    /// When the list was issued.
    pub issued_at: Timestamp,
    /// When the next list is due; after it the list is stale (still used, reported).
    pub next_update: Timestamp,
}

impl ListInfo {
    /// Whether the list is past its next-update time at `now`.
    pub fn is_stale(&self, now: Timestamp) -> bool {
        now >= self.next_update
    }

    /// The list's state at `now`.
    pub fn status(&self, now: Timestamp) -> ListStatus {
        ListStatus {
            sequence: self.sequence,
            issued_at: self.issued_at,
            next_update: self.next_update,
            stale: self.is_stale(now),
        }
    }

    /// Checks the times are plausible and in order; failures carry `code`.
    pub(crate) fn check(&self, code: ErrorCode) -> Result<()> {
        if !self.issued_at.is_plausible() || !self.next_update.is_plausible() {
            return Err(Error::new(
                code,
                "the list's issue or next-update time is outside 2000..2100",
            ));
        }
        if self.next_update <= self.issued_at {
            return Err(Error::new(
                code,
                format!(
                    "the list's next update ({}) is not after its issue ({})",
                    self.next_update, self.issued_at
                ),
            ));
        }
        Ok(())
    }
}

/// A signed list's state at verification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ListStatus {
    /// The list's sequence number.
    pub sequence: u64,
    /// When it was issued.
    pub issued_at: Timestamp,
    /// When the next list was due.
    pub next_update: Timestamp,
    /// Past `next_update`: the list was used, but the caller's policy decides what that means.
    pub stale: bool,
}

/// Which signed lists a verification used, and whether they were stale.
///
/// Both are `None` for a verifier built from a plain JSON [`crate::TrustStore`]
/// and an unsigned revocation list; such a result serialises without this field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TrustInfo {
    /// The signed trust list, if the keys came from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_list: Option<ListStatus>,
    /// The signed revocation list, if one was checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_list: Option<ListStatus>,
}

impl TrustInfo {
    /// Whether no signed list was involved.
    pub fn is_unsigned(&self) -> bool {
        self.trust_list.is_none() && self.revocation_list.is_none()
    }

    /// Whether the trust list is stale.
    pub fn trust_list_stale(&self) -> bool {
        self.trust_list.is_some_and(|l| l.stale)
    }

    /// Whether the revocation list is stale.
    pub fn revocation_list_stale(&self) -> bool {
        self.revocation_list.is_some_and(|l| l.stale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staleness_starts_at_next_update() {
        let info = ListInfo {
            sequence: 3,
            issued_at: Timestamp(1_630_000_000),
            next_update: Timestamp(1_630_086_400),
        };
        assert!(!info.is_stale(Timestamp(1_630_086_399)));
        assert!(info.is_stale(Timestamp(1_630_086_400)));
        assert_eq!(info.check(ErrorCode::BadTrustList), Ok(()));
        let t = TrustInfo {
            trust_list: Some(info.status(Timestamp(1_630_100_000))),
            revocation_list: None,
        };
        assert!(t.trust_list_stale() && !t.revocation_list_stale() && !t.is_unsigned());
        assert!(TrustInfo::default().is_unsigned());
    }

    #[test]
    fn implausible_or_inverted_times_are_refused() {
        for (from, to) in [
            (1_630_000_000, 1_630_000_000),
            (1_630_000_000, 1_600_000_000),
            (0, 1_630_000_000),
            (1_630_000_000, i64::MAX),
        ] {
            let info = ListInfo {
                sequence: 1,
                issued_at: Timestamp(from),
                next_update: Timestamp(to),
            };
            assert_eq!(
                info.check(ErrorCode::BadRevocationList)
                    .map_err(|e| e.code()),
                Err(ErrorCode::BadRevocationList)
            );
        }
    }
}
