//! [`AreaCode`]: an administrative area (province, district, commune) by its
//! General Statistics Office code, SPEC.md §6.1.

use std::fmt;
use std::str::FromStr;

use ciborium::value::Value;
use serde::{Deserialize, Serialize};

use crate::error::{err, Error, ErrorCode, Result};

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
