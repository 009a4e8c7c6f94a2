//! [`Checkpoint`]: everything a checkpoint holds, as one object — the root key
//! and trust list ([`TrustAnchor`]), the revocation list and the deltas applied
//! to it, signed policies, the checkpoint's id and area, refresh bookkeeping,
//! a trusted time hint, and a [`Tally`] (spec/TRUST.md §9).
//!
//! ```
//! use qrpass::checkpoint::{Checkpoint, PolicyDocument};
//! use qrpass::trust::{ListInfo, TrustList};
//! use qrpass::{Policy, PrivateKey, Timestamp};
//!
//! let root = PrivateKey::from_seed(&[1; 32]);
//! let t0 = Timestamp(1_631_000_000);
//! let mut list = TrustList::new(t0, t0.add_seconds(86_400));
//! list.sequence = 1;
//! let doc = PolicyDocument {
//!     info: ListInfo { sequence: 1, issued_at: t0, next_update: t0.add_seconds(86_400) },
//!     id: "national".into(),
//!     title: "National rules".into(),
//!     valid_from: t0,
//!     valid_until: None,
//!     scope: None,
//!     policy: Policy::default(),
//! };
//!
//! let mut cp = Checkpoint::new(root.public_key(), "QL1A-01", Some("79.760".parse()?));
//! assert_eq!(cp.offer(&list.sign(&root)?)?.kind.as_str(), "trust_list");
//! assert_eq!(cp.offer(&doc.sign(&root)?)?.kind.as_str(), "policy");
//! let checked = cp.check("VN1:not a pass", None, t0.add_seconds(60));
//! assert_eq!(checked.decision.policy.as_ref().map(|p| p.id.as_str()), Some("national"));
//!
//! let saved = cp.save();
//! assert_eq!(Checkpoint::restore(&saved)?.save(), saved);
//! # Ok::<(), qrpass::Error>(())
//! ```

mod dcc;
#[cfg(test)]
mod dsc_tests;
mod index;
mod offer;
mod select;
mod signed_policy;
mod state;
mod status;
mod tally;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

pub use index::{IndexEntry, PublishIndex, INDEX_PREFIX, TYPE_INDEX};
pub use offer::{ArtifactKind, Offered};
pub use signed_policy::{parse_scope, PolicyDocument, SignedPolicy, MAX_POLICY_BYTES};
pub use status::{ArtifactState, ArtifactStatus, PolicyActions, RefreshSettings, Status};
pub use tally::{
    Tally, TallyRow, HOLDER_NONE, KIND_EU_DCC, KIND_UNVERIFIED, RESCAN_WINDOW_SECONDS,
};

use crate::error::Result;
use crate::idcard::IdCard;
use crate::keys::PublicKey;
use crate::model::AreaCode;
use crate::policy::{Checked, CheckpointContext, DisplayView, Policy, Reason, ReasonCode};
use crate::time::Timestamp;
use crate::trust::TrustAnchor;

/// The state of one checkpoint (see the module docs).
#[derive(Clone, Debug)]
pub struct Checkpoint {
    anchor: TrustAnchor,
    trust_floor: u64,
    revocation_floor: u64,
    /// The full revocation list's envelope, then each delta applied to it.
    revocation_chain: Vec<Vec<u8>>,
    /// Signed policies by id.
    policies: BTreeMap<String, SignedPolicy>,
    /// The highest sequence seen per policy id (rollback floors).
    policy_floors: BTreeMap<String, u64>,
    local_policy: Option<Policy>,
    id: String,
    area: Option<AreaCode>,
    refresh: RefreshSettings,
    /// A trusted time and the device time it was read at: (trusted, device).
    time_hint: Option<(Timestamp, Timestamp)>,
    tally: Tally,
    /// The highest DSC list sequence seen (its rollback floor).
    dsc_floor: u64,
    /// The signed DSC list held (EU DCC document signers).
    #[cfg(feature = "dcc")]
    dsc: Option<std::sync::Arc<crate::dcc::SignedDscList>>,
}

impl Checkpoint {
    /// A checkpoint trusting lists signed by `root`, holding nothing yet.
    pub fn new(root: PublicKey, id: &str, area: Option<AreaCode>) -> Checkpoint {
        Checkpoint {
            anchor: TrustAnchor::new(root),
            trust_floor: 0,
            revocation_floor: 0,
            revocation_chain: Vec::new(),
            policies: BTreeMap::new(),
            policy_floors: BTreeMap::new(),
            local_policy: None,
            id: id.to_string(),
            area,
            refresh: RefreshSettings::default(),
            time_hint: None,
            tally: Tally::default(),
            dsc_floor: 0,
            #[cfg(feature = "dcc")]
            dsc: None,
        }
    }

    /// The checkpoint's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The checkpoint's area.
    pub fn area(&self) -> Option<&AreaCode> {
        self.area.as_ref()
    }

    /// Moves the checkpoint to another area (the policy in force may change).
    pub fn set_area(&mut self, area: Option<AreaCode>) {
        self.area = area;
    }

    /// The trust anchor (root key, trust list, revocation list).
    pub fn anchor(&self) -> &TrustAnchor {
        &self.anchor
    }

    /// The signed policies held, by id.
    pub fn policies(&self) -> impl Iterator<Item = &SignedPolicy> {
        self.policies.values()
    }

