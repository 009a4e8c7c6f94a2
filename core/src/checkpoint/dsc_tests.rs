//! The checkpoint's DSC list in either build (with and without the feature
//! `dcc`): offered, saved, restored, and named by the publication index.

use ciborium::value::Value;
use sha2::{Digest, Sha256};

use super::*;
use crate::list_info::ListInfo;
use crate::trust::TrustList;
use crate::{ErrorCode, PrivateKey};

fn code<T>(r: Result<T>) -> Option<ErrorCode> {
    r.err().map(|e| e.code())
}

/// A DSC list (list type 6) with no certificates, signed by `key`.
fn empty_dsc_list(key: &PrivateKey, sequence: u64) -> Vec<u8> {
    dsc_list_until(key, sequence, 86_400)
}

/// An empty DSC list whose next update is `seconds` after its issue time.
fn dsc_list_until(key: &PrivateKey, sequence: u64, seconds: i64) -> Vec<u8> {
    use crate::wire::cbor::{self, MapWriter};
    let t0 = Timestamp(1_631_000_000);
    let mut w = MapWriter::new();
    w.put(0, 6u64)
        .put(1, sequence)
        .put(2, cbor::timestamp_value(t0))
        .put(3, cbor::timestamp_value(t0.add_seconds(seconds)))
        .put(4, Value::Array(vec![]));
    crate::wire::list::sign(key, cbor::encode(&w.build()))
}

#[test]
fn a_dsc_list_loads_only_in_a_build_with_dcc() {
    let root = PrivateKey::from_seed(&[1; 32]);
    let mut cp = Checkpoint::new(root.public_key(), "cp", None);
    let file = empty_dsc_list(&root, 1);
    let before = cp.save();
    let offered = cp.offer(&file);
    if cfg!(feature = "dcc") {
        let o = offered.expect("loads");
        assert_eq!((o.kind.as_str(), o.outcome), ("dsc_list", "loaded"));
        assert_eq!(cp.dsc_list_info().map(|i| i.sequence), Some(1));
        let saved = cp.save();
        assert_eq!(Checkpoint::restore(&saved).expect("restores").save(), saved);
    } else {
        assert_eq!(offered.unwrap_err().code(), ErrorCode::DccUnsupported);
        assert_eq!(cp.save(), before, "nothing kept");
        assert_eq!(cp.dsc_list_info(), None);
    }
    // Either way the kind is recognised, never `unknown_artifact`.
    let (kind, _) = super::offer::peek(&file).expect("peeks");
    assert_eq!(kind, ArtifactKind::DscList);
}

/// `saved` with key 14 (the DSC list entry) set to `entry`, re-digested: the
/// state a build with `dcc` saves, made in either build.
fn with_dsc_entry(saved: &[u8], entry: Vec<Value>) -> Vec<u8> {
    let body = &saved[8..saved.len() - 32];
    let decoded = crate::wire::cbor::decode(body, ErrorCode::BadCheckpointState).expect("CBOR");
    let Value::Map(mut map) = decoded else {
        panic!("a saved state is a CBOR map")
    };
    map.retain(|(k, _)| crate::wire::cbor::as_i64(k) != Some(14));
    map.push((Value::from(14u64), Value::Array(entry)));
    let mut out = saved[..8].to_vec();
    out.extend(crate::wire::cbor::encode(&Value::Map(map)));
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    out
}

#[test]
fn a_saved_dsc_list_restores_in_either_build_and_its_floor_stays() {
    let root = PrivateKey::from_seed(&[1; 32]);
    let empty = Checkpoint::new(root.public_key(), "cp", None).save();
    let held = with_dsc_entry(
        &empty,
        vec![3u64.into(), Value::Bytes(empty_dsc_list(&root, 3))],
    );
    let floor_only = with_dsc_entry(&empty, vec![3u64.into()]);
    let mut back = Checkpoint::restore(&held).expect("restores");
    if cfg!(feature = "dcc") {
        assert_eq!(back.dsc_list_info().map(|i| i.sequence), Some(3));
        assert_eq!(back.save(), held);
    } else {
        // The envelope is skipped (a build without dcc cannot read it); the floor stays.
        assert_eq!(back.dsc_list_info(), None);
        assert_eq!(back.save(), floor_only);
    }
    // Restored from the floor alone (what a build without dcc saved): an older
    // or equal list is refused, a newer one loads — with dcc.
    let mut from_floor = Checkpoint::restore(&floor_only).expect("restores");
    assert_eq!(from_floor.save(), floor_only);
    let expected = if cfg!(feature = "dcc") {
        ErrorCode::DscListRollback
    } else {
        ErrorCode::DccUnsupported
    };
    // A list below the floor is refused by both.
    let refuse = |cp: &mut Checkpoint, sequence: u64| {
        let before = cp.save();
        let offered = cp.offer(&empty_dsc_list(&root, sequence));
        assert_eq!(code(offered), Some(expected), "sequence {sequence}");
        assert_eq!(cp.save(), before, "a refused list changes nothing");
    };
    refuse(&mut back, 2);
    refuse(&mut from_floor, 2);
    let entry = |sequence: u64| IndexEntry {
        name: "dsc.vn1d".into(),
        list_type: 6,
        sequence,
        sha256: [0; 32],
        id: None,
    };
    let at = |sequence: u64| PublishIndex {
        info: ListInfo {
            sequence: 1,
            issued_at: Timestamp(1_631_000_000),
            next_update: Timestamp(1_631_086_400),
        },
        entries: vec![entry(sequence)],
    };
    // As for a trust list, the floor is inclusive while none is held: the list
    // held before (sequence 3) is wanted and loads again in a dcc build; once it
    // is held, another list with its sequence is a rollback.
    if cfg!(feature = "dcc") {
        let mut again = Checkpoint::restore(&floor_only).expect("restores");
        assert!(!again.wanted(&at(3)).is_empty());
        assert!(again.wanted(&at(2)).is_empty());
        let loaded = again.offer(&empty_dsc_list(&root, 3)).expect("loads");
        assert_eq!(loaded.sequence, 3);
        assert!(again.wanted(&at(3)).is_empty());
        let before = again.save();
        let same_sequence = dsc_list_until(&root, 3, 2 * 86_400);
        let refused = again.offer(&same_sequence);
        assert_eq!(code(refused), Some(ErrorCode::DscListRollback));
        assert_eq!(again.save(), before);
    } else {
        refuse(&mut from_floor, 3);
        assert!(from_floor.wanted(&at(3)).is_empty());
    }
    let wanted_newer = from_floor.wanted(&at(4));
    assert_eq!(wanted_newer.is_empty(), !cfg!(feature = "dcc"));
    let newer = from_floor.offer(&empty_dsc_list(&root, 4));
    assert_eq!(
        newer.map(|o| o.sequence).ok(),
        cfg!(feature = "dcc").then_some(4)
    );
    // Key 14 is still read strictly in both builds.
    let t0 = Timestamp(1_631_000_000);
    let mut list = TrustList::new(t0, t0.add_seconds(86_400));
    list.sequence = 1;
    let trust_list = Value::Bytes(list.sign(&root).expect("signs"));
    for entry in [
        vec![3u64.into(), trust_list],
        vec![3u64.into(), Value::Bytes(b"not a list".to_vec())],
        vec![Value::Text("3".into())],
        vec![
            3u64.into(),
            Value::Bytes(empty_dsc_list(&root, 3)),
            1u64.into(),
        ],
    ] {
        let state = with_dsc_entry(&empty, entry);
        assert_eq!(
            code(Checkpoint::restore(&state)),
            Some(ErrorCode::BadCheckpointState)
        );
    }
}
