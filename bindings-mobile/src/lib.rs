//! qrpass for Kotlin and Swift (uniffi proc-macros, no UDL): the API a
//! checkpoint app needs. Records carry the pass models and results; objects
//! hold the verifier, issuer, trust anchor and policy; every failure is a
//! `QrpassException` (Kotlin) / `QrpassError` (Swift) with the core's stable code.
//!
//! The Rust side is usable directly too, which is how its behaviour is pinned
//! before uniffi generates the Kotlin and Swift:
//!
//! ```
//! use qrpass_mobile::{scan_luma, QrpassError, Verifier};
//!
//! let verifier = Verifier::new(r#"{"keys":[]}"#.into(), 300, vec![]).unwrap();
//! match verifier.verify("VN1:%%".into(), None) {
//!     Err(QrpassError::Format { code, .. }) => assert_eq!(code, "bad_base45"),
//!     other => panic!("{other:?}"),
//! }
//! // A row stride smaller than the width is an error with a code, never a crash.
//! let err = scan_luma(100, 100, 50, vec![0; 10_000]).unwrap_err();
//! assert!(matches!(err, QrpassError::Other { code, .. } if code == "invalid_argument"));
//! ```

use std::sync::{Arc, Mutex};

use qrpass::policy::CheckpointContext;
use qrpass::{ErrorCode, Timestamp};

mod checkpoint;
mod dcc;
pub use dcc::{verify_any, AnyVerifyOutcome, DccVerifier, DccView, VerifiedDcc};
mod idcard;
mod issue;
pub use issue::{render_svg, PrivateKey};
mod ledger;
mod models;
pub use checkpoint::*;
pub use idcard::*;
pub use ledger::{Ledger, RedemptionOutcome};
pub use models::*;
mod scanner;
pub use scanner::{ScanPoint, ScannedCode, Scanner, ScannerStats};

uniffi::setup_scaffolding!();

/// A qrpass error: `code` is the stable snake_case code, the variant its family.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum QrpassError {
    /// Not a well-formed token (prefix, Base45, CBOR, COSE, claims).
    #[error("{detail} [{code}]")]
    Format {
        /// The stable error code.
        code: String,
        /// What went wrong.
        detail: String,
    },
    /// The signature does not verify, or no trusted key has the kid.
    #[error("{detail} [{code}]")]
    Signature {
        /// The stable error code.
        code: String,
        /// What went wrong.
        detail: String,
    },
    /// Key, trust list or revocation checks refuse the token.
    #[error("{detail} [{code}]")]
    Trust {
        /// The stable error code.
        code: String,
        /// What went wrong.
        detail: String,
    },
    /// Expired, not yet valid, issued in the future.
    #[error("{detail} [{code}]")]
    Time {
        /// The stable error code.
        code: String,
        /// What went wrong.
        detail: String,
    },
    /// Anything else: validation, keys, input, QR, policy.
    #[error("{detail} [{code}]")]
    Other {
        /// The stable error code.
        code: String,
        /// What went wrong.
        detail: String,
    },
}

impl From<qrpass::Error> for QrpassError {
    fn from(e: qrpass::Error) -> Self {
        // `detail`, not `message`: Kotlin exceptions already have a `message`.
        let (code, detail) = (e.code().as_str().to_string(), e.message().to_string());
        // One variant per exception class of core's table (`ErrorFamily::exception`).
        match e.code().family().exception() {
            "FormatError" => QrpassError::Format { code, detail },
            "SignatureError" => QrpassError::Signature { code, detail },
            "TrustError" => QrpassError::Trust { code, detail },
            "TimeError" => QrpassError::Time { code, detail },
            _ => QrpassError::Other { code, detail },
        }
    }
}

impl QrpassError {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        qrpass::Error::new(code, message).into()
    }
}

type Result<T> = std::result::Result<T, QrpassError>;

/// Every stable error code.
#[uniffi::export]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect()
}

/// Throws the exception qrpass throws for `code` (the variant core's table
/// gives its family), e.g. to rethrow a code kept in a log; an unknown code
/// throws `invalid_argument`.
#[uniffi::export]
pub fn throw_for_code(code: String) -> Result<()> {
    let code = code.parse::<ErrorCode>()?;
    Err(QrpassError::new(code, code.as_str()))
}

