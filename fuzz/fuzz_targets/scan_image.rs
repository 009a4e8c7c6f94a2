//! `qrpass::qr::scan_image` on arbitrary bytes (PNG, JPEG or anything): texts,
//! or `empty_input`, `bad_image`, `image_too_large`, `no_qr_found`; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::ErrorCode;

fuzz_target!(|data: &[u8]| {
    match qrpass::qr::scan_image(data) {
        Ok(texts) => assert!(!texts.is_empty() && texts.iter().all(|t| !t.is_empty())),
        Err(e) => assert!(
            matches!(
                e.code(),
                ErrorCode::EmptyInput
                    | ErrorCode::BadImage
                    | ErrorCode::ImageTooLarge
                    | ErrorCode::NoQrFound
            ),
            "{e}"
        ),
    }
});
