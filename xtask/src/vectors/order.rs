//! Vectors pinning the order of the checks and the code each one gives
//! (SPEC.md §8): which envelope check runs first, a zero-length or empty-map
//! protected header, the payload's strictness only after the signature, and
//! the codes of a short signature, a protected header that is not a map,
//! `crit` without `alg`, a two-byte simple value, an issuer outside its pattern,
//! a pass claim that is not a map, and floats.

use ciborium::value::Value;
use qrpass::internal::{cbor, claims as wire_claims, text};
use qrpass::{Error, ErrorCode::*, PassKind};
use qrpass_testkit::{store, trusted, vector_key};

use super::claims::{edit, edit_pass, Signed};
use super::{int, Base, Builder};

/// Appends a CBOR head (major type, argument) in its shortest form.
fn head(out: &mut Vec<u8>, major: u8, arg: u64) {
    let m = major << 5;
    match arg {
        0..=23 => out.push(m | arg as u8),
        24..=0xff => out.extend([m | 24, arg as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend((arg as u16).to_be_bytes());
        }
        _ => {
            out.push(m | 26);
            out.extend((arg as u32).to_be_bytes());
        }
    }
}

fn bstr(out: &mut Vec<u8>, bytes: &[u8]) {
    head(out, 2, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// A tagged COSE_Sign1 written byte by byte: `protected` as the header bytes,
/// `unprotected` as an encoded map, `payload` (None: nil), signed by VN-SG over
/// the Sig_structure, the signature cut to `sig_len` bytes.
pub(super) fn raw_sign1(
    base: &Base,
    protected: &[u8],
    unprotected: &[u8],
    payload: Option<&[u8]>,
    sig_len: usize,
) -> Vec<u8> {
    let mut tbs = vec![0x84];
    head(&mut tbs, 3, 10);
    tbs.extend_from_slice(b"Signature1");
    bstr(&mut tbs, protected);
    bstr(&mut tbs, b"");
    bstr(&mut tbs, payload.unwrap_or_default());
    let mut sig = base.sg.sign(&tbs).to_vec();
    sig.resize(sig_len, 0);
    let mut out = vec![0xd2, 0x84];
    bstr(&mut out, protected);
    out.extend_from_slice(unprotected);
    match payload {
        Some(p) => bstr(&mut out, p),
        None => out.push(0xf6),
    }
    bstr(&mut out, &sig);
    out
}

/// The protected header `{1: alg, 4: kid}` of VN-SG, encoded, with `extra` pairs after.
fn protected(base: &Base, alg: Option<i64>, extra: &[(i64, Value)]) -> Vec<u8> {
    let mut m = Vec::new();
    if let Some(a) = alg {
        m.push((int(1), int(a)));
    }
    m.extend(extra.iter().cloned().map(|(k, v)| (int(k), v)));
    m.push((int(4), Value::Bytes(base.sg.public_key().kid().0.to_vec())));
    m.sort_by_key(|(k, _)| cbor::encode(k));
    cbor::encode(&Value::Map(m))
}

/// Adds the order vectors, then [`add_codes`].
pub fn add(b: &mut Builder, base: &Base) -> Result<(), Error> {
    let good_p = protected(base, Some(-8), &[]);
    let claims = base.claims_bytes.as_slice();
    let kid_map = cbor::encode(&Value::Map(vec![(
        int(4),
        Value::Bytes(base.sg.public_key().kid().0.to_vec()),
    )]));
    let es256 = protected(base, Some(-7), &[]);
    let vn1 = |bytes: Vec<u8>| text::encode(&bytes);
    b.add(
        "order_unprotected_before_protected",
        "a kid in the unprotected header and alg ES256 in the protected: the unprotected header is checked first",
        vn1(raw_sign1(base, &es256, &kid_map, Some(claims), 64)),
        Err(UnprotectedHeader),
    );
    b.add(
        "order_protected_before_detached",
        "alg ES256 and a nil payload: the protected header is checked before the payload",
        vn1(raw_sign1(base, &es256, &[0xa0], None, 64)),
        Err(UnsupportedAlg),
    );
    b.add(
        "order_detached_before_signature_length",
        "a nil payload and a 63-byte signature: both bad_cose, the payload named first",
        vn1(raw_sign1(base, &good_p, &[0xa0], None, 63)),
        Err(BadCose),
    );
    b.add(
        "protected_header_empty_map",
        "the protected header is the encoded empty map h'a0': no alg",
        vn1(raw_sign1(base, &[0xa0], &[0xa0], Some(claims), 64)),
        Err(UnsupportedAlg),
    );
    let mut dup = base.claims_bytes.clone();
    dup[0] += 1;
    dup.extend_from_slice(&cbor::encode(&int(1)));
    dup.extend_from_slice(&cbor::encode(&Value::Text("VN-HN".into())));
    let mut dup_cose = raw_sign1(base, &good_p, &[0xa0], Some(&dup), 64);
    let last = dup_cose.len() - 1;
    dup_cose[last] ^= 1;
    b.add(
        "order_signature_before_payload",
        "claims with a duplicate key and a flipped signature bit: the signature is checked before the payload's CBOR",
        vn1(dup_cose),
        Err(BadSignature),
    );
    b.add(
        "order_key_before_payload",
        "claims with a duplicate key under a kid the verifier does not trust",
        vn1(raw_sign1(base, &good_p, &[0xa0], Some(&dup), 64)),
        Err(UnknownKey),
    )
    .trust = store(vec![trusted(&vector_key("VN-HN"), "VN-HN", PassKind::ALL)]);
    add_codes(b, base)
}

/// Adds one vector for each code the issue found ambiguous.
fn add_codes(b: &mut Builder, base: &Base) -> Result<(), Error> {
    let good_p = protected(base, Some(-8), &[]);
    let claims = base.claims_bytes.as_slice();
    let vn1 = |bytes: Vec<u8>| text::encode(&bytes);
    b.add(
        "signature_63_bytes",
        "a 63-byte signature: the envelope's structure, not a failed signature",
        vn1(raw_sign1(base, &good_p, &[0xa0], Some(claims), 63)),
        Err(BadCose),
    );
    b.add(
        "protected_header_not_a_map",
        "the protected header bytes are the integer 1",
        vn1(raw_sign1(base, &[0x01], &[0xa0], Some(claims), 64)),
        Err(BadHeader),
    );
    let crit = protected(base, None, &[(2, Value::Array(vec![int(4)]))]);
    b.add(
        "crit_without_alg",
        "crit and kid, no alg: the alg check comes first",
        vn1(raw_sign1(base, &crit, &[0xa0], Some(claims), 64)),
        Err(UnsupportedAlg),
    );
    let mut c = Signed { b, base };
    c.add(
        "simple_value_two_bytes",
        "pass extension key 100 holds f8 18 (simple value 24 in two bytes): not well-formed CBOR",
        splice_ext(base, &[0xf8, 0x18])?,
        BadCbor,
    );
    c.add(
        "issuer_outside_pattern",
        "iss is `vn-sg`, outside [A-Z0-9-]{2,32}",
        edit(base, &|m| m[0].1 = Value::Text("vn-sg".into()))?,
        BadClaims,
    );
    c.add(
        "pass_not_a_map",
        "the pass claim is an array",
        edit(base, &|m| {
            for (k, v) in m.iter_mut() {
                if k == &int(wire_claims::CLAIM_PASS) {
                    *v = Value::Array(vec![int(1)]);
                }
            }
        })?,
        BadPass,
    );
    c.add(
        "float_time",
        "exp is the float 1631725199.0",
        edit(base, &|m| {
            for (k, v) in m.iter_mut() {
                if k == &int(4) {
                    *v = Value::Float(1_631_725_199.0);
                }
            }
        })?,
        BadClaims,
    );
    let float = splice_ext(base, &[0xfb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0])?;
    let cose = raw_sign1(base, &good_p, &[0xa0], Some(&float), 64);
    c.b.add(
        "float_not_shortest_ignored",
        "pass extension key 100 holds 1.0 as a 64-bit float: floats have no shortest-form rule",
        text::encode(&cose),
        Ok(()),
    );
    Ok(())
}

/// The permit's claims with pass key 100 holding the raw CBOR item `item`.
///
/// Written by replacing a placeholder text, so items ciborium would re-encode
/// (floats, odd simple values) reach the wire exactly.
pub(super) fn splice_ext(base: &Base, item: &[u8]) -> Result<Vec<u8>, Error> {
    const MARK: &str = "@@extension-placeholder@@";
    let bytes = edit_pass(base, &|p| p.push((int(100), Value::Text(MARK.into()))))?;
    let mut marked = Vec::new();
    head(&mut marked, 3, MARK.len() as u64);
    marked.extend_from_slice(MARK.as_bytes());
    let at = bytes
        .windows(marked.len())
        .position(|w| w == marked.as_slice())
        .unwrap_or(bytes.len());
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(item);
    out.extend_from_slice(bytes.get(at + marked.len()..).unwrap_or_default());
    Ok(out)
}
