//! `cargo xtask vectors`: every file of spec/vectors built in memory, then
//! written, or compared with the directory (`--check`).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use qrpass::{Error, ErrorCode, ErrorFamily};
use serde_json::{json, Value as Json};

use crate::json::{pretty, FORMAT};
use crate::vectors::{self, render};

/// Builds every file of spec/vectors in memory: name → contents.
pub fn files() -> Result<BTreeMap<String, String>, Error> {
    let mut files = BTreeMap::new();
    let mut rows = Vec::new();
    let mut names = Vec::new();
    for v in vectors::build()? {
        let (file, row) = render::render_vector(&v)?;
        files.insert(format!("{}.json", v.name), pretty(&file));
        rows.push(row);
        names.push(v.name);
    }
    let lists = crate::trust::generate()?;
    files.extend(lists.files);
    let mut cards = Vec::new();
    let mut readme = lists.readme;
    readme.push_str("\n## ID card vectors\n\nListed in index.json under `id_card_vectors`: a card's QR text and what parsing gives, the card or an error code (spec/SPEC.md §13).\n\n| vector | expected |\n|---|---|\n");
    for (name, file) in crate::idcard::generate()? {
        let expected = file["expected"]["error"]
            .as_str()
            .unwrap_or("parses")
            .to_string();
        readme.push_str(&format!("| {name} | {expected} |\n"));
        files.insert(format!("{name}.json"), pretty(&file));
        cards.push(name);
    }
    let families: serde_json::Map<String, Json> = ErrorFamily::ALL
        .iter()
        .map(|f| (f.as_str().to_string(), json!(f.exception())))
        .collect();
    let code_families: serde_json::Map<String, Json> = ErrorCode::ALL
        .iter()
        .map(|c| (c.as_str().to_string(), json!(c.family().as_str())))
        .collect();
    let index = json!({"format": FORMAT, "error_codes": ErrorCode::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "families": families, "code_families": code_families, "vectors": names,
        "trust_vectors": lists.trust, "policy_vectors": lists.policy, "id_card_vectors": cards, "checkpoint_vectors": lists.checkpoint});
    files.insert("index.json".into(), pretty(&index));
    files.insert("README.md".into(), render::size_table(&rows) + &readme);
    Ok(files)
}

/// The names in `out` that differ from `files`, or that `files` lacks.
fn stale(out: &Path, files: &BTreeMap<String, String>) -> Vec<String> {
    let mut stale = Vec::new();
    for (name, contents) in files {
        if fs::read_to_string(out.join(name)).ok().as_deref() != Some(contents.as_str()) {
            stale.push(name.clone());
        }
    }
    if let Ok(dir) = fs::read_dir(out) {
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !files.contains_key(&name) {
                stale.push(format!("{name} (not generated)"));
            }
        }
    }
    stale
}

/// The message of a failed task, as the CLI shows an error: `error: … [code]`, then the hint.
fn failure(error: &Error, hint: &str) -> String {
    format!(
        "error: {} [{}]\nhint: {hint}",
        error.message(),
        error.code()
    )
}

fn io_error(path: &Path, e: std::io::Error) -> String {
    let error = Error::new(ErrorCode::Io, format!("{}: {e}", path.display()));
    failure(&error, "is the directory writable?")
}

/// `cargo xtask vectors`: writes the files to `out`, or with `check` fails
/// when writing would change any of them; an error is the message to print.
pub fn run(out: &Path, check: bool) -> Result<(), String> {
    let files =
        files().map_err(|e| failure(&e, "the generator and the core disagree: fix one of them"))?;
    if check {
        let stale = stale(out, &files);
        if !stale.is_empty() {
            let error = Error::new(
                ErrorCode::Io,
                format!("{} is out of date: {}", out.display(), stale.join(", ")),
            );
            return Err(failure(
                &error,
                "run `cargo xtask vectors` and commit the result",
            ));
        }
        println!("{} files in {} are up to date", files.len(), out.display());
        return Ok(());
    }
    fs::create_dir_all(out).map_err(|e| io_error(out, e))?;
    for (name, contents) in &files {
        let path = out.join(name);
        fs::write(&path, contents).map_err(|e| io_error(&path, e))?;
    }
    println!("wrote {} files to {}", files.len(), out.display());
    Ok(())
}
