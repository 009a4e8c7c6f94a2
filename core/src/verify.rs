//! Offline verification: VN1 text → [`Verified`] pass, or an error with a stable code.
//!
//! Pipeline (SPEC.md §8, which lists every check in order): size cap → prefix → Base45 → COSE_Sign1 (strict) →
//! alg and kid checks → signature under every trusted key with that kid
//! (`verify_strict`) → claims (strict) → issuer, kind, key window and status →
//! `iat`/`nbf`/`exp` with clock skew → revocation.

mod outcome;

use std::sync::Arc;

use serde::Serialize;

pub use outcome::{Outcome, OutcomeRef, Status};

use crate::claims;
use crate::error::{err, Result};
use crate::keys::{hex_encode, Kid};
use crate::model::Pass;
use crate::revocation::RevocationCheck;
use crate::time::Timestamp;
use crate::trust::{KeyStatus, ListInfo, SignedTrustList, TrustInfo, TrustStore, TrustedKey};
use crate::wire::{cose, text};

/// Default allowed clock difference between issuer and verifier: 5 minutes.
pub const DEFAULT_CLOCK_SKEW_SECONDS: i64 = 300;

/// A pass whose signature, issuer key, validity and revocation status were checked.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Verified {
    /// The pass.
    pub pass: Pass,
    /// The issuer id (`iss`), checked against the key's issuer.
    pub issuer: String,
    /// The key id that signed it.
    pub kid: Kid,
    /// Issue time.
    pub iat: Timestamp,
    /// Expiry (end of the pass's validity).
    pub exp: Timestamp,
    /// Token id, for revocation.
    #[serde(serialize_with = "hex_serialize")]
    pub cti: Vec<u8>,
    /// The signed lists used and whether they were stale (a policy decides what
    /// staleness means). Omitted from JSON when no signed list was used.
    #[serde(skip_serializing_if = "TrustInfo::is_unsigned")]
    pub trust: TrustInfo,
}

fn hex_serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&hex_encode(bytes))
}

/// A decoded token whose signature was **not** checked.
///
/// Use it to show what a token says (debugging, support desks), never to decide.
/// The pass is reachable only through [`Inspected::unverified_pass`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Inspected {
    /// The key id in the protected header.
    pub kid: Kid,
    /// The claimed issuer id.
    pub issuer: String,
    /// The claimed issue time.
    pub iat: Timestamp,
    /// The claimed token id.
    #[serde(serialize_with = "hex_serialize")]
    pub cti: Vec<u8>,
    /// Size of the COSE bytes.
    pub cose_len: usize,
    #[serde(rename = "unverified_pass")]
    pass: Pass,
}

impl Inspected {
    /// The pass as the token claims it: **not verified**; anyone can forge this.
    pub fn unverified_pass(&self) -> &Pass {
        &self.pass
    }
}

/// Decodes a token without verifying its signature or trusting its issuer.
pub fn inspect(text: &str) -> Result<Inspected> {
    let cose_bytes = text::decode(text)?;
    let sign1 = cose::parse(&cose_bytes)?;
    let claims = claims::decode(&sign1.payload)?;
    Ok(Inspected {
        kid: sign1.kid,
        issuer: claims.iss,
        iat: claims.iat,
        cti: claims.cti,
        cose_len: cose_bytes.len(),
        pass: claims.pass,
    })
}

/// Verifies tokens offline against a trust store, an optional revocation list and a clock.
///
/// A `Verifier` is immutable and `Send + Sync`: share one across threads.
#[derive(Clone)]
pub struct Verifier {
    trust: Arc<TrustStore>,
    trust_list: Option<ListInfo>,
    revocation: Option<Arc<dyn RevocationCheck>>,
    skew: i64,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("keys", &self.trust.keys().len())
            .field("trust_list", &self.trust_list)
            .field("revocation", &self.revocation.is_some())
            .field("skew", &self.skew)
            .finish()
    }
}

impl Verifier {
    /// A verifier trusting the keys in `trust`, with the default 5-minute clock skew.
    pub fn new(trust: TrustStore) -> Verifier {
        Verifier {
            trust: Arc::new(trust),
            trust_list: None,
            revocation: None,
            skew: DEFAULT_CLOCK_SKEW_SECONDS,
        }
    }

    /// A verifier trusting the keys of a verified signed trust list; results report
    /// the list's sequence and whether it is stale.
    pub fn from_trust_list(list: &SignedTrustList) -> Verifier {
        Verifier {
            trust: list.shared_store(),
            trust_list: Some(list.info()),
            revocation: None,
            skew: DEFAULT_CLOCK_SKEW_SECONDS,
        }
    }

    /// Sets the allowed clock skew in seconds (negative values count as 0).
    #[must_use]
    pub fn with_clock_skew(mut self, seconds: i64) -> Verifier {
        self.skew = seconds.max(0);
        self
    }

    /// Checks every token id against `list`.
    #[must_use]
    pub fn with_revocation(mut self, list: Arc<dyn RevocationCheck>) -> Verifier {
        self.revocation = Some(list);
        self
    }

    /// The trust store in use.
    pub fn trust(&self) -> &TrustStore {
        &self.trust
    }

    /// The signed lists in use and whether they are stale at `now`.
    pub fn trust_info(&self, now: Timestamp) -> TrustInfo {
        TrustInfo {
            trust_list: self.trust_list.map(|i| i.status(now)),
            revocation_list: self
                .revocation
                .as_ref()
                .and_then(|r| r.list_info())
                .map(|i| i.status(now)),
        }
    }

