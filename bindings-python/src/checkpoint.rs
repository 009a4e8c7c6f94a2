//! `Checkpoint`: the whole state of a checkpoint (trust list, revocation list,
//! signed policies, refresh schedule, clock sanity, tally) — one call into the
//! core per method (spec/TRUST.md §9).

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use qrpass::checkpoint::{Checkpoint as CoreCheckpoint, RefreshSettings};

use crate::convert::{text_arg, time_arg, to_py_value};
use crate::errors::IntoPyResult;
use crate::idcard::IdCard;
use crate::keys::PublicKey;
use crate::policy::{Decision, Policy};
use crate::verify::file_arg;

fn area_arg(py: Python<'_>, area: Option<&str>) -> PyResult<Option<qrpass::model::AreaCode>> {
    area.map(|a| a.parse().py(py)).transpose()
}

/// A checkpoint: offer it signed artifacts, check passes, read its status,
/// save and restore it. Not shared across threads (methods take `&mut`).
#[pyclass(module = "qrpass")]
pub struct Checkpoint(CoreCheckpoint);

#[pymethods]
impl Checkpoint {
    /// A checkpoint `checkpoint_id` in `area` (e.g. `"79.760"`) trusting lists signed by `root`.
    #[new]
    #[pyo3(signature = (root, checkpoint_id, area = None))]
    fn new(
        py: Python<'_>,
        root: &PublicKey,
        checkpoint_id: &str,
        area: Option<&str>,
    ) -> PyResult<Self> {
        Ok(Checkpoint(CoreCheckpoint::new(
            root.0,
            checkpoint_id,
            area_arg(py, area)?,
        )))
    }

    /// Offers a signed artifact (bytes, or `VN1T:`/`VN1R:`/`VN1P:` text):
    /// `{"kind", "outcome", "sequence", "id"?}`; raises on refusal, changing nothing.
    fn offer(&mut self, py: Python<'_>, file: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let bytes = file_arg(file)?;
        to_py_value(py, &self.0.offer(&bytes).py(py)?)
    }

    /// Verifies `text` at `at` (default now), decides under the policy in force
    /// with `id_card` (an `IdCard`, its text, or a photo's bytes), and counts it.
    #[pyo3(signature = (text, id_card = None, at = None))]
    fn check(
        &mut self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        id_card: Option<&Bound<'_, PyAny>>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Decision> {
        let card = match id_card.filter(|c| !c.is_none()) {
            Some(c) => Some(IdCard::coerce(py, c)?),
            None => None,
        };
        let text = text_arg(py, text, "the token")?;
        let checked = self.0.check(&text, card, time_arg(py, at)?);
        Ok(Decision {
            decision: checked.decision,
            view: checked.view,
        })
    }

    /// The status at `at` (default now): artifacts, policy in force, clock, `next_refresh_at`.
    #[pyo3(signature = (at = None))]
    fn status(&self, py: Python<'_>, at: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        to_py_value(py, &self.0.status(time_arg(py, at)?))
    }

    /// The whole state as bytes, to keep across restarts.
    fn save<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.save())
    }

    /// A checkpoint from `save()`'s bytes; raises `bad_checkpoint_state` for damaged ones.
    #[staticmethod]
    fn restore(py: Python<'_>, saved: &[u8]) -> PyResult<Checkpoint> {
        CoreCheckpoint::restore(saved).py(py).map(Checkpoint)
    }

    /// Moves the checkpoint to another area (`None`: none).
    #[pyo3(signature = (area = None))]
    fn set_area(&mut self, py: Python<'_>, area: Option<&str>) -> PyResult<()> {
        self.0.set_area(area_arg(py, area)?);
        Ok(())
    }

    /// Sets (or clears) the local unsigned policy used when no signed policy is in force.
    #[pyo3(signature = (policy = None))]
    fn set_local_policy(&mut self, policy: Option<&Policy>) {
        self.0.set_local_policy(policy.map(|p| p.0.clone()));
    }

    /// Sets the refresh floor and the longest backoff after failures, in seconds.
    fn set_refresh(
        &mut self,
        py: Python<'_>,
        floor_seconds: u32,
        max_backoff_seconds: u32,
    ) -> PyResult<()> {
        let settings = RefreshSettings {
            floor_seconds,
            max_backoff_seconds,
            ..RefreshSettings::default()
        };
        self.0.set_refresh(settings).py(py)
    }

    /// Records a fetch attempt at `at`: `ok` resets the backoff.
    #[pyo3(signature = (ok, at = None))]
    fn record_refresh(
        &mut self,
        py: Python<'_>,
        ok: bool,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        self.0.record_refresh(time_arg(py, at)?, ok);
        Ok(())
    }

    /// Records a trusted time (e.g. the list server's `Date`) read at device time `device_now`.
    fn set_time_hint(
        &mut self,
        py: Python<'_>,
        trusted: &Bound<'_, PyAny>,
        device_now: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        self.0.set_time_hint(
            time_arg(py, Some(trusted))?,
            time_arg(py, Some(device_now))?,
        );
        Ok(())
    }

    /// The tally as CSV (`hour,kind,outcome,holder,count`).
    fn tally_csv(&self) -> String {
        self.0.tally().to_csv()
    }

    /// The tally as JSON text (`{"total", "rows"}`).
    fn tally_json(&self) -> String {
        self.0.tally().to_json()
    }

    /// Forgets every count.
    fn reset_tally(&mut self) {
        self.0.reset_tally();
    }

    /// The sequence of the EU DCC document-signer list (`VN1D:`) held, or `None`.
    fn dsc_list_sequence(&self) -> Option<u64> {
        self.0.dsc_list_info().map(|i| i.sequence)
    }

    /// Verifies a publication index (`VN1I:`) and lists the entries newer than what is held.
    fn wanted(&self, py: Python<'_>, index: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let bytes = file_arg(index)?;
        let index = self.0.read_index(&bytes).py(py)?;
        to_py_value(py, &self.0.wanted(&index))
    }
}
