//! Citizen ID cards (CCCD) for JavaScript: parse the card's QR text, bind a
//! verified pass to the card.
//!
//! `IdCard` is a class, not a plain object, so that `console.log(card)` never
//! prints the address: `masked()` is what may be shown, `toJSON()` every field.
//! A photo of the card is scanned with the QR module first; its text is parsed here.

use qrpass::ErrorCode;
use wasm_bindgen::prelude::*;

use crate::js::{error_with, js, object};

/// A parsed ID card.
#[wasm_bindgen]
pub struct IdCard(pub(crate) qrpass::IdCard);

#[wasm_bindgen]
impl IdCard {
    /// Parses a card's QR text (`bad_id_card`, `empty_input`, `input_too_large`).
    pub fn parse(text: &str) -> Result<IdCard, JsValue> {
        js(qrpass::IdCard::parse(text)).map(IdCard)
    }

    /// The 12-digit CCCD number.
    #[wasm_bindgen(getter)]
    pub fn number(&self) -> String {
        self.0.number.clone()
    }

    /// The old CMND number, or `undefined`.
    #[wasm_bindgen(getter, js_name = oldNumber)]
    pub fn old_number(&self) -> Option<String> {
        self.0.old_number.clone()
    }

    /// The full name (NFC).
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.0.name.clone()
    }

    /// The birth date, `YYYY-MM-DD`.
    #[wasm_bindgen(getter, js_name = birthDate)]
    pub fn birth_date(&self) -> String {
        self.0.birth_date.to_string()
    }

    /// `male` or `female`.
    #[wasm_bindgen(getter)]
    pub fn sex(&self) -> String {
        self.0.sex.as_str().into()
    }

    /// The permanent address: never put it in a view, a log or a tally.
    #[wasm_bindgen(getter)]
    pub fn address(&self) -> String {
        self.0.address.clone()
    }

    /// The card's issue date, `YYYY-MM-DD`.
    #[wasm_bindgen(getter, js_name = issueDate)]
    pub fn issue_date(&self) -> String {
        self.0.issue_date.to_string()
    }

    /// Whether the number disagrees with the birth date or sex.
    #[wasm_bindgen(getter, js_name = inconsistentNumber)]
    pub fn inconsistent_number(&self) -> bool {
        self.0.inconsistent_number
    }

    /// What may be shown: numbers masked, no address, no issue date.
    pub fn masked(&self) -> Result<JsValue, JsValue> {
        object(&self.0.masked())
    }

    /// Every field, as in spec/vectors' `idcard_*` files (snake_case keys).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        object(&self.0)
    }
}

/// Binds a verified pass (the object `Verifier.verify` returns) to a card:
/// `{id, name, birth_date, summary}`.
///
/// Only the pass's person is read (core's `person_of_pass_json`), so this
/// module carries no deserialiser for whole passes.
#[wasm_bindgen]
pub fn bind(verified: &JsValue, card: &IdCard) -> Result<JsValue, JsValue> {
    let bad = || {
        error_with(
            ErrorCode::InvalidArgument,
            "bind takes what verify returned",
        )
    };
    let get = |v: &JsValue, key: &str| {
        js_sys::Reflect::get(v, &key.into())
            .ok()
            .filter(|x| !x.is_undefined())
    };
    let pass = get(verified, "pass").ok_or_else(bad)?;
    let kind = get(&pass, "kind").and_then(|k| k.as_string());
    let person = js(qrpass::binding::person_of_pass(kind.as_deref(), |field| {
        get(&pass, field)
            .and_then(|p| js_sys::JSON::stringify(&p).ok())
            .and_then(|s| s.as_string())
    }))?;
    object(&qrpass::binding::bind_person(&person, &card.0))
}
