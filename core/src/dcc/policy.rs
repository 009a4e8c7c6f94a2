//! Checkpoint rules for EU DCCs: which statements are accepted, per issuing
//! country, and the minimal view shown (name, date of birth, statement summary).
//!
//! ```
//! use qrpass::dcc::policy::DccPolicy;
//! let policy = DccPolicy::from_json(r#"{"default": {"vaccination": {"full_course": true, "min_days": 14, "max_days": 270},
//!     "test": {"naa_hours": 72, "rat_hours": 24}, "recovery": true}, "countries": {"XX": {"recovery": false}}}"#)?;
//! assert_eq!(policy.rules_for(Some("XX")).recovery, false);
//! # Ok::<(), qrpass::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::certificate::{Certificate, PartialDate, Statement};
use super::verify::VerifiedDcc;
use crate::error::{err, Result};
use crate::policy::Outcome;
use crate::time::{Date, Timestamp};

/// What a vaccination must show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaccinationRule {
    /// Require a complete series (`dn ≥ sd`).
    #[serde(default)]
    pub full_course: bool,
    /// At least this many days since the last dose.
    #[serde(default)]
    pub min_days: Option<u32>,
    /// At most this many days since the last dose.
    #[serde(default)]
    pub max_days: Option<u32>,
}

/// What a test must show: negative, sampled within the hours given for its type
/// (a type without hours is refused).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestRule {
    /// NAA (PCR) tests: sample at most this many hours old.
    #[serde(default)]
    pub naa_hours: Option<u32>,
    /// Rapid antigen tests: sample at most this many hours old.
    #[serde(default)]
    pub rat_hours: Option<u32>,
}

/// The rules for one issuing country (or the default). An absent statement rule refuses it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DccRules {
    /// Vaccinations accepted, and how.
    #[serde(default)]
    pub vaccination: Option<VaccinationRule>,
    /// Tests accepted, and how.
    #[serde(default)]
    pub test: Option<TestRule>,
    /// Recoveries accepted while valid (`df ≤ today ≤ du`).
    #[serde(default)]
    pub recovery: bool,
}

/// DCC rules: a default and overrides by issuing country (`iss`, else the statement's `co`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DccPolicy {
    /// Rules for countries without their own.
    #[serde(default)]
    pub default: DccRules,
    /// Rules by ISO 3166 alpha-2 code.
    #[serde(default)]
    pub countries: BTreeMap<String, DccRules>,
}

/// The decision on a DCC and the minimal view to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DccView {
    /// Allow or deny.
    pub decision: Outcome,
    /// Reason codes (`not_full_course`, `dose_too_recent`, `dose_too_old`,
    /// `test_not_negative`, `test_too_old`, `test_type_not_accepted`,
    /// `recovery_not_valid`, `statement_not_accepted`, `holder_mismatch`).
    pub reasons: Vec<&'static str>,
    /// The holder's name.
    pub name: String,
    /// Date of birth as the DCC gives it (possibly partial or empty).
    pub dob: String,
    /// The statement, e.g. `vaccination 2/2 on 2021-05-29 (AT)`.
    pub statement: String,
}

/// A holder's identity read from a passport (MRZ names are ICAO 9303, like `fnt`/`gnt`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passport {
    /// Surname(s) as in the MRZ (`<` between parts).
    pub surname: String,
    /// Given name(s) as in the MRZ.
    pub given: String,
    /// Date of birth.
    pub dob: Date,
}

fn icao(s: &str) -> String {
    s.trim_matches('<')
        .split('<')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("<")
}

/// Holder binding for a DCC: its standardised names equal the passport's (ICAO
/// 9303 forms, runs of `<` collapsed) and its date of birth agrees with the
/// passport's in every part it gives. An empty `dob` never binds.
pub fn binds_to(certificate: &Certificate, passport: &Passport) -> bool {
    let given = certificate.nam.given_std.as_deref().unwrap_or_default();
    icao(&certificate.nam.family_std) == icao(&passport.surname)
        && icao(given) == icao(&passport.given)
        && certificate.dob.matches(passport.dob)
}

impl DccPolicy {
    /// Reads a policy from JSON (`bad_policy` on any unknown field).
    pub fn from_json(text: &str) -> Result<DccPolicy> {
        serde_json::from_str(text).map_err(|e| err!(BadPolicy, "the DCC policy is malformed: {e}"))
    }

    /// The rules for an issuing country.
    pub fn rules_for(&self, country: Option<&str>) -> &DccRules {
        country
            .and_then(|c| self.countries.get(c))
            .unwrap_or(&self.default)
    }

    /// Decides on a verified DCC at `now`; with a passport, the holder must bind to it.
    pub fn decide(
        &self,
        dcc: &VerifiedDcc,
        now: Timestamp,
        passport: Option<&Passport>,
    ) -> DccView {
        let c = &dcc.certificate;
        let rules = self.rules_for(dcc.issuer.as_deref());
        let mut reasons = statement_reasons(rules, &c.statement, now);
        if passport.is_some_and(|p| !binds_to(c, p)) {
            reasons.push("holder_mismatch");
        }
        DccView {
            decision: if reasons.is_empty() {
                Outcome::Allow
            } else {
                Outcome::Deny
            },
            reasons,
            name: c.nam.display(),
            dob: match c.dob {
                PartialDate::Empty => String::new(),
                d => d.to_text(),
            },
            statement: c.summary(),
        }
    }
}

fn statement_reasons(rules: &DccRules, statement: &Statement, now: Timestamp) -> Vec<&'static str> {
    // Day counts are by the calendar in Vietnam, where the checkpoint stands.
    let today = now.date_in_vietnam();
    let mut out = Vec::new();
    match (statement, rules) {
        (
            Statement::Vaccination(v),
            DccRules {
                vaccination: Some(rule),
                ..
            },
        ) => {
            let days = today.days() - v.dt.days();
            if rule.full_course && !v.is_complete() {
                out.push("not_full_course");
            }
            if rule.min_days.is_some_and(|m| days < m as i32) {
                out.push("dose_too_recent");
            }
            if rule.max_days.is_some_and(|m| days > m as i32) {
                out.push("dose_too_old");
            }
        }
        (
            Statement::Test(t),
            DccRules {
                test: Some(rule), ..
            },
        ) => {
            let hours = match t.type_name() {
                "naa" => rule.naa_hours,
                "rat" => rule.rat_hours,
                _ => None,
            };
            if !t.is_negative() {
                out.push("test_not_negative");
            }
            match hours {
                None => out.push("test_type_not_accepted"),
                Some(h) if now.unix() - t.sc.unix() > i64::from(h) * 3600 => {
                    out.push("test_too_old")
                }
                Some(_) if t.sc > now => out.push("test_too_old"),
                Some(_) => {}
            }
        }
        (Statement::Recovery(r), DccRules { recovery: true, .. }) => {
            if today < r.df || today > r.du {
                out.push("recovery_not_valid");
            }
        }
        _ => out.push("statement_not_accepted"),
    }
    out
}
