//! JSON Lines: one pass JSON (as in spec/examples) per line, of any kind.

use std::path::Path;

use qrpass::batch::pass_number;
use qrpass::{Error, ErrorCode, Pass, PassKind};

use super::{read_bytes, strip_bom, Sheet, SourceRow};
use crate::columns::Restored;
use crate::error::Result;

pub(super) fn read(path: &Path, kind: Option<PassKind>) -> Result<Sheet> {
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
        sheet.rows.push(SourceRow {
            row,
            number,
            pass,
            restored: Restored::default(),
        });
    }
    Ok(sheet)
}

fn json_pass(
    text: &str,
    kind: Option<PassKind>,
) -> (Option<String>, std::result::Result<Pass, Error>) {
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
    fn json_lines_keep_the_number_of_a_bad_line() {
        let (number, pass) = json_pass(r#"{"kind":"permit","number":"X-1"}"#, None);
        assert_eq!(number.as_deref(), Some("X-1"));
        assert_eq!(pass.map_err(|e| e.code()).err(), Some(ErrorCode::BadJson));
    }
}
