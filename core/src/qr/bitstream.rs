//! A QR symbol's error-corrected data codewords → its text (ISO/IEC 18004 §7.4).
//!
//! qrpass decodes the bitstream itself instead of calling rxing's parser: that
//! parser decodes text through `encoding_rs` with every character set reachable
//! (Shift_JIS, GB18030, Big5, EUC-KR), which puts all of encoding_rs's CJK
//! tables into the WebAssembly scanner. Supported: numeric, alphanumeric, byte
//! Kanji and Hanzi (GB 2312) segments; ECI for ISO-8859-1 (1, 3), Shift_JIS (20), UTF-16BE (25),
//! UTF-8 (26), ASCII (27, 170) and binary (899); FNC1 in first (GS1) and second
//! (AIM) position; structured-append headers (skipped: each symbol is read on
//! its own). Byte segments without an ECI get ZXing's guess (UTF-8,
//! Shift_JIS or ISO-8859-1: rxing's `guessCharset`), as rxing did. Other
//! ECIs give [`Unreadable::Charset`]; a damaged stream gives
//! [`Unreadable::Stream`].

use rxing::common::{string_utils::guessCharset, CharacterSet};
use rxing::DecodeHints;

use super::cjk::{gb2312, shift_jis};

/// Why a symbol's data could not be turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// The bits break the format (bad mode, count past the end, bad digits).
    Stream,
    /// Kanji or Hanzi mode, an ECI for another character set, or bytes not
    /// valid in the declared one.
    Charset,
}

/// The text character set of the bytes that follow (set by an ECI).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Charset {
    /// No ECI yet: guessed from the bytes.
    Guess,
    Latin1,
    ShiftJis,
    Utf8,
    Utf16Be,
    Ascii,
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Bytes without an ECI, as ZXing reads them: its guess, else ISO-8859-1.
fn guessed(bytes: &[u8]) -> String {
    let decoded = match guessCharset(bytes, &DecodeHints::default()) {
        Some(CharacterSet::UTF8) => std::str::from_utf8(bytes).ok().map(str::to_owned),
        Some(CharacterSet::Shift_JIS) => shift_jis(bytes),
        Some(CharacterSet::UTF16BE) => bytes.get(2..).and_then(|b| utf16(b, u16::from_be_bytes)),
        Some(CharacterSet::UTF16LE) => bytes.get(2..).and_then(|b| utf16(b, u16::from_le_bytes)),
        _ => None,
    };
    decoded.unwrap_or_else(|| latin1(bytes))
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    char::decode_utf16(bytes.chunks_exact(2).map(|p| unit([p[0], p[1]])))
        .collect::<Result<String, _>>()
        .ok()
}

/// Reads bits most significant first.
struct Bits<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn available(&self) -> usize {
        self.bytes.len() * 8 - self.pos
    }

    /// `n` ≤ 32 bits as a number.
    fn read(&mut self, n: usize) -> Result<u32, Unreadable> {
        if n > self.available() || n > 32 {
            return Err(Unreadable::Stream);
        }
        let mut v = 0u32;
        for _ in 0..n {
            let bit = (self.bytes[self.pos / 8] >> (7 - self.pos % 8)) & 1;
            v = (v << 1) | u32::from(bit);
            self.pos += 1;
        }
        Ok(v)
    }

    /// Fewer than 4 bits left, or the 4-bit terminator (0000, possibly cut short).
    fn at_end(&mut self) -> bool {
        let n = self.available().min(4);
        let saved = self.pos;
        let end = self.read(n).map_or(true, |v| v == 0);
        self.pos = saved;
        end
    }
}

/// The text being built: finished text plus the pending bytes of one charset.
struct Text {
    done: String,
    pending: Vec<u8>,
    charset: Charset,
    /// FNC1 in first position: `%` in alphanumeric segments means GS (0x1D).
    gs1: bool,
}

impl Text {
    fn flush(&mut self) -> Result<(), Unreadable> {
        let bytes = std::mem::take(&mut self.pending);
        if bytes.is_empty() {
            return Ok(());
        }
        let text = match self.charset {
            Charset::Guess => Some(guessed(&bytes)),
            Charset::Latin1 => Some(latin1(&bytes)),
            Charset::ShiftJis => shift_jis(&bytes),
            Charset::Utf8 => String::from_utf8(bytes).ok(),
            Charset::Ascii => bytes.is_ascii().then(|| latin1(&bytes)),
            Charset::Utf16Be => utf16(&bytes, u16::from_be_bytes),
        };
        self.done.push_str(&text.ok_or(Unreadable::Charset)?);
        Ok(())
    }

