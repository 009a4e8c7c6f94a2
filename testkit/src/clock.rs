//! The fixed clock: the times the vectors and fuzz targets issue and verify at.

use qrpass::Timestamp;

/// When the vectors verify: 2021-09-10T08:00:00+07:00.
pub const AT: &str = "2021-09-10T08:00:00+07:00";

/// When the vectors' permits are issued: 2021-09-01T08:00:00+07:00.
pub const IAT: &str = "2021-09-01T08:00:00+07:00";

/// The `valid_from` of every fixed issuer key, as RFC 3339.
pub const KEY_VALID_FROM: &str = "2021-01-01T00:00:00+07:00";

/// [`KEY_VALID_FROM`] as a timestamp.
pub const KEYS_FROM: Timestamp = Timestamp(1_609_434_000);

/// The fuzz targets' clock: 2021-09-05T01:00:00+07:00, inside the validity of
/// most `spec/vectors` passes.
pub const FUZZ_NOW: Timestamp = Timestamp(1_630_778_400);

/// An RFC 3339 time; the epoch if `text` does not parse (the fixtures' texts all do).
pub fn ts(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).unwrap_or(Timestamp(0))
}
