//! [`Checkpoint::offer`]: any signed artifact in, verified, rollback-checked,
//! applied all or nothing.

use serde::Serialize;

use super::{Checkpoint, SignedPolicy};
use crate::error::{err, Result};
use crate::keys::PublicKey;
use crate::trust::LoadOutcome;
use crate::wire::cbor;
use crate::wire::list::{
    self as envelope, DSC_LIST_PREFIX, POLICY_PREFIX, REVOCATION_LIST_PREFIX, TRUST_LIST_PREFIX,
    TYPE_DSC_LIST, TYPE_POLICY, TYPE_REVOCATION_DELTA, TYPE_REVOCATION_LIST, TYPE_TRUST_LIST,
};

/// The kinds of signed artifact a checkpoint takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArtifactKind {
    /// A trust list (`VN1T:`, list type 1).
    TrustList,
    /// A full revocation list (`VN1R:`, list type 2).
    RevocationList,
    /// A revocation delta (`VN1R:`, list type 3).
    RevocationDelta,
    /// A signed checkpoint policy (`VN1P:`, list type 4).
    Policy,
    /// A signed DSC list: EU DCC document signers (`VN1D:`, list type 6).
    DscList,
}

impl ArtifactKind {
    /// `trust_list`, `revocation_list`, `revocation_delta`, `policy` or `dsc_list`.
    pub fn as_str(self) -> &'static str {
        match self {
            ArtifactKind::TrustList => "trust_list",
            ArtifactKind::RevocationList => "revocation_list",
            ArtifactKind::RevocationDelta => "revocation_delta",
            ArtifactKind::Policy => "policy",
            ArtifactKind::DscList => "dsc_list",
        }
    }

    /// The list type number (spec/TRUST.md §1).
    pub fn list_type(self) -> u64 {
        match self {
            ArtifactKind::TrustList => TYPE_TRUST_LIST,
            ArtifactKind::RevocationList => TYPE_REVOCATION_LIST,
            ArtifactKind::RevocationDelta => TYPE_REVOCATION_DELTA,
            ArtifactKind::Policy => TYPE_POLICY,
            ArtifactKind::DscList => TYPE_DSC_LIST,
        }
    }
}

/// What an accepted offer did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Offered {
    /// The artifact's kind.
    pub kind: ArtifactKind,
    /// `loaded` or `unchanged`.
    pub outcome: &'static str,
    /// The sequence in force after the offer.
    pub sequence: u64,
    /// The policy's id, for a policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Offered {
    pub(super) fn from_load(kind: ArtifactKind, load: LoadOutcome, id: Option<String>) -> Offered {
        Offered {
            kind,
            outcome: load.as_str(),
            sequence: load.sequence(),
            id,
        }
    }
}

/// The binary envelope of an artifact file and its list type, without verifying it.
///
/// `unknown_artifact` for anything that is no signed list of a known type.
pub(crate) fn peek(file: &[u8]) -> Result<(ArtifactKind, Vec<u8>)> {
    let unknown = |why: &str| err!(UnknownArtifact, "the offered bytes are {why}");
    let mut bytes = None;
    let prefixes = [
        TRUST_LIST_PREFIX,
        REVOCATION_LIST_PREFIX,
        POLICY_PREFIX,
        DSC_LIST_PREFIX,
    ];
    for prefix in prefixes {
        if file.starts_with(prefix.as_bytes()) {
            let b = envelope::file_bytes(file, prefix, crate::ErrorCode::UnknownArtifact)?;
            bytes = Some(b.into_owned());
        }
    }
    let bytes = match bytes {
        Some(b) => b,
        None if file.first() == Some(&0xd2) => file.to_vec(),
        None => {
            return Err(unknown(
                "neither a binary signed list nor VN1T:/VN1R:/VN1P:/VN1D: text",
            ))
        }
    };
    let sign1 = crate::wire::cose::parse_ref(&bytes)
        .map_err(|e| unknown(&format!("not a signed list: {}", e.message())))?;
    let payload = cbor::decode(sign1.payload, crate::ErrorCode::UnknownArtifact)
        .map_err(|_| unknown("a signed object whose payload is not CBOR"))?;
    let kind = match &payload {
        ciborium::value::Value::Map(m) => m
            .first()
            .filter(|(k, _)| cbor::as_i64(k) == Some(0))
            .and_then(|(_, v)| cbor::as_i64(v)),
        _ => None,
    };
    let kind = match kind.and_then(|k| u64::try_from(k).ok()) {
        Some(TYPE_TRUST_LIST) => ArtifactKind::TrustList,
        Some(TYPE_REVOCATION_LIST) => ArtifactKind::RevocationList,
        Some(TYPE_REVOCATION_DELTA) => ArtifactKind::RevocationDelta,
        Some(TYPE_POLICY) => ArtifactKind::Policy,
        Some(TYPE_DSC_LIST) => ArtifactKind::DscList,
        _ => return Err(unknown("a signed object of no list type qrpass knows")),
    };
    // A text prefix must name the payload's kind.
    let prefix_kind = [
        (TRUST_LIST_PREFIX, &[ArtifactKind::TrustList][..]),
        (
            REVOCATION_LIST_PREFIX,
            &[ArtifactKind::RevocationList, ArtifactKind::RevocationDelta][..],
        ),
        (POLICY_PREFIX, &[ArtifactKind::Policy][..]),
        (DSC_LIST_PREFIX, &[ArtifactKind::DscList][..]),
    ];
    for (prefix, kinds) in prefix_kind {
        if file.starts_with(prefix.as_bytes()) && !kinds.contains(&kind) {
            return Err(unknown(&format!("{prefix} text of another kind of list")));
        }
    }
    Ok((kind, bytes))
}

