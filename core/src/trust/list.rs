//! Signed trust lists: the national root key's list of issuer keys.
//!
//! A [`TrustList`] is signed by the root key as a COSE_Sign1 (the envelope of
//! [`crate::wire::list`]) over this payload, strictly encoded, keys ascending:
//!
//! ```cddl
//! TrustListPayload = {
//!   0 => 1,                        ; list type: trust list
//!   1 => uint,                     ; sequence number
//!   2 => NumericDate,              ; issued at
//!   3 => NumericDate,              ; next update: stale after this
//!   4 => [* IssuerKey],            ; sorted by (kid, public key), no duplicate key
//!   ? 5 => bstr .size 32,          ; next root public key (root rotation)
//!   ? 6 => [+ bstr .size 32],      ; revocation-list signers (absent: the root signs them)
//!   ? 7 => [+ bstr .size 32],      ; checkpoint-policy signers (absent: only the root signs them)
//!   * ExtensionKey => any          ; keys >= 100, ignored
//! }
//! IssuerKey = {
//!   1 => bstr .size 8,             ; kid = SHA-256(public key)[0..8]
//!   2 => bstr .size 32,            ; Ed25519 public key
//!   3 => tstr,                     ; issuer id tokens must carry in iss
//!   4 => [+ uint],                 ; pass kinds (1 permit .. 4 support entitlement), ascending
//!   5 => NumericDate,              ; may sign tokens issued from
//!   ? 6 => NumericDate,            ; ... and before (absent: no end)
//!   ? 7 => KeyStatus,              ; absent: active
//!   * ExtensionKey => any
//! }
//! KeyStatus = [1, NumericDate]     ; retired at: earlier tokens stay valid until exp
//!           / [2, NumericDate]     ; revoked at: every token rejected
//! ExtensionKey = uint .ge 100
//! ```
//!
//! Forward compatibility: a pass kind number this version does not know is
//! skipped (a key left with no known kind is dropped), and a status number it
//! does not know counts as revoked — never as active.

use std::sync::Arc;

use ciborium::value::Value;
use serde::{Deserialize, Serialize};

use super::{KeyStatus, TrustStore, TrustedKey};
use crate::error::{err, Error, ErrorCode, Result};
use crate::keys::{Kid, PrivateKey, PublicKey};
use crate::list_info::ListInfo;
use crate::model::PassKind;
use crate::time::Timestamp;
use crate::wire::cbor::{self, MapReader, MapWriter};
use crate::wire::list::{
    self as envelope, KEY_ISSUED_AT, KEY_NEXT_UPDATE, KEY_SEQUENCE, KEY_TYPE, TRUST_LIST_PREFIX,
    TYPE_TRUST_LIST,
};

/// The largest trust list accepted, in bytes (binary envelope).
pub const MAX_TRUST_LIST_BYTES: usize = 1 << 20;
/// The most issuer keys a trust list may hold.
pub const MAX_TRUST_LIST_KEYS: usize = 10_000;

const KEY_KEYS: i64 = 4;
const KEY_NEXT_ROOT: i64 = 5;
const KEY_REVOCATION_SIGNERS: i64 = 6;
const KEY_POLICY_SIGNERS: i64 = 7;

const IK_KID: i64 = 1;
const IK_PUBLIC_KEY: i64 = 2;
const IK_ISSUER: i64 = 3;
const IK_KINDS: i64 = 4;
const IK_VALID_FROM: i64 = 5;
const IK_VALID_UNTIL: i64 = 6;
const IK_STATUS: i64 = 7;

const STATUS_RETIRED: u64 = 1;
const STATUS_REVOKED: u64 = 2;

/// The content of a trust list: its sequence and times, the issuer keys, and root-key announcements.
///
/// Also the JSON "trust list source" edited by `qrpass trust`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustList {
    /// Sequence number; every new list has a higher one.
    pub sequence: u64,
    /// When the list was issued.
    pub issued_at: Timestamp,
    /// When the next list is due; verifiers report a stale list after it.
    pub next_update: Timestamp,
    /// The issuer keys.
    #[serde(default)]
    pub keys: Vec<TrustedKey>,
    /// The root key that will sign the next lists (root rotation), if one is announced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_root: Option<PublicKey>,
    /// Keys that sign revocation lists; empty: the root signs them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revocation_signers: Vec<PublicKey>,
    /// Keys that may sign checkpoint policies besides the root (spec/TRUST.md §9).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_signers: Vec<PublicKey>,
}

