//! `qrpass trust …` (signed trust lists) and `qrpass revoke` (signed revocation lists),
//! and loading either kind of trust for `verify` and `check`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Subcommand};
use qrpass::revocation::{entry_of, RevocationDelta, RevocationUpdate};
use qrpass::time::VIETNAM_OFFSET_SECONDS;
use qrpass::trust::{ListInfo, TrustAnchor};
use qrpass::{
    inspect, Error, ErrorCode, KeyStatus, Kid, PassKind, PrivateKey, PublicKey, RevocationList,
    SignedRevocation, SignedTrustList, Timestamp, TrustList, TrustStore, TrustedKey, Verifier,
};

use crate::commands::{read_input, time_arg, write_file, CmdResult};
use crate::error::{io_error, CliError};

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

/// `qrpass revoke` arguments.
#[derive(Args, Debug)]
pub struct RevokeArgs {
    /// The revocation signer's private key (PKCS#8 PEM): the root, or a signer the trust list names.
    #[arg(long)]
    pub key: PathBuf,
    /// Output file: the binary list, or VN1R: text with --text.
    #[arg(long)]
    pub out: PathBuf,
    /// The previous signed list (by the same key): its entries are kept and its sequence raised.
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Also write the delta from --previous to the new list here.
    #[arg(long, requires = "previous")]
    pub delta_out: Option<PathBuf>,
    /// Sequence number; default one more than --previous, or 1.
    #[arg(long)]
    pub sequence: Option<u64>,
    /// Issue time (RFC 3339); default now.
    #[arg(long)]
    pub at: Option<String>,
    /// Days until the next list is due.
    #[arg(long, default_value_t = 1)]
    pub valid_days: u32,
    /// Files holding VN1 tokens to revoke (their cti is read, not verified).
    #[arg(long)]
    pub token: Vec<String>,
    /// Write VN1R: + Base45 text instead of binary.
    #[arg(long)]
    pub text: bool,
    /// Token ids (cti) to revoke, in hex.
    pub ctis: Vec<String>,
}

