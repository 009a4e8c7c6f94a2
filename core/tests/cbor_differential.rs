//! Our direct CBOR walk (`wire::cbor::decode`) against ciborium's decoder on
//! random values: every value ciborium encodes and the strict gate accepts must
//! decode to the same tree through both.

use ciborium::value::{Integer, Value};
use proptest::prelude::*;
use qrpass::internal::cbor;
use qrpass::ErrorCode;

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<u64>().prop_map(|n| Value::Integer(Integer::from(n))),
        any::<i64>().prop_map(|n| Value::Integer(Integer::from(n))),
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(Value::Bytes),
        ".{0,20}".prop_map(Value::Text),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        any::<f64>()
            .prop_filter("NaN has no equality", |f| !f.is_nan())
            .prop_map(Value::Float),
        any::<f32>()
            .prop_filter("NaN has no equality", |f| !f.is_nan())
            .prop_map(|f| Value::Float(f64::from(f))),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(any::<i32>(), inner.clone(), 0..6).prop_map(|m| {
                Value::Map(
                    m.into_iter()
                        .map(|(k, v)| (Value::Integer(Integer::from(k)), v))
                        .collect(),
                )
            }),
            // Tags other than the bignums 2 and 3, which ciborium turns into integers.
            (4u64..1000, inner).prop_map(|(t, v)| Value::Tag(t, Box::new(v))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn direct_walk_matches_ciborium(v in value()) {
        let mut bytes = Vec::new();
        ciborium::ser::into_writer(&v, &mut bytes).expect("encode");
        let ours = cbor::decode(&bytes, ErrorCode::BadCbor);
        let theirs: Value = ciborium::de::from_reader(&bytes[..]).expect("ciborium decodes its own output");
        prop_assert_eq!(ours.expect("strict gate accepts ciborium's shortest encodings"), theirs);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        // Whatever the gate lets through decodes; nothing panics.
        if qrpass::internal::strict::check(&bytes).is_ok() {
            prop_assert!(cbor::decode_checked(&bytes, ErrorCode::BadCbor).is_ok()
                || bytes.iter().any(|&b| b >= 0xe0));
        }
    }
}
