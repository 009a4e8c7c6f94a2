//! CWT claims (RFC 8392) with the pass in a private-use claim.
//!
//! ```cddl
//! Claims = {
//!     1 => tstr,            ; iss: issuer id, e.g. "VN-HN"
//!     4 => uint,            ; exp
//!     ? 5 => uint,          ; nbf; absent means nbf = iat
//!     6 => uint,            ; iat
//!     7 => bstr .size (1..32), ; cti: token id
//!     -65537 => PassMap,    ; the pass
//!     * (int .lt -65537) => any  ; private extension claims, ignored
//! }
//! ```

use ciborium::value::{Integer, Value};

use crate::error::{err, ErrorCode, Result};
use crate::model::{Pass, Validity};
use crate::time::Timestamp;
use crate::wire::cbor::{self, MapReader};

/// Claim key of the pass (first private-use CWT claim key).
pub const CLAIM_PASS: i64 = -65537;
/// Longest token id accepted.
pub use crate::cti::MAX_CTI_LEN;

/// The claims of a token, with its pass decoded.
#[derive(Clone, Debug, PartialEq)]
pub struct Claims {
    /// Issuer id (`iss`).
    pub iss: String,
    /// Issue time (`iat`).
    pub iat: Timestamp,
    /// Token id (`cti`).
    pub cti: Vec<u8>,
    /// The pass; its validity window holds `nbf` and `exp`.
    pub pass: Pass,
}

/// Encodes claims as canonical CBOR (keys in ascending order of their encoding).
pub fn encode(claims: &Claims) -> Vec<u8> {
    let v = claims.pass.validity();
    let int = |i: i64| Value::Integer(Integer::from(i));
    // Deterministic order: unsigned keys ascending, then negative keys.
    // nbf is left out when it equals iat (RFC 8392: valid from issue), saving 6 bytes.
    let mut map = vec![
        (int(1), Value::Text(claims.iss.clone())),
        (int(4), cbor::timestamp_value(v.until)),
    ];
    if v.from != claims.iat {
        map.push((int(5), cbor::timestamp_value(v.from)));
    }
    map.extend([
        (int(6), cbor::timestamp_value(claims.iat)),
        (int(7), Value::Bytes(claims.cti.clone())),
        (int(CLAIM_PASS), claims.pass.to_cbor()),
    ]);
    let map = Value::Map(map);
    cbor::encode(&map)
}

/// Decodes claims strictly: every claim present and typed, no unknown claims above the extension range.
pub fn decode(payload: &[u8]) -> Result<Claims> {
    let value = cbor::decode(payload, ErrorCode::BadClaims)?;
    let mut m = MapReader::new(value, ErrorCode::BadClaims, "the claims")?;
    let iss = m.text(1)?;
    let exp = m.timestamp(4)?;
    let nbf = m.take(5).map(|v| m.to_timestamp(5, v)).transpose()?;
    let iat = m.timestamp(6)?;
    let nbf = nbf.unwrap_or(iat);
    let cti = m.bytes(7)?;
    if cti.is_empty() || cti.len() > MAX_CTI_LEN {
        return Err(err!(
            BadClaims,
            "the token id has {} bytes, not 1 to {MAX_CTI_LEN}",
            cti.len()
        ));
    }
    let pass_value = m.required(CLAIM_PASS)?;
    if let Some(k) = m.leftover_keys().find(|&k| k >= CLAIM_PASS) {
        return Err(err!(BadClaims, "the claims have unknown claim {k}"));
    }
    let pass = Pass::from_cbor(
        pass_value,
        Validity {
            from: nbf,
            until: exp,
        },
    )?;
    Ok(Claims {
        iss,
        iat,
        cti,
        pass,
    })
}
