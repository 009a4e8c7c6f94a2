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
