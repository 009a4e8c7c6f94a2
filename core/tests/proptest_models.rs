//! Property tests over every pass model: generated valid passes (Vietnamese
//! names with diacritics, sometimes decomposed or padded; CCCD, CMND, passport
//! and other IDs; area codes `PP`, `PP.DDD`, `PP.DDD.CCCCC`; optional fields
//! present or absent; validity windows) must
//!
//! 1. issue, then verify to exactly the normalised pass (the one
//!    [`Pass::validate`] makes), with the issuer, `iat`, `exp` and `cti` given;
//! 2. be normalised the way SPEC.md says (NFC, trimmed; upper-case IDs;
//!    compact phones and plates; bit-ordered symptom and exposure lists), and
//!    normalising twice changes nothing;
//! 3. re-encode stably: text → inspect → re-issue with the same key, `iat`
//!    and `cti` gives the same text, byte for byte;
//! 4. round-trip through JSON.
//!
//! `CASES` per model keeps the file well under 30 s in the debug profile.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use qrpass::model::{
    AreaCode, Classification, DateRange, Declaration, Exposure, IdDocument, IdKind,
    InfectionStatus, Isolation, IsolationPlace, Permit, Person, PurposeKind, Route,
    SupportCategory, SupportEntitlement, Symptom, TestKind, TestOutcome, TestRecord, Vaccination,
    Validity,
};
use qrpass::{
    inspect, Date, Issuer, Pass, PassKind, PrivateKey, Timestamp, TrustStore, TrustedKey, Verifier,
};
use unicode_normalization::UnicodeNormalization;

/// Cases per model (4 models).
const CASES: u32 = 512;

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thuỳ", "Xuân",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hạnh", "Hùng", "Khánh", "Linh", "Lộc", "Mai",
    "Nga", "Phương", "Quân", "Sơn", "Thảo", "Trung", "Tuấn", "Uyên", "Việt", "Yến", "Đạt", "Ánh",
    "Ẩn", "Ưng", "Ơn",
];
const WORDS: &[&str] = &[
    "Công ty",
    "TNHH",
    "Bệnh viện",
    "Chợ",
    "Bến Thành",
    "Thủ Đức",
    "Hóc Môn",
    "giao hàng",
    "thiết yếu",
    "Sở Y tế",
    "UBND",
    "phường",
    "Bến Nghé",
    "Quận 1",
    "Đà Nẵng",
    "Cần Thơ",
    "Hải Phòng",
];

/// A name as a person might type it: precomposed or decomposed (NFD), maybe padded.
fn name() -> impl Strategy<Value = String> {
    (
        select(FAMILY),
        option::of(select(MIDDLE)),
        select(GIVEN),
        any::<bool>(),
        select(&["", " ", "  "][..]),
    )
        .prop_map(|(f, m, g, decompose, pad)| {
            let n = match m {
                Some(m) => format!("{f} {m} {g}"),
                None => format!("{f} {g}"),
            };
            let n = if decompose { n.nfd().collect() } else { n };
            format!("{pad}{n}{pad}")
        })
}

/// Free text of 1–4 Vietnamese words.
fn words(max: usize) -> impl Strategy<Value = String> {
    vec(select(WORDS), 1..=max).prop_map(|w| w.join(" "))
}

fn id() -> impl Strategy<Value = IdDocument> {
    prop_oneof![
        "[0-9]{12}".prop_map(|n| IdDocument {
            kind: IdKind::Cccd,
            number: n
        }),
        "[0-9]{9}|[0-9]{12}".prop_map(|n| IdDocument {
            kind: IdKind::Cmnd,
            number: n
        }),
        "[A-Za-z][0-9]{7}".prop_map(|n| IdDocument {
            kind: IdKind::Passport,
            number: n
        }),
        "[A-Za-z0-9/-]{1,20}".prop_map(|n| IdDocument {
            kind: IdKind::Other,
            number: n
        }),
    ]
}

fn phone() -> impl Strategy<Value = String> {
    prop_oneof![
        "0[0-9]{9}",
        r"\+84 [0-9]{3}\.[0-9]{3}-[0-9]{3}",
        "0[0-9]{2} [0-9]{3} [0-9]{4}"
    ]
}

