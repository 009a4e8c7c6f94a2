//! Exhaustive tampering of one typical token (`spec/vectors/permit_typical.json`):
//! every single-bit flip and every truncation of its COSE bytes, and every
//! single-character substitution of its text, must fail verification with the
//! code that the pipeline order (SPEC.md §8) predicts — never a panic, never
//! an acceptance. The counts are asserted, so the test cannot silently shrink.
//!
//! Layout of the token's 203 COSE bytes (checked below, byte by byte):
//!
//! ```text
//! d2                       tag 18 (COSE_Sign1)
//! 84                       array(4)
//! 4d                       bstr(13): protected header
//!    a2 01 27 04 48        {1: -8 (EdDSA), 4: bstr(8) ...
//!    <8 bytes>             ... kid}
//! a0                       {}: unprotected header
//! 58 76                    bstr(118): payload
//!    <118 bytes>           CWT claims
//! 58 40                    bstr(64): signature
//!    <64 bytes>            Ed25519 signature
//! ```
//!
//! Which code each region must give follows from the pipeline order: the
//! envelope is checked before the key lookup (header bytes: a `format` code),
//! the key is looked up by kid before the signature is checked (kid bytes:
//! `unknown_key`), and the signature is checked before the payload is read
//! (payload and signature bytes: `bad_signature`).

use std::ops::Range;

use qrpass::internal::text;
use qrpass::{ErrorCode, ErrorFamily, Timestamp, TrustStore, Verifier};

const BASE45: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

struct Fixture {
    text: String,
    cose: Vec<u8>,
    verifier: Verifier,
    at: Timestamp,
    kid: Range<usize>,
    payload: Range<usize>,
    signature: Range<usize>,
}

fn fixture() -> Fixture {
    let body = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/vectors/permit_typical.json"
    ))
    .expect("spec/vectors/permit_typical.json");
    let json: serde_json::Value = serde_json::from_str(&body).expect("vector JSON");
    let text = json["text"].as_str().expect("text").to_string();
    let trust = TrustStore::from_json(&json["trust"].to_string()).expect("vector trust");
    let at = Timestamp::parse_rfc3339(json["at"].as_str().expect("at")).expect("time");
    let verifier = Verifier::new(trust);
    verifier
        .verify_at(&text, at)
        .expect("the untampered token verifies");

    let cose = text::decode(&text).expect("Base45");
    assert_eq!(cose.len(), 203);
    assert_eq!(
        cose[..8],
        [0xd2, 0x84, 0x4d, 0xa2, 0x01, 0x27, 0x04, 0x48],
        "envelope and protected header"
    );
    assert_eq!(
        cose[8..16],
        hex::decode("4796ea29c204c141").expect("hex")[..],
        "kid"
    );
    assert_eq!(
        cose[16..19],
        [0xa0, 0x58, 0x76],
        "empty unprotected header, payload bstr(118)"
    );
    assert_eq!(cose[137..139], [0x58, 0x40], "signature bstr(64)");
    Fixture {
        text,
        cose,
        verifier,
        at,
        kid: 8..16,
        payload: 19..137,
        signature: 139..203,
    }
}

/// The code the pipeline order predicts when exactly the bytes in `changed` differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Only signature or payload content changed.
    BadSignature,
    /// Only kid bytes changed.
    UnknownKey,
    /// A structural byte (tag, heads, header map) changed: some `format` code.
    Format,
}

impl Fixture {
    fn expect(&self, changed: &[usize]) -> Expect {
        let in_any = |r: &Range<usize>, i: &usize| r.contains(i);
        if changed
            .iter()
            .all(|i| in_any(&self.payload, i) || in_any(&self.signature, i))
        {
            Expect::BadSignature
        } else if changed.iter().all(|i| in_any(&self.kid, i)) {
            Expect::UnknownKey
        } else {
            Expect::Format
        }
    }

    fn verify_code(&self, token: &str) -> ErrorCode {
        let e = self
            .verifier
            .verify_at(token, self.at)
            .expect_err("a tampered token was ACCEPTED");
        assert!(!e.message().is_empty());
        e.code()
    }

    fn check(&self, changed: &[usize], code: ErrorCode, what: &str) -> Expect {
        let expect = self.expect(changed);
        match expect {
            Expect::BadSignature => assert_eq!(code, ErrorCode::BadSignature, "{what}"),
            Expect::UnknownKey => assert_eq!(code, ErrorCode::UnknownKey, "{what}"),
            Expect::Format => assert_eq!(code.family(), ErrorFamily::Format, "{what}: {code}"),
        }
        expect
    }
}