fn relabel(e: Error) -> Error {
    if e.code() == ErrorCode::BadTrustList {
        e
    } else {
        err!(BadTrustList, "trust list: {} ({})", e.message(), e.code())
    }
}

/// The canonical order of issuer keys: kid, then public key bytes.
type KeyOrder = (Kid, [u8; 32]);

fn sort_key(k: &TrustedKey) -> KeyOrder {
    (k.kid, k.public_key.to_bytes())
}

/// Whether an entry occurs twice.
fn has_duplicates(mut entries: Vec<KeyOrder>) -> bool {
    crate::sort::sort_unstable(&mut entries);
    entries.windows(2).any(|w| w[0] == w[1])
}

impl TrustList {
    /// An empty list with sequence 0, issued at `issued_at`, due again `next_update`.
    pub fn new(issued_at: Timestamp, next_update: Timestamp) -> TrustList {
        TrustList {
            sequence: 0,
            issued_at,
            next_update,
            keys: Vec::new(),
            next_root: None,
            revocation_signers: Vec::new(),
            policy_signers: Vec::new(),
        }
    }

    /// The sequence number and times.
    pub fn info(&self) -> ListInfo {
        ListInfo {
            sequence: self.sequence,
            issued_at: self.issued_at,
            next_update: self.next_update,
        }
    }

    /// Checks every rule of a trust list (`bad_trust_list`).
    pub fn check(&self) -> Result<()> {
        self.info()
            .check(ErrorCode::BadTrustList)
            .map_err(relabel)?;
        if self.keys.len() > MAX_TRUST_LIST_KEYS {
            return Err(err!(
                BadTrustList,
                "the list has {} keys; at most {MAX_TRUST_LIST_KEYS} are allowed",
                self.keys.len()
            ));
        }
        let mut seen: Vec<KeyOrder> = Vec::with_capacity(self.keys.len());
        for key in &self.keys {
            key.check()?;
            let times = [
                Some(key.valid_from),
                key.valid_until,
                status_time(key.status),
            ];
            if times.iter().flatten().any(|t| !t.is_plausible()) {
                return Err(err!(
                    BadTrustList,
                    "key {} has a time outside 2000..2100",
                    key.kid
                ));
            }
            if key.valid_until.is_some_and(|end| end <= key.valid_from) {
                return Err(err!(
                    BadTrustList,
                    "key {} stops being valid before it starts",
                    key.kid
                ));
            }
            seen.push(sort_key(key));
        }
        if has_duplicates(seen) {
            return Err(err!(
                BadTrustList,
                "the list holds the same public key twice"
            ));
        }
        // Signers under one made-up kid, so that both checks share one sort.
        for (signers, what) in [
            (&self.revocation_signers, "revocation"),
            (&self.policy_signers, "policy"),
        ] {
            let keys = signers
                .iter()
                .map(|k| (Kid([0; 8]), k.to_bytes()))
                .collect();
            if has_duplicates(keys) {
                return Err(err!(
                    BadTrustList,
                    "the list names the same {what} signer twice"
                ));
            }
        }
        Ok(())
    }

    /// The issuer keys as a trust store.
    pub fn store(&self) -> Result<TrustStore> {
        TrustStore::from_keys(self.keys.clone())
    }

