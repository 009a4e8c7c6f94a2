//! Support-policy entitlement: who may receive a Covid-19 support payment.

use serde::{Deserialize, Serialize};

use super::{
    area_from, clean_opt_text, clean_text, enum_field, wire_enum, AreaCode, DateRange, Person,
    Validity, MAX_TEXT_CHARS,
};
use super::{PassKind, PassModel};
use crate::error::{err, Result};
use crate::wire::cbor::{MapReader, MapWriter};

/// The largest amount accepted, in VND (one billion).
pub const MAX_AMOUNT_VND: u64 = 1_000_000_000;

wire_enum! {
    /// The support-policy category of a beneficiary.
    pub enum SupportCategory {
        /// A temporary resident who lost income.
        TemporaryResident = 1 => "temporary_resident",
        /// A worker stranded away from home.
        StrandedWorker = 2 => "stranded_worker",
        /// An F0 or F1 in isolation.
        IsolatedF0F1 = 3 => "isolated_f0_f1",
        /// Another category, described in `category_detail`.
        Other = 4 => "other",
    }
}

/// A citizen's entitlement to a support payment, checked offline at a payout point.
///
/// Wire keys (SPEC.md §4.4): 1 beneficiary, 2 case number, 3 category,
/// 4 category detail, 5 residence, 6 amount (VND), 7 period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportEntitlement {
    /// Who receives the support.
    pub beneficiary: Person,
    /// The support-policy case number.
    pub case_number: String,
    /// Which policy category.
    pub category: SupportCategory,
    /// Free-text category; required when `category` is `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_detail: Option<String>,
    /// Area of residence.
    pub residence: AreaCode,
    /// Amount in VND.
    pub amount_vnd: u64,
    /// The period the support covers.
    pub period: DateRange,
    /// How long this entitlement pass is valid (CWT `nbf`/`exp`).
    pub validity: Validity,
}

impl PassModel for SupportEntitlement {
    const KIND: PassKind = PassKind::SupportEntitlement;

    fn validate(&mut self) -> Result<()> {
        self.beneficiary.validate("beneficiary")?;
        clean_text("case number", &mut self.case_number, 40)?;
        clean_opt_text("category detail", &mut self.category_detail, MAX_TEXT_CHARS)?;
        if self.category == SupportCategory::Other && self.category_detail.is_none() {
            return Err(err!(
                MissingField,
                "category `other` needs a category_detail"
            ));
        }
        if self.amount_vnd == 0 || self.amount_vnd > MAX_AMOUNT_VND {
            return Err(err!(
                InvalidNumber,
                "amount {} VND is not between 1 and {MAX_AMOUNT_VND}",
                self.amount_vnd
            ));
        }
        self.period.validate("support period")?;
        self.validity.validate()
    }

    fn validity(&self) -> Validity {
        self.validity
    }

    fn encode(&self, w: &mut MapWriter) {
        w.put(1, self.beneficiary.to_cbor())
            .put(2, self.case_number.as_str())
            .put(3, self.category.wire())
            .opt(4, self.category_detail.as_deref())
            .put(5, self.residence.as_str())
            .put(6, self.amount_vnd)
            .put(7, self.period.to_cbor());
    }

    fn decode(m: &mut MapReader, validity: Validity) -> Result<Self> {
        let period_value = m.required(7)?;
        Ok(SupportEntitlement {
            beneficiary: Person::from_cbor(m.map(1, "beneficiary")?)?,
            case_number: m.text(2)?,
            category: enum_field(m, 3, SupportCategory::from_wire)?,
            category_detail: m.opt_text(4)?,
            residence: area_from(m.required(5)?)?,
            amount_vnd: m.uint(6)?,
            period: DateRange::from_cbor(m, 7, period_value)?,
            validity,
        })
    }
}
