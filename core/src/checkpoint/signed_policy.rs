//! Signed checkpoint policies (`VN1P:`): a [`Policy`] with an id, a title, a
//! sequence, a validity window and a scope, signed by the root or a policy
//! signer the trust list names (spec/TRUST.md §9).
//!
//! The payload is a signed list's (list type 4), strictly encoded, keys ascending:
//!
//! ```cddl
//! PolicyPayload = {
//!   0 => 4,                  ; list type: checkpoint policy
//!   1 => uint,               ; sequence (rollback protection per policy id)
//!   2 => NumericDate,        ; issued at
//!   3 => NumericDate,        ; next update
//!   4 => tstr,               ; id: 1..64 of a-z 0-9 - _ .
//!   5 => tstr,               ; title, for people
//!   6 => NumericDate,        ; valid from: in force from this time
//!   ? 7 => NumericDate,      ; valid until (absent: no end)
//!   ? 8 => tstr,             ; scope: an area code (absent: every checkpoint)
//!   9 => tstr,               ; the rules: policy JSON (TRUST.md §5)
//!   * ExtensionKey => any
//! }
//! ```

use crate::error::{err, Error, ErrorCode, Result};
use crate::keys::{PrivateKey, PublicKey};
use crate::list_info::ListInfo;
use crate::model::AreaCode;
use crate::policy::Policy;
use crate::time::Timestamp;
use crate::wire::cbor::{self, MapReader, MapWriter};
use crate::wire::list::{
    self as envelope, KEY_ISSUED_AT, KEY_NEXT_UPDATE, KEY_SEQUENCE, KEY_TYPE, POLICY_PREFIX,
    TYPE_POLICY,
};

/// The largest signed policy accepted, in bytes (binary envelope).
pub const MAX_POLICY_BYTES: usize = 64 * 1024;

const KEY_ID: i64 = 4;
const KEY_TITLE: i64 = 5;
const KEY_VALID_FROM: i64 = 6;
const KEY_VALID_UNTIL: i64 = 7;
const KEY_SCOPE: i64 = 8;
const KEY_RULES: i64 = 9;

/// A policy document before signing: header fields and the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyDocument {
    /// The sequence, issue and next-update times.
    pub info: ListInfo,
    /// The policy's id; a newer sequence under the same id replaces the older one.
    pub id: String,
    /// A title for people.
    pub title: String,
    /// In force from this time on.
    pub valid_from: Timestamp,
    /// In force before this time (none: no end).
    pub valid_until: Option<Timestamp>,
    /// The area it applies to: a province, district or commune and all below; none: everywhere.
    pub scope: Option<AreaCode>,
    /// The rules.
    pub policy: Policy,
}

fn bad(e: Error) -> Error {
    if e.code() == ErrorCode::BadPolicy {
        e
    } else {
        err!(BadPolicy, "signed policy: {} ({})", e.message(), e.code())
    }
}

/// Checks a policy id: 1 to 64 characters of `a-z 0-9 - _ .`.
fn check_id(id: &str) -> Result<()> {
    if super::is_plain_name(id, 64) {
        Ok(())
    } else {
        Err(err!(
            BadPolicy,
            "policy id `{id}` is not 1..64 characters of a-z 0-9 - _ ."
        ))
    }
}

impl PolicyDocument {
    /// Checks the header and the rules (`bad_policy`).
    pub fn check(&self) -> Result<()> {
        self.info.check(ErrorCode::BadPolicy)?;
        check_id(&self.id)?;
        if self.title.chars().count() > 200 || self.title.chars().any(char::is_control) {
            return Err(err!(
                BadPolicy,
                "the title is longer than 200 characters or has control characters"
            ));
        }
        let times = [Some(self.valid_from), self.valid_until];
        if times.iter().flatten().any(|t| !t.is_plausible()) {
            return Err(err!(BadPolicy, "a validity time is outside 2000..2100"));
        }
        if self.valid_until.is_some_and(|u| u <= self.valid_from) {
            return Err(err!(BadPolicy, "the policy ends before it starts"));
        }
        self.policy.validate()
    }

    /// Whether the policy is in force at `now` (its validity window).
    pub fn in_force_at(&self, now: Timestamp) -> bool {
        now >= self.valid_from && self.valid_until.is_none_or(|u| now < u)
    }

    /// Whether it applies at a checkpoint of `area`, and how specifically:
    /// `Some(0)` for every checkpoint, `Some(1..=3)` for a province, district or commune.
    pub fn specificity(&self, area: Option<&AreaCode>) -> Option<usize> {
        match (&self.scope, area) {
            (None, _) => Some(0),
            (Some(scope), Some(a)) if scope.covers(a) => Some(scope.as_str().split('.').count()),
            _ => None,
        }
    }

