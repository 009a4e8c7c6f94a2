//! `qrpass vectors`: the cross-language test vectors in spec/vectors/.
//!
//! Each vector states its expected outcome explicitly; generation fails if the
//! core disagrees, so the files never just echo what the code happens to do.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use ciborium::value::{Integer, Value};
use coset::iana;
use coset::{CoseSign1Builder, Header, HeaderBuilder, TaggedCborSerializable};
use qrpass::keys::hex_encode;
use qrpass::qr::{self, RenderOptions};
use qrpass::trust::KeyStatus;
use qrpass::wire::{cbor, claims, text};
use qrpass::{
    Error, ErrorCode, Issuer, Pass, PassKind, PrivateKey, RevocationList, Timestamp, TrustStore,
    TrustedKey, Verifier,
};
use serde_json::{json, Value as Json};

use crate::commands::outcome_json;
use crate::error::{io_error, CliError};

/// Version of the vector file format.
const FORMAT: u32 = 1;
const AT: &str = "2021-09-10T08:00:00+07:00";
const IAT: &str = "2021-09-01T08:00:00+07:00";
const KEY_VALID_FROM: &str = "2021-01-01T00:00:00+07:00";

/// One vector file.
struct Vector {
    name: String,
    description: String,
    text: String,
    at: Timestamp,
    trust: TrustStore,
    revoked: Vec<Vec<u8>>,
    expect: Result<(), ErrorCode>,
    input: Option<Json>,
}

fn ts(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).unwrap_or(Timestamp(0))
}

/// The fixed-seed issuer key of province `issuer` (seed = the id, zero-padded).
fn key_for(issuer: &str) -> PrivateKey {
    PrivateKey::from_seed(&vector_seed(issuer))
}

fn trusted(key: &PrivateKey, issuer: &str, kinds: &[PassKind]) -> TrustedKey {
    TrustedKey::new(key.public_key(), issuer, kinds, ts(KEY_VALID_FROM))
}

fn store(keys: Vec<TrustedKey>) -> TrustStore {
    TrustStore::from_keys(keys).unwrap_or_default()
}

/// The default trust store: VN-SG and VN-HN keys for every kind.
fn default_trust() -> TrustStore {
    store(vec![
        trusted(&key_for("VN-SG"), "VN-SG", PassKind::ALL),
        trusted(&key_for("VN-HN"), "VN-HN", PassKind::ALL),
    ])
}

fn example(kind: PassKind) -> Pass {
    let json = match kind {
        PassKind::Permit => include_str!("../../spec/examples/permit.json"),
        PassKind::Declaration => include_str!("../../spec/examples/declaration.json"),
        PassKind::InfectionStatus => include_str!("../../spec/examples/infection_status.json"),
        PassKind::SupportEntitlement => {
            include_str!("../../spec/examples/support_entitlement.json")
        }
    };
    Pass::from_json(json).unwrap_or_else(unreachable_pass)
}

fn unreachable_pass(e: Error) -> Pass {
    // The examples are checked in and tested; this only runs if one is broken.
    eprintln!("a spec/examples file is invalid: {e}");
    std::process::exit(3)
}

