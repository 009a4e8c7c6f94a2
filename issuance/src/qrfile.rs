//! The QR image files of a batch (`DIR/qr/NUMBER.png` or `.svg`) and the
//! modules of each symbol, kept for a printable sheet.

use std::fs;
use std::path::Path;
use std::str::FromStr;

use qrpass::keys::hex_encode;
use qrpass::qr::{self, Ecc, QrImage, RenderOptions};
use qrpass::{Error, ErrorCode};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The image format of the QR files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG (the render options' pixels per module).
    #[default]
    Png,
    /// SVG.
    Svg,
}

impl ImageFormat {
    /// The file extension: `png` or `svg`.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }
}

impl FromStr for ImageFormat {
    type Err = Error;

    /// `png` or `svg`, in any case.
    fn from_str(s: &str) -> Result<ImageFormat, Error> {
        match s.to_ascii_lowercase().as_str() {
            "png" => Ok(ImageFormat::Png),
            "svg" => Ok(ImageFormat::Svg),
            _ => Err(Error::new(
                ErrorCode::InvalidText,
                format!("the image format is png or svg, not {s:?}"),
            )),
        }
    }
}

/// The dark modules of a QR symbol, one bit each (about 400 bytes for a
/// version-10 code), kept from the PNG/SVG step so the PDF need not encode again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrModules {
    width: usize,
    bits: Vec<u64>,
}

impl QrModules {
    /// The modules of an encoded symbol.
    pub fn of(image: &QrImage) -> QrModules {
        let width = image.width();
        let mut bits = vec![0u64; (width * width).div_ceil(64)];
        for y in 0..width {
            for x in 0..width {
                if image.is_dark(x, y) {
                    let i = y * width + x;
                    if let Some(word) = bits.get_mut(i / 64) {
                        *word |= 1 << (i % 64);
                    }
                }
            }
        }
        QrModules { width, bits }
    }

    /// Encodes `token` at error correction `ecc`.
    pub fn encode(token: &str, ecc: Ecc) -> Result<QrModules, Error> {
        let options = RenderOptions {
            ecc,
            quiet_zone: 4,
            module_px: 1,
        };
        qr::encode(token, &options).map(|image| QrModules::of(&image))
    }

    /// The symbol's side in modules, quiet zone included.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        let i = y * self.width + x;
        x < self.width
            && self
                .bits
                .get(i / 64)
                .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// The file name (without extension) of a pass's QR image: the pass number with
/// diacritics removed and anything but `A-Z a-z 0-9 - _ .` replaced by `_`. When
/// that changes the number (or there is none), the token id in hex is appended
/// (or used alone), so two passes never share a file.
pub fn file_stem(number: Option<&str>, cti: &[u8; 8]) -> String {
    let Some(number) = number else {
        return hex_encode(cti);
    };
    let mut stem: String = number
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') => c,
            _ => '_',
        })
        .take(80)
        .collect();
    let dots = stem.len() - stem.trim_start_matches('.').len();
    stem.replace_range(..dots, &"_".repeat(dots));
    if stem != number {
        stem.push('-');
        stem.push_str(&hex_encode(cti));
    }
    stem
}

/// Writes the QR image of `token` as DIR/STEM.png (or .svg); returns its modules.
pub fn write_qr(
    dir: &Path,
    stem: &str,
    token: &str,
    format: ImageFormat,
    options: &RenderOptions,
) -> Result<QrModules, Error> {
    let image = qr::encode(token, options)?;
    let bytes = match format {
        ImageFormat::Png => image.to_png()?,
        ImageFormat::Svg => image.to_svg().into_bytes(),
    };
    let path = dir.join(format!("{stem}.{}", format.extension()));
    fs::write(&path, bytes)
        .map_err(|e| Error::new(ErrorCode::Io, format!("{}: {e}", path.display())))?;
    Ok(QrModules::of(&image))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_safe_and_unique() {
        let cti = [0xAB; 8];
        assert_eq!(file_stem(Some("HCM-2021-004217"), &cti), "HCM-2021-004217");
        assert_eq!(
            file_stem(Some("HN/2021/17"), &cti),
            "HN_2021_17-abababababababab"
        );
        assert_eq!(
            file_stem(Some("Đà-Nẵng 1"), &cti),
            "Da-Nang_1-abababababababab"
        );
        assert_eq!(file_stem(Some("../x"), &cti), "___x-abababababababab");
        assert_eq!(file_stem(None, &cti), "abababababababab");
    }
}
