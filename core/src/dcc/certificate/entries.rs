//! The three statements: vaccination (`v`), test (`t`) and recovery (`r`) entries.

use ciborium::Value;
use serde::Serialize;

use super::{country, Fields};
use crate::error::{err, Result};
use crate::time::{Date, Timestamp};

/// SNOMED CT code of COVID-19, the only disease targeted (`tg`) in DCCs so far.
pub const TG_COVID19: &str = "840539006";
/// Test type (`tt`): nucleic acid amplification (NAA, e.g. PCR).
pub const TT_NAA: &str = "LP6464-4";
/// Test type (`tt`): rapid antigen test (RAT).
pub const TT_RAT: &str = "LP217198-3";
/// Test result (`tr`): not detected.
pub const TR_NOT_DETECTED: &str = "260415000";

/// A vaccination entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Vaccination {
    /// Disease or agent targeted.
    pub tg: String,
    /// Vaccine or prophylaxis.
    pub vp: String,
    /// Medicinal product.
    pub mp: String,
    /// Marketing authorisation holder or manufacturer.
    pub ma: String,
    /// Dose number.
    pub dn: u8,
    /// Total doses in the series.
    pub sd: u8,
    /// Date of vaccination.
    pub dt: Date,
    /// Country of vaccination.
    pub co: String,
    /// Certificate issuer.
    pub is: String,
    /// Unique certificate identifier (UVCI).
    pub ci: String,
}

impl Vaccination {
    pub(crate) fn from_cbor(v: Value) -> Result<Vaccination> {
        let mut f = Fields::new(v, "v[0]")?;
        let entry = Vaccination {
            tg: f.text("tg", 80)?,
            vp: f.text("vp", 80)?,
            mp: f.text("mp", 80)?,
            ma: f.text("ma", 80)?,
            dn: f.dose("dn")?,
            sd: f.dose("sd")?,
            dt: f.date("dt")?,
            co: f.text("co", 80)?,
            is: f.text("is", 80)?,
            ci: f.text("ci", 80)?,
        };
        country(&entry.co)?;
        Ok(entry)
    }

    /// Whether the series is complete (`dn ≥ sd`).
    pub fn is_complete(&self) -> bool {
        self.dn >= self.sd
    }
}

/// A test entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Test {
    /// Disease or agent targeted.
    pub tg: String,
    /// Type of test.
    pub tt: String,
    /// NAA test name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nm: Option<String>,
    /// RAT test device identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ma: Option<String>,
    /// Sample collection time.
    pub sc: Timestamp,
    /// Result time (schema 1.0 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dr: Option<Timestamp>,
    /// Test result.
    pub tr: String,
    /// Testing centre (optional from schema 1.3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tc: Option<String>,
    /// Country of test.
    pub co: String,
    /// Certificate issuer.
    pub is: String,
    /// Unique certificate identifier (UVCI).
    pub ci: String,
}

impl Test {
    pub(crate) fn from_cbor(v: Value, minor: u32) -> Result<Test> {
        let mut f = Fields::new(v, "t[0]")?;
        let tg = f.text("tg", 80)?;
        let tt = f.text("tt", 80)?;
        let nm = f.opt_text("nm", 80)?;
        let ma = f.opt_text("ma", 80)?;
        let sc = f
            .opt_time("sc")?
            .ok_or_else(|| err!(BadDcc, "t[0] has no `sc`"))?;
        let dr = f.opt_time("dr")?;
        let tr = f.text("tr", 80)?;
        let tc = if minor >= 3 {
            f.opt_text("tc", 80)?
        } else {
            Some(f.text("tc", 80)?)
        };
        let entry = Test {
            tg,
            tt,
            nm,
            ma,
            sc,
            dr,
            tr,
            tc,
            co: f.text("co", 80)?,
            is: f.text("is", 80)?,
            ci: f.text("ci", 80)?,
        };
        country(&entry.co)?;
        Ok(entry)
    }

    /// Whether the result is "not detected".
    pub fn is_negative(&self) -> bool {
        self.tr == TR_NOT_DETECTED
    }

    /// `naa`, `rat` or `other`.
    pub fn type_name(&self) -> &'static str {
        match self.tt.as_str() {
            TT_NAA => "naa",
            TT_RAT => "rat",
            _ => "other",
        }
    }
}

/// A recovery entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recovery {
    /// Disease or agent targeted.
    pub tg: String,
    /// Date of the first positive NAA result.
    pub fr: Date,
    /// Country of test.
    pub co: String,
    /// Certificate issuer.
    pub is: String,
    /// Valid from.
    pub df: Date,
    /// Valid until.
    pub du: Date,
    /// Unique certificate identifier (UVCI).
    pub ci: String,
}

impl Recovery {
    pub(crate) fn from_cbor(v: Value) -> Result<Recovery> {
        let mut f = Fields::new(v, "r[0]")?;
        let entry = Recovery {
            tg: f.text("tg", 80)?,
            fr: f.date("fr")?,
            co: f.text("co", 80)?,
            is: f.text("is", 80)?,
            df: f.date("df")?,
            du: f.date("du")?,
            ci: f.text("ci", 80)?,
        };
        country(&entry.co)?;
        Ok(entry)
    }
}
