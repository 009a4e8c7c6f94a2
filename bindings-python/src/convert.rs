//! Conversions between Python values and core types: times, JSON, bytes.

use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyInt, PyString};
use qrpass::{ErrorCode, Timestamp};

use crate::errors::{error, IntoPyResult};

/// A time argument: `None` (now), Unix seconds (int or float), an RFC 3339
/// string, or an aware `datetime` (anything with `.timestamp()`).
pub fn time_arg(py: Python<'_>, at: Option<&Bound<'_, PyAny>>) -> PyResult<Timestamp> {
    let Some(at) = at.filter(|a| !a.is_none()) else {
        return Ok(Timestamp::now());
    };
    if at.is_instance_of::<PyInt>() {
        return Ok(Timestamp(at.extract::<i64>()?));
    }
    if at.is_instance_of::<PyFloat>() {
        return Ok(Timestamp(at.extract::<f64>()?.floor() as i64));
    }
    if at.is_instance_of::<PyString>() {
        return Timestamp::parse_rfc3339(&at.extract::<String>()?).py(py);
    }
    if at.hasattr("timestamp")? {
        if at.getattr("tzinfo").map(|t| t.is_none()).unwrap_or(false) {
            return Err(error(
                py,
                ErrorCode::InvalidArgument,
                "a naive datetime is ambiguous: give it a tzinfo",
            ));
        }
        let seconds: f64 = at.call_method0("timestamp")?.extract()?;
        return Ok(Timestamp(seconds.floor() as i64));
    }
    Err(error(
        py,
        ErrorCode::InvalidArgument,
        "a time is Unix seconds, an RFC 3339 string or an aware datetime",
    ))
}

/// A Python object (dict, list, str, ...) from JSON text, through the `json` module.
pub fn json_to_py(py: Python<'_>, json: &str) -> PyResult<Py<PyAny>> {
    Ok(py.import("json")?.call_method1("loads", (json,))?.unbind())
}

/// A Python object from a serialisable core value.
pub fn to_py_value<T: serde::Serialize>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    let json =
        serde_json::to_string(value).map_err(|e| error(py, ErrorCode::Internal, e.to_string()))?;
    json_to_py(py, &json)
}

/// JSON text of a Python object, through the `json` module (non-ASCII kept).
pub fn py_to_json(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let json = py.import("json")?;
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("ensure_ascii", false)?;
    json.call_method("dumps", (value,), Some(&kwargs))
        .map_err(|e| {
            error(
                py,
                ErrorCode::BadJson,
                format!("not JSON-serialisable: {e}"),
            )
        })?
        .extract()
}

/// Text from `str`, or UTF-8 `bytes`.
pub fn text_arg(py: Python<'_>, value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(s) = value.extract::<String>() {
        return Ok(s);
    }
    if let Ok(b) = value.extract::<Vec<u8>>() {
        return String::from_utf8(b).map_err(|_| {
            error(
                py,
                ErrorCode::InvalidArgument,
                format!("{what} is not UTF-8"),
            )
        });
    }
    Err(error(
        py,
        ErrorCode::InvalidArgument,
        format!("{what} must be str or bytes"),
    ))
}
