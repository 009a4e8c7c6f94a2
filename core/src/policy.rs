//! Checkpoint policy: turns a verification result into **allow**, **review** or
//! **deny**, with reasons an officer can read (Vietnamese and English) and apps can
//! switch on (stable snake_case codes, [`ReasonCode`]).
//!
//! A [`Policy`] is data, loaded from JSON or TOML (spec/TRUST.md §5):
//!
//! ```toml
//! format = 1
//! name = "Chốt QL1A – Bình Chánh"
//! accept = ["permit", "declaration", "infection_status"]
//! stale_trust_list = "review"          # allow | review | deny
//! stale_revocation_list = "review"
//!
//! [permit]
//! area = "deny"                        # the permit must cover the checkpoint's area
//!
//! [declaration]
//! max_age_hours = 24                   # 0: no limit
//! too_old = "deny"
//! risk = "review"                      # symptoms or exposures declared
//!
//! [infection_status]
//! f0 = "deny"
//! f1 = "deny"
//! f2 = "review"
//! isolation = "deny"                   # an isolation order still running
//!
//! [support_entitlement]
//! area = "review"                      # residence outside the payout point's area
//!
//! [holder]                             # the ID card (CCCD) scanned with the pass
//! require_card = []                    # kinds that need one, e.g. ["permit"]
//! mismatch = "deny"                    # ID, name or birth date differ
//! missing_card = "review"              # required and not scanned
//! marks_only = "review"                # names differ only in diacritics
//! inconsistent_number = "review"       # the card's number disagrees with itself
//! ```
//!
//! Every rule has a default (shown above; f3, recovered and negative default to
//! allow). [`Policy::decide`] takes the result of [`crate::Verifier::verify_at`],
//! so a failed verification is a decision too: deny, with the error's code as the
//! reason. The outcome is the strictest of the reasons; with no reason it is allow
//! with `pass_valid`.
//!
//! ```
//! use qrpass::policy::{CheckpointContext, Outcome, Policy};
//! use qrpass::{Error, ErrorCode, Timestamp};
//!
//! let policy = Policy::from_json(r#"{"accept": ["permit"]}"#)?;
//! let failed: Result<qrpass::Verified, Error> = Err(Error::new(ErrorCode::Expired, "expired"));
//! let decision = policy.decide(&failed, &CheckpointContext::new(None, Timestamp(1_631_235_600)));
//! assert_eq!(decision.outcome, Outcome::Deny);
//! assert_eq!(decision.reasons[0].code.as_str(), "expired");
//! # Ok::<(), qrpass::Error>(())
//! ```

mod clock;
mod dcc_rules;
mod holder;
#[cfg(test)]
mod holder_tests;
mod read;
mod reasons;
mod rules;
use rules::Reasons;
#[cfg(test)]
mod tests;
mod view;

use serde::{Deserialize, Serialize};

pub use clock::{ClockRules, PolicyRef};
pub use dcc_rules::{DccPolicy, DccRules, TestRule, VaccinationRule};
pub use holder::{HolderCheck, HolderResult, HolderRules};
pub use reasons::{Reason, ReasonCode};
pub use view::DisplayView;

use crate::error::{err, Error, Result};
use crate::idcard::IdCard;
use crate::model::{AreaCode, Pass, PassKind};
use crate::time::Timestamp;
use crate::verify::{Verified, Verifier};

/// The policy file format this version reads.
pub const POLICY_FORMAT: u32 = 1;
/// The longest declaration age a policy may set: one year.
pub const MAX_DECLARATION_AGE_HOURS: u32 = 24 * 366;

/// A decision, or what a rule asks for when it applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Let the person through; as a rule's action: the rule is off.
    Allow,
    /// An officer looks at the pass and decides.
    Review,
    /// Refuse.
    Deny,
}

