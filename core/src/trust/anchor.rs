//! [`TrustAnchor`]: the verifier-side holder of the root key, the current trust
//! list and the current revocation list, with rollback protection and root rotation.
//!
//! Loading is all or nothing: a list is parsed, its signature verified, every
//! rule and its sequence checked, and only then does it replace the one in force.
//! A rejected list leaves the holder exactly as it was.
//!
//! Root rotation: a list signed by the current root may announce the next root
//! (payload key 5). From then on lists signed by either are accepted; once a list
//! signed by the next root is loaded, it becomes the root and the old root's
//! lists are refused.

use std::sync::Arc;

use super::list::SignedTrustList;
use crate::error::{err, Result};
use crate::keys::PublicKey;
use crate::list_info::{ListInfo, TrustInfo};
use crate::revocation::{RevocationCheck, RevocationList, RevocationUpdate, SignedRevocation};
use crate::time::Timestamp;
use crate::verify::Verifier;

/// What loading a list did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadOutcome {
    /// The list is now in force.
    Loaded {
        /// Its sequence number.
        sequence: u64,
    },
    /// The same list (same signature) was already in force; nothing changed.
    Unchanged {
        /// Its sequence number.
        sequence: u64,
    },
}

impl LoadOutcome {
    /// `loaded` or `unchanged`.
    pub fn as_str(self) -> &'static str {
        match self {
            LoadOutcome::Loaded { .. } => "loaded",
            LoadOutcome::Unchanged { .. } => "unchanged",
        }
    }

    /// The sequence number of the list in force after the load.
    pub fn sequence(self) -> u64 {
        match self {
            LoadOutcome::Loaded { sequence } | LoadOutcome::Unchanged { sequence } => sequence,
        }
    }
}

/// `{"outcome": "loaded" | "unchanged", "sequence": n}`, as every binding returns it.
impl serde::Serialize for LoadOutcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("LoadOutcome", 2)?;
        out.serialize_field("outcome", self.as_str())?;
        out.serialize_field("sequence", &self.sequence())?;
        out.end()
    }
}

/// The root of trust on a verifier: root key, current trust list, current revocation list.
///
/// ```
/// use qrpass::trust::{TrustAnchor, TrustList, LoadOutcome};
/// use qrpass::{PrivateKey, Timestamp};
///
/// let root = PrivateKey::from_seed(&[1; 32]);
/// let mut list = TrustList::new(Timestamp(1_630_000_000), Timestamp(1_630_604_800));
/// list.sequence = 7;
/// let signed = list.sign(&root)?;
///
/// let mut anchor = TrustAnchor::new(root.public_key());
/// assert_eq!(anchor.load_trust_list(&signed)?, LoadOutcome::Loaded { sequence: 7 });
/// list.sequence = 6;
/// let older = list.sign(&root)?;
/// assert_eq!(anchor.load_trust_list(&older).unwrap_err().code().as_str(), "trust_list_rollback");
/// let verifier = anchor.verifier()?;
/// # Ok::<(), qrpass::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TrustAnchor {
    root: PublicKey,
    next_root: Option<PublicKey>,
    min_sequence: u64,
    trust: Option<Arc<SignedTrustList>>,
    min_revocation_sequence: u64,
    revocation: Option<Arc<RevocationList>>,
    revocation_signature: Option<[u8; 64]>,
}

impl TrustAnchor {
    /// A holder trusting lists signed by `root`, holding no list yet.
    pub fn new(root: PublicKey) -> TrustAnchor {
        TrustAnchor {
            root,
            next_root: None,
            min_sequence: 0,
            trust: None,
            min_revocation_sequence: 0,
            revocation: None,
            revocation_signature: None,
        }
    }

    /// Refuses trust lists with a sequence below `sequence` (a floor kept across restarts).
    #[must_use]
    pub fn with_min_sequence(mut self, sequence: u64) -> TrustAnchor {
        self.min_sequence = sequence;
        self
    }

    /// Refuses revocation lists with a sequence below `sequence`.
    #[must_use]
    pub fn with_min_revocation_sequence(mut self, sequence: u64) -> TrustAnchor {
        self.min_revocation_sequence = sequence;
        self
    }

    /// The current root key: persist it with the lists, it changes on rotation.
    pub fn root(&self) -> PublicKey {
        self.root
    }

    /// The announced next root, if any.
    pub fn next_root(&self) -> Option<PublicKey> {
        self.next_root
    }

    /// The trust list in force.
    pub fn trust_list(&self) -> Option<&SignedTrustList> {
        self.trust.as_deref()
    }

    /// The revocation list in force.
    pub fn revocation_list(&self) -> Option<&RevocationList> {
        self.revocation.as_deref()
    }

    /// The sequence number of the trust list in force.
    pub fn trust_sequence(&self) -> Option<u64> {
        self.trust.as_ref().map(|t| t.info().sequence)
    }

    /// The keys whose signature a revocation list must carry: the trust list's
    /// revocation signers, or the root when it names none.
    pub fn revocation_signers(&self) -> Vec<PublicKey> {
        match &self.trust {
            Some(t) if !t.list().revocation_signers.is_empty() => {
                t.list().revocation_signers.clone()
            }
            _ => vec![self.root],
        }
    }

