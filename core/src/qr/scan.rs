//! Finding and decoding QR codes in pixels.
//!
//! The decoder is `rxing` (a pure-Rust port of ZXing and of zxing-cpp's QR
//! detector), restricted to QR codes. One pass rarely fails on a clean frame;
//! for harder pictures [`decode_gray`] runs a short cascade of retries and stops
//! at the first one that finds a code.

use std::collections::HashSet;

use rxing::common::{GlobalHistogramBinarizer, HybridBinarizer};
use rxing::{Binarizer, BinaryBitmap};

use super::finder;
use super::gray::{check_pixels, Gray, MIN_SIDE};
use super::image_decode::{decode_to_gray, row_to_luma};
use super::rectify::{perspectives, rectify, Rectified};
use super::scanner::{Code, Point};
use super::symbol;
use crate::error::{Error, ErrorCode, Result};

/// Texts with this prefix are qrpass passes and are listed first.
const PASS_PREFIX: &str = "VN1:";
/// Pictures with more pixels than this are first searched at a reduced size.
const FAST_PIXELS: usize = 2_500_000;

/// Scans an 8-bit luma (grey) plane, such as the Y plane of a camera frame.
///
/// Row `y` starts at `luma[y * row_stride]` and holds `width` pixels;
/// `row_stride ≥ width` allows for row padding. The buffer must hold at least
/// `row_stride × (height − 1) + width` bytes; anything after that is ignored,
/// so a whole NV21, NV12 or I420 frame can be passed as is.
///
/// Returns every distinct text found, texts starting with `"VN1:"` first.
/// Errors: [`ErrorCode::InvalidArgument`] for `row_stride < width`;
/// [`ErrorCode::BadImage`] for zero dimensions or a short buffer; [`ErrorCode::ImageTooLarge`] above
/// [`MAX_IMAGE_PIXELS`](super::MAX_IMAGE_PIXELS); [`ErrorCode::NoQrFound`].
pub fn scan_luma(width: u32, height: u32, row_stride: u32, luma: &[u8]) -> Result<Vec<String>> {
    scan_gray(luma_to_gray(width, height, row_stride, luma)?)
}

/// Checks and copies a luma plane with row padding into a [`Gray`] (see [`scan_luma`]).
pub(crate) fn luma_to_gray(width: u32, height: u32, row_stride: u32, luma: &[u8]) -> Result<Gray> {
    check_pixels(width, height)?;
    if row_stride < width {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("the row stride {row_stride} is smaller than the width {width}"),
        ));
    }
    let needed = u64::from(row_stride) * u64::from(height - 1) + u64::from(width);
    if (luma.len() as u64) < needed {
        return Err(Error::new(
            ErrorCode::BadImage,
            format!(
                "the luma buffer has {} bytes, {width}×{height} pixels with stride {row_stride} need {needed}",
                luma.len()
            ),
        ));
    }
    let (w, stride) = (width as usize, row_stride as usize);
    let data: Vec<u8> = if stride == w {
        luma.get(..w * height as usize).unwrap_or_default().to_vec()
    } else {
        let mut data = Vec::with_capacity(w * height as usize);
        for y in 0..height as usize {
            let start = y * stride;
            data.extend_from_slice(luma.get(start..start + w).unwrap_or_default());
        }
        data
    };
    Gray::new(width, height, data)
}

