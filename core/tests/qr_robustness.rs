//! The scanner must never panic, whatever it is given (in WebAssembly a panic
//! aborts the module). These tests feed it random pictures, damaged codes,
//! hostile QR bitstreams and mutated PNG/JPEG files; any panic fails the test.
//! Set `QR_FUZZ_ITERS` to run more iterations (default keeps each test short).
#![cfg(all(feature = "render", feature = "scan"))]
#![allow(clippy::unwrap_used, clippy::panic)]

mod qr_synth;

use qr_synth::{Class, Rng};
use qrcode::bits::{Bits, ExtendedMode};
use qrcode::types::Mode;
use qrcode::{EcLevel, QrCode, Version};
use qrpass::qr::{encode, scan_image, scan_luma, scan_rgba, RenderOptions};
use qrpass::ErrorCode;

fn iterations(default: u64) -> u64 {
    std::env::var("QR_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Any outcome but a panic is fine; errors must carry a scanner code.
fn check(result: qrpass::Result<Vec<String>>) {
    if let Err(e) = result {
        assert!(
            matches!(
                e.code(),
                ErrorCode::NoQrFound
                    | ErrorCode::BadImage
                    | ErrorCode::ImageTooLarge
                    | ErrorCode::EmptyInput
            ),
            "unexpected code {e}"
        );
    }
}

/// Draws a QR code's modules (plus a 4-module quiet zone) at `px` pixels each.
fn draw(width: usize, dark: impl Fn(usize, usize) -> bool, px: usize) -> (u32, Vec<u8>) {
    let n = width + 8;
    let side = n * px;
    let data = (0..side * side)
        .map(|i| {
            let (x, y) = ((i % side) / px, (i / side) / px);
            let inside = x >= 4 && y >= 4 && x < width + 4 && y < width + 4;
            if inside && dark(x - 4, y - 4) {
                0
            } else {
                255
            }
        })
        .collect();
    (side as u32, data)
}

#[test]
fn random_pictures() {
    let mut rng = Rng::new(1);
    for _ in 0..iterations(150) {
        let w = 1 + (rng.next_u64() % 300) as u32;
        let h = 1 + (rng.next_u64() % 300) as u32;
        let kind = rng.next_u64() % 4;
        let data: Vec<u8> = (0..w * h)
            .map(|i| match kind {
                0 => rng.next_u64() as u8,
                1 => {
                    if rng.next_u64() & 1 == 0 {
                        0
                    } else {
                        255
                    }
                }
                // Blocky noise, finder-pattern sized.
                2 => ((((i % w) / 3 + (i / w) / 3 * 7) as u64 * 2_654_435_761) >> 7) as u8 & 0x80,
                _ => ((i % w) * 255 / w) as u8,
            })
            .collect();
        let stride = w + (rng.next_u64() % 3) as u32;
        let mut padded = Vec::new();
        for row in data.chunks(w as usize) {
            padded.extend_from_slice(row);
            padded.extend(std::iter::repeat_n(0, (stride - w) as usize));
        }
        check(scan_luma(w, h, stride, &padded));
        let rgba: Vec<u8> = data
            .iter()
            .flat_map(|&l| [l, l / 2, 255 - l, l.wrapping_mul(3)])
            .collect();
        check(scan_rgba(w, h, &rgba));
    }
}

#[test]
fn damaged_codes() {
    let mut rng = Rng::new(2);
    for i in 0..iterations(80) {
        let text = qr_synth::vn1_text(&mut rng, 20 + (i as usize * 37) % 400);
        let qr = encode(&text, &RenderOptions::default()).unwrap();
        let px = 2 + (rng.next_u64() % 3) as usize;
        let (side, mut data) = draw(qr.width(), |x, y| qr.is_dark(x, y), px);
        // Paint random blocks and flip random pixels.
        for _ in 0..(rng.next_u64() % 12) {
            let (x0, y0) = (
                (rng.next_u64() % side as u64) as usize,
                (rng.next_u64() % side as u64) as usize,
            );
            let (bw, bh) = (
                1 + (rng.next_u64() % 40) as usize,
                1 + (rng.next_u64() % 40) as usize,
            );
            let v = if rng.next_u64() & 1 == 0 { 0 } else { 255 };
            for y in y0..(y0 + bh).min(side as usize) {
                for x in x0..(x0 + bw).min(side as usize) {
                    data[y * side as usize + x] = v;
                }
            }
        }
        for _ in 0..(rng.next_u64() % 2000) {
            let k = (rng.next_u64() % data.len() as u64) as usize;
            data[k] = 255 - data[k];
        }
        check(scan_luma(side, side, side, &data));
    }
}

/// Valid QR symbols (correct error correction) whose data segments are hostile:
/// random ECI designators, FNC1, structured-append indicators, byte data that
/// is not UTF-8, truncated segments, in random order.
#[test]
fn hostile_bitstreams() {
    let mut rng = Rng::new(3);
    let mut built = 0;
    for _ in 0..iterations(150) {
        let version = 1 + (rng.next_u64() % 10) as i16;
        let level = [EcLevel::L, EcLevel::M, EcLevel::Q, EcLevel::H][(rng.next_u64() % 4) as usize];
        let mut bits = Bits::new(Version::Normal(version));
        for _ in 0..1 + rng.next_u64() % 5 {
            let _ = match rng.next_u64() % 8 {
                0 => bits.push_eci_designator((rng.next_u64() % 1_000_000) as u32),
                1 => bits.push_mode_indicator(ExtendedMode::Fnc1First),
                2 => bits.push_fnc1_second_position(rng.next_u64() as u8),
                3 => bits.push_mode_indicator(ExtendedMode::StructuredAppend),
                4 => bits.push_mode_indicator(ExtendedMode::Data(Mode::Kanji)),
                5 => {
                    let digits: Vec<u8> = (0..rng.next_u64() % 20)
                        .map(|_| b'0' + (rng.next_u64() % 10) as u8)
                        .collect();
                    bits.push_numeric_data(&digits)
                }
                _ => {
                    let bytes: Vec<u8> = (0..rng.next_u64() % 60)
                        .map(|_| rng.next_u64() as u8)
                        .collect();
                    bits.push_byte_data(&bytes)
                }
            };
        }
        if bits.push_terminator(level).is_err() {
            continue;
        }
        let Ok(code) = QrCode::with_bits(bits, level) else {
            continue;
        };
        built += 1;
        let colors = code.to_colors();
        let width = code.width();
        let (side, data) = draw(
            width,
            |x, y| colors[y * width + x] == qrcode::Color::Dark,
            3,
        );
        check(scan_luma(side, side, side, &data));
    }
    assert!(built > 0);
}

/// Mutated PNG and JPEG files: bit flips, overwritten runs, truncation.
#[test]
fn mutated_files() {
    let mut rng = Rng::new(4);
    let png = encode(
        "VN1:MUTATE ME 0123456789",
        &RenderOptions {
            module_px: 3,
            ..RenderOptions::default()
        },
    )
    .unwrap()
    .to_png()
    .unwrap();
    let sample = qr_synth::sample(Class::Jpeg30, 0);
    let small = qr_synth::Picture {
        width: 160,
        height: 120,
        data: sample
            .picture
            .data
            .iter()
            .step_by(4)
            .take(160 * 120)
            .copied()
            .collect(),
    };
    let files = [png, small.to_png(), small.to_jpeg(30), small.to_jpeg(90)];
    for i in 0..iterations(300) {
        let mut f = files[(i % files.len() as u64) as usize].clone();
        for _ in 0..1 + rng.next_u64() % 8 {
            let k = (rng.next_u64() % f.len() as u64) as usize;
            match rng.next_u64() % 3 {
                0 => f[k] ^= 1 << (rng.next_u64() % 8),
                1 => f[k] = rng.next_u64() as u8,
                _ => {
                    let end = (k + 1 + (rng.next_u64() % 16) as usize).min(f.len());
                    f[k..end].iter_mut().for_each(|b| *b = 0xFF);
                }
            }
        }
        if rng.next_u64() & 3 == 0 {
            let keep = (rng.next_u64() % f.len() as u64) as usize;
            f.truncate(keep.max(1));
        }
        check(scan_image(&f));
    }
}

/// Real photographs, scribbled on.
#[test]
fn damaged_photos() {
    let dir =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/qr-corpus/zxing");
    let mut rng = Rng::new(5);
    let photos = [
        "qrcode-1/1.png",
        "qrcode-3/01.png",
        "qrcode-5/04.png",
        "qrcode-6/7.png",
    ];
    for i in 0..iterations(24) {
        let bytes = std::fs::read(dir.join(photos[(i % 4) as usize])).expect("corpus photo");
        let mut f = bytes.clone();
        // Damage only the middle of the file: the header stays, pixels change.
        for _ in 0..1 + rng.next_u64() % 4 {
            let k = 100 + (rng.next_u64() % (f.len() as u64 - 200)) as usize;
            f[k] = rng.next_u64() as u8;
        }
        check(scan_image(&f));
    }
}

/// Writes seed inputs for the `scan_luma` and `scanner` fuzz targets into
/// fuzz/corpus/: symbols in every text mode qrpass decodes (alphanumeric pass,
/// numeric, UTF-8 and Shift_JIS bytes, Kanji, ECI, FNC1), 2–3 px per module, in
/// the targets' input format. `cargo test -p qrpass --test qr_robustness
/// fuzz_seeds -- --ignored`
#[test]
#[ignore]
fn fuzz_seeds() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    let mut symbols: Vec<QrCode> = Vec::new();
    for text in [
        "VN1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3",
        "0123456789012",
        "Xin chào",
    ] {
        symbols.push(QrCode::new(text.as_bytes()).unwrap());
    }
    let mut bits = Bits::new(Version::Normal(2));
    bits.push_eci_designator(20).unwrap();
    bits.push_byte_data(b"\x88\xa2QR").unwrap();
    bits.push_kanji_data(b"\x93\x5f").unwrap();
    bits.push_terminator(EcLevel::M).unwrap();
    symbols.push(QrCode::with_bits(bits, EcLevel::M).unwrap());
    let mut bits = Bits::new(Version::Normal(2));
    bits.push_mode_indicator(ExtendedMode::Fnc1First).unwrap();
    bits.push_alphanumeric_data(b"01%10ABC").unwrap();
    bits.push_terminator(EcLevel::L).unwrap();
    symbols.push(QrCode::with_bits(bits, EcLevel::L).unwrap());
    for (i, code) in symbols.iter().enumerate() {
        let colors = code.to_colors();
        let width = code.width();
        let px = if width > 25 { 2 } else { 3 };
        let (side, data) = draw(
            width,
            |x, y| colors[y * width + x] == qrcode::Color::Dark,
            px,
        );
        assert!(check_decodes(side, &data), "seed {i} must decode");
        let head = [(side - 1) as u8, (side - 1) as u8, 0];
        for (target, frames) in [("scan_luma", 1), ("scanner", 2)] {
            let dir = root.join(target);
            std::fs::create_dir_all(&dir).unwrap();
            let mut input = head.to_vec();
            for _ in 0..frames {
                input.extend_from_slice(&data);
            }
            std::fs::write(dir.join(format!("seed-mode-{i}")), input).unwrap();
        }
    }
}

fn check_decodes(side: u32, data: &[u8]) -> bool {
    scan_luma(side, side, side, data).is_ok_and(|t| !t.is_empty())
}
