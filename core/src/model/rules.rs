//! The field rules every pass model applies on issue: text is NFC-normalised,
//! trimmed, bounded and free of control characters (SPEC.md §6.1); dates lie
//! in the plausible range.

use crate::error::{err, Result};
use crate::time::Date;

/// Longest accepted name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest accepted free text (organisation, authority, purpose detail), in characters.
pub const MAX_TEXT_CHARS: usize = 200;

/// NFC-normalises and trims `text`, then checks it is non-empty, short enough and free of control characters.
pub(crate) fn clean_text(field: &str, text: &mut String, max_chars: usize) -> Result<()> {
    let normalised = crate::nfc::nfc(text.trim());
    if normalised.is_empty() {
        return Err(err!(MissingField, "{field} is empty"));
    }
    if normalised.chars().count() > max_chars {
        return Err(err!(
            InvalidText,
            "{field} is longer than {max_chars} characters"
        ));
    }
    if normalised.chars().any(char::is_control) {
        return Err(err!(InvalidText, "{field} contains control characters"));
    }
    *text = normalised;
    Ok(())
}

/// [`clean_text`] for an optional field; an empty string becomes `None`.
pub(crate) fn clean_opt_text(
    field: &str,
    text: &mut Option<String>,
    max_chars: usize,
) -> Result<()> {
    if let Some(t) = text {
        if t.trim().is_empty() {
            *text = None;
        } else {
            clean_text(field, t, max_chars)?;
        }
    }
    Ok(())
}

/// Checks a date is in the plausible range.
pub(crate) fn check_date(field: &str, date: Date) -> Result<()> {
    if date.is_plausible() {
        Ok(())
    } else {
        Err(err!(
            InvalidDate,
            "{field} {date} is outside 1900-01-01..2099-12-31"
        ))
    }
}
