//! Fixtures shared by the fuzz targets and the seed generator: fixed keys, a
//! verifier trusting the keys of `spec/vectors`, a root key and a trust anchor
//! with a signed trust list and revocation list in force, and the invariants
//! every target checks on top of "no panic".
//!
//! Everything is deterministic (fixed seeds, fixed clock), so a crash input
//! reproduces on any machine. The seeds, the clock and the example passes come
//! from `qrpass-testkit` (testkit/), shared with xtask and the core's tests.

use std::sync::{Arc, OnceLock};

use qrpass::policy::{CheckpointContext, Policy};
use qrpass::revocation::RevocationDelta;
use qrpass::trust::{ListInfo, TrustAnchor, TrustList};
use qrpass::{
    inspect, KeyStatus, PassKind, PrivateKey, Result, RevocationList, Timestamp, TrustStore,
    TrustedKey, Verified, Verifier,
};
use qrpass_testkit::{fuzz_key, trusted};

/// The verification time of every target: 2021-09-05T01:00:00+07:00, inside
/// the validity of most `spec/vectors` passes.
pub const NOW: Timestamp = qrpass_testkit::clock::FUZZ_NOW;

/// 2021-01-01T00:00:00+07:00: the keys' `valid_from`, as in `spec/vectors`.
pub const KEYS_FROM: Timestamp = qrpass_testkit::clock::KEYS_FROM;

/// Token ids on the fixture revocation list (as in `spec/vectors/revoked_token.json`).
pub const REVOKED_CTIS: [&[u8]; 2] = [b"other", b"permit-1"];

/// The fixed keys of `spec/vectors` and the fuzz fixtures (qrpass-testkit).
pub use qrpass_testkit::{example_passes, hn_key, seed, sg_key};

/// A third issuer key, retired in the fixture trust store.
pub fn retired_key() -> PrivateKey {
    fuzz_key("retired")
}

/// The national root key that signs the fixture trust and revocation lists.
pub fn root_key() -> PrivateKey {
    fuzz_key("root")
}

/// The next root announced by the fixture trust list.
pub fn next_root_key() -> PrivateKey {
    fuzz_key("next-root")
}

/// The trusted keys: VN-SG and VN-HN for every kind, and a retired VN-DN key for permits.
pub fn trusted_keys() -> Vec<TrustedKey> {
    let mut retired = TrustedKey::new(
        retired_key().public_key(),
        "VN-DN",
        &[PassKind::Permit],
        KEYS_FROM,
    );
    retired.status = KeyStatus::Retired(Timestamp(1_630_454_400));
    vec![
        trusted(&sg_key(), "VN-SG", PassKind::ALL),
        trusted(&hn_key(), "VN-HN", PassKind::ALL),
        retired,
    ]
}

/// The fixture trust store.
pub fn trust_store() -> TrustStore {
    TrustStore::from_keys(trusted_keys()).expect("fixture keys are valid")
}

/// The shared verifier: [`trust_store`], the fixture revocation list, default skew.
pub fn verifier() -> &'static Verifier {
    static V: OnceLock<Verifier> = OnceLock::new();
    V.get_or_init(|| {
        Verifier::new(trust_store())
            .with_revocation(Arc::new(RevocationList::from_ctis(REVOKED_CTIS)))
    })
}

/// Sequence and times of the fixture lists.
pub fn list_info(sequence: u64) -> ListInfo {
    ListInfo {
        sequence,
        issued_at: Timestamp(1_630_000_000),
        next_update: Timestamp(1_630_604_800),
    }
}

/// The fixture trust list (sequence 5): [`trusted_keys`], a next root, no revocation signers.
pub fn trust_list() -> TrustList {
    let mut list = TrustList::new(list_info(5).issued_at, list_info(5).next_update);
    list.sequence = 5;
    list.keys = trusted_keys();
    list.next_root = Some(next_root_key().public_key());
    list
}

/// The fixture full revocation list (sequence 5) and a delta from it (sequence 6).
pub fn revocation_lists() -> (RevocationList, RevocationDelta) {
    let full = RevocationList::from_ctis(REVOKED_CTIS).with_info(list_info(5));
    let next = RevocationList::from_ctis([b"permit-1".as_slice(), b"third", b"fourth"])
        .with_info(list_info(6));
    let delta =
        RevocationDelta::between(&full, &next, list_info(6)).expect("the base has a sequence");
    (full, delta)
}

