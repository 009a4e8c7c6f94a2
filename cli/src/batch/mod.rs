//! `qrpass issue --batch LIST --out DIR`: bulk issuing from a province's list.
//!
//! Reads the list (CSV, JSON Lines or Excel; see [`input`] and [`columns`]),
//! validates and signs every row on all cores ([`qrpass::batch`]), writes one
//! QR image per pass into `DIR/qr/`, records every row in `DIR/passes.csv`
//! ([`ledger`]) and lays the passes out on printable A4 sheets in
//! `DIR/passes.pdf` ([`pdf`]). A second run with the same list and folder skips
//! the rows already issued; token ids are derived from issuer and pass number
//! ([`qrpass::batch::derived_cti`]), so no row ever gets a second one.

pub mod columns;
pub mod input;
pub mod ledger;
pub mod pdf;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use qrpass::batch::{self, pass_number, CtiRule, Prepared};
use qrpass::keys::hex_encode;
use qrpass::qr::{self, Ecc, RenderOptions};
use qrpass::{inspect, Error, ErrorCode, Issuer, Pass, PassKind, PrivateKey};
use rayon::prelude::*;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::cli::EccArg;
use crate::commands::{time_arg, CmdResult};
use crate::error::{io_error, CliError};
use ledger::Record;

/// Rows signed, drawn and recorded per step (a run cut short loses at most one step).
const CHUNK: usize = 4096;
/// Failed or changed rows listed on the terminal; the rest are in passes.csv.
const SHOWN: usize = 20;

/// The image format of the QR files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImageFormat {
    /// PNG, 8 pixels per module.
    Png,
    /// SVG.
    Svg,
}

