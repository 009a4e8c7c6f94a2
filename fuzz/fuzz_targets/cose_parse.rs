//! The COSE_Sign1 envelope parser against coset, an independent COSE
//! implementation: whatever `cose::parse` accepts, coset must read the same
//! way (same payload, signature, protected header bytes and to-be-signed
//! bytes; alg EdDSA and the same kid; nothing else in either header), so a
//! token can never mean one thing to qrpass and another to a standard library.
//! `cose::parse_ref` (signed lists, in place) must agree with `cose::parse`
//! on every input, code included.
#![no_main]

use coset::iana;
use coset::{Algorithm, CoseSign1, TaggedCborSerializable};
use libfuzzer_sys::fuzz_target;
use qrpass::internal::cose;
use qrpass::ErrorFamily;

fuzz_target!(|data: &[u8]| {
    let ours = cose::parse(data);
    match (&ours, cose::parse_ref(data)) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.kid, b.kid);
            assert_eq!(a.payload, b.payload);
            assert_eq!(a.signature, b.signature);
            let (tbs, offset) = b.to_be_signed();
            assert_eq!(a.to_be_signed, tbs);
            assert_eq!(&tbs[offset..], b.payload);
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.code().family(), ErrorFamily::Format, "{a}");
            assert_eq!(a.code(), b.code(), "parse: {a}; parse_ref: {b}");
        }
        (a, b) => panic!(
            "parse {:?} but parse_ref {:?}",
            a.as_ref().map(|_| ()),
            b.map(|_| ())
        ),
    }
    if let Ok(a) = &ours {
        let c =
            CoseSign1::from_tagged_slice(data).expect("coset refuses an envelope qrpass accepts");
        assert_eq!(c.payload.as_deref(), Some(&a.payload[..]));
        assert_eq!(c.signature, a.signature);
        assert_eq!(c.tbs_data(b""), a.to_be_signed, "a different Sig_structure");
        assert!(
            c.unprotected.is_empty(),
            "coset sees unprotected parameters"
        );
        let h = &c.protected.header;
        assert_eq!(h.alg, Some(Algorithm::Assigned(iana::Algorithm::EdDSA)));
        assert_eq!(h.key_id, a.kid.0.to_vec());
        assert!(
            h.crit.is_empty()
                && h.content_type.is_none()
                && h.iv.is_empty()
                && h.partial_iv.is_empty()
                && h.counter_signatures.is_empty()
                && h.rest.is_empty(),
            "coset sees other protected parameters: {h:?}"
        );
    }
});
