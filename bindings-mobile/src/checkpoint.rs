//! `Checkpoint` for Kotlin and Swift: one call into the core per method
//! (spec/TRUST.md §9). Persist `save()` in app storage and `restore` it on
//! start; schedule fetches at `status().nextRefreshAt` (docs/mobile.md).

use std::sync::{Arc, Mutex, MutexGuard};

use qrpass::checkpoint::{Checkpoint as Core, RefreshSettings};
use qrpass::{ErrorCode, Timestamp};

use crate::{Decision, IdCard, QrpassError, Result};

fn at(unix_seconds: Option<i64>) -> Timestamp {
    unix_seconds.map_or_else(Timestamp::now, Timestamp)
}

fn area(area: Option<String>) -> Result<Option<qrpass::model::AreaCode>> {
    Ok(area.map(|a| a.parse()).transpose()?)
}

/// What an accepted offer did.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct Offered {
    /// `trust_list`, `revocation_list`, `revocation_delta`, `policy` or `dsc_list`.
    pub kind: String,
    /// `loaded` or `unchanged`.
    pub outcome: String,
    /// The sequence in force after the offer.
    pub sequence: u64,
    /// The policy's id, for a policy.
    pub id: Option<String>,
}

/// One artifact's state.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct ArtifactStatus {
    /// `trust_list`, `revocation_list`, `policy` or `dsc_list`.
    pub kind: String,
    /// The policy's id.
    pub id: Option<String>,
    /// Its sequence.
    pub sequence: Option<u64>,
    /// Seconds since it was issued.
    pub age_seconds: Option<i64>,
    /// `fresh`, `due`, `stale`, `expired` or `missing`.
    pub state: String,
}

/// A checkpoint's status.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct CheckpointStatus {
    /// Each artifact.
    pub artifacts: Vec<ArtifactStatus>,
    /// The id of the policy in force (`local`, `default` when unsigned).
    pub policy_id: String,
    /// Its sequence, when signed.
    pub policy_sequence: Option<u64>,
    /// The device's clock is before a held list's issue time.
    pub clock_behind: bool,
    /// The device's clock is far past every held list's next update.
    pub clock_suspect: bool,
    /// Drift from the trusted time hint, in seconds.
    pub drift_seconds: Option<i64>,
    /// When to fetch again (Unix seconds).
    pub next_refresh_at: i64,
    /// The whole status as JSON (TRUST.md §9.4).
    pub json: String,
}

/// A checkpoint's whole state (thread-safe: one lock).
#[derive(uniffi::Object)]
pub struct Checkpoint(Mutex<Core>);

impl Checkpoint {
    fn lock(&self) -> Result<MutexGuard<'_, Core>> {
        self.0.lock().map_err(|_| {
            QrpassError::new(
                ErrorCode::Internal,
                "the checkpoint was poisoned by a panic",
            )
        })
    }
}

#[uniffi::export]
impl Checkpoint {
    /// A checkpoint `checkpoint_id` in `area` trusting lists signed by `root_public_key` (32 raw bytes).
    #[uniffi::constructor]
    pub fn new(
        root_public_key: Vec<u8>,
        checkpoint_id: String,
        area_code: Option<String>,
    ) -> Result<Arc<Self>> {
        let root = qrpass::PublicKey::from_bytes(&root_public_key)?;
        Ok(Arc::new(Checkpoint(Mutex::new(Core::new(
            root,
            &checkpoint_id,
            area(area_code)?,
        )))))
    }

    /// A checkpoint from `save()`'s bytes (`bad_checkpoint_state` when damaged).
    #[uniffi::constructor]
    pub fn restore(saved: Vec<u8>) -> Result<Arc<Self>> {
        Ok(Arc::new(Checkpoint(Mutex::new(Core::restore(&saved)?))))
    }

    /// Offers a signed artifact (bytes, or its `VN1T:`/`VN1R:`/`VN1P:`/`VN1D:` text as UTF-8);
    /// a `VN1D:` DSC list gives the EU DCC signers `check` verifies `HC1:` texts with.
    pub fn offer(&self, file: Vec<u8>) -> Result<Offered> {
        let o = self.lock()?.offer(&file)?;
        Ok(Offered {
            kind: o.kind.as_str().into(),
            outcome: o.outcome.into(),
            sequence: o.sequence,
            id: o.id,
        })
    }