/// Every optional field filled, text near its limits.
fn maximal(kind: PassKind) -> Pass {
    let person = json!({
        "name": "Tôn Nữ Hoàng Hạnh Nguyễn Phước Bảo Châu Huyền Tôn Nữ Thị Ngọc Diệp Lê Trần Phạm Võ Đặng Bùi Đỗ",
        "id": {"kind": "cccd", "number": "079201001234"},
        "birth_date": "1985-02-28",
        "phone": "+84912345678"
    });
    let validity =
        json!({"from": "2021-09-01T00:00:00+07:00", "until": "2021-09-30T23:59:59+07:00"});
    let json = match kind {
        PassKind::Permit => json!({
            "kind": "permit",
            "number": "HCM-Q1-BN-2021-0000004217-P-BEN-NGHE",
            "holder": person,
            "organisation": "Công ty TNHH Dịch vụ Giao nhận Hàng hóa và Vận tải Đa phương thức Sài Gòn – Chi nhánh Quận 1",
            "purpose": "other",
            "purpose_detail": "Vận chuyển nhu yếu phẩm, thực phẩm và thuốc men cho các khu phong tỏa theo điều phối của UBND phường",
            "areas": ["79.760", "79.760.26734", "79.760.26737", "79.760.26740", "79.760.26743", "79.769",
                      "79.770", "79.771", "79.772", "79.773", "79.774", "79.775", "79.776", "79.777", "79.778", "74"],
            "route": {"from": "79.760.26734", "to": "74"},
            "vehicle_plate": "51F-123.45",
            "authority": "Ủy ban nhân dân Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
            "validity": validity
        }),
        PassKind::Declaration => json!({
            "kind": "declaration",
            "declarant": person,
            "declared_at": "2021-09-01T06:30:00+07:00",
            "checkpoint": "HCM-CP-QL1A-KM1880-TRAM-KIEM-SOAT-BINH-CHANH",
            "origin": "79.785.27595",
            "destination": "80.794.27844",
            "symptoms": ["fever", "cough", "shortness_of_breath", "sore_throat", "loss_of_taste_or_smell", "fatigue"],
            "exposures": ["confirmed_case_contact", "outbreak_area_stay", "symptomatic_contact"],
            "vaccination": {"doses": 3, "last_dose": "2021-08-30"},
            "test": {"kind": "pcr", "result": "inconclusive", "date": "2021-08-31"},
            "validity": validity
        }),
        PassKind::InfectionStatus => json!({
            "kind": "infection_status",
            "person": person,
            "classification": "f0",
            "since": "2021-08-28",
            "isolation": {"place": "hospital", "until": "2021-09-28"},
            "test": {"kind": "pcr", "result": "positive", "date": "2021-08-27"},
            "case_ref": "BN-412733-HCM-CUM-CHO-BINH-DIEN",
            "validity": validity
        }),
        PassKind::SupportEntitlement => json!({
            "kind": "support_entitlement",
            "beneficiary": person,
            "case_number": "HCM-NQ68-QD23-2021-0000547748",
            "category": "other",
            "category_detail": "Hướng dẫn viên du lịch có thẻ hành nghề, bị mất việc do dịch Covid-19 theo Nghị quyết 68/NQ-CP",
            "residence": "79.760.26734",
            "amount_vnd": 3710000,
            "period": {"from": "2021-07-01", "until": "2021-12-31"},
            "validity": validity
        }),
    };
    Pass::from_json(&json.to_string()).unwrap_or_else(unreachable_pass)
}

fn issue(issuer: &str, pass: &Pass, iat: &str, cti: &[u8]) -> Result<String, Error> {
    Issuer::new(key_for(issuer), issuer)?.issue_with(pass, ts(iat), cti)
}

/// The claims map of a pass, as a CBOR value, for building malformed tokens.
fn claims_value(issuer: &str, pass: &Pass) -> Result<Value, Error> {
    let mut pass = pass.clone();
    pass.validate()?;
    let bytes = claims::encode(&claims::Claims {
        iss: issuer.into(),
        iat: ts(IAT),
        cti: b"vector".to_vec(),
        pass,
    });
    cbor::decode(&bytes, ErrorCode::BadClaims)
}

/// An in-place edit of a CBOR map's entries.
type MapEdit<'a> = dyn Fn(&mut Vec<(Value, Value)>) + 'a;

fn int(i: i64) -> Value {
    Value::Integer(Integer::from(i))
}

fn eddsa_kid(key: &PrivateKey) -> Header {
    HeaderBuilder::new()
        .algorithm(iana::Algorithm::EdDSA)
        .key_id(key.public_key().kid().0.to_vec())
        .build()
}

/// Signs arbitrary payload bytes with arbitrary headers; returns the COSE_Sign1 value (untagged builder).
fn sign_raw(
    key: &PrivateKey,
    protected: Header,
    unprotected: Header,
    payload: Vec<u8>,
) -> coset::CoseSign1 {
    CoseSign1Builder::new()
        .protected(protected)
        .unprotected(unprotected)
        .payload(payload)
        .create_signature(b"", |tbs| key.sign(tbs).to_vec())
        .build()
}

