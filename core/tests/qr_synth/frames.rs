//! Camera-like frames without a code, built deterministically from the real
//! photo corpus: 16×16 tiles taken from random corpus photos at random
//! tile-aligned positions (mulberry32, seeded by the frame number). The same
//! recipe is in `benches/wasm/scanner.mjs`, so node and native see the same
//! texture. Also the corpus loader shared by tests and benches.

use std::path::PathBuf;

/// A corpus photo as an 8-bit luma plane.
pub struct Photo {
    /// Path under `testdata/qr-corpus/zxing`.
    pub name: String,
    /// The expected text.
    pub expected: String,
    /// The PNG file.
    pub file: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Luma, BT.601 weights, row-major.
    pub luma: Vec<u8>,
}

/// Side of a texture tile.
pub const TILE: usize = 16;

/// mulberry32: a 32-bit generator that is easy to repeat exactly in JavaScript.
pub fn mulberry32(state: &mut u32) -> u32 {
    *state = state.wrapping_add(0x6D2B_79F5);
    let a = *state;
    let mut t = (a ^ (a >> 15)).wrapping_mul(a | 1);
    t = t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61)) ^ t;
    t ^ (t >> 14)
}

/// PNG to luma (BT.601), as the scanner does.
pub fn png_luma(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut d = png::Decoder::new(std::io::Cursor::new(bytes));
    d.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut r = d.read_info().expect("PNG");
    let mut buf = vec![0; r.output_buffer_size().expect("size")];
    let info = r.next_frame(&mut buf).expect("frame");
    let ch = info.color_type.samples();
    let mut luma = Vec::new();
    for row in buf.chunks(info.line_size).take(info.height as usize) {
        for p in row.chunks(ch).take(info.width as usize) {
            let l = if ch < 3 {
                u32::from(p[0])
            } else {
                (77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2]) + 128) >> 8
            };
            luma.push(l as u8);
        }
    }
    (info.width, info.height, luma)
}

/// The 60 corpus photos in manifest order.
pub fn corpus() -> Vec<Photo> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/qr-corpus/zxing");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest"))
            .expect("JSON");
    manifest
        .as_array()
        .expect("array")
        .iter()
        .map(|e| {
            let name = e["image"].as_str().expect("image").to_string();
            let txt = e["expected_txt"].as_str().expect("expected_txt");
            let expected =
                String::from_utf8_lossy(&std::fs::read(dir.join(txt)).expect("txt")).into_owned();
            let file = std::fs::read(dir.join(&name)).expect("photo");
            let (width, height, luma) = png_luma(&file);
            Photo {
                name,
                expected,
                file,
                width,
                height,
                luma,
            }
        })
        .collect()
}

/// A `width × height` frame of corpus tiles shuffled: texture, no code.
pub fn tile_frame(photos: &[Photo], width: usize, height: usize, seed: u32) -> Vec<u8> {
    let mut state = seed;
    let mut frame = vec![0u8; width * height];
    for ty in (0..height).step_by(TILE) {
        for tx in (0..width).step_by(TILE) {
            let p = &photos[mulberry32(&mut state) as usize % photos.len()];
            let (pw, ph) = (p.width as usize / TILE, p.height as usize / TILE);
            let sx = mulberry32(&mut state) as usize % pw * TILE;
            let sy = mulberry32(&mut state) as usize % ph * TILE;
            for y in 0..TILE.min(height - ty) {
                let src = &p.luma[(sy + y) * p.width as usize + sx..][..TILE.min(width - tx)];
                frame[(ty + y) * width + tx..][..src.len()].copy_from_slice(src);
            }
        }
    }
    frame
}

/// Copies `photo` into the middle of `frame` (clipped to it).
pub fn paste_centre(frame: &mut [u8], width: usize, height: usize, photo: &Photo) {
    let (pw, ph) = (photo.width as usize, photo.height as usize);
    let (x0, y0) = (width.saturating_sub(pw) / 2, height.saturating_sub(ph) / 2);
    for y in 0..ph.min(height) {
        let row = &photo.luma[y * pw..][..pw.min(width)];
        frame[(y0 + y) * width + x0..][..row.len()].copy_from_slice(row);
    }
}
