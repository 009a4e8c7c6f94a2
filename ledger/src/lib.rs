//! The redemption ledger of qrpass: each support entitlement paid at most once.
//!
//! A support-entitlement pass is a bearer token; shown twice, it would pay
//! twice unless something remembers it was paid. A [`Ledger`] is that memory:
//! SQLite for one payout point (the file is the point's record), PostgreSQL for
//! payout points online against one province database. Every payment gets a
//! [`Receipt`] signed by the payout point; a point's receipts form a hash chain,
//! exported as signed files that the province imports and reconciles
//! ([`Report`]). spec/LEDGER.md is the normative description.
//!
//! ```
//! use qrpass::{PassKind, PrivateKey, Verifier};
//! use qrpass_ledger::{Ledger, PayoutPoint, Redemption};
//! use qrpass_testkit::{clock::ts, examples::example, trust};
//!
//! let pass = example(PassKind::SupportEntitlement).unwrap();
//! let token = trust::issue("VN-SG", &pass, "2021-10-02T08:00:00+07:00", b"t1").unwrap();
//! let at = ts("2021-10-05T09:00:00+07:00");
//! let verified = Verifier::new(trust::vector_trust()).verify_at(&token, at).unwrap();
//!
//! let dir = tempfile::tempdir().unwrap();
//! let ledger = Ledger::create(dir.path().join("point.db")).unwrap();
//! let point = PayoutPoint::new("HCM-Q1-01", PrivateKey::from_seed(&[1; 32])).unwrap();
//! let first = ledger.redeem(&verified, &point, 1_500_000, at).unwrap();
//! assert!(matches!(first, Redemption::Redeemed { .. }));
//! let again = ledger.redeem(&verified, &point, 1_500_000, at).unwrap();
//! assert!(matches!(again, Redemption::AlreadyRedeemed { .. }));
//! ```
#![forbid(unsafe_code)]

mod backend;
mod entitlement;
mod export;
mod ledger;
mod point;
mod receipt;
mod report;

pub use entitlement::{Entitlement, EntitlementKey};
pub use export::{
    export_message, read_export, read_export_with, write_export, Checks, ExportHeader,
    VerifiedExport, EXPORT_FORMAT,
};
pub use ledger::{Gap, Ledger, MergeStats, Redemption};
pub use point::{check_point_id, PayoutPoint, PointRegistry, MAX_POINT_ID};
pub use receipt::{Receipt, GENESIS, RECEIPT_FORMAT};
pub use report::{Refused, Report, COLUMNS as REPORT_COLUMNS};