fn tagged(sign1: coset::CoseSign1) -> Vec<u8> {
    sign1.to_tagged_vec().unwrap_or_default()
}

fn cose_of(text_form: &str) -> Vec<u8> {
    text::decode(text_form).unwrap_or_default()
}

struct Builder {
    vectors: Vec<Vector>,
}

impl Builder {
    fn add(
        &mut self,
        name: &str,
        description: &str,
        text: String,
        expect: Result<(), ErrorCode>,
    ) -> &mut Vector {
        self.vectors.push(Vector {
            name: name.into(),
            description: description.into(),
            text,
            at: ts(AT),
            trust: default_trust(),
            revoked: Vec::new(),
            expect,
            input: None,
        });
        let last = self.vectors.len() - 1;
        &mut self.vectors[last]
    }
}

fn build() -> Result<Vec<Vector>, Error> {
    use ErrorCode::*;
    let mut b = Builder {
        vectors: Vec::new(),
    };
    let sg = key_for("VN-SG");
    let permit = example(PassKind::Permit);

    // Valid passes of every kind, typical and maximal.
    for &kind in PassKind::ALL {
        for (variant, pass) in [("typical", example(kind)), ("maximal", maximal(kind))] {
            let cti = format!("{kind}-{variant}");
            let iat = pass
                .validity()
                .from
                .to_rfc3339_at(qrpass::time::VIETNAM_OFFSET_SECONDS);
            let text = issue("VN-SG", &pass, &iat, cti.as_bytes())?;
            let v = b.add(
                &format!("{kind}_{variant}"),
                &format!("a {variant} {kind}, valid"),
                text,
                Ok(()),
            );
            v.at = pass.validity().from.add_seconds(3600);
            v.input = Some(json!({
                "pass": pass, "issuer": "VN-SG", "iat": iat, "cti": hex_encode(cti.as_bytes()),
                "key_seed": hex_encode(&vector_seed("VN-SG")),
            }));
        }
    }
    let good = issue("VN-SG", &permit, IAT, b"permit-1")?;
    let good_cose = cose_of(&good);

    // Time.
    b.add(
        "expired",
        "checked after the permit's validity ended",
        good.clone(),
        Err(Expired),
    )
    .at = ts("2021-09-16T08:00:00+07:00");
    b.add(
        "expired_within_skew",
        "exp passed 60 s ago: inside the 300 s clock skew",
        good.clone(),
        Ok(()),
    )
    .at = permit.validity().until.add_seconds(60);
    let early = issue("VN-SG", &permit, "2021-08-25T08:00:00+07:00", b"early")?;
    b.add(
        "not_yet_valid",
        "issued early, checked before the permit's validity starts",
        early,
        Err(NotYetValid),
    )
    .at = ts("2021-08-31T08:00:00+07:00");
    let future = issue("VN-SG", &permit, "2021-09-12T08:00:00+07:00", b"future")?;
    b.add(
        "issued_in_future",
        "iat two days after the verification time",
        future,
        Err(IssuedInFuture),
    );

    // Signature and keys.
    let mut bad_sig = good_cose.clone();
    let last = bad_sig.len() - 1;
    bad_sig[last] ^= 0x01;
    b.add(
        "bad_signature",
        "one bit of the signature flipped",
        text::encode(&bad_sig),
        Err(BadSignature),
    );
    let claims_bytes = cbor::encode(&claims_value("VN-SG", &permit)?);
    let mut tampered = sign_raw(&sg, eddsa_kid(&sg), Header::default(), claims_bytes.clone());
    if let Some(p) = tampered.payload.as_mut() {
        if let Some(pos) = p.windows(4).position(|w| w == b"Nguy") {
            p[pos] = b'M';
        }
    }
    b.add(
        "tampered_payload",
        "the holder's name changed after signing",
        text::encode(&tagged(tampered)),
        Err(BadSignature),
    );
    b.add(
        "unknown_kid",
        "the verifier trusts only VN-HN",
        good.clone(),
        Err(UnknownKey),
    )
    .trust = store(vec![trusted(&key_for("VN-HN"), "VN-HN", PassKind::ALL)]);
    b.add(
        "key_not_allowed_kind",
        "the key may sign declarations only",
        good.clone(),
        Err(KeyNotAllowed),
    )
    .trust = store(vec![trusted(&sg, "VN-SG", &[PassKind::Declaration])]);
    let wrong_iss =
        Issuer::new(key_for("VN-SG"), "VN-HN")?.issue_with(&permit, ts(IAT), b"wrong-iss")?;
    b.add(
        "issuer_mismatch",
        "VN-SG's key signed a token naming VN-HN",
        wrong_iss,
        Err(KeyNotAllowed),
    );
    let mut late = trusted(&sg, "VN-SG", PassKind::ALL);
    late.valid_from = ts("2021-09-05T00:00:00+07:00");
    b.add(
        "key_not_yet_valid_at_iat",
        "the key's window starts after iat",
        good.clone(),
        Err(KeyNotValid),
    )
    .trust = store(vec![late]);
    let mut retired_before = trusted(&sg, "VN-SG", PassKind::ALL);
    retired_before.status = KeyStatus::Retired(ts("2021-08-15T00:00:00+07:00"));
    b.add(
        "key_retired_before_issue",
        "the key was retired before iat",
        good.clone(),
        Err(KeyRetired),
    )
    .trust = store(vec![retired_before]);
    let mut retired_after = trusted(&sg, "VN-SG", PassKind::ALL);
    retired_after.status = KeyStatus::Retired(ts("2021-09-05T00:00:00+07:00"));
    b.add(
        "key_retired_after_issue",
        "retired after iat: still valid until exp",
        good.clone(),
        Ok(()),
    )
    .trust = store(vec![retired_after]);
    let mut revoked = trusted(&sg, "VN-SG", PassKind::ALL);
    revoked.status = KeyStatus::Revoked(ts("2021-09-05T00:00:00+07:00"));
    b.add(
        "key_revoked",
        "a revoked key: every token rejected, even one issued before",
        good.clone(),
        Err(KeyRevoked),
    )
    .trust = store(vec![revoked]);
    b.add(
        "revoked_token",
        "the token id is on the revocation list",
        good.clone(),
        Err(Revoked),
    )
    .revoked = vec![b"other".to_vec(), b"permit-1".to_vec()];
    b.add(
        "not_revoked_token",
        "a revocation list that does not name this token",
        good.clone(),
        Ok(()),
    )
    .revoked = vec![b"other".to_vec()];

    // Text layer.
    b.add(
        "empty_input",
        "nothing at all",
        String::new(),
        Err(EmptyInput),
    );
    b.add(
        "missing_prefix",
        "Base45 without VN1:",
        good[4..].to_string(),
        Err(BadPrefix),
    );
    b.add(
        "wrong_prefix",
        "the EU certificate prefix",
        format!("HC1:{}", &good[4..]),
        Err(BadPrefix),
    );
    b.add(
        "lowercase_text",
        "the whole text lower-cased",
        good.to_lowercase(),
        Err(BadPrefix),
    );
    b.add(
        "lowercase_body",
        "the Base45 body lower-cased",
        format!("VN1:{}", good[4..].to_lowercase()),
        Err(BadBase45),
    );
    b.add(
        "bad_base45",
        "a character outside the Base45 alphabet",
        format!("{}#{}", &good[..20], &good[21..]),
        Err(BadBase45),
    );
    b.add(
        "bad_base45_pair",
        "a final character pair above 255",
        format!("{}GG", &good),
        Err(BadBase45),
    );
    b.add(
        "oversize_input",
        "one byte over the 2048-byte cap",
        format!("VN1:{}", "0".repeat(text::MAX_TEXT_LEN - 3)),
        Err(InputTooLarge),
    );

    // Envelope.
    let base = || sign_raw(&sg, eddsa_kid(&sg), Header::default(), claims_bytes.clone());
    let mut trailing = good_cose.clone();
    trailing.push(0x00);
    b.add(
        "trailing_bytes",
        "a zero byte after the COSE_Sign1",
        text::encode(&trailing),
        Err(TrailingBytes),
    );
    let untagged = coset::CborSerializable::to_vec(base()).unwrap_or_default();
    b.add(
        "untagged",
        "COSE_Sign1 without tag 18",
        text::encode(&untagged),
        Err(BadTag),
    );
    let mut wrong_tag = vec![0xd8, 0x62]; // tag 98, COSE_Sign
    wrong_tag.extend_from_slice(&untagged);
    b.add(
        "wrong_tag",
        "tagged 98 (COSE_Sign) instead of 18",
        text::encode(&wrong_tag),
        Err(BadTag),
    );
    let es256 = HeaderBuilder::new()
        .algorithm(iana::Algorithm::ES256)
        .key_id(sg.public_key().kid().0.to_vec())
        .build();
    b.add(
        "wrong_alg",
        "alg ES256 (-7) in the protected header",
        text::encode(&tagged(sign_raw(
            &sg,
            es256,
            Header::default(),
            claims_bytes.clone(),
        ))),
        Err(UnsupportedAlg),
    );
    let kid_only = HeaderBuilder::new()
        .key_id(sg.public_key().kid().0.to_vec())
        .build();
    let alg_only = HeaderBuilder::new()
        .algorithm(iana::Algorithm::EdDSA)
        .build();
    let alg_unprotected = sign_raw(
        &sg,
        kid_only.clone(),
        alg_only.clone(),
        claims_bytes.clone(),
    );
    b.add(
        "alg_in_unprotected",
        "alg only in the unprotected header",
        text::encode(&tagged(alg_unprotected)),
        Err(UnprotectedHeader),
    );
    let kid_unprotected = sign_raw(&sg, alg_only.clone(), kid_only, claims_bytes.clone());
    b.add(
        "kid_in_unprotected",
        "kid only in the unprotected header",
        text::encode(&tagged(kid_unprotected)),
        Err(UnprotectedHeader),
    );
    let no_kid = sign_raw(&sg, alg_only, Header::default(), claims_bytes.clone());
    b.add(
        "missing_kid",
        "no kid anywhere",
        text::encode(&tagged(no_kid)),
        Err(MissingKid),
    );
    let empty_protected = sign_raw(
        &sg,
        Header::default(),
        Header::default(),
        claims_bytes.clone(),
    );
    b.add(
        "empty_protected_header",
        "no alg, no kid",
        text::encode(&tagged(empty_protected)),
        Err(UnsupportedAlg),
    );
    let crit = HeaderBuilder::new()
        .algorithm(iana::Algorithm::EdDSA)
        .key_id(sg.public_key().kid().0.to_vec())
        .add_critical(iana::HeaderParameter::Alg)
        .build();
    b.add(
        "crit_header",
        "a crit parameter in the protected header",
        text::encode(&tagged(sign_raw(
            &sg,
            crit,
            Header::default(),
            claims_bytes.clone(),
        ))),
        Err(BadHeader),
    );
    let mut detached = base();
    detached.payload = None;
    b.add(
        "detached_payload",
        "payload nil (detached)",
        text::encode(&tagged(detached)),
        Err(BadCose),
    );
    // A five-element array: COSE_Sign1 plus a second signature.
    let mut five = vec![0xd2, 0x85];
    five.extend_from_slice(&untagged[1..]);
    five.extend_from_slice(&[0x40]);
    b.add(
        "second_signature",
        "a fifth array element after the signature",
        text::encode(&five),
        Err(BadCose),
    );

    // Claims and pass (each correctly signed, so decoding is what fails).
    let with_claims =
        |b: &mut Builder, name: &str, desc: &str, payload: Vec<u8>, code: ErrorCode| {
            let cose = tagged(sign_raw(&sg, eddsa_kid(&sg), Header::default(), payload));
            b.add(name, desc, text::encode(&cose), Err(code));
        };
    let mut dup = claims_bytes.clone();
    // Claims map: bump the pair count and append a second iss (key 1).
    dup[0] += 1;
    dup.extend_from_slice(&cbor::encode(&int(1)));
    dup.extend_from_slice(&cbor::encode(&Value::Text("VN-HN".into())));
    with_claims(
        &mut b,
        "duplicate_claim_keys",
        "iss appears twice in the claims",
        dup,
        DuplicateKey,
    );
    let mut indefinite = claims_bytes.clone();
    indefinite[0] = 0xbf;
    indefinite.push(0xff);
    with_claims(
        &mut b,
        "indefinite_length_claims",
        "the claims map has an indefinite length",
        indefinite,
        IndefiniteLength,
    );
    let edit = |f: &MapEdit<'_>| -> Result<Vec<u8>, Error> {
        let mut v = claims_value("VN-SG", &permit)?;
        if let Value::Map(m) = &mut v {
            f(m);
        }
        Ok(cbor::encode(&v))
    };
    with_claims(
        &mut b,
        "unknown_claim",
        "an unregistered claim 99",
        edit(&|m| m.push((int(99), int(1))))?,
        BadClaims,
    );
    with_claims(
        &mut b,
        "missing_cti",
        "no token id",
        edit(&|m| m.retain(|(k, _)| k != &int(7)))?,
        BadClaims,
    );
    with_claims(
        &mut b,
        "negative_exp",
        "exp is a negative integer",
        edit(&|m| {
            for (k, v) in m.iter_mut() {
                if k == &int(4) {
                    *v = int(-1)
                }
            }
        })?,
        BadClaims,
    );
    with_claims(
        &mut b,
        "claims_not_a_map",
        "the payload is a CBOR array",
        cbor::encode(&Value::Array(vec![int(1)])),
        BadClaims,
    );
    let edit_pass = |f: &MapEdit<'_>| {
        edit(&|m| {
            for (k, v) in m.iter_mut() {
                if k == &int(claims::CLAIM_PASS) {
                    if let Value::Map(p) = v {
                        f(p);
                    }
                }
            }
        })
    };
    with_claims(
        &mut b,
        "unknown_kind",
        "pass kind 9",
        edit_pass(&|p| p[0].1 = int(9))?,
        UnknownKind,
    );
    with_claims(
        &mut b,
        "unknown_pass_field",
        "pass map key 50 is not defined",
        edit_pass(&|p| p.push((int(50), int(1))))?,
        BadPass,
    );
    with_claims(
        &mut b,
        "pass_field_wrong_type",
        "the permit number is an integer",
        edit_pass(&|p| p[1].1 = int(42))?,
        BadPass,
    );
    let ext = edit_pass(&|p| p.push((int(100), Value::Text("province extension".into()))))?;
    let ext_cose = tagged(sign_raw(&sg, eddsa_kid(&sg), Header::default(), ext));
    b.add(
        "extension_field_ignored",
        "pass key 100 is in the extension range: ignored",
        text::encode(&ext_cose),
        Ok(()),
    );
    Ok(b.vectors)
}

