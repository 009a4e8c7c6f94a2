//! Token ids (the CWT `cti` claim, SPEC.md §4): their length rule, their hex
//! form, and fresh random ids. Every binding and the CLI parse and generate
//! token ids here, so an empty or malformed id is refused the same way everywhere.

use crate::error::{err, Result};
use crate::hex;

/// The longest token id a pass may carry, in bytes.
pub const MAX_CTI_LEN: usize = 32;
/// The length of the token ids qrpass generates: 8 random or derived bytes.
pub const CTI_LEN: usize = 8;

/// Checks a token id's length: 1 to [`MAX_CTI_LEN`] bytes (`invalid_cti` otherwise).
pub fn check(cti: &[u8]) -> Result<()> {
    if cti.is_empty() || cti.len() > MAX_CTI_LEN {
        return Err(err!(
            InvalidCti,
            "a token id has 1 to {MAX_CTI_LEN} bytes, not {}",
            cti.len()
        ));
    }
    Ok(())
}

/// Reads a token id from hex (either case, no spaces).
///
/// Text that is not hex is `invalid_argument`; an empty id, or one longer than
/// [`MAX_CTI_LEN`] bytes, is `invalid_cti`.
///
/// ```
/// assert_eq!(qrpass::cti::from_hex("0A0b")?, vec![0x0a, 0x0b]);
/// assert_eq!(qrpass::cti::from_hex("").unwrap_err().code().as_str(), "invalid_cti");
/// assert_eq!(qrpass::cti::from_hex("0g").unwrap_err().code().as_str(), "invalid_argument");
/// # Ok::<(), qrpass::Error>(())
/// ```
pub fn from_hex(text: &str) -> Result<Vec<u8>> {
    let bytes = hex::decode(text)
        .ok_or_else(|| err!(InvalidArgument, "a token id is written as hex digits"))?;
    check(&bytes)?;
    Ok(bytes)
}

/// A fresh random token id of [`CTI_LEN`] bytes from the operating system's
/// random source (`random_unavailable` if it fails).
pub fn random() -> Result<[u8; CTI_LEN]> {
    let mut cti = [0u8; CTI_LEN];
    getrandom::fill(&mut cti)
        .map_err(|e| err!(RandomUnavailable, "the system random source failed: {e}"))?;
    Ok(cti)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn hex_ids_parse_strictly() {
        assert_eq!(from_hex("00ff"), Ok(vec![0, 255]));
        assert_eq!(from_hex("00FF"), Ok(vec![0, 255]));
        for bad in ["0", "zz", " 00", "00 ", "+0", "é0"] {
            assert_eq!(
                from_hex(bad).map_err(|e| e.code()),
                Err(ErrorCode::InvalidArgument),
                "{bad:?}"
            );
        }
        assert_eq!(
            from_hex("").map_err(|e| e.code()),
            Err(ErrorCode::InvalidCti)
        );
        let long = "00".repeat(MAX_CTI_LEN + 1);
        assert_eq!(
            from_hex(&long).map_err(|e| e.code()),
            Err(ErrorCode::InvalidCti)
        );
        assert_eq!(
            from_hex(&"ab".repeat(MAX_CTI_LEN)).map(|c| c.len()),
            Ok(MAX_CTI_LEN)
        );
    }

    #[test]
    fn random_ids_differ_and_round_trip() {
        let (a, b) = (random().expect("random"), random().expect("random"));
        assert_ne!(a, b);
        assert_eq!(from_hex(&hex::encode(&a)), Ok(a.to_vec()));
    }
}
