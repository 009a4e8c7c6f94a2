//! Synthetic robustness set: permit-sized `VN1:` codes rendered with
//! `qrpass::qr::encode`, photographed by a simulated camera (see
//! `tests/qr_synth/mod.rs`), one test per degradation class. Each prints its
//! success rate (run with `--nocapture`) and asserts at least 95%.
//! Samples 0..PER_CLASS are used here; `docs/scanning.md` also reports 200
//! held-out samples per class (seeds 1000..1200) measured in release mode.
#![cfg(all(feature = "render", feature = "scan"))]
#![allow(clippy::unwrap_used, clippy::panic)]

mod qr_synth;

use qr_synth::angles::{hard_sample, Hard};
use qr_synth::{sample, Class};
use qrpass::qr::{scan_image, scan_luma, Scanner};

/// Pictures per class: fewer in unoptimised builds, where drawing them is slow.
const PER_CLASS: u64 = if cfg!(debug_assertions) { 25 } else { 100 };
/// The floor: 95% of the pictures, rounded up.
const FLOOR: u64 = (PER_CLASS * 95).div_ceil(100);

/// Decodes `PER_CLASS` samples of `class` and returns how many gave the text.
fn run(class: Class) -> u64 {
    run_range(class, 0..PER_CLASS)
}

/// Decodes samples `range` of `class`, prints the rate, returns the successes.
fn run_range(class: Class, range: std::ops::Range<u64>) -> u64 {
    let total = range.end - range.start;
    let mut ok = 0;
    let mut failed = Vec::new();
    for i in range {
        let s = sample(class, i);
        let result = match &s.jpeg {
            Some(bytes) => scan_image(bytes),
            None => {
                let (w, h) = (s.picture.width as u32, s.picture.height as u32);
                scan_luma(w, h, w, &s.picture.to_luma())
            }
        };
        match result {
            Ok(texts) if texts.first() == Some(&s.text) => ok += 1,
            Ok(texts) => panic!("{class:?} #{i}: wrong text {texts:?}"),
            Err(_) => failed.push(i),
        }
    }
    println!(
        "synthetic {:<13} {ok}/{total} = {:5.1}%  failed samples: {failed:?}",
        format!("{class:?}"),
        100.0 * ok as f64 / total as f64
    );
    ok
}

macro_rules! class_test {
    ($name:ident, $class:expr) => {
        #[test]
        fn $name() {
            let ok = run($class);
            assert!(ok >= FLOOR, "{:?}: {ok}/{PER_CLASS}, floor {FLOOR}", $class);
        }
    };
}

class_test!(rotation_through_360_degrees, Class::Rotation);
class_test!(perspective_tilt_up_to_30_degrees, Class::Perspective);
class_test!(gaussian_blur, Class::Blur);
class_test!(sensor_noise, Class::Noise);
class_test!(low_contrast, Class::LowContrast);
class_test!(jpeg_quality_30, Class::Jpeg30);
class_test!(two_pixel_modules, Class::SmallModules);
class_test!(phone_screen_photographed, Class::Screen);

/// The held-out figures of `docs/scanning.md`: samples 1000..1200 of every
/// class, which the scanner was not tuned on. Slow; run in release:
/// `cargo test --release -p qrpass --test qr_synthetic -- --ignored --nocapture`.
#[test]
#[ignore]
fn held_out_200_per_class() {
    for class in Class::ALL {
        let ok = run_range(class, 1000..1200);
        assert!(ok >= 190, "{class:?}: {ok}/200");
    }
}

/// Pictures per hard class (issue 18), in every build: with fewer, one miss
/// moves the rate by more than the margin to the 95% floor.
const PER_HARD: u64 = 100;

/// Decodes `PER_HARD` samples of `class` one-shot (`scan_luma`) and with a
/// fresh camera-loop [`Scanner`]; prints and returns both success counts.
fn run_hard(class: Hard) -> (u64, u64) {
    let (mut one_shot, mut scanner) = (0, 0);
    let mut failed = Vec::new();
    for i in 0..PER_HARD {
        let s = hard_sample(class, i);
        match scan_luma(s.width, s.height, s.width, &s.luma) {
            Ok(texts) if texts.first() == Some(&s.text) => one_shot += 1,
            Ok(texts) => panic!("{class:?} #{i}: wrong text {texts:?}"),
            Err(_) => failed.push(i),
        }
        let codes = Scanner::new()
            .scan_luma(s.width, s.height, s.width, &s.luma)
            .unwrap();
        if codes.first().map(|c| &c.text) == Some(&s.text) {
            scanner += 1;
        }
    }
    println!(
        "hard {:<13} one-shot {one_shot}/{PER_HARD}, Scanner {scanner}/{PER_HARD}  one-shot failed: {failed:?}",
        format!("{class:?}")
    );
    (one_shot, scanner)
}

macro_rules! hard_test {
    ($name:ident, $class:expr, $scanner_too:expr) => {
        #[test]
        fn $name() {
            let floor = (PER_HARD * 95).div_ceil(100);
            let (one_shot, scanner) = run_hard($class);
            assert!(
                one_shot >= floor,
                "{:?} one-shot: {one_shot}/{PER_HARD}",
                $class
            );
            if $scanner_too {
                assert!(
                    scanner >= floor,
                    "{:?} Scanner: {scanner}/{PER_HARD}",
                    $class
                );
            }
        }
    };
}

hard_test!(perspective_up_to_45_degrees, Hard::Perspective45, true);
hard_test!(mirrored_any_roll, Hard::Mirrored, true);
hard_test!(inverted_any_roll, Hard::Inverted, true);
hard_test!(dim_phone_screen, Hard::DimScreen, true);
hard_test!(small_code_in_720p_frame, Hard::SmallInHd, true);

/// The Scanner on the rotation and bright-screen classes above.
#[test]
fn scanner_on_rotation_and_screen() {
    for class in [Class::Rotation, Class::Screen] {
        let ok = (0..PER_CLASS)
            .filter(|&i| {
                let s = sample(class, i);
                let (w, h) = (s.picture.width as u32, s.picture.height as u32);
                let codes = Scanner::new()
                    .scan_luma(w, h, w, &s.picture.to_luma())
                    .unwrap();
                codes.first().map(|c| &c.text) == Some(&s.text)
            })
            .count() as u64;
        println!("Scanner {class:?}: {ok}/{PER_CLASS}");
        assert!(ok >= FLOOR, "Scanner {class:?}: {ok}/{PER_CLASS}");
    }
}
