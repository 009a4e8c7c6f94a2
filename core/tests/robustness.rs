//! Hostile input: random bytes, random strings and mutations of valid tokens
//! give an error with a code from verify and inspect, never a panic or acceptance.

use qrpass::internal::text;
use qrpass::{inspect, Issuer, PassKind, PrivateKey, Timestamp, TrustStore, TrustedKey, Verifier};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn setup() -> (String, Verifier, Timestamp) {
    let key = PrivateKey::from_seed(&[3; 32]);
    let mut trust = TrustStore::default();
    trust
        .add(TrustedKey::new(
            key.public_key(),
            "VN-SG",
            PassKind::ALL,
            Timestamp(946_684_800),
        ))
        .expect("key");
    let pass = qrpass_testkit::example(PassKind::Permit).expect("pass");
    let iat = pass.validity().from;
    let token = Issuer::new(key, "VN-SG")
        .expect("issuer")
        .issue_with(&pass, iat, b"robust")
        .expect("issue");
    (token, Verifier::new(trust), iat.add_seconds(60))
}

fn assert_rejected(verifier: &Verifier, text: &str, at: Timestamp) {
    let err = verifier
        .verify_at(text, at)
        .expect_err("a damaged token must not verify");
    assert!(!err.message().is_empty());
    assert!(qrpass::ErrorCode::from_code(err.code().as_str()).is_some());
    let _ = inspect(text); // must return, not panic
}

#[test]
fn random_strings_and_bytes_are_rejected() {
    let (_, verifier, at) = setup();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let alphabet: Vec<char> = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:abcé\n\u{0}"
        .chars()
        .collect();
    for _ in 0..20_000 {
        let len = rng.below(400);
        let body: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        assert_rejected(&verifier, &format!("VN1:{body}"), at);
        assert_rejected(&verifier, &body, at);
    }
    for _ in 0..20_000 {
        let len = rng.below(300);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        assert_rejected(&verifier, &text::encode(&bytes), at);
        // Random bytes behind a plausible COSE_Sign1 start.
        let mut framed = vec![0xd2, 0x84, 0x4d];
        framed.extend_from_slice(&bytes);
        assert_rejected(&verifier, &text::encode(&framed), at);
    }
}

#[test]
fn mutated_tokens_are_rejected() {
    let (token, verifier, at) = setup();
    assert!(verifier.verify_at(&token, at).is_ok());
    let cose = text::decode(&token).expect("valid");
    let mut rng = Rng(42);
    for _ in 0..20_000 {
        let mut m = cose.clone();
        match rng.below(4) {
            0 => {
                let i = rng.below(m.len());
                m[i] ^= 1 << rng.below(8);
            }
            1 => m.truncate(rng.below(m.len())),
            2 => {
                let i = rng.below(m.len());
                m.insert(i, rng.next() as u8);
            }
            _ => {
                let i = rng.below(m.len());
                m.remove(i);
            }
        }
        if m != cose {
            assert_rejected(&verifier, &text::encode(&m), at);
        }
    }
}
