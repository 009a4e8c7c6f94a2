//! `qrpass::time` against the `time` crate it replaced: the same RFC 3339
//! texts accepted (with the same Unix seconds) or refused (with the same
//! message), the same RFC 3339 output at every offset, and the same calendar
//! dates, over edge cases and many generated inputs.

use proptest::prelude::*;
use qrpass::{Date, ErrorCode, Timestamp};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// What `Timestamp::parse_rfc3339` did with the `time` crate.
fn reference_parse(text: &str) -> Result<i64, String> {
    OffsetDateTime::parse(text.trim(), &Rfc3339)
        .map(OffsetDateTime::unix_timestamp)
        .map_err(|e| format!("`{text}` is not an RFC 3339 time: {e}"))
}

/// What `Timestamp::to_rfc3339_at` did with the `time` crate; `None` where
/// its `to_offset` panicked (a local year beyond ±9999), where the new code
/// falls back to the Unix seconds as for the other times RFC 3339 cannot show.
fn reference_format(t: i64, offset_seconds: i32) -> Option<String> {
    let offset = UtcOffset::from_whole_seconds(offset_seconds).unwrap_or(UtcOffset::UTC);
    let Ok(utc) = OffsetDateTime::from_unix_timestamp(t) else {
        return Some(t.to_string());
    };
    let local = utc.checked_to_offset(offset)?;
    Some(local.format(&Rfc3339).unwrap_or_else(|_| t.to_string()))
}

/// What `Date::from_ymd` did with the `time` crate.
fn reference_from_ymd(year: i32, month: u8, day: u8) -> Result<i32, String> {
    let Ok(month_enum) = time::Month::try_from(month) else {
        return Err(format!("{year}-{month}-{day} has no such month"));
    };
    time::Date::from_calendar_date(year, month_enum, day)
        .map(|d| d.to_julian_day() - 2_440_588)
        .map_err(|_| format!("{year}-{month:02}-{day:02} is not a calendar date"))
}

/// What `Date`'s `Display` did with the `time` crate.
fn reference_display(days: i32) -> String {
    match days
        .checked_add(2_440_588)
        .and_then(|j| time::Date::from_julian_day(j).ok())
    {
        Some(d) => format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
        None => format!("day {days}"),
    }
}

fn check_parse(text: &str) {
    let ours = Timestamp::parse_rfc3339(text)
        .map(Timestamp::unix)
        .map_err(|e| {
            assert_eq!(e.code(), ErrorCode::InvalidDate, "{text:?}");
            e.message().to_string()
        });
    assert_eq!(ours, reference_parse(text), "{text:?}");
}

fn check_format(t: i64, offset: i32) {
    let ours = Timestamp(t).to_rfc3339_at(offset);
    let expected = reference_format(t, offset).unwrap_or_else(|| t.to_string());
    assert_eq!(ours, expected, "{t} at offset {offset}");
    if ours != t.to_string() {
        // Whatever is printed reads back as the same time.
        assert_eq!(reference_parse(&ours), Ok(t), "{ours}");
    }
}

fn check_ymd(year: i32, month: u8, day: u8) {
    let ours = Date::from_ymd(year, month, day)
        .map(Date::days)
        .map_err(|e| e.message().to_string());
    assert_eq!(
        ours,
        reference_from_ymd(year, month, day),
        "{year}-{month}-{day}"
    );
}

fn check_display(days: i32) {
    assert_eq!(
        Date(days).to_string(),
        reference_display(days),
        "day {days}"
    );
}

