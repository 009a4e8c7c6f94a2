//! How every vector file is written: its format version and pretty JSON.

/// Version of the vector file format.
pub const FORMAT: u32 = 1;

/// Pretty JSON with a final newline, as every vector file is written.
pub fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}
