//! Reading and writing CBOR maps with small integer keys, strictly.
//!
//! [`MapReader`] takes fields out of a decoded map by key and type, and
//! [`MapReader::finish`] rejects any key left over outside the extension range.
//! [`MapWriter`] builds maps in ascending key order, so the encoding is
//! deterministic.

use ciborium::value::{Integer, Value};

use super::slice::{Item, SliceReader};

use crate::error::{Error, ErrorCode, Result};
use crate::time::{Date, Timestamp};

/// RFC 8943 tag for a date as days since 1970-01-01.
pub const TAG_DAYS: u64 = 100;

/// Keys at or above this value in a pass map are extension keys, which a v1
/// decoder skips.
pub const EXTENSION_KEYS: i64 = 100;

/// Checks CBOR bytes with [`super::strict::check`] and decodes them into a value.
pub fn decode(bytes: &[u8], code: ErrorCode) -> Result<Value> {
    super::strict::check(bytes)?;
    decode_checked(bytes, code)
}

/// Decodes CBOR bytes that already passed [`super::strict::check`] into a value.
///
/// A direct walk over the bytes (the gate bounded every length and the depth),
/// several times faster than a serde round trip. Simple values other than
/// `false`, `true`, `null` and `undefined` (read as null) fail with `code`;
/// tags, bignum tags included, stay tags.
pub fn decode_checked(bytes: &[u8], code: ErrorCode) -> Result<Value> {
    let fail = || Error::new(code, "CBOR could not be decoded");
    let mut reader = SliceReader::new(bytes);
    let value = read_value(&mut reader).ok_or_else(fail)?;
    if reader.is_at_end() {
        Ok(value)
    } else {
        Err(fail())
    }
}

fn read_value(r: &mut SliceReader<'_>) -> Option<Value> {
    let info = r.peek_initial()? & 0x1f;
    Some(match r.next_item()? {
        Item::Uint(n) => Value::Integer(Integer::from(n)),
        Item::Nint(n) => Value::Integer(Integer::try_from(-1 - i128::from(n)).ok()?),
        Item::Bytes(b) => Value::Bytes(b.to_vec()),
        Item::Text(t) => Value::Text(t.to_string()),
        Item::Array(n) => Value::Array((0..n).map(|_| read_value(r)).collect::<Option<Vec<_>>>()?),
        Item::Map(n) => Value::Map(
            (0..n)
                .map(|_| Some((read_value(r)?, read_value(r)?)))
                .collect::<Option<Vec<_>>>()?,
        ),
        Item::Tag(tag) => Value::Tag(tag, Box::new(read_value(r)?)),
        Item::Simple(arg) => match (info, arg) {
            (25, bits) => Value::Float(f16_to_f64(bits as u16)),
            (26, bits) => Value::Float(f64::from(f32::from_bits(bits as u32))),
            (27, bits) => Value::Float(f64::from_bits(bits)),
            (_, 20) => Value::Bool(false),
            (_, 21) => Value::Bool(true),
            (_, 22 | 23) => Value::Null,
            _ => return None,
        },
    })
}

/// An IEEE 754 half-precision float as an `f64`.
fn f16_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f64::from(bits & 0x3ff);
    sign * match exponent {
        0 => fraction * 2f64.powi(-24),
        31 if fraction == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + fraction / 1024.0) * 2f64.powi(e - 15),
    }
}

/// Encodes a value; encoding into a `Vec` cannot fail for values built here.
pub fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec has no I/O errors, and our values contain no floats or
    // other unencodable items.
    let _ = ciborium::ser::into_writer(value, &mut out);
    out
}

/// An integer as an `i64`, if it is one and fits.
pub fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Integer(i) => i64::try_from(*i).ok(),
        _ => None,
    }
}

/// Takes typed fields out of a CBOR map with integer keys.
pub struct MapReader {
    entries: Vec<(i64, Value)>,
    code: ErrorCode,
    what: &'static str,
}

