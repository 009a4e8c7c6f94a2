//! The policy's `holder` section: binding the pass to the ID card scanned at
//! the checkpoint (SPEC.md §13.4, TRUST.md §5).

use serde::{Deserialize, Serialize};

use super::{Outcome, ReasonCode, Reasons};
use crate::binding::{bind, BindingSummary, BirthDateMatch, IdMatch, NameMatch};
use crate::idcard::{mask, IdCard};
use crate::model::PassKind;
use crate::verify::Verified;

fn deny() -> Outcome {
    Outcome::Deny
}
fn review() -> Outcome {
    Outcome::Review
}

/// Rules for holder binding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HolderRules {
    /// The pass kinds that need a scanned ID card (default none).
    pub require_card: Vec<PassKind>,
    /// When the card's ID, name or birth date differs from the pass (default deny).
    #[serde(default = "deny")]
    pub mismatch: Outcome,
    /// When a card is required and none was scanned (default review).
    #[serde(default = "review")]
    pub missing_card: Outcome,
    /// When the names differ only in diacritics (default review).
    #[serde(default = "review")]
    pub marks_only: Outcome,
    /// When the card's number disagrees with its own birth date or sex (default review).
    #[serde(default = "review")]
    pub inconsistent_number: Outcome,
}

impl Default for HolderRules {
    fn default() -> Self {
        HolderRules {
            require_card: Vec::new(),
            mismatch: deny(),
            missing_card: review(),
            marks_only: review(),
            inconsistent_number: review(),
        }
    }
}

/// The one-word result of the holder check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HolderResult {
    /// The card matches the pass.
    Match,
    /// The names differ only in diacritics.
    MarksOnly,
    /// The card does not match the pass.
    Mismatch,
    /// The policy requires a card for this kind and none was scanned.
    Missing,
}

impl HolderResult {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            HolderResult::Match => "match",
            HolderResult::MarksOnly => "marks_only",
            HolderResult::Mismatch => "mismatch",
            HolderResult::Missing => "missing",
        }
    }
}

/// What the decision and the screen say about the holder check. It holds the
/// card's masked number and nothing else of the card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HolderCheck {
    /// The result.
    pub result: HolderResult,
    /// The ID number's comparison (absent when no card was scanned).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<IdMatch>,
    /// The name's comparison.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<NameMatch>,
    /// The birth date's comparison.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<BirthDateMatch>,
    /// The card's number, all but the last 4 digits masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_id_masked: Option<String>,
    /// Whether the card's number disagrees with its birth date or sex.
    pub inconsistent_number: bool,
}

impl HolderRules {
    /// Binds `v` to `card` under these rules, adding reasons; `None` when no
    /// card was scanned and none is required.
    pub(super) fn check(
        &self,
        v: &Verified,
        card: Option<&IdCard>,
        reasons: &mut Reasons,
    ) -> Option<HolderCheck> {
        let Some(card) = card else {
            if !self.require_card.contains(&v.pass.kind()) {
                return None;
            }
            reasons.add(ReasonCode::IdCardMissing, self.missing_card);
            return Some(HolderCheck {
                result: HolderResult::Missing,
                id: None,
                name: None,
                birth_date: None,
                card_id_masked: None,
                inconsistent_number: false,
            });
        };
        let b = bind(v, card);
        if b.id == IdMatch::Mismatch {
            reasons.add(ReasonCode::HolderIdMismatch, self.mismatch);
        }
        match b.name {
            NameMatch::Mismatch => reasons.add(ReasonCode::HolderNameMismatch, self.mismatch),
            NameMatch::MarksOnly => reasons.add(ReasonCode::HolderNameMarksOnly, self.marks_only),
            NameMatch::Exact | NameMatch::Equivalent => {}
        }
        if b.birth_date == BirthDateMatch::Mismatch {
            reasons.add(ReasonCode::HolderBirthDateMismatch, self.mismatch);
        }
        if card.inconsistent_number {
            reasons.add(ReasonCode::IdCardInconsistent, self.inconsistent_number);
        }
        Some(HolderCheck {
            result: match b.summary {
                BindingSummary::Match => HolderResult::Match,
                BindingSummary::MarksOnly => HolderResult::MarksOnly,
                BindingSummary::Mismatch => HolderResult::Mismatch,
            },
            id: Some(b.id),
            name: Some(b.name),
            birth_date: Some(b.birth_date),
            card_id_masked: Some(mask(&card.number)),
            inconsistent_number: card.inconsistent_number,
        })
    }
}
