//! A small strict JSON reader (RFC 8259) for the files qrpass reads as JSON:
//! the plain trust store ([`crate::TrustStore::from_json`]), the trust list
//! source ([`crate::trust::TrustList::from_json`]), policies
//! ([`crate::Policy::from_json`], [`crate::policy::DccPolicy::from_json`]) and
//! the person `bind` takes ([`crate::binding::person_of_pass`]).
//!
//! Every build reads these files with it (one reader, not one per binding), and
//! the WebAssembly verifier links no serde deserialiser (nor the float
//! formatting serde's messages reach). It parses into a [`Value`] tree, then
//! each file's reader takes typed fields from it with [`Object`], which refuses
//! unknown fields; an object with a duplicate key is refused when parsed.
//! Numbers are kept only when they are integers that fit an `i128`: no field
//! these files have is fractional. Errors are plain messages (the caller gives
//! the code): where the text is malformed (`line L column C`), or which field is
//! wrong (`` `keys[0].kinds` ``).

#[cfg(test)]
mod tests;

/// What a reader returns: a value, or a message saying what is wrong and where.
pub(crate) type Read<T> = std::result::Result<T, String>;

/// The deepest nesting accepted (serde_json's limit too).
const MAX_DEPTH: usize = 128;

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits an `i128` (so every `u64` and `i64`).
    Int(i128),
    /// Any other number (a fraction, an exponent, or too large): well-formed, not kept.
    Real,
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, its members in order (no two with the same key).
    Object(Vec<(String, Value)>),
}

impl Value {
    /// Parses one JSON text (white space around it allowed, nothing else).
    pub(crate) fn parse(text: &str) -> Read<Value> {
        let mut p = Parser {
            text,
            bytes: text.as_bytes(),
            at: 0,
        };
        let value = p.value(0)?;
        p.space();
        if p.at < p.bytes.len() {
            return Err(p.fail("trailing characters"));
        }
        Ok(value)
    }

    /// What this value is, for messages.
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Real => "a number",
            Value::Str(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    fn expected<T>(&self, what: &str, expected: &str) -> Read<T> {
        let found = self.kind();
        Err(match what {
            "" => format!("expected {expected}, found {found}"),
            _ => format!("`{what}`: expected {expected}, found {found}"),
        })
    }

    /// The members of an object, to take fields from.
    pub(crate) fn object(&self, what: &str) -> Read<Object<'_>> {
        match self {
            Value::Object(members) => Ok(Object {
                what: what.to_string(),
                members,
                taken: vec![false; members.len()],
            }),
            other => other.expected(what, "an object"),
        }
    }

    /// The items of an array.
    pub(crate) fn array(&self, what: &str) -> Read<&[Value]> {
        match self {
            Value::Array(items) => Ok(items),
            other => other.expected(what, "an array"),
        }
    }

    /// A string.
    pub(crate) fn str(&self, what: &str) -> Read<&str> {
        match self {
            Value::Str(s) => Ok(s),
            other => other.expected(what, "a string"),
        }
    }

    /// A boolean.
    pub(crate) fn bool(&self, what: &str) -> Read<bool> {
        match self {
            Value::Bool(b) => Ok(*b),
            other => other.expected(what, "a boolean"),
        }
    }

    /// An integer from 0 to 2³²−1.
    pub(crate) fn u32(&self, what: &str) -> Read<u32> {
        match self {
            Value::Int(n) => u32::try_from(*n)
                .map_err(|_| format!("`{what}`: not an integer from 0 to 4294967295")),
            other => other.expected(what, "an integer from 0 to 4294967295"),
        }
    }

    /// An integer from 0 to 2⁶⁴−1.
    pub(crate) fn u64(&self, what: &str) -> Read<u64> {
        match self {
            Value::Int(n) => {
                u64::try_from(*n).map_err(|_| format!("`{what}`: not an integer from 0 to 2^64-1"))
            }
            other => other.expected(what, "an integer from 0 to 2^64-1"),
        }
    }

    /// A string converted by `read` (whose error message is kept).
    pub(crate) fn text<T, E: std::fmt::Display>(
        &self,
        what: &str,
        read: impl FnOnce(&str) -> std::result::Result<T, E>,
    ) -> Read<T> {
        read(self.str(what)?).map_err(|e| format!("`{what}`: {e}"))
    }

    /// A string naming one of a set of values (`from_name`).
    pub(crate) fn name<T>(&self, what: &str, from_name: fn(&str) -> Option<T>) -> Read<T> {
        let name = self.str(what)?;
        from_name(name).ok_or_else(|| format!("`{what}`: unknown value `{name}`"))
    }

    /// An array whose items are each read by `item` (given the item's path).
    pub(crate) fn list<T>(
        &self,
        what: &str,
        item: impl Fn(&Value, &str) -> Read<T>,
    ) -> Read<Vec<T>> {
        let items = self.array(what)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, v) in items.iter().enumerate() {
            out.push(item(v, &format!("{what}[{i}]"))?);
        }
        Ok(out)
    }
}

/// The members of an object, taken one field at a time; [`Object::finish`]
/// refuses the members not taken (unknown fields).
pub(crate) struct Object<'a> {
    what: String,
    members: &'a [(String, Value)],
    taken: Vec<bool>,
}

