//! Keys and issuing: `PrivateKey`, `PublicKey`, `Issuer`.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use qrpass::ErrorCode;

use crate::convert::time_arg;
use crate::errors::{error, IntoPyResult};
use crate::models::Pass;

/// An Ed25519 signing key (an issuer's secret). Never printed.
#[pyclass(frozen, module = "qrpass")]
pub struct PrivateKey(pub(crate) qrpass::PrivateKey);

#[pymethods]
impl PrivateKey {
    /// A new random key from the operating system's generator.
    #[staticmethod]
    fn generate(py: Python<'_>) -> PyResult<Self> {
        qrpass::PrivateKey::generate().py(py).map(PrivateKey)
    }

    /// The key with this 32-byte seed (tests and deterministic tooling).
    #[staticmethod]
    fn from_seed(py: Python<'_>, seed: &[u8]) -> PyResult<Self> {
        let seed: &[u8; 32] = seed
            .try_into()
            .map_err(|_| error(py, ErrorCode::BadKey, "a seed is exactly 32 bytes"))?;
        Ok(PrivateKey(qrpass::PrivateKey::from_seed(seed)))
    }

    /// Reads a PKCS#8 PEM private key (`qrpass keygen`, `openssl genpkey -algorithm ed25519`).
    #[staticmethod]
    fn from_pem(py: Python<'_>, pem: &str) -> PyResult<Self> {
        qrpass::PrivateKey::from_pem(pem).py(py).map(PrivateKey)
    }

    /// The key as PKCS#8 v1 PEM (readable by OpenSSL).
    fn to_pem(&self, py: Python<'_>) -> PyResult<String> {
        self.0.to_pem().py(py).map(|pem| pem.to_string())
    }

    /// The matching public key.
    fn public_key(&self) -> PublicKey {
        PublicKey(self.0.public_key())
    }

    fn __repr__(&self) -> String {
        format!("PrivateKey(kid={})", self.0.public_key().kid())
    }
}

/// An Ed25519 public key, with its 8-byte key id (`kid`).
#[pyclass(frozen, eq, module = "qrpass")]
#[derive(PartialEq)]
pub struct PublicKey(pub(crate) qrpass::PublicKey);

#[pymethods]
impl PublicKey {
    /// The key from its 32 raw bytes.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, raw: &[u8]) -> PyResult<Self> {
        qrpass::PublicKey::from_bytes(raw).py(py).map(PublicKey)
    }

    /// Reads an SPKI PEM public key.
    #[staticmethod]
    fn from_pem(py: Python<'_>, pem: &str) -> PyResult<Self> {
        qrpass::PublicKey::from_pem(pem).py(py).map(PublicKey)
    }

    /// The key as SPKI PEM.
    fn to_pem(&self) -> String {
        self.0.to_pem()
    }

    /// The 32 raw bytes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.to_bytes())
    }

    /// The key id in hex (16 characters).
    #[getter]
    fn kid(&self) -> String {
        self.0.kid().to_hex()
    }

    fn __repr__(&self) -> String {
        format!("PublicKey(kid={})", self.0.kid())
    }
}

/// Signs passes for one issuer id (e.g. `VN-SG`).
#[pyclass(frozen, module = "qrpass")]
pub struct Issuer(pub(crate) qrpass::Issuer);

#[pymethods]
impl Issuer {
    /// An issuer signing with `key` as `issuer_id`.
    #[new]
    fn new(py: Python<'_>, key: &PrivateKey, issuer_id: &str) -> PyResult<Self> {
        qrpass::Issuer::new(key.0.clone(), issuer_id)
            .py(py)
            .map(Issuer)
    }

    /// The issuer id.
    #[getter]
    fn issuer_id(&self) -> &str {
        self.0.issuer_id()
    }

    /// The signing key's id in hex.
    #[getter]
    fn kid(&self) -> String {
        self.0.kid().to_hex()
    }

    /// Signs `pass_` (a `Pass` or a dict) and returns its `VN1:` text. `iat`
    /// (issue time, default now) and `cti` (token id bytes, default 8 random
    /// bytes) make the output deterministic when both are given.
    #[pyo3(signature = (pass_, iat = None, cti = None))]
    fn issue(
        &self,
        py: Python<'_>,
        pass_: &Bound<'_, PyAny>,
        iat: Option<&Bound<'_, PyAny>>,
        cti: Option<&[u8]>,
    ) -> PyResult<String> {
        let pass = Pass::coerce(py, pass_)?;
        match (iat, cti) {
            (None, None) => self.0.issue(&pass).py(py),
            (iat, cti) => {
                let iat = time_arg(py, iat)?;
                let random;
                let cti = match cti {
                    Some(c) => c,
                    None => {
                        random = qrpass::cti::random().py(py)?;
                        &random
                    }
                };
                self.0.issue_with(&pass, iat, cti).py(py)
            }
        }
    }

    fn __repr__(&self) -> String {
        format!("Issuer({:?}, kid={})", self.0.issuer_id(), self.0.kid())
    }
}
