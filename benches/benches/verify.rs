//! Issue and verify a typical permit, beside the raw Ed25519 check over the same bytes.
//!
//! `cargo bench -p qrpass-benches --bench verify`

use criterion::{criterion_group, criterion_main, Criterion};
use qrpass_benches::TypicalPermit;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let p = TypicalPermit::new();
    let mut group = c.benchmark_group("permit");
    group.bench_function("raw_verify_strict", |b| {
        b.iter(|| {
            p.public.verify_strict(
                black_box(&p.sign1.to_be_signed),
                black_box(&p.sign1.signature),
            )
        })
    });
    group.bench_function("verify_text", |b| {
        b.iter(|| p.verifier.verify_at(black_box(&p.token), p.at))
    });
    group.bench_function("inspect_text", |b| {
        b.iter(|| qrpass::inspect(black_box(&p.token)))
    });
    group.bench_function("issue", |b| {
        b.iter(|| p.issuer.issue_with(black_box(&p.pass), p.iat, b"bench-01"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
