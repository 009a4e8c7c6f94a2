//! Trust-list, revocation-list and policy vectors: spec/vectors/trust_*.json and policy_*.json.
//!
//! A **trust** vector is a scenario run against a fresh holder (`TrustAnchor`)
//! with the root public key `root_public_key` (and optional sequence floors):
//! `steps` are done in order, each a list load (`load`: `trust_list` or
//! `revocation_list`, `file`: `{"hex": …}` bytes or `{"text": "VN1T:…"}`) or a
//! token verification (`verify`: VN1 text, `at`) with the holder's verifier, and
//! each has its `expected` outcome. A **policy** vector loads `trust_list` (and
//! `revocation_list`) the same way, verifies `text` at `at`, and decides under
//! `policy` at `area`; `expected` holds the decision, the reason codes and the
//! display view. As for token vectors, every expectation is written here by hand
//! and generation fails if the core disagrees.

use std::collections::BTreeMap;

use qrpass::keys::hex_encode;
use qrpass::revocation::RevocationDelta;
use qrpass::trust::{ListInfo, LoadOutcome, TrustAnchor};
use qrpass::wire::list::{self as envelope, TRUST_LIST_PREFIX};
use qrpass::{
    CheckpointContext, Error, ErrorCode, Issuer, KeyStatus, Pass, PassKind, Policy, PrivateKey,
    PublicKey, RevocationList, Timestamp, TrustList, TrustedKey, Verifier,
};
use serde_json::{json, Value as Json};

const FORMAT: u32 = 1;
const VN: i32 = qrpass::time::VIETNAM_OFFSET_SECONDS;

fn ts(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).unwrap_or(Timestamp(0))
}

fn key(name: &str) -> PrivateKey {
    let mut seed = [0u8; 32];
    for (s, b) in seed
        .iter_mut()
        .zip(format!("qrpass-vectors/{name}").bytes())
    {
        *s = b;
    }
    PrivateKey::from_seed(&seed)
}

fn fail(name: &str, what: String) -> Error {
    Error::new(ErrorCode::BadJson, format!("vector {name}: {what}"))
}

/// A list file: binary (hex in JSON) or text.
#[derive(Clone)]
enum File {
    Binary(Vec<u8>),
    Text(String),
}

impl File {
    fn bytes(&self) -> Vec<u8> {
        match self {
            File::Binary(b) => b.clone(),
            File::Text(t) => t.as_bytes().to_vec(),
        }
    }
    fn json(&self) -> Json {
        match self {
            File::Binary(b) => json!({"hex": hex_encode(b)}),
            File::Text(t) => json!({"text": t}),
        }
    }
}

enum Step {
    LoadTrust(File),
    LoadRevocation(File),
    Verify(String, Timestamp),
}

fn load_json(r: Result<LoadOutcome, Error>) -> Json {
    match r {
        Ok(LoadOutcome::Loaded { sequence }) => json!({"outcome": "loaded", "sequence": sequence}),
        Ok(LoadOutcome::Unchanged { sequence }) => {
            json!({"outcome": "unchanged", "sequence": sequence})
        }
        Err(e) => json!({"outcome": "rejected", "code": e.code().as_str()}),
    }
}

fn loaded(sequence: u64) -> Json {
    json!({"outcome": "loaded", "sequence": sequence})
}
fn unchanged(sequence: u64) -> Json {
    json!({"outcome": "unchanged", "sequence": sequence})
}
fn rejected(code: ErrorCode) -> Json {
    json!({"outcome": "rejected", "code": code.as_str()})
}
/// A valid token: the trust list's sequence and staleness, and the revocation list's.
fn valid(trust: (u64, bool), revocation: Option<(u64, bool)>) -> Json {
    json!({
        "outcome": "valid",
        "trust_list_sequence": trust.0, "trust_list_stale": trust.1,
        "revocation_list_sequence": revocation.map(|r| r.0), "revocation_list_stale": revocation.is_some_and(|r| r.1),
    })
}
fn invalid(code: ErrorCode) -> Json {
    json!({"outcome": "invalid", "code": code.as_str()})
}

