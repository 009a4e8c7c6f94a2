//! Tests of `qrpass trust` and `qrpass revoke` as library calls.

use std::fs;
use std::path::{Path, PathBuf};

use qrpass::revocation::entry_of;
use qrpass::trust::TrustAnchor;
use qrpass::{ErrorCode, KeyStatus, PrivateKey, PublicKey};

use crate::error::CliError;
use crate::revoke_cmd::*;
use crate::trust_cmd::*;
use crate::verifier_args::load_verifier;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qrpass-trust-cmd-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn code<T>(r: Result<T, CliError>) -> Option<ErrorCode> {
    r.err().map(|e| e.error.code())
}

fn write_key(dir: &Path, name: &str, seed: u8) -> (PathBuf, PathBuf) {
    let key = PrivateKey::from_seed(&[seed; 32]);
    let (private, public) = (
        dir.join(format!("{name}.key.pem")),
        dir.join(format!("{name}.pub.pem")),
    );
    fs::write(&private, key.to_pem().expect("pem").as_bytes()).expect("write");
    fs::write(&public, key.public_key().to_pem()).expect("write");
    (private, public)
}

#[test]
fn source_edit_sign_and_load_round_trip() {
    let dir = scratch("round-trip");
    let (root_key, root_pub) = write_key(&dir, "root", 1);
    let (_, issuer_pub) = write_key(&dir, "VN-SG", 2);
    let source = dir.join("source.json");
    new(&source, &[], &[]).expect("new");
    assert_eq!(
        code(new(&source, &[], &[])),
        Some(ErrorCode::Io),
        "never overwrites"
    );
    add(
        &source,
        "VN-SG",
        &issuer_pub,
        &["permit".into()],
        Some("2021-01-01T00:00:00Z"),
        None,
    )
    .expect("add");
    let kid = PrivateKey::from_seed(&[2; 32]).public_key().kid().to_hex();
    set_status(
        &source,
        &kid,
        Some("2021-09-05T00:00:00Z"),
        KeyStatus::Retired,
    )
    .expect("retire");
    let out = dir.join("list.txt");
    sign(
        &source,
        &root_key,
        &out,
        Some("2021-09-01T00:00:00Z"),
        7,
        None,
        true,
    )
    .expect("sign");
    sign(
        &source,
        &root_key,
        &dir.join("list.bin"),
        Some("2021-09-02T00:00:00Z"),
        7,
        None,
        false,
    )
    .expect("sign");
    assert_eq!(
        load_source(&source).map(|l| l.sequence).ok(),
        Some(2),
        "sign raises the source's sequence"
    );
    let verifier = load_verifier(&out, Some(&root_pub), None).expect("loads");
    assert_eq!(verifier.trust().keys().len(), 1);
    assert!(matches!(
        verifier.trust().keys()[0].status,
        KeyStatus::Retired(_)
    ));
    show(&out, Some(&root_pub)).expect("show verified");
    show(&out, None).expect("show unverified");
    show(&source, None).expect("show source");
    // The wrong root, no root, an unknown kid, a bad kind.
    let (_, other_pub) = write_key(&dir, "other", 3);
    assert_eq!(
        code(load_verifier(&out, Some(&other_pub), None)),
        Some(ErrorCode::BadTrustList)
    );
    assert_eq!(
        code(load_verifier(&out, None, None)),
        Some(ErrorCode::BadTrustList)
    );
    assert_eq!(
        code(show(&out, Some(&other_pub))),
        Some(ErrorCode::BadTrustList)
    );
    assert_eq!(
        code(set_status(
            &source,
            "0000000000000000",
            None,
            KeyStatus::Revoked
        )),
        Some(ErrorCode::UnknownKey)
    );
    assert_eq!(
        code(set_status(&source, "xyz", None, KeyStatus::Revoked)),
        Some(ErrorCode::BadKey)
    );
    assert_eq!(
        code(add(
            &source,
            "VN-SG",
            &issuer_pub,
            &["passport".into()],
            None,
            None
        )),
        Some(ErrorCode::UnknownKind)
    );
    assert_eq!(
        code(load_source(&dir.join("missing.json"))),
        Some(ErrorCode::Io)
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn revoke_builds_full_lists_and_deltas() {
    let dir = scratch("revoke");
    let (root_key, root_pub) = write_key(&dir, "root", 1);
    let args = |out: &str, previous: Option<&str>, delta: Option<&str>, ctis: &[&str]| RevokeArgs {
        key: root_key.clone(),
        out: dir.join(out),
        previous: previous.map(|p| dir.join(p)),
        delta_out: delta.map(|d| dir.join(d)),
        sequence: None,
        at: Some("2021-09-01T00:00:00Z".into()),
        valid_days: 30,
        token: Vec::new(),
        text: false,
        ctis: ctis.iter().map(|c| c.to_string()).collect(),
    };
    revoke(&args("r1.bin", None, None, &["aa01"])).expect("first list");
    revoke(&args("r2.bin", Some("r1.bin"), Some("d12.bin"), &["aa02"]))
        .expect("second list and delta");
    let mut anchor = TrustAnchor::new(
        PublicKey::from_pem(&fs::read_to_string(&root_pub).expect("pem")).expect("key"),
    );
    anchor
        .load_revocation_list(&fs::read(dir.join("r1.bin")).expect("r1"))
        .expect("full");
    assert_eq!(
        anchor
            .load_revocation_list(&fs::read(dir.join("d12.bin")).expect("d"))
            .map(|o| o.sequence()),
        Ok(2)
    );
    let list = anchor.revocation_list().expect("held");
    assert!(
        list.contains_entry(&entry_of(&[0xaa, 0x01]))
            && list.contains_entry(&entry_of(&[0xaa, 0x02]))
    );
    assert_eq!(
        code(revoke(&args("r3.bin", None, None, &["zz"]))),
        Some(ErrorCode::InvalidArgument)
    );
    assert_eq!(
        code(revoke(&args("r3.bin", None, None, &[""]))),
        Some(ErrorCode::InvalidCti)
    );
    let (other_key, _) = write_key(&dir, "other", 5);
    let foreign = RevokeArgs {
        key: other_key,
        ..args("r4.bin", Some("r2.bin"), None, &[])
    };
    assert_eq!(code(revoke(&foreign)), Some(ErrorCode::BadRevocationList));
    let _ = fs::remove_dir_all(&dir);
}
