//! Signed revocation files (full or delta; binary or `VN1R:` text) as a
//! checkpoint receives them: `SignedRevocation::verify` under the root, then
//! `TrustAnchor::load_revocation_list`. `revocation_payload` covers the payload.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::{ErrorCode, SignedRevocation};
use qrpass_fuzz::{anchor, root_key};

fuzz_target!(|data: &[u8]| {
    if let Err(e) = SignedRevocation::verify(data, &[root_key().public_key()]) {
        assert_eq!(e.code(), ErrorCode::BadRevocationList, "{e}");
    }
    let mut a = anchor().clone();
    let before = a.revocation_list().cloned();
    if let Err(e) = a.load_revocation_list(data) {
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
});
