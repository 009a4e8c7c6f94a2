use super::*;
use crate::list_info::ListInfo;
use crate::model::PassKind;
use crate::policy::Outcome;
use crate::revocation::RevocationDelta;
use crate::trust::{TrustList, TrustedKey};
use crate::{ErrorCode, Issuer, Pass, PrivateKey, RevocationList};

const T0: i64 = 1_630_454_400; // 2021-09-01T00:00:00Z
const DAY: i64 = 86_400;

fn ts(days: i64) -> Timestamp {
    Timestamp(T0 + days * DAY)
}
fn root() -> PrivateKey {
    PrivateKey::from_seed(&[0xa0; 32])
}
fn issuer_key() -> PrivateKey {
    PrivateKey::from_seed(&[1; 32])
}
fn signer() -> PrivateKey {
    PrivateKey::from_seed(&[0xb0; 32])
}

fn trust(sequence: u64) -> Vec<u8> {
    let mut l = TrustList::new(ts(0), ts(7));
    l.sequence = sequence;
    l.keys = vec![TrustedKey::new(
        issuer_key().public_key(),
        "VN-SG",
        PassKind::ALL,
        ts(-200),
    )];
    l.policy_signers = vec![signer().public_key()];
    l.sign(&root()).expect("signs")
}

fn info(sequence: u64, next: i64) -> ListInfo {
    ListInfo {
        sequence,
        issued_at: ts(0),
        next_update: ts(next),
    }
}

fn revocations(ctis: &[&[u8]], sequence: u64) -> Vec<u8> {
    RevocationList::from_ctis(ctis)
        .sign(info(sequence, 7), &root())
        .expect("signs")
}

fn doc(id: &str, sequence: u64, from: i64, scope: Option<&str>, json: &str) -> PolicyDocument {
    PolicyDocument {
        info: info(sequence, 7),
        id: id.into(),
        title: format!("policy {id}"),
        valid_from: ts(from),
        valid_until: None,
        scope: scope.map(|s| s.parse().expect("area")),
        policy: Policy::from_json(json).expect("policy"),
    }
}

fn policy(id: &str, sequence: u64, from: i64, scope: Option<&str>, json: &str) -> Vec<u8> {
    doc(id, sequence, from, scope, json)
        .sign(&signer())
        .expect("signs")
}

const ALL: &str =
    r#"{"accept": ["permit", "declaration", "infection_status", "support_entitlement"]}"#;
const NO_PERMITS: &str = r#"{"accept": ["declaration"]}"#;

fn token(cti: &[u8]) -> String {
    let pass = Pass::from_json(include_str!("../../../spec/examples/permit.json")).expect("pass");
    Issuer::new(issuer_key(), "VN-SG")
        .and_then(|i| i.issue_with(&pass, ts(0), cti))
        .expect("issues")
}

fn loaded() -> Checkpoint {
    let mut cp = Checkpoint::new(
        root().public_key(),
        "QL1A-01",
        Some("79.760".parse().expect("area")),
    );
    cp.offer(&trust(2)).expect("trust");
    cp.offer(&revocations(&[b"gone"], 2)).expect("revocations");
    cp.offer(&policy("national", 3, 0, None, ALL))
        .expect("policy");
    cp
}

fn code<T>(r: Result<T>) -> Option<ErrorCode> {
    r.err().map(|e| e.code())
}

#[test]
fn offers_each_kind_and_checks_under_the_policy_in_force() {
    let mut cp = loaded();
    let text = trust(2);
    let again = cp
        .offer(&SignedTrustText(&text).as_bytes())
        .expect("text form");
    assert_eq!(
        (again.kind, again.outcome),
        (ArtifactKind::TrustList, "unchanged")
    );
    let checked = cp.check(&token(b"t-1"), None, ts(3));
    assert_eq!(
        checked.decision.outcome,
        Outcome::Allow,
        "{:?}",
        checked.decision
    );
    let p = checked.decision.policy.clone().expect("names its policy");
    assert_eq!(
        (p.id.as_str(), p.sequence, p.signed),
        ("national", Some(3), true)
    );
    let revoked = cp.check(&token(b"gone"), None, ts(3));
    assert_eq!(revoked.decision.codes(), ["revoked"]);
    let json = serde_json::to_value(&checked).expect("json");
    assert_eq!(json["policy"]["id"], "national");
}

