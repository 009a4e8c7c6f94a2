//! Issuing from the typed pass records (the ones `Verifier.verify` returns),
//! Ed25519 keys (generate, seed, PEM, kid) and SVG rendering.
//!
//! A record becomes the pass JSON of spec/examples and then a core
//! [`qrpass::Pass`], so it gets exactly the core's validation and normal form.

use std::sync::Arc;

use qrpass::time::VIETNAM_OFFSET_SECONDS;
use qrpass::{ErrorCode, Timestamp};
use serde_json::{json, Map, Value};

use crate::models::{Pass, Person, TestRecord, Validity};
use crate::{Issuer, QrpassError, Result};

/// An Ed25519 issuer private key.
#[derive(uniffi::Object)]
pub struct PrivateKey(qrpass::PrivateKey);

#[uniffi::export]
impl PrivateKey {
    /// A new random key (the platform's secure random source).
    #[uniffi::constructor]
    pub fn generate() -> Result<Arc<Self>> {
        Ok(Arc::new(PrivateKey(qrpass::PrivateKey::generate()?)))
    }

    /// The key of a 32-byte seed (fixed test keys); `bad_key` for another length.
    #[uniffi::constructor]
    pub fn from_seed(seed: Vec<u8>) -> Result<Arc<Self>> {
        let seed: [u8; 32] = seed.as_slice().try_into().map_err(|_| {
            QrpassError::from(qrpass::Error::new(
                ErrorCode::BadKey,
                format!("a seed is 32 bytes, not {}", seed.len()),
            ))
        })?;
        Ok(Arc::new(PrivateKey(qrpass::PrivateKey::from_seed(&seed))))
    }

    /// A key from its PKCS#8 PEM text; `bad_key` when it is not one.
    #[uniffi::constructor]
    pub fn from_pem(pem: String) -> Result<Arc<Self>> {
        Ok(Arc::new(PrivateKey(qrpass::PrivateKey::from_pem(&pem)?)))
    }

    /// The PKCS#8 PEM text of the key.
    pub fn to_pem(&self) -> Result<String> {
        Ok(self.0.to_pem()?.as_str().to_string())
    }

    /// The public key as SPKI PEM text.
    pub fn public_key_pem(&self) -> String {
        self.0.public_key().to_pem()
    }

    /// The public key's 32 raw bytes.
    pub fn public_key(&self) -> Vec<u8> {
        self.0.public_key().to_bytes().to_vec()
    }

    /// The key id (kid) in hex.
    pub fn kid(&self) -> String {
        self.0.public_key().kid().to_hex()
    }
}

#[uniffi::export]
impl Issuer {
    /// An issuer signing with `key` as `issuer_id`.
    #[uniffi::constructor]
    pub fn with_key(key: Arc<PrivateKey>, issuer_id: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Issuer(qrpass::Issuer::new(
            key.0.clone(),
            &issuer_id,
        )?)))
    }

    /// The signing key's kid in hex.
    pub fn kid(&self) -> String {
        self.0.kid().to_hex()
    }

    /// Signs a typed pass (issued now, random token id) and returns its `VN1:` text.
    pub fn issue(&self, pass: Pass) -> Result<String> {
        Ok(self.0.issue(&core_pass(&pass)?)?)
    }

    /// Signs a typed pass with a fixed issue time and token id (hex):
    /// deterministic, the same text for the same inputs.
    pub fn issue_with(
        &self,
        pass: Pass,
        issued_at_unix_seconds: i64,
        cti_hex: String,
    ) -> Result<String> {
        let cti = qrpass::cti::from_hex(&cti_hex)?;
        Ok(self
            .0
            .issue_with(&core_pass(&pass)?, Timestamp(issued_at_unix_seconds), &cti)?)
    }
}

/// The QR code of `text` as an SVG document; `ecc` is `L`, `M`, `Q` or `H`.
#[uniffi::export]
pub fn render_svg(text: String, ecc: String) -> Result<String> {
    let options = qrpass::qr::RenderOptions {
        ecc: ecc.parse()?,
        ..Default::default()
    };
    Ok(qrpass::qr::encode(&text, &options)?.to_svg())
}

/// The core pass of a record, through the JSON of spec/examples.
pub(crate) fn core_pass(pass: &Pass) -> Result<qrpass::Pass> {
    Ok(qrpass::Pass::from_json(&pass_json(pass).to_string())?)
}

