//! `Checkpoint` for JavaScript (spec/TRUST.md §9): one call into the core per
//! method. Shared source: the checkpoint module (core without `dcc`) and the
//! EU DCC module (core with `dcc`, where `offer` also takes a DSC list and
//! `check` also decides `HC1:` texts) both include this file with `#[path]`,
//! so both classes have the same JS API.

use qrpass::checkpoint::{Checkpoint as Core, RefreshSettings};
use qrpass::keys::hex_decode;
use qrpass::ErrorCode;
use wasm_bindgen::prelude::*;

use crate::js::{card_option, error_with, file_bytes, js, json_text, object, option, time};

fn area(value: &JsValue) -> Result<Option<qrpass::model::AreaCode>, JsValue> {
    match value.as_string() {
        Some(a) => Ok(Some(js(a.parse())?)),
        None if value.is_undefined() || value.is_null() => Ok(None),
        None => Err(error_with(
            ErrorCode::InvalidArgument,
            "an area is a string or null",
        )),
    }
}

/// A checkpoint's whole state: trust list, revocation list, signed policies,
/// tally, and in the DCC module the DSC list.
#[wasm_bindgen]
pub struct Checkpoint(Core);

#[wasm_bindgen]
impl Checkpoint {
    /// A checkpoint `checkpointId` in `area` (or null) trusting lists signed by
    /// `rootPublicKey` (64 hex characters).
    #[wasm_bindgen(constructor)]
    pub fn new(
        root_public_key: &str,
        checkpoint_id: &str,
        area_code: &JsValue,
    ) -> Result<Checkpoint, JsValue> {
        let bytes = hex_decode(root_public_key)
            .ok_or_else(|| error_with(ErrorCode::BadKey, "the root key is 64 hex characters"))?;
        let root = js(qrpass::PublicKey::from_bytes(&bytes))?;
        Ok(Checkpoint(Core::new(root, checkpoint_id, area(area_code)?)))
    }

    /// A checkpoint from `save()`'s bytes; throws `bad_checkpoint_state` when damaged.
    pub fn restore(saved: &[u8]) -> Result<Checkpoint, JsValue> {
        js(Core::restore(saved)).map(Checkpoint)
    }

    /// Offers a signed artifact (`Uint8Array` or its text): `{kind, outcome, sequence, id?}`.
    /// A DSC list (`VN1D:`) loads in the DCC module; the checkpoint module
    /// refuses it with `dcc_unsupported`.
    pub fn offer(&mut self, file: &JsValue) -> Result<JsValue, JsValue> {
        let bytes = file_bytes(file)?;
        object(&js(self.0.offer(&bytes))?)
    }

    /// Verifies and decides under the policy in force: `{codes, outcome, policy, reasons, view}`;
    /// `options.at` (default now), `options.idCard` (the ID card's QR text);
    /// `options.count: false` decides without counting in the tally (core's `decide`).
    /// In the DCC module an `HC1:` text is verified with the DSC list held and
    /// decided by the policy's `dcc` rules; its view holds only name, `dob`
    /// and `statement`.
    pub fn check(&mut self, text: &str, options: &JsValue) -> Result<JsValue, JsValue> {
        let now = time(&option(options, "at")?)?;
        let card = card_option(&option(options, "idCard")?)?;
        let count = option(options, "count")?;
        if count.is_undefined() || count.as_bool() == Some(true) {
            object(&self.0.check(text, card, now))
        } else if count.as_bool() == Some(false) {
            object(&self.0.decide(text, card, now))
        } else {
            Err(error_with(
                ErrorCode::InvalidArgument,
                "options.count is true or false",
            ))
        }
    }

    /// The status at `at` (default now).
    pub fn status(&self, at: &JsValue) -> Result<JsValue, JsValue> {
        object(&self.0.status(time(at)?))
    }

    /// The whole state as bytes.
    pub fn save(&self) -> Vec<u8> {
        self.0.save()
    }

    /// Moves the checkpoint to another area (null: none).
    #[wasm_bindgen(js_name = setArea)]
    pub fn set_area(&mut self, area_code: &JsValue) -> Result<(), JsValue> {
        self.0.set_area(area(area_code)?);
        Ok(())
    }

    /// Sets (or with null clears) the local unsigned policy (JSON text or object).
    #[wasm_bindgen(js_name = setLocalPolicy)]
    pub fn set_local_policy(&mut self, policy: &JsValue) -> Result<(), JsValue> {
        let policy = if policy.is_null() || policy.is_undefined() {
            None
        } else {
            Some(js(qrpass::Policy::from_json(&json_text(policy)?))?)
        };
        self.0.set_local_policy(policy);
        Ok(())
    }

    /// Sets the refresh floor and the longest backoff after failures (seconds).
    #[wasm_bindgen(js_name = setRefresh)]
    pub fn set_refresh(
        &mut self,
        floor_seconds: u32,
        max_backoff_seconds: u32,
    ) -> Result<(), JsValue> {
        js(self.0.set_refresh(RefreshSettings {
            floor_seconds,
            max_backoff_seconds,
            ..RefreshSettings::default()
        }))
    }

    /// Records a fetch attempt at `at`: `ok` resets the backoff.
    #[wasm_bindgen(js_name = recordRefresh)]
    pub fn record_refresh(&mut self, ok: bool, at: &JsValue) -> Result<(), JsValue> {
        self.0.record_refresh(time(at)?, ok);
        Ok(())
    }

    /// Records a trusted time (the list server's `Date`) read at device time `deviceNow`.
    #[wasm_bindgen(js_name = setTimeHint)]
    pub fn set_time_hint(
        &mut self,
        trusted: &JsValue,
        device_now: &JsValue,
    ) -> Result<(), JsValue> {
        self.0.set_time_hint(time(trusted)?, time(device_now)?);
        Ok(())
    }

    /// The tally as CSV.
    #[wasm_bindgen(js_name = tallyCsv)]
    pub fn tally_csv(&self) -> String {
        self.0.tally().to_csv()
    }

    /// The tally as JSON text.
    #[wasm_bindgen(js_name = tallyJson)]
    pub fn tally_json(&self) -> String {
        self.0.tally().to_json()
    }

    /// Forgets every count.
    #[wasm_bindgen(js_name = resetTally)]
    pub fn reset_tally(&mut self) {
        self.0.reset_tally();
    }

    /// Verifies a publication index (`VN1I:`) and lists the entries newer than held.
    pub fn wanted(&self, index: &JsValue) -> Result<JsValue, JsValue> {
        let bytes = file_bytes(index)?;
        let index = js(self.0.read_index(&bytes))?;
        object(&self.0.wanted(&index))
    }
}
