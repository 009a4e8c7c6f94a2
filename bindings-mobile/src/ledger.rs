//! `Ledger`: the payout app's redemption ledger (SQLite compiled into the native library).

use std::sync::Arc;

use qrpass::PrivateKey;
use qrpass_ledger::{PayoutPoint, Redemption};

use crate::{at, Result, Verifier};

/// What a redemption did: paid now, or already paid before (pay nothing).
#[derive(Debug, Clone, uniffi::Record)]
pub struct RedemptionOutcome {
    /// True when the entitlement was already paid: pay nothing.
    pub already_redeemed: bool,
    /// The payout point of the payment (this one, or the earlier one).
    pub point: String,
    /// When it was paid (Unix seconds).
    pub paid_at: i64,
    /// Amount paid, VND.
    pub amount_vnd: u64,
    /// The point's sequence number of that payment.
    pub seq: u64,
    /// The signed receipt, JSON (spec/LEDGER.md §3): print it or send it.
    pub receipt_json: String,
}

/// A payout point's ledger file: each support entitlement paid at most once.
#[derive(uniffi::Object)]
pub struct Ledger(qrpass_ledger::Ledger);

fn payout_point(id: &str, key_pem: &str) -> Result<PayoutPoint> {
    Ok(PayoutPoint::new(id, PrivateKey::from_pem(key_pem)?)?)
}

#[uniffi::export]
impl Ledger {
    /// Opens the ledger file at `path` (created if missing when `create`);
    /// `ledger_corrupt` for a damaged file, which is never recreated.
    #[uniffi::constructor]
    pub fn open(path: String, create: bool) -> Result<Arc<Self>> {
        Ok(Arc::new(Ledger(qrpass_ledger::Ledger::open_target(
            &path, create,
        )?)))
    }

    /// Verifies `token` with `verifier` and pays its entitlement once at `point_id`
    /// (receipt signed with the PKCS#8 PEM `point_key_pem`), at `at_unix_seconds` or now.
    pub fn redeem(
        &self,
        verifier: Arc<Verifier>,
        token: String,
        point_id: String,
        point_key_pem: String,
        amount_vnd: i64,
        at_unix_seconds: Option<i64>,
    ) -> Result<RedemptionOutcome> {
        let now = at(at_unix_seconds);
        let verified = verifier.0.verify_at(&token, now)?;
        let point = payout_point(&point_id, &point_key_pem)?;
        let outcome = self.0.redeem(&verified, &point, amount_vnd, now)?;
        let already = matches!(outcome, Redemption::AlreadyRedeemed { .. });
        let r = outcome.receipt();
        Ok(RedemptionOutcome {
            already_redeemed: already,
            point: r.point.clone(),
            paid_at: r.at.unix(),
            amount_vnd: r.amount_vnd,
            seq: r.seq,
            receipt_json: r.to_json(),
        })
    }

    /// How many payments this ledger recorded.
    pub fn count(&self) -> Result<u64> {
        Ok(self.0.count()?)
    }

    /// The point's receipts after `since` as a signed export file, to send to the province.
    pub fn export(&self, point_id: String, point_key_pem: String, since: u64) -> Result<Vec<u8>> {
        let point = payout_point(&point_id, &point_key_pem)?;
        let mut out = Vec::new();
        self.0.export(&point, since, &mut out)?;
        Ok(out)
    }
}
