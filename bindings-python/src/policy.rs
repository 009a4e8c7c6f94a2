//! Checkpoint policies: allow, review or deny, with reasons in Vietnamese and
//! English and the minimal display view.

use pyo3::prelude::*;
use qrpass::policy::{CheckpointContext, Decision as CoreDecision, DisplayView};

use crate::convert::{text_arg, time_arg, to_py_value};
use crate::errors::IntoPyResult;
use crate::idcard::IdCard;
use crate::verify::Verifier;

/// A checkpoint policy (JSON or TOML; see the README's policy guide).
#[pyclass(frozen, module = "qrpass")]
pub struct Policy(pub(crate) qrpass::Policy);

#[pymethods]
impl Policy {
    /// Reads a policy from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        qrpass::Policy::from_json(text).py(py).map(Policy)
    }

    /// Reads a policy from TOML text.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Self> {
        qrpass::Policy::from_toml(text).py(py).map(Policy)
    }

    /// Reads a policy from JSON or TOML text (JSON when it starts with `{`).
    #[staticmethod]
    fn parse(py: Python<'_>, text: &str) -> PyResult<Self> {
        qrpass::Policy::parse(text).py(py).map(Policy)
    }

    /// The policy as JSON text.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Verifies `text` with `verifier` at `at` (default now) and decides for a
    /// checkpoint in `area` (e.g. `"79.760"`; `None` when unknown), binding
    /// the pass to `id_card` (an `IdCard`, its text, or a photo's bytes) when given.
    #[pyo3(signature = (verifier, text, area = None, at = None, id_card = None))]
    fn check(
        &self,
        py: Python<'_>,
        verifier: &Verifier,
        text: &Bound<'_, PyAny>,
        area: Option<&str>,
        at: Option<&Bound<'_, PyAny>>,
        id_card: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Decision> {
        let card = match id_card.filter(|c| !c.is_none()) {
            Some(c) => Some(IdCard::coerce(py, c)?),
            None => None,
        };
        let text = text_arg(py, text, "the token")?;
        let now = time_arg(py, at)?;
        let area = match area {
            Some(a) => Some(a.parse::<qrpass::model::AreaCode>().py(py)?),
            None => None,
        };
        let context = CheckpointContext::new(area, now).with_id_card(card);
        let result = verifier.0.verify_at(&text, now);
        let decision = self.0.decide(&result, &context);
        let view = decision.view(&result);
        Ok(Decision { decision, view })
    }
}

/// A decision: `outcome` (`allow`, `review`, `deny`), `reasons`, and the `view`
/// a checker's screen shows (no more personal data than the check needs).
#[pyclass(frozen, module = "qrpass")]
pub struct Decision {
    pub(crate) decision: CoreDecision,
    pub(crate) view: DisplayView,
}

#[pymethods]
impl Decision {
    /// `allow`, `review` or `deny`.
    #[getter]
    fn outcome(&self) -> &'static str {
        self.decision.outcome.as_str()
    }

    /// The reason codes, in order.
    #[getter]
    fn codes(&self) -> Vec<&'static str> {
        self.decision.codes()
    }

    /// The reasons: dicts with `code`, `outcome`, `en` and `vi`.
    #[getter]
    fn reasons(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_value(py, &self.decision.reasons)
    }

    /// The policy that decided, `{"id", "sequence", "signed"}`, when a `Checkpoint` decided.
    #[getter]
    fn policy(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_value(py, &self.decision.policy)
    }

    /// The display view as a dict (decision, reasons, and for a verified pass:
    /// kind, name, masked ID, validity, issuer).
    #[getter]
    fn view(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_value(py, &self.view)
    }

    fn __repr__(&self) -> String {
        format!(
            "Decision({}, reasons={:?})",
            self.decision.outcome.as_str(),
            self.decision.codes()
        )
    }
}
