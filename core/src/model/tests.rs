//! Tests of the common structures: ID documents, text rules, area codes, phones.

use super::rules::clean_text;
use super::*;
use crate::error::{ErrorCode, Result};
use crate::time::Timestamp;

fn id(kind: IdKind, number: &str) -> Result<String> {
    let mut d = IdDocument {
        kind,
        number: number.into(),
    };
    d.validate().map(|_| d.number)
}

#[test]
fn id_numbers_follow_their_kind() {
    assert_eq!(
        id(IdKind::Cccd, " 079201001234 "),
        Ok("079201001234".into())
    );
    assert_eq!(id(IdKind::Cmnd, "123456789"), Ok("123456789".into()));
    assert_eq!(id(IdKind::Passport, "c1234567"), Ok("C1234567".into()));
    for (kind, bad) in [
        (IdKind::Cccd, "07920100123"),
        (IdKind::Cccd, "0792010012345"),
        (IdKind::Cccd, "07920100123A"),
        (IdKind::Cmnd, "1234567890"),
        (IdKind::Passport, "C12"),
        (IdKind::Other, ""),
    ] {
        let e = id(kind, bad).expect_err(bad);
        assert_eq!(e.code(), ErrorCode::InvalidIdNumber, "{bad}");
    }
}

#[test]
fn masking_shows_at_most_four_and_at_most_half() {
    let d = IdDocument {
        kind: IdKind::Cccd,
        number: "079201001234".into(),
    };
    assert_eq!(d.masked(), "••••••••1234");
    for (number, want) in [
        ("12", "•2"),
        ("1", "•"),
        ("AB12", "••12"),
        ("C1234567", "••••4567"),
        ("B123456", "••••456"),
    ] {
        let short = IdDocument {
            kind: IdKind::Other,
            number: number.into(),
        };
        assert_eq!(short.masked(), want, "{number}");
    }
}

#[test]
fn text_is_nfc_normalised_and_checked() {
    // "Nguyễn" written with combining marks becomes the precomposed form.
    let mut name = "  Nguye\u{302}\u{303}n Va\u{306}n An ".to_string();
    clean_text("name", &mut name, MAX_NAME_CHARS).expect("valid");
    assert_eq!(name, "Nguyễn Văn An");
    let mut empty = "   ".to_string();
    assert_eq!(
        clean_text("name", &mut empty, 10).map_err(|e| e.code()),
        Err(ErrorCode::MissingField)
    );
    let mut long = "a".repeat(11);
    assert_eq!(
        clean_text("name", &mut long, 10).map_err(|e| e.code()),
        Err(ErrorCode::InvalidText)
    );
    let mut control = "a\u{7}b".to_string();
    assert_eq!(
        clean_text("name", &mut control, 10).map_err(|e| e.code()),
        Err(ErrorCode::InvalidText)
    );
}

#[test]
fn area_codes_are_hierarchical() {
    let ok = ["01", "79.760", "79.760.26734"];
    for s in ok {
        assert_eq!(s.parse::<AreaCode>().map(String::from), Ok(s.to_string()));
    }
    for bad in [
        "",
        "7",
        "079",
        "79.76",
        "79.760.2673",
        "79.760.26734.1",
        "7a",
        "79..760",
    ] {
        assert_eq!(
            bad.parse::<AreaCode>().map_err(|e| e.code()),
            Err(ErrorCode::InvalidArea),
            "{bad}"
        );
    }
    let district: AreaCode = "79.760".parse().expect("valid");
    assert!(district.covers(&"79.760.26734".parse().expect("valid")));
    assert!(!district.covers(&"79.761".parse().expect("valid")));
    assert!(!district.covers(&"79".parse().expect("valid")));
    assert_eq!(district.province(), "79");
}

#[test]
fn phones_are_checked_and_compacted() {
    let mut p = Person {
        name: "A".into(),
        id: IdDocument {
            kind: IdKind::Cccd,
            number: "079201001234".into(),
        },
        birth_date: None,
        phone: Some("+84 912.345-678".into()),
    };
    p.validate("holder").expect("valid");
    assert_eq!(p.phone.as_deref(), Some("+84912345678"));
    p.phone = Some("12ab".into());
    assert_eq!(
        p.validate("holder").map_err(|e| e.code()),
        Err(ErrorCode::InvalidPhone)
    );
}

#[test]
fn validity_must_not_be_inverted() {
    let t = Timestamp(1_631_235_600);
    let ok = Validity {
        from: t,
        until: t.add_seconds(1),
    };
    assert!(ok.validate().is_ok());
    assert!(ok.contains(t) && !ok.contains(t.add_seconds(1)));
    let inverted = Validity { from: t, until: t };
    assert_eq!(
        inverted.validate().map_err(|e| e.code()),
        Err(ErrorCode::InvertedValidity)
    );
    let ancient = Validity {
        from: Timestamp(0),
        until: t,
    };
    assert_eq!(
        ancient.validate().map_err(|e| e.code()),
        Err(ErrorCode::InvalidDate)
    );
}
