//! Arrow input of `Verifier.verify_arrow`: a string column from any object of
//! the Arrow PyCapsule interface (`__arrow_c_stream__` or `__arrow_c_array__`:
//! pyarrow arrays and chunked arrays, pandas and Polars Series), imported
//! through the C data interface, so no Python object is made per row.

use std::ffi::{CStr, CString};

use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, from_ffi_and_data_type, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{make_array, Array, ArrayRef};
use arrow_schema::DataType;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods};
use qrpass::ErrorCode;

use crate::errors::error;

const STREAM: &CStr = c"arrow_array_stream";
const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";

/// The chunks of one string column (utf8, large_utf8 or string_view), in order.
pub(crate) struct Strings(Vec<ArrayRef>);

impl Strings {
    /// Imports `obj`'s Arrow data; `invalid_argument` when it exports none, or
    /// exports something other than strings.
    pub(crate) fn import(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Strings> {
        // A producer's own failure (a pandas column pyarrow cannot convert, a
        // wrong capsule) is the caller's input, refused as `invalid_argument`.
        let export = |e: PyErr| arrow_error(py, "export", e);
        let chunks = if obj.hasattr("__arrow_c_stream__")? {
            let capsule = obj.call_method0("__arrow_c_stream__").map_err(export)?;
            let capsule = capsule.cast::<PyCapsule>().map_err(|e| export(e.into()))?;
            import_stream(py, capsule)?
        } else if obj.hasattr("__arrow_c_array__")? {
            let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = obj
                .call_method0("__arrow_c_array__")
                .and_then(|pair| pair.extract())
                .map_err(export)?;
            vec![import_array(py, &schema, &array)?]
        } else {
            let kind = obj.get_type().name()?;
            return Err(error(
                py,
                ErrorCode::InvalidArgument,
                format!(
                    "verify_arrow takes an Arrow string column (an object with __arrow_c_stream__ \
                     or __arrow_c_array__: pyarrow, pandas, Polars), not {kind}"
                ),
            ));
        };
        Ok(Strings(chunks))
    }

    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        self.0.iter().map(|c| c.len()).sum()
    }

    /// Calls `f` with the texts of up to `size` rows at a time, in order; a
    /// null row is the empty text (which core refuses with `empty_input`).
    pub(crate) fn for_each_slice(&self, size: usize, mut f: impl FnMut(&[&str])) {
        let mut texts: Vec<&str> = Vec::with_capacity(size);
        for chunk in &self.0 {
            let mut start = 0;
            while start < chunk.len() {
                let end = chunk.len().min(start + size);
                texts.clear();
                push_texts(chunk.as_ref(), start..end, &mut texts);
                f(&texts);
                start = end;
            }
        }
    }
}

fn push_texts<'a>(chunk: &'a dyn Array, rows: std::ops::Range<usize>, out: &mut Vec<&'a str>) {
    macro_rules! push {
        ($array:expr) => {{
            let a = $array;
            out.extend(rows.map(|i| if a.is_null(i) { "" } else { a.value(i) }))
        }};
    }
    match chunk.data_type() {
        DataType::Utf8 => push!(chunk.as_string::<i32>()),
        DataType::LargeUtf8 => push!(chunk.as_string::<i64>()),
        // `check_type` admitted nothing else.
        _ => push!(chunk.as_string_view()),
    }
}

/// Whether the strings are wrapped in a one-column struct (a table or record
/// batch stream of one column); `invalid_argument` when there are no strings.
fn check_type(py: Python<'_>, data_type: &DataType) -> PyResult<bool> {
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Ok(false),
        DataType::Struct(fields) if fields.len() == 1 => check_type(py, fields[0].data_type())
            .and_then(|nested| match nested {
                false => Ok(true),
                true => Err(not_strings(py, data_type)),
            }),
        other => Err(not_strings(py, other)),
    }
}

fn not_strings(py: Python<'_>, data_type: &DataType) -> PyErr {
    error(
        py,
        ErrorCode::InvalidArgument,
        format!(
            "verify_arrow takes strings (utf8, large_utf8 or string_view, or a table of one \
             such column), not {data_type}"
        ),
    )
}

