use super::*;
use crate::ErrorCode;
use unicode_normalization::UnicodeNormalization;

const CARD: &str = "079203001234|023456789|Nguyễn Văn An|14052003|Nam|12 Lê Lợi, Quận 1|01062021";

fn code(text: &str) -> ErrorCode {
    IdCard::parse(text).expect_err(text).code()
}

#[test]
fn seven_fields_give_every_attribute() {
    let card = IdCard::parse(CARD).expect("parses");
    assert_eq!(card.number, "079203001234");
    assert_eq!(card.old_number.as_deref(), Some("023456789"));
    assert_eq!(card.name, "Nguyễn Văn An");
    assert_eq!(card.birth_date, Date::from_ymd(2003, 5, 14).expect("date"));
    assert_eq!(card.sex, Sex::Male);
    assert_eq!(card.address, "12 Lê Lợi, Quận 1");
    assert_eq!(card.issue_date, Date::from_ymd(2021, 6, 1).expect("date"));
    assert!(!card.inconsistent_number);
    assert!(card.number_conflicts.is_empty());
}

#[test]
fn tolerant_of_six_fields_empty_old_number_trailing_pipe_extra_fields_and_space() {
    let base = IdCard::parse(CARD).expect("parses");
    let without_old = IdCard {
        old_number: None,
        ..base.clone()
    };
    let six = "079203001234|Nguyễn Văn An|14052003|Nam|12 Lê Lợi, Quận 1|01062021";
    assert_eq!(IdCard::parse(six).expect("6 fields"), without_old);
    let empty_old = "079203001234||Nguyễn Văn An|14052003|Nam|12 Lê Lợi, Quận 1|01062021";
    assert_eq!(IdCard::parse(empty_old).expect("empty old"), without_old);
    for text in [
        format!("{CARD}|"),
        format!("{CARD}|extra|fields|"),
        format!("  \u{feff}{CARD}\r\n"),
        CARD.replace('|', " | "),
        format!("{six}|"),
    ] {
        let card = IdCard::parse(&text).expect(&text);
        assert_eq!(card.number, base.number, "{text}");
        assert_eq!(card.name, base.name, "{text}");
    }
}

#[test]
fn nfd_text_and_spaced_names_are_normalised() {
    let nfd: String = CARD.nfd().collect();
    assert_ne!(nfd, CARD);
    let card = IdCard::parse(&nfd).expect("NFD parses");
    assert_eq!(card.name, "Nguyễn Văn An");
    assert_eq!(card.address, "12 Lê Lợi, Quận 1");
    let spaced = CARD.replace("Nguyễn Văn An", "Nguyễn  Văn\tAn");
    assert_eq!(
        IdCard::parse(&spaced).expect("spaced").name,
        "Nguyễn Văn An"
    );
    let female = "001198005678||TRẦN THỊ BÌNH|02021998|NỮ|Hà Nội|10102021";
    assert_eq!(IdCard::parse(female).expect("upper case").sex, Sex::Female);
}

