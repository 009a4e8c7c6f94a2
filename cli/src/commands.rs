//! keygen, issue, inspect and render, and the lines printed for a verified pass.

use std::fs;
use std::path::Path;

use qrpass::qr::{self, Ecc, RenderOptions};
use qrpass::time::VIETNAM_OFFSET_SECONDS;
use qrpass::{
    inspect, Error, ErrorCode, Issuer, PassKind, PrivateKey, Timestamp, TrustStore, TrustedKey,
    Verified,
};

use crate::error::{io_error, CliError};
use crate::io::{load_trust, read_input, time_arg, write_file, CmdResult};

/// `qrpass keygen`.
pub fn keygen(issuer: &str, out: &Path, kinds: &[String], valid_from: Option<&str>) -> CmdResult {
    qrpass::issue::check_issuer_id(issuer)?;
    let valid_from = match valid_from {
        Some(t) => Timestamp::parse_rfc3339(t)?,
        None => Timestamp::now().add_seconds(-86_400),
    };
    let kinds: Vec<PassKind> = if kinds.is_empty() {
        PassKind::ALL.to_vec()
    } else {
        kinds
            .iter()
            .map(|k| k.parse())
            .collect::<Result<_, Error>>()?
    };
    fs::create_dir_all(out).map_err(|e| io_error(out, e))?;
    let key_path = out.join(format!("{issuer}.key.pem"));
    if key_path.exists() {
        return Err(CliError::from(Error::new(
            ErrorCode::Io,
            format!("{} already exists", key_path.display()),
        ))
        .hint("remove it first, or choose another --out folder; keygen never overwrites a key"));
    }
    let key = PrivateKey::generate()?;
    write_file(&key_path, key.to_pem()?.as_bytes())?;
    let public = key.public_key();
    write_file(&out.join(format!("{issuer}.pub.pem")), public.to_pem())?;
    let trust_path = out.join("trust.json");
    let mut trust = if trust_path.exists() {
        load_trust(&trust_path)?
    } else {
        TrustStore::default()
    };
    trust.add(TrustedKey::new(public, issuer, &kinds, valid_from))?;
    write_file(&trust_path, trust.to_json() + "\n")?;
    println!("key {} for {issuer}: {}", public.kid(), key_path.display());
    println!("trust file: {}", trust_path.display());
    Ok(())
}

/// `qrpass issue`.
pub fn issue(
    key: &Path,
    issuer: &str,
    iat: Option<&str>,
    cti: Option<&str>,
    pass: &str,
) -> CmdResult {
    let pem = fs::read_to_string(key).map_err(|e| io_error(key, e))?;
    let issuer = Issuer::new(PrivateKey::from_pem(&pem)?, issuer)?;
    let pass = qrpass::Pass::from_json(&read_input(pass)?)?;
    let text = match (iat, cti) {
        (None, None) => issuer.issue(&pass)?,
        _ => {
            let cti = match cti {
                Some(hex) => qrpass::cti::from_hex(hex)
                    .map_err(|e| CliError::from(e).hint("--cti is 1 to 32 bytes in hex"))?,
                None => qrpass::cti::random()?.to_vec(),
            };
            issuer.issue_with(&pass, time_arg(iat)?, &cti)?
        }
    };
    println!("{text}");
    Ok(())
}

/// The lines printed for a verified pass.
pub fn describe(v: &Verified) -> String {
    let person = v.pass.person();
    let validity = v.pass.validity();
    format!(
        "VALID {kind} from {issuer} (key {kid})\n  person: {name} ({id_kind:?} {id})\n  valid:  {from} → {until}",
        kind = v.pass.kind(),
        issuer = v.issuer,
        kid = v.kid,
        name = person.name,
        id_kind = person.id.kind,
        id = person.id.masked(),
        from = validity.from.to_rfc3339_at(VIETNAM_OFFSET_SECONDS),
        until = validity.until.to_rfc3339_at(VIETNAM_OFFSET_SECONDS),
    )
}

/// `qrpass inspect`.
pub fn inspect_cmd(token: &str) -> CmdResult {
    let inspected = inspect(&read_input(token)?)?;
    eprintln!("NOT VERIFIED: this shows what the token claims; anyone can forge it.");
    println!(
        "{}",
        serde_json::to_string_pretty(&inspected).unwrap_or_default()
    );
    Ok(())
}

/// Renders `text` to `out` (.png or .svg); returns the QR version.
pub fn render_to(text: &str, out: &Path, level: Ecc) -> Result<u8, CliError> {
    let image = qr::encode(
        text,
        &RenderOptions {
            ecc: level,
            ..RenderOptions::default()
        },
    )?;
    match out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => write_file(out, image.to_png()?)?,
        Some("svg") => write_file(out, image.to_svg())?,
        _ => {
            return Err(CliError::from(Error::new(
                ErrorCode::Io,
                format!("{}: unknown image type", out.display()),
            ))
            .hint("name the output file .png or .svg"))
        }
    }
    Ok(image.version())
}

/// `qrpass render`.
pub fn render(token: &str, out: &Path, level: Ecc) -> CmdResult {
    let text = read_input(token)?;
    let version = render_to(qrpass::trim_token(&text), out, level)?;
    println!("wrote {} (QR version {version})", out.display());
    Ok(())
}

/// Core's verify outcome as JSON (SPEC.md §9): what `--json` and `--batch` print.
pub fn outcome_json(result: &Result<Verified, Error>) -> serde_json::Value {
    serde_json::to_value(qrpass::verify::OutcomeRef::from(result)).unwrap_or_default()
}
