//! The EU DCC decode chain on arbitrary input: as `HC1:` text (prefix, Base45,
//! zlib with its cap, COSE, CWT, payload) and as raw COSE bytes. A code or a
//! decoded certificate, never a panic, never output above the inflate cap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::dcc::{zlib, Decoded};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for t in [text.to_string(), format!("HC1:{text}")] {
        if let Ok(d) = Decoded::from_text(&t) {
            let _ = d.certificate().map(|c| (c.summary(), c.nam.display()));
        }
    }
    if let Ok(out) = zlib::inflate(data) {
        assert!(out.len() <= zlib::MAX_DECOMPRESSED);
    }
    if let Ok(d) = Decoded::from_cose(data) {
        let _ = d.sign1.to_be_signed();
        let _ = d.certificate();
    }
});
