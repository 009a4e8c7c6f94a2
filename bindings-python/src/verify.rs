//! Verification: `Verifier` (one, many on every core, columns), `TrustAnchor`
//! for signed lists, `Verified` and `VerifyResult`, and `inspect`.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use qrpass::keys::hex_encode;
use qrpass::trust::TrustAnchor as CoreAnchor;
use qrpass::verify::{OutcomeRef, Status};
use qrpass::{ErrorCode, RevocationCheck, RevocationList, TrustStore, Verifier as CoreVerifier};

use crate::arrow_in::Strings;
use crate::arrow_out::{to_pyarrow, Columns};
use crate::convert::{py_to_json, text_arg, time_arg, to_py_value};
use crate::errors::{error, to_py, IntoPyResult};
use crate::keys::PublicKey;
use crate::models::Pass;

/// Verifies `VN1:` texts offline. Immutable and safe to share across threads;
/// the batch methods release the GIL and use every core.
#[pyclass(frozen, module = "qrpass")]
pub struct Verifier(pub(crate) CoreVerifier);

#[pymethods]
impl Verifier {
    /// A verifier trusting the keys of a trust file (JSON text, or the dict it
    /// holds, as `qrpass keygen` writes it), allowing `clock_skew` seconds of
    /// clock difference, refusing the token ids in `revoked_ctis` (hex str or bytes).
    #[new]
    #[pyo3(signature = (trust, clock_skew = qrpass::verify::DEFAULT_CLOCK_SKEW_SECONDS, revoked_ctis = None))]
    fn new(
        py: Python<'_>,
        trust: &Bound<'_, PyAny>,
        clock_skew: i64,
        revoked_ctis: Option<Vec<Bound<'_, PyAny>>>,
    ) -> PyResult<Self> {
        let json = match trust.extract::<String>() {
            Ok(text) => text,
            Err(_) => py_to_json(py, trust)?,
        };
        let store = TrustStore::from_json(&json).py(py)?;
        let mut verifier = CoreVerifier::new(store).with_clock_skew(clock_skew);
        if let Some(ctis) = revoked_ctis {
            let ctis = ctis
                .iter()
                .map(|c| cti_arg(py, c))
                .collect::<PyResult<Vec<_>>>()?;
            let list = RevocationList::from_ctis(ctis);
            verifier = verifier.with_revocation(Arc::new(list) as Arc<dyn RevocationCheck>);
        }
        Ok(Verifier(verifier))
    }

