//! The policy's `clock` section (clock sanity on a checkpoint, spec/TRUST.md §9.5),
//! and [`PolicyRef`]: which policy made a decision.

use serde::{Deserialize, Serialize};

use super::Outcome;

fn review() -> Outcome {
    Outcome::Review
}
fn five_minutes() -> u32 {
    300
}

/// What a checkpoint does when its clock looks wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClockRules {
    /// When the device's time is before the issue time of a held list (default review).
    #[serde(default = "review")]
    pub behind: Outcome,
    /// The largest drift from a trusted time hint tolerated, in seconds (default 300; 0: off).
    #[serde(default = "five_minutes")]
    pub max_drift_seconds: u32,
    /// When the drift is larger (default review).
    #[serde(default = "review")]
    pub drift: Outcome,
}

impl Default for ClockRules {
    fn default() -> Self {
        ClockRules {
            behind: review(),
            max_drift_seconds: five_minutes(),
            drift: review(),
        }
    }
}

/// The policy that made a decision: its id and sequence, and whether it was signed.
///
/// A local policy file (development, or a checkpoint without a signed one) has
/// `signed: false` and no sequence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyRef {
    /// The policy's id (`local` for an unsigned policy without one).
    pub id: String,
    /// Its sequence, for a signed policy.
    pub sequence: Option<u64>,
    /// Whether it came signed by the root or a policy signer.
    pub signed: bool,
}