    /// Loads a trust list file (binary or `VN1T:` text).
    ///
    /// Errors: `bad_trust_list` (malformed, or not signed by the root or the
    /// announced next root), `trust_list_rollback` (a lower sequence than the one
    /// held or the floor, or the same sequence with other content). On error
    /// nothing changes.
    pub fn load_trust_list(&mut self, file: &[u8]) -> Result<LoadOutcome> {
        let roots: Vec<PublicKey> = std::iter::once(self.root).chain(self.next_root).collect();
        let signed = SignedTrustList::verify(file, &roots)?;
        let sequence = signed.info().sequence;
        if sequence < self.min_sequence {
            return Err(err!(
                TrustListRollback,
                "trust list {sequence} is older than the lowest accepted ({})",
                self.min_sequence
            ));
        }
        if let Some(current) = &self.trust {
            let held = current.info().sequence;
            if sequence < held {
                return Err(err!(
                    TrustListRollback,
                    "trust list {sequence} is older than the list in force ({held})"
                ));
            }
            if sequence == held {
                if current.signature() == signed.signature() {
                    return Ok(LoadOutcome::Unchanged { sequence });
                }
                return Err(err!(
                    TrustListRollback,
                    "a different trust list with the same sequence {sequence} is already in force"
                ));
            }
        }
        if Some(signed.signer()) == self.next_root {
            self.root = signed.signer();
        }
        self.next_root = signed.list().next_root;
        self.trust = Some(Arc::new(signed));
        Ok(LoadOutcome::Loaded { sequence })
    }

    /// Loads a revocation list file (full or delta; binary or `VN1R:` text),
    /// signed by one of [`TrustAnchor::revocation_signers`].
    ///
    /// Errors: `bad_revocation_list`, `revocation_list_rollback` (as for trust
    /// lists), `revocation_delta_mismatch` (a delta whose base is not the list in
    /// force: load the full list). On error nothing changes.
    pub fn load_revocation_list(&mut self, file: &[u8]) -> Result<LoadOutcome> {
        let signed = SignedRevocation::verify(file, &self.revocation_signers())?;
        let info = signed.info();
        let sequence = info.sequence;
        if sequence < self.min_revocation_sequence {
            return Err(err!(
                RevocationListRollback,
                "revocation list {sequence} is older than the lowest accepted ({})",
                self.min_revocation_sequence
            ));
        }
        let held = self
            .revocation
            .as_ref()
            .and_then(|r| r.info())
            .map(|i: ListInfo| i.sequence);
        if let Some(held) = held {
            if sequence < held {
                return Err(err!(
                    RevocationListRollback,
                    "revocation list {sequence} is older than the list in force ({held})"
                ));
            }
            if sequence == held {
                if self.revocation_signature == Some(signed.signature()) {
                    return Ok(LoadOutcome::Unchanged { sequence });
                }
                return Err(err!(
                    RevocationListRollback,
                    "a different revocation list with the same sequence {sequence} is already in force"
                ));
            }
        }
        let signature = signed.signature();
        let list = match signed.into_update() {
            RevocationUpdate::Full(list) => list,
            RevocationUpdate::Delta(delta) => match &self.revocation {
                Some(current) => current.apply(&delta)?,
                None => {
                    return Err(err!(
                        RevocationDeltaMismatch,
                        "a revocation delta from {} arrived, but no full revocation list is held",
                        delta.base_sequence
                    ))
                }
            },
        };
        self.revocation = Some(Arc::new(list));
        self.revocation_signature = Some(signature);
        Ok(LoadOutcome::Loaded { sequence })
    }

    /// Forgets the revocation list in force, raising the revocation floor to its
    /// sequence so that no older list loads afterwards.
    pub fn clear_revocation_list(&mut self) {
        if let Some(info) = self.revocation.as_ref().and_then(|r| r.info()) {
            self.min_revocation_sequence = self.min_revocation_sequence.max(info.sequence);
        }
        self.revocation = None;
        self.revocation_signature = None;
    }

    /// A verifier trusting the list in force and checking the revocation list in force.
    ///
    /// `bad_trust_list` when no trust list is loaded.
    pub fn verifier(&self) -> Result<Verifier> {
        let trust = self
            .trust
            .as_ref()
            .ok_or_else(|| err!(BadTrustList, "no trust list is loaded"))?;
        let verifier = Verifier::from_trust_list(trust);
        Ok(match &self.revocation {
            Some(r) => verifier.with_revocation(Arc::clone(r) as Arc<dyn RevocationCheck>),
            None => verifier,
        })
    }

    /// The state of the lists in force at `now`.
    pub fn info(&self, now: Timestamp) -> TrustInfo {
        TrustInfo {
            trust_list: self.trust.as_ref().map(|t| t.info().status(now)),
            revocation_list: self
                .revocation
                .as_ref()
                .and_then(|r| r.info())
                .map(|i| i.status(now)),
        }
    }
}
