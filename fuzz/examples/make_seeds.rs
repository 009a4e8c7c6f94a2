//! Builds the seed corpora of every fuzz target into `<out>/<target>/`.
//!
//! Run through `bash fuzz/make-seeds.sh` (which builds this example), or
//! `cargo run --manifest-path fuzz/Cargo.toml --example make_seeds -- fuzz/corpus`.
//!
//! Sources: every `spec/vectors/*.json` text (and its COSE bytes and claims
//! payload), tokens issued from `spec/examples` with the fixture keys, the
//! fixture trust and revocation lists (binary, text and payload), policy files,
//! QR images rendered from tokens, and the small images of `testdata/qr-corpus`.
//! Deterministic: the same tree gives the same files.

use std::fs;
use std::path::{Path, PathBuf};

use qrpass::internal::{cose, list, text};
use qrpass::policy::Policy;
use qrpass::qr::{encode, RenderOptions};
use qrpass::revocation::RevocationDelta;
use qrpass::trust::TrustList;
use qrpass::{Issuer, RevocationList, TrustStore};
use qrpass_fuzz::*;

/// Images of the QR corpus bigger than this are not used as seeds (they slow every run).
const MAX_IMAGE_SEED: u64 = 48 * 1024;

struct Corpus {
    root: PathBuf,
    count: usize,
}

impl Corpus {
    fn put(&mut self, target: &str, name: &str, bytes: &[u8]) {
        let dir = self.root.join(target);
        fs::create_dir_all(&dir).expect("create corpus dir");
        fs::write(dir.join(name), bytes).expect("write seed");
        self.count += 1;
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// (name, text) of every vector that has a text.
fn vector_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = fs::read_dir(repo().join("spec/vectors"))
        .expect("spec/vectors")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let body = fs::read_to_string(&path).expect("read vector");
        // The vector files are flat JSON objects; pull "text" and "trust" out
        // without a JSON dependency in the fuzz crate: the TrustStore and Pass
        // parsers are qrpass's own.
        let Some(t) = json_string_field(&body, "\"text\": \"") else {
            continue;
        };
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push((name, t));
    }
    out
}

/// The value of a top-level `"key": "value"` string field (values here have no escapes).
fn json_string_field(body: &str, key: &str) -> Option<String> {
    let start = body.find(key)? + key.len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_string())
}

/// The `"trust": {...}` object of a vector file.
fn vector_trust(body: &str) -> Option<String> {
    let start = body.find("\"trust\": {")? + "\"trust\": ".len();
    let mut depth = 0usize;
    for (i, c) in body[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(body[start..=start + i].to_string());
                }
            }
            _ => {}
        }
    }
    None
}

