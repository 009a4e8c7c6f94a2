//! Payout points: who pays, and the key that signs their receipts and exports.

use std::collections::HashMap;

use qrpass::keys::hex_decode;
use qrpass::{Error, ErrorCode, PrivateKey, PublicKey, Result};
use serde::Deserialize;

/// The longest payout point id.
pub const MAX_POINT_ID: usize = 64;

/// A payout point: its id and its Ed25519 signing key.
#[derive(Debug)]
pub struct PayoutPoint {
    id: String,
    key: PrivateKey,
}

impl PayoutPoint {
    /// A point with `id` (1–64 of `A-Z a-z 0-9 . _ -`, else `invalid_argument`) signing with `key`.
    ///
    /// ```
    /// use qrpass::PrivateKey;
    /// use qrpass_ledger::PayoutPoint;
    /// let point = PayoutPoint::new("HCM-Q1-01", PrivateKey::from_seed(&[1; 32])).unwrap();
    /// assert_eq!(point.id(), "HCM-Q1-01");
    /// assert!(PayoutPoint::new("bad id", PrivateKey::from_seed(&[1; 32])).is_err());
    /// ```
    pub fn new(id: &str, key: PrivateKey) -> Result<PayoutPoint> {
        check_point_id(id)?;
        Ok(PayoutPoint {
            id: id.to_owned(),
            key,
        })
    }

    /// The point's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The point's signing key.
    pub fn key(&self) -> &PrivateKey {
        &self.key
    }
}

/// Checks a payout point id: 1–64 characters of `A-Z a-z 0-9 . _ -`.
pub fn check_point_id(id: &str) -> Result<()> {
    let ok = (1..=MAX_POINT_ID).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("payout point id `{id}` is not 1-{MAX_POINT_ID} of A-Z a-z 0-9 . _ -"),
        ))
    }
}

/// The payout points a province knows, with their public keys: whom an import trusts.
#[derive(Clone, Debug, Default)]
pub struct PointRegistry {
    points: HashMap<String, Vec<PublicKey>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryJson {
    points: Vec<PointJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PointJson {
    id: String,
    public_key: String,
}

impl PointRegistry {
    /// An empty registry.
    pub fn new() -> PointRegistry {
        PointRegistry::default()
    }

    /// Adds `key` for point `id` (a point may have several keys over time).
    pub fn add(&mut self, id: &str, key: PublicKey) -> Result<()> {
        check_point_id(id)?;
        self.points.entry(id.to_owned()).or_default().push(key);
        Ok(())
    }

    /// Reads `{"points": [{"id": "...", "public_key": "<64 hex>"}]}`; `bad_json` or `bad_key`.
    pub fn from_json(text: &str) -> Result<PointRegistry> {
        let j: RegistryJson = serde_json::from_str(text)
            .map_err(|e| Error::new(ErrorCode::BadJson, format!("points registry: {e}")))?;
        let mut reg = PointRegistry::new();
        for p in j.points {
            let bytes = hex_decode(&p.public_key).ok_or_else(|| {
                Error::new(ErrorCode::BadKey, format!("point {}: key is not hex", p.id))
            })?;
            reg.add(&p.id, PublicKey::from_bytes(&bytes)?)?;
        }
        Ok(reg)
    }

    /// The key of `id` with these raw bytes, if registered; `unknown_point` otherwise.
    pub fn key(&self, id: &str, raw: &[u8; 32]) -> Result<&PublicKey> {
        self.points
            .get(id)
            .and_then(|keys| keys.iter().find(|k| &k.to_bytes() == raw))
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownPoint,
                    format!("payout point `{id}` with this key is not in the registry"),
                )
            })
    }
}
