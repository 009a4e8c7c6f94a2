//! qrpass issuing for JavaScript (wasm-bindgen): `PrivateKey` (generate from
//! `crypto.getRandomValues`, from a seed, PEM in and out, kid) and `Issuer`
//! (sign a pass, deterministically when `iat` and `cti` are given), and
//! `renderPng`. A third
//! module beside the verifier and the QR module, loaded only by a page or
//! server that signs, so the verifier stays small.

use qrpass::qr::{self, Ecc, RenderOptions};
use qrpass::{ErrorCode, Pass};
use wasm_bindgen::prelude::*;

#[allow(dead_code)]
#[path = "../../src/js.rs"]
mod js;
use js::{error_with, js, time};

/// An Ed25519 issuer private key (PKCS#8 PEM on disk).
#[wasm_bindgen]
pub struct PrivateKey(qrpass::PrivateKey);

#[wasm_bindgen]
impl PrivateKey {
    /// A new random key (the platform's `crypto.getRandomValues`).
    pub fn generate() -> Result<PrivateKey, JsValue> {
        js(qrpass::PrivateKey::generate()).map(PrivateKey)
    }

    /// The key of a 32-byte seed (for fixed test keys such as the spec vectors').
    #[wasm_bindgen(js_name = fromSeed)]
    pub fn from_seed(seed: &[u8]) -> Result<PrivateKey, JsValue> {
        let seed: &[u8; 32] = seed.try_into().map_err(|_| {
            error_with(
                ErrorCode::BadKey,
                format!("a seed is 32 bytes, not {}", seed.len()),
            )
        })?;
        Ok(PrivateKey(qrpass::PrivateKey::from_seed(seed)))
    }

    /// A key from its PKCS#8 PEM text.
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(pem: &str) -> Result<PrivateKey, JsValue> {
        js(qrpass::PrivateKey::from_pem(pem)).map(PrivateKey)
    }

    /// The PKCS#8 PEM text of the key.
    #[wasm_bindgen(js_name = toPem)]
    pub fn to_pem(&self) -> Result<String, JsValue> {
        js(self.0.to_pem()).map(|pem| pem.as_str().to_string())
    }

    /// The public key as SPKI PEM text.
    #[wasm_bindgen(js_name = publicKeyPem)]
    pub fn public_key_pem(&self) -> String {
        self.0.public_key().to_pem()
    }

    /// The public key's 32 raw bytes in hex (what a trust list carries).
    #[wasm_bindgen(js_name = publicKeyHex)]
    pub fn public_key_hex(&self) -> String {
        qrpass::keys::hex_encode(&self.0.public_key().to_bytes())
    }

    /// The key id (kid) in hex.
    #[wasm_bindgen(getter)]
    pub fn kid(&self) -> String {
        self.0.public_key().kid().to_hex()
    }
}

/// Signs passes as one issuer with one key.
#[wasm_bindgen]
pub struct Issuer(qrpass::Issuer);

#[wasm_bindgen]
impl Issuer {
    /// An issuer `issuerId` (e.g. `VN-HN`) signing with `key` (the key is copied).
    #[wasm_bindgen(constructor)]
    pub fn new(key: &PrivateKey, issuer_id: &str) -> Result<Issuer, JsValue> {
        js(qrpass::Issuer::new(key.0.clone(), issuer_id)).map(Issuer)
    }

    /// The issuer id.
    #[wasm_bindgen(getter, js_name = issuerId)]
    pub fn issuer_id(&self) -> String {
        self.0.issuer_id().to_string()
    }

    /// The signing key's kid in hex.
    #[wasm_bindgen(getter)]
    pub fn kid(&self) -> String {
        self.0.kid().to_hex()
    }

    /// Signs `pass` (a JSON string or a plain object of the spec/examples
    /// shape) and returns its `VN1:` text. Options: `iat` (a time: seconds,
    /// RFC 3339 or Date; default now) and `cti` (hex; default 8 random bytes).
    /// With both given the output is deterministic.
    pub fn issue(&self, pass: &JsValue, options: &JsValue) -> Result<String, JsValue> {
        let pass = pass_arg(pass)?;
        let field = |name: &str| -> Result<JsValue, JsValue> {
            if options.is_undefined() || options.is_null() {
                Ok(JsValue::UNDEFINED)
            } else if options.is_object() {
                js_sys::Reflect::get(options, &name.into())
            } else {
                Err(error_with(
                    ErrorCode::InvalidArgument,
                    "options is an object {iat, cti}",
                ))
            }
        };
        let (iat, cti) = (field("iat")?, field("cti")?);
        // Always through issue_with: the core's clock (SystemTime) does not
        // exist on wasm32-unknown-unknown, so "now" is the JS clock.
        let iat = time(&iat)?;
        let cti = if cti.is_undefined() {
            let mut bytes = [0u8; 8];
            getrandom::fill(&mut bytes)
                .map_err(|e| error_with(ErrorCode::Internal, e.to_string()))?;
            bytes.to_vec()
        } else {
            let hex = cti
                .as_string()
                .ok_or_else(|| error_with(ErrorCode::InvalidArgument, "cti is a hex string"))?;
            js(qrpass::cti::from_hex(&hex))?
        };
        js(self.0.issue_with(&pass, iat, &cti))
    }
}

/// The QR code of `text` as PNG bytes; `ecc` is `"L"`, `"M"` (default), `"Q"`
/// or `"H"`, `modulePx` pixels per module (default 8), `quietZone` modules of
/// margin (default 4); `invalid_argument` for another level or a negative or
/// fractional size.
#[wasm_bindgen(js_name = renderPng)]
pub fn render_png(
    text: &str,
    ecc: Option<String>,
    module_px: Option<f64>,
    quiet_zone: Option<f64>,
) -> Result<Vec<u8>, JsValue> {
    let defaults = RenderOptions::default();
    let size = |value: Option<f64>, default: u32| match value {
        None => Ok(default),
        Some(v)
            if v.is_finite() && (0.0..=f64::from(u32::MAX)).contains(&v) && v.fract() == 0.0 =>
        {
            Ok(v as u32)
        }
        Some(_) => Err(error_with(
            ErrorCode::InvalidArgument,
            "sizes are whole non-negative numbers",
        )),
    };
    let options = RenderOptions {
        ecc: match ecc {
            None => Ecc::M,
            Some(level) => js(level.parse::<Ecc>())?,
        },
        module_px: size(module_px, defaults.module_px)?,
        quiet_zone: size(quiet_zone, defaults.quiet_zone)?,
    };
    js(qr::encode(text, &options).and_then(|image| image.to_png()))
}

/// A pass from a JSON string or a plain object.
fn pass_arg(pass: &JsValue) -> Result<Pass, JsValue> {
    let json = if let Some(text) = pass.as_string() {
        text
    } else if pass.is_object() {
        js_sys::JSON::stringify(pass)?
            .as_string()
            .ok_or_else(|| error_with(ErrorCode::InvalidArgument, "the pass is not JSON"))?
    } else {
        return Err(error_with(
            ErrorCode::InvalidArgument,
            "a pass is a JSON string or an object",
        ));
    };
    js(Pass::from_json(&json))
}