fn verify_json(verifier: Result<Verifier, Error>, text: &str, at: Timestamp) -> Json {
    match verifier.and_then(|v| v.verify_at(text, at)) {
        Ok(v) => json!({
            "outcome": "valid",
            "trust_list_sequence": v.trust.trust_list.map(|s| s.sequence), "trust_list_stale": v.trust.trust_list_stale(),
            "revocation_list_sequence": v.trust.revocation_list.map(|s| s.sequence),
            "revocation_list_stale": v.trust.revocation_list_stale(),
        }),
        Err(e) => invalid(e.code()),
    }
}

struct Scenario {
    name: String,
    description: String,
    root: PublicKey,
    min_sequence: u64,
    min_revocation_sequence: u64,
    steps: Vec<(Step, Json)>,
}

impl Scenario {
    fn new(name: &str, description: &str) -> Scenario {
        Scenario {
            name: format!("trust_{name}"),
            description: description.into(),
            root: key("root-1").public_key(),
            min_sequence: 0,
            min_revocation_sequence: 0,
            steps: Vec::new(),
        }
    }
    fn trust(mut self, file: File, expect: Json) -> Self {
        self.steps.push((Step::LoadTrust(file), expect));
        self
    }
    fn revocation(mut self, file: File, expect: Json) -> Self {
        self.steps.push((Step::LoadRevocation(file), expect));
        self
    }
    fn verify(mut self, text: &str, at: &str, expect: Json) -> Self {
        self.steps.push((Step::Verify(text.into(), ts(at)), expect));
        self
    }

    /// Runs the scenario against the core, checks every expectation, renders the file.
    fn render(&self) -> Result<Json, Error> {
        let mut anchor = TrustAnchor::new(self.root)
            .with_min_sequence(self.min_sequence)
            .with_min_revocation_sequence(self.min_revocation_sequence);
        let mut steps = Vec::new();
        for (i, (step, expect)) in self.steps.iter().enumerate() {
            let (mut out, got) = match step {
                Step::LoadTrust(f) => (
                    json!({"load": "trust_list", "file": f.json()}),
                    load_json(anchor.load_trust_list(&f.bytes())),
                ),
                Step::LoadRevocation(f) => (
                    json!({"load": "revocation_list", "file": f.json()}),
                    load_json(anchor.load_revocation_list(&f.bytes())),
                ),
                Step::Verify(text, at) => (
                    json!({"verify": text, "at": at.to_rfc3339_at(VN)}),
                    verify_json(anchor.verifier(), text, *at),
                ),
            };
            if &got != expect {
                return Err(fail(
                    &self.name,
                    format!("step {i}: expected {expect}, the core gives {got}"),
                ));
            }
            if let Some(o) = out.as_object_mut() {
                o.insert("expected".into(), got);
            }
            steps.push(out);
        }
        Ok(json!({
            "format": FORMAT,
            "type": "trust",
            "name": self.name,
            "description": self.description,
            "root_public_key": hex_encode(&self.root.to_bytes()),
            "min_sequence": self.min_sequence,
            "min_revocation_sequence": self.min_revocation_sequence,
            "clock_skew_seconds": qrpass::verify::DEFAULT_CLOCK_SKEW_SECONDS,
            "steps": steps,
            "final": {
                "root_public_key": hex_encode(&anchor.root().to_bytes()),
                "trust_list_sequence": anchor.trust_sequence(),
                "revocation_list_sequence": anchor.revocation_list().and_then(RevocationList::info).map(|i| i.sequence),
            },
        }))
    }
}

fn example(kind: PassKind) -> Result<Pass, Error> {
    Pass::from_json(match kind {
        PassKind::Permit => include_str!("../../spec/examples/permit.json"),
        PassKind::Declaration => include_str!("../../spec/examples/declaration.json"),
        PassKind::InfectionStatus => include_str!("../../spec/examples/infection_status.json"),
        PassKind::SupportEntitlement => {
            include_str!("../../spec/examples/support_entitlement.json")
        }
    })
}