struct SignedTrustText<'a>(&'a [u8]);
impl SignedTrustText<'_> {
    fn as_bytes(&self) -> Vec<u8> {
        crate::SignedTrustList::text_form(self.0).into_bytes()
    }
}

#[test]
fn refused_artifacts_leave_the_state_byte_identical() {
    let mut cp = loaded();
    cp.check(&token(b"t-1"), None, ts(3));
    let before = cp.save();
    let foreign = doc("national", 9, 0, None, ALL)
        .sign(&PrivateKey::from_seed(&[7; 32]))
        .expect("signs");
    let other_same_seq = policy("national", 3, 0, Some("79"), ALL);
    let delta = RevocationDelta::between(
        &RevocationList::from_ctis([b"x"]).with_info(info(1, 7)),
        &RevocationList::from_ctis([b"x", b"y"]),
        info(9, 7),
    );
    let mut bad: Vec<(Vec<u8>, ErrorCode)> = vec![
        (b"".to_vec(), ErrorCode::UnknownArtifact),
        (b"hello".to_vec(), ErrorCode::UnknownArtifact),
        (token(b"t-2").into_bytes(), ErrorCode::UnknownArtifact),
        (trust(1), ErrorCode::TrustListRollback),
        (trust(9)[..40].to_vec(), ErrorCode::UnknownArtifact),
        (revocations(&[], 1), ErrorCode::RevocationListRollback),
        (foreign, ErrorCode::BadPolicy),
        (
            policy("national", 2, 0, None, ALL),
            ErrorCode::PolicyRollback,
        ),
        (other_same_seq, ErrorCode::PolicyRollback),
        (
            crate::SignedTrustList::text_form(&policy("p2", 1, 0, None, ALL)).into_bytes(),
            ErrorCode::UnknownArtifact,
        ),
    ];
    // A revocation list with its base elsewhere.
    let base7 = RevocationDelta {
        base_sequence: 7,
        ..delta.expect("delta")
    };
    bad.push((
        base7.sign(&root()).expect("signs"),
        ErrorCode::RevocationDeltaMismatch,
    ));
    let mut flipped = trust(9);
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    bad.push((flipped, ErrorCode::BadTrustList));
    for (file, expected) in bad {
        assert_eq!(code(cp.offer(&file)), Some(expected), "{file:?}");
        assert_eq!(cp.save(), before, "a refused {expected} changed the state");
    }
}

#[test]
fn the_most_specific_scope_in_force_decides_then_the_sequence() {
    let mut cp = loaded();
    cp.offer(&policy("hcmc", 1, 2, Some("79"), NO_PERMITS))
        .expect("hcmc");
    cp.offer(&policy("hanoi", 1, 0, Some("01"), NO_PERMITS))
        .expect("hanoi");
    let id = |cp: &Checkpoint, day| cp.policy_in_force(ts(day)).id;
    assert_eq!(id(&cp, 1), "national", "the province rule is not valid yet");
    assert_eq!(id(&cp, 2), "hcmc", "it switches at its validFrom");
    let denied = cp.check(&token(b"t-9"), None, ts(3));
    assert_eq!(denied.decision.codes(), ["kind_not_accepted"]);
    cp.offer(&policy("hcmc-b", 5, 2, Some("79"), ALL))
        .expect("same scope");
    assert_eq!(id(&cp, 3), "hcmc-b", "same scope: the higher sequence");
    cp.set_area(Some("01.001".parse().expect("area")));
    assert_eq!(id(&cp, 3), "hanoi");
    cp.set_area(None);
    assert_eq!(id(&cp, 3), "national");
}

#[test]
fn local_and_missing_policies_are_marked_unsigned() {
    let mut cp = Checkpoint::new(
        root().public_key(),
        "dev",
        Some("79.760".parse().expect("area")),
    );
    cp.offer(&trust(1)).expect("trust");
    let d = cp.check(&token(b"t"), None, ts(1)).decision;
    assert!(d.codes().contains(&"no_policy_in_force"));
    assert_eq!(
        d.policy.map(|p| (p.id, p.signed)),
        Some(("default".into(), false))
    );
    cp.set_local_policy(Some(Policy::from_json(ALL).expect("policy")));
    let d = cp.check(&token(b"t2"), None, ts(1)).decision;
    assert_eq!(d.outcome, Outcome::Allow);
    assert_eq!(
        d.policy.map(|p| (p.id, p.sequence, p.signed)),
        Some(("local".into(), None, false))
    );
}

