//! Builders for trusted keys and trust stores of the fixed keys, and tokens
//! issued with them.

use qrpass::{Error, Issuer, Pass, PassKind, PrivateKey, TrustStore, TrustedKey};

use crate::clock::{ts, KEYS_FROM};
use crate::keys::vector_key;

/// `key`'s public key, trusted for `issuer` and `kinds` from [`KEYS_FROM`].
pub fn trusted(key: &PrivateKey, issuer: &str, kinds: &[PassKind]) -> TrustedKey {
    TrustedKey::new(key.public_key(), issuer, kinds, KEYS_FROM)
}

/// A trust store of `keys`; empty if they conflict (the fixtures' keys never do).
pub fn store(keys: Vec<TrustedKey>) -> TrustStore {
    TrustStore::from_keys(keys).unwrap_or_default()
}

/// The default trust store of `spec/vectors`: the VN-SG and VN-HN keys for every kind.
pub fn vector_trust() -> TrustStore {
    store(
        ["VN-SG", "VN-HN"]
            .iter()
            .map(|&issuer| trusted(&vector_key(issuer), issuer, PassKind::ALL))
            .collect(),
    )
}

/// `pass` signed by the `spec/vectors` key of `issuer` at `iat` (RFC 3339) with token id `cti`.
pub fn issue(issuer: &str, pass: &Pass, iat: &str, cti: &[u8]) -> Result<String, Error> {
    Issuer::new(vector_key(issuer), issuer)?.issue_with(pass, ts(iat), cti)
}
