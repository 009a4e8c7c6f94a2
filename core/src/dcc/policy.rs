//! Checkpoint rules for EU DCCs: which statements are accepted, per issuing
//! country, and the minimal view shown (name, date of birth, statement summary).
//! The rule types are the checkpoint policy's `dcc` section
//! ([`crate::policy::DccPolicy`], re-exported here); this module applies them.
//!
//! ```
//! use qrpass::dcc::policy::DccPolicy;
//! let policy = DccPolicy::from_json(r#"{"default": {"vaccination": {"full_course": true, "min_days": 14, "max_days": 270},
//!     "test": {"naa_hours": 72, "rat_hours": 24}, "recovery": true}, "countries": {"XX": {"recovery": false}}}"#)?;
//! assert_eq!(policy.rules_for(Some("XX")).recovery, false);
//! # Ok::<(), qrpass::Error>(())
//! ```

use serde::Serialize;

use super::certificate::{Certificate, PartialDate, Statement};
use super::verify::VerifiedDcc;
use crate::policy::Outcome;
pub use crate::policy::{DccPolicy, DccRules, TestRule, VaccinationRule};
use crate::time::{Date, Timestamp};

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
    /// The statement in Vietnamese, e.g. `tiêm mũi 2/2 ngày 2021-05-29 (AT)`.
    pub statement_vi: String,
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
            statement_vi: c.summary_vi(),
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
