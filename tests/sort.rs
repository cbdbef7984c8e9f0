//! `domain::sort` sorts exactly as the standard library's stable sorts do.
#![cfg(not(target_arch = "wasm32"))]
// The same comparator is given to std's sort_by and to ours, on purpose.
#![allow(clippy::unnecessary_sort_by)]

use docket::domain::sort;
use proptest::prelude::*;

proptest! {
    #[test]
    fn sort_by_is_the_std_stable_sort(v in prop::collection::vec((0u8..6, any::<u16>()), 0..300)) {
        // Few distinct keys, so stability is tested: equal keys must keep their order.
        let mut ours = v.clone();
        sort::sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
        let mut std = v.clone();
        std.sort_by(|a, b| a.0.cmp(&b.0));
        prop_assert_eq!(&ours, &std);

        let mut ours = v.clone();
        sort::sort_by_key(&mut ours, |a| std::cmp::Reverse(a.0));
        let mut std = v.clone();
        std.sort_by_key(|a| std::cmp::Reverse(a.0));
        prop_assert_eq!(&ours, &std);

        let mut ours = v.clone();
        sort::sort_by_cached_key(&mut ours, |a| a.0 % 3);
        let mut std = v;
        std.sort_by_cached_key(|a| a.0 % 3);
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn sorts_owned_values_and_part_of_a_slice(v in prop::collection::vec("[a-c]{0,3}", 0..100), cut in 0usize..100) {
        let cut = cut.min(v.len());
        let mut ours = v.clone();
        sort::sort_by(&mut ours[..cut], |a, b| a.len().cmp(&b.len()));
        let mut std = v;
        std[..cut].sort_by(|a, b| a.len().cmp(&b.len()));
        prop_assert_eq!(ours, std);
    }
}
