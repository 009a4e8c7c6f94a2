//! One small in-place sort for the WebAssembly verifier, instead of the
//! standard library's pattern-defeating quicksort and driftsort: each of their
//! monomorphised copies is a few KB of code, a heapsort a few hundred bytes.
//! Native builds keep the standard library's (faster) sorts.

/// Sorts `v` ascending (not stable): the standard library's `sort_unstable`
/// natively, [`heapsort`] in WebAssembly.
pub(crate) fn sort_unstable<T: Ord>(v: &mut [T]) {
    #[cfg(target_family = "wasm")]
    heapsort(v);
    #[cfg(not(target_family = "wasm"))]
    v.sort_unstable();
}

/// Heapsort: O(n log n) comparisons in every case, no allocation, not stable.
pub(crate) fn heapsort<T: Ord>(v: &mut [T]) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Moves `v[root]` down the max-heap `v[..end]` to its place.
fn sift_down<T: Ord>(v: &mut [T], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && v[child] < v[child + 1] {
            child += 1;
        }
        if v[root] >= v[child] {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heapsort_agrees_with_the_standard_sort() {
        // A fixed pseudo-random sequence (xorshift), many lengths and few distinct values.
        let mut x: u32 = 0x9E37_79B9;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        for len in (0..40).chain([100, 257, 1000]) {
            for modulus in [2, 10, u32::MAX] {
                let v: Vec<u32> = (0..len).map(|_| next() % modulus).collect();
                let mut ours = v.clone();
                heapsort(&mut ours);
                let mut std = v.clone();
                std.sort();
                assert_eq!(ours, std, "{v:?}");
                let mut via = v;
                sort_unstable(&mut via);
                assert_eq!(via, std);
            }
        }
        let mut pairs = vec![(3, 'c'), (1, 'b'), (3, 'a'), (1, 'a')];
        heapsort(&mut pairs);
        assert_eq!(pairs, [(1, 'a'), (1, 'b'), (3, 'a'), (3, 'c')]);
    }
}
