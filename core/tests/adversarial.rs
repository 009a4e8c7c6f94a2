//! Adversarial CBOR and COSE, table-driven, built byte by byte.
//!
//! Every case is a complete COSE_Sign1 (or an attempt at one) assembled from
//! annotated pieces, wrapped as `VN1:` text and verified; each row states the
//! exact code expected. Where the check under test happens after the signature
//! (claims, pass map), the case is signed with the trusted key, so the code
//! comes from that check and not from `bad_signature`.
//!
//! The hand-built valid token is first shown to be byte-identical to what
//! [`Issuer`] produces, so every row differs from a real token only where it says.

use qrpass::internal::{cose, list, strict, text};
use qrpass::trust::TrustList;
use qrpass::{
    inspect, ErrorCode, Issuer, Pass, PassKind, PrivateKey, RevocationList, SignedRevocation,
    SignedTrustList, Timestamp, TrustStore, TrustedKey, Verifier,
};

// ---------------------------------------------------------------------------
// A tiny CBOR writer: every byte of every case is visible in this file.

/// The head of an item: major type and argument, shortest form (RFC 8949 §3).
fn head(major: u8, arg: u64) -> Vec<u8> {
    let m = major << 5;
    match arg {
        0..=23 => vec![m | arg as u8],
        24..=0xff => vec![m | 24, arg as u8],
        0x100..=0xffff => [vec![m | 25], (arg as u16).to_be_bytes().to_vec()].concat(),
        0x1_0000..=0xffff_ffff => [vec![m | 26], (arg as u32).to_be_bytes().to_vec()].concat(),
        _ => [vec![m | 27], arg.to_be_bytes().to_vec()].concat(),
    }
}
fn uint(n: u64) -> Vec<u8> {
    head(0, n)
}
/// The negative integer `-1 - n`.
fn nint(n: u64) -> Vec<u8> {
    head(1, n)
}
fn bstr(b: &[u8]) -> Vec<u8> {
    [head(2, b.len() as u64), b.to_vec()].concat()
}
fn tstr(s: &str) -> Vec<u8> {
    [head(3, s.len() as u64), s.as_bytes().to_vec()].concat()
}
fn array(items: &[Vec<u8>]) -> Vec<u8> {
    [head(4, items.len() as u64), items.concat()].concat()
}
fn map(pairs: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = head(5, pairs.len() as u64);
    for (k, v) in pairs {
        out.extend_from_slice(k);
        out.extend_from_slice(v);
    }
    out
}
fn tag(t: u64, item: Vec<u8>) -> Vec<u8> {
    [head(6, t), item].concat()
}
/// An RFC 8943 date: `100(days)`.
fn date(days: i64) -> Vec<u8> {
    tag(
        100,
        if days >= 0 {
            uint(days as u64)
        } else {
            nint((-1 - days) as u64)
        },
    )
}
fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}
/// `n` levels of one-element arrays around `0`.
fn nested_arrays(n: usize) -> Vec<u8> {
    [vec![0x81; n], vec![0x00]].concat()
}

// ---------------------------------------------------------------------------
// The fixture: one trusted key, one typical permit.

const ISS: &str = "VN-SG";
/// 2021-09-01T00:00:00+07:00.
const IAT: u64 = 1_630_429_200;
/// 2021-09-15T23:59:59+07:00.
const EXP: u64 = 1_631_725_199;
const CTI: &[u8] = b"adversarial";

fn key() -> PrivateKey {
    PrivateKey::from_seed(&[0x5a; 32])
}
fn kid() -> Vec<u8> {
    key().public_key().kid().0.to_vec()
}
fn now() -> Timestamp {
    Timestamp(IAT as i64 + 3600)
}
fn verifier() -> Verifier {
    let mut trust = TrustStore::default();
    trust
        .add(TrustedKey::new(
            key().public_key(),
            ISS,
            PassKind::ALL,
            Timestamp(1_609_434_000),
        ))
        .expect("key");
    Verifier::new(trust)
}

/// `{1: "Nguyễn Văn An", 2: 1 (cccd), 3: "079201001234"}`
fn person() -> Vec<u8> {
    map(&[
        (uint(1), tstr("Nguyễn Văn An")),
        (uint(2), uint(1)),
        (uint(3), tstr("079201001234")),
    ])
}
/// The permit map with `extra` pairs appended: `{0: 1, 1: number, 2: person, 4: 1 (work), 6: ["79.760"], ...}`.
fn permit_with(extra: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut pairs = vec![
        (uint(0), uint(1)),
        (uint(1), tstr("HCM-2021-004217")),
        (uint(2), person()),
        (uint(4), uint(1)),
        (uint(6), array(&[tstr("79.760")])),
    ];
    pairs.extend_from_slice(extra);
    map(&pairs)
}
fn permit() -> Vec<u8> {
    permit_with(&[])
}
/// The claims with `pass` as claim -65537: `{1: iss, 4: exp, 6: iat, 7: cti, -65537: pass}`.
fn claims_with_pass(pass: Vec<u8>) -> Vec<u8> {
    map(&[
        (uint(1), tstr(ISS)),
        (uint(4), uint(EXP)),
        (uint(6), uint(IAT)),
        (uint(7), bstr(CTI)),
        (nint(65_536), pass),
    ])
}
fn claims() -> Vec<u8> {
    claims_with_pass(permit())
}
/// Claims built from raw pairs (for cases that change a claim).
fn claims_pairs(pairs: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    map(pairs)
}
fn iss() -> (Vec<u8>, Vec<u8>) {
    (uint(1), tstr(ISS))
}
fn exp() -> (Vec<u8>, Vec<u8>) {
    (uint(4), uint(EXP))
}
fn iat() -> (Vec<u8>, Vec<u8>) {
    (uint(6), uint(IAT))
}
fn cti() -> (Vec<u8>, Vec<u8>) {
    (uint(7), bstr(CTI))
}
fn pass() -> (Vec<u8>, Vec<u8>) {
    (nint(65_536), permit())
}

/// The protected header map `{1: -8 (EdDSA), 4: kid}` (its bytes, before the bstr wrapping).
fn protected_map() -> Vec<u8> {
    map(&[(uint(1), nint(7)), (uint(4), bstr(&kid()))])
}

/// `["Signature1", protected, h'', payload]`: what the signature covers.
fn sig_structure(protected: &[u8], payload: &[u8]) -> Vec<u8> {
    array(&[
        tstr("Signature1"),
        bstr(protected),
        bstr(b""),
        bstr(payload),
    ])
}

/// A COSE_Sign1 whose signature is valid over the given protected bytes and payload.
fn sign1(protected: &[u8], unprotected: Vec<u8>, payload: &[u8]) -> Vec<u8> {
    let signature = key().sign(&sig_structure(protected, payload));
    tag(
        18,
        array(&[
            bstr(protected),
            unprotected,
            bstr(payload),
            bstr(&signature),
        ]),
    )
}
/// The normal envelope around `payload`, signed.
fn signed(payload: &[u8]) -> Vec<u8> {
    sign1(&protected_map(), map(&[]), payload)
}
/// The four envelope elements (already encoded) under tag 18, in an array of `items`.
fn envelope(items: &[Vec<u8>]) -> Vec<u8> {
    tag(18, array(items))
}
/// Encoded envelope elements of the valid token: protected, unprotected, payload, signature.
fn parts() -> [Vec<u8>; 4] {
    let p = protected_map();
    let payload = claims();
    let signature = key().sign(&sig_structure(&p, &payload));
    [bstr(&p), map(&[]), bstr(&payload), bstr(&signature)]
}
/// The signed envelope with a protected header built from `pairs`.
fn with_protected(pairs: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    sign1(&map(pairs), map(&[]), &claims())
}
fn alg() -> (Vec<u8>, Vec<u8>) {
    (uint(1), nint(7))
}
fn kid_pair() -> (Vec<u8>, Vec<u8>) {
    (uint(4), bstr(&kid()))
}
/// A well-formed COSE_Signature `[h'', {}, bstr(64)]`, as a counter signature value.
fn counter_signature() -> Vec<u8> {
    array(&[bstr(b""), map(&[]), bstr(&[0x11; 64])])
}

