//! The camera-loop scanner for Kotlin and Swift: core's `qrpass::qr::Scanner`
//! behind a mutex (uniffi objects are shared), with the same method names.

use std::sync::Mutex;

use crate::Result;

/// A point in frame pixels.
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq)]
pub struct ScanPoint {
    /// Pixels from the left edge.
    pub x: f32,
    /// Pixels from the top edge.
    pub y: f32,
}

/// A code found in a frame: its text and its four corners, clockwise from the
/// code's own top left (draw them as a polygon over the preview).
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct ScannedCode {
    /// The text in the code.
    pub text: String,
    /// Top left, top right, bottom right, bottom left, as the code reads.
    pub corners: Vec<ScanPoint>,
}

/// Counters of a [`Scanner`] since it was made or reset.
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScannerStats {
    /// Frames scanned.
    pub frames: u64,
    /// Frames the pre-pass found nothing code-like in.
    pub skipped: u64,
    /// Frames whose code came from a region of interest.
    pub from_region: u64,
    /// Frames with at least one code.
    pub decoded: u64,
}

/// A scanner for a camera loop (CameraX `ImageAnalysis`, AVFoundation): keeps
/// the last code's box between frames and skips frames without finder patterns.
#[derive(uniffi::Object)]
pub struct Scanner(Mutex<qrpass::qr::Scanner>);

#[uniffi::export]
impl Scanner {
    /// A scanner; `prepass` and `region_of_interest` (normally both true)
    /// switch off the finder-pattern pre-pass and the regions of interest.
    #[uniffi::constructor]
    pub fn new(prepass: bool, region_of_interest: bool) -> Scanner {
        Scanner(Mutex::new(qrpass::qr::Scanner::with_options(
            qrpass::qr::ScannerOptions {
                prepass,
                region_of_interest,
            },
        )))
    }

    /// The codes in a camera Y plane (arguments as `scan_luma`), passes
    /// first; empty for a frame without a code.
    pub fn scan_luma(
        &self,
        width: u32,
        height: u32,
        row_stride: u32,
        bytes: Vec<u8>,
    ) -> Result<Vec<ScannedCode>> {
        let codes = self.lock().scan_luma(width, height, row_stride, &bytes)?;
        Ok(codes.into_iter().map(code_out).collect())
    }

    /// The codes in RGBA pixels (`width × height × 4` bytes).
    pub fn scan_rgba(&self, width: u32, height: u32, bytes: Vec<u8>) -> Result<Vec<ScannedCode>> {
        let codes = self.lock().scan_rgba(width, height, &bytes)?;
        Ok(codes.into_iter().map(code_out).collect())
    }

    /// The counters since the scanner was made or reset.
    pub fn stats(&self) -> ScannerStats {
        let s = self.lock().stats();
        ScannerStats {
            frames: s.frames,
            skipped: s.skipped,
            from_region: s.from_region,
            decoded: s.decoded,
        }
    }

    /// Forgets the last code's box and zeroes the counters.
    pub fn reset(&self) {
        self.lock().reset();
    }
}

impl Scanner {
    /// The scanner; a panic in another thread cannot leave it half-updated
    /// (its state is replaced whole), so a poisoned lock is taken as is.
    fn lock(&self) -> std::sync::MutexGuard<'_, qrpass::qr::Scanner> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn code_out(c: qrpass::qr::Code) -> ScannedCode {
    ScannedCode {
        text: c.text,
        corners: c
            .corners
            .iter()
            .map(|p| ScanPoint { x: p.x, y: p.y })
            .collect(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::QrpassError;

    #[test]
    fn blank_frames_are_skipped_and_bad_frames_are_errors() {
        let s = Scanner::new(true, true);
        assert!(s
            .scan_luma(640, 360, 640, vec![128; 640 * 360])
            .unwrap()
            .is_empty());
        assert_eq!(s.stats().skipped, 1);
        let e = s.scan_luma(100, 100, 50, vec![0; 10_000]).unwrap_err();
        assert!(matches!(e, QrpassError::Other { code, .. } if code == "invalid_argument"));
        let e = s.scan_rgba(10, 10, vec![0; 10]).unwrap_err();
        assert!(matches!(e, QrpassError::Other { code, .. } if code == "bad_image"));
        assert_eq!(s.stats().frames, 1);
        s.reset();
        assert_eq!(s.stats().frames, 0);
    }
}
