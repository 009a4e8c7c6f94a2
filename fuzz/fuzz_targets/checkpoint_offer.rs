//! Any bytes offered to a checkpoint (`Checkpoint::offer`): a refused artifact
//! leaves the saved state byte-identical and carries one of offer's codes; an
//! accepted one survives save and restore.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::{Checkpoint, ErrorCode};
use qrpass_fuzz::checkpoint;

fuzz_target!(|data: &[u8]| {
    let mut cp = checkpoint().clone();
    let before = cp.save();
    match cp.offer(data) {
        Ok(_) => {
            let saved = cp.save();
            let back = Checkpoint::restore(&saved).expect("an accepted state restores");
            assert_eq!(back.save(), saved);
        }
        Err(e) => {
            assert!(
                matches!(
                    e.code(),
                    ErrorCode::UnknownArtifact
                        | ErrorCode::BadTrustList
                        | ErrorCode::TrustListRollback
                        | ErrorCode::BadRevocationList
                        | ErrorCode::RevocationListRollback
                        | ErrorCode::RevocationDeltaMismatch
                        | ErrorCode::BadPolicy
                        | ErrorCode::PolicyRollback
                ),
                "{e}"
            );
            assert_eq!(cp.save(), before, "a refused artifact changed the state");
        }
    }
});