#[test]
fn status_reports_each_artifact_and_when_to_refresh() {
    let mut cp = Checkpoint::new(root().public_key(), "QL1A-01", None);
    let s = cp.status(ts(1));
    assert!(s
        .artifacts
        .iter()
        .all(|a| a.state == ArtifactState::Missing));
    assert_eq!(s.next_refresh_at, ts(1));
    cp = loaded();
    let states = |cp: &Checkpoint, t| {
        cp.status(t)
            .artifacts
            .iter()
            .map(|a| a.state)
            .collect::<Vec<_>>()
    };
    use ArtifactState::*;
    assert_eq!(states(&cp, ts(1)), [Fresh, Fresh, Fresh]);
    assert_eq!(states(&cp, ts(7).add_seconds(-60)), [Due, Due, Due]);
    assert_eq!(states(&cp, ts(8)), [Stale, Stale, Stale]);
    assert_eq!(states(&cp, ts(10)), [Expired, Expired, Expired]);
    let s = cp.status(ts(1));
    assert_eq!(s.artifacts[0].age_seconds, Some(DAY));
    assert_eq!(s.next_refresh_at, ts(7).add_seconds(-3600));
    cp.record_refresh(ts(8), false);
    cp.record_refresh(ts(8), false);
    assert_eq!(
        cp.next_refresh_at(ts(8)),
        ts(8).add_seconds(3600),
        "900 s doubled twice"
    );
    cp.record_refresh(ts(8), true);
    assert_eq!(
        cp.next_refresh_at(ts(8)),
        ts(8).add_seconds(900),
        "the floor"
    );
    let bad = RefreshSettings {
        floor_seconds: 0,
        ..RefreshSettings::default()
    };
    assert_eq!(code(cp.set_refresh(bad)), Some(ErrorCode::InvalidArgument));
}

#[test]
fn a_clock_behind_or_drifting_becomes_a_reason() {
    let mut cp = loaded();
    assert!(cp.status(ts(-1)).clock_behind && !cp.status(ts(1)).clock_behind);
    assert!(cp.status(ts(60)).clock_suspect && !cp.status(ts(8)).clock_suspect);
    let d = cp
        .check(&token(b"t"), None, ts(0).add_seconds(-60))
        .decision;
    assert!(d.codes().contains(&"clock_behind"), "{:?}", d.codes());
    cp.set_time_hint(ts(2), ts(2).add_seconds(-900));
    assert_eq!(cp.status(ts(2)).drift_seconds, Some(900));
    let d = cp.check(&token(b"t2"), None, ts(2)).decision;
    assert_eq!(d.codes(), ["clock_drift"]);
    assert_eq!(d.outcome, Outcome::Review);
    let actions = cp.status(ts(2)).policy_actions;
    assert_eq!(
        (actions.stale_trust_list, actions.clock_drift),
        (Outcome::Review, Outcome::Review)
    );
    let strict = r#"{"accept": ["permit"], "stale_trust_list": "deny",
        "clock": {"behind": "deny", "max_drift_seconds": 60}}"#;
    let mut local = Checkpoint::new(root().public_key(), "QL1A-02", None);
    local.set_local_policy(Some(Policy::from_json(strict).expect("policy")));
    let actions = local.status(ts(2)).policy_actions;
    assert_eq!(
        (
            actions.stale_trust_list,
            actions.stale_revocation_list,
            actions.clock_behind,
            actions.max_drift_seconds
        ),
        (Outcome::Deny, Outcome::Review, Outcome::Deny, 60),
        "the policy in force's actions"
    );
}

