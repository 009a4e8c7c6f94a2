//! Signed revocation lists and deltas.
//!
//! Signed like a trust list (the envelope of [`crate::wire::list`]) by a
//! revocation signer the trust list names (payload key 6), or by the root when
//! it names none. The entry table is ONE byte string of 16·n bytes, strictly
//! ascending, so ten million revoked ids weigh 160 MB and load with one copy.
//!
//! ```cddl
//! RevocationListPayload = {
//!   0 => 2,                ; list type: full revocation list
//!   1 => uint,             ; sequence number
//!   2 => NumericDate,      ; issued at
//!   3 => NumericDate,      ; next update
//!   4 => bstr,             ; entries: n × 16 bytes, SHA-256(cti)[0..16], strictly ascending
//!   * ExtensionKey => any  ; keys >= 100, ignored
//! }
//! RevocationDeltaPayload = {
//!   0 => 3,                ; list type: revocation delta
//!   1 => uint,             ; sequence number of the list the delta produces
//!   2 => NumericDate,      ; issued at
//!   3 => NumericDate,      ; next update
//!   4 => bstr,             ; entries added, 16-byte entries strictly ascending (may be empty)
//!   5 => uint,             ; base: the sequence this delta applies to (< key 1)
//!   ? 6 => bstr,           ; entries removed (ids whose tokens expired), strictly ascending
//!   * ExtensionKey => any
//! }
//! ```

use std::ops::Range;

use super::RevocationList;
use crate::error::{err, Error, ErrorCode, Result};
use crate::keys::{PrivateKey, PublicKey};
use crate::list_info::ListInfo;
use crate::time::Timestamp;
use crate::wire::list::{
    self as envelope, Opened, KEY_ISSUED_AT, KEY_NEXT_UPDATE, KEY_SEQUENCE, KEY_TYPE,
    REVOCATION_LIST_PREFIX, TYPE_REVOCATION_DELTA, TYPE_REVOCATION_LIST,
};
use crate::wire::slice::{write_head, Item, SliceReader};
use crate::wire::strict;

const KEY_ENTRIES: u64 = 4;
const KEY_BASE: u64 = 5;
const KEY_REMOVED: u64 = 6;
const EXTENSION_KEYS: u64 = 100;

/// The changes from one revocation list (the base) to the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationDelta {
    /// The sequence of the list this delta applies to.
    pub base_sequence: u64,
    /// The sequence and times of the list it produces.
    pub info: ListInfo,
    /// Entries added.
    pub added: RevocationList,
    /// Entries removed (for example, ids whose tokens have all expired).
    pub removed: RevocationList,
}

/// What a signed revocation file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RevocationUpdate {
    /// A whole list.
    Full(RevocationList),
    /// Changes from a base list.
    Delta(RevocationDelta),
}

/// A revocation list or delta whose signature verified.
#[derive(Clone, Debug)]
pub struct SignedRevocation {
    update: RevocationUpdate,
    signer: PublicKey,
    signature: [u8; 64],
}

fn relabel(e: Error) -> Error {
    if e.code() == ErrorCode::BadRevocationList {
        e
    } else {
        err!(
            BadRevocationList,
            "revocation list: {} ({})",
            e.message(),
            e.code()
        )
    }
}

fn uint_time(t: Timestamp) -> u64 {
    u64::try_from(t.0).unwrap_or(0)
}

/// Writes a payload map by hand: the entry table is copied once, not per entry.
fn payload(kind: u64, info: &ListInfo, entries: &[u8], delta: Option<(u64, &[u8])>) -> Vec<u8> {
    let removed = delta.map(|(_, r)| r).filter(|r| !r.is_empty());
    let pairs = 5 + u64::from(delta.is_some()) + u64::from(removed.is_some());
    let mut out = Vec::with_capacity(entries.len() + removed.map_or(0, <[u8]>::len) + 64);
    write_head(&mut out, 5, pairs);
    let uint = |out: &mut Vec<u8>, key: u64, value: u64| {
        write_head(out, 0, key);
        write_head(out, 0, value);
    };
    uint(&mut out, KEY_TYPE as u64, kind);
    uint(&mut out, KEY_SEQUENCE as u64, info.sequence);
    uint(&mut out, KEY_ISSUED_AT as u64, uint_time(info.issued_at));
    uint(
        &mut out,
        KEY_NEXT_UPDATE as u64,
        uint_time(info.next_update),
    );
    write_head(&mut out, 0, KEY_ENTRIES);
    write_head(&mut out, 2, entries.len() as u64);
    out.extend_from_slice(entries);
    if let Some((base, _)) = delta {
        uint(&mut out, KEY_BASE, base);
    }
    if let Some(r) = removed {
        write_head(&mut out, 0, KEY_REMOVED);
        write_head(&mut out, 2, r.len() as u64);
        out.extend_from_slice(r);
    }
    out
}

