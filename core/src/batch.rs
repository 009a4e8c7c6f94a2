//! Bulk issuing: many passes at once, on every core, in input order.
//!
//! A province turns a list of people into signed passes: [`issue_many`] takes
//! `(row, pass)` pairs and returns one [`BatchResult`] per item, in the same
//! order, each a token or an [`Error`] with its stable code, tagged with the row
//! it came from. One bad row never stops the others.
//!
//! # Deterministic token ids
//!
//! With [`CtiRule::Derived`] every pass gets the token id
//!
//! ```text
//! cti = SHA-256( "qrpass/batch/cti/v1" 0x00 issuer_id 0x00 kind 0x00 key )[0..8]
//! ```
//!
//! where `kind` is the pass kind's JSON name (`permit`, …) and `key` is the
//! pass's [`pass_key`] after validation (NFC, trimmed): the permit number, the
//! support case number, or for kinds without a number the person's ID document
//! with a date. Re-running a batch therefore gives a row the same cti (and, with
//! the same `iat`, byte-identical tokens): a restarted run never creates a second
//! token id for the same permit, and a revocation list entry covers every copy.
//! Two items of one batch with the same key would share a cti, so the later one
//! fails with [`ErrorCode::InvalidCti`](crate::ErrorCode::InvalidCti).
//!
//! # Threads
//!
//! With the `batch` feature (on by default) validation and signing run on rayon's
//! global pool, one thread per core. Without it (e.g. for WebAssembly) the same
//! functions run on the calling thread.
//!
//! ```
//! use qrpass::batch::{issue_many, CtiRule};
//! use qrpass::{Issuer, Pass, PrivateKey, Timestamp};
//!
//! let issuer = Issuer::new(PrivateKey::from_seed(&[1; 32]), "VN-SG")?;
//! let good = Pass::from_json(include_str!("../../spec/examples/permit.json"))?;
//! let mut bad = good.clone();
//! if let Pass::Permit(p) = &mut bad {
//!     p.number = "HCM-2".into();
//!     p.holder.id.number = "123456789".into(); // 9 digits: not a CCCD
//! }
//! let iat = Timestamp::parse_rfc3339("2021-09-01T08:00:00+07:00")?;
//! let results = issue_many(&issuer, &[(2, good), (3, bad)], iat, CtiRule::Derived);
//! assert!(results[0].outcome.is_ok());
//! assert_eq!(results[1].row, 3);
//! assert_eq!(results[1].outcome.as_ref().map_err(|e| e.code().as_str()).err(), Some("invalid_id_number"));
//! # Ok::<(), qrpass::Error>(())
//! ```

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::error::{err, Result};
use crate::issue::{check_issuer_id, Issuer, CTI_LEN};
use crate::model::{Pass, PassKind};
use crate::parallel::par_map;
use crate::time::Timestamp;

/// Domain-separation prefix of [`derived_cti`]; the `v1` changes if the rule ever does.
pub const CTI_DOMAIN: &str = "qrpass/batch/cti/v1";

/// How [`issue_many`] chooses each token id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CtiRule {
    /// [`derived_cti`] from the issuer id, kind and [`pass_key`]: restartable (the default).
    #[default]
    Derived,
    /// 8 random bytes per pass, as [`Issuer::issue`] does: a re-run gives new ids.
    Random,
}

/// One item's outcome, tagged with the row it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowResult<T> {
    /// The row number the caller gave with the item (e.g. its spreadsheet row).
    pub row: usize,
    /// The value, or why this row failed.
    pub outcome: Result<T>,
}

/// The outcome of issuing one item of a batch.
pub type BatchResult = RowResult<Issued>;

/// A pass that passed validation and has its token id, ready to sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// The validated, normalised pass (what the token will carry).
    pub pass: Pass,
    /// Its [`pass_key`].
    pub key: String,
    /// Its token id.
    pub cti: [u8; CTI_LEN],
}

