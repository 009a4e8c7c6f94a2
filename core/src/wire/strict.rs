//! A strictness gate run over raw CBOR bytes before any library decodes them.
//!
//! It walks one data item without allocating and rejects what qrpass forbids:
//! indefinite lengths, non-shortest integer and length encodings, duplicate map
//! keys, nesting deeper than [`MAX_DEPTH`], declared lengths beyond the input,
//! invalid UTF-8 in text strings, reserved additional-information values and
//! trailing bytes. Because every declared length is checked against the bytes
//! that remain, no later decoding step can be made to allocate more than the
//! input's size.

use crate::error::{err, Result};

/// Deepest nesting of arrays, maps and tags accepted anywhere in a token.
pub const MAX_DEPTH: usize = 16;

/// Checks that `bytes` holds exactly one well-formed, strictly encoded CBOR item.
pub fn check(bytes: &[u8]) -> Result<()> {
    let mut reader = Reader { bytes, pos: 0 };
    reader.item(0)?;
    if reader.pos != bytes.len() {
        return Err(err!(
            TrailingBytes,
            "{} bytes follow the end of the CBOR item",
            bytes.len() - reader.pos
        ));
    }
    Ok(())
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: u64) -> Result<&'a [u8]> {
        let remaining = (self.bytes.len() - self.pos) as u64;
        if n > remaining {
            return Err(err!(
                BadCbor,
                "CBOR declares {n} bytes at offset {} but only {remaining} remain",
                self.pos
            ));
        }
        let start = self.pos;
        self.pos += n as usize;
        Ok(&self.bytes[start..self.pos])
    }

    /// Reads an initial byte and its argument; returns (major type, argument).
    fn head(&mut self) -> Result<(u8, u64)> {
        let offset = self.pos;
        let initial = self.take(1)?[0];
        let (major, info) = (initial >> 5, initial & 0x1f);
        let arg = match info {
            0..=23 => u64::from(info),
            24..=27 => {
                let width = 1u64 << (info - 24);
                let raw = self.take(width)?;
                let value = raw.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
                // Simple values 0..31 in the two-byte form are not well-formed
                // (RFC 8949 §3.3): `bad_cbor`, not a non-shortest encoding.
                if (major, info) == (7, 24) && value < 32 {
                    return Err(err!(
                        BadCbor,
                        "CBOR at offset {offset} has a two-byte simple value below 32"
                    ));
                }
                // Major type 7 with 25..27 are floats, whose width is their
                // precision: no shortest-form rule applies to them (SPEC.md §5).
                let minimal = match (major, info) {
                    (7, 24) => true,
                    (7, _) => true,
                    (_, 24) => value >= 24,
                    (_, 25) => value > 0xff,
                    (_, 26) => value > 0xffff,
                    _ => value > 0xffff_ffff,
                };
                if !minimal {
                    return Err(err!(
                        NonCanonicalCbor,
                        "CBOR at offset {offset} is not in its shortest encoding"
                    ));
                }
                value
            }
            28..=30 => {
                return Err(err!(
                    BadCbor,
                    "CBOR at offset {offset} uses a reserved encoding"
                ))
            }
            _ => {
                return Err(if major == 7 {
                    err!(BadCbor, "CBOR has a stray break at offset {offset}")
                } else if (2..=5).contains(&major) {
                    err!(
                        IndefiniteLength,
                        "CBOR at offset {offset} uses an indefinite length"
                    )
                } else {
                    err!(BadCbor, "CBOR at offset {offset} is malformed")
                })
            }
        };
        Ok((major, arg))
    }

    fn item(&mut self, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(err!(
                NestingTooDeep,
                "CBOR nests deeper than {MAX_DEPTH} levels"
            ));
        }
        let (major, arg) = self.head()?;
        match major {
            0 | 1 | 7 => Ok(()),
            2 => self.take(arg).map(|_| ()),
            3 => {
                let offset = self.pos;
                let text = self.take(arg)?;
                std::str::from_utf8(text)
                    .map(|_| ())
                    .map_err(|_| err!(BadCbor, "CBOR text at offset {offset} is not UTF-8"))
            }
            4 => {
                for _ in 0..arg {
                    self.item(depth + 1)?;
                }
                Ok(())
            }
            5 => self.map(arg, depth),
            _ => self.item(depth + 1), // 6: a tag and its content
        }
    }

    fn map(&mut self, len: u64, depth: usize) -> Result<()> {
        // Keys are compared by their encoded bytes: with shortest encodings
        // enforced, equal keys have equal bytes. Small maps (every map of a
        // token) are searched in a stack array; larger ones in a set.
        const SMALL: usize = 24;
        let mut small: [&[u8]; SMALL] = [&[]; SMALL];
        let mut large: std::collections::BTreeSet<&'a [u8]> = std::collections::BTreeSet::new();
        for i in 0..len {
            let start = self.pos;
            self.item(depth + 1)?;
            let key = &self.bytes[start..self.pos];
            let repeated = match usize::try_from(i) {
                Ok(i) if len <= SMALL as u64 && i < SMALL => {
                    let seen = small[..i].contains(&key);
                    small[i] = key;
                    seen
                }
                _ => !large.insert(key),
            };
            if repeated {
                return Err(err!(
                    DuplicateKey,
                    "a CBOR map at offset {start} repeats a key"
                ));
            }
            self.item(depth + 1)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn code(hex_text: &str) -> Option<ErrorCode> {
        let bytes = hex::decode(hex_text.replace(' ', "")).expect("test hex");
        check(&bytes).err().map(|e| e.code())
    }

    #[test]
    fn accepts_strict_items() {
        for ok in [
            "00",                  // 0
            "17",                  // 23
            "18 18",               // 24
            "19 0100",             // 256
            "3a 00010000",         // -65537
            "43 010203",           // h'010203'
            "62 c3a9",             // "é"
            "82 01 02",            // [1, 2]
            "a2 01 02 03 04",      // {1: 2, 3: 4}
            "d8 64 19 4ac0",       // 100(19136)
            "f6",                  // null
            "f9 3c00",             // 1.0 (half float)
            "fb 3ff0000000000000", // 1.0 as a double: floats have no shortest-form rule
            "f8 20",               // simple value 32, well-formed
            "d2 84 40 a0 f6 40",   // 18([h'', {}, null, h''])
        ] {
            assert_eq!(code(ok), None, "{ok}");
        }
    }

    #[test]
    fn rejects_with_codes() {
        use ErrorCode::*;
        let table = [
            ("", BadCbor),                    // nothing at all
            ("18", BadCbor),                  // truncated argument
            ("43 0102", BadCbor),             // bstr shorter than declared
            ("5b ffffffffffffffff", BadCbor), // length far beyond the input
            ("9a ffffffff 00", BadCbor),      // array longer than the input
            ("62 c328", BadCbor),             // invalid UTF-8
            ("1c", BadCbor),                  // reserved additional info
            ("ff", BadCbor),                  // stray break
            ("1f", BadCbor),                  // indefinite on an integer
            ("5f 41 00 ff", IndefiniteLength),
            ("9f 01 ff", IndefiniteLength),
            ("bf 01 02 ff", IndefiniteLength),
            ("18 17", NonCanonicalCbor),
            ("19 00ff", NonCanonicalCbor),
            ("1a 0000ffff", NonCanonicalCbor),
            ("1b 00000000ffffffff", NonCanonicalCbor),
            ("58 01 00", NonCanonicalCbor), // length 1 in a one-byte argument
            ("f8 10", BadCbor),             // simple value below 32 in two bytes: not well-formed
            ("f8 18", BadCbor),             // simple value 24 in two bytes: not well-formed
            ("f8 1f", BadCbor),             // the last of them
            ("a2 01 02 01 03", DuplicateKey),
            ("a2 61 61 01 61 61 02", DuplicateKey),
            ("00 00", TrailingBytes),
        ];
        for (input, want) in table {
            assert_eq!(code(input), Some(want), "{input}");
        }
    }

    #[test]
    fn limits_nesting_depth() {
        let mut deep = vec![0x81u8; MAX_DEPTH];
        deep.push(0x00);
        assert_eq!(check(&deep), Ok(()));
        let mut deeper = vec![0x81u8; MAX_DEPTH + 1];
        deeper.push(0x00);
        assert_eq!(
            check(&deeper).map_err(|e| e.code()),
            Err(ErrorCode::NestingTooDeep)
        );
        let tags = vec![0xc1u8; 10_000];
        assert_eq!(
            check(&tags).map_err(|e| e.code()),
            Err(ErrorCode::NestingTooDeep)
        );
    }
}
