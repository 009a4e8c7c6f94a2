//! Tests of signed trust lists: round trips, malformed lists, forward compatibility,
//! the anchor's rollback protection and root rotation, limits.

use super::test_support::*;

#[test]
fn signed_list_round_trips_in_binary_and_text() {
    let mut l = list(5);
    l.keys[0].status = KeyStatus::Retired(ts(3));
    l.keys[1].status = KeyStatus::Revoked(ts(4));
    l.keys[1].valid_until = Some(ts(30));
    l.next_root = Some(root(1).public_key());
    l.revocation_signers = vec![issuer_key(9).public_key()];
    let bytes = l.sign(&root(0)).expect("signs");
    let signed = SignedTrustList::verify(&bytes, &[root(0).public_key()]).expect("verifies");
    let mut sorted = l.clone();
    sorted
        .keys
        .sort_by_key(|k| (k.kid, k.public_key.to_bytes()));
    assert_eq!(signed.list(), &sorted);
    assert_eq!(signed.signer(), root(0).public_key());
    assert_eq!(
        signed.info(),
        ListInfo {
            sequence: 5,
            issued_at: ts(0),
            next_update: ts(7)
        }
    );
    assert_eq!(signed.store().keys().len(), 2);
    assert!(signed.to_text().starts_with("VN1T:"));
    let again = SignedTrustList::verify(signed.to_text().as_bytes(), &[root(0).public_key()])
        .expect("text");
    assert_eq!(again.envelope(), &bytes[..]);
    // Deterministic: the same list signs to the same bytes, in any key order.
    let mut shuffled = l.clone();
    shuffled.keys.reverse();
    assert_eq!(shuffled.sign(&root(0)).expect("signs"), bytes);
    assert_eq!(TrustList::from_json(&l.to_json()), Ok(l));
}

