//! `passes.csv`: one line per row with its token or its error; the record that
//! makes a batch restartable.
//!
//! Columns: `row, number, cti, token, error_code, error_message`. The file is
//! UTF-8 with a byte-order mark, so that Excel shows Vietnamese text correctly.
//! During a run new lines are appended and flushed chunk by chunk, so a run cut
//! short keeps what it finished; at the end the file is rewritten in input order.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use qrpass::ErrorCode;

use crate::error::{io_error, Error, Result};

/// The file name inside the output folder.
pub const FILE: &str = "passes.csv";

/// The header row.
pub const HEADER: [&str; 6] = [
    "row",
    "number",
    "cti",
    "token",
    "error_code",
    "error_message",
];

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One line of passes.csv.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// The row in the input list (0 when unknown).
    pub row: usize,
    /// The pass number (or, for kinds without one, the pass key).
    pub number: String,
    /// The token id in hex; empty when the row failed.
    pub cti: String,
    /// The VN1 text; empty when the row failed.
    pub token: String,
    /// The stable error code; empty when issued.
    pub error_code: String,
    /// The reason in plain words; empty when issued.
    pub error_message: String,
}

impl Record {
    /// Whether the row has a token.
    pub fn is_issued(&self) -> bool {
        !self.token.is_empty()
    }

    fn fields(&self) -> [String; 6] {
        [
            self.row.to_string(),
            self.number.clone(),
            self.cti.clone(),
            self.token.clone(),
            self.error_code.clone(),
            self.error_message.clone(),
        ]
    }
}

/// Reads passes.csv; a missing file is an empty list. Lines that cannot be
/// read (a run cut short in the middle of a line) are skipped.
pub fn read(path: &Path) -> Result<Vec<Record>> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(path, e)),
    };
    let data = bytes.strip_prefix(BOM).unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let headers = reader
        .headers()
        .map_err(|e| bad_ledger(path, &e.to_string()))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(number), Some(token)) = (column("number"), column("token")) else {
        return Err(bad_ledger(path, "it has no `number` and `token` columns"));
    };
    let (row, cti, code, message) = (
        column("row"),
        column("cti"),
        column("error_code"),
        column("error_message"),
    );
    let mut records = Vec::new();
    for record in reader.records().flatten() {
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .unwrap_or_default()
                .to_string()
        };
        records.push(Record {
            row: get(row).parse().unwrap_or(0),
            number: get(Some(number)),
            cti: get(cti),
            token: get(Some(token)),
            error_code: get(code),
            error_message: get(message),
        });
    }
    Ok(records)
}

fn bad_ledger(path: &Path, why: &str) -> Error {
    Error::new(
        ErrorCode::Io,
        format!("{} cannot be read: {why}", path.display()),
    )
    .hint("it is written by `qrpass issue --batch`; use an empty --out folder for a new list")
}

/// Appends lines to passes.csv as a run goes.
pub struct Journal {
    writer: csv::Writer<File>,
    path: std::path::PathBuf,
}

impl Journal {
    /// Opens passes.csv for appending, writing the header if the file is new.
    pub fn open(path: &Path) -> Result<Journal> {
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)
            .map_err(|e| io_error(path, e))?;
        let len = file.metadata().map_err(|e| io_error(path, e))?.len();
        if len == 0 {
            file.write_all(BOM).map_err(|e| io_error(path, e))?;
            file.write_all(HEADER.join(",").as_bytes())
                .and_then(|()| file.write_all(b"\n"))
                .map_err(|e| io_error(path, e))?;
        } else {
            // A run cut short may have left half a line: start on a fresh one.
            let mut last = [0u8];
            file.seek(SeekFrom::End(-1))
                .and_then(|_| file.read_exact(&mut last))
                .map_err(|e| io_error(path, e))?;
            if last[0] != b'\n' {
                file.write_all(b"\n").map_err(|e| io_error(path, e))?;
            }
        }
        Ok(Journal {
            writer: csv::Writer::from_writer(file),
            path: path.to_path_buf(),
        })
    }

    /// Appends records and flushes them to the file.
    pub fn append(&mut self, records: &[Record]) -> Result<()> {
        for r in records {
            self.writer
                .write_record(r.fields())
                .map_err(|e| csv_error(&self.path, e))?;
        }
        self.writer.flush().map_err(|e| io_error(&self.path, e))
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    Error::new(ErrorCode::Io, format!("{}: {e}", path.display()))
}

/// Rewrites passes.csv with exactly these records (through a temporary file and a rename).
pub fn write_all(path: &Path, records: &[Record]) -> Result<()> {
    let tmp = path.with_extension("csv.tmp");
    let mut data = BOM.to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut data);
        writer
            .write_record(HEADER)
            .map_err(|e| csv_error(path, e))?;
        for r in records {
            writer
                .write_record(r.fields())
                .map_err(|e| csv_error(path, e))?;
        }
        writer.flush().map_err(|e| io_error(path, e))?;
    }
    fs::write(&tmp, &data).map_err(|e| io_error(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| io_error(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_then_read_survives_a_cut_line() {
        let dir = std::env::temp_dir().join(format!("qrpass-ledger-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("dir");
        let path = dir.join(FILE);
        let issued = Record {
            row: 2,
            number: "HCM-1".into(),
            cti: "00ff".into(),
            token: "VN1:ABC".into(),
            ..Record::default()
        };
        let failed = Record {
            row: 3,
            number: "HCM-2, \"quoted\"".into(),
            error_code: "missing_field".into(),
            error_message: "column `Họ và tên` is empty".into(),
            ..Record::default()
        };
        Journal::open(&path)
            .expect("open")
            .append(std::slice::from_ref(&issued))
            .expect("append");
        // A crash in the middle of a line:
        OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(b"4,HCM-3,ab"))
            .expect("cut");
        Journal::open(&path)
            .expect("reopen")
            .append(std::slice::from_ref(&failed))
            .expect("append");
        let back = read(&path).expect("read");
        assert_eq!(back.first(), Some(&issued));
        assert_eq!(back.last(), Some(&failed));
        assert!(back.iter().all(|r| r.number != "HCM-3" || !r.is_issued()));
        write_all(&path, std::slice::from_ref(&failed)).expect("rewrite");
        assert_eq!(read(&path).expect("read"), vec![failed]);
        assert!(fs::read(&path).expect("bytes").starts_with(BOM));
        let _ = fs::remove_dir_all(&dir);
    }
}
