//! The pipeline after the signature: the input is a CWT claims payload, signed
//! with a trusted key (VN-SG), so claims and pass decoding, the key checks, the
//! clock and revocation all see fuzzer-chosen data. A forged payload could
//! never get here; a payload a trusted issuer signed by mistake can.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::internal::{claims, cose, text};
use qrpass_fuzz::{check_result, sg_key, verifier, NOW};

fuzz_target!(|data: &[u8]| {
    let token = text::encode(&cose::sign(&sg_key(), data.to_vec()));
    let result = verifier().verify_at(&token, NOW);
    check_result(&token, &result);
    // The claims decoder alone agrees with the pipeline on what decodes.
    match claims::decode(data) {
        Ok(c) => {
            // Re-encoding what decoded decodes to the same claims (extension
            // claims and keys are dropped, nothing else changes).
            let again = claims::decode(&claims::encode(&c)).expect("re-encoded claims decode");
            assert_eq!(again, c);
        }
        Err(e) => {
            let v = result.expect_err("claims that do not decode verified");
            if token.len() <= text::MAX_TEXT_LEN {
                assert_eq!(v.code(), e.code());
            }
        }
    }
});
