//! Trust list payloads, signed by the root so the fuzzer reaches every rule:
//! `TrustList::from_payload` directly, and the same payload in a signed
//! envelope through `SignedTrustList::verify` and `TrustAnchor::load_trust_list`.
//! They must agree, and what loads must re-encode to an equal list.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrpass::internal::list;
use qrpass::{ErrorCode, SignedTrustList, TrustList};
use qrpass_fuzz::{anchor, root_key};

fuzz_target!(|data: &[u8]| {
    let root = root_key();
    let direct = TrustList::from_payload(data);
    let envelope = list::sign(&root, data.to_vec());
    let signed = SignedTrustList::verify(&envelope, &[root.public_key()]);
    match (&direct, &signed) {
        (Ok(l), Ok(s)) => {
            // A list that names the root as its own next root is refused when signed.
            assert_ne!(l.next_root, Some(root.public_key()));
            assert_eq!(s.list(), l);
            let payload = l.to_payload().expect("a loaded list re-encodes");
            assert_eq!(TrustList::from_payload(&payload).as_ref(), Ok(l));
            let store = s.store();
            assert_eq!(store.keys().len(), l.keys.len());
        }
        (Ok(l), Err(e)) => assert_eq!(l.next_root, Some(root.public_key()), "{e}"),
        (Err(a), Err(b)) => {
            assert_eq!(a.code(), ErrorCode::BadTrustList, "{a}");
            assert_eq!(b.code(), ErrorCode::BadTrustList, "{b}");
        }
        (Err(e), Ok(_)) => panic!("from_payload refused ({e}) what verify accepted"),
    }
    let mut a = anchor().clone();
    let before = a.trust_sequence();
    match a.load_trust_list(&envelope) {
        Ok(outcome) => {
            assert!(signed.is_ok());
            assert!(Some(outcome.sequence()) >= before);
            let v = a.verifier().expect("a loaded anchor has a verifier");
            let _ = v.trust_info(qrpass_fuzz::NOW);
        }
        Err(e) => {
            assert!(
                matches!(
                    e.code(),
                    ErrorCode::BadTrustList | ErrorCode::TrustListRollback
                ),
                "{e}"
            );
            assert_eq!(
                a.trust_sequence(),
                before,
                "a rejected list changed the anchor"
            );
        }
    }
});
