//! A checkpoint scenario (spec/TRUST.md §9.9): offers, checks, status reads,
//! area changes, time hints and save/restore against one `Checkpoint`, each
//! with its expected outcome written by hand, run against the core and rendered.

use qrpass::checkpoint::{Checkpoint, Status};
use qrpass::keys::hex_encode;
use qrpass::{Error, ErrorCode, Timestamp};
use qrpass_testkit::{ts, vector_key};
use serde_json::{json, Value as Json};

use super::{fail, File, VN};
use crate::json::FORMAT;

/// One step of a checkpoint scenario.
enum Step {
    Offer(File),
    Check(String, Timestamp),
    Status(Timestamp),
    SetArea(Option<String>),
    TimeHint(Timestamp, Timestamp),
    SaveRestore,
    /// Restores the current state damaged: cut short (`true`) or one byte flipped.
    Damaged(bool),
}

/// Expected: an artifact accepted.
pub fn offered(kind: &str, outcome: &str, sequence: u64, id: Option<&str>) -> Json {
    let mut j = json!({"kind": kind, "outcome": outcome, "sequence": sequence});
    if let Some(id) = id {
        j["id"] = json!(id);
    }
    j
}
/// Expected: an artifact refused with `code`, the state unchanged.
pub fn refused(code: ErrorCode) -> Json {
    json!({"outcome": "rejected", "code": code.as_str(), "state_unchanged": true})
}
/// A policy reference: id, sequence, signed.
pub fn by(id: &str, sequence: Option<u64>) -> Json {
    json!({"id": id, "sequence": sequence, "signed": sequence.is_some()})
}
/// Expected: a check's outcome, reason codes and policy.
pub fn checked(outcome: &str, codes: &[&str], policy: Json) -> Json {
    json!({"outcome": outcome, "codes": codes, "policy": policy})
}
/// Expected: a status.
pub fn status(
    states: &[(&str, Option<&str>, &str)],
    next: &str,
    behind: bool,
    suspect: bool,
    policy: Json,
) -> Json {
    json!({
        "states": states.iter().map(|(k, id, s)| json!([k, id, s])).collect::<Vec<_>>(),
        "next_refresh_at": next, "clock_behind": behind, "clock_suspect": suspect,
        "policy_in_force": policy,
    })
}

fn status_json(s: &Status) -> Json {
    json!({
        "states": s.artifacts.iter().map(|a| json!([a.kind, a.id, a.state])).collect::<Vec<_>>(),
        "next_refresh_at": s.next_refresh_at.to_rfc3339_at(VN),
        "clock_behind": s.clock_behind, "clock_suspect": s.clock_suspect,
        "policy_in_force": s.policy_in_force,
    })
}

/// A checkpoint vector.
pub struct Scenario {
    /// `checkpoint_{name}`.
    pub name: String,
    description: String,
    area: Option<String>,
    steps: Vec<(Step, Json)>,
}

impl Scenario {
    /// A checkpoint `QL1A-01` at `area`, trusting root 1.
    pub fn new(name: &str, description: &str, area: Option<&str>) -> Scenario {
        Scenario {
            name: format!("checkpoint_{name}"),
            description: description.into(),
            area: area.map(String::from),
            steps: Vec::new(),
        }
    }
    /// Then offers a file.
    pub fn offer(mut self, file: File, expect: Json) -> Self {
        self.steps.push((Step::Offer(file), expect));
        self
    }
    /// Then checks `text` at `at` (no ID card).
    pub fn check(mut self, text: &str, at: &str, expect: Json) -> Self {
        self.steps.push((Step::Check(text.into(), ts(at)), expect));
        self
    }
    /// Then reads the status at `at`.
    pub fn status(mut self, at: &str, expect: Json) -> Self {
        self.steps.push((Step::Status(ts(at)), expect));
        self
    }
    /// Then moves the checkpoint.
    pub fn set_area(mut self, area: Option<&str>) -> Self {
        self.steps
            .push((Step::SetArea(area.map(String::from)), Json::Null));
        self
    }
    /// Then records a trusted time read at a device time.
    pub fn time_hint(mut self, trusted: &str, device: &str) -> Self {
        self.steps
            .push((Step::TimeHint(ts(trusted), ts(device)), Json::Null));
        self
    }
    /// Then saves, restores and replaces the checkpoint.
    pub fn save_restore(mut self) -> Self {
        self.steps
            .push((Step::SaveRestore, json!({"same_bytes": true})));
        self
    }
    /// Then restores the current state cut short by a byte (`cut`) or with its middle byte flipped.
    pub fn damaged_restore(mut self, cut: bool) -> Self {
        let expect = refused(ErrorCode::BadCheckpointState);
        self.steps.push((Step::Damaged(cut), expect));
        self
    }

