//! `classify` for JavaScript: one source for the verifier, checkpoint and DCC
//! modules (through `#[path]`), so that a page loading any one of them can
//! route what it scans.

use wasm_bindgen::prelude::*;

/// What a scanned text is: `pass`, `trust_list`, `revocation_list`, `policy`,
/// `other_signed`, `id_card`, `eu_dcc` or `unknown`.
#[wasm_bindgen]
pub fn classify(text: &str) -> String {
    qrpass::classify(text).as_str().into()
}
