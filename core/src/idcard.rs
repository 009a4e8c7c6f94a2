//! The citizen ID card's QR code (CCCD gắn chip), as field apps read it
//! (SPEC.md §13): [`IdCard::parse`].
//!
//! The code holds `|`-separated UTF-8 fields: the 12-digit CCCD number, the old
//! 9-digit CMND number (may be empty, or absent on 6-field readers), the full
//! name, the birth date `DDMMYYYY`, the sex (`Nam` / `Nữ`), the permanent
//! address and the card's issue date `DDMMYYYY`. Extra trailing fields are
//! ignored.
//!
//! The code is **not signed**: it identifies, it does not authenticate. It is
//! only ever matched against a verified pass ([`crate::binding::bind`]).
//!
//! ```
//! use qrpass::idcard::{IdCard, Sex};
//!
//! let card = IdCard::parse("079203001234|023456789|Nguyễn Văn An|14052003|Nam|12 Lê Lợi, Quận 1|01062021")?;
//! assert_eq!(card.name, "Nguyễn Văn An");
//! assert_eq!(card.sex, Sex::Male);
//! assert_eq!(card.old_number.as_deref(), Some("023456789"));
//! assert!(!card.inconsistent_number);
//! assert_eq!(format!("{card:?}"), "IdCard(••••••••1234)"); // Debug shows no personal data
//! # Ok::<(), qrpass::Error>(())
//! ```

mod declare;
#[cfg(feature = "scan")]
mod image;
mod number;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::error::{err, Error, Result};
use crate::model::{IdDocument, IdKind, MAX_NAME_CHARS, MAX_TEXT_CHARS};
use crate::time::Date;

pub use declare::DECLARATION_VALID_HOURS;
pub use number::NumberConflict;

/// The longest card text accepted, in bytes, checked before any parsing.
pub const MAX_CARD_TEXT_LEN: usize = 1024;
/// The fewest `|`-separated fields a card text has (readers that drop the old number).
pub const MIN_CARD_FIELDS: usize = 6;

/// The holder's sex as printed on the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// `Nam`.
    Male,
    /// `Nữ`.
    Female,
}

impl Sex {
    /// `male` or `female`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    fn from_card(text: &str) -> Option<Sex> {
        match crate::upper::upper(text).as_str() {
            "NAM" => Some(Sex::Male),
            "NỮ" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// A parsed ID card. Text fields are NFC-normalised and trimmed.
///
/// `Debug` prints only the masked number, so a stray log line holds no
/// personal data; [`IdCard::masked`] is the view to show or print.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct IdCard {
    /// The 12-digit CCCD number.
    pub number: String,
    /// The old CMND number (9 or 12 digits), when the card carries one.
    pub old_number: Option<String>,
    /// The full name.
    pub name: String,
    /// The birth date.
    pub birth_date: Date,
    /// The sex.
    pub sex: Sex,
    /// The permanent address. Never shown in a view, error, log or tally.
    pub address: String,
    /// The card's issue date. Never shown in a view, error, log or tally.
    pub issue_date: Date,
    /// Whether the number's structure disagrees with the printed birth date or sex.
    pub inconsistent_number: bool,
    /// Which parts of the number disagree (empty when consistent).
    pub number_conflicts: Vec<NumberConflict>,
}

impl std::fmt::Debug for IdCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdCard({})", mask(&self.number))
    }
}

/// What may be shown of a card: numbers masked, no address, no issue date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MaskedCard {
    /// The CCCD number, all but its last 4 digits masked.
    pub number_masked: String,
    /// The old number, masked the same way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_number_masked: Option<String>,
    /// The full name.
    pub name: String,
    /// The birth date.
    pub birth_date: Date,
    /// The sex.
    pub sex: Sex,
    /// Whether the number disagrees with the birth date or sex.
    pub inconsistent_number: bool,
    /// Which parts disagree.
    pub number_conflicts: Vec<NumberConflict>,
}

/// Masks an ID number as the display view does (TRUST.md §6.3).
pub(crate) fn mask(number: &str) -> String {
    IdDocument {
        kind: IdKind::Other,
        number: number.to_string(),
    }
    .masked()
}