#[test]
fn save_and_restore_keep_everything_and_refuse_damage() {
    let mut cp = loaded();
    let delta = RevocationDelta::between(
        &RevocationList::from_ctis([b"gone"]).with_info(info(2, 7)),
        &RevocationList::from_ctis([&b"gone"[..], b"t-5"]),
        info(3, 7),
    )
    .expect("delta");
    let offered = cp
        .offer(&delta.sign(&root()).expect("signs"))
        .expect("delta");
    assert_eq!(
        (offered.kind, offered.sequence),
        (ArtifactKind::RevocationDelta, 3)
    );
    cp.check(&token(b"t-5"), None, ts(1));
    cp.record_refresh(ts(1), false);
    cp.set_time_hint(ts(1), ts(1));
    let saved = cp.save();
    let back = Checkpoint::restore(&saved).expect("restores");
    assert_eq!(back.save(), saved);
    assert_eq!(back.tally().total(), 1);
    let mut back = back;
    assert_eq!(
        back.check(&token(b"t-5"), None, ts(2)).decision.codes(),
        ["revoked"]
    );
    // Rollback floors survive: older artifacts are still refused.
    assert_eq!(
        code(back.offer(&trust(1))),
        Some(ErrorCode::TrustListRollback)
    );
    assert_eq!(
        code(back.offer(&revocations(&[], 2))),
        Some(ErrorCode::RevocationListRollback)
    );
    assert_eq!(
        code(back.offer(&policy("national", 3, 0, Some("79"), ALL))),
        Some(ErrorCode::PolicyRollback)
    );
    for cut in [0, 1, 8, saved.len() / 2, saved.len() - 1] {
        assert_eq!(
            code(Checkpoint::restore(&saved[..cut])),
            Some(ErrorCode::BadCheckpointState)
        );
    }
    for at in [3, 9, saved.len() / 2, saved.len() - 5] {
        let mut altered = saved.clone();
        altered[at] ^= 0x20;
        assert_eq!(
            code(Checkpoint::restore(&altered)),
            Some(ErrorCode::BadCheckpointState)
        );
    }
}

#[test]
fn the_tally_counts_once_per_rescan_and_holds_no_personal_data() {
    let mut cp = loaded();
    let pass = include_str!("../../../spec/examples/permit.json")
        .replace("Nguyễn Văn An", "MARKERNAME Zq")
        .replace("079201001234", "079299887766")
        .replace("HCM-2021-004217", "MARKERNUMBER");
    let pass = Pass::from_json(&pass).expect("pass");
    let text = Issuer::new(issuer_key(), "VN-SG")
        .and_then(|i| i.issue_with(&pass, ts(0), b"MARKERCTI"))
        .expect("issues");
    let decided = cp.decide(&text, None, ts(1));
    assert_eq!(decided.decision.outcome, Outcome::Allow);
    assert_eq!(cp.tally().total(), 0, "decide counts nothing");
    cp.check(&text, None, ts(1));
    cp.check(&text, None, ts(1).add_seconds(30));
    assert_eq!(
        cp.tally().total(),
        1,
        "a re-scan within the window counts once"
    );
    cp.check(&text, None, ts(1).add_seconds(600));
    cp.check("VN1:garbage", None, ts(1));
    assert_eq!(cp.tally().total(), 3);
    let rows = cp.tally().rows();
    assert_eq!(rows[0].kind, "permit");
    assert_eq!(
        (rows[0].outcome.as_str(), rows[0].holder.as_str()),
        ("allow", "none")
    );
    let saved = String::from_utf8_lossy(&cp.save()).into_owned();
    let csv = cp.tally().to_csv();
    let json = cp.tally().to_json();
    for out in [&saved, &csv, &json] {
        for marker in ["MARKER", "9887766", "Zq", "garbage"] {
            assert!(!out.contains(marker), "{marker} leaked");
        }
    }
    assert!(csv.starts_with("hour,kind,outcome,holder,count\n"));
    assert!(csv.contains(",permit,allow,none,2\n"), "{csv}");
    assert!(json.contains("\"total\":3"));
    let back = Checkpoint::restore(&cp.save()).expect("restores");
    assert_eq!(back.tally(), &{
        let mut t = Tally::default();
        for r in rows {
            t.add_row(r);
        }
        t
    });
    cp.reset_tally();
    assert_eq!(cp.tally().total(), 0);
}

