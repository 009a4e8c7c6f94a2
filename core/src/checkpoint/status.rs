//! [`Checkpoint::status`]: the state of every artifact held, clock sanity, and
//! when to fetch again (spec/TRUST.md §9.4–9.5).

use serde::Serialize;

use super::Checkpoint;
use crate::error::{err, Result};
use crate::list_info::ListInfo;
use crate::model::AreaCode;
use crate::policy::{Outcome, PolicyRef};
use crate::time::Timestamp;

/// A list is `due` this long before its next update (at most half its lifetime).
pub const DUE_LEAD_SECONDS: i64 = 3600;
/// A list more than this long past its next update is `expired`.
pub const EXPIRED_AFTER_SECONDS: i64 = 48 * 3600;
/// The clock is suspect when it is this far past every held list's next update.
pub const CLOCK_SUSPECT_SECONDS: i64 = 30 * 86_400;

/// The state of an artifact at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArtifactState {
    /// Before its due time.
    Fresh,
    /// Within [`DUE_LEAD_SECONDS`] of its next update: fetch a new one.
    Due,
    /// Past its next update: still used, and the policy decides what that means.
    Stale,
    /// More than [`EXPIRED_AFTER_SECONDS`] past its next update, or (a policy) past its validity.
    Expired,
    /// Not held.
    Missing,
}

/// One artifact's line in a [`Status`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArtifactStatus {
    /// `trust_list`, `revocation_list`, `policy` or `dsc_list`.
    pub kind: &'static str,
    /// The policy's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its sequence.
    pub sequence: Option<u64>,
    /// When it was issued.
    pub issued_at: Option<Timestamp>,
    /// When the next one is due.
    pub next_update: Option<Timestamp>,
    /// Seconds since it was issued (negative: the clock is behind it).
    pub age_seconds: Option<i64>,
    /// Its state.
    pub state: ArtifactState,
}

/// The schedule of fetches: the floor between fetches and the backoff after failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RefreshSettings {
    /// Never fetch sooner than this many seconds after the last attempt (default 900).
    pub floor_seconds: u32,
    /// The longest wait after failures (default 21,600: 6 hours).
    pub max_backoff_seconds: u32,
    /// Failed attempts since the last success.
    pub failures: u32,
    /// The last attempt, if any.
    pub last_attempt: Option<Timestamp>,
}

impl Default for RefreshSettings {
    fn default() -> Self {
        RefreshSettings {
            floor_seconds: 900,
            max_backoff_seconds: 6 * 3600,
            failures: 0,
            last_attempt: None,
        }
    }
}

impl RefreshSettings {
    /// `invalid_argument` for a floor of 0 or a backoff below the floor.
    pub(crate) fn check(&self) -> Result<()> {
        if self.floor_seconds == 0 || self.max_backoff_seconds < self.floor_seconds {
            return Err(err!(
                InvalidArgument,
                "the refresh floor must be at least 1 s and the backoff at least the floor"
            ));
        }
        Ok(())
    }

    /// How long to wait after the last attempt: the floor, doubled per failure, capped.
    pub fn wait_seconds(&self) -> i64 {
        let floor = i64::from(self.floor_seconds);
        let doubled = floor.saturating_mul(1i64 << self.failures.min(30));
        doubled.min(i64::from(self.max_backoff_seconds)).max(floor)
    }
}

/// What [`Checkpoint::status`] reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The checkpoint's id.
    pub checkpoint_id: String,
    /// Its area.
    pub area: Option<AreaCode>,
    /// The trust list, the revocation list, then each policy by id (or one
    /// missing policy line), then the DSC list when one is held.
    pub artifacts: Vec<ArtifactStatus>,
    /// The policy that decides now.
    pub policy_in_force: PolicyRef,
    /// The device's time is before the issue time of a held artifact.
    pub clock_behind: bool,
    /// The device's time is far past every held list's next update.
    pub clock_suspect: bool,
    /// The drift from the trusted time hint (positive: the device is behind), if one was given.
    pub drift_seconds: Option<i64>,
    /// When the app should fetch again.
    pub next_refresh_at: Timestamp,
    /// The number of checks counted.
    pub tally_total: u64,
    /// What the policy in force does with a stale list or a clock warning.
    pub policy_actions: PolicyActions,
}

/// What the policy in force does when a list is stale or the clock is off
/// (spec/TRUST.md §5, §9.5): for an app to say what a warning means for decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyActions {
    /// The action on a stale trust list.
    pub stale_trust_list: Outcome,
    /// The action on a stale revocation list.
    pub stale_revocation_list: Outcome,
    /// The action when the clock is behind a held artifact.
    pub clock_behind: Outcome,
    /// The action when the drift from the time hint exceeds `max_drift_seconds`.
    pub clock_drift: Outcome,
    /// The allowed drift (0: not checked).
    pub max_drift_seconds: u32,
}

