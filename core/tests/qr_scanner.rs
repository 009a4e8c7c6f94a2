//! The camera-loop [`Scanner`]: pre-pass on frames without a code, regions of
//! interest, corner points, the corpus through a scanner, and bad input.
#![cfg(all(feature = "render", feature = "scan"))]
#![allow(clippy::unwrap_used, clippy::panic)]

mod qr_synth;

use qr_synth::frames::{corpus, paste_centre, tile_frame};
use qrpass::qr::{encode, scan_luma, RenderOptions, Scanner, ScannerOptions};
use qrpass::ErrorCode;

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
            if scan_luma(s.width, s.height, s.width, &s.luma)
                .is_ok_and(|t| t.first() == Some(&s.text))
            {
                one += 1;
            } else {
                fails.push(i);
            }
            let codes = Scanner::new()
                .scan_luma(s.width, s.height, s.width, &s.luma)
                .unwrap();
            if codes.first().map(|c| &c.text) == Some(&s.text) {
                cam += 1;
            }
        }
        println!(
            "{class:?}: one-shot {one}/{n}, scanner {cam}/{n}, fails {fails:?} {:.1}s",
            t.elapsed().as_secs_f64()
        );
    }
}

/// A `w × h` frame of mid grey with `text`'s code (4-module quiet zone, `px`
/// pixels per module, unrotated) whose top-left module is at (x0, y0).
fn frame_with_code(text: &str, w: usize, h: usize, x0: usize, y0: usize, px: usize) -> Vec<u8> {
    let qr = encode(text, &RenderOptions::default()).unwrap();
    let n = qr.width();
    let mut f = vec![120u8; w * h];
    for y in y0 - 4 * px..y0 + (n + 4) * px {
        for x in x0 - 4 * px..x0 + (n + 4) * px {
            let (mx, my) = (
                (x as isize - x0 as isize).div_euclid(px as isize),
                (y as isize - y0 as isize).div_euclid(px as isize),
            );
            let dark = mx >= 0
                && my >= 0
                && (mx as usize) < n
                && (my as usize) < n
                && qr.is_dark(mx as usize, my as usize);
            f[y * w + x] = if dark { 20 } else { 235 };
        }
    }
    f
}

#[test]
fn textured_frames_without_a_code_are_skipped_by_the_prepass() {
    let photos = corpus();
    let mut scanner = Scanner::new();
    for seed in 0..10 {
        let f = tile_frame(&photos, 640, 360, seed);
        assert!(scanner.scan_luma(640, 360, 640, &f).unwrap().is_empty());
    }
    let stats = scanner.stats();
    assert_eq!((stats.frames, stats.decoded), (10, 0));
    // Measured: all 40 of seeds 0..40 at 640×360 (docs/scanning.md).
    assert!(stats.skipped >= 9, "{stats:?}");
    // Without the pre-pass nothing is skipped, and still nothing is found.
    let mut plain = Scanner::with_options(ScannerOptions {
        prepass: false,
        ..ScannerOptions::default()
    });
    let f = tile_frame(&photos, 640, 360, 0);
    assert!(plain.scan_luma(640, 360, 640, &f).unwrap().is_empty());
    assert_eq!(plain.stats().skipped, 0);
}

