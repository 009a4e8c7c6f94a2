//! The table inside a sheet, as province offices lay it out: a title block
//! (national motto, the office, the list's title) above the header row, blank
//! rows inside, a signature block ("Người lập biểu", "(Ký, ghi rõ họ tên)")
//! below. Rows are fed one by one; only a few sparse rows are ever held back.

use std::path::{Path, PathBuf};

use qrpass::ErrorCode;

use super::{empty_list, Sheet, SourceRow};
use crate::columns::{Cell, Mapping};
use crate::error::{Error, Result};

/// Rows with at most this many filled cells, below the last data row, are a footer.
const FOOTER_CELLS: usize = 2;

/// Finds the header row, then turns the rows under it into [`SourceRow`]s.
pub struct Table {
    path: PathBuf,
    mapping: Option<Mapping>,
    /// Before the header: the row that named most fields, and why it is not the header.
    best: Option<(usize, qrpass::Error)>,
    /// Sparse rows after the last full one: a footer, unless a data row follows.
    pending: Vec<(usize, Vec<Cell>)>,
    /// Blank rows seen since the last data row.
    blanks: usize,
    sheet: Sheet,
}

impl Table {
    /// A table read from `path` (named in errors).
    pub fn new(path: &Path) -> Table {
        Table {
            path: path.to_path_buf(),
            mapping: None,
            best: None,
            pending: Vec::new(),
            blanks: 0,
            sheet: Sheet::default(),
        }
    }

    /// Takes the next row (`row` counted from 1, as the spreadsheet shows it).
    pub fn push(&mut self, row: usize, cells: Vec<Cell>) -> Result<()> {
        let filled = cells.iter().filter(|c| **c != Cell::Empty).count();
        if self.mapping.is_none() {
            if filled > 0 {
                self.try_header(row, &cells)?;
            }
            return Ok(());
        }
        if filled == 0 {
            self.blanks += 1;
        } else if filled <= FOOTER_CELLS {
            self.pending.push((row, cells));
        } else {
            for (row, cells) in std::mem::take(&mut self.pending) {
                self.data(row, &cells);
            }
            self.data(row, &cells);
        }
        Ok(())
    }

    fn data(&mut self, row: usize, cells: &[Cell]) {
        let Some(mapping) = &self.mapping else {
            return;
        };
        let parsed = mapping.permit(cells);
        self.sheet.blank_rows += std::mem::take(&mut self.blanks);
        self.sheet.rows.push(SourceRow {
            row,
            number: parsed.number,
            pass: parsed.pass,
            restored: parsed.restored,
        });
    }

    /// Whether `cells` is the header row: it names every required column.
    fn try_header(&mut self, row: usize, cells: &[Cell]) -> Result<()> {
        let headers: Vec<String> = cells.iter().map(header_text).collect();
        match Mapping::from_headers(&headers) {
            Ok(mapping) => {
                if let Some(reason) = cells.iter().find_map(|c| match c {
                    Cell::Invalid(reason) => Some(reason),
                    _ => None,
                }) {
                    return Err(Error::new(
                        ErrorCode::InvalidText,
                        format!("{}: the header row ({row}): {reason}", self.path.display()),
                    ));
                }
                self.mapping = Some(mapping);
                self.sheet.header_row = row;
                Ok(())
            }
            Err(e) if e.code() == ErrorCode::MissingField => {
                let known = Mapping::known_columns(&headers);
                if self.best.as_ref().is_none_or(|(k, _)| known > *k) {
                    self.best = Some((known, e));
                }
                Ok(())
            }
            Err(e) => Err(self.header_error(&e)),
        }
    }

    fn header_error(&self, e: &qrpass::Error) -> Error {
        Error::new(
            e.code(),
            format!("{}: {}", self.path.display(), e.message()),
        )
        .hint("see docs/bulk-issuing.md for the column names (Vietnamese or English)")
    }

    /// The rows read; what is still held back is the footer.
    pub fn finish(mut self) -> Result<Sheet> {
        let Some(mapping) = self.mapping.take() else {
            return Err(match &self.best {
                Some((_, e)) => self.header_error(e),
                None => empty_list(&self.path),
            });
        };
        self.sheet.ignored_columns = mapping.ignored;
        self.sheet.footer_rows = self.pending.iter().map(|(row, _)| *row).collect();
        Ok(self.sheet)
    }
}

fn header_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::DateTime(..) => "(date)".to_string(),
        Cell::Empty | Cell::Invalid(_) => String::new(),
    }
}
