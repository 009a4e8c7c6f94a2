//! Reconciliation on restart: what this run signs, what an earlier run already
//! issued, and what passes.csv held that the list no longer has.
//!
//! Token ids derive from issuer and pass number ([`qrpass::batch::derived_cti`]),
//! so a row's cti finds its earlier token in passes.csv and no row ever gets a
//! second one. A row that differs from the pass issued before keeps the issued
//! pass (and is reported); a folder belongs to one issuer.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use qrpass::batch::{self, CtiRule, Prepared};
use qrpass::keys::hex_encode;
use qrpass::{inspect, ErrorCode, Pass};

use crate::error::{Error, Result};
use crate::input::SourceRow;
use crate::ledger::Record;
use crate::qrfile::QrModules;

/// One row's state as the run goes.
#[derive(Clone, Debug)]
pub struct RowState {
    /// Its line of passes.csv.
    pub record: Record,
    /// The validated pass, for rows that have a token.
    pub pass: Option<Pass>,
    /// The QR modules, when this run drew the code (for a printable sheet).
    pub qr: Option<QrModules>,
}

impl RowState {
    fn new(record: Record) -> RowState {
        RowState {
            record,
            pass: None,
            qr: None,
        }
    }
}

/// What a run has to do.
#[derive(Debug, Default)]
pub struct Plan {
    /// Every row of the list, in order.
    pub rows: Vec<RowState>,
    /// Rows to sign now: index into `rows`, and the validated pass.
    pub to_sign: Vec<(usize, Prepared)>,
    /// Rows issued by an earlier run: index into `rows`, and the token id.
    pub skipped: Vec<(usize, [u8; 8])>,
    /// Rows that differ from the pass issued before (which is kept), one line each.
    pub changed: Vec<String>,
    /// Passes issued by earlier runs that this list no longer has, by row.
    pub kept: Vec<Record>,
}

/// Refuses a folder whose passes.csv holds another issuer's tokens (its ctis
/// derive from the issuer id): checks the first readable token.
pub fn check_issuer(previous: &[Record], issuer_id: &str, ledger: &Path) -> Result<()> {
    match previous
        .iter()
        .find_map(|r| inspect(&r.token).ok())
        .map(|t| t.issuer)
        .filter(|iss| iss != issuer_id)
    {
        Some(other) => Err(Error::new(
            ErrorCode::InvalidIssuer,
            format!(
                "{} holds passes of issuer {other}, not {issuer_id}",
                ledger.display()
            ),
        )
        .hint("use another --out folder for another issuer")),
        None => Ok(()),
    }
}

/// Plans a run over `rows` given passes.csv's `previous` records.
pub fn plan(issuer_id: &str, rows: Vec<SourceRow>, previous: Vec<Record>) -> Plan {
    // Passes issued before, by token id: a row's derived cti finds its earlier token.
    let mut done: HashMap<String, Record> = HashMap::new();
    for r in previous.into_iter().filter(Record::is_issued) {
        done.entry(r.cti.clone()).or_insert(r);
    }
    let mut plan = Plan::default();
    let mut items = Vec::new();
    let mut item_index = Vec::new();
    // Parse failures are final; the rest are validated (in parallel) next.
    for source in rows {
        let number = source.number.unwrap_or_default();
        match source.pass {
            Ok(pass) => {
                item_index.push(plan.rows.len());
                items.push((source.row, pass));
                plan.rows.push(RowState::new(Record {
                    row: source.row,
                    number,
                    ..Record::default()
                }));
            }
            Err(e) => plan
                .rows
                .push(RowState::new(failed(source.row, number, &e))),
        }
    }
    let prepared = batch::prepare(issuer_id, &items, CtiRule::Derived);
    drop(items);
    let mut in_list = HashSet::new();
    for (result, &i) in prepared.into_iter().zip(&item_index) {
        match result.outcome {
            Ok(p) => {
                in_list.insert(hex_encode(&p.cti));
                plan.place(i, result.row, p, &done);
            }
            Err(e) => {
                let record = &mut plan.rows[i].record;
                *record = failed(result.row, std::mem::take(&mut record.number), &e);
            }
        }
    }
    plan.kept = done
        .into_values()
        .filter(|r| !in_list.contains(&r.cti) && inspect(&r.token).is_ok())
        .collect();
    plan.kept.sort_by_key(|r| r.row);
    plan
}

impl Plan {
    /// A validated row: skipped when `done` has its token, else to sign.
    fn place(&mut self, i: usize, row: usize, p: Prepared, done: &HashMap<String, Record>) {
        let cti = hex_encode(&p.cti);
        let earlier = done
            .get(&cti)
            .and_then(|r| inspect(&r.token).ok().map(|t| (r, t)));
        let Some((record, token)) = earlier else {
            self.to_sign.push((i, p));
            return;
        };
        if token.unverified_pass() != &p.pass {
            self.changed.push(format!(
                "row {row} ({}): differs from the pass issued before; kept the issued one (cti {})",
                p.key, record.cti
            ));
        }
        self.rows[i] = RowState {
            record: Record {
                row,
                number: p.key.clone(),
                ..record.clone()
            },
            pass: Some(p.pass),
            qr: None,
        };
        self.skipped.push((i, p.cti));
    }
}

/// The passes.csv line of a failed row.
pub fn failed(row: usize, number: String, e: &qrpass::Error) -> Record {
    Record {
        row,
        number,
        error_code: e.code().as_str().to_string(),
        error_message: e.message().to_string(),
        ..Record::default()
    }
}
