//! The EU DCC payload as typed records, decoded under the rules of the schema
//! version it declares (ehn-dcc-schema 1.0.x to 1.3.x): a field that is
//! missing, mistyped or breaks its version's pattern is `bad_dcc`.
//!
//! Rules by version (minor version of `ver`, major must be 1):
//! - every version: `nam.fnt` required, `fnt`/`gnt` match `^[A-Z<]*$`, names
//!   at most 80 characters; exactly one of `v`, `t`, `r` with exactly one entry;
//!   `co` holds 1 to 10 capital letters; `is` and `ci` at most 80 characters;
//! - 1.0: `dob` is a full date `YYYY-MM-DD`;
//! - 1.1 and later: `dob` may be `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (years 1900–2099) or empty;
//! - before 1.3: a test's testing centre `tc` is required; 1.3 makes it optional.

use ciborium::Value;
use serde::Serialize;

use crate::error::{err, Result};
use crate::time::{Date, Timestamp};

mod dates;
mod entries;

pub use dates::PartialDate;
pub use entries::{Recovery, Test, Vaccination, TG_COVID19, TR_NOT_DETECTED, TT_NAA, TT_RAT};

/// A person's name as the DCC gives it (`nam`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Name {
    /// Surname(s) (`fn`).
    #[serde(rename = "fn", skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Standardised surname(s), ICAO 9303 (`fnt`).
    #[serde(rename = "fnt")]
    pub family_std: String,
    /// Forename(s) (`gn`).
    #[serde(rename = "gn", skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// Standardised forename(s) (`gnt`).
    #[serde(rename = "gnt", skip_serializing_if = "Option::is_none")]
    pub given_std: Option<String>,
}

impl Name {
    /// The name to show: `fn gn` if given, else the standardised forms with `<` as spaces.
    pub fn display(&self) -> String {
        let family = self
            .family
            .clone()
            .unwrap_or_else(|| self.family_std.replace('<', " "));
        let given = self
            .given
            .clone()
            .or_else(|| self.given_std.as_ref().map(|g| g.replace('<', " ")));
        match given {
            Some(g) if !g.is_empty() => format!("{family} {g}"),
            _ => family,
        }
    }
}

/// The one statement a DCC makes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Statement {
    /// A vaccination entry (`v`).
    Vaccination(Vaccination),
    /// A test entry (`t`).
    Test(Test),
    /// A recovery entry (`r`).
    Recovery(Recovery),
}

/// A decoded, schema-checked EU DCC payload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Certificate {
    /// The declared schema version (`ver`).
    pub ver: String,
    /// The holder's name.
    pub nam: Name,
    /// Date of birth, possibly partial or empty.
    pub dob: PartialDate,
    /// The statement.
    pub statement: Statement,
}

/// The schema version's minor number (1.x.y), the only part the rules depend on.
pub(crate) fn minor_version(ver: &str) -> Result<u32> {
    let parts: Vec<&str> = ver.split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() != 3 || !parts.iter().all(numeric) {
        return Err(err!(
            BadDcc,
            "the schema version `{ver}` is not of the form major.minor.patch"
        ));
    }
    match (parts[0], parts[1].parse::<u32>()) {
        ("1", Ok(minor @ 0..=3)) => Ok(minor),
        _ => Err(err!(
            BadDcc,
            "schema version `{ver}` is not supported (1.0.x to 1.3.x)"
        )),
    }
}

/// Reads the fields of one CBOR map by text key.
pub(crate) struct Fields {
    entries: Vec<(String, Value)>,
    what: &'static str,
}

impl Fields {
    pub(crate) fn new(value: Value, what: &'static str) -> Result<Fields> {
        let Value::Map(map) = value else {
            return Err(err!(BadDcc, "{what} is not a map"));
        };
        let mut entries = Vec::with_capacity(map.len());
        for (k, v) in map {
            let Value::Text(k) = k else {
                return Err(err!(BadDcc, "{what} has a key that is not text"));
            };
            if entries.iter().any(|(seen, _)| *seen == k) {
                return Err(err!(DuplicateKey, "{what} repeats the key `{k}`"));
            }
            entries.push((k, v));
        }
        Ok(Fields { entries, what })
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.swap_remove(i).1)
    }

    pub(crate) fn opt_text(&mut self, key: &str, max: usize) -> Result<Option<String>> {
        match self.take(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Text(t)) if t.chars().count() <= max => Ok(Some(t)),
            Some(Value::Text(_)) => Err(err!(
                BadDcc,
                "{}.{key} is longer than {max} characters",
                self.what
            )),
            Some(_) => Err(err!(BadDcc, "{}.{key} is not text", self.what)),
        }
    }

    pub(crate) fn text(&mut self, key: &str, max: usize) -> Result<String> {
        self.opt_text(key, max)?
            .ok_or_else(|| err!(BadDcc, "{} has no `{key}`", self.what))
    }

    pub(crate) fn dose(&mut self, key: &str) -> Result<u8> {
        match self.take(key) {
            Some(Value::Integer(i)) => match u8::try_from(i128::from(i)) {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(err!(
                    BadDcc,
                    "{}.{key} is not a positive dose number",
                    self.what
                )),
            },
            Some(_) => Err(err!(BadDcc, "{}.{key} is not an integer", self.what)),
            None => Err(err!(BadDcc, "{} has no `{key}`", self.what)),
        }
    }

    pub(crate) fn date(&mut self, key: &str) -> Result<Date> {
        let t = self.text(key, 10)?;
        t.parse::<Date>()
            .map_err(|_| err!(BadDcc, "{}.{key} `{t}` is not a full date", self.what))
    }

    /// A date-time: RFC 3339 text, or CBOR's own forms (tag 0 text, tag 1 epoch seconds).
    pub(crate) fn opt_time(&mut self, key: &str) -> Result<Option<Timestamp>> {
        let owner = self.what;
        let bad = |what: &str| err!(BadDcc, "{owner}.{key} {what}");
        let value = match self.take(key) {
            Some(Value::Tag(0, inner)) => Some(*inner),
            other => other,
        };
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Text(t)) => Timestamp::parse_rfc3339(&t)
                .map(Some)
                .map_err(|_| bad(&format!("`{t}` is not a date-time"))),
            Some(Value::Tag(1, inner)) => match *inner {
                Value::Integer(i) => i64::try_from(i128::from(i))
                    .map(|s| Some(Timestamp(s)))
                    .map_err(|_| bad("is out of range")),
                Value::Float(f) if f.is_finite() && f.abs() < 1e15 => {
                    Ok(Some(Timestamp(f.floor() as i64)))
                }
                _ => Err(bad("is not an epoch time")),
            },
            Some(_) => Err(bad("is not a date-time")),
        }
    }

    fn group(&mut self, key: &str) -> Result<Option<Value>> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Array(items)) => match <[Value; 1]>::try_from(items) {
                Ok([one]) => Ok(Some(one)),
                Err(_) => Err(err!(BadDcc, "group `{key}` must hold exactly one entry")),
            },
            Some(_) => Err(err!(BadDcc, "group `{key}` is not an array")),
        }
    }
}

