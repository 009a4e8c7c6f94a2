//! Signed trust list files (binary COSE or `VN1T:` text) as a checkpoint
//! receives them: `SignedTrustList::verify` under the fixture root, then
//! `TrustAnchor::load_trust_list` on a copy of the fixture anchor. Only a
//! fixture seed can carry a valid signature, so this target mostly exercises
//! the envelope and text layers; `trust_list_payload` covers the payload.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::{ErrorCode, SignedTrustList};
use qrpass_fuzz::{anchor, next_root_key, root_key};

fuzz_target!(|data: &[u8]| {
    match SignedTrustList::verify(
        data,
        &[root_key().public_key(), next_root_key().public_key()],
    ) {
        Ok(list) => assert!(list.list().check().is_ok()),
        Err(e) => assert_eq!(e.code(), ErrorCode::BadTrustList, "{e}"),
    }
    let mut a = anchor().clone();
    let before = a.trust_sequence();
    match a.load_trust_list(data) {
        Ok(outcome) => assert!(Some(outcome.sequence()) >= before),
        Err(e) => {
            assert!(
                matches!(
                    e.code(),
                    ErrorCode::BadTrustList | ErrorCode::TrustListRollback
                ),
                "{e}"
            );
            assert_eq!(
                a.trust_sequence(),
                before,
                "a rejected list changed the anchor"
            );
        }
    }
});
