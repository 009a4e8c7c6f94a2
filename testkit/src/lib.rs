//! Fixtures shared by qrpass's tests, benches, fuzz targets and `cargo xtask`:
//! the fixed issuer keys of `spec/vectors` and the fuzz targets, the fixed
//! clock of the vectors, the example passes of `spec/examples`, and small
//! builders for trusted keys and trust stores.
//!
//! Everything is deterministic (fixed seeds, fixed times), so the vectors
//! regenerate byte for byte and a fuzz input reproduces on any machine.

pub mod clock;
pub mod examples;
pub mod keys;
pub mod trust;

pub use clock::ts;
pub use examples::{example, example_json, example_passes};
pub use keys::{fuzz_key, hn_key, seed, sg_key, vector_key, vector_seed};
pub use trust::{issue, store, trusted, vector_trust};