/// Scans RGBA pixels, 4 bytes per pixel, no row padding: the `data` of a
/// browser canvas `ImageData`. Transparent pixels count as white.
///
/// Returns every distinct text found, texts starting with `"VN1:"` first.
/// Errors: [`ErrorCode::BadImage`] for zero dimensions or a buffer that is not
/// exactly `width × height × 4` bytes; [`ErrorCode::ImageTooLarge`];
/// [`ErrorCode::NoQrFound`].
pub fn scan_rgba(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<String>> {
    scan_gray(rgba_to_gray(width, height, rgba)?)
}

/// Checks and converts canvas RGBA pixels to a [`Gray`] (see [`scan_rgba`]).
pub(crate) fn rgba_to_gray(width: u32, height: u32, rgba: &[u8]) -> Result<Gray> {
    check_pixels(width, height)?;
    let expected = u64::from(width) * u64::from(height) * 4;
    if rgba.len() as u64 != expected {
        return Err(Error::new(
            ErrorCode::BadImage,
            format!(
                "the RGBA buffer has {} bytes, {width}×{height} pixels need {expected}",
                rgba.len()
            ),
        ));
    }
    let mut data = Vec::with_capacity(width as usize * height as usize);
    row_to_luma(rgba, 4, width as usize * height as usize, &mut data);
    Gray::new(width, height, data)
}

/// Scans a PNG or JPEG file (any bit depth, colour type or interlacing).
///
/// The dimensions are read from the header and checked against
/// [`MAX_IMAGE_PIXELS`](super::MAX_IMAGE_PIXELS) before the pixels are decoded.
/// Returns every distinct text found, texts starting with `"VN1:"` first.
/// Errors: [`ErrorCode::EmptyInput`] for no bytes; [`ErrorCode::BadImage`] for
/// other formats and damaged or truncated files; [`ErrorCode::ImageTooLarge`];
/// [`ErrorCode::NoQrFound`].
pub fn scan_image(bytes: &[u8]) -> Result<Vec<String>> {
    scan_gray(decode_to_gray(bytes)?)
}

fn scan_gray(gray: Gray) -> Result<Vec<String>> {
    let codes = decode_gray(&gray);
    if codes.is_empty() {
        return Err(Error::new(
            ErrorCode::NoQrFound,
            "no QR code was found in the image",
        ));
    }
    Ok(codes.into_iter().map(|c| c.text).collect())
}

/// Stable: passes first, otherwise in the order found.
pub(crate) fn passes_first(codes: &mut [Code]) {
    codes.sort_by_key(|c| !c.text.starts_with(PASS_PREFIX));
}

/// Where a picture's pixels lie in the frame: frame = picture × scale + offset.
#[derive(Clone, Copy)]
pub(crate) struct Placement {
    pub(crate) scale: f32,
    pub(crate) x: f32,
    pub(crate) y: f32,
}

impl Placement {
    /// The frame itself.
    pub(crate) const FRAME: Placement = Placement {
        scale: 1.0,
        x: 0.0,
        y: 0.0,
    };

    /// A copy reduced `factor` times.
    fn reduced(factor: u32) -> Placement {
        Placement {
            scale: factor as f32,
            ..Placement::FRAME
        }
    }
}

/// Collects distinct codes in the order found.
#[derive(Default)]
pub(crate) struct Found {
    seen: HashSet<String>,
    codes: Vec<Code>,
}

impl Found {
    fn add(&mut self, text: &str, points: &[rxing::Point], at: Placement) {
        if text.is_empty() || !self.seen.insert(text.to_owned()) {
            return;
        }
        let map = |p: &rxing::Point| Point {
            x: p.x * at.scale + at.x,
            y: p.y * at.scale + at.y,
        };
        // rxing gives top left, top right, bottom left, bottom right; the
        // corners go round the symbol (clockwise as it reads), to draw as is.
        let corners = match points {
            [tl, tr, bl, br, ..] => [map(tl), map(tr), map(br), map(bl)],
            _ => [Point::default(); 4],
        };
        self.codes.push(Code {
            text: text.to_owned(),
            corners,
        });
    }

    /// Adds a code found in a rectified copy, its corners mapped back to the frame.
    fn add_rectified(&mut self, code: Code, r: &Rectified) {
        if self.seen.insert(code.text.clone()) {
            self.codes.push(Code {
                corners: code.corners.map(|p| r.to_frame(p)),
                ..code
            });
        }
    }

    fn any(&self) -> bool {
        !self.codes.is_empty()
    }

    /// The codes, passes first.
    pub(crate) fn into_codes(self) -> Vec<Code> {
        let mut codes = self.codes;
        passes_first(&mut codes);
        codes
    }
}

#[derive(Clone, Copy)]
enum Binarize {
    /// Local thresholds per 8×8 block (ZXing's default): uneven light, glare.
    Hybrid,
    /// One threshold from the histogram: blur, fine modules, noise.
    Global,
}

/// One decoding pass with zxing-cpp's QR detector (as ported by rxing; see
/// `symbol.rs`), which returns every symbol it finds.
fn pass(gray: &Gray, binarize: Binarize, at: Placement, found: &mut Found) {
    let Some(source) = gray.source() else { return };
    match binarize {
        Binarize::Hybrid => detect(
            &mut BinaryBitmap::new(HybridBinarizer::new(source)),
            at,
            found,
        ),
        Binarize::Global => detect(
            &mut BinaryBitmap::new(GlobalHistogramBinarizer::new(source)),
            at,
            found,
        ),
    }
}

fn detect<B: Binarizer>(bitmap: &mut BinaryBitmap<B>, at: Placement, found: &mut Found) {
    for s in symbol::detect(bitmap.get_black_matrix()) {
        found.add(&s.text, &s.points, at);
    }
}

/// One hybrid pass over a part of a frame (the scanner's regions of interest).
pub(crate) fn quick_pass(gray: &Gray, at: Placement) -> Found {
    let mut found = Found::default();
    if gray.width >= MIN_SIDE && gray.height >= MIN_SIDE {
        pass(gray, Binarize::Hybrid, at, &mut found);
    }
    found
}

/// Steep angles: up to three finder triples from the pre-pass, each with the
/// picture resampled so that its "L" is right-angled (see `rectify.rs`).
fn rectified_passes(gray: &Gray, found: &mut Found) {
    let candidates = finder::candidates(gray);
    for triple in finder::triples(&candidates, 3) {
        for &perspective in perspectives(&triple) {
            let Some(r) = rectify(gray, &triple, perspective) else {
                continue;
            };
            for code in quick_pass(&r.gray, Placement::FRAME).codes {
                found.add_rectified(code, &r);
            }
            if found.any() {
                return;
            }
        }
    }
}

/// The retry cascade. Each step runs only if every earlier one found nothing.
pub(crate) fn decode_gray(gray: &Gray) -> Vec<Code> {
    let mut found = Found::default();
    if gray.width < MIN_SIDE || gray.height < MIN_SIDE {
        return found.into_codes();
    }
    let pixels = gray.data.len();
    // Very large photos: look at a reduced copy first; most codes in them are big.
    if pixels > FAST_PIXELS {
        let factor = ((pixels as f64 / FAST_PIXELS as f64).sqrt().ceil() as u32).max(2);
        if let Some(small) = gray.downscale(factor) {
            pass(
                &small,
                Binarize::Hybrid,
                Placement::reduced(factor),
                &mut found,
            );
        }
        if found.any() {
            return found.into_codes();
        }
    }
    let radius = (gray.width.min(gray.height) / 40).max(8) as usize;
    let (frame, half) = (Placement::FRAME, Placement::reduced(2));
    let steps: [&dyn Fn(&mut Found); 7] = [
        &|f| pass(gray, Binarize::Hybrid, frame, f),
        &|f| {
            if let Some(small) = gray.downscale(2) {
                pass(&small, Binarize::Hybrid, half, f)
            }
        },
        &|f| pass(gray, Binarize::Global, frame, f),
        &|f| {
            if let Some(small) = gray.downscale(2) {
                pass(&small.stretched(radius / 2, 4), Binarize::Hybrid, half, f)
            }
        },
        &|f| pass(&gray.unsharp(2, 3), Binarize::Hybrid, frame, f),
        &|f| pass(&gray.inverted(), Binarize::Hybrid, frame, f),
        &|f| rectified_passes(gray, f),
    ];
    for step in steps {
        step(&mut found);
        if found.any() {
            break;
        }
    }
    found.into_codes()
}

#[cfg(all(test, feature = "render"))]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::qr::{encode, RenderOptions};

    fn gray_of(text: &str, px: u32) -> (u32, Vec<u8>) {
        let qr = encode(
            text,
            &RenderOptions {
                module_px: px,
                ..RenderOptions::default()
            },
        )
        .unwrap();
        let n = qr.total_width() as u32 * px;
        let q = 4;
        let mut data = Vec::new();
        for y in 0..n {
            for x in 0..n {
                let (mx, my) = ((x / px) as usize, (y / px) as usize);
                let dark = mx >= q && my >= q && qr.is_dark(mx - q, my - q);
                data.push(if dark { 0 } else { 255 });
            }
        }
        (n, data)
    }

    #[test]
    fn box_mean_stretch_and_unsharp() {
        let g = Gray::new(5, 1, vec![0, 0, 90, 0, 0]).unwrap();
        assert_eq!(g.box_mean(1), vec![0, 30, 30, 30, 0]);
        assert_eq!(g.stretched(1, 2).data, vec![128, 68, 248, 68, 128]);
        assert_eq!(g.unsharp(1, 1).data, vec![0, 0, 150, 0, 0]);
    }

    #[test]
    fn downscale_averages_blocks() {
        let g = Gray::new(42, 42, (0..42 * 42).map(|i| (i % 2 * 200) as u8).collect()).unwrap();
        let h = g.downscale(2).unwrap();
        assert_eq!((h.width, h.height), (21, 21));
        assert!(h.data.iter().all(|&p| p == 100));
        assert!(g.downscale(3).is_none());
    }

    #[test]
    fn luma_round_trip_with_stride_and_inversion() {
        let text = "VN1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EP4J0BGJLFX";
        let (n, data) = gray_of(text, 3);
        assert_eq!(scan_luma(n, n, n, &data).unwrap(), vec![text.to_string()]);
        // Same image with 13 bytes of padding per row and the last row unpadded.
        let stride = n + 13;
        let mut padded = Vec::new();
        for row in data.chunks(n as usize) {
            padded.extend_from_slice(row);
            padded.extend(std::iter::repeat_n(7u8, 13));
        }
        padded.truncate(padded.len() - 13);
        assert_eq!(
            scan_luma(n, n, stride, &padded).unwrap(),
            vec![text.to_string()]
        );
        // Light on dark.
        let inverted: Vec<u8> = data.iter().map(|p| 255 - p).collect();
        assert_eq!(
            scan_luma(n, n, n, &inverted).unwrap(),
            vec![text.to_string()]
        );
    }

    #[test]
    fn passes_come_first_and_duplicates_once() {
        let (n, a) = gray_of("HELLO WORLD", 4);
        let (m, b) = gray_of("VN1:ABC", 4);
        assert_eq!(n, m);
        // Three codes side by side: HELLO WORLD, VN1:ABC, HELLO WORLD.
        let (w, h) = (3 * n, n);
        let mut data = Vec::new();
        for y in 0..n as usize {
            let r = y * n as usize..(y + 1) * n as usize;
            data.extend_from_slice(&a[r.clone()]);
            data.extend_from_slice(&b[r.clone()]);
            data.extend_from_slice(&a[r]);
        }
        let texts = scan_luma(w, h, w, &data).unwrap();
        assert_eq!(
            texts,
            vec!["VN1:ABC".to_string(), "HELLO WORLD".to_string()]
        );
    }

    #[test]
    fn blank_and_tiny_images_have_no_qr() {
        let e = scan_luma(640, 480, 640, &vec![128u8; 640 * 480]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NoQrFound);
        let e = scan_luma(5, 5, 5, &[0u8; 25]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NoQrFound);
    }

    #[test]
    fn large_photo_is_searched_reduced_first() {
        let text = "VN1:LARGE PHOTO";
        let (n, code) = gray_of(text, 24);
        let (w, h) = (3000u32, 2000u32);
        let mut data = vec![200u8; (w * h) as usize];
        for (y, row) in code.chunks(n as usize).enumerate() {
            let start = (y + 500) * w as usize + 1000;
            data[start..start + n as usize].copy_from_slice(row);
        }
        assert_eq!(scan_luma(w, h, w, &data).unwrap(), vec![text.to_string()]);
    }

    #[test]
    fn rgba_transparent_background_is_white() {
        let text = "VN1:TRANSPARENT";
        let (n, data) = gray_of(text, 4);
        // Dark modules opaque black, light ones fully transparent black.
        let rgba: Vec<u8> = data.iter().flat_map(|&p| [0, 0, 0, 255 - p]).collect();
        assert_eq!(scan_rgba(n, n, &rgba).unwrap(), vec![text.to_string()]);
    }
}
