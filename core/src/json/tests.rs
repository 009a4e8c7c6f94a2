use super::*;

fn parse(text: &str) -> Value {
    Value::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn values_parse() {
    assert_eq!(parse(" null "), Value::Null);
    assert_eq!(
        parse("[true,false]"),
        Value::Array(vec![Value::Bool(true), Value::Bool(false)])
    );
    assert_eq!(parse("-0"), Value::Int(0));
    assert_eq!(parse("18446744073709551615"), Value::Int(u64::MAX.into()));
    assert_eq!(parse("-9223372036854775808"), Value::Int(i64::MIN.into()));
    let beyond = "1".repeat(40);
    for real in [beyond.as_str(), "1.5", "1e3", "1E+3", "-0.0", "2e-1"] {
        assert_eq!(parse(real), Value::Real, "{real}");
    }
    assert_eq!(
        parse(r#"{"a": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00y", "b": {}}"#),
        Value::Object(vec![
            (
                "a".into(),
                Value::Str("x\"\\/\u{8}\u{c}\n\r\t\u{e9}\u{1F600}y".into())
            ),
            ("b".into(), Value::Object(vec![])),
        ])
    );
    assert_eq!(parse("\"Nguyễn\""), Value::Str("Nguyễn".into()));
}

#[test]
fn malformed_texts_are_refused_with_a_position() {
    for (text, message) in [
        ("", "EOF while parsing a value at line 1 column 1"),
        ("{", "expected a key (a string) at line 1 column 2"),
        ("{\"a\" 1}", "expected `:` at line 1 column 6"),
        (
            "{\"a\": 1,}",
            "expected a key (a string) at line 1 column 9",
        ),
        ("[1,]", "expected a JSON value at line 1 column 4"),
        ("[1 2]", "expected `,` or `]` at line 1 column 4"),
        ("{\"a\": 1 \"b\"}", "expected `,` or `}` at line 1 column 9"),
        (
            "{\"a\": 1, \"a\": 2}",
            "duplicate key `a` at line 1 column 10",
        ),
        ("\n  \"é\" x", "trailing characters at line 2 column 7"),
        ("01", "invalid number (a leading zero) at line 1 column 2"),
        ("1.", "invalid number at line 1 column 3"),
        ("1e", "invalid number at line 1 column 3"),
        ("-", "invalid number at line 1 column 2"),
        ("nul", "expected a JSON value at line 1 column 1"),
        (
            "\"a\u{1}\"",
            "control character in a string at line 1 column 3",
        ),
        ("\"\\x\"", "invalid escape at line 1 column 3"),
        (
            "\"\\ud800\"",
            "lone surrogate in a string at line 1 column 8",
        ),
        (
            "\"\\udc00\"",
            "lone surrogate in a string at line 1 column 8",
        ),
        (
            "\"\\ud800\\u0041\"",
            "lone surrogate in a string at line 1 column 14",
        ),
        ("\"\\u12g4\"", "invalid \\u escape at line 1 column 4"),
        ("\"\\u12", "invalid \\u escape at line 1 column 4"),
        ("\"abc", "EOF while parsing a string at line 1 column 5"),
        ("[1", "EOF while parsing an array at line 1 column 3"),
        ("{\"a\":1", "EOF while parsing an object at line 1 column 7"),
        ("'a'", "expected a JSON value at line 1 column 1"),
    ] {
        assert_eq!(Value::parse(text).expect_err(text), message, "{text:?}");
    }
}

#[test]
fn nesting_is_limited() {
    let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(Value::parse(&ok).is_ok());
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    let e = Value::parse(&deep).expect_err("too deep");
    assert!(e.starts_with("nested too deeply"), "{e}");
}

#[test]
fn typed_fields() {
    let v = parse(
        r#"{"n": 7, "big": 4294967296, "neg": -1, "f": 1.0, "s": "x", "b": true, "z": null, "l": ["a", 1]}"#,
    );
    let mut o = v.object("top").expect("object");
    assert_eq!(o.required("n", Value::u32), Ok(7));
    assert_eq!(
        o.required("big", Value::u32),
        Err("`top.big`: not an integer from 0 to 4294967295".into())
    );
    assert!(o.required("neg", Value::u32).is_err());
    assert_eq!(
        o.required("f", Value::u32),
        Err("`top.f`: expected an integer from 0 to 4294967295, found a number".into())
    );
    assert_eq!(o.required("s", Value::str), Ok("x"));
    assert_eq!(o.required("b", Value::bool), Ok(true));
    assert_eq!(o.nullable("z", Value::str), Ok(None));
    assert_eq!(
        o.opt("z", Value::str),
        Err("`top.z`: expected a string, found null".into())
    );
    assert_eq!(
        o.required("l", |v, p| v.list(p, |i, p| i.str(p).map(str::to_string))),
        Err("`top.l[1]`: expected a string, found a number".into())
    );
    assert_eq!(
        o.required("missing", Value::str),
        Err("missing field `top.missing`".into())
    );
    assert_eq!(o.opt("missing", Value::str), Ok(None));
    assert_eq!(o.finish(), Ok(()));

    let v = parse(r#"{"max": 18446744073709551615, "over": 18446744073709551616}"#);
    let mut o = v.object("").expect("object");
    assert_eq!(o.required("max", Value::u64), Ok(u64::MAX));
    assert_eq!(
        o.required("over", Value::u64),
        Err("`over`: not an integer from 0 to 2^64-1".into())
    );

    let v = parse(r#"{"known": 1, "extra": 2}"#);
    let mut o = v.object("").expect("object");
    assert_eq!(o.required("known", Value::u32), Ok(1));
    assert_eq!(o.finish(), Err("unknown field `extra`".into()));
    assert_eq!(
        parse("[]").object("x").err(),
        Some("`x`: expected an object, found an array".into())
    );
    assert_eq!(
        parse("\"maybe\"").name("x", |n| (n == "yes").then_some(())),
        Err("`x`: unknown value `maybe`".into())
    );
}

#[test]
fn rest_takes_the_members_left() {
    let v = parse(r#"{"a": 1, "b": 2, "c": 3}"#);
    let mut o = v.object("").expect("object");
    o.get("b");
    let rest: Vec<&str> = o.rest().map(|(k, _)| k).collect();
    assert_eq!(rest, ["a", "c"]);
    assert_eq!(o.finish(), Ok(()));
}
