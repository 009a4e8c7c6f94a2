//! Claims and pass vectors: each token correctly signed, so decoding the
//! payload is what fails (duplicate or unknown keys, indefinite lengths, wrong
//! types, an unknown kind), and one extension-range field that is ignored.

use ciborium::value::Value;
use coset::Header;
use qrpass::internal::{cbor, claims as wire_claims, text};
use qrpass::{Error, ErrorCode, ErrorCode::*};

use super::{claims_value, eddsa_kid, int, sign_raw, tagged, Base, Builder};

/// An in-place edit of a CBOR map's entries.
type MapEdit<'a> = dyn Fn(&mut Vec<(Value, Value)>) + 'a;

/// The permit's claims map with `f` applied, encoded.
pub(super) fn edit(base: &Base, f: &MapEdit<'_>) -> Result<Vec<u8>, Error> {
    let mut v = claims_value("VN-SG", &base.permit)?;
    if let Value::Map(m) = &mut v {
        f(m);
    }
    Ok(cbor::encode(&v))
}

/// The permit's claims with `f` applied to the pass map, encoded.
pub(super) fn edit_pass(base: &Base, f: &MapEdit<'_>) -> Result<Vec<u8>, Error> {
    edit(base, &|m| {
        for (k, v) in m.iter_mut() {
            if k == &int(wire_claims::CLAIM_PASS) {
                if let Value::Map(p) = v {
                    f(p);
                }
            }
        }
    })
}

/// Adds the claims vectors, then [`add_pass`].
pub fn add(b: &mut Builder, base: &Base) -> Result<(), Error> {
    let mut dup = base.claims_bytes.clone();
    // Claims map: bump the pair count and append a second iss (key 1).
    dup[0] += 1;
    dup.extend_from_slice(&cbor::encode(&int(1)));
    dup.extend_from_slice(&cbor::encode(&Value::Text("VN-HN".into())));
    let mut c = Signed { b, base };
    c.add(
        "duplicate_claim_keys",
        "iss appears twice in the claims",
        dup,
        DuplicateKey,
    );
    let mut indefinite = base.claims_bytes.clone();
    indefinite[0] = 0xbf;
    indefinite.push(0xff);
    c.add(
        "indefinite_length_claims",
        "the claims map has an indefinite length",
        indefinite,
        IndefiniteLength,
    );
    c.add(
        "unknown_claim",
        "an unregistered claim 99",
        edit(base, &|m| m.push((int(99), int(1))))?,
        BadClaims,
    );
    c.add(
        "missing_cti",
        "no token id",
        edit(base, &|m| m.retain(|(k, _)| k != &int(7)))?,
        BadClaims,
    );
    let negative_exp = edit(base, &|m| {
        for (k, v) in m.iter_mut() {
            if k == &int(4) {
                *v = int(-1)
            }
        }
    })?;
    c.add(
        "negative_exp",
        "exp is a negative integer",
        negative_exp,
        BadClaims,
    );
    c.add(
        "claims_not_a_map",
        "the payload is a CBOR array",
        cbor::encode(&Value::Array(vec![int(1)])),
        BadClaims,
    );
    add_pass(&mut c)
}

/// Adds the pass-map vectors.
fn add_pass(c: &mut Signed<'_>) -> Result<(), Error> {
    let base = c.base;
    c.add(
        "unknown_kind",
        "pass kind 9",
        edit_pass(base, &|p| p[0].1 = int(9))?,
        UnknownKind,
    );
    c.add(
        "unknown_pass_field",
        "pass map key 50 is not defined",
        edit_pass(base, &|p| p.push((int(50), int(1))))?,
        BadPass,
    );
    c.add(
        "pass_field_wrong_type",
        "the permit number is an integer",
        edit_pass(base, &|p| p[1].1 = int(42))?,
        BadPass,
    );
    let ext = edit_pass(base, &|p| {
        p.push((int(100), Value::Text("province extension".into())))
    })?;
    let ext_cose = tagged(sign_raw(
        &base.sg,
        eddsa_kid(&base.sg),
        Header::default(),
        ext,
    ));
    c.b.add(
        "extension_field_ignored",
        "pass key 100 is in the extension range: ignored",
        text::encode(&ext_cose),
        Ok(()),
    );
    Ok(())
}

/// Adds vectors whose payload is signed correctly by VN-SG.
pub(super) struct Signed<'a> {
    pub(super) b: &'a mut Builder,
    pub(super) base: &'a Base,
}

impl Signed<'_> {
    /// Adds a vector of `payload` signed by VN-SG, expected to fail with `code`.
    pub(super) fn add(&mut self, name: &str, desc: &str, payload: Vec<u8>, code: ErrorCode) {
        let sg = &self.base.sg;
        let cose = tagged(sign_raw(sg, eddsa_kid(sg), Header::default(), payload));
        self.b.add(name, desc, text::encode(&cose), Err(code));
    }
}