fn vector_seed(issuer: &str) -> [u8; 32] {
    let mut seed = [0u8; 32];
    for (s, b) in seed
        .iter_mut()
        .zip(format!("qrpass-vectors/{issuer}").bytes())
    {
        *s = b;
    }
    seed
}

/// Checks the vector against the core, and renders it as JSON.
fn render_vector(v: &Vector) -> Result<(Json, Json), Error> {
    let mut verifier = Verifier::new(v.trust.clone());
    if !v.revoked.is_empty() {
        verifier = verifier.with_revocation(Arc::new(RevocationList::from_ctis(&v.revoked)));
    }
    let result = verifier.verify_at(&v.text, v.at);
    let got = result.as_ref().map(|_| ()).map_err(|e| e.code());
    if got != v.expect {
        return Err(Error::new(
            ErrorCode::BadJson,
            format!(
                "vector {}: expected {:?}, the core gives {:?}",
                v.name, v.expect, result
            ),
        ));
    }
    let cose_len = text::decode(&v.text).map(|c| c.len()).ok();
    let qr_version = qr::encode(&v.text, &RenderOptions::default())
        .ok()
        .map(|q| q.version());
    let mut expected = outcome_json(&result);
    if let Some(obj) = expected.as_object_mut() {
        obj.remove("message");
    }
    let file = json!({
        "format": FORMAT,
        "name": v.name,
        "description": v.description,
        "text": v.text,
        "at": v.at.to_rfc3339_at(qrpass::time::VIETNAM_OFFSET_SECONDS),
        "clock_skew_seconds": qrpass::verify::DEFAULT_CLOCK_SKEW_SECONDS,
        "trust": serde_json::to_value(&v.trust).unwrap_or(Json::Null),
        "revoked_ctis": v.revoked.iter().map(|c| hex_encode(c)).collect::<Vec<_>>(),
        "expected": expected,
        "input": v.input,
        "size": {"text_chars": v.text.len(), "cose_bytes": cose_len, "qr_version_ecc_m": qr_version},
    });
    let row = json!([
        v.name,
        v.expect.err().map_or("valid", |c| c.as_str()),
        v.text.len(),
        cose_len,
        qr_version
    ]);
    Ok((file, row))
}

