//! The travel permit (giấy đi đường).

use ciborium::value::Value;
use serde::{Deserialize, Serialize};

use super::{
    area_from, clean_opt_text, clean_text, wire_enum, AreaCode, Person, Validity, MAX_TEXT_CHARS,
};
use super::{PassKind, PassModel};
use crate::error::{err, Result};
use crate::wire::cbor::{MapReader, MapWriter};

/// Most areas one permit may list.
pub const MAX_AREAS: usize = 16;

wire_enum! {
    /// Why the holder travels.
    pub enum PurposeKind {
        /// Going to or from work.
        Work = 1 => "work",
        /// Medical care.
        Medical = 2 => "medical",
        /// Buying food, medicine and other essentials.
        EssentialShopping = 3 => "essential_shopping",
        /// Delivery work (shipper).
        Delivery = 4 => "delivery",
        /// Public duty (officials, volunteers).
        PublicDuty = 5 => "public_duty",
        /// An emergency.
        Emergency = 6 => "emergency",
        /// Another purpose, described in `purpose_detail`.
        Other = 7 => "other",
    }
}

/// A travel permit: who may travel, why, where, and when.
///
/// Wire keys (pass map, SPEC.md §4.1): 1 number, 2 holder, 3 organisation,
/// 4 purpose, 5 purpose detail, 6 areas, 7 route, 8 vehicle plate, 9 authority.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permit {
    /// The permit number given by the issuing office.
    pub number: String,
    /// Who may travel.
    pub holder: Person,
    /// Employer or organisation, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Why.
    pub purpose: PurposeKind,
    /// Free-text purpose; required when `purpose` is `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose_detail: Option<String>,
    /// Areas the holder may travel in (one or more).
    pub areas: Vec<AreaCode>,
    /// Optional fixed route, from one area to another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
    /// Vehicle registration plate, if the permit is for a vehicle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_plate: Option<String>,
    /// The issuing office when narrower than the issuer (`iss`), e.g. a ward People's Committee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// When the permit is valid (CWT `nbf`/`exp`).
    pub validity: Validity,
}

/// A fixed route between two areas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Start area.
    pub from: AreaCode,
    /// End area.
    pub to: AreaCode,
}

impl PassModel for Permit {
    const KIND: PassKind = PassKind::Permit;

    fn validate(&mut self) -> Result<()> {
        clean_text("permit number", &mut self.number, 40)?;
        self.holder.validate("holder")?;
        clean_opt_text("organisation", &mut self.organisation, MAX_TEXT_CHARS)?;
        clean_opt_text("purpose detail", &mut self.purpose_detail, MAX_TEXT_CHARS)?;
        if self.purpose == PurposeKind::Other && self.purpose_detail.is_none() {
            return Err(err!(MissingField, "purpose `other` needs a purpose_detail"));
        }
        if self.areas.is_empty() {
            return Err(err!(MissingField, "a permit needs at least one area"));
        }
        if self.areas.len() > MAX_AREAS {
            return Err(err!(
                InvalidArea,
                "a permit lists at most {MAX_AREAS} areas"
            ));
        }
        if let Some(plate) = &mut self.vehicle_plate {
            // Plates compare without punctuation: "51F-123.45" is stored as "51F12345".
            let compact: String = crate::upper::upper(
                &plate
                    .chars()
                    .filter(|c| !matches!(c, '-' | '.' | ' '))
                    .collect::<String>(),
            );
            if !(4..=12).contains(&compact.len())
                || !compact.bytes().all(|b| b.is_ascii_alphanumeric())
            {
                return Err(err!(
                    InvalidText,
                    "vehicle plate `{plate}` is not 4 to 12 letters and digits"
                ));
            }
            *plate = compact;
        }
        clean_opt_text("authority", &mut self.authority, MAX_TEXT_CHARS)?;
        self.validity.validate()
    }

    fn validity(&self) -> Validity {
        self.validity
    }

    fn encode(&self, w: &mut MapWriter) {
        w.put(1, self.number.as_str())
            .put(2, self.holder.to_cbor())
            .opt(3, self.organisation.as_deref())
            .put(4, self.purpose.wire())
            .opt(5, self.purpose_detail.as_deref())
            .put(
                6,
                Value::Array(
                    self.areas
                        .iter()
                        .map(|a| Value::Text(a.to_string()))
                        .collect(),
                ),
            )
            .opt(
                7,
                self.route.as_ref().map(|r| {
                    Value::Array(vec![
                        Value::Text(r.from.to_string()),
                        Value::Text(r.to.to_string()),
                    ])
                }),
            )
            .opt(8, self.vehicle_plate.as_deref())
            .opt(9, self.authority.as_deref());
    }

    fn decode(m: &mut MapReader, validity: Validity) -> Result<Self> {
        Ok(Permit {
            number: m.text(1)?,
            holder: Person::from_cbor(m.map(2, "holder")?)?,
            organisation: m.opt_text(3)?,
            purpose: super::enum_field(m, 4, PurposeKind::from_wire)?,
            purpose_detail: m.opt_text(5)?,
            areas: m
                .array(6)?
                .into_iter()
                .map(area_from)
                .collect::<Result<_>>()?,
            route: m
                .opt_array(7)?
                .map(|pair| match <[Value; 2]>::try_from(pair) {
                    Ok([from, to]) => Ok(Route {
                        from: area_from(from)?,
                        to: area_from(to)?,
                    }),
                    Err(_) => Err(err!(BadPass, "route is not a pair of areas")),
                })
                .transpose()?,
            vehicle_plate: m.opt_text(8)?,
            authority: m.opt_text(9)?,
            validity,
        })
    }
}
