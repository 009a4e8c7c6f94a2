//! The text form: `VN1:` followed by Base45 (RFC 9285) of the COSE_Sign1 bytes.

use super::base45::Base45Error;
use crate::error::{err, Result};

/// The prefix of every v1 text.
pub const PREFIX: &str = "VN1:";

/// The longest text accepted, in bytes, checked before any decoding.
///
/// 2,048 characters is far beyond any real pass (a typical permit is about 300)
/// and well inside a version-40 QR code.
pub const MAX_TEXT_LEN: usize = 2048;

/// Encodes COSE bytes as VN1 text.
pub fn encode(cose: &[u8]) -> String {
    let mut out = String::with_capacity(PREFIX.len() + cose.len() * 3 / 2 + 2);
    out.push_str(PREFIX);
    out.push_str(&super::base45::encode(cose));
    out
}

/// The token in `text` without its trailing line endings: the one whitespace
/// rule of SPEC.md §2, applied by every decoder in core.
///
/// Trailing `\n` and `\r` characters are removed: they are not in the Base45
/// alphabet, and files and scanners often add them. Nothing else is removed:
/// a space *is* a Base45 character, so trimming spaces could change a token.
///
/// ```
/// assert_eq!(qrpass::trim_token("VN1:AB \r\n"), "VN1:AB ");
/// ```
pub fn trim_token(text: &str) -> &str {
    text.trim_end_matches(['\n', '\r'])
}

/// Checks size and prefix and decodes the Base45 body.
///
/// Trailing line endings are ignored ([`trim_token`]); nothing else is.
pub fn decode(text: &str) -> Result<Vec<u8>> {
    if text.len() > MAX_TEXT_LEN {
        return Err(err!(
            InputTooLarge,
            "the text is {} bytes long; the limit is {MAX_TEXT_LEN}",
            text.len()
        ));
    }
    let text = trim_token(text);
    if text.is_empty() {
        return Err(err!(EmptyInput, "the text is empty"));
    }
    let Some(body) = text.strip_prefix(PREFIX) else {
        let head = text.as_bytes().get(..PREFIX.len());
        let hint = if head.is_some_and(|h| h.eq_ignore_ascii_case(PREFIX.as_bytes())) {
            " (the prefix must be upper case: was the text lower-cased?)"
        } else if text.starts_with("VN") {
            " (another version of the format?)"
        } else {
            ""
        };
        return Err(err!(
            BadPrefix,
            "the text does not start with `{PREFIX}`{hint}"
        ));
    };
    super::base45::decode(body).map_err(|e| {
        let hint = match e {
            Base45Error::BadChar { byte, .. } if byte.is_ascii_lowercase() => {
                " (lower-case letters are not Base45: was the text lower-cased?)"
            }
            _ => "",
        };
        err!(BadBase45, "{e}{hint}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn code(text: &str) -> ErrorCode {
        decode(text).expect_err(text).code()
    }

    #[test]
    fn round_trips() {
        let bytes = b"\xd2\x84any bytes\x00\xff";
        let text = encode(bytes);
        assert!(text.starts_with("VN1:"));
        assert_eq!(decode(&text).as_deref(), Ok(&bytes[..]));
        assert_eq!(decode(&format!("{text}\r\n")).as_deref(), Ok(&bytes[..]));
        // RFC 9285 examples: "AB" and "ietf!".
        assert_eq!(decode("VN1:BB8").as_deref(), Ok(&b"AB"[..]));
        assert_eq!(decode("VN1:QED8WEX0").as_deref(), Ok(&b"ietf!"[..]));
    }

    #[test]
    fn rejects_with_codes() {
        assert_eq!(code(""), ErrorCode::EmptyInput);
        assert_eq!(code("\n"), ErrorCode::EmptyInput);
        assert_eq!(code("HC1:BB8"), ErrorCode::BadPrefix);
        assert_eq!(code("VN2:BB8"), ErrorCode::BadPrefix);
        assert_eq!(code("vn1:bb8"), ErrorCode::BadPrefix);
        assert_eq!(code("BB8"), ErrorCode::BadPrefix);
        assert_eq!(code("6 Qé1"), ErrorCode::BadPrefix); // found by the robustness test: a multi-byte char at byte 4
        assert_eq!(code("VN1:bb8"), ErrorCode::BadBase45);
        assert_eq!(code("VN1:BB"), ErrorCode::BadBase45); // final pair above 255
        assert_eq!(decode("VN1:U5").as_deref(), Ok(&[255u8][..])); // final pair at 255
        assert_eq!(code("VN1:B"), ErrorCode::BadBase45); // one character
        assert_eq!(code("VN1:GGW"), ErrorCode::BadBase45); // value above 65535
        assert_eq!(code("VN1:ÄB8"), ErrorCode::BadBase45);
        assert_eq!(
            code(&format!("VN1:{}", "0".repeat(MAX_TEXT_LEN))),
            ErrorCode::InputTooLarge
        );
    }
}
