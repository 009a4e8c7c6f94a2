//! The rules of each pass kind: what a permit, declaration, infection status or
//! support entitlement adds to the reasons a policy collects.

use super::{CheckpointContext, Outcome, Policy, Reason, ReasonCode};
use crate::model::{
    AreaCode, Classification, Declaration, InfectionStatus, Permit, SupportEntitlement,
};

impl Policy {
    fn area_rule(
        area: Option<&AreaCode>,
        covered: impl Fn(&AreaCode) -> bool,
        code: ReasonCode,
        action: Outcome,
        reasons: &mut Reasons,
    ) {
        if action == Outcome::Allow {
            return;
        }
        match area {
            None => reasons.add(ReasonCode::CheckpointAreaUnknown, Outcome::Review),
            Some(a) if !covered(a) => reasons.add(code, action),
            Some(_) => {}
        }
    }

    pub(super) fn permit(&self, p: &Permit, at: &CheckpointContext, reasons: &mut Reasons) {
        let covered = |a: &AreaCode| p.areas.iter().any(|area| area.covers(a));
        Policy::area_rule(
            at.area.as_ref(),
            covered,
            ReasonCode::AreaNotCovered,
            self.permit.area,
            reasons,
        );
    }

    pub(super) fn declaration(
        &self,
        d: &Declaration,
        at: &CheckpointContext,
        reasons: &mut Reasons,
    ) {
        let rules = &self.declaration;
        let max_age = i64::from(rules.max_age_hours) * 3600;
        if rules.max_age_hours > 0 && at.now.unix().saturating_sub(d.declared_at.unix()) > max_age {
            reasons.add(ReasonCode::DeclarationTooOld, rules.too_old);
        }
        if d.has_risk() {
            reasons.add(ReasonCode::DeclarationRisk, rules.risk);
        }
    }

    pub(super) fn status(
        &self,
        s: &InfectionStatus,
        at: &CheckpointContext,
        reasons: &mut Reasons,
    ) {
        let r = &self.infection_status;
        let (code, action) = match s.classification {
            Classification::F0 => (ReasonCode::StatusF0, r.f0),
            Classification::F1 => (ReasonCode::StatusF1, r.f1),
            Classification::F2 => (ReasonCode::StatusF2, r.f2),
            Classification::F3 => (ReasonCode::StatusF3, r.f3),
            Classification::Recovered => (ReasonCode::StatusRecovered, r.recovered),
            Classification::Negative => (ReasonCode::StatusNegative, r.negative),
        };
        reasons.add(code, action);
        if s.isolation
            .is_some_and(|i| i.until >= at.now.date_in_vietnam())
        {
            reasons.add(ReasonCode::IsolationActive, r.isolation);
        }
    }

    pub(super) fn support(
        &self,
        s: &SupportEntitlement,
        at: &CheckpointContext,
        reasons: &mut Reasons,
    ) {
        let covered = |a: &AreaCode| a.covers(&s.residence) || s.residence.covers(a);
        Policy::area_rule(
            at.area.as_ref(),
            covered,
            ReasonCode::ResidenceNotCovered,
            self.support_entitlement.area,
            reasons,
        );
    }
}

/// Reasons collected by the rules; a rule whose action is allow adds nothing.
pub(super) struct Reasons(pub(super) Vec<Reason>);

impl Reasons {
    pub(super) fn add(&mut self, code: ReasonCode, outcome: Outcome) {
        if outcome != Outcome::Allow {
            self.0.push(Reason::new(code, outcome));
        }
    }
}
