//! `Verifier::verify_at` on arbitrary text: a code or a verified pass that
//! passes every invariant of `qrpass_fuzz::check_result`, never a panic.
//! Input: the bytes as UTF-8 (lossily, so every input reaches the verifier).
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass_fuzz::{check_result, verifier, NOW};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let result = verifier().verify_at(&text, NOW);
    check_result(&text, &result);
});
