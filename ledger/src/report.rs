//! The reconciliation report: every double payment and every chain fault, as CSV and XLSX.

use std::io::Write;
use std::path::Path;

use qrpass::keys::hex_encode;
use qrpass::{Error, ErrorCode, Result};
use rust_xlsxwriter::Workbook;

use crate::ledger::Gap;
use crate::receipt::Receipt;

/// The report's columns, in order (spec/LEDGER.md §6).
pub const COLUMNS: [&str; 14] = [
    "kind",
    "issuer",
    "case_number",
    "period_from",
    "period_until",
    "point",
    "seq",
    "to_seq",
    "at",
    "amount_vnd",
    "cti",
    "receipt_signature",
    "code",
    "detail",
];

/// An export file an import refused, with its stable code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The file's name as given.
    pub file: String,
    /// Why it was refused.
    pub code: ErrorCode,
    /// The error's message (names the point and entry where the chain broke).
    pub message: String,
}

/// What reconciliation found. Holds case numbers, never names or ID numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Every payment of an entitlement paid more than once, grouped by entitlement.
    pub doubles: Vec<Receipt>,
    /// Missing runs in imported points' chains.
    pub gaps: Vec<Gap>,
    /// Files refused by the import that made this report.
    pub refused: Vec<Refused>,
}

impl Report {
    /// A report of `doubles` and `gaps`, with no refused file.
    pub fn new(doubles: Vec<Receipt>, gaps: Vec<Gap>) -> Report {
        Report {
            doubles,
            gaps,
            refused: Vec::new(),
        }
    }

    /// How many distinct entitlements were paid more than once.
    pub fn double_paid_entitlements(&self) -> usize {
        let mut n = 0;
        for (i, r) in self.doubles.iter().enumerate() {
            if i == 0 || self.doubles[i - 1].key != r.key {
                n += 1;
            }
        }
        n
    }

    /// Whether nothing needs the office's attention.
    pub fn is_clean(&self) -> bool {
        self.doubles.is_empty() && self.gaps.is_empty() && self.refused.is_empty()
    }

    /// The report's rows as text cells, in [`COLUMNS`] order.
    pub fn rows(&self) -> Vec<[String; 14]> {
        let mut rows = Vec::with_capacity(self.doubles.len() + self.gaps.len());
        for r in &self.doubles {
            rows.push([
                "double_payment".into(),
                r.key.issuer.clone(),
                r.key.case_number.clone(),
                r.key.period.from.to_string(),
                r.key.period.until.to_string(),
                r.point.clone(),
                r.seq.to_string(),
                String::new(),
                r.at.to_rfc3339_at(7 * 3600),
                r.amount_vnd.to_string(),
                hex_encode(&r.cti),
                hex_encode(&r.signature),
                String::new(),
                String::new(),
            ]);
        }
        for g in &self.gaps {
            let mut row: [String; 14] = Default::default();
            row[0] = "chain_gap".into();
            row[5] = g.point.clone();
            row[6] = g.from_seq.to_string();
            row[7] = g.to_seq.to_string();
            row[12] = ErrorCode::LedgerChainBroken.as_str().into();
            row[13] = "entries missing: import the point's export that holds them".into();
            rows.push(row);
        }
        for f in &self.refused {
            let mut row: [String; 14] = Default::default();
            row[0] = "refused_file".into();
            row[12] = f.code.as_str().into();
            row[13] = format!("{}: {}", f.file, f.message);
            rows.push(row);
        }
        rows
    }

    /// Writes the report as CSV (RFC 4180, header row first).
    pub fn write_csv(&self, out: &mut dyn Write) -> Result<()> {
        let mut text = csv_line(COLUMNS.iter().map(|c| c.to_string()));
        for row in self.rows() {
            text.push_str(&csv_line(row.into_iter()));
        }
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| Error::new(ErrorCode::Io, format!("report CSV: {e}")))
    }

    /// Writes the report as an Excel workbook (one sheet, header row first).
    pub fn write_xlsx(&self, path: &Path) -> Result<()> {
        let xl = |e: rust_xlsxwriter::XlsxError| {
            Error::new(
                ErrorCode::Io,
                format!("report XLSX {}: {e}", path.display()),
            )
        };
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("reconciliation").map_err(xl)?;
        for (c, name) in COLUMNS.iter().enumerate() {
            sheet.write_string(0, c as u16, *name).map_err(xl)?;
        }
        for (r, row) in self.rows().iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet
                    .write_string(r as u32 + 1, c as u16, cell.as_str())
                    .map_err(xl)?;
            }
        }
        book.save(path).map_err(xl)
    }
}

/// One CSV line: fields quoted when needed; a leading `= + - @` is defused with `'`.
fn csv_line(fields: impl Iterator<Item = String>) -> String {
    let cells: Vec<String> = fields
        .map(|f| {
            let f = if f.starts_with(['=', '+', '-', '@']) {
                format!("'{f}")
            } else {
                f
            };
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        })
        .collect();
    let mut line = cells.join(",");
    line.push_str("\r\n");
    line
}
