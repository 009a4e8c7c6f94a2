//! Hex, as token ids, kids and keys are written in JSON and on the command line.

/// Lower-case hex of bytes.
pub(crate) fn encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes of a hex string (either case), without trimming; `None` if it is not hex.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    // Digits only: `from_str_radix` alone would take a sign (`+0`).
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}
