//! `cargo xtask capabilities [--check]`: spec/capabilities.toml (what each
//! language can do) rendered into README.md between the marker comments and
//! into spec/capabilities.json (what the bindings' tests read); the Rust cells
//! are checked here against the crates' sources.

use std::fs;
use std::path::Path;

use serde_json::{json, Map, Value as Json};
use toml::{Table, Value};

/// The columns, in order: key in the table, heading in the README.
pub const COLUMNS: [(&str, &str); 6] = [
    ("rust", "Rust"),
    ("cli", "CLI"),
    ("python", "Python"),
    ("kotlin", "Kotlin"),
    ("swift", "Swift"),
    ("js", "JS/WASM"),
];
const START: &str = "<!-- capabilities:start (generated from spec/capabilities.toml by `cargo xtask capabilities`) -->";
const END: &str = "<!-- capabilities:end -->";
/// Where each crate named in a Rust cell keeps its sources.
const CRATES: [(&str, &str); 3] = [
    ("qrpass", "core/src"),
    ("qrpass_ledger", "ledger/src"),
    ("qrpass_issuance", "issuance/src"),
];

/// One cell: the items that provide the capability, or why there are none.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Function, method or command names.
    Items(Vec<String>),
    /// Why this language lacks the capability.
    Absent(String),
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Capability {
    /// Stable id, e.g. `keys.generate`.
    pub id: String,
    /// Heading shown in the README.
    pub title: String,
    /// One cell per entry of [`COLUMNS`].
    pub cells: Vec<Cell>,
}

/// Parses and validates the table: every row has an unused id, a title and all
/// six cells, each a non-empty list of names or `{ absent = "why" }`.
pub fn parse(text: &str) -> Result<Vec<Capability>, String> {
    let table: Table = text
        .parse()
        .map_err(|e| format!("spec/capabilities.toml: {e}"))?;
    let rows = table
        .get("capability")
        .and_then(Value::as_array)
        .ok_or("spec/capabilities.toml: no [[capability]] rows")?;
    let mut out: Vec<Capability> = Vec::new();
    for row in rows {
        let row = row.as_table().ok_or("a [[capability]] is not a table")?;
        let text_of = |k: &str| row.get(k).and_then(Value::as_str).map(str::to_string);
        let id = text_of("id").ok_or("a capability without an id")?;
        let title = text_of("title").ok_or(format!("{id}: no title"))?;
        if out.iter().any(|c| c.id == id) {
            return Err(format!("{id}: id used twice"));
        }
        if let Some(k) = row.keys().find(|k| {
            !["id", "title"].contains(&k.as_str()) && !COLUMNS.iter().any(|(c, _)| c == k)
        }) {
            return Err(format!("{id}: unknown column {k:?}"));
        }
        let cells = COLUMNS
            .iter()
            .map(|(col, _)| cell(row.get(*col)).map_err(|e| format!("{id}.{col}: {e}")))
            .collect::<Result<_, _>>()?;
        out.push(Capability { id, title, cells });
    }
    Ok(out)
}

fn cell(value: Option<&Value>) -> Result<Cell, String> {
    match value {
        None => Err("missing (name the items, or give { absent = \"why\" })".into()),
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .map(|i| match i.as_str() {
                Some(s) if !s.trim().is_empty() => Ok(s.to_string()),
                _ => Err("items must be non-empty strings".to_string()),
            })
            .collect::<Result<_, _>>()
            .map(Cell::Items),
        Some(Value::Table(t)) if t.len() == 1 => match t.get("absent").and_then(Value::as_str) {
            Some(why) if !why.trim().is_empty() => Ok(Cell::Absent(why.to_string())),
            _ => Err("a table cell is { absent = \"why\" }".into()),
        },
        Some(_) => Err("a non-empty list of names, or { absent = \"why\" }".into()),
    }
}

/// The README section: a Markdown table, absent cells as "—" with the reason.
pub fn markdown(rows: &[Capability]) -> String {
    let mut s = String::from("| Capability |");
    for (_, heading) in COLUMNS {
        s.push_str(&format!(" {heading} |"));
    }
    s.push_str("\n|---|");
    s.push_str(&"---|".repeat(COLUMNS.len()));
    s.push('\n');
    for row in rows {
        s.push_str(&format!("| {} |", row.title));
        for c in &row.cells {
            match c {
                Cell::Items(items) => {
                    let names: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
                    s.push_str(&format!(" {} |", names.join("<br>")));
                }
                Cell::Absent(why) => s.push_str(&format!(" — *{}* |", why.replace('|', "\\|"))),
            }
        }
        s.push('\n');
    }
    s
}

/// spec/capabilities.json: `{"columns": [...], "capabilities": [{id, title, <column>: [names] | {"absent": why}}]}`.
pub fn to_json(rows: &[Capability]) -> String {
    let caps: Vec<Json> = rows
        .iter()
        .map(|r| {
            let mut m = Map::new();
            m.insert("id".into(), json!(r.id));
            m.insert("title".into(), json!(r.title));
            for ((col, _), c) in COLUMNS.iter().zip(&r.cells) {
                let v = match c {
                    Cell::Items(items) => json!(items),
                    Cell::Absent(why) => json!({ "absent": why }),
                };
                m.insert((*col).into(), v);
            }
            Json::Object(m)
        })
        .collect();
    let cols: Vec<&str> = COLUMNS.iter().map(|(c, _)| *c).collect();
    let doc = json!({"generated_from": "spec/capabilities.toml (cargo xtask capabilities)", "columns": cols, "capabilities": caps});
    crate::json::pretty(&doc)
}

