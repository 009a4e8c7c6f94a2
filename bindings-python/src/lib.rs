//! The native module `qrpass._native`: the qrpass core for Python (pyo3, abi3).
//! The Python package `qrpass` re-exports it and adds streaming helpers.

use pyo3::prelude::*;

mod arrow_in;
mod arrow_out;
mod batch;
mod checkpoint;
mod convert;
mod dcc;
mod errors;
mod idcard;
mod issuance;
mod keys;
mod ledger;
mod models;
mod policy;
mod qr;
mod verify;

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("Error", py.get_type::<errors::Error>())?;
    m.add("FormatError", py.get_type::<errors::FormatError>())?;
    m.add("SignatureError", py.get_type::<errors::SignatureError>())?;
    m.add("TrustError", py.get_type::<errors::TrustError>())?;
    m.add("TimeError", py.get_type::<errors::TimeError>())?;
    m.add_class::<keys::PrivateKey>()?;
    m.add_class::<keys::PublicKey>()?;
    m.add_class::<keys::Issuer>()?;
    m.add_class::<models::Pass>()?;
    m.add_class::<models::Record>()?;
    m.add_class::<verify::Verifier>()?;
    m.add_class::<verify::Verified>()?;
    m.add_class::<verify::VerifyResult>()?;
    m.add_class::<verify::TrustAnchor>()?;
    m.add_class::<policy::Policy>()?;
    m.add_class::<ledger::Ledger>()?;
    m.add_class::<policy::Decision>()?;
    m.add_class::<idcard::IdCard>()?;
    m.add_class::<checkpoint::Checkpoint>()?;
    m.add_function(wrap_pyfunction!(idcard::classify, m)?)?;
    m.add_function(wrap_pyfunction!(idcard::bind, m)?)?;
    m.add_function(wrap_pyfunction!(verify::inspect, m)?)?;
    m.add_function(wrap_pyfunction!(errors::error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(errors::error_families, m)?)?;
    m.add_function(wrap_pyfunction!(errors::error_for_code, m)?)?;
    m.add_function(wrap_pyfunction!(qr::render_png, m)?)?;
    m.add_function(wrap_pyfunction!(qr::render_svg, m)?)?;
    m.add_function(wrap_pyfunction!(qr::scan_image, m)?)?;
    m.add_function(wrap_pyfunction!(qr::scan_luma, m)?)?;
    m.add_class::<qr::Scanner>()?;
    m.add_function(wrap_pyfunction!(batch::issue_many, m)?)?;
    m.add_function(wrap_pyfunction!(issuance::issue_file, m)?)?;
    m.add_class::<dcc::DccVerifier>()?;
    m.add_function(wrap_pyfunction!(dcc::verify_any, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