impl MapReader {
    /// Wraps a map value; `code` is used for every type error, `what` names the map in messages.
    pub fn new(value: Value, code: ErrorCode, what: &'static str) -> Result<Self> {
        let Value::Map(pairs) = value else {
            return Err(Error::new(code, format!("{what} is not a CBOR map")));
        };
        let mut entries = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            let key = as_i64(&k)
                .ok_or_else(|| Error::new(code, format!("{what} has a non-integer key")))?;
            entries.push((key, v));
        }
        Ok(MapReader {
            entries,
            code,
            what,
        })
    }

    fn fail(&self, key: i64, expected: &str) -> Error {
        Error::new(
            self.code,
            format!("{} field {key} is not {expected}", self.what),
        )
    }

    /// Removes and returns the value under `key`, if present.
    pub fn take(&mut self, key: i64) -> Option<Value> {
        let index = self.entries.iter().position(|(k, _)| *k == key)?;
        Some(self.entries.swap_remove(index).1)
    }

    /// A required value.
    pub fn required(&mut self, key: i64) -> Result<Value> {
        self.take(key).ok_or_else(|| {
            Error::new(
                self.code,
                format!("{} lacks required field {key}", self.what),
            )
        })
    }

    /// A required text string.
    pub fn text(&mut self, key: i64) -> Result<String> {
        let v = self.required(key)?;
        self.to_text(key, v)
    }

    /// An optional text string.
    pub fn opt_text(&mut self, key: i64) -> Result<Option<String>> {
        self.take(key).map(|v| self.to_text(key, v)).transpose()
    }

    fn to_text(&self, key: i64, v: Value) -> Result<String> {
        match v {
            Value::Text(t) => Ok(t),
            _ => Err(self.fail(key, "text")),
        }
    }

    /// A required byte string.
    pub fn bytes(&mut self, key: i64) -> Result<Vec<u8>> {
        match self.required(key)? {
            Value::Bytes(b) => Ok(b),
            _ => Err(self.fail(key, "a byte string")),
        }
    }

    /// A required unsigned integer.
    pub fn uint(&mut self, key: i64) -> Result<u64> {
        let v = self.required(key)?;
        self.to_uint(key, v)
    }

    /// An optional unsigned integer.
    pub fn opt_uint(&mut self, key: i64) -> Result<Option<u64>> {
        self.take(key).map(|v| self.to_uint(key, v)).transpose()
    }

    /// Converts a value to an unsigned integer, with this map's error code.
    pub fn to_uint(&self, key: i64, v: Value) -> Result<u64> {
        match v {
            Value::Integer(i) => u64::try_from(i).map_err(|_| self.fail(key, "unsigned")),
            _ => Err(self.fail(key, "an unsigned integer")),
        }
    }

    /// A required NumericDate (unsigned whole seconds).
    pub fn timestamp(&mut self, key: i64) -> Result<Timestamp> {
        let v = self.required(key)?;
        self.to_timestamp(key, v)
    }

    /// Converts a value to a NumericDate.
    pub fn to_timestamp(&self, key: i64, v: Value) -> Result<Timestamp> {
        let seconds = self.to_uint(key, v)?;
        i64::try_from(seconds)
            .map(Timestamp)
            .map_err(|_| self.fail(key, "a time in range"))
    }

    /// A required RFC 8943 date.
    pub fn date(&mut self, key: i64) -> Result<Date> {
        let v = self.required(key)?;
        self.to_date(key, v)
    }

    /// An optional RFC 8943 date.
    pub fn opt_date(&mut self, key: i64) -> Result<Option<Date>> {
        self.take(key).map(|v| self.to_date(key, v)).transpose()
    }

    /// Converts a `100(int)` tagged value to a date.
    pub fn to_date(&self, key: i64, v: Value) -> Result<Date> {
        match v {
            Value::Tag(TAG_DAYS, inner) => as_i64(&inner)
                .and_then(|d| i32::try_from(d).ok())
                .map(Date)
                .ok_or_else(|| self.fail(key, "a day number")),
            _ => Err(self.fail(key, "a tag-100 date")),
        }
    }

    /// A required array.
    pub fn array(&mut self, key: i64) -> Result<Vec<Value>> {
        let v = self.required(key)?;
        self.to_array(key, v)
    }

    /// An optional array.
    pub fn opt_array(&mut self, key: i64) -> Result<Option<Vec<Value>>> {
        self.take(key).map(|v| self.to_array(key, v)).transpose()
    }

    fn to_array(&self, key: i64, v: Value) -> Result<Vec<Value>> {
        match v {
            Value::Array(a) => Ok(a),
            _ => Err(self.fail(key, "an array")),
        }
    }

    /// A required nested map, read with the same error code.
    pub fn map(&mut self, key: i64, what: &'static str) -> Result<MapReader> {
        let v = self.required(key)?;
        MapReader::new(v, self.code, what)
    }

    /// An optional nested map.
    pub fn opt_map(&mut self, key: i64, what: &'static str) -> Result<Option<MapReader>> {
        let code = self.code;
        self.take(key)
            .map(|v| MapReader::new(v, code, what))
            .transpose()
    }

    /// The keys not taken yet.
    pub fn leftover_keys(&self) -> impl Iterator<Item = i64> + '_ {
        self.entries.iter().map(|(k, _)| *k)
    }

    /// Ends reading: any key left below [`EXTENSION_KEYS`] is an error.
    pub fn finish(self) -> Result<()> {
        self.finish_below(EXTENSION_KEYS)
    }

    /// Ends reading: keys in `[lowest_ignored, ∞)` are skipped, any other leftover is an error.
    pub fn finish_below(self, lowest_ignored: i64) -> Result<()> {
        match self.entries.iter().find(|(k, _)| *k < lowest_ignored) {
            Some((k, _)) => Err(Error::new(
                self.code,
                format!("{} has unknown field {k}", self.what),
            )),
            None => Ok(()),
        }
    }
}

