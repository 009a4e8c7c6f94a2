//! Saved checkpoint states (`Checkpoint::restore`). Inputs starting with an odd
//! byte are taken as the state's CBOR body and given the magic and a correct
//! SHA-256, so the fuzzer reaches the decoder and the replay behind the digest;
//! others are restored as they are. Every failure is `bad_checkpoint_state`;
//! whatever restores saves to bytes that restore to the same bytes again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::{Checkpoint, ErrorCode};
use sha2::{Digest, Sha256};

fuzz_target!(|data: &[u8]| {
    let input = match data.split_first() {
        Some((first, body)) if first % 2 == 1 => {
            let mut state = b"QRPCKPT1".to_vec();
            state.extend_from_slice(body);
            let d = Sha256::digest(&state);
            state.extend_from_slice(&d);
            state
        }
        _ => data.to_vec(),
    };
    match Checkpoint::restore(&input) {
        Ok(cp) => {
            let saved = cp.save();
            let again = Checkpoint::restore(&saved).expect("a saved state restores");
            assert_eq!(again.save(), saved);
        }
        Err(e) => assert_eq!(e.code(), ErrorCode::BadCheckpointState, "{e}"),
    }
});
