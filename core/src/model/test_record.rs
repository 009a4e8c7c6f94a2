//! [`TestRecord`]: a Covid-19 test with its [`TestKind`] and [`TestOutcome`], SPEC.md §6.1.

use ciborium::value::Value;
use serde::{Deserialize, Serialize};

use super::{check_date, enum_field, wire_enum};
use crate::error::Result;
use crate::time::Date;
use crate::wire::cbor::{self, MapReader, MapWriter};

wire_enum! {
    /// The kind of Covid-19 test.
    pub enum TestKind {
        /// RT-PCR.
        Pcr = 1 => "pcr",
        /// Rapid antigen test.
        RapidAntigen = 2 => "rapid_antigen",
    }
}

wire_enum! {
    /// The result of a test.
    pub enum TestOutcome {
        /// Negative.
        Negative = 1 => "negative",
        /// Positive.
        Positive = 2 => "positive",
        /// Inconclusive.
        Inconclusive = 3 => "inconclusive",
    }
}

/// A Covid-19 test: its kind, result and date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestRecord {
    /// PCR or rapid antigen.
    pub kind: TestKind,
    /// The result.
    pub result: TestOutcome,
    /// When the sample was taken.
    pub date: Date,
}

impl TestRecord {
    pub(crate) fn validate(&self) -> Result<()> {
        check_date("test date", self.date)
    }

    pub(crate) fn to_cbor(self) -> Value {
        MapWriter::new()
            .put(1, self.kind.wire())
            .put(2, self.result.wire())
            .put(3, cbor::date_value(self.date))
            .build()
    }

    pub(crate) fn from_cbor(mut m: MapReader) -> Result<TestRecord> {
        let t = TestRecord {
            kind: enum_field(&mut m, 1, TestKind::from_wire)?,
            result: enum_field(&mut m, 2, TestOutcome::from_wire)?,
            date: m.date(3)?,
        };
        m.finish()?;
        Ok(t)
    }
}
