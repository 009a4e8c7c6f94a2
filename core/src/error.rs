//! The one error type of qrpass, with stable snake_case codes.
//!
//! Every failure carries an [`ErrorCode`]. The code's string form
//! ([`ErrorCode::as_str`]) is part of the public contract: it is listed in
//! `spec/SPEC.md`, written into `spec/vectors/`, and exposed unchanged by the
//! Python, Kotlin, Swift and JavaScript bindings, so a caller in any language
//! can switch on the same strings. Codes are never renamed; new ones may be added.

use std::fmt;

/// Which part of the pipeline (and whose fault) an error belongs to.
///
/// Bindings use the family to pick an exception subclass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorFamily {
    /// The text, CBOR or COSE structure is malformed: a damaged or hostile token
    /// (or a scanned ID card's text that does not parse).
    Format,
    /// The signature does not verify, or the signing key is not trusted for it.
    Signature,
    /// Trust list or revocation list problems: unknown, retired or revoked keys, bad lists.
    Trust,
    /// The token is outside its validity window.
    Time,
    /// A pass or its fields break the data model's rules (caught when issuing or decoding).
    Validation,
    /// Key material could not be read or used.
    Key,
    /// A JSON, TOML or file input supplied by the caller is malformed or unreadable.
    Input,
    /// Image decoding, QR scanning or rendering failed.
    Qr,
    /// A checkpoint policy is malformed.
    Policy,
    /// A broken invariant inside qrpass: a bug, never caused by input.
    Internal,
    /// The redemption ledger (`qrpass-ledger`): its database, a payout refused, an export file.
    Ledger,
}

impl ErrorFamily {
    /// Every family, in the order SPEC.md §9 lists them.
    pub const ALL: &'static [ErrorFamily] = &[
        ErrorFamily::Format,
        ErrorFamily::Signature,
        ErrorFamily::Trust,
        ErrorFamily::Time,
        ErrorFamily::Validation,
        ErrorFamily::Key,
        ErrorFamily::Input,
        ErrorFamily::Qr,
        ErrorFamily::Policy,
        ErrorFamily::Internal,
        ErrorFamily::Ledger,
    ];

    /// The family's stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorFamily::Format => "format",
            ErrorFamily::Signature => "signature",
            ErrorFamily::Trust => "trust",
            ErrorFamily::Time => "time",
            ErrorFamily::Validation => "validation",
            ErrorFamily::Key => "key",
            ErrorFamily::Input => "input",
            ErrorFamily::Qr => "qr",
            ErrorFamily::Policy => "policy",
            ErrorFamily::Internal => "internal",
            ErrorFamily::Ledger => "ledger",
        }
    }

    /// The name of the exception class every binding raises for this family.
    ///
    /// This is the one table the bindings map from: Python's `qrpass.FormatError`,
    /// Kotlin's `QrpassException.Format`, Swift's `QrpassError.format` and the
    /// JavaScript error's `name` all follow it. Families without a class of their
    /// own raise the base class `Error`.
    pub fn exception(self) -> &'static str {
        match self {
            ErrorFamily::Format => "FormatError",
            ErrorFamily::Signature => "SignatureError",
            ErrorFamily::Trust => "TrustError",
            ErrorFamily::Time => "TimeError",
            _ => "Error",
        }
    }
}

macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $code:literal, $family:ident; )*) => {
        /// A stable, documented reason for a failure.
        ///
        /// The string form (see [`ErrorCode::as_str`]) never changes once released.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in the order SPEC.md lists them.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The stable snake_case string of this code.
            pub fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $code, )* }
            }

            /// The family this code belongs to.
            pub fn family(self) -> ErrorFamily {
                match self { $( ErrorCode::$variant => ErrorFamily::$family, )* }
            }

            /// Looks a code up by its string; `None` for an unknown string.
            pub fn from_code(code: &str) -> Option<ErrorCode> {
                // A search of `ALL` through `as_str`'s table: smaller code
                // than a `match` on every string.
                ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
            }
        }
    };
}

