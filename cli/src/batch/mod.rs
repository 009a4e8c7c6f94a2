//! `qrpass issue --batch LIST --out DIR`: bulk issuing from a province's list.
//!
//! The library [`qrpass_issuance`] reads the list, validates and signs every
//! row on all cores, writes one QR image per pass into `DIR/qr/` and records
//! every row in `DIR/passes.csv`; a second run with the same list and folder
//! skips the rows already issued. This module adds the command line: the
//! options, a progress bar, the summary, and the printable A4 sheets in
//! `DIR/passes.pdf` ([`pdf`]).

pub mod pdf;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use qrpass::qr::{Ecc, RenderOptions};
use qrpass::{Issuer, PassKind, PrivateKey};
use qrpass_issuance::card::card;
use qrpass_issuance::plan::RowState;
use qrpass_issuance::summary::counted;
use qrpass_issuance::{ImageFormat, Options, Outcome, QrModules};
use rayon::prelude::*;

use crate::error::{io_error, CliError};
use crate::io::{time_arg, StatusResult};

/// Failed or changed rows listed on the terminal; the rest are in passes.csv.
const SHOWN: usize = 20;

/// The image format of the QR files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// PNG, 8 pixels per module.
    Png,
    /// SVG.
    Svg,
}

impl From<FormatArg> for ImageFormat {
    fn from(arg: FormatArg) -> ImageFormat {
        match arg {
            FormatArg::Png => ImageFormat::Png,
            FormatArg::Svg => ImageFormat::Svg,
        }
    }
}

/// The options of `qrpass issue` for bulk issuing.
#[derive(Args, Debug, Clone)]
pub struct BatchArgs {
    /// Issue every row of a list (.csv, .jsonl or .xlsx) instead of one pass; see docs/bulk-issuing.md.
    #[arg(long, value_name = "FILE", requires = "out")]
    pub batch: Option<PathBuf>,
    /// Output folder of --batch: passes.csv, qr/, passes.pdf. Re-using it resumes the run.
    #[arg(long, value_name = "DIR", requires = "batch")]
    pub out: Option<PathBuf>,
    /// With --batch: the kind of every pass (CSV and Excel lists hold permits).
    #[arg(long, requires = "batch")]
    pub kind: Option<String>,
    /// With --batch: QR image format.
    #[arg(long, value_enum, ignore_case = true, default_value_t = FormatArg::Png)]
    pub format: FormatArg,
    /// With --batch: QR error-correction level.
    #[arg(long, default_value = "M")]
    pub ecc: Ecc,
    /// With --batch: PNG pixels per QR module.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub module_px: u32,
    /// With --batch: the Excel worksheet to read (default: the first).
    #[arg(long, requires = "batch")]
    pub sheet: Option<String>,
    /// With --batch: do not write the printable passes.pdf.
    #[arg(long, requires = "batch")]
    pub no_pdf: bool,
}

impl From<qrpass_issuance::Error> for CliError {
    fn from(e: qrpass_issuance::Error) -> CliError {
        let (error, hint) = e.into_parts();
        let cli = CliError::from(error);
        match hint {
            Some(hint) => cli.hint(hint),
            None => cli,
        }
    }
}

/// Runs `qrpass issue --batch`: status 0, or 1 when some rows failed.
pub fn run(key: &Path, issuer_id: &str, iat: Option<&str>, args: &BatchArgs) -> StatusResult {
    let started = Instant::now();
    let (Some(list), Some(out)) = (&args.batch, &args.out) else {
        return Err(qrpass::Error::new(qrpass::ErrorCode::Io, "--batch needs --out DIR").into());
    };
    let pem = fs::read_to_string(key).map_err(|e| io_error(key, e))?;
    let issuer = Issuer::new(PrivateKey::from_pem(&pem)?, issuer_id)?;
    let iat = time_arg(iat)?;
    let kind = args
        .kind
        .as_deref()
        .map(str::parse::<PassKind>)
        .transpose()?;
    let sheet = qrpass_issuance::read(list, kind, args.sheet.as_deref())?;
    if !sheet.ignored_columns.is_empty() {
        eprintln!(
            "note: columns not used: {}",
            sheet.ignored_columns.join(", ")
        );
    }
    let options = Options {
        format: args.format.into(),
        render: RenderOptions {
            ecc: args.ecc,
            module_px: args.module_px,
            ..RenderOptions::default()
        },
    };
    let progress = progress_bar();
    let outcome = qrpass_issuance::issue_into(&issuer, sheet, out, iat, &options, &mut |n, of| {
        progress.set_length(of as u64);
        progress.set_position(n as u64);
    });
    progress.finish_and_clear();
    let outcome = outcome?;
    for warning in &outcome.warnings {
        eprintln!("warning: {warning}");
    }
    let pdf_note = if args.no_pdf {
        String::new()
    } else {
        write_pdf(out, &outcome.rows, issuer.issuer_id(), options.render.ecc)?
    };
    report(list, &outcome, &options, &pdf_note, started);
    Ok(i32::from(outcome.summary.failures() > 0))
}

