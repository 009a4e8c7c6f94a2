//! Types shared by the pass models: people, ID documents, areas, tests, validity.

use std::fmt;
use std::str::FromStr;

use ciborium::value::Value;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::error::{err, Error, ErrorCode, Result};
use crate::time::{Date, Timestamp};
use crate::wire::cbor::{self, MapReader, MapWriter};

/// Longest accepted name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest accepted free text (organisation, authority, purpose detail), in characters.
pub const MAX_TEXT_CHARS: usize = 200;

/// NFC-normalises and trims `text`, then checks it is non-empty, short enough and free of control characters.
pub(crate) fn clean_text(field: &str, text: &mut String, max_chars: usize) -> Result<()> {
    let normalised: String = text.trim().nfc().collect();
    if normalised.is_empty() {
        return Err(err!(MissingField, "{field} is empty"));
    }
    if normalised.chars().count() > max_chars {
        return Err(err!(
            InvalidText,
            "{field} is longer than {max_chars} characters"
        ));
    }
    if normalised.chars().any(char::is_control) {
        return Err(err!(InvalidText, "{field} contains control characters"));
    }
    *text = normalised;
    Ok(())
}

/// [`clean_text`] for an optional field; an empty string becomes `None`.
pub(crate) fn clean_opt_text(
    field: &str,
    text: &mut Option<String>,
    max_chars: usize,
) -> Result<()> {
    if let Some(t) = text {
        if t.trim().is_empty() {
            *text = None;
        } else {
            clean_text(field, t, max_chars)?;
        }
    }
    Ok(())
}

/// Checks a date is in the plausible range.
pub(crate) fn check_date(field: &str, date: Date) -> Result<()> {
    if date.is_plausible() {
        Ok(())
    } else {
        Err(err!(
            InvalidDate,
            "{field} {date} is outside 1900-01-01..2099-12-31"
        ))
    }
}

/// Defines a field-less enum with a stable wire number and snake_case name for
/// each variant: `wire`/`from_wire`, `as_str`/`FromStr` (an unknown name is
/// `invalid_argument`, or the code given in brackets after the enum's name) and
/// `Display`. The serde names are the same snake_case names (a test checks it).
macro_rules! wire_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($body:tt)* }) => {
        wire_enum! { $(#[$meta])* pub enum $name [InvalidArgument] { $($body)* } }
    };
    ($(#[$meta:meta])* pub enum $name:ident [$code:ident] { $( $(#[doc = $doc:literal])* $variant:ident = $num:literal => $str:literal, )* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $( $(#[doc = $doc])* $variant, )* }

        impl $name {
            /// Every variant, in wire-number order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];

            /// The number this variant has on the wire.
            pub fn wire(self) -> u64 {
                match self { $( $name::$variant => $num, )* }
            }

            /// The variant with this wire number.
            pub fn from_wire(n: u64) -> Option<Self> {
                match n { $( $num => Some($name::$variant), )* _ => None }
            }

            /// The stable snake_case name used in JSON, policies and every binding.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $str, )* }
            }

            /// The variant with this snake_case name.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $( $str => Some($name::$variant), )* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::Error;

            fn from_str(name: &str) -> $crate::error::Result<Self> {
                $name::from_name(name).ok_or_else(|| {
                    $crate::error::Error::new(
                        $crate::error::ErrorCode::$code,
                        format!(concat!("`{}` is not a known ", stringify!($name)), name),
                    )
                })
            }
        }
    };
}
pub(crate) use wire_enum;

/// Reads a [`wire_enum`] value from a map field.
pub(crate) fn enum_field<T>(
    m: &mut MapReader,
    key: i64,
    from_wire: fn(u64) -> Option<T>,
) -> Result<T> {
    let n = m.uint(key)?;
    from_wire(n).ok_or_else(|| err!(BadPass, "field {key} has unknown value {n}"))
}

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
        let n: String = self.number.trim().to_uppercase();
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

    /// The number with all but the last 4 characters masked, for display.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.number.chars().collect();
        let keep = chars.len().min(4);
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

/// An administrative area code: a province (`79`), a district in it (`79.760`)
/// or a commune in that (`79.760.26734`), using the General Statistics Office codes.
///
/// A code covers itself and every code below it:
/// ```
/// use qrpass::model::AreaCode;
/// let hcmc: AreaCode = "79".parse()?;
/// assert!(hcmc.covers(&"79.760.26734".parse()?));
/// assert!(!hcmc.covers(&"01".parse()?));
/// # Ok::<(), qrpass::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AreaCode(String);

impl AreaCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province part (first two digits).
    pub fn province(&self) -> &str {
        &self.0[..2]
    }

    /// Whether this area is `other` or contains it.
    pub fn covers(&self, other: &AreaCode) -> bool {
        other.0 == self.0
            || (other.0.starts_with(&self.0) && other.0.as_bytes().get(self.0.len()) == Some(&b'.'))
    }
}

