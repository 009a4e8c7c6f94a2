//! `qrpass::qr::Scanner` over a run of fuzzer-chosen frames, so its state (the
//! last code's box) carries from one frame to the next. Input: byte 0 → width
//! − 1, byte 1 → height − 1 (1..=256 each), byte 2 → row padding (stride =
//! width + byte 2 % 16) and options (bits 4, 5); the rest is cut into frames
//! of `stride × (height − 1) + width` bytes, the last one short on purpose.
//! Every frame gives codes or no codes, or `BadImage` for the short one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::qr::{Scanner, ScannerOptions};
use qrpass::ErrorCode;

fuzz_target!(|data: &[u8]| {
    let [w, h, flags, bytes @ ..] = data else {
        return;
    };
    let (width, height) = (u32::from(*w) + 1, u32::from(*h) + 1);
    let stride = width + u32::from(*flags % 16);
    let needed = (stride as usize) * (height as usize - 1) + width as usize;
    let mut scanner = Scanner::with_options(ScannerOptions {
        prepass: flags & 0x10 == 0,
        region_of_interest: flags & 0x20 == 0,
    });
    let mut frames = 0;
    for frame in bytes.chunks(needed) {
        match scanner.scan_luma(width, height, stride, frame) {
            Ok(codes) => {
                frames += 1;
                for c in &codes {
                    assert!(!c.text.is_empty());
                    assert!(c.corners.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
                }
            }
            Err(e) => {
                assert!(frame.len() < needed, "{e}");
                assert_eq!(e.code(), ErrorCode::BadImage, "{e}");
            }
        }
    }
    assert_eq!(scanner.stats().frames, frames);
});
