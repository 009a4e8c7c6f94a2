//! The enumerations of the pass map: small wire numbers with stable
//! snake_case names ([`wire_enum`]), read strictly from CBOR ([`enum_field`]).

use crate::error::{err, Result};
use crate::wire::cbor::MapReader;

/// Defines a field-less enum with a stable wire number and snake_case name for
/// each variant: `wire`/`from_wire`, `as_str`/`FromStr` (an unknown name is
/// `invalid_argument`, or the code given in brackets after the enum's name) and
/// `Display`. The serde names are the same snake_case names (a test checks it).
macro_rules! wire_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($body:tt)* }) => {
        wire_enum! { $(#[$meta])* pub enum $name [InvalidArgument] { $($body)* } }
    };
    ($(#[$meta:meta])* pub enum $name:ident [$code:ident] { $( $(#[doc = $doc:literal])* $variant:ident = $num:literal => $str:literal, )* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $( $(#[doc = $doc])* $variant, )* }

        impl $name {
            /// Every variant, in wire-number order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];

            /// The number this variant has on the wire.
            pub fn wire(self) -> u64 {
                match self { $( $name::$variant => $num, )* }
            }

            /// The variant with this wire number.
            pub fn from_wire(n: u64) -> Option<Self> {
                match n { $( $num => Some($name::$variant), )* _ => None }
            }

            /// The stable snake_case name used in JSON, policies and every binding.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $str, )* }
            }

            /// The variant with this snake_case name.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $( $str => Some($name::$variant), )* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::Error;

            fn from_str(name: &str) -> $crate::error::Result<Self> {
                $name::from_name(name).ok_or_else(|| {
                    $crate::error::Error::new(
                        $crate::error::ErrorCode::$code,
                        format!(concat!("`{}` is not a known ", stringify!($name)), name),
                    )
                })
            }
        }
    };
}
pub(crate) use wire_enum;

/// Reads a [`wire_enum`] value from a map field.
pub(crate) fn enum_field<T>(
    m: &mut MapReader,
    key: i64,
    from_wire: fn(u64) -> Option<T>,
) -> Result<T> {
    let n = m.uint(key)?;
    from_wire(n).ok_or_else(|| err!(BadPass, "field {key} has unknown value {n}"))
}
