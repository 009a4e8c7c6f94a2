//! Infection status: F0 confirmed, F1/F2/F3 contacts, recovered, negative.

use serde::{Deserialize, Serialize};

use super::{check_date, clean_opt_text, enum_field, wire_enum, Person, TestRecord, Validity};
use super::{PassKind, PassModel};
use crate::error::Result;
use crate::time::Date;
use crate::wire::cbor::{self, MapReader, MapWriter};

wire_enum! {
    /// The epidemiological classification of a person.
    pub enum Classification {
        /// F0: a confirmed case.
        F0 = 0 => "f0",
        /// F1: a close contact of an F0.
        F1 = 1 => "f1",
        /// F2: a contact of an F1.
        F2 = 2 => "f2",
        /// F3: a contact of an F2.
        F3 = 3 => "f3",
        /// Recovered from Covid-19.
        Recovered = 4 => "recovered",
        /// Tested negative, not a contact.
        Negative = 5 => "negative",
    }
}

wire_enum! {
    /// Where a person is isolated.
    pub enum IsolationPlace {
        /// At home.
        Home = 1 => "home",
        /// In a concentrated isolation facility.
        Facility = 2 => "facility",
        /// In hospital.
        Hospital = 3 => "hospital",
    }
}

/// An isolation order: where, and until when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Isolation {
    /// Where.
    pub place: IsolationPlace,
    /// Last day of isolation (inclusive).
    pub until: Date,
}

/// A person's infection status as recorded by the health authority.
///
/// Wire keys (SPEC.md §4.3): 1 person, 2 classification, 3 since, 4 isolation,
/// 5 test, 6 case reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InfectionStatus {
    /// Whose status.
    pub person: Person,
    /// F0, F1, F2, F3, recovered or negative.
    pub classification: Classification,
    /// Since when the classification holds.
    pub since: Date,
    /// Isolation order, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolation: Option<Isolation>,
    /// Latest test, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<TestRecord>,
    /// Reference of the linked case (for F1–F3: the source case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_ref: Option<String>,
    /// How long this status pass is valid (CWT `nbf`/`exp`).
    pub validity: Validity,
}

impl PassModel for InfectionStatus {
    const KIND: PassKind = PassKind::InfectionStatus;

    fn validate(&mut self) -> Result<()> {
        self.person.validate("person")?;
        check_date("status date", self.since)?;
        if let Some(iso) = &self.isolation {
            check_date("isolation end", iso.until)?;
            if iso.until < self.since {
                return Err(crate::error::err!(
                    InvertedValidity,
                    "isolation ends ({}) before the status starts ({})",
                    iso.until,
                    self.since
                ));
            }
        }
        if let Some(t) = &self.test {
            t.validate()?;
        }
        clean_opt_text("case reference", &mut self.case_ref, 40)?;
        self.validity.validate()
    }

    fn validity(&self) -> Validity {
        self.validity
    }

    fn encode(&self, w: &mut MapWriter) {
        w.put(1, self.person.to_cbor())
            .put(2, self.classification.wire())
            .put(3, cbor::date_value(self.since))
            .opt(
                4,
                self.isolation.map(|i| {
                    MapWriter::new()
                        .put(1, i.place.wire())
                        .put(2, cbor::date_value(i.until))
                        .build()
                }),
            )
            .opt(5, self.test.map(TestRecord::to_cbor))
            .opt(6, self.case_ref.as_deref());
    }

    fn decode(m: &mut MapReader, validity: Validity) -> Result<Self> {
        let isolation = match m.opt_map(4, "isolation")? {
            Some(mut i) => {
                let iso = Isolation {
                    place: enum_field(&mut i, 1, IsolationPlace::from_wire)?,
                    until: i.date(2)?,
                };
                i.finish()?;
                Some(iso)
            }
            None => None,
        };
        Ok(InfectionStatus {
            person: Person::from_cbor(m.map(1, "person")?)?,
            classification: enum_field(m, 2, Classification::from_wire)?,
            since: m.date(3)?,
            isolation,
            test: m
                .opt_map(5, "test")?
                .map(TestRecord::from_cbor)
                .transpose()?,
            case_ref: m.opt_text(6)?,
            validity,
        })
    }
}
