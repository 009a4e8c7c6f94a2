//! The DCC checkpoint rules (core `dcc::policy`): verify, then decide, and
//! the minimal view (name, date of birth, statement summary).

use qrpass::dcc::policy::Passport;
use qrpass::ErrorCode;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::js::{error_with, js, json_text, object, option};
use crate::{time, DccVerifier};

/// DCC rules: a default rule set and overrides by issuing country (JSON, docs/dcc.md).
#[wasm_bindgen]
pub struct DccPolicy(qrpass::dcc::policy::DccPolicy);

/// What `DccPolicy.check` returns: the decision, its reason codes, and the view.
#[derive(Serialize)]
struct Checked {
    outcome: qrpass::policy::Outcome,
    codes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    view: View,
}

/// The core's `DccView`, or for a certificate that failed verification only
/// the decision and its reason (nothing of an unverified certificate is shown).
#[derive(Serialize)]
#[serde(untagged)]
enum View {
    Verified(qrpass::dcc::policy::DccView),
    Refused {
        decision: qrpass::policy::Outcome,
        reasons: Vec<String>,
    },
}

#[wasm_bindgen]
impl DccPolicy {
    /// Reads DCC rules from JSON text or the parsed object (`bad_policy` on any unknown field).
    #[wasm_bindgen(constructor)]
    pub fn new(policy: &JsValue) -> Result<DccPolicy, JsValue> {
        js(qrpass::dcc::policy::DccPolicy::from_json(&json_text(
            policy,
        )?))
        .map(DccPolicy)
    }

    /// Verifies `text` with `dcc` and decides at `options.at` (default now):
    /// `{outcome, codes, message?, view}`. A certificate that does not verify
    /// is denied with its error code and a view of only `decision` and
    /// `reasons`. `options.passport` (`{surname, given, dob: "YYYY-MM-DD"}`,
    /// names as in the MRZ) binds the holder: a mismatch adds `holder_mismatch`.
    pub fn check(
        &self,
        dcc: &DccVerifier,
        text: &str,
        options: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let now = time(&option(options, "at")?)?;
        let passport = passport_option(&option(options, "passport")?)?;
        let checked = match dcc.0.verify_at(text, now) {
            Ok(verified) => {
                let view = self.0.decide(&verified, now, passport.as_ref());
                Checked {
                    outcome: view.decision,
                    codes: view.reasons.iter().map(|r| r.to_string()).collect(),
                    message: None,
                    view: View::Verified(view),
                }
            }
            Err(e) => {
                let code = e.code().as_str().to_string();
                Checked {
                    outcome: qrpass::policy::Outcome::Deny,
                    codes: vec![code.clone()],
                    message: Some(e.message().to_string()),
                    view: View::Refused {
                        decision: qrpass::policy::Outcome::Deny,
                        reasons: vec![code],
                    },
                }
            }
        };
        object(&checked)
    }
}

/// A passport from `{surname, given, dob}`; `undefined`/`null` for none.
fn passport_option(value: &JsValue) -> Result<Option<Passport>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let field = |name: &str| -> Result<String, JsValue> {
        option(value, name)?.as_string().ok_or_else(|| {
            error_with(
                ErrorCode::InvalidArgument,
                format!("a passport is {{surname, given, dob}}: `{name}` is not a string"),
            )
        })
    };
    Ok(Some(Passport {
        surname: field("surname")?,
        given: field("given")?,
        dob: js(field("dob")?.parse())?,
    }))
}
