//! Revoked token ids.
//!
//! The verifier asks a [`RevocationCheck`] whether a token's `cti` is revoked.
//! [`RevocationList`] is the compact in-memory form: a sorted table of 16-byte
//! SHA-256 prefixes of the revoked ids, held as one flat byte buffer (16 bytes
//! per entry, no per-entry allocation) and looked up by binary search.
//!
//! Because entries are hash prefixes, they are spread evenly: a bucket index on
//! their top bits (one `u32` per eight entries, about 0.5 byte per entry) narrows
//! each search to a handful of neighbouring entries, so a lookup costs about two
//! memory reads even at ten million entries.
//!
//! Signed revocation lists and deltas ([`SignedRevocation`], [`RevocationDelta`])
//! carry that table as one byte string (spec/TRUST.md §4).

mod signed;

use std::cmp::Ordering;

use sha2::{Digest, Sha256};

pub use signed::{RevocationDelta, RevocationUpdate, SignedRevocation};

use crate::error::{err, Result};
use crate::list_info::ListInfo;

/// Bytes per revocation entry.
pub const ENTRY_LEN: usize = 16;

/// Answers whether a token id is revoked.
pub trait RevocationCheck: Send + Sync {
    /// Whether the token with this `cti` is revoked.
    fn is_revoked(&self, cti: &[u8]) -> bool;

    /// The signed list's sequence and times, if the revocations came from one.
    fn list_info(&self) -> Option<ListInfo> {
        None
    }
}

/// A sorted set of revoked token ids, 16 bytes per entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationList {
    /// 16·n bytes, entries strictly ascending.
    entries: Vec<u8>,
    /// `index[b]` is the position of the first entry whose top `bits` bits are `>= b`;
    /// `2^bits + 1` items.
    index: Vec<u32>,
    bits: u32,
    info: Option<ListInfo>,
}

impl Default for RevocationList {
    fn default() -> Self {
        RevocationList::indexed(Vec::new(), None)
    }
}

/// Entries per index bucket aimed at.
const BUCKET_TARGET: usize = 8;
/// The most index bits: 2^22 buckets, 16 MiB, reached at 32 million entries.
const MAX_INDEX_BITS: u32 = 22;

/// The 16-byte entry for a token id: the first 16 bytes of SHA-256(cti).
pub fn entry_of(cti: &[u8]) -> [u8; 16] {
    let digest = Sha256::digest(cti);
    let mut entry = [0u8; 16];
    entry.copy_from_slice(&digest[..16]);
    entry
}

fn key(chunk: &[u8]) -> u128 {
    chunk.try_into().map(u128::from_be_bytes).unwrap_or(0)
}

impl RevocationList {
    /// Wraps a table already checked to be strictly ascending, and builds its index.
    fn indexed(entries: Vec<u8>, info: Option<ListInfo>) -> RevocationList {
        let n = entries.len() / ENTRY_LEN;
        let bits = if u32::try_from(n).is_err() || n < 2 * BUCKET_TARGET {
            0
        } else {
            (n / BUCKET_TARGET).ilog2().min(MAX_INDEX_BITS)
        };
        let buckets = 1usize << bits;
        let mut index = Vec::with_capacity(buckets + 1);
        for (i, chunk) in entries.chunks_exact(ENTRY_LEN).enumerate() {
            let b = bucket(key(chunk), bits);
            while index.len() <= b {
                index.push(i as u32);
            }
        }
        index.resize(buckets + 1, n as u32);
        RevocationList {
            entries,
            index,
            bits,
            info,
        }
    }

