//! Arrow output of `Verifier.verify_arrow`: typed result columns built from
//! core's results, handed to pyarrow as one `RecordBatch` through the C data
//! interface (PyCapsules), so no Python object is made per row.
//!
//! The columns hold what `verify_columns` holds (outcome, code, kind, issuer,
//! times, cti), the kid, and the pass fields that say nothing about a person:
//! the validity window, a permit's purpose, a declaration's checkpoint, origin
//! and destination. Names, ID numbers, phones, birth dates, permit and case
//! numbers, plates, amounts and health details are never in it.

use std::sync::Arc;

use arrow_array::builder::{StringBuilder, TimestampSecondBuilder};
use arrow_array::ffi::to_ffi;
use arrow_array::{Array, ArrayRef, StructArray};
use arrow_schema::{Field, Fields};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use qrpass::keys::hex_encode;
use qrpass::verify::Status;
use qrpass::{ErrorCode, Pass, Verified};

use crate::errors::error;

/// The result columns, in order: (name, is a timestamp, always set).
const COLUMNS: [(&str, bool, bool); 14] = [
    ("outcome", false, true),
    ("code", false, false),
    ("kind", false, false),
    ("issuer", false, false),
    ("kid", false, false),
    ("iat", true, false),
    ("exp", true, false),
    ("cti", false, false),
    ("valid_from", true, false),
    ("valid_until", true, false),
    ("purpose", false, false),
    ("checkpoint", false, false),
    ("origin", false, false),
    ("destination", false, false),
];

/// Result columns being filled, one row per verification.
pub(crate) struct Columns {
    text: Vec<StringBuilder>,
    time: Vec<TimestampSecondBuilder>,
}

// Indexes into `Columns::text` and `Columns::time`.
const OUTCOME: usize = 0;
const CODE: usize = 1;
const KIND: usize = 2;
const ISSUER: usize = 3;
const KID: usize = 4;
const CTI: usize = 5;
const PURPOSE: usize = 6;
const CHECKPOINT: usize = 7;
const ORIGIN: usize = 8;
const DESTINATION: usize = 9;
const IAT: usize = 0;
const EXP: usize = 1;
const VALID_FROM: usize = 2;
const VALID_UNTIL: usize = 3;

impl Columns {
    /// Empty columns with room for `rows` rows.
    pub(crate) fn with_capacity(rows: usize) -> Columns {
        let texts = COLUMNS.iter().filter(|c| !c.1).count();
        let times = COLUMNS.len() - texts;
        Columns {
            text: (0..texts)
                .map(|_| StringBuilder::with_capacity(rows, rows * 8))
                .collect(),
            time: (0..times)
                .map(|_| TimestampSecondBuilder::with_capacity(rows).with_timezone("UTC"))
                .collect(),
        }
    }

    /// Appends one verification's row.
    pub(crate) fn push(&mut self, result: &qrpass::Result<Verified>) {
        let (t, s) = (&mut self.text, &mut self.time);
        t[OUTCOME].append_value(Status::of(result).as_str());
        match result {
            Ok(v) => {
                t[CODE].append_null();
                t[KIND].append_value(v.pass.kind().as_str());
                t[ISSUER].append_value(&v.issuer);
                t[KID].append_value(v.kid.to_hex());
                t[CTI].append_value(hex_encode(&v.cti));
                s[IAT].append_value(v.iat.unix());
                s[EXP].append_value(v.exp.unix());
                let validity = v.pass.validity();
                s[VALID_FROM].append_value(validity.from.unix());
                s[VALID_UNTIL].append_value(validity.until.unix());
                self.push_pass_fields(&v.pass);
            }
            Err(e) => {
                t[CODE].append_value(e.code().as_str());
                for i in [
                    KIND,
                    ISSUER,
                    KID,
                    CTI,
                    PURPOSE,
                    CHECKPOINT,
                    ORIGIN,
                    DESTINATION,
                ] {
                    t[i].append_null();
                }
                s.iter_mut().for_each(|c| c.append_null());
            }
        }
    }

    fn push_pass_fields(&mut self, pass: &Pass) {
        let t = &mut self.text;
        let (purpose, checkpoint, route) = match pass {
            Pass::Permit(p) => (Some(p.purpose.as_str()), None, None),
            Pass::Declaration(d) => (
                None,
                Some(d.checkpoint.as_str()),
                Some((d.origin.as_str(), d.destination.as_str())),
            ),
            _ => (None, None, None),
        };
        t[PURPOSE].append_option(purpose);
        t[CHECKPOINT].append_option(checkpoint);
        t[ORIGIN].append_option(route.map(|r| r.0));
        t[DESTINATION].append_option(route.map(|r| r.1));
    }

    /// The finished columns as one struct array (a record batch's layout).
    pub(crate) fn finish(self) -> StructArray {
        let mut text = self.text.into_iter();
        let mut time = self.time.into_iter();
        let mut fields = Vec::with_capacity(COLUMNS.len());
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(COLUMNS.len());
        for (name, is_time, required) in COLUMNS {
            let array: ArrayRef = if is_time {
                time.next().map(|mut b| Arc::new(b.finish()) as ArrayRef)
            } else {
                text.next().map(|mut b| Arc::new(b.finish()) as ArrayRef)
            }
            .unwrap_or_else(|| Arc::new(arrow_array::NullArray::new(0)));
            fields.push(Field::new(name, array.data_type().clone(), !required));
            arrays.push(array);
        }
        StructArray::new(Fields::from(fields), arrays, None)
    }
}

/// Hands `batch` to pyarrow (`pyarrow.RecordBatch._import_from_c_capsule`,
/// what `pyarrow.record_batch` calls for an `__arrow_c_array__` object).
pub(crate) fn to_pyarrow<'py>(py: Python<'py>, batch: StructArray) -> PyResult<Bound<'py, PyAny>> {
    let (array, schema) = to_ffi(&batch.to_data())
        .map_err(|e| error(py, ErrorCode::Internal, format!("Arrow export failed: {e}")))?;
    // Each capsule owns its struct; pyarrow moves it out (leaving it released),
    // and a capsule never imported releases it when collected.
    let schema = PyCapsule::new_with_value(py, schema, c"arrow_schema")?;
    let array = PyCapsule::new_with_value(py, array, c"arrow_array")?;
    py.import("pyarrow")?
        .getattr("RecordBatch")?
        .call_method1("_import_from_c_capsule", (schema, array))
}
