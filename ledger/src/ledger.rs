//! [`Ledger`]: redeem, find, export, import and report, over either backend.

use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use qrpass::{Error, ErrorCode, Result, Timestamp, Verified};

use crate::backend::{sqlite::Sqlite, Backend};
use crate::entitlement::{Entitlement, EntitlementKey};
use crate::export::{read_export_with, write_export, Checks};
use crate::point::{PayoutPoint, PointRegistry};
use crate::receipt::{Receipt, GENESIS};
use crate::report::Report;

/// The outcome of a redemption: paid now, or paid before (and not again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redemption {
    /// The payment is recorded (committed to disk or server) and signed.
    Redeemed {
        /// The signed receipt of this payment.
        receipt: Receipt,
    },
    /// The entitlement was already paid: pay nothing.
    AlreadyRedeemed {
        /// When it was paid.
        when: Timestamp,
        /// Which payout point paid it.
        point: String,
        /// How much was paid, in VND.
        amount_vnd: u64,
        /// The receipt of that payment.
        receipt: Receipt,
    },
}

impl Redemption {
    /// The outcome for a receipt already held.
    pub(crate) fn already(receipt: Receipt) -> Redemption {
        Redemption::AlreadyRedeemed {
            when: receipt.at,
            point: receipt.point.clone(),
            amount_vnd: receipt.amount_vnd,
            receipt,
        }
    }

    /// The receipt: of this payment, or of the earlier one.
    pub fn receipt(&self) -> &Receipt {
        match self {
            Redemption::Redeemed { receipt } | Redemption::AlreadyRedeemed { receipt, .. } => {
                receipt
            }
        }
    }
}

/// What merging one export file did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeStats {
    /// The exporting point.
    pub point: String,
    /// First and last sequence number in the file.
    pub first_seq: u64,
    /// Last sequence number in the file.
    pub last_seq: u64,
    /// Entries added by this import.
    pub added: u64,
    /// Entries already held (identical), so left as they were.
    pub already_held: u64,
}

/// A run of sequence numbers missing from an imported point's chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    /// The point.
    pub point: String,
    /// First missing sequence number.
    pub from_seq: u64,
    /// Last missing sequence number.
    pub to_seq: u64,
}

/// A redemption ledger: SQLite file or PostgreSQL database. Safe to share between threads.
pub struct Ledger {
    backend: Mutex<Box<dyn Backend>>,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Ledger")
    }
}

impl Ledger {
    /// Creates a new SQLite ledger file; `ledger_unavailable` if it exists or cannot be made.
    pub fn create(path: impl AsRef<Path>) -> Result<Ledger> {
        Ok(Ledger::with(Sqlite::create(path.as_ref())?))
    }

    /// Opens an existing SQLite ledger; `ledger_unavailable` if missing, `ledger_corrupt`
    /// if it is not an intact qrpass ledger (it is never recreated).
    pub fn open(path: impl AsRef<Path>) -> Result<Ledger> {
        Ok(Ledger::with(Sqlite::open(path.as_ref())?))
    }

    /// Opens `target`: a `postgres://` or `postgresql://` URL (tables made if
    /// missing), or a SQLite file, created only if it does not exist and `create` is set.
    pub fn open_target(target: &str, create: bool) -> Result<Ledger> {
        if target.starts_with("postgres://") || target.starts_with("postgresql://") {
            return Ledger::connect(target, "public");
        }
        let path = Path::new(target);
        if create && !path.exists() {
            Ledger::create(path)
        } else {
            Ledger::open(path)
        }
    }

    /// Connects to PostgreSQL at `url` and uses (creating if needed) the tables in `schema`.
    #[cfg(feature = "postgres")]
    pub fn connect(url: &str, schema: &str) -> Result<Ledger> {
        Ok(Ledger::with(crate::backend::postgres::Pg::connect(
            url, schema,
        )?))
    }

    /// PostgreSQL support was left out of this build: `ledger_unavailable`.
    #[cfg(not(feature = "postgres"))]
    pub fn connect(_url: &str, _schema: &str) -> Result<Ledger> {
        Err(Error::new(
            ErrorCode::LedgerUnavailable,
            "this build has no PostgreSQL support (feature `postgres`)",
        ))
    }

    fn with(backend: impl Backend + 'static) -> Ledger {
        Ledger {
            backend: Mutex::new(Box::new(backend)),
        }
    }

