//! The counts of a run and its notes, without names or ID numbers (row
//! numbers only), for a terminal, a log or a Python dict.

use std::collections::BTreeMap;

use crate::input::Sheet;
use crate::plan::Plan;

/// What a run did, in numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Rows read from the list (footer and blank rows not counted).
    pub total: usize,
    /// Passes signed by this run.
    pub issued: usize,
    /// Rows issued by an earlier run, kept.
    pub already_issued: usize,
    /// Failed rows by error code.
    pub failed: BTreeMap<String, usize>,
    /// Passes of earlier runs that this list no longer has (kept in passes.csv).
    pub kept: usize,
    /// Rows that differ from the pass issued before, one line each.
    pub changed: Vec<String>,
    /// CCCD numbers typed as numbers (11 digits) that got their leading 0 back.
    pub restored_ids: usize,
    /// Mobile numbers typed as numbers (9 digits) that got their leading 0 back.
    pub restored_phones: usize,
    /// The header row of a sheet (0 for JSON Lines).
    pub header_row: usize,
    /// Rows below the table with one or two cells (a signature block), skipped.
    pub footer_rows: Vec<usize>,
    /// Blank rows inside the table, skipped.
    pub blank_rows: usize,
    /// Header names that matched no field.
    pub ignored_columns: Vec<String>,
}

impl Summary {
    /// The sheet's part: what reading the list found.
    pub fn of_sheet(sheet: &Sheet) -> Summary {
        Summary {
            total: sheet.rows.len(),
            restored_ids: sheet.rows.iter().filter(|r| r.restored.id).count(),
            restored_phones: sheet.rows.iter().filter(|r| r.restored.phone).count(),
            header_row: sheet.header_row,
            footer_rows: sheet.footer_rows.clone(),
            blank_rows: sheet.blank_rows,
            ignored_columns: sheet.ignored_columns.clone(),
            ..Summary::default()
        }
    }

    /// The plan's part, once every row has its final state.
    pub(crate) fn count(&mut self, plan: &Plan) {
        self.already_issued = plan.skipped.len();
        self.kept = plan.kept.len();
        self.changed.clone_from(&plan.changed);
        for r in plan
            .rows
            .iter()
            .map(|s| &s.record)
            .filter(|r| !r.is_issued())
        {
            *self.failed.entry(r.error_code.clone()).or_default() += 1;
        }
    }

    /// Failed rows in all.
    pub fn failures(&self) -> usize {
        self.failed.values().sum()
    }

    /// Plain-words notes on what was repaired or skipped while reading.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.restored_ids > 0 {
            notes.push(format!(
                "leading 0 restored on {} that Excel stored as a number",
                counted(self.restored_ids, "CCCD number")
            ));
        }
        if self.restored_phones > 0 {
            notes.push(format!(
                "leading 0 restored on {} that Excel stored as a number",
                counted(self.restored_phones, "phone number")
            ));
        }
        if let (Some(first), Some(last)) = (self.footer_rows.first(), self.footer_rows.last()) {
            let rows = if first == last {
                format!("row {first}")
            } else {
                format!("rows {first}–{last}")
            };
            notes.push(format!(
                "{rows} below the table (a signature or footer block) skipped: not passes"
            ));
        }
        if self.blank_rows > 0 {
            notes.push(format!("{} skipped", counted(self.blank_rows, "blank row")));
        }
        notes
    }
}

/// `1 row`, `2 rows`.
pub fn counted(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
