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

/// A camera-loop scanner (core's `qrpass.qr.Scanner`): keeps the last code's
/// box between frames and skips frames without finder patterns. Methods
/// return `[{"text": str, "corners": [(x, y)] * 4}]`, corners clockwise from
/// the code's top left; `[]` for a frame without a code.
#[pyclass(module = "qrpass")]
pub struct Scanner {
    inner: qr::Scanner,
}

type CodeDict = (String, Vec<(f32, f32)>);

fn codes_out(
    py: Python<'_>,
    codes: Vec<qr::Code>,
) -> PyResult<Vec<Bound<'_, pyo3::types::PyDict>>> {
    codes
        .into_iter()
        .map(|c| {
            let (text, corners): CodeDict =
                (c.text, c.corners.iter().map(|p| (p.x, p.y)).collect());
            let d = pyo3::types::PyDict::new(py);
            d.set_item("text", text)?;
            d.set_item("corners", corners)?;
            Ok(d)
        })
        .collect()
}

#[pymethods]
impl Scanner {
    /// A scanner; `prepass` and `region_of_interest` (both on by default)
    /// switch off the finder-pattern pre-pass and the regions of interest.
    #[new]
    #[pyo3(signature = (prepass = true, region_of_interest = true))]
    fn new(prepass: bool, region_of_interest: bool) -> Scanner {
        Scanner {
            inner: qr::Scanner::with_options(qr::ScannerOptions {
                prepass,
                region_of_interest,
            }),
        }
    }

    /// The codes in a greyscale frame (arguments as `scan_luma`).
    #[pyo3(signature = (data, width, height, row_stride = None))]
    fn scan_luma<'py>(
        &mut self,
        py: Python<'py>,
        data: &[u8],
        width: u32,
        height: u32,
        row_stride: Option<u32>,
    ) -> PyResult<Vec<Bound<'py, pyo3::types::PyDict>>> {
        let stride = row_stride.unwrap_or(width);
        let inner = &mut self.inner;
        let codes = py
            .detach(|| inner.scan_luma(width, height, stride, data))
            .py(py)?;
        codes_out(py, codes)
    }

    /// The codes in RGBA pixels (`width × height × 4` bytes, as a canvas).
    fn scan_rgba<'py>(
        &mut self,
        py: Python<'py>,
        data: &[u8],
        width: u32,
        height: u32,
    ) -> PyResult<Vec<Bound<'py, pyo3::types::PyDict>>> {
        let inner = &mut self.inner;
        let codes = py.detach(|| inner.scan_rgba(width, height, data)).py(py)?;
        codes_out(py, codes)
    }

    /// `{"frames", "skipped", "from_region", "decoded"}` since made or reset.
    fn stats(&self) -> std::collections::HashMap<&'static str, u64> {
        let s = self.inner.stats();
        std::collections::HashMap::from([
            ("frames", s.frames),
            ("skipped", s.skipped),
            ("from_region", s.from_region),
            ("decoded", s.decoded),
        ])
    }

    /// Forgets the last code's box and zeroes the counters.
    fn reset(&mut self) {
        self.inner.reset();
    }
}
