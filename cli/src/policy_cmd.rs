//! `qrpass policy sign|show` (signed checkpoint policies, `VN1P:`) and
//! `qrpass publish` (the folder a province serves, spec/TRUST.md §9.8).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use qrpass::checkpoint::{parse_scope, Checkpoint, PolicyDocument, PublishIndex, SignedPolicy};
use qrpass::trust::ListInfo;
use qrpass::{Policy, SignedRevocation};

use crate::error::{io_error, CliError};
use crate::io::{
    read_bytes, read_input, read_private_key, read_public_key, time_arg, write_file, CmdResult,
};
use crate::trust_cmd::{days, vn};

/// `qrpass policy` subcommands.
#[derive(Subcommand, Debug)]
pub enum PolicyCommand {
    /// Sign a policy file (JSON or TOML) as a VN1P: policy with id, scope and validity window.
    Sign {
        /// The policy rules (JSON or TOML, spec/TRUST.md §5).
        rules: PathBuf,
        /// The signing key (PKCS#8 PEM): the root, or a policy signer the trust list names.
        #[arg(long)]
        key: PathBuf,
        /// The policy id (a-z 0-9 - _ .); a newer sequence under it replaces the older.
        #[arg(long)]
        id: String,
        /// Title for people (default: the rules' name, or the id).
        #[arg(long)]
        title: Option<String>,
        /// Sequence; must be above the one checkpoints hold under this id.
        #[arg(long)]
        sequence: u64,
        /// In force from (RFC 3339); default the issue time.
        #[arg(long)]
        valid_from: Option<String>,
        /// In force until (RFC 3339); default no end.
        #[arg(long)]
        valid_until: Option<String>,
        /// Scope: an area code (79, 79.760, 79.760.26734) or `all` (default).
        #[arg(long, default_value = "all")]
        scope: String,
        /// Issue time (RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
        /// Days until the next policy is due.
        #[arg(long, default_value_t = 7)]
        valid_days: u32,
        /// Output file: binary, or VN1P: text with --text.
        #[arg(long)]
        out: PathBuf,
        /// Write VN1P: + Base45 text instead of binary.
        #[arg(long)]
        text: bool,
    },
    /// Show a signed policy; verified with --signer (any of the keys given).
    Show {
        /// A signed policy (binary or VN1P: text).
        policy: PathBuf,
        /// Public keys (SPKI PEM) that may have signed it.
        #[arg(long)]
        signer: Vec<PathBuf>,
    },
}

/// `qrpass publish` arguments.
#[derive(Args, Debug)]
pub struct PublishArgs {
    /// The output folder (created; existing files of the same names are replaced).
    #[arg(long)]
    pub out: PathBuf,
    /// The root private key (PKCS#8 PEM): verifies every file and signs the index.
    #[arg(long)]
    pub root: PathBuf,
    /// The signed trust list.
    #[arg(long)]
    pub trust: PathBuf,
    /// The full signed revocation list.
    #[arg(long)]
    pub revocation: Option<PathBuf>,
    /// Signed revocation deltas to the current list.
    #[arg(long)]
    pub delta: Vec<PathBuf>,
    /// Signed policies.
    #[arg(long)]
    pub policy: Vec<PathBuf>,
    /// A signed DSC list (`qrpass dsc-list sign`), published as dsc.vn1d.
    #[arg(long)]
    pub dsc_list: Option<PathBuf>,
    /// The index's sequence (raise it with every publication).
    #[arg(long)]
    pub sequence: u64,
    /// Publication time (RFC 3339); default now.
    #[arg(long)]
    pub at: Option<String>,
    /// Hours until the next publication is due.
    #[arg(long, default_value_t = 24)]
    pub next_hours: u32,
}

/// Runs a `qrpass policy` subcommand.
pub fn run(command: &PolicyCommand) -> CmdResult {
    match command {
        PolicyCommand::Sign {
            rules,
            key,
            id,
            title,
            sequence,
            valid_from,
            valid_until,
            scope,
            at,
            valid_days,
            out,
            text,
        } => {
            let policy = Policy::parse(&read_input(&rules.to_string_lossy())?)?;
            let issued_at = time_arg(at.as_deref())?;
            let doc = PolicyDocument {
                info: ListInfo {
                    sequence: *sequence,
                    issued_at,
                    next_update: issued_at.add_seconds(days(*valid_days)),
                },
                id: id.clone(),
                title: title.clone().or(policy.name.clone()).unwrap_or(id.clone()),
                valid_from: valid_from
                    .as_deref()
                    .map_or(Ok(issued_at), |t| time_arg(Some(t)))?,
                valid_until: valid_until
                    .as_deref()
                    .map(|t| time_arg(Some(t)))
                    .transpose()?,
                scope: parse_scope(scope)?,
                policy,
            };
            let signed = doc.sign(&read_private_key(key)?)?;
            let bytes = if *text {
                (SignedPolicy::text_form(&signed) + "\n").into_bytes()
            } else {
                signed
            };
            write_file(out, bytes)?;
            println!(
                "signed policy `{id}` {sequence} ({}) to {}",
                scope_text(&doc),
                out.display()
            );
            Ok(())
        }
        PolicyCommand::Show { policy, signer } => show(policy, signer),
    }
}

