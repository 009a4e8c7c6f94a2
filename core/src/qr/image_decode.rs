//! PNG and JPEG bytes to an 8-bit luma (grey) plane, with the size checked
//! from the file header before any pixel buffer is allocated.

use std::io::Cursor;

use super::gray::{check_pixels, Gray};
use crate::error::{Error, ErrorCode, Result};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG_SIGNATURE: &[u8] = &[0xFF, 0xD8, 0xFF];
/// Memory the PNG decoder may use for its own buffers (chunks, rows, metadata).
const PNG_DECODER_LIMIT: usize = 64 << 20;

fn bad(what: &str, e: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::BadImage,
        format!("the {what} image could not be decoded: {e}"),
    )
}

/// Decodes PNG or JPEG bytes (chosen by signature) to luma.
pub(crate) fn decode_to_gray(bytes: &[u8]) -> Result<Gray> {
    if bytes.is_empty() {
        return Err(Error::new(ErrorCode::EmptyInput, "the image is empty"));
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        decode_png(bytes)
    } else if bytes.starts_with(JPEG_SIGNATURE) {
        decode_jpeg(bytes)
    } else {
        Err(Error::new(
            ErrorCode::BadImage,
            "the image is neither PNG nor JPEG",
        ))
    }
}

/// Grey level of one pixel composited over white (so transparent pixels are light).
#[inline]
fn over_white(luma: u32, alpha: u32) -> u8 {
    ((luma * alpha + 255 * (255 - alpha) + 127) / 255) as u8
}

/// BT.601 luma of an RGB pixel, in integers.
#[inline]
pub(crate) fn rgb_luma(r: u8, g: u8, b: u8) -> u32 {
    (77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b) + 128) >> 8
}

/// Appends the luma of one row of 8-bit samples with `channels` per pixel.
pub(crate) fn row_to_luma(row: &[u8], channels: usize, width: usize, out: &mut Vec<u8>) {
    let row = row.get(..width * channels).unwrap_or(row);
    match channels {
        1 => out.extend_from_slice(row),
        2 => out.extend(
            row.chunks_exact(2)
                .map(|p| over_white(u32::from(p[0]), u32::from(p[1]))),
        ),
        3 => out.extend(
            row.chunks_exact(3)
                .map(|p| rgb_luma(p[0], p[1], p[2]) as u8),
        ),
        // Opaque pixels (nearly all of a canvas) skip the division by 255:
        // over_white(l, 255) = l.
        _ => out.extend(row.chunks_exact(4).map(|p| {
            let luma = rgb_luma(p[0], p[1], p[2]);
            if p[3] == u8::MAX {
                luma as u8
            } else {
                over_white(luma, u32::from(p[3]))
            }
        })),
    }
}

fn decode_png(bytes: &[u8]) -> Result<Gray> {
    let mut decoder = png::Decoder::new_with_limits(
        Cursor::new(bytes),
        png::Limits {
            bytes: PNG_DECODER_LIMIT,
        },
    );
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    decoder.set_ignore_text_chunk(true);
    decoder.set_ignore_iccp_chunk(true);
    let header = decoder.read_header_info().map_err(|e| bad("PNG", e))?;
    let (width, height) = (header.width, header.height);
    check_pixels(width, height)?;
    let mut reader = decoder.read_info().map_err(|e| bad("PNG", e))?;
    let channels = match reader.output_color_type().0 {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => {
            return Err(Error::new(
                ErrorCode::BadImage,
                "the PNG palette could not be expanded",
            ))
        }
    };
    let (w, h) = (width as usize, height as usize);
    let mut luma = Vec::with_capacity(w * h);
    if reader.info().interlaced {
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| Error::new(ErrorCode::ImageTooLarge, "the PNG is too large"))?;
        let mut frame = vec![0u8; size];
        let info = reader.next_frame(&mut frame).map_err(|e| bad("PNG", e))?;
        for row in frame.chunks(info.line_size.max(1)).take(h) {
            row_to_luma(row, channels, w, &mut luma);
        }
    } else {
        while let Some(row) = reader.next_row().map_err(|e| bad("PNG", e))? {
            row_to_luma(row.data(), channels, w, &mut luma);
        }
    }
    if luma.len() != w * h {
        return Err(Error::new(
            ErrorCode::BadImage,
            "the PNG ended before its last row",
        ));
    }
    Gray::new(width, height, luma)
}

fn decode_jpeg(bytes: &[u8]) -> Result<Gray> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;

    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(1 << 16)
        .set_max_height(1 << 16);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(|e| bad("JPEG", e))?;
    let (w, h) = decoder
        .dimensions()
        .ok_or_else(|| Error::new(ErrorCode::BadImage, "the JPEG has no dimensions"))?;
    let (width, height) = (
        u32::try_from(w).map_err(|e| bad("JPEG", e))?,
        u32::try_from(h).map_err(|e| bad("JPEG", e))?,
    );
    check_pixels(width, height)?;
    let pixels = decoder.decode().map_err(|e| bad("JPEG", e))?;
    let channels = decoder
        .output_colorspace()
        .map(|c| c.num_components())
        .unwrap_or(1);
    if channels == 1 {
        return Gray::new(width, height, pixels);
    }
    // A colour space the decoder could not reduce to luma (e.g. CMYK): convert here.
    let mut luma = Vec::with_capacity(w * h);
    for row in pixels.chunks(w * channels).take(h) {
        if channels == 4 {
            // Adobe CMYK JPEGs store inverted ink values; treat them as RGB-ish.
            row_to_luma_no_alpha(row, &mut luma);
        } else {
            row_to_luma(row, channels.min(3), w, &mut luma);
        }
    }
    Gray::new(width, height, luma)
}

fn row_to_luma_no_alpha(row: &[u8], out: &mut Vec<u8>) {
    out.extend(
        row.chunks_exact(4)
            .map(|p| rgb_luma(p[0], p[1], p[2]) as u8),
    );
}
