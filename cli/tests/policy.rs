//! `qrpass policy sign|show` and `qrpass publish` as a user runs them.

mod common;

use common::*;

const ISSUED: &str = "2021-09-01T00:00:00+07:00";

fn ok(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// Root and policy-signer keys, and a trust list naming the signer, in a fresh folder.
fn setup(name: &str) -> std::path::PathBuf {
    let dir = temp(name);
    ok(&qrpass(&["trust", "root-keygen", "--out", s(&dir)]));
    ok(&qrpass(&[
        "trust",
        "root-keygen",
        "--out",
        s(&dir),
        "--name",
        "signer",
    ]));
    let src = dir.join("trust.json");
    ok(&qrpass(&[
        "trust",
        "new",
        s(&src),
        "--policy-signer",
        s(&dir.join("signer.pub.pem")),
    ]));
    ok(&qrpass(&[
        "trust",
        "sign",
        s(&src),
        "--root",
        s(&dir.join("root.key.pem")),
        "--out",
        s(&dir.join("trust.bin")),
        "--at",
        ISSUED,
    ]));
    std::fs::write(
        dir.join("rules.json"),
        r#"{"name": "Chốt QL1A", "accept": ["permit"]}"#,
    )
    .expect("write");
    dir
}

fn sign(dir: &std::path::Path, key: &str, scope: &str, out: &str) -> std::process::Output {
    qrpass(&[
        "policy",
        "sign",
        s(&dir.join("rules.json")),
        "--key",
        s(&dir.join(key)),
        "--id",
        "hcmc",
        "--sequence",
        "2",
        "--scope",
        scope,
        "--at",
        ISSUED,
        "--valid-from",
        "2021-09-10T00:00:00+07:00",
        "--out",
        s(&dir.join(out)),
        "--text",
    ])
}

#[test]
fn policies_are_signed_shown_and_verified() {
    let dir = setup("policy-sign");
    let signed = ok(&sign(&dir, "signer.key.pem", "79", "p.vn1p"));
    assert!(signed.contains("`hcmc` 2 (scope 79)"), "{signed}");
    let file = std::fs::read_to_string(dir.join("p.vn1p")).expect("read");
    assert!(file.starts_with("VN1P:"), "{file}");
    let shown = ok(&qrpass(&[
        "policy",
        "show",
        s(&dir.join("p.vn1p")),
        "--signer",
        s(&dir.join("signer.pub.pem")),
    ]));
    assert!(
        shown.contains("policy `hcmc` sequence 2: Chốt QL1A — signature verified"),
        "{shown}"
    );
    assert!(
        shown.contains("scope 79; in force from 2021-09-10T00:00:00+07:00"),
        "{shown}"
    );
    let unverified = ok(&qrpass(&["policy", "show", s(&dir.join("p.vn1p"))]));
    assert!(unverified.contains("NOT VERIFIED"), "{unverified}");
    let wrong = qrpass(&[
        "policy",
        "show",
        s(&dir.join("p.vn1p")),
        "--signer",
        s(&dir.join("root.pub.pem")),
    ]);
    assert!(
        !wrong.status.success() && text(&wrong.stderr).contains("bad_policy"),
        "{}",
        text(&wrong.stderr)
    );
    let bad_scope = sign(&dir, "signer.key.pem", "7", "q.vn1p");
    assert!(!bad_scope.status.success() && text(&bad_scope.stderr).contains("bad_policy"));
    assert!(!dir.join("q.vn1p").exists(), "nothing written on error");
}

#[test]
fn publish_writes_the_folder_and_a_signed_index_and_verifies_every_file() {
    let dir = setup("publish");
    ok(&sign(&dir, "signer.key.pem", "79", "p.vn1p"));
    ok(&qrpass(&[
        "revoke",
        "--key",
        s(&dir.join("root.key.pem")),
        "--out",
        s(&dir.join("rev.bin")),
        "--at",
        ISSUED,
        "--sequence",
        "3",
        "00ff",
    ]));
    let out = dir.join("site");
    let args = |policy: &str| {
        vec![
            "publish".to_string(),
            "--out".into(),
            s(&out).into(),
            "--root".into(),
            s(&dir.join("root.key.pem")).into(),
            "--trust".into(),
            s(&dir.join("trust.bin")).into(),
            "--revocation".into(),
            s(&dir.join("rev.bin")).into(),
            "--policy".into(),
            s(&dir.join(policy)).into(),
            "--sequence".into(),
            "1".into(),
            "--at".into(),
            ISSUED.into(),
        ]
    };
    let a = args("p.vn1p");
    let published = ok(&qrpass(&a.iter().map(String::as_str).collect::<Vec<_>>()));
    assert!(published.contains("published 3 files"), "{published}");
    for (name, prefix) in [
        ("trust.vn1t", "VN1T:"),
        ("revocation.vn1r", "VN1R:"),
        ("policy-hcmc.vn1p", "VN1P:"),
        ("index.vn1i", "VN1I:"),
    ] {
        let body = std::fs::read_to_string(out.join(name)).expect(name);
        assert!(body.starts_with(prefix), "{name}");
    }
    // A policy signed by a key the trust list does not name is refused.
    ok(&qrpass(&[
        "trust",
        "root-keygen",
        "--out",
        s(&dir),
        "--name",
        "stranger",
    ]));
    ok(&sign(&dir, "stranger.key.pem", "79", "x.vn1p"));
    let b = args("x.vn1p");
    let refused = qrpass(&b.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        !refused.status.success() && text(&refused.stderr).contains("bad_policy"),
        "{}",
        text(&refused.stderr)
    );
}
