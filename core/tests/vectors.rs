//! Runs every file in spec/vectors/ against the core: the contract every binding also runs.

use std::sync::Arc;

use qrpass::keys::hex_decode;
use qrpass::{RevocationList, Timestamp, TrustStore, Verifier};
use serde_json::Value;

fn vectors_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/vectors")
}

#[test]
fn every_vector_gives_its_expected_outcome() {
    let index: Value = serde_json::from_str(
        &std::fs::read_to_string(vectors_dir().join("index.json")).expect("index.json"),
    )
    .expect("index is JSON");
    let names = index["vectors"].as_array().expect("vector list");
    assert!(names.len() >= 40, "only {} vectors", names.len());
    let (mut valid, mut invalid) = (0, 0);
    for name in names {
        let name = name.as_str().expect("name");
        let path = vectors_dir().join(format!("{name}.json"));
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("vector file"))
            .expect("vector is JSON");
        let trust = TrustStore::from_json(&v["trust"].to_string()).expect("trust store");
        let revoked: Vec<Vec<u8>> = v["revoked_ctis"]
            .as_array()
            .expect("revoked list")
            .iter()
            .map(|h| hex_decode(h.as_str().expect("hex")).expect("hex"))
            .collect();
        let mut verifier =
            Verifier::new(trust).with_clock_skew(v["clock_skew_seconds"].as_i64().expect("skew"));
        if !revoked.is_empty() {
            verifier = verifier.with_revocation(Arc::new(RevocationList::from_ctis(revoked)));
        }
        let at = Timestamp::parse_rfc3339(v["at"].as_str().expect("at")).expect("time");
        let result = verifier.verify_at(v["text"].as_str().expect("text"), at);
        let expected = &v["expected"];
        match (expected["outcome"].as_str(), result) {
            (Some("valid"), Ok(verified)) => {
                let got = serde_json::to_value(&verified).expect("serialises");
                assert_eq!(got, expected["verified"], "{name}: decoded pass differs");
                valid += 1;
            }
            (Some("invalid"), Err(e)) => {
                assert_eq!(
                    e.code().as_str(),
                    expected["code"],
                    "{name}: wrong code ({e})"
                );
                invalid += 1;
            }
            (want, got) => panic!("{name}: expected {want:?}, got {got:?}"),
        }
    }
    println!("vectors: {valid} valid and {invalid} invalid agreed");
}

#[test]
fn index_lists_every_error_code_of_the_core() {
    let index: Value = serde_json::from_str(
        &std::fs::read_to_string(vectors_dir().join("index.json")).expect("index.json"),
    )
    .expect("index is JSON");
    let listed: Vec<&str> = index["error_codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("code"))
        .collect();
    let core: Vec<&str> = qrpass::ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        listed, core,
        "spec/vectors/index.json is stale: run `cargo xtask vectors`"
    );
}

#[test]
fn spec_documents_every_error_code() {
    let spec = std::fs::read_to_string(vectors_dir().join("../SPEC.md")).expect("SPEC.md");
    for code in qrpass::ErrorCode::ALL {
        let row = format!("| `{}` | {} |", code.as_str(), code.family().as_str());
        assert!(
            spec.contains(&row),
            "spec/SPEC.md §9 lacks the row for {code}"
        );
    }
}