impl RevocationList {
    /// Signs this list with sequence and times `info`: the binary envelope.
    pub fn sign(&self, info: ListInfo, key: &PrivateKey) -> Result<Vec<u8>> {
        info.check(ErrorCode::BadRevocationList)?;
        Ok(envelope::sign(
            key,
            payload(TYPE_REVOCATION_LIST, &info, self.as_bytes(), None),
        ))
    }
}

impl RevocationDelta {
    /// The delta from `old` (which must carry a sequence) to `new`, producing a list described by `info`.
    pub fn between(
        old: &RevocationList,
        new: &RevocationList,
        info: ListInfo,
    ) -> Result<RevocationDelta> {
        let base_sequence = old.info().map(|i| i.sequence).ok_or_else(|| {
            err!(
                BadRevocationList,
                "a delta needs a base list with a sequence number"
            )
        })?;
        if info.sequence <= base_sequence {
            return Err(err!(
                BadRevocationList,
                "a delta must raise the sequence above its base {base_sequence}"
            ));
        }
        let added = super::merge(new.as_bytes(), old.as_bytes(), |in_new, in_old| {
            in_new && !in_old
        });
        let removed = super::merge(old.as_bytes(), new.as_bytes(), |in_old, in_new| {
            in_old && !in_new
        });
        Ok(RevocationDelta {
            base_sequence,
            info,
            added: RevocationList::from_sorted_bytes(added)?,
            removed: RevocationList::from_sorted_bytes(removed)?,
        })
    }

    /// Signs the delta: the binary envelope.
    pub fn sign(&self, key: &PrivateKey) -> Result<Vec<u8>> {
        self.info.check(ErrorCode::BadRevocationList)?;
        if self.info.sequence <= self.base_sequence {
            return Err(err!(
                BadRevocationList,
                "a delta must raise the sequence above its base {}",
                self.base_sequence
            ));
        }
        let body = payload(
            TYPE_REVOCATION_DELTA,
            &self.info,
            self.added.as_bytes(),
            Some((self.base_sequence, self.removed.as_bytes())),
        );
        Ok(envelope::sign(key, body))
    }
}

/// The fields of a revocation payload, byte strings as ranges into it.
#[derive(Default)]
struct Fields {
    uints: [Option<u64>; 6],
    entries: Option<Range<usize>>,
    removed: Option<Range<usize>>,
}

impl Fields {
    /// Field `i`, which the list must have.
    fn required(&self, i: usize, what: &str) -> Result<u64> {
        self.uints.get(i).copied().flatten().ok_or_else(|| {
            err!(
                BadRevocationList,
                "the revocation payload lacks {what} (field {i})"
            )
        })
    }

    /// The list type and its checked sequence and times (fields 0–3).
    fn header(&self) -> Result<(u64, ListInfo)> {
        let kind = self.required(0, "the list type")?;
        let time = |i: usize, what: &str| -> Result<Timestamp> {
            let t = self.required(i, what)?;
            i64::try_from(t)
                .map(Timestamp)
                .map_err(|_| err!(BadRevocationList, "{what} is out of range"))
        };
        let info = ListInfo {
            sequence: self.required(1, "the sequence number")?,
            issued_at: time(2, "the issue time")?,
            next_update: time(3, "the next-update time")?,
        };
        info.check(ErrorCode::BadRevocationList)?;
        Ok((kind, info))
    }

    /// A delta's update: its base, and the added and removed tables in `body`.
    fn delta(
        &self,
        info: ListInfo,
        body: &[u8],
        entries: Range<usize>,
    ) -> Result<RevocationUpdate> {
        let base_sequence = self.required(KEY_BASE as usize, "the base sequence")?;
        if info.sequence <= base_sequence {
            return Err(err!(
                BadRevocationList,
                "the delta does not raise the sequence above its base {base_sequence}"
            ));
        }
        let table = |r: Option<Range<usize>>| -> Result<RevocationList> {
            let bytes = r.and_then(|r| body.get(r)).unwrap_or_default();
            RevocationList::from_sorted_bytes(bytes.to_vec())
        };
        Ok(RevocationUpdate::Delta(RevocationDelta {
            base_sequence,
            info,
            added: table(Some(entries))?,
            removed: table(self.removed.clone())?,
        }))
    }
}

