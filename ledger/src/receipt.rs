//! Receipts: what a payout point signs for each payment, and the hash chain they form.

use qrpass::keys::{hex_decode, hex_encode};
use qrpass::model::DateRange;
use qrpass::{Date, Error, ErrorCode, Kid, PrivateKey, PublicKey, Result, Timestamp};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::entitlement::EntitlementKey;

/// The first line of every receipt's signed text.
pub const RECEIPT_FORMAT: &str = "qrpass-receipt/1";

/// The `prev` of a point's first receipt: 32 zero bytes.
pub const GENESIS: [u8; 32] = [0; 32];

/// One payment, signed by the payout point that made it (spec/LEDGER.md §3).
///
/// Holds no personal data beyond the case number: no name, no ID number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The payout point's id.
    pub point: String,
    /// The point's sequence number for this payment, from 1 without gaps.
    pub seq: u64,
    /// Which entitlement was paid.
    pub key: EntitlementKey,
    /// Amount paid, in VND.
    pub amount_vnd: u64,
    /// When it was paid.
    pub at: Timestamp,
    /// Token id of the pass shown.
    pub cti: Vec<u8>,
    /// Key id of the point's signing key.
    pub kid: Kid,
    /// Hash of the point's previous receipt ([`GENESIS`] for the first).
    pub prev: [u8; 32],
    /// Ed25519 signature of [`Receipt::message`] by the point's key.
    pub signature: [u8; 64],
}

impl Receipt {
    /// Builds and signs a receipt with `key`.
    #[allow(clippy::too_many_arguments)]
    pub fn sign(
        key: &PrivateKey,
        point: &str,
        seq: u64,
        entitlement: &EntitlementKey,
        amount_vnd: u64,
        at: Timestamp,
        cti: &[u8],
        prev: [u8; 32],
    ) -> Receipt {
        let mut r = Receipt {
            point: point.to_owned(),
            seq,
            key: entitlement.clone(),
            amount_vnd,
            at,
            cti: cti.to_vec(),
            kid: key.public_key().kid(),
            prev,
            signature: [0; 64],
        };
        r.signature = key.sign(r.message().as_bytes());
        r
    }

    /// The exact UTF-8 text the point signs: [`RECEIPT_FORMAT`] then one `name=value` line each.
    pub fn message(&self) -> String {
        let k = &self.key;
        format!(
            "{RECEIPT_FORMAT}\npoint={}\nseq={}\nissuer={}\ncase={}\nperiod={}/{}\namount_vnd={}\nat={}\ncti={}\nkid={}\nprev={}\n",
            self.point,
            self.seq,
            k.issuer,
            k.case_number,
            k.period.from,
            k.period.until,
            self.amount_vnd,
            self.at.unix(),
            hex_encode(&self.cti),
            self.kid.to_hex(),
            hex_encode(&self.prev),
        )
    }

    /// This receipt's link in the chain: SHA-256 of the message followed by the 64-byte signature.
    pub fn hash(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.message().as_bytes());
        h.update(self.signature);
        h.finalize().into()
    }

    /// Whether `key` is the receipt's key and its signature verifies (`verify_strict`).
    pub fn verify(&self, key: &PublicKey) -> bool {
        key.kid() == self.kid && key.verify_strict(self.message().as_bytes(), &self.signature)
    }

    /// The receipt as JSON (spec/LEDGER.md §3): what a payout app prints or sends.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&ReceiptJson::from(self)).unwrap_or_default()
    }

    /// Parses [`Receipt::to_json`]'s form; `bad_ledger_export` when malformed.
    pub fn from_json(text: &str) -> Result<Receipt> {
        let j: ReceiptJson =
            serde_json::from_str(text).map_err(|e| bad_export(format!("receipt JSON: {e}")))?;
        j.into_receipt()
    }
}

/// `bad_ledger_export` with `message`.
pub(crate) fn bad_export(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::BadLedgerExport, message)
}

/// The JSON form of a receipt (also an export file's entry line, with `point`, `kid` and `prev`).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReceiptJson {
    pub point: String,
    pub seq: u64,
    pub issuer: String,
    pub case_number: String,
    pub period: [Date; 2],
    pub amount_vnd: u64,
    pub at: i64,
    pub cti: String,
    pub kid: String,
    pub prev: String,
    pub signature: String,
}

impl From<&Receipt> for ReceiptJson {
    fn from(r: &Receipt) -> Self {
        ReceiptJson {
            point: r.point.clone(),
            seq: r.seq,
            issuer: r.key.issuer.clone(),
            case_number: r.key.case_number.clone(),
            period: [r.key.period.from, r.key.period.until],
            amount_vnd: r.amount_vnd,
            at: r.at.unix(),
            cti: hex_encode(&r.cti),
            kid: r.kid.to_hex(),
            prev: hex_encode(&r.prev),
            signature: hex_encode(&r.signature),
        }
    }
}

impl ReceiptJson {
    pub(crate) fn into_receipt(self) -> Result<Receipt> {
        Ok(Receipt {
            point: self.point,
            seq: self.seq,
            key: EntitlementKey {
                issuer: self.issuer,
                case_number: self.case_number,
                period: DateRange {
                    from: self.period[0],
                    until: self.period[1],
                },
            },
            amount_vnd: self.amount_vnd,
            at: Timestamp(self.at),
            cti: hex_decode(&self.cti).ok_or_else(|| bad_export("cti is not hex"))?,
            kid: Kid::from_hex(&self.kid).map_err(|_| bad_export("kid is not 8 hex bytes"))?,
            prev: fixed_hex(&self.prev, "prev")?,
            signature: fixed_hex(&self.signature, "signature")?,
        })
    }
}

/// Decodes exactly `N` bytes of lower-case hex; `bad_ledger_export` otherwise.
pub(crate) fn fixed_hex<const N: usize>(text: &str, what: &str) -> Result<[u8; N]> {
    hex_decode(text)
        .and_then(|v| <[u8; N]>::try_from(v).ok())
        .ok_or_else(|| bad_export(format!("{what} is not {N} bytes of hex")))
}
