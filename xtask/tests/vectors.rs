//! `cargo xtask vectors` as a developer runs it: writing, checking, and
//! naming every stale or stray file.

use std::path::PathBuf;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("runs")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qrpass-xtask-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn vectors_check_detects_a_stale_directory() {
    let dir = temp("vectors");
    let s = dir.to_str().expect("utf-8 path");
    assert!(xtask(&["vectors", "--out", s]).status.success());
    assert!(xtask(&["vectors", "--out", s, "--check"]).status.success());
    std::fs::write(dir.join("expired.json"), "{}").expect("write");
    std::fs::write(dir.join("extra.json"), "{}").expect("write");
    let out = xtask(&["vectors", "--out", s, "--check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("expired.json") && err.contains("extra.json (not generated)"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn vectors_in_the_repository_are_up_to_date() {
    let out = xtask(&["vectors", "--check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
