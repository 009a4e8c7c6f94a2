//! A whole run into an output folder: `DIR/passes.csv` and one QR image per
//! pass in `DIR/qr/`. Rows are signed and drawn on every core, a chunk at a
//! time; each chunk is appended to passes.csv before the next starts, so a run
//! cut short loses at most one chunk, and the next run resumes ([`crate::plan`]).

use std::fs;
use std::path::{Path, PathBuf};

use qrpass::batch::{self, pass_number, Prepared};
use qrpass::keys::hex_encode;
use qrpass::qr::RenderOptions;
use qrpass::{Error as CoreError, Issuer, Timestamp};
use rayon::prelude::*;

use crate::error::{io_error, Result};
use crate::input::Sheet;
use crate::ledger::{self, Journal, Record};
use crate::plan::{self, failed, Plan, RowState};
use crate::qrfile::{file_stem, write_qr, ImageFormat, QrModules};
use crate::summary::Summary;

/// Rows signed, drawn and recorded per step (a run cut short loses at most one step).
pub const CHUNK: usize = 4096;

/// How a run draws its QR images.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// PNG or SVG.
    pub format: ImageFormat,
    /// Error correction, pixels per module, quiet zone.
    pub render: RenderOptions,
}

/// What a run did.
#[derive(Debug)]
pub struct Outcome {
    /// Every row of the list, in order, with its passes.csv line.
    pub rows: Vec<RowState>,
    /// The counts and notes.
    pub summary: Summary,
    /// `DIR/passes.csv`.
    pub ledger: PathBuf,
    /// `DIR/qr`.
    pub qr_dir: PathBuf,
    /// Problems that did not fail a row (a QR file that could not be drawn again).
    pub warnings: Vec<String>,
}

/// Issues every row of `sheet` into the folder `out`, signing as `issuer` at
/// `iat`; rows already in `out/passes.csv` keep their tokens. `progress` is
/// called with (rows signed so far, rows to sign) before the first chunk and
/// after each.
pub fn issue_into(
    issuer: &Issuer,
    sheet: Sheet,
    out: &Path,
    iat: Timestamp,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Outcome> {
    let ledger_path = out.join(ledger::FILE);
    let previous = ledger::read(&ledger_path)?;
    plan::check_issuer(&previous, issuer.issuer_id(), &ledger_path)?;
    let qr_dir = out.join("qr");
    fs::create_dir_all(&qr_dir).map_err(|e| io_error(&qr_dir, e))?;
    let mut summary = Summary::of_sheet(&sheet);
    let mut plan = plan::plan(issuer.issuer_id(), sheet.rows, previous);
    let writer = Writer {
        qr_dir: &qr_dir,
        options,
    };
    let mut journal = Journal::open(&ledger_path)?;
    let (mut done, to_sign) = (0, plan.to_sign.len());
    progress(done, to_sign);
    for chunk in plan.to_sign.chunks(CHUNK) {
        let results = writer.sign_chunk(issuer, &plan.rows, chunk, iat);
        let records: Vec<Record> = results.iter().map(|r| r.record.clone()).collect();
        journal.append(&records)?;
        for ((i, _), state) in chunk.iter().zip(results) {
            summary.issued += usize::from(state.record.is_issued());
            plan.rows[*i] = state;
        }
        done += chunk.len();
        progress(done, to_sign);
    }
    drop(journal);
    let warnings = writer.redraw_missing(&mut plan);
    let mut records: Vec<Record> = plan.rows.iter().map(|s| s.record.clone()).collect();
    records.extend(plan.kept.iter().cloned());
    ledger::write_all(&ledger_path, &records)?;
    summary.count(&plan);
    Ok(Outcome {
        rows: plan.rows,
        summary,
        ledger: ledger_path,
        qr_dir,
        warnings,
    })
}

struct Writer<'a> {
    qr_dir: &'a Path,
    options: &'a Options,
}

impl Writer<'_> {
    /// Signs a chunk and writes its QR files, on every core.
    fn sign_chunk(
        &self,
        issuer: &Issuer,
        rows: &[RowState],
        chunk: &[(usize, Prepared)],
        iat: Timestamp,
    ) -> Vec<RowState> {
        let prepared: Vec<Prepared> = chunk.iter().map(|(_, p)| p.clone()).collect();
        let signed = batch::sign(issuer, &prepared, iat);
        chunk
            .par_iter()
            .zip(signed)
            .map(|((i, p), signed)| {
                let row = rows[*i].record.row;
                let outcome = signed.and_then(|s| {
                    let qr = self.draw(pass_number(&s.pass), &s.cti, &s.token)?;
                    Ok((s, qr))
                });
                match outcome {
                    Ok((s, qr)) => RowState {
                        record: Record {
                            row,
                            number: s.key,
                            cti: hex_encode(&s.cti),
                            token: s.token,
                            ..Record::default()
                        },
                        pass: Some(s.pass),
                        qr: Some(qr),
                    },
                    Err(e) => RowState {
                        record: failed(row, p.key.clone(), &e),
                        pass: None,
                        qr: None,
                    },
                }
            })
            .collect()
    }

    fn draw(
        &self,
        number: Option<&str>,
        cti: &[u8; 8],
        token: &str,
    ) -> std::result::Result<QrModules, CoreError> {
        let stem = file_stem(number, cti);
        write_qr(
            self.qr_dir,
            &stem,
            token,
            self.options.format,
            &self.options.render,
        )
    }

    /// Rows issued before: draws their QR file again if it is missing (or in another format).
    fn redraw_missing(&self, plan: &mut Plan) -> Vec<String> {
        let ext = self.options.format.extension();
        let rows = &plan.rows;
        let redrawn: Vec<(usize, std::result::Result<QrModules, CoreError>)> = plan
            .skipped
            .par_iter()
            .filter_map(|(i, cti)| {
                let state = &rows[*i];
                let number = state.pass.as_ref().and_then(pass_number);
                let path = self
                    .qr_dir
                    .join(format!("{}.{ext}", file_stem(number, cti)));
                (!path.exists()).then(|| (*i, self.draw(number, cti, &state.record.token)))
            })
            .collect();
        let mut warnings = Vec::new();
        for (i, result) in redrawn {
            match result {
                Ok(qr) => plan.rows[i].qr = Some(qr),
                Err(e) => warnings.push(format!(
                    "row {}: could not draw its QR code again: {e}",
                    plan.rows[i].record.row
                )),
            }
        }
        warnings
    }
}
