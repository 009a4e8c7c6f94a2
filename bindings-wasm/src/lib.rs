//! qrpass for JavaScript (wasm-bindgen), the verifier module: verify tokens
//! offline, inspect them, hold signed trust and revocation lists, classify
//! scanned texts.
//!
//! Results are plain JS objects (their shapes are in `npm/index.d.ts`); every
//! failure throws a JS `Error` whose `code` is the core's stable error code.
//! The rest lives in lazily loaded modules, so that a page verifying pasted
//! text loads this one alone (about 112 KB gzipped):
//! - QR scanning and rendering in `qr/`, loaded when a camera or image is used;
//! - the checkpoint's decisions in `checkpoint/`: `Checkpoint` (saved state,
//!   signed policies, tally), `Policy`, `IdCard` and `bind`;
//! - issuing in `issue/`, EU DCCs in `dcc/`.

use qrpass::ErrorCode;
use wasm_bindgen::prelude::*;

mod classify;
// Shared with the other modules (`#[path]`); `card_option` is theirs alone.
#[allow(dead_code)]
mod js;
mod verifier;
pub use classify::classify;
use js::{error_with, js, object};
pub use verifier::{TrustAnchor, Verifier};

/// Talc instead of the standard library's dlmalloc: about 7 KB less code.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Decodes a token WITHOUT verifying it: `{kid, issuer, iat, cti, cose_len,
/// unverified_pass}`. Anyone can forge what this shows.
#[wasm_bindgen]
pub fn inspect(text: &str) -> Result<JsValue, JsValue> {
    object(&js(qrpass::inspect(text))?)
}

/// The `Error` qrpass throws for `code` (returned, not thrown), with `code`
/// and `family`; throws `invalid_argument` for an unknown code.
#[wasm_bindgen(js_name = errorForCode)]
pub fn error_for_code(code: &str) -> Result<JsValue, JsValue> {
    let code = js(code.parse::<ErrorCode>())?;
    Ok(error_with(code, code.as_str()))
}

/// Every stable error code.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect()
}
