//! Unicode canonical normalisation (NFC, and NFD's starters) on our own
//! canonical tables.
//!
//! `unicode-normalization`'s string iterators (`.nfc()`, `.nfd()`) choose
//! canonical or compatibility decomposition at run time, so every program
//! using them links the compatibility tables too, though qrpass only ever
//! needs the canonical ones; and the crate's canonical tables are hash tables,
//! which gzip hardly shrinks (24 KB gzipped in the WebAssembly verifier).
//! These functions run the same algorithm (UAX #15: full canonical
//! decomposition, canonical ordering, canonical composition) on sorted tables
//! (`nfc/classes.rs` and `nfc/decompositions.rs`, generated from the crate by `tests/nfc_tables.rs`) with
//! binary search; `tests/nfc_equivalence.rs` checks them against the crate's
//! iterators on every code point and on random mixes of marks and bases.

mod classes;
mod decompositions;

use classes::{CCC_RUNS, COMPOSITIONS};
use decompositions::{DECOMPOSED, DECOMPOSITIONS, DECOMPOSITION_ENDS};

// Hangul syllables (Unicode §3.12): decomposed and composed arithmetically.
const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

/// The canonical combining class of `c` (0 for starters).
fn canonical_combining_class(c: char) -> u8 {
    let c = c as u32;
    match CCC_RUNS.partition_point(|&run| run >> 8 <= c) {
        0 => 0,
        i => (CCC_RUNS[i - 1] & 0xFF) as u8,
    }
}

/// Emits the full canonical decomposition of `c` (`c` itself if it has none).
fn decompose_canonical(c: char, mut emit: impl FnMut(char)) {
    let s = (c as u32).wrapping_sub(S_BASE);
    if s < S_COUNT {
        let jamo = |x: u32| char::from_u32(x).unwrap_or(c);
        emit(jamo(L_BASE + s / N_COUNT));
        emit(jamo(V_BASE + (s % N_COUNT) / T_COUNT));
        if !s.is_multiple_of(T_COUNT) {
            emit(jamo(T_BASE + s % T_COUNT));
        }
        return;
    }
    match DECOMPOSED.binary_search(&(c as u32)) {
        Ok(i) => {
            let start = if i == 0 { 0 } else { DECOMPOSITION_ENDS[i - 1] };
            let end = DECOMPOSITION_ENDS[i];
            DECOMPOSITIONS
                .get(usize::from(start)..usize::from(end))
                .unwrap_or_default()
                .chars()
                .for_each(emit);
        }
        Err(_) => emit(c),
    }
}

/// The primary composite of `a` followed by `b`, if there is one.
fn compose(a: char, b: char) -> Option<char> {
    let (a, b) = (a as u32, b as u32);
    let (l, v, t) = (
        a.wrapping_sub(L_BASE),
        b.wrapping_sub(V_BASE),
        b.wrapping_sub(T_BASE),
    );
    if l < L_COUNT && v < V_COUNT {
        return char::from_u32(S_BASE + (l * V_COUNT + v) * T_COUNT);
    }
    let s = a.wrapping_sub(S_BASE);
    if s < S_COUNT && s.is_multiple_of(T_COUNT) && t > 0 && t < T_COUNT {
        return char::from_u32(a + t);
    }
    let key = u64::from(a) << 21 | u64::from(b);
    let i = COMPOSITIONS.binary_search_by_key(&key, |&x| x >> 21).ok()?;
    char::from_u32((COMPOSITIONS[i] & 0x1F_FFFF) as u32)
}

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
        // Stable by class: the heapsort on (class, position) pairs, which the
        // verifier already links, rather than one more standard-library sort.
        let mut marks: Vec<(u8, usize, char)> = out[start..end]
            .iter()
            .enumerate()
            .map(|(i, &c)| (canonical_combining_class(c), i, c))
            .collect();
        crate::sort::heapsort(&mut marks);
        for (slot, (_, _, c)) in out[start..end].iter_mut().zip(marks) {
            *slot = c;
        }
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
    /// The canonical combining class of a character.
    pub fn canonical_combining_class(c: char) -> u8 {
        super::canonical_combining_class(c)
    }
    /// The full canonical decomposition of a character.
    pub fn decompose_canonical(c: char) -> String {
        let mut out = String::new();
        super::decompose_canonical(c, |d| out.push(d));
        out
    }
    /// The primary composite of two characters.
    pub fn compose(a: char, b: char) -> Option<char> {
        super::compose(a, b)
    }
}
