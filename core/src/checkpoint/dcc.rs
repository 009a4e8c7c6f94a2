//! The checkpoint's EU DCC side (spec/TRUST.md §10): the signed DSC list held
//! beside the trust list, and `check` on an `HC1:` text under the policy's
//! `dcc` rules. Without the feature `dcc` a DSC list is refused
//! (`dcc_unsupported`) and `HC1:` texts fail as before (`bad_prefix`).

use super::offer::{ArtifactKind, Offered};
use super::Checkpoint;
use crate::error::{err, Result};
#[cfg(feature = "dcc")]
use crate::keys::PublicKey;
use crate::list_info::ListInfo;
#[cfg(feature = "dcc")]
use crate::trust::LoadOutcome;

impl Checkpoint {
    /// The sequence and times of the DSC list held, if any.
    pub fn dsc_list_info(&self) -> Option<ListInfo> {
        #[cfg(feature = "dcc")]
        return self.dsc.as_ref().map(|d| d.info());
        #[cfg(not(feature = "dcc"))]
        None
    }

    /// The DSC list held (EU DCC document signers), if any.
    #[cfg(feature = "dcc")]
    pub fn dsc_list(&self) -> Option<&crate::dcc::SignedDscList> {
        self.dsc.as_deref()
    }

    /// Whether a DSC list of `sequence` named by a publication index is worth
    /// fetching: newer than the one held, or, with none held, at or above the
    /// floor (what [`Checkpoint::offer`] accepts).
    pub(super) fn dsc_list_wanted(&self, sequence: u64) -> bool {
        match self.dsc_list_info() {
            Some(held) => sequence > held.sequence,
            None => sequence >= self.dsc_floor,
        }
    }

    /// The binary envelope of the DSC list held (for [`Checkpoint::save`]).
    pub(super) fn dsc_envelope(&self) -> Option<Vec<u8>> {
        #[cfg(feature = "dcc")]
        return self.dsc.as_ref().map(|d| d.envelope().to_vec());
        #[cfg(not(feature = "dcc"))]
        None
    }

    /// The keys a DSC list must be signed by: the root, or the announced next root.
    #[cfg(feature = "dcc")]
    fn dsc_signers(&self) -> Vec<PublicKey> {
        std::iter::once(self.anchor.root())
            .chain(self.anchor.next_root())
            .collect()
    }

    /// After a trust list load: a DSC list whose signer is no longer the root
    /// nor the next root (a completed rotation) leaves; its floor stays.
    pub(super) fn drop_untrusted_dsc_list(&mut self) {
        #[cfg(feature = "dcc")]
        {
            let signers = self.dsc_signers();
            if self
                .dsc
                .as_ref()
                .is_some_and(|d| !signers.contains(&d.signer()))
            {
                self.dsc = None;
            }
        }
    }

    /// Offers a DSC list: the rules of a trust list (spec/TRUST.md §3.1, §10.2).
    #[cfg(feature = "dcc")]
    pub(super) fn offer_dsc_list(&mut self, bytes: &[u8]) -> Result<Offered> {
        let signed = crate::dcc::SignedDscList::verify(bytes, &self.dsc_signers())?;
        let sequence = signed.info().sequence;
        let kind = ArtifactKind::DscList;
        if let Some(held) = &self.dsc {
            let held_seq = held.info().sequence;
            if sequence == held_seq && held.signature() == signed.signature() {
                return Ok(Offered::from_load(
                    kind,
                    LoadOutcome::Unchanged { sequence },
                    None,
                ));
            }
        }
        // As for a trust list: below the floor is refused; at the floor only
        // when a list is held (a different one with its sequence). With none
        // held (a state saved without `dcc`, or after a root rotation) the list
        // at the floor loads again.
        if sequence < self.dsc_floor || (sequence == self.dsc_floor && self.dsc.is_some()) {
            return Err(err!(
                DscListRollback,
                "DSC list {sequence} is not newer than the one held or the floor ({})",
                self.dsc_floor
            ));
        }
        self.dsc_floor = sequence;
        self.dsc = Some(std::sync::Arc::new(signed));
        Ok(Offered::from_load(
            kind,
            LoadOutcome::Loaded { sequence },
            None,
        ))
    }

    /// Without the feature `dcc`: `dcc_unsupported`, nothing kept.
    #[cfg(not(feature = "dcc"))]
    pub(super) fn offer_dsc_list(&mut self, _bytes: &[u8]) -> Result<Offered> {
        let _ = ArtifactKind::DscList;
        Err(err!(
            DccUnsupported,
            "this build of qrpass has no EU DCC support (feature `dcc`): the DSC list was not loaded"
        ))
    }
}

#[cfg(feature = "dcc")]
mod decide {
    use super::Checkpoint;
    use crate::dcc::VerifiedDcc;
    use crate::error::{err, Result};
    use crate::policy::{Decision, DisplayView, Outcome, Policy, Reason, ReasonCode};
    use crate::time::Timestamp;

    /// A DCC reason string of [`crate::dcc::policy::DccView`] as a reason code.
    fn reason_code(code: &str) -> ReasonCode {
        ReasonCode::from_code(code).unwrap_or(ReasonCode::StatementNotAccepted)
    }

    impl Checkpoint {
        /// Verifies an `HC1:` text with the DSC list held (`bad_dsc_list` when none is).
        pub(crate) fn verify_dcc(&self, text: &str, now: Timestamp) -> Result<VerifiedDcc> {
            let held = self
                .dsc
                .as_ref()
                .ok_or_else(|| err!(BadDscList, "no DSC list is loaded"))?;
            held.verifier().verify_at(text, now)
        }

        /// The decision and view on an `HC1:` text under `policy`'s `dcc` rules
        /// (without clock and policy-in-force reasons, which the caller adds).
        pub(crate) fn decide_dcc(
            &self,
            text: &str,
            policy: &Policy,
            now: Timestamp,
        ) -> (Decision, DisplayView) {
            let verified = match self.verify_dcc(text, now) {
                Ok(v) => v,
                Err(e) => {
                    let decision = Decision::failed(&e);
                    return (decision.clone(), DisplayView::for_dcc(&decision, None));
                }
            };
            let Some(rules) = &policy.dcc else {
                let reasons = vec![Reason::new(ReasonCode::KindNotAccepted, Outcome::Deny)];
                let decision = Decision::from_reasons(reasons, None);
                return (decision.clone(), DisplayView::for_dcc(&decision, None));
            };
            let view = rules.decide(&verified, now, None);
            let mut reasons: Vec<Reason> = view
                .reasons
                .iter()
                .map(|r| Reason::new(reason_code(r), Outcome::Deny))
                .collect();
            let stale = self.dsc.as_ref().is_some_and(|d| d.info().is_stale(now));
            if stale && rules.stale_dsc_list != Outcome::Allow {
                reasons.push(Reason::new(ReasonCode::DscListStale, rules.stale_dsc_list));
            }
            let decision = Decision::from_reasons(reasons, None);
            let display = DisplayView::for_dcc(&decision, Some(view));
            (decision, display)
        }
    }
}
