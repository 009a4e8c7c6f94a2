//! ID card QR texts (`IdCard::parse`), then `classify` and `bind_person`
//! against the example holders: a code or a card that satisfies every rule
//! of SPEC.md §13.2, whose masked view and errors hold no address.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::binding::bind_person;
use qrpass::{classify, ErrorCode, IdCard};
use qrpass_fuzz::example_passes;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        if !data.starts_with(b"\x89PNG") && !data.starts_with(b"\xff\xd8\xff") {
            let e = IdCard::from_bytes(data).expect_err("not UTF-8");
            assert_eq!(e.code(), ErrorCode::BadIdCard);
        }
        return;
    };
    let _ = classify(text);
    match IdCard::parse(text) {
        Ok(card) => {
            assert_eq!(card.number.len(), 12);
            assert!(card.number.bytes().all(|b| b.is_ascii_digit()));
            assert!(card
                .old_number
                .as_ref()
                .is_none_or(|o| matches!(o.len(), 9 | 12)));
            assert!(!card.name.is_empty() && card.issue_date >= card.birth_date);
            assert_eq!(card.inconsistent_number, !card.number_conflicts.is_empty());
            assert_eq!(
                IdCard::parse(&serde_line(&card)).ok().as_ref(),
                Some(&card),
                "re-reads"
            );
            // The masked view does not depend on the address or issue date at all.
            let other = IdCard {
                address: "x".into(),
                issue_date: card.birth_date,
                ..card.clone()
            };
            assert_eq!(card.masked(), other.masked());
            assert_eq!(format!("{card:?}"), format!("{other:?}"));
            for pass in example_passes() {
                let _ = bind_person(pass.person(), &card);
            }
        }
        Err(e) => {
            let code = e.code();
            assert!(
                matches!(
                    code,
                    ErrorCode::BadIdCard | ErrorCode::EmptyInput | ErrorCode::InputTooLarge
                ),
                "{e}"
            );
        }
    }
});

/// The card written back as a 7-field text.
fn serde_line(card: &IdCard) -> String {
    let date = |d: qrpass::Date| {
        let (y, m, dd) = d.ymd();
        format!("{dd:02}{m:02}{y:04}")
    };
    let sex = match card.sex {
        qrpass::idcard::Sex::Male => "Nam",
        qrpass::idcard::Sex::Female => "Nữ",
    };
    format!(
        "{}|{}|{}|{}|{}|{}|{}",
        card.number,
        card.old_number.as_deref().unwrap_or(""),
        card.name,
        date(card.birth_date),
        sex,
        card.address,
        date(card.issue_date)
    )
}