    fn db(&self) -> Result<MutexGuard<'_, Box<dyn Backend>>> {
        self.backend
            .lock()
            .map_err(|_| Error::new(ErrorCode::Internal, "ledger lock poisoned"))
    }

    /// Pays `verified`'s entitlement once: `amount_vnd` at `point`, at time `at`.
    ///
    /// Refused, with nothing written: another kind of pass (`wrong_pass_kind`), a
    /// pass not valid at `at` (`not_yet_valid`, `expired`), an amount below 1
    /// (`invalid_number`) or other than the entitled one (`amount_mismatch`).
    /// `ledger_write_failed` means the payment was not recorded: do not pay.
    pub fn redeem(
        &self,
        verified: &Verified,
        point: &PayoutPoint,
        amount_vnd: i64,
        at: Timestamp,
    ) -> Result<Redemption> {
        self.redeem_entitlement(
            &Entitlement::from_verified(verified)?,
            point,
            amount_vnd,
            at,
        )
    }

    /// [`Ledger::redeem`] for an entitlement already taken out of its pass.
    pub fn redeem_entitlement(
        &self,
        e: &Entitlement,
        point: &PayoutPoint,
        amount_vnd: i64,
        at: Timestamp,
    ) -> Result<Redemption> {
        let amount = e.check_payout(amount_vnd, at)?;
        let kid = point.key().public_key().kid();
        let mut sign = |seq, prev| {
            Receipt::sign(
                point.key(),
                point.id(),
                seq,
                &e.key,
                amount,
                at,
                &e.cti,
                prev,
            )
        };
        self.db()?.redeem(point.id(), kid, &e.key, &mut sign)
    }

    /// The local receipt paying `key`, if it was paid here.
    pub fn find(&self, key: &EntitlementKey) -> Result<Option<Receipt>> {
        self.db()?.find(key)
    }

    /// How many payments this ledger recorded itself (imports not counted).
    pub fn count(&self) -> Result<u64> {
        self.db()?.count()
    }

    /// The receipts `point` recorded here after sequence number `since`.
    pub fn receipts(&self, point: &str, since: u64) -> Result<Vec<Receipt>> {
        self.db()?.receipts(point, since)
    }

    /// Writes `point`'s receipts after `since` as a signed export file; returns how many.
    pub fn export(&self, point: &PayoutPoint, since: u64, out: &mut dyn Write) -> Result<u64> {
        let mut receipts = self.db()?.receipts(point.id(), since.saturating_sub(1))?;
        let prev = if since == 0 {
            GENESIS
        } else if receipts.first().map(|r| r.seq) == Some(since) {
            receipts.remove(0).hash()
        } else {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("point {} has no entry {since} to export after", point.id()),
            ));
        };
        let kid = point.key().public_key().kid();
        if receipts.iter().any(|r| r.kid != kid) {
            return Err(Error::new(
                ErrorCode::UnknownPoint,
                "these receipts were signed by another key of the point",
            ));
        }
        write_export(point, since + 1, prev, &receipts, out)?;
        Ok(receipts.len() as u64)
    }

    /// Verifies an export file against `registry` and merges it; importing it again changes nothing.
    ///
    /// The whole file is refused, nothing written, on any fault (see [`crate::read_export`]),
    /// or with `ledger_chain_broken` if it contradicts entries already imported.
    /// Every check of spec/LEDGER.md §4 runs ([`Checks::Full`]).
    pub fn import(&self, file: &mut dyn BufRead, registry: &PointRegistry) -> Result<MergeStats> {
        self.import_with(file, registry, Checks::Full)
    }

    /// [`Ledger::import`] with a choice of [`Checks`].
    pub fn import_with(
        &self,
        file: &mut dyn BufRead,
        registry: &PointRegistry,
        checks: Checks,
    ) -> Result<MergeStats> {
        let export = read_export_with(file, registry, checks)?;
        self.db()?.merge(&export)
    }

    /// Caps a SQLite ledger at its size plus `extra_pages` pages (SQLite's
    /// `max_page_count`): a full-disk **simulation** for tests where no small
    /// file system can be mounted. `invalid_argument` on PostgreSQL.
    #[doc(hidden)]
    pub fn simulate_full_disk(&self, extra_pages: u32) -> Result<()> {
        self.db()?.limit_pages(extra_pages)
    }

    /// The reconciliation report: double payments and chain gaps.
    pub fn report(&self) -> Result<Report> {
        let mut db = self.db()?;
        Ok(Report::new(db.doubles()?, db.gaps()?))
    }
}
