//! What every command shares: reading and writing files (`-` is standard
//! input), times given on the command line, and keys and trust files.

use std::fs;
use std::io::Read;
use std::path::Path;

use qrpass::{PrivateKey, PublicKey, Timestamp, TrustStore};

use crate::error::{io_error, CliError};

/// Result of a command.
pub type CmdResult = Result<(), CliError>;

/// The result of a command that decides its exit status (0 success, 1 a
/// pass failed or was denied, 3 review); only `main` exits the process.
pub type StatusResult = Result<i32, CliError>;

/// Reads a file, or standard input for `-`.
pub fn read_input(path: &str) -> Result<String, CliError> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| io_error(Path::new("<stdin>"), e))?;
        Ok(s)
    } else {
        fs::read_to_string(path).map_err(|e| io_error(Path::new(path), e))
    }
}

/// Writes a file, naming it in the error.
pub fn write_file(path: &Path, bytes: impl AsRef<[u8]>) -> CmdResult {
    fs::write(path, bytes).map_err(|e| io_error(path, e))
}

/// Parses `--at`/`--iat`, defaulting to now.
pub fn time_arg(at: Option<&str>) -> Result<Timestamp, CliError> {
    // RFC 3339, or the DCC test data's clocks (`+0000`, no offset for UTC).
    at.map_or(Ok(Timestamp::now()), |t| {
        qrpass::dcc::parse_clock(t).map_err(CliError::from)
    })
}

/// Loads the trust file.
pub fn load_trust(path: &Path) -> Result<TrustStore, CliError> {
    let text = fs::read_to_string(path).map_err(|e| {
        io_error(path, e)
            .hint("create one with `qrpass keygen --issuer ID --out DIR` (DIR/trust.json)")
    })?;
    Ok(TrustStore::from_json(&text)?)
}

/// Reads a file's bytes, naming it in the error.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, CliError> {
    fs::read(path).map_err(|e| io_error(path, e))
}

/// Reads a file's bytes, or standard input for `-`.
pub fn read_input_bytes(path: &str) -> Result<Vec<u8>, CliError> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(Path::new("<stdin>"), e))?;
        Ok(bytes)
    } else {
        read_bytes(Path::new(path))
    }
}

/// Reads an SPKI PEM public key.
pub fn read_public_key(path: &Path) -> Result<PublicKey, CliError> {
    Ok(PublicKey::from_pem(&read_input(&path.to_string_lossy())?)?)
}

/// Reads a PKCS#8 PEM private key.
pub fn read_private_key(path: &Path) -> Result<PrivateKey, CliError> {
    Ok(PrivateKey::from_pem(&read_input(&path.to_string_lossy())?)?)
}

/// The first byte that is not ASCII whitespace (`{` starts a JSON file).
pub fn first_non_space(bytes: &[u8]) -> Option<u8> {
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}
