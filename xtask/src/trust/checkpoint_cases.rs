//! The checkpoint scenarios of index.json's `checkpoint_vectors`: a fresh
//! start, a delta, rollback of each artifact kind, a policy switching at its
//! validFrom, area scoping, a stale list under policy, a clock behind, save and
//! restore, refused artifacts leaving the state unchanged.

use qrpass::checkpoint::PolicyDocument;
use qrpass::internal::list::{self as envelope, POLICY_PREFIX};
use qrpass::trust::ListInfo;
use qrpass::{Error, ErrorCode::*, Policy};
use qrpass_testkit::clock::AT;
use qrpass_testkit::{ts, vector_key};

use super::checkpoint::{by, checked, offered, refused, status, Scenario};
use super::lists::{fixtures, Fixtures};
use super::{list, rev_info, revocations, signed, File, FRESH, STALE};

const ALL: &str =
    r#"{"accept": ["permit", "declaration", "infection_status", "support_entitlement"]}"#;
const DECLARATIONS: &str = r#"{"accept": ["declaration"]}"#;
const STALE_DENIED: &str = r#"{"accept": ["permit"], "stale_trust_list": "deny"}"#;
const ISSUED: &str = "2021-09-01T00:00:00+07:00";
const DUE: &str = "2021-09-14T23:00:00+07:00";

/// A signed policy: `id`, `sequence`, in force from `from`, `scope`, `rules`, signed by `signer`.
fn policy(
    id: &str,
    sequence: u64,
    from: &str,
    scope: Option<&str>,
    rules: &str,
    signer: &str,
) -> Result<File, Error> {
    let doc = PolicyDocument {
        info: ListInfo {
            sequence,
            issued_at: ts(ISSUED),
            next_update: ts(FRESH),
        },
        id: id.into(),
        title: format!("Quy định {id}"),
        valid_from: ts(from),
        valid_until: None,
        scope: scope.map(str::parse).transpose()?,
        policy: Policy::from_json(rules)?,
    };
    Ok(File::Binary(doc.sign(&vector_key(signer))?))
}

fn national(sequence: u64) -> Result<File, Error> {
    policy("national", sequence, ISSUED, None, ALL, "root-1")
}

/// Every checkpoint scenario.
pub fn all() -> Result<Vec<Scenario>, Error> {
    let f = fixtures()?;
    let mut all = starting(&f)?;
    all.extend(policies(&f)?);
    all.extend(clocks(&f)?);
    all.extend(keeping(&f)?);
    Ok(all)
}

