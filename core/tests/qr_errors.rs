//! Every error path of `qrpass::qr` returns its documented code.
#![cfg(all(feature = "render", feature = "scan"))]
#![allow(clippy::unwrap_used, clippy::panic)]

use qrpass::qr::{encode, scan_image, scan_luma, scan_rgba, Ecc, RenderOptions, MAX_IMAGE_PIXELS};
use qrpass::ErrorCode;

fn code<T: std::fmt::Debug>(r: qrpass::Result<T>) -> ErrorCode {
    r.expect_err("an error").code()
}

fn permit_png() -> Vec<u8> {
    encode("VN1:HELLO PERMIT", &RenderOptions::default())
        .unwrap()
        .to_png()
        .unwrap()
}

/// A valid PNG header (signature + IHDR with a correct CRC) claiming the
/// given size, and nothing after it.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit grey, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend_from_slice(&13u32.to_be_bytes());
    out.extend_from_slice(&ihdr);
    out.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A real 64×64 grey JPEG whose frame header (SOF0) is patched to claim the
/// given size; the scan data stays that of 64×64.
fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = Vec::new();
    let pixels: Vec<u8> = (0..64 * 64).map(|i| (i % 64 * 4) as u8).collect();
    jpeg_encoder::Encoder::new(&mut jpeg, 90)
        .encode(&pixels, 64, 64, jpeg_encoder::ColorType::Luma)
        .unwrap();
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("SOF0");
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

#[test]
fn encode_empty_text() {
    assert_eq!(
        code(encode("", &RenderOptions::default())),
        ErrorCode::EmptyInput
    );
}

#[test]
fn encode_text_too_long_for_qr() {
    let h = RenderOptions {
        ecc: Ecc::H,
        ..RenderOptions::default()
    };
    // 1852 bytes is the 40-L byte-mode maximum... 40-H holds 1273.
    assert_eq!(code(encode(&"a".repeat(1274), &h)), ErrorCode::QrTooLong);
    assert!(encode(&"a".repeat(1273), &h).is_ok());
    assert_eq!(
        code(encode(&"A".repeat(1_000_000), &h)),
        ErrorCode::QrTooLong
    );
}

#[test]
fn scan_image_empty_and_garbage() {
    assert_eq!(code(scan_image(&[])), ErrorCode::EmptyInput);
    assert_eq!(
        code(scan_image(b"hello, this is not an image")),
        ErrorCode::BadImage
    );
    assert_eq!(code(scan_image(&[0u8; 4096])), ErrorCode::BadImage);
    assert_eq!(code(scan_image(b"\x89PNG\r\n\x1a\n")), ErrorCode::BadImage);
    assert_eq!(code(scan_image(&[0xFF, 0xD8, 0xFF])), ErrorCode::BadImage);
    let mut garbage_png = b"\x89PNG\r\n\x1a\n".to_vec();
    garbage_png.extend((0..2000u32).map(|i| (i * 7919 % 251) as u8));
    assert_eq!(code(scan_image(&garbage_png)), ErrorCode::BadImage);
}

#[test]
fn scan_image_truncated_png() {
    let png = permit_png();
    assert!(scan_image(&png).is_ok());
    for cut in [9, 20, 33, 40, 60, png.len() / 2, png.len() - 40] {
        let e = scan_image(&png[..cut]).expect_err("truncated PNG");
        assert_eq!(e.code(), ErrorCode::BadImage, "cut at {cut}: {e}");
    }
    // Cut in the trailer (after the pixel data): decoded or refused, never a panic.
    for cut in png.len() - 20..png.len() {
        if let Err(e) = scan_image(&png[..cut]) {
            assert_eq!(e.code(), ErrorCode::BadImage, "cut at {cut}: {e}");
        }
    }
}

#[test]
fn scan_image_png_zero_and_huge_dimensions() {
    // PNG forbids zero dimensions; the decoder rejects the header.
    assert_eq!(code(scan_image(&png_header(0, 10))), ErrorCode::BadImage);
    // 2^31-1 × 2^31-1 pixels: refused from the header, before allocating.
    assert_eq!(
        code(scan_image(&png_header(0x7FFF_FFFF, 0x7FFF_FFFF))),
        ErrorCode::ImageTooLarge
    );
    assert_eq!(
        code(scan_image(&png_header(10_000, 5_000))),
        ErrorCode::ImageTooLarge
    );
    // Within the limit but no pixel data.
    assert_eq!(code(scan_image(&png_header(100, 100))), ErrorCode::BadImage);
}