/// A trust anchor for [`root_key`] with [`trust_list`] and the full revocation list loaded.
pub fn anchor() -> &'static TrustAnchor {
    static A: OnceLock<TrustAnchor> = OnceLock::new();
    A.get_or_init(|| {
        let root = root_key();
        let mut anchor = TrustAnchor::new(root.public_key());
        let signed = trust_list().sign(&root).expect("fixture list signs");
        anchor.load_trust_list(&signed).expect("fixture list loads");
        let (full, _) = revocation_lists();
        let signed = full
            .sign(list_info(5), &root)
            .expect("fixture revocation list signs");
        anchor
            .load_revocation_list(&signed)
            .expect("fixture revocation list loads");
        anchor
    })
}

/// Invariants of a verification result, on top of "no panic":
///
/// - every error code is one of the documented codes and has a message;
/// - a verified token also inspects, to the same pass, issuer, iat and cti;
/// - a verified token's cti is not on the fixture revocation list, its issuer is
///   the trusted key's issuer, and it is valid at `now` within the skew;
/// - the checkpoint policy decides on the result and renders a view, whatever it is.
pub fn check_result(text: &str, result: &Result<Verified>) {
    match result {
        Err(e) => {
            assert!(
                qrpass::ErrorCode::ALL.contains(&e.code()),
                "undocumented code {:?}",
                e.code()
            );
            assert!(
                !e.message().is_empty(),
                "an error without a message: {:?}",
                e.code()
            );
        }
        Ok(v) => {
            let i = inspect(text).expect("a verified token must inspect");
            assert_eq!(i.unverified_pass(), &v.pass);
            assert_eq!(
                (&i.issuer, i.iat, &i.cti, i.kid),
                (&v.issuer, v.iat, &v.cti, v.kid)
            );
            assert!(
                !REVOKED_CTIS.contains(&v.cti.as_slice()),
                "a revoked token verified"
            );
            let keys = verifier().trust().keys_for(&v.kid);
            assert!(keys
                .iter()
                .any(|k| k.issuer == v.issuer && k.kinds.contains(&v.pass.kind())));
            let validity = v.pass.validity();
            assert!(
                validity.until > NOW.add_seconds(-300),
                "an expired token verified"
            );
            assert!(
                validity.from <= NOW.add_seconds(300),
                "a not-yet-valid token verified"
            );
            assert!(
                v.iat <= NOW.add_seconds(300),
                "a token from the future verified"
            );
            assert_eq!(v.exp, validity.until);
        }
    }
    let policy = Policy::default();
    for area in [
        None,
        Some("79".parse().expect("area")),
        Some("01.001.00001".parse().expect("area")),
    ] {
        let at = CheckpointContext::new(area, NOW);
        let decision = policy.decide(result, &at);
        assert!(!decision.reasons.is_empty());
        let view = decision.view(result);
        if result.is_err() {
            assert!(
                view.name.is_none() && view.id_masked.is_none(),
                "unverified data on screen"
            );
        }
    }
}

/// A checkpoint for [`root_key`] holding the fixture trust list and revocation
/// list and one signed policy (`national`, sequence 3), at area `79.760`.
pub fn checkpoint() -> &'static qrpass::Checkpoint {
    static C: OnceLock<qrpass::Checkpoint> = OnceLock::new();
    C.get_or_init(|| {
        let root = root_key();
        let mut cp = qrpass::Checkpoint::new(root.public_key(), "fuzz", "79.760".parse().ok());
        let signed = trust_list().sign(&root).expect("fixture list signs");
        cp.offer(&signed).expect("fixture list loads");
        let (full, _) = revocation_lists();
        let signed = full
            .sign(list_info(5), &root)
            .expect("fixture revocation list signs");
        cp.offer(&signed).expect("fixture revocation list loads");
        cp.offer(&policy_document(3).sign(&root).expect("signs"))
            .expect("fixture policy loads");
        cp
    })
}

/// The fixture signed policy document `national` with `sequence`.
pub fn policy_document(sequence: u64) -> qrpass::PolicyDocument {
    qrpass::PolicyDocument {
        info: list_info(sequence),
        id: "national".into(),
        title: "fuzz".into(),
        valid_from: list_info(sequence).issued_at,
        valid_until: None,
        scope: None,
        policy: qrpass::Policy::default(),
    }
}
