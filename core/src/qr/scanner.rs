//! [`Scanner`]: reads the frames of a camera loop one after another.
//!
//! Most frames in a checkpoint queue hold no code, or only part of one. A
//! scanner first runs a cheap pre-pass (finder-pattern candidates, see
//! `finder.rs`) and returns at once when nothing code-like is there; otherwise
//! it tries regions of interest (the last code's box, then the centre of the
//! frame) with one decoding pass each before the full retry cascade of the
//! one-shot `scan_*` functions runs on the whole frame.

use super::finder;
use super::gray::{Gray, MIN_SIDE};
use super::scan::{decode_gray, luma_to_gray, quick_pass, rgba_to_gray, Placement};
use crate::error::Result;

/// A point in frame pixels (x to the right, y down).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Pixels from the left edge.
    pub x: f32,
    /// Pixels from the top edge.
    pub y: f32,
}

/// A decoded QR code: its text and where it is in the frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    /// The text in the code.
    pub text: String,
    /// The symbol's corners in frame pixels, in the symbol's own order: top
    /// left, top right, bottom right, bottom left (as the code reads, so a code
    /// upside down has its "top left" at the bottom right of the frame).
    pub corners: [Point; 4],
}

/// What a [`Scanner`] does before the full retry cascade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScannerOptions {
    /// Skip frames without finder-pattern candidates (default on).
    pub prepass: bool,
    /// Try the last code's box, then the centre of the frame, with one
    /// decoding pass each before the whole frame (default on).
    pub region_of_interest: bool,
}

impl Default for ScannerOptions {
    fn default() -> ScannerOptions {
        ScannerOptions {
            prepass: true,
            region_of_interest: true,
        }
    }
}

/// Counters since the scanner was made or [reset](Scanner::reset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScanStats {
    /// Frames scanned.
    pub frames: u64,
    /// Frames the pre-pass found nothing code-like in (no decoding ran).
    pub skipped: u64,
    /// Frames in which a region of interest gave the code.
    pub from_region: u64,
    /// Frames with at least one code.
    pub decoded: u64,
}

/// A rectangle in frame pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Region {
    x: u32,
    y: u32,
    w: u32,
    h: u32,
}

/// Frames without a code after which the last code's box is forgotten.
const REMEMBER_FRAMES: u32 = 15;

/// A scanner for a camera loop: keeps the last code's position between frames.
///
/// ```
/// use qrpass::qr::Scanner;
/// let mut scanner = Scanner::new();
/// // A blank 640×360 frame: nothing code-like, so no decoding runs.
/// let codes = scanner.scan_luma(640, 360, 640, &vec![128u8; 640 * 360]).unwrap();
/// assert!(codes.is_empty());
/// assert_eq!(scanner.stats().skipped, 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Scanner {
    options: ScannerOptions,
    last: Option<Region>,
    misses: u32,
    stats: ScanStats,
}

impl Scanner {
    /// A scanner with the default options (pre-pass and regions of interest on).
    pub fn new() -> Scanner {
        Scanner::default()
    }

    /// A scanner with `options`.
    pub fn with_options(options: ScannerOptions) -> Scanner {
        Scanner {
            options,
            ..Scanner::default()
        }
    }

    /// Scans one luma (grey) frame; the arguments are those of
    /// [`scan_luma`](super::scan_luma). Returns the codes found, passes
    /// first, or an empty list (a frame without a code is not an error).
    /// Errors: those of `scan_luma` for bad dimensions or buffers, never
    /// [`NoQrFound`](crate::ErrorCode::NoQrFound).
    pub fn scan_luma(
        &mut self,
        width: u32,
        height: u32,
        row_stride: u32,
        luma: &[u8],
    ) -> Result<Vec<Code>> {
        let gray = luma_to_gray(width, height, row_stride, luma)?;
        Ok(self.scan_gray(&gray))
    }

    /// Scans one RGBA frame (a canvas `ImageData`); the arguments are those of
    /// [`scan_rgba`](super::scan_rgba). Returns as [`Scanner::scan_luma`].
    pub fn scan_rgba(&mut self, width: u32, height: u32, rgba: &[u8]) -> Result<Vec<Code>> {
        let gray = rgba_to_gray(width, height, rgba)?;
        Ok(self.scan_gray(&gray))
    }