impl ImageFormat {
    fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
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
    #[arg(long, value_enum, ignore_case = true, default_value_t = ImageFormat::Png)]
    pub format: ImageFormat,
    /// With --batch: QR error-correction level.
    #[arg(long, value_enum, ignore_case = true, default_value_t = EccArg::M)]
    pub ecc: EccArg,
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

/// One row's state as the run goes.
struct RowState {
    record: Record,
    /// The validated pass, for rows that have a token.
    pass: Option<Pass>,
    /// The QR modules, when this run drew the code (for the PDF).
    qr: Option<pdf::QrModules>,
}

/// Runs `qrpass issue --batch`. Exits with status 1 when some rows failed.
pub fn run(key: &Path, issuer_id: &str, iat: Option<&str>, args: &BatchArgs) -> CmdResult {
    let started = Instant::now();
    let (Some(list), Some(out)) = (&args.batch, &args.out) else {
        return Err(Error::new(ErrorCode::Io, "--batch needs --out DIR").into());
    };
    let pem = fs::read_to_string(key).map_err(|e| io_error(key, e))?;
    let issuer = Issuer::new(PrivateKey::from_pem(&pem)?, issuer_id)?;
    let iat = time_arg(iat)?;
    let kind = args
        .kind
        .as_deref()
        .map(str::parse::<PassKind>)
        .transpose()?;
    let sheet = input::read(list, kind, args.sheet.as_deref())?;
    if !sheet.ignored_columns.is_empty() {
        eprintln!(
            "note: columns not used: {}",
            sheet.ignored_columns.join(", ")
        );
    }
    let qr_dir = out.join("qr");
    fs::create_dir_all(&qr_dir).map_err(|e| io_error(&qr_dir, e))?;
    let ledger_path = out.join(ledger::FILE);
    let previous = ledger::read(&ledger_path)?;
    // A folder belongs to one issuer (its ctis derive from the issuer id): check the first token.
    if let Some(other) = previous
        .iter()
        .find_map(|r| inspect(&r.token).ok())
        .map(|t| t.issuer)
        .filter(|iss| iss != issuer.issuer_id())
    {
        return Err(CliError::from(Error::new(
            ErrorCode::InvalidIssuer,
            format!(
                "{} holds passes of issuer {other}, not {}",
                ledger_path.display(),
                issuer.issuer_id()
            ),
        ))
        .hint("use another --out folder for another issuer"));
    }
    // Passes issued before, by token id: a row's derived cti finds its earlier token.
    let mut done: HashMap<String, Record> = HashMap::new();
    for r in previous.into_iter().filter(Record::is_issued) {
        done.entry(r.cti.clone()).or_insert(r);
    }

    // Parse failures are final; the rest are validated (in parallel) next.
    let mut states: Vec<RowState> = Vec::with_capacity(sheet.rows.len());
    let mut items = Vec::new();
    let mut item_index = Vec::new();
    for source in sheet.rows {
        let number = source.number.unwrap_or_default();
        match source.pass {
            Ok(pass) => {
                item_index.push(states.len());
                items.push((source.row, pass));
                states.push(RowState {
                    record: Record {
                        row: source.row,
                        number,
                        ..Record::default()
                    },
                    pass: None,
                    qr: None,
                });
            }
            Err(e) => states.push(RowState {
                record: failed(source.row, number, &e),
                pass: None,
                qr: None,
            }),
        }
    }
    let prepared = batch::prepare(issuer.issuer_id(), &items, CtiRule::Derived);
    drop(items);

    let mut to_sign: Vec<(usize, Prepared)> = Vec::new();
    let mut skipped: Vec<(usize, [u8; 8])> = Vec::new();
    let mut changed: Vec<String> = Vec::new();
    let mut ctis_in_list = HashSet::new();
    for (result, &i) in prepared.into_iter().zip(&item_index) {
        let state = &mut states[i];
        let p = match result.outcome {
            Ok(p) => p,
            Err(e) => {
                state.record = failed(result.row, std::mem::take(&mut state.record.number), &e);
                continue;
            }
        };
        let cti = hex_encode(&p.cti);
        ctis_in_list.insert(cti.clone());
        let earlier = done
            .get(&cti)
            .and_then(|r| inspect(&r.token).ok().map(|t| (r, t)));
        match earlier {
            Some((record, token)) => {
                if token.unverified_pass() != &p.pass {
                    changed.push(format!(
                        "row {} ({}): differs from the pass issued before; kept the issued one (cti {})",
                        result.row, p.key, record.cti
                    ));
                }
                state.record = Record {
                    row: result.row,
                    number: p.key.clone(),
                    ..record.clone()
                };
                state.pass = Some(p.pass);
                skipped.push((i, p.cti));
            }
            None => to_sign.push((i, p)),
        }
    }

    let format = args.format;
    let render = RenderOptions {
        ecc: ecc(args.ecc),
        module_px: args.module_px,
        ..RenderOptions::default()
    };
    let mut journal = ledger::Journal::open(&ledger_path)?;
    let progress = progress_bar(to_sign.len());
    let mut issued_now = 0usize;
    for chunk in to_sign.chunks(CHUNK) {
        let prepared: Vec<Prepared> = chunk.iter().map(|(_, p)| p.clone()).collect();
        let signed = batch::sign(&issuer, &prepared, iat);
        let results: Vec<RowState> = chunk
            .par_iter()
            .zip(signed)
            .map(|((i, p), signed)| {
                let row = states[*i].record.row;
                let outcome = signed.and_then(|s| {
                    let stem = file_stem(pass_number(&s.pass), &s.cti);
                    let qr = write_qr(&qr_dir, &stem, &s.token, format, &render)?;
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
            .collect();
        let records: Vec<Record> = results.iter().map(|r| r.record.clone()).collect();
        journal.append(&records)?;
        for ((i, _), state) in chunk.iter().zip(results) {
            issued_now += usize::from(state.record.is_issued());
            states[*i] = state;
        }
        progress.inc(chunk.len() as u64);
    }
    progress.finish_and_clear();
    drop(journal);

    // Rows issued before: draw their QR file again if it is missing (or in another format).
    let redraw: Vec<(usize, Result<pdf::QrModules, Error>)> = skipped
        .par_iter()
        .filter_map(|(i, cti)| {
            let state = &states[*i];
            let stem = file_stem(state.pass.as_ref().and_then(pass_number), cti);
            let path = qr_dir.join(format!("{stem}.{}", format.extension()));
            (!path.exists()).then(|| {
                (
                    *i,
                    write_qr(&qr_dir, &stem, &state.record.token, format, &render),
                )
            })
        })
        .collect();
    for (i, result) in redraw {
        match result {
            Ok(qr) => states[i].qr = Some(qr),
            Err(e) => eprintln!(
                "warning: row {}: could not draw its QR code again: {e}",
                states[i].record.row
            ),
        }
    }

    // passes.csv in list order, then passes issued by earlier runs that this list no longer has.
    let mut final_records: Vec<Record> = states.iter().map(|s| s.record.clone()).collect();
    let mut kept: Vec<Record> = done
        .into_values()
        .filter(|r| !ctis_in_list.contains(&r.cti) && inspect(&r.token).is_ok())
        .collect();
    kept.sort_by_key(|r| r.row);
    let kept_count = kept.len();
    final_records.extend(kept);
    ledger::write_all(&ledger_path, &final_records)?;

    let pdf_note = if args.no_pdf {
        String::new()
    } else {
        write_pdf(out, &states, issuer.issuer_id(), render.ecc)?
    };

    // Summary.
    let total = states.len();
    let already = skipped.len();
    let failures: Vec<&Record> = states
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
            ledger_path.display()
        );
    }
    for line in changed.iter().take(SHOWN) {
        eprintln!("warning: {line}");
    }
    if changed.len() > SHOWN {
        eprintln!("warning: … and {} more changed rows", changed.len() - SHOWN);
    }
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &failures {
        *by_code.entry(r.error_code.as_str()).or_default() += 1;
    }
    println!("{total} rows in {}:", list.display());
    println!("  {:<24}{issued_now:>9}", "issued");
    println!("  {:<24}{already:>9}", "already_issued");
    for (code, n) in &by_code {
        println!("  {code:<24}{n:>9}");
    }
    if kept_count > 0 {
        println!(
            "  ({kept_count} passes from earlier runs are not in this list; kept in passes.csv)"
        );
    }
    let images = issued_now + already;
    println!(
        "wrote {}, {images} {} files in {}{pdf_note} in {:.1} s",
        ledger_path.display(),
        format.extension().to_uppercase(),
        qr_dir.display(),
        started.elapsed().as_secs_f64()
    );
    if !failures.is_empty() {
        println!(
            "{} failed: fix {} in the list and run the same command again",
            plural(failures.len(), "row"),
            if failures.len() == 1 { "it" } else { "them" }
        );
        std::process::exit(1);
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn failed(row: usize, number: String, e: &Error) -> Record {
    Record {
        row,
        number,
        error_code: e.code().as_str().to_string(),
        error_message: e.message().to_string(),
        ..Record::default()
    }
}

fn ecc(arg: EccArg) -> Ecc {
    match arg {
        EccArg::L => Ecc::L,
        EccArg::M => Ecc::M,
        EccArg::Q => Ecc::Q,
        EccArg::H => Ecc::H,
    }
}

fn progress_bar(len: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{elapsed_precise} [{bar:32}] {pos}/{len} passes · {per_sec} · ETA {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// The file name (without extension) of a pass's QR image: the pass number with
/// diacritics removed and anything but `A-Z a-z 0-9 - _ .` replaced by `_`. When
/// that changes the number (or there is none), the token id in hex is appended
/// (or used alone), so two passes never share a file.
pub fn file_stem(number: Option<&str>, cti: &[u8; 8]) -> String {
    let Some(number) = number else {
        return hex_encode(cti);
    };
    let mut stem: String = number
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') => c,
            _ => '_',
        })
        .take(80)
        .collect();
    let dots = stem.len() - stem.trim_start_matches('.').len();
    stem.replace_range(..dots, &"_".repeat(dots));
    if stem != number {
        stem.push('-');
        stem.push_str(&hex_encode(cti));
    }
    stem
}

/// Writes the QR image of `token` as DIR/STEM.png (or .svg); returns its modules.
fn write_qr(
    dir: &Path,
    stem: &str,
    token: &str,
    format: ImageFormat,
    options: &RenderOptions,
) -> Result<pdf::QrModules, Error> {
    let image = qr::encode(token, options)?;
    let bytes = match format {
        ImageFormat::Png => image.to_png()?,
        ImageFormat::Svg => image.to_svg().into_bytes(),
    };
    let path = dir.join(format!("{stem}.{}", format.extension()));
    fs::write(&path, bytes)
        .map_err(|e| Error::new(ErrorCode::Io, format!("{}: {e}", path.display())))?;
    Ok(pdf::QrModules::of(&image))
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
                None => pdf::QrModules::encode(&s.record.token, ecc).ok()?,
            };
            Some(pdf::card(s.pass.as_ref()?, issuer_id, qr))
        })
        .collect();
    let bytes = pdf::write(&cards, &format!("qrpass — {issuer_id}"), &stamp)?;
    let tmp = out.join("passes.pdf.tmp");
    fs::write(&tmp, bytes).map_err(|e| io_error(&tmp, e))?;
    fs::rename(&tmp, &path).map_err(|e| io_error(&path, e))?;
    Ok(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_safe_and_unique() {
        let cti = [0xAB; 8];
        assert_eq!(file_stem(Some("HCM-2021-004217"), &cti), "HCM-2021-004217");
        assert_eq!(
            file_stem(Some("HN/2021/17"), &cti),
            "HN_2021_17-abababababababab"
        );
        assert_eq!(
            file_stem(Some("Đà-Nẵng 1"), &cti),
            "Da-Nang_1-abababababababab"
        );
        assert_eq!(file_stem(Some("../x"), &cti), "___x-abababababababab");
        assert_eq!(file_stem(None, &cti), "abababababababab");
    }
}
