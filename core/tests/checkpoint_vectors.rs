//! Runs the checkpoint vectors of spec/vectors/ (`checkpoint_vectors` of
//! index.json, spec/TRUST.md §9.9) against the core, from their JSON alone.

use qrpass::checkpoint::Checkpoint;
use qrpass::keys::hex_decode;
use qrpass::{PublicKey, Timestamp};
use serde_json::{json, Value};

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/vectors")
}

fn read(name: &str) -> Value {
    let path = dir().join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("vector file")).expect("JSON")
}

fn file(v: &Value) -> Vec<u8> {
    match (v["hex"].as_str(), v["text"].as_str()) {
        (Some(h), None) => hex_decode(h).expect("hex"),
        (None, Some(t)) => t.as_bytes().to_vec(),
        _ => unreachable!("a file is {{\"hex\"}} or {{\"text\"}}: {v}"),
    }
}

fn time(v: &Value) -> Timestamp {
    Timestamp::parse_rfc3339(v.as_str().expect("time")).expect("RFC 3339")
}

fn rejected(cp: &Checkpoint, before: &[u8], e: &qrpass::Error) -> Value {
    json!({"outcome": "rejected", "code": e.code().as_str(), "state_unchanged": cp.save() == before})
}

/// Runs one step; `None` for steps without an expectation.
fn step(cp: &mut Checkpoint, s: &Value) -> Option<Value> {
    if let Some(f) = s.get("offer") {
        let before = cp.save();
        return Some(match cp.offer(&file(f)) {
            Ok(o) => serde_json::to_value(&o).expect("json"),
            Err(e) => rejected(cp, &before, &e),
        });
    }
    if let Some(text) = s.get("check") {
        let c = cp.check(text.as_str().expect("text"), None, time(&s["at"]));
        let d = c.decision;
        return Some(json!({"outcome": d.outcome, "codes": d.codes(), "policy": d.policy}));
    }
    if let Some(at) = s.get("status") {
        let st = cp.status(time(at));
        let states: Vec<Value> = st
            .artifacts
            .iter()
            .map(|a| json!([a.kind, a.id, a.state]))
            .collect();
        return Some(json!({
            "states": states,
            "next_refresh_at": st.next_refresh_at,
            "clock_behind": st.clock_behind, "clock_suspect": st.clock_suspect,
            "policy_in_force": st.policy_in_force,
        }));
    }
    if let Some(area) = s.get("set_area") {
        cp.set_area(area.as_str().map(|a| a.parse().expect("area")));
        return None;
    }
    if let Some(hint) = s.get("time_hint") {
        cp.set_time_hint(time(&hint[0]), time(&hint[1]));
        return None;
    }
    if s.get("save_restore").is_some() {
        let saved = cp.save();
        let back = Checkpoint::restore(&saved).expect("restores");
        let same = back.save() == saved;
        *cp = back;
        return Some(json!({"same_bytes": same}));
    }
    let damaged = file(&s["restore"]);
    let before = cp.save();
    Some(match Checkpoint::restore(&damaged) {
        Ok(_) => json!({"outcome": "restored"}),
        Err(e) => rejected(cp, &before, &e),
    })
}

#[test]
fn every_checkpoint_vector() {
    let index = read("index.json");
    let names = index["checkpoint_vectors"].as_array().expect("list");
    assert!(
        names.len() >= 9,
        "the checkpoint scenarios of TRUST.md §9.9"
    );
    for name in names {
        let name = name.as_str().expect("name");
        let v = read(&format!("{name}.json"));
        let root = PublicKey::from_bytes(
            &hex_decode(v["root_public_key"].as_str().expect("hex")).expect("hex"),
        )
        .expect("key");
        let area = v["area"].as_str().map(|a| a.parse().expect("area"));
        let mut cp = Checkpoint::new(root, v["checkpoint_id"].as_str().expect("id"), area);
        for (i, s) in v["steps"].as_array().expect("steps").iter().enumerate() {
            if let Some(got) = step(&mut cp, s) {
                assert_eq!(got, s["expected"], "{name} step {i}");
            }
        }
        assert_eq!(
            json!(cp.tally().total()),
            v["final"]["tally_total"],
            "{name}"
        );
    }
}