/// The string array itself, out of its one-column struct when `wrapped`.
fn unwrap_column(array: ArrayRef, wrapped: bool) -> ArrayRef {
    match wrapped {
        true => array.as_struct().column(0).clone(),
        false => array,
    }
}

fn arrow_error(py: Python<'_>, what: &str, e: impl std::fmt::Display) -> PyErr {
    error(
        py,
        ErrorCode::InvalidArgument,
        format!("the Arrow {what} could not be imported: {e}"),
    )
}

fn import_array(
    py: Python<'_>,
    schema: &Bound<'_, PyCapsule>,
    array: &Bound<'_, PyCapsule>,
) -> PyResult<ArrayRef> {
    let export = |e: PyErr| arrow_error(py, "export", e);
    let schema_ptr = schema.pointer_checked(Some(SCHEMA)).map_err(export)?;
    let array_ptr = array.pointer_checked(Some(ARRAY)).map_err(export)?;
    let schema_ptr = schema_ptr.cast::<FFI_ArrowSchema>();
    let array_ptr = array_ptr.cast::<FFI_ArrowArray>();
    // SAFETY: the capsule names promise an ArrowSchema and an ArrowArray (the
    // PyCapsule interface); the schema is only read, and the array is moved
    // out, leaving a released one for its capsule's destructor.
    let schema = unsafe { schema_ptr.as_ref() };
    let data_type = DataType::try_from(schema).map_err(|e| arrow_error(py, "schema", e))?;
    let wrapped = check_type(py, &data_type)?;
    let array = unsafe { FFI_ArrowArray::from_raw(array_ptr.as_ptr()) };
    let data = unsafe { from_ffi(array, schema) }.map_err(|e| arrow_error(py, "array", e))?;
    Ok(unwrap_column(make_array(data), wrapped))
}

fn import_stream(py: Python<'_>, capsule: &Bound<'_, PyCapsule>) -> PyResult<Vec<ArrayRef>> {
    let ptr = capsule
        .pointer_checked(Some(STREAM))
        .map_err(|e| arrow_error(py, "export", e))?
        .cast::<FFI_ArrowArrayStream>();
    // SAFETY: the capsule's name promises an ArrowArrayStream; it is moved out,
    // leaving a released one for the capsule's destructor, and released on drop.
    let mut stream = unsafe { FFI_ArrowArrayStream::from_raw(ptr.as_ptr()) };
    let (Some(get_schema), Some(get_next)) = (stream.get_schema, stream.get_next) else {
        return Err(arrow_error(py, "stream", "it is already released"));
    };
    let mut schema = FFI_ArrowSchema::empty();
    // SAFETY: a live stream's callbacks, called as the C stream interface says.
    let rc = unsafe { get_schema(&mut stream, &mut schema) };
    if rc != 0 {
        return Err(stream_error(py, &mut stream, rc));
    }
    let data_type = DataType::try_from(&schema).map_err(|e| arrow_error(py, "schema", e))?;
    let wrapped = check_type(py, &data_type)?;
    let mut chunks = Vec::new();
    loop {
        let mut array = FFI_ArrowArray::empty();
        let rc = unsafe { get_next(&mut stream, &mut array) };
        if rc != 0 {
            return Err(stream_error(py, &mut stream, rc));
        }
        if array.is_released() {
            return Ok(chunks);
        }
        let data = unsafe { from_ffi_and_data_type(array, data_type.clone()) }
            .map_err(|e| arrow_error(py, "array", e))?;
        chunks.push(unwrap_column(make_array(data), wrapped));
    }
}

fn stream_error(py: Python<'_>, stream: &mut FFI_ArrowArrayStream, rc: i32) -> PyErr {
    let message = stream
        .get_last_error
        // SAFETY: the stream's own callback; it returns null or a C string it owns.
        .map(|f| unsafe { f(stream) })
        .filter(|p| !p.is_null())
        .map(|p| unsafe { CStr::from_ptr(p) }.to_owned())
        .unwrap_or_else(|| CString::from(c"no message"));
    arrow_error(
        py,
        "stream",
        format!("error {rc}: {}", message.to_string_lossy()),
    )
}
