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
use crate::keys::{Kid, PublicKey};
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

    /// Reads the JSON trust file (`{"keys": [...]}`).
    pub fn from_json(json: &str) -> Result<TrustStore> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            keys: Vec<TrustedKey>,
        }
        let file: File =
            serde_json::from_str(json).map_err(|e| err!(BadTrustList, "trust file JSON: {e}"))?;
        TrustStore::from_keys(file.keys)
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
