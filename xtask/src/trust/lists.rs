//! The lists and tokens the trust scenarios load and verify: signed trust
//! lists of several sequences and roots, and hostile ones (bit-flipped,
//! re-ordered, unsorted), and revocation lists and deltas.

use ciborium::value::Value;
use qrpass::internal::cbor;
use qrpass::internal::list as envelope;
use qrpass::revocation::RevocationDelta;
use qrpass::{Error, ErrorCode, KeyStatus, Pass, PassKind, RevocationList, TrustList};
use qrpass_testkit::clock::IAT;
use qrpass_testkit::{example, issue, ts, vector_key};

use super::{list, rev_info, signed, File, FRESH};

/// Everything the scenarios share.
pub struct Fixtures {
    /// The example permit issued by VN-SG at IAT, token id `permit-1`.
    pub good: String,
    /// The permit issued on 2021-09-06, after VN-SG's key was retired.
    pub late: String,
    /// List 1 signed by root 1.
    pub l1: File,
    /// List 5 signed by root 1.
    pub l5: File,
    /// The bytes of `l5`.
    pub l5_bytes: Vec<u8>,
    /// Another list 5 (without VN-HN's key).
    pub other5: TrustList,
    /// `l5` with one bit of its signature flipped.
    pub flipped: Vec<u8>,
    /// List 5 with its keys in descending order, validly signed.
    pub reordered: File,
    /// List 2 announcing root 2.
    pub announcing: TrustList,
    /// List 1 with VN-SG's key retired 2021-09-05.
    pub retiring: TrustList,
    /// List 1 with VN-SG's key revoked 2021-09-05.
    pub revoking: TrustList,
    /// List 1 naming a revocation signer.
    pub with_signer: TrustList,
    /// The full revocation list 1 (`other`).
    pub rev1: RevocationList,
    /// The delta 1 → 2 adding `permit-1`.
    pub delta: RevocationDelta,
    /// A delta from base 7.
    pub stray: RevocationDelta,
    /// A validly signed revocation list whose entries are out of order.
    pub unsorted_list: File,
}

/// Builds the fixtures.
pub fn fixtures() -> Result<Fixtures, Error> {
    let permit = example(PassKind::Permit)?;
    let l5 = signed(&list(5, FRESH), "root-1")?;
    let l5_bytes = l5.bytes();
    let mut other5 = list(5, FRESH);
    other5.keys.pop();
    let mut flipped = l5_bytes.clone();
    if let Some(b) = flipped.last_mut() {
        *b ^= 1;
    }
    let with_status = |status| {
        let mut l = list(1, FRESH);
        l.keys[0].status = status;
        l
    };
    let mut announcing = list(2, FRESH);
    announcing.next_root = Some(vector_key("root-2").public_key());
    let mut with_signer = list(1, FRESH);
    with_signer.revocation_signers = vec![vector_key("revocation-signer").public_key()];
    let (rev1, delta, stray) = deltas()?;
    Ok(Fixtures {
        good: issue("VN-SG", &permit, IAT, b"permit-1")?,
        late: late_token(&permit)?,
        l1: signed(&list(1, FRESH), "root-1")?,
        l5,
        l5_bytes,
        other5,
        flipped,
        reordered: reordered()?,
        announcing,
        retiring: with_status(KeyStatus::Retired(ts("2021-09-05T00:00:00+07:00"))),
        revoking: with_status(KeyStatus::Revoked(ts("2021-09-05T00:00:00+07:00"))),
        with_signer,
        rev1,
        delta,
        stray,
        unsorted_list: unsorted_list(),
    })
}

fn late_token(permit: &Pass) -> Result<String, Error> {
    issue("VN-SG", permit, "2021-09-06T08:00:00+07:00", b"permit-late")
}

/// Keys in descending order, validly signed: not the canonical encoding.
fn reordered() -> Result<File, Error> {
    let mut value = cbor::decode(&list(5, FRESH).to_payload()?, ErrorCode::BadTrustList)?;
    if let Value::Map(m) = &mut value {
        for (k, v) in m.iter_mut() {
            if k == &Value::from(4u64) {
                if let Value::Array(keys) = v {
                    keys.reverse();
                }
            }
        }
    }
    Ok(File::Binary(envelope::sign(
        &vector_key("root-1"),
        cbor::encode(&value),
    )))
}

/// Revocation list 1, the delta 1 → 2, and a delta from base 7.
fn deltas() -> Result<(RevocationList, RevocationDelta, RevocationDelta), Error> {
    let rev1 = RevocationList::from_ctis([b"other".as_slice()]).with_info(rev_info(1, FRESH));
    let rev2 =
        RevocationList::from_ctis([b"other".as_slice(), b"permit-1"]).with_info(rev_info(2, FRESH));
    let delta = RevocationDelta::between(&rev1, &rev2, rev_info(2, FRESH))?;
    let stray = RevocationDelta {
        base_sequence: 7,
        info: rev_info(8, FRESH),
        ..delta.clone()
    };
    Ok((rev1, delta, stray))
}

/// A revocation list payload with its entries rotated out of order, signed by root 1.
fn unsorted_list() -> File {
    let mut unsorted = RevocationList::from_ctis([b"a".as_slice(), b"b"])
        .as_bytes()
        .to_vec();
    unsorted.rotate_left(16);
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
    File::Binary(envelope::sign(&vector_key("root-1"), cbor::encode(&map)))
}

/// List 6 signed by root 1 with its payload edited by `f` (key → value pairs,
/// kept in ascending key order): for lists `TrustList::sign` would refuse.
pub fn edited(f: impl Fn(&mut Vec<(Value, Value)>)) -> Result<File, Error> {
    let mut value = cbor::decode(&list(6, FRESH).to_payload()?, ErrorCode::BadTrustList)?;
    if let Value::Map(m) = &mut value {
        f(m);
        m.sort_by_key(|(k, _)| cbor::encode(k));
    }
    Ok(File::Binary(envelope::sign(
        &vector_key("root-1"),
        cbor::encode(&value),
    )))
}

/// A list whose next update (key 3) is `t` seconds.
pub fn next_update_at(t: u64) -> Result<File, Error> {
    edited(|m| {
        for (k, v) in m.iter_mut() {
            if k == &Value::from(3u64) {
                *v = Value::from(t);
            }
        }
    })
}

/// A list announcing as next root (key 5) 32 bytes that are not an Ed25519 point.
pub fn invalid_next_root() -> Result<File, Error> {
    let not_a_point = (0u8..=255)
        .map(|i| {
            let mut b = [0u8; 32];
            b[0] = i;
            b
        })
        .find(|b| qrpass::PublicKey::from_bytes(b).is_err())
        .unwrap_or([0xff; 32]);
    edited(|m| m.push((Value::from(5u64), Value::Bytes(not_a_point.to_vec()))))
}
