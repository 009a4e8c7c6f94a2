//! Tests of signed revocation lists and deltas: rollback protection, designated
//! signers, malformed lists, round trips.

use super::test_support::*;

fn rev_info(sequence: u64, next_update_day: i64) -> ListInfo {
    ListInfo {
        sequence,
        issued_at: ts(0),
        next_update: ts(next_update_day),
    }
}

#[test]
fn revocation_lists_load_with_rollback_protection_and_deltas() {
    let mut anchor = TrustAnchor::new(root(0).public_key());
    anchor
        .load_trust_list(&list(1).sign(&root(0)).expect("signs"))
        .expect("loads");
    let tok = token(1, ts(1), b"revoke-me");
    let v1 = RevocationList::from_ctis([b"x".as_slice(), b"y"]);
    let full1 = v1.sign(rev_info(10, 7), &root(0)).expect("signs");
    assert_eq!(
        anchor.load_revocation_list(&full1),
        Ok(LoadOutcome::Loaded { sequence: 10 })
    );
    assert_eq!(
        anchor.load_revocation_list(&full1),
        Ok(LoadOutcome::Unchanged { sequence: 10 })
    );
    assert!(anchor.verifier().expect("v").verify_at(&tok, ts(2)).is_ok());

    // A delta adding the token's id.
    let v2 = RevocationList::from_ctis([b"x".as_slice(), b"revoke-me"]).with_info(rev_info(11, 7));
    let held = anchor.revocation_list().expect("held").clone();
    let delta = RevocationDelta::between(&held, &v2, rev_info(11, 7)).expect("delta");
    let delta_bytes = delta.sign(&root(0)).expect("signs");
    assert_eq!(
        anchor.load_revocation_list(&delta_bytes),
        Ok(LoadOutcome::Loaded { sequence: 11 })
    );
    assert_eq!(anchor.revocation_list(), Some(&v2));
    let verifier = anchor.verifier().expect("v");
    assert_eq!(
        code(verifier.verify_at(&tok, ts(2))),
        Some(ErrorCode::Revoked)
    );
    // Staleness of the revocation list is reported on results.
    let other = token(1, ts(1), b"fine");
    let v = verifier.verify_at(&other, ts(8)).expect("valid");
    assert!(v.trust.revocation_list_stale());
    assert_eq!(v.trust.revocation_list.map(|s| s.sequence), Some(11));

    // Rollback: the full list 10 again, and a different list 11.
    assert_eq!(
        code(anchor.load_revocation_list(&full1)),
        Some(ErrorCode::RevocationListRollback)
    );
    let other11 = v1.sign(rev_info(11, 7), &root(0)).expect("signs");
    assert_eq!(
        code(anchor.load_revocation_list(&other11)),
        Some(ErrorCode::RevocationListRollback)
    );
    // A delta from a base we do not hold.
    let stray = RevocationDelta {
        base_sequence: 5,
        info: rev_info(12, 7),
        added: v1.clone(),
        removed: RevocationList::default(),
    };
    assert_eq!(
        code(anchor.load_revocation_list(&stray.sign(&root(0)).expect("signs"))),
        Some(ErrorCode::RevocationDeltaMismatch)
    );
    let mut fresh = TrustAnchor::new(root(0).public_key());
    assert_eq!(
        code(fresh.load_revocation_list(&delta_bytes)),
        Some(ErrorCode::RevocationDeltaMismatch)
    );
    assert!(fresh.revocation_list().is_none());
    // Signed by a key that is not a revocation signer.
    let forged = v1.sign(rev_info(12, 7), &root(4)).expect("signs");
    assert_eq!(
        code(anchor.load_revocation_list(&forged)),
        Some(ErrorCode::BadRevocationList)
    );
    // Nothing changed.
    assert_eq!(anchor.revocation_list(), Some(&v2));
    let floored = TrustAnchor::new(root(0).public_key())
        .with_min_revocation_sequence(11)
        .load_revocation_list(&full1);
    assert_eq!(code(floored), Some(ErrorCode::RevocationListRollback));
    assert_eq!(
        anchor.info(ts(8)).revocation_list.map(|s| s.stale),
        Some(true)
    );
}

#[test]
fn a_designated_revocation_signer_replaces_the_root() {
    let mut l = list(1);
    l.revocation_signers = vec![issuer_key(9).public_key()];
    let mut anchor = TrustAnchor::new(root(0).public_key());
    assert_eq!(anchor.revocation_signers(), vec![root(0).public_key()]);
    anchor
        .load_trust_list(&l.sign(&root(0)).expect("signs"))
        .expect("loads");
    assert_eq!(
        anchor.revocation_signers(),
        vec![issuer_key(9).public_key()]
    );
    let list = RevocationList::from_ctis([b"a"]);
    let by_root = list.sign(rev_info(1, 7), &root(0)).expect("signs");
    assert_eq!(
        code(anchor.load_revocation_list(&by_root)),
        Some(ErrorCode::BadRevocationList)
    );
    let by_signer = list.sign(rev_info(1, 7), &issuer_key(9)).expect("signs");
    let text = to_text(&by_signer, REVOCATION_LIST_PREFIX);
    assert_eq!(
        anchor.load_revocation_list(text.as_bytes()),
        Ok(LoadOutcome::Loaded { sequence: 1 })
    );
}

/// Signs a hand-made revocation payload with root 0.
fn raw_revocation(pairs: Vec<(Value, Value)>) -> Vec<u8> {
    crate::wire::list::sign(&root(0), cbor::encode(&Value::Map(pairs)))
}

