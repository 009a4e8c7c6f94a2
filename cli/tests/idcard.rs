//! `qrpass idcard` and `qrpass check --id-card`: the card's text or photo,
//! masked output, binding under the policy, and no card data in any output.

mod common;

use common::*;

const CARD: &str = "079201001234|023456789|Nguyễn Văn An|14052001|Nam|MARKER-ADDRESS|01062021";

fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write");
    path
}

#[test]
fn idcard_prints_the_card_masked_unless_revealed() {
    let dir = temp("idcard");
    let card = write(&dir, "card.txt", CARD);
    let out = qrpass(&["idcard", s(&card)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let masked: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(masked["number_masked"], "••••••••1234");
    assert_eq!(masked["name"], "Nguyễn Văn An");
    assert_eq!(masked["inconsistent_number"], false);
    let printed = text(&out.stdout);
    for hidden in ["MARKER-ADDRESS", "079201001234", "023456789", "2021-06-01"] {
        assert!(!printed.contains(hidden), "{hidden} in {printed}");
    }
    let revealed = qrpass_stdin(&["idcard", "--reveal", "-"], Some(CARD));
    let full: serde_json::Value = serde_json::from_slice(&revealed.stdout).expect("JSON");
    assert_eq!(full["address"], "MARKER-ADDRESS");
    assert_eq!(full["issue_date"], "2021-06-01");
    assert_eq!(full["old_number"], "023456789");
}

#[test]
fn a_photo_of_the_card_is_scanned_then_parsed() {
    let dir = temp("idcard-photo");
    let card = write(&dir, "card.txt", CARD);
    let png = dir.join("card.png");
    let out = qrpass(&["render", s(&card), "--out", s(&png), "--ecc", "Q"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = qrpass(&["idcard", s(&png)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("••••••••1234"));
    let scan = qrpass(&["scan", "--json", s(&png)]);
    let code: serde_json::Value = serde_json::from_slice(&scan.stdout).expect("JSON");
    assert_eq!(code["kind"], "id_card");
    // An image whose code is not a card's.
    let other = write(&dir, "other.txt", "HELLO WORLD");
    let other_png = dir.join("other.png");
    assert!(qrpass(&["render", s(&other), "--out", s(&other_png)])
        .status
        .success());
    let out = qrpass(&["idcard", s(&other_png)]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("bad_id_card"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn bad_cards_are_refused_with_their_code_and_without_their_data() {
    let dir = temp("idcard-bad");
    for (contents, code) in [
        (CARD.replace("079201001234", "07920100123"), "bad_id_card"),
        (CARD.replace("14052001", "31022001"), "bad_id_card"),
        (String::new(), "empty_input"),
        ("x".repeat(2000), "input_too_large"),
    ] {
        let card = write(&dir, "card.txt", &contents);
        let out = qrpass(&["idcard", s(&card)]);
        assert!(!out.status.success(), "{contents}");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(code), "{err}");
        assert!(
            !err.contains("MARKER-ADDRESS") && !err.contains("0792010"),
            "{err}"
        );
    }
    let bytes = dir.join("bytes.bin");
    std::fs::write(&bytes, [0xff, 0xfe, 0x00]).expect("write");
    assert!(text(&qrpass(&["idcard", s(&bytes)]).stderr).contains("bad_id_card"));
    let missing = qrpass(&["idcard", s(&dir.join("none.txt"))]);
    assert_eq!(missing.status.code(), Some(2));
}

/// A folder with the VN-HN keys, a permit token and a policy requiring a card.
struct Checkpoint {
    dir: PathBuf,
    token: PathBuf,
    policy: PathBuf,
}

impl Checkpoint {
    fn new(name: &str) -> Checkpoint {
        let dir = keygen_hn(name);
        let token = write(&dir, "permit.txt", &issue_hn(&dir, "permit.json", "01"));
        let rules = r#"{"accept": ["permit"], "holder": {"require_card": ["permit"]}}"#;
        let policy = write(&dir, "policy.json", rules);
        Checkpoint { dir, token, policy }
    }

    /// `qrpass check` with `card` (if any), in JSON or text.
    fn check(&self, card: Option<&Path>, json: bool) -> std::process::Output {
        let trust = self.dir.join("trust.json");
        let mut args = vec!["check", "--trust", s(&trust), "--policy", s(&self.policy)];
        args.extend(["--at", AT, "--area", "79.760"]);
        if let Some(c) = card {
            args.extend(["--id-card", s(c)]);
        }
        if json {
            args.push("--json");
        }
        args.push(s(&self.token));
        qrpass(&args)
    }
}

#[test]
fn check_binds_the_pass_to_the_card_and_shows_no_card_data() {
    let c = Checkpoint::new("check-card");
    let good = write(&c.dir, "good.txt", CARD);
    let other_card = CARD.replace("079201001234", "079201005555");
    let other = write(&c.dir, "other.txt", &other_card);
    let cases: [(Option<&Path>, i32, &str); 3] = [
        (Some(&good), 0, "ID card ••••••••1234: match"),
        (Some(&other), 1, "[holder_id_mismatch]"),
        (None, 3, "[id_card_missing]"),
    ];
    let hidden = [
        "MARKER-ADDRESS",
        "079201001234",
        "079201005555",
        "023456789",
        "2021-06-01",
        "2001-05-14",
    ];
    for (card, status, line) in cases {
        for json in [false, true] {
            let out = c.check(card, json);
            assert_eq!(out.status.code(), Some(status), "{}", text(&out.stderr));
            let printed = text(&out.stdout) + &text(&out.stderr);
            assert!(json || printed.contains(line), "{printed}");
            for h in hidden {
                assert!(!printed.contains(h), "{h} in {printed}");
            }
        }
    }
    let out = c.check(Some(&good), true);
    let view: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(view["holder"]["result"], "match");
    assert_eq!(view["holder"]["id"], "match");
}

#[test]
fn check_refuses_an_unusable_card_as_an_input_error() {
    let c = Checkpoint::new("check-bad-card");
    let trust = c.dir.join("trust.json");
    let args = [
        "check",
        "--trust",
        s(&trust),
        "--policy",
        s(&c.policy),
        "--id-card",
        "-",
        "-",
    ];
    let both = qrpass_stdin(&args, Some(CARD));
    assert_eq!(both.status.code(), Some(2));
    assert!(text(&both.stderr).contains("invalid_argument"));
    let bad = write(&c.dir, "bad.txt", "079201001234|x");
    let out = c.check(Some(&bad), false);
    assert_eq!(out.status.code(), Some(2), "an unusable card is not a deny");
    let err = text(&out.stderr);
    assert!(err.contains("bad_id_card"), "{err}");
}