fn issue(issuer: &str, pass: &Pass, iat: &str, cti: &[u8]) -> Result<String, Error> {
    Issuer::new(key(issuer), issuer)?.issue_with(pass, ts(iat), cti)
}

fn trusted(issuer: &str) -> TrustedKey {
    TrustedKey::new(
        key(issuer).public_key(),
        issuer,
        PassKind::ALL,
        ts("2021-01-01T00:00:00+07:00"),
    )
}

/// A list of the VN-SG and VN-HN keys, issued 2021-09-01, next update `next_update`.
fn list(sequence: u64, next_update: &str) -> TrustList {
    let mut l = TrustList::new(ts("2021-09-01T00:00:00+07:00"), ts(next_update));
    l.sequence = sequence;
    l.keys = vec![trusted("VN-SG"), trusted("VN-HN")];
    l
}

const FRESH: &str = "2021-09-15T00:00:00+07:00";
const STALE: &str = "2021-09-08T00:00:00+07:00";
const AT: &str = "2021-09-10T08:00:00+07:00";
const IAT: &str = "2021-09-01T08:00:00+07:00";

fn signed(l: &TrustList, root: &str) -> Result<File, Error> {
    Ok(File::Binary(l.sign(&key(root))?))
}

fn rev_info(sequence: u64, next_update: &str) -> ListInfo {
    ListInfo {
        sequence,
        issued_at: ts("2021-09-01T00:00:00+07:00"),
        next_update: ts(next_update),
    }
}

fn revocations(ctis: &[&[u8]], sequence: u64, signer: &str) -> Result<File, Error> {
    Ok(File::Binary(
        RevocationList::from_ctis(ctis).sign(rev_info(sequence, FRESH), &key(signer))?,
    ))
}

