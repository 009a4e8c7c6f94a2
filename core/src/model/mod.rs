//! The pass models: [`Permit`], [`Declaration`], [`InfectionStatus`] and [`SupportEntitlement`].
//!
//! Every model validates and normalises itself when issued (NFC text, ID number
//! rules, dates, validity window) and maps to a CBOR map with small integer keys
//! (SPEC.md §4). The pipeline is generic over [`PassModel`]: adding a kind means
//! adding its module, a [`PassKind`] number and a [`Pass`] variant.

mod area;
mod declaration;
mod enums;
mod permit;
mod person;
mod rules;
mod status;
mod support;
mod test_record;
#[cfg(test)]
mod tests;
mod validity;

use ciborium::value::Value;
use serde::{Deserialize, Serialize};

pub use area::AreaCode;
pub use person::{IdDocument, IdKind, Person};
pub use rules::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
pub use test_record::{TestKind, TestOutcome, TestRecord};
pub use validity::{DateRange, Validity};

pub(crate) use area::area_from;
pub use declaration::{Declaration, Exposure, Symptom, Vaccination};
pub(crate) use enums::{enum_field, wire_enum};
pub use permit::{Permit, PurposeKind, Route, MAX_AREAS};
pub(crate) use rules::{check_date, clean_opt_text, clean_text};
pub use status::{Classification, InfectionStatus, Isolation, IsolationPlace};
pub use support::{SupportCategory, SupportEntitlement, MAX_AMOUNT_VND};

use crate::error::{err, ErrorCode, Result};
use crate::wire::cbor::{MapReader, MapWriter};

wire_enum! {
    /// The kind of pass; key 0 of the pass map.
    pub enum PassKind [UnknownKind] {
        /// A travel permit.
        Permit = 1 => "permit",
        /// A health declaration.
        Declaration = 2 => "declaration",
        /// An infection status.
        InfectionStatus = 3 => "infection_status",
        /// A support-policy entitlement.
        SupportEntitlement = 4 => "support_entitlement",
    }
}

impl PassKind {
    /// The JSON field of this kind's pass that holds its [`Person`] (the one
    /// [`Pass::person`] returns): `holder`, `declarant`, `person` or `beneficiary`.
    pub fn person_field(self) -> &'static str {
        match self {
            PassKind::Permit => "holder",
            PassKind::Declaration => "declarant",
            PassKind::InfectionStatus => "person",
            PassKind::SupportEntitlement => "beneficiary",
        }
    }
}

/// What every pass model provides to the generic issue and verify pipeline.
pub(crate) trait PassModel: Sized {
    /// The kind number written at key 0.
    const KIND: PassKind;
    /// Checks every rule and normalises text; called on issue.
    fn validate(&mut self) -> Result<()>;
    /// The validity window, which becomes `nbf`/`exp`.
    fn validity(&self) -> Validity;
    /// Writes the fields from key 1 upwards.
    fn encode(&self, w: &mut MapWriter);
    /// Reads the fields; the caller checks for leftover keys.
    fn decode(m: &mut MapReader, validity: Validity) -> Result<Self>;
}

/// A pass of any kind. In JSON, the `kind` field says which.
///
/// ```
/// let json = r#"{"kind": "permit", "number": "HCM-1", "holder": {"name": "Nguyễn Văn An",
///   "id": {"kind": "cccd", "number": "079201001234"}}, "purpose": "work",
///   "areas": ["79.760"], "authority": "UBND P. Bến Nghé",
///   "validity": {"from": "2021-09-01T00:00:00+07:00", "until": "2021-09-30T23:59:59+07:00"}}"#;
/// let mut pass = qrpass::Pass::from_json(json)?;
/// pass.validate()?;
/// assert_eq!(pass.kind(), qrpass::PassKind::Permit);
/// # Ok::<(), qrpass::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pass {
    /// A travel permit.
    Permit(Permit),
    /// A health declaration.
    Declaration(Declaration),
    /// An infection status.
    InfectionStatus(InfectionStatus),
    /// A support-policy entitlement.
    SupportEntitlement(SupportEntitlement),
}

/// Runs `$body` with `$p` bound to the model inside any [`Pass`].
macro_rules! with_model {
    ($pass:expr, $p:ident => $body:expr) => {
        match $pass {
            Pass::Permit($p) => $body,
            Pass::Declaration($p) => $body,
            Pass::InfectionStatus($p) => $body,
            Pass::SupportEntitlement($p) => $body,
        }
    };
}

