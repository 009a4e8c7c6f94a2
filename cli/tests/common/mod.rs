//! Helpers shared by the CLI's integration tests: running the binary, temporary
//! folders, the spec's example passes, keys valid in 2021.
#![allow(dead_code)]

use std::io::Write;
pub use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `qrpass` with `args`.
pub fn qrpass(args: &[&str]) -> Output {
    qrpass_stdin(args, None)
}

/// Runs `qrpass` with text on standard input.
pub fn qrpass_stdin(args: &[&str], stdin: Option<&str>) -> Output {
    qrpass_bytes(args, stdin.map(str::as_bytes))
}

/// Runs `qrpass` with `stdin` as its standard input (bytes: an image, say).
pub fn qrpass_bytes(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qrpass"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    if let Some(s) = stdin {
        let _ = child.stdin.take().expect("stdin").write_all(s); // the command may exit before reading
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("finishes")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

pub fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qrpass-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/examples")
        .join(name)
        .display()
        .to_string()
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

pub const AT: &str = "2021-09-10T08:00:00+07:00";
pub const IAT: &str = "2021-09-01T08:00:00+07:00";

/// A fresh folder with keys for issuer VN-HN valid from 2021 (the examples' dates).
pub fn keygen_hn(name: &str) -> PathBuf {
    let dir = temp(name);
    let out = qrpass(&[
        "keygen",
        "--issuer",
        "VN-HN",
        "--out",
        s(&dir),
        "--valid-from",
        "2021-01-01T00:00:00+07:00",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir
}

/// Issues the spec example `example_name` with the VN-HN key of `dir`
/// (from [`keygen_hn`]) at [`IAT`] with token id `cti` (hex): its VN1 text.
pub fn issue_hn(dir: &Path, example_name: &str, cti: &str) -> String {
    let key = dir.join("VN-HN.key.pem");
    let out = qrpass(&[
        "issue",
        "--key",
        s(&key),
        "--issuer",
        "VN-HN",
        "--iat",
        IAT,
        "--cti",
        cti,
        &example(example_name),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout).trim().to_string()
}
