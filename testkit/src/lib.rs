//! Fixtures shared by qrpass's tests, benches, fuzz targets and `cargo xtask`:
//! the fixed issuer keys of `spec/vectors` and the fuzz targets, the fixed
//! clock of the vectors, the example passes of `spec/examples`, and small
//! builders for trusted keys and trust stores, and the scanner's camera-like
//! frames without a code (`frames`).
//!
//! Everything is deterministic (fixed seeds, fixed times), so the vectors
//! regenerate byte for byte and a fuzz input reproduces on any machine.

pub mod clock;
pub mod examples;
pub mod frames;
pub mod keys;
pub mod trust;

pub use clock::ts;
pub use examples::{example, example_json, example_passes};
pub use keys::{fuzz_key, hn_key, seed, sg_key, vector_key, vector_seed};
pub use trust::{issue, store, trusted, vector_trust};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_keys_and_examples_are_those_of_spec_vectors() {
        assert_eq!(sg_key().public_key().kid().to_hex(), "4796ea29c204c141");
        assert_eq!(hn_key().public_key().kid().to_hex(), "0a8204f673b8639f");
        assert_eq!(&seed("ab")[..3], b"ab\0");
        assert_eq!(example_passes().len(), qrpass::PassKind::ALL.len());
        assert_eq!(ts(clock::KEY_VALID_FROM), clock::KEYS_FROM);
        assert_eq!(vector_trust().keys().len(), 2);
    }
}