    /// ASCII characters from a numeric or alphanumeric segment.
    fn push_ascii(&mut self, c: u8) -> Result<(), Unreadable> {
        if matches!(self.charset, Charset::Utf16Be | Charset::ShiftJis) {
            self.flush()?;
            self.done.push(char::from(c));
        } else {
            self.pending.push(c);
        }
        Ok(())
    }

    fn set_charset(&mut self, charset: Charset) -> Result<(), Unreadable> {
        self.flush()?;
        self.charset = charset;
        Ok(())
    }
}

/// Decodes the data codewords of a QR (model 2) symbol of `version` (1–40).
pub(crate) fn decode(bytes: &[u8], version: u32) -> Result<String, Unreadable> {
    let mut bits = Bits { bytes, pos: 0 };
    let mut text = Text {
        done: String::new(),
        pending: Vec::new(),
        charset: Charset::Guess,
        gs1: false,
    };
    let size = match version {
        0..=9 => 0,
        10..=26 => 1,
        _ => 2,
    };
    while !bits.at_end() {
        match bits.read(4)? {
            1 => numeric(&mut bits, [10, 12, 14][size], &mut text)?,
            2 => alphanumeric(&mut bits, [9, 11, 13][size], &mut text)?,
            3 => {
                bits.read(16)?; // structured append: index, count, parity
            }
            4 => {
                let count = bits.read([8, 16, 16][size])?;
                for _ in 0..count {
                    text.pending.push(bits.read(8)? as u8);
                }
            }
            5 => text.gs1 = true,
            7 => text.set_charset(eci(&mut bits)?)?,
            8 => kanji(&mut bits, [8, 10, 12][size], &mut text)?,
            13 => hanzi(&mut bits, [8, 10, 12][size], &mut text)?,
            9 => {
                // AIM application indicator: two digits or a letter.
                let ind = bits.read(8)?;
                if !text.done.is_empty() || !text.pending.is_empty() {
                    return Err(Unreadable::Stream);
                }
                match ind {
                    0..=99 => {
                        text.push_ascii(b'0' + (ind / 10) as u8)?;
                        text.push_ascii(b'0' + (ind % 10) as u8)?;
                    }
                    165..=190 | 197..=222 => text.push_ascii((ind - 100) as u8)?,
                    _ => return Err(Unreadable::Stream),
                }
            }
            _ => return Err(Unreadable::Stream),
        }
    }
    text.flush()?;
    Ok(text.done)
}

/// An ECI designator (1–3 bytes) → the character set it selects.
fn eci(bits: &mut Bits) -> Result<Charset, Unreadable> {
    let first = bits.read(8)?;
    let value = if first & 0x80 == 0 {
        first
    } else if first & 0xC0 == 0x80 {
        ((first & 0x3F) << 8) | bits.read(8)?
    } else if first & 0xE0 == 0xC0 {
        ((first & 0x1F) << 16) | bits.read(16)?
    } else {
        return Err(Unreadable::Stream);
    };
    match value {
        1 | 3 | 899 => Ok(Charset::Latin1),
        20 => Ok(Charset::ShiftJis),
        25 => Ok(Charset::Utf16Be),
        26 => Ok(Charset::Utf8),
        27 | 170 => Ok(Charset::Ascii),
        _ => Err(Unreadable::Charset),
    }
}

fn numeric(bits: &mut Bits, count_bits: usize, text: &mut Text) -> Result<(), Unreadable> {
    let mut count = bits.read(count_bits)?;
    while count > 0 {
        let (digits, width, limit) = match count {
            1 => (1, 4, 10),
            2 => (2, 7, 100),
            _ => (3, 10, 1000),
        };
        let v = bits.read(width)?;
        if v >= limit {
            return Err(Unreadable::Stream);
        }
        for d in (0..digits).rev() {
            text.push_ascii(b'0' + (v / 10u32.pow(d) % 10) as u8)?;
        }
        count -= digits;
    }
    Ok(())
}

