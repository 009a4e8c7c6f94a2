//! Encoding text into a QR symbol and drawing it as SVG, PNG or terminal text.

use std::fmt::Write as _;

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

use super::MAX_IMAGE_PIXELS;
use crate::error::{Error, ErrorCode, Result};

/// The most characters any QR symbol holds (version 40-L, numeric mode).
/// Longer text is rejected before any encoding work.
const MAX_QR_CHARS: usize = 7089;
/// Largest quiet zone, in modules, that rendering honours; larger values are clamped.
const MAX_QUIET_ZONE: u32 = 64;
/// Largest module size, in pixels, that rendering honours; larger values are clamped.
const MAX_MODULE_PX: u32 = 64;

/// QR error correction level: how much of the symbol may be damaged and still decode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Ecc {
    /// Low: about 7% of codewords can be restored.
    L,
    /// Medium (the default): about 15%.
    #[default]
    M,
    /// Quartile: about 25%.
    Q,
    /// High: about 30%.
    H,
}

impl Ecc {
    /// `L`, `M`, `Q` or `H`.
    pub fn as_str(self) -> &'static str {
        match self {
            Ecc::L => "L",
            Ecc::M => "M",
            Ecc::Q => "Q",
            Ecc::H => "H",
        }
    }

    fn level(self) -> QrCodeEcc {
        match self {
            Ecc::L => QrCodeEcc::Low,
            Ecc::M => QrCodeEcc::Medium,
            Ecc::Q => QrCodeEcc::Quartile,
            Ecc::H => QrCodeEcc::High,
        }
    }
}

impl std::str::FromStr for Ecc {
    type Err = Error;

    /// Reads `L`, `M`, `Q` or `H` in either case (`invalid_argument` otherwise).
    ///
    /// ```
    /// use qrpass::qr::Ecc;
    /// assert_eq!("q".parse::<Ecc>()?, Ecc::Q);
    /// assert_eq!("X".parse::<Ecc>().unwrap_err().code().as_str(), "invalid_argument");
    /// # Ok::<(), qrpass::Error>(())
    /// ```
    fn from_str(text: &str) -> Result<Ecc> {
        match text {
            "L" | "l" => Ok(Ecc::L),
            "M" | "m" => Ok(Ecc::M),
            "Q" | "q" => Ok(Ecc::Q),
            "H" | "h" => Ok(Ecc::H),
            _ => Err(Error::new(
                ErrorCode::InvalidArgument,
                "error correction is L, M, Q or H",
            )),
        }
    }
}

impl std::fmt::Display for Ecc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How to encode and draw a QR symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RenderOptions {
    /// Error correction level (default [`Ecc::M`]).
    pub ecc: Ecc,
    /// Light border around the symbol, in modules (default 4, the minimum the
    /// standard asks for; clamped to 64).
    pub quiet_zone: u32,
    /// Size of one module in PNG pixels and SVG user units (default 8;
    /// 0 is taken as 1, values above 64 as 64).
    pub module_px: u32,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            ecc: Ecc::M,
            quiet_zone: 4,
            module_px: 8,
        }
    }
}

/// An encoded QR symbol, ready to be drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrImage {
    /// Dark modules, row by row, `width × width`, without the quiet zone.
    modules: Vec<bool>,
    width: usize,
    version: u8,
    ecc: Ecc,
    quiet_zone: u32,
    module_px: u32,
}

