//! The column mapping of a permit sheet (CSV or Excel): header names in
//! Vietnamese or English → permit fields ([`headers`]), and cell values → a
//! [`Pass`](qrpass::Pass) ([`mapping`], [`values`]).
//!
//! Headers are matched after [`fold`]: case, diacritics (`đ` → `d`), spacing and
//! punctuation do not matter, so `Họ và tên`, `HO VA TEN` and `ho_va_ten` are the
//! same column. docs/bulk-issuing.md lists the names; [`FIELDS`] is the source.

pub mod headers;
pub mod mapping;
pub mod values;

pub use headers::{fold, Field, Mapping, FIELDS};
pub use mapping::{Parsed, Restored};

/// One cell as read from the sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing, or only spaces.
    Empty,
    /// Text (CSV cells are always text).
    Text(String),
    /// An Excel number.
    Number(f64),
    /// An Excel date or date-time, as written (local time): y, m, d, h, min, s.
    DateTime(i32, u8, u8, u8, u8, u8),
    /// A cell that cannot be read, with the reason (broken UTF-8, an Excel error value).
    Invalid(String),
}
