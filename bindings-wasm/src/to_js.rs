//! A serde serialiser that builds JS values directly (plain objects, arrays,
//! strings, numbers, booleans, `null`): the value `JSON.parse` would make of
//! serde_json's text for the same data, without the JSON text, serde_json or
//! float formatting in the module.
//!
//! The same shapes as serde_json: structs and maps are objects (keys in
//! order), `None` and unit are `null`, an enum's unit variant its name, any
//! other variant `{name: content}`, bytes an array of numbers, integers and
//! floats numbers (a non-finite float `null`, as serde_json writes it).

use js_sys::{Array, Object, Reflect};
use serde::ser::{self, Serialize};
use wasm_bindgen::JsValue;

/// Why a value could not be built: a map key that is not a string or an
/// integer, or a `Serialize` implementation's own error.
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, Error>;

/// The JS value of `value`.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue> {
    value.serialize(Serializer)
}

/// Sets `object[key]` for a field name (a Rust identifier, never `__proto__`).
fn put(object: &Object, key: &str, value: &JsValue) -> Result<()> {
    Reflect::set(object, &key.into(), value)
        .map(drop)
        .map_err(|_| Error("cannot set a property".into()))
}

/// Sets `object[key]` as an own data property, as `JSON.parse` does (so a map
/// key `__proto__` is a plain key, not the prototype).
fn set(object: &Object, key: &JsValue, value: &JsValue) -> Result<()> {
    let descriptor = Object::new();
    for (name, v) in [
        ("value", value),
        ("writable", &JsValue::TRUE),
        ("enumerable", &JsValue::TRUE),
        ("configurable", &JsValue::TRUE),
    ] {
        put(&descriptor, name, v)?;
    }
    Reflect::define_property(object, key, &descriptor)
        .map(drop)
        .map_err(|_| Error("cannot set a property".into()))
}

/// `{name: content}`, for enum variants with content.
fn tagged(name: &str, content: &JsValue) -> Result<JsValue> {
    let object = Object::new();
    put(&object, name, content)?;
    Ok(object.into())
}

/// The serialiser (stateless: each value is built on its own).
struct Serializer;

impl ser::Serializer for Serializer {
    type Ok = JsValue;
    type Error = Error;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Seq;
    type SerializeMap = Map;
    type SerializeStruct = Map;
    type SerializeStructVariant = Map;

    fn serialize_bool(self, v: bool) -> Result<JsValue> {
        Ok(v.into())
    }
    fn serialize_i8(self, v: i8) -> Result<JsValue> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<JsValue> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<JsValue> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<JsValue> {
        // What JSON.parse makes of the integer's digits: the nearest double.
        Ok(JsValue::from_f64(v as f64))
    }
    fn serialize_u8(self, v: u8) -> Result<JsValue> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<JsValue> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<JsValue> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<JsValue> {
        Ok(JsValue::from_f64(v as f64))
    }
    fn serialize_f32(self, v: f32) -> Result<JsValue> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<JsValue> {
        Ok(if v.is_finite() {
            JsValue::from_f64(v)
        } else {
            JsValue::NULL
        })
    }
    fn serialize_char(self, v: char) -> Result<JsValue> {
        Ok(JsValue::from_str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<JsValue> {
        Ok(JsValue::from_str(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<JsValue> {
        Ok(v.iter()
            .map(|&b| JsValue::from_f64(b.into()))
            .collect::<Array>()
            .into())
    }
    fn serialize_none(self) -> Result<JsValue> {
        Ok(JsValue::NULL)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<JsValue> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<JsValue> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<JsValue> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<JsValue> {
        Ok(JsValue::from_str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<JsValue> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<JsValue> {
        tagged(variant, &to_js(value)?)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq> {
        Ok(Seq(Array::new(), None))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Seq> {
        Ok(Seq(Array::new(), None))
    }
    fn serialize_tuple_struct(self, _: &'static str, _len: usize) -> Result<Seq> {
        Ok(Seq(Array::new(), None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Seq> {
        Ok(Seq(Array::new(), Some(variant)))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map> {
        Ok(Map::new(None))
    }
    fn serialize_struct(self, _: &'static str, _len: usize) -> Result<Map> {
        Ok(Map::new(None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Map> {
        Ok(Map::new(Some(variant)))
    }
}

/// An array being built; with a variant name for a tuple variant.
struct Seq(Array, Option<&'static str>);

impl Seq {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.0.push(&to_js(value)?);
        Ok(())
    }
    fn done(self) -> Result<JsValue> {
        match self.1 {
            None => Ok(self.0.into()),
            Some(variant) => tagged(variant, &self.0),
        }
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<JsValue> {
        self.done()
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<JsValue> {
        self.done()
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<JsValue> {
        self.done()
    }
}

impl ser::SerializeTupleVariant for Seq {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<JsValue> {
        self.done()
    }
}

/// An object being built, the pending map key, and a variant name for a struct variant.
struct Map {
    object: Object,
    key: Option<JsValue>,
    variant: Option<&'static str>,
}

impl Map {
    fn new(variant: Option<&'static str>) -> Map {
        Map {
            object: Object::new(),
            key: None,
            variant,
        }
    }
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        put(&self.object, key, &to_js(value)?)
    }
    fn done(self) -> Result<JsValue> {
        match self.variant {
            None => Ok(self.object.into()),
            Some(variant) => tagged(variant, &self.object),
        }
    }
}

impl ser::SerializeMap for Map {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        // serde_json's keys: strings, and integers written as their digits.
        let key = to_js(key)?;
        let key = match key.as_f64() {
            Some(n) => JsValue::from_str(&format!("{}", n as i128)),
            None if key.is_string() => key,
            None => return Err(Error("a map key is a string or an integer".into())),
        };
        self.key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("a map value without a key".into()))?;
        set(&self.object, &key, &to_js(value)?)
    }
    fn end(self) -> Result<JsValue> {
        self.done()
    }
}

impl ser::SerializeStruct for Map {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<JsValue> {
        self.done()
    }
}

impl ser::SerializeStructVariant for Map {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<JsValue> {
        self.done()
    }
}
