//! Comma-, semicolon- or tab-separated text.

use std::path::Path;

use qrpass::ErrorCode;

use super::table::Table;
use super::{read_bytes, strip_bom, Sheet};
use crate::columns::Cell;
use crate::error::{Error, Result};

/// The separator: the most frequent of `,`, `;` and tab (`,` on a tie) on the
/// first line that has any (a title line above the table may have none).
pub(super) fn sniff_delimiter(data: &[u8]) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    let line = data
        .split(|&b| b == b'\n')
        .take(64)
        .find(|l| l.iter().any(|b| CANDIDATES.contains(b)))
        .unwrap_or_default();
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    [b';', b'\t'].into_iter().fold(
        b',',
        |best, d| if count(d) > count(best) { d } else { best },
    )
}

pub(super) fn text_cell(bytes: &[u8]) -> Cell {
    match std::str::from_utf8(bytes) {
        Ok(s) if s.trim().is_empty() => Cell::Empty,
        Ok(s) => Cell::Text(s.to_string()),
        Err(e) => Cell::Invalid(format!(
            "the text is not valid UTF-8 (at byte {} of the cell); save the file as \"CSV UTF-8\"",
            e.valid_up_to() + 1
        )),
    }
}

pub(super) fn read(path: &Path) -> Result<Sheet> {
    let bytes = read_bytes(path)?;
    let data = strip_bom(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(data))
        .from_reader(data);
    let mut table = Table::new(path);
    for record in reader.byte_records() {
        let record =
            record.map_err(|e| Error::new(ErrorCode::Io, format!("{}: {e}", path.display())))?;
        let row = record.position().map_or(0, |p| p.line()) as usize;
        table.push(row, record.iter().map(text_cell).collect())?;
    }
    table.finish()
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
        assert_eq!(sniff_delimiter("DANH SÁCH\na;b;c\n".as_bytes()), b';');
    }

    #[test]
    fn broken_utf8_is_a_cell_problem() {
        assert_eq!(text_cell(b"  "), Cell::Empty);
        assert_eq!(text_cell("Lê".as_bytes()), Cell::Text("Lê".into()));
        assert!(matches!(text_cell(b"L\xC3"), Cell::Invalid(r) if r.contains("UTF-8")));
    }
}
