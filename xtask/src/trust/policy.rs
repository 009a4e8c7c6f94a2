//! Policy vectors: a token verified under a loaded trust list (and revocation
//! list) and decided under a checkpoint policy at an area.

use qrpass::keys::hex_encode;
use qrpass::model::{Classification, Symptom};
use qrpass::trust::TrustAnchor;
use qrpass::{
    CheckpointContext, Error, IdCard, KeyStatus, Pass, PassKind, Policy, RevocationList, Timestamp,
    TrustList,
};
use qrpass_testkit::clock::{AT, IAT};
use qrpass_testkit::{example, issue, ts, vector_key};
use serde_json::{json, Value as Json};

use super::{fail, list, rev_info, File, FRESH, STALE, VN};
use crate::json::FORMAT;

/// One policy vector.
pub struct PolicyCase {
    /// `policy_{name}`.
    pub name: String,
    pub(super) description: String,
    pub(super) policy: Json,
    pub(super) trust: TrustList,
    pub(super) revoked: Vec<Vec<u8>>,
    pub(super) text: String,
    pub(super) at: Timestamp,
    pub(super) area: Option<String>,
    /// The text of the ID card scanned with the pass.
    pub id_card: Option<String>,
    /// The decision and its reason codes.
    pub expect: (&'static str, Vec<&'static str>),
}

/// Runs the case against the core, checks the decision, renders the file.
pub fn render(c: &PolicyCase) -> Result<Json, Error> {
    let root = vector_key("root-1");
    let list = c.trust.sign(&root)?;
    let mut anchor = TrustAnchor::new(root.public_key());
    anchor.load_trust_list(&list)?;
    let revocation = if c.revoked.is_empty() {
        None
    } else {
        let bytes = RevocationList::from_ctis(&c.revoked).sign(rev_info(1, FRESH), &root)?;
        anchor.load_revocation_list(&bytes)?;
        Some(bytes)
    };
    let policy = Policy::from_json(&c.policy.to_string())?;
    let area = c.area.as_deref().map(str::parse).transpose()?;
    let card = c.id_card.as_deref().map(IdCard::parse).transpose()?;
    let ctx = CheckpointContext::new(area, c.at).with_id_card(card);
    let result = anchor.verifier()?.verify_at(&c.text, c.at);
    let decision = policy.decide(&result, &ctx);
    let got = (decision.outcome.as_str(), decision.codes());
    if got != c.expect {
        return Err(fail(
            &c.name,
            format!("expected {:?}, the core gives {got:?}", c.expect),
        ));
    }
    Ok(json!({
        "format": FORMAT,
        "type": "policy",
        "name": c.name,
        "description": c.description,
        "root_public_key": hex_encode(&root.public_key().to_bytes()),
        "trust_list": File::Binary(list).json(),
        "revocation_list": revocation.map(|b| File::Binary(b).json()),
        "policy": c.policy,
        "text": c.text,
        "at": c.at.to_rfc3339_at(VN),
        "area": c.area,
        "id_card": c.id_card,
        "clock_skew_seconds": qrpass::verify::DEFAULT_CLOCK_SKEW_SECONDS,
        "expected": {
            "decision": decision.outcome.as_str(),
            "reasons": decision.codes(),
            "view": decision.view(&result),
        },
    }))
}

/// The tokens the cases verify.
struct Tokens {
    good: String,
    decl: String,
    risky: String,
    f1: String,
    f2: String,
    support: String,
    short_id: String,
}

fn tokens() -> Result<Tokens, Error> {
    let declaration = example(PassKind::Declaration)?;
    let decl_iat = "2021-09-10T07:45:00+07:00";
    let mut risky = declaration.clone();
    if let Pass::Declaration(d) = &mut risky {
        d.symptoms = vec![Symptom::Fever, Symptom::Cough];
    }
    let status = example(PassKind::InfectionStatus)?;
    let mut f2 = status.clone();
    if let Pass::InfectionStatus(s) = &mut f2 {
        s.classification = Classification::F2;
        s.isolation = None;
    }
    let status_iat = "2021-09-05T08:00:00+07:00";
    let support = example(PassKind::SupportEntitlement)?;
    let mut short_id = example(PassKind::Permit)?;
    if let Pass::Permit(p) = &mut short_id {
        p.holder.id = qrpass::model::IdDocument {
            kind: qrpass::model::IdKind::Other,
            number: "AB12".into(),
        };
    }
    Ok(Tokens {
        short_id: issue("VN-SG", &short_id, IAT, b"permit-short-id")?,
        good: issue("VN-SG", &example(PassKind::Permit)?, IAT, b"permit-1")?,
        decl: issue("VN-HN", &declaration, decl_iat, b"decl-1")?,
        risky: issue("VN-HN", &risky, decl_iat, b"decl-2")?,
        f1: issue("VN-SG", &status, status_iat, b"status-f1")?,
        f2: issue("VN-SG", &f2, status_iat, b"status-f2")?,
        support: issue("VN-SG", &support, "2021-10-01T08:00:00+07:00", b"support-1")?,
    })
}

