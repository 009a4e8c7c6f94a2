//! qrpass QR codes for JavaScript (wasm-bindgen): scan canvas frames, luma
//! buffers and PNG/JPEG files; render SVG. A separate module from the verifier,
//! loaded only when a camera or image is used.

use qrpass::qr::{self, Ecc, RenderOptions};
use qrpass::ErrorCode;
use wasm_bindgen::prelude::*;

#[allow(dead_code)]
#[path = "../../src/js.rs"]
mod js;
use js::{error_with, js, object};

/// The texts of the QR codes in canvas pixels: an `ImageData` (or any
/// `{data: Uint8ClampedArray (RGBA), width, height}`).
#[wasm_bindgen(js_name = scanImageData)]
pub fn scan_image_data(image: &JsValue) -> Result<Vec<String>, JsValue> {
    let field = |name: &str| js_sys::Reflect::get(image, &name.into());
    let width = field("width")?.as_f64();
    let height = field("height")?.as_f64();
    let data = field("data")?;
    let (Some(width), Some(height)) = (width, height) else {
        return Err(error_with(
            ErrorCode::InvalidArgument,
            "ImageData needs width and height",
        ));
    };
    let rgba = if let Some(a) = data.dyn_ref::<js_sys::Uint8ClampedArray>() {
        a.to_vec()
    } else if let Some(a) = data.dyn_ref::<js_sys::Uint8Array>() {
        a.to_vec()
    } else {
        return Err(error_with(
            ErrorCode::InvalidArgument,
            "ImageData.data must be a Uint8ClampedArray",
        ));
    };
    js(qr::scan_rgba(dimension(width)?, dimension(height)?, &rgba))
}

/// The texts of the QR codes in a greyscale frame (`rowStride` defaults to `width`).
#[wasm_bindgen(js_name = scanLuma)]
pub fn scan_luma(
    luma: &[u8],
    width: f64,
    height: f64,
    row_stride: Option<f64>,
) -> Result<Vec<String>, JsValue> {
    let width = dimension(width)?;
    let stride = match row_stride {
        Some(s) => dimension(s)?,
        None => width,
    };
    js(qr::scan_luma(width, dimension(height)?, stride, luma))
}

/// The texts of the QR codes in a PNG or JPEG file's bytes.
#[wasm_bindgen(js_name = scanImage)]
pub fn scan_image(bytes: &[u8]) -> Result<Vec<String>, JsValue> {
    js(qr::scan_image(bytes))
}

/// The QR code of `text` as an SVG document; `ecc` is `"L"`, `"M"` (default),
/// `"Q"` or `"H"`.
#[wasm_bindgen(js_name = renderSvg)]
pub fn render_svg(text: &str, ecc: Option<String>) -> Result<String, JsValue> {
    let ecc = match ecc {
        None => Ecc::M,
        Some(level) => js(level.parse::<Ecc>())?,
    };
    let options = RenderOptions {
        ecc,
        ..RenderOptions::default()
    };
    js(qr::encode(text, &options)).map(|image| image.to_svg())
}

fn dimension(value: f64) -> Result<u32, JsValue> {
    if value.is_finite() && value >= 0.0 && value <= f64::from(u32::MAX) && value.fract() == 0.0 {
        Ok(value as u32)
    } else {
        Err(error_with(
            ErrorCode::InvalidArgument,
            format!("{value} is not a pixel count"),
        ))
    }
}

/// A camera-loop scanner (core's `qrpass::qr::Scanner`): keeps the last code's
/// position between frames and skips frames without finder patterns. Made by
/// `createScanner()` in `index.js`, which also accepts `ArrayBuffer`s (as
/// transferred to a Web Worker).
#[wasm_bindgen(js_name = QrScanner)]
pub struct QrScanner {
    inner: qr::Scanner,
}

/// A code and its corners as JS sees it.
#[derive(serde::Serialize)]
struct CodeJs<'a> {
    text: &'a str,
    corners: [PointJs; 4],
}

#[derive(serde::Serialize)]
struct PointJs {
    x: f32,
    y: f32,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct StatsJs {
    frames: u64,
    skipped: u64,
    from_region: u64,
    decoded: u64,
}

#[wasm_bindgen(js_class = QrScanner)]
impl QrScanner {
    /// A scanner; `prepass` and `regionOfInterest` (both default `true`)
    /// switch off the finder-pattern pre-pass and the regions of interest.
    #[wasm_bindgen(constructor)]
    pub fn new(prepass: Option<bool>, region_of_interest: Option<bool>) -> QrScanner {
        QrScanner {
            inner: qr::Scanner::with_options(qr::ScannerOptions {
                prepass: prepass.unwrap_or(true),
                region_of_interest: region_of_interest.unwrap_or(true),
            }),
        }
    }

    /// The codes in a greyscale frame, as `[{text, corners: [{x, y} × 4]}]`,
    /// passes first; `[]` when there is none.
    #[wasm_bindgen(js_name = scanLuma)]
    pub fn scan_luma(
        &mut self,
        luma: &[u8],
        width: f64,
        height: f64,
        row_stride: Option<f64>,
    ) -> Result<JsValue, JsValue> {
        let width = dimension(width)?;
        let stride = match row_stride {
            Some(s) => dimension(s)?,
            None => width,
        };
        let codes = js(self
            .inner
            .scan_luma(width, dimension(height)?, stride, luma))?;
        codes_js(&codes)
    }

    /// The codes in RGBA pixels (`width × height × 4` bytes), as [`Self::scan_luma`].
    #[wasm_bindgen(js_name = scanRgba)]
    pub fn scan_rgba(&mut self, rgba: &[u8], width: f64, height: f64) -> Result<JsValue, JsValue> {
        let codes = js(self
            .inner
            .scan_rgba(dimension(width)?, dimension(height)?, rgba))?;
        codes_js(&codes)
    }

    /// `{frames, skipped, fromRegion, decoded}` since the scanner was made or reset.
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        let s = self.inner.stats();
        object(&StatsJs {
            frames: s.frames,
            skipped: s.skipped,
            from_region: s.from_region,
            decoded: s.decoded,
        })
    }

    /// Forgets the last code's position and zeroes the counters.
    pub fn reset(&mut self) {
        self.inner.reset();
    }
}

fn codes_js(codes: &[qr::Code]) -> Result<JsValue, JsValue> {
    let list: Vec<CodeJs> = codes
        .iter()
        .map(|c| CodeJs {
            text: &c.text,
            corners: c.corners.map(|p| PointJs { x: p.x, y: p.y }),
        })
        .collect();
    object(&list)
}

/// Traps the module on purpose (`unreachable`): for tests of an app that must
/// restart its scanner when the WebAssembly module traps. Never call it otherwise.
#[wasm_bindgen(js_name = forceTrapForTests)]
pub fn force_trap_for_tests() {
    std::process::abort();
}