impl FromStr for AreaCode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let parts: Vec<&str> = s.split('.').collect();
        let widths = [2, 3, 5];
        let ok = parts.len() <= 3
            && parts
                .iter()
                .zip(widths)
                .all(|(p, w)| p.len() == w && p.bytes().all(|b| b.is_ascii_digit()));
        if ok {
            Ok(AreaCode(s.to_string()))
        } else {
            Err(err!(
                InvalidArea,
                "area code `{s}` is not PP, PP.DDD or PP.DDD.CCCCC (digits)"
            ))
        }
    }
}

impl TryFrom<String> for AreaCode {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<AreaCode> for String {
    fn from(a: AreaCode) -> String {
        a.0
    }
}

impl fmt::Display for AreaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads an area code from CBOR text, mapping a malformed code to `bad_pass`.
pub(crate) fn area_from(v: Value) -> Result<AreaCode> {
    match v {
        Value::Text(t) => t
            .parse()
            .map_err(|e: Error| Error::new(ErrorCode::BadPass, e.message().to_string())),
        _ => Err(err!(BadPass, "an area code is not text")),
    }
}

/// The window in which a pass is valid; on the wire these are the CWT `nbf` and `exp` claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validity {
    /// Valid from this time (CWT `nbf`).
    pub from: Timestamp,
    /// Valid until this time (CWT `exp`).
    pub until: Timestamp,
}

impl Validity {
    /// Checks both ends are plausible and the window is not inverted.
    pub fn validate(&self) -> Result<()> {
        for (name, t) in [("start", self.from), ("end", self.until)] {
            if !t.is_plausible() {
                return Err(err!(
                    InvalidDate,
                    "validity {name} {t} is outside 2000..2100"
                ));
            }
        }
        if self.until <= self.from {
            return Err(err!(
                InvertedValidity,
                "validity ends ({}) before it starts ({})",
                self.until,
                self.from
            ));
        }
        Ok(())
    }

    /// Whether `at` lies within the window.
    pub fn contains(&self, at: Timestamp) -> bool {
        self.from <= at && at < self.until
    }
}

/// A range of calendar dates, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// First day.
    pub from: Date,
    /// Last day (inclusive).
    pub until: Date,
}

impl DateRange {
    pub(crate) fn validate(&self, field: &str) -> Result<()> {
        check_date(field, self.from)?;
        check_date(field, self.until)?;
        if self.until < self.from {
            return Err(err!(
                InvertedValidity,
                "{field} ends ({}) before it starts ({})",
                self.until,
                self.from
            ));
        }
        Ok(())
    }

    pub(crate) fn to_cbor(self) -> Value {
        Value::Array(vec![
            cbor::date_value(self.from),
            cbor::date_value(self.until),
        ])
    }

    pub(crate) fn from_cbor(m: &MapReader, key: i64, v: Value) -> Result<DateRange> {
        match v {
            Value::Array(a) if a.len() == 2 => {
                let mut it = a.into_iter();
                let (Some(from), Some(until)) = (it.next(), it.next()) else {
                    return Err(err!(BadPass, "field {key} is not a pair of dates"));
                };
                Ok(DateRange {
                    from: m.to_date(key, from)?,
                    until: m.to_date(key, until)?,
                })
            }
            _ => Err(err!(BadPass, "field {key} is not a pair of dates")),
        }
    }
}

wire_enum! {
    /// The kind of Covid-19 test.
    pub enum TestKind {
        /// RT-PCR.
        Pcr = 1 => "pcr",
        /// Rapid antigen test.
        RapidAntigen = 2 => "rapid_antigen",
    }
}

wire_enum! {
    /// The result of a test.
    pub enum TestOutcome {
        /// Negative.
        Negative = 1 => "negative",
        /// Positive.
        Positive = 2 => "positive",
        /// Inconclusive.
        Inconclusive = 3 => "inconclusive",
    }
}

/// A Covid-19 test: its kind, result and date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestRecord {
    /// PCR or rapid antigen.
    pub kind: TestKind,
    /// The result.
    pub result: TestOutcome,
    /// When the sample was taken.
    pub date: Date,
}

impl TestRecord {
    pub(crate) fn validate(&self) -> Result<()> {
        check_date("test date", self.date)
    }

    pub(crate) fn to_cbor(self) -> Value {
        MapWriter::new()
            .put(1, self.kind.wire())
            .put(2, self.result.wire())
            .put(3, cbor::date_value(self.date))
            .build()
    }

