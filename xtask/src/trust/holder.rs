//! Holder-binding policy vectors: a permit checked with the ID card scanned
//! beside it (SPEC.md §13, TRUST.md §5 `holder`).

use qrpass::model::IdKind;
use qrpass::{Error, Pass, PassKind};
use qrpass_testkit::clock::{AT, IAT};
use qrpass_testkit::{example, issue};
use serde_json::json;

use super::policy::{case, PolicyCase};

/// The example permit's holder, Nguyễn Văn An, CCCD 079201001234, born 2001-05-14.
pub const CARD: &str =
    "079201001234|023456789|Nguyễn Văn An|14052001|Nam|12 Lê Lợi, Quận 1, TP. Hồ Chí Minh|01062021";

/// A permit of the example holder with another document or a birth date.
fn permit_with(
    kind: IdKind,
    number: &str,
    birth: Option<&str>,
    cti: &[u8],
) -> Result<String, Error> {
    let mut pass = example(PassKind::Permit)?;
    if let Pass::Permit(p) = &mut pass {
        p.holder.id.kind = kind;
        p.holder.id.number = number.into();
        p.holder.birth_date = birth.map(str::parse).transpose()?;
    }
    issue("VN-SG", &pass, IAT, cti)
}

/// A case under a policy that requires a card for permits (`holder` rules set by `rules`).
fn holder_case(
    name: &str,
    description: &str,
    text: &str,
    card: Option<String>,
    rules: serde_json::Value,
    expect: (&'static str, Vec<&'static str>),
) -> PolicyCase {
    let mut holder = json!({"require_card": ["permit"]});
    if let (Some(h), Some(r)) = (holder.as_object_mut(), rules.as_object()) {
        h.extend(r.clone());
    }
    PolicyCase {
        policy: json!({"format": 1, "name": "Chốt kiểm soát Quận 1", "accept": ["permit"], "holder": holder}),
        id_card: card,
        ..case(name, description, text, AT, Some("79.760"), expect)
    }
}

/// The holder cases, in the order of index.json.
pub fn cases(good: &str) -> Result<Vec<PolicyCase>, Error> {
    let cmnd = permit_with(IdKind::Cmnd, "023456789", None, b"permit-cmnd")?;
    let born = permit_with(
        IdKind::Cccd,
        "079201001234",
        Some("2001-05-14"),
        b"permit-born",
    )?;
    let other_birth = permit_with(
        IdKind::Cccd,
        "079201001234",
        Some("2001-05-15"),
        b"permit-born-2",
    )?;
    let odd = permit_with(IdKind::Cccd, "079001001234", None, b"permit-odd")?;
    let card = || Some(CARD.to_string());
    let with = |from: &str, to: &str| Some(CARD.replace(from, to));
    let none = json!({});
    Ok(vec![
        holder_case("holder_match", "the card's number, name and birth date match the permit", &born, card(), none.clone(), ("allow", vec!["pass_valid"])),
        holder_case("holder_old_id_match", "a permit issued against the 9-digit CMND binds to the card carrying it as its old number", &cmnd, card(), none.clone(), ("allow", vec!["pass_valid"])),
        holder_case("holder_equivalent_name", "the card's name in capitals: equivalent after case folding", good, with("Nguyễn Văn An", "NGUYỄN VĂN AN"), none.clone(), ("allow", vec!["pass_valid"])),
        holder_case("holder_id_mismatch", "someone else's card: the number differs", good, with("079201001234", "079201005555"), none.clone(), ("deny", vec!["holder_id_mismatch"])),
        holder_case("holder_name_mismatch", "the card's name is another person's", good, with("Nguyễn Văn An", "Nguyễn Văn Anh"), none.clone(), ("deny", vec!["holder_name_mismatch"])),
        holder_case("holder_birth_date_mismatch", "the permit's birth date is a day off the card's", &other_birth, card(), none.clone(), ("deny", vec!["holder_birth_date_mismatch"])),
        holder_case("holder_marks_only", "the card's name without diacritics: not a match, an officer compares", good, with("Nguyễn Văn An", "Nguyen Van An"), none.clone(), ("review", vec!["holder_name_marks_only"])),
        holder_case("holder_missing_card", "a card is required and none was scanned", good, None, none.clone(), ("review", vec!["id_card_missing"])),
        holder_case("holder_missing_card_denied", "a strict checkpoint denies without a card", good, None, json!({"missing_card": "deny"}), ("deny", vec!["id_card_missing"])),
        holder_case("holder_inconsistent_number", "the card's century digit says 1901, its birth date 2001", &odd, with("079201001234|", "079001001234|"), none.clone(), ("review", vec!["id_card_inconsistent"])),
        holder_case("holder_mismatch_reviewed", "a checkpoint that sends mismatches to review", good, with("079201001234", "079201005555"), json!({"mismatch": "review"}), ("review", vec!["holder_id_mismatch"])),
        holder_case("holder_marks_only_allowed", "a checkpoint that accepts names differing only in diacritics", good, with("Nguyễn Văn An", "Nguyen Van An"), json!({"marks_only": "allow"}), ("allow", vec!["pass_valid"])),
        PolicyCase {
            at: qrpass_testkit::ts("2021-09-16T08:00:00+07:00"),
            ..holder_case("holder_card_on_expired_pass", "a card is never bound to a pass that failed verification", good, card(), none, ("deny", vec!["expired"]))
        },
    ])
}