#[test]
fn bad_fields_are_refused_naming_the_field_not_its_value() {
    let cases: &[(&str, &str)] = &[
        (
            "07920300123|023456789|Nguyễn Văn An|14052003|Nam|X|01062021",
            "CCCD number",
        ),
        (
            "0792030012345|023456789|Nguyễn Văn An|14052003|Nam|X|01062021",
            "CCCD number",
        ),
        (
            "07920300123A|023456789|Nguyễn Văn An|14052003|Nam|X|01062021",
            "CCCD number",
        ),
        (
            "079203001234|0234567|Nguyễn Văn An|14052003|Nam|X|01062021",
            "old CMND",
        ),
        ("079203001234|023456789||14052003|Nam|X|01062021", "name"),
        (
            "079203001234|023456789|Nguyễn Văn An|31022003|Nam|X|01062021",
            "birth date",
        ),
        (
            "079203001234|023456789|Nguyễn Văn An|1405203|Nam|X|01062021",
            "birth date",
        ),
        (
            "079203001234|023456789|Nguyễn Văn An|14-05-2003|Nam|X|01062021",
            "birth date",
        ),
        (
            "079203001234|023456789|Nguyễn Văn An|14051803|Nam|X|01062021",
            "birth date",
        ),
        (
            "079203001234|023456789|Nguyễn Văn An|14052003|M|X|01062021",
            "sex",
        ),
        (
            "079203001234|023456789|Nguyễn Văn An|14052003|Nam|X|00062021",
            "issue date",
        ),
        (
            "079203001234|023456789|Nguyễn Văn An|14052003|Nam|X|01062001",
            "issue date",
        ),
        (
            "079203001234|023456789|Nguyễn Văn An|14052003|Nam|X",
            "issue date",
        ),
        ("079203001234|Nguyễn Văn An|14052003|Nam|X", "fields"),
        (
            "079203001234|023456789|Nguyễn\u{7}Văn|14052003|Nam|X|01062021",
            "name",
        ),
        (
            "079203001234|023456789|Nguyễn Văn An|14052003|Nam|X\u{0}Y|01062021",
            "address",
        ),
    ];
    for (text, field) in cases {
        let e = IdCard::parse(text).expect_err(text);
        assert_eq!(e.code(), ErrorCode::BadIdCard, "{text}");
        assert!(e.message().contains(field), "{text}: {}", e.message());
        for value in ["Nguyễn", "079203", "0234567", "X\u{0}Y"] {
            assert!(
                !e.message().contains(value),
                "{text}: message repeats a value"
            );
        }
    }
}

#[test]
fn size_and_emptiness_are_checked_first() {
    assert_eq!(code(""), ErrorCode::EmptyInput);
    assert_eq!(code(" \n\t"), ErrorCode::EmptyInput);
    let long = format!("{CARD}|{}", "x".repeat(MAX_CARD_TEXT_LEN));
    assert_eq!(code(&long), ErrorCode::InputTooLarge);
    let at_limit = format!("{CARD}|{}", "x".repeat(MAX_CARD_TEXT_LEN - CARD.len() - 1));
    assert_eq!(at_limit.len(), MAX_CARD_TEXT_LEN);
    assert!(IdCard::parse(&at_limit).is_ok());
}

#[test]
fn the_number_is_checked_against_birth_date_and_sex() {
    let with = |number: &str, birth: &str, sex: &str| {
        IdCard::parse(&format!("{number}||Nguyễn Văn An|{birth}|{sex}|X|01062021"))
            .expect("parses")
            .number_conflicts
    };
    use NumberConflict::*;
    assert_eq!(with("079203001234", "14052003", "Nam"), []);
    assert_eq!(with("001198005678", "02021998", "Nữ"), []);
    assert_eq!(with("079203001234", "14052003", "Nữ"), [Sex]);
    assert_eq!(with("079003001234", "14052003", "Nam"), [Century]);
    assert_eq!(with("079204001234", "14052003", "Nam"), [BirthYear]);
    assert_eq!(with("097203001234", "14052003", "Nam"), [Province]);
    assert_eq!(with("000203001234", "14052003", "Nam"), [Province]);
    assert_eq!(with("079499001234", "14051999", "Nam"), [Century]);
    assert_eq!(with("079703001234", "14052003", "Nam"), [Sex, Century]);
    let card =
        IdCard::parse("079003001234||Nguyễn Văn An|14052003|Nam|X|01062021").expect("parses");
    assert!(card.inconsistent_number);
    assert_eq!(Century.as_str(), "century");
}

#[test]
fn masked_view_and_debug_hold_no_address_issue_date_or_full_number() {
    let card = IdCard::parse(&CARD.replace("12 Lê Lợi", "MARKER-ADDRESS")).expect("parses");
    let masked = serde_json::to_string(&card.masked()).expect("json");
    let debug = format!("{card:?} {:?}", card.masked());
    for out in [&masked, &debug] {
        assert!(!out.contains("MARKER-ADDRESS"), "{out}");
        assert!(!out.contains("079203001234"), "{out}");
        assert!(!out.contains("023456789"), "{out}");
        assert!(!out.contains("2021-06-01"), "{out}");
    }
    assert!(
        masked.contains("••••••••1234") && masked.contains("•••••6789"),
        "{masked}"
    );
    assert!(card.to_json().contains("MARKER-ADDRESS"));
}
