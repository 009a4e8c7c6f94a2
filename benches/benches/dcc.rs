//! A full EU DCC verification (ES256: `HC1:` text → Base45 → zlib → COSE → CWT
//! → payload schema → DSC checks) beside the raw P-256 ECDSA verify over the
//! same signed bytes, in one run (target: ≤ 1.5×). Input: dgc-testdata AT/1.
//!
//! `cargo bench -p qrpass-benches --bench dcc`

use criterion::{criterion_group, criterion_main, Criterion};
use p256::ecdsa::signature::Verifier as _;
use qrpass::dcc::{decode_base64, parse_clock, DccVerifier, Decoded, DscList};
use std::hint::black_box;

/// The DER prefix of a P-256 SubjectPublicKeyInfo, before its 65-byte point.
const P256_SPKI_PREFIX: &[u8] = &[
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

fn bench(c: &mut Criterion) {
    let file: serde_json::Value =
        serde_json::from_str(include_str!("../../testdata/dgc/AT/2DCode/raw/1.json"))
            .expect("suite file");
    let der =
        decode_base64(file["TESTCTX"]["CERTIFICATE"].as_str().expect("cert")).expect("base64");
    let text = file["PREFIX"].as_str().expect("text").to_owned();
    let at =
        parse_clock(file["TESTCTX"]["VALIDATIONCLOCK"].as_str().expect("clock")).expect("clock");
    let verifier = DccVerifier::new(DscList::from_bytes(&der).expect("DSC"));
    verifier.verify_at(&text, at).expect("AT/1 verifies");

    let start = der
        .windows(P256_SPKI_PREFIX.len())
        .position(|w| w == P256_SPKI_PREFIX)
        .expect("a P-256 key")
        + P256_SPKI_PREFIX.len();
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&der[start..start + 65]).expect("key");
    let decoded = Decoded::from_text(&text).expect("decodes");
    let tbs = decoded.sign1.to_be_signed();
    let signature = p256::ecdsa::Signature::from_slice(&decoded.sign1.signature).expect("r||s");
    key.verify(&tbs, &signature).expect("raw verify");

    let mut group = c.benchmark_group("dcc_es256");
    group.bench_function("raw_p256_verify", |b| {
        b.iter(|| key.verify(black_box(&tbs), black_box(&signature)))
    });
    group.bench_function("dcc_verify_text", |b| {
        b.iter(|| verifier.verify_at(black_box(&text), at))
    });
    group.bench_function("dcc_decode_only", |b| {
        b.iter(|| Decoded::from_text(black_box(&text)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
