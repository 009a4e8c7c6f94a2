//! Points in time ([`Timestamp`]) and calendar dates ([`Date`]).
//!
//! On the wire a timestamp is a CWT NumericDate (whole seconds since the Unix
//! epoch, unsigned) and a date is RFC 8943 tag 100 (days since 1970-01-01).
//! In JSON a timestamp is RFC 3339 text (`2021-09-10T08:00:00+07:00`) and a
//! date is `YYYY-MM-DD`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use crate::error::{err, Error, Result};

/// Vietnam's offset (UTC+7), used when a date has to be turned into a time of day.
pub const VIETNAM_OFFSET_SECONDS: i32 = 7 * 3600;

/// Earliest accepted timestamp: 2000-01-01T00:00:00Z. Anything earlier is implausible for a pass.
pub const MIN_TIMESTAMP: i64 = 946_684_800;
/// Latest accepted timestamp: 2100-01-01T00:00:00Z.
pub const MAX_TIMESTAMP: i64 = 4_102_444_800;

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The current time from the system clock.
    pub fn now() -> Timestamp {
        Timestamp(OffsetDateTime::now_utc().unix_timestamp())
    }

    /// Seconds since the Unix epoch.
    pub fn unix(self) -> i64 {
        self.0
    }

    /// This time plus `seconds` (saturating).
    #[must_use]
    pub fn add_seconds(self, seconds: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(seconds))
    }

    /// Parses RFC 3339 text, e.g. `2021-09-10T08:00:00+07:00`.
    pub fn parse_rfc3339(text: &str) -> Result<Timestamp> {
        let t = OffsetDateTime::parse(text.trim(), &Rfc3339)
            .map_err(|e| err!(InvalidDate, "`{text}` is not an RFC 3339 time: {e}"))?;
        Ok(Timestamp(t.unix_timestamp()))
    }

    /// RFC 3339 text at the given UTC offset in seconds (e.g. [`VIETNAM_OFFSET_SECONDS`]).
    pub fn to_rfc3339_at(self, offset_seconds: i32) -> String {
        let offset = UtcOffset::from_whole_seconds(offset_seconds).unwrap_or(UtcOffset::UTC);
        OffsetDateTime::from_unix_timestamp(self.0)
            .ok()
            .map(|t| t.to_offset(offset))
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_else(|| self.0.to_string())
    }

    /// Whether the timestamp lies in the plausible range [`MIN_TIMESTAMP`]..[`MAX_TIMESTAMP`].
    pub fn is_plausible(self) -> bool {
        (MIN_TIMESTAMP..MAX_TIMESTAMP).contains(&self.0)
    }

    /// The calendar date of this time in Vietnam (UTC+7).
    pub fn date_in_vietnam(self) -> Date {
        Date((self.0 + i64::from(VIETNAM_OFFSET_SECONDS)).div_euclid(86_400) as i32)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339_at(0))
    }
}

impl FromStr for Timestamp {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Timestamp::parse_rfc3339(s)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339_at(VIETNAM_OFFSET_SECONDS))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Timestamp::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

/// A calendar date, as days since 1970-01-01 (RFC 8943).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

/// 1900-01-01, the earliest accepted date (a birth date may be that old).
pub const MIN_DATE: Date = Date(-25_567);
/// 2099-12-31, the latest accepted date.
pub const MAX_DATE: Date = Date(47_481);

impl Date {
    /// Makes a date from year, month (1–12) and day.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Date> {
        let month_enum = time::Month::try_from(month)
            .map_err(|_| err!(InvalidDate, "{year}-{month}-{day} has no such month"))?;
        let d = time::Date::from_calendar_date(year, month_enum, day).map_err(|_| {
            err!(
                InvalidDate,
                "{year}-{month:02}-{day:02} is not a calendar date"
            )
        })?;
        Ok(Date(d.to_julian_day() - UNIX_EPOCH_JULIAN_DAY))
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// Whether the date lies in the accepted range [`MIN_DATE`]..=[`MAX_DATE`].
    pub fn is_plausible(self) -> bool {
        (MIN_DATE..=MAX_DATE).contains(&self)
    }

    /// The start of this day in Vietnam (00:00 UTC+7).
    pub fn start_in_vietnam(self) -> Timestamp {
        Timestamp(i64::from(self.0) * 86_400 - i64::from(VIETNAM_OFFSET_SECONDS))
    }

    fn to_time(self) -> Option<time::Date> {
        time::Date::from_julian_day(self.0.checked_add(UNIX_EPOCH_JULIAN_DAY)?).ok()
    }
}

const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_time() {
            Some(d) => write!(
                f,
                "{:04}-{:02}-{:02}",
                d.year(),
                u8::from(d.month()),
                d.day()
            ),
            None => write!(f, "day {}", self.0),
        }
    }
}

impl FromStr for Date {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || err!(InvalidDate, "`{s}` is not a date of the form YYYY-MM-DD");
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32> {
            let part = &s[r];
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse().map_err(|_| bad())
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::from_ymd(y as i32, m as u8, d as u8)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn dates_round_trip_through_text() {
        for text in [
            "1970-01-01",
            "2021-09-10",
            "1900-01-01",
            "2099-12-31",
            "2024-02-29",
        ] {
            let d: Date = text.parse().expect("valid date");
            assert_eq!(d.to_string(), text);
        }
        assert_eq!("1970-01-02".parse::<Date>().map(Date::days), Ok(1));
        assert_eq!("2021-09-10".parse::<Date>().map(Date::days), Ok(18_880));
        assert_eq!("1900-01-01".parse::<Date>(), Ok(MIN_DATE));
        assert_eq!("2099-12-31".parse::<Date>(), Ok(MAX_DATE));
    }

    #[test]
    fn bad_dates_are_rejected_with_a_code() {
        for text in [
            "2021-02-29",
            "2021-13-01",
            "2021-9-10",
            "20210910",
            "",
            "2021-09-1x",
            "+021-09-10",
        ] {
            let e = text.parse::<Date>().expect_err(text);
            assert_eq!(e.code(), ErrorCode::InvalidDate, "{text}");
        }
    }

    #[test]
    fn timestamps_parse_offsets_and_print_in_vietnam_time() {
        let t = Timestamp::parse_rfc3339("2021-09-10T08:00:00+07:00").expect("valid");
        assert_eq!(t.unix(), 1_631_235_600);
        assert_eq!(
            t.to_rfc3339_at(VIETNAM_OFFSET_SECONDS),
            "2021-09-10T08:00:00+07:00"
        );
        assert_eq!(t.to_string(), "2021-09-10T01:00:00Z");
        assert_eq!(t.date_in_vietnam().to_string(), "2021-09-10");
        assert_eq!(
            "2021-09-10".parse::<Date>().map(Date::start_in_vietnam),
            Ok(Timestamp(1_631_206_800))
        );
        let e = Timestamp::parse_rfc3339("yesterday").expect_err("bad");
        assert_eq!(e.code(), ErrorCode::InvalidDate);
    }
}
