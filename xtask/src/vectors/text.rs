//! Text-layer vectors: the `VN1:` prefix and the Base45 body, empty, altered,
//! lower-cased or over the size cap.

use qrpass::internal::text;
use qrpass::ErrorCode::*;

use super::{Base, Builder};

/// Adds the text-layer vectors, each a damaged form of the good permit's text.
pub fn add(b: &mut Builder, base: &Base) {
    let good = &base.good;
    b.add(
        "empty_input",
        "nothing at all",
        String::new(),
        Err(EmptyInput),
    );
    b.add(
        "missing_prefix",
        "Base45 without VN1:",
        good[4..].to_string(),
        Err(BadPrefix),
    );
    b.add(
        "wrong_prefix",
        "the EU certificate prefix",
        format!("HC1:{}", &good[4..]),
        Err(BadPrefix),
    );
    b.add(
        "lowercase_text",
        "the whole text lower-cased",
        good.to_lowercase(),
        Err(BadPrefix),
    );
    b.add(
        "lowercase_body",
        "the Base45 body lower-cased",
        format!("VN1:{}", good[4..].to_lowercase()),
        Err(BadBase45),
    );
    b.add(
        "bad_base45",
        "a character outside the Base45 alphabet",
        format!("{}#{}", &good[..20], &good[21..]),
        Err(BadBase45),
    );
    // The good text's body ends with a pair (305 = 3 · 101 + 2 characters).
    let cut = good.len() - 2;
    b.add(
        "bad_base45_pair",
        "the final character pair replaced by GG (16 + 45 · 16 = 736 > 255)",
        format!("{}GG", &good[..cut]),
        Err(BadBase45),
    );
    b.add(
        "bad_base45_dangling",
        "GG appended: a body of 307 = 3 · 102 + 1 characters ends in a lone character",
        format!("{}GG", &good),
        Err(BadBase45),
    );
    b.add(
        "bad_base45_triple",
        "the first triple replaced by GGW (16 + 45 · 16 + 2025 · 32 = 65,536 > 65,535)",
        format!("VN1:GGW{}", &good[7..]),
        Err(BadBase45),
    );
    b.add(
        "oversize_input",
        "one byte over the 2048-byte cap",
        format!("VN1:{}", "0".repeat(text::MAX_TEXT_LEN - 3)),
        Err(InputTooLarge),
    );
}
