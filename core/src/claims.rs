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
use crate::issue::check_issuer_id;
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

/// Decodes claims strictly, in the order of SPEC.md §8 step 4: the claims
/// (every claim present and typed, no unknown claim above the extension range,
/// the issuer-id pattern, times inside 2000..2100 and `nbf < exp`:
/// `bad_claims`), then the pass map (`unknown_kind`, `bad_pass`), then the
/// rules of SPEC.md §6 (`bad_pass`).
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
    check_issuer_id(&iss).map_err(|e| err!(BadClaims, "{}", e.message()))?;
    check_times(iat, nbf, exp)?;
    let pass = Pass::from_cbor(
        pass_value,
        Validity {
            from: nbf,
            until: exp,
        },
    )?;
    check_rules(&pass)?;
    Ok(Claims {
        iss,
        iat,
        cti,
        pass,
    })
}

/// Every time inside 2000-01-01 .. 2100-01-01 (UTC, end excluded) and a
/// window that is not empty or inverted (`nbf < exp`); `nbf < iat` is allowed
/// (a pass valid from the start of the day it was issued on).
fn check_times(iat: Timestamp, nbf: Timestamp, exp: Timestamp) -> Result<()> {
    for (name, t) in [("iat", iat), ("nbf", nbf), ("exp", exp)] {
        if !t.is_plausible() {
            return Err(err!(
                BadClaims,
                "{name} {} is outside 2000-01-01 .. 2100-01-01",
                t.0
            ));
        }
    }
    if exp <= nbf {
        return Err(err!(
            BadClaims,
            "the validity window is empty or inverted: exp {exp} is not after nbf {nbf}"
        ));
    }
    Ok(())
}

/// The rules of SPEC.md §6 hold on verify as on issue: the pass must be one an
/// issuer could have written, already validated and normalised.
fn check_rules(pass: &Pass) -> Result<()> {
    let mut normal = pass.clone();
    normal.validate().map_err(|e| {
        err!(
            BadPass,
            "the pass breaks a rule of SPEC.md §6 ({}): {}",
            e.code(),
            e.message()
        )
    })?;
    if &normal != pass {
        return Err(err!(
            BadPass,
            "the pass is not in normal form (SPEC.md §6: NFC text, normalised plates, phones, ID numbers and lists)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Permit;

    /// The example permit, validated, as claims issued at its validity start.
    fn claims() -> Claims {
        let mut pass = Pass::from_json(include_str!("../../spec/examples/permit.json"))
            .unwrap_or_else(|e| panic!("{e}"));
        pass.validate().unwrap_or_else(|e| panic!("{e}"));
        Claims {
            iss: "VN-SG".into(),
            iat: pass.validity().from,
            cti: b"claims-test".to_vec(),
            pass,
        }
    }

    fn permit(c: &mut Claims) -> &mut Permit {
        match &mut c.pass {
            Pass::Permit(p) => p,
            _ => unreachable!("the example is a permit"),
        }
    }

    fn code(c: &Claims) -> Option<ErrorCode> {
        decode(&encode(c)).err().map(|e| e.code())
    }

    #[test]
    fn the_example_round_trips() {
        let c = claims();
        assert_eq!(decode(&encode(&c)), Ok(c));
    }

    #[test]
    fn claim_rules_are_bad_claims() {
        let mut c = claims();
        c.iss = "vn-sg".into();
        assert_eq!(code(&c), Some(ErrorCode::BadClaims), "issuer pattern");
        let mut c = claims();
        c.iat = Timestamp(crate::time::MAX_TIMESTAMP);
        assert_eq!(code(&c), Some(ErrorCode::BadClaims), "iat at 2100-01-01");
        let mut c = claims();
        permit(&mut c).validity.until = Timestamp(crate::time::MAX_TIMESTAMP);
        assert_eq!(code(&c), Some(ErrorCode::BadClaims), "exp at 2100-01-01");
        let mut c = claims();
        let v = &mut permit(&mut c).validity;
        v.until = v.from;
        assert_eq!(code(&c), Some(ErrorCode::BadClaims), "empty window");
        let mut c = claims();
        let v = &mut permit(&mut c).validity;
        (v.from, v.until) = (v.until, v.from);
        c.iat = c.pass.validity().until;
        assert_eq!(code(&c), Some(ErrorCode::BadClaims), "inverted window");
    }

    #[test]
    fn nbf_before_iat_is_allowed() {
        let mut c = claims();
        c.iat = c.iat.add_seconds(3600);
        assert_eq!(code(&c), None);
    }

    #[test]
    fn pass_rules_are_bad_pass() {
        type Edit = fn(&mut Permit);
        let edits: [(&str, Edit); 5] = [
            ("17 areas", |p| p.areas = vec![p.areas[0].clone(); 17]),
            ("5-digit CCCD", |p| p.holder.id.number = "07920".into()),
            ("control character", |p| p.holder.name.push('\u{7}')),
            ("not NFC", |p| p.holder.name = "Nguye\u{302}\u{303}n".into()),
            ("plate not normalised", |p| {
                p.vehicle_plate = Some("51f-123.45".into())
            }),
        ];
        for (what, edit) in edits {
            let mut c = claims();
            edit(permit(&mut c));
            assert_eq!(code(&c), Some(ErrorCode::BadPass), "{what}");
        }
    }
}