fn luma_of(text: &str, module_px: usize) -> (usize, Vec<u8>) {
    let qr = encode(
        text,
        &RenderOptions {
            module_px: 1,
            quiet_zone: 4,
            ..RenderOptions::default()
        },
    )
    .expect("renders");
    let n = qr.total_width() * module_px;
    let mut data = Vec::with_capacity(n * n);
    for y in 0..n {
        for x in 0..n {
            let (mx, my) = (x / module_px, y / module_px);
            let dark = mx >= 4 && my >= 4 && qr.is_dark(mx - 4, my - 4);
            data.push(if dark { 20 } else { 235 });
        }
    }
    (n, data)
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("fuzz/corpus"));
    let mut c = Corpus {
        root: out.clone(),
        count: 0,
    };

    // Tokens: the vectors, plus example passes issued by each fixture key.
    let mut tokens = vector_texts();
    let (sg, hn, retired) = (sg_key(), hn_key(), retired_key());
    assert_eq!(
        sg.public_key().kid().to_hex(),
        "4796ea29c204c141",
        "fixture VN-SG key drifted from spec/vectors"
    );
    assert_eq!(
        hn.public_key().kid().to_hex(),
        "0a8204f673b8639f",
        "fixture VN-HN key drifted from spec/vectors"
    );
    let issuers = [
        Issuer::new(sg, "VN-SG").expect("issuer"),
        Issuer::new(hn, "VN-HN").expect("issuer"),
        Issuer::new(retired, "VN-DN").expect("issuer"),
    ];
    for (i, pass) in example_passes().into_iter().enumerate() {
        for issuer in &issuers {
            let iat = NOW.add_seconds(-3600);
            let mut p = pass.clone();
            // Make the example valid at NOW: shift nothing, just re-window it.
            let window = qrpass::model::Validity {
                from: iat,
                until: NOW.add_seconds(86_400),
            };
            match &mut p {
                qrpass::Pass::Permit(x) => x.validity = window,
                qrpass::Pass::Declaration(x) => x.validity = window,
                qrpass::Pass::InfectionStatus(x) => x.validity = window,
                qrpass::Pass::SupportEntitlement(x) => x.validity = window,
            }
            for cti in [b"fuzz-seed".as_slice(), b"permit-1"] {
                if let Ok(t) = issuer.issue_with(&p, iat, cti) {
                    let name = format!(
                        "issued_{}_{}_{}",
                        i,
                        issuer.issuer_id(),
                        String::from_utf8_lossy(cti)
                    );
                    tokens.push((name, t));
                }
            }
        }
    }
    for (name, token) in &tokens {
        c.put("verify_text", name, token.as_bytes());
        c.put("inspect", name, token.as_bytes());
        if let Ok(bytes) = text::decode(token) {
            c.put("verify_cose", name, &bytes);
            c.put("cose_parse", name, &bytes);
            if let Ok(sign1) = cose::parse(&bytes) {
                c.put("verify_signed", name, &sign1.payload);
            }
        }
    }

    // Trust stores (JSON).
    let mut vector_paths: Vec<PathBuf> = fs::read_dir(repo().join("spec/vectors"))
        .expect("spec/vectors")
        .flatten()
        .map(|e| e.path())
        .collect();
    vector_paths.sort();
    let mut seen = Vec::new();
    for path in vector_paths {
        let body = fs::read_to_string(&path).unwrap_or_default();
        if let Some(trust) = vector_trust(&body) {
            if !seen.contains(&trust) {
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                c.put(
                    "trust_store_json",
                    &format!("vector_{name}"),
                    trust.as_bytes(),
                );
                seen.push(trust);
            }
        }
    }
    c.put(
        "trust_store_json",
        "fixture_store",
        trust_store().to_json().as_bytes(),
    );
    c.put(
        "trust_store_json",
        "empty_store",
        TrustStore::default().to_json().as_bytes(),
    );
    c.put(
        "trust_store_json",
        "fixture_list_source",
        trust_list().to_json().as_bytes(),
    );

    // Signed trust lists.
    let root = root_key();
    let mut lists: Vec<(&str, TrustList, qrpass::PrivateKey)> = Vec::new();
    lists.push(("fixture_seq5", trust_list(), root_key()));
    let mut six = trust_list();
    six.sequence = 6;
    six.revocation_signers = vec![hn_key().public_key()];
    lists.push(("seq6_revocation_signer", six, root_key()));
    let mut empty = TrustList::new(list_info(7).issued_at, list_info(7).next_update);
    empty.sequence = 7;
    lists.push(("empty_seq7", empty, root_key()));
    let mut by_next = trust_list();
    by_next.sequence = 8;
    by_next.next_root = None;
    lists.push(("signed_by_next_root_seq8", by_next, next_root_key()));
    for (name, l, key) in &lists {
        let envelope = l.sign(key).expect("fixture list signs");
        c.put("trust_list", name, &envelope);
        c.put(
            "trust_list",
            &format!("{name}_text"),
            list::to_text(&envelope, list::TRUST_LIST_PREFIX).as_bytes(),
        );
        c.put(
            "trust_list_payload",
            name,
            &l.to_payload().expect("payload"),
        );
        c.put("cose_parse", &format!("trust_{name}"), &envelope);
    }

    // Signed revocation lists and deltas.
    let (full, delta) = revocation_lists();
    let many =
        RevocationList::from_ctis((0u32..100).map(|i| i.to_be_bytes())).with_info(list_info(9));
    let mut revs: Vec<(&str, Vec<u8>)> = vec![
        ("full_seq5", full.sign(list_info(5), &root).expect("signs")),
        (
            "full_seq9_100",
            many.sign(list_info(9), &root).expect("signs"),
        ),
        (
            "empty_seq6",
            RevocationList::default()
                .sign(list_info(6), &root)
                .expect("signs"),
        ),
        ("delta_5_to_6", delta.sign(&root).expect("signs")),
    ];
    let removal = RevocationDelta::between(
        &full,
        &RevocationList::default().with_info(list_info(7)),
        list_info(7),
    )
    .expect("delta");
    revs.push(("delta_5_to_7_removes", removal.sign(&root).expect("signs")));
    for (name, envelope) in &revs {
        c.put("revocation_list", name, envelope);
        c.put(
            "revocation_list",
            &format!("{name}_text"),
            list::to_text(envelope, list::REVOCATION_LIST_PREFIX).as_bytes(),
        );
        let payload = cose::parse_ref(envelope).expect("parses").payload.to_vec();
        c.put("revocation_payload", name, &payload);
        c.put("cose_parse", &format!("revocation_{name}"), envelope);
    }

    // Policies.
    c.put(
        "policy",
        "default_json",
        Policy::default().to_json().as_bytes(),
    );
    c.put("policy", "minimal_json", br#"{"accept": ["permit"]}"#);
    c.put("policy", "module_doc_toml", POLICY_TOML.as_bytes());
    c.put(
        "policy",
        "minimal_toml",
        b"accept = [\"declaration\", \"infection_status\"]\n[declaration]\nmax_age_hours = 0\n",
    );

    // ID card QR texts (SPEC.md §13.2): the layouts and the edges of each rule.
    for (name, text) in [
        (
            "seven",
            "079203001234|023456789|Nguyễn Văn An|14052003|Nam|12 Lê Lợi, Quận 1|01062021",
        ),
        (
            "six",
            "079203001234|Nguyễn Văn An|14052003|Nam|12 Lê Lợi, Quận 1|01062021",
        ),
        (
            "empty_old_trailing",
            " 001198005678||TRẦN THỊ BÌNH|02021998|NỮ|Hà Nội|10102021|\r\n",
        ),
        (
            "nfd",
            "079203001234||Nguye\u{302}\u{303}n Va\u{306}n An|14052003|Nam|Quận 1|01062021",
        ),
        (
            "inconsistent",
            "097703001234||Nguyễn Văn An|29022004|Nữ|x|29022024|extra",
        ),
    ] {
        c.put("idcard_parse", name, text.as_bytes());
    }

    // Images: rendered tokens (PNG), and the small photos of the QR corpus.
    let short = tokens
        .iter()
        .find(|(n, _)| n == "permit_typical")
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    for (px, ecc) in [
        (1u32, qrpass::qr::Ecc::M),
        (2, qrpass::qr::Ecc::L),
        (3, qrpass::qr::Ecc::H),
    ] {
        let qr = encode(
            &short,
            &RenderOptions {
                module_px: px,
                quiet_zone: 4,
                ecc,
            },
        )
        .expect("renders");
        c.put(
            "scan_image",
            &format!("rendered_permit_{px}px"),
            &qr.to_png().expect("png"),
        );
    }
    let tiny = encode(
        "VN1:BB8",
        &RenderOptions {
            module_px: 2,
            ..RenderOptions::default()
        },
    )
    .expect("renders");
    c.put("scan_image", "rendered_tiny", &tiny.to_png().expect("png"));
    let mut images: Vec<PathBuf> = Vec::new();
    let mut stack = vec![repo().join("testdata/qr-corpus")];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x == "png" || x == "jpg" || x == "jpeg")
                && e.metadata()
                    .map(|m| m.len() <= MAX_IMAGE_SEED)
                    .unwrap_or(false)
            {
                images.push(p);
            }
        }
    }
    images.sort();
    for p in images {
        let rel = p
            .strip_prefix(repo().join("testdata/qr-corpus"))
            .unwrap_or(&p);
        let name = rel.to_string_lossy().replace('/', "_");
        c.put(
            "scan_image",
            &format!("corpus_{name}"),
            &fs::read(&p).expect("read image"),
        );
    }

    // Luma frames: [width - 1, height - 1, padding, pixels...].
    for (name, t, px, pad) in [
        ("tiny_2px", "VN1:BB8", 2usize, 0u8),
        ("tiny_3px_pad", "VN1:QED8WEX0", 3, 5),
        ("hello_1px", "HELLO WORLD", 1, 0),
        ("permit_1px", short.as_str(), 1, 0),
    ] {
        let (n, data) = luma_of(t, px);
        if n > 256 {
            continue;
        }
        let stride = n + usize::from(pad);
        let mut seed = vec![(n - 1) as u8, (n - 1) as u8, pad];
        for row in data.chunks(n) {
            seed.extend_from_slice(row);
            seed.extend(std::iter::repeat_n(128u8, usize::from(pad)));
        }
        seed.truncate(3 + stride * (n - 1) + n);
        c.put("scan_luma", name, &seed);
    }

    checkpoint_seeds(&mut c);
    dcc_seeds(&mut c, &repo().join("testdata/dgc"));
    println!("wrote {} seeds under {}", c.count, out.display());
}