impl Outcome {
    /// `allow`, `review` or `deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allow => "allow",
            Outcome::Review => "review",
            Outcome::Deny => "deny",
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where and when a check happens, and the ID card scanned with the pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointContext {
    /// The checkpoint's area (province, district or commune); `None` if not set.
    pub area: Option<AreaCode>,
    /// The time of the check.
    pub now: Timestamp,
    /// The ID card the person showed, if it was scanned (policy section `holder`).
    pub id_card: Option<IdCard>,
}

impl CheckpointContext {
    /// A context at `area` and time `now`, without an ID card.
    pub fn new(area: Option<AreaCode>, now: Timestamp) -> CheckpointContext {
        CheckpointContext {
            area,
            now,
            id_card: None,
        }
    }

    /// The same context with the scanned ID card.
    pub fn with_id_card(self, card: Option<IdCard>) -> CheckpointContext {
        CheckpointContext {
            id_card: card,
            ..self
        }
    }
}

/// The result of a policy: allow, review or deny, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The strictest outcome among the reasons.
    pub outcome: Outcome,
    /// The reasons; at least one.
    pub reasons: Vec<Reason>,
    /// The holder check against the scanned ID card, when one was scanned or required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<HolderCheck>,
    /// The policy that made it, when a [`crate::checkpoint::Checkpoint`] decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyRef>,
}

impl Decision {
    /// The decision for a failed verification: deny, with the error's code as the reason.
    pub fn failed(error: &Error) -> Decision {
        Decision {
            outcome: Outcome::Deny,
            reasons: vec![Reason::new(
                ReasonCode::Verification(error.code()),
                Outcome::Deny,
            )],
            holder: None,
            policy: None,
        }
    }

    /// Adds reasons found outside the policy's pass rules (a checkpoint's clock,
    /// a missing policy) and recomputes the outcome.
    pub(crate) fn add_reasons(&mut self, extra: Vec<Reason>) {
        if extra.is_empty() {
            return;
        }
        if self.reasons.len() == 1 && self.reasons[0].code == ReasonCode::PassValid {
            self.reasons.clear();
        }
        self.reasons.extend(extra);
        self.outcome = self
            .reasons
            .iter()
            .map(|r| r.outcome)
            .max()
            .unwrap_or(Outcome::Allow);
    }

    pub(crate) fn from_reasons(reasons: Vec<Reason>, holder: Option<HolderCheck>) -> Decision {
        match reasons.iter().map(|r| r.outcome).max() {
            Some(outcome) => Decision {
                outcome,
                reasons,
                holder,
                policy: None,
            },
            None => Decision {
                outcome: Outcome::Allow,
                reasons: vec![Reason::new(ReasonCode::PassValid, Outcome::Allow)],
                holder,
                policy: None,
            },
        }
    }

    /// The codes of the reasons, in order.
    pub fn codes(&self) -> Vec<&'static str> {
        self.reasons.iter().map(|r| r.code.as_str()).collect()
    }

    /// The screen view of this decision on `result`.
    pub fn view(&self, result: &Result<Verified>) -> DisplayView {
        DisplayView::new(result, self)
    }
}

/// The result of [`Policy::check`]: the decision and what the screen shows.
///
/// In JSON: `{"codes", "outcome", "reasons", "view"}` (SPEC.md / TRUST.md §6),
/// the shape every binding returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// Allow, review or deny, with the reasons.
    pub decision: Decision,
    /// The minimal screen view.
    pub view: DisplayView,
}

impl Serialize for Checked {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // Keys in alphabetical order, as the JSON written before this type had them.
        let mut out = s.serialize_struct("Checked", 5)?;
        out.serialize_field("codes", &self.decision.codes())?;
        out.serialize_field("outcome", &self.decision.outcome)?;
        if let Some(p) = &self.decision.policy {
            out.serialize_field("policy", p)?;
        }
        out.serialize_field("reasons", &self.decision.reasons)?;
        out.serialize_field("view", &self.view)?;
        out.end()
    }
}

fn allow() -> Outcome {
    Outcome::Allow
}
fn review() -> Outcome {
    Outcome::Review
}
fn deny() -> Outcome {
    Outcome::Deny
}
fn format_one() -> u32 {
    POLICY_FORMAT
}

