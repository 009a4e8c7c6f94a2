//! `Verifier` and `TrustAnchor` for JavaScript: verify `VN1:` texts against a
//! trust file or the signed trust and revocation lists in force.
//!
//! One source for two modules: the verifier module (`src/lib.rs`) and the
//! checkpoint module (`checkpoint/src/lib.rs`, through `#[path]`), whose
//! `Policy.check` takes its own module's `Verifier` (a wasm-bindgen object
//! cannot cross modules).

use std::sync::Arc;

use js_sys::Array;
use qrpass::keys::hex_decode;
use qrpass::{ErrorCode, RevocationCheck, RevocationList, TrustStore};
use wasm_bindgen::prelude::*;

use crate::js::{error_with, file_bytes, js, json_text, object, option, time};

/// Verifies `VN1:` texts against trusted keys.
#[wasm_bindgen]
pub struct Verifier(pub(crate) qrpass::Verifier);

#[wasm_bindgen]
impl Verifier {
    /// A verifier trusting the keys of a trust file (JSON text or the parsed
    /// object), with `clockSkew` seconds of tolerance (default 300) and the
    /// revoked token ids `revokedCtis` (hex strings).
    #[wasm_bindgen(constructor)]
    pub fn new(trust: &JsValue, options: &JsValue) -> Result<Verifier, JsValue> {
        let json = json_text(trust)?;
        let store = js(TrustStore::from_json(&json))?;
        let mut verifier = qrpass::Verifier::new(store);
        if let Some(skew) = option(options, "clockSkew")?.as_f64() {
            verifier = verifier.with_clock_skew(skew as i64);
        }
        let revoked = option(options, "revokedCtis")?;
        if !revoked.is_undefined() && !revoked.is_null() {
            let list = revoked.dyn_into::<Array>().map_err(|_| {
                error_with(
                    ErrorCode::InvalidArgument,
                    "revokedCtis is an array of hex strings",
                )
            })?;
            let mut ctis = Vec::with_capacity(list.length() as usize);
            for item in list.iter() {
                let hex = item.as_string().ok_or_else(|| {
                    error_with(
                        ErrorCode::InvalidArgument,
                        "a revoked token id is a hex string",
                    )
                })?;
                ctis.push(js(qrpass::cti::from_hex(&hex))?);
            }
            let list = RevocationList::from_ctis(ctis);
            verifier = verifier.with_revocation(Arc::new(list) as Arc<dyn RevocationCheck>);
        }
        Ok(Verifier(verifier))
    }

    /// Verifies `text` at `at` (Unix seconds, RFC 3339, a `Date`; default now):
    /// the verified object (`pass`, `issuer`, `kid`, `iat`, `exp`, `cti`,
    /// `trust`), or throws an `Error` with `code`.
    pub fn verify(&self, text: &str, at: &JsValue) -> Result<JsValue, JsValue> {
        let now = time(at)?;
        let verified = js(self.0.verify_at(text, now))?;
        object(&verified)
    }

    /// Verifies every text; never throws for a bad token. One
    /// `{outcome, code, verified?, message?}` per text, in order.
    #[wasm_bindgen(js_name = verifyMany)]
    pub fn verify_many(&self, texts: Vec<String>, at: &JsValue) -> Result<Array, JsValue> {
        let now = time(at)?;
        let out = Array::new();
        for result in self.0.verify_many_at(&texts, now) {
            out.push(&object(&qrpass::VerifyOutcome::from(result))?);
        }
        Ok(out)
    }
}

/// The national root key and the signed trust and revocation lists in force:
/// rollback protection, root rotation, staleness.
#[wasm_bindgen]
pub struct TrustAnchor(qrpass::trust::TrustAnchor);

#[wasm_bindgen]
impl TrustAnchor {
    /// An anchor for lists signed by `rootPublicKey` (64 hex characters),
    /// refusing sequences below `minSequence` / `minRevocationSequence`.
    #[wasm_bindgen(constructor)]
    pub fn new(root_public_key: &str, options: &JsValue) -> Result<TrustAnchor, JsValue> {
        let bytes = hex_decode(root_public_key)
            .ok_or_else(|| error_with(ErrorCode::BadKey, "the root key is 64 hex characters"))?;
        let root = js(qrpass::PublicKey::from_bytes(&bytes))?;
        let floor = |name: &str| -> Result<u64, JsValue> {
            Ok(option(options, name)?
                .as_f64()
                .map_or(0, |f| f.max(0.0) as u64))
        };
        Ok(TrustAnchor(
            qrpass::trust::TrustAnchor::new(root)
                .with_min_sequence(floor("minSequence")?)
                .with_min_revocation_sequence(floor("minRevocationSequence")?),
        ))
    }

    /// Loads a signed trust list (`Uint8Array`, or its `VN1T:` text):
    /// `{outcome: "loaded" | "unchanged", sequence}`; throws when rejected.
    #[wasm_bindgen(js_name = loadTrustList)]
    pub fn load_trust_list(&mut self, file: &JsValue) -> Result<JsValue, JsValue> {
        let bytes = file_bytes(file)?;
        object(&js(self.0.load_trust_list(&bytes))?)
    }

    /// Loads a signed revocation list (`Uint8Array`, or its `VN1R:` text), as `loadTrustList`.
    #[wasm_bindgen(js_name = loadRevocationList)]
    pub fn load_revocation_list(&mut self, file: &JsValue) -> Result<JsValue, JsValue> {
        let bytes = file_bytes(file)?;
        object(&js(self.0.load_revocation_list(&bytes))?)
    }

    /// A verifier using the lists in force (`clockSkew` seconds, default 300);
    /// throws `bad_trust_list` when no list is loaded.
    pub fn verifier(&self, clock_skew: Option<f64>) -> Result<Verifier, JsValue> {
        let mut v = js(self.0.verifier())?;
        if let Some(skew) = clock_skew {
            v = v.with_clock_skew(skew as i64);
        }
        Ok(Verifier(v))
    }

    /// The current root public key in hex (it changes on rotation: persist it).
    #[wasm_bindgen(getter)]
    pub fn root(&self) -> String {
        qrpass::keys::hex_encode(&self.0.root().to_bytes())
    }

    /// Sequence of the trust list in force, `undefined` before one is loaded.
    #[wasm_bindgen(getter, js_name = trustSequence)]
    pub fn trust_sequence(&self) -> Option<f64> {
        self.0.trust_sequence().map(|s| s as f64)
    }

    /// Sequence of the revocation list in force, `undefined` if none.
    #[wasm_bindgen(getter, js_name = revocationSequence)]
    pub fn revocation_sequence(&self) -> Option<f64> {
        self.0
            .revocation_list()
            .and_then(|r| r.info())
            .map(|i| i.sequence as f64)
    }
}