/// Encodes `text` as a QR symbol of the smallest version that holds it.
///
/// Text made only of QR alphanumeric characters (`0-9 A-Z`, space and
/// `$ % * + - . / :`, so every qrpass `"VN1:"` + Base45 text) is encoded in
/// alphanumeric mode, all-digit text in numeric mode, anything else as UTF-8
/// bytes in byte mode.
///
/// Errors: [`ErrorCode::EmptyInput`] for empty text, [`ErrorCode::QrTooLong`]
/// when the text does not fit a version 40 symbol at the requested error
/// correction level.
///
/// ```
/// use qrpass::qr::{encode, RenderOptions};
/// let qr = encode("VN1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EP4J0BGJLFX", &RenderOptions::default()).unwrap();
/// assert_eq!(qr.version(), 4);
/// assert_eq!(qr.width(), 33);
/// ```
pub fn encode(text: &str, options: &RenderOptions) -> Result<QrImage> {
    if text.is_empty() {
        return Err(Error::new(
            ErrorCode::EmptyInput,
            "the text to encode is empty",
        ));
    }
    if text.len() > MAX_QR_CHARS {
        return Err(too_long(text.len(), options.ecc));
    }
    let data = text.as_bytes();
    let segment = if data.iter().all(u8::is_ascii_digit) {
        QrSegment::make_numeric(text)
    } else if data.iter().all(|&b| is_alphanumeric(b)) {
        QrSegment::make_alphanumeric(text)
    } else {
        QrSegment::make_bytes(data)
    };
    // Smallest version that holds the text, at exactly the requested level (no
    // ECC boost, so `ecc()` reports what the symbol carries). The mask is the
    // standard's lowest-penalty choice, scored quickly by `mask::best_mask`.
    let level = options.ecc.level();
    let at = |mask: u8| {
        QrCode::encode_segments_advanced(
            std::slice::from_ref(&segment),
            level,
            Version::MIN,
            Version::MAX,
            Some(Mask::new(mask)),
            false,
        )
        .map_err(|_| too_long(text.len(), options.ecc))
    };
    let first = at(0)?;
    let code = match super::mask::best_mask(&first, level).map(|m| m.value()) {
        Some(0) => first,
        Some(best) => at(best)?,
        // Above version 27 qrcodegen chooses (same rules, slower).
        None => QrCode::encode_segments_advanced(
            std::slice::from_ref(&segment),
            level,
            first.version(),
            first.version(),
            None,
            false,
        )
        .map_err(|_| too_long(text.len(), options.ecc))?,
    };
    let version = code.version().value();
    let width = usize::try_from(code.size()).unwrap_or(0);
    let size = code.size();
    let modules = (0..size)
        .flat_map(|y| (0..size).map(move |x| (x, y)))
        .map(|(x, y)| code.get_module(x, y))
        .collect();
    Ok(QrImage {
        modules,
        width,
        version,
        ecc: options.ecc,
        quiet_zone: options.quiet_zone.min(MAX_QUIET_ZONE),
        module_px: options.module_px.clamp(1, MAX_MODULE_PX),
    })
}

fn too_long(len: usize, ecc: Ecc) -> Error {
    Error::new(
        ErrorCode::QrTooLong,
        format!("a text of {len} bytes does not fit in a QR code at error correction {ecc:?}"),
    )
}

/// Whether `b` is one of the 45 characters of QR alphanumeric mode.
fn is_alphanumeric(b: u8) -> bool {
    b.is_ascii_digit()
        || b.is_ascii_uppercase()
        || matches!(
            b,
            b' ' | b'$' | b'%' | b'*' | b'+' | b'-' | b'.' | b'/' | b':'
        )
}

impl QrImage {
    /// The QR version (1..=40) chosen: the smallest that holds the text.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// Modules per side, without the quiet zone (`17 + 4 × version`).
    pub fn width(&self) -> usize {
        self.width
    }

    /// The error correction level used.
    pub fn ecc(&self) -> Ecc {
        self.ecc
    }

