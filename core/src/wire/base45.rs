//! Base45 (RFC 9285), strict: one table lookup per character, and every
//! string RFC 9285 forbids is refused — a character outside the alphabet, a
//! length of 3n + 1, a triple above 65535, a final pair above 255. With those
//! refused, every byte string has exactly one Base45 text.

/// The 45 characters, in value order.
pub const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

const INVALID: u8 = 0xff;

/// Value of each byte, or `INVALID`.
static VALUES: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Why a text is not Base45.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base45Error {
    /// A byte outside the alphabet, and its offset.
    BadChar {
        /// The offending byte.
        byte: u8,
        /// Its offset in the text.
        offset: usize,
    },
    /// The length is 3n + 1: a lone final character.
    BadLength,
    /// A group encodes more than its bytes hold (a triple above 65535, a final pair above 255).
    Overflow {
        /// Offset of the group in the text.
        offset: usize,
    },
}

impl std::fmt::Display for Base45Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            // No `{:?}` of a char: it would link the escaping and printable
            // tables into the WebAssembly verifier.
            Base45Error::BadChar { byte, offset } if byte.is_ascii_graphic() => write!(
                f,
                "character `{}` at offset {offset} is not in the Base45 alphabet",
                char::from(byte)
            ),
            Base45Error::BadChar { byte, offset } => write!(
                f,
                "byte 0x{byte:02x} at offset {offset} is not in the Base45 alphabet"
            ),
            Base45Error::BadLength => f.write_str("a lone final Base45 character"),
            Base45Error::Overflow { offset } => {
                write!(
                    f,
                    "the Base45 group at offset {offset} encodes too large a value"
                )
            }
        }
    }
}

/// Encodes bytes as Base45.
///
/// ```
/// assert_eq!(qrpass::internal::base45::encode(b"ietf!"), "QED8WEX0");
/// ```
pub fn encode(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len().div_ceil(2) * 3);
    let mut digits = |mut n: usize, count: usize| {
        for _ in 0..count {
            out.push(ALPHABET[n % 45]);
            n /= 45;
        }
    };
    let mut pairs = bytes.chunks_exact(2);
    for pair in &mut pairs {
        digits(usize::from(pair[0]) << 8 | usize::from(pair[1]), 3);
    }
    if let [last] = pairs.remainder() {
        digits(usize::from(*last), 2);
    }
    // Only alphabet bytes were pushed, all ASCII.
    out.into_iter().map(char::from).collect()
}

/// Decodes strict Base45.
///
/// ```
/// use qrpass::internal::base45::{decode, Base45Error};
/// assert_eq!(decode("QED8WEX0").as_deref(), Ok(&b"ietf!"[..]));
/// assert_eq!(decode("GGW"), Err(Base45Error::Overflow { offset: 0 }));
/// ```
pub fn decode(text: &str) -> Result<Vec<u8>, Base45Error> {
    let text = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 3 * 2 + 1);
    let value = |offset: usize| -> Result<usize, Base45Error> {
        let byte = text[offset];
        match VALUES[usize::from(byte)] {
            INVALID => Err(Base45Error::BadChar { byte, offset }),
            v => Ok(usize::from(v)),
        }
    };
    let full = text.len() / 3 * 3;
    for offset in (0..full).step_by(3) {
        let n = value(offset)? + 45 * value(offset + 1)? + 2025 * value(offset + 2)?;
        if n > 0xffff {
            return Err(Base45Error::Overflow { offset });
        }
        out.extend_from_slice(&[(n >> 8) as u8, n as u8]);
    }
    match text.len() - full {
        0 => {}
        2 => {
            let n = value(full)? + 45 * value(full + 1)?;
            if n > 0xff {
                return Err(Base45Error::Overflow { offset: full });
            }
            out.push(n as u8);
        }
        _ => {
            // Report a bad character before the length, as a reader would see it.
            value(full)?;
            return Err(Base45Error::BadLength);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_9285_examples() {
        for (bytes, text) in [
            (&b"AB"[..], "BB8"),
            (b"Hello!!", "%69 VD92EX0"),
            (b"base-45", "UJCLQE7W581"),
            (b"ietf!", "QED8WEX0"),
            (b"", ""),
        ] {
            assert_eq!(encode(bytes), text);
            assert_eq!(decode(text).as_deref(), Ok(bytes));
        }
    }

    #[test]
    fn every_byte_pair_round_trips_with_one_text() {
        for hi in 0..=255u8 {
            for lo in 0..=255u8 {
                let text = encode(&[hi, lo]);
                assert_eq!(decode(&text).as_deref(), Ok(&[hi, lo][..]));
            }
            assert_eq!(decode(&encode(&[hi])).as_deref(), Ok(&[hi][..]));
        }
        // Every 3-character text decodes to the pair it is the encoding of, or is refused.
        for a in ALPHABET {
            for b in ALPHABET {
                for c in ALPHABET {
                    let text = String::from_utf8(vec![*a, *b, *c]).expect("ascii");
                    if let Ok(bytes) = decode(&text) {
                        assert_eq!(encode(&bytes), text);
                    }
                }
            }
        }
    }

    #[test]
    fn refuses_what_rfc_9285_forbids() {
        assert_eq!(decode("GGW"), Err(Base45Error::Overflow { offset: 0 }));
        assert_eq!(decode("FGW").map(|b| b.len()), Ok(2)); // 65535
        assert_eq!(
            decode("BB8:;"),
            Err(Base45Error::BadChar {
                byte: b';',
                offset: 4
            })
        );
        assert_eq!(decode("BB8U5").as_deref(), Ok(&b"AB\xff"[..]));
        assert_eq!(decode("BB8V5"), Err(Base45Error::Overflow { offset: 3 }));
        assert_eq!(decode("BB8A"), Err(Base45Error::BadLength));
        assert_eq!(
            decode("BB8a"),
            Err(Base45Error::BadChar {
                byte: b'a',
                offset: 3
            })
        );
        assert_eq!(
            decode("bb8"),
            Err(Base45Error::BadChar {
                byte: b'b',
                offset: 0
            })
        );
        assert_eq!(
            decode("é"),
            Err(Base45Error::BadChar {
                byte: 0xc3,
                offset: 0
            })
        );
        assert!(Base45Error::BadLength.to_string().contains("lone"));
    }

    #[test]
    fn agrees_with_the_base45_crate_where_it_is_strict() {
        // A differential check against an independent implementation.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for len in 0..200 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            let text = encode(&bytes);
            assert_eq!(text, ::base45::encode(&bytes));
            assert_eq!(::base45::decode(&text).as_deref(), Ok(&bytes[..]));
        }
    }
}
