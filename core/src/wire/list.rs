//! The envelope of signed lists: trust lists ([`crate::trust::TrustList`]) and
//! revocation lists ([`crate::revocation::RevocationList`]).
//!
//! A signed list is a COSE_Sign1 held to exactly the rules of a token's envelope
//! (tag 18, EdDSA, kid in the protected header, empty unprotected header, strict
//! CBOR), whose payload is a CBOR map starting with the list type at key 0, the
//! sequence number at 1, the issue time at 2 and the next-update time at 3
//! (spec/TRUST.md). It travels as the binary COSE bytes, or as text: a prefix
//! (`VN1T:` for trust lists, `VN1R:` for revocation lists) and Base45.
//!
//! Opening a list borrows the input and copies it once, into the Sig_structure the
//! signature covers; the caller then reads the payload in place from that buffer.

use std::borrow::Cow;
use std::ops::Range;

use crate::error::{Error, ErrorCode, Result};
use crate::keys::{PrivateKey, PublicKey};
use crate::list_info::ListInfo;
use crate::wire::cbor::MapReader;
use crate::wire::cose;

/// Text prefix of a trust list.
pub const TRUST_LIST_PREFIX: &str = "VN1T:";
/// Text prefix of a revocation list (full or delta).
pub const REVOCATION_LIST_PREFIX: &str = "VN1R:";
/// Text prefix of a signed checkpoint policy.
pub const POLICY_PREFIX: &str = "VN1P:";
/// Text prefix of a signed DSC list (EU DCC document signers, list type 6).
pub const DSC_LIST_PREFIX: &str = "VN1D:";

/// Payload key 0: the list type.
pub const KEY_TYPE: i64 = 0;
/// Payload key 1: the sequence number.
pub const KEY_SEQUENCE: i64 = 1;
/// Payload key 2: the issue time (NumericDate).
pub const KEY_ISSUED_AT: i64 = 2;
/// Payload key 3: the next-update time (NumericDate).
pub const KEY_NEXT_UPDATE: i64 = 3;

/// List type 1: a trust list.
pub const TYPE_TRUST_LIST: u64 = 1;
/// List type 2: a full revocation list.
pub const TYPE_REVOCATION_LIST: u64 = 2;
/// List type 3: a revocation delta (changes from a base sequence).
pub const TYPE_REVOCATION_DELTA: u64 = 3;
/// List type 4: a signed checkpoint policy.
pub const TYPE_POLICY: u64 = 4;
/// List type 6: a signed DSC list (type 5 is the publication index).
pub const TYPE_DSC_LIST: u64 = 6;

/// Reads the header every list payload starts with (spec/TRUST.md §9): the list
/// type, which must be `expected` (`what` names it in the error, under `code`),
/// then the sequence, the issue time and the next update. Their order is checked
/// by the caller ([`ListInfo::check`]).
pub(crate) fn read_header(
    m: &mut MapReader,
    expected: u64,
    what: &str,
    code: ErrorCode,
) -> Result<ListInfo> {
    let kind = m.uint(KEY_TYPE)?;
    if kind != expected {
        return Err(Error::new(
            code,
            format!("the payload is list type {kind}, not {what} ({expected})"),
        ));
    }
    Ok(ListInfo {
        sequence: m.uint(KEY_SEQUENCE)?,
        issued_at: m.timestamp(KEY_ISSUED_AT)?,
        next_update: m.timestamp(KEY_NEXT_UPDATE)?,
    })
}

/// The binary envelope of a list file: the bytes as they are, or decoded from
/// `prefix` + Base45 text (a trailing line ending is ignored). Errors carry `code`.
pub fn file_bytes<'a>(file: &'a [u8], prefix: &str, code: ErrorCode) -> Result<Cow<'a, [u8]>> {
    if let Some(body) = file.strip_prefix(prefix.as_bytes()) {
        let body = std::str::from_utf8(body)
            .map_err(|_| Error::new(code, format!("the {prefix} text is not ASCII")))?;
        let body = super::text::trim_token(body);
        // Strict Base45 has one text per byte string: nothing else decodes.
        let bytes = super::base45::decode(body)
            .map_err(|e| Error::new(code, format!("the {prefix} text is not Base45: {e}")))?;
        return Ok(Cow::Owned(bytes));
    }
    match file.first() {
        Some(0xd2) => Ok(Cow::Borrowed(file)),
        Some(_) => Err(Error::new(
            code,
            format!("the file is neither a binary signed list (COSE_Sign1) nor {prefix} text"),
        )),
        None => Err(Error::new(code, "the list file is empty")),
    }
}

/// The text form of a signed list: `prefix` + Base45 of the envelope.
pub fn to_text(envelope: &[u8], prefix: &str) -> String {
    format!("{prefix}{}", super::base45::encode(envelope))
}

/// Signs a list payload: the same COSE_Sign1 as a token's, kid of `key` protected.
pub fn sign(key: &PrivateKey, payload: Vec<u8>) -> Vec<u8> {
    cose::sign(key, payload)
}

