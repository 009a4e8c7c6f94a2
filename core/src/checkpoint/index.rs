//! The signed index of a published folder (`VN1I:`, list type 5, spec/TRUST.md
//! §9.8): each file's name, list type, sequence and SHA-256, signed by the root.
//!
//! ```cddl
//! IndexPayload = {
//!   0 => 5,                  ; list type: publication index
//!   1 => uint,               ; sequence
//!   2 => NumericDate,        ; issued at
//!   3 => NumericDate,        ; next update: when the next publication is due
//!   4 => [* IndexEntry],     ; names ascending, distinct
//!   * ExtensionKey => any
//! }
//! IndexEntry = [tstr,        ; file name: 1..100 of a-z 0-9 - _ .
//!               uint,        ; list type (1..4, or 6: a DSC list)
//!               uint,        ; its sequence
//!               bstr .size 32, ; SHA-256 of the file as served
//!               ? tstr]      ; the policy id, for a policy
//! ```

use ciborium::value::Value;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Checkpoint;
use crate::error::{err, ErrorCode, Result};
use crate::keys::{PrivateKey, PublicKey};
use crate::list_info::ListInfo;
use crate::wire::cbor::{self, MapReader, MapWriter};
use crate::wire::list::{self as envelope, KEY_ISSUED_AT, KEY_NEXT_UPDATE, KEY_SEQUENCE, KEY_TYPE};

/// Text prefix of a publication index.
pub const INDEX_PREFIX: &str = "VN1I:";
/// List type 5: a publication index.
pub const TYPE_INDEX: u64 = 5;
const KEY_ENTRIES: i64 = 4;

/// One published file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    /// The file name in the folder.
    pub name: String,
    /// Its list type: 1 trust list, 2 revocation list, 3 delta, 4 policy, 6 DSC list.
    pub list_type: u64,
    /// Its sequence.
    pub sequence: u64,
    /// SHA-256 of the file's bytes, hex in JSON.
    #[serde(serialize_with = "hex32")]
    pub sha256: [u8; 32],
    /// The policy id, for a policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

fn hex32<S: serde::Serializer>(b: &[u8; 32], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&crate::keys::hex_encode(b))
}

impl IndexEntry {
    /// Whether `bytes` are the file this entry names (its SHA-256).
    pub fn matches(&self, bytes: &[u8]) -> bool {
        Sha256::digest(bytes).as_slice() == self.sha256
    }
}

/// A publication index: what a province's folder holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublishIndex {
    /// Sequence and times.
    pub info: ListInfo,
    /// The files, names ascending.
    pub entries: Vec<IndexEntry>,
}

fn check_name(name: &str) -> Result<()> {
    if super::is_plain_name(name, 100) {
        Ok(())
    } else {
        Err(err!(
            BadTrustList,
            "index: file name `{name}` is not 1..100 of a-z 0-9 - _ ."
        ))
    }
}

impl PublishIndex {
    /// An entry for `bytes` (an artifact file) named `name`; `bad_trust_list` for a bad name.
    pub fn entry(name: &str, bytes: &[u8]) -> Result<IndexEntry> {
        check_name(name)?;
        let (kind, envelope) = super::offer::peek(bytes)?;
        let sign1 = crate::wire::cose::parse_ref(&envelope)?;
        let value = cbor::decode(sign1.payload, ErrorCode::UnknownArtifact)?;
        let mut m = MapReader::new(value, ErrorCode::UnknownArtifact, "artifact")?;
        let sequence = m.uint(KEY_SEQUENCE)?;
        let id = match kind {
            super::ArtifactKind::Policy => Some(m.text(4)?),
            _ => None,
        };
        let list_type = kind.list_type();
        Ok(IndexEntry {
            name: name.into(),
            list_type,
            sequence,
            sha256: Sha256::digest(bytes).into(),
            id,
        })
    }

