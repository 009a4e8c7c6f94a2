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

/// `o[key]` read by `read` into `slot`, which keeps its default when absent.
fn set<'a, T>(
    o: &mut Object<'a>,
    key: &str,
    slot: &mut T,
    read: impl FnOnce(&'a Value, &str) -> Read<T>,
) -> Read<()> {
    if let Some(value) = o.opt(key, read)? {
        *slot = value;
    }
    Ok(())
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
    let mut p = Policy::default();
    section(&value, "", |o| {
        set(o, "format", &mut p.format, Value::u32)?;
        p.name = o.nullable("name", |v, path| v.str(path).map(str::to_string))?;
        p.accept = o.required("accept", kinds)?;
        actions(
            o,
            &mut [
                ("stale_trust_list", &mut p.stale_trust_list),
                ("stale_revocation_list", &mut p.stale_revocation_list),
            ],
        )?;
        set(o, "permit", &mut p.permit, permit)?;
        set(o, "declaration", &mut p.declaration, declaration)?;
        set(o, "infection_status", &mut p.infection_status, status)?;
        set(
            o,
            "support_entitlement",
            &mut p.support_entitlement,
            support,
        )?;
        set(o, "holder", &mut p.holder, holder)?;
        set(o, "clock", &mut p.clock, clock)?;
        p.dcc = o.nullable("dcc", dcc_value)?;
        Ok(())
    })?;
    Ok(p)
}

/// Each `(key, slot)` present in `o` read as an action into its slot (the
/// slots hold the defaults): one loop for the policy's many actions.
#[inline(never)]
fn actions(o: &mut Object, slots: &mut [(&str, &mut Outcome)]) -> Read<()> {
    for (key, slot) in slots.iter_mut() {
        if let Some(action) = o.opt(key, outcome)? {
            **slot = action;
        }
    }
    Ok(())
}

fn permit(v: &Value, what: &str) -> Read<PermitRules> {
    let mut r = PermitRules::default();
    section(v, what, |o| actions(o, &mut [("area", &mut r.area)]))?;
    Ok(r)
}

fn declaration(v: &Value, what: &str) -> Read<DeclarationRules> {
    let mut r = DeclarationRules::default();
    section(v, what, |o| {
        set(o, "max_age_hours", &mut r.max_age_hours, Value::u32)?;
        actions(o, &mut [("too_old", &mut r.too_old), ("risk", &mut r.risk)])
    })?;
    Ok(r)
}

fn status(v: &Value, what: &str) -> Read<StatusRules> {
    let mut r = StatusRules::default();
    section(v, what, |o| {
        actions(
            o,
            &mut [
                ("f0", &mut r.f0),
                ("f1", &mut r.f1),
                ("f2", &mut r.f2),
                ("f3", &mut r.f3),
                ("recovered", &mut r.recovered),
                ("negative", &mut r.negative),
                ("isolation", &mut r.isolation),
            ],
        )
    })?;
    Ok(r)
}

fn support(v: &Value, what: &str) -> Read<SupportRules> {
    let mut r = SupportRules::default();
    section(v, what, |o| actions(o, &mut [("area", &mut r.area)]))?;
    Ok(r)
}

fn holder(v: &Value, what: &str) -> Read<HolderRules> {
    let mut r = HolderRules::default();
    section(v, what, |o| {
        set(o, "require_card", &mut r.require_card, kinds)?;
        actions(
            o,
            &mut [
                ("mismatch", &mut r.mismatch),
                ("missing_card", &mut r.missing_card),
                ("marks_only", &mut r.marks_only),
                ("inconsistent_number", &mut r.inconsistent_number),
            ],
        )
    })?;
    Ok(r)
}

fn clock(v: &Value, what: &str) -> Read<ClockRules> {
    let mut r = ClockRules::default();
    section(v, what, |o| {
        set(o, "max_drift_seconds", &mut r.max_drift_seconds, Value::u32)?;
        actions(o, &mut [("behind", &mut r.behind), ("drift", &mut r.drift)])
    })?;
    Ok(r)
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