fn state_of(info: &ListInfo, now: Timestamp) -> ArtifactState {
    let lifetime = info.next_update.unix() - info.issued_at.unix();
    let lead = DUE_LEAD_SECONDS.min(lifetime / 2);
    let (next, now) = (info.next_update.unix(), now.unix());
    if now >= next.saturating_add(EXPIRED_AFTER_SECONDS) {
        ArtifactState::Expired
    } else if now >= next {
        ArtifactState::Stale
    } else if now >= next - lead {
        ArtifactState::Due
    } else {
        ArtifactState::Fresh
    }
}

fn line(
    kind: &'static str,
    id: Option<String>,
    info: Option<ListInfo>,
    now: Timestamp,
) -> ArtifactStatus {
    ArtifactStatus {
        kind,
        id,
        sequence: info.map(|i| i.sequence),
        issued_at: info.map(|i| i.issued_at),
        next_update: info.map(|i| i.next_update),
        age_seconds: info.map(|i| now.unix() - i.issued_at.unix()),
        state: info.map_or(ArtifactState::Missing, |i| state_of(&i, now)),
    }
}

impl Checkpoint {
    /// The sequence and times of every artifact held.
    fn held_infos(&self) -> Vec<ListInfo> {
        let mut infos: Vec<ListInfo> = self
            .anchor
            .trust_list()
            .map(|t| t.info())
            .into_iter()
            .collect();
        infos.extend(self.anchor.revocation_list().and_then(|r| r.info()));
        infos.extend(self.policies.values().map(|p| p.document().info));
        infos.extend(self.dsc_list_info());
        infos
    }

    /// Whether `now` is before the issue time of a held artifact.
    pub fn clock_behind(&self, now: Timestamp) -> bool {
        self.held_infos().iter().any(|i| now < i.issued_at)
    }

    /// Whether `now` is more than [`CLOCK_SUSPECT_SECONDS`] past every held list's next update.
    pub fn clock_suspect(&self, now: Timestamp) -> bool {
        let infos = self.held_infos();
        !infos.is_empty()
            && infos
                .iter()
                .all(|i| now.unix() > i.next_update.unix().saturating_add(CLOCK_SUSPECT_SECONDS))
    }

    /// The state of everything held at `now`, and when to fetch again.
    pub fn status(&self, now: Timestamp) -> Status {
        let trust = self.anchor.trust_list().map(|t| t.info());
        let revocation = self.anchor.revocation_list().and_then(|r| r.info());
        let mut artifacts = vec![
            line("trust_list", None, trust, now),
            line("revocation_list", None, revocation, now),
        ];
        for (id, p) in &self.policies {
            let d = p.document();
            let mut l = line("policy", Some(id.clone()), Some(d.info), now);
            if d.valid_until.is_some_and(|u| now >= u) {
                l.state = ArtifactState::Expired;
            }
            artifacts.push(l);
        }
        if self.policies.is_empty() {
            artifacts.push(line("policy", None, None, now));
        }
        if let Some(info) = self.dsc_list_info() {
            artifacts.push(line("dsc_list", None, Some(info), now));
        }
        Status {
            checkpoint_id: self.id.clone(),
            area: self.area.clone(),
            artifacts,
            policy_in_force: self.policy_in_force(now),
            clock_behind: self.clock_behind(now),
            clock_suspect: self.clock_suspect(now),
            drift_seconds: self.drift_seconds(),
            next_refresh_at: self.next_refresh_at(now),
            tally_total: self.tally.total(),
            policy_actions: self.policy_actions(now),
        }
    }

    fn policy_actions(&self, now: Timestamp) -> PolicyActions {
        let policy = self.select(now).0;
        PolicyActions {
            stale_trust_list: policy.stale_trust_list,
            stale_revocation_list: policy.stale_revocation_list,
            clock_behind: policy.clock.behind,
            clock_drift: policy.clock.drift,
            max_drift_seconds: policy.clock.max_drift_seconds,
        }
    }

    /// The earliest due time among the lists held (now when the trust or
    /// revocation list is missing), but no sooner than the last attempt plus
    /// the floor, or plus the backoff after failures.
    pub fn next_refresh_at(&self, now: Timestamp) -> Timestamp {
        let trust = self.anchor.trust_list().map(|t| t.info());
        let revocation = self.anchor.revocation_list().and_then(|r| r.info());
        let due = |i: ListInfo| {
            let lifetime = i.next_update.unix() - i.issued_at.unix();
            i.next_update.unix() - DUE_LEAD_SECONDS.min(lifetime / 2)
        };
        let mut earliest = match (trust, revocation) {
            (Some(t), Some(r)) => due(t).min(due(r)),
            _ => now.unix(),
        };
        for p in self.policies.values() {
            earliest = earliest.min(due(p.document().info));
        }
        if let Some(info) = self.dsc_list_info() {
            earliest = earliest.min(due(info));
        }
        let earliest = earliest.max(now.unix());
        let after_attempt = self.refresh.last_attempt.map_or(i64::MIN, |t| {
            t.unix().saturating_add(self.refresh.wait_seconds())
        });
        Timestamp(earliest.max(after_attempt))
    }
}
