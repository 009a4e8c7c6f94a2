//! Trust files from JSON: `TrustStore::from_json` and the trust list source
//! `TrustList::from_json`. Errors are `bad_trust_list`; what loads round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::{ErrorCode, TrustList, TrustStore};

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    match TrustStore::from_json(json) {
        Ok(store) => {
            let again =
                TrustStore::from_json(&store.to_json()).expect("a loaded store round-trips");
            assert_eq!(again, store);
            for k in store.keys() {
                assert_eq!(store.keys_for(&k.kid).iter().filter(|x| *x == k).count(), 1);
            }
        }
        Err(e) => assert_eq!(e.code(), ErrorCode::BadTrustList, "{e}"),
    }
    match TrustList::from_json(json) {
        Ok(list) => {
            let again = TrustList::from_json(&list.to_json()).expect("a loaded list round-trips");
            assert_eq!(again, list);
            // A source that passes the rules signs and verifies.
            if list.check().is_ok() && list.next_root != Some(qrpass_fuzz::root_key().public_key())
            {
                let root = qrpass_fuzz::root_key();
                let signed = list.sign(&root).expect("a checked list signs");
                let back = qrpass::SignedTrustList::verify(&signed, &[root.public_key()]);
                assert!(back.is_ok(), "{:?}", back.err());
            }
        }
        Err(e) => assert_eq!(e.code(), ErrorCode::BadTrustList, "{e}"),
    }
});