    /// Builds a list from token ids.
    pub fn from_ctis<I, T>(ctis: I) -> RevocationList
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        RevocationList::from_entries(ctis.into_iter().map(|c| entry_of(c.as_ref())).collect())
    }

    /// Builds a list from entries in any order (sorted and deduplicated here).
    pub fn from_entries(mut entries: Vec<[u8; 16]>) -> RevocationList {
        crate::sort::sort_unstable(&mut entries);
        entries.dedup();
        RevocationList::indexed(entries.concat(), None)
    }

    /// Takes a flat table of 16-byte entries that must already be strictly ascending.
    ///
    /// `bad_revocation_list` when its length is not a multiple of 16 or an entry is
    /// not greater than the one before. No copy is made.
    pub fn from_sorted_bytes(entries: Vec<u8>) -> Result<RevocationList> {
        check_sorted(&entries)?;
        Ok(RevocationList::indexed(entries, None))
    }

    /// Attaches the signed list's sequence and times.
    #[must_use]
    pub fn with_info(mut self, info: ListInfo) -> RevocationList {
        self.info = Some(info);
        self
    }

    /// The signed list's sequence and times, when it came from one.
    pub fn info(&self) -> Option<ListInfo> {
        self.info
    }

    /// Number of revoked ids.
    pub fn len(&self) -> usize {
        self.entries.len() / ENTRY_LEN
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The flat table: 16 bytes per entry, ascending.
    pub fn as_bytes(&self) -> &[u8] {
        &self.entries
    }

    /// The entries in ascending order.
    pub fn entries(&self) -> impl Iterator<Item = [u8; 16]> + '_ {
        self.entries
            .chunks_exact(ENTRY_LEN)
            .map(|c| c.try_into().unwrap_or([0; 16]))
    }

    /// Whether this entry is in the list: binary search within its index bucket.
    ///
    /// O(log n) worst case; about three dependent memory reads (index, then two
    /// probes into a bucket of about eight adjacent entries) on average.
    pub fn contains_entry(&self, entry: &[u8; 16]) -> bool {
        let target = u128::from_be_bytes(*entry);
        let b = bucket(target, self.bits);
        let (Some(&lo), Some(&hi)) = (self.index.get(b), self.index.get(b + 1)) else {
            return false;
        };
        let (mut lo, mut hi) = (lo as usize, hi as usize);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let at = mid * ENTRY_LEN;
            match self
                .entries
                .get(at..at + ENTRY_LEN)
                .map(key)
                .map(|k| k.cmp(&target))
            {
                Some(Ordering::Less) => lo = mid + 1,
                Some(Ordering::Greater) => hi = mid,
                Some(Ordering::Equal) => return true,
                None => return false,
            }
        }
        false
    }

    /// This list with `delta` applied: `(self ∪ added) ∖ removed`, carrying the delta's sequence.
    ///
    /// `revocation_delta_mismatch` unless the delta's base is this list's sequence.
    pub fn apply(&self, delta: &RevocationDelta) -> Result<RevocationList> {
        let held = self.info.map(|i| i.sequence);
        if held != Some(delta.base_sequence) {
            return Err(err!(
                RevocationDeltaMismatch,
                "the delta applies to revocation list {}, but list {} is held",
                delta.base_sequence,
                held.map_or_else(|| "without a sequence".to_string(), |s| s.to_string())
            ));
        }
        let union = merge(&self.entries, delta.added.as_bytes(), |in_a, in_b| {
            in_a || in_b
        });
        let entries = merge(&union, delta.removed.as_bytes(), |in_a, in_b| in_a && !in_b);
        Ok(RevocationList::indexed(entries, Some(delta.info)))
    }
}

/// The index bucket of an entry: its top `bits` bits.
fn bucket(key: u128, bits: u32) -> usize {
    key.checked_shr(128 - bits).map_or(0, |b| b as usize)
}

/// Merges two sorted tables, keeping an entry when `keep(in a, in b)`.
fn merge(a: &[u8], b: &[u8], keep: impl Fn(bool, bool) -> bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut ia, mut ib) = (
        a.chunks_exact(ENTRY_LEN).peekable(),
        b.chunks_exact(ENTRY_LEN).peekable(),
    );
    loop {
        let (x, in_a, in_b) = match (ia.peek(), ib.peek()) {
            (None, None) => break,
            (Some(&x), None) => (x, true, false),
            (None, Some(&y)) => (y, false, true),
            (Some(&x), Some(&y)) => match key(x).cmp(&key(y)) {
                Ordering::Less => (x, true, false),
                Ordering::Greater => (y, false, true),
                Ordering::Equal => (x, true, true),
            },
        };
        if in_a {
            ia.next();
        }
        if in_b {
            ib.next();
        }
        if keep(in_a, in_b) {
            out.extend_from_slice(x);
        }
    }
    out
}

/// Checks a flat table is whole entries, strictly ascending.
fn check_sorted(entries: &[u8]) -> Result<()> {
    if !entries.len().is_multiple_of(ENTRY_LEN) {
        return Err(err!(
            BadRevocationList,
            "the entry table is {} bytes, not a multiple of {ENTRY_LEN}",
            entries.len()
        ));
    }
    let mut previous: Option<u128> = None;
    for (i, chunk) in entries.chunks_exact(ENTRY_LEN).enumerate() {
        let k = key(chunk);
        if previous.is_some_and(|p| p >= k) {
            return Err(err!(
                BadRevocationList,
                "revocation entry {i} is not greater than the one before"
            ));
        }
        previous = Some(k);
    }
    Ok(())
}

