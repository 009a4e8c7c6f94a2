//! Policies from JSON, read with the core's JSON reader ([`crate::json`]) in
//! every build, so the WebAssembly verifier carries no serde deserialiser:
//! exactly the fields and defaults of TRUST.md §5 and the serde derives that
//! TOML policies still use (a test checks that the two agree).

use std::collections::BTreeMap;

use super::{
    ClockRules, DccPolicy, DccRules, DeclarationRules, HolderRules, Outcome, PermitRules, Policy,
    StatusRules, SupportRules, TestRule, VaccinationRule,
};
use crate::json::{Object, Read, Value};
use crate::model::PassKind;

/// `allow`, `review` or `deny`.
fn outcome(v: &Value, what: &str) -> Read<Outcome> {
    v.name(what, |n| match n {
        "allow" => Some(Outcome::Allow),
        "review" => Some(Outcome::Review),
        "deny" => Some(Outcome::Deny),
        _ => None,
    })
}

fn kinds(v: &Value, what: &str) -> Read<Vec<PassKind>> {
    v.list(what, |k, p| k.name(p, PassKind::from_name))
}

/// `o[key]` read by `read`, or `default` when absent.
fn or<'a, T>(
    o: &mut Object<'a>,
    key: &str,
    default: T,
    read: impl FnOnce(&'a Value, &str) -> Read<T>,
) -> Read<T> {
    Ok(o.opt(key, read)?.unwrap_or(default))
}

/// A section: an object whose fields `read` takes, none other.
fn section<T>(v: &Value, what: &str, read: impl FnOnce(&mut Object) -> Read<T>) -> Read<T> {
    let mut o = v.object(what)?;
    let out = read(&mut o)?;
    o.finish()?;
    Ok(out)
}

/// A whole policy, before [`Policy::validate`].
pub(super) fn policy(text: &str) -> Read<Policy> {
    let value = Value::parse(text)?;
    section(&value, "", |o| {
        let d = Policy::default();
        Ok(Policy {
            format: or(o, "format", d.format, Value::u32)?,
            name: o.nullable("name", |v, p| v.str(p).map(str::to_string))?,
            accept: o.required("accept", kinds)?,
            stale_trust_list: or(o, "stale_trust_list", d.stale_trust_list, outcome)?,
            stale_revocation_list: or(
                o,
                "stale_revocation_list",
                d.stale_revocation_list,
                outcome,
            )?,
            permit: or(o, "permit", d.permit, permit)?,
            declaration: or(o, "declaration", d.declaration, declaration)?,
            infection_status: or(o, "infection_status", d.infection_status, status)?,
            support_entitlement: or(o, "support_entitlement", d.support_entitlement, support)?,
            holder: or(o, "holder", d.holder, holder)?,
            clock: or(o, "clock", d.clock, clock)?,
            dcc: o.nullable("dcc", dcc_value)?,
        })
    })
}

fn permit(v: &Value, what: &str) -> Read<PermitRules> {
    section(v, what, |o| {
        Ok(PermitRules {
            area: or(o, "area", PermitRules::default().area, outcome)?,
        })
    })
}

fn declaration(v: &Value, what: &str) -> Read<DeclarationRules> {
    section(v, what, |o| {
        let d = DeclarationRules::default();
        Ok(DeclarationRules {
            max_age_hours: or(o, "max_age_hours", d.max_age_hours, Value::u32)?,
            too_old: or(o, "too_old", d.too_old, outcome)?,
            risk: or(o, "risk", d.risk, outcome)?,
        })
    })
}

fn status(v: &Value, what: &str) -> Read<StatusRules> {
    section(v, what, |o| {
        let d = StatusRules::default();
        Ok(StatusRules {
            f0: or(o, "f0", d.f0, outcome)?,
            f1: or(o, "f1", d.f1, outcome)?,
            f2: or(o, "f2", d.f2, outcome)?,
            f3: or(o, "f3", d.f3, outcome)?,
            recovered: or(o, "recovered", d.recovered, outcome)?,
            negative: or(o, "negative", d.negative, outcome)?,
            isolation: or(o, "isolation", d.isolation, outcome)?,
        })
    })
}

fn support(v: &Value, what: &str) -> Read<SupportRules> {
    section(v, what, |o| {
        Ok(SupportRules {
            area: or(o, "area", SupportRules::default().area, outcome)?,
        })
    })
}

fn holder(v: &Value, what: &str) -> Read<HolderRules> {
    section(v, what, |o| {
        let d = HolderRules::default();
        Ok(HolderRules {
            require_card: or(o, "require_card", d.require_card, kinds)?,
            mismatch: or(o, "mismatch", d.mismatch, outcome)?,
            missing_card: or(o, "missing_card", d.missing_card, outcome)?,
            marks_only: or(o, "marks_only", d.marks_only, outcome)?,
            inconsistent_number: or(o, "inconsistent_number", d.inconsistent_number, outcome)?,
        })
    })
}

fn clock(v: &Value, what: &str) -> Read<ClockRules> {
    section(v, what, |o| {
        let d = ClockRules::default();
        Ok(ClockRules {
            behind: or(o, "behind", d.behind, outcome)?,
            max_drift_seconds: or(o, "max_drift_seconds", d.max_drift_seconds, Value::u32)?,
            drift: or(o, "drift", d.drift, outcome)?,
        })
    })
}

/// A DCC policy (TRUST.md §5.1), before [`DccPolicy::validate`].
pub(super) fn dcc(text: &str) -> Read<DccPolicy> {
    dcc_value(&Value::parse(text)?, "")
}

fn dcc_value(v: &Value, what: &str) -> Read<DccPolicy> {
    section(v, what, |o| {
        let countries = match o.get("countries") {
            None => BTreeMap::new(),
            Some(c) => {
                let path = o.path("countries");
                let mut map = c.object(&path)?;
                let mut out = BTreeMap::new();
                for (country, r) in map.rest() {
                    out.insert(
                        country.to_string(),
                        dcc_rules(r, &format!("{path}.{country}"))?,
                    );
                }
                map.finish()?;
                out
            }
        };
        Ok(DccPolicy {
            default: or(o, "default", DccRules::default(), dcc_rules)?,
            countries,
            stale_dsc_list: or(o, "stale_dsc_list", Outcome::Review, outcome)?,
        })
    })
}

fn dcc_rules(v: &Value, what: &str) -> Read<DccRules> {
    section(v, what, |o| {
        Ok(DccRules {
            vaccination: o.nullable("vaccination", |v, p| {
                section(v, p, |o| {
                    Ok(VaccinationRule {
                        full_course: or(o, "full_course", false, Value::bool)?,
                        min_days: o.nullable("min_days", Value::u32)?,
                        max_days: o.nullable("max_days", Value::u32)?,
                    })
                })
            })?,
            test: o.nullable("test", |v, p| {
                section(v, p, |o| {
                    Ok(TestRule {
                        naa_hours: o.nullable("naa_hours", Value::u32)?,
                        rat_hours: o.nullable("rat_hours", Value::u32)?,
                    })
                })
            })?,
            recovery: or(o, "recovery", false, Value::bool)?,
        })
    })
}
