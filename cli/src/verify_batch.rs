//! `qrpass verify --batch FILE`: one token per line in, one JSON object per line
//! out, verified on every core in chunks so memory stays bounded.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use qrpass::{Timestamp, Verifier};

use crate::commands::outcome_json;
use crate::error::{io_error, CliError};

/// Lines verified together: enough to keep every core busy, small enough that
/// memory does not grow with the input (a few MB per chunk).
const CHUNK_LINES: usize = 8192;

/// Counts of results by outcome, for the summary.
#[derive(Default)]
pub struct Summary {
    /// Tokens that verified.
    pub valid: u64,
    /// Tokens that did not, by error code.
    pub invalid: BTreeMap<&'static str, u64>,
}

/// Verifies every line of `input` (`-` for standard input) and writes JSON Lines
/// to `out` (standard output when `None`): `{"line", "outcome", "code", ...}` in
/// input order, one per input line (an empty line is `empty_input`). Prints a
/// progress bar and a summary by outcome code on stderr.
///
/// Exit status: 0 when every token verified, 1 when some did not (the results
/// are still all written), 2 when the input or output cannot be used.
pub fn run(
    verifier: &Verifier,
    now: Timestamp,
    input: &str,
    out: Option<&Path>,
) -> Result<Summary, CliError> {
    let (reader, size): (Box<dyn Read>, Option<u64>) = if input == "-" {
        (Box::new(io::stdin().lock()), None)
    } else {
        let path = Path::new(input);
        let file = File::open(path).map_err(|e| io_error(path, e))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let writer: Box<dyn Write> = match out {
        Some(path) => Box::new(File::create(path).map_err(|e| io_error(path, e))?),
        None => Box::new(io::stdout().lock()),
    };
    let out_name = out.unwrap_or(Path::new("<stdout>"));
    let mut writer = BufWriter::new(writer);
    let bar = progress_bar(size);
    let mut summary = Summary::default();
    let mut lines = BufReader::new(reader).split(b'\n');
    let mut chunk: Vec<String> = Vec::with_capacity(CHUNK_LINES);
    let mut line_no: u64 = 0;
    loop {
        chunk.clear();
        let mut bytes = 0;
        for line in lines.by_ref().take(CHUNK_LINES) {
            let line = line.map_err(|e| io_error(Path::new(input), e))?;
            bytes += line.len() as u64 + 1;
            // Not UTF-8: the replacement characters make it fail as a bad text.
            chunk.push(String::from_utf8_lossy(&line).trim().to_string());
        }
        if chunk.is_empty() {
            break;
        }
        for result in verifier.verify_many_at(&chunk, now) {
            line_no += 1;
            let mut json = outcome_json(&result);
            if let Some(object) = json.as_object_mut() {
                object.insert("line".into(), line_no.into());
            }
            match &result {
                Ok(_) => summary.valid += 1,
                Err(e) => *summary.invalid.entry(e.code().as_str()).or_default() += 1,
            }
            writeln!(writer, "{json}").map_err(|e| io_error(out_name, e))?;
        }
        bar.inc(if size.is_some() {
            bytes
        } else {
            chunk.len() as u64
        });
    }
    writer.flush().map_err(|e| io_error(out_name, e))?;
    bar.finish_and_clear();
    print_summary(&summary, line_no);
    Ok(summary)
}

fn progress_bar(size: Option<u64>) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(size, ProgressDrawTarget::stderr());
    let template = if size.is_some() {
        "{elapsed_precise} [{bar:32}] {bytes}/{total_bytes} · {bytes_per_sec} · ETA {eta}"
    } else {
        "{elapsed_precise} {pos} tokens · {per_sec}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn print_summary(summary: &Summary, total: u64) {
    eprintln!("{total} tokens:");
    eprintln!("  {:<24}{:>10}", "valid", summary.valid);
    for (code, count) in &summary.invalid {
        eprintln!("  {code:<24}{count:>10}");
    }
}