    /// The expected outcome of each step, for the README.
    pub fn summary(&self) -> Vec<String> {
        self.steps
            .iter()
            .filter(|(_, e)| !e.is_null())
            .map(|(_, e)| {
                e["code"]
                    .as_str()
                    .or(e["outcome"].as_str())
                    .unwrap_or(if e["same_bytes"] == true {
                        "restored"
                    } else {
                        "status"
                    })
                    .to_string()
            })
            .collect()
    }

    fn run(cp: &mut Checkpoint, step: &Step) -> (Json, Json) {
        let rejected = |e: Error| json!({"outcome": "rejected", "code": e.code().as_str()});
        match step {
            Step::Offer(f) => {
                let before = cp.save();
                let got = match cp.offer(&f.bytes()) {
                    Ok(o) => serde_json::to_value(&o).unwrap_or_default(),
                    Err(e) => {
                        let mut j = rejected(e);
                        j["state_unchanged"] = json!(cp.save() == before);
                        j
                    }
                };
                (json!({"offer": f.json()}), got)
            }
            Step::Check(text, at) => {
                let c = cp.check(text, None, *at);
                let got = json!({"outcome": c.decision.outcome, "codes": c.decision.codes(), "policy": c.decision.policy});
                (
                    json!({"check": text, "at": at.to_rfc3339_at(VN), "id_card": null}),
                    got,
                )
            }
            Step::Status(at) => (
                json!({"status": at.to_rfc3339_at(VN)}),
                status_json(&cp.status(*at)),
            ),
            Step::SetArea(area) => {
                cp.set_area(area.as_deref().and_then(|a| a.parse().ok()));
                (json!({"set_area": area}), Json::Null)
            }
            Step::TimeHint(t, d) => {
                cp.set_time_hint(*t, *d);
                (
                    json!({"time_hint": [t.to_rfc3339_at(VN), d.to_rfc3339_at(VN)]}),
                    Json::Null,
                )
            }
            Step::SaveRestore => {
                let saved = cp.save();
                let got = match Checkpoint::restore(&saved) {
                    Ok(back) => {
                        let same = back.save() == saved;
                        *cp = back;
                        json!({"same_bytes": same})
                    }
                    Err(e) => rejected(e),
                };
                (json!({"save_restore": true}), got)
            }
            Step::Damaged(cut) => {
                let before = cp.save();
                let mut bytes = before.clone();
                if *cut {
                    bytes.pop();
                } else if let Some(b) = bytes.get_mut(before.len() / 2) {
                    *b ^= 0x01;
                }
                let bytes = &bytes;
                let got = match Checkpoint::restore(bytes) {
                    Ok(_) => json!({"outcome": "restored"}),
                    Err(e) => {
                        let mut j = rejected(e);
                        j["state_unchanged"] = json!(cp.save() == before);
                        j
                    }
                };
                (json!({"restore": {"hex": hex_encode(bytes)}}), got)
            }
        }
    }

    /// Runs the scenario against the core, checks every expectation, renders the file.
    pub fn render(&self) -> Result<Json, Error> {
        let root = vector_key("root-1").public_key();
        let area = self.area.as_deref().map(str::parse).transpose()?;
        let mut cp = Checkpoint::new(root, "QL1A-01", area);
        let mut steps = Vec::new();
        for (i, (step, expect)) in self.steps.iter().enumerate() {
            let (mut out, got) = Scenario::run(&mut cp, step);
            if &got != expect {
                return Err(fail(
                    &self.name,
                    format!("step {i}: expected {expect}, the core gives {got}"),
                ));
            }
            if !got.is_null() {
                if let Some(o) = out.as_object_mut() {
                    o.insert("expected".into(), got);
                }
            }
            steps.push(out);
        }
        Ok(json!({
            "format": FORMAT,
            "type": "checkpoint",
            "name": self.name,
            "description": self.description,
            "root_public_key": hex_encode(&root.to_bytes()),
            "checkpoint_id": "QL1A-01",
            "area": self.area,
            "clock_skew_seconds": qrpass::verify::DEFAULT_CLOCK_SKEW_SECONDS,
            "steps": steps,
            "final": {"tally_total": cp.tally().total()},
        }))
    }
}
