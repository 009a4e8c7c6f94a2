//! The token vectors of spec/vectors: one VN1 text each, verified by the core
//! under a trust store, a revocation list and a time.
//!
//! Each vector states its expected outcome explicitly; generation fails if the
//! core disagrees, so the files never just echo what the code happens to do.
//! The families are built in a fixed order, which is the order of index.json.

mod claims;
mod envelope;
mod keys;
mod order;
pub mod render;
mod rules;
mod text;
mod valid;

use ciborium::value::{Integer, Value};
use coset::iana;
use coset::{CoseSign1Builder, Header, HeaderBuilder, TaggedCborSerializable};
use qrpass::internal::{cbor, claims as wire_claims};
use qrpass::{Error, ErrorCode, Pass, PassKind, PrivateKey, Timestamp, TrustStore};
use qrpass_testkit::clock::{AT, IAT};
use qrpass_testkit::{example, issue, sg_key, ts, vector_trust};
use serde_json::Value as Json;

/// One vector file.
pub struct Vector {
    /// The file name, without `.json`.
    pub name: String,
    /// One line on what the vector tests.
    pub description: String,
    /// The VN1 text (or whatever a hostile encoder sent).
    pub text: String,
    /// When it is verified.
    pub at: Timestamp,
    /// The verifier's trusted keys.
    pub trust: TrustStore,
    /// Token ids on the verifier's revocation list.
    pub revoked: Vec<Vec<u8>>,
    /// The outcome the core must give.
    pub expect: Result<(), ErrorCode>,
    /// How the token was issued, for bindings that re-issue it.
    pub input: Option<Json>,
}

/// The vectors built so far, in order.
pub struct Builder {
    vectors: Vec<Vector>,
}

impl Builder {
    /// Adds a vector verified at [`AT`] under the default trust store, no
    /// revocations; returns it for the caller to change those.
    pub fn add(
        &mut self,
        name: &str,
        description: &str,
        text: String,
        expect: Result<(), ErrorCode>,
    ) -> &mut Vector {
        self.vectors.push(Vector {
            name: name.into(),
            description: description.into(),
            text,
            at: ts(AT),
            trust: vector_trust(),
            revoked: Vec::new(),
            expect,
            input: None,
        });
        let last = self.vectors.len() - 1;
        &mut self.vectors[last]
    }
}

/// What several families start from: the VN-SG key, the example permit, its
/// token and the bytes of its claims.
pub struct Base {
    /// The VN-SG issuer key.
    pub sg: PrivateKey,
    /// spec/examples/permit.json.
    pub permit: Pass,
    /// The permit issued by VN-SG at [`IAT`], token id `permit-1`.
    pub good: String,
    /// The COSE_Sign1 bytes of `good`.
    pub good_cose: Vec<u8>,
    /// The permit's claims map (token id `vector`), encoded.
    pub claims_bytes: Vec<u8>,
}

/// Every token vector, checked against nothing yet (see [`render`]).
pub fn build() -> Result<Vec<Vector>, Error> {
    let mut b = Builder {
        vectors: Vec::new(),
    };
    valid::add(&mut b)?;
    let permit = example(PassKind::Permit)?;
    let good = issue("VN-SG", &permit, IAT, b"permit-1")?;
    let base = Base {
        sg: sg_key(),
        good_cose: cose_of(&good),
        claims_bytes: cbor::encode(&claims_value("VN-SG", &permit)?),
        permit,
        good,
    };
    keys::add_time(&mut b, &base)?;
    keys::add_keys(&mut b, &base)?;
    text::add(&mut b, &base);
    envelope::add(&mut b, &base);
    claims::add(&mut b, &base)?;
    order::add(&mut b, &base)?;
    rules::add(&mut b, &base)?;
    Ok(b.vectors)
}

/// The claims map of a pass, as a CBOR value, for building malformed tokens.
fn claims_value(issuer: &str, pass: &Pass) -> Result<Value, Error> {
    let mut pass = pass.clone();
    pass.validate()?;
    let bytes = wire_claims::encode(&wire_claims::Claims {
        iss: issuer.into(),
        iat: ts(IAT),
        cti: b"vector".to_vec(),
        pass,
    });
    cbor::decode(&bytes, ErrorCode::BadClaims)
}

/// A CBOR integer.
fn int(i: i64) -> Value {
    Value::Integer(Integer::from(i))
}

/// A protected header with alg EdDSA and `key`'s kid.
fn eddsa_kid(key: &PrivateKey) -> Header {
    HeaderBuilder::new()
        .algorithm(iana::Algorithm::EdDSA)
        .key_id(key.public_key().kid().0.to_vec())
        .build()
}

/// Signs arbitrary payload bytes with arbitrary headers; returns the COSE_Sign1 value (untagged builder).
fn sign_raw(
    key: &PrivateKey,
    protected: Header,
    unprotected: Header,
    payload: Vec<u8>,
) -> coset::CoseSign1 {
    CoseSign1Builder::new()
        .protected(protected)
        .unprotected(unprotected)
        .payload(payload)
        .create_signature(b"", |tbs| key.sign(tbs).to_vec())
        .build()
}

/// The COSE_Sign1 encoded with tag 18.
fn tagged(sign1: coset::CoseSign1) -> Vec<u8> {
    sign1.to_tagged_vec().unwrap_or_default()
}

/// The COSE bytes of a VN1 text (empty if it does not decode).
fn cose_of(text_form: &str) -> Vec<u8> {
    qrpass::internal::text::decode(text_form).unwrap_or_default()
}
