//! Tests of checkpoint policies, decisions and the display view.

use super::*;
use crate::keys::Kid;
use crate::trust::{ListStatus, TrustInfo};
use crate::{ErrorCode, Timestamp};

fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("time")
}

pub(super) fn verified(json: &str) -> Result<Verified> {
    let mut pass = Pass::from_json(json).expect("example");
    pass.validate().expect("valid");
    let validity = pass.validity();
    Ok(Verified {
        pass,
        issuer: "VN-SG".into(),
        kid: Kid([1; 8]),
        iat: validity.from,
        exp: validity.until,
        cti: b"t".to_vec(),
        trust: TrustInfo::default(),
    })
}

fn permit() -> Result<Verified> {
    verified(include_str!("../../../spec/examples/permit.json"))
}
fn declaration() -> Result<Verified> {
    verified(include_str!("../../../spec/examples/declaration.json"))
}
fn status() -> Result<Verified> {
    verified(include_str!("../../../spec/examples/infection_status.json"))
}
fn support() -> Result<Verified> {
    verified(include_str!(
        "../../../spec/examples/support_entitlement.json"
    ))
}

fn ctx(area: Option<&str>, time: &str) -> CheckpointContext {
    CheckpointContext::new(area.map(|a| a.parse().expect("area")), at(time))
}

fn decide(
    policy: &Policy,
    result: &Result<Verified>,
    area: Option<&str>,
    time: &str,
) -> (Outcome, Vec<&'static str>) {
    let d = policy.decide(result, &ctx(area, time));
    (d.outcome, d.codes())
}

const SEP10: &str = "2021-09-10T08:00:00+07:00";

