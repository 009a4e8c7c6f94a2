//! `qrpass redeem` and `qrpass ledger`: pay once, export, import, reconcile.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;

const PAY_AT: &str = "2021-10-05T09:00:00+07:00";

/// A point key made by keygen (any Ed25519 PKCS#8 PEM will do).
fn point_key(dir: &Path, id: &str) -> PathBuf {
    let out = qrpass(&["keygen", "--issuer", id, "--out", s(dir)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir.join(format!("{id}.key.pem"))
}

fn redeem(
    dir: &Path,
    ledger: &str,
    token: &Path,
    point: &str,
    key: &Path,
    amount: &str,
) -> std::process::Output {
    let trust = dir.join("trust.json");
    qrpass(&[
        "redeem",
        "--trust",
        s(&trust),
        "--at",
        PAY_AT,
        "--ledger",
        ledger,
        "--point",
        point,
        "--point-key",
        s(key),
        "--amount",
        amount,
        s(token),
    ])
}

#[test]
fn redeem_pays_once_then_exports_imports_and_reports_the_double() {
    let dir = keygen_hn("ledger-cli");
    let token = dir.join("support.txt");
    std::fs::write(&token, issue_hn(&dir, "support_entitlement.json", "0a0b")).unwrap();
    let (ka, kb) = (point_key(&dir, "PT-A"), point_key(&dir, "PT-B"));
    let (la, lb) = (dir.join("a.db"), dir.join("b.db"));
    // Refusals first: nothing is written.
    let out = redeem(&dir, s(&la), &token, "PT-A", &ka, "100");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("[amount_mismatch]"));
    let out = redeem(&dir, s(&la), &token, "PT-A", &ka, "-5");
    assert!(
        text(&out.stderr).contains("[invalid_number]"),
        "{}",
        text(&out.stderr)
    );
    // Paid once at A, refused a second time at A.
    let out = redeem(&dir, s(&la), &token, "PT-A", &ka, "1500000");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("{\"outcome\":\"redeemed\""));
    let out = redeem(&dir, s(&la), &token, "PT-A", &ka, "1500000");
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stdout).contains("\"outcome\":\"already_redeemed\""));
    assert!(text(&out.stderr).contains("DO NOT PAY"));
    // Point B is offline with its own ledger: it pays too — the double the province must find.
    assert_eq!(
        redeem(&dir, s(&lb), &token, "PT-B", &kb, "1500000")
            .status
            .code(),
        Some(0)
    );
    let mut registry = Vec::new();
    for (id, key, ledger) in [("PT-A", &ka, &la), ("PT-B", &kb, &lb)] {
        let file = dir.join(format!("{id}.jsonl"));
        let out = qrpass(&[
            "ledger",
            "export",
            "--ledger",
            s(ledger),
            "--point",
            id,
            "--point-key",
            s(key),
            "--out",
            s(&file),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let out = qrpass(&["ledger", "point", "--point", id, "--point-key", s(key)]);
        registry.push(text(&out.stdout).trim().to_owned());
    }
    let points = dir.join("points.json");
    std::fs::write(&points, format!("{{\"points\":[{}]}}", registry.join(","))).unwrap();
    let province = dir.join("province.db");
    let (csv, xlsx) = (dir.join("report.csv"), dir.join("report.xlsx"));
    let import = |files: &[&Path]| {
        let mut args = vec![
            "ledger",
            "import",
            "--ledger",
            s(&province),
            "--points",
            s(&points),
            "--csv",
            s(&csv),
            "--xlsx",
            s(&xlsx),
        ];
        args.extend(files.iter().map(|f| s(f)));
        qrpass(&args)
    };
    let (fa, fb) = (dir.join("PT-A.jsonl"), dir.join("PT-B.jsonl"));
    let out = import(&[&fa, &fb]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut again = vec![
        "ledger",
        "import",
        "--ledger",
        s(&province),
        "--points",
        s(&points),
    ];
    again.extend(["--chain-only", "--csv", s(&csv), s(&fb)]);
    let out = qrpass(&again);
    assert!(
        text(&out.stderr).contains("0 added, 1 already held"),
        "{}",
        text(&out.stderr)
    );
    let report = std::fs::read_to_string(&csv).unwrap();
    let doubles: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("double_payment,"))
        .collect();
    assert_eq!(doubles.len(), 2, "{report}");
    assert!(
        doubles[0].contains("HCM-HT-2021-547748")
            && report.contains("PT-A")
            && report.contains("PT-B")
    );
    assert!(
        !report.contains("Phạm") && !report.contains("079302007788"),
        "no personal data"
    );
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
    // An altered file is refused, named in the report, and nothing else changes.
    let altered = dir.join("altered.jsonl");
    std::fs::write(
        &altered,
        std::fs::read_to_string(&fa)
            .unwrap()
            .replace("1500000", "1500001"),
    )
    .unwrap();
    let out = import(&[&altered]);
    assert_eq!(out.status.code(), Some(1));
    let report = std::fs::read_to_string(&csv).unwrap();
    assert!(
        report.contains("refused_file,") && report.contains("ledger_chain_broken"),
        "{report}"
    );
    let out = qrpass(&["ledger", "report", "--ledger", s(&province)]);
    assert_eq!(out.status.code(), Some(1), "a double payment is not clean");
    assert_eq!(
        text(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("double_payment,"))
            .count(),
        2
    );
}

#[test]
fn a_damaged_ledger_is_refused_with_a_hint() {
    let dir = keygen_hn("ledger-cli-corrupt");
    let token = dir.join("support.txt");
    std::fs::write(&token, issue_hn(&dir, "support_entitlement.json", "0a0c")).unwrap();
    let key = point_key(&dir, "PT-A");
    let ledger = dir.join("a.db");
    std::fs::write(&ledger, b"not a ledger at all, but someone's notes").unwrap();
    let out = redeem(&dir, s(&ledger), &token, "PT-A", &key, "1500000");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("[ledger_corrupt]") && text(&out.stderr).contains("hint:"));
    assert_eq!(
        std::fs::read(&ledger).unwrap(),
        b"not a ledger at all, but someone's notes"
    );
    let out = qrpass(&["ledger", "report", "--ledger", s(&dir.join("missing.db"))]);
    assert!(text(&out.stderr).contains("[ledger_unavailable]"));
}
