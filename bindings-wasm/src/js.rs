//! Shared by the WebAssembly modules: errors as JS `Error`s with a `code`,
//! times, options, JSON texts, files and ID cards from JS values, and Rust
//! values as plain JS objects ([`object`]).

use js_sys::{Date, Reflect};
use qrpass::{ErrorCode, Timestamp};
use wasm_bindgen::prelude::*;

#[path = "to_js.rs"]
mod to_js;

/// A JS `Error` whose `code` is the core's stable code (and `family` its family).
pub fn error(e: &qrpass::Error) -> JsValue {
    let err = js_sys::Error::new(e.message());
    err.set_name("QrpassError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&err, &"code".into(), &e.code().as_str().into());
    let _ = Reflect::set(&err, &"family".into(), &e.code().family().as_str().into());
    err.into()
}

/// A JS error with `code` raised by the binding itself (bad arguments).
pub fn error_with(code: ErrorCode, message: impl Into<String>) -> JsValue {
    error(&qrpass::Error::new(code, message))
}

/// Core results to JS results.
pub fn js<T>(r: qrpass::Result<T>) -> Result<T, JsValue> {
    r.map_err(|e| error(&e))
}

/// A time: `undefined`/`null` (now, from the JS clock), Unix seconds, an
/// RFC 3339 string, or a `Date`.
pub fn time(at: &JsValue) -> Result<Timestamp, JsValue> {
    if at.is_undefined() || at.is_null() {
        return Ok(Timestamp((Date::now() / 1000.0).floor() as i64));
    }
    if let Some(seconds) = at.as_f64() {
        if seconds.is_finite() {
            return Ok(Timestamp(seconds.floor() as i64));
        }
    }
    if let Some(text) = at.as_string() {
        return js(Timestamp::parse_rfc3339(&text));
    }
    if let Some(date) = at.dyn_ref::<Date>() {
        let ms = date.get_time();
        if ms.is_finite() {
            return Ok(Timestamp((ms / 1000.0).floor() as i64));
        }
    }
    Err(error_with(
        ErrorCode::InvalidArgument,
        "a time is Unix seconds, an RFC 3339 string or a valid Date",
    ))
}

/// A plain JS object from a serialisable value: what `JSON.parse` makes of
/// serde_json's text for it, built directly ([`to_js`]).
pub fn object<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    to_js::to_js(value).map_err(|e| error_with(ErrorCode::Internal, e.to_string()))
}

/// JSON text of a string, or of a plain object via `JSON.stringify`.
pub fn json_text(value: &JsValue) -> Result<String, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            error_with(
                ErrorCode::InvalidArgument,
                "expected JSON text or a plain object",
            )
        })
}

/// `options[name]`, `undefined` when `options` is not an object.
pub fn option(options: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    if !options.is_object() {
        return Ok(JsValue::UNDEFINED);
    }
    js_sys::Reflect::get(options, &name.into())
}

/// The bytes of a signed file: a `Uint8Array`, or its text form.
pub fn file_bytes(file: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = file.as_string() {
        return Ok(text.into_bytes());
    }
    if let Some(bytes) = file.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    Err(error_with(
        ErrorCode::InvalidArgument,
        "a list file is a Uint8Array or its text form",
    ))
}

/// The card of `options.idCard` (its QR text), if set.
pub fn card_option(card: &JsValue) -> Result<Option<qrpass::IdCard>, JsValue> {
    if card.is_undefined() || card.is_null() {
        return Ok(None);
    }
    match card.as_string() {
        Some(text) => js(qrpass::IdCard::parse(&text)).map(Some),
        None => Err(error_with(
            ErrorCode::InvalidArgument,
            "options.idCard is the card's QR text (a string)",
        )),
    }
}
