//! qrpass EU Digital COVID Certificates for JavaScript (wasm-bindgen): a DSC
//! list (`DscList.fromBytes`), `DccVerifier`, `verifyAny` / `AnyVerifier` for
//! `VN1:` and `HC1:` through one call (core `dcc::AnyVerifier`), the DCC
//! checkpoint rules (`DccPolicy`, in `policy.rs`), and `Checkpoint`: the
//! checkpoint module's class (the same source) over core with `dcc`, which
//! holds a root-signed DSC list and checks `HC1:` texts under the policy's
//! `dcc` rules. A module beside the verifier, checkpoint, QR and issuing
//! modules, loaded only by a page that takes DCCs, so the others are built
//! without the core feature `dcc`.
//!
//! Results are plain JS objects (shapes in `npm/index.d.ts`); every failure
//! throws a JS `Error` whose `code` is the core's stable error code.

use js_sys::Array;
use qrpass::dcc::{AnyOutcome, AnyVerified};
use qrpass::{ErrorCode, TrustStore};
use wasm_bindgen::prelude::*;

#[allow(dead_code)]
#[path = "../../src/js.rs"]
mod js;
// The checkpoint module's `Checkpoint`, here over core with `dcc`: it holds a
// root-signed DSC list and decides `HC1:` texts with the policy's `dcc` rules.
#[path = "../../checkpoint/src/checkpoint.rs"]
mod checkpoint;
// The verifier module's `classify`, one source: a page taking DCCs loads this module alone.
#[path = "../../src/classify.rs"]
mod classify;
mod policy;
pub use checkpoint::Checkpoint;
pub use classify::classify;
pub use policy::DccPolicy;

use js::{file_bytes, js, json_text, object, option};

/// Talc instead of the standard library's dlmalloc, as in the verifier module.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Document-signer certificates (DSCs) trusted for DCCs.
#[wasm_bindgen]
pub struct DscList(qrpass::dcc::DscList);

#[wasm_bindgen]
impl DscList {
    /// Reads what core's `DscList::from_bytes` reads (bytes, or the file's
    /// text): a DER certificate, base64 of one, PEM certificates, or a JSON
    /// list `[{kid, certificate}]`; `bad_trust_list` when unreadable.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(file: &JsValue) -> Result<DscList, JsValue> {
        js(qrpass::dcc::DscList::from_bytes(&file_bytes(file)?)).map(DscList)
    }

    /// Adds the certificates of another file; nothing is added when any is refused.
    pub fn extend(&mut self, file: &JsValue) -> Result<(), JsValue> {
        js(self.0.extend_from_bytes(&file_bytes(file)?))
    }

    /// How many certificates the list holds.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.0.len()
    }
}

/// Verifies `HC1:` texts against a DSC list.
#[wasm_bindgen]
pub struct DccVerifier(pub(crate) qrpass::dcc::DccVerifier);

#[wasm_bindgen]
impl DccVerifier {
    /// A verifier trusting `list` (copied) with `options.clockSkew` seconds
    /// of tolerance (default 300).
    #[wasm_bindgen(constructor)]
    pub fn new(list: &DscList, options: &JsValue) -> Result<DccVerifier, JsValue> {
        let mut verifier = qrpass::dcc::DccVerifier::new(list.0.clone());
        if let Some(skew) = clock_skew(options)? {
            verifier = verifier.with_clock_skew(skew);
        }
        Ok(DccVerifier(verifier))
    }

    /// Verifies `text` at `at` (Unix seconds, RFC 3339, a `Date`; default
    /// now): `{certificate, issuer, kid, iat, exp}`, or throws an `Error` with `code`.
    pub fn verify(&self, text: &str, at: &JsValue) -> Result<JsValue, JsValue> {
        let now = time(at)?;
        object(&js(self.0.verify_at(text, now))?)
    }

    /// Verifies every text; never throws for a bad certificate. One
    /// `{outcome, code, message?, verified?: {format: "hc1", …}}` per text.
    #[wasm_bindgen(js_name = verifyMany)]
    pub fn verify_many(&self, texts: Vec<String>, at: &JsValue) -> Result<Array, JsValue> {
        let now = time(at)?;
        let out = Array::new();
        for text in &texts {
            let result = self.0.verify_at(text, now).map(AnyVerified::Hc1);
            out.push(&object(&AnyOutcome::from(result))?);
        }
        Ok(out)
    }
}

/// Verifies either format with one call (core `dcc::AnyVerifier`).
#[wasm_bindgen]
pub struct AnyVerifier(qrpass::dcc::AnyVerifier);

#[wasm_bindgen]
impl AnyVerifier {
    /// Pairs the qrpass keys of a trust file (JSON text or object, as the
    /// verifier module's `Verifier` takes; `null` for none) with `dcc`
    /// (copied); `options.clockSkew` applies to `VN1:` passes.
    #[wasm_bindgen(constructor)]
    pub fn new(
        trust: &JsValue,
        dcc: &DccVerifier,
        options: &JsValue,
    ) -> Result<AnyVerifier, JsValue> {
        let store = if trust.is_null() || trust.is_undefined() {
            TrustStore::default()
        } else {
            js(TrustStore::from_json(&json_text(trust)?))?
        };
        let mut pass = qrpass::Verifier::new(store);
        if let Some(skew) = clock_skew(options)? {
            pass = pass.with_clock_skew(skew);
        }
        Ok(AnyVerifier(qrpass::dcc::AnyVerifier::new(
            pass,
            dcc.0.clone(),
        )))
    }

    /// Classifies and verifies `text` at `at`; never throws for a bad code:
    /// `{outcome, code, message?, verified?: {format: "vn1" | "hc1", …}}`.
    pub fn verify(&self, text: &str, at: &JsValue) -> Result<JsValue, JsValue> {
        let now = time(at)?;
        object(&AnyOutcome::from(self.0.verify_at(text, now)))
    }
}

/// One call for both formats: `new AnyVerifier(trust, dcc).verify(text, at)`.
#[wasm_bindgen(js_name = verifyAny)]
pub fn verify_any(
    text: &str,
    trust: &JsValue,
    dcc: &DccVerifier,
    at: &JsValue,
) -> Result<JsValue, JsValue> {
    AnyVerifier::new(trust, dcc, &JsValue::UNDEFINED)?.verify(text, at)
}

/// Every stable error code (the same list as the verifier module's).
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect()
}

/// A time as the verifier module reads it, and also the DCC test data's clock
/// forms (core `dcc::parse_clock`: `+0000` offsets, or none for UTC).
pub(crate) fn time(at: &JsValue) -> Result<qrpass::Timestamp, JsValue> {
    match at.as_string() {
        Some(text) => js(qrpass::dcc::parse_clock(&text)),
        None => js::time(at),
    }
}

fn clock_skew(options: &JsValue) -> Result<Option<i64>, JsValue> {
    Ok(option(options, "clockSkew")?.as_f64().map(|s| s as i64))
}