fn trust_scenarios() -> Result<Vec<Scenario>, Error> {
    use ErrorCode::*;
    let permit = example(PassKind::Permit)?;
    let good = issue("VN-SG", &permit, IAT, b"permit-1")?;
    let l1 = signed(&list(1, FRESH), "root-1")?;
    let l5 = signed(&list(5, FRESH), "root-1")?;
    let l5_bytes = l5.bytes();
    let mut other5 = list(5, FRESH);
    other5.keys.pop();
    let mut flipped = l5_bytes.clone();
    if let Some(b) = flipped.last_mut() {
        *b ^= 1;
    }
    // Keys in descending order, validly signed: not the canonical encoding.
    let reordered = {
        let mut value = qrpass::wire::cbor::decode(&list(5, FRESH).to_payload()?, BadTrustList)?;
        if let ciborium::value::Value::Map(m) = &mut value {
            for (k, v) in m.iter_mut() {
                if k == &ciborium::value::Value::from(4u64) {
                    if let ciborium::value::Value::Array(keys) = v {
                        keys.reverse();
                    }
                }
            }
        }
        File::Binary(envelope::sign(
            &key("root-1"),
            qrpass::wire::cbor::encode(&value),
        ))
    };
    let mut announcing = list(2, FRESH);
    announcing.next_root = Some(key("root-2").public_key());
    let mut retiring = list(1, FRESH);
    retiring.keys[0].status = KeyStatus::Retired(ts("2021-09-05T00:00:00+07:00"));
    let mut revoking = list(1, FRESH);
    revoking.keys[0].status = KeyStatus::Revoked(ts("2021-09-05T00:00:00+07:00"));
    let late = issue(
        "VN-SG",
        &permit,
        "2021-09-06T08:00:00+07:00",
        b"permit-late",
    )?;
    let mut with_signer = list(1, FRESH);
    with_signer.revocation_signers = vec![key("revocation-signer").public_key()];
    let rev1 = RevocationList::from_ctis([b"other".as_slice()]).with_info(rev_info(1, FRESH));
    let rev2 =
        RevocationList::from_ctis([b"other".as_slice(), b"permit-1"]).with_info(rev_info(2, FRESH));
    let delta = RevocationDelta::between(&rev1, &rev2, rev_info(2, FRESH))?;
    let stray = RevocationDelta {
        base_sequence: 7,
        info: rev_info(8, FRESH),
        ..delta.clone()
    };
    let mut unsorted = RevocationList::from_ctis([b"a".as_slice(), b"b"])
        .as_bytes()
        .to_vec();
    unsorted.rotate_left(16);
    let unsorted_list = {
        use ciborium::value::Value;
        let map = Value::Map(vec![
            (Value::from(0u64), Value::from(2u64)),
            (Value::from(1u64), Value::from(1u64)),
            (
                Value::from(2u64),
                Value::from(ts("2021-09-01T00:00:00+07:00").unix()),
            ),
            (Value::from(3u64), Value::from(ts(FRESH).unix())),
            (Value::from(4u64), Value::Bytes(unsorted)),
        ]);
        File::Binary(envelope::sign(
            &key("root-1"),
            qrpass::wire::cbor::encode(&map),
        ))
    };

    Ok(vec![
        Scenario::new(
            "list_loaded",
            "a signed list is loaded; a token of a listed key verifies, the list fresh",
        )
        .trust(l1.clone(), loaded(1))
        .verify(&good, AT, valid((1, false), None)),
        Scenario::new(
            "list_text_form",
            "the VN1T: text form of a list loads like the binary",
        )
        .trust(
            File::Text(envelope::to_text(&l5_bytes, TRUST_LIST_PREFIX)),
            loaded(5),
        )
        .verify(&good, AT, valid((5, false), None)),
        Scenario::new(
            "list_rollback",
            "an older list is refused and the newer one stays in force",
        )
        .trust(l5.clone(), loaded(5))
        .trust(l1.clone(), rejected(TrustListRollback))
        .verify(&good, AT, valid((5, false), None)),
        Scenario::new(
            "list_same_sequence",
            "the same list again changes nothing; another list with its sequence is refused",
        )
        .trust(l5.clone(), loaded(5))
        .trust(l5.clone(), unchanged(5))
        .trust(signed(&other5, "root-1")?, rejected(TrustListRollback)),
        Scenario {
            min_sequence: 6,
            ..Scenario::new(
                "list_below_floor",
                "a holder whose floor is 6 refuses list 5",
            )
        }
        .trust(l5.clone(), rejected(TrustListRollback))
        .verify(&good, AT, invalid(BadTrustList)),
        Scenario::new("list_forged", "a list signed by a key that is not the root")
            .trust(
                signed(&list(6, FRESH), "root-forger")?,
                rejected(BadTrustList),
            )
            .verify(&good, AT, invalid(BadTrustList)),
        Scenario::new(
            "list_bit_flip",
            "one bit of the signature flipped: refused, list 5 stays",
        )
        .trust(l5.clone(), loaded(5))
        .trust(File::Binary(flipped), rejected(BadTrustList))
        .verify(&good, AT, valid((5, false), None)),
        Scenario::new("list_truncated", "the list cut in half").trust(
            File::Binary(l5_bytes[..l5_bytes.len() / 2].to_vec()),
            rejected(BadTrustList),
        ),
        Scenario::new(
            "list_reordered",
            "issuer keys out of canonical order, validly signed",
        )
        .trust(reordered, rejected(BadTrustList)),
        Scenario::new(
            "list_wrong_type",
            "a revocation list offered as a trust list",
        )
        .trust(revocations(&[b"x"], 9, "root-1")?, rejected(BadTrustList)),
        Scenario::new(
            "root_rotation",
            "list 2 announces root 2; its list 3 hands over; root 1's list 4 is then refused",
        )
        .trust(signed(&announcing, "root-1")?, loaded(2))
        .trust(signed(&list(3, FRESH), "root-2")?, loaded(3))
        .trust(signed(&list(4, FRESH), "root-1")?, rejected(BadTrustList))
        .trust(signed(&list(4, FRESH), "root-2")?, loaded(4)),
        Scenario::new(
            "root_unannounced",
            "a list signed by a new root nobody announced",
        )
        .trust(l1.clone(), loaded(1))
        .trust(signed(&list(2, FRESH), "root-2")?, rejected(BadTrustList)),
        Scenario::new(
            "key_retired",
            "VN-SG's key retired 2021-09-05: earlier tokens valid until they expire, later refused",
        )
        .trust(signed(&retiring, "root-1")?, loaded(1))
        .verify(&good, AT, valid((1, false), None))
        .verify(&late, AT, invalid(KeyRetired)),
        Scenario::new(
            "key_revoked",
            "VN-SG's key revoked: every token refused, even one issued before",
        )
        .trust(signed(&revoking, "root-1")?, loaded(1))
        .verify(&good, AT, invalid(KeyRevoked)),
        Scenario::new(
            "list_stale",
            "the list's next update (2021-09-08) has passed: tokens still verify, reported stale",
        )
        .trust(signed(&list(1, STALE), "root-1")?, loaded(1))
        .verify(&good, "2021-09-07T08:00:00+07:00", valid((1, false), None))
        .verify(&good, AT, valid((1, true), None)),
        Scenario::new(
            "revoked_token",
            "a revocation list signed by the root names the token",
        )
        .trust(l1.clone(), loaded(1))
        .revocation(revocations(&[b"other"], 1, "root-1")?, loaded(1))
        .verify(&good, AT, valid((1, false), Some((1, false))))
        .revocation(
            revocations(&[b"other", b"permit-1"], 2, "root-1")?,
            loaded(2),
        )
        .verify(&good, AT, invalid(Revoked)),
        Scenario::new(
            "revocation_rollback",
            "an older revocation list, and another list with the same sequence, are refused",
        )
        .trust(l1.clone(), loaded(1))
        .revocation(revocations(&[b"permit-1"], 3, "root-1")?, loaded(3))
        .revocation(
            revocations(&[], 2, "root-1")?,
            rejected(RevocationListRollback),
        )
        .revocation(
            revocations(&[], 3, "root-1")?,
            rejected(RevocationListRollback),
        )
        .verify(&good, AT, invalid(Revoked)),
        Scenario::new(
            "revocation_delta",
            "a delta 1 → 2 adds the token; a delta from base 7 does not apply",
        )
        .trust(l1.clone(), loaded(1))
        .revocation(
            File::Binary(rev1.sign(rev_info(1, FRESH), &key("root-1"))?),
            loaded(1),
        )
        .revocation(
            File::Binary(stray.sign(&key("root-1"))?),
            rejected(RevocationDeltaMismatch),
        )
        .revocation(File::Binary(delta.sign(&key("root-1"))?), loaded(2))
        .verify(&good, AT, invalid(Revoked)),
        Scenario::new(
            "revocation_signer",
            "the trust list names a revocation signer: the root's revocation list is refused",
        )
        .trust(signed(&with_signer, "root-1")?, loaded(1))
        .revocation(
            revocations(&[b"permit-1"], 1, "root-1")?,
            rejected(BadRevocationList),
        )
        .revocation(
            revocations(&[b"permit-1"], 1, "revocation-signer")?,
            loaded(1),
        )
        .verify(&good, AT, invalid(Revoked)),
        Scenario::new(
            "revocation_unsorted",
            "entries out of order in a validly signed revocation list",
        )
        .trust(l1, loaded(1))
        .revocation(unsorted_list, rejected(BadRevocationList))
        .verify(&good, AT, valid((1, false), None)),
    ])
}