/// Kanji mode: 13 bits per character, the Shift_JIS double byte compacted.
fn kanji(bits: &mut Bits, count_bits: usize, text: &mut Text) -> Result<(), Unreadable> {
    let count = bits.read(count_bits)?;
    let mut sjis = Vec::with_capacity(2 * count as usize);
    for _ in 0..count {
        let v = bits.read(13)?;
        let packed = ((v / 0xC0) << 8) | (v % 0xC0);
        let code = packed + if packed < 0x1F00 { 0x8140 } else { 0xC140 };
        sjis.extend([(code >> 8) as u8, code as u8]);
    }
    text.flush()?;
    text.done
        .push_str(&shift_jis(&sjis).ok_or(Unreadable::Charset)?);
    Ok(())
}

/// Hanzi mode (GB/T 18284): a subset indicator (1 = GB 2312), then 13 bits
/// per character.
fn hanzi(bits: &mut Bits, count_bits: usize, text: &mut Text) -> Result<(), Unreadable> {
    if bits.read(4)? != 1 {
        return Err(Unreadable::Charset);
    }
    let count = bits.read(count_bits)?;
    let mut gb = Vec::with_capacity(2 * count as usize);
    for _ in 0..count {
        let v = bits.read(13)?;
        let packed = ((v / 0x60) << 8) | (v % 0x60);
        let code = packed + if packed < 0x0A00 { 0xA1A1 } else { 0xA6A1 };
        gb.extend([(code >> 8) as u8, code as u8]);
    }
    text.flush()?;
    text.done.push_str(&gb2312(&gb).ok_or(Unreadable::Charset)?);
    Ok(())
}

const ALPHANUMERIC: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

