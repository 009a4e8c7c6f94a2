//! The Checkpoint's EU DCC side: the signed DSC list (`VN1D:`) offered, held,
//! saved and reported like a trust list, and `check` on `HC1:` texts under the
//! policy's `dcc` rules (spec/TRUST.md §10).
#![cfg(feature = "dcc")]

use qrpass::checkpoint::{ArtifactState, Checkpoint, IndexEntry, PublishIndex};
use qrpass::dcc::{decode_base64, parse_clock, DscList, DscListDocument, SignedDscList};
use qrpass::trust::{ListInfo, TrustList};
use qrpass::{ErrorCode, Outcome, Policy, PrivateKey, Timestamp};
use serde_json::Value as J;

fn suite(path: &str) -> J {
    let full = format!("{}/../testdata/dgc/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(full).expect("read")).expect("JSON")
}

/// The file's `HC1:` text, its DSC's DER and its clock.
fn case(path: &str) -> (String, Vec<u8>, Timestamp) {
    let f = suite(path);
    let der = decode_base64(f["TESTCTX"]["CERTIFICATE"].as_str().expect("cert")).expect("b64");
    let clock = parse_clock(f["TESTCTX"]["VALIDATIONCLOCK"].as_str().expect("clock")).expect("t");
    (f["PREFIX"].as_str().expect("prefix").into(), der, clock)
}

fn root() -> PrivateKey {
    PrivateKey::from_seed(&[1; 32])
}

fn info(sequence: u64, issued_at: Timestamp, days: i64) -> ListInfo {
    ListInfo {
        sequence,
        issued_at,
        next_update: issued_at.add_seconds(days * 86_400),
    }
}

fn dsc_list(sequence: u64, issued_at: Timestamp, ders: &[&[u8]], key: &PrivateKey) -> Vec<u8> {
    let mut certificates = DscList::default();
    for der in ders {
        certificates.add_der(der).expect("DSC");
    }
    DscListDocument {
        info: info(sequence, issued_at, 7),
        certificates,
    }
    .sign(key)
    .expect("signs")
}

/// A checkpoint holding a trust list issued at `t0`.
fn checkpoint(t0: Timestamp) -> Checkpoint {
    let mut list = TrustList::new(t0, t0.add_seconds(30 * 86_400));
    list.sequence = 1;
    let mut cp = Checkpoint::new(root().public_key(), "entry-desk", None);
    cp.offer(&list.sign(&root()).expect("signs"))
        .expect("loads");
    cp
}

fn refused(cp: &mut Checkpoint, file: &[u8]) -> ErrorCode {
    let before = cp.save();
    let code = cp.offer(file).expect_err("refused").code();
    assert_eq!(
        cp.save(),
        before,
        "a refused offer changed the state ({code})"
    );
    code
}

#[test]
fn a_dsc_list_is_offered_with_the_rules_of_a_trust_list() {
    let (_, at_der, at) = case("AT/2DCode/raw/1.json");
    let (_, be_der, _) = case("BE/2DCode/raw/1.json");
    let t0 = at.add_seconds(-86_400);
    let mut cp = checkpoint(t0);
    let first = dsc_list(2, t0, &[&at_der], &root());
    let o = cp
        .offer(SignedDscList::text_form(&first).as_bytes())
        .expect("loads");
    assert_eq!(
        (o.kind.as_str(), o.outcome, o.sequence),
        ("dsc_list", "loaded", 2)
    );
    assert_eq!(cp.offer(&first).expect("same").outcome, "unchanged");
    // The same sequence with other content, an older one, another signer.
    let other = dsc_list(2, t0, &[&at_der, &be_der], &root());
    assert_eq!(refused(&mut cp, &other), ErrorCode::DscListRollback);
    let older = dsc_list(1, t0, &[&at_der], &root());
    assert_eq!(refused(&mut cp, &older), ErrorCode::DscListRollback);
    let stranger = dsc_list(3, t0, &[&at_der], &PrivateKey::from_seed(&[7; 32]));
    assert_eq!(refused(&mut cp, &stranger), ErrorCode::BadDscList);
    let mut flipped = dsc_list(3, t0, &[&at_der], &root());
    let n = flipped.len();
    flipped[n - 10] ^= 1;
    assert_eq!(refused(&mut cp, &flipped), ErrorCode::BadDscList);
    // A VN1D: text must hold a DSC list, and VN1T: text a trust list.
    let as_trust = qrpass::internal::list::to_text(&other, "VN1T:");
    assert_eq!(
        refused(&mut cp, as_trust.as_bytes()),
        ErrorCode::UnknownArtifact
    );
    let newer = dsc_list(3, t0, &[&at_der, &be_der], &root());
    assert_eq!(cp.offer(&newer).expect("newer").sequence, 3);
    assert_eq!(cp.dsc_list().map(|d| d.list().len()), Some(2));
}

#[test]
fn status_save_restore_and_wanted_know_the_dsc_list() {
    let (_, der, at) = case("AT/2DCode/raw/1.json");
    let t0 = at.add_seconds(-86_400);
    let mut cp = checkpoint(t0);
    let without = cp.save();
    assert_eq!(
        Checkpoint::restore(&without).expect("restores").save(),
        without
    );
    assert!(!cp.status(at).artifacts.iter().any(|a| a.kind == "dsc_list"));
    let signed = dsc_list(4, t0, &[&der], &root());
    cp.offer(&signed).expect("loads");
    let state = |cp: &Checkpoint, t: Timestamp| {
        let s = cp.status(t);
        let line = s.artifacts.iter().find(|a| a.kind == "dsc_list").cloned();
        line.map(|l| (l.sequence, l.state))
    };
    assert_eq!(state(&cp, at), Some((Some(4), ArtifactState::Fresh)));
    let next = t0.add_seconds(7 * 86_400);
    assert_eq!(state(&cp, next), Some((Some(4), ArtifactState::Stale)));
    let later = next.add_seconds(48 * 3600);
    assert_eq!(state(&cp, later), Some((Some(4), ArtifactState::Expired)));
    assert!(cp.next_refresh_at(at) <= next.add_seconds(-3600));

    let saved = cp.save();
    assert_ne!(saved, without);
    let back = Checkpoint::restore(&saved).expect("restores");
    assert_eq!(back.save(), saved);
    assert_eq!(back.dsc_list_info().map(|i| i.sequence), Some(4));

    let entry = |seq: u64| IndexEntry {
        name: "dsc.vn1d".into(),
        list_type: 6,
        sequence: seq,
        sha256: [0; 32],
        id: None,
    };
    let index = PublishIndex {
        info: info(1, t0, 1),
        entries: vec![entry(5)],
    };
    let read = cp
        .read_index(&index.sign(&root()).expect("signs"))
        .expect("reads");
    assert_eq!(cp.wanted(&read), vec![entry(5)]);
    let index = PublishIndex {
        info: info(2, t0, 1),
        entries: vec![entry(4)],
    };
    let read = cp
        .read_index(&index.sign(&root()).expect("signs"))
        .expect("reads");
    assert!(cp.wanted(&read).is_empty());
    // The published file's index entry names list type 6 and its sequence.
    let text = SignedDscList::text_form(&signed);
    let e = PublishIndex::entry("dsc.vn1d", text.as_bytes()).expect("entry");
    assert_eq!((e.list_type, e.sequence), (6, 4));
}

#[test]
fn a_completed_root_rotation_drops_the_old_roots_dsc_list() {
    let (_, der, at) = case("AT/2DCode/raw/1.json");
    let t0 = at.add_seconds(-86_400);
    let mut cp = checkpoint(t0);
    cp.offer(&dsc_list(1, t0, &[&der], &root())).expect("loads");
    let next = PrivateKey::from_seed(&[2; 32]);
    let mut list = TrustList::new(t0, t0.add_seconds(86_400));
    list.sequence = 2;
    list.next_root = Some(next.public_key());
    cp.offer(&list.sign(&root()).expect("signs"))
        .expect("announces");
    assert!(
        cp.dsc_list().is_some(),
        "kept while the old root is current"
    );
    list.sequence = 3;
    list.next_root = None;
    cp.offer(&list.sign(&next).expect("signs"))
        .expect("rotates");
    assert!(cp.dsc_list().is_none(), "the old root's DSC list left");
    // The floor stays (1) and, with no list held, is inclusive: the old root's
    // list refuses, below the floor is a rollback, the new root's re-signing at
    // the floor loads, and once held a different one at its sequence refuses.
    assert_eq!(
        refused(&mut cp, &dsc_list(1, t0, &[&der], &root())),
        ErrorCode::BadDscList
    );
    assert_eq!(
        refused(&mut cp, &dsc_list(0, t0, &[&der], &next)),
        ErrorCode::DscListRollback
    );
    cp.offer(&dsc_list(1, t0, &[&der], &next))
        .expect("new root's list at the floor");
    assert_eq!(
        refused(&mut cp, &dsc_list(1, t0.add_seconds(1), &[&der], &next)),
        ErrorCode::DscListRollback
    );
    cp.offer(&dsc_list(2, t0, &[&der], &next))
        .expect("new root's list");
}

fn policy(dcc: &str) -> Policy {
    Policy::from_json(&format!(r#"{{"accept": ["permit"]{dcc}}}"#)).expect("policy")
}

#[test]
fn hc1_checks_decide_by_the_policy_dcc_rules_with_a_minimal_view() {
    let (text, der, at) = case("AT/2DCode/raw/1.json");
    let t0 = at.add_seconds(-86_400);
    let mut cp = checkpoint(t0);
    cp.set_local_policy(Some(policy("")));
    // No DSC list held yet.
    let c = cp.decide(&text, None, at);
    assert_eq!(
        (c.decision.outcome, c.decision.codes()),
        (Outcome::Deny, vec!["bad_dsc_list"])
    );
    // A DSC list without the DCC's signer.
    let (_, be_der, _) = case("BE/2DCode/raw/1.json");
    cp.offer(&dsc_list(1, t0, &[&be_der], &root()))
        .expect("loads");
    assert_eq!(
        cp.decide(&text, None, at).decision.codes(),
        vec!["unknown_dcc_kid"]
    );
    cp.offer(&dsc_list(2, t0, &[&der, &be_der], &root()))
        .expect("loads");
    // A policy without a dcc section accepts no DCC.
    assert_eq!(
        cp.decide(&text, None, at).decision.codes(),
        vec!["kind_not_accepted"]
    );
    // AT/1 is dose 1 of 2 on 2021-02-18, checked on 2021-05-06.
    cp.set_local_policy(Some(policy(r#", "dcc": {"default": {"vaccination": {}}}"#)));
    let allowed = cp.check(&text, None, at);
    assert_eq!(allowed.decision.outcome, Outcome::Allow);
    assert_eq!(allowed.decision.codes(), vec!["pass_valid"]);
    let strict = r#", "dcc": {"default": {"vaccination": {"full_course": true, "max_days": 60}}}"#;
    cp.set_local_policy(Some(policy(strict)));
    let denied = cp.check(&text, None, at.add_seconds(200));
    assert_eq!(
        denied.decision.codes(),
        vec!["not_full_course", "dose_too_old"]
    );
    assert_eq!(denied.view.decision, Outcome::Deny);
    let by_country =
        r#", "dcc": {"default": {"vaccination": {}}, "countries": {"AT": {"recovery": true}}}"#;
    cp.set_local_policy(Some(policy(by_country)));
    assert_eq!(
        cp.decide(&text, None, at).decision.codes(),
        vec!["statement_not_accepted"]
    );
    // A stale DSC list: the dcc section's stale_dsc_list action (default review).
    cp.set_local_policy(Some(policy(r#", "dcc": {"default": {"vaccination": {}}}"#)));
    let stale_at = t0.add_seconds(7 * 86_400 + 60);
    let (text_late, _, _) = case("AT/2DCode/raw/1.json");
    let stale = cp.decide(&text_late, None, stale_at);
    assert!(
        stale.decision.codes().contains(&"dsc_list_stale"),
        "{:?}",
        stale.decision.codes()
    );

    // The view: name, date of birth, statement summary; nothing else of the DCC.
    let json = serde_json::to_string(&allowed).expect("json");
    assert!(json.contains("Musterfrau-Gößinger Gabriele"), "{json}");
    assert!(json.contains("\"dob\":\"1998-02-26\""), "{json}");
    assert!(
        json.contains("vaccination 1/2 on 2021-02-18 (AT)"),
        "{json}"
    );
    assert!(
        json.contains("\"statement_vi\":\"tiêm mũi 1/2 ngày 2021-02-18 (AT)\""),
        "{json}"
    );
    let hidden = [
        "URN:UVCI",
        "Ministry of Health",
        "ORG-100030215",
        "EU/1/20/1528",
        "1119349007",
    ];
    for marker in hidden {
        assert!(!json.contains(marker), "{marker} in {json}");
    }
    let kid = qrpass::dcc::Decoded::from_text(&text)
        .expect("decodes")
        .sign1
        .kid;
    let kid_hex: String = kid.iter().map(|b| format!("{b:02x}")).collect();
    assert!(!json.contains(&kid_hex), "the kid leaked: {json}");
    assert!(allowed.view.kind.is_none() && allowed.view.id_masked.is_none());
    assert!(allowed.view.issuer.is_none() && allowed.view.valid_until.is_none());

    // The tally counts DCCs as eu_dcc, without personal data; the status neither.
    let rows = cp.tally().rows();
    let kinds: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.kind.as_str(), r.outcome.as_str()))
        .collect();
    assert_eq!(kinds, vec![("eu_dcc", "allow"), ("eu_dcc", "deny")]);
    let exported = [
        cp.tally().to_csv(),
        cp.tally().to_json(),
        serde_json::to_string(&cp.status(at)).expect("json"),
    ];
    for out in exported {
        for marker in [
            "Gabriele",
            "MUSTERFRAU",
            "Musterfrau",
            "1998-02-26",
            "URN:UVCI",
        ] {
            assert!(!out.contains(marker), "{marker} in {out}");
        }
    }
    let saved = cp.save();
    assert!(!saved.windows(8).any(|w| w == b"Gabriele"));
    assert_eq!(
        Checkpoint::restore(&saved)
            .expect("restores")
            .tally()
            .total(),
        2
    );
    // A failed DCC counts as unverified.
    cp.check("HC1:NCF", None, at);
    assert!(cp.tally().rows().iter().any(|r| r.kind == "unverified"));
}

#[test]
fn the_policy_dcc_section_is_checked_and_signed_with_the_policy() {
    for bad in [
        r#", "dcc": {"default": {"vaccination": {"min_days": 30, "max_days": 10}}}"#,
        r#", "dcc": {"countries": {"at": {}}}"#,
        r#", "dcc": {"defualt": {}}"#,
        r#", "dcc": {"stale_dsc_list": "maybe"}"#,
    ] {
        let e = Policy::from_json(&format!(r#"{{"accept": ["permit"]{bad}}}"#)).expect_err(bad);
        assert_eq!(e.code(), ErrorCode::BadPolicy, "{bad}");
    }
    let p =
        policy(r#", "dcc": {"default": {"test": {"naa_hours": 72}}, "stale_dsc_list": "deny"}"#);
    let again = Policy::from_json(&p.to_json()).expect("round trip");
    assert_eq!(again, p);
    assert_eq!(
        again.dcc.as_ref().map(|d| d.stale_dsc_list),
        Some(Outcome::Deny)
    );
    // Without a dcc section the JSON is as before: no `dcc` key.
    assert!(!policy("").to_json().contains("dcc"));
}
