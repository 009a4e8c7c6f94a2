//! The trust store: which issuer keys a verifier trusts, for which pass kinds and when.
//!
//! A [`TrustStore`] is plain data. It is loaded from the JSON trust file that
//! `qrpass keygen` writes; signed trust lists ([`TrustList`], issued by a
//! national root key) produce the same type. A [`TrustAnchor`] holds the root
//! key and the lists in force on a verifier, with rollback protection and root
//! rotation; [`TrustInfo`] reports on every result which lists were used and
//! whether they were stale.

mod anchor;
mod list;
#[cfg(test)]
mod list_tests;
#[cfg(test)]
mod revocation_tests;
#[cfg(test)]
mod test_support;

pub use crate::list_info::{ListInfo, ListStatus, TrustInfo};
pub use anchor::{LoadOutcome, TrustAnchor};
pub use list::{SignedTrustList, TrustList, MAX_TRUST_LIST_BYTES, MAX_TRUST_LIST_KEYS};

use serde::{Deserialize, Serialize};

use crate::error::{err, Result};
use crate::json::{Read, Value};
use crate::keys::{hex_decode, Kid, PublicKey};
use crate::model::PassKind;
use crate::time::Timestamp;

/// Whether a key may still sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    /// In use.
    Active,
    /// Retired at this time: tokens issued before it stay valid until they expire.
    Retired(Timestamp),
    /// Revoked (compromised) at this time: no token from this key is accepted.
    Revoked(Timestamp),
}

/// One trusted issuer key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedKey {
    /// The key id; derived from the public key (a stored kid must match it).
    pub kid: Kid,
    /// The Ed25519 public key (hex of the 32 raw bytes in JSON).
    pub public_key: PublicKey,
    /// The issuer id tokens from this key must carry in `iss`, e.g. `VN-HN`.
    pub issuer: String,
    /// The pass kinds this key may sign.
    pub kinds: Vec<PassKind>,
    /// The key may sign tokens issued from this time on.
    pub valid_from: Timestamp,
    /// The key may sign tokens issued before this time (none: no end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Timestamp>,
    /// Active, retired or revoked.
    #[serde(default = "active")]
    pub status: KeyStatus,
}

fn active() -> KeyStatus {
    KeyStatus::Active
}

impl TrustedKey {
    /// A new active key for `issuer`, allowed to sign `kinds` from `valid_from` on.
    pub fn new(
        public_key: PublicKey,
        issuer: &str,
        kinds: &[PassKind],
        valid_from: Timestamp,
    ) -> TrustedKey {
        TrustedKey {
            kid: public_key.kid(),
            public_key,
            issuer: issuer.to_string(),
            kinds: kinds.to_vec(),
            valid_from,
            valid_until: None,
            status: KeyStatus::Active,
        }
    }

    pub(crate) fn check(&self) -> Result<()> {
        if self.kid != self.public_key.kid() {
            return Err(err!(
                BadTrustList,
                "key {} has a kid that does not match its public key ({})",
                self.kid,
                self.public_key.kid()
            ));
        }
        if self.kinds.is_empty() {
            return Err(err!(BadTrustList, "key {} may sign no pass kind", self.kid));
        }
        crate::issue::check_issuer_id(&self.issuer)
            .map_err(|e| err!(BadTrustList, "key {}: {}", self.kid, e.message()))
    }
}

/// The keys a verifier trusts, indexed by kid.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustStore {
    /// The keys, kept sorted by kid.
    keys: Vec<TrustedKey>,
}

impl TrustStore {
    /// Builds a store from keys, checking each one.
    pub fn from_keys(keys: Vec<TrustedKey>) -> Result<TrustStore> {
        let mut store = TrustStore::default();
        for key in keys {
            store.add(key)?;
        }
        Ok(store)
    }

    /// Reads the JSON trust file (`{"keys": [...]}`, SPEC.md §12): malformed
    /// JSON, a missing or unknown field or a bad value is `bad_trust_list`.
    pub fn from_json(json: &str) -> Result<TrustStore> {
        let keys = read_file(json).map_err(|e| err!(BadTrustList, "trust file JSON: {e}"))?;
        TrustStore::from_keys(keys)
    }

    /// Writes the JSON trust file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Adds a key; a key with the same public key replaces the old entry.
    pub fn add(&mut self, key: TrustedKey) -> Result<()> {
        key.check()?;
        self.keys.retain(|k| k.public_key != key.public_key);
        let at = self.keys.partition_point(|k| k.kid <= key.kid);
        self.keys.insert(at, key);
        Ok(())
    }

    /// Every key with this kid (normally one; all are tried).
    pub fn keys_for(&self, kid: &Kid) -> &[TrustedKey] {
        let start = self.keys.partition_point(|k| k.kid < *kid);
        let end = self.keys.partition_point(|k| k.kid <= *kid);
        &self.keys[start..end]
    }

    /// All keys, sorted by kid.
    pub fn keys(&self) -> &[TrustedKey] {
        &self.keys
    }

    /// Mutable access to one key by public key (to retire or revoke it).
    pub fn key_mut(&mut self, public_key: &PublicKey) -> Option<&mut TrustedKey> {
        self.keys.iter_mut().find(|k| &k.public_key == public_key)
    }
}

