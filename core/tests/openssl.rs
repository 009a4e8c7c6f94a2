//! Keys interoperate with the real `openssl` command (PKCS#8 and SPKI PEM).

use std::io::Write;
use std::process::{Command, Stdio};

use qrpass::{PrivateKey, PublicKey};

fn openssl(args: &[&str], input: Option<&[u8]>) -> Vec<u8> {
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the openssl command is installed");
    if let Some(bytes) = input {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes)
            .expect("write");
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("openssl runs");
    assert!(out.status.success(), "openssl {args:?} failed");
    out.stdout
}

#[test]
fn reads_keys_from_openssl_genpkey() {
    let pem =
        String::from_utf8(openssl(&["genpkey", "-algorithm", "ed25519"], None)).expect("utf8");
    let key = PrivateKey::from_pem(&pem).expect("qrpass reads openssl's PKCS#8");
    let openssl_pub =
        String::from_utf8(openssl(&["pkey", "-pubout"], Some(pem.as_bytes()))).expect("utf8");
    assert_eq!(PublicKey::from_pem(&openssl_pub), Ok(key.public_key()));
    assert_eq!(key.public_key().to_pem().trim(), openssl_pub.trim());
}

#[test]
fn openssl_reads_keys_written_by_qrpass() {
    let key = PrivateKey::from_seed(&[42; 32]);
    let pem = key.to_pem().expect("encodes");
    let openssl_pub =
        String::from_utf8(openssl(&["pkey", "-pubout"], Some(pem.as_bytes()))).expect("utf8");
    assert_eq!(openssl_pub.trim(), key.public_key().to_pem().trim());
    // openssl signs, qrpass verifies (Ed25519 is deterministic, so the signatures are equal too).
    let dir = std::env::temp_dir().join(format!("qrpass-openssl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let key_path = dir.join("k.pem");
    let msg_path = dir.join("msg");
    std::fs::write(&key_path, pem.as_bytes()).expect("write key");
    std::fs::write(&msg_path, b"qrpass").expect("write msg");
    let sig = openssl(
        &[
            "pkeyutl",
            "-sign",
            "-rawin",
            "-inkey",
            key_path.to_str().expect("path"),
            "-in",
            msg_path.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(sig, key.sign(b"qrpass").to_vec());
    assert!(key.public_key().verify_strict(b"qrpass", &sig));
    std::fs::remove_dir_all(&dir).ok();
}
