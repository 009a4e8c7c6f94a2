//! Revocation lists at national scale: lookup, size and load time of a signed
//! list of ten million revoked token ids.
//!
//! `cargo bench -p qrpass --bench revocation` (set `QRPASS_BENCH_ENTRIES` for
//! another size).

#![allow(missing_docs, clippy::unwrap_used, clippy::panic)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use qrpass::revocation::{entry_of, RevocationUpdate};
use qrpass::trust::{ListInfo, TrustAnchor};
use qrpass::{PrivateKey, RevocationCheck, RevocationList, SignedRevocation, Timestamp};

fn entries() -> usize {
    std::env::var("QRPASS_BENCH_ENTRIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000_000)
}

/// Revoked ids `rev-0` .. `rev-{n-1}`; lookups use the same ids and `ok-*` ids.
fn build(n: usize) -> RevocationList {
    let start = Instant::now();
    let list = RevocationList::from_entries(
        (0..n)
            .map(|i| entry_of(format!("rev-{i}").as_bytes()))
            .collect(),
    );
    eprintln!("built {} entries in {:.2?}", list.len(), start.elapsed());
    list
}

fn info() -> ListInfo {
    ListInfo {
        sequence: 1,
        issued_at: Timestamp(1_631_235_600),
        next_update: Timestamp(1_631_840_400),
    }
}

fn bench(c: &mut Criterion) {
    let n = entries();
    let key = PrivateKey::from_seed(&[7; 32]);
    let list = build(n);
    let start = Instant::now();
    let signed = list.sign(info(), &key).unwrap();
    eprintln!(
        "signed list: {} bytes for {} entries = {:.3} bytes per entry (signed in {:.2?})",
        signed.len(),
        list.len(),
        signed.len() as f64 / list.len().max(1) as f64,
        start.elapsed()
    );

    let mut g = c.benchmark_group(format!("revocation_{n}"));
    // Token ids as a verifier sees them; SHA-256 of the id is part of every lookup.
    let probe = |prefix: &str| -> Vec<Vec<u8>> {
        (0..4096u64)
            .map(|j| format!("{prefix}-{}", j * 2_441 % n as u64).into_bytes())
            .collect()
    };
    let (hits, misses) = (probe("rev"), probe("ok"));
    let entries: Vec<[u8; 16]> = hits.iter().map(|c| entry_of(c)).collect();
    let mut i = 0usize;
    g.throughput(Throughput::Elements(1));
    g.bench_function("lookup_hit", |b| {
        b.iter(|| {
            i = (i + 1) % hits.len();
            black_box(list.is_revoked(&hits[i]))
        })
    });
    g.bench_function("lookup_miss", |b| {
        b.iter(|| {
            i = (i + 1) % misses.len();
            black_box(list.is_revoked(&misses[i]))
        })
    });
    g.bench_function("sha256_of_cti_only", |b| {
        b.iter(|| {
            i = (i + 1) % hits.len();
            black_box(entry_of(&hits[i]))
        })
    });
    g.bench_function("lookup_entry_only", |b| {
        b.iter(|| {
            i = (i + 1) % entries.len();
            black_box(list.contains_entry(&entries[i]))
        })
    });
    assert!(hits.iter().all(|c| list.is_revoked(c)) && !misses.iter().any(|c| list.is_revoked(c)));
    g.sample_size(10);
    g.throughput(Throughput::Bytes(signed.len() as u64));
    g.bench_function("load_signed_list", |b| {
        b.iter(|| {
            let loaded = SignedRevocation::verify(black_box(&signed), &[key.public_key()]).unwrap();
            match loaded.into_update() {
                RevocationUpdate::Full(l) => assert_eq!(l.len(), n),
                RevocationUpdate::Delta(_) => unreachable!(),
            }
        })
    });
    g.bench_function("load_into_anchor", |b| {
        b.iter_batched(
            || TrustAnchor::new(key.public_key()),
            |mut anchor| black_box(anchor.load_revocation_list(&signed).unwrap()),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