    /// Sets (or clears) a local, unsigned policy: used when no signed policy is
    /// in force; its decisions say `signed: false`.
    pub fn set_local_policy(&mut self, policy: Option<Policy>) {
        self.local_policy = policy;
    }

    /// Sets the refresh schedule's floor and failure backoff (seconds).
    pub fn set_refresh(&mut self, settings: RefreshSettings) -> Result<()> {
        settings.check()?;
        self.refresh = RefreshSettings {
            failures: self.refresh.failures,
            last_attempt: self.refresh.last_attempt,
            ..settings
        };
        Ok(())
    }

    /// Records a fetch attempt at `now`: `ok` resets the backoff, a failure lengthens it.
    pub fn record_refresh(&mut self, now: Timestamp, ok: bool) {
        self.refresh.last_attempt = Some(now);
        self.refresh.failures = if ok {
            0
        } else {
            self.refresh.failures.saturating_add(1).min(32)
        };
    }

    /// Records a time from a trusted source (e.g. the list server's HTTP `Date`),
    /// read when the device's clock said `device_now`.
    pub fn set_time_hint(&mut self, trusted: Timestamp, device_now: Timestamp) {
        self.time_hint = Some((trusted, device_now));
    }

    /// The drift of the device's clock from the trusted hint, in seconds
    /// (positive: the device is behind).
    pub fn drift_seconds(&self) -> Option<i64> {
        self.time_hint
            .map(|(trusted, device)| trusted.unix().saturating_sub(device.unix()))
    }

    /// The tally.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Forgets every count.
    pub fn reset_tally(&mut self) {
        self.tally.reset();
    }

    /// Verifies `text` at `now`, decides under the policy in force (with the
    /// scanned `id_card`), adds the clock reasons, counts the check, and
    /// returns the decision, which names its policy, and the screen view.
    ///
    /// With the feature `dcc`, an EU DCC (`HC1:`) is verified with the DSC list
    /// held and decided by the policy's `dcc` rules (spec/TRUST.md §10.3); its
    /// view holds the name, date of birth and statement summary only, and the
    /// tally counts it as kind `eu_dcc`.
    pub fn check(&mut self, text: &str, id_card: Option<IdCard>, now: Timestamp) -> Checked {
        let checked = self.decide(text, id_card, now);
        let kind = match checked.view.kind {
            Some(k) => k.as_str(),
            None if checked.view.statement.is_some() => KIND_EU_DCC,
            None => KIND_UNVERIFIED,
        };
        let holder = checked.decision.holder.as_ref().map(|h| h.result);
        self.tally
            .record(text, now, kind, checked.decision.outcome, holder);
        checked
    }

    /// What [`Checkpoint::check`] decides, without counting it in the tally:
    /// for an app that first learns whether the policy wants the holder's ID
    /// card (the view's `holder` is `missing`), then checks again with it.
    pub fn decide(&self, text: &str, id_card: Option<IdCard>, now: Timestamp) -> Checked {
        let (policy, policy_ref, missing) = self.select(now);
        let (mut decision, view) = self.decide_text(text, id_card, policy, now);
        decision.add_reasons(self.clock_reasons(policy, missing, now));
        decision.policy = Some(policy_ref);
        let view = DisplayView {
            decision: decision.outcome,
            reasons: decision.reasons.clone(),
            ..view
        };
        Checked { decision, view }
    }

    /// The policy's decision on `text` and its view, before the checkpoint's own reasons.
    fn decide_text(
        &self,
        text: &str,
        id_card: Option<IdCard>,
        policy: &Policy,
        now: Timestamp,
    ) -> (crate::policy::Decision, DisplayView) {
        #[cfg(feature = "dcc")]
        if crate::classify::classify(text) == crate::classify::CodeKind::EuDcc {
            return self.decide_dcc(text, policy, now);
        }
        let result = self.anchor.verifier().and_then(|v| v.verify_at(text, now));
        let at = CheckpointContext::new(self.area.clone(), now).with_id_card(id_card);
        let decision = policy.decide(&result, &at);
        let view = DisplayView::new(&result, &decision);
        (decision, view)
    }

    /// The reasons every check gets from the checkpoint itself: no policy in
    /// force, the clock behind a held artifact, drift from the time hint.
    fn clock_reasons(&self, policy: &Policy, missing: bool, now: Timestamp) -> Vec<Reason> {
        let mut extra = Vec::new();
        if missing {
            extra.push(Reason::new(
                ReasonCode::NoPolicyInForce,
                crate::policy::Outcome::Review,
            ));
        }
        let rules = &policy.clock;
        if self.clock_behind(now) && rules.behind != crate::policy::Outcome::Allow {
            extra.push(Reason::new(ReasonCode::ClockBehind, rules.behind));
        }
        let limit = i64::from(rules.max_drift_seconds);
        let drifted = self.drift_seconds().is_some_and(|d| d.abs() > limit);
        if limit > 0 && drifted && rules.drift != crate::policy::Outcome::Allow {
            extra.push(Reason::new(ReasonCode::ClockDrift, rules.drift));
        }
        extra
    }
}

/// Whether `text` is 1 to `max` bytes of `a-z 0-9 - _ .`: the alphabet of
/// policy ids and published file names.
fn is_plain_name(text: &str, max: usize) -> bool {
    (1..=max).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}
