//! [`Tally`]: what a checkpoint counted, by hour, pass kind, outcome and holder
//! binding result — only counts, never a name, ID number, token id or card data.
//!
//! The same token checked again within [`RESCAN_WINDOW_SECONDS`] (an officer
//! scanning twice) is counted once. The memory of recent tokens is a short list
//! of truncated SHA-256 digests kept in memory only: it is not part of the tally,
//! not exported and not saved.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::model::PassKind;
use crate::policy::{HolderResult, Outcome};
use crate::time::Timestamp;

/// A re-scan of the same token within this many seconds is counted once.
pub const RESCAN_WINDOW_SECONDS: i64 = 120;
/// How many recent tokens are remembered for the re-scan rule.
const RECENT_TOKENS: usize = 64;

/// The kind column of a check whose pass did not verify.
pub const KIND_UNVERIFIED: &str = "unverified";
/// The kind column of a verified EU DCC (`HC1:`).
pub const KIND_EU_DCC: &str = "eu_dcc";
/// The holder column of a check without a holder binding.
pub const HOLDER_NONE: &str = "none";

/// One row of the tally: a bucket and its count.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TallyRow {
    /// The start of the hour (UTC), as a Unix time.
    pub hour: i64,
    /// The pass kind (`permit`, ...), `eu_dcc`, or `unverified`.
    pub kind: String,
    /// `allow`, `review` or `deny`.
    pub outcome: String,
    /// The holder binding result (`match`, `marks_only`, `mismatch`, `missing`), or `none`.
    pub holder: String,
    /// How many checks fell in this bucket.
    pub count: u64,
}

type Bucket = (i64, String, String, String);

/// Counts of checks (see the module docs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    counts: BTreeMap<Bucket, u64>,
    recent: VecDeque<([u8; 16], Timestamp)>,
}

impl Tally {
    /// Counts one check, unless the same token was counted within the re-scan window.
    pub(crate) fn record(
        &mut self,
        token: &str,
        now: Timestamp,
        kind: &str,
        outcome: Outcome,
        holder: Option<HolderResult>,
    ) -> bool {
        let digest: [u8; 32] = Sha256::digest(crate::trim_token(token).as_bytes()).into();
        let mut short = [0u8; 16];
        short.copy_from_slice(&digest[..16]);
        let seen = self
            .recent
            .iter()
            .any(|(d, t)| *d == short && (now.unix() - t.unix()).abs() < RESCAN_WINDOW_SECONDS);
        if seen {
            return false;
        }
        self.recent.push_back((short, now));
        if self.recent.len() > RECENT_TOKENS {
            self.recent.pop_front();
        }
        let bucket = (
            now.unix().div_euclid(3600) * 3600,
            kind.to_string(),
            outcome.as_str().to_string(),
            holder.map_or(HOLDER_NONE, HolderResult::as_str).to_string(),
        );
        *self.counts.entry(bucket).or_insert(0) += 1;
        true
    }

    /// Adds a saved row (restore); rows are checked by the caller.
    pub(crate) fn add_row(&mut self, row: TallyRow) {
        *self
            .counts
            .entry((row.hour, row.kind, row.outcome, row.holder))
            .or_insert(0) += row.count;
    }

    /// The rows, ordered by hour, kind, outcome, holder.
    pub fn rows(&self) -> Vec<TallyRow> {
        self.counts
            .iter()
            .map(|((hour, kind, outcome, holder), count)| TallyRow {
                hour: *hour,
                kind: kind.clone(),
                outcome: outcome.clone(),
                holder: holder.clone(),
                count: *count,
            })
            .collect()
    }

    /// The number of checks counted.
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// Forgets every count (and the recent tokens).
    pub fn reset(&mut self) {
        self.counts.clear();
        self.recent.clear();
    }

    /// CSV with a header: `hour,kind,outcome,holder,count`, the hour in RFC 3339 UTC.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("hour,kind,outcome,holder,count\n");
        for r in self.rows() {
            out.push_str(&format!(
                "{},{},{},{},{}\n",
                Timestamp(r.hour).to_rfc3339_at(0),
                r.kind,
                r.outcome,
                r.holder,
                r.count
            ));
        }
        out
    }

    /// JSON: `{"total": n, "rows": [{"hour", "kind", "outcome", "holder", "count"}]}`.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Out {
            total: u64,
            rows: Vec<TallyRow>,
        }
        serde_json::to_string(&Out {
            total: self.total(),
            rows: self.rows(),
        })
        .unwrap_or_default()
    }
}

/// Whether a saved row names only known values.
pub(crate) fn row_is_known(r: &TallyRow) -> bool {
    let kind_ok = [KIND_UNVERIFIED, KIND_EU_DCC].contains(&r.kind.as_str())
        || PassKind::ALL.iter().any(|k| k.as_str() == r.kind);
    let outcome_ok = ["allow", "review", "deny"].contains(&r.outcome.as_str());
    let holder_ok =
        [HOLDER_NONE, "match", "marks_only", "mismatch", "missing"].contains(&r.holder.as_str());
    kind_ok && outcome_ok && holder_ok && r.hour % 3600 == 0 && r.count > 0
}