/// Builds a CBOR map; callers add keys in ascending order.
#[derive(Default)]
pub struct MapWriter(Vec<(Value, Value)>);

impl MapWriter {
    /// An empty map.
    pub fn new() -> Self {
        MapWriter::default()
    }

    /// Adds a field.
    pub fn put(&mut self, key: i64, value: impl Into<Value>) -> &mut Self {
        self.0
            .push((Value::Integer(Integer::from(key)), value.into()));
        self
    }

    /// Adds a field when it is present.
    pub fn opt<V: Into<Value>>(&mut self, key: i64, value: Option<V>) -> &mut Self {
        if let Some(v) = value {
            self.put(key, v);
        }
        self
    }

    /// The finished map.
    pub fn build(&mut self) -> Value {
        Value::Map(std::mem::take(&mut self.0))
    }
}

/// A date as `100(days)`.
pub fn date_value(date: Date) -> Value {
    Value::Tag(TAG_DAYS, Box::new(Value::Integer(Integer::from(date.0))))
}

/// A timestamp as an unsigned NumericDate (timestamps are validated to be plausible, so non-negative).
pub fn timestamp_value(t: Timestamp) -> Value {
    Value::Integer(Integer::from(t.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_value(hex_text: &str) -> Result<Value> {
        decode(
            &hex::decode(hex_text).expect("test hex"),
            ErrorCode::BadCbor,
        )
    }

    #[test]
    fn decodes_like_ciborium() {
        // Maps, arrays, text, bytes, both integer signs at every width, tags, floats.
        let mut compared = 0;
        for hex_text in [
            "a40163564e2d041a613f2a1f21203b7fffffffffffffff00",
            "a20142010202840120a10362c3a9d8641905dc",
            "9f",
            "83f4f5f6",
            "82f93c00f97c00",
            "82fa3fc00000fb400921fb54442d18",
            "821bffffffffffffffff3bffffffffffffffff",
            "d818456449455446",
            "a0",
            "80",
            "60",
        ] {
            let bytes = hex::decode(hex_text).expect("test hex");
            if super::super::strict::check(&bytes).is_err() {
                continue; // "9f" (indefinite) is refused by the gate before either decoder
            }
            let ours = decode_checked(&bytes, ErrorCode::BadCbor).expect(hex_text);
            let theirs: Value = ciborium::de::from_reader(&bytes[..]).expect(hex_text);
            assert_eq!(ours, theirs, "{hex_text}");
            compared += 1;
        }
        assert_eq!(compared, 10, "only \"9f\" is refused by the gate");
    }

    #[test]
    fn half_floats() {
        for (bits, want) in [
            (0x3c00u16, 1.0),
            (0xc000, -2.0),
            (0x0001, 2f64.powi(-24)),
            (0x7bff, 65504.0),
            (0x7c00, f64::INFINITY),
            (0x0000, 0.0),
        ] {
            assert_eq!(f16_to_f64(bits), want, "{bits:04x}");
        }
        assert!(f16_to_f64(0x7e00).is_nan());
    }

    #[test]
    fn odd_simple_values_and_bignums() {
        assert_eq!(hex_value("f7").expect("undefined"), Value::Null);
        // Simple value 16: no meaning in qrpass, refused with the caller's code.
        let e = hex_value("f0").expect_err("simple 16");
        assert_eq!(e.code(), ErrorCode::BadCbor);
        // A bignum stays a tag: a field expecting an integer then refuses it.
        assert_eq!(
            hex_value("c24101").expect("bignum"),
            Value::Tag(2, Box::new(Value::Bytes(vec![1])))
        );
        // Truncated input never reaches the walk: the gate refuses it.
        assert_eq!(
            hex_value("a201").expect_err("short").code(),
            ErrorCode::BadCbor
        );
        assert!(decode_checked(&[0x82, 0x01], ErrorCode::BadClaims).is_err());
        assert!(decode_checked(&[0x01, 0x02], ErrorCode::BadClaims).is_err());
    }
}
