//! Differential: `cose::parse` (tokens, via coset) and `cose::parse_ref` (signed
//! lists, in place) must agree on every input: the same code on failure, the
//! same kid, payload, signature and to-be-signed bytes on success.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::wire::cose;

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
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "parse: {a}; parse_ref: {b}"),
        (a, b) => panic!("parse {:?} but parse_ref {:?}", a.map(|_| ()), b.map(|_| ())),
    }
});