fn decode_model<M: PassModel>(
    m: &mut MapReader,
    validity: Validity,
    wrap: fn(M) -> Pass,
) -> Result<Pass> {
    M::decode(m, validity).map(wrap)
}

impl Pass {
    /// Which kind of pass this is.
    pub fn kind(&self) -> PassKind {
        match self {
            Pass::Permit(_) => Permit::KIND,
            Pass::Declaration(_) => Declaration::KIND,
            Pass::InfectionStatus(_) => InfectionStatus::KIND,
            Pass::SupportEntitlement(_) => SupportEntitlement::KIND,
        }
    }

    /// When the pass is valid.
    pub fn validity(&self) -> Validity {
        with_model!(self, p => p.validity())
    }

    /// The person the pass is about (holder, declarant, person or beneficiary).
    pub fn person(&self) -> &Person {
        match self {
            Pass::Permit(p) => &p.holder,
            Pass::Declaration(d) => &d.declarant,
            Pass::InfectionStatus(s) => &s.person,
            Pass::SupportEntitlement(s) => &s.beneficiary,
        }
    }

    /// Checks every rule of the model and normalises it (NFC text, upper-case ID numbers, ...).
    ///
    /// Issuing calls this; call it yourself to validate a pass before issuing.
    pub fn validate(&mut self) -> Result<()> {
        with_model!(self, p => p.validate())
    }

    /// Reads a pass from JSON (the shape of `spec/vectors` and `qrpass issue`).
    pub fn from_json(json: &str) -> Result<Pass> {
        serde_json::from_str(json).map_err(|e| err!(BadJson, "pass JSON: {e}"))
    }

    /// Writes the pass as JSON.
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The pass map: `{0: kind, 1..: fields}`.
    pub(crate) fn to_cbor(&self) -> Value {
        let mut w = MapWriter::new();
        w.put(0, self.kind().wire());
        with_model!(self, p => p.encode(&mut w));
        w.build()
    }

    /// Reads a pass map; `validity` comes from the `nbf`/`exp` claims.
    pub(crate) fn from_cbor(value: Value, validity: Validity) -> Result<Pass> {
        let mut m = MapReader::new(value, ErrorCode::BadPass, "pass")?;
        let kind_number = m.uint(0)?;
        let kind = PassKind::from_wire(kind_number)
            .ok_or_else(|| err!(UnknownKind, "pass kind {kind_number} is unknown"))?;
        let pass = match kind {
            PassKind::Permit => decode_model(&mut m, validity, Pass::Permit),
            PassKind::Declaration => decode_model(&mut m, validity, Pass::Declaration),
            PassKind::InfectionStatus => decode_model(&mut m, validity, Pass::InfectionStatus),
            PassKind::SupportEntitlement => {
                decode_model(&mut m, validity, Pass::SupportEntitlement)
            }
        }?;
        m.finish()?;
        Ok(pass)
    }
}

impl From<Permit> for Pass {
    fn from(p: Permit) -> Pass {
        Pass::Permit(p)
    }
}
impl From<Declaration> for Pass {
    fn from(p: Declaration) -> Pass {
        Pass::Declaration(p)
    }
}
impl From<InfectionStatus> for Pass {
    fn from(p: InfectionStatus) -> Pass {
        Pass::InfectionStatus(p)
    }
}
impl From<SupportEntitlement> for Pass {
    fn from(p: SupportEntitlement) -> Pass {
        Pass::SupportEntitlement(p)
    }
}

#[cfg(test)]
mod enum_name_tests {
    use super::*;

    fn serde_name<T: serde::Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    macro_rules! names_agree {
        ($($t:ty),*) => {$(
            for &v in <$t>::ALL {
                assert_eq!(v.as_str(), serde_name(v), "{v:?}");
                assert_eq!(v.as_str().parse::<$t>().ok(), Some(v));
                assert_eq!(v.to_string(), v.as_str());
            }
            assert!("No Such".parse::<$t>().is_err());
        )*};
    }

    #[test]
    fn enum_names_are_the_serde_names_and_parse_back() {
        names_agree!(
            PassKind,
            IdKind,
            TestKind,
            TestOutcome,
            Symptom,
            Exposure,
            PurposeKind,
            Classification,
            IsolationPlace,
            SupportCategory
        );
        assert_eq!(
            "x".parse::<PassKind>().map_err(|e| e.code()),
            Err(ErrorCode::UnknownKind)
        );
        assert_eq!(
            "x".parse::<Symptom>().map_err(|e| e.code()),
            Err(ErrorCode::InvalidArgument)
        );
    }
}