#[test]
fn permits_must_cover_the_checkpoint_area() {
    let p = Policy::default();
    // The permit lists district 79.760: it covers its communes, not the province or another district.
    assert_eq!(
        decide(&p, &permit(), Some("79.760.26734"), SEP10),
        (Outcome::Allow, vec!["pass_valid"])
    );
    assert_eq!(
        decide(&p, &permit(), Some("79.760"), SEP10),
        (Outcome::Allow, vec!["pass_valid"])
    );
    assert_eq!(
        decide(&p, &permit(), Some("79.769"), SEP10),
        (Outcome::Deny, vec!["area_not_covered"])
    );
    assert_eq!(
        decide(&p, &permit(), Some("79"), SEP10),
        (Outcome::Deny, vec!["area_not_covered"])
    );
    assert_eq!(
        decide(&p, &permit(), None, SEP10),
        (Outcome::Review, vec!["checkpoint_area_unknown"])
    );
    let off = Policy::from_json(r#"{"accept": ["permit"], "permit": {"area": "allow"}}"#)
        .expect("policy");
    assert_eq!(
        decide(&off, &permit(), None, SEP10),
        (Outcome::Allow, vec!["pass_valid"])
    );
}

#[test]
fn kinds_outside_accept_are_denied() {
    let p = Policy::from_json(r#"{"accept": ["declaration"]}"#).expect("policy");
    assert_eq!(
        decide(&p, &permit(), Some("79.760"), SEP10),
        (Outcome::Deny, vec!["kind_not_accepted"])
    );
}

#[test]
fn declarations_must_be_recent_and_risk_goes_to_review() {
    let p = Policy::default();
    // Declared 2021-09-10T07:45+07:00.
    assert_eq!(
        decide(&p, &declaration(), None, SEP10),
        (Outcome::Allow, vec!["pass_valid"])
    );
    assert_eq!(
        decide(&p, &declaration(), None, "2021-09-11T07:46:00+07:00"),
        (Outcome::Deny, vec!["declaration_too_old"])
    );
    let six = Policy::from_json(
        r#"{"accept": ["declaration"], "declaration": {"max_age_hours": 6, "too_old": "review"}}"#,
    )
    .expect("policy");
    assert_eq!(
        decide(&six, &declaration(), None, "2021-09-10T14:00:00+07:00"),
        (Outcome::Review, vec!["declaration_too_old"])
    );
    let mut risky = declaration();
    if let Ok(Verified {
        pass: Pass::Declaration(d),
        ..
    }) = &mut risky
    {
        d.symptoms.push(crate::model::Symptom::Fever);
    }
    assert_eq!(
        decide(&p, &risky, None, SEP10),
        (Outcome::Review, vec!["declaration_risk"])
    );
    let no_limit =
        Policy::from_json(r#"{"accept": ["declaration"], "declaration": {"max_age_hours": 0}}"#)
            .expect("policy");
    assert_eq!(
        decide(&no_limit, &declaration(), None, "2021-12-01T00:00:00+07:00").0,
        Outcome::Allow
    );
}

#[test]
fn status_rules_map_each_classification() {
    let p = Policy::default();
    // The example is F1 isolated at home until 2021-09-19.
    assert_eq!(
        decide(&p, &status(), None, SEP10),
        (Outcome::Deny, vec!["status_f1", "isolation_active"])
    );
    assert_eq!(
        decide(&p, &status(), None, "2021-09-19T23:00:00+07:00").1,
        vec!["status_f1", "isolation_active"]
    );
    assert_eq!(
        decide(&p, &status(), None, "2021-09-20T00:30:00+07:00").1,
        vec!["status_f1"]
    );
    let with = |c: crate::model::Classification| {
        let mut r = status();
        if let Ok(Verified {
            pass: Pass::InfectionStatus(s),
            ..
        }) = &mut r
        {
            s.classification = c;
            s.isolation = None;
        }
        decide(&p, &r, None, SEP10)
    };
    use crate::model::Classification::*;
    assert_eq!(with(F0), (Outcome::Deny, vec!["status_f0"]));
    assert_eq!(with(F2), (Outcome::Review, vec!["status_f2"]));
    assert_eq!(with(F3), (Outcome::Allow, vec!["pass_valid"]));
    assert_eq!(with(Recovered), (Outcome::Allow, vec!["pass_valid"]));
    assert_eq!(with(Negative), (Outcome::Allow, vec!["pass_valid"]));
    let strict = Policy::from_json(r#"{"accept": ["infection_status"], "infection_status": {"f3": "review", "negative": "deny"}}"#).expect("policy");
    let mut r = status();
    if let Ok(Verified {
        pass: Pass::InfectionStatus(s),
        ..
    }) = &mut r
    {
        s.classification = Negative;
        s.isolation = None;
    }
    assert_eq!(
        decide(&strict, &r, None, SEP10),
        (Outcome::Deny, vec!["status_negative"])
    );
}

#[test]
fn support_residence_must_lie_in_the_payout_area() {
    let p = Policy::default();
    let nov = "2021-11-01T09:00:00+07:00";
    assert_eq!(
        decide(&p, &support(), Some("79.769"), nov),
        (Outcome::Allow, vec!["pass_valid"])
    );
    assert_eq!(
        decide(&p, &support(), Some("79.769.27112"), nov),
        (Outcome::Allow, vec!["pass_valid"])
    );
    assert_eq!(
        decide(&p, &support(), Some("79.760"), nov),
        (Outcome::Review, vec!["residence_not_covered"])
    );
}

#[test]
fn stale_lists_follow_the_policy() {
    let status = |stale| ListStatus {
        sequence: 4,
        issued_at: at("2021-09-01T00:00:00Z"),
        next_update: at("2021-09-08T00:00:00Z"),
        stale,
    };
    let mut r = permit();
    if let Ok(v) = &mut r {
        v.trust = TrustInfo {
            trust_list: Some(status(true)),
            revocation_list: Some(status(true)),
        };
    }
    let p = Policy::default();
    assert_eq!(
        decide(&p, &r, Some("79.760"), SEP10),
        (
            Outcome::Review,
            vec!["trust_list_stale", "revocation_list_stale"]
        )
    );
    let deny = Policy::from_json(
        r#"{"accept": ["permit"], "stale_trust_list": "deny", "stale_revocation_list": "allow"}"#,
    )
    .expect("policy");
    assert_eq!(
        decide(&deny, &r, Some("79.760"), SEP10),
        (Outcome::Deny, vec!["trust_list_stale"])
    );
    let allow = Policy::from_json(
        r#"{"accept": ["permit"], "stale_trust_list": "allow", "stale_revocation_list": "allow"}"#,
    )
    .expect("policy");
    assert_eq!(
        decide(&allow, &r, Some("79.760"), SEP10),
        (Outcome::Allow, vec!["pass_valid"])
    );
    // The strictest reason wins, and every reason is listed.
    assert_eq!(
        decide(&deny, &r, Some("01"), SEP10),
        (Outcome::Deny, vec!["area_not_covered", "trust_list_stale"])
    );
}

#[test]
fn failed_verification_is_denied_with_its_code() {
    let p = Policy::default();
    for code in [
        ErrorCode::Expired,
        ErrorCode::Revoked,
        ErrorCode::KeyRevoked,
        ErrorCode::BadBase45,
    ] {
        let r: Result<Verified> = Err(Error::new(code, "x"));
        let d = p.decide(&r, &ctx(None, SEP10));
        assert_eq!((d.outcome, d.codes()), (Outcome::Deny, vec![code.as_str()]));
        let view = d.view(&r);
        assert_eq!(view.name, None, "no data from a pass that failed");
        let json = serde_json::to_value(&view).expect("json");
        assert_eq!(json.as_object().map(|o| o.len()), Some(2), "{json}");
    }
}

#[test]
fn display_view_shows_only_what_the_check_needs() {
    let p = Policy::default();
    let r = permit();
    let view = p.decide(&r, &ctx(Some("79.760"), SEP10)).view(&r);
    assert_eq!(view.decision, Outcome::Allow);
    assert_eq!(view.name.as_deref(), Some("Nguyễn Văn An"));
    assert_eq!(view.id_masked.as_deref(), Some("••••••••1234"));
    assert_eq!(view.kind, Some(PassKind::Permit));
    let json = serde_json::to_value(&view).expect("json");
    let keys: Vec<&str> = json
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "decision",
            "id_masked",
            "issuer",
            "kind",
            "name",
            "reasons",
            "valid_from",
            "valid_until"
        ]
    );
    assert_eq!(json["valid_until"], "2021-09-15T23:59:59+07:00");
    assert_eq!(json["reasons"][0]["vi"], "Giấy hợp lệ.");
    let text = json.to_string();
    assert!(
        !text.contains("079201001234") && !text.contains("51F"),
        "{text}"
    );
}

#[test]
fn check_runs_the_whole_pipeline() {
    let verifier = Verifier::new(crate::TrustStore::default());
    let view = Policy::default()
        .check(&verifier, "VN1:BB8", &ctx(None, SEP10))
        .view;
    assert_eq!(
        (view.decision, view.reasons[0].code.as_str()),
        (Outcome::Deny, "bad_tag")
    );
}

#[test]
fn toml_and_json_give_the_same_policy() {
    let toml = r#"
        format = 1
        name = "Chốt QL1A – Bình Chánh"
        accept = ["permit", "declaration", "infection_status"]
        stale_trust_list = "deny"

        [permit]
        area = "review"

        [declaration]
        max_age_hours = 12

        [infection_status]
        f2 = "deny"
    "#;
    let from_toml = Policy::parse(toml).expect("toml");
    let from_json = Policy::parse(&from_toml.to_json()).expect("json");
    assert_eq!(from_toml, from_json);
    assert_eq!(from_toml.permit.area, Outcome::Review);
    assert_eq!(from_toml.declaration.max_age_hours, 12);
    assert_eq!(from_toml.declaration.risk, Outcome::Review, "default kept");
    assert_eq!(from_toml.infection_status.f2, Outcome::Deny);
    assert_eq!(from_toml.infection_status.f0, Outcome::Deny, "default kept");
    assert_eq!(
        Policy::from_json(&Policy::default().to_json()),
        Ok(Policy::default())
    );
}

#[test]
fn malformed_policies_give_bad_policy() {
    for bad in [
        "",
        "{",
        "{}",
        r#"{"accept": []}"#,
        r#"{"accept": ["passport"]}"#,
        r#"{"accept": ["permit"], "format": 2}"#,
        r#"{"accept": ["permit"], "unknown": 1}"#,
        r#"{"accept": ["permit"], "permit": {"area": "maybe"}}"#,
        r#"{"accept": ["permit"], "permit": {"areas": "deny"}}"#,
        r#"{"accept": ["permit"], "declaration": {"max_age_hours": 100000}}"#,
        r#"{"accept": ["permit"], "declaration": {"max_age_hours": -1}}"#,
        "accept = [\"permit\"\n",
        "accept = [\"permit\"]\n[infection_status]\nf9 = \"deny\"\n",
        "accept = \"permit\"",
    ] {
        assert_eq!(
            Policy::parse(bad).map_err(|e| e.code()),
            Err(ErrorCode::BadPolicy),
            "{bad}"
        );
    }
}

/// The sentence tables of TRUST.md §6.2, as `code → (en, vi)`; the two
/// catch-all rows of the error table under `*format` and `*`.
fn spec_sentences() -> std::collections::HashMap<String, (String, String)> {
    let text = include_str!("../../../spec/TRUST.md");
    let start = text.find("### 6.2").unwrap_or(0);
    let end = text.find("### 6.3").unwrap_or(text.len());
    let mut rows = std::collections::HashMap::new();
    for line in text[start..end].lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() != 5 || cells[1].starts_with("---") || cells[2] == "en" {
            continue;
        }
        let code = match cells[1] {
            "any other code of family `format`" => "*format".to_string(),
            "any other code" => "*".to_string(),
            c => c.trim_matches('`').to_string(),
        };
        rows.insert(code, (cells[2].to_string(), cells[3].to_string()));
    }
    rows
}

#[test]
fn sentences_are_those_of_trust_md() {
    let spec = spec_sentences();
    let row = |key: &str| spec.get(key).cloned().unwrap_or_default();
    for &code in ReasonCode::ALL {
        let (en, vi) = code.sentences();
        assert_eq!(row(code.as_str()), (en.into(), vi.into()), "{code}");
    }
    for &code in ErrorCode::ALL {
        let (en, vi) = ReasonCode::Verification(code).sentences();
        let key = if spec.contains_key(code.as_str()) {
            code.as_str()
        } else if code.family() == crate::ErrorFamily::Format {
            "*format"
        } else {
            "*"
        };
        assert_eq!(row(key), (en.into(), vi.into()), "{code}");
    }
}
