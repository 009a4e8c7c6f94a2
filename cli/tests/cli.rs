//! The `qrpass` command as a user runs it: output, messages and exit status.

mod common;

use common::*;

/// keygen → issue → verify → render → scan → inspect, with the exit status of each.
#[test]
fn keygen_issue_verify_render_scan() {
    let dir = keygen_hn("flow");
    for f in ["VN-HN.key.pem", "VN-HN.pub.pem", "trust.json"] {
        assert!(dir.join(f).exists(), "{f}");
    }
    // A second keygen for the same issuer never overwrites the key.
    let again = qrpass(&["keygen", "--issuer", "VN-HN", "--out", s(&dir)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );

    let key = dir.join("VN-HN.key.pem");
    let trust = dir.join("trust.json");
    let issued = qrpass(&[
        "issue",
        "--key",
        s(&key),
        "--issuer",
        "VN-HN",
        "--iat",
        IAT,
        &example("permit.json"),
    ]);
    assert!(issued.status.success(), "{}", text(&issued.stderr));
    let token = text(&issued.stdout).trim().to_string();
    assert!(token.starts_with("VN1:"));
    let token_path = dir.join("permit.txt");
    std::fs::write(&token_path, format!("{token}\n")).expect("write");

    let ok = qrpass(&["verify", "--trust", s(&trust), "--at", AT, s(&token_path)]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let stdout = text(&ok.stdout);
    assert!(stdout.starts_with("VALID permit from VN-HN"), "{stdout}");
    assert!(
        stdout.contains("Nguyễn Văn An") && stdout.contains("••••••••1234"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("079201001234"),
        "the full ID number must not be printed"
    );

    let json = qrpass_stdin(
        &["verify", "--trust", s(&trust), "--at", AT, "--json", "-"],
        Some(&token),
    );
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON object");
    assert_eq!(v["outcome"], "valid");
    assert_eq!(v["verified"]["pass"]["holder"]["name"], "Nguyễn Văn An");

    let expired = qrpass(&[
        "verify",
        "--trust",
        s(&trust),
        "--at",
        "2022-01-01T00:00:00+07:00",
        "--json",
        s(&token_path),
    ]);
    assert_eq!(expired.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&expired.stdout).expect("JSON");
    assert_eq!(
        (v["outcome"].as_str(), v["code"].as_str()),
        (Some("invalid"), Some("expired"))
    );

    let png = dir.join("permit.png");
    let rendered = qrpass(&["render", s(&token_path), "--out", s(&png)]);
    assert!(rendered.status.success(), "{}", text(&rendered.stderr));
    assert!(
        text(&rendered.stdout).contains("QR version 10"),
        "{}",
        text(&rendered.stdout)
    );
    let svg = dir.join("permit.svg");
    assert!(
        qrpass(&["render", s(&token_path), "--out", s(&svg), "--ecc", "H"])
            .status
            .success()
    );
    assert!(std::fs::read_to_string(&svg).expect("svg").contains("<svg"));

    let scanned = qrpass(&[
        "scan",
        s(&png),
        "--verify",
        "--trust",
        s(&trust),
        "--at",
        AT,
    ]);
    assert!(scanned.status.success(), "{}", text(&scanned.stderr));
    assert!(text(&scanned.stdout).contains(&token));
    assert!(text(&scanned.stdout).contains("VALID permit"));

    let inspected = qrpass(&["inspect", s(&token_path)]);
    assert!(inspected.status.success());
    assert!(text(&inspected.stderr).contains("NOT VERIFIED"));
    assert!(text(&inspected.stdout).contains("unverified_pass"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn errors_are_plain_words_with_a_code_and_a_hint() {
    let dir = temp("errors");
    let out = qrpass(&["keygen", "--issuer", "VN-SG", "--out", s(&dir)]);
    assert!(out.status.success());
    let trust = dir.join("trust.json");
    let gif = dir.join("x.gif");
    let cases: &[(&[&str], Option<&str>, i32, &str)] = &[
        (
            &["verify", "--trust", s(&trust), "-"],
            Some("hello"),
            1,
            "[bad_prefix]",
        ),
        (
            &["verify", "--trust", s(&trust), "-"],
            Some("VN1:abc"),
            1,
            "[bad_base45]",
        ),
        (
            &["verify", "--trust", "/nonexistent/trust.json", "-"],
            Some("VN1:"),
            2,
            "[io]",
        ),
        (
            &[
                "issue",
                "--key",
                "/nonexistent.pem",
                "--issuer",
                "VN-SG",
                "-",
            ],
            Some("{}"),
            2,
            "[io]",
        ),
        (
            &["issue", "--key", s(&trust), "--issuer", "VN-SG", "-"],
            Some("{}"),
            2,
            "[bad_key]",
        ),
        (
            &["keygen", "--issuer", "hà nội", "--out", s(&dir)],
            None,
            2,
            "[invalid_issuer]",
        ),
        (
            &["render", "-", "--out", s(&gif)],
            Some("VN1:00"),
            2,
            "hint: name the output file .png or .svg",
        ),
        (&["scan", s(&trust)], None, 2, "[bad_image]"),
    ];
    for (args, stdin, status, needle) in cases {
        let out = qrpass_stdin(args, *stdin);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(*status), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") || args[0] == "scan",
            "{args:?}: {err}"
        );
        assert!(!err.contains("Error {"), "a Debug dump leaked: {err}");
    }
    let key = dir.join("VN-SG.key.pem");
    let bad_pass = qrpass_stdin(
        &["issue", "--key", s(&key), "--issuer", "VN-SG", "-"],
        Some("{\"kind\": \"permit\"}"),
    );
    assert_eq!(bad_pass.status.code(), Some(2));
    assert!(
        text(&bad_pass.stderr).contains("[bad_json]")
            && text(&bad_pass.stderr).contains("hint: see spec/examples/")
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn demo_completes_the_round_trip() {
    let dir = temp("demo");
    let out = qrpass(&["demo", "--out", s(&dir)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("identical to the issued text: true"),
        "{stdout}"
    );
    assert!(stdout.contains("Verdict: VALID"), "{stdout}");
    for f in ["permit.png", "permit.svg", "permit.txt", "trust.json"] {
        assert!(dir.join(f).exists(), "{f}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// `verify --batch`: one JSON line per input line, in order, with the line
/// number and code; a summary by code on stderr; exit 1 when any token failed.
#[test]
fn verify_batch_writes_json_lines_in_order() {
    let dir = keygen_hn("verify-batch");
    let trust = dir.join("trust.json");
    let issue = |cti: &str| issue_hn(&dir, "permit.json", cti);
    let (a, b) = (issue("0101010101010101"), issue("0202020202020202"));
    let mut tampered = a.clone();
    let last = tampered.pop().expect("non-empty");
    tampered.push(if last == '0' { '1' } else { '0' });
    // 20,000 lines: more than two chunks, so order across chunks is checked.
    let mut input = String::new();
    for i in 0..20_000 {
        let line = match i % 5 {
            0 | 1 => a.as_str(),
            2 => b.as_str(),
            3 => tampered.as_str(),
            _ => "",
        };
        input.push_str(line);
        input.push('\n');
    }
    let tokens = dir.join("tokens.txt");
    std::fs::write(&tokens, &input).expect("write");
    let results = dir.join("results.jsonl");
    let out = qrpass(&[
        "verify",
        "--trust",
        s(&trust),
        "--at",
        AT,
        "--batch",
        s(&tokens),
        "--out",
        s(&results),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&results).expect("results");
    let lines: Vec<serde_json::Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 20_000);
    for (i, v) in lines.iter().enumerate() {
        assert_eq!(v["line"], i as u64 + 1);
        let (outcome, code) = match i % 5 {
            0..=2 => ("valid", serde_json::Value::Null),
            3 => ("invalid", "bad_signature".into()),
            _ => ("invalid", "empty_input".into()),
        };
        assert_eq!(v["outcome"], outcome, "line {}", i + 1);
        assert_eq!(v["code"], code, "line {}", i + 1);
    }
    assert_eq!(lines[2]["verified"]["cti"], "0202020202020202");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("20000 tokens"), "{stderr}");
    for (word, count) in [
        ("valid", "12000"),
        ("bad_signature", "4000"),
        ("empty_input", "4000"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.split_whitespace().collect::<Vec<_>>() == [word, count]),
            "{word} {count} in {stderr}"
        );
    }

    // From standard input, all valid: exit 0, JSON on stdout.
    let piped = qrpass_stdin(
        &["verify", "--trust", s(&trust), "--at", AT, "--batch", "-"],
        Some(&format!("{a}\n{b}\n")),
    );
    assert!(piped.status.success(), "{}", text(&piped.stderr));
    assert_eq!(text(&piped.stdout).lines().count(), 2);

    // A missing input file is an I/O error (exit 2), not a crash.
    let missing = qrpass(&[
        "verify",
        "--trust",
        s(&trust),
        "--batch",
        s(&dir.join("nope.txt")),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr).contains("[io]"),
        "{}",
        text(&missing.stderr)
    );
    // --batch and a token are exclusive; one of them is required.
    let both = qrpass(&["verify", "--trust", s(&trust), "--batch", "-", "x"]);
    assert_eq!(both.status.code(), Some(2));
    let neither = qrpass(&["verify", "--trust", s(&trust)]);
    assert_eq!(neither.status.code(), Some(2));
}

/// `qrpass check` decides its exit status: 0 allow, 1 deny, 3 review, 2 unusable inputs.
#[test]
fn check_exit_status_follows_the_decision() {
    let dir = keygen_hn("check");
    let issued = qrpass(&[
        "issue",
        "--key",
        s(&dir.join("VN-HN.key.pem")),
        "--issuer",
        "VN-HN",
        "--iat",
        IAT,
        &example("permit.json"),
    ]);
    assert!(issued.status.success(), "{}", text(&issued.stderr));
    let token = dir.join("permit.txt");
    std::fs::write(&token, &issued.stdout).expect("write");
    let policy = dir.join("policy.json");
    std::fs::write(
        &policy,
        r#"{"format": 1, "accept": ["permit"], "permit": {"area": "deny"}}"#,
    )
    .expect("write");
    let trust = dir.join("trust.json");
    let check = |area: Option<&str>, policy: &Path| {
        let mut args = vec![
            "check",
            "--trust",
            s(&trust),
            "--policy",
            s(policy),
            "--at",
            AT,
        ];
        if let Some(area) = area {
            args.extend(["--area", area]);
        }
        args.push(s(&token));
        qrpass(&args)
    };
    for (area, status, head) in [
        (Some("79.760"), 0, "ALLOW"),
        (Some("01.001"), 1, "DENY"),
        (None, 3, "REVIEW"),
    ] {
        let out = check(area, &policy);
        assert_eq!(
            out.status.code(),
            Some(status),
            "{area:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stdout).starts_with(head),
            "{area:?}: {}",
            text(&out.stdout)
        );
    }
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{").expect("write");
    let out = check(Some("79.760"), &bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("bad_policy"),
        "{}",
        text(&out.stderr)
    );
}
