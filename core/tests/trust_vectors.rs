//! Runs the trust-list, revocation-list, policy and ID card vectors of
//! spec/vectors/ (the `trust_vectors`, `policy_vectors` and `id_card_vectors` of index.json) against the core, from
//! their JSON alone: the contract every binding also runs (spec/TRUST.md §7).

use qrpass::keys::hex_decode;
use qrpass::policy::{CheckpointContext, Policy};
use qrpass::trust::{LoadOutcome, TrustAnchor};
use qrpass::{Error, IdCard, PublicKey, Timestamp, Verifier};
use serde_json::{json, Value};

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/vectors")
}

fn read(name: &str) -> Value {
    let path = dir().join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("vector file")).expect("JSON")
}

fn names(key: &str) -> Vec<String> {
    let index = read("index.json");
    index[key]
        .as_array()
        .expect("list")
        .iter()
        .map(|n| n.as_str().expect("name").to_string())
        .collect()
}

fn file(v: &Value) -> Vec<u8> {
    match (v["hex"].as_str(), v["text"].as_str()) {
        (Some(h), None) => hex_decode(h).expect("hex"),
        (None, Some(t)) => t.as_bytes().to_vec(),
        _ => unreachable!("a file is {{\"hex\"}} or {{\"text\"}}: {v}"),
    }
}

fn key(v: &Value) -> PublicKey {
    PublicKey::from_bytes(&hex_decode(v.as_str().expect("hex key")).expect("hex")).expect("key")
}

fn time(v: &Value) -> Timestamp {
    Timestamp::parse_rfc3339(v.as_str().expect("time")).expect("RFC 3339")
}

fn load_outcome(r: Result<LoadOutcome, Error>) -> Value {
    match r {
        Ok(LoadOutcome::Loaded { sequence }) => json!({"outcome": "loaded", "sequence": sequence}),
        Ok(LoadOutcome::Unchanged { sequence }) => {
            json!({"outcome": "unchanged", "sequence": sequence})
        }
        Err(e) => json!({"outcome": "rejected", "code": e.code().as_str()}),
    }
}

fn verify_outcome(verifier: Result<Verifier, Error>, text: &str, at: Timestamp) -> Value {
    match verifier.and_then(|v| v.verify_at(text, at)) {
        Ok(v) => json!({
            "outcome": "valid",
            "trust_list_sequence": v.trust.trust_list.map(|s| s.sequence),
            "trust_list_stale": v.trust.trust_list_stale(),
            "revocation_list_sequence": v.trust.revocation_list.map(|s| s.sequence),
            "revocation_list_stale": v.trust.revocation_list_stale(),
        }),
        Err(e) => json!({"outcome": "invalid", "code": e.code().as_str()}),
    }
}

#[test]
fn every_trust_vector_gives_its_expected_outcomes() {
    let names = names("trust_vectors");
    assert!(names.len() >= 15, "only {} trust vectors", names.len());
    let mut steps = 0;
    for name in names {
        let v = read(&format!("{name}.json"));
        assert_eq!(v["type"], "trust", "{name}");
        let mut anchor = TrustAnchor::new(key(&v["root_public_key"]))
            .with_min_sequence(v["min_sequence"].as_u64().expect("floor"))
            .with_min_revocation_sequence(v["min_revocation_sequence"].as_u64().expect("floor"));
        let skew = v["clock_skew_seconds"].as_i64().expect("skew");
        for (i, step) in v["steps"].as_array().expect("steps").iter().enumerate() {
            let got = match (step["load"].as_str(), step["verify"].as_str()) {
                (Some("trust_list"), None) => {
                    load_outcome(anchor.load_trust_list(&file(&step["file"])))
                }
                (Some("revocation_list"), None) => {
                    load_outcome(anchor.load_revocation_list(&file(&step["file"])))
                }
                (None, Some(text)) => verify_outcome(
                    anchor.verifier().map(|v| v.with_clock_skew(skew)),
                    text,
                    time(&step["at"]),
                ),
                _ => unreachable!("{name} step {i}: unknown step {step}"),
            };
            assert_eq!(got, step["expected"], "{name} step {i}");
            steps += 1;
        }
        let state = &v["final"];
        assert_eq!(
            anchor.root(),
            key(&state["root_public_key"]),
            "{name}: final root"
        );
        assert_eq!(
            anchor.trust_sequence(),
            state["trust_list_sequence"].as_u64(),
            "{name}"
        );
        let revocation = anchor
            .revocation_list()
            .and_then(|r| r.info())
            .map(|i| i.sequence);
        assert_eq!(
            revocation,
            state["revocation_list_sequence"].as_u64(),
            "{name}"
        );
    }
    println!("trust vectors: {steps} steps agreed");
}

#[test]
fn every_policy_vector_gives_its_expected_decision() {
    let names = names("policy_vectors");
    assert!(names.len() >= 10, "only {} policy vectors", names.len());
    for name in names {
        let v = read(&format!("{name}.json"));
        assert_eq!(v["type"], "policy", "{name}");
        let mut anchor = TrustAnchor::new(key(&v["root_public_key"]));
        anchor
            .load_trust_list(&file(&v["trust_list"]))
            .expect("trust list loads");
        if !v["revocation_list"].is_null() {
            anchor
                .load_revocation_list(&file(&v["revocation_list"]))
                .expect("revocation list loads");
        }
        let verifier = anchor
            .verifier()
            .expect("verifier")
            .with_clock_skew(v["clock_skew_seconds"].as_i64().expect("skew"));
        let policy = Policy::from_json(&v["policy"].to_string()).expect("policy");
        let area = v["area"].as_str().map(|a| a.parse().expect("area"));
        let at = time(&v["at"]);
        let result = verifier.verify_at(v["text"].as_str().expect("text"), at);
        let card = v["id_card"]
            .as_str()
            .map(|c| IdCard::parse(c).expect("card"));
        let ctx = CheckpointContext::new(area, at).with_id_card(card);
        let decision = policy.decide(&result, &ctx);
        let expected = &v["expected"];
        assert_eq!(decision.outcome.as_str(), expected["decision"], "{name}");
        assert_eq!(json!(decision.codes()), expected["reasons"], "{name}");
        assert_eq!(
            serde_json::to_value(decision.view(&result)).expect("view"),
            expected["view"],
            "{name}"
        );
    }
}

#[test]
fn every_id_card_vector_parses_as_expected() {
    let names = names("id_card_vectors");
    assert!(names.len() >= 15, "only {} ID card vectors", names.len());
    for name in names {
        let v = read(&format!("{name}.json"));
        assert_eq!(v["type"], "id_card", "{name}");
        let got = IdCard::parse(v["text"].as_str().expect("text"));
        let expected = &v["expected"];
        match got {
            Ok(card) => assert_eq!(json!({ "card": card }), *expected, "{name}"),
            Err(e) => assert_eq!(json!({"error": e.code()}), *expected, "{name}"),
        }
    }
}

#[test]
fn vector_names_are_unique_across_types() {
    let mut all: Vec<String> = [
        "vectors",
        "trust_vectors",
        "policy_vectors",
        "id_card_vectors",
    ]
    .iter()
    .flat_map(|k| names(k))
    .collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n);
}
