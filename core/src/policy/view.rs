//! [`DisplayView`]: what a checker's screen shows, and nothing more.

use serde::Serialize;

use super::{Decision, HolderCheck, Outcome, Reason};
use crate::error::Result;
use crate::model::PassKind;
use crate::time::Timestamp;
use crate::verify::Verified;

/// The minimal data a checkpoint screen needs: the decision and its reasons, and
/// for a verified pass its kind, the holder's name, the masked ID number (last 4
/// characters), the validity window and the issuer.
///
/// It carries no date of birth, phone number, full ID number, address, health
/// detail or amount: a checker sees no more personal data than the check needs.
/// For a pass that failed verification, only the decision and reasons are set:
/// unverified data is never shown. When an ID card was scanned, `holder` says
/// how it compared with the pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DisplayView {
    /// Allow, review or deny.
    pub decision: Outcome,
    /// Why, with sentences in Vietnamese and English.
    pub reasons: Vec<Reason>,
    /// The pass kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<PassKind>,
    /// The holder's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The ID number with all but its last 4 characters masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_masked: Option<String>,
    /// Valid from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Timestamp>,
    /// Valid until.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Timestamp>,
    /// The issuer id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Whether and how the holder was checked against the scanned ID card
    /// (only the card's masked number; never its address or issue date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<HolderCheck>,
    /// For a verified EU DCC only: the date of birth as the certificate gives it
    /// (possibly partial, `1979` or `1979-04`, or empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dob: Option<String>,
    /// For a verified EU DCC only: the statement summary, e.g.
    /// `vaccination 2/2 on 2021-05-29 (AT)` (no certificate id, issuer or product).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// For a verified EU DCC only: the statement summary in Vietnamese, e.g.
    /// `tiêm mũi 2/2 ngày 2021-05-29 (AT)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement_vi: Option<String>,
}

impl DisplayView {
    /// The view of a verification result and the decision taken on it.
    pub fn new(result: &Result<Verified>, decision: &Decision) -> DisplayView {
        let mut view = DisplayView::decision_only(decision);
        if let Ok(v) = result {
            let person = v.pass.person();
            let validity = v.pass.validity();
            view.kind = Some(v.pass.kind());
            view.name = Some(person.name.clone());
            view.id_masked = Some(person.id.masked());
            view.valid_from = Some(validity.from);
            view.valid_until = Some(validity.until);
            view.issuer = Some(v.issuer.clone());
            view.holder = decision.holder.clone();
        }
        view
    }

    fn decision_only(decision: &Decision) -> DisplayView {
        DisplayView {
            decision: decision.outcome,
            reasons: decision.reasons.clone(),
            kind: None,
            name: None,
            id_masked: None,
            valid_from: None,
            valid_until: None,
            issuer: None,
            holder: None,
            dob: None,
            statement: None,
            statement_vi: None,
        }
    }

    /// The view of an EU DCC check: the decision, and for a verified DCC the
    /// name, date of birth and statement summary — nothing else of it.
    #[cfg(feature = "dcc")]
    pub(crate) fn for_dcc(
        decision: &Decision,
        shown: Option<crate::dcc::policy::DccView>,
    ) -> DisplayView {
        let mut view = DisplayView::decision_only(decision);
        if let Some(dcc) = shown {
            view.name = Some(dcc.name);
            view.dob = Some(dcc.dob);
            view.statement = Some(dcc.statement);
            view.statement_vi = Some(dcc.statement_vi);
        }
        view
    }
}