impl Checkpoint {
    /// The keys a signed policy must be signed by: the root (and an announced
    /// next root) and the trust list's policy signers.
    pub fn policy_signers(&self) -> Vec<PublicKey> {
        let mut keys: Vec<PublicKey> = std::iter::once(self.anchor.root())
            .chain(self.anchor.next_root())
            .collect();
        if let Some(t) = self.anchor.trust_list() {
            keys.extend(t.list().policy_signers.iter().copied());
        }
        keys
    }

    /// Takes a signed artifact — a trust list, a revocation list or delta, a
    /// policy, or a DSC list; binary or text — verifies it, applies the
    /// rollback rules, and says what changed.
    ///
    /// Errors: `unknown_artifact`; the trust anchor's codes (`bad_trust_list`,
    /// `trust_list_rollback`, `bad_revocation_list`, `revocation_list_rollback`,
    /// `revocation_delta_mismatch`); `bad_policy` (malformed, or not signed by
    /// the root or a policy signer) and `policy_rollback`; for a DSC list
    /// `bad_dsc_list`, `dsc_list_rollback`, and `dcc_unsupported` in a build
    /// without the feature `dcc` (the list is refused, never kept unread). A refused artifact
    /// changes nothing: [`Checkpoint::save`] gives the same bytes before and after.
    pub fn offer(&mut self, file: &[u8]) -> Result<Offered> {
        let (kind, bytes) = peek(file)?;
        match kind {
            ArtifactKind::TrustList => {
                let load = self.anchor.load_trust_list(&bytes)?;
                // A policy or revocation list whose signer the new list no longer
                // names leaves; its floor stays.
                let signers = self.policy_signers();
                self.policies.retain(|_, p| signers.contains(&p.signer()));
                let signers = self.anchor.revocation_signers();
                let untrusted = self
                    .revocation_chain
                    .iter()
                    .any(|e| crate::SignedRevocation::verify(e, &signers).is_err());
                if untrusted {
                    let held = self.anchor.revocation_list().and_then(|r| r.info());
                    let held = held.map_or(0, |i| i.sequence);
                    self.revocation_floor = self.revocation_floor.max(held);
                    self.anchor.clear_revocation_list();
                    self.revocation_chain.clear();
                }
                self.drop_untrusted_dsc_list();
                Ok(Offered::from_load(kind, load, None))
            }
            ArtifactKind::RevocationList | ArtifactKind::RevocationDelta => {
                let load = self.anchor.load_revocation_list(&bytes)?;
                if let LoadOutcome::Loaded { .. } = load {
                    if kind == ArtifactKind::RevocationList {
                        self.revocation_chain.clear();
                    }
                    self.revocation_chain.push(bytes);
                }
                Ok(Offered::from_load(kind, load, None))
            }
            ArtifactKind::Policy => self.offer_policy(&bytes),
            ArtifactKind::DscList => self.offer_dsc_list(&bytes),
        }
    }

    fn offer_policy(&mut self, bytes: &[u8]) -> Result<Offered> {
        let signed = SignedPolicy::verify(bytes, &self.policy_signers())?;
        let doc = signed.document();
        let (id, sequence) = (doc.id.clone(), doc.info.sequence);
        let floor = self.policy_floors.get(&id).copied();
        if let Some(held) = self.policies.get(&id) {
            let held_seq = held.document().info.sequence;
            if sequence == held_seq && held.signature() == signed.signature() {
                let load = LoadOutcome::Unchanged { sequence };
                return Ok(Offered::from_load(ArtifactKind::Policy, load, Some(id)));
            }
        }
        if let Some(floor) = floor {
            if sequence <= floor {
                return Err(err!(
                    PolicyRollback,
                    "policy `{id}` {sequence} is not newer than the one held ({floor})"
                ));
            }
        }
        self.policy_floors.insert(id.clone(), sequence);
        self.policies.insert(id.clone(), signed);
        let load = LoadOutcome::Loaded { sequence };
        Ok(Offered::from_load(ArtifactKind::Policy, load, Some(id)))
    }
}
