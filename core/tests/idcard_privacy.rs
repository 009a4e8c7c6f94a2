//! Personal data minimisation for ID cards: a card whose address, old number,
//! full number and issue date are marker values goes through every path that
//! produces output — parse errors for each broken field, the masked view,
//! Debug, the binding, the policy decision, its display view and JSON — and
//! none of the markers may appear in any of them.

use qrpass::binding::bind_person;
use qrpass::model::{IdDocument, IdKind, Person};
use qrpass::policy::{CheckpointContext, Policy};
use qrpass::{IdCard, Timestamp, TrustStore, Verifier};

const ADDRESS: &str = "MARKER-ADDRESS-42 Đường Bí Mật";
const OLD: &str = "987654321";
const CARD: &str =
    "079201001234|987654321|Nguyễn Văn An|14052001|Nam|MARKER-ADDRESS-42 Đường Bí Mật|29022024";

/// What must never be printed: the address, the old number, the issue date in
/// both forms, and the full CCCD number.
const MARKERS: &[&str] = &[
    ADDRESS,
    "MARKER",
    OLD,
    "2024-02-29",
    "29022024",
    "079201001234",
];

fn assert_clean(what: &str, output: &str) {
    for m in MARKERS {
        assert!(!output.contains(m), "{what} holds {m:?}: {output}");
    }
}

#[test]
fn no_output_holds_the_address_issue_date_or_numbers() {
    let card = IdCard::parse(CARD).expect("card");
    assert_eq!(card.address, ADDRESS);
    assert_clean("Debug", &format!("{card:?}"));
    assert_clean(
        "masked view",
        &serde_json::to_string(&card.masked()).expect("json"),
    );
    assert_clean("masked Debug", &format!("{:?}", card.masked()));
    let holder = Person {
        name: "Nguyễn Văn An".into(),
        id: IdDocument {
            kind: IdKind::Cccd,
            number: "079201001234".into(),
        },
        birth_date: None,
        phone: None,
    };
    let binding = bind_person(&holder, &card);
    assert_clean(
        "binding",
        &format!(
            "{binding:?} {}",
            serde_json::to_string(&binding).expect("json")
        ),
    );
}

#[test]
fn parse_errors_never_repeat_the_text() {
    // Break each field in turn; the marker fields stay in the text.
    let fields: Vec<&str> = CARD.split('|').collect();
    for i in 0..fields.len() {
        for broken in ["", "??", "0000000000000000"] {
            let mut f = fields.clone();
            f[i] = broken;
            let text = f.join("|");
            if let Err(e) = IdCard::parse(&text) {
                assert_clean(&format!("error for field {i} = {broken:?}"), &e.to_string());
            }
        }
    }
    let long = format!("{CARD}|{}", "x".repeat(1100));
    assert_clean(
        "over-long",
        &IdCard::parse(&long).expect_err("too long").to_string(),
    );
}

#[test]
fn decisions_and_views_with_the_card_hold_no_card_data() {
    let policy =
        Policy::from_json(r#"{"accept": ["permit"], "holder": {"require_card": ["permit"]}}"#)
            .expect("policy");
    let verifier = Verifier::new(TrustStore::default());
    let ctx = CheckpointContext::new(None, Timestamp(1_631_235_600))
        .with_id_card(Some(IdCard::parse(CARD).expect("card")));
    // A failed verification still carries the card in its context.
    let checked = policy.check(&verifier, "VN1:not a pass", &ctx);
    assert_clean(
        "checked JSON",
        &serde_json::to_string(&checked).expect("json"),
    );
    assert_clean("checked Debug", &format!("{checked:?}"));
    assert_clean("context Debug", &format!("{ctx:?}"));
}