/// A date between 1930 and 2025 (days since 1970-01-01).
fn date() -> impl Strategy<Value = Date> {
    (-14_610i32..20_089).prop_map(Date)
}

fn person() -> impl Strategy<Value = Person> {
    (name(), id(), option::of(date()), option::of(phone())).prop_map(
        |(name, id, birth_date, phone)| Person {
            name,
            id,
            birth_date,
            phone,
        },
    )
}

fn area() -> impl Strategy<Value = AreaCode> {
    prop_oneof![
        r"[0-9]{2}",
        r"[0-9]{2}\.[0-9]{3}",
        r"[0-9]{2}\.[0-9]{3}\.[0-9]{5}"
    ]
    .prop_map(|s| {
        s.parse::<AreaCode>()
            .expect("generated area codes are valid")
    })
}

/// A validity window between 2021 and 2030, from 1 second to 90 days long.
fn validity() -> impl Strategy<Value = Validity> {
    (1_609_459_200i64..1_893_456_000, 1i64..=90 * 86_400).prop_map(|(from, len)| Validity {
        from: Timestamp(from),
        until: Timestamp(from + len),
    })
}

fn test_record() -> impl Strategy<Value = TestRecord> {
    (select(TestKind::ALL), select(TestOutcome::ALL), date())
        .prop_map(|(kind, result, date)| TestRecord { kind, result, date })
}

fn permit() -> impl Strategy<Value = Pass> {
    (
        (
            "[A-Z]{2,3}-20[0-9]{2}-[0-9]{1,6}",
            person(),
            option::of(words(4)),
            select(PurposeKind::ALL),
        ),
        (
            option::of(words(3)),
            vec(area(), 1..=4),
            option::of((area(), area())),
        ),
        (
            option::of(r"[0-9]{2}[A-Z]-[0-9]{3}\.[0-9]{2}|[0-9]{2}[a-z][0-9]{4,5}"),
            option::of(words(3)),
            validity(),
        ),
    )
        .prop_map(
            |(
                (number, holder, organisation, purpose),
                (detail, areas, route),
                (plate, authority, validity),
            )| {
                let purpose_detail = if purpose == PurposeKind::Other {
                    Some(detail.unwrap_or_else(|| "khác".into()))
                } else {
                    detail
                };
                Pass::Permit(Permit {
                    number,
                    holder,
                    organisation,
                    purpose,
                    purpose_detail,
                    areas,
                    route: route.map(|(from, to)| Route { from, to }),
                    vehicle_plate: plate,
                    authority,
                    validity,
                })
            },
        )
}

fn declaration() -> impl Strategy<Value = Pass> {
    (
        (
            person(),
            1_609_459_200i64..1_893_456_000,
            "CP-[0-9]{1,4}|Chốt [0-9]{1,3}",
            area(),
            area(),
        ),
        (
            vec(select(Symptom::ALL), 0..8),
            vec(select(Exposure::ALL), 0..5),
        ),
        (
            option::of((0u8..=10, option::of(date()))),
            option::of(test_record()),
            validity(),
        ),
    )
        .prop_map(
            |(
                (declarant, declared_at, checkpoint, origin, destination),
                (symptoms, exposures),
                (vaccination, test, validity),
            )| {
                Pass::Declaration(Declaration {
                    declarant,
                    declared_at: Timestamp(declared_at),
                    checkpoint,
                    origin,
                    destination,
                    symptoms,
                    exposures,
                    vaccination: vaccination
                        .map(|(doses, last_dose)| Vaccination { doses, last_dose }),
                    test,
                    validity,
                })
            },
        )
}

fn infection_status() -> impl Strategy<Value = Pass> {
    (
        (person(), select(Classification::ALL), date()),
        (
            option::of((select(IsolationPlace::ALL), 0i32..60)),
            option::of(test_record()),
            option::of("[A-Z]{2}-[0-9]{1,8}"),
        ),
        validity(),
    )
        .prop_map(
            |((person, classification, since), (isolation, test, case_ref), validity)| {
                Pass::InfectionStatus(InfectionStatus {
                    person,
                    classification,
                    since,
                    isolation: isolation.map(|(place, days)| Isolation {
                        place,
                        until: Date(since.0 + days),
                    }),
                    test,
                    case_ref,
                    validity,
                })
            },
        )
}

