//! The storage behind a [`crate::Ledger`]: one trait, two databases.
//!
//! Both backends keep the same tables (spec/LEDGER.md §7) and enforce the one rule
//! in the database itself: a unique index on the entitlement key of local
//! redemptions, so that two transactions, threads, processes or payout points
//! can never both insert a payment for one entitlement.

#[cfg(feature = "postgres")]
pub(crate) mod postgres;
pub(crate) mod sql;
pub(crate) mod sqlite;

use qrpass::Result;

use crate::entitlement::EntitlementKey;
use crate::export::VerifiedExport;
use crate::receipt::Receipt;
use crate::{Gap, MergeStats, Redemption};

/// Signs the receipt for sequence number `seq` chained to `prev`, inside the transaction.
pub(crate) type Signer<'a> = &'a mut dyn FnMut(u64, [u8; 32]) -> Receipt;

/// What a ledger database does; every method is one transaction.
pub(crate) trait Backend: Send {
    /// Records the payment `sign` makes for `key` at `point`, unless `key` is already paid.
    ///
    /// `kid` is the point's key id: a point's chain is signed by one key.
    fn redeem(
        &mut self,
        point: &str,
        kid: qrpass::Kid,
        key: &EntitlementKey,
        sign: Signer,
    ) -> Result<Redemption>;

    /// The local receipts of `point` with a sequence number above `since`, in order.
    fn receipts(&mut self, point: &str, since: u64) -> Result<Vec<Receipt>>;

    /// The local receipt paying `key`, if any.
    fn find(&mut self, key: &EntitlementKey) -> Result<Option<Receipt>>;

    /// How many local redemptions the ledger holds.
    fn count(&mut self) -> Result<u64>;

    /// Merges a verified export; idempotent; `ledger_chain_broken` if it contradicts entries held.
    fn merge(&mut self, export: &VerifiedExport) -> Result<MergeStats>;

    /// Every payment (local or imported) of an entitlement paid more than once, grouped by key.
    fn doubles(&mut self) -> Result<Vec<Receipt>>;

    /// The missing sequence ranges in each imported point's chain.
    fn gaps(&mut self) -> Result<Vec<Gap>>;

    /// Caps the database at its current size plus `extra_pages` (SQLite only): a full-disk simulation.
    fn limit_pages(&mut self, extra_pages: u32) -> Result<()> {
        let _ = extra_pages;
        Err(qrpass::Error::new(
            qrpass::ErrorCode::InvalidArgument,
            "only a SQLite ledger can simulate a full disk",
        ))
    }
}

/// Checks a merge against the entries already held for the export's point.
///
/// `held` gives the hash held at a sequence number, if any. Every entry of the
/// export already held must be identical; the entry before it must hash to its
/// `prev`; the entry after it must chain to its head.
pub(crate) fn check_continuity(
    export: &VerifiedExport,
    held_hash: impl Fn(u64) -> Result<Option<[u8; 32]>>,
    held_prev: impl Fn(u64) -> Result<Option<[u8; 32]>>,
) -> Result<()> {
    let e = &export.header;
    if e.first_seq > 1 {
        if let Some(h) = held_hash(e.first_seq - 1)? {
            if h != e.prev {
                return Err(crate::export::chain_broken(
                    &e.point,
                    e.first_seq,
                    "does not continue the entry held before it (a fork)",
                ));
            }
        }
    }
    if let Some(p) = held_prev(e.last_seq + 1)? {
        if p != export.head {
            return Err(crate::export::chain_broken(
                &e.point,
                e.last_seq + 1,
                "the entry held after this file does not chain to it (a fork)",
            ));
        }
    }
    Ok(())
}
