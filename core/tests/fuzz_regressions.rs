//! Replays every input the fuzz targets (`fuzz/`) ever flagged, kept in
//! `testdata/fuzz-regressions/<target>/<file>`, through the same entry points
//! and fixture keys as the target, and checks the outcome listed for it in
//! `testdata/fuzz-regressions/expected.txt` (an error code, or `ok`).
//!
//! The manifest and the directory must match exactly: a crash input added
//! without an expected outcome, or a listed file that went missing, fails the
//! test. See FUZZING.md for how inputs get here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use qrpass::internal::{claims, cose, list, text};
use qrpass::policy::Policy;
use qrpass::trust::TrustList;
use qrpass::{
    inspect, Error, PrivateKey, RevocationList, SignedRevocation, SignedTrustList, Timestamp,
    TrustStore, Verifier,
};

/// 2021-09-05T01:00:00+07:00: the fuzz targets' clock (`qrpass_fuzz::NOW`).
const NOW: Timestamp = qrpass_testkit::clock::FUZZ_NOW;

fn root_key() -> PrivateKey {
    qrpass_testkit::fuzz_key("root")
}

/// The fuzz targets' verifier: the `spec/vectors` issuer keys, and revoked ids `other` and `permit-1`.
fn verifier() -> Verifier {
    let revoked = RevocationList::from_ctis([b"other".as_slice(), b"permit-1"]);
    Verifier::new(qrpass_testkit::vector_trust()).with_revocation(std::sync::Arc::new(revoked))
}

fn outcome<T>(r: Result<T, Error>) -> String {
    match r {
        Ok(_) => "ok".to_string(),
        Err(e) => {
            assert!(!e.message().is_empty());
            e.code().as_str().to_string()
        }
    }
}

/// Runs one input the way its target does; returns the outcome to compare.
fn replay(target: &str, data: &[u8]) -> String {
    let lossy = String::from_utf8_lossy(data);
    match target {
        "verify_text" => outcome(verifier().verify_at(&lossy, NOW)),
        "inspect" => outcome(inspect(&lossy)),
        "verify_cose" => {
            let token = text::encode(data);
            let verified = verifier().verify_at(&token, NOW);
            if inspect(&token).is_err() {
                assert!(verified.is_err(), "verified what does not inspect");
            }
            outcome(verified)
        }
        "verify_signed" => {
            let token = text::encode(&cose::sign(&qrpass_testkit::sg_key(), data.to_vec()));
            let verified = outcome(verifier().verify_at(&token, NOW));
            let decoded = outcome(claims::decode(data));
            if decoded != "ok" && token.len() <= text::MAX_TEXT_LEN {
                assert_eq!(
                    verified, decoded,
                    "the pipeline and the claims decoder disagree"
                );
            }
            verified
        }
        "cose_parse" => {
            // Both parsers must give the expected outcome.
            let a = outcome(cose::parse(data));
            let b = outcome(cose::parse_ref(data));
            if a == b {
                a
            } else {
                format!("{a} from cose::parse, {b} from cose::parse_ref")
            }
        }
        "trust_store_json" => outcome(TrustStore::from_json(&lossy)),
        "trust_list" => outcome(SignedTrustList::verify(data, &[root_key().public_key()])),
        "trust_list_payload" => {
            let direct = outcome(TrustList::from_payload(data));
            let root = root_key();
            let signed = outcome(SignedTrustList::verify(
                &list::sign(&root, data.to_vec()),
                &[root.public_key()],
            ));
            assert_eq!(
                direct, signed,
                "from_payload and a signed envelope disagree"
            );
            direct
        }
        "revocation_list" => outcome(SignedRevocation::verify(data, &[root_key().public_key()])),
        "revocation_payload" => {
            let root = root_key();
            outcome(SignedRevocation::verify(
                &list::sign(&root, data.to_vec()),
                &[root.public_key()],
            ))
        }
        "policy" => outcome(Policy::parse(&lossy)),
        #[cfg(feature = "scan")]
        "scan_image" => outcome(qrpass::qr::scan_image(data)),
        #[cfg(feature = "scan")]
        "scan_luma" => match data {
            [w, h, pad, luma @ ..] => {
                let (width, height) = (u32::from(*w) + 1, u32::from(*h) + 1);
                outcome(qrpass::qr::scan_luma(
                    width,
                    height,
                    width + u32::from(*pad % 16),
                    luma,
                ))
            }
            _ => "skipped".to_string(),
        },
        #[cfg(not(feature = "scan"))]
        "scan_image" | "scan_luma" => "skipped".to_string(),
        other => format!("unknown target {other}"),
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/fuzz-regressions")
}

/// `target/file` → expected outcome, from the manifest.
fn manifest() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("expected.txt"))
        .expect("testdata/fuzz-regressions/expected.txt");
    let mut out = BTreeMap::new();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (file, expected) = line.split_once(' ').expect("`<target>/<file> <outcome>`");
        assert!(
            out.insert(file.to_string(), expected.trim().to_string())
                .is_none(),
            "{file} listed twice"
        );
    }
    out
}

/// Every `target/file` under the regression directory.
fn stored() -> Vec<String> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(root())
        .expect("testdata/fuzz-regressions")
        .flatten()
    {
        if !dir.path().is_dir() {
            continue;
        }
        let target = dir.file_name().to_string_lossy().into_owned();
        for f in std::fs::read_dir(dir.path()).expect("target dir").flatten() {
            files.push(format!("{target}/{}", f.file_name().to_string_lossy()));
        }
    }
    files.sort();
    files
}

#[test]
fn manifest_and_directory_list_the_same_inputs() {
    let listed: Vec<String> = manifest().into_keys().collect();
    assert_eq!(listed, stored());
    assert!(!listed.is_empty());
}

#[test]
fn every_stored_input_gives_its_expected_outcome() {
    let mut differ = Vec::new();
    let mut replayed = 0;
    for (file, expected) in manifest() {
        let (target, _) = file.split_once('/').expect("target/file");
        let data = std::fs::read(root().join(&file)).expect("stored input");
        let got = replay(target, &data);
        assert!(!got.starts_with("unknown target"), "{file}: {got}");
        if got != "skipped" {
            replayed += 1;
            if got != expected {
                differ.push(format!("{file}: expected {expected}, got {got}"));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert!(replayed > 0);
}
