//! `Checkpoint` for JavaScript: one call into the core per method (spec/TRUST.md §9).
//!
//! Its own WebAssembly module (npm `dist/checkpoint`, loaded by `await
//! checkpoint()`): its state codec, signed policies, tally and publication
//! index would otherwise put about 30 KB gzipped into the verifier module that
//! a page verifying pasted text loads. The class is in `checkpoint.rs`, which
//! the EU DCC module includes too (its `Checkpoint` also takes DSC lists and
//! decides `HC1:` texts).

mod checkpoint;
#[allow(dead_code)]
#[path = "../../src/js.rs"]
mod js;
pub use checkpoint::Checkpoint;

/// Talc, as in the verifier module.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
