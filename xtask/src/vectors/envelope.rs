//! COSE envelope vectors: a correctly signed permit whose COSE_Sign1 is
//! hostile: trailing bytes, wrong or missing tag, wrong alg, headers moved to
//! the unprotected bucket, no kid, crit, a detached payload, a fifth element.

use coset::{iana, Header, HeaderBuilder};
use qrpass::internal::text;
use qrpass::ErrorCode::*;

use super::{eddsa_kid, sign_raw, tagged, Base, Builder};

/// Adds the envelope vectors, then [`add_headers`].
pub fn add(b: &mut Builder, base: &Base) {
    let sg = &base.sg;
    let base_sign1 = || {
        sign_raw(
            sg,
            eddsa_kid(sg),
            Header::default(),
            base.claims_bytes.clone(),
        )
    };
    let mut trailing = base.good_cose.clone();
    trailing.push(0x00);
    b.add(
        "trailing_bytes",
        "a zero byte after the COSE_Sign1",
        text::encode(&trailing),
        Err(TrailingBytes),
    );
    let untagged = coset::CborSerializable::to_vec(base_sign1()).unwrap_or_default();
    b.add(
        "untagged",
        "COSE_Sign1 without tag 18",
        text::encode(&untagged),
        Err(BadTag),
    );
    let mut wrong_tag = vec![0xd8, 0x62]; // tag 98, COSE_Sign
    wrong_tag.extend_from_slice(&untagged);
    b.add(
        "wrong_tag",
        "tagged 98 (COSE_Sign) instead of 18",
        text::encode(&wrong_tag),
        Err(BadTag),
    );
    add_headers(b, base);
    let mut detached = base_sign1();
    detached.payload = None;
    b.add(
        "detached_payload",
        "payload nil (detached)",
        text::encode(&tagged(detached)),
        Err(BadCose),
    );
    // A five-element array: COSE_Sign1 plus a second signature.
    let mut five = vec![0xd2, 0x85];
    five.extend_from_slice(&untagged[1..]);
    five.extend_from_slice(&[0x40]);
    b.add(
        "second_signature",
        "a fifth array element after the signature",
        text::encode(&five),
        Err(BadCose),
    );
}

/// Adds the header vectors: alg and kid wrong, misplaced, missing or critical.
fn add_headers(b: &mut Builder, base: &Base) {
    let sg = &base.sg;
    let kid = sg.public_key().kid().0.to_vec();
    let signed = |protected: Header, unprotected: Header| {
        text::encode(&tagged(sign_raw(
            sg,
            protected,
            unprotected,
            base.claims_bytes.clone(),
        )))
    };
    let es256 = HeaderBuilder::new()
        .algorithm(iana::Algorithm::ES256)
        .key_id(kid.clone())
        .build();
    b.add(
        "wrong_alg",
        "alg ES256 (-7) in the protected header",
        signed(es256, Header::default()),
        Err(UnsupportedAlg),
    );
    let kid_only = HeaderBuilder::new().key_id(kid.clone()).build();
    let alg_only = HeaderBuilder::new()
        .algorithm(iana::Algorithm::EdDSA)
        .build();
    b.add(
        "alg_in_unprotected",
        "alg only in the unprotected header",
        signed(kid_only.clone(), alg_only.clone()),
        Err(UnprotectedHeader),
    );
    b.add(
        "kid_in_unprotected",
        "kid only in the unprotected header",
        signed(alg_only.clone(), kid_only),
        Err(UnprotectedHeader),
    );
    b.add(
        "missing_kid",
        "no kid anywhere",
        signed(alg_only, Header::default()),
        Err(MissingKid),
    );
    b.add(
        "empty_protected_header",
        "no alg, no kid",
        signed(Header::default(), Header::default()),
        Err(UnsupportedAlg),
    );
    let crit = HeaderBuilder::new()
        .algorithm(iana::Algorithm::EdDSA)
        .key_id(kid)
        .add_critical(iana::HeaderParameter::Alg)
        .build();
    b.add(
        "crit_header",
        "a crit parameter in the protected header",
        signed(crit, Header::default()),
        Err(BadHeader),
    );
}
