//! EU Digital COVID Certificates (`HC1:`): `DccVerifier` over document-signer
//! certificates, and `verify_any` for both formats (core `dcc`).

use pyo3::prelude::*;

use crate::convert::{time_arg, to_py_value};
use crate::errors::IntoPyResult;
use crate::verify::Verifier;

/// Verifies EU DCCs against document-signer certificates: DER, base64 DER, PEM
/// or a JSON list of `{kid, certificate}` (bytes).
#[pyclass(frozen, module = "qrpass")]
pub struct DccVerifier(pub(crate) qrpass::dcc::DccVerifier);

#[pymethods]
impl DccVerifier {
    /// A verifier trusting the DSCs in `trust` (`bad_trust_list` if unreadable).
    #[new]
    #[pyo3(signature = (trust, clock_skew = qrpass::verify::DEFAULT_CLOCK_SKEW_SECONDS))]
    fn new(py: Python<'_>, trust: &[u8], clock_skew: i64) -> PyResult<DccVerifier> {
        let list = qrpass::dcc::DscList::from_bytes(trust).py(py)?;
        Ok(DccVerifier(
            qrpass::dcc::DccVerifier::new(list).with_clock_skew(clock_skew),
        ))
    }

    /// Verifies an `HC1:` text; returns the verified certificate as a dict or
    /// raises the error of its code.
    #[pyo3(signature = (text, at = None))]
    fn verify(
        &self,
        py: Python<'_>,
        text: &str,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let now = time_arg(py, at)?;
        let verified = py.detach(|| self.0.verify_at(text, now)).py(py)?;
        to_py_value(py, &verified)
    }
}

/// Verifies a `VN1:` pass or an `HC1:` DCC with one call; returns the outcome
/// dict `{"outcome", "code", "message"?, "verified"?: {"format": "vn1"|"hc1", …}}`.
#[pyfunction]
#[pyo3(signature = (text, verifier, dcc, at = None))]
pub fn verify_any(
    py: Python<'_>,
    text: &str,
    verifier: &Verifier,
    dcc: &DccVerifier,
    at: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let now = time_arg(py, at)?;
    let any = qrpass::dcc::AnyVerifier::new(verifier.0.clone(), dcc.0.clone());
    let outcome = qrpass::dcc::AnyOutcome::from(py.detach(|| any.verify_at(text, now)));
    to_py_value(py, &outcome)
}