    /// The CBOR payload, canonical (keys sorted, kinds ascending); checks the list first.
    pub fn to_payload(&self) -> Result<Vec<u8>> {
        self.check()?;
        let mut keys: Vec<&TrustedKey> = self.keys.iter().collect();
        keys.sort_by_key(|k| sort_key(k));
        let keys: Vec<Value> = keys.into_iter().map(key_to_cbor).collect();
        let mut w = MapWriter::new();
        w.put(KEY_TYPE, TYPE_TRUST_LIST)
            .put(KEY_SEQUENCE, self.sequence)
            .put(KEY_ISSUED_AT, cbor::timestamp_value(self.issued_at))
            .put(KEY_NEXT_UPDATE, cbor::timestamp_value(self.next_update))
            .put(KEY_KEYS, Value::Array(keys))
            .opt(
                KEY_NEXT_ROOT,
                self.next_root.map(|k| Value::Bytes(k.to_bytes().to_vec())),
            );
        if !self.revocation_signers.is_empty() {
            let signers = self
                .revocation_signers
                .iter()
                .map(|k| Value::Bytes(k.to_bytes().to_vec()))
                .collect();
            w.put(KEY_REVOCATION_SIGNERS, Value::Array(signers));
        }
        if !self.policy_signers.is_empty() {
            let signers = self
                .policy_signers
                .iter()
                .map(|k| Value::Bytes(k.to_bytes().to_vec()))
                .collect();
            w.put(KEY_POLICY_SIGNERS, Value::Array(signers));
        }
        Ok(cbor::encode(&w.build()))
    }

    /// Reads a payload strictly; every failure is `bad_trust_list`.
    pub fn from_payload(bytes: &[u8]) -> Result<TrustList> {
        if bytes.len() > MAX_TRUST_LIST_BYTES {
            return Err(err!(
                BadTrustList,
                "the trust list is {} bytes; the limit is {MAX_TRUST_LIST_BYTES}",
                bytes.len()
            ));
        }
        let value = cbor::decode(bytes, ErrorCode::BadTrustList).map_err(relabel)?;
        let mut m = MapReader::new(value, ErrorCode::BadTrustList, "trust list")?;
        let ListInfo {
            sequence,
            issued_at,
            next_update,
        } = envelope::read_header(
            &mut m,
            TYPE_TRUST_LIST,
            "a trust list",
            ErrorCode::BadTrustList,
        )?;
        let raw_keys = m.array(KEY_KEYS)?;
        if raw_keys.len() > MAX_TRUST_LIST_KEYS {
            return Err(err!(
                BadTrustList,
                "the list has {} keys; at most {MAX_TRUST_LIST_KEYS} are allowed",
                raw_keys.len()
            ));
        }
        let mut keys = Vec::with_capacity(raw_keys.len());
        let mut last: Option<KeyOrder> = None;
        for raw in raw_keys {
            let (order, key) = key_from_cbor(raw)?;
            if last.is_some_and(|l| l >= order) {
                return Err(err!(
                    BadTrustList,
                    "the issuer keys are not in ascending (kid, public key) order"
                ));
            }
            last = Some(order);
            keys.extend(key);
        }
        let next_root = m
            .take(KEY_NEXT_ROOT)
            .map(|v| public_key(v, "the next root"))
            .transpose()?;
        let revocation_signers = signer_list(m.take(KEY_REVOCATION_SIGNERS), "revocation")?;
        let policy_signers = signer_list(m.take(KEY_POLICY_SIGNERS), "policy")?;
        m.finish()?;
        let list = TrustList {
            sequence,
            issued_at,
            next_update,
            keys,
            next_root,
            revocation_signers,
            policy_signers,
        };
        list.check()?;
        Ok(list)
    }

    /// Signs the list with the root key: the binary envelope.
    ///
    /// A list may not name its own signer as the next root.
    pub fn sign(&self, root: &PrivateKey) -> Result<Vec<u8>> {
        if self.next_root == Some(root.public_key()) {
            return Err(err!(
                BadTrustList,
                "the list announces its own signing key as the next root"
            ));
        }
        Ok(envelope::sign(root, self.to_payload()?))
    }

    /// Reads the JSON trust list source (`bad_trust_list` when malformed, or
    /// on a missing, unknown or duplicate field or a bad value).
    pub fn from_json(json: &str) -> Result<TrustList> {
        super::read_list(json).map_err(|e| err!(BadTrustList, "trust list JSON: {e}"))
    }

