//! `qrpass verify` and `qrpass scan --verify` with EU DCCs (`HC1:`): the
//! command form that checks any dgc-testdata file from its DSC and clock.

mod common;

use common::*;

/// Writes a suite file's DSC (base64, as TESTCTX gives it), its text and its PNG.
fn suite_case(dir: &Path, name: &str) -> (PathBuf, PathBuf, PathBuf, String) {
    let path = format!("{}/../testdata/dgc/{name}", env!("CARGO_MANIFEST_DIR"));
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    let dsc = dir.join("dsc.b64");
    std::fs::write(&dsc, file["TESTCTX"]["CERTIFICATE"].as_str().expect("cert")).expect("write");
    let text = dir.join("hc1.txt");
    std::fs::write(&text, file["PREFIX"].as_str().expect("prefix")).expect("write");
    let png = dir.join("hc1.png");
    let bytes =
        qrpass::dcc::decode_base64(file["2DCODE"].as_str().unwrap_or_default()).expect("png");
    std::fs::write(&png, bytes).expect("write");
    (
        dsc,
        text,
        png,
        file["TESTCTX"]["VALIDATIONCLOCK"]
            .as_str()
            .expect("clock")
            .to_owned(),
    )
}

#[test]
fn verify_checks_a_suite_file_from_its_certificate_and_clock() {
    let dir = temp("dcc-verify");
    let (dsc, hc1, _, clock) = suite_case(&dir, "AT/2DCode/raw/1.json");
    let out = qrpass(&["verify", "--dcc-trust", s(&dsc), "--at", &clock, s(&hc1)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.starts_with("VALID hc1 vaccination from AT"),
        "{shown}"
    );
    assert!(
        !shown.contains("URN:UVCI"),
        "the certificate id is not shown: {shown}"
    );

    let out = qrpass(&[
        "verify",
        "--dcc-trust",
        s(&dsc),
        "--at",
        "2022-05-06T18:00:00+0000",
        "--json",
        s(&hc1),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        (json["outcome"].as_str(), json["code"].as_str()),
        (Some("invalid"), Some("expired"))
    );

    let out = qrpass(&["verify", "--dcc-trust", s(&hc1), s(&hc1)]);
    assert!(!out.status.success(), "a text is no DSC file");
    assert!(text(&out.stderr).contains("bad_trust_list"));
}

#[test]
fn scan_verify_reads_both_formats_from_images() {
    let dir = temp("dcc-scan");
    let (dsc, _, png, clock) = suite_case(&dir, "AT/2DCode/raw/1.json");
    let out = qrpass(&[
        "scan",
        "--verify",
        "--dcc-trust",
        s(&dsc),
        "--at",
        &clock,
        "--json",
        s(&png),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["kind"], "eu_dcc");
    assert_eq!(json["outcome"]["outcome"], "valid");
    // Without a DSC for it the same image is invalid, with the DCC's own code.
    let out = qrpass(&["scan", "--verify", "--dcc-trust", s(&dsc), s(&png)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("[expired]"),
        "{}",
        text(&out.stdout)
    );
    let out = qrpass(&["scan", "--verify", s(&png)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--dcc-trust"));
}
