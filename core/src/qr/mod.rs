//! QR codes: render a pass as SVG, PNG or terminal text, and scan camera frames,
//! canvas pixels or PNG/JPEG files back to text.
//!
//! Rendering (feature `render`) uses `qrcodegen` (Nayuki's reference encoder),
//! with a faster scorer for the mask choice (same choice). Text made only of QR
//! alphanumeric characters (`0-9 A-Z space $ % * + - . / :`, which covers
//! `"VN1:"` + Base45) is always encoded in alphanumeric mode; other text in byte
//! mode (UTF-8).
//!
//! Scanning (feature `scan`) uses `rxing`, a pure-Rust port of ZXing, with a
//! cascade of retries (other binarizer, other detector, downscaled and inverted
//! copies) for blurred, noisy, low-contrast or screen-photographed codes. See
//! `docs/scanning.md` for the measured robustness and speed. For camera loops,
//! [`Scanner`] keeps state between frames, skips frames without finder
//! patterns after a cheap pre-pass, tries the last code's box and the centre
//! first, and returns each code's corners. The scanner never
//! panics on malformed input: every entry point validates dimensions and buffer
//! sizes first, and rejects images above [`MAX_IMAGE_PIXELS`] before it
//! allocates or decodes anything.

#[cfg(feature = "render")]
mod mask;
#[cfg(feature = "render")]
mod render;
#[cfg(feature = "render")]
pub use render::{encode, Ecc, QrImage, RenderOptions};

#[cfg(feature = "scan")]
mod bitstream;
#[cfg(feature = "scan")]
mod cjk;
#[cfg(feature = "scan")]
mod finder;
#[cfg(feature = "scan")]
mod gray;
#[cfg(feature = "scan")]
mod image_decode;
#[cfg(feature = "scan")]
mod rectify;
#[cfg(feature = "scan")]
mod scan;
#[cfg(feature = "scan")]
mod scanner;
#[cfg(feature = "scan")]
mod symbol;
#[cfg(feature = "scan")]
pub use scan::{scan_image, scan_luma, scan_rgba};
#[cfg(feature = "scan")]
pub use scanner::{Code, Point, ScanStats, Scanner, ScannerOptions};

/// The largest image, in pixels (width × height), that the scanner accepts and
/// that `QrImage::to_png` produces: 40 megapixels.
///
/// Bigger inputs fail with [`ErrorCode::ImageTooLarge`](crate::ErrorCode::ImageTooLarge),
/// checked before any pixel buffer is allocated; for PNG and JPEG bytes the
/// dimensions are read from the file header first.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
