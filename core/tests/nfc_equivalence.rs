//! qrpass's own NFC (core/src/nfc.rs, canonical tables only) gives exactly what
//! `unicode-normalization`'s `.nfc()` gives, and its NFD starters what `.nfd()`
//! filtered to class 0 gives: on every code point alone, on every code point
//! followed by marks that compose, and on random mixes of bases and marks;
//! and its classes, decompositions and compositions are the crate's.

use proptest::prelude::*;
use qrpass::internal::nfc;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

fn reference_nfc(s: &str) -> String {
    s.nfc().collect()
}

fn reference_starters(s: &str) -> String {
    s.nfd()
        .filter(|&c| canonical_combining_class(c) == 0)
        .collect()
}

/// Characters where normalisation is interesting: Vietnamese bases and marks,
/// combining marks of several classes, Hangul jamo and syllables, singletons,
/// composition exclusions, starters that compose with starters.
const POOL: &[char] = &[
    'a',
    'A',
    'e',
    'E',
    'o',
    'u',
    'y',
    'd',
    'D',
    'Đ',
    'đ',
    'ê',
    'ơ',
    'ư',
    'ă',
    'â',
    'ô',
    'ẹ',
    'ậ',
    'ệ',
    'ữ',
    '\u{300}',
    '\u{301}',
    '\u{302}',
    '\u{303}',
    '\u{306}',
    '\u{309}',
    '\u{31B}',
    '\u{323}',
    '\u{327}',
    '\u{328}',
    '\u{338}',
    '\u{344}',
    '\u{345}',
    '\u{5B0}',
    '\u{5B7}',
    '\u{05BC}',
    '\u{0F73}',
    '\u{0B47}',
    '\u{0B3E}',
    '\u{0B57}',
    '\u{1100}',
    '\u{1161}',
    '\u{11A8}',
    '\u{AC00}',
    '\u{AC01}',
    '\u{212B}',
    '\u{2126}',
    '\u{0958}',
    '\u{FB1D}',
    '\u{1E9B}',
    '\u{3099}',
    '\u{304B}',
    '\u{0CC6}',
    '\u{0CC2}',
    '\u{0CD5}',
    ' ',
    '1',
    'Σ',
    'ς',
    '\u{FF21}',
    '\u{1D15E}',
    '\u{110BA}',
    '\u{11099}',
];

#[test]
fn every_code_point_alone_and_before_marks() {
    let marks = [
        '\u{301}', '\u{302}', '\u{303}', '\u{309}', '\u{323}', '\u{31B}', '\u{1161}', '\u{11A8}',
        '\u{3099}',
    ];
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let alone = c.to_string();
        assert_eq!(
            nfc::nfc(&alone),
            reference_nfc(&alone),
            "U+{:04X}",
            c as u32
        );
        assert_eq!(
            nfc::nfd_starters(&alone),
            reference_starters(&alone),
            "U+{:04X}",
            c as u32
        );
        if (c as u32) < 0x3100 || (0xAC00..0xD7A4).contains(&(c as u32)) {
            for m in marks {
                let s: String = [c, m].iter().collect();
                assert_eq!(
                    nfc::nfc(&s),
                    reference_nfc(&s),
                    "U+{:04X} U+{:04X}",
                    c as u32,
                    m as u32
                );
            }
        }
    }
}

#[test]
fn every_code_point_class_and_decomposition_and_pool_compositions() {
    use unicode_normalization::char as reference;
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        assert_eq!(
            nfc::canonical_combining_class(c),
            canonical_combining_class(c)
        );
        let mut d = String::new();
        reference::decompose_canonical(c, |x| d.push(x));
        assert_eq!(nfc::decompose_canonical(c), d, "U+{:04X}", c as u32);
    }
    let hangul = [
        '\u{1100}', '\u{1112}', '\u{1113}', '\u{1161}', '\u{1175}', '\u{1176}', '\u{11A7}',
        '\u{11A8}', '\u{11C2}', '\u{11C3}', '\u{AC00}', '\u{AC01}', '\u{D788}', '\u{D7A3}',
        '\u{D7A4}',
    ];
    for &a in POOL.iter().chain(&hangul) {
        for &b in POOL.iter().chain(&hangul) {
            assert_eq!(
                nfc::compose(a, b),
                reference::compose(a, b),
                "U+{:04X} U+{:04X}",
                a as u32,
                b as u32
            );
        }
    }
}

#[test]
fn vietnamese_names_in_both_forms() {
    for name in [
        "Nguyễn Văn An",
        "Trần Thị Ngọc Ánh",
        "Đặng Hữu Phước",
        "Lê Thị Thuỷ",
        "Phạm Quỳnh Hương",
    ] {
        let nfd: String = name.nfd().collect();
        assert_eq!(nfc::nfc(&nfd), name);
        assert_eq!(nfc::nfc(name), name);
        assert_eq!(nfc::nfd_starters(name), reference_starters(name));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]
    #[test]
    fn random_mixes_agree(picks in proptest::collection::vec(0..POOL.len(), 0..12)) {
        let s: String = picks.iter().map(|&i| POOL[i]).collect();
        prop_assert_eq!(nfc::nfc(&s), reference_nfc(&s));
        prop_assert_eq!(nfc::nfd_starters(&s), reference_starters(&s));
    }
}