fn size_table(rows: &[Json]) -> String {
    let mut out = String::from(
        "# Test vectors\n\nGenerated by `qrpass vectors --out spec/vectors`; do not edit. \
         `qrpass vectors --check` fails when regenerating would change a file.\n\n\
         | vector | expected | text chars | COSE bytes | QR version (ECC M) |\n|---|---|---|---|---|\n",
    );
    for r in rows {
        let cell = |i: usize| match &r[i] {
            Json::Null => "–".to_string(),
            Json::String(s) => s.clone(),
            other => other.to_string(),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(0),
            cell(1),
            cell(2),
            cell(3),
            cell(4)
        ));
    }
    out
}

/// Builds every file of spec/vectors in memory: name → contents.
fn files() -> Result<BTreeMap<String, String>, Error> {
    let mut files = BTreeMap::new();
    let mut rows = Vec::new();
    let mut names = Vec::new();
    for v in build()? {
        let (file, row) = render_vector(&v)?;
        files.insert(
            format!("{}.json", v.name),
            serde_json::to_string_pretty(&file).unwrap_or_default() + "\n",
        );
        rows.push(row);
        names.push(v.name);
    }
    let lists = crate::trust_vectors::generate()?;
    files.extend(lists.files);
    let index = json!({"format": FORMAT, "error_codes": ErrorCode::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(), "vectors": names,
        "trust_vectors": lists.trust, "policy_vectors": lists.policy});
    files.insert(
        "index.json".into(),
        serde_json::to_string_pretty(&index).unwrap_or_default() + "\n",
    );
    files.insert("README.md".into(), size_table(&rows) + &lists.readme);
    Ok(files)
}