impl RevocationCheck for RevocationList {
    fn is_revoked(&self, cti: &[u8]) -> bool {
        self.contains_entry(&entry_of(cti))
    }

    fn list_info(&self) -> Option<ListInfo> {
        self.info
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;
    use crate::ErrorCode;

    #[test]
    fn lookup_finds_only_revoked_ids() {
        let list = RevocationList::from_ctis([b"a".as_slice(), b"b", b"a"]);
        assert_eq!(list.len(), 2);
        assert!(list.is_revoked(b"a") && list.is_revoked(b"b"));
        assert!(!list.is_revoked(b"c"));
        assert!(!RevocationList::default().is_revoked(b"a"));
    }

    #[test]
    fn lookup_agrees_with_a_linear_scan() {
        for n in [0u32, 1, 15, 16, 17, 250, 20_000] {
            let ctis: Vec<[u8; 4]> = (0..2 * n).map(u32::to_be_bytes).collect();
            let list = RevocationList::from_ctis(ctis.iter().step_by(2));
            assert_eq!(list.len(), n as usize);
            for (i, cti) in ctis.iter().enumerate() {
                assert_eq!(list.is_revoked(cti), i % 2 == 0, "{n}: {i}");
            }
            assert!(list.entries().all(|e| list.contains_entry(&e)));
            assert!(!list.contains_entry(&[0; 16]) && !list.contains_entry(&[0xff; 16]));
            let again =
                RevocationList::from_sorted_bytes(list.as_bytes().to_vec()).expect("sorted");
            assert_eq!(again, list);
        }
    }

    #[test]
    fn crowded_buckets_are_searched_too() {
        // 1,000 entries whose top byte is 0 all land in the first of 64 buckets.
        let crowded: Vec<[u8; 16]> = (0u32..1000)
            .map(|i| {
                let mut e = [0u8; 16];
                e[1..5].copy_from_slice(&(i * 2).to_be_bytes());
                e
            })
            .collect();
        let list = RevocationList::from_entries(crowded.clone());
        assert!(crowded.iter().all(|e| list.contains_entry(e)));
        let mut absent = crowded[500];
        absent[4] += 1;
        assert!(!list.contains_entry(&absent) && !list.contains_entry(&[0xff; 16]));
    }

    #[test]
    fn unsorted_or_ragged_tables_give_bad_revocation_list() {
        let list = RevocationList::from_ctis([b"a".as_slice(), b"b"]);
        let bytes = list.as_bytes();
        let mut swapped = bytes[16..].to_vec();
        swapped.extend_from_slice(&bytes[..16]);
        let mut dup = bytes[..16].to_vec();
        dup.extend_from_slice(&bytes[..16]);
        for bad in [swapped, dup, bytes[..15].to_vec()] {
            let e = RevocationList::from_sorted_bytes(bad).expect_err("bad");
            assert_eq!(e.code(), ErrorCode::BadRevocationList);
        }
        assert_eq!(
            RevocationList::from_sorted_bytes(Vec::new()).map(|l| l.len()),
            Ok(0)
        );
    }

    #[test]
    fn deltas_apply_only_to_their_base() {
        let info = |sequence| ListInfo {
            sequence,
            issued_at: Timestamp(1_630_000_000),
            next_update: Timestamp(1_630_086_400),
        };
        let old = RevocationList::from_ctis([b"a".as_slice(), b"b", b"c"]).with_info(info(4));
        let new = RevocationList::from_ctis([b"b".as_slice(), b"c", b"d", b"e"]).with_info(info(5));
        let delta = RevocationDelta::between(&old, &new, info(5)).expect("old has a sequence");
        assert_eq!(
            (delta.added.len(), delta.removed.len(), delta.base_sequence),
            (2, 1, 4)
        );
        assert_eq!(old.apply(&delta), Ok(new.clone()));
        let e = new.apply(&delta).expect_err("base 4, held 5");
        assert_eq!(e.code(), ErrorCode::RevocationDeltaMismatch);
        let e = RevocationList::from_ctis([b"a"])
            .apply(&delta)
            .expect_err("no sequence");
        assert_eq!(e.code(), ErrorCode::RevocationDeltaMismatch);
        let e = RevocationDelta::between(&RevocationList::default(), &new, info(5))
            .expect_err("no base");
        assert_eq!(e.code(), ErrorCode::BadRevocationList);
    }
}
