//! The camera-loop [`Scanner`]: pre-pass on frames without a code, regions of
//! interest, corner points, the corpus through a scanner, and bad input.
#![cfg(all(feature = "render", feature = "scan"))]
#![allow(clippy::unwrap_used, clippy::panic)]

mod qr_synth;

use qr_synth::frames::{corpus, paste_centre, tile_frame};
use qrpass::qr::{Scanner, ScannerOptions};

/// Tuning survey, printed: `cargo test --release -p qrpass --test qr_scanner -- --ignored --nocapture`.
#[test]
#[ignore]
fn survey() {
    let photos = corpus();
    for (w, h) in [(640usize, 360usize), (1280, 720)] {
        let mut s = Scanner::new();
        let t = std::time::Instant::now();
        for seed in 0..40 {
            let f = tile_frame(&photos, w, h, seed);
            assert!(s
                .scan_luma(w as u32, h as u32, w as u32, &f)
                .unwrap()
                .is_empty());
        }
        println!(
            "{w}x{h} texture: {:?} {:.2} ms/frame",
            s.stats(),
            t.elapsed().as_secs_f64() * 25.0
        );
    }
    let mut ok = 0;
    let mut missed = Vec::new();
    for p in &photos {
        let mut s = Scanner::new();
        let codes = s.scan_luma(p.width, p.height, p.width, &p.luma).unwrap();
        let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        if codes.iter().any(|c| norm(&c.text) == norm(&p.expected)) {
            ok += 1;
        } else {
            missed.push((p.name.clone(), s.stats().skipped));
        }
    }
    println!("corpus via Scanner: {ok}/60, missed {missed:?}");
    let _ = (paste_centre, ScannerOptions::default());
}

/// Tuning survey of the hard classes: one-shot and Scanner rates.
#[test]
#[ignore]
fn survey_hard() {
    use qr_synth::angles::{hard_sample, Hard};
    use qrpass::qr::scan_luma;
    for class in Hard::ALL {
        let (mut one, mut cam, n) = (0, 0, 100);
        let mut fails = Vec::new();
        let t = std::time::Instant::now();
        for i in 0..n {
            let s = hard_sample(class, i);
            if scan_luma(s.width, s.height, s.width, &s.luma).is_ok_and(|t| t.first() == Some(&s.text)) {
                one += 1;
            } else {
                fails.push(i);
            }
            let codes = Scanner::new().scan_luma(s.width, s.height, s.width, &s.luma).unwrap();
            if codes.first().map(|c| &c.text) == Some(&s.text) {
                cam += 1;
            }
        }
        println!("{class:?}: one-shot {one}/{n}, scanner {cam}/{n}, fails {fails:?} {:.1}s", t.elapsed().as_secs_f64());
    }
}

/// Writes a hard sample as PNG: `QRPASS_DUMP=class:index`.
#[test]
#[ignore]
fn dump_hard() {
    use qr_synth::angles::{hard_sample, Hard};
    let Ok(spec) = std::env::var("QRPASS_DUMP") else { return };
    let (c, i) = spec.split_once(':').unwrap();
    let class = Hard::ALL.into_iter().find(|h| format!("{h:?}") == c).unwrap();
    let s = hard_sample(class, i.parse().unwrap());
    let p = qr_synth::Picture { width: s.width as usize, height: s.height as usize, data: s.luma.iter().map(|&v| v as f32).collect() };
    std::fs::write(format!("/tmp/{c}-{i}.png"), p.to_png()).unwrap();
}

#[test]
#[ignore]
fn debug_one() {
    use qr_synth::angles::{hard_sample, Hard};
    let s = hard_sample(Hard::Perspective45, 7);
    println!("{:?}", qrpass::qr::scan_luma(s.width, s.height, s.width, &s.luma));
}

#[test]
#[ignore]
fn debug_dim() {
    use qr_synth::angles::{hard_sample, Hard};
    for i in 0..40 {
        let s = hard_sample(Hard::DimScreen, i);
        let mut sc = Scanner::new();
        let c = sc.scan_luma(s.width, s.height, s.width, &s.luma).unwrap();
        println!("{i} {} {:?}", c.len(), sc.stats());
    }
}