/// `qrpass vectors`.
pub fn run(out: &Path, check: bool) -> Result<(), CliError> {
    let files = files().map_err(|e| {
        CliError::from(e).hint("the generator and the core disagree: fix one of them")
    })?;
    if check {
        let mut stale = Vec::new();
        for (name, contents) in &files {
            if fs::read_to_string(out.join(name)).ok().as_deref() != Some(contents.as_str()) {
                stale.push(name.clone());
            }
        }
        if let Ok(dir) = fs::read_dir(out) {
            for entry in dir.flatten() {
                let name = entry.file_name().to_string_lossy().to_string();
                if !files.contains_key(&name) {
                    stale.push(format!("{name} (not generated)"));
                }
            }
        }
        if !stale.is_empty() {
            return Err(CliError::from(Error::new(
                ErrorCode::Io,
                format!("{} is out of date: {}", out.display(), stale.join(", ")),
            ))
            .hint("run `cargo run -p qrpass-cli -- vectors` and commit the result"));
        }
        println!("{} files in {} are up to date", files.len(), out.display());
        return Ok(());
    }
    fs::create_dir_all(out).map_err(|e| io_error(out, e))?;
    for (name, contents) in &files {
        crate::commands::write_file(&out.join(name), contents)?;
    }
    println!("wrote {} files to {}", files.len(), out.display());
    Ok(())
}