    pub(crate) fn from_cbor(mut m: MapReader) -> Result<TestRecord> {
        let t = TestRecord {
            kind: enum_field(&mut m, 1, TestKind::from_wire)?,
            result: enum_field(&mut m, 2, TestOutcome::from_wire)?,
            date: m.date(3)?,
        };
        m.finish()?;
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(kind: IdKind, number: &str) -> Result<String> {
        let mut d = IdDocument {
            kind,
            number: number.into(),
        };
        d.validate().map(|_| d.number)
    }

    #[test]
    fn id_numbers_follow_their_kind() {
        assert_eq!(
            id(IdKind::Cccd, " 079201001234 "),
            Ok("079201001234".into())
        );
        assert_eq!(id(IdKind::Cmnd, "123456789"), Ok("123456789".into()));
        assert_eq!(id(IdKind::Passport, "c1234567"), Ok("C1234567".into()));
        for (kind, bad) in [
            (IdKind::Cccd, "07920100123"),
            (IdKind::Cccd, "0792010012345"),
            (IdKind::Cccd, "07920100123A"),
            (IdKind::Cmnd, "1234567890"),
            (IdKind::Passport, "C12"),
            (IdKind::Other, ""),
        ] {
            let e = id(kind, bad).expect_err(bad);
            assert_eq!(e.code(), ErrorCode::InvalidIdNumber, "{bad}");
        }
    }

    #[test]
    fn masking_keeps_last_four() {
        let d = IdDocument {
            kind: IdKind::Cccd,
            number: "079201001234".into(),
        };
        assert_eq!(d.masked(), "••••••••1234");
        let short = IdDocument {
            kind: IdKind::Other,
            number: "12".into(),
        };
        assert_eq!(short.masked(), "12");
    }

    #[test]
    fn text_is_nfc_normalised_and_checked() {
        // "Nguyễn" written with combining marks becomes the precomposed form.
        let mut name = "  Nguye\u{302}\u{303}n Va\u{306}n An ".to_string();
        clean_text("name", &mut name, MAX_NAME_CHARS).expect("valid");
        assert_eq!(name, "Nguyễn Văn An");
        let mut empty = "   ".to_string();
        assert_eq!(
            clean_text("name", &mut empty, 10).map_err(|e| e.code()),
            Err(ErrorCode::MissingField)
        );
        let mut long = "a".repeat(11);
        assert_eq!(
            clean_text("name", &mut long, 10).map_err(|e| e.code()),
            Err(ErrorCode::InvalidText)
        );
        let mut control = "a\u{7}b".to_string();
        assert_eq!(
            clean_text("name", &mut control, 10).map_err(|e| e.code()),
            Err(ErrorCode::InvalidText)
        );
    }

    #[test]
    fn area_codes_are_hierarchical() {
        let ok = ["01", "79.760", "79.760.26734"];
        for s in ok {
            assert_eq!(s.parse::<AreaCode>().map(String::from), Ok(s.to_string()));
        }
        for bad in [
            "",
            "7",
            "079",
            "79.76",
            "79.760.2673",
            "79.760.26734.1",
            "7a",
            "79..760",
        ] {
            assert_eq!(
                bad.parse::<AreaCode>().map_err(|e| e.code()),
                Err(ErrorCode::InvalidArea),
                "{bad}"
            );
        }
        let district: AreaCode = "79.760".parse().expect("valid");
        assert!(district.covers(&"79.760.26734".parse().expect("valid")));
        assert!(!district.covers(&"79.761".parse().expect("valid")));
        assert!(!district.covers(&"79".parse().expect("valid")));
        assert_eq!(district.province(), "79");
    }

    #[test]
    fn phones_are_checked_and_compacted() {
        let mut p = Person {
            name: "A".into(),
            id: IdDocument {
                kind: IdKind::Cccd,
                number: "079201001234".into(),
            },
            birth_date: None,
            phone: Some("+84 912.345-678".into()),
        };
        p.validate("holder").expect("valid");
        assert_eq!(p.phone.as_deref(), Some("+84912345678"));
        p.phone = Some("12ab".into());
        assert_eq!(
            p.validate("holder").map_err(|e| e.code()),
            Err(ErrorCode::InvalidPhone)
        );
    }

    #[test]
    fn validity_must_not_be_inverted() {
        let t = Timestamp(1_631_235_600);
        let ok = Validity {
            from: t,
            until: t.add_seconds(1),
        };
        assert!(ok.validate().is_ok());
        assert!(ok.contains(t) && !ok.contains(t.add_seconds(1)));
        let inverted = Validity { from: t, until: t };
        assert_eq!(
            inverted.validate().map_err(|e| e.code()),
            Err(ErrorCode::InvertedValidity)
        );
        let ancient = Validity {
            from: Timestamp(0),
            until: t,
        };
        assert_eq!(
            ancient.validate().map_err(|e| e.code()),
            Err(ErrorCode::InvalidDate)
        );
    }
}
