//! Time spans of a pass: its [`Validity`] window (the CWT `nbf`/`exp`) and
//! [`DateRange`]s of calendar days, SPEC.md §6.1.

use ciborium::value::Value;
use serde::{Deserialize, Serialize};

use super::check_date;
use crate::error::{err, Result};
use crate::time::{Date, Timestamp};
use crate::wire::cbor::{self, MapReader};

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