/// Rules for travel permits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PermitRules {
    /// When no area of the permit covers the checkpoint's area (default deny).
    pub area: Outcome,
}

impl Default for PermitRules {
    fn default() -> Self {
        PermitRules { area: deny() }
    }
}

/// Rules for health declarations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeclarationRules {
    /// The oldest declaration accepted, in hours since it was made (default 24; 0: no limit).
    pub max_age_hours: u32,
    /// When the declaration is older (default deny).
    pub too_old: Outcome,
    /// When symptoms or exposures are declared (default review).
    pub risk: Outcome,
}

impl Default for DeclarationRules {
    fn default() -> Self {
        DeclarationRules {
            max_age_hours: 24,
            too_old: deny(),
            risk: review(),
        }
    }
}

/// Rules for infection status passes: one action per classification, and isolation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatusRules {
    /// F0 (default deny).
    pub f0: Outcome,
    /// F1 (default deny).
    pub f1: Outcome,
    /// F2 (default review).
    pub f2: Outcome,
    /// F3 (default allow).
    pub f3: Outcome,
    /// Recovered (default allow).
    pub recovered: Outcome,
    /// Negative (default allow).
    pub negative: Outcome,
    /// An isolation order whose last day is today or later (default deny).
    pub isolation: Outcome,
}

impl Default for StatusRules {
    fn default() -> Self {
        StatusRules {
            f0: deny(),
            f1: deny(),
            f2: review(),
            f3: allow(),
            recovered: allow(),
            negative: allow(),
            isolation: deny(),
        }
    }
}

/// Rules for support entitlements (checked at a payout point).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SupportRules {
    /// When the residence lies outside the checkpoint's area (default review).
    pub area: Outcome,
}

impl Default for SupportRules {
    fn default() -> Self {
        SupportRules { area: review() }
    }
}

/// A checkpoint policy (see the module docs for the file format and defaults).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The file format; must be 1.
    #[serde(default = "format_one")]
    pub format: u32,
    /// A name for people (shown in logs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The pass kinds accepted; any other kind is denied (`kind_not_accepted`).
    pub accept: Vec<PassKind>,
    /// When the trust list is past its next update (default review).
    #[serde(default = "review")]
    pub stale_trust_list: Outcome,
    /// When the revocation list is past its next update (default review).
    #[serde(default = "review")]
    pub stale_revocation_list: Outcome,
    /// Permit rules.
    #[serde(default)]
    pub permit: PermitRules,
    /// Declaration rules.
    #[serde(default)]
    pub declaration: DeclarationRules,
    /// Infection status rules.
    #[serde(default)]
    pub infection_status: StatusRules,
    /// Support entitlement rules.
    #[serde(default)]
    pub support_entitlement: SupportRules,
    /// Holder binding rules (the scanned ID card).
    #[serde(default)]
    pub holder: HolderRules,
    /// Clock sanity rules (used by a [`crate::checkpoint::Checkpoint`]).
    #[serde(default)]
    pub clock: ClockRules,
    /// EU DCC rules (`HC1:`, applied by a checkpoint built with the feature
    /// `dcc`); absent: DCCs are not accepted (`kind_not_accepted`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dcc: Option<DccPolicy>,
}

impl Default for Policy {
    /// Every kind accepted, every rule at its default.
    fn default() -> Self {
        Policy {
            format: POLICY_FORMAT,
            name: None,
            accept: PassKind::ALL.to_vec(),
            stale_trust_list: review(),
            stale_revocation_list: review(),
            permit: PermitRules::default(),
            declaration: DeclarationRules::default(),
            infection_status: StatusRules::default(),
            support_entitlement: SupportRules::default(),
            holder: HolderRules::default(),
            clock: ClockRules::default(),
            dcc: None,
        }
    }
}

impl Policy {
    /// Reads a JSON policy (`bad_policy` when malformed, or on a missing,
    /// unknown or duplicate field or a bad value).
    pub fn from_json(json: &str) -> Result<Policy> {
        let policy = read::policy(json).map_err(|e| err!(BadPolicy, "policy JSON: {e}"))?;
        policy.validate()?;
        Ok(policy)
    }

