//! Reading a province's list: CSV, JSON Lines or an Excel workbook, one pass per row.
//!
//! Sheet-level problems (unreadable file, UTF-16 text, no row that holds the
//! required columns) stop the run before anything is issued; row-level problems
//! (an empty cell, broken UTF-8, an unknown purpose) become that row's error and
//! never stop the other rows. In a sheet, the header row is the first row that
//! names every required column (a title block above it is passed over), blank
//! rows are skipped, and a signature block below the last data row is not read
//! as people ([`table`]).

mod excel;
mod jsonl;
pub mod table;
mod text;

use std::fs;
use std::path::Path;

use qrpass::{ErrorCode, Pass, PassKind};

use crate::columns::Restored;
use crate::error::{io_error, Error, Result};

/// The input file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-, semicolon- or tab-separated text with a header row.
    Csv,
    /// One pass JSON (as in spec/examples) per line.
    JsonLines,
    /// An Excel (or OpenDocument) workbook with a header row.
    Excel,
}

impl Format {
    /// The format named by the file extension.
    pub fn detect(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "csv" | "tsv" | "txt" => Ok(Format::Csv),
            "jsonl" | "ndjson" => Ok(Format::JsonLines),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Ok(Format::Excel),
            _ => Err(Error::new(
                ErrorCode::Io,
                format!("{}: unknown list format", path.display()),
            )
            .hint("name the file .csv, .jsonl or .xlsx (also .xls, .xlsb, .ods)")),
        }
    }
}

/// One row of the list.
#[derive(Debug)]
pub struct SourceRow {
    /// The row (spreadsheet row, or line of the file) as a person sees it, from 1.
    pub row: usize,
    /// The pass number, when it could be read even if the row is otherwise bad.
    pub number: Option<String>,
    /// The pass, or why the row cannot be one.
    pub pass: std::result::Result<Pass, qrpass::Error>,
    /// Leading zeros given back to numbers Excel had damaged.
    pub restored: Restored,
}

/// A whole list.
#[derive(Debug, Default)]
pub struct Sheet {
    /// The rows with content, in order.
    pub rows: Vec<SourceRow>,
    /// Header names that matched no field.
    pub ignored_columns: Vec<String>,
    /// The header row (0 for JSON Lines).
    pub header_row: usize,
    /// Rows below the last data row with one or two cells (a signature block), skipped.
    pub footer_rows: Vec<usize>,
    /// Blank rows inside the table, skipped.
    pub blank_rows: usize,
}

/// Reads the list at `path`. `kind` is the kind every row must be (sheets hold
/// permits only); `sheet` picks an Excel worksheet by name (default the first).
pub fn read(path: &Path, kind: Option<PassKind>, sheet: Option<&str>) -> Result<Sheet> {
    let format = Format::detect(path)?;
    if format != Format::JsonLines && kind.is_some_and(|k| k != PassKind::Permit) {
        return Err(Error::new(
            ErrorCode::UnknownKind,
            "CSV and Excel lists hold permits only".to_string(),
        )
        .hint("give other kinds as JSON Lines: one pass JSON per line, as in spec/examples/"));
    }
    match format {
        Format::Csv => text::read(path),
        Format::JsonLines => jsonl::read(path, kind),
        Format::Excel => excel::read(path, sheet),
    }
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let bytes = fs::read(path).map_err(|e| io_error(path, e))?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            Error::new(ErrorCode::Io, format!("{} is UTF-16 text", path.display()))
                .hint("save it as \"CSV UTF-8\" (Excel) or UTF-8 text"),
        );
    }
    Ok(bytes)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn empty_list(path: &Path) -> Error {
    Error::new(
        ErrorCode::EmptyInput,
        format!("{} has no header row", path.display()),
    )
}