#[test]
fn malformed_revocation_lists_give_bad_revocation_list() {
    let signers = [root(0).public_key()];
    let entries = RevocationList::from_ctis([b"a".as_slice(), b"b", b"c"])
        .as_bytes()
        .to_vec();
    let head = |kind: i64| {
        vec![
            (int(0), int(kind)),
            (int(1), int(3)),
            (int(2), int(T0)),
            (int(3), int(T0 + DAY)),
        ]
    };
    let with = |kind: i64, extra: Vec<(Value, Value)>| {
        let mut p = head(kind);
        p.extend(extra);
        raw_revocation(p)
    };
    let bytes = |b: &[u8]| Value::Bytes(b.to_vec());
    let mut unsorted = entries[16..].to_vec();
    unsorted.extend_from_slice(&entries[..16]);
    let good = with(2, vec![(int(4), bytes(&entries)), (int(100), int(1))]);
    let loaded = SignedRevocation::verify(&good, &signers).expect("an extension key is ignored");
    assert!(matches!(loaded.update(), RevocationUpdate::Full(l) if l.len() == 3));
    let cases = vec![
        (
            "unsorted entries",
            with(2, vec![(int(4), bytes(&unsorted))]),
        ),
        (
            "ragged entries",
            with(2, vec![(int(4), bytes(&entries[..47]))]),
        ),
        ("no entries", with(2, vec![])),
        ("entries not bytes", with(2, vec![(int(4), int(1))])),
        ("trust list type", with(1, vec![(int(4), bytes(&entries))])),
        ("unknown type", with(9, vec![(int(4), bytes(&entries))])),
        (
            "full list with a base",
            with(2, vec![(int(4), bytes(&entries)), (int(5), int(2))]),
        ),
        (
            "unknown field",
            with(2, vec![(int(4), bytes(&entries)), (int(50), int(1))]),
        ),
        (
            "negative key",
            with(2, vec![(int(4), bytes(&entries)), (int(-1), int(1))]),
        ),
        (
            "text key",
            with(
                2,
                vec![(int(4), bytes(&entries)), (Value::Text("x".into()), int(1))],
            ),
        ),
        (
            "delta without base",
            with(3, vec![(int(4), bytes(&entries))]),
        ),
        (
            "delta not raising the sequence",
            with(3, vec![(int(4), bytes(&entries)), (int(5), int(3))]),
        ),
        (
            "delta with unsorted removals",
            with(
                3,
                vec![
                    (int(4), bytes(&[])),
                    (int(5), int(2)),
                    (int(6), bytes(&unsorted)),
                ],
            ),
        ),
        (
            "missing sequence",
            raw_revocation(vec![
                (int(0), int(2)),
                (int(2), int(T0)),
                (int(3), int(T0 + DAY)),
                (int(4), bytes(&entries)),
            ]),
        ),
        (
            "inverted times",
            raw_revocation(vec![
                (int(0), int(2)),
                (int(1), int(1)),
                (int(2), int(T0)),
                (int(3), int(T0)),
                (int(4), bytes(&entries)),
            ]),
        ),
        ("not a map", crate::wire::list::sign(&root(0), vec![0x80])),
        (
            "non-canonical payload",
            crate::wire::list::sign(&root(0), vec![0xb8, 0x00]),
        ),
        (
            "signed by another key",
            RevocationList::default()
                .sign(rev_info(1, 7), &root(2))
                .expect("signs"),
        ),
        ("truncated", good[..good.len() - 3].to_vec()),
        ("text with a bad character", b"VN1R:abc".to_vec()),
    ];
    for (name, b) in cases {
        assert_eq!(
            code(SignedRevocation::verify(&b, &signers)),
            Some(ErrorCode::BadRevocationList),
            "{name}"
        );
    }
    assert_eq!(
        code(RevocationList::default().sign(rev_info(1, 0), &root(0))),
        Some(ErrorCode::BadRevocationList)
    );
    let bad_delta = RevocationDelta {
        base_sequence: 3,
        info: rev_info(3, 7),
        added: RevocationList::default(),
        removed: RevocationList::default(),
    };
    assert_eq!(
        code(bad_delta.sign(&root(0))),
        Some(ErrorCode::BadRevocationList)
    );
}

#[test]
fn revocation_round_trip_keeps_entries_and_info() {
    let list = RevocationList::from_ctis((0u32..1000).map(|i| i.to_be_bytes()));
    let signed = list.sign(rev_info(2, 7), &root(0)).expect("signs");
    assert_eq!(
        signed.len(),
        list.len() * 16 + 107,
        "16 bytes per entry plus a fixed envelope"
    );
    let loaded = SignedRevocation::verify(&signed, &[root(0).public_key()]).expect("verifies");
    assert_eq!(loaded.info(), rev_info(2, 7));
    assert_eq!(loaded.signer(), root(0).public_key());
    let full = match loaded.into_update() {
        RevocationUpdate::Full(l) => Some(l),
        RevocationUpdate::Delta(_) => None,
    };
    assert_eq!(full, Some(list.clone().with_info(rev_info(2, 7))));
    let check: Arc<dyn crate::RevocationCheck> = Arc::new(full.unwrap_or_default());
    assert!(check.is_revoked(&7u32.to_be_bytes()));
    assert_eq!(check.list_info().map(|i| i.sequence), Some(2));
}
