//! Scanner speed: the 60 corpus photos and a 1280×720 frame holding one permit.
//!
//! `cargo bench -p qrpass --bench qr_scan` first prints the per-image times
//! (median and mean over the corpus, each image timed as the median of 15
//! runs), then runs the criterion benchmarks.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use criterion::{criterion_group, Criterion};
use qrpass::qr::{scan_image, scan_luma, Scanner};

#[path = "../tests/qr_synth/mod.rs"]
mod qr_synth;

struct Photo {
    name: String,
    file: Vec<u8>,
    width: u32,
    height: u32,
    luma: Vec<u8>,
}

/// PNG to luma (BT.601), as the scanner does, so `scan_luma` can be timed alone.
fn png_luma(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut d = png::Decoder::new(std::io::Cursor::new(bytes));
    d.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut r = d.read_info().expect("PNG");
    let mut buf = vec![0; r.output_buffer_size().expect("size")];
    let info = r.next_frame(&mut buf).expect("frame");
    let ch = info.color_type.samples();
    let mut luma = Vec::new();
    for row in buf.chunks(info.line_size).take(info.height as usize) {
        for p in row.chunks(ch).take(info.width as usize) {
            let l = if ch < 3 {
                u32::from(p[0])
            } else {
                (77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2]) + 128) >> 8
            };
            luma.push(l as u8);
        }
    }
    (info.width, info.height, luma)
}

fn corpus() -> Vec<Photo> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/qr-corpus/zxing");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest"))
            .expect("JSON");
    manifest
        .as_array()
        .expect("array")
        .iter()
        .map(|e| {
            let name = e["image"].as_str().expect("image").to_string();
            let file = std::fs::read(dir.join(&name)).expect("photo");
            let (width, height, luma) = png_luma(&file);
            Photo {
                name,
                file,
                width,
                height,
                luma,
            }
        })
        .collect()
}

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
    let tiles: Vec<qr_synth::frames::Photo> = photos
        .iter()
        .map(|p| qr_synth::frames::Photo {
            name: p.name.clone(),
            expected: String::new(),
            file: Vec::new(),
            width: p.width,
            height: p.height,
            luma: p.luma.clone(),
        })
        .collect();
    let with_code = tiles
        .iter()
        .find(|p| p.name == WITH_CODE)
        .expect("the pasted photo");
    let mut g = c.benchmark_group("camera_frames");
    g.sample_size(20);
    for (w, h) in [(640usize, 360usize), (1280, 720)] {
        let empty = qr_synth::frames::tile_frame(&tiles, w, h, 1);
        let mut coded = empty.clone();
        qr_synth::frames::paste_centre(&mut coded, w, h, with_code);
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
