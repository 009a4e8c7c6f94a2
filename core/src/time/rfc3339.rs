//! RFC 3339 text to Unix seconds, with the `time` crate's wording for refusals.

use std::fmt;

use super::{civil_from_days, days_from_civil, days_in_month, SECONDS_PER_DAY};

/// Why RFC 3339 text was refused, worded as the `time` crate words it.
pub(super) enum Rfc3339Error {
    /// A number is missing, too short or (offset hour) above 23.
    Component(&'static str),
    /// A `-` or `:` is missing.
    Literal,
    /// Text follows the offset.
    Trailing,
    /// A number is outside its range (day 31 in April, hour 24, a false leap second).
    Range(&'static str),
}

impl fmt::Display for Rfc3339Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rfc3339Error::Component(name) => {
                write!(f, "the '{name}' component could not be parsed")
            }
            Rfc3339Error::Literal => f.write_str("a character literal was not valid"),
            Rfc3339Error::Trailing => {
                f.write_str("unexpected trailing characters; the end of input was expected")
            }
            Rfc3339Error::Range(name) => write!(f, "{name} was not in range"),
        }
    }
}

/// RFC 3339 text being read from the left.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    /// Exactly `n` ASCII digits, as a number.
    fn digits(&mut self, n: usize, name: &'static str) -> Result<i64, Rfc3339Error> {
        match self.0.split_at_checked(n) {
            Some((head, rest)) if head.iter().all(u8::is_ascii_digit) => {
                self.0 = rest;
                Ok(head
                    .iter()
                    .fold(0_i64, |v, &c| v * 10 + i64::from(c - b'0')))
            }
            _ => Err(Rfc3339Error::Component(name)),
        }
    }

    /// The byte `c`.
    fn literal(&mut self, c: u8) -> Result<(), Rfc3339Error> {
        match self.0.split_first() {
            Some((&first, rest)) if first == c => {
                self.0 = rest;
                Ok(())
            }
            _ => Err(Rfc3339Error::Literal),
        }
    }

    /// Optional fractional seconds: at least one digit after `.`, all dropped.
    fn fraction(&mut self) -> Result<(), Rfc3339Error> {
        if let Some(rest) = self.0.strip_prefix(b".") {
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return Err(Rfc3339Error::Component("subsecond"));
            }
            self.0 = &rest[digits..];
        }
        Ok(())
    }

    /// The UTC offset in seconds: `Z`, `z` or `±hh:mm`.
    fn offset(&mut self) -> Result<i64, Rfc3339Error> {
        use Rfc3339Error::{Component, Range};
        let sign = match self.0.split_first() {
            Some((b'Z' | b'z', rest)) => {
                self.0 = rest;
                return Ok(0);
            }
            Some((&sign @ (b'+' | b'-'), rest)) => {
                self.0 = rest;
                if sign == b'-' {
                    -1
                } else {
                    1
                }
            }
            _ => return Err(Component("offset hour")),
        };
        let hours = self.digits(2, "offset hour")?;
        if hours > 23 {
            return Err(Component("offset hour"));
        }
        self.literal(b':')?;
        let minutes = self.digits(2, "offset minute")?;
        if minutes > 59 {
            return Err(Range("offset minute"));
        }
        Ok(sign * (hours * 3600 + minutes * 60))
    }
}

/// Unix seconds of RFC 3339 text (already trimmed).
pub(super) fn parse_rfc3339(input: &[u8]) -> Result<i64, Rfc3339Error> {
    use Rfc3339Error::{Component, Range, Trailing};
    let mut input = Cursor(input);
    let year = input.digits(4, "year")?;
    input.literal(b'-')?;
    let month = input.digits(2, "month")?;
    if month == 0 {
        return Err(Component("month"));
    }
    input.literal(b'-')?;
    let day = input.digits(2, "day")?;
    // Any one byte separates date and time (RFC 3339 §5.6 allows a space).
    input.0 = input.0.get(1..).ok_or(Component("separator"))?;
    let hour = input.digits(2, "hour")?;
    input.literal(b':')?;
    let minute = input.digits(2, "minute")?;
    input.literal(b':')?;
    let second = input.digits(2, "second")?;
    input.fraction()?;
    let offset = input.offset()?;
    if !input.0.is_empty() {
        return Err(Trailing);
    }
    if month > 12 {
        return Err(Range("month"));
    }
    let (year, month, day) = (year as i32, month as u32, day as u32);
    if day == 0 || day > days_in_month(year, month) {
        return Err(Range("day"));
    }
    let leap_second = second == 60;
    let second = if leap_second { 59 } else { second };
    for (value, max, name) in [
        (hour, 23, "hour"),
        (minute, 59, "minute"),
        (second, 59, "second"),
    ] {
        if value > max {
            return Err(Range(name));
        }
    }
    let unix =
        days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second
            - offset;
    if leap_second && !is_last_second_of_month(unix) {
        return Err(Range("second"));
    }
    Ok(unix)
}

/// Whether `unix` is the last second of a month in UTC: the only place a leap second may be.
fn is_last_second_of_month(unix: i64) -> bool {
    let (year, month, day) = civil_from_days(unix.div_euclid(SECONDS_PER_DAY));
    unix.rem_euclid(SECONDS_PER_DAY) == SECONDS_PER_DAY - 1 && day == days_in_month(year, month)
}