#[test]
fn malformed_lists_give_bad_trust_list() {
    let l = list(1);
    let roots = [root(0).public_key()];
    let good = l.sign(&root(0)).expect("signs");
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated", good[..good.len() - 1].to_vec()),
        ("one byte", good[..1].to_vec()),
        ("trailing byte", [good.clone(), vec![0]].concat()),
        ("forged: another root", l.sign(&root(5)).expect("signs")),
        ("json", b"{\"keys\": []}".to_vec()),
        (
            "not a list type",
            resigned(&l, |m| *field(m, 0).expect("type") = int(2)),
        ),
        (
            "sequence negative",
            resigned(&l, |m| *field(m, 1).expect("seq") = int(-1)),
        ),
        (
            "missing next update",
            resigned(&l, |m| m.retain(|(k, _)| *k != int(3))),
        ),
        (
            "next update before issue",
            resigned(&l, |m| *field(m, 3).expect("nu") = int(T0 - 1)),
        ),
        ("unknown field", resigned(&l, |m| m.push((int(50), int(1))))),
        (
            "keys not an array",
            resigned(&l, |m| *field(m, 4).expect("keys") = int(1)),
        ),
        (
            "reordered keys",
            resigned(&l, |m| {
                if let Some(Value::Array(k)) = field(m, 4) {
                    k.reverse();
                }
            }),
        ),
        (
            "duplicate key",
            resigned(&l, |m| {
                if let Some(Value::Array(k)) = field(m, 4) {
                    let first = k[0].clone();
                    k.insert(0, first);
                }
            }),
        ),
        (
            "kid does not match",
            resigned(&l, |m| {
                if let Some(k) = first_key(m) {
                    *field(k, 1).expect("kid") = Value::Bytes(vec![0; 8]);
                }
            }),
        ),
        (
            "kid of 7 bytes",
            resigned(&l, |m| {
                if let Some(k) = first_key(m) {
                    *field(k, 1).expect("kid") = Value::Bytes(vec![0; 7]);
                }
            }),
        ),
        (
            "public key of 31 bytes",
            resigned(&l, |m| {
                if let Some(k) = first_key(m) {
                    *field(k, 2).expect("pk") = Value::Bytes(vec![1; 31]);
                }
            }),
        ),
        (
            "no kinds",
            resigned(&l, |m| {
                if let Some(k) = first_key(m) {
                    *field(k, 4).expect("kinds") = Value::Array(vec![]);
                }
            }),
        ),
        (
            "kinds twice",
            resigned(&l, |m| {
                if let Some(k) = first_key(m) {
                    *field(k, 4).expect("kinds") = Value::Array(vec![int(1), int(1)]);
                }
            }),
        ),
        (
            "bad issuer id",
            resigned(&l, |m| {
                if let Some(k) = first_key(m) {
                    *field(k, 3).expect("iss") = Value::Text("hà nội".into());
                }
            }),
        ),
        (
            "status not a pair",
            resigned(&l, |m| {
                if let Some(k) = first_key(m) {
                    k.push((int(7), int(1)));
                }
            }),
        ),
        (
            "unknown key field",
            resigned(&l, |m| {
                if let Some(k) = first_key(m) {
                    k.push((int(9), int(1)));
                }
            }),
        ),
        (
            "valid until before from",
            resigned(&l, |m| {
                if let Some(k) = first_key(m) {
                    k.push((int(6), int(T0 - 300 * DAY)));
                }
            }),
        ),
        (
            "bad next root",
            resigned(&l, |m| m.push((int(5), Value::Bytes(vec![0; 31])))),
        ),
        (
            "empty revocation signers",
            resigned(&l, |m| m.push((int(6), Value::Array(vec![])))),
        ),
    ];
    // Strictness of the payload: an indefinite-length map.
    let payload = l.to_payload().expect("valid");
    let mut indefinite = payload.clone();
    indefinite[0] = 0xbf;
    indefinite.push(0xff);
    cases.push((
        "indefinite payload",
        crate::wire::list::sign(&root(0), indefinite),
    ));
    let mut own_root = l.clone();
    own_root.next_root = Some(root(0).public_key());
    cases.push(("announces its own signer", resigned(&own_root, |_| {})));
    for (name, bytes) in cases {
        assert_eq!(
            code(SignedTrustList::verify(&bytes, &roots)),
            Some(ErrorCode::BadTrustList),
            "{name}"
        );
    }
    assert_eq!(code(own_root.sign(&root(0))), Some(ErrorCode::BadTrustList));
    let mut dup = l.clone();
    dup.keys.push(trusted(1, "VN-SG"));
    assert_eq!(code(dup.sign(&root(0))), Some(ErrorCode::BadTrustList));
    let mut inverted = l.clone();
    inverted.next_update = inverted.issued_at;
    assert_eq!(code(inverted.sign(&root(0))), Some(ErrorCode::BadTrustList));
    assert_eq!(
        code(TrustList::from_json("{\"sequence\": 1}")),
        Some(ErrorCode::BadTrustList)
    );
}

#[test]
fn unknown_kinds_and_statuses_and_extensions_are_forward_compatible() {
    let l = list(1);
    let bytes = resigned(&l, |m| {
        m.push((int(100), Value::Text("extension".into())));
        if let Some(Value::Array(keys)) = field(m, 4) {
            if let Some(Value::Map(k)) = keys.get_mut(0) {
                *field(k, 4).expect("kinds") = Value::Array(vec![int(1), int(9)]);
                k.push((int(7), Value::Array(vec![int(3), int(T0)])));
                k.push((int(120), int(0)));
            }
            if let Some(Value::Map(k)) = keys.get_mut(1) {
                *field(k, 4).expect("kinds") = Value::Array(vec![int(9)]);
            }
        }
    });
    let signed = SignedTrustList::verify(&bytes, &[root(0).public_key()]).expect("accepted");
    let keys = &signed.list().keys;
    assert_eq!(keys.len(), 1, "the key with only unknown kinds is dropped");
    assert_eq!(keys[0].kinds, vec![PassKind::Permit]);
    assert_eq!(
        keys[0].status,
        KeyStatus::Revoked(Timestamp(T0)),
        "an unknown status counts as revoked"
    );
}