fn instant(seconds: i64) -> String {
    Timestamp(seconds).to_rfc3339_at(VIETNAM_OFFSET_SECONDS)
}

fn validity(v: &Validity) -> Value {
    json!({"from": instant(v.from), "until": instant(v.until)})
}

fn person(p: &Person) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(p.name));
    m.insert(
        "id".into(),
        json!({"kind": p.id.kind, "number": p.id.number}),
    );
    put(&mut m, "birth_date", &p.birth_date);
    put(&mut m, "phone", &p.phone);
    Value::Object(m)
}

fn test(t: &TestRecord) -> Value {
    json!({"kind": t.kind, "result": t.result, "date": t.date})
}

fn put<T: serde::Serialize>(m: &mut Map<String, Value>, key: &str, value: &Option<T>) {
    if let Some(v) = value {
        m.insert(key.into(), json!(v));
    }
}

/// The pass JSON (spec/examples shape) of a record.
fn pass_json(pass: &Pass) -> Value {
    let mut m = Map::new();
    match pass {
        Pass::Permit { permit: p } => {
            m.insert("kind".into(), json!("permit"));
            m.insert("number".into(), json!(p.number));
            m.insert("holder".into(), person(&p.holder));
            put(&mut m, "organisation", &p.organisation);
            m.insert("purpose".into(), json!(p.purpose));
            put(&mut m, "purpose_detail", &p.purpose_detail);
            m.insert("areas".into(), json!(p.areas));
            if p.route_from.is_some() || p.route_to.is_some() {
                m.insert(
                    "route".into(),
                    json!({"from": p.route_from, "to": p.route_to}),
                );
            }
            put(&mut m, "vehicle_plate", &p.vehicle_plate);
            put(&mut m, "authority", &p.authority);
            m.insert("validity".into(), validity(&p.validity));
        }
        Pass::Declaration { declaration: d } => {
            m.insert("kind".into(), json!("declaration"));
            m.insert("declarant".into(), person(&d.declarant));
            m.insert("declared_at".into(), json!(instant(d.declared_at)));
            m.insert("checkpoint".into(), json!(d.checkpoint));
            m.insert("origin".into(), json!(d.origin));
            m.insert("destination".into(), json!(d.destination));
            m.insert("symptoms".into(), json!(d.symptoms));
            m.insert("exposures".into(), json!(d.exposures));
            if d.vaccination_doses.is_some() || d.vaccination_last_dose.is_some() {
                let mut v = Map::new();
                put(&mut v, "doses", &d.vaccination_doses);
                put(&mut v, "last_dose", &d.vaccination_last_dose);
                m.insert("vaccination".into(), Value::Object(v));
            }
            if let Some(t) = &d.test {
                m.insert("test".into(), test(t));
            }
            m.insert("validity".into(), validity(&d.validity));
        }
        Pass::InfectionStatus { status: s } => {
            m.insert("kind".into(), json!("infection_status"));
            m.insert("person".into(), person(&s.person));
            m.insert("classification".into(), json!(s.classification));
            m.insert("since".into(), json!(s.since));
            if s.isolation_place.is_some() || s.isolation_until.is_some() {
                m.insert(
                    "isolation".into(),
                    json!({"place": s.isolation_place, "until": s.isolation_until}),
                );
            }
            if let Some(t) = &s.test {
                m.insert("test".into(), test(t));
            }
            put(&mut m, "case_ref", &s.case_ref);
            m.insert("validity".into(), validity(&s.validity));
        }
        Pass::SupportEntitlement { entitlement: e } => {
            m.insert("kind".into(), json!("support_entitlement"));
            m.insert("beneficiary".into(), person(&e.beneficiary));
            m.insert("case_number".into(), json!(e.case_number));
            m.insert("category".into(), json!(e.category));
            put(&mut m, "category_detail", &e.category_detail);
            m.insert("residence".into(), json!(e.residence));
            m.insert("amount_vnd".into(), json!(e.amount_vnd));
            m.insert(
                "period".into(),
                json!({"from": e.period_from, "until": e.period_until}),
            );
            m.insert("validity".into(), validity(&e.validity));
        }
    }
    Value::Object(m)
}
