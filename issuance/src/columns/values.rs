//! Cell values: enumeration words, numbers, dates, and the leading zero that
//! Excel drops from a CCCD or a phone number typed as a number.

use qrpass::model::{IdKind, PurposeKind};
use qrpass::Date;

use super::headers::fold;

/// Purpose values: the JSON name, then the accepted Vietnamese words.
pub(super) const PURPOSES: &[(PurposeKind, &str, &[&str])] = &[
    (
        PurposeKind::Work,
        "work",
        &["đi làm", "làm việc", "công việc"],
    ),
    (
        PurposeKind::Medical,
        "medical",
        &["khám chữa bệnh", "khám bệnh", "y tế"],
    ),
    (
        PurposeKind::EssentialShopping,
        "essential_shopping",
        &["mua nhu yếu phẩm", "mua hàng thiết yếu", "mua lương thực"],
    ),
    (
        PurposeKind::Delivery,
        "delivery",
        &["giao hàng", "vận chuyển hàng hóa", "shipper"],
    ),
    (
        PurposeKind::PublicDuty,
        "public_duty",
        &["công vụ", "thi hành công vụ"],
    ),
    (
        PurposeKind::Emergency,
        "emergency",
        &["khẩn cấp", "cấp cứu"],
    ),
    (PurposeKind::Other, "other", &["khác"]),
];

/// ID document kinds: the JSON name, then the accepted Vietnamese words.
pub(super) const ID_KINDS: &[(IdKind, &str, &[&str])] = &[
    (IdKind::Cccd, "cccd", &["căn cước công dân", "căn cước"]),
    (
        IdKind::Cmnd,
        "cmnd",
        &["chứng minh nhân dân", "chứng minh thư"],
    ),
    (IdKind::Passport, "passport", &["hộ chiếu"]),
    (IdKind::Other, "other", &["khác"]),
];

/// Finds an enumeration value by its JSON name, a Vietnamese word or its wire number.
pub(super) fn pick<T: Copy>(table: &[(T, &str, &[&str])], value: &str) -> Option<T> {
    let key = fold(value);
    table
        .iter()
        .enumerate()
        .find(|(i, (_, name, words))| {
            key == fold(name) || words.iter().any(|w| fold(w) == key) || key == (i + 1).to_string()
        })
        .map(|(_, (v, ..))| *v)
}

/// A number as text: whole numbers without a decimal point.
pub(super) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Hours, minutes, seconds.
pub(super) type TimeOfDay = (u8, u8, u8);

/// Splits `2021-09-01`, `01/09/2021`, `1.9.2021` (day first unless the year
/// comes first), optionally followed by ` HH:MM[:SS]` or `THH:MM[:SS]`.
pub(super) fn split_date_time(text: &str) -> Option<(Date, Option<TimeOfDay>)> {
    let text = text.trim();
    let (date_part, time_part) = match text.find([' ', 'T']) {
        Some(i) => (&text[..i], Some(text[i + 1..].trim())),
        None => (text, None),
    };
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else if c.len() == 4 {
        (num(c)?, num(b)?, num(a)?)
    } else {
        return None;
    };
    let date = Date::from_ymd(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
    .ok()?;
    let hms = match time_part {
        None => None,
        Some(t) => {
            let fields: Vec<&str> = t.split(':').collect();
            let (h, mi, s) = match fields.as_slice() {
                [h, m] => (num(h)?, num(m)?, 0),
                [h, m, s] => (num(h)?, num(m)?, num(s)?),
                _ => return None,
            };
            if h > 23 || mi > 59 || s > 59 {
                return None;
            }
            Some((h as u8, mi as u8, s as u8))
        }
    };
    Some((date, hms))
}

/// The digits of a whole, positive number cell.
fn digits(n: f64) -> Option<String> {
    (n.fract() == 0.0 && n > 0.0 && n < 1e15).then(|| format!("{}", n as i64))
}

/// A CCCD typed as a number: Excel kept 11 of its 12 digits (every CCCD starts
/// with 0, the province codes being 001–096). Returns the 12 digits.
pub(super) fn restore_cccd(n: f64) -> Option<String> {
    digits(n).filter(|d| d.len() == 11).map(|d| format!("0{d}"))
}

/// A Vietnamese mobile number typed as a number: 9 digits starting 3, 5, 7, 8
/// or 9 (the 10-digit `0xx` numbers without their 0). Returns the 10 digits.
pub(super) fn restore_mobile(n: f64) -> Option<String> {
    digits(n)
        .filter(|d| d.len() == 9 && d.starts_with(['3', '5', '7', '8', '9']))
        .map(|d| format!("0{d}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations_accept_names_words_and_numbers() {
        assert_eq!(pick(PURPOSES, "Khám chữa bệnh"), Some(PurposeKind::Medical));
        assert_eq!(
            pick(PURPOSES, "essential_shopping"),
            Some(PurposeKind::EssentialShopping)
        );
        assert_eq!(pick(PURPOSES, "4"), Some(PurposeKind::Delivery));
        assert_eq!(pick(ID_KINDS, "Hộ chiếu"), Some(IdKind::Passport));
        assert_eq!(pick(ID_KINDS, "CMND"), Some(IdKind::Cmnd));
        assert_eq!(pick(ID_KINDS, "9"), None);
    }

    #[test]
    fn leading_zeros_come_back_only_where_they_were_lost() {
        assert_eq!(restore_cccd(79201001234.0).as_deref(), Some("079201001234"));
        assert_eq!(restore_cccd(1201001234.0), None, "10 digits: not a CCCD");
        assert_eq!(
            restore_cccd(179201001234.0),
            None,
            "12 digits kept as they are"
        );
        assert_eq!(restore_cccd(7920100123.5), None);
        assert_eq!(restore_mobile(912345678.0).as_deref(), Some("0912345678"));
        assert_eq!(restore_mobile(212345678.0), None, "not a mobile prefix");
        assert_eq!(restore_mobile(91234567.0), None);
    }

    #[test]
    fn dates_are_day_first_unless_the_year_leads() {
        let (d, t) = split_date_time("01/09/2021 18:30").expect("date");
        assert_eq!(d, Date::from_ymd(2021, 9, 1).expect("d"));
        assert_eq!(t, Some((18, 30, 0)));
        assert!(split_date_time("2021-02-31").is_none());
        assert!(split_date_time("1/9/21").is_none());
    }
}
