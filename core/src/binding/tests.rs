use super::*;
use crate::model::IdDocument;
use crate::time::Date;
use crate::ErrorCode;
use unicode_normalization::UnicodeNormalization;

const CARD: &str = "079203001234|023456789|Nguyễn Văn An|14052003|Nam|Quận 1|01062021";

fn person(kind: IdKind, number: &str, name: &str, birth: Option<(i32, u8, u8)>) -> Person {
    Person {
        name: name.into(),
        id: IdDocument {
            kind,
            number: number.into(),
        },
        birth_date: birth.map(|(y, m, d)| Date::from_ymd(y, m, d).expect("date")),
        phone: None,
    }
}

fn card() -> IdCard {
    IdCard::parse(CARD).expect("card")
}

#[test]
fn id_numbers_match_by_cccd_or_by_the_old_cmnd() {
    let name = "Nguyễn Văn An";
    let id = |kind, number| bind_person(&person(kind, number, name, None), &card()).id;
    assert_eq!(id(IdKind::Cccd, "079203001234"), IdMatch::Match);
    assert_eq!(id(IdKind::Cmnd, "079203001234"), IdMatch::Match);
    assert_eq!(id(IdKind::Cmnd, "023456789"), IdMatch::OldIdMatch);
    assert_eq!(id(IdKind::Cccd, "079203001235"), IdMatch::Mismatch);
    assert_eq!(id(IdKind::Cmnd, "023456788"), IdMatch::Mismatch);
    assert_eq!(id(IdKind::Passport, "079203001234"), IdMatch::Mismatch);
    assert_eq!(id(IdKind::Other, "023456789"), IdMatch::Mismatch);
    let no_old =
        IdCard::parse("079203001234||Nguyễn Văn An|14052003|Nam|Quận 1|01062021").expect("card");
    let p = person(IdKind::Cmnd, "023456789", name, None);
    assert_eq!(bind_person(&p, &no_old).id, IdMatch::Mismatch);
}

#[test]
fn names_are_exact_equivalent_marks_only_or_different() {
    let cases = [
        ("Nguyễn Văn An", "Nguyễn Văn An", NameMatch::Exact),
        ("Nguyễn Văn An", "NGUYỄN VĂN AN", NameMatch::Equivalent),
        ("Nguyễn Văn An", " nguyễn  văn\tan ", NameMatch::Equivalent),
        ("Nguyễn Văn An", "Nguyen Van An", NameMatch::MarksOnly),
        ("Nguyễn Văn An", "Nguyễn Vân An", NameMatch::MarksOnly),
        ("Đỗ Thị Hà", "Do Thi Ha", NameMatch::MarksOnly),
        ("Đỗ Thị Hà", "ĐỖ THỊ HÀ", NameMatch::Equivalent),
        ("Nguyễn Văn An", "Nguyễn Văn Anh", NameMatch::Mismatch),
        ("Nguyễn Văn An", "Trần Văn An", NameMatch::Mismatch),
        ("Nguyễn Văn An", "Nguyễn An", NameMatch::Mismatch),
    ];
    for (pass, card_name, want) in cases {
        assert_eq!(name_match(pass, card_name), want, "{pass} / {card_name}");
    }
    let nfd: String = "Nguyễn Văn An".nfd().collect();
    assert_eq!(name_match(&nfd, "Nguyễn Văn An"), NameMatch::Exact);
}

#[test]
fn birth_dates_and_the_summary() {
    let c = card();
    let bind_with =
        |name: &str, birth| bind_person(&person(IdKind::Cccd, "079203001234", name, birth), &c);
    let full = bind_with("Nguyễn Văn An", Some((2003, 5, 14)));
    assert_eq!(full.birth_date, BirthDateMatch::Match);
    assert_eq!(full.summary, BindingSummary::Match);
    let absent = bind_with("NGUYỄN VĂN AN", None);
    assert_eq!(absent.birth_date, BirthDateMatch::Absent);
    assert_eq!(absent.summary, BindingSummary::Match);
    let wrong_birth = bind_with("Nguyễn Văn An", Some((2003, 5, 15)));
    assert_eq!(wrong_birth.birth_date, BirthDateMatch::Mismatch);
    assert_eq!(wrong_birth.summary, BindingSummary::Mismatch);
    assert_eq!(
        bind_with("Nguyen Van An", None).summary,
        BindingSummary::MarksOnly
    );
    let marks_and_wrong_birth = bind_with("Nguyen Van An", Some((1990, 1, 1)));
    assert_eq!(marks_and_wrong_birth.summary, BindingSummary::Mismatch);
    let json = serde_json::to_value(full).expect("json");
    assert_eq!(
        json,
        serde_json::json!({"id": "match", "name": "exact", "birth_date": "match", "summary": "match"})
    );
    assert_eq!(IdMatch::OldIdMatch.as_str(), "old_id_match");
    assert_eq!(NameMatch::MarksOnly.as_str(), "marks_only");
}

#[test]
fn the_person_of_a_pass_is_read_from_the_field_of_its_kind() {
    let person = r#"{"name": "Nguyễn Văn An", "id": {"kind": "cccd", "number": "079201001234"}}"#;
    for kind in crate::PassKind::ALL {
        let p = person_of_pass(Some(kind.as_str()), |f| {
            (f == kind.person_field()).then(|| person.to_string())
        });
        assert_eq!(p.unwrap().id.number, "079201001234", "{kind}");
    }
    let code = |kind: Option<&str>, json: Option<&str>| {
        person_of_pass(kind, |_| json.map(String::from))
            .unwrap_err()
            .code()
    };
    assert_eq!(code(None, Some(person)), ErrorCode::InvalidArgument);
    assert_eq!(code(Some("permit"), None), ErrorCode::InvalidArgument);
    assert_eq!(code(Some("visa"), Some(person)), ErrorCode::UnknownKind);
    assert_eq!(
        code(Some("permit"), Some(r#"{"name": 3}"#)),
        ErrorCode::BadJson
    );
    assert_eq!(code(Some("permit"), Some("{")), ErrorCode::BadJson);
}
