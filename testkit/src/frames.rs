//! Camera-like frames without a code, built deterministically from decoded
//! photos (the QR corpus): 16×16 tiles taken from random photos at random
//! tile-aligned positions, with mulberry32 seeded by the frame number. Used by
//! the scanner's tests and criterion benchmarks; `benches/wasm/scanner.mjs`
//! reads the same frames exported as PNG (`qr_scanner` test `export_samples`).
//!
//! ```
//! use qrpass_testkit::frames::{paste_centre, tile_frame, Luma};
//! let photo = Luma { width: 32, height: 32, data: &[7; 32 * 32] };
//! let mut frame = tile_frame(&[photo], 40, 20, 1);
//! assert_eq!(frame.len(), 40 * 20);
//! paste_centre(&mut frame, 40, 20, Luma { width: 2, height: 2, data: &[9; 4] });
//! assert_eq!(frame[10 * 40 + 20], 9);
//! ```

/// Side of a texture tile.
pub const TILE: usize = 16;

/// An 8-bit grey picture, row-major, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct Luma<'a> {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width × height` samples.
    pub data: &'a [u8],
}

/// mulberry32: a 32-bit generator that is easy to repeat exactly in JavaScript.
pub fn mulberry32(state: &mut u32) -> u32 {
    *state = state.wrapping_add(0x6D2B_79F5);
    let a = *state;
    let mut t = (a ^ (a >> 15)).wrapping_mul(a | 1);
    t = t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61)) ^ t;
    t ^ (t >> 14)
}

/// A `width × height` frame of `photos`' tiles shuffled: texture, no code.
/// Each photo must be at least one tile in each direction.
pub fn tile_frame(photos: &[Luma], width: usize, height: usize, seed: u32) -> Vec<u8> {
    let mut state = seed;
    let mut frame = vec![0u8; width * height];
    for ty in (0..height).step_by(TILE) {
        for tx in (0..width).step_by(TILE) {
            let p = &photos[mulberry32(&mut state) as usize % photos.len()];
            let (pw, ph) = (p.width / TILE, p.height / TILE);
            let sx = mulberry32(&mut state) as usize % pw * TILE;
            let sy = mulberry32(&mut state) as usize % ph * TILE;
            for y in 0..TILE.min(height - ty) {
                let src = &p.data[(sy + y) * p.width + sx..][..TILE.min(width - tx)];
                frame[(ty + y) * width + tx..][..src.len()].copy_from_slice(src);
            }
        }
    }
    frame
}

/// Copies `photo` into the middle of `frame` (clipped to it).
pub fn paste_centre(frame: &mut [u8], width: usize, height: usize, photo: Luma) {
    let (pw, ph) = (photo.width, photo.height);
    let (x0, y0) = (width.saturating_sub(pw) / 2, height.saturating_sub(ph) / 2);
    for y in 0..ph.min(height) {
        let row = &photo.data[y * pw..][..pw.min(width)];
        frame[(y0 + y) * width + x0..][..row.len()].copy_from_slice(row);
    }
}