#[test]
fn anchor_refuses_rollback_and_conflicts_and_keeps_the_list_in_force() {
    let mut anchor = TrustAnchor::new(root(0).public_key());
    let l5 = list(5).sign(&root(0)).expect("signs");
    assert_eq!(
        anchor.load_trust_list(&l5),
        Ok(LoadOutcome::Loaded { sequence: 5 })
    );
    assert_eq!(
        anchor.load_trust_list(&l5),
        Ok(LoadOutcome::Unchanged { sequence: 5 })
    );
    let l4 = list(4).sign(&root(0)).expect("signs");
    assert_eq!(
        code(anchor.load_trust_list(&l4)),
        Some(ErrorCode::TrustListRollback)
    );
    let mut other5 = list(5);
    other5.keys.pop();
    let other5 = other5.sign(&root(0)).expect("signs");
    assert_eq!(
        code(anchor.load_trust_list(&other5)),
        Some(ErrorCode::TrustListRollback)
    );
    let mut flipped = list(6).sign(&root(0)).expect("signs");
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    assert_eq!(
        code(anchor.load_trust_list(&flipped)),
        Some(ErrorCode::BadTrustList)
    );
    let forged = list(6).sign(&root(3)).expect("signs");
    assert_eq!(
        code(anchor.load_trust_list(&forged)),
        Some(ErrorCode::BadTrustList)
    );
    let truncated = list(6).sign(&root(0)).expect("signs");
    assert_eq!(
        code(anchor.load_trust_list(&truncated[..truncated.len() / 2])),
        Some(ErrorCode::BadTrustList)
    );
    // Nothing of the refused lists got in: still list 5, with both keys.
    assert_eq!(anchor.trust_sequence(), Some(5));
    assert_eq!(anchor.trust_list().map(|t| t.store().keys().len()), Some(2));
    assert_eq!(anchor.root(), root(0).public_key());
    let l6 = list(6).sign(&root(0)).expect("signs");
    assert_eq!(
        anchor.load_trust_list(&l6).map(LoadOutcome::sequence),
        Ok(6)
    );

    let mut floored = TrustAnchor::new(root(0).public_key()).with_min_sequence(6);
    assert_eq!(
        code(floored.load_trust_list(&l5)),
        Some(ErrorCode::TrustListRollback)
    );
    assert_eq!(floored.trust_sequence(), None);
    assert_eq!(code(floored.verifier()), Some(ErrorCode::BadTrustList));
    assert_eq!(
        floored.load_trust_list(&l6).map(LoadOutcome::sequence),
        Ok(6)
    );
}

#[test]
fn root_rotation_hands_over_after_the_new_roots_first_list() {
    let mut anchor = TrustAnchor::new(root(0).public_key());
    // The new root's list is refused before it is announced.
    let early = list(3).sign(&root(1)).expect("signs");
    assert_eq!(
        code(anchor.load_trust_list(&early)),
        Some(ErrorCode::BadTrustList)
    );
    let mut announcing = list(1);
    announcing.next_root = Some(root(1).public_key());
    anchor
        .load_trust_list(&announcing.sign(&root(0)).expect("signs"))
        .expect("loads");
    assert_eq!(anchor.next_root(), Some(root(1).public_key()));
    // Both roots are accepted during the handover.
    announcing.sequence = 2;
    anchor
        .load_trust_list(&announcing.sign(&root(0)).expect("signs"))
        .expect("old root still accepted");
    anchor.load_trust_list(&early).expect("new root accepted");
    assert_eq!(anchor.root(), root(1).public_key());
    assert_eq!(anchor.next_root(), None);
    // After the new root's first list, the old root is refused.
    let old = list(4).sign(&root(0)).expect("signs");
    assert_eq!(
        code(anchor.load_trust_list(&old)),
        Some(ErrorCode::BadTrustList)
    );
    assert_eq!(anchor.trust_sequence(), Some(3));
    anchor
        .load_trust_list(&list(4).sign(&root(1)).expect("signs"))
        .expect("new root");
}