/// The keys of a JSON trust file, read with the core's JSON reader.
fn read_file(json: &str) -> Read<Vec<TrustedKey>> {
    let value = Value::parse(json)?;
    let mut file = value.object("")?;
    let keys = file.required("keys", |v, p| v.list(p, read_key))?;
    file.finish()?;
    Ok(keys)
}

/// One key of a trust file (exactly the fields of SPEC.md §12).
fn read_key(v: &Value, what: &str) -> Read<TrustedKey> {
    let mut o = v.object(what)?;
    let key = TrustedKey {
        kid: o.required("kid", |v, p| v.text(p, Kid::from_hex))?,
        public_key: o.required("public_key", read_public_key)?,
        issuer: o.required("issuer", |v, p| v.str(p).map(str::to_string))?,
        kinds: o.required("kinds", |v, p| {
            v.list(p, |k, p| k.name(p, PassKind::from_name))
        })?,
        valid_from: o.required("valid_from", read_time)?,
        valid_until: o.nullable("valid_until", read_time)?,
        status: o.opt("status", read_status)?.unwrap_or(KeyStatus::Active),
    };
    o.finish()?;
    Ok(key)
}

/// The JSON trust list source (`qrpass trust`), before its checks.
fn read_list(json: &str) -> Read<TrustList> {
    let value = Value::parse(json)?;
    let mut o = value.object("")?;
    let keys = |v: &Value, p: &str| v.list(p, read_public_key);
    let list = TrustList {
        sequence: o.required("sequence", Value::u64)?,
        issued_at: o.required("issued_at", read_time)?,
        next_update: o.required("next_update", read_time)?,
        keys: o
            .opt("keys", |v, p| v.list(p, read_key))?
            .unwrap_or_default(),
        next_root: o.nullable("next_root", read_public_key)?,
        revocation_signers: o.opt("revocation_signers", keys)?.unwrap_or_default(),
        policy_signers: o.opt("policy_signers", keys)?.unwrap_or_default(),
    };
    o.finish()?;
    Ok(list)
}

/// The hex of an Ed25519 public key.
fn read_public_key(v: &Value, what: &str) -> Read<PublicKey> {
    v.text(what, |hex| match hex_decode(hex) {
        Some(bytes) => PublicKey::from_bytes(&bytes),
        None => Err(err!(BadKey, "public key is not hex")),
    })
}

/// An RFC 3339 time.
fn read_time(v: &Value, what: &str) -> Read<Timestamp> {
    v.text(what, Timestamp::parse_rfc3339)
}

/// `"active"`, `{"retired": T}` or `{"revoked": T}`.
fn read_status(v: &Value, what: &str) -> Read<KeyStatus> {
    if let Value::Str(s) = v {
        return match s.as_str() {
            "active" => Ok(KeyStatus::Active),
            _ => Err(format!(
                "`{what}`: unknown value `{s}` (a status is \"active\", {{\"retired\": T}} or {{\"revoked\": T}})"
            )),
        };
    }
    let mut o = v.object(what)?;
    let status = match (o.opt("retired", read_time)?, o.opt("revoked", read_time)?) {
        (Some(t), None) => KeyStatus::Retired(t),
        (None, Some(t)) => KeyStatus::Revoked(t),
        _ => {
            return Err(format!(
                "`{what}`: expected exactly one of `retired` and `revoked`"
            ))
        }
    };
    o.finish()?;
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::PrivateKey;
    use crate::ErrorCode;

    fn key(seed: u8) -> TrustedKey {
        let pk = PrivateKey::from_seed(&[seed; 32]).public_key();
        TrustedKey::new(pk, "VN-HN", &[PassKind::Permit], Timestamp(1_600_000_000))
    }

    #[test]
    fn json_round_trip_and_lookup() {
        let store = TrustStore::from_keys(vec![key(1), key(2)]).expect("valid");
        let again = TrustStore::from_json(&store.to_json()).expect("round trip");
        assert_eq!(again, store);
        let k = key(2);
        assert_eq!(store.keys_for(&k.kid), std::slice::from_ref(&k));
        assert!(store.keys_for(&Kid([0; 8])).is_empty());
    }

    #[test]
    fn bad_files_give_bad_trust_list() {
        let mut wrong_kid = key(1);
        wrong_kid.kid = Kid([1; 8]);
        let mut no_kinds = key(1);
        no_kinds.kinds.clear();
        let mut bad_issuer = key(1);
        bad_issuer.issuer = "hà nội".into();
        for k in [wrong_kid, no_kinds, bad_issuer] {
            let e = TrustStore::from_keys(vec![k]).expect_err("invalid");
            assert_eq!(e.code(), ErrorCode::BadTrustList);
        }
        for json in [
            "",
            "{}",
            "{\"keys\": 1}",
            "{\"keys\": [], \"extra\": 1}",
            "{\"keys\": [{\"kid\": \"00\"}]}",
        ] {
            let e = TrustStore::from_json(json).expect_err(json);
            assert_eq!(e.code(), ErrorCode::BadTrustList, "{json}");
        }
    }
}
