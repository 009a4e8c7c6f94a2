//! zlib (RFC 1950) inflating with a decompressed-size cap checked while
//! inflating: a decompression bomb stops at the cap, it is never inflated whole.

use crate::error::{err, Result};
use miniz_oxide::inflate::{decompress_to_vec_zlib_with_limit, TINFLStatus};

/// The most bytes a DCC payload may inflate to. Real certificates are under
/// 2 KB; the cap leaves room for any schema version.
pub const MAX_DECOMPRESSED: usize = 32 * 1024;

/// Inflates a zlib stream, refusing output beyond [`MAX_DECOMPRESSED`].
///
/// ```
/// use qrpass::{dcc::zlib::inflate, ErrorCode};
/// // zlib of "hi": header 78 9c, a fixed block, the Adler-32 checksum.
/// assert_eq!(inflate(&[0x78, 0x9c, 0xcb, 0xc8, 0x04, 0x00, 0x01, 0x3b, 0x00, 0xd2]).unwrap(), b"hi");
/// assert_eq!(inflate(b"not zlib").unwrap_err().code(), ErrorCode::BadZlib);
/// ```
pub fn inflate(bytes: &[u8]) -> Result<Vec<u8>> {
    inflate_with_limit(bytes, MAX_DECOMPRESSED)
}

/// Inflates with a caller-chosen cap (tests and tools).
pub fn inflate_with_limit(bytes: &[u8], limit: usize) -> Result<Vec<u8>> {
    if bytes.len() < 2
        || bytes[0] & 0x0f != 8
        || (u16::from(bytes[0]) << 8 | u16::from(bytes[1])) % 31 != 0
    {
        return Err(err!(
            BadZlib,
            "the payload does not start with a zlib header"
        ));
    }
    decompress_to_vec_zlib_with_limit(bytes, limit).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => err!(
            DecompressedTooLarge,
            "the payload inflates beyond {limit} bytes"
        ),
        status => err!(BadZlib, "the zlib stream is damaged ({status:?})"),
    })
}
