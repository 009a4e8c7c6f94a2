//! Unicode upper case (the full mappings, as `str::to_uppercase`) on our own
//! table.
//!
//! The standard library's table is about 13 KB of 8-byte pairs; most mappings
//! are runs (a–z, or every other letter of Latin Extended-A, minus one), so
//! `upper/table.rs` holds runs and the few one-to-many mappings: about 3 KB.
//! It is generated from the standard library by `tests/upper_table.rs`, which
//! also checks this function against `str::to_uppercase` on every code point.

mod table;

use table::{MULTI, MULTI_ENDS, MULTI_TEXT, RUNS};

/// `text` in upper case: the same string as `text.to_uppercase()`.
pub(crate) fn upper(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_upper(c, &mut out);
    }
    out
}

fn push_upper(c: char, out: &mut String) {
    let cp = c as u32;
    if let Ok(i) = MULTI.binary_search(&cp) {
        let start = if i == 0 { 0 } else { MULTI_ENDS[i - 1] };
        let end = MULTI_ENDS[i];
        out.push_str(
            MULTI_TEXT
                .get(usize::from(start)..usize::from(end))
                .unwrap_or_default(),
        );
        return;
    }
    let i = RUNS.partition_point(|&run| (run >> 43) as u32 <= cp);
    if let Some(&run) = i.checked_sub(1).and_then(|i| RUNS.get(i)) {
        let offset = cp - (run >> 43) as u32;
        let step = ((run >> 32) & 1) as u32 + 1;
        let count = ((run >> 33) & 0x3FF) as u32;
        if offset.is_multiple_of(step) && offset / step < count {
            if let Some(u) = char::from_u32(cp.wrapping_add(run as u32)) {
                out.push(u);
                return;
            }
        }
    }
    out.push(c);
}

/// For the differential test only: the crate-internal function, public.
#[doc(hidden)]
pub mod exposed {
    /// [`super::upper`].
    pub fn upper(text: &str) -> String {
        super::upper(text)
    }
}
