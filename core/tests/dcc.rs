//! EU DCC verification end to end, on certificates of the dgc-testdata suite
//! (testdata/dgc/), and every DCC error path with its code.
#![cfg(feature = "dcc")]

use qrpass::dcc::{decode_base64, parse_clock, AnyOutcome, AnyVerifier, DccVerifier, DscList};
use qrpass::internal::base45;
use qrpass::{ErrorCode, Timestamp, TrustStore, Verifier};
use serde_json::Value as J;

fn suite(path: &str) -> J {
    let full = format!("{}/../testdata/dgc/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(full).expect("read")).expect("JSON")
}

/// The file's text, its DSC as a one-certificate trust list, and its clock.
fn case(path: &str) -> (String, DscList, Timestamp) {
    let file = suite(path);
    let der =
        decode_base64(file["TESTCTX"]["CERTIFICATE"].as_str().expect("cert")).expect("base64");
    let mut list = DscList::default();
    list.add_der(&der).expect("DSC");
    let clock =
        parse_clock(file["TESTCTX"]["VALIDATIONCLOCK"].as_str().expect("clock")).expect("clock");
    (
        file["PREFIX"].as_str().expect("prefix").to_owned(),
        list,
        clock,
    )
}

fn code(verifier: &DccVerifier, text: &str, at: Timestamp) -> ErrorCode {
    verifier
        .verify_at(text, at)
        .expect_err("should fail")
        .code()
}

/// `HC1:` + Base45 of zlib of `cose`.
fn wrap(cose: &[u8]) -> String {
    format!(
        "HC1:{}",
        base45::encode(&miniz_oxide::deflate::compress_to_vec_zlib(cose, 6))
    )
}

#[test]
fn a_suite_certificate_verifies_with_typed_fields() {
    let (text, list, at) = case("AT/2DCode/raw/1.json");
    let v = DccVerifier::new(list)
        .verify_at(&text, at)
        .expect("verifies");
    assert_eq!(v.issuer.as_deref(), Some("AT"));
    assert_eq!(v.certificate.kind(), "vaccination");
    assert!(!v.certificate.nam.family_std.is_empty());
    assert_eq!(v.kid.len(), 16);
}

#[test]
fn verify_any_routes_both_formats_with_one_outcome_shape() {
    let (text, list, at) = case("AT/2DCode/raw/1.json");
    let any = AnyVerifier::new(Verifier::new(TrustStore::default()), DccVerifier::new(list));
    let json = serde_json::to_value(AnyOutcome::from(any.verify_at(&text, at))).expect("json");
    assert_eq!(
        (
            json["outcome"].as_str(),
            json["verified"]["format"].as_str()
        ),
        (Some("valid"), Some("hc1"))
    );
    assert!(json["code"].is_null());
    let json = serde_json::to_value(AnyOutcome::from(any.verify_at("VN1:", at))).expect("json");
    assert_eq!(
        (json["outcome"].as_str(), json["code"].as_str()),
        (Some("invalid"), Some("bad_cbor"))
    );
    assert_eq!(
        any.verify_at("nothing", at).unwrap_err().code(),
        ErrorCode::BadPrefix
    );
    assert_eq!(
        any.verify_at("  ", at).unwrap_err().code(),
        ErrorCode::EmptyInput
    );
}

#[test]
fn trust_and_time_failures_have_their_codes() {
    let (text, list, at) = case("AT/2DCode/raw/1.json");
    let verifier = DccVerifier::new(list.clone());
    assert_eq!(
        code(&DccVerifier::new(DscList::default()), &text, at),
        ErrorCode::UnknownDccKid
    );
    assert_eq!(
        code(&verifier, &text, at.add_seconds(400 * 86_400)),
        ErrorCode::Expired
    );
    assert_eq!(
        code(&verifier, &text, Timestamp(1_000_000_000)),
        ErrorCode::IssuedInFuture
    );
    // A test-only DSC signing a vaccination (suite file CO6).
    let (text6, list6, at6) = case("common/2DCode/raw/CO6.json");
    assert_eq!(
        code(&DccVerifier::new(list6), &text6, at6),
        ErrorCode::DscKeyUsage
    );
    // Signed before its DSC's validity (BG/4, see DISAGREEMENTS.tsv).
    let (text4, list4, at4) = case("BG/2DCode/raw/4.json");
    assert_eq!(
        code(&DccVerifier::new(list4), &text4, at4),
        ErrorCode::DscExpired
    );
    // One flipped signature byte.
    let decoded = qrpass::dcc::Decoded::from_text(&text).expect("decodes");
    let mut sign1 = decoded.sign1.clone();
    sign1.signature[5] ^= 1;
    let envelope = ciborium::Value::Tag(
        18,
        Box::new(ciborium::Value::Array(vec![
            ciborium::Value::Bytes(sign1.protected.clone()),
            ciborium::Value::Map(vec![]),
            ciborium::Value::Bytes(sign1.payload.clone()),
            ciborium::Value::Bytes(sign1.signature.clone()),
        ])),
    );
    let mut cose = Vec::new();
    ciborium::into_writer(&envelope, &mut cose).expect("cbor");
    assert_eq!(code(&verifier, &wrap(&cose), at), ErrorCode::BadSignature);
}

#[test]
fn hostile_inputs_get_their_codes_never_a_panic() {
    let v = DccVerifier::new(DscList::default());
    let at = Timestamp(1_620_000_000);
    // A zlib bomb: 1 MiB of zeros in about 1 KB, under the text cap.
    let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![0u8; 1 << 20], 10);
    let text = format!("HC1:{}", base45::encode(&bomb));
    assert!(text.len() < 4_296, "bomb text is {} bytes", text.len());
    assert_eq!(code(&v, &text, at), ErrorCode::DecompressedTooLarge);
    // A byte string declaring 2^64 - 1 bytes.
    let huge = [0x84, 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    assert_eq!(code(&v, &wrap(&huge), at), ErrorCode::BadCbor);
    // An array claiming 2^32 items in a few bytes.
    assert_eq!(
        code(&v, &wrap(&[0x9a, 0xff, 0xff, 0xff, 0xff, 0x00]), at),
        ErrorCode::BadCbor
    );
    // Nesting 200 deep.
    let deep = [vec![0x81; 200], vec![0x00]].concat();
    assert_eq!(code(&v, &wrap(&deep), at), ErrorCode::NestingTooDeep);
    assert_eq!(code(&v, "HC1:NCF", at), ErrorCode::BadZlib);
    assert_eq!(code(&v, "HC1:a", at), ErrorCode::BadBase45);
    assert_eq!(code(&v, "HC2:ABC", at), ErrorCode::BadPrefix);
    assert_eq!(code(&v, "", at), ErrorCode::EmptyInput);
    assert_eq!(
        code(&v, &format!("HC1:{}", "0".repeat(5000)), at),
        ErrorCode::InputTooLarge
    );
    assert_eq!(code(&v, &wrap(&[0xd8, 0x19, 0x80]), at), ErrorCode::BadTag);
    assert_eq!(
        code(&v, &wrap(&[0x83, 0x40, 0xa0, 0x40]), at),
        ErrorCode::BadCose
    );
    assert_eq!(
        code(&v, &wrap(&[0x84, 0x40, 0xa0, 0x40, 0x40]), at),
        ErrorCode::UnsupportedAlg
    );
    assert_eq!(
        code(
            &v,
            &wrap(&[0x84, 0x43, 0xa1, 0x01, 0x26, 0xa0, 0x40, 0x40]),
            at
        ),
        ErrorCode::MissingKid
    );
    assert_eq!(
        code(&v, &wrap(&[0x84, 0x40, 0xa0, 0x40, 0x40, 0x00]), at),
        ErrorCode::TrailingBytes
    );
    // Well-formed envelope, claims without hcert.
    let no_hcert = [
        0x84, 0x40, 0xa2, 0x01, 0x26, 0x04, 0x41, 0x01, 0x43, 0xa1, 0x06, 0x00, 0x40,
    ];
    assert_eq!(code(&v, &wrap(&no_hcert), at), ErrorCode::BadClaims);
}

#[test]
fn schema_rules_follow_the_declared_version() {
    use qrpass::dcc::Certificate;
    let base = |ver: &str, dob: &str| {
        serde_json::json!({"ver": ver, "nam": {"fnt": "MUSTER", "gnt": "ANNA"}, "dob": dob,
            "r": [{"tg": "840539006", "fr": "2021-01-01", "co": "VN", "is": "MoH", "df": "2021-01-12", "du": "2021-07-01", "ci": "URN:UVCI:01:VN:1"}]})
    };
    let check = |j: J| {
        let mut bytes = Vec::new();
        ciborium::into_writer(&j, &mut bytes).expect("cbor");
        Certificate::from_cbor(ciborium::from_reader(&bytes[..]).expect("value"))
            .map_err(|e| e.code())
    };
    assert!(check(base("1.3.0", "1979-04")).is_ok());
    assert!(check(base("1.3.0", "")).is_ok());
    assert_eq!(check(base("1.0.0", "1979")), Err(ErrorCode::BadDcc));
    assert_eq!(check(base("2.0.0", "1979-04-14")), Err(ErrorCode::BadDcc));
    assert_eq!(check(base("1.3", "1979-04-14")), Err(ErrorCode::BadDcc));
    assert_eq!(check(base("1.3.0", "1979-13")), Err(ErrorCode::BadDcc));
    let mut lower = base("1.3.0", "1979");
    lower["nam"]["fnt"] = "muster".into();
    assert_eq!(check(lower), Err(ErrorCode::BadDcc));
    let mut two = base("1.3.0", "1979");
    two["v"] = two["r"].clone();
    assert_eq!(check(two), Err(ErrorCode::BadDcc));
}

#[test]
fn trust_list_files_in_every_form() {
    let file = suite("AT/2DCode/raw/1.json");
    let b64 = file["TESTCTX"]["CERTIFICATE"].as_str().expect("cert");
    let der = decode_base64(b64).expect("der");
    let kid = qrpass::dcc::dsc::kid_of(&der);
    let pem = format!("-----BEGIN CERTIFICATE-----\n{b64}\n-----END CERTIFICATE-----\n");
    assert_eq!(DscList::from_bytes(pem.as_bytes()).expect("pem").len(), 1);
    assert_eq!(DscList::from_bytes(&der).expect("der").len(), 1);
    let kid64: String = {
        // base64 of the kid, by hand: the JSON form names the kid as national backends do.
        let t = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for c in kid.chunks(3) {
            let n = c.iter().fold(0u32, |a, &b| a << 8 | u32::from(b)) << (8 * (3 - c.len()));
            for i in 0..=c.len() {
                s.push(char::from(t[(n >> (18 - 6 * i) & 63) as usize]));
            }
        }
        s
    };
    let json = format!(r#"[{{"kid": "{kid64}", "certificate": "{b64}"}}]"#);
    assert_eq!(
        DscList::from_bytes(json.as_bytes())
            .expect("json")
            .find(&kid)
            .count(),
        1
    );
    let wrong = format!(r#"[{{"kid": "AAAAAAAAAAA=", "certificate": "{b64}"}}]"#);
    assert_eq!(
        DscList::from_bytes(wrong.as_bytes()).unwrap_err().code(),
        ErrorCode::BadTrustList
    );
    assert_eq!(
        DscList::from_bytes(b"not a certificate")
            .unwrap_err()
            .code(),
        ErrorCode::BadTrustList
    );
    let mut list = DscList::from_bytes(&der).expect("der");
    assert!(list
        .extend_from_bytes(b"[{\"certificate\": \"!!\"}]")
        .is_err());
    assert_eq!(list.len(), 1, "a refused file adds nothing");
}

#[test]
fn policy_rules_view_and_holder_binding() {
    use qrpass::dcc::policy::{DccPolicy, Passport};
    use qrpass::policy::Outcome;
    let (text, list, at) = case("AT/2DCode/raw/1.json");
    let dcc = DccVerifier::new(list)
        .verify_at(&text, at)
        .expect("verifies");
    // AT/1 is dose 1 of 2 on 2021-02-18, checked on 2021-05-06.
    let lenient = DccPolicy::from_json(r#"{"default": {"vaccination": {}}}"#).expect("policy");
    let view = lenient.decide(&dcc, at, None);
    assert_eq!(
        (view.decision, view.reasons.clone()),
        (Outcome::Allow, vec![])
    );
    let strict = DccPolicy::from_json(
        r#"{"default": {"vaccination": {"full_course": true, "min_days": 14, "max_days": 60}}, "countries": {"AT": {"recovery": true}}}"#,
    )
    .expect("policy");
    assert_eq!(
        strict.decide(&dcc, at, None).reasons,
        vec!["statement_not_accepted"],
        "AT's own rules apply"
    );
    let mut by_default = strict.clone();
    by_default.countries.clear();
    assert_eq!(
        by_default.decide(&dcc, at, None).reasons,
        vec!["not_full_course", "dose_too_old"]
    );
    assert_eq!(
        DccPolicy::from_json(r#"{"defualt": {}}"#)
            .unwrap_err()
            .code(),
        ErrorCode::BadPolicy
    );

    // The view holds the name, date of birth and statement summary, nothing else.
    let json = serde_json::to_string(&view).expect("json");
    for hidden in [
        "URN:UVCI",
        "Ministry of Health",
        "ORG-100030215",
        "EU/1/20/1528",
        "d919375f",
    ] {
        assert!(!json.contains(hidden), "{hidden} in {json}");
    }
    assert!(
        json.contains("Gabriele")
            && json.contains("1998-02-26")
            && json.contains("vaccination 1/2")
    );
    assert_eq!(
        (view.statement.as_str(), view.statement_vi.as_str()),
        (
            "vaccination 1/2 on 2021-02-18 (AT)",
            "tiêm mũi 1/2 ngày 2021-02-18 (AT)"
        )
    );

    let dob = qrpass::Date::from_ymd(1998, 2, 26).expect("date");
    let passport = Passport {
        surname: "MUSTERFRAU<GOESSINGER".into(),
        given: "GABRIELE".into(),
        dob,
    };
    assert!(lenient.decide(&dcc, at, Some(&passport)).reasons.is_empty());
    let other = Passport {
        dob: qrpass::Date::from_ymd(1998, 2, 27).expect("date"),
        ..passport.clone()
    };
    assert_eq!(
        lenient.decide(&dcc, at, Some(&other)).reasons,
        vec!["holder_mismatch"]
    );
    let renamed = Passport {
        given: "GABI".into(),
        ..passport
    };
    assert_eq!(
        lenient.decide(&dcc, at, Some(&renamed)).decision,
        Outcome::Deny
    );
}

#[test]
fn test_and_recovery_rules() {
    use qrpass::dcc::policy::DccPolicy;
    use qrpass::dcc::{Certificate, VerifiedDcc};
    let verified = |group: &str, entry: J| {
        let j = serde_json::json!({"ver": "1.3.0", "nam": {"fnt": "MUSTER"}, "dob": "1979", group: [entry]});
        let mut bytes = Vec::new();
        ciborium::into_writer(&j, &mut bytes).expect("cbor");
        let certificate = Certificate::from_cbor(ciborium::from_reader(&bytes[..]).expect("value"))
            .expect("valid");
        VerifiedDcc {
            certificate,
            issuer: Some("VN".into()),
            kid: String::new(),
            iat: Timestamp(0),
            exp: Timestamp(0),
        }
    };
    let now = Timestamp::parse_rfc3339("2021-12-10T12:00:00Z").expect("time");
    let test = |tt: &str, tr: &str, sc: &str| {
        verified(
            "t",
            serde_json::json!({"tg": "840539006", "tt": tt, "sc": sc, "tr": tr, "co": "VN", "is": "MoH", "ci": "URN:UVCI:01:VN:2"}),
        )
    };
    let policy = DccPolicy::from_json(
        r#"{"default": {"test": {"naa_hours": 72, "rat_hours": 24}, "recovery": true}}"#,
    )
    .expect("policy");
    let reasons = |d: &VerifiedDcc| policy.decide(d, now, None).reasons;
    assert!(reasons(&test("LP6464-4", "260415000", "2021-12-08T12:00:00Z")).is_empty());
    assert_eq!(
        reasons(&test("LP217198-3", "260415000", "2021-12-08T12:00:00Z")),
        vec!["test_too_old"]
    );
    assert_eq!(
        reasons(&test("LP6464-4", "260373001", "2021-12-10T10:00:00Z")),
        vec!["test_not_negative"]
    );
    assert_eq!(
        reasons(&test("LP6464-4", "260415000", "2021-12-11T10:00:00Z")),
        vec!["test_too_old"],
        "a sample from the future"
    );
    assert_eq!(
        reasons(&test("OTHER", "260415000", "2021-12-10T10:00:00Z")),
        vec!["test_type_not_accepted"]
    );
    let recovery = |df: &str, du: &str| {
        verified(
            "r",
            serde_json::json!({"tg": "840539006", "fr": "2021-06-01", "co": "VN", "is": "MoH", "df": df, "du": du, "ci": "URN:UVCI:01:VN:3"}),
        )
    };
    assert!(reasons(&recovery("2021-06-12", "2021-12-31")).is_empty());
    assert_eq!(
        reasons(&recovery("2021-06-12", "2021-12-09")),
        vec!["recovery_not_valid"]
    );
    // The summaries, in English and Vietnamese, of each kind of test and of a recovery.
    let summaries = |d: &VerifiedDcc| {
        let view = policy.decide(d, now, None);
        (view.statement, view.statement_vi)
    };
    let cases = [
        (
            test("LP6464-4", "260415000", "2021-12-08T12:00:00Z"),
            "test naa negative sampled 2021-12-08T12:00:00Z (VN)",
            "xét nghiệm PCR (NAA) âm tính, lấy mẫu 2021-12-08T12:00:00Z (VN)",
        ),
        (
            test("LP217198-3", "260373001", "2021-12-08T12:00:00Z"),
            "test rat not negative sampled 2021-12-08T12:00:00Z (VN)",
            "xét nghiệm nhanh kháng nguyên không âm tính, lấy mẫu 2021-12-08T12:00:00Z (VN)",
        ),
        (
            test("OTHER", "260415000", "2021-12-08T12:00:00Z"),
            "test other negative sampled 2021-12-08T12:00:00Z (VN)",
            "xét nghiệm loại khác âm tính, lấy mẫu 2021-12-08T12:00:00Z (VN)",
        ),
        (
            recovery("2021-06-12", "2021-12-31"),
            "recovery valid 2021-06-12 to 2021-12-31 (VN)",
            "đã khỏi bệnh, hiệu lực 2021-06-12 đến 2021-12-31 (VN)",
        ),
    ];
    for (dcc, en, vi) in cases {
        assert_eq!(summaries(&dcc), (en.to_string(), vi.to_string()));
    }
    let no_recovery = DccPolicy::from_json(r#"{"default": {}}"#).expect("policy");
    assert_eq!(
        no_recovery
            .decide(&recovery("2021-06-12", "2021-12-31"), now, None)
            .reasons,
        vec!["statement_not_accepted"]
    );
}
