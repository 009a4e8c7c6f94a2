//! QR codes: render to PNG/SVG, scan PNG/JPEG bytes or a luma (greyscale) buffer.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use qrpass::qr::{self, Ecc, RenderOptions};

use crate::errors::IntoPyResult;

fn options(py: Python<'_>, ecc: &str, module_px: u32, quiet_zone: u32) -> PyResult<RenderOptions> {
    let ecc = ecc.parse::<Ecc>().py(py)?;
    Ok(RenderOptions {
        ecc,
        quiet_zone,
        module_px,
    })
}

/// The QR code of `text` as PNG bytes (1-bit grey).
#[pyfunction]
#[pyo3(signature = (text, ecc = "M", module_px = 8, quiet_zone = 4))]
pub fn render_png<'py>(
    py: Python<'py>,
    text: &str,
    ecc: &str,
    module_px: u32,
    quiet_zone: u32,
) -> PyResult<Bound<'py, PyBytes>> {
    let options = options(py, ecc, module_px, quiet_zone)?;
    let png = py
        .detach(|| qr::encode(text, &options).and_then(|image| image.to_png()))
        .py(py)?;
    Ok(PyBytes::new(py, &png))
}

/// The QR code of `text` as an SVG document.
#[pyfunction]
#[pyo3(signature = (text, ecc = "M", module_px = 8, quiet_zone = 4))]
pub fn render_svg(
    py: Python<'_>,
    text: &str,
    ecc: &str,
    module_px: u32,
    quiet_zone: u32,
) -> PyResult<String> {
    let options = options(py, ecc, module_px, quiet_zone)?;
    qr::encode(text, &options)
        .py(py)
        .map(|image| image.to_svg())
}

/// The texts of the QR codes in a PNG or JPEG file's bytes. Raises
/// `no_qr_found`, `bad_image` or `image_too_large`.
#[pyfunction]
pub fn scan_image(py: Python<'_>, data: &[u8]) -> PyResult<Vec<String>> {
    py.detach(|| qr::scan_image(data)).py(py)
}

/// The texts of the QR codes in a greyscale frame: `width × height` pixels,
/// rows `row_stride` bytes apart (default `width`), as a camera's Y plane.
#[pyfunction]
#[pyo3(signature = (data, width, height, row_stride = None))]
pub fn scan_luma(
    py: Python<'_>,
    data: &[u8],
    width: u32,
    height: u32,
    row_stride: Option<u32>,
) -> PyResult<Vec<String>> {
    let stride = row_stride.unwrap_or(width);
    py.detach(|| qr::scan_luma(width, height, stride, data))
        .py(py)
}