/// A case under the Quận 1 checkpoint policy, trust list 1 (fresh), no revocations.
pub(super) fn case(
    name: &str,
    description: &str,
    text: &str,
    at: &str,
    area: Option<&str>,
    expect: (&'static str, Vec<&'static str>),
) -> PolicyCase {
    let checkpoint = json!({
        "format": 1, "name": "Chốt kiểm soát Quận 1", "accept": ["permit", "declaration", "infection_status"],
        "stale_trust_list": "review", "stale_revocation_list": "review",
        "permit": {"area": "deny"},
        "declaration": {"max_age_hours": 24, "too_old": "deny", "risk": "review"},
        "infection_status": {"f0": "deny", "f1": "deny", "f2": "review", "f3": "allow", "recovered": "allow", "negative": "allow", "isolation": "deny"},
    });
    PolicyCase {
        name: format!("policy_{name}"),
        description: description.into(),
        policy: checkpoint,
        trust: list(1, FRESH),
        revoked: Vec::new(),
        text: text.into(),
        at: ts(at),
        area: area.map(str::to_string),
        id_card: None,
        expect,
    }
}

/// Every policy case, in the order of index.json.
pub fn cases() -> Result<Vec<PolicyCase>, Error> {
    let t = tokens()?;
    let mut cases = vec![
        case("permit_allowed", "the permit's district 79.760 covers the checkpoint's ward", &t.good, AT, Some("79.760.26734"), ("allow", vec!["pass_valid"])),
        case("permit_wrong_area", "a checkpoint in Hà Nội: the permit does not cover it", &t.good, AT, Some("01.001"), ("deny", vec!["area_not_covered"])),
        case("permit_short_id", "a 4-character document number: the view shows only its last 2 (••12)", &t.short_id, AT, Some("79.760"), ("allow", vec!["pass_valid"])),
        case("permit_no_area", "the checkpoint's area is not set: an officer reviews", &t.good, AT, None, ("review", vec!["checkpoint_area_unknown"])),
        PolicyCase {
            policy: json!({"accept": ["declaration"]}),
            ..case("kind_not_accepted", "a checkpoint that accepts declarations only", &t.good, AT, Some("79.760"), ("deny", vec!["kind_not_accepted"]))
        },
        case("declaration_fresh", "a declaration made 15 minutes ago", &t.decl, "2021-09-10T08:00:00+07:00", Some("27"), ("allow", vec!["pass_valid"])),
        PolicyCase {
            policy: json!({"accept": ["declaration"], "declaration": {"max_age_hours": 12}}),
            ..case("declaration_too_old", "made 12 h 15 min ago, at a checkpoint accepting 12 hours (the token is still valid)", &t.decl, "2021-09-10T20:00:00+07:00", Some("27"), ("deny", vec!["declaration_too_old"]))
        },
        case("declaration_risk", "a declaration reporting fever and cough", &t.risky, "2021-09-10T08:00:00+07:00", Some("27"), ("review", vec!["declaration_risk"])),
        case("status_f1_isolated", "an F1 whose home isolation runs until 2021-09-19", &t.f1, AT, Some("79"), ("deny", vec!["status_f1", "isolation_active"])),
        case("status_f2", "an F2 without isolation goes to review", &t.f2, AT, Some("79"), ("review", vec!["status_f2"])),
        PolicyCase {
            policy: json!({"accept": ["support_entitlement"], "support_entitlement": {"area": "review"}}),
            trust: list(1, "2021-10-15T00:00:00+07:00"),
            ..case("support_other_ward", "a payout point in another district than the residence", &t.support, "2021-10-02T09:00:00+07:00", Some("79.760"), ("review", vec!["residence_not_covered"]))
        },
    ];
    cases.extend(trust_cases(&t.good));
    cases.extend(super::holder::cases(&t.good)?);
    Ok(cases)
}

/// Cases decided by the trust and revocation lists, and by time.
fn trust_cases(good: &str) -> Vec<PolicyCase> {
    let mut revoked_key = list(1, FRESH);
    revoked_key.keys[0].status = KeyStatus::Revoked(ts("2021-09-05T00:00:00+07:00"));
    vec![
        PolicyCase {
            trust: list(1, STALE),
            ..case(
                "stale_trust_list",
                "the trust list is past its next update: review",
                good,
                AT,
                Some("79.760"),
                ("review", vec!["trust_list_stale"]),
            )
        },
        PolicyCase {
            trust: list(1, STALE),
            policy: json!({"accept": ["permit"], "stale_trust_list": "deny"}),
            ..case(
                "stale_trust_list_denied",
                "a strict checkpoint denies on a stale trust list",
                good,
                AT,
                Some("79.760"),
                ("deny", vec!["trust_list_stale"]),
            )
        },
        PolicyCase {
            revoked: vec![b"permit-1".to_vec()],
            ..case(
                "revoked_token",
                "the token is on the revocation list",
                good,
                AT,
                Some("79.760"),
                ("deny", vec!["revoked"]),
            )
        },
        PolicyCase {
            trust: revoked_key,
            ..case(
                "key_revoked",
                "the issuer's key was revoked in the trust list",
                good,
                AT,
                Some("79.760"),
                ("deny", vec!["key_revoked"]),
            )
        },
        case(
            "expired",
            "checked after the permit expired",
            good,
            "2021-09-16T08:00:00+07:00",
            Some("79.760"),
            ("deny", vec!["expired"]),
        ),
    ]
}
