//! The verifier on arbitrary COSE bytes: the input is the binary envelope,
//! wrapped as `VN1:` + Base45 so every mutation reaches the CBOR and COSE
//! layers instead of dying in Base45. Verify and inspect must agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::internal::text;
use qrpass_fuzz::{check_result, verifier, NOW};

fuzz_target!(|data: &[u8]| {
    let token = text::encode(data);
    let result = verifier().verify_at(&token, NOW);
    check_result(&token, &result);
    // What does not even inspect can never verify.
    if let Err(e) = qrpass::inspect(&token) {
        assert!(
            result.is_err(),
            "inspect failed ({e}) on a token that verified"
        );
    }
});