    /// Signs the index with the root key: the binary envelope.
    pub fn sign(&self, root: &PrivateKey) -> Result<Vec<u8>> {
        self.info.check(ErrorCode::BadTrustList)?;
        let mut entries = self.entries.clone();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        if entries.windows(2).any(|w| w[0].name == w[1].name) {
            return Err(err!(BadTrustList, "index: a file name appears twice"));
        }
        let rows = entries
            .iter()
            .map(|e| {
                check_name(&e.name)?;
                let mut row = vec![
                    Value::from(e.name.as_str()),
                    e.list_type.into(),
                    e.sequence.into(),
                    Value::Bytes(e.sha256.to_vec()),
                ];
                row.extend(e.id.as_deref().map(Value::from));
                Ok(Value::Array(row))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut w = MapWriter::new();
        w.put(KEY_TYPE, TYPE_INDEX)
            .put(KEY_SEQUENCE, self.info.sequence)
            .put(KEY_ISSUED_AT, cbor::timestamp_value(self.info.issued_at))
            .put(
                KEY_NEXT_UPDATE,
                cbor::timestamp_value(self.info.next_update),
            )
            .put(KEY_ENTRIES, Value::Array(rows));
        Ok(envelope::sign(root, cbor::encode(&w.build())))
    }

    /// Verifies an index (binary or `VN1I:` text) signed by one of `roots` (`bad_trust_list`).
    pub fn verify(file: &[u8], roots: &[PublicKey]) -> Result<PublishIndex> {
        let code = ErrorCode::BadTrustList;
        let bytes = envelope::file_bytes(file, INDEX_PREFIX, code)?;
        let opened = envelope::open(&bytes, roots, code, "the index", "the root")?;
        let value = cbor::decode(opened.payload(), code)?;
        let mut m = MapReader::new(value, code, "index")?;
        let info = envelope::read_header(&mut m, TYPE_INDEX, "a publication index", code)?;
        info.check(code)?;
        let mut entries: Vec<IndexEntry> = Vec::new();
        let mut last_name: Option<String> = None;
        for row in m.array(KEY_ENTRIES)? {
            let (name, e) = entry_from(row)?;
            if last_name.as_ref().is_some_and(|l| *l >= name) {
                return Err(err!(
                    BadTrustList,
                    "index: names are not ascending and distinct"
                ));
            }
            last_name = Some(name);
            entries.extend(e);
        }
        m.finish()?;
        Ok(PublishIndex { info, entries })
    }

    /// The text form of a signed index.
    pub fn text_form(signed: &[u8]) -> String {
        envelope::to_text(signed, INDEX_PREFIX)
    }
}

/// List types this reader knows: entries of any other type are skipped
/// (spec/TRUST.md §9.8), so an index naming a list type added later still reads.
fn is_known_type(list_type: u64) -> bool {
    matches!(list_type, 1..=4 | 6)
}

/// One index row: its name (for the ordering check) and the entry, `None`
/// for a list type this reader does not know. A row of a known type is
/// `[name, type, sequence, sha256, id?]`; of an unknown type, only
/// `[name, type, …]` is read.
fn entry_from(row: Value) -> Result<(String, Option<IndexEntry>)> {
    let bad = || {
        err!(
            BadTrustList,
            "index: an entry is not [name, type, sequence, sha256, id?]"
        )
    };
    let Value::Array(a) = row else {
        return Err(bad());
    };
    let (name, list_type) = match &a[..] {
        [Value::Text(n), t, ..] => (n.clone(), cbor::as_i64(t)),
        _ => return Err(bad()),
    };
    check_name(&name)?;
    let list_type = list_type
        .and_then(|t| u64::try_from(t).ok())
        .ok_or_else(bad)?;
    if !is_known_type(list_type) {
        return Ok((name, None));
    }
    let (sequence, sha, id) = match &a[2..] {
        [s, Value::Bytes(h), rest @ ..] if rest.len() <= 1 => {
            let id = match rest {
                [Value::Text(id)] => Some(id.clone()),
                [] => None,
                _ => return Err(bad()),
            };
            (cbor::as_i64(s), h.clone(), id)
        }
        _ => return Err(bad()),
    };
    let sequence = sequence.and_then(|s| u64::try_from(s).ok());
    let sha256: Option<[u8; 32]> = sha.try_into().ok();
    match (sequence, sha256) {
        (Some(sequence), Some(sha256)) => Ok((
            name.clone(),
            Some(IndexEntry {
                name,
                list_type,
                sequence,
                sha256,
                id,
            }),
        )),
        _ => Err(bad()),
    }
}

impl Checkpoint {
    /// Verifies a publication index under the checkpoint's root (or announced next root).
    pub fn read_index(&self, file: &[u8]) -> Result<PublishIndex> {
        let roots: Vec<PublicKey> = std::iter::once(self.anchor.root())
            .chain(self.anchor.next_root())
            .collect();
        PublishIndex::verify(file, &roots)
    }

    /// The entries of a verified index newer than what is held: the trust list,
    /// the revocation list or a delta, each policy by id, the DSC list (only in
    /// a build with the feature `dcc`, which can take it). Fetch these; when a
    /// fetched file is older than its entry says (`trust_list_rollback`, …, or
    /// `unchanged`), a cache is lagging: record a failed attempt and retry later.
    pub fn wanted(&self, index: &PublishIndex) -> Vec<IndexEntry> {
        let trust = self.anchor.trust_sequence();
        let revocation = self
            .anchor
            .revocation_list()
            .and_then(|r| r.info())
            .map(|i| i.sequence);
        index
            .entries
            .iter()
            .filter(|e| {
                let held = match e.list_type {
                    1 => trust,
                    2 | 3 => revocation,
                    6 if !cfg!(feature = "dcc") => return false,
                    // The list held; with none held (after a root rotation, or a
                    // state saved by a build without `dcc`), one at or above the
                    // floor, which `offer` accepts.
                    6 => return self.dsc_list_wanted(e.sequence),
                    _ => {
                        e.id.as_ref()
                            .and_then(|id| self.policy_floors.get(id).copied())
                    }
                };
                held.is_none_or(|h| e.sequence > h)
            })
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Timestamp;

    fn root() -> PrivateKey {
        PrivateKey::from_seed(&[0xa0; 32])
    }

    fn entry(name: &str, list_type: u64) -> IndexEntry {
        IndexEntry {
            name: name.into(),
            list_type,
            sequence: 4,
            sha256: [7; 32],
            id: None,
        }
    }

    fn index(entries: Vec<IndexEntry>) -> PublishIndex {
        let info = ListInfo {
            sequence: 1,
            issued_at: Timestamp(1_630_454_400),
            next_update: Timestamp(1_630_454_400 + 86_400),
        };
        PublishIndex { info, entries }
    }

    #[test]
    fn entries_of_unknown_list_types_are_skipped_not_refused() {
        let roots = [root().public_key()];
        let signed = index(vec![entry("a-future.bin", 9), entry("trust.vn1t", 1)])
            .sign(&root())
            .expect("signs");
        let back = PublishIndex::verify(&signed, &roots).expect("reads");
        let names: Vec<&str> = back.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["trust.vn1t"], "the type-9 entry is skipped");
        // Rows written by hand, as a later publisher might: each must be refused.
        let refuses = |rows: Vec<Value>, why: &str| {
            let mut w = MapWriter::new();
            w.put(KEY_TYPE, TYPE_INDEX)
                .put(KEY_SEQUENCE, 1u64)
                .put(
                    KEY_ISSUED_AT,
                    cbor::timestamp_value(Timestamp(1_630_454_400)),
                )
                .put(
                    KEY_NEXT_UPDATE,
                    cbor::timestamp_value(Timestamp(1_630_540_800)),
                )
                .put(KEY_ENTRIES, Value::Array(rows));
            let bytes = envelope::sign(&root(), cbor::encode(&w.build()));
            let got = PublishIndex::verify(&bytes, &roots).map(|_| ());
            assert_eq!(
                got.map_err(|e| e.code()),
                Err(ErrorCode::BadTrustList),
                "{why}"
            );
        };
        let short = |name: &str, list_type: u64| Value::Array(vec![name.into(), list_type.into()]);
        refuses(
            vec![short("trust.vn1t", 9), short("trust.vn1t", 1)],
            "names must stay ascending and distinct across all types",
        );
        refuses(
            vec![short("trust.vn1t", 1)],
            "a known type needs its full row",
        );
        refuses(
            vec![short("Bad Name", 9)],
            "an unknown type's name must be plain",
        );
    }
}
