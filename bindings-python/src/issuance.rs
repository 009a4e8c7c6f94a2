//! Bulk issuing from a list file: `issue_file`, the same library
//! (`qrpass-issuance`) as `qrpass issue --batch`.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use qrpass::qr::RenderOptions;
use qrpass::PassKind;
use qrpass_issuance::{ImageFormat, Options, Summary};

use crate::convert::time_arg;
use crate::errors::{to_py, IntoPyResult};
use crate::keys::PrivateKey;

/// A run-level error as `qrpass.Error`, with its recovery hint in `.hint`.
fn run_error(py: Python<'_>, e: qrpass_issuance::Error) -> PyErr {
    let (error, hint) = e.into_parts();
    let err = to_py(py, &error);
    // As in `to_py`: setting an attribute on a fresh exception cannot fail in practice.
    let _ = err.value(py).setattr("hint", hint);
    err
}

/// Issues every row of the list at `path` (CSV/TSV, JSON Lines, .xlsx/.xls/.ods)
/// into the folder `out_dir`: `passes.csv` and `qr/NUMBER.png` (or `.svg`).
/// The same reading, column mapping, error codes and restart semantics as
/// `qrpass issue --batch`; the printable passes.pdf is CLI-only.
#[pyfunction]
#[pyo3(signature = (path, key, issuer, out_dir, iat = None, kind = None, sheet = None, format = "png", ecc = "M", module_px = 8))]
#[allow(clippy::too_many_arguments)]
pub fn issue_file<'py>(
    py: Python<'py>,
    path: PathBuf,
    key: &PrivateKey,
    issuer: &str,
    out_dir: PathBuf,
    iat: Option<&Bound<'py, PyAny>>,
    kind: Option<&str>,
    sheet: Option<&str>,
    format: &str,
    ecc: &str,
    module_px: u32,
) -> PyResult<Bound<'py, PyDict>> {
    let issuer = qrpass::Issuer::new(key.0.clone(), issuer).py(py)?;
    let iat = time_arg(py, iat)?;
    let kind = kind.map(str::parse::<PassKind>).transpose().py(py)?;
    let options = Options {
        format: format.parse::<ImageFormat>().py(py)?,
        render: RenderOptions {
            ecc: ecc.parse::<qrpass::qr::Ecc>().py(py)?,
            module_px,
            ..RenderOptions::default()
        },
    };
    let outcome = py.detach(|| {
        let list = qrpass_issuance::read(&path, kind, sheet)?;
        qrpass_issuance::issue_into(&issuer, list, &out_dir, iat, &options, &mut |_, _| {})
    });
    let outcome = outcome.map_err(|e| run_error(py, e))?;
    let d = summary_dict(py, &outcome.summary)?;
    d.set_item("passes_csv", outcome.ledger)?;
    d.set_item("qr_dir", outcome.qr_dir)?;
    d.set_item("warnings", outcome.warnings)?;
    Ok(d)
}

fn summary_dict<'py>(py: Python<'py>, s: &Summary) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("total", s.total)?;
    d.set_item("issued", s.issued)?;
    d.set_item("already_issued", s.already_issued)?;
    d.set_item("failed", s.failed.clone())?;
    d.set_item("kept", s.kept)?;
    d.set_item("changed", s.changed.clone())?;
    d.set_item("restored_ids", s.restored_ids)?;
    d.set_item("restored_phones", s.restored_phones)?;
    d.set_item("header_row", s.header_row)?;
    d.set_item("footer_rows", s.footer_rows.clone())?;
    d.set_item("blank_rows", s.blank_rows)?;
    d.set_item("ignored_columns", s.ignored_columns.clone())?;
    d.set_item("notes", s.notes())?;
    Ok(d)
}