#[test]
fn rfc3339_edge_cases_parse_as_before() {
    for text in [
        "2021-09-10T08:00:00+07:00",
        "2021-09-10t08:00:00z",
        "2021-09-10 08:00:00Z",
        "2021-09-10_08:00:00Z",
        "2021-09-10é08:00:00Z",
        "2021-09-1008:00:00Z",
        "  2021-09-10T08:00:00Z\n",
        "2021-09-10T08:00:00.5Z",
        "2021-09-10T08:00:00.123456789123Z",
        "2021-09-10T08:00:00.Z",
        "2021-09-10T08:00:00,5Z",
        "2021-09-10T08:00:00-00:00",
        "2021-09-10T08:00:00+23:59",
        "2021-09-10T08:00:00-23:59",
        "2021-09-10T08:00:00+24:00",
        "2021-09-10T08:00:00+07:60",
        "2021-09-10T08:00:00+0700",
        "2021-09-10T08:00:00+07",
        "2021-09-10T08:00:00",
        "2021-09-10T08:00:00ZZ",
        "2021-09-10T08:00Z",
        "2021-09-10T24:00:00Z",
        "2021-09-10T23:60:00Z",
        "2021-09-10T23:59:61Z",
        "2021-09-10T23:59:99Z",
        "2021-00-10T08:00:00Z",
        "2021-13-10T08:00:00Z",
        "2021-99-10T08:00:00Z",
        "2021-09-00T08:00:00Z",
        "2021-09-31T08:00:00Z",
        "2021-02-29T08:00:00Z",
        "2024-02-29T08:00:00Z",
        "2000-02-29T08:00:00Z",
        "1900-02-29T08:00:00Z",
        "2100-02-29T08:00:00Z",
        "0000-02-29T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "0000-01-01T00:00:00+23:59",
        "0000-01-01T00:00:00-23:59",
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-23:59",
        "9999-12-31T23:59:59+23:59",
        "10000-01-01T00:00:00Z",
        "+2021-09-10T08:00:00Z",
        "-2021-09-10T08:00:00Z",
        "21-09-10T08:00:00Z",
        "2021/09/10T08:00:00Z",
        "2021-9-10T08:00:00Z",
        "2021-09-10T8:00:00Z",
        "2021-09-10T08:0:00Z",
        "2021-09-10T08:00:0Z",
        "2021-09-10T08-00-00Z",
        "2021-09-10",
        "2021-09-10T",
        "",
        " ",
        "yesterday",
        "2021",
        "٢٠٢١-09-10T08:00:00Z",
        "2016-12-31T23:59:60Z",
        "2016-12-31T23:59:60.999Z",
        "2016-12-31T23:59:60z",
        "2017-01-01T06:59:60+07:00",
        "2016-12-31T18:59:60-05:00",
        "2016-12-31T23:59:60+07:00",
        "2016-06-30T23:59:60Z",
        "2016-02-29T23:59:60Z",
        "2015-02-28T23:59:60Z",
        "2016-02-28T23:59:60Z",
        "2016-12-30T23:59:60Z",
        "2016-12-31T23:58:60Z",
        "2016-12-31T22:59:60Z",
        "2016-12-31T23:59:60+00:30",
        "0000-01-01T00:59:60+01:00",
        "9999-12-31T23:59:60Z",
        "9999-12-31T23:59:60-00:01",
        "9999-12-31T23:59:60+23:59",
        "2016-12-31T23:59:60+24:00",
        "2016-12-31T23:59:60",
    ] {
        check_parse(text);
    }
}

#[test]
fn every_month_end_and_offset_treats_leap_seconds_as_before() {
    for year in [0, 1, 1900, 1970, 2000, 2016, 2023, 2024, 2100, 9999] {
        for month in 1..=12 {
            for day in [1, 27, 28, 29, 30, 31] {
                for (hour, offset) in [
                    (23, "Z"),
                    (6, "+07:00"),
                    (18, "-05:00"),
                    (23, "+00:00"),
                    (0, "+01:00"),
                    (23, "-23:59"),
                ] {
                    check_parse(&format!(
                        "{year:04}-{month:02}-{day:02}T{hour:02}:59:60{offset}"
                    ));
                    check_parse(&format!(
                        "{year:04}-{month:02}-{day:02}T{hour:02}:59:59{offset}"
                    ));
                }
            }
        }
    }
}

#[test]
fn formatting_at_edge_offsets_and_years_is_as_before() {
    let max = 253_402_300_799; // 9999-12-31T23:59:59Z
    let min = -377_705_116_800; // -9999-01-01T00:00:00Z
    let year_zero = -62_167_219_200; // 0000-01-01T00:00:00Z
    let times = [
        0,
        1,
        -1,
        1_631_235_600,
        946_684_800,
        4_102_444_800,
        max,
        max + 1,
        max - 86_400,
        min,
        min - 1,
        year_zero,
        year_zero - 1,
        year_zero + 86_399,
        i64::MAX,
        i64::MIN,
    ];
    let offsets = [
        0,
        25_200,
        -25_200,
        60,
        -60,
        1,
        -1,
        30,
        19_800,
        -34_200,
        86_340,
        -86_340,
        86_399,
        -86_399,
        86_400,
        -86_400,
        93_599,
        -93_599,
        93_600,
        -93_600,
        i32::MAX,
        i32::MIN,
    ];
    for t in times {
        for offset in offsets {
            check_format(t, offset);
        }
    }
}

#[test]
fn dates_at_the_calendar_edges_are_as_before() {
    for year in [
        -10_000,
        -9_999,
        -1,
        0,
        1,
        1900,
        2000,
        2100,
        9_999,
        10_000,
        i32::MIN,
        i32::MAX,
    ] {
        for month in [0, 1, 2, 3, 12, 13, 255] {
            for day in [0, 1, 28, 29, 30, 31, 32, 255] {
                check_ymd(year, month, day);
            }
        }
    }
    for days in [
        0,
        -1,
        -4_371_587,
        -4_371_588,
        2_932_896,
        2_932_897,
        i32::MIN,
        i32::MAX,
        i32::MAX - 2_440_587,
        i32::MAX - 2_440_588,
    ] {
        check_display(days);
    }
}

#[test]
fn now_reads_the_same_clock() {
    let ours = Timestamp::now().unix();
    let reference = OffsetDateTime::now_utc().unix_timestamp();
    assert!((reference - ours).abs() <= 1, "{ours} vs {reference}");
}