struct PolicyCase {
    name: String,
    description: String,
    policy: Json,
    trust: TrustList,
    revoked: Vec<Vec<u8>>,
    text: String,
    at: Timestamp,
    area: Option<String>,
    expect: (&'static str, Vec<&'static str>),
}

fn render_policy(c: &PolicyCase) -> Result<Json, Error> {
    let root = key("root-1");
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
    let ctx = CheckpointContext::new(area, c.at);
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
        "clock_skew_seconds": qrpass::verify::DEFAULT_CLOCK_SKEW_SECONDS,
        "expected": {
            "decision": decision.outcome.as_str(),
            "reasons": decision.codes(),
            "view": decision.view(&result),
        },
    }))
}

fn policy_cases() -> Result<Vec<PolicyCase>, Error> {
    let permit = example(PassKind::Permit)?;
    let good = issue("VN-SG", &permit, IAT, b"permit-1")?;
    let checkpoint = json!({
        "format": 1, "name": "Chốt kiểm soát Quận 1", "accept": ["permit", "declaration", "infection_status"],
        "stale_trust_list": "review", "stale_revocation_list": "review",
        "permit": {"area": "deny"},
        "declaration": {"max_age_hours": 24, "too_old": "deny", "risk": "review"},
        "infection_status": {"f0": "deny", "f1": "deny", "f2": "review", "f3": "allow", "recovered": "allow", "negative": "allow", "isolation": "deny"},
    });
    let declaration = example(PassKind::Declaration)?;
    let decl_iat = "2021-09-10T07:45:00+07:00";
    let decl = issue("VN-HN", &declaration, decl_iat, b"decl-1")?;
    let mut risky = declaration.clone();
    if let Pass::Declaration(d) = &mut risky {
        d.symptoms = vec![qrpass::model::Symptom::Fever, qrpass::model::Symptom::Cough];
    }
    let risky = issue("VN-HN", &risky, decl_iat, b"decl-2")?;
    let status = example(PassKind::InfectionStatus)?;
    let f1 = issue("VN-SG", &status, "2021-09-05T08:00:00+07:00", b"status-f1")?;
    let mut f2 = status.clone();
    if let Pass::InfectionStatus(s) = &mut f2 {
        s.classification = qrpass::model::Classification::F2;
        s.isolation = None;
    }
    let f2 = issue("VN-SG", &f2, "2021-09-05T08:00:00+07:00", b"status-f2")?;
    let support = example(PassKind::SupportEntitlement)?;
    let support = issue("VN-SG", &support, "2021-10-01T08:00:00+07:00", b"support-1")?;
    let mut revoked_key = list(1, FRESH);
    revoked_key.keys[0].status = KeyStatus::Revoked(ts("2021-09-05T00:00:00+07:00"));

    let case = |name: &str,
                description: &str,
                text: &str,
                at: &str,
                area: Option<&str>,
                expect: (&'static str, Vec<&'static str>)| PolicyCase {
        name: format!("policy_{name}"),
        description: description.into(),
        policy: checkpoint.clone(),
        trust: list(1, FRESH),
        revoked: Vec::new(),
        text: text.into(),
        at: ts(at),
        area: area.map(str::to_string),
        expect,
    };
    Ok(vec![
        case("permit_allowed", "the permit's district 79.760 covers the checkpoint's ward", &good, AT, Some("79.760.26734"), ("allow", vec!["pass_valid"])),
        case("permit_wrong_area", "a checkpoint in Hà Nội: the permit does not cover it", &good, AT, Some("01.001"), ("deny", vec!["area_not_covered"])),
        case("permit_no_area", "the checkpoint's area is not set: an officer reviews", &good, AT, None, ("review", vec!["checkpoint_area_unknown"])),
        PolicyCase {
            policy: json!({"accept": ["declaration"]}),
            ..case("kind_not_accepted", "a checkpoint that accepts declarations only", &good, AT, Some("79.760"), ("deny", vec!["kind_not_accepted"]))
        },
        case("declaration_fresh", "a declaration made 15 minutes ago", &decl, "2021-09-10T08:00:00+07:00", Some("27"), ("allow", vec!["pass_valid"])),
        PolicyCase {
            policy: json!({"accept": ["declaration"], "declaration": {"max_age_hours": 12}}),
            ..case("declaration_too_old", "made 12 h 15 min ago, at a checkpoint accepting 12 hours (the token is still valid)", &decl, "2021-09-10T20:00:00+07:00", Some("27"), ("deny", vec!["declaration_too_old"]))
        },
        case("declaration_risk", "a declaration reporting fever and cough", &risky, "2021-09-10T08:00:00+07:00", Some("27"), ("review", vec!["declaration_risk"])),
        case("status_f1_isolated", "an F1 whose home isolation runs until 2021-09-19", &f1, AT, Some("79"), ("deny", vec!["status_f1", "isolation_active"])),
        case("status_f2", "an F2 without isolation goes to review", &f2, AT, Some("79"), ("review", vec!["status_f2"])),
        PolicyCase {
            policy: json!({"accept": ["support_entitlement"], "support_entitlement": {"area": "review"}}),
            trust: list(1, "2021-10-15T00:00:00+07:00"),
            ..case("support_other_ward", "a payout point in another district than the residence", &support, "2021-10-02T09:00:00+07:00", Some("79.760"), ("review", vec!["residence_not_covered"]))
        },
        PolicyCase {
            trust: list(1, STALE),
            ..case("stale_trust_list", "the trust list is past its next update: review", &good, AT, Some("79.760"), ("review", vec!["trust_list_stale"]))
        },
        PolicyCase {
            trust: list(1, STALE),
            policy: json!({"accept": ["permit"], "stale_trust_list": "deny"}),
            ..case("stale_trust_list_denied", "a strict checkpoint denies on a stale trust list", &good, AT, Some("79.760"), ("deny", vec!["trust_list_stale"]))
        },
        PolicyCase {
            revoked: vec![b"permit-1".to_vec()],
            ..case("revoked_token", "the token is on the revocation list", &good, AT, Some("79.760"), ("deny", vec!["revoked"]))
        },
        PolicyCase {
            trust: revoked_key,
            ..case("key_revoked", "the issuer's key was revoked in the trust list", &good, AT, Some("79.760"), ("deny", vec!["key_revoked"]))
        },
        case("expired", "checked after the permit expired", &good, "2021-09-16T08:00:00+07:00", Some("79.760"), ("deny", vec!["expired"])),
    ])
}