fn support_entitlement() -> impl Strategy<Value = Pass> {
    (
        (
            person(),
            "HT-[0-9]{1,10}",
            select(SupportCategory::ALL),
            option::of(words(3)),
        ),
        (area(), 1u64..=1_000_000_000, date(), 0i32..120, validity()),
    )
        .prop_map(
            |(
                (beneficiary, case_number, category, detail),
                (residence, amount_vnd, from, len, validity),
            )| {
                let category_detail = if category == SupportCategory::Other {
                    Some(detail.unwrap_or_else(|| "khác".into()))
                } else {
                    detail
                };
                Pass::SupportEntitlement(SupportEntitlement {
                    beneficiary,
                    case_number,
                    category,
                    category_detail,
                    residence,
                    amount_vnd,
                    period: DateRange {
                        from,
                        until: Date(from.0 + len),
                    },
                    validity,
                })
            },
        )
}

fn key() -> PrivateKey {
    PrivateKey::from_seed(&[0x70; 32])
}

fn verifier() -> Verifier {
    let mut trust = TrustStore::default();
    trust
        .add(TrustedKey::new(
            key().public_key(),
            "VN-HCM",
            PassKind::ALL,
            Timestamp(946_684_800),
        ))
        .expect("key");
    Verifier::new(trust)
}

/// NFC and trimmed: what SPEC.md §6 and §7 say text becomes on issue.
fn nfc(s: &str) -> String {
    s.trim().nfc().collect()
}

/// Checks the normalised person against the generated one, field by field.
fn check_person(generated: &Person, normalised: &Person) {
    assert_eq!(normalised.name, nfc(&generated.name));
    assert_eq!(normalised.id.kind, generated.id.kind);
    assert_eq!(
        normalised.id.number,
        generated.id.number.trim().to_uppercase()
    );
    assert_eq!(normalised.birth_date, generated.birth_date);
    let compact = |p: &String| {
        p.chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect::<String>()
    };
    assert_eq!(normalised.phone, generated.phone.as_ref().map(compact));
}

/// The SPEC's normalisation rules, checked directly (not through `validate`).
fn check_normalised(generated: &Pass, normalised: &Pass) {
    check_person(generated.person(), normalised.person());
    match (generated, normalised) {
        (Pass::Permit(g), Pass::Permit(n)) => {
            assert_eq!(n.number, nfc(&g.number));
            assert_eq!(n.organisation, g.organisation.as_deref().map(nfc));
            assert_eq!(n.areas, g.areas);
            let plate = |p: &String| {
                p.chars()
                    .filter(|c| !matches!(c, '-' | '.' | ' '))
                    .collect::<String>()
                    .to_uppercase()
            };
            assert_eq!(n.vehicle_plate, g.vehicle_plate.as_ref().map(plate));
        }
        (Pass::Declaration(g), Pass::Declaration(n)) => {
            let sym: Vec<Symptom> = Symptom::ALL
                .iter()
                .copied()
                .filter(|s| g.symptoms.contains(s))
                .collect();
            let exp: Vec<Exposure> = Exposure::ALL
                .iter()
                .copied()
                .filter(|e| g.exposures.contains(e))
                .collect();
            assert_eq!((&n.symptoms, &n.exposures), (&sym, &exp));
            assert_eq!(n.checkpoint, nfc(&g.checkpoint));
        }
        (Pass::InfectionStatus(g), Pass::InfectionStatus(n)) => {
            assert_eq!(
                (n.classification, n.since, n.isolation),
                (g.classification, g.since, g.isolation)
            );
        }
        (Pass::SupportEntitlement(g), Pass::SupportEntitlement(n)) => {
            assert_eq!(
                (n.amount_vnd, n.period, &n.residence),
                (g.amount_vnd, g.period, &g.residence)
            );
            assert_eq!(n.case_number, nfc(&g.case_number));
        }
        _ => unreachable!("validate never changes the kind"),
    }
}

