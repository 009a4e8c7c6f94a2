//! Runs one operation N times on the typical permit of `benches/verify.rs`, for
//! instruction counts with callgrind (`bash benches/callgrind.sh`), which stay
//! the same whatever else the machine is doing.
//!
//! `verify_loop <N> verify|raw|inspect|many` (`many`: `verify_many_at` on every core)

use qrpass_benches::TypicalPermit;
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let mode = args.next().unwrap_or_default();
    let p = TypicalPermit::new();
    if mode == "many" {
        // verify_many_at on every core, in slices of 8192 as the Python binding's verify_arrow.
        let texts = vec![p.token.as_str(); n];
        for slice in texts.chunks(8192) {
            let ok = p.verifier.verify_many_at(black_box(slice), p.at);
            assert!(ok.iter().all(|r| r.is_ok()), "many failed");
        }
        return;
    }
    for _ in 0..n {
        let ok = match mode.as_str() {
            "raw" => p
                .public
                .verify_strict(black_box(&p.sign1.to_be_signed), &p.sign1.signature),
            "inspect" => qrpass::inspect(black_box(&p.token)).is_ok(),
            _ => p.verifier.verify_at(black_box(&p.token), p.at).is_ok(),
        };
        assert!(ok, "{mode} failed");
    }
}
