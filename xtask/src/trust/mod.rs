//! Trust-list, revocation-list and policy vectors: spec/vectors/trust_*.json and policy_*.json.
//!
//! A **trust** vector is a scenario run against a fresh holder (`TrustAnchor`)
//! with the root public key `root_public_key` (and optional sequence floors):
//! `steps` are done in order, each a list load (`load`: `trust_list` or
//! `revocation_list`, `file`: `{"hex": …}` bytes or `{"text": "VN1T:…"}`) or a
//! token verification (`verify`: VN1 text, `at`) with the holder's verifier, and
//! each has its `expected` outcome. A **policy** vector loads `trust_list` (and
//! `revocation_list`) the same way, verifies `text` at `at`, and decides under
//! `policy` at `area`; `expected` holds the decision, the reason codes and the
//! display view. As for token vectors, every expectation is written here by hand
//! and generation fails if the core disagrees.

mod checkpoint;
mod checkpoint_cases;
mod holder;
mod lists;
mod policy;
mod scenario;
mod scenarios;

use std::collections::BTreeMap;

use qrpass::keys::hex_encode;
use qrpass::trust::ListInfo;
use qrpass::{Error, ErrorCode, RevocationList, TrustList, TrustedKey};
use qrpass_testkit::{trusted, ts, vector_key};
use serde_json::{json, Value as Json};

use crate::json::pretty;

/// The vectors' UTC offset (Vietnam, +07:00).
const VN: i32 = qrpass::time::VIETNAM_OFFSET_SECONDS;
/// A list's next update that is still ahead at the vectors' time.
const FRESH: &str = "2021-09-15T00:00:00+07:00";
/// A list's next update already past at the vectors' time.
const STALE: &str = "2021-09-08T00:00:00+07:00";

fn fail(name: &str, what: String) -> Error {
    Error::new(ErrorCode::BadJson, format!("vector {name}: {what}"))
}

/// A list file: binary (hex in JSON) or text.
#[derive(Clone)]
enum File {
    Binary(Vec<u8>),
    Text(String),
}

impl File {
    fn bytes(&self) -> Vec<u8> {
        match self {
            File::Binary(b) => b.clone(),
            File::Text(t) => t.as_bytes().to_vec(),
        }
    }
    fn json(&self) -> Json {
        match self {
            File::Binary(b) => json!({"hex": hex_encode(b)}),
            File::Text(t) => json!({"text": t}),
        }
    }
}

fn trusted_all(issuer: &str) -> TrustedKey {
    trusted(&vector_key(issuer), issuer, qrpass::PassKind::ALL)
}

/// A list of the VN-SG and VN-HN keys, issued 2021-09-01, next update `next_update`.
fn list(sequence: u64, next_update: &str) -> TrustList {
    let mut l = TrustList::new(ts("2021-09-01T00:00:00+07:00"), ts(next_update));
    l.sequence = sequence;
    l.keys = vec![trusted_all("VN-SG"), trusted_all("VN-HN")];
    l
}

/// `l` signed by the key `root`.
fn signed(l: &TrustList, root: &str) -> Result<File, Error> {
    Ok(File::Binary(l.sign(&vector_key(root))?))
}

/// A revocation list's sequence and times, issued 2021-09-01.
fn rev_info(sequence: u64, next_update: &str) -> ListInfo {
    ListInfo {
        sequence,
        issued_at: ts("2021-09-01T00:00:00+07:00"),
        next_update: ts(next_update),
    }
}

/// A revocation list of `ctis` signed by the key `signer`.
fn revocations(ctis: &[&[u8]], sequence: u64, signer: &str) -> Result<File, Error> {
    Ok(File::Binary(
        RevocationList::from_ctis(ctis).sign(rev_info(sequence, FRESH), &vector_key(signer))?,
    ))
}

/// The generated files, their names by type, and README rows.
pub struct Generated {
    /// File name → contents.
    pub files: BTreeMap<String, String>,
    /// Names of the trust vectors.
    pub trust: Vec<String>,
    /// Names of the policy vectors.
    pub policy: Vec<String>,
    /// Names of the checkpoint vectors.
    pub checkpoint: Vec<String>,
    /// A README section describing them.
    pub readme: String,
}

/// Builds the trust and policy vectors, checking each against the core.
pub fn generate() -> Result<Generated, Error> {
    let mut g = Generated {
        files: BTreeMap::new(),
        trust: Vec::new(),
        policy: Vec::new(),
        checkpoint: Vec::new(),
        readme: String::new(),
    };
    g.readme.push_str(
        "\n## Trust, revocation and policy vectors\n\n\
         Listed in index.json under `trust_vectors` and `policy_vectors`; the formats are in spec/TRUST.md §8; the token vectors' format and the JSON trust store are in spec/SPEC.md §12.\n\n\
         | vector | type | expected |\n|---|---|---|\n",
    );
    for s in scenarios::all()? {
        let file = s.render()?;
        g.readme.push_str(&format!(
            "| {} | trust | {} |\n",
            s.name,
            s.summary().join(" → ")
        ));
        g.files.insert(format!("{}.json", s.name), pretty(&file));
        g.trust.push(s.name);
    }
    for c in policy::cases()? {
        let file = policy::render(&c)?;
        g.readme.push_str(&format!(
            "| {} | policy | {} ({}) |\n",
            c.name,
            c.expect.0,
            c.expect.1.join(", ")
        ));
        g.files.insert(format!("{}.json", c.name), pretty(&file));
        g.policy.push(c.name);
    }
    g.readme.push_str(
        "\n## Checkpoint vectors\n\n\
         Listed in index.json under `checkpoint_vectors`; the format is in spec/TRUST.md §9.9.\n\n\
         | vector | expected |\n|---|---|\n",
    );
    for s in checkpoint_cases::all()? {
        let file = s.render()?;
        g.readme
            .push_str(&format!("| {} | {} |\n", s.name, s.summary().join(" → ")));
        g.files.insert(format!("{}.json", s.name), pretty(&file));
        g.checkpoint.push(s.name);
    }
    Ok(g)
}