fn read_fields(payload: &[u8]) -> Result<Fields> {
    strict::check(payload).map_err(relabel)?;
    let mut r = SliceReader::new(payload);
    let Some(Item::Map(pairs)) = r.next_item() else {
        return Err(err!(
            BadRevocationList,
            "the revocation payload is not a CBOR map"
        ));
    };
    let mut f = Fields::default();
    for _ in 0..pairs {
        let key = match r.next_item() {
            Some(Item::Uint(k)) => k,
            Some(Item::Nint(n)) => {
                return Err(err!(
                    BadRevocationList,
                    "the revocation payload has unknown field -{}",
                    n.saturating_add(1)
                ))
            }
            _ => {
                return Err(err!(
                    BadRevocationList,
                    "the revocation payload has a non-integer key"
                ))
            }
        };
        if key >= EXTENSION_KEYS {
            r.skip()
                .ok_or_else(|| err!(BadRevocationList, "field {key} is malformed"))?;
            continue;
        }
        let value = r.next_item();
        match (key, value) {
            (0..=3 | KEY_BASE, Some(Item::Uint(v))) => {
                if let Some(slot) = usize::try_from(key).ok().and_then(|k| f.uints.get_mut(k)) {
                    *slot = Some(v);
                }
            }
            (KEY_ENTRIES | KEY_REMOVED, Some(Item::Bytes(b))) => {
                let end = r.position();
                let range = end - b.len()..end;
                if key == KEY_ENTRIES {
                    f.entries = Some(range);
                } else {
                    f.removed = Some(range);
                }
            }
            (0..=KEY_REMOVED, _) => {
                return Err(err!(
                    BadRevocationList,
                    "revocation payload field {key} has the wrong type"
                ))
            }
            _ => {
                return Err(err!(
                    BadRevocationList,
                    "the revocation payload has unknown field {key}"
                ))
            }
        }
    }
    Ok(f)
}

impl SignedRevocation {
    /// The `VN1R:` text form of a signed revocation list or delta.
    pub fn text_form(signed: &[u8]) -> String {
        envelope::to_text(signed, REVOCATION_LIST_PREFIX)
    }

    /// Verifies a revocation list or delta file (binary or `VN1R:` text) signed by one of `signers`.
    ///
    /// Checks the signature, the fields and that every entry table is strictly
    /// ascending; not the sequence (see [`crate::trust::TrustAnchor`]). The full
    /// list's table is taken out of the signed buffer in place: no per-entry work
    /// besides one comparison.
    pub fn verify(file: &[u8], signers: &[PublicKey]) -> Result<SignedRevocation> {
        let bytes =
            envelope::file_bytes(file, REVOCATION_LIST_PREFIX, ErrorCode::BadRevocationList)?;
        let opened = envelope::open(
            &bytes,
            signers,
            ErrorCode::BadRevocationList,
            "the revocation list",
            "a revocation signer of the trust list",
        )?;
        drop(bytes);
        let f = read_fields(opened.payload())?;
        let (kind, info) = f.header()?;
        let entries = f.entries.clone().ok_or_else(|| {
            err!(
                BadRevocationList,
                "the revocation payload lacks its entries (field 4)"
            )
        })?;
        let Opened {
            signer,
            signature,
            mut tbs,
            payload,
        } = opened;
        let update = match kind {
            TYPE_REVOCATION_LIST => {
                if f.uints.get(KEY_BASE as usize).copied().flatten().is_some()
                    || f.removed.is_some()
                {
                    return Err(err!(
                        BadRevocationList,
                        "a full revocation list has delta fields (5, 6)"
                    ));
                }
                // Cut the table out of the signed buffer: no second copy of 16·n bytes.
                tbs.truncate(payload.start + entries.end);
                tbs.drain(..payload.start + entries.start);
                RevocationUpdate::Full(RevocationList::from_sorted_bytes(tbs)?.with_info(info))
            }
            TYPE_REVOCATION_DELTA => {
                f.delta(info, tbs.get(payload).unwrap_or_default(), entries)?
            }
            other => {
                return Err(err!(
                    BadRevocationList,
                    "list type {other} is not a revocation list (2) or delta (3)"
                ))
            }
        };
        Ok(SignedRevocation {
            update,
            signer,
            signature,
        })
    }

    /// The sequence and times of the list this file is (or, for a delta, produces).
    pub fn info(&self) -> ListInfo {
        match &self.update {
            RevocationUpdate::Full(l) => l.info().unwrap_or(ListInfo {
                sequence: 0,
                issued_at: Timestamp(0),
                next_update: Timestamp(0),
            }),
            RevocationUpdate::Delta(d) => d.info,
        }
    }

    /// The key that signed it.
    pub fn signer(&self) -> PublicKey {
        self.signer
    }

    /// The signature; equal signatures mean the same content signed by the same key.
    pub fn signature(&self) -> [u8; 64] {
        self.signature
    }

    /// The list or delta.
    pub fn update(&self) -> &RevocationUpdate {
        &self.update
    }

    /// Takes the list or delta out.
    pub fn into_update(self) -> RevocationUpdate {
        self.update
    }
}