    /// Verifies one text as of `at` (default now: Unix seconds, RFC 3339 or an
    /// aware datetime). Raises `qrpass.Error` (a subclass by family) with `.code`.
    #[pyo3(signature = (text, at = None))]
    fn verify(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verified> {
        let text = text_arg(py, text, "the token")?;
        let now = time_arg(py, at)?;
        let verified = py.detach(|| self.0.verify_at(&text, now)).py(py)?;
        Ok(Verified(verified))
    }

    /// Verifies every text on all cores with the GIL released; one
    /// `VerifyResult` per text, in input order. Never raises for a bad token.
    #[pyo3(signature = (texts, at = None))]
    fn verify_many(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<VerifyResult>> {
        let now = time_arg(py, at)?;
        let results = py.detach(|| self.0.verify_many_at(&texts, now));
        results
            .into_iter()
            .map(|r| VerifyResult::new(py, r))
            .collect()
    }

    /// Like `verify_many`, but returns columns for a DataFrame:
    /// `{"outcome", "code", "kind", "issuer", "iat", "exp", "cti"}`, each a list
    /// as long as `texts` (`None` where a field does not apply; times in Unix seconds).
    #[pyo3(signature = (texts, at = None))]
    fn verify_columns<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<String>,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let now = time_arg(py, at)?;
        let results = py.detach(|| self.0.verify_many_at(&texts, now));
        let n = results.len();
        let mut outcome = Vec::with_capacity(n);
        let mut code = Vec::with_capacity(n);
        let mut kind = Vec::with_capacity(n);
        let mut issuer = Vec::with_capacity(n);
        let mut iat = Vec::with_capacity(n);
        let mut exp = Vec::with_capacity(n);
        let mut cti = Vec::with_capacity(n);
        for r in results {
            outcome.push(Status::of(&r).as_str());
            match r {
                Ok(v) => {
                    code.push(None);
                    kind.push(Some(v.pass.kind().as_str()));
                    issuer.push(Some(v.issuer));
                    iat.push(Some(v.iat.unix()));
                    exp.push(Some(v.exp.unix()));
                    cti.push(Some(hex_encode(&v.cti)));
                }
                Err(e) => {
                    code.push(Some(e.code().as_str()));
                    kind.push(None);
                    issuer.push(None);
                    iat.push(None);
                    exp.push(None);
                    cti.push(None);
                }
            }
        }
        let columns = PyDict::new(py);
        columns.set_item("outcome", outcome)?;
        columns.set_item("code", code)?;
        columns.set_item("kind", kind)?;
        columns.set_item("issuer", issuer)?;
        columns.set_item("iat", iat)?;
        columns.set_item("exp", exp)?;
        columns.set_item("cti", cti)?;
        Ok(columns)
    }

    /// Verifies an Arrow string column (pyarrow `string`/`large_string`/
    /// `string_view` array or chunked array, pandas or Polars Series: anything
    /// with `__arrow_c_stream__` or `__arrow_c_array__`) on all cores with the
    /// GIL released, and returns a `pyarrow.RecordBatch` of typed columns, one
    /// row per input row: `outcome, code, kind, issuer, kid, iat, exp, cti,
    /// valid_from, valid_until, purpose, checkpoint, origin, destination`
    /// (times as UTC timestamps; null where a field does not apply). A null row
    /// is refused as `empty_input`; other input raises `invalid_argument`.
    #[pyo3(signature = (array, at = None))]
    fn verify_arrow<'py>(
        &self,
        py: Python<'py>,
        array: &Bound<'py, PyAny>,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let now = time_arg(py, at)?;
        let strings = Strings::import(py, array)?;
        let batch = py.detach(|| {
            let mut columns = Columns::with_capacity(strings.len());
            strings.for_each_slice(ARROW_SLICE_ROWS, |texts| {
                for r in self.0.verify_many_at(texts, now) {
                    columns.push(&r);
                }
            });
            columns.finish()
        });
        to_pyarrow(py, batch)
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// Rows verified at a time by `verify_arrow`: enough to keep both cores busy,
/// few enough that the decoded passes of one slice stay small.
const ARROW_SLICE_ROWS: usize = 8192;

fn cti_arg(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(text) = value.extract::<String>() {
        return qrpass::cti::from_hex(&text).py(py);
    }
    let bytes = value.extract::<Vec<u8>>().map_err(|_| {
        error(
            py,
            ErrorCode::InvalidArgument,
            "a token id is hex text or bytes",
        )
    })?;
    qrpass::cti::check(&bytes).py(py)?;
    Ok(bytes)
}

/// A pass whose signature, issuer key, validity and revocation were checked.
#[pyclass(frozen, module = "qrpass")]
pub struct Verified(pub(crate) qrpass::Verified);

#[pymethods]
impl Verified {
    /// The pass (named `pass_`: `pass` is a Python keyword).
    #[getter]
    fn pass_(&self) -> Pass {
        Pass::new(self.0.pass.clone())
    }

    /// The pass kind.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.pass.kind().as_str()
    }

    /// The issuer id.
    #[getter]
    fn issuer(&self) -> &str {
        &self.0.issuer
    }

    /// The signing key's id in hex.
    #[getter]
    fn kid(&self) -> String {
        self.0.kid.to_hex()
    }

    /// Issue time, Unix seconds.
    #[getter]
    fn iat(&self) -> i64 {
        self.0.iat.unix()
    }

    /// Expiry (end of validity), Unix seconds.
    #[getter]
    fn exp(&self) -> i64 {
        self.0.exp.unix()
    }

    /// The token id in hex.
    #[getter]
    fn cti(&self) -> String {
        hex_encode(&self.0.cti)
    }

    /// Signed lists used and their staleness (empty when none was used).
    #[getter]
    fn trust(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_value(py, &self.0.trust)
    }

    /// Everything as plain dicts, the same JSON as `qrpass verify --json` and
    /// the `verified` member of spec/vectors.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_value(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "Verified(kind={:?}, issuer={:?}, cti={})",
            self.0.pass.kind().as_str(),
            self.0.issuer,
            hex_encode(&self.0.cti)
        )
    }
}

/// One item of `verify_many`: a verified pass, or the code of why not.
#[pyclass(frozen, module = "qrpass")]
pub struct VerifyResult(Result<Py<Verified>, qrpass::Error>);

impl VerifyResult {
    pub(crate) fn new(py: Python<'_>, r: qrpass::Result<qrpass::Verified>) -> PyResult<Self> {
        Ok(VerifyResult(match r {
            Ok(v) => Ok(Py::new(py, Verified(v))?),
            Err(e) => Err(e),
        }))
    }
}

#[pymethods]
impl VerifyResult {
    /// Whether the token verified.
    #[getter]
    fn ok(&self) -> bool {
        self.0.is_ok()
    }

