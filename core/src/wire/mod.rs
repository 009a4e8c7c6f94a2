//! The VN1 wire format: text prefix and Base45 ([`text`]), the COSE_Sign1
//! envelope ([`cose`]), CWT claims ([`claims`]), and the strict CBOR rules
//! every layer is held to ([`strict`], [`cbor`]).

pub mod cbor;
pub mod claims;
pub mod cose;
pub mod strict;
pub mod text;
