//! The core's JSON reader (src/json.rs) against serde_json and the serde
//! derives it replaced for trust files, trust list sources, policies, DCC
//! policies and the person `bind` reads: every field of a full file removed, set to each of a set of
//! values, and joined by an unknown field, must be accepted or refused alike
//! (with the same code), and give the same value when accepted.
//!
//! Three differences are deliberate and checked apart, each a form SPEC.md
//! §12 and TRUST.md §5 do not have, now refused: a key given twice in a DCC
//! `countries` map (serde kept the last), an enum written as an object with a
//! `null` value (`{"allow": null}`, which serde_json read as `"allow"`), and a
//! section written as an array of its fields in order (`"permit": ["deny"]`).

#![allow(clippy::unwrap_used, clippy::panic)]

use qrpass::binding::person_of_pass;
use qrpass::policy::DccPolicy;
use qrpass::trust::TrustList;
use qrpass::{ErrorCode, Policy, TrustStore};
use serde_json::{json, Value as J};

/// The values every field is set to in turn.
fn candidates() -> Vec<J> {
    vec![
        J::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(-1),
        json!(24),
        json!(8785),
        json!(4_294_967_295u64),
        json!(4_294_967_296u64),
        json!(1.5),
        json!(""),
        json!("x"),
        json!("allow"),
        json!("deny"),
        json!("permit"),
        json!("active"),
        json!("2021-09-01T00:00:00Z"),
        json!("1990-01-02"),
        json!("XX"),
        json!([]),
        json!(["permit"]),
        json!(["permit", "x"]),
        json!({}),
        json!({"retired": "2021-09-01T00:00:00Z"}),
        json!({"revoked": "2021-09-01T00:00:00Z", "retired": "2021-09-01T00:00:00Z"}),
        json!({"kind": "cccd", "number": "079201001234"}),
        json!({"full_course": true, "min_days": 1}),
    ]
}

/// Every variant of `base`: each member (at any depth) removed or replaced by
/// each candidate, and each object given an unknown member; `true` marks an
/// object replaced by an array (serde's derives read a struct from an array
/// of its fields in order, `"permit": ["deny"]`: the core's reader refuses it).
fn variants(base: &J) -> Vec<(J, bool)> {
    fn walk(v: &J, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        if let J::Object(m) = v {
            for (k, child) in m {
                at.push(k.clone());
                out.push(at.clone());
                walk(child, at, out);
                at.pop();
            }
        }
    }
    fn member<'a>(v: &'a mut J, path: &[String]) -> &'a mut serde_json::Map<String, J> {
        let mut cur = v;
        for k in path {
            cur = &mut cur[k.as_str()];
        }
        cur.as_object_mut().expect("an object")
    }
    let mut paths = Vec::new();
    walk(base, &mut Vec::new(), &mut paths);
    let mut out = vec![(base.clone(), false)];
    for path in &paths {
        let (last, parent) = path.split_last().expect("not empty");
        let mut removed = base.clone();
        member(&mut removed, parent).remove(last);
        out.push((removed, false));
        let is_object = base
            .pointer(&format!("/{}", path.join("/")))
            .is_some_and(J::is_object);
        for c in candidates() {
            let quirk = is_object && c.is_array();
            let mut set = base.clone();
            member(&mut set, parent).insert(last.clone(), c);
            out.push((set, quirk));
        }
        if is_object {
            let mut extra = base.clone();
            member(&mut extra, path).insert("unknown".into(), json!(1));
            out.push((extra, false));
        }
    }
    let mut extra = base.clone();
    extra
        .as_object_mut()
        .expect("object")
        .insert("unknown".into(), json!(1));
    out.push((extra, false));
    out
}

/// Both readers accept `text` alike, with the same value, or refuse it with
/// `code`; for a `quirk` (see [`variants`]) the core's reader refuses it.
fn agree<T: PartialEq + std::fmt::Debug>(
    (text, quirk): (&str, bool),
    ours: qrpass::Result<T>,
    theirs: Option<qrpass::Result<T>>,
    code: ErrorCode,
) {
    if quirk {
        assert_eq!(ours.map_err(|e| e.code()).err(), Some(code), "{text}");
        return;
    }
    match (ours, theirs) {
        (Ok(a), Some(Ok(b))) => assert_eq!(a, b, "{text}"),
        (Err(a), None) => assert_eq!(a.code(), code, "{text}: {a}"),
        (Err(a), Some(Err(b))) => {
            assert_eq!((a.code(), b.code()), (code, code), "{text}: {a} / {b}")
        }
        (a, b) => panic!("{text}: ours {a:?}, serde {b:?}"),
    }
}

fn full_policy() -> J {
    let mut p = serde_json::to_value(Policy::default()).expect("json");
    p["name"] = json!("Chốt QL1A");
    p["holder"]["require_card"] = json!(["permit"]);
    p["dcc"] = json!({"default": {"vaccination": {"full_course": true, "min_days": 14, "max_days": 270},
        "test": {"naa_hours": 72, "rat_hours": 24}, "recovery": true},
        "countries": {"XX": {"recovery": false}}, "stale_dsc_list": "deny"});
    p
}

#[test]
fn policies_read_as_serde_read_them() {
    let variants = variants(&full_policy());
    assert!(variants.len() > 1000, "{}", variants.len());
    for (v, quirk) in variants {
        let text = v.to_string();
        let theirs = serde_json::from_str::<Policy>(&text)
            .ok()
            .map(|p| p.validate().map(|()| p));
        agree(
            (&text, quirk),
            Policy::from_json(&text),
            theirs,
            ErrorCode::BadPolicy,
        );
    }
}

