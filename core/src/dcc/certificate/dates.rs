//! The DCC's date of birth: a full date, a year and month, a year, or empty.

use serde::{Serialize, Serializer};

use crate::error::{err, Result};
use crate::time::Date;

/// A date of birth as DCCs carry it (schema 1.1+ allows partial and empty dates).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartialDate {
    /// No date given (`""`).
    Empty,
    /// Only the year (`1979`).
    Year(i32),
    /// Year and month (`1979-04`).
    YearMonth(i32, u8),
    /// A full date (`1979-04-14`).
    Full(Date),
}

impl PartialDate {
    /// Parses a `dob`; `partial` allows the 1.1+ forms (`YYYY`, `YYYY-MM`, empty).
    ///
    /// ```
    /// use qrpass::dcc::PartialDate;
    /// assert_eq!(PartialDate::parse("1979-04", true).unwrap(), PartialDate::YearMonth(1979, 4));
    /// assert_eq!(PartialDate::parse("", true).unwrap(), PartialDate::Empty);
    /// assert!(PartialDate::parse("1979", false).is_err());
    /// assert!(PartialDate::parse("1879-01-01", true).is_err());
    /// ```
    pub fn parse(text: &str, partial: bool) -> Result<PartialDate> {
        let bad = || {
            err!(
                BadDcc,
                "dob `{text}` is not a date of birth this schema version allows"
            )
        };
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            b.get(r.clone())
                .filter(|s| s.iter().all(u8::is_ascii_digit))
                .and_then(|_| text[r].parse::<u32>().ok())
        };
        let date = match b.len() {
            0 => PartialDate::Empty,
            4 => PartialDate::Year(digits(0..4).ok_or_else(bad)? as i32),
            7 if b[4] == b'-' => {
                let month = digits(5..7)
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(bad)?;
                PartialDate::YearMonth(digits(0..4).ok_or_else(bad)? as i32, month as u8)
            }
            10 => PartialDate::Full(text.parse::<Date>().map_err(|_| bad())?),
            _ => return Err(bad()),
        };
        let year = match date {
            PartialDate::Empty => None,
            PartialDate::Year(y) | PartialDate::YearMonth(y, _) => Some(y),
            PartialDate::Full(d) => Some(d.ymd().0),
        };
        if year.is_some_and(|y| !(1900..=2099).contains(&y))
            || (!partial && !matches!(date, PartialDate::Full(_)))
        {
            return Err(bad());
        }
        Ok(date)
    }

    /// The text form, as the DCC wrote it.
    pub fn to_text(self) -> String {
        match self {
            PartialDate::Empty => String::new(),
            PartialDate::Year(y) => format!("{y:04}"),
            PartialDate::YearMonth(y, m) => format!("{y:04}-{m:02}"),
            PartialDate::Full(d) => d.to_string(),
        }
    }

    /// Whether a full date (e.g. from a passport) is consistent with this one:
    /// equal where this date gives a part; an empty date matches nothing.
    pub fn matches(self, date: Date) -> bool {
        let (y, m, _) = date.ymd();
        match self {
            PartialDate::Empty => false,
            PartialDate::Year(py) => py == y,
            PartialDate::YearMonth(py, pm) => (py, pm) == (y, m),
            PartialDate::Full(d) => d == date,
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_text())
    }
}
