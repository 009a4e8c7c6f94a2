//! `qrpass::inspect` on arbitrary text: a code or an (unverified) pass, never a
//! panic; what inspects must also serialise to JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match qrpass::inspect(&text) {
        Ok(i) => {
            assert!(i.cose_len > 0);
            let _ = i.unverified_pass().to_json();
            let _ = i.unverified_pass().person().id.masked();
        }
        Err(e) => assert!(qrpass::ErrorCode::ALL.contains(&e.code())),
    }
});
