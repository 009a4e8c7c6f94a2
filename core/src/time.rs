//! Points in time ([`Timestamp`]) and calendar dates ([`Date`]).
//!
//! On the wire a timestamp is a CWT NumericDate (whole seconds since the Unix
//! epoch, unsigned) and a date is RFC 8943 tag 100 (days since 1970-01-01).
//! In JSON a timestamp is RFC 3339 text (`2021-09-10T08:00:00+07:00`) and a
//! date is `YYYY-MM-DD`.
//!
//! The calendar arithmetic (proleptic Gregorian, years -9999..=9999) and the
//! RFC 3339 parser and formatter are our own: they accept, reject and print
//! exactly what the `time` crate's `Rfc3339` did (tests/time_equivalence.rs
//! compares them), in a fraction of its code size in the WebAssembly verifier.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{err, Error, Result};

mod rfc3339;
use rfc3339::parse_rfc3339;

/// Vietnam's offset (UTC+7), used when a date has to be turned into a time of day.
pub const VIETNAM_OFFSET_SECONDS: i32 = 7 * 3600;

/// Earliest accepted timestamp: 2000-01-01T00:00:00Z. Anything earlier is implausible for a pass.
pub const MIN_TIMESTAMP: i64 = 946_684_800;
/// Latest accepted timestamp: 2100-01-01T00:00:00Z.
pub const MAX_TIMESTAMP: i64 = 4_102_444_800;

