//! Fixed Ed25519 keys: a 32-byte seed is a name padded with zero bytes.

use qrpass::PrivateKey;

/// A 32-byte seed: `text` padded with zeros (cut at 32 bytes).
pub fn seed(text: &str) -> [u8; 32] {
    let mut s = [0u8; 32];
    for (d, b) in s.iter_mut().zip(text.bytes()) {
        *d = b;
    }
    s
}

/// The seed of key `name` in `spec/vectors`: `qrpass-vectors/{name}`, zero-padded.
pub fn vector_seed(name: &str) -> [u8; 32] {
    seed(&format!("qrpass-vectors/{name}"))
}

/// The key `name` of `spec/vectors`: an issuer id (`VN-SG`) or a role (`root-1`).
pub fn vector_key(name: &str) -> PrivateKey {
    PrivateKey::from_seed(&vector_seed(name))
}

/// The `VN-SG` issuer key of `spec/vectors` (kid 4796ea29c204c141).
pub fn sg_key() -> PrivateKey {
    vector_key("VN-SG")
}

/// The `VN-HN` issuer key of `spec/vectors` (kid 0a8204f673b8639f).
pub fn hn_key() -> PrivateKey {
    vector_key("VN-HN")
}

/// A key of the fuzz fixtures: seed `qrpass-fuzz/{name}` (`root`, `next-root`, `retired`).
pub fn fuzz_key(name: &str) -> PrivateKey {
    PrivateKey::from_seed(&seed(&format!("qrpass-fuzz/{name}")))
}