#[test]
fn corners_locate_the_code_and_the_next_frame_uses_its_box() {
    let text = "VN1:CORNERS AND REGIONS";
    let (px, x0, y0) = (4usize, 400usize, 100usize);
    let f = frame_with_code(text, 1280, 720, x0, y0, px);
    let n = encode(text, &RenderOptions::default()).unwrap().width();
    let side = (n * px) as f32;
    let mut scanner = Scanner::new();
    let codes = scanner.scan_luma(1280, 720, 1280, &f).unwrap();
    assert_eq!(codes.len(), 1);
    assert_eq!(codes[0].text, text);
    let expect = [(0.0, 0.0), (side, 0.0), (side, side), (0.0, side)];
    for (c, (ex, ey)) in codes[0].corners.iter().zip(expect) {
        let (ex, ey) = (x0 as f32 + ex, y0 as f32 + ey);
        assert!(
            (c.x - ex).abs() <= 3.0 && (c.y - ey).abs() <= 3.0,
            "{c:?} vs ({ex}, {ey})"
        );
    }
    // Not in the centre quarter: the first frame needed the whole frame.
    assert_eq!(scanner.stats().from_region, 0);
    // The next frame is read from the last code's box.
    let again = scanner.scan_luma(1280, 720, 1280, &f).unwrap();
    assert_eq!(again, codes);
    assert_eq!(scanner.stats().from_region, 1);
    assert_eq!(scanner.stats().decoded, 2);
    // Without regions of interest the same frame is read from the whole frame.
    let mut whole = Scanner::with_options(ScannerOptions {
        region_of_interest: false,
        ..ScannerOptions::default()
    });
    whole.scan_luma(1280, 720, 1280, &f).unwrap();
    assert_eq!(whole.scan_luma(1280, 720, 1280, &f).unwrap(), codes);
    assert_eq!(whole.stats().from_region, 0);
    // reset() forgets the box and the counters.
    scanner.reset();
    assert_eq!(scanner.stats(), Default::default());
    assert_eq!(scanner.scan_luma(1280, 720, 1280, &f).unwrap(), codes);
    assert_eq!(scanner.stats().from_region, 0);
}

#[test]
fn a_code_in_the_centre_is_read_from_the_centre_crop() {
    let text = "VN1:CENTRE";
    let n = encode(text, &RenderOptions::default()).unwrap().width();
    let px = 4;
    let (x0, y0) = (640 - n * px / 2, 360 - n * px / 2);
    let f = frame_with_code(text, 1280, 720, x0, y0, px);
    let mut scanner = Scanner::new();
    assert_eq!(
        scanner.scan_luma(1280, 720, 1280, &f).unwrap()[0].text,
        text
    );
    assert_eq!(scanner.stats().from_region, 1);
}

#[test]
fn rgba_frames_and_rotated_corners() {
    let text = "VN1:RGBA";
    let f = frame_with_code(text, 320, 240, 100, 60, 3);
    // The same frame turned upside down: "top left" is now bottom right.
    let turned: Vec<u8> = f.iter().rev().copied().collect();
    let rgba: Vec<u8> = turned.iter().flat_map(|&l| [l, l, l, 255]).collect();
    let codes = Scanner::new().scan_rgba(320, 240, &rgba).unwrap();
    assert_eq!(codes[0].text, text);
    let tl = codes[0].corners[0];
    let br = codes[0].corners[2];
    assert!(tl.x > br.x && tl.y > br.y, "{:?}", codes[0].corners);
}

#[test]
fn scanner_bad_input_is_an_error_and_leaves_its_state() {
    let text = "VN1:STATE";
    let f = frame_with_code(text, 320, 240, 100, 60, 3);
    let mut scanner = Scanner::new();
    scanner.scan_luma(320, 240, 320, &f).unwrap();
    let before = scanner.stats();
    let e = scanner.scan_luma(320, 240, 319, &f).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    let e = scanner.scan_luma(320, 240, 320, &f[..1000]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::BadImage);
    let e = scanner.scan_luma(0, 240, 320, &f).unwrap_err();
    assert_eq!(e.code(), ErrorCode::BadImage);
    let e = scanner
        .scan_luma(100_000, 100_000, 100_000, &[])
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ImageTooLarge);
    let e = scanner.scan_rgba(320, 240, &f).unwrap_err();
    assert_eq!(e.code(), ErrorCode::BadImage);
    assert_eq!(scanner.stats(), before);
    // Tiny frames hold no code: an empty list, not an error.
    assert!(scanner.scan_luma(5, 5, 5, &[0; 25]).unwrap().is_empty());
    assert!(scan_luma(5, 5, 5, &[0; 25]).is_err());
}

#[test]
fn a_code_pasted_into_texture_is_found() {
    let photos = corpus();
    let photo = photos.iter().find(|p| p.name == "qrcode-3/01.png").unwrap();
    let mut f = tile_frame(&photos, 640, 360, 3);
    paste_centre(&mut f, 640, 360, photo);
    let codes = Scanner::new().scan_luma(640, 360, 640, &f).unwrap();
    assert_eq!(codes.len(), 1);
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(norm(&codes[0].text), norm(&photo.expected));
}

