//! Citizen ID cards (CCCD): parsing the card's QR text, classifying scanned
//! codes, and binding a verified pass to the card (core `idcard`, `binding`,
//! `classify`).

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use qrpass::ErrorCode;

use crate::convert::{time_arg, to_py_value};
use crate::errors::{error, IntoPyResult};
use crate::models::Pass;
use crate::verify::Verified;

/// A parsed ID card. Its `repr` shows only the masked number; `masked()` is
/// the dict to show or log, `to_dict()` every field (address included).
#[pyclass(frozen, module = "qrpass")]
pub struct IdCard(pub(crate) qrpass::IdCard);

impl IdCard {
    /// An `IdCard`, or card text (`str`), or text or photo bytes (PNG/JPEG).
    pub(crate) fn coerce(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<qrpass::IdCard> {
        if let Ok(card) = value.cast::<IdCard>() {
            return Ok(card.get().0.clone());
        }
        if let Ok(text) = value.cast::<PyString>() {
            return qrpass::IdCard::parse(&text.to_cow()?).py(py);
        }
        if let Ok(bytes) = value.cast::<PyBytes>() {
            return qrpass::IdCard::from_bytes(bytes.as_bytes()).py(py);
        }
        Err(error(
            py,
            ErrorCode::InvalidArgument,
            "an ID card is an IdCard, its QR text (str) or its text or photo (bytes)",
        ))
    }
}

#[pymethods]
impl IdCard {
    /// Parses a card's QR text (`bad_id_card`, `empty_input`, `input_too_large`).
    #[staticmethod]
    fn parse(py: Python<'_>, text: &str) -> PyResult<IdCard> {
        qrpass::IdCard::parse(text).py(py).map(IdCard)
    }

    /// Reads a card from its QR text as bytes, or from a PNG/JPEG photo of it.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<IdCard> {
        qrpass::IdCard::from_bytes(data).py(py).map(IdCard)
    }

    /// The 12-digit CCCD number.
    #[getter]
    fn number(&self) -> &str {
        &self.0.number
    }

    /// The old CMND number, or `None`.
    #[getter]
    fn old_number(&self) -> Option<&str> {
        self.0.old_number.as_deref()
    }

    /// The full name (NFC).
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    /// The birth date, `YYYY-MM-DD`.
    #[getter]
    fn birth_date(&self) -> String {
        self.0.birth_date.to_string()
    }

    /// `male` or `female`.
    #[getter]
    fn sex(&self) -> &'static str {
        self.0.sex.as_str()
    }

    /// The permanent address (never put it in a view, a log or a tally).
    #[getter]
    fn address(&self) -> &str {
        &self.0.address
    }

    /// The card's issue date, `YYYY-MM-DD`.
    #[getter]
    fn issue_date(&self) -> String {
        self.0.issue_date.to_string()
    }

    /// Whether the number disagrees with the birth date or sex.
    #[getter]
    fn inconsistent_number(&self) -> bool {
        self.0.inconsistent_number
    }

    /// Which parts disagree: `province`, `sex`, `century`, `birth_year`.
    #[getter]
    fn number_conflicts(&self) -> Vec<&'static str> {
        self.0.number_conflicts.iter().map(|c| c.as_str()).collect()
    }

    /// What may be shown: numbers masked, no address, no issue date.
    fn masked(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_value(py, &self.0.masked())
    }

    /// Every field, as in spec/vectors' `idcard_*` files.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_value(py, &self.0)
    }

    /// A declaration by the card's holder, pre-filled (no symptoms, exposures,
    /// vaccination or test yet), valid 24 hours: set its answers, then issue it.
    #[pyo3(signature = (checkpoint, declared_at, origin, destination))]
    fn declaration(
        &self,
        py: Python<'_>,
        checkpoint: &str,
        declared_at: &Bound<'_, PyAny>,
        origin: &str,
        destination: &str,
    ) -> PyResult<Pass> {
        let at = time_arg(py, Some(declared_at))?;
        let origin = origin.parse().py(py)?;
        let destination = destination.parse().py(py)?;
        let d = self.0.declaration(checkpoint, at, origin, destination);
        Ok(Pass::new(qrpass::Pass::Declaration(d)))
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// What a scanned text is: `pass`, `trust_list`, `revocation_list`, `policy`,
/// `other_signed`, `id_card`, `eu_dcc` or `unknown`.
#[pyfunction]
pub fn classify(text: &str) -> &'static str {
    qrpass::classify(text).as_str()
}

/// Binds a verified pass to an ID card: a dict `{id, name, birth_date, summary}`.
#[pyfunction]
pub fn bind(py: Python<'_>, verified: &Verified, card: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let card = IdCard::coerce(py, card)?;
    to_py_value(py, &qrpass::bind(&verified.0, &card))
}
