//! The text form: `HC1:` + Base45 (RFC 9285) of the zlib-compressed COSE_Sign1.

use crate::error::{err, Result};
use crate::wire::base45;

/// The prefix of an EU DCC text (context identifier, version 1).
pub const PREFIX: &str = "HC1:";

/// Longest DCC text accepted, in bytes: a version-40 QR code holds 4,296
/// alphanumeric characters.
pub const MAX_DCC_TEXT_LEN: usize = 4_296;

/// Checks the size cap and strips the `HC1:` prefix (trailing line endings ignored).
///
/// ```
/// use qrpass::dcc::text::unprefix;
/// assert_eq!(unprefix("HC1:ABC\n").unwrap(), "ABC");
/// assert_eq!(unprefix("HC2:ABC").unwrap_err().code(), qrpass::ErrorCode::BadPrefix);
/// ```
pub fn unprefix(text: &str) -> Result<&str> {
    let text = crate::trim_token(text);
    if text.is_empty() {
        return Err(err!(EmptyInput, "the text is empty"));
    }
    if text.len() > MAX_DCC_TEXT_LEN {
        return Err(err!(
            InputTooLarge,
            "the text is {} bytes, above the DCC cap of {MAX_DCC_TEXT_LEN}",
            text.len()
        ));
    }
    text.strip_prefix(PREFIX)
        .ok_or_else(|| err!(BadPrefix, "an EU DCC starts with `{PREFIX}`"))
}

/// Decodes the Base45 after the prefix (our strict decoder, SPEC.md §2).
pub fn base45(body: &str) -> Result<Vec<u8>> {
    base45::decode(body).map_err(|e| err!(BadBase45, "{e}"))
}
