//! The VN1 wire format: text prefix and Base45 ([`text`], [`base45`]), the COSE_Sign1
//! envelope ([`cose`]), and the strict CBOR rules
//! every layer is held to ([`strict`], [`cbor`]). Signed trust and revocation
//! lists share the envelope ([`list`]) and are read in place ([`slice`]).

pub mod base45;
pub mod cbor;
pub mod cose;
pub mod list;
pub mod slice;
pub mod strict;
pub mod text;

// The CWT claims sit above this layer (`crate::claims`), beside the pass models.
