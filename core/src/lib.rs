//! qrpass: signed, offline-verifiable QR passes for travel permits, health
//! declarations, infection status and support entitlements.
//!
//! A pass ([`Pass`]) is issued as `VN1:` + Base45 of a COSE_Sign1 (EdDSA) over
//! CWT claims ([`Issuer`]), and verified offline against a [`TrustStore`]
//! ([`Verifier`]). Every failure has a stable code ([`ErrorCode`]).
//!
//! On a checkpoint, a [`TrustAnchor`] holds the national root key and the signed
//! [`TrustList`] and revocation list in force (rollback-protected, root rotation),
//! and a [`Policy`] turns each result into allow, review or deny with reasons and a
//! minimal [`DisplayView`].
//!
//! ```
//! use qrpass::{Issuer, Pass, PassKind, PrivateKey, Timestamp, TrustStore, TrustedKey, Verifier};
//!
//! let key = PrivateKey::from_seed(&[1; 32]);
//! let mut trust = TrustStore::default();
//! trust.add(TrustedKey::new(key.public_key(), "VN-SG", &[PassKind::Permit], Timestamp(1_600_000_000)))?;
//!
//! let pass = Pass::from_json(include_str!("../../spec/examples/permit.json"))?;
//! let issued_at = Timestamp::parse_rfc3339("2021-09-01T08:00:00+07:00")?;
//! let text = Issuer::new(key, "VN-SG")?.issue_with(&pass, issued_at, b"id-1")?;
//!
//! let verified = Verifier::new(trust).verify_at(&text, issued_at.add_seconds(3600))?;
//! assert_eq!(verified.issuer, "VN-SG");
//! assert_eq!(verified.pass.person().name, "Nguyễn Văn An");
//! # Ok::<(), qrpass::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod batch;
pub mod binding;
pub mod checkpoint;
mod claims;
pub mod classify;
pub mod cti;
#[cfg(feature = "dcc")]
pub mod dcc;
pub mod error;
mod hex;
pub mod idcard;
pub mod issue;
mod json;
pub mod keys;
mod list_info;
pub mod model;
pub(crate) mod nfc;
mod parallel;
pub mod policy;
#[cfg(any(feature = "render", feature = "scan"))]
pub mod qr;
pub mod revocation;
mod sort;
pub mod time;
pub mod trust;
mod upper;
pub mod verify;
mod wire;

/// The internal layers (wire format, claims), for the fuzz targets, benches and
/// vector generator of this repository. Not a stable API: it changes without notice.
#[doc(hidden)]
pub mod internal {
    /// CWT claims (SPEC.md §4).
    pub mod claims {
        pub use crate::claims::{decode, encode, Claims, CLAIM_PASS, MAX_CTI_LEN};
    }
    pub use crate::nfc::exposed as nfc;
    pub use crate::upper::exposed as upper;
    pub use crate::wire::{base45, cbor, cose, list, slice, strict, text};
}

pub use binding::{bind, Binding};
pub use checkpoint::{Checkpoint, PolicyDocument, SignedPolicy};
pub use classify::{classify, CodeKind};
pub use error::{Error, ErrorCode, ErrorFamily, Result};
pub use idcard::IdCard;
pub use issue::Issuer;
pub use keys::{Kid, PrivateKey, PublicKey};
pub use model::{Pass, PassKind};
pub use policy::{Checked, CheckpointContext, Decision, DisplayView, Outcome, Policy};
pub use revocation::{RevocationCheck, RevocationList, SignedRevocation};
pub use time::{Date, Timestamp};
pub use trust::{
    KeyStatus, SignedTrustList, TrustAnchor, TrustInfo, TrustList, TrustStore, TrustedKey,
};
pub use verify::{inspect, Inspected, Outcome as VerifyOutcome, Verified, Verifier};
pub use wire::text::trim_token;
