//! Bulk issuing: `issue_many`, mirroring the core's `batch::issue_many`.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use qrpass::batch::{issue_many as core_issue_many, CtiRule};
use qrpass::keys::hex_encode;
use qrpass::ErrorCode;

use crate::convert::time_arg;
use crate::errors::{error, IntoPyResult};
use crate::keys::PrivateKey;
use crate::models::Pass;

/// Validates and signs every record (a `Pass`, a dict or JSON text) on all
/// cores. Returns one dict per record, in order:
/// `{"index", "token", "cti", "code", "message"}` — `token` and `cti` set on
/// success, `code` and `message` on failure. A bad record never stops the others.
///
/// `cti="derived"` (default) gives each pass a token id derived from its issuer,
/// kind and number, so re-running never mints a second id for the same pass;
/// `cti="random"` draws 8 random bytes per pass.
#[pyfunction]
#[pyo3(signature = (records, key, issuer, iat = None, cti = "derived"))]
pub fn issue_many<'py>(
    py: Python<'py>,
    records: Vec<Bound<'py, PyAny>>,
    key: &PrivateKey,
    issuer: &str,
    iat: Option<&Bound<'py, PyAny>>,
    cti: &str,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let rule = match cti {
        "derived" => CtiRule::Derived,
        "random" => CtiRule::Random,
        other => {
            return Err(error(
                py,
                ErrorCode::InvalidArgument,
                format!("cti is \"derived\" or \"random\", not {other:?}"),
            ))
        }
    };
    let issuer = qrpass::Issuer::new(key.0.clone(), issuer).py(py)?;
    let iat = time_arg(py, iat)?;
    let mut items = Vec::with_capacity(records.len());
    let mut failed = Vec::new();
    for (index, record) in records.iter().enumerate() {
        match Pass::coerce(py, record) {
            Ok(pass) => items.push((index, pass)),
            Err(e) => failed.push((index, e)),
        }
    }
    let signed = py.detach(|| core_issue_many(&issuer, &items, iat, rule));
    let mut out: Vec<Option<Bound<'py, PyDict>>> = (0..records.len()).map(|_| None).collect();
    for (index, err) in failed {
        let d = row(py, index)?;
        let value = err.value(py);
        d.set_item("code", value.getattr("code").ok())?;
        d.set_item("message", value.str()?)?;
        out[index] = Some(d);
    }
    for result in signed {
        let d = row(py, result.row)?;
        match result.outcome {
            Ok(issued) => {
                d.set_item("token", issued.token)?;
                d.set_item("cti", hex_encode(&issued.cti))?;
            }
            Err(e) => {
                d.set_item("code", e.code().as_str())?;
                d.set_item("message", e.message())?;
            }
        }
        out[result.row] = Some(d);
    }
    out.into_iter()
        .enumerate()
        .map(|(i, d)| d.map_or_else(|| row(py, i), Ok))
        .collect()
}

fn row(py: Python<'_>, index: usize) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("index", index)?;
    d.set_item("token", py.None())?;
    d.set_item("cti", py.None())?;
    d.set_item("code", py.None())?;
    d.set_item("message", py.None())?;
    Ok(d)
}
