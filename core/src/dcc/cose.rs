//! COSE_Sign1 (RFC 9052) as DCC issuers produce it: tagged (18, optionally
//! inside the CWT tag 61) or untagged; the kid in the protected header or, as
//! the DCC specification allows, in the unprotected one. The algorithm must be
//! protected. The signature is checked over the protected bytes as received.

use ciborium::Value;

use super::cbor_gate;
use crate::error::{err, Result};

/// COSE algorithm ECDSA with SHA-256 on P-256.
pub const ALG_ES256: i64 = -7;
/// COSE algorithm RSASSA-PSS with SHA-256.
pub const ALG_PS256: i64 = -37;
/// COSE algorithm EdDSA (Ed25519 here).
pub const ALG_EDDSA: i64 = -8;

const TAG_SIGN1: u64 = 18;
const TAG_CWT: u64 = 61;
const LABEL_ALG: i128 = 1;
const LABEL_KID: i128 = 4;

/// A parsed COSE_Sign1 envelope of a DCC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sign1 {
    /// The protected header's bytes, as received.
    pub protected: Vec<u8>,
    /// The algorithm (protected header, label 1).
    pub alg: i64,
    /// The key id (label 4), from the protected header or else the unprotected one.
    pub kid: Vec<u8>,
    /// Whether the kid came from the unprotected header.
    pub kid_unprotected: bool,
    /// The payload (CWT claims).
    pub payload: Vec<u8>,
    /// The signature.
    pub signature: Vec<u8>,
}

impl Sign1 {
    /// The bytes the signature covers: `["Signature1", protected, h'', payload]`.
    pub fn to_be_signed(&self) -> Vec<u8> {
        let structure = Value::Array(vec![
            Value::Text("Signature1".into()),
            Value::Bytes(self.protected.clone()),
            Value::Bytes(Vec::new()),
            Value::Bytes(self.payload.clone()),
        ]);
        let mut out = Vec::with_capacity(self.protected.len() + self.payload.len() + 24);
        // Writing CBOR to a Vec cannot fail.
        let _ = ciborium::into_writer(&structure, &mut out);
        out
    }
}

/// Decodes one bounded CBOR item (the gate first, then ciborium).
pub(crate) fn value(bytes: &[u8], what: &str) -> Result<Value> {
    cbor_gate::check(bytes)?;
    ciborium::from_reader(bytes).map_err(|e| err!(BadCbor, "the {what} is not CBOR: {e}"))
}

/// Parses a DCC's COSE_Sign1 bytes.
pub fn parse(bytes: &[u8]) -> Result<Sign1> {
    let mut v = value(bytes, "COSE envelope")?;
    if let Value::Tag(TAG_CWT, inner) = v {
        v = *inner;
    }
    let v = match v {
        Value::Tag(TAG_SIGN1, inner) => *inner,
        Value::Tag(tag, _) => {
            return Err(err!(
                BadTag,
                "the envelope carries tag {tag}, not 18 (COSE_Sign1)"
            ))
        }
        other => other,
    };
    let Value::Array(items) = v else {
        return Err(err!(BadCose, "the envelope is not a CBOR array"));
    };
    let [protected, unprotected, payload, signature]: [Value; 4] = items
        .try_into()
        .map_err(|_| err!(BadCose, "a COSE_Sign1 has four items"))?;
    let (
        Value::Bytes(protected),
        Value::Map(unprotected),
        Value::Bytes(payload),
        Value::Bytes(signature),
    ) = (protected, unprotected, payload, signature)
    else {
        return Err(err!(
            BadCose,
            "the COSE_Sign1 items have the wrong types (or a detached payload)"
        ));
    };
    let protected_map = if protected.is_empty() {
        Vec::new()
    } else {
        match value(&protected, "protected header")? {
            Value::Map(m) => m,
            _ => return Err(err!(BadHeader, "the protected header is not a map")),
        }
    };
    let alg_value = match label(&protected_map, LABEL_ALG)? {
        Some(v) => Some(v),
        None if protected_map.is_empty() => label(&unprotected, LABEL_ALG)?,
        None => None,
    };
    let alg = match alg_value {
        Some(Value::Integer(i)) => {
            i64::try_from(i128::from(*i)).map_err(|_| err!(UnsupportedAlg, "alg out of range"))?
        }
        Some(_) => return Err(err!(BadHeader, "alg is not an integer")),
        None => return Err(err!(UnsupportedAlg, "the envelope has no alg")),
    };
    let (kid, kid_unprotected) = match label(&protected_map, LABEL_KID)? {
        Some(k) => (kid_bytes(k)?, false),
        None => match label(&unprotected, LABEL_KID)? {
            Some(k) => (kid_bytes(k)?, true),
            None => return Err(err!(MissingKid, "neither header has a kid")),
        },
    };
    Ok(Sign1 {
        protected,
        alg,
        kid,
        kid_unprotected,
        payload,
        signature,
    })
}

fn label(map: &[(Value, Value)], wanted: i128) -> Result<Option<&Value>> {
    let mut found = None;
    for (k, v) in map {
        if matches!(k, Value::Integer(i) if i128::from(*i) == wanted) {
            if found.is_some() {
                return Err(err!(DuplicateKey, "a COSE header repeats label {wanted}"));
            }
            found = Some(v);
        }
    }
    Ok(found)
}

fn kid_bytes(v: &Value) -> Result<Vec<u8>> {
    match v {
        Value::Bytes(b) if !b.is_empty() && b.len() <= 32 => Ok(b.clone()),
        _ => Err(err!(
            MissingKid,
            "the kid is not a byte string of 1 to 32 bytes"
        )),
    }
}