impl<'a> Object<'a> {
    /// The path of a member, for messages: `what.key` (or `key` at the top).
    pub(crate) fn path(&self, key: &str) -> String {
        if self.what.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.what)
        }
    }

    /// The member `key`, if present.
    pub(crate) fn get(&mut self, key: &str) -> Option<&'a Value> {
        let i = self.members.iter().position(|(k, _)| k == key)?;
        self.taken[i] = true;
        Some(&self.members[i].1)
    }

    /// The member `key` read by `read` (given its path), if present.
    pub(crate) fn opt<T>(
        &mut self,
        key: &str,
        read: impl FnOnce(&'a Value, &str) -> Read<T>,
    ) -> Read<Option<T>> {
        let path = self.path(key);
        self.get(key).map(|v| read(v, &path)).transpose()
    }

    /// As [`Object::opt`], with `null` read as absent (an optional field).
    pub(crate) fn nullable<T>(
        &mut self,
        key: &str,
        read: impl FnOnce(&'a Value, &str) -> Read<T>,
    ) -> Read<Option<T>> {
        self.opt(key, |v, path| match v {
            Value::Null => Ok(None),
            v => read(v, path).map(Some),
        })
        .map(Option::flatten)
    }

    /// The member `key` read by `read`; an error when absent.
    pub(crate) fn required<T>(
        &mut self,
        key: &str,
        read: impl FnOnce(&'a Value, &str) -> Read<T>,
    ) -> Read<T> {
        let path = self.path(key);
        self.opt(key, read)?
            .ok_or_else(|| format!("missing field `{path}`"))
    }

    /// Every member not taken yet, in order (for maps keyed by name).
    pub(crate) fn rest(&mut self) -> impl Iterator<Item = (&'a str, &'a Value)> + '_ {
        self.taken
            .iter_mut()
            .zip(self.members)
            .filter(|(t, _)| !**t)
            .map(|(t, (k, v))| {
                *t = true;
                (k.as_str(), v)
            })
    }

    /// Refuses any member not taken: `unknown field`.
    pub(crate) fn finish(self) -> Read<()> {
        match self.taken.iter().position(|t| !t) {
            None => Ok(()),
            Some(i) => Err(format!("unknown field `{}`", self.path(&self.members[i].0))),
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    /// `message at line L column C` (both from 1, columns in characters).
    fn fail(&self, message: &str) -> String {
        let before = &self.text[..floor_char(self.text, self.at)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{message} at line {line} column {column}")
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn literal(&mut self, word: &str, value: Value) -> Read<Value> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.fail("expected a JSON value"))
        }
    }

    fn value(&mut self, depth: usize) -> Read<Value> {
        self.space();
        match self.peek() {
            None => Err(self.fail("EOF while parsing a value")),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::Str),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => self.nested(depth, Parser::array_body),
            Some(b'{') => self.nested(depth, Parser::object_body),
            Some(_) => Err(self.fail("expected a JSON value")),
        }
    }

    fn nested(&mut self, depth: usize, body: fn(&mut Self, usize) -> Read<Value>) -> Read<Value> {
        if depth >= MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        self.at += 1;
        body(self, depth + 1)
    }

    /// After `[`: items up to `]`.
    fn array_body(&mut self, depth: usize) -> Read<Value> {
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.fail("EOF while parsing an array")),
                Some(_) => return Err(self.fail("expected `,` or `]`")),
            }
        }
    }

    /// After `{`: members up to `}`, no key twice.
    fn object_body(&mut self, depth: usize) -> Read<Value> {
        let mut members: Vec<(String, Value)> = Vec::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.fail("expected a key (a string)"));
            }
            let start = self.at;
            let key = self.string()?;
            if members.iter().any(|(k, _)| *k == key) {
                self.at = start;
                return Err(self.fail(&format!("duplicate key `{key}`")));
            }
            self.space();
            if self.peek() != Some(b':') {
                return Err(self.fail("expected `:`"));
            }
            self.at += 1;
            let value = self.value(depth)?;
            members.push((key, value));
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                None => return Err(self.fail("EOF while parsing an object")),
                Some(_) => return Err(self.fail("expected `,` or `}`")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Read<Value> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        let n = self.digits();
        if n == 0 {
            return Err(self.fail("invalid number"));
        }
        if n > 1 && self.bytes[int_start] == b'0' {
            self.at = int_start + 1;
            return Err(self.fail("invalid number (a leading zero)"));
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            integer = false;
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        let text = &self.text[start..self.at];
        Ok(match integer.then(|| text.parse::<i128>().ok()).flatten() {
            Some(n) => Value::Int(n),
            None => Value::Real,
        })
    }

    /// A string from its opening quote: escapes decoded, no control characters.
    fn string(&mut self) -> Read<String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let run = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(&self.text[run..self.at]);
            match self.peek() {
                None => return Err(self.fail("EOF while parsing a string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) => return Err(self.fail("control character in a string")),
            }
        }
    }

    /// After a backslash: one escaped character (a surrogate pair for `\u`).
    fn escape(&mut self) -> Read<char> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                let high = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&high) {
                    if !self.bytes[self.at..].starts_with(b"\\u") {
                        return Err(self.fail("lone surrogate in a string"));
                    }
                    self.at += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.fail("lone surrogate in a string"));
                    }
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    high
                };
                return char::from_u32(code).ok_or_else(|| self.fail("lone surrogate in a string"));
            }
            _ => return Err(self.fail("invalid escape")),
        };
        self.at += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Read<u32> {
        let digits = self.bytes.get(self.at..self.at + 4).unwrap_or_default();
        let mut n = 0;
        for &d in digits {
            n = n * 16
                + char::from(d)
                    .to_digit(16)
                    .ok_or_else(|| self.fail("invalid \\u escape"))?;
        }
        if digits.len() < 4 {
            return Err(self.fail("invalid \\u escape"));
        }
        self.at += 4;
        Ok(n)
    }
}

/// The largest char boundary at or before `at`.
fn floor_char(text: &str, at: usize) -> usize {
    let mut i = at.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
