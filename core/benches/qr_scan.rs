//! Scanner speed: the 60 corpus photos and a 1280×720 frame holding one permit.
//!
//! `cargo bench -p qrpass --bench qr_scan` first prints the per-image times
//! (median and mean over the corpus, each image timed as the median of 15
//! runs), then runs the criterion benchmarks.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, Criterion};
use qrpass::qr::{scan_image, scan_luma, Scanner};

#[path = "../tests/qr_synth/mod.rs"]
mod qr_synth;

use qr_synth::frames::{corpus, paste_centre, tile_frame, Photo};

fn median_ms(mut f: impl FnMut(), runs: usize) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[runs / 2]
}

fn summary(label: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let mean = ms.iter().sum::<f64>() / ms.len() as f64;
    println!(
        "{label}: median {:.3} ms, mean {:.3} ms, max {:.3} ms over {} images",
        ms[ms.len() / 2],
        mean,
        ms[ms.len() - 1],
        ms.len()
    );
}

/// Plain per-image timing, printed before criterion runs.
fn per_image_report(photos: &[Photo]) {
    let luma: Vec<f64> = photos
        .iter()
        .map(|p| {
            median_ms(
                || drop(black_box(scan_luma(p.width, p.height, p.width, &p.luma))),
                15,
            )
        })
        .collect();
    let file: Vec<f64> = photos
        .iter()
        .map(|p| median_ms(|| drop(black_box(scan_image(&p.file))), 15))
        .collect();
    summary("corpus scan_luma (pixels in memory)", luma.clone());
    summary("corpus scan_image (PNG decode + scan)", file);
    let vga: Vec<f64> = photos
        .iter()
        .zip(&luma)
        .filter(|(p, _)| p.width == 640 && p.height == 480)
        .map(|(_, &t)| t)
        .collect();
    summary("corpus 640×480 photos, scan_luma", vga);
    let slowest = photos.iter().zip(&luma).max_by(|a, b| a.1.total_cmp(b.1));
    if let Some((p, t)) = slowest {
        println!("slowest: {} {:.3} ms", p.name, t);
    }
}

fn benches(c: &mut Criterion) {
    let photos = corpus();
    per_image_report(&photos);

    let mut g = c.benchmark_group("qr_scan");
    g.sample_size(20);
    g.bench_function("corpus_60_photos_scan_luma", |b| {
        b.iter(|| {
            for p in &photos {
                let _ = black_box(scan_luma(p.width, p.height, p.width, &p.luma));
            }
        })
    });
    g.bench_function("corpus_60_photos_scan_image", |b| {
        b.iter(|| {
            for p in &photos {
                let _ = black_box(scan_image(&p.file));
            }
        })
    });
    let (text, frame) = qr_synth::hd_frame(42);
    let luma = frame.to_luma();
    assert_eq!(
        scan_luma(1280, 720, 1280, &luma).expect("permit found"),
        vec![text]
    );
    g.bench_function("frame_1280x720_one_permit", |b| {
        b.iter(|| black_box(scan_luma(1280, 720, 1280, &luma)))
    });
    let mut rng = qr_synth::Rng::new(9);
    let mut empty = qr_synth::Picture {
        width: 1280,
        height: 720,
        data: vec![128.0; 1280 * 720],
    };
    empty.noise(&mut rng, 30.0);
    empty.blur(1.5);
    let empty = empty.to_luma();
    g.bench_function("frame_1280x720_no_code", |b| {
        b.iter(|| black_box(scan_luma(1280, 720, 1280, &empty)))
    });
    g.finish();
    frame_benches(c, &photos);
}

/// The camera loop (issue 18): frames of shuffled corpus tiles without a code,
/// the same with a corpus photo pasted in the middle, one-shot and Scanner.
fn frame_benches(c: &mut Criterion, photos: &[Photo]) {
    let with_code = photos
        .iter()
        .find(|p| p.name == WITH_CODE)
        .expect("the pasted photo");
    let mut g = c.benchmark_group("camera_frames");
    g.sample_size(20);
    for (w, h) in [(640usize, 360usize), (1280, 720)] {
        let empty = tile_frame(photos, w, h, 1);
        let mut coded = empty.clone();
        paste_centre(&mut coded, w, h, with_code);
        let (wu, hu) = (w as u32, h as u32);
        assert!(Scanner::new()
            .scan_luma(wu, hu, wu, &empty)
            .unwrap()
            .is_empty());
        assert_eq!(
            Scanner::new().scan_luma(wu, hu, wu, &coded).unwrap().len(),
            1
        );
        g.bench_function(format!("{w}x{h}_no_code_scan_luma"), |b| {
            b.iter(|| black_box(scan_luma(wu, hu, wu, &empty)))
        });
        g.bench_function(format!("{w}x{h}_no_code_scanner"), |b| {
            let mut s = Scanner::new();
            b.iter(|| black_box(s.scan_luma(wu, hu, wu, &empty)))
        });
        g.bench_function(format!("{w}x{h}_with_code_scan_luma"), |b| {
            b.iter(|| black_box(scan_luma(wu, hu, wu, &coded)))
        });
        g.bench_function(format!("{w}x{h}_with_code_scanner"), |b| {
            let mut s = Scanner::new();
            b.iter(|| black_box(s.scan_luma(wu, hu, wu, &coded)))
        });
    }
    let mut grey = Scanner::new();
    let uniform = vec![128u8; 1280 * 720];
    g.bench_function("1280x720_uniform_grey_scanner", |b| {
        b.iter(|| black_box(grey.scan_luma(1280, 720, 1280, &uniform)))
    });
    g.bench_function("corpus_60_photos_scanner", |b| {
        b.iter(|| {
            for p in photos {
                let _ = black_box(Scanner::new().scan_luma(p.width, p.height, p.width, &p.luma));
            }
        })
    });
    g.finish();
}

/// The corpus photo pasted into the "with a code" frames (read by every
/// decoder in benches/wasm/scanner.mjs).
const WITH_CODE: &str = "qrcode-3/01.png";

criterion_group!(qr, benches);

fn main() {
    qr();
    Criterion::default().configure_from_args().final_summary();
}
