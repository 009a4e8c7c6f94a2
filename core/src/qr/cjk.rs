//! The two CJK character sets QR codes name in their own modes: Shift_JIS
//! (Kanji mode, and Japanese byte text) and GB 2312 (Hanzi mode).
//!
//! The tables (`cjk/*.bin`, little-endian `u16` code points, 0 = unmapped) are
//! generated from `encoding_rs` — the decoder rxing used — by
//! `cargo test -p qrpass --lib qr::cjk -- --ignored write_tables`, and a test
//! checks every entry against it. Linking encoding_rs itself would bring all
//! its CJK tables (Big5, EUC-KR, GB18030 four-byte ranges, JIS X 0212):
//! about 100 KB more, gzipped, in the WebAssembly scanner.

/// WHATWG Shift_JIS: pointer = (lead − 0x81 or 0xC1) × 188 + trail − 0x40 or 0x41.
static SHIFT_JIS: &[u8; 2 * SJIS_POINTERS] = include_bytes!("cjk/shift_jis.bin");
/// GB 2312 (the GB18030 two-byte region A1A1–FEFE): (lead − 0xA1) × 94 + trail − 0xA1.
static GB2312: &[u8; 2 * GB_POINTERS] = include_bytes!("cjk/gb2312.bin");

const SJIS_POINTERS: usize = 60 * 188;
const GB_POINTERS: usize = 94 * 94;

fn entry(table: &[u8], pointer: usize) -> Option<char> {
    let v = u16::from_le_bytes([*table.get(2 * pointer)?, *table.get(2 * pointer + 1)?]);
    if v == 0 {
        return None;
    }
    char::from_u32(u32::from(v))
}

/// The Shift_JIS double byte `lead`, `trail` as a table pointer.
fn sjis_pointer(lead: u8, trail: u8) -> Option<usize> {
    let lead_offset = match lead {
        0x81..=0x9F => 0x81,
        0xE0..=0xFC => 0xC1,
        _ => return None,
    };
    let trail_offset = match trail {
        0x40..=0x7E => 0x40,
        0x80..=0xFC => 0x41,
        _ => return None,
    };
    Some(usize::from(lead - lead_offset) * 188 + usize::from(trail - trail_offset))
}

/// Shift_JIS bytes → text, as encoding_rs decodes them; `None` if not valid.
pub(crate) fn shift_jis(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            0x00..=0x80 => out.push(char::from(b)),
            0xA1..=0xDF => out.push(char::from_u32(0xFF61 + u32::from(b - 0xA1))?),
            _ => {
                let trail = *bytes.get(i + 1)?;
                out.push(entry(SHIFT_JIS, sjis_pointer(b, trail)?)?);
                i += 1;
            }
        }
        i += 1;
    }
    Some(out)
}

/// GB 2312 double bytes (A1–FE each) → text; `None` if not valid.
pub(crate) fn gb2312(bytes: &[u8]) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let mut out = String::with_capacity(bytes.len());
    for pair in bytes.chunks_exact(2) {
        let (lead, trail) = (pair[0], pair[1]);
        if !(0xA1..=0xFE).contains(&lead) || !(0xA1..=0xFE).contains(&trail) {
            return None;
        }
        let pointer = usize::from(lead - 0xA1) * 94 + usize::from(trail - 0xA1);
        out.push(entry(GB2312, pointer)?);
    }
    Some(out)
}

#[cfg(all(test, not(target_family = "wasm")))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// encoding_rs's decoding of one double byte, as a table entry.
    fn reference(encoding: &'static encoding_rs::Encoding, lead: u8, trail: u8) -> u16 {
        let pair = [lead, trail];
        let decoded = encoding.decode_without_bom_handling_and_without_replacement(&pair);
        let chars: Vec<char> = decoded.map(|s| s.chars().collect()).unwrap_or_default();
        match chars[..] {
            [c] if (0x80..=0xFFFF).contains(&u32::from(c)) => u32::from(c) as u16,
            _ => 0,
        }
    }

    fn sjis_bytes(pointer: usize) -> (u8, u8) {
        let (lead, trail) = (pointer / 188, pointer % 188);
        let lead = lead as u8 + if lead < 0x1F { 0x81 } else { 0xC1 };
        let trail = trail as u8 + if trail < 0x3F { 0x40 } else { 0x41 };
        (lead, trail)
    }

    fn tables() -> (Vec<u8>, Vec<u8>) {
        let sjis = (0..SJIS_POINTERS)
            .flat_map(|p| {
                let (lead, trail) = sjis_bytes(p);
                reference(encoding_rs::SHIFT_JIS, lead, trail).to_le_bytes()
            })
            .collect();
        let gb = (0..GB_POINTERS)
            .flat_map(|p| {
                let (lead, trail) = ((p / 94) as u8 + 0xA1, (p % 94) as u8 + 0xA1);
                reference(encoding_rs::GB18030, lead, trail).to_le_bytes()
            })
            .collect();
        (sjis, gb)
    }

    #[test]
    fn tables_match_encoding_rs() {
        let (sjis, gb) = tables();
        assert_eq!(
            &sjis[..],
            &SHIFT_JIS[..],
            "regenerate: --ignored write_tables"
        );
        assert_eq!(&gb[..], &GB2312[..], "regenerate: --ignored write_tables");
        // Every valid double byte decodes as encoding_rs does, and the rest fails.
        for p in 0..SJIS_POINTERS {
            let (lead, trail) = sjis_bytes(p);
            let pair = [lead, trail];
            let ours = shift_jis(&pair);
            let theirs =
                encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(&pair);
            assert_eq!(ours.as_deref(), theirs.as_deref(), "{lead:02X}{trail:02X}");
        }
    }

    #[test]
    fn single_bytes_and_bad_sequences() {
        assert_eq!(shift_jis(b"QR \xb1\xdf").unwrap(), "QR ｱﾟ");
        assert_eq!(shift_jis(b"\x88\xa2\x93\x5f").unwrap(), "阿点");
        assert_eq!(shift_jis(b"\x88"), None); // truncated
        assert_eq!(shift_jis(b"\xa0"), None);
        assert_eq!(shift_jis(b"\x88\x20"), None);
        assert_eq!(gb2312(b"\xb0\xa1\xd6\xd0").unwrap(), "啊中");
        assert_eq!(gb2312(b"\xb0"), None);
        assert_eq!(gb2312(b"\x41\xa1"), None);
    }

    /// Writes `cjk/*.bin` from encoding_rs.
    #[test]
    #[ignore]
    fn write_tables() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/qr/cjk");
        std::fs::create_dir_all(&dir).unwrap();
        let (sjis, gb) = tables();
        std::fs::write(dir.join("shift_jis.bin"), sjis).unwrap();
        std::fs::write(dir.join("gb2312.bin"), gb).unwrap();
    }
}