fn at(unix_seconds: Option<i64>) -> Timestamp {
    unix_seconds.map_or_else(Timestamp::now, Timestamp)
}

/// Verifies tokens offline. Immutable: share one across threads.
#[derive(uniffi::Object)]
pub struct Verifier(qrpass::Verifier);

#[uniffi::export]
impl Verifier {
    /// A verifier trusting the keys of a JSON trust file, with `clock_skew_seconds`
    /// of tolerance and the revoked token ids `revoked_ctis` (hex).
    #[uniffi::constructor]
    pub fn new(
        trust_json: String,
        clock_skew_seconds: i64,
        revoked_ctis: Vec<String>,
    ) -> Result<Arc<Self>> {
        let store = qrpass::TrustStore::from_json(&trust_json)?;
        let mut verifier = qrpass::Verifier::new(store).with_clock_skew(clock_skew_seconds);
        if !revoked_ctis.is_empty() {
            let ctis = revoked_ctis
                .iter()
                .map(|h| qrpass::cti::from_hex(h))
                .collect::<qrpass::Result<Vec<_>>>()?;
            let list = qrpass::RevocationList::from_ctis(ctis);
            verifier = verifier.with_revocation(Arc::new(list) as Arc<dyn qrpass::RevocationCheck>);
        }
        Ok(Arc::new(Verifier(verifier)))
    }

    /// Verifies `text` at `at_unix_seconds` (now when null).
    pub fn verify(&self, text: String, at_unix_seconds: Option<i64>) -> Result<VerifiedPass> {
        Ok(VerifiedPass::from(
            self.0.verify_at(&text, at(at_unix_seconds))?,
        ))
    }

    /// Verifies many texts on every core; one outcome per text, in order.
    pub fn verify_many(
        &self,
        texts: Vec<String>,
        at_unix_seconds: Option<i64>,
    ) -> Vec<VerifyOutcome> {
        self.0
            .verify_many_at(&texts, at(at_unix_seconds))
            .into_iter()
            .map(VerifyOutcome::from)
            .collect()
    }
}

/// The national root key and the signed lists in force.
#[derive(uniffi::Object)]
pub struct TrustAnchor(Mutex<qrpass::trust::TrustAnchor>);

#[uniffi::export]
impl TrustAnchor {
    /// An anchor for lists signed by `root_public_key` (32 raw bytes).
    #[uniffi::constructor]
    pub fn new(
        root_public_key: Vec<u8>,
        min_sequence: u64,
        min_revocation_sequence: u64,
    ) -> Result<Arc<Self>> {
        let root = qrpass::PublicKey::from_bytes(&root_public_key)?;
        Ok(Arc::new(TrustAnchor(Mutex::new(
            qrpass::trust::TrustAnchor::new(root)
                .with_min_sequence(min_sequence)
                .with_min_revocation_sequence(min_revocation_sequence),
        ))))
    }

    /// Loads a signed trust list (bytes or its `VN1T:` text as UTF-8); its sequence.
    pub fn load_trust_list(&self, file: Vec<u8>) -> Result<LoadOutcome> {
        Ok(self.lock()?.load_trust_list(&file)?.into())
    }

    /// Loads a signed revocation list (bytes or its `VN1R:` text as UTF-8).
    pub fn load_revocation_list(&self, file: Vec<u8>) -> Result<LoadOutcome> {
        Ok(self.lock()?.load_revocation_list(&file)?.into())
    }

    /// A verifier using the lists in force.
    pub fn verifier(&self, clock_skew_seconds: i64) -> Result<Arc<Verifier>> {
        let v = self.lock()?.verifier()?;
        Ok(Arc::new(Verifier(v.with_clock_skew(clock_skew_seconds))))
    }

    /// The current root key (persist it: it changes on rotation).
    pub fn root_public_key(&self) -> Result<Vec<u8>> {
        Ok(self.lock()?.root().to_bytes().to_vec())
    }

    /// Sequence of the trust list in force.
    pub fn trust_sequence(&self) -> Result<Option<u64>> {
        Ok(self.lock()?.trust_sequence())
    }

