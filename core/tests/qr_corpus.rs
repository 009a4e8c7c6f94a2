//! Real camera photographs of QR codes (ZXing's blackbox test images, see
//! testdata/qr-corpus/zxing/NOTICE): at least 59 of the 60 must decode to the
//! expected text (59 do; issue 18 asks that this not drop). Run with
//! `--nocapture` to see the per-image table.
#![cfg(feature = "scan")]
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;
use std::time::Instant;

use qrpass::qr::scan_image;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/qr-corpus/zxing")
}

/// Collapses every run of whitespace (CRLF included) to one space.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// (image path, expected text) for every manifest entry.
fn entries() -> Vec<(String, String)> {
    let dir = corpus_dir();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest.json"))
            .expect("manifest is JSON");
    manifest
        .as_array()
        .expect("manifest is an array")
        .iter()
        .map(|e| {
            let image = e["image"].as_str().expect("image").to_string();
            let txt = e["expected_txt"].as_str().expect("expected_txt");
            let bytes = std::fs::read(dir.join(txt)).expect("expected text file");
            (image, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

#[test]
fn corpus_decodes_at_least_59_of_60() {
    let dir = corpus_dir();
    let entries = entries();
    assert_eq!(entries.len(), 60);
    let mut ok = 0;
    let mut first = 0;
    let mut times = Vec::new();
    for (image, expected) in &entries {
        let bytes = std::fs::read(dir.join(image)).expect("image file");
        let start = Instant::now();
        let result = scan_image(&bytes);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        let expected = normalise(expected);
        let status = match &result {
            Ok(texts) if texts.iter().any(|t| normalise(t) == expected) => {
                ok += 1;
                if normalise(&texts[0]) == expected {
                    first += 1;
                }
                if texts.len() > 1 {
                    format!("ok ({} codes)", texts.len())
                } else {
                    "ok".to_string()
                }
            }
            Ok(texts) => format!("WRONG TEXT {:?}", texts),
            Err(e) => format!("FAILED {e}"),
        };
        println!(
            "{image:18} {:7.2} ms  {status}",
            times.last().copied().unwrap_or(0.0)
        );
    }
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    println!(
        "corpus: {ok}/60 decoded ({first} with the expected text first); mean {mean:.2} ms, median {:.2} ms per image (this build's profile)",
        times[times.len() / 2]
    );
    assert!(ok >= 59, "only {ok}/60 corpus photos decoded");
}