#[test]
fn signed_policy_documents_are_checked() {
    let mut d = doc("x", 1, 0, None, ALL);
    d.id = "Has Caps".into();
    assert_eq!(code(d.sign(&signer())), Some(ErrorCode::BadPolicy));
    let mut d = doc("x", 1, 0, None, ALL);
    d.valid_until = Some(ts(0));
    assert_eq!(code(d.sign(&signer())), Some(ErrorCode::BadPolicy));
    let good = policy("x", 1, 0, Some("79"), ALL);
    let text = SignedPolicy::text_form(&good);
    assert!(text.starts_with("VN1P:"));
    let back = SignedPolicy::verify(text.as_bytes(), &[signer().public_key()]).expect("verifies");
    assert_eq!(back.document(), &doc("x", 1, 0, Some("79"), ALL));
    assert_eq!(SignedPolicy::inspect(&good).expect("inspects").id, "x");
    assert_eq!(
        code(SignedPolicy::verify(&good, &[root().public_key()])),
        Some(ErrorCode::BadPolicy)
    );
    assert_eq!(parse_scope("*").expect("all"), None);
    assert_eq!(code(parse_scope("7")), Some(ErrorCode::BadPolicy));
}

#[test]
fn a_signed_index_names_files_by_hash_and_says_what_is_newer() {
    let cp = loaded();
    let newer = trust(3);
    let held = policy("national", 3, 0, None, ALL);
    let entries = vec![
        PublishIndex::entry("trust.vn1t", &newer).expect("entry"),
        PublishIndex::entry("policy-national.vn1p", &held).expect("entry"),
    ];
    assert!(entries[0].matches(&newer) && !entries[0].matches(&held));
    let index = PublishIndex {
        info: info(1, 1),
        entries,
    };
    let signed = index.sign(&root()).expect("signs");
    let text = PublishIndex::text_form(&signed);
    let back = cp.read_index(text.as_bytes()).expect("verifies");
    assert_eq!(
        back.entries[0].name, "policy-national.vn1p",
        "names ascending"
    );
    assert_eq!(back.entries[0].id.as_deref(), Some("national"));
    let wanted: Vec<String> = cp.wanted(&back).into_iter().map(|e| e.name).collect();
    assert_eq!(wanted, ["trust.vn1t"]);
    assert_eq!(
        code(cp.read_index(&index.sign(&signer()).expect("signs"))),
        Some(ErrorCode::BadTrustList)
    );
    let mut flipped = signed.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    assert_eq!(code(cp.read_index(&flipped)), Some(ErrorCode::BadTrustList));
    assert_eq!(
        code(PublishIndex::entry("Trust", &newer)),
        Some(ErrorCode::BadTrustList)
    );
    assert_eq!(
        code(PublishIndex::entry("x", b"junk")),
        Some(ErrorCode::UnknownArtifact)
    );
}

#[test]
fn a_trust_list_that_drops_a_policy_signer_drops_its_policies() {
    let mut cp = loaded();
    assert_eq!(cp.policies().count(), 1);
    let mut l = TrustList::new(ts(0), ts(7));
    l.sequence = 3;
    l.keys = vec![TrustedKey::new(
        issuer_key().public_key(),
        "VN-SG",
        PassKind::ALL,
        ts(-200),
    )];
    cp.offer(&l.sign(&root()).expect("signs"))
        .expect("newer list");
    assert_eq!(cp.policies().count(), 0);
    assert_eq!(cp.policy_in_force(ts(1)).id, "default");
    let back = Checkpoint::restore(&cp.save()).expect("restores");
    assert_eq!(back.save(), cp.save());
    let mut back = back;
    assert_eq!(
        code(back.offer(&policy("national", 3, 0, None, ALL))),
        Some(ErrorCode::BadPolicy),
        "its signer is gone"
    );
}

#[test]
fn a_trust_list_naming_other_revocation_signers_drops_the_held_revocation_list() {
    let mut cp = loaded();
    let mut l = TrustList::new(ts(0), ts(7));
    l.sequence = 4;
    l.keys = vec![TrustedKey::new(
        issuer_key().public_key(),
        "VN-SG",
        PassKind::ALL,
        ts(-200),
    )];
    l.policy_signers = vec![signer().public_key()];
    l.revocation_signers = vec![signer().public_key()];
    cp.offer(&l.sign(&root()).expect("signs"))
        .expect("newer list");
    assert!(cp.anchor().revocation_list().is_none());
    let saved = cp.save();
    assert_eq!(Checkpoint::restore(&saved).expect("restores").save(), saved);
    let by_signer = RevocationList::from_ctis([b"gone"])
        .sign(info(1, 7), &signer())
        .expect("signs");
    assert_eq!(
        code(cp.offer(&by_signer)),
        Some(ErrorCode::RevocationListRollback),
        "the floor stays"
    );
}
