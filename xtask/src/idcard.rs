//! ID card vectors (spec/vectors/idcard_*.json): a card's QR text and what
//! `IdCard::parse` gives: the card, or an error code (SPEC.md §13).

use qrpass::{Error, ErrorCode, IdCard};
use serde_json::{json, Value as Json};

use crate::json::FORMAT;

const SEVEN: &str =
    "079203001234|023456789|Nguyễn Văn An|14052003|Nam|12 Lê Lợi, Quận 1, TP. Hồ Chí Minh|01062021";
const SIX: &str =
    "079203001234|Nguyễn Văn An|14052003|Nam|12 Lê Lợi, Quận 1, TP. Hồ Chí Minh|01062021";

/// One vector: name, description, text, and the expected error (`None`: it parses).
type Case = (&'static str, &'static str, String, Option<ErrorCode>);

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    use unicode_normalization::UnicodeNormalization;
    let ok = None;
    let bad = Some(ErrorCode::BadIdCard);
    vec![
        ("seven_fields", "the full layout: number, old CMND number, name, birth date, sex, address, issue date", SEVEN.into(), ok),
        ("six_fields", "readers that drop the old number: six fields", SIX.into(), ok),
        ("empty_old_number", "seven fields, the old number empty", SEVEN.replace("023456789", ""), ok),
        ("nfd", "decomposed (NFD) text is normalised to NFC", SEVEN.nfd().collect(), ok),
        ("trailing_pipe", "a trailing `|` and surrounding whitespace are ignored", format!("  {SEVEN}|\r\n"), ok),
        ("eight_fields", "extra trailing fields are ignored", format!("{SEVEN}|extra"), ok),
        ("female_upper_case", "Nữ in capitals; digit 4 odd (female, 1900s)", "001198005678||TRẦN THỊ BÌNH|02021998|NỮ|Hà Nội|10102021".into(), ok),
        ("inconsistent_century", "digit 4 says the 1900s, the birth date 2003: parsed, flagged", SEVEN.replacen("0792", "0790", 1), ok),
        ("inconsistent_sex", "digit 4 even (male), the card says Nữ: parsed, flagged", SEVEN.replace("|Nam|", "|Nữ|"), ok),
        ("province_out_of_range", "digits 1–3 are 097, above the last province code 096: flagged", SEVEN.replacen("079", "097", 1), ok),
        ("short_number", "an 11-digit number", SEVEN.replacen("079203001234", "07920300123", 1), bad),
        ("bad_old_number", "an old number of 7 digits", SEVEN.replace("023456789", "0234567"), bad),
        ("bad_birth_date", "31 February", SEVEN.replace("14052003", "31022003"), bad),
        ("bad_issue_date", "an issue date of 8 characters that are not all digits", SEVEN.replace("01062021", "01/06/21"), bad),
        ("issued_before_birth", "an issue date before the birth date", SEVEN.replace("01062021", "01062001"), bad),
        ("bad_sex", "a sex that is neither Nam nor Nữ", SEVEN.replace("|Nam|", "|M|"), bad),
        ("too_few_fields", "five fields", "079203001234|Nguyễn Văn An|14052003|Nam|Quận 1".into(), bad),
        ("empty", "an empty text", String::new(), Some(ErrorCode::EmptyInput)),
        ("over_long", "1,025 bytes: refused before parsing", format!("{SEVEN}|{}", "x".repeat(1024 - SEVEN.len())), Some(ErrorCode::InputTooLarge)),
    ]
}

/// The vector files (name → JSON) in order, checked against the core.
pub fn generate() -> Result<Vec<(String, Json)>, Error> {
    let mut out = Vec::new();
    for (name, description, text, expect) in cases() {
        let name = format!("idcard_{name}");
        let got = IdCard::parse(&text);
        let expected = match (&got, expect) {
            (Ok(card), None) => json!({"card": card}),
            (Err(e), Some(code)) if e.code() == code => json!({"error": code.as_str()}),
            _ => {
                return Err(Error::new(
                    ErrorCode::BadJson,
                    format!("vector {name}: expected {expect:?}, the core gives {got:?}"),
                ))
            }
        };
        out.push((
            name.clone(),
            json!({"format": FORMAT, "type": "id_card", "name": name, "description": description,
                "text": text, "expected": expected}),
        ));
    }
    Ok(out)
}
