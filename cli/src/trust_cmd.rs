//! `qrpass trust …`: root keys, the JSON source of a trust list edited here,
//! signing it, and showing a source or a signed list.

use std::fs;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use qrpass::time::VIETNAM_OFFSET_SECONDS;
use qrpass::{
    Error, ErrorCode, KeyStatus, Kid, PassKind, PrivateKey, SignedTrustList, Timestamp, TrustList,
    TrustedKey,
};

use crate::error::{io_error, CliError};
use crate::io::{
    first_non_space, read_bytes, read_input, read_private_key, read_public_key, time_arg,
    write_file, CmdResult,
};

/// `qrpass trust` subcommands.
#[derive(Subcommand, Debug)]
pub enum TrustCommand {
    /// Generate a root key pair (DIR/NAME.key.pem, DIR/NAME.pub.pem) for signing trust lists.
    RootKeygen {
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// File name stem.
        #[arg(long, default_value = "root")]
        name: String,
    },
    /// Create an empty trust list source (JSON) with sequence 0.
    New {
        /// The source file to create.
        source: PathBuf,
        /// Public keys (PEM) allowed to sign revocation lists instead of the root.
        #[arg(long)]
        revocation_signer: Vec<PathBuf>,
        /// Public keys (PEM) allowed to sign checkpoint policies besides the root.
        #[arg(long)]
        policy_signer: Vec<PathBuf>,
    },
    /// Add an issuer key to a trust list source.
    Add {
        /// The trust list source (JSON).
        source: PathBuf,
        /// Issuer id, e.g. VN-HN.
        #[arg(long)]
        issuer: String,
        /// The issuer's public key (SPKI PEM, from `qrpass keygen`).
        #[arg(long)]
        public_key: PathBuf,
        /// Pass kinds the key may sign (default: all).
        #[arg(long, value_delimiter = ',')]
        kinds: Vec<String>,
        /// The key may sign tokens issued from this time (RFC 3339); default a day ago.
        #[arg(long)]
        valid_from: Option<String>,
        /// ... and before this time (RFC 3339); default no end.
        #[arg(long)]
        valid_until: Option<String>,
    },
    /// Retire a key: tokens it issued before TIME stay valid until they expire.
    Retire {
        /// The trust list source (JSON).
        source: PathBuf,
        /// The key id (16 hex digits).
        #[arg(long)]
        kid: String,
        /// Retirement time (RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
    },
    /// Revoke a key (compromised): none of its tokens is accepted any more.
    Revoke {
        /// The trust list source (JSON).
        source: PathBuf,
        /// The key id (16 hex digits).
        #[arg(long)]
        kid: String,
        /// Revocation time (RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
    },
    /// Announce the next root key: verifiers will accept lists it signs.
    Rotate {
        /// The trust list source (JSON).
        source: PathBuf,
        /// The next root's public key (SPKI PEM).
        #[arg(long)]
        next_root: PathBuf,
    },
    /// Sign the source with the root key; raises its sequence number.
    Sign {
        /// The trust list source (JSON); its sequence is updated.
        source: PathBuf,
        /// The root private key (PKCS#8 PEM).
        #[arg(long)]
        root: PathBuf,
        /// Output file: the binary list, or VN1T: text with --text.
        #[arg(long)]
        out: PathBuf,
        /// Issue time (RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
        /// Days until the next list is due (verifiers report a stale list after).
        #[arg(long, default_value_t = 7)]
        valid_days: u32,
        /// Sequence number; default one more than the source's.
        #[arg(long)]
        sequence: Option<u64>,
        /// Write VN1T: + Base45 text instead of binary.
        #[arg(long)]
        text: bool,
    },
    /// Show a trust list source, or a signed list (verified with --root).
    Show {
        /// A source (JSON) or a signed list (binary or VN1T: text).
        list: PathBuf,
        /// The root public key (SPKI PEM) to verify a signed list with.
        #[arg(long)]
        root: Option<PathBuf>,
    },
}