/// A two-digit field: usually in or near its range, sometimes odd.
fn field(width: usize, max: u32) -> BoxedStrategy<String> {
    prop_oneof![
        6 => (0..=max).prop_map(move |v| format!("{v:0width$}")),
        1 => (0..10u32.pow(width as u32)).prop_map(move |v| format!("{v:0width$}")),
        1 => "[0-9a-zZ+:. -]{0,3}",
    ]
    .boxed()
}

/// Texts shaped like RFC 3339 with every part sometimes wrong.
fn rfc3339_like() -> impl Strategy<Value = String> {
    let year = prop_oneof![
        4 => (1890u32..2110).prop_map(|y| format!("{y:04}")),
        1 => field(4, 9999),
        1 => Just("0000".to_string()),
        1 => Just("9999".to_string()),
    ];
    let day = prop_oneof![4 => (1u32..=31).prop_map(|d| format!("{d:02}")), 1 => field(2, 32)];
    let second = prop_oneof![
        3 => field(2, 59),
        1 => Just("60".to_string()),
        1 => Just("59".to_string()),
    ];
    let hour = prop_oneof![2 => field(2, 23), 1 => Just("23".to_string())];
    let minute = prop_oneof![2 => field(2, 59), 1 => Just("59".to_string())];
    let separator = prop_oneof![
        4 => Just("T".to_string()),
        1 => "[tT _é]",
        1 => Just(String::new()),
    ];
    let fraction = prop_oneof![
        4 => Just(String::new()),
        1 => "\\.[0-9]{0,12}",
        1 => "[.,][0-9a-z]{0,2}",
    ];
    let offset = prop_oneof![
        3 => Just("Z".to_string()),
        1 => Just("z".to_string()),
        4 => ("[+-]", field(2, 23), "[:]?", field(2, 59)).prop_map(|(s, h, c, m)| format!("{s}{h}{c}{m}")),
        1 => "[+-]?[0-9:]{0,5}",
    ];
    let junk = prop_oneof![8 => Just(String::new()), 1 => "[ \\t\\nZ0-9]{1,3}"];
    let lead = prop_oneof![8 => Just(String::new()), 1 => "[ \\t\\n+-]{1,2}"];
    (
        (
            lead,
            year,
            "[-/]?",
            field(2, 13),
            prop_oneof![9 => Just("-"), 1 => Just(":")],
            day,
        ),
        (
            separator,
            hour,
            ":",
            minute,
            prop_oneof![9 => Just(":"), 1 => Just("")],
            second,
        ),
        (fraction, offset, junk),
    )
        .prop_map(
            |((l, y, d1, mo, d2, d), (sep, h, c1, mi, c2, s), (f, o, j))| {
                let d1 = if d1.is_empty() { "-" } else { d1.as_str() };
                format!("{l}{y}{d1}{mo}{d2}{d}{sep}{h}{c1}{mi}{c2}{s}{f}{o}{j}")
            },
        )
}

/// One character of a text removed, doubled or replaced.
fn mutated() -> impl Strategy<Value = String> {
    (
        rfc3339_like(),
        any::<prop::sample::Index>(),
        0..3u8,
        "[0-9TZ:+. é-]",
    )
        .prop_map(|(text, at, how, c)| {
            let mut chars: Vec<char> = text.chars().collect();
            if chars.is_empty() {
                return c;
            }
            let i = at.index(chars.len());
            match how {
                0 => {
                    chars.remove(i);
                }
                1 => chars.insert(i, chars[i]),
                _ => chars[i] = c.chars().next().unwrap_or('x'),
            }
            chars.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn generated_texts_parse_as_before(text in rfc3339_like()) {
        check_parse(&text);
    }

    #[test]
    fn mutated_texts_parse_as_before(text in mutated()) {
        check_parse(&text);
    }

    #[test]
    fn arbitrary_texts_parse_as_before(text in ".{0,40}") {
        check_parse(&text);
    }

    #[test]
    fn times_format_as_before(
        t in prop_oneof![
            4 => -100_000_000_000i64..300_000_000_000,
            2 => 0i64..5_000_000_000,
            1 => 253_402_000_000i64..253_402_600_000,
            1 => -62_167_400_000i64..-62_167_000_000,
            1 => -377_705_300_000i64..-377_705_000_000,
            1 => any::<i64>(),
        ],
        offset in prop_oneof![
            3 => (-1_440i32..=1_440).prop_map(|m| m * 60),
            1 => -100_000i32..100_000,
            1 => any::<i32>(),
        ],
    ) {
        check_format(t, offset);
    }

    #[test]
    fn dates_are_made_as_before(
        year in prop_oneof![4 => -10_001i32..=10_001, 1 => any::<i32>()],
        month in prop_oneof![4 => 0u8..=13, 1 => any::<u8>()],
        day in prop_oneof![4 => 0u8..=32, 1 => any::<u8>()],
    ) {
        check_ymd(year, month, day);
    }

    #[test]
    fn dates_print_as_before(
        days in prop_oneof![
            4 => -4_400_000i32..3_000_000,
            1 => any::<i32>(),
        ],
    ) {
        check_display(days);
        if let Ok(parsed) = Date(days).to_string().parse::<Date>() {
            prop_assert_eq!(parsed, Date(days));
        }
    }
}