    /// Reads a TOML policy (`bad_policy` when malformed).
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Policy> {
        let policy: Policy =
            toml::from_str(text).map_err(|e| err!(BadPolicy, "policy TOML: {}", e.message()))?;
        policy.validate()?;
        Ok(policy)
    }

    /// Reads a policy file: JSON when it starts with `{`, otherwise TOML.
    pub fn parse(text: &str) -> Result<Policy> {
        if text.trim_start().starts_with('{') {
            return Policy::from_json(text);
        }
        #[cfg(feature = "toml")]
        return Policy::from_toml(text);
        #[cfg(not(feature = "toml"))]
        Err(err!(
            BadPolicy,
            "the policy is not JSON, and TOML support is not built in (feature `toml`)"
        ))
    }

    /// Writes the policy as JSON, every rule spelled out.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks the values serde cannot: the format, a non-empty `accept`, the age limit.
    pub fn validate(&self) -> Result<()> {
        if self.format != POLICY_FORMAT {
            return Err(err!(
                BadPolicy,
                "policy format {} is not {POLICY_FORMAT}",
                self.format
            ));
        }
        if self.accept.is_empty() {
            return Err(err!(BadPolicy, "the policy accepts no pass kind"));
        }
        if self.declaration.max_age_hours > MAX_DECLARATION_AGE_HOURS {
            return Err(err!(
                BadPolicy,
                "max_age_hours {} is above {MAX_DECLARATION_AGE_HOURS}",
                self.declaration.max_age_hours
            ));
        }
        if let Some(dcc) = &self.dcc {
            dcc.validate()?;
        }
        Ok(())
    }

    /// Decides on a verification result at a checkpoint.
    pub fn decide(&self, result: &Result<Verified>, at: &CheckpointContext) -> Decision {
        let v = match result {
            Ok(v) => v,
            Err(e) => return Decision::failed(e),
        };
        let mut reasons = Reasons(Vec::new());
        if !self.accept.contains(&v.pass.kind()) {
            reasons.add(ReasonCode::KindNotAccepted, Outcome::Deny);
        } else {
            match &v.pass {
                Pass::Permit(p) => self.permit(p, at, &mut reasons),
                Pass::Declaration(d) => self.declaration(d, at, &mut reasons),
                Pass::InfectionStatus(s) => self.status(s, at, &mut reasons),
                Pass::SupportEntitlement(s) => self.support(s, at, &mut reasons),
            }
        }
        let holder = self.holder.check(v, at.id_card.as_ref(), &mut reasons);
        if v.trust.trust_list_stale() {
            reasons.add(ReasonCode::TrustListStale, self.stale_trust_list);
        }
        if v.trust.revocation_list_stale() {
            reasons.add(ReasonCode::RevocationListStale, self.stale_revocation_list);
        }
        Decision::from_reasons(reasons.0, holder)
    }

    /// Verifies `text` at `at.now` and decides: the one call a checkpoint app
    /// makes. The [`Checked`] result holds the decision and the screen view, and
    /// nothing else of the pass.
    ///
    /// ```
    /// use qrpass::policy::{CheckpointContext, Outcome, Policy};
    /// use qrpass::{Timestamp, TrustStore, Verifier};
    ///
    /// let checked = Policy::default().check(
    ///     &Verifier::new(TrustStore::default()),
    ///     "VN1:not a pass",
    ///     &CheckpointContext::new(None, Timestamp(1_631_235_600)),
    /// );
    /// assert_eq!(checked.decision.outcome, Outcome::Deny);
    /// assert_eq!(checked.decision.codes(), ["bad_base45"]);
    /// assert_eq!(checked.view.name, None);
    /// ```
    pub fn check(&self, verifier: &Verifier, text: &str, at: &CheckpointContext) -> Checked {
        let result = verifier.verify_at(text, at.now);
        let decision = self.decide(&result, at);
        let view = DisplayView::new(&result, &decision);
        Checked { decision, view }
    }
}