/// Prints the failed and changed rows (stderr) and the counts (stdout).
fn report(list: &Path, outcome: &Outcome, options: &Options, pdf_note: &str, started: Instant) {
    let summary = &outcome.summary;
    let failures: Vec<_> = outcome
        .rows
        .iter()
        .map(|s| &s.record)
        .filter(|r| !r.is_issued())
        .collect();
    for r in failures.iter().take(SHOWN) {
        let number = if r.number.is_empty() {
            String::new()
        } else {
            format!(" ({})", r.number)
        };
        eprintln!(
            "row {}{number}: {} [{}]",
            r.row, r.error_message, r.error_code
        );
    }
    if failures.len() > SHOWN {
        eprintln!(
            "… and {} more failed rows: see {}",
            failures.len() - SHOWN,
            outcome.ledger.display()
        );
    }
    for line in summary.changed.iter().take(SHOWN) {
        eprintln!("warning: {line}");
    }
    if summary.changed.len() > SHOWN {
        eprintln!(
            "warning: … and {} more changed rows",
            summary.changed.len() - SHOWN
        );
    }
    println!("{} rows in {}:", summary.total, list.display());
    println!("  {:<24}{:>9}", "issued", summary.issued);
    println!("  {:<24}{:>9}", "already_issued", summary.already_issued);
    for (code, n) in &summary.failed {
        println!("  {code:<24}{n:>9}");
    }
    if summary.kept > 0 {
        println!(
            "  ({} passes from earlier runs are not in this list; kept in passes.csv)",
            summary.kept
        );
    }
    for note in summary.notes() {
        println!("note: {note}");
    }
    let images = summary.issued + summary.already_issued;
    println!(
        "wrote {}, {images} {} files in {}{pdf_note} in {:.1} s",
        outcome.ledger.display(),
        options.format.extension().to_uppercase(),
        outcome.qr_dir.display(),
        started.elapsed().as_secs_f64()
    );
    if !failures.is_empty() {
        println!(
            "{} failed: fix {} in the list and run the same command again",
            counted(failures.len(), "row"),
            if failures.len() == 1 { "it" } else { "them" }
        );
    }
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{elapsed_precise} [{bar:32}] {pos}/{len} passes · {per_sec} · ETA {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Writes DIR/passes.pdf with a card for every row that has a token, in list
/// order, unless the PDF there already holds exactly these cards: its subject
/// carries a fingerprint (FNV-1a) of the tokens and the error-correction level.
fn write_pdf(
    out: &Path,
    states: &[RowState],
    issuer_id: &str,
    ecc: Ecc,
) -> Result<String, CliError> {
    let issued: Vec<&RowState> = states
        .iter()
        .filter(|s| s.record.is_issued() && s.pass.is_some())
        .collect();
    let path = out.join("passes.pdf");
    if issued.is_empty() {
        return Ok(String::new());
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in issued
        .iter()
        .flat_map(|s| s.record.token.bytes().chain([b'\n']))
        .chain(format!("{ecc:?}").into_bytes())
    {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let stamp = format!("qrpass cards {hash:016x}");
    let pages = issued.len().div_ceil(pdf::CARDS_PER_PAGE);
    let note = format!(
        ", {} ({pages} {})",
        path.display(),
        if pages == 1 { "page" } else { "pages" }
    );
    if fs::read(&path).is_ok_and(|pdf| pdf.windows(stamp.len()).any(|w| w == stamp.as_bytes())) {
        return Ok(note + " unchanged");
    }
    let cards: Vec<pdf::Card> = issued
        .par_iter()
        .filter_map(|s| {
            let qr = match &s.qr {
                Some(qr) => qr.clone(),
                None => QrModules::encode(&s.record.token, ecc).ok()?,
            };
            Some(card(s.pass.as_ref()?, issuer_id, qr))
        })
        .collect();
    let bytes = pdf::write(&cards, &format!("qrpass — {issuer_id}"), &stamp)?;
    let tmp = out.join("passes.pdf.tmp");
    fs::write(&tmp, bytes).map_err(|e| io_error(&tmp, e))?;
    fs::rename(&tmp, &path).map_err(|e| io_error(&path, e))?;
    Ok(note)
}
