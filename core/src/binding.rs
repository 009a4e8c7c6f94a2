//! Holder binding: does the ID card in front of the officer belong to the
//! holder of a verified pass? (SPEC.md §13.3)
//!
//! [`bind`] compares the pass's person (holder, declarant or beneficiary) with
//! an [`IdCard`], attribute by attribute. The card is unsigned, so the result
//! only ever says whether the card *matches* the signed pass.
//!
//! ```
//! use qrpass::binding::{bind_person, BindingSummary, NameMatch};
//! use qrpass::idcard::IdCard;
//! use qrpass::model::{IdDocument, IdKind, Person};
//!
//! let card = IdCard::parse("079203001234||Nguyen Van An|14052003|Nam|Quận 1|01062021")?;
//! let holder = Person {
//!     name: "Nguyễn Văn An".into(),
//!     id: IdDocument { kind: IdKind::Cccd, number: "079203001234".into() },
//!     birth_date: None,
//!     phone: None,
//! };
//! let binding = bind_person(&holder, &card);
//! assert_eq!(binding.name, NameMatch::MarksOnly); // diacritics tell Vietnamese names apart
//! assert_eq!(binding.summary, BindingSummary::MarksOnly);
//! # Ok::<(), qrpass::Error>(())
//! ```

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::idcard::IdCard;
use crate::model::{IdDocument, IdKind, Person};
use crate::time::Date;
use crate::verify::Verified;

/// How the pass's ID number compares with the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdMatch {
    /// The pass's CCCD (or 12-digit CMND) number is the card's number.
    Match,
    /// The pass's CMND number is the old number the card carries.
    OldIdMatch,
    /// Neither.
    Mismatch,
}

/// How the pass's name compares with the card's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameMatch {
    /// The same text (both are NFC).
    Exact,
    /// The same after upper-casing and whitespace collapsing.
    Equivalent,
    /// The same only once diacritics (and đ/d) are ignored: not a match, since
    /// the marks tell Vietnamese names apart.
    MarksOnly,
    /// Different names.
    Mismatch,
}

/// How the pass's birth date compares with the card's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BirthDateMatch {
    /// The same date.
    Match,
    /// Different dates.
    Mismatch,
    /// The pass has no birth date.
    Absent,
}

/// The one-word result of a binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BindingSummary {
    /// ID and name match (exactly or equivalently), and the birth date matches or is absent.
    Match,
    /// Nothing mismatches, but the names differ in diacritics.
    MarksOnly,
    /// At least one attribute mismatches.
    Mismatch,
}

macro_rules! as_str_impls {
    ($($t:ty { $($v:ident => $s:literal),* })*) => {$(
        impl $t {
            /// The stable snake_case name.
            pub fn as_str(self) -> &'static str {
                match self { $( <$t>::$v => $s, )* }
            }
        }
    )*};
}

as_str_impls! {
    IdMatch { Match => "match", OldIdMatch => "old_id_match", Mismatch => "mismatch" }
    NameMatch { Exact => "exact", Equivalent => "equivalent", MarksOnly => "marks_only", Mismatch => "mismatch" }
    BirthDateMatch { Match => "match", Mismatch => "mismatch", Absent => "absent" }
    BindingSummary { Match => "match", MarksOnly => "marks_only", Mismatch => "mismatch" }
}

/// One outcome per attribute, and the summary. Holds no data of the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Binding {
    /// The ID number.
    pub id: IdMatch,
    /// The name.
    pub name: NameMatch,
    /// The birth date.
    pub birth_date: BirthDateMatch,
    /// The summary.
    pub summary: BindingSummary,
}

/// Binds a verified pass to a card: compares the pass's person with it.
pub fn bind(verified: &Verified, card: &IdCard) -> Binding {
    bind_person(verified.pass.person(), card)
}

