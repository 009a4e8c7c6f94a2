//! Revocation payloads signed by the root, so every field rule is reached:
//! `SignedRevocation::verify`, then loading into the fixture anchor (which holds
//! full list 5, so deltas from 5 apply). Tables must come out strictly ascending
//! and lookups must agree with a linear scan.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::internal::list;
use qrpass::revocation::RevocationUpdate;
use qrpass::{ErrorCode, RevocationCheck, SignedRevocation};
use qrpass_fuzz::{anchor, root_key};

fn check_table(list: &qrpass::RevocationList) {
    let entries: Vec<[u8; 16]> = list.entries().collect();
    assert_eq!(entries.len(), list.len());
    assert!(
        entries.windows(2).all(|w| w[0] < w[1]),
        "a table that is not strictly ascending loaded"
    );
    for e in entries.iter().take(64) {
        assert!(list.contains_entry(e));
    }
}

fuzz_target!(|data: &[u8]| {
    let root = root_key();
    let envelope = list::sign(&root, data.to_vec());
    match SignedRevocation::verify(&envelope, &[root.public_key()]) {
        Ok(s) => match s.update() {
            RevocationUpdate::Full(l) => check_table(l),
            RevocationUpdate::Delta(d) => {
                assert!(d.info.sequence > d.base_sequence);
                check_table(&d.added);
                check_table(&d.removed);
            }
        },
        Err(e) => assert_eq!(e.code(), ErrorCode::BadRevocationList, "{e}"),
    }
    let mut a = anchor().clone();
    let before = a.revocation_list().cloned();
    match a.load_revocation_list(&envelope) {
        Ok(_) => {
            let l = a.revocation_list().expect("a list is in force");
            check_table(l);
            let _ = l.is_revoked(b"permit-1");
        }
        Err(e) => {
            assert!(
                matches!(
                    e.code(),
                    ErrorCode::BadRevocationList
                        | ErrorCode::RevocationListRollback
                        | ErrorCode::RevocationDeltaMismatch
                ),
                "{e}"
            );
            assert_eq!(
                a.revocation_list().cloned(),
                before,
                "a rejected list changed the anchor"
            );
        }
    }
});
