//! Finding QR symbols in a binarized picture and reading their text.
//!
//! Detection is rxing's port of zxing-cpp's (finder patterns → "L" triples →
//! sampled module grid), as in its `QrReader`, restricted to QR model 2.
//! The grid is read with rxing's format, version and codeword parser and its
//! Reed–Solomon decoder; the data bits become text in qrpass's own
//! [`bitstream`](super::bitstream) decoder, so rxing's character-set decoding
//! (and encoding_rs's CJK tables) is never linked.

use rxing::common::cpp_essentials::ConcentricPattern;
use rxing::common::{BitMatrix, DetectorRXingResult};
use rxing::qrcode::cpp_port::decoder::CorrectErrors;
use rxing::qrcode::cpp_port::detector::{FindFinderPatterns, GenerateFinderPatternSets, SampleQR};
use rxing::qrcode::decoder::{BitMatrixParser, DataBlock};
use rxing::Point;

use super::bitstream::{self, Unreadable};

/// A decoded symbol: its text and rxing's corner points (top left, top
/// right, bottom left, bottom right) in the binarized picture's pixels.
pub(crate) struct Symbol {
    pub(crate) text: String,
    pub(crate) points: Vec<Point>,
}

/// Every QR symbol whose text could be read (try-harder finder search).
pub(crate) fn detect(bits: &BitMatrix) -> Vec<Symbol> {
    let mut patterns = FindFinderPatterns(bits, true, 0);
    let sets = GenerateFinderPatternSets(&mut patterns);
    let mut used: Vec<ConcentricPattern> = Vec::new();
    let mut symbols = Vec::new();
    for set in sets {
        if [set.bl, set.tl, set.tr].iter().any(|p| used.contains(p)) {
            continue;
        }
        let Ok(sampled) = SampleQR(bits, &set) else {
            continue;
        };
        match read(sampled.getBits()) {
            Ok(text) => {
                used.extend([set.bl, set.tl, set.tr]);
                symbols.push(Symbol {
                    text,
                    points: sampled.getPoints().to_vec(),
                });
            }
            // A sound symbol in a character set qrpass does not decode:
            // its finders are not reused for other triples.
            Err(Some(Unreadable::Charset)) => used.extend([set.bl, set.tl, set.tr]),
            Err(_) => {}
        }
    }
    symbols
}

/// A sampled module grid → text: as read, then mirrored (the grid transposed,
/// as a front camera or a code seen from behind gives it).
/// `Err(None)`: no valid symbol; `Err(Some(_))`: valid codewords, unreadable data.
fn read(grid: &BitMatrix) -> Result<String, Option<Unreadable>> {
    let mut parser = BitMatrixParser::new(grid.clone()).map_err(|_| None)?;
    let first = codewords(&mut parser);
    let (bytes, version) = match first {
        Some(found) => found,
        None => {
            // As rxing's Java-derived decoder: undo the mask, mirror, retry.
            parser.remask().map_err(|_| None)?;
            parser.setMirror(true);
            parser.readVersion().map_err(|_| None)?;
            parser.readFormatInformation().map_err(|_| None)?;
            parser.mirror();
            codewords(&mut parser).ok_or(None)?
        }
    };
    bitstream::decode(&bytes, version).map_err(Some)
}

/// Format, version, codewords, de-interleaving and error correction: the
/// data codewords and the version number, or `None` if any step fails.
fn codewords(parser: &mut BitMatrixParser) -> Option<(Vec<u8>, u32)> {
    let version = parser.readVersion().ok()?;
    let ec_level = parser
        .readFormatInformation()
        .ok()?
        .getErrorCorrectionLevel();
    let raw = parser.readCodewords().ok()?;
    let blocks = DataBlock::getDataBlocks(&raw, version, ec_level).ok()?;
    let mut data = Vec::new();
    for block in &blocks {
        let mut words = block.getCodewords().to_vec();
        let n = block.getNumDataCodewords() as usize;
        if n > words.len() || !CorrectErrors(&mut words, n as u32).ok()? {
            return None;
        }
        data.extend_from_slice(&words[..n]);
    }
    Some((data, version.getVersionNumber()))
}