error_codes! {
    /// The input is longer than the size cap (see `MAX_TEXT_LEN` in SPEC.md).
    InputTooLarge = "input_too_large", Format;
    /// The input is empty.
    EmptyInput = "empty_input", Format;
    /// The text does not start with the `VN1:` prefix (missing, wrong version, or lower case).
    BadPrefix = "bad_prefix", Format;
    /// The text after the prefix is not valid Base45 (RFC 9285); lower-case letters included.
    BadBase45 = "bad_base45", Format;
    /// The bytes are not well-formed CBOR (truncated, reserved values, bad UTF-8).
    BadCbor = "bad_cbor", Format;
    /// CBOR uses an indefinite length, which qrpass forbids everywhere.
    IndefiniteLength = "indefinite_length", Format;
    /// CBOR is not in preferred (shortest) encoding.
    NonCanonicalCbor = "non_canonical_cbor", Format;
    /// A CBOR map has the same key twice.
    DuplicateKey = "duplicate_key", Format;
    /// CBOR nesting is deeper than qrpass allows.
    NestingTooDeep = "nesting_too_deep", Format;
    /// Bytes follow the end of the top-level CBOR item.
    TrailingBytes = "trailing_bytes", Format;
    /// The envelope is not tagged as COSE_Sign1 (tag 18), or carries another tag.
    BadTag = "bad_tag", Format;
    /// The envelope is not a well-formed COSE_Sign1 structure (wrong arity or types, detached payload).
    BadCose = "bad_cose", Format;
    /// The protected header has an unexpected, critical or malformed parameter.
    BadHeader = "bad_header", Format;
    /// The unprotected header is not empty (an alg or kid there is never honoured).
    UnprotectedHeader = "unprotected_header", Format;
    /// The algorithm is missing or is not EdDSA (-8).
    UnsupportedAlg = "unsupported_alg", Format;
    /// The protected header has no kid, or a kid that is not 8 bytes.
    MissingKid = "missing_kid", Format;
    /// The CWT claims are missing, of the wrong type, or unknown.
    BadClaims = "bad_claims", Format;
    /// The pass kind number is not one this version knows.
    UnknownKind = "unknown_kind", Format;
    /// A pass field has the wrong CBOR type, or the pass map has an unknown key.
    BadPass = "bad_pass", Format;
    /// A citizen ID card's QR text (CCCD) is malformed: a field is missing, or a number or date is not valid.
    BadIdCard = "bad_id_card", Format;

    /// No trusted key has the token's kid.
    UnknownKey = "unknown_key", Signature;
    /// The signature does not verify under any trusted key with the token's kid.
    BadSignature = "bad_signature", Signature;
    /// The signing key is trusted, but not for this pass kind or this issuer id.
    KeyNotAllowed = "key_not_allowed", Signature;

    /// The signing key was not within its validity window at the token's issue time.
    KeyNotValid = "key_not_valid", Trust;
    /// The signing key was retired before the token was issued.
    KeyRetired = "key_retired", Trust;
    /// The signing key has been revoked (compromised); none of its tokens are accepted.
    KeyRevoked = "key_revoked", Trust;
    /// The token's id (cti) is on the revocation list.
    Revoked = "revoked", Trust;
    /// A trust store or trust list is malformed or its signature does not verify.
    BadTrustList = "bad_trust_list", Trust;
    /// A trust list is older (lower sequence number) than the one already held.
    TrustListRollback = "trust_list_rollback", Trust;
    /// A revocation list is malformed or its signature does not verify.
    BadRevocationList = "bad_revocation_list", Trust;
    /// A revocation list is older (lower sequence number) than the one already held, or conflicts with it.
    RevocationListRollback = "revocation_list_rollback", Trust;
    /// A revocation delta does not apply to the revocation list held: load the full list.
    RevocationDeltaMismatch = "revocation_delta_mismatch", Trust;

    /// The token has expired (exp plus the allowed clock skew is in the past).
    Expired = "expired", Time;
    /// The token is not valid yet (nbf minus the allowed clock skew is in the future).
    NotYetValid = "not_yet_valid", Time;
    /// The token claims an issue time in the future (beyond the allowed clock skew).
    IssuedInFuture = "issued_in_future", Time;

    /// A required field is missing or empty.
    MissingField = "missing_field", Validation;
    /// An ID document number does not fit its kind (a CCCD has 12 digits, a CMND 9 or 12).
    InvalidIdNumber = "invalid_id_number", Validation;
    /// A date or time is malformed or implausible.
    InvalidDate = "invalid_date", Validation;
    /// A validity window or period ends before it starts.
    InvertedValidity = "inverted_validity", Validation;
    /// An administrative area code is malformed.
    InvalidArea = "invalid_area", Validation;
    /// A text field is too long or contains control characters.
    InvalidText = "invalid_text", Validation;
    /// A phone number is malformed.
    InvalidPhone = "invalid_phone", Validation;
    /// A number is out of its allowed range (doses, amounts).
    InvalidNumber = "invalid_number", Validation;
    /// An issuer id is malformed.
    InvalidIssuer = "invalid_issuer", Validation;
    /// A token id (cti) is empty or longer than 32 bytes.
    InvalidCti = "invalid_cti", Validation;

    /// A key could not be parsed (PEM, PKCS#8, SPKI or raw bytes).
    BadKey = "bad_key", Key;

    /// Caller-supplied JSON does not match the expected shape.
    BadJson = "bad_json", Input;
    /// A file could not be read or written.
    Io = "io", Input;
    /// A caller's argument is wrong: an ECC level, a stride, a hex id, an option value.
    InvalidArgument = "invalid_argument", Input;
    /// The operating system's random source failed (key or token id generation).
    RandomUnavailable = "random_unavailable", Key;

    /// An image could not be decoded, or its buffer does not match its dimensions.
    BadImage = "bad_image", Qr;
    /// An image is larger than the scanner accepts.
    ImageTooLarge = "image_too_large", Qr;
    /// No QR code was found in the image.
    NoQrFound = "no_qr_found", Qr;
    /// The text does not fit in a QR code at the requested error correction.
    QrTooLong = "qr_too_long", Qr;

    /// A checkpoint policy is malformed.
    BadPolicy = "bad_policy", Policy;
    /// A signed policy is older (lower sequence) than the one held under its id, or conflicts with it.
    PolicyRollback = "policy_rollback", Policy;
    /// The bytes offered to a checkpoint are no signed artifact it knows (trust list, revocation list or delta, policy).
    UnknownArtifact = "unknown_artifact", Format;
    /// A saved checkpoint state is truncated, altered or of another format: nothing was loaded.
    BadCheckpointState = "bad_checkpoint_state", Input;

    /// A broken invariant inside qrpass (a poisoned lock, an encoder failure): a bug to report, never expected.
    Internal = "internal", Internal;

    /// A ledger database is not a qrpass ledger, or is truncated or corrupted; it is never recreated.
    LedgerCorrupt = "ledger_corrupt", Ledger;
    /// A ledger write failed (disk full, I/O error, server gone): the redemption was not recorded.
    LedgerWriteFailed = "ledger_write_failed", Ledger;
    /// A ledger database could not be opened or reached (missing file, refused connection).
    LedgerUnavailable = "ledger_unavailable", Ledger;
    /// The pass is not a support entitlement, so there is nothing to pay.
    WrongPassKind = "wrong_pass_kind", Ledger;
    /// The payout amount is not the entitlement's amount (partial payouts are not allowed).
    AmountMismatch = "amount_mismatch", Ledger;
    /// A ledger export file is malformed, or its signature or a receipt's does not verify.
    BadLedgerExport = "bad_ledger_export", Ledger;
    /// A ledger export file is signed by a payout point, or a key, the province does not know.
    UnknownPoint = "unknown_point", Ledger;
    /// A ledger export's hash chain is broken: an altered, missing or forked entry.
    LedgerChainBroken = "ledger_chain_broken", Ledger;

    /// An EU DCC's compressed payload is not a valid zlib stream (SPEC.md §15).
    BadZlib = "bad_zlib", Format;
    /// An EU DCC's payload inflates beyond the decompressed-size cap: refused while inflating.
    DecompressedTooLarge = "decompressed_too_large", Format;
    /// An EU DCC's payload breaks the rules of the schema version it declares, or declares an unsupported one.
    BadDcc = "bad_dcc", Format;
    /// No document-signer certificate in the DCC trust list has the DCC's kid.
    UnknownDccKid = "unknown_dcc_kid", Signature;
    /// The DCC's document-signer certificate was not valid at the DCC's signing time (iat).
    DscExpired = "dsc_expired", Trust;
    /// The document-signer certificate's extended key usage does not allow this kind of statement.
    DscKeyUsage = "dsc_key_usage", Trust;
    /// A signed DSC list (`VN1D:`, list type 6) is malformed, or not signed by the root or the announced next root; or none is held.
    BadDscList = "bad_dsc_list", Trust;
    /// A signed DSC list is older (lower sequence) than the one held or the floor, or conflicts with it.
    DscListRollback = "dsc_list_rollback", Trust;
    /// This build of qrpass has no EU DCC support (core feature `dcc` off): a DSC list was refused, not kept.
    DccUnsupported = "dcc_unsupported", Format;
}

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::str::FromStr for ErrorCode {
    type Err = Error;

    /// Parses a code's string (`invalid_argument` for an unknown one).
    fn from_str(code: &str) -> Result<ErrorCode> {
        ErrorCode::from_code(code)
            .ok_or_else(|| Error::new(ErrorCode::InvalidArgument, "unknown error code"))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A qrpass failure: a stable [`ErrorCode`] and a plain-words message.
///
/// ```
/// use qrpass::{ErrorCode, Verifier, TrustStore};
/// let verifier = Verifier::new(TrustStore::default());
/// let err = verifier.verify("hello").unwrap_err();
/// assert_eq!(err.code(), ErrorCode::BadPrefix);
/// assert_eq!(err.code().as_str(), "bad_prefix");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: String,
}

impl Error {
    /// Makes an error with a code and a message in plain words.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
        }
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message, in plain words, without the code.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code.as_str())
    }
}

impl std::error::Error for Error {}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Builds an [`Error`] from a code and a `format!` message.
macro_rules! err {
    ($code:ident, $($arg:tt)*) => {
        $crate::error::Error::new($crate::error::ErrorCode::$code, format!($($arg)*))
    };
}
pub(crate) use err;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case_and_round_trip() {
        let mut seen = HashSet::new();
        for &code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            assert_eq!(ErrorCode::from_code(s), Some(code));
        }
        assert_eq!(ErrorCode::from_code("no_such_code"), None);
    }

    #[test]
    fn display_names_message_and_code() {
        let e = Error::new(ErrorCode::Expired, "the pass expired");
        assert_eq!(e.to_string(), "the pass expired (expired)");
        assert_eq!(e.code().family(), ErrorFamily::Time);
        assert_eq!(e.message(), "the pass expired");
    }
}