fn alphanumeric(bits: &mut Bits, count_bits: usize, text: &mut Text) -> Result<(), Unreadable> {
    let count = bits.read(count_bits)?;
    let mut chars = Vec::with_capacity(count as usize);
    let mut left = count;
    while left > 0 {
        let (n, width, limit) = if left == 1 {
            (1, 6, 45)
        } else {
            (2, 11, 45 * 45)
        };
        let v = bits.read(width)?;
        if v >= limit {
            return Err(Unreadable::Stream);
        }
        if n == 2 {
            chars.push(ALPHANUMERIC[(v / 45) as usize]);
        }
        chars.push(ALPHANUMERIC[(v % 45) as usize]);
        left -= n;
    }
    let mut i = 0;
    while i < chars.len() {
        let mut c = chars[i];
        if text.gs1 && c == b'%' {
            // "%%" is a literal percent sign, "%" alone is FNC1 (GS).
            if chars.get(i + 1) == Some(&b'%') {
                i += 1;
            } else {
                c = 0x1D;
            }
        }
        text.push_ascii(c)?;
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Packs (value, bit count) pairs into bytes, zero-padded.
    fn pack(fields: &[(u32, usize)]) -> Vec<u8> {
        let mut bits = Vec::new();
        for &(v, n) in fields {
            bits.extend((0..n).rev().map(|i| (v >> i) & 1 == 1));
        }
        bits.chunks(8)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u8, |b, (i, &on)| b | (u8::from(on) << (7 - i)))
            })
            .collect()
    }

    #[test]
    fn numeric_alphanumeric_and_bytes() {
        // "01234567" numeric, "AC-42" alphanumeric, "é" in UTF-8 bytes.
        let data = pack(&[
            (1, 4),
            (8, 10),
            (12, 10),
            (345, 10),
            (67, 7),
            (2, 4),
            (5, 9),
            (10 * 45 + 12, 11),
            (41 * 45 + 4, 11),
            (2, 6),
            (4, 4),
            (2, 8),
            (0xC3, 8),
            (0xA9, 8),
            (0, 4),
        ]);
        assert_eq!(decode(&data, 1).unwrap(), "01234567AC-42é");
    }

    #[test]
    fn byte_mode_guess_eci_and_unsupported_sets() {
        // Not UTF-8 without an ECI: ISO-8859-1.
        assert_eq!(decode(&pack(&[(4, 4), (1, 8), (0xE9, 8)]), 1).unwrap(), "é");
        // Three Shift_JIS kanji without an ECI: guessed as Shift_JIS.
        let kanji = pack(&[
            (4, 4),
            (6, 8),
            (0x88, 8),
            (0xA2, 8),
            (0x88, 8),
            (0xA2, 8),
            (0x88, 8),
            (0xA2, 8),
        ]);
        assert_eq!(decode(&kanji, 1).unwrap(), "阿阿阿");
        // ECI 26 (UTF-8) with invalid bytes; ECI 28 (Big5); Hanzi mode.
        let bad_utf8 = pack(&[(7, 4), (26, 8), (4, 4), (1, 8), (0xE9, 8)]);
        assert_eq!(decode(&bad_utf8, 1), Err(Unreadable::Charset));
        let big5 = pack(&[(7, 4), (28, 8), (4, 4), (1, 8), (0x41, 8)]);
        assert_eq!(decode(&big5, 1), Err(Unreadable::Charset));
        // Hanzi: subset 2 is not GB 2312; 阿 (B0A2) is 0x0A6A1 + 0x0A01 → 0x3C1.
        assert_eq!(
            decode(&pack(&[(13, 4), (2, 4), (1, 8)]), 1),
            Err(Unreadable::Charset)
        );
        let hanzi = pack(&[(13, 4), (1, 4), (1, 8), ((0xB0 - 0xA6) * 0x60 + 1, 13)]);
        assert_eq!(decode(&hanzi, 1).unwrap(), "阿");
        // Kanji mode: 0x935F (点, ISO 18004's example) is 0x0D9F; ECI 20 bytes.
        assert_eq!(
            decode(&pack(&[(8, 4), (1, 8), (0x0D9F, 13)]), 1).unwrap(),
            "点"
        );
        let sjis = pack(&[
            (7, 4),
            (20, 8),
            (4, 4),
            (2, 8),
            (0x88, 8),
            (0xA2, 8),
            (1, 4),
            (1, 10),
            (7, 4),
        ]);
        assert_eq!(decode(&sjis, 1).unwrap(), "阿7");
        // ECI 25 (UTF-16BE) then ECI 3 (ISO-8859-1); two-byte designator 899.
        let data = pack(&[
            (7, 4),
            (25, 8),
            (4, 4),
            (2, 8),
            (0x00, 8),
            (0xE9, 8),
            (7, 4),
            (0x80 | 3, 8),
            (0x83, 8),
            (4, 4),
            (1, 8),
            (0xFF, 8),
        ]);
        assert_eq!(decode(&data, 1).unwrap(), "éÿ");
    }

    #[test]
    fn gs1_and_aim_indicators() {
        // FNC1 first: "1%%2%3" alphanumeric → "1%2<GS>3".
        let a = |c: u8| ALPHANUMERIC.iter().position(|&x| x == c).unwrap() as u32;
        let data = pack(&[
            (5, 4),
            (2, 4),
            (6, 9),
            (a(b'1') * 45 + a(b'%'), 11),
            (a(b'%') * 45 + a(b'2'), 11),
            (a(b'%') * 45 + a(b'3'), 11),
        ]);
        assert_eq!(decode(&data, 1).unwrap(), "1%2\u{1d}3");
        let aim = pack(&[(9, 4), (7, 8), (1, 4), (1, 10), (5, 4)]);
        assert_eq!(decode(&aim, 1).unwrap(), "075");
        assert_eq!(
            decode(&pack(&[(9, 4), (100, 8)]), 1),
            Err(Unreadable::Stream)
        );
    }

    #[test]
    fn damaged_streams() {
        // Bad mode, count past the end, digits out of range, bad ECI designator.
        assert_eq!(decode(&pack(&[(6, 4), (0, 4)]), 1), Err(Unreadable::Stream));
        assert_eq!(
            decode(&pack(&[(4, 4), (9, 8), (0, 8)]), 1),
            Err(Unreadable::Stream)
        );
        assert_eq!(
            decode(&pack(&[(1, 4), (3, 10), (1000, 10)]), 1),
            Err(Unreadable::Stream)
        );
        assert_eq!(
            decode(&pack(&[(2, 4), (1, 9), (45, 6)]), 1),
            Err(Unreadable::Stream)
        );
        assert_eq!(
            decode(&pack(&[(7, 4), (0xE0, 8)]), 1),
            Err(Unreadable::Stream)
        );
        // Version 10+ count widths: 16-bit byte count.
        assert_eq!(
            decode(&pack(&[(4, 4), (1, 16), (0x41, 8)]), 10).unwrap(),
            "A"
        );
        assert_eq!(decode(&[], 1).unwrap(), "");
    }
}