fn bad(message: impl Into<String>) -> Error {
    Error::new(crate::ErrorCode::BadIdCard, message)
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Reads a `DDMMYYYY` date; `field` names it in the error.
fn card_date(field: &str, text: &str) -> Result<Date> {
    if text.len() != 8 || !digits(text) {
        return Err(bad(format!("the {field} is not 8 digits DDMMYYYY")));
    }
    let num = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    let (day, month, year) = (num(0..2), num(2..4), num(4..8));
    let date = Date::from_ymd(year as i32, month as u8, day as u8)
        .map_err(|_| bad(format!("the {field} is not a calendar date")))?;
    if !date.is_plausible() {
        return Err(bad(format!(
            "the {field} is outside 1900-01-01..2099-12-31"
        )));
    }
    Ok(date)
}

/// Checks a free-text field: bounded, no control characters.
fn card_text(field: &str, text: &str, max_chars: usize, required: bool) -> Result<String> {
    if required && text.is_empty() {
        return Err(bad(format!("the {field} is empty")));
    }
    if text.chars().count() > max_chars {
        return Err(bad(format!(
            "the {field} is longer than {max_chars} characters"
        )));
    }
    if text.chars().any(char::is_control) {
        return Err(bad(format!("the {field} contains control characters")));
    }
    Ok(text.to_string())
}

/// The fields in card order, the old number `None` on 6-field readers.
struct Fields<'a> {
    number: &'a str,
    old_number: Option<&'a str>,
    rest: [&'a str; 5],
}

fn split_fields(text: &str) -> Result<Fields<'_>> {
    let fields: Vec<&str> = text.split('|').map(str::trim).collect();
    if fields.len() < MIN_CARD_FIELDS {
        return Err(bad(format!(
            "the text has {} `|`-separated fields; a card has at least {MIN_CARD_FIELDS} \
             (number|old number|name|birth date|sex|address|issue date)",
            fields.len()
        )));
    }
    // The second field is the old number when it is empty or digits; a name never is.
    let has_old = fields[1].is_empty() || digits(fields[1]);
    let (old_number, rest) = if has_old {
        if fields.len() < 7 {
            return Err(bad("the issue date (the 7th field) is missing"));
        }
        (Some(fields[1]), &fields[2..7])
    } else {
        (None, &fields[1..6])
    };
    Ok(Fields {
        number: fields[0],
        old_number,
        rest: [rest[0], rest[1], rest[2], rest[3], rest[4]],
    })
}

impl IdCard {
    /// Parses the text of a card's QR code.
    ///
    /// Tolerant of 6 or 7+ fields, a trailing `|`, whitespace around the text and
    /// its fields, and decomposed (NFD) text. Strict on the 12-digit number, the
    /// old number (9 or 12 digits or empty), real dates and the sex.
    ///
    /// Errors: `input_too_large` above [`MAX_CARD_TEXT_LEN`] bytes (before any
    /// parsing); `empty_input`; otherwise `bad_id_card`, with a message that
    /// names the field and never repeats its value.
    pub fn parse(text: &str) -> Result<IdCard> {
        if text.len() > MAX_CARD_TEXT_LEN {
            return Err(err!(
                InputTooLarge,
                "the ID card text is {} bytes long; the limit is {MAX_CARD_TEXT_LEN}",
                text.len()
            ));
        }
        let text =
            crate::nfc::nfc(text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'));
        if text.is_empty() {
            return Err(err!(EmptyInput, "the ID card text is empty"));
        }
        let f = split_fields(&text)?;
        if f.number.len() != 12 || !digits(f.number) {
            return Err(bad("the CCCD number is not 12 digits"));
        }
        let old_number = match f.old_number {
            None | Some("") => None,
            Some(old) if matches!(old.len(), 9 | 12) => Some(old.to_string()),
            Some(_) => return Err(bad("the old CMND number is not 9 or 12 digits")),
        };
        let [name, birth, sex, address, issue] = f.rest;
        let name = card_text(
            "name",
            &name.split_whitespace().collect::<Vec<_>>().join(" "),
            MAX_NAME_CHARS,
            true,
        )?;
        let birth_date = card_date("birth date", birth)?;
        let sex = Sex::from_card(sex).ok_or_else(|| bad("the sex is not `Nam` or `Nữ`"))?;
        let address = card_text("address", address, MAX_TEXT_CHARS, false)?;
        let issue_date = card_date("issue date", issue)?;
        if issue_date < birth_date {
            return Err(bad("the issue date is before the birth date"));
        }
        let number_conflicts = number::conflicts(f.number, birth_date, sex);
        Ok(IdCard {
            number: f.number.to_string(),
            old_number,
            name,
            birth_date,
            sex,
            address,
            issue_date,
            inconsistent_number: !number_conflicts.is_empty(),
            number_conflicts,
        })
    }

    /// The view that may be shown or printed: numbers masked, no address, no issue date.
    pub fn masked(&self) -> MaskedCard {
        MaskedCard {
            number_masked: mask(&self.number),
            old_number_masked: self.old_number.as_deref().map(mask),
            name: self.name.clone(),
            birth_date: self.birth_date,
            sex: self.sex,
            inconsistent_number: self.inconsistent_number,
            number_conflicts: self.number_conflicts.clone(),
        }
    }

    /// The full card as JSON (for `--reveal` and the vectors).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
