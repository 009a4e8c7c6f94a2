//! Unicode canonical normalisation (NFC, and NFD's starters) from the
//! character-level functions of `unicode-normalization`.
//!
//! The crate's string iterators (`.nfc()`, `.nfd()`) choose canonical or
//! compatibility decomposition at run time, so every program using them links
//! the compatibility tables too (about 60 KB, 30 KB gzipped, in the
//! WebAssembly verifier), though qrpass only ever needs the canonical ones.
//! These functions run the same algorithm (UAX #15: full canonical
//! decomposition, canonical ordering, canonical composition) on the canonical
//! tables alone; `tests/nfc_equivalence.rs` checks them against the crate's
//! iterators on every code point and on random mixes of marks and bases.

use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};

/// The full canonical decomposition of `text`, in canonical order.
fn decomposed(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        decompose_canonical(c, |d| out.push(d));
    }
    // Canonical ordering: a stable sort of each run of non-starters by class.
    let mut start = 0;
    while start < out.len() {
        if canonical_combining_class(out[start]) == 0 {
            start += 1;
            continue;
        }
        let end = (start..out.len())
            .find(|&i| canonical_combining_class(out[i]) == 0)
            .unwrap_or(out.len());
        out[start..end].sort_by_key(|&c| canonical_combining_class(c));
        start = end;
    }
    out
}

/// `text` in Normalization Form C.
pub(crate) fn nfc(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    let mut starter: Option<usize> = None;
    // Class of the last character kept after the starter (None: none yet).
    let mut last_class: Option<u8> = None;
    for c in decomposed(text) {
        let class = canonical_combining_class(c);
        if let Some(s) = starter {
            let blocked = last_class.is_some_and(|l| l == 0 || l >= class);
            if !blocked {
                if let Some(composed) = compose(out[s], c) {
                    out[s] = composed;
                    continue;
                }
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last_class = None;
        } else {
            last_class = Some(class);
        }
        out.push(c);
    }
    out.into_iter().collect()
}

/// The characters of `text`'s canonical decomposition (NFD) whose canonical
/// combining class is 0: the base letters without their marks.
pub(crate) fn nfd_starters(text: &str) -> impl Iterator<Item = char> {
    decomposed(text)
        .into_iter()
        .filter(|&c| canonical_combining_class(c) == 0)
}

/// For the differential test only: the crate-internal functions, public.
#[doc(hidden)]
pub mod exposed {
    /// [`super::nfc`].
    pub fn nfc(text: &str) -> String {
        super::nfc(text)
    }
    /// [`super::nfd_starters`], collected.
    pub fn nfd_starters(text: &str) -> String {
        super::nfd_starters(text).collect()
    }
}