/// Runs a `qrpass trust` subcommand.
pub fn run(command: &TrustCommand) -> CmdResult {
    match command {
        TrustCommand::RootKeygen { out, name } => root_keygen(out, name),
        TrustCommand::New {
            source,
            revocation_signer,
            policy_signer,
        } => new(source, revocation_signer, policy_signer),
        TrustCommand::Add {
            source,
            issuer,
            public_key,
            kinds,
            valid_from,
            valid_until,
        } => add(
            source,
            issuer,
            public_key,
            kinds,
            valid_from.as_deref(),
            valid_until.as_deref(),
        ),
        TrustCommand::Retire { source, kid, at } => {
            set_status(source, kid, at.as_deref(), KeyStatus::Retired)
        }
        TrustCommand::Revoke { source, kid, at } => {
            set_status(source, kid, at.as_deref(), KeyStatus::Revoked)
        }
        TrustCommand::Rotate { source, next_root } => rotate(source, next_root),
        TrustCommand::Sign {
            source,
            root,
            out,
            at,
            valid_days,
            sequence,
            text,
        } => sign(
            source,
            root,
            out,
            at.as_deref(),
            *valid_days,
            *sequence,
            *text,
        ),
        TrustCommand::Show { list, root } => show(list, root.as_deref()),
    }
}

pub(crate) fn load_source(path: &Path) -> Result<TrustList, CliError> {
    let text = read_input(&path.to_string_lossy())
        .map_err(|e| e.hint("create a trust list source with `qrpass trust new FILE`"))?;
    Ok(TrustList::from_json(&text)?)
}

pub(crate) fn save_source(path: &Path, list: &TrustList) -> CmdResult {
    write_file(path, list.to_json() + "\n")
}

pub(crate) fn days(n: u32) -> i64 {
    i64::from(n) * 86_400
}

pub(crate) fn vn(t: Timestamp) -> String {
    t.to_rfc3339_at(VIETNAM_OFFSET_SECONDS)
}

pub(crate) fn refuse_overwrite(path: &Path, what: &str) -> CmdResult {
    if path.exists() {
        return Err(CliError::from(Error::new(
            ErrorCode::Io,
            format!("{} already exists", path.display()),
        ))
        .hint(format!("remove it first; {what} never overwrites")));
    }
    Ok(())
}

pub(crate) fn root_keygen(out: &Path, name: &str) -> CmdResult {
    fs::create_dir_all(out).map_err(|e| io_error(out, e))?;
    let key_path = out.join(format!("{name}.key.pem"));
    refuse_overwrite(&key_path, "root-keygen")?;
    let key = PrivateKey::generate()?;
    write_file(&key_path, key.to_pem()?.as_bytes())?;
    let pub_path = out.join(format!("{name}.pub.pem"));
    write_file(&pub_path, key.public_key().to_pem())?;
    println!(
        "root key {}: {} (keep it offline)",
        key.public_key().kid(),
        key_path.display()
    );
    println!("public key for verifiers: {}", pub_path.display());
    Ok(())
}

pub(crate) fn new(
    source: &Path,
    revocation_signers: &[PathBuf],
    policy_signers: &[PathBuf],
) -> CmdResult {
    refuse_overwrite(source, "trust new")?;
    let now = Timestamp::now();
    let mut list = TrustList::new(now, now.add_seconds(days(7)));
    list.revocation_signers = revocation_signers
        .iter()
        .map(|p| read_public_key(p))
        .collect::<Result<_, _>>()?;
    list.policy_signers = policy_signers
        .iter()
        .map(|p| read_public_key(p))
        .collect::<Result<_, _>>()?;
    list.check()?;
    save_source(source, &list)?;
    println!(
        "trust list source {} (sequence 0, no keys)",
        source.display()
    );
    Ok(())
}

