//! Renderer speed: encoding a typical permit text (311 characters, version 10
//! at ECC M) into a QR symbol, and drawing it as PNG and SVG.
//!
//! `cargo bench -p qrpass --bench qr_render`. Bulk issuing (docs/bulk-issuing.md)
//! spends most of its time here: one `encode` and one `to_png` per pass.
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use qrpass::qr::{encode, RenderOptions};

/// A deterministic 311-character VN1 text (QR alphanumeric, like every token).
fn typical_text() -> String {
    const B45: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let mut s = String::from("VN1:");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while s.len() < 311 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.push(B45[(x % 45) as usize] as char);
    }
    s
}

fn render(c: &mut Criterion) {
    let text = typical_text();
    let options = RenderOptions::default();
    let image = encode(&text, &options).unwrap();
    assert_eq!(image.version(), 10);
    c.bench_function("encode/permit_v10_M", |b| {
        b.iter(|| encode(black_box(&text), &options).unwrap())
    });
    c.bench_function("to_png/permit_v10_M_8px", |b| {
        b.iter(|| black_box(&image).to_png().unwrap())
    });
    c.bench_function("to_svg/permit_v10_M", |b| {
        b.iter(|| black_box(&image).to_svg())
    });
    println!("PNG size: {} bytes", image.to_png().unwrap().len());
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = render
}
criterion_main!(benches);
