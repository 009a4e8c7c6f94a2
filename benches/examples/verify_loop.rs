//! Runs one operation N times on the typical permit of `benches/verify.rs`, for
//! instruction counts with callgrind (`bash benches/callgrind.sh`), which stay
//! the same whatever else the machine is doing.
//!
//! `verify_loop <N> verify|raw|inspect`

use qrpass::wire::{cose, text};
use qrpass::{Issuer, Pass, PassKind, PrivateKey, Timestamp, TrustStore, TrustedKey, Verifier};
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let mode = args.next().unwrap_or_default();

    let key = PrivateKey::from_seed(&[7; 32]);
    let public = key.public_key();
    let mut trust = TrustStore::default();
    let trusted = TrustedKey::new(public, "VN-SG", PassKind::ALL, Timestamp(946_684_800));
    trust.add(trusted).expect("key");
    let issuer = Issuer::new(key, "VN-SG").expect("issuer");
    let pass = Pass::from_json(include_str!("../../spec/examples/permit.json")).expect("pass");
    let iat = pass.validity().from;
    let token = issuer.issue_with(&pass, iat, b"bench-01").expect("issue");
    let verifier = Verifier::new(trust);
    let at = iat.add_seconds(3600);
    let sign1 = cose::parse(&text::decode(&token).expect("text")).expect("cose");

    for _ in 0..n {
        let ok = match mode.as_str() {
            "raw" => public.verify_strict(black_box(&sign1.to_be_signed), &sign1.signature),
            "inspect" => qrpass::inspect(black_box(&token)).is_ok(),
            _ => verifier.verify_at(black_box(&token), at).is_ok(),
        };
        assert!(ok, "{mode} failed");
    }
}