/// Runs a `qrpass trust` subcommand.
pub fn run(command: &TrustCommand) -> CmdResult {
    match command {
        TrustCommand::RootKeygen { out, name } => root_keygen(out, name),
        TrustCommand::New {
            source,
            revocation_signer,
        } => new(source, revocation_signer),
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

fn read_bytes(path: &Path) -> Result<Vec<u8>, CliError> {
    fs::read(path).map_err(|e| io_error(path, e))
}

/// Reads an SPKI PEM public key.
pub fn read_public_key(path: &Path) -> Result<PublicKey, CliError> {
    Ok(PublicKey::from_pem(&read_input(&path.to_string_lossy())?)?)
}

fn read_private_key(path: &Path) -> Result<PrivateKey, CliError> {
    Ok(PrivateKey::from_pem(&read_input(&path.to_string_lossy())?)?)
}

fn load_source(path: &Path) -> Result<TrustList, CliError> {
    let text = read_input(&path.to_string_lossy())
        .map_err(|e| e.hint("create a trust list source with `qrpass trust new FILE`"))?;
    Ok(TrustList::from_json(&text)?)
}

fn save_source(path: &Path, list: &TrustList) -> CmdResult {
    write_file(path, list.to_json() + "\n")
}

fn days(n: u32) -> i64 {
    i64::from(n) * 86_400
}

fn vn(t: Timestamp) -> String {
    t.to_rfc3339_at(VIETNAM_OFFSET_SECONDS)
}

fn refuse_overwrite(path: &Path, what: &str) -> CmdResult {
    if path.exists() {
        return Err(CliError::from(Error::new(
            ErrorCode::Io,
            format!("{} already exists", path.display()),
        ))
        .hint(format!("remove it first; {what} never overwrites")));
    }
    Ok(())
}

fn root_keygen(out: &Path, name: &str) -> CmdResult {
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

fn new(source: &Path, revocation_signers: &[PathBuf]) -> CmdResult {
    refuse_overwrite(source, "trust new")?;
    let now = Timestamp::now();
    let mut list = TrustList::new(now, now.add_seconds(days(7)));
    list.revocation_signers = revocation_signers
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

fn add(
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

fn set_status(
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

fn rotate(source: &Path, next_root: &Path) -> CmdResult {
    let mut list = load_source(source)?;
    let key = read_public_key(next_root)?;
    list.next_root = Some(key);
    save_source(source, &list)?;
    println!("the next signed list announces root {}; sign with the old root first, then with the new one", key.kid());
    Ok(())
}

fn sign(
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

fn show(path: &Path, root: Option<&Path>) -> CmdResult {
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

fn first_non_space(bytes: &[u8]) -> Option<u8> {
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// `qrpass revoke`.
pub fn revoke(args: &RevokeArgs) -> CmdResult {
    let key = read_private_key(&args.key)?;
    let previous = match &args.previous {
        Some(path) => {
            let signed = SignedRevocation::verify(&read_bytes(path)?, &[key.public_key()])
                .map_err(|e| {
                    CliError::from(e)
                        .hint("--previous must be a full list signed with the same --key")
                })?;
            match signed.into_update() {
                RevocationUpdate::Full(list) => Some(list),
                RevocationUpdate::Delta(_) => {
                    return Err(CliError::from(Error::new(
                        ErrorCode::BadRevocationList,
                        "--previous is a delta, not a full list",
                    )))
                }
            }
        }
        None => None,
    };
    let mut entries: Vec<[u8; 16]> = previous.iter().flat_map(|l| l.entries()).collect();
    let before = entries.len();
    for hex in &args.ctis {
        let cti = qrpass::cti::from_hex(hex)?;
        entries.push(entry_of(&cti));
    }
    for path in &args.token {
        let cti = inspect(&read_input(path)?)?.cti;
        entries.push(entry_of(&cti));
    }
    let list = RevocationList::from_entries(entries);
    let previous_sequence = previous
        .as_ref()
        .and_then(RevocationList::info)
        .map(|i| i.sequence);
    let issued_at = time_arg(args.at.as_deref())?;
    let info = ListInfo {
        sequence: args
            .sequence
            .unwrap_or(previous_sequence.map_or(1, |s| s.saturating_add(1))),
        issued_at,
        next_update: issued_at.add_seconds(days(args.valid_days.max(1))),
    };
    let write = |path: &Path, bytes: &[u8]| {
        if args.text {
            write_file(path, SignedRevocation::text_form(bytes) + "\n")
        } else {
            write_file(path, bytes)
        }
    };
    let bytes = list.sign(info, &key)?;
    write(&args.out, &bytes)?;
    println!(
        "revocation list {}: {} entries ({} new), {} bytes, next update {}",
        info.sequence,
        list.len(),
        list.len().saturating_sub(before),
        bytes.len(),
        vn(info.next_update)
    );
    if let (Some(path), Some(old)) = (&args.delta_out, &previous) {
        let delta = RevocationDelta::between(old, &list, info)?;
        let delta_bytes = delta.sign(&key)?;
        write(path, &delta_bytes)?;
        println!(
            "delta {} → {}: {} bytes",
            delta.base_sequence,
            info.sequence,
            delta_bytes.len()
        );
    }
    Ok(())
}

/// How `verify` and `check` trust and when: `--trust`, `--root`, `--revoked`, `--at`, `--skew`.
#[derive(Args, Debug)]
pub struct VerifierArgs {
    /// Trust: a signed trust list (binary or VN1T: text, with --root) or a JSON trust file written by `qrpass keygen`.
    #[arg(long)]
    pub trust: PathBuf,
    /// The national root public key (SPKI PEM) that signs the lists.
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// A signed revocation list (binary or VN1R: text).
    #[arg(long)]
    pub revoked: Option<PathBuf>,
    /// As of this time (RFC 3339); default now.
    #[arg(long)]
    pub at: Option<String>,
    /// Allowed clock skew in seconds.
    #[arg(long, default_value_t = qrpass::verify::DEFAULT_CLOCK_SKEW_SECONDS)]
    pub skew: i64,
}

impl VerifierArgs {
    /// The verifier these arguments describe, and the time to verify at.
    pub fn load(&self) -> Result<(Verifier, Timestamp), CliError> {
        let verifier = load_verifier(&self.trust, self.root.as_deref(), self.revoked.as_deref())?
            .with_clock_skew(self.skew);
        Ok((verifier, time_arg(self.at.as_deref())?))
    }
}

/// A verifier from a trust file: the JSON trust store, or a signed trust list
/// (with the root public key); plus a signed revocation list if given.
pub fn load_verifier(
    trust: &Path,
    root: Option<&Path>,
    revoked: Option<&Path>,
) -> Result<Verifier, CliError> {
    let bytes = read_bytes(trust).map_err(|e| {
        e.hint("pass a JSON trust file (`qrpass keygen`) or a signed list (`qrpass trust sign`)")
    })?;
    let root = root.map(read_public_key).transpose()?;
    let needs_root = |what: &str| {
        CliError::from(Error::new(
            ErrorCode::BadTrustList,
            format!("{what} needs the root public key"),
        ))
        .hint("pass --root ROOT.pub.pem (the national root key that signs the lists)")
    };
    if first_non_space(&bytes) == Some(b'{') {
        let store = TrustStore::from_json(&String::from_utf8_lossy(&bytes))?;
        let verifier = Verifier::new(store);
        let Some(path) = revoked else {
            return Ok(verifier);
        };
        let root = root.ok_or_else(|| needs_root("checking a signed revocation list"))?;
        let mut anchor = TrustAnchor::new(root);
        anchor.load_revocation_list(&read_bytes(path)?)?;
        let list = anchor.revocation_list().cloned().unwrap_or_default();
        return Ok(verifier.with_revocation(Arc::new(list)));
    }
    let root = root.ok_or_else(|| needs_root("a signed trust list"))?;
    let mut anchor = TrustAnchor::new(root);
    anchor.load_trust_list(&bytes).map_err(|e| {
        CliError::from(e).hint(
            "is --root the key that signed this list? `qrpass trust show LIST` shows it unverified",
        )
    })?;
    if let Some(path) = revoked {
        anchor.load_revocation_list(&read_bytes(path)?)?;
    }
    Ok(anchor.verifier()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("qrpass-trust-cmd-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn code<T>(r: Result<T, CliError>) -> Option<ErrorCode> {
        r.err().map(|e| e.error.code())
    }

    fn write_key(dir: &Path, name: &str, seed: u8) -> (PathBuf, PathBuf) {
        let key = PrivateKey::from_seed(&[seed; 32]);
        let (private, public) = (
            dir.join(format!("{name}.key.pem")),
            dir.join(format!("{name}.pub.pem")),
        );
        fs::write(&private, key.to_pem().expect("pem").as_bytes()).expect("write");
        fs::write(&public, key.public_key().to_pem()).expect("write");
        (private, public)
    }

    #[test]
    fn source_edit_sign_and_load_round_trip() {
        let dir = scratch("round-trip");
        let (root_key, root_pub) = write_key(&dir, "root", 1);
        let (_, issuer_pub) = write_key(&dir, "VN-SG", 2);
        let source = dir.join("source.json");
        new(&source, &[]).expect("new");
        assert_eq!(
            code(new(&source, &[])),
            Some(ErrorCode::Io),
            "never overwrites"
        );
        add(
            &source,
            "VN-SG",
            &issuer_pub,
            &["permit".into()],
            Some("2021-01-01T00:00:00Z"),
            None,
        )
        .expect("add");
        let kid = PrivateKey::from_seed(&[2; 32]).public_key().kid().to_hex();
        set_status(
            &source,
            &kid,
            Some("2021-09-05T00:00:00Z"),
            KeyStatus::Retired,
        )
        .expect("retire");
        let out = dir.join("list.txt");
        sign(
            &source,
            &root_key,
            &out,
            Some("2021-09-01T00:00:00Z"),
            7,
            None,
            true,
        )
        .expect("sign");
        sign(
            &source,
            &root_key,
            &dir.join("list.bin"),
            Some("2021-09-02T00:00:00Z"),
            7,
            None,
            false,
        )
        .expect("sign");
        assert_eq!(
            load_source(&source).map(|l| l.sequence).ok(),
            Some(2),
            "sign raises the source's sequence"
        );
        let verifier = load_verifier(&out, Some(&root_pub), None).expect("loads");
        assert_eq!(verifier.trust().keys().len(), 1);
        assert!(matches!(
            verifier.trust().keys()[0].status,
            KeyStatus::Retired(_)
        ));
        show(&out, Some(&root_pub)).expect("show verified");
        show(&out, None).expect("show unverified");
        show(&source, None).expect("show source");
        // The wrong root, no root, an unknown kid, a bad kind.
        let (_, other_pub) = write_key(&dir, "other", 3);
        assert_eq!(
            code(load_verifier(&out, Some(&other_pub), None)),
            Some(ErrorCode::BadTrustList)
        );
        assert_eq!(
            code(load_verifier(&out, None, None)),
            Some(ErrorCode::BadTrustList)
        );
        assert_eq!(
            code(show(&out, Some(&other_pub))),
            Some(ErrorCode::BadTrustList)
        );
        assert_eq!(
            code(set_status(
                &source,
                "0000000000000000",
                None,
                KeyStatus::Revoked
            )),
            Some(ErrorCode::UnknownKey)
        );
        assert_eq!(
            code(set_status(&source, "xyz", None, KeyStatus::Revoked)),
            Some(ErrorCode::BadKey)
        );
        assert_eq!(
            code(add(
                &source,
                "VN-SG",
                &issuer_pub,
                &["passport".into()],
                None,
                None
            )),
            Some(ErrorCode::UnknownKind)
        );
        assert_eq!(
            code(load_source(&dir.join("missing.json"))),
            Some(ErrorCode::Io)
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn revoke_builds_full_lists_and_deltas() {
        let dir = scratch("revoke");
        let (root_key, root_pub) = write_key(&dir, "root", 1);
        let args =
            |out: &str, previous: Option<&str>, delta: Option<&str>, ctis: &[&str]| RevokeArgs {
                key: root_key.clone(),
                out: dir.join(out),
                previous: previous.map(|p| dir.join(p)),
                delta_out: delta.map(|d| dir.join(d)),
                sequence: None,
                at: Some("2021-09-01T00:00:00Z".into()),
                valid_days: 30,
                token: Vec::new(),
                text: false,
                ctis: ctis.iter().map(|c| c.to_string()).collect(),
            };
        revoke(&args("r1.bin", None, None, &["aa01"])).expect("first list");
        revoke(&args("r2.bin", Some("r1.bin"), Some("d12.bin"), &["aa02"]))
            .expect("second list and delta");
        let mut anchor = TrustAnchor::new(
            PublicKey::from_pem(&fs::read_to_string(&root_pub).expect("pem")).expect("key"),
        );
        anchor
            .load_revocation_list(&fs::read(dir.join("r1.bin")).expect("r1"))
            .expect("full");
        assert_eq!(
            anchor
                .load_revocation_list(&fs::read(dir.join("d12.bin")).expect("d"))
                .map(|o| o.sequence()),
            Ok(2)
        );
        let list = anchor.revocation_list().expect("held");
        assert!(
            list.contains_entry(&entry_of(&[0xaa, 0x01]))
                && list.contains_entry(&entry_of(&[0xaa, 0x02]))
        );
        assert_eq!(
            code(revoke(&args("r3.bin", None, None, &["zz"]))),
            Some(ErrorCode::InvalidArgument)
        );
        assert_eq!(
            code(revoke(&args("r3.bin", None, None, &[""]))),
            Some(ErrorCode::InvalidCti)
        );
        let (other_key, _) = write_key(&dir, "other", 5);
        let foreign = RevokeArgs {
            key: other_key,
            ..args("r4.bin", Some("r2.bin"), None, &[])
        };
        assert_eq!(code(revoke(&foreign)), Some(ErrorCode::BadRevocationList));
        let _ = fs::remove_dir_all(&dir);
    }
}
