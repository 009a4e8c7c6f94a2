//! `qrpass::qr::scan_luma` with fuzzer-chosen small dimensions. Input: byte 0 →
//! width − 1, byte 1 → height − 1 (1..=256 each), byte 2 → row padding
//! (stride = width + byte 2 % 16), the rest → the luma buffer (often too short
//! or too long on purpose). Also `scan_rgba` on the same bytes as RGBA.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::ErrorCode;

fuzz_target!(|data: &[u8]| {
    let [w, h, pad, luma @ ..] = data else { return };
    let (width, height) = (u32::from(*w) + 1, u32::from(*h) + 1);
    let stride = width + u32::from(*pad % 16);
    let needed = (stride as usize) * (height as usize - 1) + width as usize;
    match qrpass::qr::scan_luma(width, height, stride, luma) {
        Ok(texts) => assert!(!texts.is_empty()),
        Err(e) => {
            if luma.len() < needed {
                assert_eq!(e.code(), ErrorCode::BadImage, "{e}");
            } else {
                assert_eq!(e.code(), ErrorCode::NoQrFound, "{e}");
            }
        }
    }
    let rgba_ok = luma.len() == (width * height * 4) as usize;
    match qrpass::qr::scan_rgba(width, height, luma) {
        Ok(texts) => assert!(rgba_ok && !texts.is_empty()),
        Err(e) => assert_eq!(
            e.code(),
            if rgba_ok {
                ErrorCode::NoQrFound
            } else {
                ErrorCode::BadImage
            },
            "{e}"
        ),
    }
});
