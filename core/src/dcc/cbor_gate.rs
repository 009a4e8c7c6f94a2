//! A bounded CBOR walk run before any DCC bytes are decoded into values.
//!
//! DCC issuers do not write qrpass's strict CBOR (indefinite lengths and
//! non-shortest heads occur), so this gate is lenient about encoding but keeps
//! the bounds: nesting at most [`MAX_DCC_DEPTH`], every declared length and item
//! count within the bytes that remain (a huge length is `bad_cbor` before any
//! allocation), and nothing after the item.

use crate::error::{err, Result};

/// Deepest nesting of arrays, maps and tags accepted in a DCC.
pub const MAX_DCC_DEPTH: usize = 16;

/// Checks that `bytes` holds exactly one well-formed CBOR item within the bounds.
pub fn check(bytes: &[u8]) -> Result<()> {
    let mut walk = Walk { bytes, pos: 0 };
    walk.item(0)?;
    if walk.pos != bytes.len() {
        return Err(err!(
            TrailingBytes,
            "{} bytes follow the end of the CBOR item",
            bytes.len() - walk.pos
        ));
    }
    Ok(())
}

struct Walk<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// The argument of a head, or an indefinite length.
enum Arg {
    Value(u64),
    Indefinite,
}

impl Walk<'_> {
    fn remaining(&self) -> u64 {
        (self.bytes.len() - self.pos) as u64
    }

    fn take(&mut self, n: u64) -> Result<()> {
        if n > self.remaining() {
            return Err(err!(
                BadCbor,
                "CBOR declares {n} bytes at offset {} but only {} remain",
                self.pos,
                self.remaining()
            ));
        }
        self.pos += n as usize;
        Ok(())
    }

    fn byte(&mut self) -> Result<u8> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| err!(BadCbor, "CBOR ends early at offset {}", self.pos))?;
        self.pos += 1;
        Ok(b)
    }

    fn head(&mut self) -> Result<(u8, u8, Arg)> {
        let initial = self.byte()?;
        let (major, info) = (initial >> 5, initial & 0x1f);
        let arg = match info {
            0..=23 => Arg::Value(u64::from(info)),
            24..=27 => {
                let mut v = 0u64;
                for _ in 0..(1u32 << (info - 24)) {
                    v = (v << 8) | u64::from(self.byte()?);
                }
                Arg::Value(v)
            }
            31 if (2..=5).contains(&major) || major == 7 => Arg::Indefinite,
            _ => {
                return Err(err!(
                    BadCbor,
                    "CBOR at offset {} is malformed",
                    self.pos - 1
                ))
            }
        };
        Ok((major, info, arg))
    }

    fn item(&mut self, depth: usize) -> Result<()> {
        if depth > MAX_DCC_DEPTH {
            return Err(err!(
                NestingTooDeep,
                "CBOR nests deeper than {MAX_DCC_DEPTH} levels"
            ));
        }
        let start = self.pos;
        match self.head()? {
            (7, 31, _) => Err(err!(BadCbor, "CBOR has a stray break at offset {start}")),
            (0 | 1 | 7, _, _) => Ok(()),
            (2 | 3, _, Arg::Value(n)) => self.take(n),
            (major @ (2 | 3), _, Arg::Indefinite) => loop {
                if self.bytes.get(self.pos) == Some(&0xff) {
                    self.pos += 1;
                    return Ok(());
                }
                match self.head()? {
                    (m, _, Arg::Value(n)) if m == major => self.take(n)?,
                    _ => return Err(err!(BadCbor, "a CBOR string chunk has the wrong type")),
                }
            },
            (major @ (4 | 5), _, Arg::Value(n)) => {
                let per = if major == 5 { 2 } else { 1 };
                // Each item takes at least one byte: a count beyond the rest is a lie.
                if n.saturating_mul(per) > self.remaining() {
                    return Err(err!(
                        BadCbor,
                        "CBOR at offset {start} declares {n} items but only {} bytes remain",
                        self.remaining()
                    ));
                }
                for _ in 0..n * per {
                    self.item(depth + 1)?;
                }
                Ok(())
            }
            (4 | 5, _, Arg::Indefinite) => loop {
                match self.bytes.get(self.pos) {
                    Some(0xff) => {
                        self.pos += 1;
                        return Ok(());
                    }
                    Some(_) => self.item(depth + 1)?,
                    None => return Err(err!(BadCbor, "an indefinite CBOR item has no break")),
                }
            },
            (6, _, _) => self.item(depth + 1),
            _ => Err(err!(BadCbor, "CBOR at offset {start} is malformed")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::ErrorCode;

    #[test]
    fn bounds_hold_and_leniency_is_limited_to_encoding() {
        assert!(check(&[0xbf, 0x61, b'a', 0x01, 0xff]).is_ok());
        assert!(
            check(&[0x18, 0x01]).is_ok(),
            "non-shortest heads occur in DCCs"
        );
        let huge = [0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00];
        assert_eq!(check(&huge).unwrap_err().code(), ErrorCode::BadCbor);
        let many = [0x9b, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00];
        assert_eq!(check(&many).unwrap_err().code(), ErrorCode::BadCbor);
        let deep = [vec![0x81; 40], vec![0x00]].concat();
        assert_eq!(check(&deep).unwrap_err().code(), ErrorCode::NestingTooDeep);
        assert_eq!(
            check(&[0x00, 0x00]).unwrap_err().code(),
            ErrorCode::TrailingBytes
        );
        assert_eq!(check(&[0xff]).unwrap_err().code(), ErrorCode::BadCbor);
        assert_eq!(check(&[0x9f, 0x00]).unwrap_err().code(), ErrorCode::BadCbor);
    }
}