fn scope_text(doc: &PolicyDocument) -> String {
    doc.scope
        .as_ref()
        .map_or("every checkpoint".into(), |s| format!("scope {s}"))
}

fn show(path: &Path, signers: &[PathBuf]) -> CmdResult {
    let bytes = read_bytes(path)?;
    let (doc, verified) = if signers.is_empty() {
        (
            SignedPolicy::inspect(&bytes)?,
            "NOT VERIFIED (give --signer)",
        )
    } else {
        let keys = signers
            .iter()
            .map(|p| read_public_key(p))
            .collect::<Result<Vec<_>, _>>()?;
        (
            SignedPolicy::verify(&bytes, &keys)?.document().clone(),
            "signature verified",
        )
    };
    println!(
        "policy `{}` sequence {}: {} — {verified}",
        doc.id, doc.info.sequence, doc.title
    );
    println!(
        "  {}; in force from {}{}",
        scope_text(&doc),
        vn(doc.valid_from),
        doc.valid_until
            .map_or(String::new(), |u| format!(" until {}", vn(u)))
    );
    println!(
        "  issued {}, next update {}",
        vn(doc.info.issued_at),
        vn(doc.info.next_update)
    );
    println!("{}", doc.policy.to_json());
    Ok(())
}

/// `qrpass publish`: verifies each file as a checkpoint would, writes them as
/// text under fixed names, and a signed index of their hashes and sequences.
pub fn publish(args: &PublishArgs) -> CmdResult {
    let root = read_private_key(&args.root)?;
    let mut cp = Checkpoint::new(root.public_key(), "publish", None);
    let mut files: Vec<(String, String)> = Vec::new();
    let trust = read_bytes(&args.trust)?;
    cp.offer(&trust)
        .map_err(|e| CliError::from(e).hint("--trust must be a trust list signed by --root"))?;
    let list = cp
        .anchor()
        .trust_list()
        .map(|t| t.to_text())
        .unwrap_or_default();
    files.push(("trust.vn1t".into(), list));
    if let Some(path) = &args.revocation {
        let bytes = read_bytes(path)?;
        cp.offer(&bytes)?;
        files.push(("revocation.vn1r".into(), revocation_text(&bytes)));
    }
    for path in &args.delta {
        let bytes = read_bytes(path)?;
        let signed = SignedRevocation::verify(&bytes, &cp.anchor().revocation_signers())?;
        let name = format!("revocation-delta-{}.vn1r", signed.info().sequence);
        files.push((name, revocation_text(&bytes)));
    }
    for path in &args.policy {
        let bytes = read_bytes(path)?;
        let offered = cp.offer(&bytes)?;
        let signed = SignedPolicy::verify(&bytes, &cp.policy_signers())?;
        let id = offered.id.unwrap_or_default();
        files.push((
            format!("policy-{id}.vn1p"),
            SignedPolicy::text_form(signed.envelope()),
        ));
    }
    if let Some(path) = &args.dsc_list {
        let bytes = read_bytes(path)?;
        cp.offer(&bytes).map_err(|e| {
            CliError::from(e)
                .hint("--dsc-list must be a DSC list signed by --root (qrpass dsc-list sign)")
        })?;
        let text = cp.dsc_list().map(|d| d.to_text()).unwrap_or_default();
        files.push(("dsc.vn1d".into(), text));
    }
    std::fs::create_dir_all(&args.out).map_err(|e| io_error(&args.out, e))?;
    let mut entries = Vec::new();
    for (name, text) in &files {
        let body = format!("{text}\n");
        entries.push(PublishIndex::entry(name, body.as_bytes())?);
        write_file(&args.out.join(name), body)?;
    }
    let at = time_arg(args.at.as_deref())?;
    let index = PublishIndex {
        info: ListInfo {
            sequence: args.sequence,
            issued_at: at,
            next_update: at.add_seconds(i64::from(args.next_hours) * 3600),
        },
        entries,
    };
    let signed = index.sign(&root)?;
    write_file(
        &args.out.join("index.vn1i"),
        PublishIndex::text_form(&signed) + "\n",
    )?;
    println!(
        "published {} files and index.vn1i (sequence {}) to {}",
        files.len(),
        args.sequence,
        args.out.display()
    );
    Ok(())
}

/// The `VN1R:` text of a verified revocation file given as binary or text.
fn revocation_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes).map(str::trim) {
        Ok(t) if t.starts_with("VN1R:") => t.to_string(),
        _ => SignedRevocation::text_form(bytes),
    }
}
