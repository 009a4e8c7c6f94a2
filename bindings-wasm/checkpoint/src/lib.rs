//! The checkpoint module for JavaScript: what decides about the person in
//! front of the officer. `Checkpoint` (one call into the core per method,
//! spec/TRUST.md §9), `Policy`, `IdCard` and `bind`, with this module's own
//! `Verifier`, `TrustAnchor` and `classify`, so that a checkpoint's page loads
//! this module alone.
//!
//! Its own WebAssembly module (npm `dist/checkpoint`, loaded by `await
//! checkpoint()`): its state codec, signed policies, tally, publication index,
//! policy rules and ID-card parsing would otherwise put about 50 KB gzipped
//! into the verifier module that a page verifying pasted text loads. The class
//! `Checkpoint` is in `checkpoint.rs`, which the EU DCC module includes too (its
//! `Checkpoint` also takes DSC lists and decides `HC1:` texts).

mod checkpoint;
// The verifier module's `classify`, one source.
#[path = "../../src/classify.rs"]
mod classify;
mod idcard;
#[allow(dead_code)]
#[path = "../../src/js.rs"]
mod js;
mod policy;
#[path = "../../src/verifier.rs"]
mod verifier;
pub use checkpoint::Checkpoint;
pub use classify::classify;
pub use idcard::{bind, IdCard};
pub use policy::Policy;
pub use verifier::{TrustAnchor, Verifier};

/// Talc, as in the verifier module.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