    /// Verifies a token at the current system time.
    pub fn verify(&self, text: &str) -> Result<Verified> {
        self.verify_at(text, Timestamp::now())
    }

    /// Verifies a token as of time `now` (the injectable clock).
    pub fn verify_at(&self, text: &str, now: Timestamp) -> Result<Verified> {
        let cose_bytes = text::decode(text)?;
        let sign1 = cose::parse(&cose_bytes)?;
        let key = self.signing_key(&sign1)?;
        let claims = claims::decode(&sign1.payload)?;
        check_key(key, &claims)?;
        self.check_time(&claims, now)?;
        if let Some(list) = &self.revocation {
            if list.is_revoked(&claims.cti) {
                return Err(err!(
                    Revoked,
                    "token {} has been revoked",
                    hex_encode(&claims.cti)
                ));
            }
        }
        let exp = claims.pass.validity().until;
        Ok(Verified {
            pass: claims.pass,
            issuer: claims.iss,
            kid: sign1.kid,
            iat: claims.iat,
            exp,
            cti: claims.cti,
            trust: self.trust_info(now),
        })
    }

    /// Verifies many tokens as of `now`, on every core (crate feature `batch`;
    /// on the calling thread without it). Results are in input order, one per
    /// text, each a [`Verified`] pass or the error for that text alone.
    ///
    /// For inputs larger than memory, call it on chunks (a few thousand texts)
    /// as they are read: the CLI's `verify --batch` and the Python binding's
    /// `verify_iter` do.
    ///
    /// ```
    /// # use qrpass::{Issuer, Pass, PassKind, PrivateKey, Timestamp, TrustStore, TrustedKey, Verifier};
    /// let key = PrivateKey::from_seed(&[7; 32]);
    /// let mut trust = TrustStore::default();
    /// trust.add(TrustedKey::new(key.public_key(), "VN-SG", &[PassKind::Permit], Timestamp(1_600_000_000)))?;
    /// let pass = Pass::from_json(include_str!("../../spec/examples/permit.json"))?;
    /// let iat = Timestamp::parse_rfc3339("2021-09-01T08:00:00+07:00")?;
    /// let token = Issuer::new(key, "VN-SG")?.issue_with(&pass, iat, b"id-1")?;
    /// let now = iat.add_seconds(3600);
    /// let results = Verifier::new(trust).verify_many_at(&[token.as_str(), "VN1:X"], now);
    /// assert!(results[0].is_ok());
    /// assert_eq!(results[1].as_ref().unwrap_err().code().as_str(), "bad_base45");
    /// # Ok::<(), qrpass::Error>(())
    /// ```
    pub fn verify_many_at<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        now: Timestamp,
    ) -> Vec<Result<Verified>> {
        crate::parallel::par_map(texts, |t| self.verify_at(t.as_ref(), now))
    }

    /// [`verify_many_at`](Self::verify_many_at) at the current system time.
    pub fn verify_many<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Result<Verified>> {
        self.verify_many_at(texts, Timestamp::now())
    }

    /// The trusted key whose signature verifies, trying every key with the token's kid.
    fn signing_key(&self, sign1: &cose::Sign1) -> Result<&TrustedKey> {
        let candidates = self.trust.keys_for(&sign1.kid);
        if candidates.is_empty() {
            return Err(err!(UnknownKey, "no trusted key has kid {}", sign1.kid));
        }
        candidates
            .iter()
            .find(|k| {
                k.public_key
                    .verify_strict(&sign1.to_be_signed, &sign1.signature)
            })
            .ok_or_else(|| {
                err!(
                    BadSignature,
                    "the signature does not verify under key {}",
                    sign1.kid
                )
            })
    }

    fn check_time(&self, claims: &claims::Claims, now: Timestamp) -> Result<()> {
        let validity = claims.pass.validity();
        if claims.iat > now.add_seconds(self.skew) {
            return Err(err!(
                IssuedInFuture,
                "the token claims to be issued at {}, after now ({now})",
                claims.iat
            ));
        }
        if validity.from > now.add_seconds(self.skew) {
            return Err(err!(
                NotYetValid,
                "the pass is valid from {}, not yet at {now}",
                validity.from
            ));
        }
        if validity.until <= now.add_seconds(-self.skew) {
            return Err(err!(Expired, "the pass expired at {}", validity.until));
        }
        Ok(())
    }
}

/// Checks the key may have signed these claims: issuer, kind, validity window at `iat`, status.
fn check_key(key: &TrustedKey, claims: &claims::Claims) -> Result<()> {
    let kind = claims.pass.kind();
    if claims.iss != key.issuer {
        return Err(err!(
            KeyNotAllowed,
            "key {} belongs to issuer {}, but the token names {}",
            key.kid,
            key.issuer,
            claims.iss
        ));
    }
    if !key.kinds.contains(&kind) {
        return Err(err!(
            KeyNotAllowed,
            "key {} may not sign {kind} passes",
            key.kid
        ));
    }
    let iat = claims.iat;
    if iat < key.valid_from || key.valid_until.is_some_and(|end| iat >= end) {
        return Err(err!(
            KeyNotValid,
            "key {} was not valid at the token's issue time {iat}",
            key.kid
        ));
    }
    match key.status {
        KeyStatus::Active => Ok(()),
        KeyStatus::Retired(at) if iat < at => Ok(()),
        KeyStatus::Retired(at) => Err(err!(
            KeyRetired,
            "key {} was retired at {at}, before this token was issued ({iat})",
            key.kid
        )),
        KeyStatus::Revoked(at) => Err(err!(
            KeyRevoked,
            "key {} was revoked at {at}; none of its tokens are accepted",
            key.kid
        )),
    }
}