/// Checks the pattern `^[A-Z<]*$` of a standardised name.
fn standardised(key: &str, t: &str) -> Result<()> {
    if t.bytes().all(|b| b.is_ascii_uppercase() || b == b'<') {
        Ok(())
    } else {
        Err(err!(BadDcc, "nam.{key} `{t}` is not ICAO 9303 (A-Z and <)"))
    }
}

/// Checks `co`: the schema's (unanchored) pattern `[A-Z]{1,10}`.
pub(crate) fn country(t: &str) -> Result<()> {
    if t.bytes().any(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(err!(BadDcc, "`co` `{t}` has no country code"))
    }
}

impl Certificate {
    /// Decodes the EU DCC map (hcert → 1) under its declared version's rules.
    pub fn from_cbor(value: Value) -> Result<Certificate> {
        let mut f = Fields::new(value, "the DCC")?;
        let ver = f.text("ver", 20)?;
        let minor = minor_version(&ver)?;
        let mut n = Fields::new(
            f.take("nam")
                .ok_or_else(|| err!(BadDcc, "the DCC has no `nam`"))?,
            "nam",
        )?;
        let nam = Name {
            family: n.opt_text("fn", 80)?,
            family_std: n.text("fnt", 80)?,
            given: n.opt_text("gn", 80)?,
            given_std: n.opt_text("gnt", 80)?,
        };
        standardised("fnt", &nam.family_std)?;
        if let Some(g) = &nam.given_std {
            standardised("gnt", g)?;
        }
        let dob_text = f.text("dob", 10)?;
        let dob = PartialDate::parse(&dob_text, minor >= 1)?;
        let groups = [f.group("v")?, f.group("t")?, f.group("r")?];
        let statement = match groups {
            [Some(v), None, None] => Statement::Vaccination(Vaccination::from_cbor(v)?),
            [None, Some(t), None] => Statement::Test(Test::from_cbor(t, minor)?),
            [None, None, Some(r)] => Statement::Recovery(Recovery::from_cbor(r)?),
            _ => return Err(err!(BadDcc, "a DCC holds exactly one of v, t and r")),
        };
        Ok(Certificate {
            ver,
            nam,
            dob,
            statement,
        })
    }

    /// The statement's kind: `vaccination`, `test` or `recovery`.
    pub fn kind(&self) -> &'static str {
        match self.statement {
            Statement::Vaccination(_) => "vaccination",
            Statement::Test(_) => "test",
            Statement::Recovery(_) => "recovery",
        }
    }

    /// A one-line summary of the statement without identifiers, e.g.
    /// `vaccination 2/2 on 2021-05-29 (AT)`.
    pub fn summary(&self) -> String {
        match &self.statement {
            Statement::Vaccination(v) => {
                format!("vaccination {}/{} on {} ({})", v.dn, v.sd, v.dt, v.co)
            }
            Statement::Test(t) => format!(
                "test {} {} sampled {} ({})",
                t.type_name(),
                if t.is_negative() {
                    "negative"
                } else {
                    "not negative"
                },
                t.sc.to_rfc3339_at(0),
                t.co
            ),
            Statement::Recovery(r) => format!("recovery valid {} to {} ({})", r.df, r.du, r.co),
        }
    }

    /// The same summary in Vietnamese, for the officer's screen, e.g.
    /// `tiêm mũi 2/2 ngày 2021-05-29 (AT)`.
    pub fn summary_vi(&self) -> String {
        match &self.statement {
            Statement::Vaccination(v) => {
                format!("tiêm mũi {}/{} ngày {} ({})", v.dn, v.sd, v.dt, v.co)
            }
            Statement::Test(t) => format!(
                "xét nghiệm {} {}, lấy mẫu {} ({})",
                match t.type_name() {
                    "naa" => "PCR (NAA)",
                    "rat" => "nhanh kháng nguyên",
                    _ => "loại khác",
                },
                if t.is_negative() {
                    "âm tính"
                } else {
                    "không âm tính"
                },
                t.sc.to_rfc3339_at(0),
                t.co
            ),
            Statement::Recovery(r) => {
                format!("đã khỏi bệnh, hiệu lực {} đến {} ({})", r.df, r.du, r.co)
            }
        }
    }
}
