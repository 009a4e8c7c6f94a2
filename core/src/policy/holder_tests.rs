//! Tests of the policy's `holder` section: the scanned ID card against the pass.

use super::*;
use crate::Timestamp;

const SEP10: &str = "2021-09-10T08:00:00+07:00";
/// The example permit's holder: Nguyễn Văn An, CCCD 079201001234.
const CARD: &str = "079201001234|023456789|Nguyễn Văn An|14052001|Nam|MARKER-ADDRESS|01062021";

fn permit(birth: Option<&str>, id: (&str, &str)) -> Result<Verified> {
    let mut pass =
        Pass::from_json(include_str!("../../../spec/examples/permit.json")).expect("example");
    if let Pass::Permit(p) = &mut pass {
        p.holder.birth_date = birth.map(|b| b.parse().expect("date"));
        p.holder.id.kind = id.0.parse().expect("kind");
        p.holder.id.number = id.1.into();
    }
    super::tests::verified(&pass.to_json())
}

fn cccd() -> Result<Verified> {
    permit(None, ("cccd", "079201001234"))
}

fn check(policy: &Policy, v: &Result<Verified>, card: Option<&str>) -> Decision {
    let card = card.map(|c| IdCard::parse(c).expect("card"));
    let at = CheckpointContext::new(
        Some("79.760".parse().expect("area")),
        Timestamp::parse_rfc3339(SEP10).expect("time"),
    )
    .with_id_card(card);
    policy.decide(v, &at)
}

fn requiring() -> Policy {
    Policy::from_json(r#"{"accept": ["permit"], "holder": {"require_card": ["permit"]}}"#)
        .expect("policy")
}

#[test]
fn a_matching_card_allows_and_says_so() {
    let d = check(&requiring(), &cccd(), Some(CARD));
    assert_eq!((d.outcome, d.codes()), (Outcome::Allow, vec!["pass_valid"]));
    let h = d.holder.expect("holder checked");
    assert_eq!(h.result, HolderResult::Match);
    assert_eq!(h.card_id_masked.as_deref(), Some("••••••••1234"));
    let old = check(
        &requiring(),
        &permit(None, ("cmnd", "023456789")),
        Some(CARD),
    );
    assert_eq!(old.outcome, Outcome::Allow);
    assert_eq!(
        old.holder.and_then(|h| h.id),
        Some(crate::binding::IdMatch::OldIdMatch)
    );
}

#[test]
fn each_mismatch_has_its_reason_and_denies_by_default() {
    let other_id = CARD.replace("079201001234", "079201009999");
    let d = check(&requiring(), &cccd(), Some(&other_id));
    assert_eq!(
        (d.outcome, d.codes()),
        (Outcome::Deny, vec!["holder_id_mismatch"])
    );
    let other_name = CARD.replace("Nguyễn Văn An", "Trần Văn Bình");
    let d = check(&requiring(), &cccd(), Some(&other_name));
    assert_eq!(
        (d.outcome, d.codes()),
        (Outcome::Deny, vec!["holder_name_mismatch"])
    );
    let with_birth = permit(Some("2001-05-15"), ("cccd", "079201001234"));
    let d = check(&requiring(), &with_birth, Some(CARD));
    assert_eq!(
        (d.outcome, d.codes()),
        (Outcome::Deny, vec!["holder_birth_date_mismatch"])
    );
    assert_eq!(d.holder.map(|h| h.result), Some(HolderResult::Mismatch));
    // A card is bound even where none is required.
    let d = check(&Policy::default(), &cccd(), Some(&other_id));
    assert_eq!(d.codes(), ["holder_id_mismatch"]);
}

#[test]
fn missing_marks_only_and_inconsistent_cards_go_to_review() {
    let d = check(&requiring(), &cccd(), None);
    assert_eq!(
        (d.outcome, d.codes()),
        (Outcome::Review, vec!["id_card_missing"])
    );
    assert_eq!(d.holder.map(|h| h.result), Some(HolderResult::Missing));
    let d = check(&Policy::default(), &cccd(), None);
    assert_eq!((d.outcome, d.holder), (Outcome::Allow, None));
    let unmarked = CARD.replace("Nguyễn Văn An", "Nguyen Van An");
    let d = check(&requiring(), &cccd(), Some(&unmarked));
    assert_eq!(
        (d.outcome, d.codes()),
        (Outcome::Review, vec!["holder_name_marks_only"])
    );
    // Born 2001 by the card, 1901 by the number's century digit (0).
    let card = CARD.replace("079201001234|", "079001001234|");
    let v = permit(None, ("cccd", "079001001234"));
    let d = check(&requiring(), &v, Some(&card));
    assert_eq!(
        (d.outcome, d.codes()),
        (Outcome::Review, vec!["id_card_inconsistent"])
    );
    assert!(d.holder.expect("holder").inconsistent_number);
}

#[test]
fn the_policy_sets_each_outcome() {
    let strict = Policy::from_json(
        r#"{"accept": ["permit"], "holder": {"require_card": ["permit"], "missing_card": "deny", "marks_only": "allow", "mismatch": "review", "inconsistent_number": "deny"}}"#,
    )
    .expect("policy");
    assert_eq!(check(&strict, &cccd(), None).outcome, Outcome::Deny);
    let unmarked = CARD.replace("Nguyễn Văn An", "Nguyen Van An");
    let d = check(&strict, &cccd(), Some(&unmarked));
    assert_eq!((d.outcome, d.codes()), (Outcome::Allow, vec!["pass_valid"]));
    assert_eq!(d.holder.map(|h| h.result), Some(HolderResult::MarksOnly));
    let other_id = CARD.replace("079201001234", "079201009999");
    assert_eq!(
        check(&strict, &cccd(), Some(&other_id)).outcome,
        Outcome::Review
    );
    for bad in [
        r#"{"accept": ["permit"], "holder": {"require_card": ["visa"]}}"#,
        r#"{"accept": ["permit"], "holder": {"mismatch": "maybe"}}"#,
        r#"{"accept": ["permit"], "holder": {"unknown": "deny"}}"#,
    ] {
        assert_eq!(
            Policy::from_json(bad).expect_err(bad).code(),
            crate::ErrorCode::BadPolicy
        );
    }
}

#[test]
fn a_failed_verification_is_never_bound_and_the_view_holds_no_card_data() {
    let failed: Result<Verified> = Err(Error::new(crate::ErrorCode::Expired, "expired"));
    let d = check(&requiring(), &failed, Some(CARD));
    assert_eq!((d.outcome, d.holder.clone()), (Outcome::Deny, None));
    let ok = cccd();
    let d = check(&requiring(), &ok, Some(CARD));
    let json = serde_json::to_string(&d.view(&ok)).expect("json");
    assert!(json.contains(r#""holder":{"result":"match""#), "{json}");
    for marker in [
        "MARKER-ADDRESS",
        "2021-06-01",
        "023456789",
        "079201001234",
        "2001-05-14",
    ] {
        assert!(!json.contains(marker), "{marker} in {json}");
    }
}