fn verify(cose_bytes: &[u8]) -> Result<(), ErrorCode> {
    verifier()
        .verify_at(&text::encode(cose_bytes), now())
        .map(|_| ())
        .map_err(|e| e.code())
}

#[test]
fn the_hand_built_token_is_what_the_issuer_writes() {
    let pass = Pass::from_json(
        r#"{"kind": "permit", "number": "HCM-2021-004217",
            "holder": {"name": "Nguyễn Văn An", "id": {"kind": "cccd", "number": "079201001234"}},
            "purpose": "work", "areas": ["79.760"],
            "validity": {"from": "2021-09-01T00:00:00+07:00", "until": "2021-09-15T23:59:59+07:00"}}"#,
    )
    .expect("pass");
    let issued = Issuer::new(key(), ISS)
        .expect("issuer")
        .issue_with(&pass, Timestamp(IAT as i64), CTI)
        .expect("issue");
    assert_eq!(text::decode(&issued).expect("Base45"), signed(&claims()));
    assert_eq!(envelope(&parts()), signed(&claims()));
    assert_eq!(verify(&signed(&claims())), Ok(()));
}

/// One row: a name, the COSE bytes, the expected result.
type Row = (&'static str, Vec<u8>, Result<(), ErrorCode>);

fn envelope_rows() -> Vec<Row> {
    use ErrorCode::*;
    let [p, u, payload, sig] = parts();
    let kid = kid();
    let max = [0xffu8; 8];
    vec![
        // --- nesting ---------------------------------------------------------
        (
            "1000 nested arrays as the signature",
            envelope(&[p.clone(), u.clone(), payload.clone(), nested_arrays(1000)]),
            Err(NestingTooDeep),
        ),
        (
            "1000 nested tags as the signature",
            envelope(&[
                p.clone(),
                u.clone(),
                payload.clone(),
                [vec![0xc1; 1000], vec![0x40]].concat(),
            ]),
            Err(NestingTooDeep),
        ),
        (
            "20 nested arrays in the unprotected header",
            envelope(&[
                p.clone(),
                map(&[(uint(99), nested_arrays(20))]),
                payload.clone(),
                sig.clone(),
            ]),
            Err(NestingTooDeep),
        ),
        (
            "20 nested arrays inside the protected header",
            with_protected(&[alg(), kid_pair(), (uint(99), nested_arrays(20))]),
            Err(NestingTooDeep),
        ),
        // --- declared lengths far beyond the input ----------------------------
        (
            "signature bstr of 2^32-1 bytes",
            cat(&[
                &[0xd2, 0x84],
                &p,
                &u,
                &payload,
                &[0x5a, 0xff, 0xff, 0xff, 0xff],
                &[0; 64],
            ]),
            Err(BadCbor),
        ),
        (
            "payload bstr of 2^64-1 bytes",
            cat(&[&[0xd2, 0x84], &p, &u, &[0x5b], &max, &[0; 64]]),
            Err(BadCbor),
        ),
        (
            "protected bstr of 2^32-1 bytes",
            cat(&[
                &[0xd2, 0x84, 0x5a, 0xff, 0xff, 0xff, 0xff],
                &protected_map(),
            ]),
            Err(BadCbor),
        ),
        (
            "envelope array of 2^64-1 items",
            cat(&[&[0xd2, 0x9b], &max, &p, &u, &payload, &sig]),
            Err(BadCbor),
        ),
        (
            "unprotected map of 2^64-1 pairs",
            cat(&[&[0xd2, 0x84], &p, &[0xbb], &max, &payload, &sig]),
            Err(BadCbor),
        ),
        (
            "unprotected text of 2^64-1 bytes",
            cat(&[&[0xd2, 0x84], &p, &[0xa1, 0x01, 0x7b], &max, &payload, &sig]),
            Err(BadCbor),
        ),
        (
            "array of 2^32 items in the unprotected header",
            cat(&[
                &[0xd2, 0x84],
                &p,
                &[0xa1, 0x18, 0x63, 0x9a, 0xff, 0xff, 0xff, 0xff],
                &payload,
                &sig,
            ]),
            Err(BadCbor),
        ),
        // --- indefinite lengths ----------------------------------------------
        (
            "indefinite envelope array",
            cat(&[&[0xd2, 0x9f], &p, &u, &payload, &sig, &[0xff]]),
            Err(IndefiniteLength),
        ),
        (
            "indefinite protected bstr",
            cat(&[&[0xd2, 0x84, 0x5f], &p, &[0xff], &u, &payload, &sig]),
            Err(IndefiniteLength),
        ),
        (
            "indefinite unprotected map",
            envelope(&[p.clone(), vec![0xbf, 0xff], payload.clone(), sig.clone()]),
            Err(IndefiniteLength),
        ),
        (
            "indefinite payload bstr",
            cat(&[&[0xd2, 0x84], &p, &u, &[0x5f], &payload, &[0xff], &sig]),
            Err(IndefiniteLength),
        ),
        (
            "indefinite signature bstr",
            cat(&[&[0xd2, 0x84], &p, &u, &payload, &[0x5f], &sig, &[0xff]]),
            Err(IndefiniteLength),
        ),
        // --- duplicate keys --------------------------------------------------
        (
            "kid twice in the unprotected header",
            envelope(&[
                p.clone(),
                map(&[(uint(4), bstr(&kid)), (uint(4), bstr(&kid))]),
                payload.clone(),
                sig.clone(),
            ]),
            Err(DuplicateKey),
        ),
        // --- non-shortest encodings --------------------------------------------
        (
            "tag 18 as d8 12",
            cat(&[&[0xd8, 0x12, 0x84], &p, &u, &payload, &sig]),
            Err(NonCanonicalCbor),
        ),
        (
            "array length 4 as 98 04",
            cat(&[&[0xd2, 0x98, 0x04], &p, &u, &payload, &sig]),
            Err(NonCanonicalCbor),
        ),
        (
            "protected bstr length as 58 0d",
            cat(&[
                &[0xd2, 0x84, 0x58, 0x0d],
                &protected_map(),
                &u,
                &payload,
                &sig,
            ]),
            Err(NonCanonicalCbor),
        ),
        (
            "alg -8 as 38 07 in the protected header",
            sign1(
                &cat(&[&[0xa2, 0x01, 0x38, 0x07, 0x04, 0x48], &kid]),
                map(&[]),
                &claims(),
            ),
            Err(NonCanonicalCbor),
        ),
        (
            "kid length as 58 08 in the protected header",
            sign1(
                &cat(&[&[0xa2, 0x01, 0x27, 0x04, 0x58, 0x08], &kid]),
                map(&[]),
                &claims(),
            ),
            Err(NonCanonicalCbor),
        ),
        // --- tags in the wrong places ----------------------------------------
        ("untagged COSE_Sign1", array(&parts()), Err(BadTag)),
        ("tag 17 (COSE_Mac0)", tag(17, array(&parts())), Err(BadTag)),
        (
            "tag 98 (COSE_Sign) with two signatures",
            tag(
                98,
                array(&[
                    p.clone(),
                    u.clone(),
                    payload.clone(),
                    array(&[
                        array(&[bstr(b""), map(&[]), sig.clone()]),
                        array(&[bstr(b""), map(&[]), sig.clone()]),
                    ]),
                ]),
            ),
            Err(BadTag),
        ),
        (
            "tag 61 (CWT) around tag 18",
            tag(61, envelope(&parts())),
            Err(BadTag),
        ),
        (
            "self-described CBOR tag 55799 around tag 18",
            tag(55_799, envelope(&parts())),
            Err(BadTag),
        ),
        ("tag 18 twice", tag(18, envelope(&parts())), Err(BadCose)),
        (
            "tag 24 on the protected bstr",
            envelope(&[tag(24, p.clone()), u.clone(), payload.clone(), sig.clone()]),
            Err(BadCose),
        ),
        (
            "tag 24 on the payload bstr",
            envelope(&[p.clone(), u.clone(), tag(24, payload.clone()), sig.clone()]),
            Err(BadCose),
        ),
        (
            "tag 2 on the signature",
            envelope(&[p.clone(), u.clone(), payload.clone(), tag(2, sig.clone())]),
            Err(BadCose),
        ),
        // --- structure ---------------------------------------------------------
        (
            "a second signature (five elements)",
            envelope(&[
                p.clone(),
                u.clone(),
                payload.clone(),
                sig.clone(),
                sig.clone(),
            ]),
            Err(BadCose),
        ),
        (
            "three elements",
            envelope(&[p.clone(), u.clone(), payload.clone()]),
            Err(BadCose),
        ),
        (
            "detached (nil) payload",
            envelope(&[p.clone(), u.clone(), vec![0xf6], sig.clone()]),
            Err(BadCose),
        ),
        (
            "payload as text",
            envelope(&[p.clone(), u.clone(), tstr("payload"), sig.clone()]),
            Err(BadCose),
        ),
        (
            "protected header as a map, not a bstr",
            envelope(&[protected_map(), u.clone(), payload.clone(), sig.clone()]),
            Err(BadCose),
        ),
        (
            "unprotected header as an array",
            envelope(&[p.clone(), array(&[]), payload.clone(), sig.clone()]),
            Err(BadCose),
        ),
        (
            "signature as text",
            envelope(&[p.clone(), u.clone(), payload.clone(), tstr("signature")]),
            Err(BadCose),
        ),
        (
            "trailing byte after the envelope",
            cat(&[&envelope(&parts()), &[0x00]]),
            Err(TrailingBytes),
        ),
        // --- headers -----------------------------------------------------------
        (
            "empty protected header (zero-length bstr)",
            sign1(b"", map(&[]), &claims()),
            Err(UnsupportedAlg),
        ),
        (
            "protected header holding an empty map",
            with_protected(&[]),
            Err(UnsupportedAlg),
        ),
        (
            "no alg, kid only",
            with_protected(&[kid_pair()]),
            Err(UnsupportedAlg),
        ),
        (
            "alg ES256 (-7)",
            with_protected(&[(uint(1), nint(6)), kid_pair()]),
            Err(UnsupportedAlg),
        ),
        (
            "alg as text \"EdDSA\"",
            with_protected(&[(uint(1), tstr("EdDSA")), kid_pair()]),
            Err(UnsupportedAlg),
        ),
        (
            "alg as a float (-8.0)",
            with_protected(&[(uint(1), vec![0xf9, 0xc8, 0x00]), kid_pair()]),
            Err(UnsupportedAlg),
        ),
        ("no kid", with_protected(&[alg()]), Err(MissingKid)),
        (
            "kid of 7 bytes",
            with_protected(&[alg(), (uint(4), bstr(&kid[..7]))]),
            Err(MissingKid),
        ),
        (
            "kid of 9 bytes",
            with_protected(&[alg(), (uint(4), bstr(&[kid.clone(), vec![0]].concat()))]),
            Err(MissingKid),
        ),
        (
            "kid as text",
            with_protected(&[alg(), (uint(4), tstr("4796ea29"))]),
            Err(MissingKid),
        ),
        (
            "kid only in the unprotected header",
            sign1(&map(&[alg()]), map(&[kid_pair()]), &claims()),
            Err(UnprotectedHeader),
        ),
        (
            "alg in the unprotected header",
            sign1(&protected_map(), map(&[alg()]), &claims()),
            Err(UnprotectedHeader),
        ),
        (
            "crit [4] in the protected header",
            with_protected(&[alg(), (uint(2), array(&[uint(4)])), kid_pair()]),
            Err(BadHeader),
        ),
        (
            "crit [4] in the unprotected header",
            sign1(
                &protected_map(),
                map(&[(uint(2), array(&[uint(4)]))]),
                &claims(),
            ),
            Err(UnprotectedHeader),
        ),
        (
            "content type in the protected header",
            with_protected(&[alg(), (uint(3), uint(61)), kid_pair()]),
            Err(BadHeader),
        ),
        (
            "IV in the protected header",
            with_protected(&[alg(), kid_pair(), (uint(5), bstr(&[0; 12]))]),
            Err(BadHeader),
        ),
        (
            "counter signature (label 7) in the protected header",
            with_protected(&[alg(), kid_pair(), (uint(7), counter_signature())]),
            Err(BadHeader),
        ),
        (
            "counter signature v2 (label 11) in the protected header",
            with_protected(&[alg(), kid_pair(), (uint(11), counter_signature())]),
            Err(BadHeader),
        ),
        (
            "counter signature0 (label 9) in the protected header",
            with_protected(&[alg(), kid_pair(), (uint(9), bstr(&[0x22; 64]))]),
            Err(BadHeader),
        ),
        (
            "counter signature (label 7) in the unprotected header",
            sign1(
                &protected_map(),
                map(&[(uint(7), counter_signature())]),
                &claims(),
            ),
            Err(UnprotectedHeader),
        ),
        (
            "counter signature v2 (label 11) in the unprotected header",
            sign1(
                &protected_map(),
                map(&[(uint(11), counter_signature())]),
                &claims(),
            ),
            Err(UnprotectedHeader),
        ),
        (
            "a text label in the protected header",
            with_protected(&[alg(), kid_pair(), (tstr("x"), uint(1))]),
            Err(BadHeader),
        ),
        // --- signature ---------------------------------------------------------
        (
            "signature of 63 bytes",
            envelope(&[p.clone(), u.clone(), payload.clone(), bstr(&[0x33; 63])]),
            Err(BadCose), // SPEC.md §8 step 2: the length is structure, checked before any key
        ),
        (
            "signature of 65 bytes",
            envelope(&[p.clone(), u.clone(), payload.clone(), bstr(&[0x33; 65])]),
            Err(BadCose), // SPEC.md §8 step 2: the length is structure, checked before any key
        ),
        (
            "empty signature",
            envelope(&[p.clone(), u.clone(), payload.clone(), bstr(b"")]),
            Err(BadCose),
        ),
        (
            "signed by another key under the trusted kid",
            {
                let other = PrivateKey::from_seed(&[0x66; 32]);
                let s = other.sign(&sig_structure(&protected_map(), &claims()));
                envelope(&[p.clone(), u.clone(), payload.clone(), bstr(&s)])
            },
            Err(BadSignature),
        ),
        (
            "an unknown kid",
            with_protected(&[alg(), (uint(4), bstr(&[0x42; 8]))]),
            Err(UnknownKey),
        ),
        // --- the valid token -------------------------------------------------
        ("the valid token", envelope(&parts()), Ok(())),
    ]
}

fn payload_rows() -> Vec<Row> {
    use ErrorCode::*;
    let p = |pairs: &[(Vec<u8>, Vec<u8>)]| signed(&claims_pairs(pairs));
    let with_pass = |pass: Vec<u8>| signed(&claims_with_pass(pass));
    let max = [0xffu8; 8];
    vec![
        // --- not a claims map ------------------------------------------------
        (
            "payload [1, 2]",
            signed(&array(&[uint(1), uint(2)])),
            Err(BadClaims),
        ),
        ("payload 0", signed(&uint(0)), Err(BadClaims)),
        ("payload null", signed(&[0xf6]), Err(BadClaims)),
        (
            "payload \"claims\"",
            signed(&tstr("claims")),
            Err(BadClaims),
        ),
        ("payload h'' (a bstr)", signed(&bstr(b"")), Err(BadClaims)),
        ("payload of zero bytes", signed(b""), Err(BadCbor)),
        (
            "claims under tag 61",
            signed(&tag(61, claims())),
            Err(BadClaims),
        ),
        (
            "claims with text keys",
            p(&[
                (tstr("iss"), tstr(ISS)),
                (tstr("exp"), uint(EXP)),
                (tstr("iat"), uint(IAT)),
                (tstr("cti"), bstr(CTI)),
                (tstr("pass"), permit()),
            ]),
            Err(BadClaims),
        ),
        (
            "pass map with text keys",
            with_pass(map(&[
                (tstr("kind"), uint(1)),
                (tstr("number"), tstr("HCM-1")),
            ])),
            Err(BadPass),
        ),
        (
            "pass as an array",
            with_pass(array(&[uint(1)])),
            Err(BadPass),
        ),
        // --- strict CBOR inside the signed payload ---------------------------
        (
            "claims map of 2^64-1 pairs",
            signed(&cat(&[&[0xbb], &max, &claims()[1..]])),
            Err(BadCbor),
        ),
        (
            "iss of 2^32 bytes",
            p(&[
                (uint(1), vec![0x7a, 0xff, 0xff, 0xff, 0xff]),
                exp(),
                iat(),
                cti(),
                pass(),
            ]),
            Err(BadCbor),
        ),
        (
            "areas array of 2^32 items",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(6), vec![0x9a, 0xff, 0xff, 0xff, 0xff]),
            ])),
            Err(BadCbor),
        ),
        (
            "indefinite claims map",
            signed(&cat(&[&[0xbf], &claims()[1..], &[0xff]])),
            Err(IndefiniteLength),
        ),
        (
            "indefinite iss text",
            p(&[
                (uint(1), cat(&[&[0x7f], &tstr(ISS), &[0xff]])),
                exp(),
                iat(),
                cti(),
                pass(),
            ]),
            Err(IndefiniteLength),
        ),
        (
            "indefinite areas array",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(6), cat(&[&[0x9f], &tstr("79"), &[0xff]])),
            ])),
            Err(IndefiniteLength),
        ),
        (
            "iss twice (same value)",
            p(&[iss(), iss(), exp(), iat(), cti(), pass()]),
            Err(DuplicateKey),
        ),
        (
            "iss twice (another issuer second)",
            p(&[iss(), exp(), iat(), cti(), pass(), (uint(1), tstr("VN-HN"))]),
            Err(DuplicateKey),
        ),
        (
            "kind twice in the pass map",
            with_pass(permit_with(&[(uint(0), uint(1))])),
            Err(DuplicateKey),
        ),
        (
            "name twice in the holder map",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(2), map(&[(uint(1), tstr("A")), (uint(1), tstr("B"))])),
            ])),
            Err(DuplicateKey),
        ),
        (
            "duplicate text keys in an extension field",
            with_pass(permit_with(&[(
                uint(100),
                map(&[(tstr("a"), uint(1)), (tstr("a"), uint(2))]),
            )])),
            Err(DuplicateKey),
        ),
        (
            "iat as 1b 00000000 612e6f10 (8 bytes)",
            p(&[
                iss(),
                exp(),
                (
                    uint(6),
                    cat(&[&[0x1b, 0, 0, 0, 0], &(IAT as u32).to_be_bytes()]),
                ),
                cti(),
                pass(),
            ]),
            Err(NonCanonicalCbor),
        ),
        (
            "cti length as 58 0b",
            p(&[
                iss(),
                exp(),
                iat(),
                (uint(7), cat(&[&[0x58, 0x0b], CTI])),
                pass(),
            ]),
            Err(NonCanonicalCbor),
        ),
        (
            "purpose 1 as 18 01",
            with_pass(map(&[(uint(0), uint(1)), (uint(4), vec![0x18, 0x01])])),
            Err(NonCanonicalCbor),
        ),
        (
            "false as f8 14",
            with_pass(permit_with(&[(uint(100), vec![0xf8, 0x14])])),
            Err(BadCbor), // RFC 8949 §3.3: not well-formed (SPEC.md §5)
        ),
        (
            "17 nested arrays in an extension claim",
            p(&[
                iss(),
                exp(),
                iat(),
                cti(),
                pass(),
                (nint(65_537), nested_arrays(17)),
            ]),
            Err(NestingTooDeep),
        ),
        (
            "invalid UTF-8 in iss",
            p(&[
                (uint(1), vec![0x62, 0xc3, 0x28]),
                exp(),
                iat(),
                cti(),
                pass(),
            ]),
            Err(BadCbor),
        ),
        (
            "a byte after the claims map",
            signed(&cat(&[&claims(), &[0x00]])),
            Err(TrailingBytes),
        ),
        // --- wrong types in the claims -----------------------------------------
        (
            "iat as a float64",
            p(&[
                iss(),
                exp(),
                (uint(6), cat(&[&[0xfb], &(IAT as f64).to_be_bytes()])),
                cti(),
                pass(),
            ]),
            Err(BadClaims),
        ),
        (
            "exp as a float32",
            p(&[
                iss(),
                (uint(4), cat(&[&[0xfa], &(EXP as f32).to_be_bytes()])),
                iat(),
                cti(),
                pass(),
            ]),
            Err(BadClaims),
        ),
        (
            "exp negative",
            p(&[iss(), (uint(4), nint(EXP)), iat(), cti(), pass()]),
            Err(BadClaims),
        ),
        (
            "nbf negative",
            p(&[iss(), exp(), (uint(5), nint(0)), iat(), cti(), pass()]),
            Err(BadClaims),
        ),
        (
            "iat of 2^64-1 (beyond i64)",
            p(&[iss(), exp(), (uint(6), uint(u64::MAX)), cti(), pass()]),
            Err(BadClaims),
        ),
        (
            "iat under tag 1 (epoch time)",
            p(&[iss(), exp(), (uint(6), tag(1, uint(IAT))), cti(), pass()]),
            Err(BadClaims),
        ),
        (
            "iss as an integer",
            p(&[(uint(1), uint(7)), exp(), iat(), cti(), pass()]),
            Err(BadClaims),
        ),
        (
            "cti as text",
            p(&[iss(), exp(), iat(), (uint(7), tstr("adversarial")), pass()]),
            Err(BadClaims),
        ),
        (
            "cti of zero bytes",
            p(&[iss(), exp(), iat(), (uint(7), bstr(b"")), pass()]),
            Err(BadClaims),
        ),
        (
            "cti of 33 bytes",
            p(&[iss(), exp(), iat(), (uint(7), bstr(&[7; 33])), pass()]),
            Err(BadClaims),
        ),
        ("no iat", p(&[iss(), exp(), cti(), pass()]), Err(BadClaims)),
        ("no pass", p(&[iss(), exp(), iat(), cti()]), Err(BadClaims)),
        (
            "unknown claim 8",
            p(&[iss(), exp(), iat(), cti(), (uint(8), uint(0)), pass()]),
            Err(BadClaims),
        ),
        (
            "unknown claim -1",
            p(&[iss(), exp(), iat(), cti(), (nint(0), uint(0)), pass()]),
            Err(BadClaims),
        ),
        (
            "extension claim -65538 is ignored",
            p(&[
                iss(),
                exp(),
                iat(),
                cti(),
                pass(),
                (nint(65_537), tstr("x")),
            ]),
            Ok(()),
        ),
        (
            "claims in another key order",
            p(&[pass(), cti(), iat(), exp(), iss()]),
            Ok(()),
        ),
        // --- wrong types in the pass map ----------------------------------------
        (
            "kind as a float",
            with_pass(map(&[(uint(0), vec![0xf9, 0x3c, 0x00])])),
            Err(BadPass),
        ),
        (
            "kind -1",
            with_pass(map(&[(uint(0), nint(0))])),
            Err(BadPass),
        ),
        (
            "kind 5",
            with_pass(map(&[(uint(0), uint(5))])),
            Err(UnknownKind),
        ),
        (
            "kind 0",
            with_pass(map(&[(uint(0), uint(0))])),
            Err(UnknownKind),
        ),
        (
            "purpose -1",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(1), tstr("N")),
                (uint(2), person()),
                (uint(4), nint(0)),
                (uint(6), array(&[tstr("79")])),
            ])),
            Err(BadPass),
        ),
        (
            "purpose 8 (unknown)",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(1), tstr("N")),
                (uint(2), person()),
                (uint(4), uint(8)),
                (uint(6), array(&[tstr("79")])),
            ])),
            Err(BadPass),
        ),
        (
            "id kind as a float",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(1), tstr("N")),
                (
                    uint(2),
                    map(&[
                        (uint(1), tstr("A")),
                        (uint(2), vec![0xf9, 0x3c, 0x00]),
                        (uint(3), tstr("079201001234")),
                    ]),
                ),
                (uint(4), uint(1)),
                (uint(6), array(&[tstr("79")])),
            ])),
            Err(BadPass),
        ),
        (
            "birth date without tag 100",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(1), tstr("N")),
                (
                    uint(2),
                    map(&[
                        (uint(1), tstr("A")),
                        (uint(2), uint(1)),
                        (uint(3), tstr("079201001234")),
                        (uint(4), uint(11_000)),
                    ]),
                ),
                (uint(4), uint(1)),
                (uint(6), array(&[tstr("79")])),
            ])),
            Err(BadPass),
        ),
        (
            "birth date as tag 1004 text",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(1), tstr("N")),
                (
                    uint(2),
                    map(&[
                        (uint(1), tstr("A")),
                        (uint(2), uint(1)),
                        (uint(3), tstr("079201001234")),
                        (uint(4), tag(1004, tstr("2000-02-29"))),
                    ]),
                ),
                (uint(4), uint(1)),
                (uint(6), array(&[tstr("79")])),
            ])),
            Err(BadPass),
        ),
        (
            "birth date as tag 100 of text",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(1), tstr("N")),
                (
                    uint(2),
                    map(&[
                        (uint(1), tstr("A")),
                        (uint(2), uint(1)),
                        (uint(3), tstr("079201001234")),
                        (uint(4), tag(100, tstr("11000"))),
                    ]),
                ),
                (uint(4), uint(1)),
                (uint(6), array(&[tstr("79")])),
            ])),
            Err(BadPass),
        ),
        (
            "birth date tag 100 of 2^40 days",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(1), tstr("N")),
                (
                    uint(2),
                    map(&[
                        (uint(1), tstr("A")),
                        (uint(2), uint(1)),
                        (uint(3), tstr("079201001234")),
                        (uint(4), tag(100, uint(1 << 40))),
                    ]),
                ),
                (uint(4), uint(1)),
                (uint(6), array(&[tstr("79")])),
            ])),
            Err(BadPass),
        ),
        (
            "birth date 100(-1) (1969-12-31) decodes",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(1), tstr("N")),
                (
                    uint(2),
                    map(&[
                        (uint(1), tstr("A")),
                        (uint(2), uint(1)),
                        (uint(3), tstr("079201001234")),
                        (uint(4), date(-1)),
                    ]),
                ),
                (uint(4), uint(1)),
                (uint(6), array(&[tstr("79")])),
            ])),
            Ok(()),
        ),
        (
            "support amount negative",
            with_pass(map(&[
                (uint(0), uint(4)),
                (uint(1), person()),
                (uint(2), tstr("C-1")),
                (uint(3), uint(1)),
                (uint(5), tstr("79")),
                (uint(6), nint(999)),
                (uint(7), array(&[date(18_870), date(18_900)])),
            ])),
            Err(BadPass),
        ),
        (
            "support period with an untagged date",
            with_pass(map(&[
                (uint(0), uint(4)),
                (uint(1), person()),
                (uint(2), tstr("C-1")),
                (uint(3), uint(1)),
                (uint(5), tstr("79")),
                (uint(6), uint(1000)),
                (uint(7), array(&[date(18_870), uint(18_900)])),
            ])),
            Err(BadPass),
        ),
        (
            "support period of three dates",
            with_pass(map(&[
                (uint(0), uint(4)),
                (uint(1), person()),
                (uint(2), tstr("C-1")),
                (uint(3), uint(1)),
                (uint(5), tstr("79")),
                (uint(6), uint(1000)),
                (uint(7), array(&[date(18_870), date(18_880), date(18_900)])),
            ])),
            Err(BadPass),
        ),
        (
            "vaccination doses as a float",
            with_pass(map(&[
                (uint(0), uint(2)),
                (uint(1), person()),
                (uint(2), uint(IAT)),
                (uint(3), tstr("CP-1")),
                (uint(4), tstr("79")),
                (uint(5), tstr("01")),
                (uint(8), map(&[(uint(1), vec![0xf9, 0x40, 0x00])])),
            ])),
            Err(BadPass),
        ),
        (
            "symptoms with an unknown bit",
            with_pass(map(&[
                (uint(0), uint(2)),
                (uint(1), person()),
                (uint(2), uint(IAT)),
                (uint(3), tstr("CP-1")),
                (uint(4), tstr("79")),
                (uint(5), tstr("01")),
                (uint(6), uint(1 << 6)),
            ])),
            Err(BadPass),
        ),
        (
            "symptoms negative",
            with_pass(map(&[
                (uint(0), uint(2)),
                (uint(1), person()),
                (uint(2), uint(IAT)),
                (uint(3), tstr("CP-1")),
                (uint(4), tstr("79")),
                (uint(5), tstr("01")),
                (uint(6), nint(0)),
            ])),
            Err(BadPass),
        ),
        (
            "declared_at under tag 1",
            with_pass(map(&[
                (uint(0), uint(2)),
                (uint(1), person()),
                (uint(2), tag(1, uint(IAT))),
                (uint(3), tstr("CP-1")),
                (uint(4), tstr("79")),
                (uint(5), tstr("01")),
            ])),
            Err(BadPass),
        ),
        (
            "status since without tag 100",
            with_pass(map(&[
                (uint(0), uint(3)),
                (uint(1), person()),
                (uint(2), uint(1)),
                (uint(3), uint(18_870)),
            ])),
            Err(BadPass),
        ),
        (
            "an area code that is not one",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(1), tstr("N")),
                (uint(2), person()),
                (uint(4), uint(1)),
                (uint(6), array(&[tstr("79.76")])),
            ])),
            Err(BadPass),
        ),
        (
            "a route of three areas",
            with_pass(permit_with(&[(
                uint(7),
                array(&[tstr("79"), tstr("01"), tstr("48")]),
            )])),
            Err(BadPass),
        ),
        (
            "pass key 99 (unknown)",
            with_pass(permit_with(&[(uint(99), uint(0))])),
            Err(BadPass),
        ),
        (
            "pass key -1 (unknown)",
            with_pass(permit_with(&[(nint(0), uint(0))])),
            Err(BadPass),
        ),
        (
            "holder key 6 (unknown)",
            with_pass(map(&[
                (uint(0), uint(1)),
                (uint(1), tstr("N")),
                (
                    uint(2),
                    map(&[
                        (uint(1), tstr("A")),
                        (uint(2), uint(1)),
                        (uint(3), tstr("079201001234")),
                        (uint(6), uint(0)),
                    ]),
                ),
                (uint(4), uint(1)),
                (uint(6), array(&[tstr("79")])),
            ])),
            Err(BadPass),
        ),
        (
            "pass extension key 100 is ignored",
            with_pass(permit_with(&[(uint(100), tstr("x"))])),
            Ok(()),
        ),
        // --- checks after decoding ---------------------------------------------
        (
            "iss names another issuer",
            p(&[(uint(1), tstr("VN-HN")), exp(), iat(), cti(), pass()]),
            Err(KeyNotAllowed),
        ),
        (
            "issued in the future",
            p(&[
                iss(),
                (uint(4), uint(IAT + 100_000)),
                (uint(6), uint(IAT + 90_000)),
                cti(),
                pass(),
            ]),
            Err(IssuedInFuture),
        ),
        (
            "nbf after now",
            p(&[
                iss(),
                exp(),
                (uint(5), uint(IAT + 90_000)),
                iat(),
                cti(),
                pass(),
            ]),
            Err(NotYetValid),
        ),
        (
            "exp before now",
            p(&[iss(), (uint(4), uint(IAT + 60)), iat(), cti(), pass()]),
            Err(Expired),
        ),
    ]
}

