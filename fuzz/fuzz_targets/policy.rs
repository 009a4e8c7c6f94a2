//! Checkpoint policies from JSON or TOML (`Policy::parse`): `bad_policy` or a
//! policy that round-trips through JSON and decides on every example pass.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use qrpass::policy::{CheckpointContext, Policy};
use qrpass::{ErrorCode, Issuer, Verified};
use qrpass_fuzz::{example_passes, sg_key, verifier};

fn verified() -> &'static Vec<(Verified, qrpass::Timestamp)> {
    static V: OnceLock<Vec<(Verified, qrpass::Timestamp)>> = OnceLock::new();
    V.get_or_init(|| {
        let issuer = Issuer::new(sg_key(), "VN-SG").expect("issuer");
        example_passes()
            .into_iter()
            .map(|p| {
                let iat = p.validity().from;
                let text = issuer
                    .issue_with(&p, iat, b"policy-fuzz")
                    .expect("example issues");
                let at = iat.add_seconds(3600);
                (
                    verifier().verify_at(&text, at).expect("example verifies"),
                    at,
                )
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Policy::parse(text) {
        Ok(policy) => {
            assert!(policy.validate().is_ok());
            let again = Policy::from_json(&policy.to_json()).expect("a loaded policy round-trips");
            assert_eq!(again, policy);
            for (v, at) in verified() {
                for area in [None, Some("79".parse().expect("area"))] {
                    let d = policy.decide(&Ok(v.clone()), &CheckpointContext::new(area, *at));
                    assert!(!d.reasons.is_empty());
                    assert_eq!(Some(d.outcome), d.reasons.iter().map(|r| r.outcome).max());
                }
            }
        }
        Err(e) => assert_eq!(e.code(), ErrorCode::BadPolicy, "{e}"),
    }
});
