//! EU DCC verification on arbitrary input: `HC1:` text against a real DSC of
//! the dgc-testdata suite, and every step after the signature (claims, typed
//! payload under its schema rules, key usage, time, the checkpoint policy and
//! holder binding) on arbitrary CWT claims, as if a trusted DSC had signed them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::dcc::policy::{DccPolicy, Passport};
use qrpass::dcc::{cwt, Certificate, DccVerifier, DscList, VerifiedDcc};
use qrpass::{Date, Timestamp};

/// The DSC of dgc-testdata AT/1 (base64 DER), and its validation clock.
const DSC: &str = include_str!("../seeds/dcc_dsc.b64");
const NOW: Timestamp = Timestamp(1_620_324_000);

fuzz_target!(|data: &[u8]| {
    let trust = DscList::from_bytes(DSC.as_bytes()).expect("the seed DSC reads");
    let verifier = DccVerifier::new(trust);
    let text = String::from_utf8_lossy(data);
    if let Ok(v) = verifier.verify_at(&format!("HC1:{text}"), NOW) {
        assert!(!v.kid.is_empty());
    }
    let Ok(claims) = cwt::decode(data) else {
        return;
    };
    let Ok(certificate) = Certificate::from_cbor(claims.dcc) else {
        return;
    };
    let dcc = VerifiedDcc {
        certificate,
        issuer: claims.iss,
        kid: String::new(),
        iat: claims.iat,
        exp: claims.exp,
    };
    let policy = DccPolicy::from_json(
        r#"{"default": {"vaccination": {"full_course": true, "min_days": 14, "max_days": 270}, "test": {"naa_hours": 72, "rat_hours": 24}, "recovery": true}}"#,
    )
    .expect("policy");
    let passport = Passport {
        surname: "MUSTER".into(),
        given: "ANNA".into(),
        dob: Date(3000),
    };
    let view = policy.decide(&dcc, NOW, Some(&passport));
    assert_eq!(
        view.reasons.is_empty(),
        view.decision == qrpass::policy::Outcome::Allow
    );
});