    /// Sequence of the revocation list in force.
    pub fn revocation_sequence(&self) -> Result<Option<u64>> {
        Ok(self
            .lock()?
            .revocation_list()
            .and_then(|r| r.info())
            .map(|i| i.sequence))
    }
}

impl TrustAnchor {
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, qrpass::trust::TrustAnchor>> {
        self.0.lock().map_err(|_| {
            QrpassError::new(
                ErrorCode::Internal,
                "the trust anchor was poisoned by a panic",
            )
        })
    }
}

/// A checkpoint policy (JSON or TOML).
#[derive(uniffi::Object)]
pub struct Policy(qrpass::Policy);

#[uniffi::export]
impl Policy {
    /// Reads a policy from JSON or TOML text.
    #[uniffi::constructor]
    pub fn new(text: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Policy(qrpass::Policy::parse(&text)?)))
    }

    /// Verifies `text` and decides for a checkpoint in `area` (e.g. "79.760"),
    /// binding the pass to the scanned `id_card` when given (policy `holder`).
    #[uniffi::method(default(id_card = None))]
    pub fn check(
        &self,
        verifier: Arc<Verifier>,
        text: String,
        area: Option<String>,
        at_unix_seconds: Option<i64>,
        id_card: Option<Arc<IdCard>>,
    ) -> Result<Decision> {
        let now = at(at_unix_seconds);
        let area = area
            .map(|a| a.parse::<qrpass::model::AreaCode>())
            .transpose()?;
        let card = id_card.map(|c| c.0.clone());
        let checked = self.0.check(
            &verifier.0,
            &text,
            &CheckpointContext::new(area, now).with_id_card(card),
        );
        Ok(Decision::new(&checked.decision, &checked.view))
    }
}

/// Signs passes for one issuer id.
#[derive(uniffi::Object)]
pub struct Issuer(pub(crate) qrpass::Issuer);

#[uniffi::export]
impl Issuer {
    /// An issuer signing with the PKCS#8 PEM key `private_key_pem` as `issuer_id`.
    #[uniffi::constructor]
    pub fn new(private_key_pem: String, issuer_id: String) -> Result<Arc<Self>> {
        let key = qrpass::PrivateKey::from_pem(&private_key_pem)?;
        Ok(Arc::new(Issuer(qrpass::Issuer::new(key, &issuer_id)?)))
    }

    /// Signs a pass given as JSON (the shape of spec/examples) and returns its `VN1:` text.
    pub fn issue_json(&self, pass_json: String) -> Result<String> {
        Ok(self.0.issue(&qrpass::Pass::from_json(&pass_json)?)?)
    }
}

/// Decodes a token WITHOUT verifying it: the pass as JSON. Anyone can forge it.
#[uniffi::export]
pub fn inspect_json(text: String) -> Result<String> {
    let inspected = qrpass::inspect(&text)?;
    serde_json::to_string(&inspected)
        .map_err(|e| QrpassError::new(ErrorCode::Internal, e.to_string()))
}

/// Texts of the QR codes in a camera Y plane: `width × height` pixels, rows
/// `row_stride` bytes apart, as CameraX `ImageAnalysis` (plane 0) and
/// AVFoundation (`kCVPixelFormatType_420YpCbCr8BiPlanar*`, plane 0) deliver it.
#[uniffi::export]
pub fn scan_luma(width: u32, height: u32, row_stride: u32, bytes: Vec<u8>) -> Result<Vec<String>> {
    Ok(qrpass::qr::scan_luma(width, height, row_stride, &bytes)?)
}

/// Texts of the QR codes in a PNG or JPEG file's bytes.
#[uniffi::export]
pub fn scan_image(bytes: Vec<u8>) -> Result<Vec<String>> {
    Ok(qrpass::qr::scan_image(&bytes)?)
}

/// The QR code of `text` as PNG bytes (error correction M, 8 px modules).
#[uniffi::export]
pub fn render_png(text: String) -> Result<Vec<u8>> {
    let image = qrpass::qr::encode(&text, &qrpass::qr::RenderOptions::default())?;
    Ok(image.to_png()?)
}