    /// `"valid"` or `"invalid"`.
    #[getter]
    fn outcome(&self) -> &'static str {
        match self.0 {
            Ok(_) => Status::Valid.as_str(),
            Err(_) => Status::Invalid.as_str(),
        }
    }

    /// The error code, `None` when valid.
    #[getter]
    fn code(&self) -> Option<&'static str> {
        self.0.as_ref().err().map(|e| e.code().as_str())
    }

    /// The error message, `None` when valid.
    #[getter]
    fn message(&self) -> Option<&str> {
        self.0.as_ref().err().map(|e| e.message())
    }

    /// The verified pass, `None` when invalid.
    #[getter]
    fn verified(&self, py: Python<'_>) -> Option<Py<Verified>> {
        self.0.as_ref().ok().map(|v| v.clone_ref(py))
    }

    /// The verified pass, or raises the error (as `Verifier.verify` would).
    fn unwrap(&self, py: Python<'_>) -> PyResult<Py<Verified>> {
        match &self.0 {
            Ok(v) => Ok(v.clone_ref(py)),
            Err(e) => Err(to_py(py, e)),
        }
    }

    /// `{"outcome", "code", "verified"}` (and `"message"` when invalid), as `qrpass verify --json`.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let outcome = match &self.0 {
            Ok(v) => OutcomeRef::valid(&v.get().0),
            Err(e) => OutcomeRef::invalid(e),
        };
        to_py_value(py, &outcome)
    }

    fn __bool__(&self) -> bool {
        self.0.is_ok()
    }

    fn __repr__(&self) -> String {
        match &self.0 {
            Ok(_) => "VerifyResult(valid)".to_string(),
            Err(e) => format!("VerifyResult(invalid, code={:?})", e.code().as_str()),
        }
    }
}

/// Holds the national root key and the signed trust and revocation lists in
/// force: rollback protection, root rotation, staleness.
#[pyclass(module = "qrpass")]
pub struct TrustAnchor(CoreAnchor);

#[pymethods]
impl TrustAnchor {
    /// An anchor trusting lists signed by `root`, refusing sequences below the floors.
    #[new]
    #[pyo3(signature = (root, min_sequence = 0, min_revocation_sequence = 0))]
    fn new(root: &PublicKey, min_sequence: u64, min_revocation_sequence: u64) -> Self {
        TrustAnchor(
            CoreAnchor::new(root.0)
                .with_min_sequence(min_sequence)
                .with_min_revocation_sequence(min_revocation_sequence),
        )
    }

    /// Loads a signed trust list (bytes, or its `VN1T:` text form):
    /// `{"outcome": "loaded" | "unchanged", "sequence": n}`; raises on rejection.
    fn load_trust_list(&mut self, py: Python<'_>, file: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let bytes = file_arg(file)?;
        to_py_value(py, &self.0.load_trust_list(&bytes).py(py)?)
    }

    /// Loads a signed revocation list (bytes, or its `VN1R:` text form), as `load_trust_list`.
    fn load_revocation_list(
        &mut self,
        py: Python<'_>,
        file: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let bytes = file_arg(file)?;
        to_py_value(py, &self.0.load_revocation_list(&bytes).py(py)?)
    }

    /// A verifier using the lists in force; raises `bad_trust_list` when none is loaded.
    #[pyo3(signature = (clock_skew = qrpass::verify::DEFAULT_CLOCK_SKEW_SECONDS))]
    fn verifier(&self, py: Python<'_>, clock_skew: i64) -> PyResult<Verifier> {
        let v = self.0.verifier().py(py)?;
        Ok(Verifier(v.with_clock_skew(clock_skew)))
    }

    /// The current root key (it changes on rotation: persist it).
    #[getter]
    fn root(&self) -> PublicKey {
        PublicKey(self.0.root())
    }

    /// Sequence of the trust list in force, `None` before one is loaded.
    #[getter]
    fn trust_sequence(&self) -> Option<u64> {
        self.0.trust_sequence()
    }

    /// Sequence of the revocation list in force, `None` if none.
    #[getter]
    fn revocation_sequence(&self) -> Option<u64> {
        self.0
            .revocation_list()
            .and_then(|r| r.info())
            .map(|i| i.sequence)
    }
}

pub(crate) fn file_arg(file: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    match file.extract::<String>() {
        Ok(text) => Ok(text.into_bytes()),
        Err(_) => file.extract::<Vec<u8>>(),
    }
}

/// Decodes a token WITHOUT verifying it: `{"kid", "issuer", "iat", "cti",
/// "cose_len", "unverified_pass"}`. Anyone can forge what this shows.
#[pyfunction]
pub fn inspect(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let text = text_arg(py, text, "the token")?;
    let inspected = qrpass::inspect(&text).py(py)?;
    to_py_value(py, &inspected)
}