/// A signed pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    /// The `VN1:` text.
    pub token: String,
    /// The token id in it.
    pub cti: [u8; CTI_LEN],
    /// The [`pass_key`] of the pass.
    pub key: String,
    /// The validated, normalised pass the token carries.
    pub pass: Pass,
}

/// The number printed on a pass, when its kind has one: a permit's `number`, a
/// support entitlement's `case_number`; `None` for declarations and infection statuses.
pub fn pass_number(pass: &Pass) -> Option<&str> {
    match pass {
        Pass::Permit(p) => Some(&p.number),
        Pass::SupportEntitlement(s) => Some(&s.case_number),
        Pass::Declaration(_) | Pass::InfectionStatus(_) => None,
    }
}

/// The text that identifies a pass within one issuer and kind, the input of [`derived_cti`].
///
/// The [`pass_number`] when the kind has one. Otherwise the person's ID document
/// with the event: `cccd:079201001234:2021-09-10T00:45:00Z` (declaration: the
/// declaration time) or `cccd:079201001234:f1:2021-09-05` (infection status:
/// classification and start date). Call it on a validated pass, so that spacing
/// and Unicode forms do not change the key.
pub fn pass_key(pass: &Pass) -> String {
    if let Some(number) = pass_number(pass) {
        return number.to_string();
    }
    let id = &pass.person().id;
    let id_kind = serde_json::to_value(id.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    match pass {
        Pass::Declaration(d) => format!("{id_kind}:{}:{}", id.number, d.declared_at),
        Pass::InfectionStatus(s) => {
            let class = serde_json::to_value(s.classification)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            format!("{id_kind}:{}:{class}:{}", id.number, s.since)
        }
        Pass::Permit(_) | Pass::SupportEntitlement(_) => String::new(),
    }
}

/// The deterministic token id of a pass: the first 8 bytes of SHA-256 over
/// [`CTI_DOMAIN`], issuer id, kind name and key, each pair separated by a zero byte.
///
/// ```
/// use qrpass::batch::derived_cti;
/// use qrpass::PassKind;
/// let a = derived_cti("VN-SG", PassKind::Permit, "HCM-2021-004217");
/// assert_eq!(a, derived_cti("VN-SG", PassKind::Permit, "HCM-2021-004217"));
/// assert_ne!(a, derived_cti("VN-HN", PassKind::Permit, "HCM-2021-004217"));
/// ```
pub fn derived_cti(issuer_id: &str, kind: PassKind, key: &str) -> [u8; CTI_LEN] {
    let digest = Sha256::new()
        .chain_update(CTI_DOMAIN.as_bytes())
        .chain_update([0])
        .chain_update(issuer_id.as_bytes())
        .chain_update([0])
        .chain_update(kind.as_str().as_bytes())
        .chain_update([0])
        .chain_update(key.as_bytes())
        .finalize();
    let mut cti = [0u8; CTI_LEN];
    cti.copy_from_slice(&digest[..CTI_LEN]);
    cti
}

/// Validates every pass and gives it a token id, in parallel; results in input order.
///
/// With [`CtiRule::Derived`], an item whose key repeats an earlier item's fails
/// with `invalid_cti` naming the earlier row (the first one wins).
pub fn prepare(
    issuer_id: &str,
    items: &[(usize, Pass)],
    rule: CtiRule,
) -> Vec<RowResult<Prepared>> {
    if let Err(e) = check_issuer_id(issuer_id) {
        return items
            .iter()
            .map(|(row, _)| RowResult {
                row: *row,
                outcome: Err(e.clone()),
            })
            .collect();
    }
    let mut prepared = par_map(items, |(row, pass)| RowResult {
        row: *row,
        outcome: prepare_one(issuer_id, pass, rule),
    });
    if rule == CtiRule::Derived {
        let mut first_row: HashMap<(PassKind, String), usize> = HashMap::with_capacity(items.len());
        for result in &mut prepared {
            let Ok(p) = &result.outcome else { continue };
            let earlier = *first_row
                .entry((p.pass.kind(), p.key.clone()))
                .or_insert(result.row);
            if earlier != result.row {
                result.outcome = Err(err!(
                    InvalidCti,
                    "{} `{}` is already on row {earlier}: two passes would share one token id",
                    key_name(p.pass.kind()),
                    p.key
                ));
            }
        }
    }
    prepared
}

fn key_name(kind: PassKind) -> &'static str {
    match kind {
        PassKind::Permit => "permit number",
        PassKind::SupportEntitlement => "case number",
        _ => "pass key",
    }
}

