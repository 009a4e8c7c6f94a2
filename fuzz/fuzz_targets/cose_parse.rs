//! Differential: `cose::parse` (tokens, via coset) and `cose::parse_ref` (signed
//! lists, in place) must agree on every input: both accept with the same kid,
//! payload, signature and to-be-signed bytes, or both reject with a `format` code.
//!
//! Known difference (reported, see FUZZING.md): `parse` lets coset decode the
//! headers before qrpass's own checks, so where coset refuses a header first it
//! says `bad_cose` while `parse_ref` names the rule (`unprotected_header`,
//! `duplicate_key`, ...). By default that one pattern is tolerated so the run
//! goes on; set QRPASS_FUZZ_STRICT_CODES=1 to require identical codes.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use qrpass::wire::cose;
use qrpass::{ErrorCode, ErrorFamily};

fn strict_codes() -> bool {
    static S: OnceLock<bool> = OnceLock::new();
    *S.get_or_init(|| std::env::var_os("QRPASS_FUZZ_STRICT_CODES").is_some_and(|v| v == "1"))
}

fuzz_target!(|data: &[u8]| {
    match (cose::parse(data), cose::parse_ref(data)) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.kid, b.kid);
            assert_eq!(a.payload, b.payload);
            assert_eq!(a.signature, b.signature);
            let (tbs, offset) = b.to_be_signed();
            assert_eq!(a.to_be_signed, tbs);
            assert_eq!(&tbs[offset..], b.payload);
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.code().family(), ErrorFamily::Format, "{a}");
            assert_eq!(b.code().family(), ErrorFamily::Format, "{b}");
            if strict_codes() || a.code() != ErrorCode::BadCose {
                assert_eq!(a.code(), b.code(), "parse: {a}; parse_ref: {b}");
            }
        }
        (a, b) => panic!("parse {:?} but parse_ref {:?}", a.map(|_| ()), b.map(|_| ())),
    }
});
