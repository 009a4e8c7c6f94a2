//! CWT claims of a DCC (RFC 8392): iss (1, the issuing country), iat (6), exp
//! (4) and the health-certificate claim hcert (-260), whose key 1 holds the EU DCC.

use ciborium::Value;

use super::cose::value;
use crate::error::{err, Result};
use crate::time::Timestamp;

const CLAIM_ISS: i128 = 1;
const CLAIM_EXP: i128 = 4;
const CLAIM_IAT: i128 = 6;
const CLAIM_HCERT: i128 = -260;
const HCERT_EU_DCC_V1: i128 = 1;

/// The claims a DCC verifier reads.
#[derive(Clone, Debug, PartialEq)]
pub struct DccClaims {
    /// Issuing country (ISO 3166-1 alpha-2), when present.
    pub iss: Option<String>,
    /// Signing time.
    pub iat: Timestamp,
    /// Expiry.
    pub exp: Timestamp,
    /// The EU DCC (hcert → 1), still as CBOR.
    pub dcc: Value,
}

/// Decodes the CWT claims from a COSE payload.
pub fn decode(payload: &[u8]) -> Result<DccClaims> {
    let Value::Map(claims) = value(payload, "CWT claims")? else {
        return Err(err!(BadClaims, "the CWT claims are not a map"));
    };
    let mut iss = None;
    let (mut iat, mut exp, mut hcert) = (None, None, None);
    for (k, v) in claims {
        let Value::Integer(k) = k else { continue };
        match i128::from(k) {
            CLAIM_ISS => iss = Some(text(v, "iss")?),
            CLAIM_IAT => iat = Some(time(v, "iat")?),
            CLAIM_EXP => exp = Some(time(v, "exp")?),
            CLAIM_HCERT => hcert = Some(v),
            _ => {}
        }
    }
    let Some(Value::Map(hcert)) = hcert else {
        return Err(err!(
            BadClaims,
            "the claims have no health certificate map (-260)"
        ));
    };
    let dcc = hcert
        .into_iter()
        .find(|(k, _)| matches!(k, Value::Integer(i) if i128::from(*i) == HCERT_EU_DCC_V1))
        .map(|(_, v)| v)
        .ok_or_else(|| err!(BadClaims, "the health certificate has no EU DCC (-260 → 1)"))?;
    Ok(DccClaims {
        iss,
        iat: iat.ok_or_else(|| err!(BadClaims, "the claims have no iat"))?,
        exp: exp.ok_or_else(|| err!(BadClaims, "the claims have no exp"))?,
        dcc,
    })
}

/// Decodes a DCC payload given on its own as CBOR (bounded, as every DCC input): a map.
pub fn decode_dcc_cbor(bytes: &[u8]) -> Result<Value> {
    match value(bytes, "DCC payload")? {
        map @ Value::Map(_) => Ok(map),
        _ => Err(err!(BadDcc, "the DCC payload is not a map")),
    }
}

fn text(v: Value, name: &str) -> Result<String> {
    match v {
        Value::Text(t) => Ok(t),
        _ => Err(err!(BadClaims, "{name} is not text")),
    }
}

/// A NumericDate: an integer, or a float (RFC 8392 allows fractions; some
/// issuers write them), read as its whole seconds.
fn time(v: Value, name: &str) -> Result<Timestamp> {
    let secs = match v {
        Value::Integer(i) => i64::try_from(i128::from(i)).ok(),
        Value::Float(f) if f.is_finite() && f.abs() < 1e15 => Some(f.floor() as i64),
        _ => None,
    };
    secs.map(Timestamp)
        .ok_or_else(|| err!(BadClaims, "{name} is not a NumericDate"))
}

/// The JSON form of a DCC's CBOR (as the DCC's JSON schema describes it): text
/// keys, integers and floats as numbers, byte strings as hex, tags dropped.
pub fn to_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Integer(i) => {
            let n = i128::from(*i);
            i64::try_from(n)
                .map(J::from)
                .unwrap_or_else(|_| J::from(n as f64))
        }
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::Text(t) => J::String(t.clone()),
        Value::Bytes(b) => J::String(crate::hex::encode(b)),
        Value::Bool(b) => J::Bool(*b),
        Value::Tag(_, inner) => to_json(inner),
        Value::Array(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => J::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        Value::Text(t) => t.clone(),
                        other => to_json(other).to_string(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        _ => J::Null,
    }
}
