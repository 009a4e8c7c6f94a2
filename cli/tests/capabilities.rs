//! Every `qrpass ...` command that spec/capabilities.json names exists: its
//! `--help` succeeds (clap refuses an unknown subcommand with status 2).

mod common;

use common::*;

/// The CLI cells of spec/capabilities.json: (capability id, command words after `qrpass`).
fn commands() -> Vec<(String, Vec<String>)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/capabilities.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("spec/capabilities.json"))
            .expect("spec/capabilities.json is JSON");
    let mut out = Vec::new();
    for cap in doc["capabilities"].as_array().expect("a capabilities list") {
        for item in cap["cli"].as_array().into_iter().flatten() {
            let words: Vec<String> = item
                .as_str()
                .expect("a CLI cell lists strings")
                .split_whitespace()
                .map(String::from)
                .collect();
            assert_eq!(words[0], "qrpass", "{item}");
            out.push((
                cap["id"].as_str().expect("an id").to_string(),
                words[1..].to_vec(),
            ));
        }
    }
    out
}

#[test]
fn every_named_command_exists() {
    let commands = commands();
    assert!(commands.len() > 20, "{} commands", commands.len());
    for (id, words) in commands {
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let out = qrpass(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{id}: qrpass {}: {}",
            words.join(" "),
            text(&out.stderr)
        );
    }
}

#[test]
fn a_bogus_command_is_refused() {
    let out = qrpass(&["no-such-command", "--help"]);
    assert_eq!(out.status.code(), Some(2));
    let out = qrpass(&["trust", "no-such-command", "--help"]);
    assert_eq!(out.status.code(), Some(2));
}
