//! What a scanned code is: [`classify`] routes each text of a scanning loop.

use serde::Serialize;

/// The kinds of text a checkpoint camera meets (SPEC.md §13.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CodeKind {
    /// A qrpass pass: `VN1:`.
    Pass,
    /// A signed trust list: `VN1T:`.
    TrustList,
    /// A signed revocation list or delta: `VN1R:`.
    RevocationList,
    /// A signed checkpoint policy: `VN1P:`.
    Policy,
    /// Another signed qrpass document: `VN1` + a letter + `:`, from a later version.
    OtherSigned,
    /// A citizen ID card's QR code (CCCD): 12 digits, then at least five `|`.
    IdCard,
    /// An EU Digital COVID Certificate: `HC1:`.
    EuDcc,
    /// Anything else.
    Unknown,
}

impl CodeKind {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            CodeKind::Pass => "pass",
            CodeKind::TrustList => "trust_list",
            CodeKind::RevocationList => "revocation_list",
            CodeKind::Policy => "policy",
            CodeKind::OtherSigned => "other_signed",
            CodeKind::IdCard => "id_card",
            CodeKind::EuDcc => "eu_dcc",
            CodeKind::Unknown => "unknown",
        }
    }
}

impl std::fmt::Display for CodeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Tells what a scanned text is, from its shape alone: nothing is decoded or
/// verified, so a `Pass` may still fail verification and an `IdCard` may still
/// fail [`crate::idcard::IdCard::parse`].
///
/// Prefixes are case-sensitive, as the decoders are; trailing line endings are
/// ignored, and for ID cards whitespace around the text.
///
/// ```
/// use qrpass::classify::{classify, CodeKind};
///
/// assert_eq!(classify("VN1:6BFOXN*TS0"), CodeKind::Pass);
/// assert_eq!(classify("VN1T:ABC"), CodeKind::TrustList);
/// assert_eq!(classify("079203001234|023456789|Nguyễn Văn An|14052003|Nam|Quận 1|01062021"), CodeKind::IdCard);
/// assert_eq!(classify("HC1:NCF"), CodeKind::EuDcc);
/// assert_eq!(classify("https://example.com"), CodeKind::Unknown);
/// ```
pub fn classify(text: &str) -> CodeKind {
    let t = crate::trim_token(text);
    if t.starts_with("VN1:") {
        return CodeKind::Pass;
    }
    if let Some(rest) = t.strip_prefix("VN1") {
        let b = rest.as_bytes();
        if b.len() >= 2 && b[0].is_ascii_uppercase() && b[1] == b':' {
            return match b[0] {
                b'T' => CodeKind::TrustList,
                b'R' => CodeKind::RevocationList,
                b'P' => CodeKind::Policy,
                _ => CodeKind::OtherSigned,
            };
        }
    }
    if t.starts_with("HC1:") {
        return CodeKind::EuDcc;
    }
    let card = t.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let first = card.split('|').next().unwrap_or("").trim();
    if first.len() == 12
        && first.bytes().all(|b| b.is_ascii_digit())
        && card.matches('|').count() >= crate::idcard::MIN_CARD_FIELDS - 1
    {
        return CodeKind::IdCard;
    }
    CodeKind::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_told_apart() {
        let cases = [
            ("VN1:ABC\r\n", CodeKind::Pass),
            ("VN1T:ABC", CodeKind::TrustList),
            ("VN1R:ABC", CodeKind::RevocationList),
            ("VN1P:ABC", CodeKind::Policy),
            ("VN1X:ABC", CodeKind::OtherSigned),
            ("HC1:6BF", CodeKind::EuDcc),
            (
                " 079203001234|023456789|A|14052003|Nam|B|01062021| \n",
                CodeKind::IdCard,
            ),
            ("079203001234|A|14052003|Nam|B|01062021", CodeKind::IdCard),
            ("079203001234|A|14052003|Nam|B", CodeKind::Unknown),
            (
                "07920300123|023456789|A|14052003|Nam|B|01062021",
                CodeKind::Unknown,
            ),
            ("vn1:abc", CodeKind::Unknown),
            ("VN1", CodeKind::Unknown),
            ("VN1t:ABC", CodeKind::Unknown),
            ("", CodeKind::Unknown),
            ("Ω|Ω|Ω|Ω|Ω|Ω", CodeKind::Unknown),
        ];
        for (text, want) in cases {
            assert_eq!(classify(text), want, "{text:?}");
        }
        assert_eq!(CodeKind::RevocationList.to_string(), "revocation_list");
    }
}