#[test]
fn every_bit_flip_of_the_cose_bytes_fails_with_the_predicted_code() {
    let f = fixture();
    let (mut total, mut bad_signature, mut unknown_key, mut format) = (0, 0, 0, 0);
    for i in 0..f.cose.len() {
        for bit in 0..8 {
            let mut m = f.cose.clone();
            m[i] ^= 1 << bit;
            let code = f.verify_code(&text::encode(&m));
            match f.check(&[i], code, &format!("bit {bit} of byte {i}")) {
                Expect::BadSignature => bad_signature += 1,
                Expect::UnknownKey => unknown_key += 1,
                Expect::Format => format += 1,
            }
            total += 1;
        }
    }
    assert_eq!(total, 203 * 8);
    assert_eq!(bad_signature, (118 + 64) * 8);
    assert_eq!(unknown_key, 8 * 8);
    assert_eq!(format, (203 - 118 - 64 - 8) * 8);
}

#[test]
fn every_truncation_of_the_cose_bytes_is_bad_cbor() {
    let f = fixture();
    let mut total = 0;
    for len in 0..f.cose.len() {
        let code = f.verify_code(&text::encode(&f.cose[..len]));
        // The top-level item always declares more than a strict prefix holds.
        assert_eq!(code, ErrorCode::BadCbor, "truncated to {len} bytes");
        total += 1;
    }
    assert_eq!(total, 203);
}

#[test]
fn every_single_character_substitution_of_the_text_fails() {
    let f = fixture();
    assert_eq!(f.text.len(), 309);
    let alphabet: Vec<char> = BASE45.chars().collect();
    assert_eq!(alphabet.len(), 45);
    let chars: Vec<char> = f.text.chars().collect();
    let (mut total, mut prefix, mut base45, mut predicted) = (0, 0, 0, 0);
    for (pos, &original) in chars.iter().enumerate() {
        for &c in alphabet.iter().filter(|&&c| c != original) {
            let mut m = chars.clone();
            m[pos] = c;
            let token: String = m.iter().collect();
            let code = f.verify_code(&token);
            total += 1;
            if pos < 4 {
                // "VN1:" with one character changed.
                assert_eq!(code, ErrorCode::BadPrefix, "{token}");
                prefix += 1;
                continue;
            }
            match text::decode(&token) {
                Err(e) => {
                    // A group above 65535 or a final pair above 255.
                    assert_eq!(e.code(), ErrorCode::BadBase45);
                    assert_eq!(code, ErrorCode::BadBase45, "{token}");
                    base45 += 1;
                }
                Ok(bytes) => {
                    assert_eq!(bytes.len(), f.cose.len(), "a substitution keeps the length");
                    let changed: Vec<usize> = (0..bytes.len())
                        .filter(|&i| bytes[i] != f.cose[i])
                        .collect();
                    assert!(
                        !changed.is_empty(),
                        "Base45 is one-to-one: position {pos}, {c:?}"
                    );
                    // One character lies in one 3-character group: at most 2 bytes change.
                    assert!(changed.len() <= 2 && changed[changed.len() - 1] - changed[0] <= 1);
                    f.check(&changed, code, &format!("{c:?} at position {pos}"));
                    predicted += 1;
                }
            }
        }
    }
    assert_eq!(total, 309 * 44);
    assert_eq!(prefix, 4 * 44);
    assert_eq!(prefix + base45 + predicted, total);
    // 1,307 substitutions make a group above 65,535 (or a final pair above
    // 255); the other 12,113 decode, and then fail where the changed bytes say.
    assert_eq!((base45, predicted), (1_307, 12_113));
}

#[test]
fn inserting_one_byte_fails_with_a_format_code() {
    let f = fixture();
    let mut total = 0;
    // One extra byte (all 256 values) before the envelope, inside the payload
    // (which shifts every later item), and after the end.
    for at in [0, f.payload.start + 10, f.cose.len()] {
        for b in 0..=255u8 {
            let mut m = f.cose.clone();
            m.insert(at, b);
            let code = f.verify_code(&text::encode(&m));
            if at == f.cose.len() {
                // A complete item followed by one byte.
                assert_eq!(code, ErrorCode::TrailingBytes, "appended {b:#04x}");
            } else {
                assert_eq!(
                    code.family(),
                    ErrorFamily::Format,
                    "{b:#04x} inserted at {at}: {code}"
                );
            }
            total += 1;
        }
    }
    assert_eq!(total, 3 * 256);
}
