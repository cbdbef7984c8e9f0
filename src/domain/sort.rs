//! Stable sorting through one compiled sort.
//!
//! `slice::sort_by` compiles the whole sort (driftsort, its quicksort, small sorts and
//! merges: ~4 KB of wasm) again for every element type *and every comparator closure*; the
//! app had some fifty of them. These sort a permutation of indices instead, with the
//! comparator behind a `&dyn Fn`, so the sort itself is compiled once; what remains per
//! call site is the comparator and a small generic step that moves the elements. Same
//! result as `sort_by` / `sort_by_key` (stable), at the cost of an indirect call per
//! comparison (well under a millisecond for thousands of cards).

// Indexing and arithmetic here are safe: every index is one of `0..len` (a permutation of the slice's own indices).
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use std::cmp::Ordering;

/// Sorts `v` stably with `cmp`, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = permutation(v.len(), &|i, j| cmp(&v[i], &v[j]));
    apply(v, &order);
}

/// Sorts `v` stably by `key`, like `slice::sort_by_key` (the key is computed for each
/// comparison).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably by `key`, computed once per element, like `slice::sort_by_cached_key`.
pub fn sort_by_cached_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = permutation(v.len(), &|i, j| keys[i].cmp(&keys[j]));
    apply(v, &order);
}

/// The indices `0..n` in the order `cmp` sorts them (stable: equal ones keep their order).
fn permutation(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| cmp(i, j));
    order
}

/// Puts the element at `order[k]` at position `k`, for every `k`, by following each cycle
/// of the permutation (every element is moved once).
fn apply<T>(v: &mut [T], order: &[usize]) {
    let mut placed = vec![false; v.len()];
    for start in 0..v.len() {
        let mut k = start;
        while !placed[k] {
            placed[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            v.swap(k, from);
            k = from;
        }
    }
}
