//! Citizen ID cards (CCCD) for Kotlin and Swift: parse the card's QR text,
//! classify scanned codes, bind a verified pass to the card.
//!
//! `IdCard` is an object, not a record, so that a Kotlin data class or Swift
//! struct `toString()` never prints the address into a log: `masked_json()` is
//! what may be shown.

use std::sync::Arc;

use crate::{QrpassError, Result, VerifiedPass};

/// A parsed ID card.
#[derive(uniffi::Object)]
pub struct IdCard(pub(crate) qrpass::IdCard);

#[uniffi::export]
impl IdCard {
    /// Parses a card's QR text (`bad_id_card`, `empty_input`, `input_too_large`).
    #[uniffi::constructor]
    pub fn parse(text: String) -> Result<Arc<Self>> {
        Ok(Arc::new(IdCard(qrpass::IdCard::parse(&text)?)))
    }

    /// Reads a card from its QR text as bytes, or from a PNG/JPEG photo of it.
    #[uniffi::constructor]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Arc<Self>> {
        Ok(Arc::new(IdCard(qrpass::IdCard::from_bytes(&bytes)?)))
    }

    /// The 12-digit CCCD number.
    pub fn number(&self) -> String {
        self.0.number.clone()
    }

    /// The old CMND number, if the card carries one.
    pub fn old_number(&self) -> Option<String> {
        self.0.old_number.clone()
    }

    /// The full name (NFC).
    pub fn name(&self) -> String {
        self.0.name.clone()
    }

    /// The birth date, `YYYY-MM-DD`.
    pub fn birth_date(&self) -> String {
        self.0.birth_date.to_string()
    }

    /// `male` or `female`.
    pub fn sex(&self) -> String {
        self.0.sex.as_str().into()
    }

    /// The permanent address: never put it in a view, a log or a tally.
    pub fn address(&self) -> String {
        self.0.address.clone()
    }

    /// The card's issue date, `YYYY-MM-DD`.
    pub fn issue_date(&self) -> String {
        self.0.issue_date.to_string()
    }

    /// Whether the number disagrees with the birth date or sex.
    pub fn inconsistent_number(&self) -> bool {
        self.0.inconsistent_number
    }

    /// Which parts disagree: `province`, `sex`, `century`, `birth_year`.
    pub fn number_conflicts(&self) -> Vec<String> {
        let conflicts = self.0.number_conflicts.iter();
        conflicts.map(|c| c.as_str().to_string()).collect()
    }

    /// What may be shown, as JSON: numbers masked, no address, no issue date.
    pub fn masked_json(&self) -> String {
        serde_json::to_string(&self.0.masked()).unwrap_or_default()
    }

    /// Every field as JSON, as in spec/vectors' `idcard_*` files.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// A declaration by the card's holder as pass JSON (for `Issuer.issueJson`),
    /// pre-filled and valid 24 hours: the officer adds the answers, then issues it.
    pub fn declaration_json(
        &self,
        checkpoint: String,
        declared_at_unix_seconds: i64,
        origin: String,
        destination: String,
    ) -> Result<String> {
        let d = self.0.declaration(
            &checkpoint,
            qrpass::Timestamp(declared_at_unix_seconds),
            origin.parse()?,
            destination.parse()?,
        );
        Ok(qrpass::Pass::Declaration(d).to_json())
    }
}

/// How a verified pass compares with an ID card.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct Binding {
    /// `match`, `old_id_match` or `mismatch`.
    pub id: String,
    /// `exact`, `equivalent`, `marks_only` or `mismatch`.
    pub name: String,
    /// `match`, `mismatch` or `absent`.
    pub birth_date: String,
    /// `match`, `marks_only` or `mismatch`.
    pub summary: String,
}

/// What a scanned text is: `pass`, `trust_list`, `revocation_list`, `policy`,
/// `other_signed`, `id_card`, `eu_dcc` or `unknown`.
#[uniffi::export]
pub fn classify(text: String) -> String {
    qrpass::classify(&text).as_str().into()
}

/// Binds a verified pass (from `Verifier.verify`) to an ID card.
#[uniffi::export]
pub fn bind(verified: VerifiedPass, card: Arc<IdCard>) -> Result<Binding> {
    let json: serde_json::Value = serde_json::from_str(&verified.json).map_err(|e| {
        QrpassError::from(qrpass::Error::new(
            qrpass::ErrorCode::BadJson,
            e.to_string(),
        ))
    })?;
    let pass = &json["pass"];
    let person = qrpass::binding::person_of_pass(pass["kind"].as_str(), |field| {
        pass.get(field).map(|p| p.to_string())
    })?;
    let b = qrpass::binding::bind_person(&person, &card.0);
    Ok(Binding {
        id: b.id.as_str().into(),
        name: b.name.as_str().into(),
        birth_date: b.birth_date.as_str().into(),
        summary: b.summary.as_str().into(),
    })
}