fn run(rows: Vec<Row>) -> usize {
    let n = rows.len();
    let mut failures = Vec::new();
    for (name, bytes, want) in rows {
        let token = text::encode(&bytes);
        assert!(
            token.len() <= text::MAX_TEXT_LEN,
            "{name}: the case is too long for a token"
        );
        let got = verify(&bytes);
        let _ = inspect(&token); // returns, never panics
        if got != want {
            failures.push(format!("{name}: expected {want:?}, got {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    n
}

#[test]
fn envelope_cases_give_their_codes() {
    assert_eq!(run(envelope_rows()), 67);
}

#[test]
fn signed_payload_cases_give_their_codes() {
    assert_eq!(run(payload_rows()), 74);
}

/// The virtual-memory high-water mark of this process, in kB (Linux only).
fn vm_peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmPeak:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn huge_declared_lengths_fail_fast_without_allocating_them() {
    // Heads declaring 2^32 and 2^64-1 bytes, items or pairs, each followed by a
    // few bytes only. If any decoding step trusted the declared length, it would
    // reserve gigabytes (or abort on capacity overflow): the virtual-memory peak
    // must stay far below the smallest declared size (4 GiB).
    let heads: [&[u8]; 10] = [
        &[0x5a, 0xff, 0xff, 0xff, 0xff], // bstr, 2^32-1 bytes
        &[0x5b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00], // bstr, 2^32 bytes
        &[0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // bstr, 2^64-1 bytes
        &[0x7b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // tstr, 2^64-1 bytes
        &[0x9a, 0xff, 0xff, 0xff, 0xff], // array, 2^32-1 items
        &[0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // array, 2^64-1 items
        &[0xba, 0xff, 0xff, 0xff, 0xff], // map, 2^32-1 pairs
        &[0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // map, 2^64-1 pairs
        &[0xd2, 0x84, 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // protected bstr... (truncated head)
        &[0xd2, 0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // envelope of 2^64-1 items
    ];
    let before = vm_peak_kb();
    let mut checked = 0;
    let counting: Vec<u8> = (0u8..16).collect();
    for h in heads {
        for tail in [&[][..], &counting[..], &[0x01, 0x02, 0x03][..]] {
            let bytes = cat(&[h, tail]);
            let s = strict::check(&bytes).map_err(|e| e.code());
            assert_eq!(s, Err(ErrorCode::BadCbor), "{bytes:02x?}");
            // As a whole envelope, as the payload of a signed token, as a signed
            // trust list and as a signed revocation list.
            assert!(cose::parse(&bytes).is_err());
            assert!(cose::parse_ref(&bytes).is_err());
            assert_eq!(verify(&bytes), Err(ErrorCode::BadCbor), "{bytes:02x?}");
            assert_eq!(
                verify(&signed(&bytes)),
                Err(ErrorCode::BadCbor),
                "signed payload {bytes:02x?}"
            );
            let root = key();
            let list_env = list::sign(&root, bytes.clone());
            assert_eq!(
                SignedTrustList::verify(&list_env, &[root.public_key()])
                    .map(|_| ())
                    .map_err(|e| e.code()),
                Err(ErrorCode::BadTrustList)
            );
            assert_eq!(
                SignedRevocation::verify(&list_env, &[root.public_key()])
                    .map(|_| ())
                    .map_err(|e| e.code()),
                Err(ErrorCode::BadRevocationList)
            );
            assert_eq!(
                TrustList::from_payload(&bytes)
                    .map(|_| ())
                    .map_err(|e| e.code()),
                Err(ErrorCode::BadTrustList)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 30);
    if let (Some(b), Some(a)) = (before, vm_peak_kb()) {
        assert!(
            a.saturating_sub(b) < 1024 * 1024,
            "virtual memory peak grew by {} MiB",
            (a - b) / 1024
        );
    }
}

#[test]
fn deep_nesting_never_overflows_the_stack() {
    // One million nested arrays or tags, far beyond any token, straight into
    // every parser: the strict gate stops at depth 17, iteratively enough that
    // the stack never grows with the input.
    for deep in [
        nested_arrays(1_000_000),
        [vec![0xc1; 1_000_000], vec![0x00]].concat(),
        [[0xa1, 0x00].repeat(500_000), vec![0x00]].concat(),
    ] {
        assert_eq!(
            strict::check(&deep).map_err(|e| e.code()),
            Err(ErrorCode::NestingTooDeep)
        );
        assert_eq!(
            cose::parse(&tag(18, deep.clone()))
                .map(|_| ())
                .map_err(|e| e.code()),
            Err(ErrorCode::NestingTooDeep)
        );
        assert_eq!(
            cose::parse_ref(&tag(18, deep.clone()))
                .map(|_| ())
                .map_err(|e| e.code()),
            Err(ErrorCode::NestingTooDeep)
        );
        assert_eq!(
            TrustList::from_payload(&deep)
                .map(|_| ())
                .map_err(|e| e.code()),
            Err(ErrorCode::BadTrustList)
        );
    }
    // The limit itself: 16 levels pass the gate, 17 do not.
    assert_eq!(strict::check(&nested_arrays(strict::MAX_DEPTH)), Ok(()));
    assert_eq!(
        strict::check(&nested_arrays(strict::MAX_DEPTH + 1)).map_err(|e| e.code()),
        Err(ErrorCode::NestingTooDeep)
    );
}

/// Malformed CBOR *inside* the protected header bytes. SPEC.md §5 holds "the
/// envelope, the protected header and the payload" to the same strict rules and
/// codes, but `cose::parse` and `cose::parse_ref` let coset decode the protected
/// header before the strict gate sees its bytes, so coset's own error comes
/// first and every row below is reported as `bad_cose` today. The token is
/// rejected either way (no security impact); the code differs from the spec.
/// Reported with a suggested fix (run `strict::check` on the protected bytes
/// before `Header::from_slice`); this test fails until then.
fn protected_header_rows() -> Vec<Row> {
    use ErrorCode::*;
    let kid = kid();
    vec![
        (
            "alg twice in the protected header",
            with_protected(&[alg(), alg(), kid_pair()]),
            Err(DuplicateKey),
        ),
        (
            "kid twice in the protected header",
            with_protected(&[alg(), kid_pair(), kid_pair()]),
            Err(DuplicateKey),
        ),
        (
            "a byte after the protected header map",
            sign1(&cat(&[&protected_map(), &[0x00]]), map(&[]), &claims()),
            Err(TrailingBytes),
        ),
        (
            "invalid UTF-8 in a protected text label",
            with_protected(&[alg(), kid_pair(), (vec![0x62, 0xc3, 0x28], uint(1))]),
            Err(BadCbor),
        ),
        (
            "the protected map cut short",
            sign1(
                &cat(&[&[0xa2, 0x01, 0x27, 0x04, 0x48], &kid[..4]]),
                map(&[]),
                &claims(),
            ),
            Err(BadCbor),
        ),
        (
            "300 nested arrays inside the protected header",
            with_protected(&[alg(), kid_pair(), (uint(99), nested_arrays(300))]),
            Err(NestingTooDeep),
        ),
    ]
}

#[test]
fn protected_header_cases_give_the_codes_of_the_spec() {
    // Today: bad_cose for all six (see `protected_header_rows`).
    for (name, bytes, _) in protected_header_rows() {
        assert!(verify(&bytes).is_err(), "{name} verified");
    }
    assert_eq!(run(protected_header_rows()), 6);
}

#[test]
fn token_parser_and_list_parser_agree_on_every_envelope_case() {
    // `cose::parse` (tokens, through coset) and `cose::parse_ref` (signed lists,
    // in place) must give the same code for the same envelope.
    let mut differ = Vec::new();
    for (name, bytes, _) in envelope_rows().into_iter().chain(protected_header_rows()) {
        let a = cose::parse(&bytes).map(|_| ()).map_err(|e| e.code());
        let b = cose::parse_ref(&bytes).map(|_| ()).map_err(|e| e.code());
        if a != b {
            differ.push(format!("{name}: parse {a:?}, parse_ref {b:?}"));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn a_map_with_many_keys_is_checked_in_linear_time() {
    // A signed list's envelope is held to the strict rules before its signature
    // is checked, so anyone who can hand a checkpoint a file can make it run the
    // duplicate-key check. 150,000 distinct keys (`1a xxxxxxxx 00`, 6 bytes a
    // pair) fill a 900 kB unprotected header, inside the 1 MiB trust list cap.
    // A pairwise check costs ~10^10 comparisons here (minutes); it must be
    // near-linear.
    const N: u64 = 150_000;
    let mut big_map = head(5, N);
    for k in 0..N {
        big_map.extend_from_slice(&head(0, 0x1_0000 + k));
        big_map.push(0x00);
    }
    let root = key();
    let [p, _, payload, sig] = parts();
    let file = envelope(&[p, big_map.clone(), payload, sig]);
    assert!(file.len() < qrpass::trust::MAX_TRUST_LIST_BYTES);

    assert_eq!(strict::check(&big_map), Ok(()));
    assert_eq!(
        SignedTrustList::verify(&file, &[root.public_key()])
            .map(|_| ())
            .map_err(|e| e.code()),
        Err(ErrorCode::BadTrustList)
    );
    assert_eq!(
        SignedRevocation::verify(&file, &[root.public_key()])
            .map(|_| ())
            .map_err(|e| e.code()),
        Err(ErrorCode::BadRevocationList)
    );
    // The same map with its last key repeated is caught, at the end.
    let mut dup = big_map.clone();
    dup.extend_from_slice(&head(0, 0x1_0000 + N - 1));
    dup.push(0x00);
    dup.splice(0..5, head(5, N + 1));
    assert_eq!(
        strict::check(&dup).map_err(|e| e.code()),
        Err(ErrorCode::DuplicateKey)
    );
    // Measured: 0.1 s in release, a few seconds in debug under load; the
    // pairwise check took 478 s in release. The bound is loose on purpose.
}

// ---------------------------------------------------------------------------
// Resource bounds: every limit a loader enforces, tested at the limit and one
// past it (SECURITY.md lists them, and the loaders without one).

#[test]
fn text_length_limit_is_exact() {
    use qrpass::internal::text::MAX_TEXT_LEN;
    assert_eq!(MAX_TEXT_LEN, 2048);
    // A body of 2,044 characters has a dangling last character, so the text at
    // the limit gets past the size gate to the Base45 check; one byte more is
    // refused before it. "000" decodes to the CBOR 00 00 (trailing bytes).
    let at_limit = format!("VN1:{}", "0".repeat(MAX_TEXT_LEN - 4));
    let over = format!("VN1:{}", "0".repeat(MAX_TEXT_LEN - 3));
    let decodable = format!("VN1:{}", "0".repeat(MAX_TEXT_LEN - 5));
    assert_eq!(
        (at_limit.len(), over.len()),
        (MAX_TEXT_LEN, MAX_TEXT_LEN + 1)
    );
    let code = |t: &str| {
        verifier()
            .verify_at(t, now())
            .map(|_| ())
            .map_err(|e| e.code())
    };
    assert_eq!(code(&at_limit), Err(ErrorCode::BadBase45));
    assert_eq!(code(&decodable), Err(ErrorCode::TrailingBytes));
    assert_eq!(code(&over), Err(ErrorCode::InputTooLarge));
    assert_eq!(
        inspect(&over).map(|_| ()).map_err(|e| e.code()),
        Err(ErrorCode::InputTooLarge)
    );
    // The limit counts bytes, before anything is stripped: 2,048 characters of
    // which one is two bytes are over it, and so is a full-size text plus "\n".
    let multibyte = format!("VN1:é{}", "0".repeat(MAX_TEXT_LEN - 5));
    assert_eq!(
        (multibyte.chars().count(), code(&multibyte)),
        (MAX_TEXT_LEN, Err(ErrorCode::InputTooLarge))
    );
    assert_eq!(
        code(&format!("{at_limit}\n")),
        Err(ErrorCode::InputTooLarge)
    );
    // A huge text is refused just as fast: the length is checked first.
    let huge = "VN1:".repeat(4_000_000);
    assert_eq!(code(&huge), Err(ErrorCode::InputTooLarge));
    assert_eq!(
        inspect(&huge).map(|_| ()).map_err(|e| e.code()),
        Err(ErrorCode::InputTooLarge)
    );
}

/// A signed trust list file of exactly `len` bytes: the fixture payload with an
/// extension field (key 100, a byte string) padded to size.
fn trust_list_file_of(len: usize, root: &PrivateKey) -> Vec<u8> {
    let list = TrustList::new(Timestamp(1_630_000_000), Timestamp(1_630_604_800));
    let payload = list.to_payload().expect("payload");
    assert_eq!(payload[0], 0xa5, "a map of 5 pairs");
    let build = |pad: usize| {
        let p = cat(&[&[0xa6], &payload[1..], &uint(100), &bstr(&vec![0u8; pad])]);
        list::sign(root, p)
    };
    let base = build(0).len();
    let mut pad = len - base;
    // Heads grow by a byte or two as the pad grows; shrink until it fits exactly.
    while build(pad).len() > len {
        pad -= 1;
    }
    let file = build(pad);
    assert_eq!(file.len(), len, "could not pad the list to {len} bytes");
    file
}

#[test]
fn trust_list_byte_limit_is_exact() {
    use qrpass::trust::MAX_TRUST_LIST_BYTES;
    assert_eq!(MAX_TRUST_LIST_BYTES, 1 << 20);
    let root = key();
    let at_limit = trust_list_file_of(MAX_TRUST_LIST_BYTES, &root);
    let over = trust_list_file_of(MAX_TRUST_LIST_BYTES + 1, &root);
    let load = |f: &[u8]| {
        SignedTrustList::verify(f, &[root.public_key()])
            .map(|_| ())
            .map_err(|e| e.code())
    };
    assert_eq!(load(&at_limit), Ok(()));
    assert_eq!(load(&over), Err(ErrorCode::BadTrustList));
    // The same through the text form (the limit applies to the decoded bytes).
    assert_eq!(
        load(list::to_text(&at_limit, list::TRUST_LIST_PREFIX).as_bytes()),
        Ok(())
    );
    assert_eq!(
        load(list::to_text(&over, list::TRUST_LIST_PREFIX).as_bytes()),
        Err(ErrorCode::BadTrustList)
    );
    // And for the payload alone.
    let payload = cose::parse_ref(&over).expect("parses").payload.to_vec();
    assert!(payload.len() <= MAX_TRUST_LIST_BYTES);
    let big = cat(&[
        &payload[..payload.len() - 1],
        &vec![0u8; MAX_TRUST_LIST_BYTES + 1 - payload.len() + 1],
    ]);
    assert_eq!(big.len(), MAX_TRUST_LIST_BYTES + 1);
    assert_eq!(
        TrustList::from_payload(&big)
            .map(|_| ())
            .map_err(|e| e.code()),
        Err(ErrorCode::BadTrustList)
    );
}

#[test]
fn trust_list_key_limit_is_exact() {
    use qrpass::trust::MAX_TRUST_LIST_KEYS;
    assert_eq!(MAX_TRUST_LIST_KEYS, 10_000);
    let root = key();
    let mut keys: Vec<TrustedKey> = (0..=MAX_TRUST_LIST_KEYS as u32)
        .map(|i| {
            let mut s = [0u8; 32];
            s[..4].copy_from_slice(&i.to_be_bytes());
            TrustedKey::new(
                PrivateKey::from_seed(&s).public_key(),
                "VN-HN",
                &[PassKind::Permit],
                Timestamp(1_600_000_000),
            )
        })
        .collect();
    keys.sort_by_key(|k| (k.kid, k.public_key.to_bytes()));
    let (first, last) = keys.split_at(MAX_TRUST_LIST_KEYS);
    let with = |keys: &[TrustedKey]| {
        let mut list = TrustList::new(Timestamp(1_630_000_000), Timestamp(1_630_604_800));
        list.keys = keys.to_vec();
        list
    };
    let signed = with(first).sign(&root).expect("10,000 keys sign");
    assert!(
        signed.len() <= qrpass::trust::MAX_TRUST_LIST_BYTES,
        "{} bytes",
        signed.len()
    );
    let loaded = SignedTrustList::verify(&signed, &[root.public_key()]).expect("10,000 keys load");
    assert_eq!(loaded.store().keys().len(), MAX_TRUST_LIST_KEYS);
    // 10,001 keys: refused when signing ...
    assert_eq!(
        with(&keys).sign(&root).map(|_| ()).map_err(|e| e.code()),
        Err(ErrorCode::BadTrustList)
    );
    // ... and by the loader, for a payload built by hand: the encoded key with
    // the highest kid appended to a payload of n keys, the array head raised to n + 1.
    let one = with(last).to_payload().expect("one key");
    let extra_key = &one[one
        .windows(2)
        .position(|w| w == [0x04, 0x81])
        .expect("4: array(1)")
        + 2..];
    let append_last = |keys: &[TrustedKey], old_head: [u8; 4], new_head: [u8; 4]| {
        let payload = with(keys).to_payload().expect("payload");
        let at = payload
            .windows(4)
            .position(|w| w == old_head)
            .expect("the keys array head");
        cat(&[&payload[..at], &new_head, &payload[at + 4..], extra_key])
    };
    // 9,999 + 1 = 10,000 keys: loads (the construction is sound) ...
    let ten_thousand = append_last(
        &first[1..],
        [0x04, 0x99, 0x27, 0x0f],
        [0x04, 0x99, 0x27, 0x10],
    );
    assert_eq!(
        TrustList::from_payload(&ten_thousand).map(|l| l.keys.len()),
        Ok(MAX_TRUST_LIST_KEYS)
    );
    // ... 10,000 + 1 = 10,001 keys: refused.
    let too_many = append_last(first, [0x04, 0x99, 0x27, 0x10], [0x04, 0x99, 0x27, 0x11]);
    assert_eq!(
        TrustList::from_payload(&too_many)
            .map(|_| ())
            .map_err(|e| e.code()),
        Err(ErrorCode::BadTrustList)
    );
    assert_eq!(
        SignedTrustList::verify(&list::sign(&root, too_many), &[root.public_key()])
            .map(|_| ())
            .map_err(|e| e.code()),
        Err(ErrorCode::BadTrustList)
    );
}

#[test]
fn revocation_lists_have_no_size_limit_but_load_in_linear_time() {
    // SECURITY.md: the revocation loader enforces no byte or entry limit (the
    // format is meant for millions of ids); the caller must bound the file it
    // reads. What it does guarantee: one pass over the table, no per-entry allocation.
    let root = key();
    let n = 200_000u32;
    let list = RevocationList::from_ctis((0..n).map(|i| i.to_be_bytes()));
    let info = qrpass::trust::ListInfo {
        sequence: 1,
        issued_at: Timestamp(1_630_000_000),
        next_update: Timestamp(1_630_604_800),
    };
    let signed = list.sign(info, &root).expect("signs");
    assert!(signed.len() > 16 * n as usize);
    let loaded = SignedRevocation::verify(&signed, &[root.public_key()]).expect("loads");
    match loaded.update() {
        qrpass::revocation::RevocationUpdate::Full(l) => {
            assert_eq!(l.len(), n as usize);
            assert!(qrpass::RevocationCheck::is_revoked(l, &7u32.to_be_bytes()));
            assert!(!qrpass::RevocationCheck::is_revoked(l, &n.to_be_bytes()));
        }
        qrpass::revocation::RevocationUpdate::Delta(_) => unreachable!("a full list was signed"),
    }
}

/// CRC-32 (ISO-HDLC, as PNG uses), bit by bit.
#[cfg(feature = "scan")]
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG that is only a signature, an IHDR (8-bit grey, `width × height`) and
/// an IEND: it declares its size and holds no pixel.
#[cfg(feature = "scan")]
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let body = cat(&[kind, data]);
        cat(&[
            &(data.len() as u32).to_be_bytes(),
            &body,
            &crc32(&body).to_be_bytes(),
        ])
    };
    let ihdr = cat(&[
        &width.to_be_bytes(),
        &height.to_be_bytes(),
        &[8, 0, 0, 0, 0],
    ]);
    cat(&[
        b"\x89PNG\r\n\x1a\n",
        &chunk(b"IHDR", &ihdr),
        &chunk(b"IEND", b""),
    ])
}

#[cfg(feature = "scan")]
#[test]
fn image_pixel_limit_is_exact_and_checked_before_decoding() {
    use qrpass::qr::{scan_image, scan_luma, scan_rgba, MAX_IMAGE_PIXELS};
    assert_eq!(MAX_IMAGE_PIXELS, 40_000_000);
    let code = |r: qrpass::Result<Vec<String>>| r.map(|_| ()).map_err(|e| e.code());
    // At the limit the dimensions pass and the (empty) buffer is refused; one
    // pixel more is refused on the dimensions alone, before any allocation.
    for (w, h) in [(8_000u32, 5_000u32), (40_000_000, 1), (1, 40_000_000)] {
        assert_eq!(u64::from(w) * u64::from(h), MAX_IMAGE_PIXELS);
        assert_eq!(
            code(scan_luma(w, h, w, &[])),
            Err(ErrorCode::BadImage),
            "{w}x{h}"
        );
        assert_eq!(
            code(scan_rgba(w, h, &[0; 64])),
            Err(ErrorCode::BadImage),
            "{w}x{h}"
        );
        assert_eq!(
            code(scan_image(&png_header_only(w, h))),
            Err(ErrorCode::BadImage),
            "{w}x{h}"
        );
    }
    for (w, h) in [
        (8_001u32, 5_000u32),
        (40_000_001, 1),
        (1, 40_000_001),
        (u32::MAX, u32::MAX),
        (65_536, 65_536),
    ] {
        assert!(u64::from(w) * u64::from(h) > MAX_IMAGE_PIXELS);
        assert_eq!(
            code(scan_luma(w, h, w, &[])),
            Err(ErrorCode::ImageTooLarge),
            "{w}x{h}"
        );
        assert_eq!(
            code(scan_rgba(w, h, &[])),
            Err(ErrorCode::ImageTooLarge),
            "{w}x{h}"
        );
        assert_eq!(
            code(scan_image(&png_header_only(w, h))),
            Err(ErrorCode::ImageTooLarge),
            "{w}x{h}"
        );
    }
    // Degenerate frames.
    assert_eq!(code(scan_luma(0, 5, 0, &[])), Err(ErrorCode::BadImage));
    assert_eq!(code(scan_luma(5, 0, 5, &[])), Err(ErrorCode::BadImage));
    assert_eq!(
        code(scan_luma(30, 30, 29, &[0; 900])),
        Err(ErrorCode::InvalidArgument)
    ); // stride < width
    assert_eq!(
        code(scan_luma(30, 30, 30, &[0; 899])),
        Err(ErrorCode::BadImage)
    ); // one byte short
    assert_eq!(
        code(scan_luma(30, 30, 30, &[255; 900])),
        Err(ErrorCode::NoQrFound)
    );
    assert_eq!(code(scan_image(&[])), Err(ErrorCode::EmptyInput));
    assert_eq!(code(scan_image(b"GIF89a")), Err(ErrorCode::BadImage));
}
