//! Tests of signed trust lists, revocation lists and the [`TrustAnchor`].

use std::sync::Arc;

use ciborium::value::{Integer, Value};

use super::*;
use crate::revocation::{RevocationDelta, RevocationUpdate, SignedRevocation};
use crate::wire::cbor;
use crate::wire::list::{to_text, REVOCATION_LIST_PREFIX};
use crate::{ErrorCode, Issuer, Pass, PrivateKey, RevocationList, Verifier};

const T0: i64 = 1_630_454_400; // 2021-09-01T00:00:00Z
const DAY: i64 = 86_400;

fn ts(days: i64) -> Timestamp {
    Timestamp(T0 + days * DAY)
}

fn root(n: u8) -> PrivateKey {
    PrivateKey::from_seed(&[0xa0 + n; 32])
}

fn issuer_key(n: u8) -> PrivateKey {
    PrivateKey::from_seed(&[n; 32])
}

fn trusted(n: u8, issuer: &str) -> TrustedKey {
    TrustedKey::new(
        issuer_key(n).public_key(),
        issuer,
        &[PassKind::Permit, PassKind::Declaration],
        ts(-200),
    )
}

/// A list with keys 1 (VN-SG) and 2 (VN-HN), issued at day 0, due at day 7.
fn list(sequence: u64) -> TrustList {
    let mut l = TrustList::new(ts(0), ts(7));
    l.sequence = sequence;
    l.keys = vec![trusted(1, "VN-SG"), trusted(2, "VN-HN")];
    l
}

fn code<T>(r: Result<T>) -> Option<ErrorCode> {
    r.err().map(|e| e.code())
}

/// The permit example, issued by key `n` for VN-SG at `iat`.
fn token(n: u8, iat: Timestamp, cti: &[u8]) -> String {
    let pass =
        Pass::from_json(include_str!("../../../spec/examples/permit.json")).expect("example");
    Issuer::new(issuer_key(n), "VN-SG")
        .and_then(|i| i.issue_with(&pass, iat, cti))
        .expect("issues")
}

/// Re-encodes a trust list payload after `edit`, and signs it with root 0.
fn resigned(list: &TrustList, edit: impl Fn(&mut Vec<(Value, Value)>)) -> Vec<u8> {
    let payload = list.to_payload().expect("valid list");
    let mut value = cbor::decode(&payload, ErrorCode::BadTrustList).expect("decodes");
    if let Value::Map(m) = &mut value {
        edit(m);
    }
    crate::wire::list::sign(&root(0), cbor::encode(&value))
}

fn int(i: i64) -> Value {
    Value::Integer(Integer::from(i))
}

fn field(m: &mut [(Value, Value)], key: i64) -> Option<&mut Value> {
    m.iter_mut().find(|(k, _)| *k == int(key)).map(|(_, v)| v)
}

fn first_key(m: &mut [(Value, Value)]) -> Option<&mut Vec<(Value, Value)>> {
    match field(m, 4) {
        Some(Value::Array(keys)) => match keys.first_mut() {
            Some(Value::Map(k)) => Some(k),
            _ => None,
        },
        _ => None,
    }
}

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