#[test]
fn corpus_through_a_fresh_scanner_per_photo() {
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let ok = corpus()
        .iter()
        .filter(|p| {
            let codes = Scanner::new()
                .scan_luma(p.width, p.height, p.width, &p.luma)
                .unwrap();
            codes.iter().any(|c| norm(&c.text) == norm(&p.expected))
        })
        .count();
    // 57: the one-shot 59 less qrcode-5/16 (version 40 at 1 px per module,
    // below the pre-pass's 1.4 px) and qrcode-2/16 (a code inside a code: the
    // centre crop reads the inner one, and a region's result is final).
    assert!(ok >= 57, "{ok}/60");
}

/// Exports 20 pictures of each angle class as PNG + expected text into
/// target/synth-samples/ for `node benches/wasm/scanner.mjs`:
/// `cargo test --release -p qrpass --test qr_scanner export_samples -- --ignored`
/// (also writes the benchmark frames into target/synth-frames/).
#[test]
#[ignore]
fn export_samples() {
    use qr_synth::angles::{hard_sample, Hard};
    use qr_synth::{sample, Class, Picture};
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/synth-samples");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: String, text: &str, p: Picture| {
        std::fs::write(dir.join(format!("{name}.png")), p.to_png()).unwrap();
        std::fs::write(dir.join(format!("{name}.txt")), text).unwrap();
    };
    for i in 0..20 {
        for class in [Class::Rotation, Class::Screen] {
            let s = sample(class, i);
            write(format!("{class:?}-{i}"), &s.text, s.picture);
        }
        for class in Hard::ALL {
            let s = hard_sample(class, i);
            let p = Picture {
                width: s.width as usize,
                height: s.height as usize,
                data: s.luma.iter().map(|&v| f32::from(v)).collect(),
            };
            write(format!("{class:?}-{i}"), &s.text, p);
        }
    }
    // The camera-like frames of the benchmarks (qrpass_testkit::frames), for
    // benches/wasm/scanner.mjs: seeds 1..=10, without and with the code.
    let frames = dir.with_file_name("synth-frames");
    std::fs::create_dir_all(&frames).unwrap();
    let photos = corpus();
    let pasted = photos.iter().find(|p| p.name == "qrcode-3/01.png").unwrap();
    for (w, h) in [(640usize, 360usize), (1280, 720)] {
        for seed in 1..=10 {
            let empty = tile_frame(&photos, w, h, seed);
            let mut coded = empty.clone();
            paste_centre(&mut coded, w, h, pasted);
            for (name, luma) in [("empty", empty), ("code", coded)] {
                let p = Picture {
                    width: w,
                    height: h,
                    data: luma.iter().map(|&v| f32::from(v)).collect(),
                };
                let file = frames.join(format!("{w}x{h}-{name}-{seed}.png"));
                std::fs::write(file, p.to_png()).unwrap();
            }
        }
    }
}

/// Which dim-screen pictures a fresh Scanner misses, and whether its pre-pass
/// skipped them: `cargo test -p qrpass --test qr_scanner dim_misses -- --ignored --nocapture`.
#[test]
#[ignore]
fn dim_misses() {
    use qr_synth::angles::{hard_sample, Hard};
    let mut misses = Vec::new();
    for i in 0..100 {
        let s = hard_sample(Hard::DimScreen, i);
        let mut scanner = Scanner::new();
        let codes = scanner
            .scan_luma(s.width, s.height, s.width, &s.luma)
            .unwrap();
        if codes.first().map(|c| &c.text) != Some(&s.text) {
            misses.push((i, scanner.stats().skipped));
            let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target");
            let p = qr_synth::Picture {
                width: s.width as usize,
                height: s.height as usize,
                data: s.luma.iter().map(|&v| f32::from(v)).collect(),
            };
            std::fs::write(dir.join(format!("dim-miss-{i}.png")), p.to_png()).unwrap();
        }
    }
    println!("dim-screen Scanner misses (index, skipped): {misses:?}");
}
