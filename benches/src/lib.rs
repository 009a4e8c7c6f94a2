//! Benchmarks for qrpass; see benches/. The typical permit they all measure
//! lives here, so criterion (`benches/verify.rs`) and the callgrind loop
//! (`examples/verify_loop.rs`) time the same bytes.

use qrpass::internal::{cose, text};
use qrpass::{
    Issuer, Pass, PassKind, PrivateKey, PublicKey, Timestamp, TrustStore, TrustedKey, Verifier,
};

/// A typical permit (spec/examples/permit.json) issued with a fixed key, and
/// everything needed to verify it.
pub struct TypicalPermit {
    /// The issuer's public key.
    pub public: PublicKey,
    /// The issuer (seed `[7; 32]`, id `VN-SG`).
    pub issuer: Issuer,
    /// The pass.
    pub pass: Pass,
    /// Its issue time.
    pub iat: Timestamp,
    /// The `VN1:` text, token id `bench-01`.
    pub token: String,
    /// A verifier trusting the issuer.
    pub verifier: Verifier,
    /// One hour after issue: inside the validity window.
    pub at: Timestamp,
    /// The token's COSE_Sign1, for the raw signature check.
    pub sign1: cose::Sign1,
}

impl TypicalPermit {
    /// Issues the permit and checks that it verifies.
    pub fn new() -> TypicalPermit {
        let key = PrivateKey::from_seed(&[7; 32]);
        let public = key.public_key();
        let mut trust = TrustStore::default();
        trust
            .add(TrustedKey::new(
                public,
                "VN-SG",
                PassKind::ALL,
                Timestamp(946_684_800),
            ))
            .expect("key");
        let issuer = Issuer::new(key, "VN-SG").expect("issuer");
        let pass = qrpass_testkit::example(PassKind::Permit).expect("pass");
        let iat = pass.validity().from;
        let token = issuer.issue_with(&pass, iat, b"bench-01").expect("issue");
        let verifier = Verifier::new(trust);
        let at = iat.add_seconds(3600);
        assert!(verifier.verify_at(&token, at).is_ok());
        let sign1 = cose::parse(&text::decode(&token).expect("text")).expect("cose");
        TypicalPermit {
            public,
            issuer,
            pass,
            iat,
            token,
            verifier,
            at,
            sign1,
        }
    }
}

impl Default for TypicalPermit {
    fn default() -> Self {
        Self::new()
    }
}