fn starting(f: &Fixtures) -> Result<Vec<Scenario>, Error> {
    let good = &f.good;
    let root = vector_key("root-1");
    let missing = [
        ("trust_list", None, "missing"),
        ("revocation_list", None, "missing"),
        ("policy", None, "missing"),
    ];
    let fresh = [
        ("trust_list", None, "fresh"),
        ("revocation_list", None, "fresh"),
        ("policy", Some("national"), "fresh"),
    ];
    Ok(vec![
        Scenario::new("fresh_start", "nothing held: deny and fetch now; then each artifact, and a check under the national policy", Some("79.760"))
            .status(AT, status(&missing, AT, false, false, by("default", None)))
            .check(good, AT, checked("deny", &["bad_trust_list", "no_policy_in_force"], by("default", None)))
            .offer(f.l1.clone(), offered("trust_list", "loaded", 1, None))
            .offer(revocations(&[b"other"], 1, "root-1")?, offered("revocation_list", "loaded", 1, None))
            .offer(national(1)?, offered("policy", "loaded", 1, Some("national")))
            .check(good, AT, checked("allow", &["pass_valid"], by("national", Some(1))))
            .status(AT, status(&fresh, DUE, false, false, by("national", Some(1)))),
        Scenario::new("delta", "a delta from another base is refused; the delta 1 → 2 revokes the token", Some("79.760"))
            .offer(f.l1.clone(), offered("trust_list", "loaded", 1, None))
            .offer(national(1)?, offered("policy", "loaded", 1, Some("national")))
            .offer(File::Binary(f.rev1.sign(rev_info(1, FRESH), &root)?), offered("revocation_list", "loaded", 1, None))
            .check(good, AT, checked("allow", &["pass_valid"], by("national", Some(1))))
            .offer(File::Binary(f.stray.sign(&root)?), refused(RevocationDeltaMismatch))
            .offer(File::Binary(f.delta.sign(&root)?), offered("revocation_delta", "loaded", 2, None))
            .check(good, "2021-09-10T09:00:00+07:00", checked("deny", &["revoked"], by("national", Some(1)))),
        Scenario::new("rollback", "an older trust list, revocation list and policy are each refused; the same policy again is unchanged", Some("79.760"))
            .offer(f.l5.clone(), offered("trust_list", "loaded", 5, None))
            .offer(f.l1.clone(), refused(TrustListRollback))
            .offer(revocations(&[], 3, "root-1")?, offered("revocation_list", "loaded", 3, None))
            .offer(revocations(&[], 2, "root-1")?, refused(RevocationListRollback))
            .offer(national(5)?, offered("policy", "loaded", 5, Some("national")))
            .offer(national(4)?, refused(PolicyRollback))
            .offer(policy("national", 5, ISSUED, Some("79"), ALL, "root-1")?, refused(PolicyRollback))
            .offer(national(5)?, offered("policy", "unchanged", 5, Some("national"))),
        Scenario::new("refused_artifacts", "garbage, a pass, a forged policy, a prefix naming another kind, a cut policy, a flipped list: each refused, the state unchanged", Some("79.760"))
            .offer(f.l1.clone(), offered("trust_list", "loaded", 1, None))
            .offer(national(1)?, offered("policy", "loaded", 1, Some("national")))
            .offer(File::Text("hello".into()), refused(UnknownArtifact))
            .offer(File::Text(good.clone()), refused(UnknownArtifact))
            .offer(policy("national", 9, ISSUED, None, ALL, "root-forger")?, refused(BadPolicy))
            .offer(File::Text(envelope::to_text(&f.l5_bytes, POLICY_PREFIX)), refused(UnknownArtifact))
            .offer(File::Binary(national(2)?.bytes()[..60].to_vec()), refused(UnknownArtifact))
            .offer(File::Binary(f.flipped.clone()), refused(BadTrustList))
            .check(good, AT, checked("allow", &["pass_valid"], by("national", Some(1)))),
    ])
}

fn policies(f: &Fixtures) -> Result<Vec<Scenario>, Error> {
    let good = &f.good;
    let hcmc = policy(
        "hcmc",
        1,
        "2021-09-10T00:00:00+07:00",
        Some("79"),
        DECLARATIONS,
        "root-1",
    )?;
    Ok(vec![
        Scenario::new("policy_switch", "the province's policy takes over at its validFrom (2021-09-10)", Some("79.760"))
            .offer(f.l1.clone(), offered("trust_list", "loaded", 1, None))
            .offer(national(1)?, offered("policy", "loaded", 1, Some("national")))
            .offer(hcmc.clone(), offered("policy", "loaded", 1, Some("hcmc")))
            .check(good, "2021-09-09T23:59:59+07:00", checked("allow", &["pass_valid"], by("national", Some(1))))
            .check(good, "2021-09-10T00:00:00+07:00", checked("deny", &["kind_not_accepted"], by("hcmc", Some(1)))),
        Scenario::new("area_scoping", "the most specific scope covering the checkpoint's area decides; without an area only unscoped policies apply", Some("01.001"))
            .offer(f.l1.clone(), offered("trust_list", "loaded", 1, None))
            .offer(national(1)?, offered("policy", "loaded", 1, Some("national")))
            .offer(hcmc, offered("policy", "loaded", 1, Some("hcmc")))
            .offer(policy("hanoi", 1, ISSUED, Some("01"), DECLARATIONS, "root-1")?, offered("policy", "loaded", 1, Some("hanoi")))
            .offer(policy("hanoi-001", 1, ISSUED, Some("01.001"), ALL, "root-1")?, offered("policy", "loaded", 1, Some("hanoi-001")))
            .check(good, AT, checked("deny", &["area_not_covered"], by("hanoi-001", Some(1))))
            .set_area(Some("01.002"))
            .check(good, AT, checked("deny", &["kind_not_accepted"], by("hanoi", Some(1))))
            .set_area(Some("79.760"))
            .check(good, AT, checked("deny", &["kind_not_accepted"], by("hcmc", Some(1))))
            .set_area(None)
            .check(good, AT, checked("review", &["checkpoint_area_unknown"], by("national", Some(1)))),
        Scenario::new("stale_list_under_policy", "the trust list's next update (2021-09-08) passed: stale, denied by the policy; 48 hours later expired", Some("79.760"))
            .offer(signed(&list(1, STALE), "root-1")?, offered("trust_list", "loaded", 1, None))
            .offer(policy("strict", 1, ISSUED, None, STALE_DENIED, "root-1")?, offered("policy", "loaded", 1, Some("strict")))
            .check(good, "2021-09-07T08:00:00+07:00", checked("allow", &["pass_valid"], by("strict", Some(1))))
            .check(good, "2021-09-09T08:00:00+07:00", checked("deny", &["trust_list_stale"], by("strict", Some(1))))
            .status("2021-09-09T08:00:00+07:00", status(&[("trust_list", None, "stale"), ("revocation_list", None, "missing"), ("policy", Some("strict"), "fresh")], "2021-09-09T08:00:00+07:00", false, false, by("strict", Some(1))))
            .status(AT, status(&[("trust_list", None, "expired"), ("revocation_list", None, "missing"), ("policy", Some("strict"), "fresh")], AT, false, false, by("strict", Some(1)))),
    ])
}

