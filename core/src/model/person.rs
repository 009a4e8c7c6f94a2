//! The holder of a pass: [`Person`] and their identity document
//! ([`IdDocument`], [`IdKind`]), SPEC.md §6.1.

use ciborium::value::Value;
use serde::{Deserialize, Serialize};

use super::{check_date, clean_text, enum_field, wire_enum, MAX_NAME_CHARS};
use crate::error::{err, Result};
use crate::time::Date;
use crate::wire::cbor::{self, MapReader, MapWriter};

wire_enum! {
    /// The kind of identity document.
    pub enum IdKind {
        /// Căn cước công dân: the 12-digit citizen identity card.
        Cccd = 1 => "cccd",
        /// Chứng minh nhân dân: the older identity card, 9 or 12 digits.
        Cmnd = 2 => "cmnd",
        /// A passport.
        Passport = 3 => "passport",
        /// Any other document.
        Other = 4 => "other",
    }
}

/// An identity document: its kind and number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdDocument {
    /// The kind of document.
    pub kind: IdKind,
    /// The document number, digits for CCCD/CMND.
    pub number: String,
}

impl IdDocument {
    /// Checks the number against the document kind and normalises it (trimmed, upper case).
    pub fn validate(&mut self) -> Result<()> {
        let n: String = crate::upper::upper(self.number.trim());
        let digits = n.bytes().all(|b| b.is_ascii_digit());
        let ok = match self.kind {
            IdKind::Cccd => digits && n.len() == 12,
            IdKind::Cmnd => digits && (n.len() == 9 || n.len() == 12),
            IdKind::Passport => {
                (6..=12).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_alphanumeric())
            }
            IdKind::Other => {
                (1..=32).contains(&n.chars().count()) && !n.chars().any(char::is_control)
            }
        };
        if !ok {
            let rule = match self.kind {
                IdKind::Cccd => "a CCCD number has exactly 12 digits",
                IdKind::Cmnd => "a CMND number has 9 or 12 digits",
                IdKind::Passport => "a passport number has 6 to 12 letters or digits",
                IdKind::Other => "a document number has 1 to 32 characters",
            };
            return Err(err!(InvalidIdNumber, "ID number `{}`: {rule}", self.number));
        }
        self.number = n;
        Ok(())
    }

    /// The number masked for display (TRUST.md §6.3): only the last
    /// `min(4, n / 2)` of its `n` characters are shown, so at least half of
    /// any ID, short ones included, is hidden.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.number.chars().collect();
        let keep = (chars.len() / 2).min(4);
        let hidden = chars.len() - keep;
        "•".repeat(hidden) + &chars[hidden..].iter().collect::<String>()
    }
}

/// A person: name, ID document, and optional date of birth and phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name, as on the ID document.
    pub name: String,
    /// The identity document.
    pub id: IdDocument,
    /// Date of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Date>,
    /// Phone number, `0` or `+84` followed by digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl Person {
    /// Validates and normalises every field.
    pub fn validate(&mut self, role: &str) -> Result<()> {
        clean_text(&format!("{role} name"), &mut self.name, MAX_NAME_CHARS)?;
        self.id.validate()?;
        if let Some(d) = self.birth_date {
            check_date(&format!("{role} birth date"), d)?;
        }
        if let Some(p) = &mut self.phone {
            let compact: String = p
                .chars()
                .filter(|c| !matches!(c, ' ' | '.' | '-'))
                .collect();
            let digits = compact.strip_prefix('+').unwrap_or(&compact);
            if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err!(
                    InvalidPhone,
                    "{role} phone `{p}` is not 8 to 15 digits"
                ));
            }
            *p = compact;
        }
        Ok(())
    }

    pub(crate) fn to_cbor(&self) -> Value {
        MapWriter::new()
            .put(1, self.name.as_str())
            .put(2, self.id.kind.wire())
            .put(3, self.id.number.as_str())
            .opt(4, self.birth_date.map(cbor::date_value))
            .opt(5, self.phone.as_deref())
            .build()
    }

    pub(crate) fn from_cbor(mut m: MapReader) -> Result<Person> {
        let person = Person {
            name: m.text(1)?,
            id: IdDocument {
                kind: enum_field(&mut m, 2, IdKind::from_wire)?,
                number: m.text(3)?,
            },
            birth_date: m.opt_date(4)?,
            phone: m.opt_text(5)?,
        };
        m.finish()?;
        Ok(person)
    }
}
