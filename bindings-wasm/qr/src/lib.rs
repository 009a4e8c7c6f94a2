//! qrpass QR codes for JavaScript (wasm-bindgen): scan canvas frames, luma
//! buffers and PNG/JPEG files; render SVG. A separate module from the verifier,
//! loaded only when a camera or image is used.

use qrpass::qr::{self, Ecc, RenderOptions};
use qrpass::ErrorCode;
use wasm_bindgen::prelude::*;

#[allow(dead_code)]
#[path = "../../src/js.rs"]
mod js;
use js::{error_with, js};

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
