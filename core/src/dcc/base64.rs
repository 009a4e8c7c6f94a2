//! Base64 (RFC 4648, standard alphabet) for certificates in trust-list files.

use crate::error::{err, Result};

fn value(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    }))
}

/// Decodes base64; `=` padding is optional, ASCII whitespace is skipped.
pub fn decode(text: &str) -> Result<Vec<u8>> {
    let body = text.trim_end_matches(|c: char| c == '=' || c.is_ascii_whitespace());
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in body.as_bytes() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let v =
            value(c).ok_or_else(|| err!(BadJson, "character {:?} is not base64", char::from(c)))?;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 {
        return Err(err!(BadJson, "base64 text has a lone final character"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_with_and_without_padding_and_refuses_junk() {
        assert_eq!(super::decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(super::decode("aGVsbG8").unwrap(), b"hello");
        assert_eq!(super::decode("aGVs\nbG8h").unwrap(), b"hello!");
        assert!(super::decode("aGV*").is_err());
        assert!(super::decode("aGVsb").is_err());
    }
}