#[test]
fn dcc_policies_read_as_serde_read_them() {
    for (v, quirk) in variants(&full_policy()["dcc"]) {
        let text = v.to_string();
        let theirs = serde_json::from_str::<DccPolicy>(&text)
            .ok()
            .map(|p| p.validate().map(|()| p));
        agree(
            (&text, quirk),
            DccPolicy::from_json(&text),
            theirs,
            ErrorCode::BadPolicy,
        );
    }
}

#[test]
fn trust_files_read_as_serde_read_them() {
    let texts = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/vectors/expired.json"
    ))
    .expect("vector");
    let vector: J = serde_json::from_str(&texts).expect("JSON");
    let mut key = vector["trust"]["keys"][0].clone();
    key["valid_until"] = json!("2030-01-01T00:00:00Z");
    let mut retired = key.clone();
    retired["status"] = json!({"retired": "2022-01-01T00:00:00+07:00"});
    for base in [key, retired] {
        for (v, quirk) in variants(&base) {
            let file = json!({"keys": [v]}).to_string();
            let theirs = serde_json::from_str::<TrustStore>(&file)
                .ok()
                .map(|s| TrustStore::from_keys(s.keys().to_vec()));
            agree(
                (&file, quirk),
                TrustStore::from_json(&file),
                theirs,
                ErrorCode::BadTrustList,
            );
        }
    }
    for file in [
        "",
        "[]",
        "{}",
        r#"{"keys": {}}"#,
        r#"{"keys": [], "keys": []}"#,
        r#"{"keys": []} x"#,
    ] {
        assert_eq!(
            TrustStore::from_json(file).map_err(|e| e.code()),
            Err(ErrorCode::BadTrustList),
            "{file}"
        );
    }
    assert_eq!(
        TrustStore::from_json(r#" {"keys": []} "#),
        Ok(TrustStore::default())
    );
}

#[test]
fn trust_list_sources_read_as_serde_read_them() {
    let vector: J =
        serde_json::from_str(include_str!("../../spec/vectors/expired.json")).expect("JSON");
    let key = vector["trust"]["keys"][0].clone();
    let root = key["public_key"].clone();
    let base = json!({"sequence": 3, "issued_at": "2021-09-01T00:00:00+07:00",
        "next_update": "2021-10-01T00:00:00+07:00", "keys": [key], "next_root": root,
        "revocation_signers": [root], "policy_signers": [root]});
    for (v, quirk) in variants(&base) {
        let text = v.to_string();
        let theirs = serde_json::from_str::<TrustList>(&text).ok().map(Ok);
        agree(
            (&text, quirk),
            TrustList::from_json(&text),
            theirs,
            ErrorCode::BadTrustList,
        );
    }
}

#[test]
fn persons_read_as_serde_read_them() {
    let base = json!({"name": "Nguyễn Văn An", "id": {"kind": "cccd", "number": "079201001234"},
        "birth_date": "1990-01-02", "phone": "0912345678"});
    for (v, quirk) in variants(&base) {
        let text = v.to_string();
        let ours = person_of_pass(Some("permit"), |_| Some(text.clone()));
        let theirs = serde_json::from_str::<qrpass::model::Person>(&text)
            .ok()
            .map(Ok);
        agree((&text, quirk), ours, theirs, ErrorCode::BadJson);
    }
}

#[test]
fn the_deliberate_differences() {
    let twice = r#"{"countries": {"XX": {"recovery": true}, "XX": {"recovery": false}}}"#;
    assert!(serde_json::from_str::<DccPolicy>(twice).is_ok());
    let e = DccPolicy::from_json(twice).expect_err("a key twice");
    assert_eq!(e.code(), ErrorCode::BadPolicy);
    assert!(e.message().contains("duplicate key `XX`"), "{e}");

    let object_enum = r#"{"accept": ["permit"], "permit": {"area": {"allow": null}}}"#;
    assert!(serde_json::from_str::<Policy>(object_enum).is_ok());
    assert_eq!(
        Policy::from_json(object_enum).map_err(|e| e.code()),
        Err(ErrorCode::BadPolicy)
    );

    let array_struct = r#"{"accept": ["permit"], "permit": ["allow"]}"#;
    assert!(serde_json::from_str::<Policy>(array_struct).is_ok());
    assert_eq!(
        Policy::from_json(array_struct).map_err(|e| e.code()),
        Err(ErrorCode::BadPolicy)
    );
}

#[test]
fn messages_say_where() {
    for (text, message) in [
        ("{", "policy JSON: expected a key (a string) at line 1 column 2"),
        (r#"{"accept": ["permit"], "declaration": {"max_age_hours": 1.5}}"#,
         "policy JSON: `declaration.max_age_hours`: expected an integer from 0 to 4294967295, found a number"),
        (r#"{"accept": ["permit"], "holder": {"mismatch": "maybe"}}"#,
         "policy JSON: `holder.mismatch`: unknown value `maybe`"),
        (r#"{"accept": ["permit"], "clock": {"skew": 1}}"#, "policy JSON: unknown field `clock.skew`"),
        ("{}", "policy JSON: missing field `accept`"),
        (r#"{"accept": ["permit", "pass"]}"#, "policy JSON: `accept[1]`: unknown value `pass`"),
    ] {
        assert_eq!(Policy::from_json(text).expect_err(text).message(), message);
    }
}
