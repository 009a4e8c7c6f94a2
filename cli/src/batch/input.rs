//! Reading a province's list: CSV, JSON Lines or an Excel workbook, one pass per row.
//!
//! Sheet-level problems (unreadable file, UTF-16 text, a header row without a
//! required column) stop the run before anything is issued; row-level problems
//! (an empty cell, broken UTF-8, an unknown purpose) become that row's error and
//! never stop the other rows.

use std::fs;
use std::path::Path;

use calamine::{Data, Reader};
use qrpass::batch::pass_number;
use qrpass::{Error, ErrorCode, Pass, PassKind};

use super::columns::{Cell, Mapping};
use crate::error::{io_error, CliError};

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
    pub fn detect(path: &Path) -> Result<Format, CliError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "csv" | "tsv" | "txt" => Ok(Format::Csv),
            "jsonl" | "ndjson" => Ok(Format::JsonLines),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Ok(Format::Excel),
            _ => Err(CliError::from(Error::new(
                ErrorCode::Io,
                format!("{}: unknown list format", path.display()),
            ))
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
    pub pass: Result<Pass, Error>,
}

/// A whole list.
#[derive(Debug, Default)]
pub struct Sheet {
    /// The rows with content, in order.
    pub rows: Vec<SourceRow>,
    /// Header names that matched no field.
    pub ignored_columns: Vec<String>,
}