#[test]
fn verifier_from_a_list_reports_staleness_and_applies_key_status() {
    let mut l = list(1);
    l.keys[0].status = KeyStatus::Retired(ts(5));
    let mut revoked = trusted(3, "VN-SG");
    revoked.status = KeyStatus::Revoked(ts(6));
    l.keys.push(revoked);
    let mut anchor = TrustAnchor::new(root(0).public_key());
    anchor
        .load_trust_list(&l.sign(&root(0)).expect("signs"))
        .expect("loads");
    let verifier = anchor.verifier().expect("list loaded");

    // Issued before retirement: accepted until it expires; the list is fresh on day 6.
    let before = token(1, ts(1), b"before");
    let v = verifier.verify_at(&before, ts(6)).expect("valid");
    let status = v.trust.trust_list.expect("from a signed list");
    assert_eq!((status.sequence, status.stale), (1, false));
    assert!(serde_json::to_value(&v).expect("json")["trust"]["trust_list"]["sequence"] == 1);
    // Day 8 is past next update (day 7): still valid, reported stale.
    let v = verifier
        .verify_at(&before, ts(8))
        .expect("valid when stale");
    assert!(v.trust.trust_list_stale());
    assert_eq!(
        verifier.trust_info(ts(8)).trust_list.map(|s| s.stale),
        Some(true)
    );
    // Issued after retirement: refused.
    assert_eq!(
        code(verifier.verify_at(&token(1, ts(5), b"after"), ts(6))),
        Some(ErrorCode::KeyRetired)
    );
    // A revoked key: refused even for tokens issued before revocation.
    assert_eq!(
        code(verifier.verify_at(&token(3, ts(1), b"k3"), ts(2))),
        Some(ErrorCode::KeyRevoked)
    );
    // A plain JSON store still works, and its results carry no list info.
    let plain = Verifier::new(anchor.trust_list().expect("loaded").store().clone());
    let v = plain.verify_at(&before, ts(6)).expect("valid");
    assert!(v.trust.is_unsigned());
    assert!(serde_json::to_value(&v)
        .expect("json")
        .get("trust")
        .is_none());
}

#[test]
fn list_limits_and_key_rules_give_bad_trust_list() {
    let mut too_many = list(1);
    too_many.keys = (0..=MAX_TRUST_LIST_KEYS as u32)
        .map(|i| {
            let mut seed = [0u8; 32];
            seed[..4].copy_from_slice(&i.to_be_bytes());
            TrustedKey::new(
                PrivateKey::from_seed(&seed).public_key(),
                "VN-SG",
                &[PassKind::Permit],
                ts(-1),
            )
        })
        .collect();
    assert_eq!(code(too_many.check()), Some(ErrorCode::BadTrustList));
    let mut implausible = list(1);
    implausible.keys[0].status = KeyStatus::Retired(Timestamp(5));
    assert_eq!(code(implausible.check()), Some(ErrorCode::BadTrustList));
    let mut signers = list(1);
    signers.revocation_signers = vec![root(2).public_key(), root(2).public_key()];
    assert_eq!(code(signers.check()), Some(ErrorCode::BadTrustList));
    let huge = vec![0xd2u8; MAX_TRUST_LIST_BYTES + 1];
    assert_eq!(
        code(SignedTrustList::verify(&huge, &[root(0).public_key()])),
        Some(ErrorCode::BadTrustList)
    );
    assert_eq!(
        code(TrustList::from_payload(&huge)),
        Some(ErrorCode::BadTrustList)
    );
}