const SECONDS_PER_DAY: i64 = 86_400;
/// Days from 1970-01-01 to -9999-01-01 and to 9999-12-31: the calendar's range.
const FIRST_DAY: i64 = -4_371_587;
const LAST_DAY: i64 = 2_932_896;

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The current time from the system clock.
    pub fn now() -> Timestamp {
        use std::time::{SystemTime, UNIX_EPOCH};
        Timestamp(match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(after) => after.as_secs() as i64,
            // Before 1970: round down to the whole second.
            Err(e) => {
                let before = e.duration();
                -(before.as_secs() as i64) - i64::from(before.subsec_nanos() > 0)
            }
        })
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
    ///
    /// Any one character may separate date and time, `Z` may be lower case,
    /// fractional seconds are dropped, and `:60` is accepted only as a leap
    /// second (23:59:60 UTC on the last day of a month, read as 23:59:59).
    pub fn parse_rfc3339(text: &str) -> Result<Timestamp> {
        parse_rfc3339(text.trim().as_bytes())
            .map(Timestamp)
            .map_err(|e| err!(InvalidDate, "`{text}` is not an RFC 3339 time: {e}"))
    }

    /// RFC 3339 text at the given UTC offset in seconds (e.g. [`VIETNAM_OFFSET_SECONDS`]).
    ///
    /// Falls back to the decimal Unix seconds when RFC 3339 cannot express the
    /// time: a local year outside 0000..=9999, or an offset that is not whole
    /// minutes or is a day or more (an offset beyond ±25:59:59 counts as UTC).
    pub fn to_rfc3339_at(self, offset_seconds: i32) -> String {
        let offset = if offset_seconds.unsigned_abs() <= 93_599 {
            i64::from(offset_seconds)
        } else {
            0
        };
        if !(FIRST_DAY..=LAST_DAY).contains(&self.0.div_euclid(SECONDS_PER_DAY)) {
            return self.0.to_string();
        }
        let local = self.0 + offset;
        let (year, month, day) = civil_from_days(local.div_euclid(SECONDS_PER_DAY));
        if !(0..=9999).contains(&year) || offset.abs() >= SECONDS_PER_DAY || offset % 60 != 0 {
            return self.0.to_string();
        }
        let second = local.rem_euclid(SECONDS_PER_DAY);
        let mut text = format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            second / 3600,
            second / 60 % 60,
            second % 60
        );
        if offset == 0 {
            text.push('Z');
        } else {
            let sign = if offset < 0 { '-' } else { '+' };
            let minutes = offset.abs() / 60;
            text.push_str(&format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
        }
        text
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

/// Whether `year` has a 29 February (proleptic Gregorian).
fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1–12) of `year`.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a valid proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`, <https://howardhinnant.github.io/date_algorithms.html>).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let (era, year_of_era) = (year.div_euclid(400), year.rem_euclid(400));
    let march_based_month = i64::from((month + 9) % 12);
    let day_of_year = (153 * march_based_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian (year, month, day) of a day since 1970-01-01
/// (Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let days = days + 719_468;
    let (era, day_of_era) = (days.div_euclid(146_097), days.rem_euclid(146_097));
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_based_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * march_based_month + 2) / 5 + 1) as u32;
    let month = ((march_based_month + 2) % 12 + 1) as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
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
    /// Makes a date from year (-9999..=9999), month (1–12) and day.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Date> {
        if !(1..=12).contains(&month) {
            return Err(err!(InvalidDate, "{year}-{month}-{day} has no such month"));
        }
        if !(-9999..=9999).contains(&year)
            || day == 0
            || u32::from(day) > days_in_month(year, u32::from(month))
        {
            return Err(err!(
                InvalidDate,
                "{year}-{month:02}-{day:02} is not a calendar date"
            ));
        }
        Ok(Date(
            days_from_civil(year, u32::from(month), u32::from(day)) as i32,
        ))
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// The calendar year, month (1–12) and day: the inverse of [`Date::from_ymd`].
    pub fn ymd(self) -> (i32, u8, u8) {
        let (y, m, d) = civil_from_days(i64::from(self.0));
        (y, m as u8, d as u8)
    }

    /// Whether the date lies in the accepted range [`MIN_DATE`]..=[`MAX_DATE`].
    pub fn is_plausible(self) -> bool {
        (MIN_DATE..=MAX_DATE).contains(&self)
    }

    /// The start of this day in Vietnam (00:00 UTC+7).
    pub fn start_in_vietnam(self) -> Timestamp {
        Timestamp(i64::from(self.0) * 86_400 - i64::from(VIETNAM_OFFSET_SECONDS))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = i64::from(self.0);
        if !(FIRST_DAY..=LAST_DAY).contains(&days) {
            return write!(f, "day {}", self.0);
        }
        let (year, month, day) = civil_from_days(days);
        write!(f, "{year:04}-{month:02}-{day:02}")
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

    #[test]
    fn rfc3339_edges_are_pinned() {
        let unix = |text: &str| Timestamp::parse_rfc3339(text).map(Timestamp::unix);
        let base = Ok(1_631_260_800); // 2021-09-10T08:00:00Z
        for same in [
            "2021-09-10T08:00:00Z",
            "2021-09-10t08:00:00z",
            "2021-09-10 08:00:00Z",
            " 2021-09-10T08:00:00.999999999999Z\n",
            "2021-09-10T08:00:00-00:00",
            "2021-09-10T15:00:00+07:00",
            "2021-09-10T02:30:00-05:30",
            "2021-09-11T07:59:00+23:59",
        ] {
            assert_eq!(unix(same), base, "{same}");
        }
        // A leap second reads as the second before it, but only as the last
        // second of a month in UTC.
        assert_eq!(unix("2016-12-31T23:59:60Z"), Ok(1_483_228_799));
        assert_eq!(unix("2017-01-01T06:59:60+07:00"), Ok(1_483_228_799));
        assert_eq!(unix("2016-02-29T23:59:60Z"), Ok(1_456_790_399));
        assert_eq!(unix("0000-01-01T00:00:00Z"), Ok(-62_167_219_200));
        assert_eq!(unix("9999-12-31T23:59:59Z"), Ok(253_402_300_799));
        for (bad, why) in [
            ("2016-12-30T23:59:60Z", "second was not in range"),
            ("2016-12-31T23:59:60+07:00", "second was not in range"),
            ("2021-09-10T08:00:61Z", "second was not in range"),
            ("2021-02-29T08:00:00Z", "day was not in range"),
            ("2100-02-29T08:00:00Z", "day was not in range"),
            ("2021-13-10T08:00:00Z", "month was not in range"),
            (
                "2021-00-10T08:00:00Z",
                "the 'month' component could not be parsed",
            ),
            ("2021-09-10T24:00:00Z", "hour was not in range"),
            (
                "2021-09-10T08:00:00+24:00",
                "the 'offset hour' component could not be parsed",
            ),
            (
                "2021-09-10T08:00:00+07:60",
                "offset minute was not in range",
            ),
            (
                "2021-09-10T08:00:00+0700",
                "a character literal was not valid",
            ),
            (
                "2021-09-10T08:00:00",
                "the 'offset hour' component could not be parsed",
            ),
            (
                "2021-09-10T08:00:00.Z",
                "the 'subsecond' component could not be parsed",
            ),
            (
                "2021-09-10",
                "the 'separator' component could not be parsed",
            ),
            (
                "+2021-09-10T08:00:00Z",
                "the 'year' component could not be parsed",
            ),
            (
                "2021-09-10T08:00:00Z ok",
                "unexpected trailing characters; the end of input was expected",
            ),
        ] {
            let e = Timestamp::parse_rfc3339(bad).expect_err(bad);
            assert_eq!(e.code(), ErrorCode::InvalidDate, "{bad}");
            assert_eq!(
                e.message(),
                format!("`{bad}` is not an RFC 3339 time: {why}"),
                "{bad}"
            );
        }
    }

    #[test]
    fn rfc3339_output_falls_back_to_unix_seconds_where_it_cannot_show_the_time() {
        let t = Timestamp(1_631_260_800);
        assert_eq!(t.to_rfc3339_at(-19_800), "2021-09-10T02:30:00-05:30");
        assert_eq!(t.to_rfc3339_at(86_340), "2021-09-11T07:59:00+23:59");
        // Beyond ±25:59:59 the offset is ignored.
        assert_eq!(t.to_rfc3339_at(100_000), "2021-09-10T08:00:00Z");
        // Not whole minutes, or a day or more: no RFC 3339 offset.
        assert_eq!(t.to_rfc3339_at(30), "1631260800");
        assert_eq!(t.to_rfc3339_at(86_400), "1631260800");
        // Years outside 0000..=9999.
        assert_eq!(
            Timestamp(-62_167_219_200).to_rfc3339_at(0),
            "0000-01-01T00:00:00Z"
        );
        assert_eq!(Timestamp(-62_167_219_201).to_rfc3339_at(0), "-62167219201");
        assert_eq!(
            Timestamp(-62_167_219_200).to_rfc3339_at(-60),
            "-62167219200"
        );
        assert_eq!(Timestamp(253_402_300_799).to_rfc3339_at(60), "253402300799");
        assert_eq!(Timestamp(i64::MAX).to_rfc3339_at(0), i64::MAX.to_string());
    }

    #[test]
    fn calendar_edges_are_pinned() {
        assert_eq!(Date::from_ymd(2000, 2, 29).map(Date::days), Ok(11_016));
        assert_eq!(Date::from_ymd(1600, 2, 29).map(Date::days), Ok(-135_081));
        for (y, m, d) in [
            (1900, 2, 29),
            (2100, 2, 29),
            (2023, 4, 31),
            (10_000, 1, 1),
            (2021, 1, 0),
        ] {
            let e = Date::from_ymd(y, m, d).expect_err("not a date");
            assert!(e.message().ends_with("is not a calendar date"), "{e}");
        }
        let e = Date::from_ymd(2021, 13, 1).expect_err("no month 13");
        assert_eq!(e.message(), "2021-13-1 has no such month");
        assert_eq!(Date(-4_371_587).to_string(), "-9999-01-01");
        assert_eq!(Date(-719_528).to_string(), "0000-01-01");
        assert_eq!(Date(2_932_896).to_string(), "9999-12-31");
        assert_eq!(Date(2_932_897).to_string(), "day 2932897");
        assert_eq!(Date(i32::MIN).to_string(), format!("day {}", i32::MIN));
    }
}