/// Properties 1–4 for one generated pass, issued `back` seconds before its window opens.
fn round_trip(generated: Pass, back: i64, cti: Vec<u8>) -> Result<(), TestCaseError> {
    let mut normalised = generated.clone();
    normalised
        .validate()
        .map_err(|e| TestCaseError::fail(format!("a generated pass is invalid: {e}")))?;
    check_normalised(&generated, &normalised);
    let mut twice = normalised.clone();
    twice
        .validate()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&twice, &normalised, "normalising twice changed the pass");

    let validity = normalised.validity();
    let iat = validity.from.add_seconds(-back);
    let issuer = Issuer::new(key(), "VN-HCM").map_err(|e| TestCaseError::fail(e.to_string()))?;
    let text = issuer
        .issue_with(&generated, iat, &cti)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(
        text.len() <= qrpass::internal::text::MAX_TEXT_LEN,
        "a generated pass does not fit: {}",
        text.len()
    );

    // 1. issue → verify gives the normalised pass.
    let now = Timestamp(validity.from.0 + (validity.until.0 - validity.from.0) / 2);
    let verified = verifier()
        .verify_at(&text, now)
        .map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
    prop_assert_eq!(&verified.pass, &normalised);
    prop_assert_eq!(verified.issuer.as_str(), "VN-HCM");
    prop_assert_eq!(
        (verified.iat, verified.exp, &verified.cti),
        (iat, validity.until, &cti)
    );

    // 3. text → inspect → re-issue is byte-identical.
    let inspected = inspect(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(inspected.unverified_pass(), &normalised);
    let again = issuer
        .issue_with(inspected.unverified_pass(), inspected.iat, &inspected.cti)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&again, &text, "re-encoding is not stable");

    // 4. JSON round trip.
    let json = normalised.to_json();
    prop_assert_eq!(
        Pass::from_json(&json).map_err(|e| TestCaseError::fail(e.to_string()))?,
        normalised
    );
    Ok(())
}

/// How far before the window opens the pass is issued: often 0 (`nbf` omitted).
fn back() -> impl Strategy<Value = i64> {
    prop_oneof![Just(0i64), 1i64..86_400]
}

fn cti() -> impl Strategy<Value = Vec<u8>> {
    vec(any::<u8>(), 1..=32)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn permits_round_trip(pass in permit(), back in back(), cti in cti()) {
        round_trip(pass, back, cti)?;
    }

    #[test]
    fn declarations_round_trip(pass in declaration(), back in back(), cti in cti()) {
        round_trip(pass, back, cti)?;
    }

    #[test]
    fn infection_statuses_round_trip(pass in infection_status(), back in back(), cti in cti()) {
        round_trip(pass, back, cti)?;
    }

    #[test]
    fn support_entitlements_round_trip(pass in support_entitlement(), back in back(), cti in cti()) {
        round_trip(pass, back, cti)?;
    }
}

#[test]
fn decomposed_and_precomposed_names_issue_the_same_token() {
    // "Nguyễn Thị Ánh" typed with combining marks is the same pass once issued.
    let make = |name: &str| {
        Pass::from_json(&format!(
            r#"{{"kind": "permit", "number": "P-1", "holder": {{"name": "{name}", "id": {{"kind": "cccd", "number": "079201001234"}}}},
               "purpose": "work", "areas": ["79"],
               "validity": {{"from": "2021-09-01T00:00:00+07:00", "until": "2021-09-02T00:00:00+07:00"}}}}"#
        ))
        .expect("pass")
    };
    let precomposed = "Nguyễn Thị Ánh";
    let decomposed: String = precomposed.nfd().collect();
    assert_ne!(precomposed, decomposed);
    let issuer = Issuer::new(key(), "VN-HCM").expect("issuer");
    let at = Timestamp(1_630_429_200);
    let a = issuer
        .issue_with(&make(precomposed), at, b"x")
        .expect("issue");
    let b = issuer
        .issue_with(&make(&decomposed), at, b"x")
        .expect("issue");
    assert_eq!(a, b);
}
