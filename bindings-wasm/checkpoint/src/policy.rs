//! `Policy` for JavaScript: a checkpoint policy (JSON) deciding with a
//! `Verifier` of this module and, optionally, the ID card scanned with the pass.

use qrpass::policy::CheckpointContext;
use wasm_bindgen::prelude::*;

use crate::js::{card_option, js, json_text, object, option, time};
use crate::verifier::Verifier;

/// A checkpoint policy (JSON).
#[wasm_bindgen]
pub struct Policy(qrpass::Policy);

#[wasm_bindgen]
impl Policy {
    /// Reads a policy from JSON text or the parsed object.
    #[wasm_bindgen(constructor)]
    pub fn new(policy: &JsValue) -> Result<Policy, JsValue> {
        js(qrpass::Policy::from_json(&json_text(policy)?)).map(Policy)
    }

    /// Verifies `text` with `verifier` and decides for a checkpoint:
    /// `{outcome, codes, reasons, view}`; `options.area` is the checkpoint's
    /// area code (`"79.760"`), `options.at` the time (default now),
    /// `options.idCard` the QR text of the ID card scanned with the pass.
    pub fn check(
        &self,
        verifier: &Verifier,
        text: &str,
        options: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let now = time(&option(options, "at")?)?;
        let area = match option(options, "area")?.as_string() {
            Some(a) => Some(js(a.parse::<qrpass::model::AreaCode>())?),
            None => None,
        };
        let card = card_option(&option(options, "idCard")?)?;
        let ctx = CheckpointContext::new(area, now).with_id_card(card);
        object(&self.0.check(&verifier.0, text, &ctx))
    }
}
