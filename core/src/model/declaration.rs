//! The health declaration made at a checkpoint (tờ khai y tế).

use serde::{Deserialize, Serialize};

use super::{area_from, check_date, clean_text, wire_enum, AreaCode, Person, TestRecord, Validity};
use super::{PassKind, PassModel};
use crate::error::{err, Result};
use crate::time::{Date, Timestamp};
use crate::wire::cbor::{self, MapReader, MapWriter};

wire_enum! {
    /// A symptom the declarant reports; on the wire a bit in a bit set (bit = wire number).
    pub enum Symptom {
        /// Fever.
        Fever = 0 => "fever",
        /// Cough.
        Cough = 1 => "cough",
        /// Shortness of breath.
        ShortnessOfBreath = 2 => "shortness_of_breath",
        /// Sore throat.
        SoreThroat = 3 => "sore_throat",
        /// Loss of taste or smell.
        LossOfTasteOrSmell = 4 => "loss_of_taste_or_smell",
        /// Fatigue.
        Fatigue = 5 => "fatigue",
    }
}

wire_enum! {
    /// An exposure in the last 14 days; on the wire a bit in a bit set (bit = wire number).
    pub enum Exposure {
        /// Contact with a confirmed case.
        ConfirmedCaseContact = 0 => "confirmed_case_contact",
        /// A stay in an outbreak area.
        OutbreakAreaStay = 1 => "outbreak_area_stay",
        /// Contact with someone who has symptoms.
        SymptomaticContact = 2 => "symptomatic_contact",
    }
}

/// Vaccination status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vaccination {
    /// Number of doses received (0–10).
    pub doses: u8,
    /// Date of the last dose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_dose: Option<Date>,
}

/// A health declaration made at a checkpoint.
///
/// Wire keys (SPEC.md §4.2): 1 declarant, 2 declared at, 3 checkpoint, 4 origin,
/// 5 destination, 6 symptoms (bit set), 7 exposures (bit set), 8 vaccination, 9 test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    /// Who declares.
    pub declarant: Person,
    /// When the declaration was made.
    pub declared_at: Timestamp,
    /// The checkpoint's id.
    pub checkpoint: String,
    /// Where the declarant comes from.
    pub origin: AreaCode,
    /// Where the declarant goes.
    pub destination: AreaCode,
    /// Symptoms reported (empty: none).
    #[serde(default)]
    pub symptoms: Vec<Symptom>,
    /// Exposures in the last 14 days (empty: none).
    #[serde(default)]
    pub exposures: Vec<Exposure>,
    /// Vaccination status, if declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vaccination: Option<Vaccination>,
    /// Latest test, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<TestRecord>,
    /// How long the declaration is accepted (CWT `nbf`/`exp`).
    pub validity: Validity,
}

fn bits<T: Copy>(items: &[T], wire: fn(T) -> u64) -> u64 {
    items.iter().fold(0, |acc, &i| acc | (1 << wire(i)))
}

fn from_bits<T: Copy>(set: u64, all: &[T], wire: fn(T) -> u64, what: &str) -> Result<Vec<T>> {
    let known = bits(all, wire);
    if set & !known != 0 {
        return Err(err!(BadPass, "{what} bit set {set:#x} has unknown bits"));
    }
    Ok(all
        .iter()
        .copied()
        .filter(|&i| set & (1 << wire(i)) != 0)
        .collect())
}

impl PassModel for Declaration {
    const KIND: PassKind = PassKind::Declaration;

    fn validate(&mut self) -> Result<()> {
        self.declarant.validate("declarant")?;
        if !self.declared_at.is_plausible() {
            return Err(err!(
                InvalidDate,
                "declaration time {} is implausible",
                self.declared_at
            ));
        }
        clean_text("checkpoint", &mut self.checkpoint, 64)?;
        // Order and duplicates do not survive the bit set: normalise now.
        self.symptoms = from_bits(
            bits(&self.symptoms, Symptom::wire),
            Symptom::ALL,
            Symptom::wire,
            "symptoms",
        )?;
        self.exposures = from_bits(
            bits(&self.exposures, Exposure::wire),
            Exposure::ALL,
            Exposure::wire,
            "exposures",
        )?;
        if let Some(v) = &self.vaccination {
            if v.doses > 10 {
                return Err(err!(
                    InvalidNumber,
                    "{} vaccine doses is more than 10",
                    v.doses
                ));
            }
            if let Some(d) = v.last_dose {
                check_date("last dose", d)?;
            }
        }
        if let Some(t) = &self.test {
            t.validate()?;
        }
        self.validity.validate()
    }

    fn validity(&self) -> Validity {
        self.validity
    }

    fn encode(&self, w: &mut MapWriter) {
        let symptoms = bits(&self.symptoms, Symptom::wire);
        let exposures = bits(&self.exposures, Exposure::wire);
        w.put(1, self.declarant.to_cbor())
            .put(2, cbor::timestamp_value(self.declared_at))
            .put(3, self.checkpoint.as_str())
            .put(4, self.origin.as_str())
            .put(5, self.destination.as_str())
            .opt(6, (symptoms != 0).then_some(symptoms))
            .opt(7, (exposures != 0).then_some(exposures))
            .opt(
                8,
                self.vaccination.map(|v| {
                    MapWriter::new()
                        .put(1, u64::from(v.doses))
                        .opt(2, v.last_dose.map(cbor::date_value))
                        .build()
                }),
            )
            .opt(9, self.test.map(TestRecord::to_cbor));
    }

    fn decode(m: &mut MapReader, validity: Validity) -> Result<Self> {
        let vaccination = match m.opt_map(8, "vaccination")? {
            Some(mut v) => {
                let doses = v.uint(1)?;
                let last_dose = v.opt_date(2)?;
                v.finish()?;
                Some(Vaccination {
                    doses: u8::try_from(doses)
                        .map_err(|_| err!(BadPass, "dose count {doses} is too large"))?,
                    last_dose,
                })
            }
            None => None,
        };
        Ok(Declaration {
            declarant: Person::from_cbor(m.map(1, "declarant")?)?,
            declared_at: m.timestamp(2)?,
            checkpoint: m.text(3)?,
            origin: area_from(m.required(4)?)?,
            destination: area_from(m.required(5)?)?,
            symptoms: from_bits(
                m.opt_uint(6)?.unwrap_or(0),
                Symptom::ALL,
                Symptom::wire,
                "symptoms",
            )?,
            exposures: from_bits(
                m.opt_uint(7)?.unwrap_or(0),
                Exposure::ALL,
                Exposure::wire,
                "exposures",
            )?,
            vaccination,
            test: m
                .opt_map(9, "test")?
                .map(TestRecord::from_cbor)
                .transpose()?,
            validity,
        })
    }
}

impl Declaration {
    /// Whether any symptom or exposure is declared.
    pub fn has_risk(&self) -> bool {
        !self.symptoms.is_empty() || !self.exposures.is_empty()
    }
}
