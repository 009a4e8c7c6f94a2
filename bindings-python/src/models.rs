//! Pass models as Python objects: attribute access over the pass's JSON form,
//! `to_dict()`, and construction from a dict or JSON (validated by the core).

use pyo3::prelude::*;
use pyo3::types::PyList;
use std::sync::OnceLock;

use serde_json::Value;

use crate::convert::{json_to_py, py_to_json};
use crate::errors::IntoPyResult;

/// A pass (permit, declaration, infection status or support entitlement),
/// validated and normalised (NFC, trimmed) as the core stores it.
///
/// Fields read as attributes (`p.holder.name`, `p.validity.until`); nested
/// objects are `Record`s; `to_dict()` gives plain dicts and lists.
#[pyclass(frozen, module = "qrpass")]
pub struct Pass {
    pub(crate) pass: qrpass::Pass,
    /// The pass as JSON, built on the first attribute access.
    json: OnceLock<Value>,
}

impl Pass {
    pub(crate) fn new(pass: qrpass::Pass) -> Pass {
        Pass {
            pass,
            json: OnceLock::new(),
        }
    }

    fn json(&self) -> &Value {
        self.json
            .get_or_init(|| serde_json::to_value(&self.pass).unwrap_or(Value::Null))
    }

    /// A core pass from a `Pass`, a dict, or JSON text.
    pub(crate) fn coerce(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<qrpass::Pass> {
        if let Ok(p) = value.cast::<Pass>() {
            return Ok(p.get().pass.clone());
        }
        let json = match value.extract::<String>() {
            Ok(text) => text,
            Err(_) => py_to_json(py, value)?,
        };
        qrpass::Pass::from_json(&json).py(py)
    }
}

#[pymethods]
impl Pass {
    /// Validates and normalises a pass given as a dict (the JSON shape of
    /// `spec/examples/*.json`, with its `"kind"`).
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Pass> {
        Pass::from_json(py, &py_to_json(py, data)?)
    }

    /// Validates and normalises a pass given as JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<Pass> {
        let mut pass = qrpass::Pass::from_json(json).py(py)?;
        pass.validate().py(py)?;
        Ok(Pass::new(pass))
    }

    /// `permit`, `declaration`, `infection_status` or `support_entitlement`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.pass.kind().as_str()
    }

    /// The pass as JSON text.
    fn to_json(&self) -> String {
        self.pass.to_json()
    }

    /// The pass as plain dicts and lists.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(py, &self.pass.to_json())
    }

    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        field(py, self.json(), name)
    }

    fn __dir__(&self) -> Vec<String> {
        keys(self.json())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Pass>()
            .is_ok_and(|o| o.get().pass == self.pass)
    }

    fn __repr__(&self) -> String {
        format!("Pass({})", self.pass.to_json())
    }
}

/// A nested object of a pass (holder, validity, id, ...): attribute access,
/// `to_dict()`, equality with other records and with dicts of the same content.
#[pyclass(frozen, module = "qrpass")]
pub struct Record(Value);

#[pymethods]
impl Record {
    /// The record as a plain dict.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(py, &self.0.to_string())
    }

    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        field(py, &self.0, name)
    }

    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        self.0
            .get(name)
            .map(|v| value_to_py(py, v))
            .unwrap_or_else(|| Err(pyo3::exceptions::PyKeyError::new_err(name.to_string())))
    }

    fn __dir__(&self) -> Vec<String> {
        keys(&self.0)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        if let Ok(r) = other.cast::<Record>() {
            return Ok(r.get().0 == self.0);
        }
        if other.is_instance_of::<pyo3::types::PyDict>() {
            let theirs: Value =
                serde_json::from_str(&py_to_json(py, other)?).unwrap_or(Value::Null);
            return Ok(theirs == self.0);
        }
        Ok(false)
    }

    fn __repr__(&self) -> String {
        format!("Record({})", self.0)
    }
}

/// Attribute `name` of a JSON object: absent optional fields read as `None`,
/// unknown names raise `AttributeError`.
fn field(py: Python<'_>, object: &Value, name: &str) -> PyResult<Py<PyAny>> {
    match object.get(name) {
        Some(v) => value_to_py(py, v),
        None if name.starts_with('_') => Err(pyo3::exceptions::PyAttributeError::new_err(
            name.to_string(),
        )),
        None => Ok(py.None()),
    }
}

fn keys(object: &Value) -> Vec<String> {
    object
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Leaves as Python scalars, objects as `Record`, arrays as lists.
fn value_to_py(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any().unbind(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any().unbind(),
            _ => n
                .as_f64()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(_) => Py::new(py, Record(value.clone()))?.into_any(),
    })
}
