//! EU Digital COVID Certificates (`HC1:`), verified beside qrpass's own passes
//! (SPEC.md §15, docs/dcc.md). Behind the core feature `dcc`.
//!
//! The decode chain, one module per step: [`text`] (the `HC1:` prefix and
//! Base45), [`zlib`] (inflating with a size cap), a bounded CBOR gate,
//! [`cose`] (COSE_Sign1, tagged or not, kid in either header), [`cwt`] (iss,
//! iat, exp and the health certificate under -260 → 1), [`certificate`] (the
//! typed payload, checked against its declared schema version), then [`dsc`]
//! (the document-signer trust list) and [`verify`] (signature, key usage,
//! validity). [`any`] verifies either format with one call. [`signed`] is the
//! root-signed DSC list (`VN1D:`) a [`crate::checkpoint::Checkpoint`] holds
//! and refreshes beside its own trust list.
//!
//! ```
//! use qrpass::dcc::{DccVerifier, DscList};
//! use qrpass::ErrorCode;
//!
//! let verifier = DccVerifier::new(DscList::default());
//! let err = verifier.verify("HC1:NCF").unwrap_err();
//! assert_eq!(err.code(), ErrorCode::BadZlib);
//! ```

pub mod any;
mod base64;
mod cbor_gate;
pub mod certificate;
pub mod cose;
pub mod cwt;
pub mod dsc;
pub mod policy;
mod signature;
pub mod signed;
pub mod text;
pub mod verify;
pub mod zlib;

pub use any::{AnyOutcome, AnyVerified, AnyVerifier};
pub use certificate::{Certificate, Name, PartialDate, Recovery, Statement, Test, Vaccination};
pub use dsc::{Dsc, DscList, DscUsage};
pub use signed::{DscListDocument, SignedDscList, MAX_DSC_LIST_BYTES, MAX_DSC_LIST_ENTRIES};
pub use verify::{DccVerifier, Decoded, VerifiedDcc};

/// Decodes base64 (standard alphabet, padding optional, whitespace ignored), as
/// DCC trust lists and the test-data files carry certificates.
pub fn decode_base64(text: &str) -> crate::Result<Vec<u8>> {
    base64::decode(text)
}

/// Parses a validation time as DCC tools write it: RFC 3339, or ISO 8601 with
/// a basic offset (`+0000`, `+0200`) or with no offset (read as UTC), as the
/// test-data clocks do.
///
/// ```
/// let t = qrpass::dcc::parse_clock("2021-07-02T07:38:27+0000").unwrap();
/// assert_eq!(t, qrpass::Timestamp::parse_rfc3339("2021-07-02T07:38:27Z").unwrap());
/// ```
pub fn parse_clock(text: &str) -> crate::Result<crate::Timestamp> {
    let t = text.trim();
    let b = t.as_bytes();
    let n = b.len();
    if n > 5 && (b[n - 5] == b'+' || b[n - 5] == b'-') && b[n - 4..].iter().all(u8::is_ascii_digit)
    {
        return crate::Timestamp::parse_rfc3339(&format!("{}:{}", &t[..n - 2], &t[n - 2..]));
    }
    let has_offset = t.ends_with(['Z', 'z']) || (n > 6 && matches!(b[n - 6], b'+' | b'-'));
    if n >= 19 && !has_offset {
        return crate::Timestamp::parse_rfc3339(&format!("{t}Z"));
    }
    crate::Timestamp::parse_rfc3339(t)
}
