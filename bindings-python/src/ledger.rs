//! `qrpass.Ledger`: the redemption ledger (SQLite file or PostgreSQL) for payout and reconciliation.

use std::io::BufReader;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use qrpass::keys::hex_decode;
use qrpass::ErrorCode;
use qrpass_ledger::{Checks, Ledger as CoreLedger, PayoutPoint, PointRegistry, Redemption, Report};

use crate::convert::{json_to_py, time_arg};
use crate::errors::{error, IntoPyResult};
use crate::keys::{PrivateKey, PublicKey};
use crate::verify::Verified;

/// A redemption ledger: each support entitlement paid at most once.
#[pyclass(frozen, module = "qrpass")]
pub struct Ledger(Arc<CoreLedger>);

fn io_err(py: Python<'_>, path: &str, e: std::io::Error) -> PyErr {
    error(py, ErrorCode::Io, format!("{path}: {e}"))
}

fn registry(py: Python<'_>, points: &Bound<'_, PyDict>) -> PyResult<PointRegistry> {
    let mut reg = PointRegistry::new();
    for (id, key) in points.iter() {
        let id: String = id.extract()?;
        let key = if let Ok(k) = key.cast::<PublicKey>() {
            k.get().0
        } else {
            let hex: String = key.extract()?;
            let bytes = hex_decode(&hex)
                .ok_or_else(|| error(py, ErrorCode::BadKey, "a point key is a PublicKey or hex"))?;
            qrpass::PublicKey::from_bytes(&bytes).py(py)?
        };
        reg.add(&id, key).py(py)?;
    }
    Ok(reg)
}

fn report_dict(py: Python<'_>, report: &Report) -> PyResult<Py<PyAny>> {
    let rows = pyo3::types::PyList::empty(py);
    for row in report.rows() {
        let d = PyDict::new(py);
        for (c, v) in qrpass_ledger::REPORT_COLUMNS.iter().zip(row) {
            d.set_item(c, v)?;
        }
        rows.append(d)?;
    }
    Ok(rows.into_any().unbind())
}

#[pymethods]
impl Ledger {
    /// Opens `target`: a SQLite file (created if missing when `create`) or a `postgres://` URL.
    ///
    /// A damaged file raises `ledger_corrupt` and is left as it is.
    #[new]
    #[pyo3(signature = (target, create = false))]
    fn new(py: Python<'_>, target: &str, create: bool) -> PyResult<Self> {
        let ledger = py
            .detach(|| CoreLedger::open_target(target, create))
            .py(py)?;
        Ok(Ledger(Arc::new(ledger)))
    }

    /// Pays `verified`'s entitlement once at `point` (signed with `key`); returns a dict:
    /// `{"outcome": "redeemed", "receipt": {...}}` or `{"outcome": "already_redeemed",
    /// "when", "point", "amount_vnd", "receipt"}`. Refusals raise with their code.
    #[pyo3(signature = (verified, point, key, amount_vnd, at = None))]
    fn redeem(
        &self,
        py: Python<'_>,
        verified: &Verified,
        point: &str,
        key: &PrivateKey,
        amount_vnd: i64,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let at = time_arg(py, at)?;
        let point = PayoutPoint::new(point, key.0.clone()).py(py)?;
        let ledger = self.0.clone();
        let v = &verified.0;
        let outcome = py
            .detach(|| ledger.redeem(v, &point, amount_vnd, at))
            .py(py)?;
        let json = match &outcome {
            Redemption::Redeemed { receipt } => {
                format!("{{\"outcome\":\"redeemed\",\"receipt\":{}}}", receipt.to_json())
            }
            Redemption::AlreadyRedeemed { when, point, amount_vnd, receipt } => format!(
                "{{\"outcome\":\"already_redeemed\",\"when\":{},\"point\":{},\"amount_vnd\":{amount_vnd},\"receipt\":{}}}",
                when.unix(),
                serde_json::Value::String(point.clone()),
                receipt.to_json()
            ),
        };
        json_to_py(py, &json)
    }

    /// How many payments this ledger recorded itself (imports not counted).
    fn count(&self, py: Python<'_>) -> PyResult<u64> {
        let ledger = self.0.clone();
        py.detach(|| ledger.count()).py(py)
    }

    /// Writes `point`'s receipts after `since` to `path` as a signed export file; returns how many.
    #[pyo3(signature = (point, key, path, since = 0))]
    fn export(
        &self,
        py: Python<'_>,
        point: &str,
        key: &PrivateKey,
        path: &str,
        since: u64,
    ) -> PyResult<u64> {
        let point = PayoutPoint::new(point, key.0.clone()).py(py)?;
        let ledger = self.0.clone();
        let mut file = std::fs::File::create(path).map_err(|e| io_err(py, path, e))?;
        py.detach(|| ledger.export(&point, since, &mut file)).py(py)
    }

    /// Verifies and merges the export file at `path`; `points` maps point ids to their
    /// public keys (`PublicKey` or hex). Returns `{"point", "first_seq", "last_seq",
    /// "added", "already_held"}`; a refused file raises and nothing is written.
    /// `check_receipts=False` skips each receipt's own signature (the chain and
    /// the file signature are always checked): several times faster.
    #[pyo3(signature = (path, points, check_receipts = true))]
    fn import_file(
        &self,
        py: Python<'_>,
        path: &str,
        points: &Bound<'_, PyDict>,
        check_receipts: bool,
    ) -> PyResult<Py<PyAny>> {
        let reg = registry(py, points)?;
        let checks = if check_receipts {
            Checks::Full
        } else {
            Checks::ChainAndFileSignature
        };
        let ledger = self.0.clone();
        let file = std::fs::File::open(path).map_err(|e| io_err(py, path, e))?;
        let s = py
            .detach(|| ledger.import_with(&mut BufReader::new(file), &reg, checks))
            .py(py)?;
        let json = serde_json::json!({
            "point": s.point, "first_seq": s.first_seq, "last_seq": s.last_seq,
            "added": s.added, "already_held": s.already_held,
        });
        json_to_py(py, &json.to_string())
    }

    /// The reconciliation report as a list of row dicts (columns of `report_columns()`):
    /// `double_payment` and `chain_gap` rows. `pandas.DataFrame(ledger.report())` works.
    fn report(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let ledger = self.0.clone();
        let report = py.detach(|| ledger.report()).py(py)?;
        report_dict(py, &report)
    }

    /// Writes the reconciliation report to `csv` and/or `xlsx` paths; returns the number of rows.
    #[pyo3(signature = (csv = None, xlsx = None))]
    fn write_report(
        &self,
        py: Python<'_>,
        csv: Option<&str>,
        xlsx: Option<&str>,
    ) -> PyResult<usize> {
        let ledger = self.0.clone();
        let report = py.detach(|| ledger.report()).py(py)?;
        if let Some(path) = csv {
            let mut file = std::fs::File::create(path).map_err(|e| io_err(py, path, e))?;
            report.write_csv(&mut file).py(py)?;
        }
        if let Some(path) = xlsx {
            report.write_xlsx(std::path::Path::new(path)).py(py)?;
        }
        Ok(report.rows().len())
    }

    /// The report's column names, in order.
    #[staticmethod]
    fn report_columns() -> Vec<&'static str> {
        qrpass_ledger::REPORT_COLUMNS.to_vec()
    }
}