/// The generated files, their names by type, and README rows.
pub struct Generated {
    /// File name → contents.
    pub files: BTreeMap<String, String>,
    /// Names of the trust vectors.
    pub trust: Vec<String>,
    /// Names of the policy vectors.
    pub policy: Vec<String>,
    /// A README section describing them.
    pub readme: String,
}

/// Builds the trust and policy vectors, checking each against the core.
pub fn generate() -> Result<Generated, Error> {
    let mut g = Generated {
        files: BTreeMap::new(),
        trust: Vec::new(),
        policy: Vec::new(),
        readme: String::new(),
    };
    g.readme.push_str(
        "\n## Trust, revocation and policy vectors\n\n\
         Listed in index.json under `trust_vectors` and `policy_vectors`; the formats are in spec/TRUST.md §7.\n\n\
         | vector | type | expected |\n|---|---|---|\n",
    );
    let pretty = |v: &Json| serde_json::to_string_pretty(v).unwrap_or_default() + "\n";
    for s in trust_scenarios()? {
        let file = s.render()?;
        let summary: Vec<String> = s
            .steps
            .iter()
            .map(|(_, e)| match (e["outcome"].as_str(), e["code"].as_str()) {
                (Some(_), Some(code)) => code.to_string(),
                (Some(o), None) if e["trust_list_stale"] == true => format!("{o} (stale)"),
                (Some(o), None) => o.to_string(),
                _ => "?".into(),
            })
            .collect();
        g.readme.push_str(&format!(
            "| {} | trust | {} |\n",
            s.name,
            summary.join(" → ")
        ));
        g.files.insert(format!("{}.json", s.name), pretty(&file));
        g.trust.push(s.name);
    }
    for c in policy_cases()? {
        let file = render_policy(&c)?;
        g.readme.push_str(&format!(
            "| {} | policy | {} ({}) |\n",
            c.name,
            c.expect.0,
            c.expect.1.join(", ")
        ));
        g.files.insert(format!("{}.json", c.name), pretty(&file));
        g.policy.push(c.name);
    }
    Ok(g)
}