    /// The canonical CBOR payload; checks the document first.
    pub fn to_payload(&self) -> Result<Vec<u8>> {
        self.check()?;
        let rules =
            serde_json::to_string(&self.policy).map_err(|e| err!(Internal, "policy JSON: {e}"))?;
        let mut w = MapWriter::new();
        w.put(KEY_TYPE, TYPE_POLICY)
            .put(KEY_SEQUENCE, self.info.sequence)
            .put(KEY_ISSUED_AT, cbor::timestamp_value(self.info.issued_at))
            .put(
                KEY_NEXT_UPDATE,
                cbor::timestamp_value(self.info.next_update),
            )
            .put(KEY_ID, self.id.as_str())
            .put(KEY_TITLE, self.title.as_str())
            .put(KEY_VALID_FROM, cbor::timestamp_value(self.valid_from))
            .opt(KEY_VALID_UNTIL, self.valid_until.map(cbor::timestamp_value))
            .opt(KEY_SCOPE, self.scope.as_ref().map(|s| s.as_str()))
            .put(KEY_RULES, rules);
        Ok(cbor::encode(&w.build()))
    }

    /// Reads a payload strictly (`bad_policy`).
    pub fn from_payload(bytes: &[u8]) -> Result<PolicyDocument> {
        let value = cbor::decode(bytes, ErrorCode::BadPolicy).map_err(bad)?;
        let mut m = MapReader::new(value, ErrorCode::BadPolicy, "signed policy")?;
        let info = envelope::read_header(&mut m, TYPE_POLICY, "a policy", ErrorCode::BadPolicy)?;
        let id = m.text(KEY_ID)?;
        let title = m.text(KEY_TITLE)?;
        let valid_from = m.timestamp(KEY_VALID_FROM)?;
        let valid_until = m
            .take(KEY_VALID_UNTIL)
            .map(|v| m.to_timestamp(KEY_VALID_UNTIL, v))
            .transpose()?;
        let scope = m
            .opt_text(KEY_SCOPE)?
            .map(|s| s.parse::<AreaCode>())
            .transpose()
            .map_err(bad)?;
        let rules = m.text(KEY_RULES)?;
        m.finish()?;
        let doc = PolicyDocument {
            info,
            id,
            title,
            valid_from,
            valid_until,
            scope,
            policy: Policy::from_json(&rules)?,
        };
        doc.check()?;
        Ok(doc)
    }

    /// Signs the document: the binary envelope (its text form is `VN1P:` + Base45).
    pub fn sign(&self, key: &PrivateKey) -> Result<Vec<u8>> {
        Ok(envelope::sign(key, self.to_payload()?))
    }
}

/// A policy whose signature verified under the root or a named policy signer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedPolicy {
    doc: PolicyDocument,
    signer: PublicKey,
    signature: [u8; 64],
    envelope: Vec<u8>,
}

impl SignedPolicy {
    /// Verifies a policy file (binary or `VN1P:` text) signed by one of `signers`.
    ///
    /// `bad_policy` when malformed, too large, or signed by another key.
    pub fn verify(file: &[u8], signers: &[PublicKey]) -> Result<SignedPolicy> {
        let bytes = envelope::file_bytes(file, POLICY_PREFIX, ErrorCode::BadPolicy)?;
        if bytes.len() > MAX_POLICY_BYTES {
            return Err(err!(
                BadPolicy,
                "the signed policy is {} bytes; the limit is {MAX_POLICY_BYTES}",
                bytes.len()
            ));
        }
        let opened = envelope::open(
            &bytes,
            signers,
            ErrorCode::BadPolicy,
            "the signed policy",
            "the root or a policy signer of the trust list",
        )?;
        let doc = PolicyDocument::from_payload(opened.payload())?;
        Ok(SignedPolicy {
            doc,
            signer: opened.signer,
            signature: opened.signature,
            envelope: bytes.into_owned(),
        })
    }

    /// Decodes a policy file WITHOUT checking its signature: for display only.
    pub fn inspect(file: &[u8]) -> Result<PolicyDocument> {
        let bytes = envelope::file_bytes(file, POLICY_PREFIX, ErrorCode::BadPolicy)?;
        let sign1 = crate::wire::cose::parse_ref(&bytes).map_err(bad)?;
        PolicyDocument::from_payload(sign1.payload)
    }

    /// The document.
    pub fn document(&self) -> &PolicyDocument {
        &self.doc
    }

    /// The key that signed it.
    pub fn signer(&self) -> PublicKey {
        self.signer
    }

    /// The signature; equal signatures mean the same content.
    pub fn signature(&self) -> &[u8; 64] {
        &self.signature
    }

    /// The binary envelope.
    pub fn envelope(&self) -> &[u8] {
        &self.envelope
    }

    /// The `VN1P:` text form of a binary envelope.
    pub fn text_form(signed: &[u8]) -> String {
        envelope::to_text(signed, POLICY_PREFIX)
    }
}

/// Reads a scope string given on a command line or in JSON (`bad_policy` when malformed).
pub fn parse_scope(s: &str) -> Result<Option<AreaCode>> {
    match s {
        "" | "*" | "all" => Ok(None),
        s => s.parse().map(Some).map_err(bad),
    }
}