fn prepare_one(issuer_id: &str, pass: &Pass, rule: CtiRule) -> Result<Prepared> {
    let mut pass = pass.clone();
    pass.validate()?;
    let key = pass_key(&pass);
    let cti = match rule {
        CtiRule::Derived => derived_cti(issuer_id, pass.kind(), &key),
        CtiRule::Random => crate::cti::random()?,
    };
    Ok(Prepared { pass, key, cti })
}

/// Signs prepared passes in parallel, all with issue time `iat`; results in input order.
pub fn sign(issuer: &Issuer, prepared: &[Prepared], iat: Timestamp) -> Vec<Result<Issued>> {
    par_map(prepared, |p| {
        issuer.issue_with(&p.pass, iat, &p.cti).map(|token| Issued {
            token,
            cti: p.cti,
            key: p.key.clone(),
            pass: p.pass.clone(),
        })
    })
}

/// Validates, assigns token ids and signs every item in parallel; one result per
/// item, in input order, each tagged with the item's row.
///
/// Never stops on a bad item: its result carries the error and its code.
pub fn issue_many(
    issuer: &Issuer,
    items: &[(usize, Pass)],
    iat: Timestamp,
    rule: CtiRule,
) -> Vec<BatchResult> {
    let prepared = prepare(issuer.issuer_id(), items, rule);
    let mut ready = Vec::with_capacity(prepared.len());
    let mut slots = Vec::with_capacity(prepared.len());
    for r in prepared {
        match r.outcome {
            Ok(p) => {
                ready.push(p);
                slots.push((r.row, None));
            }
            Err(e) => slots.push((r.row, Some(e))),
        }
    }
    // `sign` keeps order, so the signed results line up with the `None` slots.
    let mut signed = sign(issuer, &ready, iat).into_iter();
    slots
        .into_iter()
        .map(|(row, failed)| RowResult {
            row,
            outcome: match failed {
                Some(e) => Err(e),
                None => signed.next().unwrap_or_else(|| {
                    Err(err!(InvalidCti, "internal: a signed result is missing"))
                }),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ErrorCode, PrivateKey, TrustStore, TrustedKey, Verifier};

    fn permit(number: &str, id: &str) -> Pass {
        let mut pass =
            Pass::from_json(include_str!("../../spec/examples/permit.json")).expect("example");
        if let Pass::Permit(p) = &mut pass {
            p.number = number.into();
            p.holder.id.number = id.into();
        }
        pass
    }

    fn issuer() -> Issuer {
        Issuer::new(PrivateKey::from_seed(&[7; 32]), "VN-SG").expect("issuer")
    }

    fn iat() -> Timestamp {
        Timestamp::parse_rfc3339("2021-09-01T08:00:00+07:00").expect("time")
    }

    #[test]
    fn results_keep_input_order_and_rows() {
        let items: Vec<(usize, Pass)> = (0..200)
            .map(|i| {
                let id = if i % 7 == 3 {
                    "12345".to_string()
                } else {
                    format!("079201{i:06}")
                };
                (i + 2, permit(&format!("HCM-{i}"), &id))
            })
            .collect();
        let results = issue_many(&issuer(), &items, iat(), CtiRule::Derived);
        assert_eq!(results.len(), items.len());
        let trust = TrustStore::from_keys(vec![TrustedKey::new(
            PrivateKey::from_seed(&[7; 32]).public_key(),
            "VN-SG",
            &[PassKind::Permit],
            Timestamp(1_600_000_000),
        )])
        .expect("trust");
        let verifier = Verifier::new(trust);
        for (i, r) in results.iter().enumerate() {
            assert_eq!(r.row, i + 2);
            match &r.outcome {
                Ok(issued) => {
                    assert_ne!(i % 7, 3);
                    assert_eq!(issued.key, format!("HCM-{i}"));
                    let v = verifier
                        .verify_at(&issued.token, iat().add_seconds(60))
                        .expect("verifies");
                    assert_eq!(v.cti, issued.cti.to_vec());
                    assert_eq!(v.pass, issued.pass);
                }
                Err(e) => {
                    assert_eq!(i % 7, 3);
                    assert_eq!(e.code(), ErrorCode::InvalidIdNumber);
                }
            }
        }
    }

    #[test]
    fn derived_cti_is_stable_and_follows_the_normalised_number() {
        let a = issue_many(
            &issuer(),
            &[(2, permit("HCM-1", "079201001234"))],
            iat(),
            CtiRule::Derived,
        );
        // Spacing around the number is trimmed by validation: same key, same cti, same token.
        let b = issue_many(
            &issuer(),
            &[(9, permit("  HCM-1 ", "079201001234"))],
            iat(),
            CtiRule::Derived,
        );
        let (a, b) = (
            a[0].outcome.as_ref().expect("a"),
            b[0].outcome.as_ref().expect("b"),
        );
        assert_eq!(a.cti, b.cti);
        assert_eq!(a.token, b.token);
        assert_eq!(a.cti, derived_cti("VN-SG", PassKind::Permit, "HCM-1"));
        // The documented rule, spelled out.
        let mut h = Sha256::new();
        h.update(b"qrpass/batch/cti/v1\0VN-SG\0permit\0HCM-1");
        assert_eq!(a.cti[..], h.finalize()[..8]);
    }

    #[test]
    fn a_repeated_number_fails_on_its_later_rows() {
        let items = vec![
            (2, permit("HCM-1", "079201001234")),
            (3, permit("HCM-2", "079201001235")),
            (4, permit("HCM-1", "079201001236")),
        ];
        let r = issue_many(&issuer(), &items, iat(), CtiRule::Derived);
        assert!(r[0].outcome.is_ok() && r[1].outcome.is_ok());
        let e = r[2].outcome.as_ref().expect_err("duplicate");
        assert_eq!(e.code(), ErrorCode::InvalidCti);
        assert!(e.message().contains("row 2"), "{e}");
    }

    #[test]
    fn random_rule_gives_fresh_ids() {
        let items = vec![
            (2, permit("HCM-1", "079201001234")),
            (3, permit("HCM-1", "079201001234")),
        ];
        let r = issue_many(&issuer(), &items, iat(), CtiRule::Random);
        let (a, b) = (
            r[0].outcome.as_ref().expect("a"),
            r[1].outcome.as_ref().expect("b"),
        );
        assert_ne!(a.cti, b.cti);
    }

    #[test]
    fn keys_for_kinds_without_a_number() {
        let json = include_str!("../../spec/examples/declaration.json");
        let mut d = Pass::from_json(json).expect("declaration");
        d.validate().expect("valid");
        assert_eq!(pass_number(&d), None);
        assert_eq!(pass_key(&d), "cccd:001190012345:2021-09-10T00:45:00Z");
        let mut s = Pass::from_json(include_str!("../../spec/examples/infection_status.json"))
            .expect("status");
        s.validate().expect("valid");
        assert_eq!(pass_key(&s), "cccd:048095004321:f1:2021-09-05");
        let e = Pass::from_json(include_str!("../../spec/examples/support_entitlement.json"))
            .expect("support");
        assert_eq!(pass_key(&e), "HCM-HT-2021-547748");
    }

    #[test]
    fn a_bad_issuer_id_fails_every_row() {
        let r = prepare(
            "bad id",
            &[(2, permit("HCM-1", "079201001234"))],
            CtiRule::Derived,
        );
        assert_eq!(
            r[0].outcome.as_ref().map_err(|e| e.code()).err(),
            Some(ErrorCode::InvalidIssuer)
        );
    }
}
