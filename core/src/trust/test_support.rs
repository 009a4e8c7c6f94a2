//! Fixtures shared by the trust and revocation list tests: keys, lists, tokens, hand-edited payloads.

pub(super) use std::sync::Arc;

pub(super) use ciborium::value::{Integer, Value};

pub(super) use super::*;
pub(super) use crate::revocation::{RevocationDelta, RevocationUpdate, SignedRevocation};
pub(super) use crate::wire::cbor;
pub(super) use crate::wire::list::{to_text, REVOCATION_LIST_PREFIX};
pub(super) use crate::{ErrorCode, Issuer, Pass, PrivateKey, RevocationList, Verifier};

pub(super) const T0: i64 = 1_630_454_400; // 2021-09-01T00:00:00Z
pub(super) const DAY: i64 = 86_400;

pub(super) fn ts(days: i64) -> Timestamp {
    Timestamp(T0 + days * DAY)
}

pub(super) fn root(n: u8) -> PrivateKey {
    PrivateKey::from_seed(&[0xa0 + n; 32])
}

pub(super) fn issuer_key(n: u8) -> PrivateKey {
    PrivateKey::from_seed(&[n; 32])
}

pub(super) fn trusted(n: u8, issuer: &str) -> TrustedKey {
    TrustedKey::new(
        issuer_key(n).public_key(),
        issuer,
        &[PassKind::Permit, PassKind::Declaration],
        ts(-200),
    )
}

/// A list with keys 1 (VN-SG) and 2 (VN-HN), issued at day 0, due at day 7.
pub(super) fn list(sequence: u64) -> TrustList {
    let mut l = TrustList::new(ts(0), ts(7));
    l.sequence = sequence;
    l.keys = vec![trusted(1, "VN-SG"), trusted(2, "VN-HN")];
    l
}

pub(super) fn code<T>(r: Result<T>) -> Option<ErrorCode> {
    r.err().map(|e| e.code())
}

/// The permit example, issued by key `n` for VN-SG at `iat`.
pub(super) fn token(n: u8, iat: Timestamp, cti: &[u8]) -> String {
    let pass =
        Pass::from_json(include_str!("../../../spec/examples/permit.json")).expect("example");
    Issuer::new(issuer_key(n), "VN-SG")
        .and_then(|i| i.issue_with(&pass, iat, cti))
        .expect("issues")
}

/// Re-encodes a trust list payload after `edit`, and signs it with root 0.
pub(super) fn resigned(list: &TrustList, edit: impl Fn(&mut Vec<(Value, Value)>)) -> Vec<u8> {
    let payload = list.to_payload().expect("valid list");
    let mut value = cbor::decode(&payload, ErrorCode::BadTrustList).expect("decodes");
    if let Value::Map(m) = &mut value {
        edit(m);
    }
    crate::wire::list::sign(&root(0), cbor::encode(&value))
}

pub(super) fn int(i: i64) -> Value {
    Value::Integer(Integer::from(i))
}

pub(super) fn field(m: &mut [(Value, Value)], key: i64) -> Option<&mut Value> {
    m.iter_mut().find(|(k, _)| *k == int(key)).map(|(_, v)| v)
}

pub(super) fn first_key(m: &mut [(Value, Value)]) -> Option<&mut Vec<(Value, Value)>> {
    match field(m, 4) {
        Some(Value::Array(keys)) => match keys.first_mut() {
            Some(Value::Map(k)) => Some(k),
            _ => None,
        },
        _ => None,
    }
}