/// The person of a verified pass that a binding holds as JSON (what its
/// `verify` returned): `kind` is the pass's `kind` member, and `field` gives
/// the JSON text of the member it is asked for, the one the kind names
/// ([`crate::PassKind::person_field`]), so no whole pass is deserialised.
/// `invalid_argument` when the kind or the person is missing, the kind's code
/// when it is unknown, `bad_json` when the person is malformed.
///
/// ```
/// let person = r#"{"name": "Nguyễn Văn An", "id": {"kind": "cccd", "number": "079201001234"}}"#;
/// let p = qrpass::binding::person_of_pass(Some("permit"), |field| {
///     (field == "holder").then(|| person.to_string())
/// })?;
/// assert_eq!(p.name, "Nguyễn Văn An");
/// # Ok::<(), qrpass::Error>(())
/// ```
pub fn person_of_pass(
    kind: Option<&str>,
    field: impl FnOnce(&'static str) -> Option<String>,
) -> crate::Result<Person> {
    let not_verified = || {
        crate::Error::new(
            crate::ErrorCode::InvalidArgument,
            "bind takes what verify returned",
        )
    };
    let kind: crate::PassKind = kind.ok_or_else(not_verified)?.parse()?;
    let json = field(kind.person_field()).ok_or_else(not_verified)?;
    read_person(&json).map_err(|e| {
        crate::Error::new(crate::ErrorCode::BadJson, format!("the pass's person: {e}"))
    })
}

/// A person from its JSON (the fields of [`Person`], none other), with the
/// core's JSON reader.
fn read_person(json: &str) -> crate::json::Read<Person> {
    use crate::json::Value;
    let value = Value::parse(json)?;
    let mut o = value.object("")?;
    let person = Person {
        name: o.required("name", |v, p| v.str(p).map(str::to_string))?,
        id: o.required("id", |v, p| {
            let mut id = v.object(p)?;
            let doc = IdDocument {
                kind: id.required("kind", |v, p| v.name(p, IdKind::from_name))?,
                number: id.required("number", |v, p| v.str(p).map(str::to_string))?,
            };
            id.finish()?;
            Ok(doc)
        })?,
        birth_date: o.nullable("birth_date", |v, p| v.text(p, str::parse::<Date>))?,
        phone: o.nullable("phone", |v, p| v.str(p).map(str::to_string))?,
    };
    o.finish()?;
    Ok(person)
}

/// Compares a person (from a verified pass) with a card.
pub fn bind_person(person: &Person, card: &IdCard) -> Binding {
    let id = id_match(person, card);
    let name = name_match(&person.name, &card.name);
    let birth_date = match person.birth_date {
        None => BirthDateMatch::Absent,
        Some(d) if d == card.birth_date => BirthDateMatch::Match,
        Some(_) => BirthDateMatch::Mismatch,
    };
    let summary = if id == IdMatch::Mismatch
        || name == NameMatch::Mismatch
        || birth_date == BirthDateMatch::Mismatch
    {
        BindingSummary::Mismatch
    } else if name == NameMatch::MarksOnly {
        BindingSummary::MarksOnly
    } else {
        BindingSummary::Match
    };
    Binding {
        id,
        name,
        birth_date,
        summary,
    }
}

fn id_match(person: &Person, card: &IdCard) -> IdMatch {
    if !matches!(person.id.kind, IdKind::Cccd | IdKind::Cmnd) {
        return IdMatch::Mismatch;
    }
    let number = person.id.number.as_str();
    if number == card.number {
        IdMatch::Match
    } else if card.old_number.as_deref() == Some(number) {
        IdMatch::OldIdMatch
    } else {
        IdMatch::Mismatch
    }
}

/// NFC, upper case, runs of whitespace collapsed to one space.
///
/// Upper case rather than lower: the verifier already carries Unicode's
/// upper-case table (ID numbers are upper-cased), and for the Latin letters of
/// Vietnamese names the two foldings agree.
fn folded(name: &str) -> String {
    let nfc = crate::nfc::nfc(name);
    nfc.split_whitespace()
        .map(crate::upper::upper)
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`folded`] in NFD without its combining marks (canonical combining class
/// not 0), with Đ read as D.
fn unmarked(folded: &str) -> String {
    crate::nfc::nfd_starters(folded)
        .map(|c| if c == 'Đ' { 'D' } else { c })
        .collect()
}

/// Compares two names (SPEC.md §13.3).
pub fn name_match(pass_name: &str, card_name: &str) -> NameMatch {
    if crate::nfc::nfc(pass_name) == crate::nfc::nfc(card_name) {
        return NameMatch::Exact;
    }
    let (a, b) = (folded(pass_name), folded(card_name));
    if a == b {
        NameMatch::Equivalent
    } else if unmarked(&a) == unmarked(&b) {
        NameMatch::MarksOnly
    } else {
        NameMatch::Mismatch
    }
}
