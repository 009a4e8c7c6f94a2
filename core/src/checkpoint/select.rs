//! Which policy is in force (spec/TRUST.md §9.3): among the signed policies
//! whose validity window contains `now` and whose scope covers the checkpoint's
//! area, the most specific scope (commune, then district, then province, then
//! every checkpoint); among those, the highest sequence; among those, the
//! smallest id. With none, the local unsigned policy; with none either, the
//! default rules and the reason `no_policy_in_force`.

use std::sync::OnceLock;

use super::{Checkpoint, SignedPolicy};
use crate::policy::{Policy, PolicyRef};
use crate::time::Timestamp;

/// The id a decision names when a local, unsigned policy made it.
pub const LOCAL_POLICY_ID: &str = "local";
/// The id a decision names when no policy was set and the defaults decided.
pub const DEFAULT_POLICY_ID: &str = "default";

fn default_policy() -> &'static Policy {
    static DEFAULT: OnceLock<Policy> = OnceLock::new();
    DEFAULT.get_or_init(Policy::default)
}

impl Checkpoint {
    /// The signed policy in force at `now` at this checkpoint's area, if any.
    pub fn signed_policy_in_force(&self, now: Timestamp) -> Option<&SignedPolicy> {
        self.policies
            .values()
            .filter(|p| p.document().in_force_at(now))
            .filter_map(|p| {
                let d = p.document();
                d.specificity(self.area.as_ref())
                    .map(|s| ((s, d.info.sequence, std::cmp::Reverse(d.id.as_str())), p))
            })
            .max_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, p)| p)
    }

    /// The policy that decides at `now`, the reference decisions carry, and
    /// whether no policy was set at all (the defaults decide).
    pub(crate) fn select(&self, now: Timestamp) -> (&Policy, PolicyRef, bool) {
        if let Some(p) = self.signed_policy_in_force(now) {
            let d = p.document();
            let r = PolicyRef {
                id: d.id.clone(),
                sequence: Some(d.info.sequence),
                signed: true,
            };
            return (&d.policy, r, false);
        }
        if let Some(local) = &self.local_policy {
            let r = PolicyRef {
                id: LOCAL_POLICY_ID.into(),
                sequence: None,
                signed: false,
            };
            return (local, r, false);
        }
        let r = PolicyRef {
            id: DEFAULT_POLICY_ID.into(),
            sequence: None,
            signed: false,
        };
        (default_policy(), r, true)
    }

    /// The reference of the policy that decides at `now`.
    pub fn policy_in_force(&self, now: Timestamp) -> PolicyRef {
        self.select(now).1
    }
}