/// Reads the list at `path`. `kind` is the kind every row must be (sheets hold
/// permits only); `sheet` picks an Excel worksheet by name (default the first).
pub fn read(path: &Path, kind: Option<PassKind>, sheet: Option<&str>) -> Result<Sheet, CliError> {
    let format = Format::detect(path)?;
    if format != Format::JsonLines && kind.is_some_and(|k| k != PassKind::Permit) {
        return Err(CliError::from(Error::new(
            ErrorCode::UnknownKind,
            "CSV and Excel lists hold permits only".to_string(),
        ))
        .hint("give other kinds as JSON Lines: one pass JSON per line, as in spec/examples/"));
    }
    match format {
        Format::Csv => read_csv(path),
        Format::JsonLines => read_json_lines(path, kind),
        Format::Excel => read_excel(path, sheet),
    }
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, CliError> {
    let bytes = fs::read(path).map_err(|e| io_error(path, e))?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(CliError::from(Error::new(
            ErrorCode::Io,
            format!("{} is UTF-16 text", path.display()),
        ))
        .hint("save it as \"CSV UTF-8\" (Excel) or UTF-8 text"));
    }
    Ok(bytes)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The separator of the header line: the most frequent of `,`, `;` and tab (`,` on a tie).
fn sniff_delimiter(data: &[u8]) -> u8 {
    let line = data.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    [b';', b'\t'].into_iter().fold(
        b',',
        |best, d| if count(d) > count(best) { d } else { best },
    )
}

fn text_cell(bytes: &[u8]) -> Cell {
    match std::str::from_utf8(bytes) {
        Ok(s) if s.trim().is_empty() => Cell::Empty,
        Ok(s) => Cell::Text(s.to_string()),
        Err(e) => Cell::Invalid(format!(
            "the text is not valid UTF-8 (at byte {} of the cell); save the file as \"CSV UTF-8\"",
            e.valid_up_to() + 1
        )),
    }
}

fn read_csv(path: &Path) -> Result<Sheet, CliError> {
    let bytes = read_bytes(path)?;
    let data = strip_bom(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(data))
        .from_reader(data);
    let mut mapping = None;
    let mut sheet = Sheet::default();
    for record in reader.byte_records() {
        let record = record.map_err(|e| {
            CliError::from(Error::new(
                ErrorCode::Io,
                format!("{}: {e}", path.display()),
            ))
        })?;
        let row = record.position().map_or(0, |p| p.line()) as usize;
        let cells: Vec<Cell> = record.iter().map(text_cell).collect();
        if cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let Some(mapping) = &mapping else {
            mapping = Some(header_mapping(path, row, &cells)?);
            continue;
        };
        let (number, pass) = mapping.permit(&cells);
        sheet.rows.push(SourceRow { row, number, pass });
    }
    let mapping = mapping.ok_or_else(|| empty_list(path))?;
    sheet.ignored_columns = mapping.ignored;
    Ok(sheet)
}

fn header_mapping(path: &Path, row: usize, cells: &[Cell]) -> Result<Mapping, CliError> {
    let headers = cells
        .iter()
        .map(|c| match c {
            Cell::Empty => Ok(String::new()),
            Cell::Text(t) => Ok(t.clone()),
            Cell::Number(n) => Ok(n.to_string()),
            Cell::DateTime(..) => Ok("(date)".to_string()),
            Cell::Invalid(reason) => Err(Error::new(
                ErrorCode::InvalidText,
                format!("{}: the header row ({row}): {reason}", path.display()),
            )),
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Mapping::from_headers(&headers).map_err(|e| {
        CliError::from(Error::new(
            e.code(),
            format!("{}: {}", path.display(), e.message()),
        ))
        .hint("see docs/bulk-issuing.md for the column names (Vietnamese or English)")
    })
}

fn empty_list(path: &Path) -> CliError {
    CliError::from(Error::new(
        ErrorCode::EmptyInput,
        format!("{} has no header row", path.display()),
    ))
}

fn read_excel(path: &Path, sheet_name: Option<&str>) -> Result<Sheet, CliError> {
    let open_error = |e: calamine::Error| {
        CliError::from(Error::new(
            ErrorCode::Io,
            format!("{}: {e}", path.display()),
        ))
    };
    let mut workbook = calamine::open_workbook_auto(path).map_err(open_error)?;
    let names = workbook.sheet_names();
    let name = match sheet_name {
        Some(n) if names.iter().any(|s| s == n) => n.to_string(),
        Some(n) => {
            return Err(CliError::from(Error::new(
                ErrorCode::Io,
                format!("{} has no worksheet `{n}`", path.display()),
            ))
            .hint(format!("its worksheets: {}", names.join(", "))))
        }
        None => names.first().cloned().ok_or_else(|| empty_list(path))?,
    };
    let range = workbook.worksheet_range(&name).map_err(open_error)?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut mapping = None;
    let mut sheet = Sheet::default();
    for (i, cells) in range.rows().enumerate() {
        let row = first_row + i + 1;
        let cells: Vec<Cell> = cells.iter().map(excel_cell).collect();
        if cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let Some(mapping) = &mapping else {
            mapping = Some(header_mapping(path, row, &cells)?);
            continue;
        };
        let (number, pass) = mapping.permit(&cells);
        sheet.rows.push(SourceRow { row, number, pass });
    }
    let mapping = mapping.ok_or_else(|| empty_list(path))?;
    sheet.ignored_columns = mapping.ignored;
    Ok(sheet)
}

fn excel_cell(data: &Data) -> Cell {
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
            let (y, m, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
            Cell::DateTime(i32::from(y), m, d, h, mi, s)
        }
        Data::DateTime(_) => Cell::Invalid("the cell holds a duration, not a date".to_string()),
        Data::Error(e) => Cell::Invalid(format!("the cell holds the Excel error {e}")),
    }
}

fn read_json_lines(path: &Path, kind: Option<PassKind>) -> Result<Sheet, CliError> {
    let bytes = read_bytes(path)?;
    let mut sheet = Sheet::default();
    for (i, line) in strip_bom(&bytes).split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let row = i + 1;
        let (number, pass) = match std::str::from_utf8(line) {
            Err(e) => (
                None,
                Err(Error::new(
                    ErrorCode::InvalidText,
                    format!(
                        "line {row} is not valid UTF-8 (at byte {})",
                        e.valid_up_to() + 1
                    ),
                )),
            ),
            Ok(text) => json_pass(text, kind),
        };
        sheet.rows.push(SourceRow { row, number, pass });
    }
    Ok(sheet)
}

fn json_pass(text: &str, kind: Option<PassKind>) -> (Option<String>, Result<Pass, Error>) {
    match Pass::from_json(text) {
        Ok(pass) => {
            let number = pass_number(&pass).map(str::to_string);
            match kind {
                Some(k) if pass.kind() != k => (
                    number,
                    Err(Error::new(
                        ErrorCode::BadJson,
                        format!("the line is a {}, and --kind asks for {k}", pass.kind()),
                    )),
                ),
                _ => (number, Ok(pass)),
            }
        }
        Err(e) => {
            // Still name the pass in passes.csv when its number is readable.
            let number = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| {
                    ["number", "case_number"]
                        .iter()
                        .find_map(|k| v.get(k).and_then(|n| n.as_str()).map(str::to_string))
                });
            (number, Err(e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_read_from_the_header_line() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"name"), b',');
    }

    #[test]
    fn broken_utf8_is_a_cell_problem() {
        assert_eq!(text_cell(b"  "), Cell::Empty);
        assert_eq!(text_cell("Lê".as_bytes()), Cell::Text("Lê".into()));
        assert!(matches!(text_cell(b"L\xC3"), Cell::Invalid(r) if r.contains("UTF-8")));
    }

    #[test]
    fn json_lines_keep_the_number_of_a_bad_line() {
        let (number, pass) = json_pass(r#"{"kind":"permit","number":"X-1"}"#, None);
        assert_eq!(number.as_deref(), Some("X-1"));
        assert_eq!(pass.map_err(|e| e.code()).err(), Some(ErrorCode::BadJson));
    }
}