/// The Rust items that no `pub` declaration in their crate's sources names.
pub fn missing_rust(root: &Path, rows: &[Capability]) -> Vec<String> {
    let mut missing = Vec::new();
    for row in rows {
        let Cell::Items(items) = &row.cells[0] else {
            continue;
        };
        for item in items {
            let mut parts = item.split("::");
            let krate = parts.next().unwrap_or_default();
            let Some((_, dir)) = CRATES.iter().find(|(k, _)| *k == krate) else {
                missing.push(format!("{}: {item} (unknown crate)", row.id));
                continue;
            };
            let source = sources(&root.join(dir));
            if parts.any(|name| !declares(&source, name)) {
                missing.push(format!("{}: {item}", row.id));
            }
        }
    }
    missing
}

fn sources(dir: &Path) -> String {
    let mut text = String::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                text.push_str(&fs::read_to_string(&p).unwrap_or_default());
                text.push('\n');
            }
        }
    }
    text
}

/// Whether `source` has a `pub` declaration or re-export of `name`.
fn declares(source: &str, name: &str) -> bool {
    let word = |line: &str, after: &str| {
        line.split(after).nth(1).is_some_and(|rest| {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end] == name
        })
    };
    source.lines().map(str::trim_start).any(|line| {
        [
            "pub fn ",
            "pub struct ",
            "pub enum ",
            "pub trait ",
            "pub mod ",
            "pub type ",
            "pub const ",
        ]
        .iter()
        .any(|k| line.starts_with(k) && word(line, k))
            || (line.starts_with("pub use ")
                && line
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|w| w == name))
    })
}

/// Renders (or with `check`, compares) README.md's section and spec/capabilities.json.
pub fn run(root: &Path, check: bool) -> Result<(), String> {
    let text = fs::read_to_string(root.join("spec/capabilities.toml"))
        .map_err(|e| format!("spec/capabilities.toml: {e}"))?;
    let rows = parse(&text)?;
    let missing = missing_rust(root, &rows);
    if !missing.is_empty() {
        return Err(format!(
            "Rust items in spec/capabilities.toml not found as pub items:\n  {}",
            missing.join("\n  ")
        ));
    }
    let readme_path = root.join("README.md");
    let readme = fs::read_to_string(&readme_path).map_err(|e| format!("README.md: {e}"))?;
    let (Some(a), Some(b)) = (readme.find(START), readme.find(END)) else {
        return Err(format!("README.md lacks the markers {START} … {END}"));
    };
    if b < a {
        return Err("README.md: capabilities end marker before its start".into());
    }
    let new_readme = format!(
        "{}{START}\n{}{}",
        &readme[..a],
        markdown(&rows),
        &readme[b..]
    );
    let json_path = root.join("spec/capabilities.json");
    let json = to_json(&rows);
    let outputs = [(readme_path, new_readme), (json_path, json)];
    if check {
        let stale: Vec<String> = outputs
            .iter()
            .filter(|(p, s)| fs::read_to_string(p).ok().as_deref() != Some(s.as_str()))
            .map(|(p, _)| p.display().to_string())
            .collect();
        if !stale.is_empty() {
            return Err(format!(
                "stale (run `cargo xtask capabilities`): {}",
                stale.join(", ")
            ));
        }
        println!(
            "capabilities: README.md and spec/capabilities.json are up to date ({} rows)",
            rows.len()
        );
    } else {
        for (p, s) in &outputs {
            fs::write(p, s).map_err(|e| format!("{}: {e}", p.display()))?;
        }
        println!(
            "capabilities: wrote README.md's table and spec/capabilities.json ({} rows)",
            rows.len()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROW: &str = "[[capability]]\nid = \"a\"\ntitle = \"A\"\nrust = [\"qrpass::Verifier::verify\"]\ncli = [\"qrpass verify\"]\npython = [\"Verifier.verify\"]\nkotlin = [\"Verifier.verify\"]\nswift = [\"Verifier.verify\"]\njs = { absent = \"why\" }\n";

    #[test]
    fn parses_and_renders_a_row() {
        let rows = parse(ROW).unwrap();
        assert_eq!(rows[0].cells[5], Cell::Absent("why".into()));
        assert!(markdown(&rows).contains("| A | `qrpass::Verifier::verify` | `qrpass verify` |"));
        assert!(to_json(&rows).contains("\"absent\": \"why\""));
    }

    #[test]
    fn refuses_bad_tables() {
        assert!(parse(&ROW.replace("js = { absent = \"why\" }\n", ""))
            .unwrap_err()
            .contains("a.js: missing"));
        assert!(parse(&ROW.replace("[\"qrpass verify\"]", "[]")).is_err());
        assert!(parse(&ROW.replace("absent = \"why\"", "absent = \"\"")).is_err());
        assert!(parse(&ROW.replace("title", "tilte")).is_err());
        assert!(parse(&format!("{ROW}{ROW}"))
            .unwrap_err()
            .contains("used twice"));
    }

    #[test]
    fn finds_rust_items_and_misses_bogus_ones() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let rows = parse(ROW).unwrap();
        assert!(missing_rust(root, &rows).is_empty());
        let bogus = parse(&ROW.replace("Verifier::verify", "Verifier::verify_bogus")).unwrap();
        assert_eq!(
            missing_rust(root, &bogus),
            vec!["a: qrpass::Verifier::verify_bogus"]
        );
    }
}