fn clocks(f: &Fixtures) -> Result<Vec<Scenario>, Error> {
    let good = &f.good;
    let behind = "2021-08-31T20:00:00+07:00";
    let two = [
        ("trust_list", None, "expired"),
        ("revocation_list", None, "missing"),
        ("policy", Some("national"), "expired"),
    ];
    Ok(vec![Scenario::new("clock", "a clock before the lists' issue time is behind; a trusted time 10 minutes ahead is drift; two months on the clock is suspect", Some("79.760"))
        .offer(f.l1.clone(), offered("trust_list", "loaded", 1, None))
        .offer(national(1)?, offered("policy", "loaded", 1, Some("national")))
        .check(good, behind, checked("deny", &["issued_in_future", "no_policy_in_force", "clock_behind"], by("default", None)))
        .status(behind, status(&[("trust_list", None, "fresh"), ("revocation_list", None, "missing"), ("policy", Some("national"), "fresh")], behind, true, false, by("default", None)))
        .time_hint(AT, "2021-09-10T07:50:00+07:00")
        .check(good, AT, checked("review", &["clock_drift"], by("national", Some(1))))
        .status("2021-11-01T00:00:00+07:00", status(&two, "2021-11-01T00:00:00+07:00", false, true, by("national", Some(1))))])
}

fn keeping(f: &Fixtures) -> Result<Vec<Scenario>, Error> {
    let good = &f.good;
    let mut with_signer = list(2, FRESH);
    with_signer.policy_signers = vec![vector_key("policy-signer").public_key()];
    let by_signer = |seq| policy("province", seq, ISSUED, Some("79"), ALL, "policy-signer");
    Ok(vec![Scenario::new("save_restore", "a policy signer named by the trust list; the state saved and restored keeps floors and tally; damaged states are refused", Some("79.760"))
        .offer(by_signer(2)?, refused(BadPolicy))
        .offer(signed(&with_signer, "root-1")?, offered("trust_list", "loaded", 2, None))
        .offer(by_signer(2)?, offered("policy", "loaded", 2, Some("province")))
        .offer(revocations(&[b"other"], 4, "root-1")?, offered("revocation_list", "loaded", 4, None))
        .check(good, AT, checked("allow", &["pass_valid"], by("province", Some(2))))
        .save_restore()
        .offer(f.l1.clone(), refused(TrustListRollback))
        .offer(revocations(&[], 3, "root-1")?, refused(RevocationListRollback))
        .offer(by_signer(1)?, refused(PolicyRollback))
        .damaged_restore(true)
        .damaged_restore(false)
        .check(good, "2021-09-10T09:00:00+07:00", checked("allow", &["pass_valid"], by("province", Some(2))))])
}
