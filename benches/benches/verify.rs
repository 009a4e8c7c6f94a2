//! Issue and verify a typical permit, beside the raw Ed25519 check over the same bytes.
//!
//! `cargo bench -p qrpass-benches --bench verify`

use criterion::{criterion_group, criterion_main, Criterion};
use qrpass::wire::{cose, text};
use qrpass::{Issuer, Pass, PassKind, PrivateKey, Timestamp, TrustStore, TrustedKey, Verifier};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let key = PrivateKey::from_seed(&[7; 32]);
    let public = key.public_key();
    let mut trust = TrustStore::default();
    trust
        .add(TrustedKey::new(
            public,
            "VN-SG",
            PassKind::ALL,
            Timestamp(946_684_800),
        ))
        .expect("key");
    let issuer = Issuer::new(key, "VN-SG").expect("issuer");
    let pass = Pass::from_json(include_str!("../../spec/examples/permit.json")).expect("pass");
    let iat = pass.validity().from;
    let token = issuer.issue_with(&pass, iat, b"bench-01").expect("issue");
    let verifier = Verifier::new(trust);
    let at = iat.add_seconds(3600);
    assert!(verifier.verify_at(&token, at).is_ok());
    let sign1 = cose::parse(&text::decode(&token).expect("text")).expect("cose");

    let mut group = c.benchmark_group("permit");
    group.bench_function("raw_verify_strict", |b| {
        b.iter(|| public.verify_strict(black_box(&sign1.to_be_signed), black_box(&sign1.signature)))
    });
    group.bench_function("verify_text", |b| {
        b.iter(|| verifier.verify_at(black_box(&token), at))
    });
    group.bench_function("inspect_text", |b| {
        b.iter(|| qrpass::inspect(black_box(&token)))
    });
    group.bench_function("issue", |b| {
        b.iter(|| issuer.issue_with(black_box(&pass), iat, b"bench-01"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