/// A list envelope whose signature verified.
#[derive(Debug)]
pub(crate) struct Opened {
    /// The key that signed it.
    pub signer: PublicKey,
    /// The signature: with Ed25519 it identifies the signed content and signer.
    pub signature: [u8; 64],
    /// The Sig_structure; the payload lies at `payload` inside it.
    pub tbs: Vec<u8>,
    /// Where the payload lies in `tbs`.
    pub payload: Range<usize>,
}

impl Opened {
    /// The payload bytes.
    pub fn payload(&self) -> &[u8] {
        self.tbs.get(self.payload.clone()).unwrap_or_default()
    }
}

/// Parses a list envelope strictly and verifies it under one of `signers`.
///
/// Every failure, of the envelope or the signature, carries `code`; `what` names
/// the list and `who` the expected signers in messages.
pub(crate) fn open(
    bytes: &[u8],
    signers: &[PublicKey],
    code: ErrorCode,
    what: &str,
    who: &str,
) -> Result<Opened> {
    let sign1 = cose::parse_ref(bytes)
        .map_err(|e| Error::new(code, format!("{what}: {} ({})", e.message(), e.code())))?;
    let candidates: Vec<&PublicKey> = signers.iter().filter(|k| k.kid() == sign1.kid).collect();
    if candidates.is_empty() {
        return Err(Error::new(
            code,
            format!("{what} is signed by key {}, which is not {who}", sign1.kid),
        ));
    }
    let signature: [u8; 64] = sign1
        .signature
        .try_into()
        .map_err(|_| Error::new(code, format!("{what}: the signature is not 64 bytes")))?;
    let (tbs, offset) = sign1.to_be_signed();
    let signer = candidates
        .into_iter()
        .find(|k| k.verify_strict(&tbs, &signature))
        .copied()
        .ok_or_else(|| {
            Error::new(
                code,
                format!(
                    "{what}: the signature does not verify under key {}",
                    sign1.kid
                ),
            )
        })?;
    let payload = offset..tbs.len();
    Ok(Opened {
        signer,
        signature,
        tbs,
        payload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_round_trips_and_rejects_altered_text() {
        let key = PrivateKey::from_seed(&[9; 32]);
        let env = sign(&key, vec![0xa0]);
        let text = to_text(&env, TRUST_LIST_PREFIX);
        let code = ErrorCode::BadTrustList;
        assert_eq!(
            file_bytes(text.as_bytes(), TRUST_LIST_PREFIX, code).as_deref(),
            Ok(&env[..])
        );
        assert_eq!(
            file_bytes(format!("{text}\r\n").as_bytes(), TRUST_LIST_PREFIX, code).as_deref(),
            Ok(&env[..])
        );
        assert_eq!(
            file_bytes(&env, TRUST_LIST_PREFIX, code).as_deref(),
            Ok(&env[..])
        );
        let bad = [
            format!("{text}GG"),                     // a final pair above 255
            format!("{}x", &text[..text.len() - 1]), // lower case
            text.replace(TRUST_LIST_PREFIX, REVOCATION_LIST_PREFIX),
            String::new(),
            "{\"keys\": []}".into(),
        ];
        for b in bad {
            assert_eq!(
                file_bytes(b.as_bytes(), TRUST_LIST_PREFIX, code).map_err(|e| e.code()),
                Err(code),
                "{b}"
            );
        }
        assert_eq!(
            file_bytes(b"VN1T:\xff", TRUST_LIST_PREFIX, code).map_err(|e| e.code()),
            Err(code)
        );
    }

    #[test]
    fn open_checks_signer_and_signature_with_the_list_code() {
        let key = PrivateKey::from_seed(&[9; 32]);
        let other = PrivateKey::from_seed(&[8; 32]).public_key();
        let env = sign(&key, vec![0xa1, 0x00, 0x01]);
        let opened = open(
            &env,
            &[other, key.public_key()],
            ErrorCode::BadRevocationList,
            "list",
            "the root",
        )
        .expect("opens");
        assert_eq!(opened.payload(), &[0xa1, 0x00, 0x01]);
        assert_eq!(opened.signer, key.public_key());
        let code = |bytes: &[u8], signers: &[PublicKey]| {
            open(
                bytes,
                signers,
                ErrorCode::BadRevocationList,
                "list",
                "the root",
            )
            .map(|_| ())
            .map_err(|e| e.code())
        };
        assert_eq!(code(&env, &[other]), Err(ErrorCode::BadRevocationList));
        let mut flipped = env.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(
            code(&flipped, &[key.public_key()]),
            Err(ErrorCode::BadRevocationList)
        );
        assert_eq!(
            code(&env[..env.len() - 1], &[key.public_key()]),
            Err(ErrorCode::BadRevocationList)
        );
        // A 63-byte signature: re-encode the last element.
        let mut short = env[..env.len() - 66].to_vec();
        short.extend_from_slice(&[0x58, 63]);
        short.extend_from_slice(&[0; 63]);
        assert_eq!(
            code(&short, &[key.public_key()]),
            Err(ErrorCode::BadRevocationList)
        );
    }
}
