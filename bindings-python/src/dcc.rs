//! EU Digital COVID Certificates (`HC1:`): `DccVerifier` over document-signer
//! certificates, and `verify_any` for both formats (core `dcc`).

use pyo3::prelude::*;

use crate::convert::{time_arg, to_py_value};
use crate::errors::{error, IntoPyResult};
use crate::verify::Verifier;
use qrpass::dcc::policy::{DccPolicy, Passport};
use qrpass::ErrorCode;

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

    /// Verifies an `HC1:` text and decides it by a DCC policy (JSON, docs/dcc.md);
    /// returns the display view `{decision, reasons, name, dob, statement, statement_vi}`.
    /// `passport` (`{"surname", "given", "dob"}`, MRZ names) binds the holder:
    /// a mismatch adds `holder_mismatch`. Raises the verification error's code,
    /// `bad_policy` for the policy, `invalid_argument` or `invalid_date` for the passport.
    #[pyo3(signature = (text, policy, at = None, passport = None))]
    fn decide(
        &self,
        py: Python<'_>,
        text: &str,
        policy: &str,
        at: Option<&Bound<'_, PyAny>>,
        passport: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let policy = DccPolicy::from_json(policy).py(py)?;
        let passport = passport.map(|p| passport_arg(py, p)).transpose()?;
        let now = time_arg(py, at)?;
        let verified = py.detach(|| self.0.verify_at(text, now)).py(py)?;
        to_py_value(py, &policy.decide(&verified, now, passport.as_ref()))
    }
}

/// A passport from a dict `{"surname", "given", "dob"}` of strings.
fn passport_arg(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Passport> {
    let field = |name: &str| -> PyResult<String> {
        value
            .get_item(name)
            .ok()
            .and_then(|v| v.extract::<String>().ok())
            .ok_or_else(|| {
                error(
                    py,
                    ErrorCode::InvalidArgument,
                    format!("a passport is {{surname, given, dob}}: `{name}` is not a string"),
                )
            })
    };
    Ok(Passport {
        surname: field("surname")?,
        given: field("given")?,
        dob: field("dob")?.parse().py(py)?,
    })
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
