//! A trust scenario: list loads and token verifications against one holder,
//! each with its expected outcome, run against the core and rendered.

use qrpass::keys::hex_encode;
use qrpass::trust::{LoadOutcome, TrustAnchor};
use qrpass::{Error, ErrorCode, PublicKey, RevocationList, Timestamp, Verifier};
use qrpass_testkit::{ts, vector_key};
use serde_json::{json, Value as Json};

use super::{fail, File, VN};
use crate::json::FORMAT;

/// One step of a scenario.
enum Step {
    LoadTrust(File),
    LoadRevocation(File),
    Verify(String, Timestamp),
}

fn load_json(r: Result<LoadOutcome, Error>) -> Json {
    match r {
        Ok(LoadOutcome::Loaded { sequence }) => loaded(sequence),
        Ok(LoadOutcome::Unchanged { sequence }) => unchanged(sequence),
        Err(e) => rejected(e.code()),
    }
}

/// Expected: the list loaded, now at `sequence`.
pub fn loaded(sequence: u64) -> Json {
    json!({"outcome": "loaded", "sequence": sequence})
}
/// Expected: the same list again, still at `sequence`.
pub fn unchanged(sequence: u64) -> Json {
    json!({"outcome": "unchanged", "sequence": sequence})
}
/// Expected: the list refused with `code`.
pub fn rejected(code: ErrorCode) -> Json {
    json!({"outcome": "rejected", "code": code.as_str()})
}
/// A valid token: the trust list's sequence and staleness, and the revocation list's.
pub fn valid(trust: (u64, bool), revocation: Option<(u64, bool)>) -> Json {
    json!({
        "outcome": "valid",
        "trust_list_sequence": trust.0, "trust_list_stale": trust.1,
        "revocation_list_sequence": revocation.map(|r| r.0), "revocation_list_stale": revocation.is_some_and(|r| r.1),
    })
}
/// Expected: the token refused with `code`.
pub fn invalid(code: ErrorCode) -> Json {
    json!({"outcome": "invalid", "code": code.as_str()})
}

fn verify_json(verifier: Result<Verifier, Error>, text: &str, at: Timestamp) -> Json {
    match verifier.and_then(|v| v.verify_at(text, at)) {
        Ok(v) => json!({
            "outcome": "valid",
            "trust_list_sequence": v.trust.trust_list.map(|s| s.sequence), "trust_list_stale": v.trust.trust_list_stale(),
            "revocation_list_sequence": v.trust.revocation_list.map(|s| s.sequence),
            "revocation_list_stale": v.trust.revocation_list_stale(),
        }),
        Err(e) => invalid(e.code()),
    }
}

/// A trust vector: a holder of `root` (and sequence floors) and its steps.
pub struct Scenario {
    /// `trust_{name}`.
    pub name: String,
    description: String,
    root: PublicKey,
    min_sequence: u64,
    min_revocation_sequence: u64,
    steps: Vec<(Step, Json)>,
}

impl Scenario {
    /// A scenario whose holder trusts root 1, no floors, no steps yet.
    pub fn new(name: &str, description: &str) -> Scenario {
        Scenario {
            name: format!("trust_{name}"),
            description: description.into(),
            root: vector_key("root-1").public_key(),
            min_sequence: 0,
            min_revocation_sequence: 0,
            steps: Vec::new(),
        }
    }
    /// The holder refuses trust lists below sequence `floor`.
    pub fn min_sequence(mut self, floor: u64) -> Self {
        self.min_sequence = floor;
        self
    }
    /// Then loads a trust list.
    pub fn trust(mut self, file: File, expect: Json) -> Self {
        self.steps.push((Step::LoadTrust(file), expect));
        self
    }
    /// Then loads a revocation list.
    pub fn revocation(mut self, file: File, expect: Json) -> Self {
        self.steps.push((Step::LoadRevocation(file), expect));
        self
    }
    /// Then verifies `text` at `at`.
    pub fn verify(mut self, text: &str, at: &str, expect: Json) -> Self {
        self.steps.push((Step::Verify(text.into(), ts(at)), expect));
        self
    }

    /// The expected outcome of each step, for the README.
    pub fn summary(&self) -> Vec<String> {
        self.steps
            .iter()
            .map(|(_, e)| match (e["outcome"].as_str(), e["code"].as_str()) {
                (Some(_), Some(code)) => code.to_string(),
                (Some(o), None) if e["trust_list_stale"] == true => format!("{o} (stale)"),
                (Some(o), None) => o.to_string(),
                _ => "?".into(),
            })
            .collect()
    }

    /// Runs the scenario against the core, checks every expectation, renders the file.
    pub fn render(&self) -> Result<Json, Error> {
        let mut anchor = TrustAnchor::new(self.root)
            .with_min_sequence(self.min_sequence)
            .with_min_revocation_sequence(self.min_revocation_sequence);
        let mut steps = Vec::new();
        for (i, (step, expect)) in self.steps.iter().enumerate() {
            let (mut out, got) = match step {
                Step::LoadTrust(f) => (
                    json!({"load": "trust_list", "file": f.json()}),
                    load_json(anchor.load_trust_list(&f.bytes())),
                ),
                Step::LoadRevocation(f) => (
                    json!({"load": "revocation_list", "file": f.json()}),
                    load_json(anchor.load_revocation_list(&f.bytes())),
                ),
                Step::Verify(text, at) => (
                    json!({"verify": text, "at": at.to_rfc3339_at(VN)}),
                    verify_json(anchor.verifier(), text, *at),
                ),
            };
            if &got != expect {
                return Err(fail(
                    &self.name,
                    format!("step {i}: expected {expect}, the core gives {got}"),
                ));
            }
            if let Some(o) = out.as_object_mut() {
                o.insert("expected".into(), got);
            }
            steps.push(out);
        }
        Ok(json!({
            "format": FORMAT,
            "type": "trust",
            "name": self.name,
            "description": self.description,
            "root_public_key": hex_encode(&self.root.to_bytes()),
            "min_sequence": self.min_sequence,
            "min_revocation_sequence": self.min_revocation_sequence,
            "clock_skew_seconds": qrpass::verify::DEFAULT_CLOCK_SKEW_SECONDS,
            "steps": steps,
            "final": {
                "root_public_key": hex_encode(&anchor.root().to_bytes()),
                "trust_list_sequence": anchor.trust_sequence(),
                "revocation_list_sequence": anchor.revocation_list().and_then(RevocationList::info).map(|i| i.sequence),
            },
        }))
    }
}
