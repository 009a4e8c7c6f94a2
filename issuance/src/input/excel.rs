//! Excel (.xlsx, .xlsm, .xlsb, .xls) and OpenDocument (.ods) workbooks.

use std::path::Path;

use calamine::{Data, Reader};
use qrpass::ErrorCode;

use super::table::Table;
use super::{empty_list, Sheet};
use crate::columns::Cell;
use crate::error::{Error, Result};

pub(super) fn read(path: &Path, sheet_name: Option<&str>) -> Result<Sheet> {
    let open_error =
        |e: calamine::Error| Error::new(ErrorCode::Io, format!("{}: {e}", path.display()));
    let mut workbook = calamine::open_workbook_auto(path).map_err(open_error)?;
    let names = workbook.sheet_names();
    let name = match sheet_name {
        Some(n) if names.iter().any(|s| s == n) => n.to_string(),
        Some(n) => {
            return Err(Error::new(
                ErrorCode::Io,
                format!("{} has no worksheet `{n}`", path.display()),
            )
            .hint(format!("its worksheets: {}", names.join(", "))))
        }
        None => names.first().cloned().ok_or_else(|| empty_list(path))?,
    };
    let range = workbook.worksheet_range(&name).map_err(open_error)?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut table = Table::new(path);
    for (i, cells) in range.rows().enumerate() {
        table.push(first_row + i + 1, cells.iter().map(excel_cell).collect())?;
    }
    table.finish()
}

/// A cell's value; date and date-time cells (by their number format) are dates.
pub(super) fn excel_cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.clone())
            }
        }
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            // Times typed to the minute come back a millisecond short now and then.
            if ms >= 500 && (h, mi, s) != (23, 59, 59) {
                let t = u32::from(h) * 3600 + u32::from(mi) * 60 + u32::from(s) + 1;
                Cell::DateTime(
                    i32::from(y),
                    m,
                    d,
                    (t / 3600) as u8,
                    (t / 60 % 60) as u8,
                    (t % 60) as u8,
                )
            } else {
                Cell::DateTime(i32::from(y), m, d, h, mi, s)
            }
        }
        Data::DateTime(_) => Cell::Invalid("the cell holds a duration, not a date".to_string()),
        Data::Error(e) => Cell::Invalid(format!("the cell holds the Excel error {e}")),
    }
}
