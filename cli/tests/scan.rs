//! `qrpass scan` as a pipe stage: bare texts for one image, `file: text` for
//! several, standard input, `--json`, and `--verify` with its exit status.

mod common;

use common::*;

/// A folder with HN keys, an issued permit, its PNG, and a second PNG of another pass.
fn setup(name: &str) -> (PathBuf, String, PathBuf, PathBuf) {
    let dir = keygen_hn(name);
    let token = issue_hn(&dir, "permit.json", "0a0b");
    let other = issue_hn(&dir, "permit.json", "0c0d");
    let render = |t: &str, file: &str| {
        let path = dir.join(file);
        let out = qrpass_stdin(&["render", "-", "--out", s(&path)], Some(t));
        assert!(out.status.success(), "{}", text(&out.stderr));
        path
    };
    let (png, png2) = (render(&token, "a.png"), render(&other, "b.png"));
    (dir, token, png, png2)
}

#[test]
fn one_image_prints_the_bare_text_and_pipes_into_verify() {
    let (dir, token, png, _) = setup("scan-pipe");
    let scanned = qrpass(&["scan", s(&png)]);
    assert!(scanned.status.success(), "{}", text(&scanned.stderr));
    assert_eq!(text(&scanned.stdout), format!("{token}\n"));
    // scan | verify -: the bytes scan printed are a token verify accepts.
    let trust = dir.join("trust.json");
    let verified = qrpass_stdin(
        &["verify", "--trust", s(&trust), "--at", AT, "-"],
        Some(&text(&scanned.stdout)),
    );
    assert!(verified.status.success(), "{}", text(&verified.stderr));
    assert!(text(&verified.stdout).starts_with("VALID permit"));
    // The image on standard input gives the same text.
    let bytes = std::fs::read(&png).expect("png");
    let piped = qrpass_bytes(&["scan", "-"], Some(&bytes));
    assert_eq!(text(&piped.stdout), format!("{token}\n"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn several_images_are_prefixed_by_file_and_json_has_one_object_per_code() {
    let (dir, token, png, png2) = setup("scan-many");
    let scanned = qrpass(&["scan", s(&png), s(&png2)]);
    assert!(scanned.status.success(), "{}", text(&scanned.stderr));
    let lines: Vec<String> = text(&scanned.stdout).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], format!("{}: {token}", png.display()));
    assert!(lines[1].starts_with(&format!("{}: VN1:", png2.display())));
    let json = qrpass(&["scan", "--json", s(&png)]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON object");
    assert_eq!(
        (v["file"].as_str(), v["text"].as_str()),
        (Some(s(&png)), Some(token.as_str()))
    );
    assert!(
        v.get("outcome").is_none(),
        "no verification without --verify"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn verify_reports_each_code_and_sets_the_exit_status() {
    let (dir, _, png, _) = setup("scan-verify");
    let trust = dir.join("trust.json");
    let args = |at: &'static str| {
        vec![
            "scan",
            "--json",
            "--verify",
            "--trust",
            s(&trust),
            "--at",
            at,
            s(&png),
        ]
    };
    let ok = qrpass(&args(AT));
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).expect("JSON");
    assert_eq!(v["outcome"]["outcome"], "valid");
    let late = qrpass(&args("2022-01-01T00:00:00+07:00"));
    assert_eq!(late.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&late.stdout).expect("JSON");
    assert_eq!(v["outcome"]["code"], "expired");
    // --trust without --verify is refused, not silently ignored.
    let ignored = qrpass(&["scan", "--trust", s(&trust), s(&png)]);
    assert_eq!(ignored.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}