pub(crate) fn add(
    source: &Path,
    issuer: &str,
    public_key: &Path,
    kinds: &[String],
    from: Option<&str>,
    until: Option<&str>,
) -> CmdResult {
    let mut list = load_source(source)?;
    let kinds: Vec<PassKind> = if kinds.is_empty() {
        PassKind::ALL.to_vec()
    } else {
        kinds
            .iter()
            .map(|k| k.parse())
            .collect::<Result<_, Error>>()?
    };
    let from = match from {
        Some(t) => Timestamp::parse_rfc3339(t)?,
        None => Timestamp::now().add_seconds(-86_400),
    };
    let mut key = TrustedKey::new(read_public_key(public_key)?, issuer, &kinds, from);
    key.valid_until = until.map(Timestamp::parse_rfc3339).transpose()?;
    list.keys.retain(|k| k.public_key != key.public_key);
    let kid = key.kid;
    list.keys.push(key);
    list.check()?;
    save_source(source, &list)?;
    println!("added key {kid} for {issuer} ({} keys)", list.keys.len());
    Ok(())
}

pub(crate) fn set_status(
    source: &Path,
    kid: &str,
    at: Option<&str>,
    status: fn(Timestamp) -> KeyStatus,
) -> CmdResult {
    let mut list = load_source(source)?;
    let kid = Kid::from_hex(kid)?;
    let at = time_arg(at)?;
    let mut found = 0;
    for key in list.keys.iter_mut().filter(|k| k.kid == kid) {
        // A revocation is final: retiring a revoked key does not bring it back.
        if !matches!(key.status, KeyStatus::Revoked(_)) {
            key.status = status(at);
        }
        found += 1;
    }
    if found == 0 {
        return Err(CliError::from(Error::new(
            ErrorCode::UnknownKey,
            format!("no key {kid} in {}", source.display()),
        ))
        .hint("`qrpass trust show SOURCE` lists the keys"));
    }
    list.check()?;
    save_source(source, &list)?;
    println!(
        "key {kid}: {}",
        serde_json::to_string(&status(at)).unwrap_or_default()
    );
    Ok(())
}

pub(crate) fn rotate(source: &Path, next_root: &Path) -> CmdResult {
    let mut list = load_source(source)?;
    let key = read_public_key(next_root)?;
    list.next_root = Some(key);
    save_source(source, &list)?;
    println!("the next signed list announces root {}; sign with the old root first, then with the new one", key.kid());
    Ok(())
}

pub(crate) fn sign(
    source: &Path,
    root: &Path,
    out: &Path,
    at: Option<&str>,
    valid_days: u32,
    sequence: Option<u64>,
    text: bool,
) -> CmdResult {
    let mut list = load_source(source)?;
    let root = read_private_key(root)?;
    if list.next_root == Some(root.public_key()) {
        // Signing with the announced root completes the handover.
        list.next_root = None;
    }
    list.sequence = sequence.unwrap_or(list.sequence.saturating_add(1));
    list.issued_at = time_arg(at)?;
    list.next_update = list.issued_at.add_seconds(days(valid_days.max(1)));
    let bytes = list.sign(&root)?;
    if text {
        write_file(out, SignedTrustList::text_form(&bytes) + "\n")?;
    } else {
        write_file(out, &bytes)?;
    }
    save_source(source, &list)?;
    println!(
        "trust list {} signed by root {}: {} keys, {} bytes, next update {}",
        list.sequence,
        root.public_key().kid(),
        list.keys.len(),
        bytes.len(),
        vn(list.next_update)
    );
    Ok(())
}

pub(crate) fn show(path: &Path, root: Option<&Path>) -> CmdResult {
    let bytes = read_bytes(path)?;
    if first_non_space(&bytes) == Some(b'{') {
        let list = TrustList::from_json(&String::from_utf8_lossy(&bytes))?;
        println!("{}", list.to_json());
        return Ok(());
    }
    let Some(root) = root else {
        let (kid, list) = SignedTrustList::inspect(&bytes)?;
        eprintln!("NOT VERIFIED (no --root): signed by key {kid}");
        println!("{}", list.to_json());
        return Ok(());
    };
    let signed = SignedTrustList::verify(&bytes, &[read_public_key(root)?])?;
    eprintln!("verified: signed by root {}", signed.signer().kid());
    println!("{}", signed.list().to_json());
    Ok(())
}
