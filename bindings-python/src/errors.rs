//! qrpass errors as Python exceptions: `qrpass.Error` (a `ValueError`) with the
//! core's stable `code` and `family`, and one subclass per main family.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use qrpass::{ErrorCode, ErrorFamily};

create_exception!(
    qrpass,
    Error,
    PyValueError,
    "A qrpass error: `.code` is the stable snake_case code, `.family` its family."
);
create_exception!(
    qrpass,
    FormatError,
    Error,
    "The text is not a well-formed qrpass token (prefix, Base45, CBOR, COSE, claims)."
);
create_exception!(
    qrpass,
    SignatureError,
    Error,
    "The signature does not verify, or no trusted key has the token's kid."
);
create_exception!(
    qrpass,
    TrustError,
    Error,
    "The key, trust list or revocation list does not allow this token."
);
create_exception!(
    qrpass,
    TimeError,
    Error,
    "The pass is expired, not yet valid, or issued in the future."
);

/// The Python exception for a core error, with `code`, `family` and `message` set.
pub fn to_py(py: Python<'_>, error: &qrpass::Error) -> PyErr {
    let message = error.message().to_string();
    // One class per entry of core's table (`ErrorFamily::exception`).
    let err = match error.code().family().exception() {
        "FormatError" => FormatError::new_err(message.clone()),
        "SignatureError" => SignatureError::new_err(message.clone()),
        "TrustError" => TrustError::new_err(message.clone()),
        "TimeError" => TimeError::new_err(message.clone()),
        _ => Error::new_err(message.clone()),
    };
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice;
    // if it did, the exception is still raised, without them.
    let _ = value.setattr("code", error.code().as_str());
    let _ = value.setattr("family", error.code().family().as_str());
    let _ = value.setattr("message", message);
    err
}

/// Converts core results for `?` inside `#[pymethods]`.
pub trait IntoPyResult<T> {
    /// The value, or the error as a Python exception.
    fn py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for qrpass::Result<T> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, &e))
    }
}

/// An error with `code` raised from the binding itself (bad arguments).
pub fn error(py: Python<'_>, code: ErrorCode, message: impl Into<String>) -> PyErr {
    to_py(py, &qrpass::Error::new(code, message))
}

/// The exception qrpass raises for `code` (not raised): its class is the one
/// core's table gives the code's family. An unknown code raises `invalid_argument`.
#[pyfunction]
pub fn error_for_code(py: Python<'_>, code: &str) -> PyResult<Py<PyAny>> {
    let code = code.parse::<ErrorCode>().py(py)?;
    let err = to_py(py, &qrpass::Error::new(code, code.as_str()));
    Ok(err.value(py).clone().into_any().unbind())
}

/// Every error family with the name of the exception class raised for it
/// (core's table, `ErrorFamily::exception`).
#[pyfunction]
pub fn error_families() -> Vec<(&'static str, &'static str)> {
    ErrorFamily::ALL
        .iter()
        .map(|f| (f.as_str(), f.exception()))
        .collect()
}

/// Every stable error code, in the order of the core's table.
#[pyfunction]
pub fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}
