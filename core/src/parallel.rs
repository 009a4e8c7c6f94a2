//! Data parallelism: [`par_map`] on every core with rayon (feature `batch`), on
//! one thread without it. Used by bulk issuing and `verify_many`.

/// Maps `f` over `items` on every core (feature `batch`) or on this thread, keeping order.
#[cfg(feature = "batch")]
pub(crate) fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    use rayon::prelude::*;
    items.par_iter().map(f).collect()
}

#[cfg(not(feature = "batch"))]
pub(crate) fn par_map<T, U>(items: &[T], f: impl Fn(&T) -> U) -> Vec<U> {
    items.iter().map(f).collect()
}
