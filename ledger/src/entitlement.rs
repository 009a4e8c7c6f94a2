//! What "the same entitlement" is: the key the ledger pays at most once.

use qrpass::model::{DateRange, SupportEntitlement};
use qrpass::{Error, ErrorCode, Pass, Result, Timestamp, Verified};

/// The identity of one support entitlement: issuer, case number and support period.
///
/// Two passes with the same key are the same entitlement, whatever their token
/// ids (a re-issued pass does not pay again); the same case in another period is
/// another entitlement (spec/LEDGER.md §1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntitlementKey {
    /// The issuer id (`iss`) of the pass.
    pub issuer: String,
    /// The support-policy case number, as the issuer wrote it (NFC).
    pub case_number: String,
    /// The support period, both days included.
    pub period: DateRange,
}

/// A verified support entitlement, ready to be paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entitlement {
    /// Which entitlement this is.
    pub key: EntitlementKey,
    /// The amount it entitles to, in VND.
    pub amount_vnd: u64,
    /// The token id of the pass shown (recorded in the receipt, not part of the key).
    pub cti: Vec<u8>,
    /// The pass's validity window: `nbf` and `exp`.
    pub valid_from: Timestamp,
    /// End of the pass's validity (`exp`).
    pub valid_until: Timestamp,
}

impl Entitlement {
    /// Takes the entitlement out of a verified pass; `wrong_pass_kind` for any other kind.
    pub fn from_verified(verified: &Verified) -> Result<Entitlement> {
        let Pass::SupportEntitlement(s) = &verified.pass else {
            return Err(Error::new(
                ErrorCode::WrongPassKind,
                format!(
                    "a {} pass is not a support entitlement: nothing to pay",
                    verified.pass.kind().as_str()
                ),
            ));
        };
        Ok(Entitlement::from_parts(&verified.issuer, s, &verified.cti))
    }

    /// Builds the entitlement of pass model `s` issued by `issuer` with token id `cti`.
    pub fn from_parts(issuer: &str, s: &SupportEntitlement, cti: &[u8]) -> Entitlement {
        Entitlement {
            key: EntitlementKey {
                issuer: issuer.to_owned(),
                case_number: s.case_number.clone(),
                period: s.period,
            },
            amount_vnd: s.amount_vnd,
            cti: cti.to_vec(),
            valid_from: s.validity.from,
            valid_until: s.validity.until,
        }
    }

    /// Checks a payout of `amount_vnd` at `at` may be made against this pass.
    ///
    /// The pass must be valid at `at` (`not_yet_valid`, `expired`); the amount must
    /// be at least 1 (`invalid_number`) and equal the entitled amount
    /// (`amount_mismatch`): partial payouts are not allowed.
    pub fn check_payout(&self, amount_vnd: i64, at: Timestamp) -> Result<u64> {
        if at < self.valid_from {
            return Err(Error::new(
                ErrorCode::NotYetValid,
                format!("the pass is valid from {}, not at {at}", self.valid_from),
            ));
        }
        if at >= self.valid_until {
            return Err(Error::new(
                ErrorCode::Expired,
                format!("the pass expired at {}, before {at}", self.valid_until),
            ));
        }
        let amount = u64::try_from(amount_vnd)
            .ok()
            .filter(|&a| a >= 1)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidNumber,
                    format!("amount {amount_vnd} VND is not a positive number"),
                )
            })?;
        if amount != self.amount_vnd {
            return Err(Error::new(
                ErrorCode::AmountMismatch,
                format!(
                    "amount {amount} VND is not the entitled {} VND (partial payouts are not allowed)",
                    self.amount_vnd
                ),
            ));
        }
        Ok(amount)
    }
}