const POLICY_TOML: &str = r#"format = 1
name = "Chốt QL1A – Bình Chánh"
accept = ["permit", "declaration", "infection_status"]
stale_trust_list = "review"
stale_revocation_list = "review"

[permit]
area = "deny"

[declaration]
max_age_hours = 24
too_old = "deny"
risk = "review"

[infection_status]
f0 = "deny"
f1 = "deny"
f2 = "review"
isolation = "deny"

[support_entitlement]
area = "review"
"#;

/// Seeds of the checkpoint targets: every artifact kind (binary and text) and saved states.
fn checkpoint_seeds(c: &mut Corpus) {
    let root = root_key();
    let mut list = trust_list();
    list.sequence = 6;
    list.policy_signers = vec![next_root_key().public_key()];
    let trust = list.sign(&root).expect("signs");
    let (full, delta) = revocation_lists();
    let mut scoped = policy_document(4);
    scoped.scope = "79".parse().ok();
    let artifacts = [
        ("trust6", trust.clone()),
        (
            "revocation5",
            full.sign(list_info(5), &root).expect("signs"),
        ),
        ("delta6", delta.sign(&root).expect("signs")),
        ("policy3", policy_document(3).sign(&root).expect("signs")),
        ("policy4_scoped", scoped.sign(&root).expect("signs")),
    ];
    for (name, bytes) in &artifacts {
        c.put("checkpoint_offer", name, bytes);
        let prefix = match *name {
            "trust6" => list::TRUST_LIST_PREFIX,
            n if n.starts_with("policy") => list::POLICY_PREFIX,
            _ => list::REVOCATION_LIST_PREFIX,
        };
        c.put(
            "checkpoint_offer",
            &format!("{name}_text"),
            list::to_text(bytes, prefix).as_bytes(),
        );
    }
    let mut cp = checkpoint().clone();
    let saved = cp.save();
    c.put("checkpoint_restore", "fixture", &saved);
    let body_seed = |state: &[u8]| {
        let mut seed = vec![1u8];
        seed.extend_from_slice(&state[8..state.len() - 32]);
        seed
    };
    c.put("checkpoint_restore", "fixture_body", &body_seed(&saved));
    cp.offer(&trust).expect("newer list");
    cp.offer(&delta.sign(&root).expect("signs"))
        .expect("delta applies");
    cp.set_local_policy(Some(Policy::default()));
    cp.set_time_hint(list_info(5).issued_at, list_info(5).issued_at);
    cp.check("VN1:garbage", None, list_info(5).issued_at);
    let saved = cp.save();
    c.put("checkpoint_restore", "full", &saved);
    c.put("checkpoint_restore", "full_body", &body_seed(&saved));
}

/// Seeds of the EU DCC targets from the dgc-testdata files in testdata/dgc:
/// each file's `HC1:` text, its COSE bytes and its zlib stream (hex fields).
fn dcc_seeds(c: &mut Corpus, dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            dcc_seeds(c, &path);
            continue;
        }
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let body = fs::read_to_string(&path).unwrap_or_default();
        let field = |key: &str| {
            json_string_field(&body, &format!("\"{key}\": \""))
                .or_else(|| json_string_field(&body, &format!("\"{key}\":\"")))
        };
        let name: String = path
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('/', "_"))
            .unwrap_or_default();
        if let Some(text) = field("PREFIX") {
            let base45 = text.strip_prefix("HC1:").unwrap_or(&text);
            c.put("dcc_decode", &name, base45.as_bytes());
            c.put("dcc_verify", &name, base45.as_bytes());
        }
        for key in ["COSE", "COMPRESSED"] {
            if let Some(bytes) = field(key).and_then(|h| hex_bytes(&h)) {
                c.put("dcc_decode", &format!("{name}.{key}"), &bytes);
            }
        }
    }
}

/// Bytes of lower- or upper-case hex text, or None.
fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}