    /// Verifies, decides under the policy in force (with the scanned `id_card`) and counts.
    /// An `HC1:` EU DCC is verified with the DSC list held and decided by the
    /// policy's `dcc` rules; its view holds only name, `dob` and `statement`.
    #[uniffi::method(default(id_card = None))]
    pub fn check(
        &self,
        text: String,
        at_unix_seconds: Option<i64>,
        id_card: Option<Arc<IdCard>>,
    ) -> Result<Decision> {
        let card = id_card.map(|c| c.0.clone());
        let checked = self.lock()?.check(&text, card, at(at_unix_seconds));
        Ok(Decision::new(&checked.decision, &checked.view))
    }

    /// The status at `at_unix_seconds` (default now).
    pub fn status(&self, at_unix_seconds: Option<i64>) -> Result<CheckpointStatus> {
        let s = self.lock()?.status(at(at_unix_seconds));
        Ok(CheckpointStatus {
            artifacts: s
                .artifacts
                .iter()
                .map(|a| ArtifactStatus {
                    kind: a.kind.into(),
                    id: a.id.clone(),
                    sequence: a.sequence,
                    age_seconds: a.age_seconds,
                    state: serde_json::to_value(a.state)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                })
                .collect(),
            policy_id: s.policy_in_force.id.clone(),
            policy_sequence: s.policy_in_force.sequence,
            clock_behind: s.clock_behind,
            clock_suspect: s.clock_suspect,
            drift_seconds: s.drift_seconds,
            next_refresh_at: s.next_refresh_at.unix(),
            json: serde_json::to_string(&s).unwrap_or_default(),
        })
    }

    /// The sequence of the signed DSC list held (EU DCC signers), if any.
    pub fn dsc_list_sequence(&self) -> Result<Option<u64>> {
        Ok(self.lock()?.dsc_list_info().map(|i| i.sequence))
    }

    /// The whole state as bytes, for app storage.
    pub fn save(&self) -> Result<Vec<u8>> {
        Ok(self.lock()?.save())
    }

    /// Moves the checkpoint to another area.
    pub fn set_area(&self, area_code: Option<String>) -> Result<()> {
        let a = area(area_code)?;
        self.lock()?.set_area(a);
        Ok(())
    }

    /// Sets (or clears) the local unsigned policy (JSON or TOML).
    pub fn set_local_policy(&self, policy_text: Option<String>) -> Result<()> {
        let policy = policy_text.map(|t| qrpass::Policy::parse(&t)).transpose()?;
        self.lock()?.set_local_policy(policy);
        Ok(())
    }

    /// Sets the refresh floor and the longest backoff after failures (seconds).
    pub fn set_refresh(&self, floor_seconds: u32, max_backoff_seconds: u32) -> Result<()> {
        let settings = RefreshSettings {
            floor_seconds,
            max_backoff_seconds,
            ..RefreshSettings::default()
        };
        Ok(self.lock()?.set_refresh(settings)?)
    }

    /// Records a fetch attempt: `ok` resets the backoff.
    pub fn record_refresh(&self, ok: bool, at_unix_seconds: Option<i64>) -> Result<()> {
        self.lock()?.record_refresh(at(at_unix_seconds), ok);
        Ok(())
    }

    /// Records a trusted time (the list server's `Date`) read at device time `device_unix_seconds`.
    pub fn set_time_hint(&self, trusted_unix_seconds: i64, device_unix_seconds: i64) -> Result<()> {
        self.lock()?.set_time_hint(
            Timestamp(trusted_unix_seconds),
            Timestamp(device_unix_seconds),
        );
        Ok(())
    }

    /// The tally as CSV.
    pub fn tally_csv(&self) -> Result<String> {
        Ok(self.lock()?.tally().to_csv())
    }

    /// The tally as JSON.
    pub fn tally_json(&self) -> Result<String> {
        Ok(self.lock()?.tally().to_json())
    }

    /// Forgets every count.
    pub fn reset_tally(&self) -> Result<()> {
        self.lock()?.reset_tally();
        Ok(())
    }

    /// Verifies a publication index (`VN1I:`) and returns, as JSON, the entries newer than held.
    pub fn wanted_json(&self, index: Vec<u8>) -> Result<String> {
        let cp = self.lock()?;
        let index = cp.read_index(&index)?;
        Ok(serde_json::to_string(&cp.wanted(&index)).unwrap_or_default())
    }
}