    /// The counters since the scanner was made or reset.
    pub fn stats(&self) -> ScanStats {
        self.stats
    }

    /// Forgets the last code's position and zeroes the counters.
    pub fn reset(&mut self) {
        *self = Scanner::with_options(self.options);
    }

    fn scan_gray(&mut self, gray: &Gray) -> Vec<Code> {
        self.stats.frames += 1;
        if gray.width < MIN_SIDE || gray.height < MIN_SIDE {
            return self.missed();
        }
        let candidates = if self.options.prepass {
            let c = finder::frame_candidates(gray);
            if !finder::code_like(&c) {
                self.stats.skipped += 1;
                return self.missed();
            }
            Some(c)
        } else {
            None
        };
        if self.options.region_of_interest {
            for region in self.regions(gray, candidates.as_deref()) {
                let Some(part) = gray.crop(region.x, region.y, region.w, region.h) else {
                    continue;
                };
                let at = Placement {
                    scale: 1.0,
                    x: region.x as f32,
                    y: region.y as f32,
                };
                let codes = quick_pass(&part, at).into_codes();
                if !codes.is_empty() {
                    self.stats.from_region += 1;
                    return self.hit(codes);
                }
            }
        }
        let codes = decode_gray(gray);
        if codes.is_empty() {
            self.missed()
        } else {
            self.hit(codes)
        }
    }

    /// The regions of interest, in order: the last code's box grown by half
    /// its size on every side, then the middle half of the frame (when the
    /// pre-pass saw a finder there).
    fn regions(&self, gray: &Gray, candidates: Option<&[finder::Candidate]>) -> Vec<Region> {
        let (w, h) = (gray.width, gray.height);
        let mut out = Vec::new();
        if let Some(last) = self.last {
            let (gx, gy) = (last.w / 2, last.h / 2);
            let x = last.x.saturating_sub(gx);
            let y = last.y.saturating_sub(gy);
            let grown = Region {
                x,
                y,
                w: (last.w + 2 * gx).min(w - x),
                h: (last.h + 2 * gy).min(h - y),
            };
            // Only worth it when clearly smaller than the frame.
            if u64::from(grown.w) * u64::from(grown.h) * 2 < u64::from(w) * u64::from(h) {
                out.push(grown);
            }
        }
        let centre = Region {
            x: w / 4,
            y: h / 4,
            w: w / 2,
            h: h / 2,
        };
        let inside = |c: &finder::Candidate| {
            c.x >= centre.x as f32
                && c.y >= centre.y as f32
                && c.x < (centre.x + centre.w) as f32
                && c.y < (centre.y + centre.h) as f32
        };
        if candidates.is_none_or(|c| c.iter().any(inside)) {
            out.push(centre);
        }
        out
    }

    fn hit(&mut self, codes: Vec<Code>) -> Vec<Code> {
        self.stats.decoded += 1;
        self.misses = 0;
        self.last = codes.first().and_then(|c| bounding_box(&c.corners));
        codes
    }

    fn missed(&mut self) -> Vec<Code> {
        self.misses += 1;
        if self.misses > REMEMBER_FRAMES {
            self.last = None;
        }
        Vec::new()
    }
}

/// The smallest pixel rectangle holding `corners`; `None` if degenerate.
fn bounding_box(corners: &[Point; 4]) -> Option<Region> {
    let xs = corners.map(|p| p.x);
    let ys = corners.map(|p| p.y);
    let (x0, x1) = (
        xs.iter().copied().fold(f32::MAX, f32::min),
        xs.iter().copied().fold(f32::MIN, f32::max),
    );
    let (y0, y1) = (
        ys.iter().copied().fold(f32::MAX, f32::min),
        ys.iter().copied().fold(f32::MIN, f32::max),
    );
    let (x0, y0) = (x0.max(0.0) as u32, y0.max(0.0) as u32);
    let (x1, y1) = (x1.max(0.0).ceil() as u32, y1.max(0.0).ceil() as u32);
    (x1 > x0 && y1 > y0).then_some(Region {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    })
}