    /// Whether the module at column `x`, row `y` (0-based, quiet zone excluded)
    /// is dark; `false` outside the symbol.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width
            && self
                .modules
                .get(y.saturating_mul(self.width).saturating_add(x))
                .copied()
                .unwrap_or(false)
    }

    /// Modules per side including the quiet zone on both sides.
    pub fn total_width(&self) -> usize {
        self.width + 2 * self.quiet_zone as usize
    }

    /// Dark state of a module in quiet-zone coordinates (0 is the outer edge).
    fn dark_with_border(&self, x: usize, y: usize) -> bool {
        let q = self.quiet_zone as usize;
        match (x.checked_sub(q), y.checked_sub(q)) {
            (Some(x), Some(y)) => self.is_dark(x, y),
            _ => false,
        }
    }

    /// An SVG document: black modules on a white background, one path, with
    /// the quiet zone; each module is `module_px` user units wide.
    pub fn to_svg(&self) -> String {
        let n = self.total_width();
        let px = n * self.module_px as usize;
        let mut svg = String::with_capacity(256 + self.modules.len() * 4);
        let _ = write!(
            svg,
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?>"#,
                "\n",
                r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{px}" height="{px}" viewBox="0 0 {n} {n}" shape-rendering="crispEdges">"#,
                "\n",
                r##"<rect width="{n}" height="{n}" fill="#fff"/>"##,
                "\n",
                r##"<path fill="#000" d=""##
            ),
            px = px,
            n = n
        );
        for y in 0..n {
            let mut x = 0;
            while x < n {
                if self.dark_with_border(x, y) {
                    let start = x;
                    while x < n && self.dark_with_border(x, y) {
                        x += 1;
                    }
                    let _ = write!(svg, "M{start} {y}h{}v1h-{}z", x - start, x - start);
                } else {
                    x += 1;
                }
            }
        }
        svg.push_str("\"/>\n</svg>\n");
        svg
    }

    /// A 1-bit greyscale PNG: black modules on white, `module_px` pixels per
    /// module, with the quiet zone.
    ///
    /// Fails with [`ErrorCode::ImageTooLarge`] if the picture would exceed
    /// [`MAX_IMAGE_PIXELS`](super::MAX_IMAGE_PIXELS).
    pub fn to_png(&self) -> Result<Vec<u8>> {
        let n = self.total_width();
        let scale = self.module_px as usize;
        let side = n * scale;
        if (side as u64).saturating_mul(side as u64) > MAX_IMAGE_PIXELS {
            return Err(Error::new(
                ErrorCode::ImageTooLarge,
                format!("a {side}×{side} pixel PNG is larger than allowed"),
            ));
        }
        let side_u32 = u32::try_from(side)
            .map_err(|_| Error::new(ErrorCode::ImageTooLarge, "the PNG would be too large"))?;
        let row_bytes = side.div_ceil(8);
        let mut pixels = vec![0u8; row_bytes * side];
        // Draw one pixel row per module row, then copy it `scale` times.
        for (my, band) in pixels.chunks_exact_mut(row_bytes * scale).enumerate() {
            let (row, copies) = band.split_at_mut(row_bytes);
            for mx in 0..n {
                // Bit set = white (grey level 1); bits left clear are black.
                if !self.dark_with_border(mx, my) {
                    for x in mx * scale..(mx + 1) * scale {
                        if let Some(byte) = row.get_mut(x / 8) {
                            *byte |= 0x80 >> (x % 8);
                        }
                    }
                }
            }
            for copy in copies.chunks_exact_mut(row_bytes) {
                copy.copy_from_slice(row);
            }
        }
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, side_u32, side_u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        // Fast deflate over the Up filter: each repeated pixel row becomes zeros.
        // About 2.8 kB for a version 10 symbol at 8 px in 0.08 ms, where the best
        // compression gives 1.3 kB in 2 ms (bulk issuing draws one per pass).
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::Filter::Up);
        let png_error = |e: png::EncodingError| {
            Error::new(ErrorCode::BadImage, format!("PNG encoding failed: {e}"))
        };
        let mut writer = encoder.write_header().map_err(png_error)?;
        writer.write_image_data(&pixels).map_err(png_error)?;
        writer.finish().map_err(png_error)?;
        Ok(out)
    }

    /// The symbol as lines of Unicode half blocks (`▀ ▄ █`), two module rows
    /// per line, with the quiet zone.
    ///
    /// Each line sets black-on-white colours with ANSI escapes (and resets them
    /// at its end), so the code shows dark-on-light, as phones expect, even in a
    /// terminal with a dark theme.
    pub fn to_terminal(&self) -> String {
        const COLORS: &str = "\x1b[30;107m";
        const RESET: &str = "\x1b[0m";
        let n = self.total_width();
        let mut out = String::with_capacity((n + 16) * (n / 2 + 1) * 3);
        for y in (0..n).step_by(2) {
            out.push_str(COLORS);
            for x in 0..n {
                let top = self.dark_with_border(x, y);
                let bottom = y + 1 < n && self.dark_with_border(x, y + 1);
                out.push(match (top, bottom) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            out.push_str(RESET);
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    const B45: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    /// A VN1 text of `n` characters in total, deterministic.
    fn vn1_text(n: usize) -> String {
        let mut s = String::from("VN1:");
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        while s.len() < n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push(B45[(x % 45) as usize] as char);
        }
        s
    }

    #[test]
    fn typical_permit_fits_version_10_at_m() {
        let text = vn1_text(311);
        let qr = encode(&text, &RenderOptions::default()).unwrap();
        assert!(qr.version() <= 10, "version {}", qr.version());
        assert_eq!(qr.width(), 17 + 4 * qr.version() as usize);
        // 312 characters need version 11 at M: alphanumeric capacity of 10-M is 311.
        assert_eq!(
            encode(&vn1_text(312), &RenderOptions::default())
                .unwrap()
                .version(),
            11
        );
    }

    #[test]
    fn alphanumeric_text_uses_alphanumeric_mode() {
        // 311 characters fit 10-M only in alphanumeric mode (byte mode holds 213).
        let qr = encode(&vn1_text(311), &RenderOptions::default()).unwrap();
        assert_eq!(qr.version(), 10);
        // Lower-case forces byte mode and a bigger symbol.
        let lower = vn1_text(311).to_lowercase();
        assert!(encode(&lower, &RenderOptions::default()).unwrap().version() > 10);
    }

    #[test]
    fn ecc_levels_change_the_version() {
        let text = vn1_text(200);
        let v = |ecc| {
            encode(
                &text,
                &RenderOptions {
                    ecc,
                    ..RenderOptions::default()
                },
            )
            .unwrap()
            .version()
        };
        assert!(v(Ecc::L) <= v(Ecc::M) && v(Ecc::M) <= v(Ecc::Q) && v(Ecc::Q) <= v(Ecc::H));
        assert!(v(Ecc::L) < v(Ecc::H));
    }

    #[test]
    fn errors_empty_and_too_long() {
        let e = encode("", &RenderOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::EmptyInput);
        // 4296 alphanumeric characters is the 40-L maximum.
        let max = "A".repeat(4296);
        let low = RenderOptions {
            ecc: Ecc::L,
            ..RenderOptions::default()
        };
        assert_eq!(encode(&max, &low).unwrap().version(), 40);
        let e = encode(&"A".repeat(4297), &low).unwrap_err();
        assert_eq!(e.code(), ErrorCode::QrTooLong);
        let e = encode(&max, &RenderOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::QrTooLong);
        let e = encode(&"é".repeat(100_000), &low).unwrap_err();
        assert_eq!(e.code(), ErrorCode::QrTooLong);
    }

    #[test]
    fn svg_terminal_and_png_have_the_right_shape() {
        let qr = encode("VN1:HELLO", &RenderOptions::default()).unwrap();
        assert_eq!(qr.version(), 1);
        let svg = qr.to_svg();
        assert!(svg.contains(r#"viewBox="0 0 29 29""#), "{svg}");
        assert!(svg.contains(r#"width="232""#));
        // The top-left finder pattern: a 7-module dark run at (4, 4).
        assert!(svg.contains("M4 4h7v1h-7z"));

        let term = qr.to_terminal();
        assert_eq!(term.lines().count(), 15);
        let first = term.lines().nth(2).unwrap();
        assert!(first.starts_with("\x1b[30;107m    █▀▀▀▀▀█ "), "{first:?}");

        let png = qr.to_png().unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let big = RenderOptions {
            module_px: 1000,
            quiet_zone: 1000,
            ..RenderOptions::default()
        };
        let clamped = encode("VN1:HELLO", &big).unwrap();
        assert_eq!(clamped.total_width(), 21 + 2 * 64);
    }

    #[test]
    fn png_too_large_is_refused() {
        let opts = RenderOptions {
            ecc: Ecc::L,
            quiet_zone: 64,
            module_px: 64,
        };
        let qr = encode(&"A".repeat(4000), &opts).unwrap();
        // (177 + 128) × 64 = 19520 px per side: 381 Mpx.
        assert_eq!(qr.to_png().unwrap_err().code(), ErrorCode::ImageTooLarge);
    }

    #[cfg(feature = "scan")]
    #[test]
    fn png_round_trip() {
        for (text, ecc) in [
            (vn1_text(311), Ecc::M),
            (vn1_text(80), Ecc::H),
            ("Giấy đi đường: Nguyễn Văn A".to_string(), Ecc::Q),
            ("0123456789".to_string(), Ecc::L),
        ] {
            for module_px in [1, 3, 8] {
                let opts = RenderOptions {
                    ecc,
                    module_px,
                    quiet_zone: 4,
                };
                let png = encode(&text, &opts).unwrap().to_png().unwrap();
                let texts = crate::qr::scan_image(&png).unwrap();
                assert_eq!(texts, vec![text.clone()], "module_px {module_px}");
            }
        }
    }

    #[cfg(feature = "scan")]
    #[test]
    fn luma_round_trip() {
        let text = vn1_text(311);
        let qr = encode(&text, &RenderOptions::default()).unwrap();
        let (px, n) = (4usize, qr.total_width());
        let side = n * px;
        let luma: Vec<u8> = (0..side * side)
            .map(|i| {
                let (x, y) = ((i % side) / px, (i / side) / px);
                if qr.dark_with_border(x, y) {
                    0
                } else {
                    255
                }
            })
            .collect();
        let side = side as u32;
        assert_eq!(
            crate::qr::scan_luma(side, side, side, &luma).unwrap(),
            vec![text]
        );
    }

    #[test]
    fn is_dark_outside_is_light() {
        let qr = encode("1234", &RenderOptions::default()).unwrap();
        assert!(qr.is_dark(0, 0));
        assert!(!qr.is_dark(21, 0));
        assert!(!qr.is_dark(usize::MAX, usize::MAX));
    }
}