    /// Writes the JSON trust list source.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// An optional, non-empty array of signer keys (`what`: revocation or policy).
fn signer_list(v: Option<Value>, what: &str) -> Result<Vec<PublicKey>> {
    match v {
        None => Ok(Vec::new()),
        Some(Value::Array(a)) if !a.is_empty() => a
            .into_iter()
            .map(|v| public_key(v, &format!("a {what} signer")))
            .collect(),
        Some(_) => Err(err!(
            BadTrustList,
            "the {what} signers are not a non-empty array"
        )),
    }
}

fn status_time(status: KeyStatus) -> Option<Timestamp> {
    match status {
        KeyStatus::Active => None,
        KeyStatus::Retired(t) | KeyStatus::Revoked(t) => Some(t),
    }
}

fn key_to_cbor(k: &TrustedKey) -> Value {
    let mut kinds: Vec<u64> = k.kinds.iter().map(|k| k.wire()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let status = match k.status {
        KeyStatus::Active => None,
        KeyStatus::Retired(t) => Some(Value::Array(vec![
            STATUS_RETIRED.into(),
            cbor::timestamp_value(t),
        ])),
        KeyStatus::Revoked(t) => Some(Value::Array(vec![
            STATUS_REVOKED.into(),
            cbor::timestamp_value(t),
        ])),
    };
    MapWriter::new()
        .put(IK_KID, Value::Bytes(k.kid.0.to_vec()))
        .put(
            IK_PUBLIC_KEY,
            Value::Bytes(k.public_key.to_bytes().to_vec()),
        )
        .put(IK_ISSUER, k.issuer.as_str())
        .put(
            IK_KINDS,
            Value::Array(kinds.into_iter().map(Value::from).collect()),
        )
        .put(IK_VALID_FROM, cbor::timestamp_value(k.valid_from))
        .opt(IK_VALID_UNTIL, k.valid_until.map(cbor::timestamp_value))
        .opt(IK_STATUS, status)
        .build()
}

fn public_key(v: Value, what: &str) -> Result<PublicKey> {
    match v {
        Value::Bytes(b) => {
            PublicKey::from_bytes(&b).map_err(|e| err!(BadTrustList, "{what}: {}", e.message()))
        }
        _ => Err(err!(BadTrustList, "{what} is not a byte string")),
    }
}

/// Reads one issuer key: its sort key, and the key unless it may sign no kind this version knows.
fn key_from_cbor(raw: Value) -> Result<(KeyOrder, Option<TrustedKey>)> {
    let mut m = MapReader::new(raw, ErrorCode::BadTrustList, "issuer key")?;
    let kid: [u8; 8] = m
        .bytes(IK_KID)?
        .try_into()
        .map_err(|_| err!(BadTrustList, "an issuer key's kid is not 8 bytes"))?;
    let public_key = m.take(IK_PUBLIC_KEY).map_or_else(
        || Err(err!(BadTrustList, "an issuer key lacks its public key")),
        |v| public_key(v, "an issuer key"),
    )?;
    let issuer = m.text(IK_ISSUER)?;
    let mut kinds = Vec::new();
    let mut last_kind = None;
    for v in m.array(IK_KINDS)? {
        let n = m.to_uint(IK_KINDS, v)?;
        if last_kind.is_some_and(|l| l >= n) {
            return Err(err!(
                BadTrustList,
                "key {} lists its pass kinds out of order or twice",
                Kid(kid)
            ));
        }
        last_kind = Some(n);
        kinds.extend(PassKind::from_wire(n));
    }
    if last_kind.is_none() {
        return Err(err!(BadTrustList, "key {} may sign no pass kind", Kid(kid)));
    }
    let valid_from = m.timestamp(IK_VALID_FROM)?;
    let valid_until = m
        .take(IK_VALID_UNTIL)
        .map(|v| m.to_timestamp(IK_VALID_UNTIL, v))
        .transpose()?;
    let status = match m.take(IK_STATUS) {
        None => KeyStatus::Active,
        Some(Value::Array(pair)) if pair.len() == 2 => {
            let mut it = pair.into_iter();
            let (Some(n), Some(t)) = (it.next(), it.next()) else {
                return Err(err!(
                    BadTrustList,
                    "key {} has a malformed status",
                    Kid(kid)
                ));
            };
            let n = m.to_uint(IK_STATUS, n)?;
            let at = m.to_timestamp(IK_STATUS, t)?;
            match n {
                STATUS_RETIRED => KeyStatus::Retired(at),
                // STATUS_REVOKED, and any status this version does not know: never trust it.
                _ => KeyStatus::Revoked(at),
            }
        }
        Some(_) => {
            return Err(err!(
                BadTrustList,
                "key {} has a status that is not [number, time]",
                Kid(kid)
            ))
        }
    };
    m.finish()?;
    let order = (Kid(kid), public_key.to_bytes());
    if kinds.is_empty() {
        return Ok((order, None));
    }
    let key = TrustedKey {
        kid: Kid(kid),
        public_key,
        issuer,
        kinds,
        valid_from,
        valid_until,
        status,
    };
    Ok((order, Some(key)))
}

/// A trust list whose root signature verified, with its keys ready for a [`crate::Verifier`].
#[derive(Clone, Debug)]
pub struct SignedTrustList {
    list: TrustList,
    store: Arc<TrustStore>,
    signer: PublicKey,
    signature: [u8; 64],
    envelope: Vec<u8>,
}

impl SignedTrustList {
    /// The `VN1T:` text form of a signed trust list (for a QR code or a paste).
    pub fn text_form(signed: &[u8]) -> String {
        envelope::to_text(signed, TRUST_LIST_PREFIX)
    }

    /// Decodes a trust list file (binary or `VN1T:` text) WITHOUT checking its
    /// signature: the signer's kid and the list, for display only.
    pub fn inspect(file: &[u8]) -> Result<(Kid, TrustList)> {
        let bytes = envelope::file_bytes(file, TRUST_LIST_PREFIX, ErrorCode::BadTrustList)?;
        let sign1 = crate::wire::cose::parse_ref(&bytes)?;
        Ok((sign1.kid, TrustList::from_payload(sign1.payload)?))
    }

    /// Verifies a trust list file (binary, or `VN1T:` text) signed by one of `roots`.
    ///
    /// This checks the signature and every rule of the list, not its sequence:
    /// [`crate::trust::TrustAnchor`] adds rollback protection and root rotation.
    pub fn verify(file: &[u8], roots: &[PublicKey]) -> Result<SignedTrustList> {
        let bytes = envelope::file_bytes(file, TRUST_LIST_PREFIX, ErrorCode::BadTrustList)?;
        if bytes.len() > MAX_TRUST_LIST_BYTES {
            return Err(err!(
                BadTrustList,
                "the trust list is {} bytes; the limit is {MAX_TRUST_LIST_BYTES}",
                bytes.len()
            ));
        }
        let opened = envelope::open(
            &bytes,
            roots,
            ErrorCode::BadTrustList,
            "the trust list",
            "a trusted root key",
        )?;
        let list = TrustList::from_payload(opened.payload())?;
        if list.next_root == Some(opened.signer) {
            return Err(err!(
                BadTrustList,
                "the list announces its own signing key as the next root"
            ));
        }
        let store = Arc::new(list.store()?);
        Ok(SignedTrustList {
            list,
            store,
            signer: opened.signer,
            signature: opened.signature,
            envelope: bytes.into_owned(),
        })
    }

    /// The list's content.
    pub fn list(&self) -> &TrustList {
        &self.list
    }

    /// Sequence number and times.
    pub fn info(&self) -> ListInfo {
        self.list.info()
    }

    /// The issuer keys.
    pub fn store(&self) -> &TrustStore {
        &self.store
    }

    pub(crate) fn shared_store(&self) -> Arc<TrustStore> {
        Arc::clone(&self.store)
    }

    /// The root key that signed it.
    pub fn signer(&self) -> PublicKey {
        self.signer
    }

    /// The signature; equal signatures mean the same content signed by the same key.
    pub fn signature(&self) -> &[u8; 64] {
        &self.signature
    }

    /// The binary envelope, to store and reload after a restart.
    pub fn envelope(&self) -> &[u8] {
        &self.envelope
    }

    /// The `VN1T:` text form.
    pub fn to_text(&self) -> String {
        envelope::to_text(&self.envelope, TRUST_LIST_PREFIX)
    }
}
