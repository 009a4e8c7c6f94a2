//! The real-photo corpus as luma planes (shared by tests and benches), and
//! camera-like frames without a code built from it by
//! [`qrpass_testkit::frames`] (which `benches/wasm/scanner.mjs` reads exported
//! as PNG, so node and native see the same frames).

use std::path::PathBuf;

use qrpass_testkit::frames::{self, Luma};

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

impl Photo {
    /// The photo's luma plane, borrowed.
    pub fn luma(&self) -> Luma<'_> {
        Luma {
            width: self.width as usize,
            height: self.height as usize,
            data: &self.luma,
        }
    }
}

/// A `width × height` frame of corpus tiles shuffled: texture, no code
/// ([`qrpass_testkit::frames::tile_frame`]).
pub fn tile_frame(photos: &[Photo], width: usize, height: usize, seed: u32) -> Vec<u8> {
    let tiles: Vec<Luma> = photos.iter().map(Photo::luma).collect();
    frames::tile_frame(&tiles, width, height, seed)
}

/// Copies `photo` into the middle of `frame` (clipped to it).
pub fn paste_centre(frame: &mut [u8], width: usize, height: usize, photo: &Photo) {
    frames::paste_centre(frame, width, height, photo.luma());
}
