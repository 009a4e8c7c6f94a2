//! The policy's `dcc` section: rules for EU Digital COVID Certificates
//! (`HC1:`), by issuing country (spec/TRUST.md §5.1, SPEC.md §15.7).
//!
//! Plain data, compiled with or without the core feature `dcc`, so that a
//! signed policy carrying DCC rules loads on every checkpoint; only a build
//! with `dcc` applies them ([`crate::dcc::policy`]).
//!
//! ```
//! use qrpass::policy::{DccPolicy, Outcome};
//! let policy = DccPolicy::from_json(r#"{"default": {"vaccination": {"full_course": true, "min_days": 14, "max_days": 270},
//!     "test": {"naa_hours": 72, "rat_hours": 24}, "recovery": true}, "countries": {"XX": {"recovery": false}}}"#)?;
//! assert_eq!(policy.rules_for(Some("XX")).recovery, false);
//! assert_eq!(policy.stale_dsc_list, Outcome::Review);
//! # Ok::<(), qrpass::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Outcome;
use crate::error::{err, Result};

/// What a vaccination must show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaccinationRule {
    /// Require a complete series (`dn ≥ sd`).
    #[serde(default)]
    pub full_course: bool,
    /// At least this many days since the last dose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_days: Option<u32>,
    /// At most this many days since the last dose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_days: Option<u32>,
}

/// What a test must show: negative, sampled within the hours given for its type
/// (a type without hours is refused).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestRule {
    /// NAA (PCR) tests: sample at most this many hours old.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub naa_hours: Option<u32>,
    /// Rapid antigen tests: sample at most this many hours old.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rat_hours: Option<u32>,
}

/// The rules for one issuing country (or the default). An absent statement rule refuses it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DccRules {
    /// Vaccinations accepted, and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vaccination: Option<VaccinationRule>,
    /// Tests accepted, and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<TestRule>,
    /// Recoveries accepted while valid (`df ≤ today ≤ du`).
    #[serde(default)]
    pub recovery: bool,
}

fn review() -> Outcome {
    Outcome::Review
}

/// DCC rules: a default and overrides by issuing country (`iss`), and what a
/// stale DSC list means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DccPolicy {
    /// Rules for countries without their own.
    #[serde(default)]
    pub default: DccRules,
    /// Rules by ISO 3166 alpha-2 code (capital letters), replacing the default whole.
    #[serde(default)]
    pub countries: BTreeMap<String, DccRules>,
    /// On a checkpoint: when the signed DSC list is past its next update (default review).
    #[serde(default = "review")]
    pub stale_dsc_list: Outcome,
}

impl Default for DccPolicy {
    /// Nothing accepted; a stale DSC list is reviewed.
    fn default() -> Self {
        DccPolicy {
            default: DccRules::default(),
            countries: BTreeMap::new(),
            stale_dsc_list: review(),
        }
    }
}

impl DccRules {
    fn validate(&self, whose: &str) -> Result<()> {
        if let Some(v) = &self.vaccination {
            if let (Some(min), Some(max)) = (v.min_days, v.max_days) {
                if min > max {
                    return Err(err!(
                        BadPolicy,
                        "dcc {whose}: vaccination min_days {min} is above max_days {max}"
                    ));
                }
            }
        }
        Ok(())
    }
}

impl DccPolicy {
    /// Reads a DCC policy from JSON (`bad_policy` on any unknown field or bad value).
    pub fn from_json(text: &str) -> Result<DccPolicy> {
        let policy = super::read::dcc(text)
            .map_err(|e| err!(BadPolicy, "the DCC policy is malformed: {e}"))?;
        policy.validate()?;
        Ok(policy)
    }

    /// Checks the rules: `min_days ≤ max_days`, countries of 2 capital letters (`bad_policy`).
    pub fn validate(&self) -> Result<()> {
        self.default.validate("default")?;
        for (country, rules) in &self.countries {
            if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(err!(
                    BadPolicy,
                    "dcc country `{country}` is not an ISO 3166 alpha-2 code (two capital letters)"
                ));
            }
            rules.validate(country)?;
        }
        Ok(())
    }

    /// The rules for an issuing country.
    pub fn rules_for(&self, country: Option<&str>) -> &DccRules {
        country
            .and_then(|c| self.countries.get(c))
            .unwrap_or(&self.default)
    }
}