#[test]
fn scan_image_jpeg_zero_and_huge_dimensions() {
    assert_eq!(
        code(scan_image(&jpeg_claiming(64, 64))),
        ErrorCode::NoQrFound
    );
    // 4.2 gigapixels claimed: refused from the header, before decoding.
    assert_eq!(
        code(scan_image(&jpeg_claiming(65_000, 65_000))),
        ErrorCode::ImageTooLarge
    );
    assert_eq!(
        code(scan_image(&jpeg_claiming(0, 100))),
        ErrorCode::BadImage
    );
    // Claims more pixels than its scan data holds: refused or decoded as
    // padding, never a panic.
    if let Err(e) = scan_image(&jpeg_claiming(3000, 2000)) {
        assert!(
            matches!(e.code(), ErrorCode::BadImage | ErrorCode::NoQrFound),
            "{e}"
        );
    }
    let jpeg = jpeg_claiming(64, 64);
    assert_eq!(
        code(scan_image(&jpeg[..jpeg.len() / 3])),
        ErrorCode::BadImage
    );
}

#[test]
fn scan_luma_bad_dimensions_and_buffers() {
    let buf = vec![255u8; 100 * 100];
    assert_eq!(code(scan_luma(0, 100, 100, &buf)), ErrorCode::BadImage);
    assert_eq!(code(scan_luma(100, 0, 100, &buf)), ErrorCode::BadImage);
    // Stride smaller than the width.
    assert_eq!(
        code(scan_luma(100, 100, 99, &buf)),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        code(scan_luma(100, 100, 0, &buf)),
        ErrorCode::InvalidArgument
    );
    // Buffer too short, with and without stride.
    assert_eq!(code(scan_luma(100, 101, 100, &buf)), ErrorCode::BadImage);
    assert_eq!(code(scan_luma(100, 100, 101, &buf)), ErrorCode::BadImage);
    assert_eq!(code(scan_luma(100, 100, 100, &[])), ErrorCode::BadImage);
    // Huge dimensions are refused before the buffer is looked at.
    assert_eq!(
        code(scan_luma(u32::MAX, u32::MAX, u32::MAX, &buf)),
        ErrorCode::ImageTooLarge
    );
    let side = (MAX_IMAGE_PIXELS as f64).sqrt() as u32 + 1;
    assert_eq!(
        code(scan_luma(side, side, side, &buf)),
        ErrorCode::ImageTooLarge
    );
    // Exactly right, and longer (a whole YUV frame), are fine.
    assert_eq!(code(scan_luma(100, 100, 100, &buf)), ErrorCode::NoQrFound);
    assert_eq!(code(scan_luma(100, 66, 100, &buf)), ErrorCode::NoQrFound);
    // Stride padding with a short last row.
    assert_eq!(
        code(scan_luma(90, 100, 100, &buf[..99 * 100 + 90])),
        ErrorCode::NoQrFound
    );
}

#[test]
fn scan_rgba_bad_dimensions_and_buffers() {
    let buf = vec![255u8; 50 * 50 * 4];
    assert_eq!(code(scan_rgba(0, 50, &buf)), ErrorCode::BadImage);
    assert_eq!(code(scan_rgba(50, 0, &buf)), ErrorCode::BadImage);
    assert_eq!(
        code(scan_rgba(50, 50, &buf[..buf.len() - 1])),
        ErrorCode::BadImage
    );
    assert_eq!(code(scan_rgba(50, 49, &buf)), ErrorCode::BadImage);
    assert_eq!(code(scan_rgba(u32::MAX, 2, &buf)), ErrorCode::ImageTooLarge);
    assert_eq!(code(scan_rgba(50, 50, &buf)), ErrorCode::NoQrFound);
}

#[test]
fn no_qr_in_plain_pictures() {
    assert_eq!(code(scan_luma(1, 1, 1, &[0])), ErrorCode::NoQrFound);
    let stripes: Vec<u8> = (0..320 * 240)
        .map(|i| if (i % 320) / 5 % 2 == 0 { 0 } else { 255 })
        .collect();
    assert_eq!(
        code(scan_luma(320, 240, 320, &stripes)),
        ErrorCode::NoQrFound
    );
}

#[test]
fn error_messages_are_plain_words() {
    let e = scan_luma(100, 100, 99, &[0; 10_000]).unwrap_err();
    assert!(e.message().contains("stride"), "{e}");
    assert_eq!(e.code().as_str(), "invalid_argument");
}
