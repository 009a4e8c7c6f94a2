//! Revoked token ids.
//!
//! The verifier asks a [`RevocationCheck`] whether a token's `cti` is revoked.
//! [`RevocationList`] is the compact in-memory form: a sorted table of 16-byte
//! SHA-256 prefixes of the revoked ids, looked up by binary search.

use sha2::{Digest, Sha256};

/// Answers whether a token id is revoked.
pub trait RevocationCheck: Send + Sync {
    /// Whether the token with this `cti` is revoked.
    fn is_revoked(&self, cti: &[u8]) -> bool;
}

/// A sorted set of revoked token ids, 16 bytes per entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RevocationList {
    entries: Vec<[u8; 16]>,
}

/// The 16-byte entry for a token id: the first 16 bytes of SHA-256(cti).
pub fn entry_of(cti: &[u8]) -> [u8; 16] {
    let digest = Sha256::digest(cti);
    let mut entry = [0u8; 16];
    entry.copy_from_slice(&digest[..16]);
    entry
}

impl RevocationList {
    /// Builds a list from token ids.
    pub fn from_ctis<I, T>(ctis: I) -> RevocationList
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let mut entries: Vec<[u8; 16]> = ctis.into_iter().map(|c| entry_of(c.as_ref())).collect();
        entries.sort_unstable();
        entries.dedup();
        RevocationList { entries }
    }

    /// Number of revoked ids.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl RevocationCheck for RevocationList {
    fn is_revoked(&self, cti: &[u8]) -> bool {
        self.entries.binary_search(&entry_of(cti)).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_only_revoked_ids() {
        let list = RevocationList::from_ctis([b"a".as_slice(), b"b", b"a"]);
        assert_eq!(list.len(), 2);
        assert!(list.is_revoked(b"a") && list.is_revoked(b"b"));
        assert!(!list.is_revoked(b"c"));
        assert!(!RevocationList::default().is_revoked(b"a"));
    }
}
