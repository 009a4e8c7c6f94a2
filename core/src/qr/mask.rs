//! Choosing the QR mask pattern fast.
//!
//! The standard asks the encoder to try the eight mask patterns and keep the one
//! with the lowest penalty score. `qrcodegen` does this by redrawing and scoring
//! its boolean grid eight times, which costs about 0.6 ms for a version 10
//! symbol: most of the time of bulk issuing. Here the symbol is encoded once
//! (with mask 0), unmasked, and each mask is applied and scored on a byte plane,
//! with the same scoring rules as `qrcodegen`, so the choice is the same. The
//! final symbol is still drawn by `qrcodegen` with the chosen mask: this module
//! only picks the mask, it never produces modules that end up in an image.

use qrcodegen::{Mask, QrCode, QrCodeEcc};

const PENALTY_N1: u32 = 3;
const PENALTY_N2: u32 = 3;
const PENALTY_N3: u32 = 40;
const PENALTY_N4: u32 = 10;

/// The mask with the lowest penalty for the symbol `code`, which must have been
/// encoded with mask 0 at error correction `ecc`; ties go to the lowest mask
/// number. `None` for symbols wider than 128 modules (versions above 27), which
/// are left to `qrcodegen`'s own choice.
pub(super) fn best_mask(code: &QrCode, ecc: QrCodeEcc) -> Option<Mask> {
    let unmasked = Unmasked::of(code)?;
    let mut best = (u32::MAX, 0u8);
    for mask in 0..8u8 {
        let score = unmasked.with_mask(mask, ecc).penalty();
        if score < best.0 {
            best = (score, mask);
        }
    }
    Some(Mask::new(best.1))
}

/// A symbol with its mask removed, and which modules a mask may touch.
struct Unmasked {
    raw: Lines,
    data: Lines,
}

impl Unmasked {
    /// `code` must carry mask 0; `None` above 128 modules per side.
    fn of(code: &QrCode) -> Option<Self> {
        let size = usize::try_from(code.size()).ok().filter(|&n| n <= 128)?;
        let function = function_modules(size, code.version().value());
        let mut raw = Lines::new(size);
        let mut data = Lines::new(size);
        for y in 0..size {
            for x in 0..size {
                let i = y * size + x;
                data.set(x, y, !function[i]);
                let dark = code.get_module(x as i32, y as i32);
                raw.set(x, y, dark ^ (!function[i] && pattern(0, x, y)));
            }
        }
        Some(Unmasked { raw, data })
    }

    /// The symbol as it is with mask `mask` and its format bits.
    fn with_mask(&self, mask: u8, ecc: QrCodeEcc) -> Lines {
        let size = self.raw.size;
        let full = if size == 128 {
            u128::MAX
        } else {
            (1u128 << size) - 1
        };
        let mut plane = Lines::new(size);
        for i in 0..size {
            // Every mask pattern repeats every 12 modules along a line.
            let row = periodic(|x| pattern(mask, x, i), full);
            let column = periodic(|y| pattern(mask, i, y), full);
            plane.rows[i] = self.raw.rows[i] ^ (row & self.data.rows[i]);
            plane.columns[i] = self.raw.columns[i] ^ (column & self.data.columns[i]);
        }
        draw_format_bits(&mut plane, size, ecc, mask);
        plane
    }
}

/// A line pattern of period 12 given by `bit(0..12)`, repeated and cut to `full`.
fn periodic(bit: impl Fn(usize) -> bool, full: u128) -> u128 {
    let motif = (0..12).fold(0u128, |m, i| m | (u128::from(bit(i)) << i));
    let mut line = motif;
    let mut shift = 12;
    while shift < 128 {
        line |= motif << shift;
        shift += 12;
    }
    line & full
}

/// A square module grid kept twice, as row bit sets and as column bit sets.
struct Lines {
    size: usize,
    rows: Vec<u128>,
    columns: Vec<u128>,
}

impl Lines {
    fn new(size: usize) -> Self {
        Lines {
            size,
            rows: vec![0; size],
            columns: vec![0; size],
        }
    }

    fn set(&mut self, x: usize, y: usize, dark: bool) {
        let (bx, by) = (1u128 << x, 1u128 << y);
        if dark {
            self.rows[y] |= bx;
            self.columns[x] |= by;
        } else {
            self.rows[y] &= !bx;
            self.columns[x] &= !by;
        }
    }

    /// The standard's penalty score (rules N1–N4, as `qrcodegen` computes them).
    fn penalty(&self) -> u32 {
        let size = self.size;
        let mut score = 0;
        for &line in self.rows.iter().chain(&self.columns) {
            score += line_penalty(line, size);
        }
        // N2: 2×2 blocks of one colour. `same` marks x where modules x and x+1
        // of a row agree; two rows then need those and agreement between them.
        let pairs = (1u128 << (size - 1)) - 1;
        let same = |r: u128| !(r ^ (r >> 1)) & pairs;
        for pair in self.rows.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let blocks = same(a) & same(b) & !(a ^ b);
            score += blocks.count_ones() * PENALTY_N2;
        }
        let dark: u32 = self.rows.iter().map(|r| r.count_ones()).sum();
        let total = (size * size) as u32;
        // N4: the smallest k ≥ 0 with (45 − 5k)% ≤ dark/total ≤ (55 + 5k)%.
        // `total` is odd, so the difference is never 0 and k never underflows.
        let k = (dark * 20).abs_diff(total * 10).div_ceil(total) - 1;
        score + k * PENALTY_N4
    }
}

/// Whether mask pattern `mask` inverts the module at column `x`, row `y`.
fn pattern(mask: u8, x: usize, y: usize) -> bool {
    match mask {
        0 => (x + y).is_multiple_of(2),
        1 => y.is_multiple_of(2),
        2 => x.is_multiple_of(3),
        3 => (x + y).is_multiple_of(3),
        4 => (x / 3 + y / 2).is_multiple_of(2),
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3).is_multiple_of(2),
        _ => ((x + y) % 2 + x * y % 3).is_multiple_of(2),
    }
}

/// Modules that masks leave alone: finder patterns with their separators,
/// timing patterns, alignment patterns, format and version information.
fn function_modules(size: usize, version: u8) -> Vec<bool> {
    let mut f = vec![false; size * size];
    let mut mark = |x: usize, y: usize| {
        if x < size && y < size {
            f[y * size + x] = true;
        }
    };
    for i in 0..size {
        mark(6, i);
        mark(i, 6);
    }
    // Finders and separators: the 9×9 squares centred on each finder, clipped;
    // plus the format information strips along row and column 8.
    for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
        for dy in 0..9 {
            for dx in 0..9 {
                if let (Some(x), Some(y)) = ((cx + dx).checked_sub(4), (cy + dy).checked_sub(4)) {
                    mark(x, y);
                }
            }
        }
    }
    for i in 0..9 {
        mark(8, i);
        mark(i, 8);
    }
    for i in 0..8 {
        mark(size - 1 - i, 8);
        mark(8, size - 1 - i);
    }
    let positions = alignment_positions(size, version);
    let last = positions.len().saturating_sub(1);
    for (i, &ay) in positions.iter().enumerate() {
        for (j, &ax) in positions.iter().enumerate() {
            let corner = (i == 0 && (j == 0 || j == last)) || (i == last && j == 0);
            if !corner {
                for y in ay - 2..=ay + 2 {
                    for x in ax - 2..=ax + 2 {
                        mark(x, y);
                    }
                }
            }
        }
    }
    if version >= 7 {
        for i in 0..18 {
            let (a, b) = (size - 11 + i % 3, i / 3);
            mark(a, b);
            mark(b, a);
        }
    }
    f
}

/// Centre coordinates of the alignment patterns of `version` (ISO/IEC 18004 Annex E).
fn alignment_positions(size: usize, version: u8) -> Vec<usize> {
    if version == 1 {
        return Vec::new();
    }
    let count = usize::from(version) / 7 + 2;
    let step = if version == 32 {
        26
    } else {
        (usize::from(version) * 4 + count * 2 + 1) / (count * 2 - 2) * 2
    };
    let mut positions: Vec<usize> = (0..count - 1).map(|i| size - 7 - i * step).collect();
    positions.push(6);
    positions.reverse();
    positions
}

/// Writes the 15 format bits (error correction level and mask, BCH-protected)
/// in both copies, and the dark module.
fn draw_format_bits(plane: &mut Lines, size: usize, ecc: QrCodeEcc, mask: u8) {
    let level: u32 = match ecc {
        QrCodeEcc::Low => 1,
        QrCodeEcc::Medium => 0,
        QrCodeEcc::Quartile => 3,
        QrCodeEcc::High => 2,
    };
    let data = level << 3 | u32::from(mask);
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    let bits = (data << 10 | rem) ^ 0x5412;
    let bit = |i: usize| (bits >> i) & 1 == 1;
    let mut set = |x: usize, y: usize, v: bool| plane.set(x, y, v);
    for i in 0..6 {
        set(8, i, bit(i));
    }
    set(8, 7, bit(6));
    set(8, 8, bit(7));
    set(7, 8, bit(8));
    for i in 9..15 {
        set(14 - i, 8, bit(i));
    }
    for i in 0..8 {
        set(size - 1 - i, 8, bit(i));
    }
    for i in 8..15 {
        set(8, size - 15 + i, bit(i));
    }
    set(8, size - 8, true);
}

/// Rules N1 (runs of five or more) and N3 (finder-like 1:1:3:1:1 patterns with
/// four light modules on one side, the quiet zone counting as light) for one line.
fn line_penalty(line: u128, size: usize) -> u32 {
    let size32 = size as u32;
    let mut score = 0;
    // Run lengths, most recent first; the light border counts as `size` modules.
    let mut history = [0u32; 7];
    let push = |history: &mut [u32; 7], mut run: u32| {
        if history[0] == 0 {
            run += size32; // the light border before the line
        }
        history.copy_within(0..6, 1);
        history[0] = run;
    };
    let patterns = |h: &[u32; 7]| {
        let n = h[1];
        let core = n > 0 && h[2] == n && h[3] == n * 3 && h[4] == n && h[5] == n;
        u32::from(core && h[0] >= n * 4 && h[6] >= n)
            + u32::from(core && h[6] >= n * 4 && h[0] >= n)
    };
    let mut x = 0;
    let mut dark = false;
    let mut run = 0;
    while x < size {
        let rest = line >> x;
        let len = (if rest & 1 == 1 {
            rest.trailing_ones()
        } else {
            rest.trailing_zeros()
        })
        .min((size - x) as u32);
        let color = rest & 1 == 1;
        if x == 0 && color {
            // A line that starts dark: the light run before it is empty.
            push(&mut history, 0);
        } else if x > 0 {
            push(&mut history, run);
            if !dark {
                score += patterns(&history) * PENALTY_N3;
            }
        }
        if len >= 5 {
            score += PENALTY_N1 + (len - 5);
        }
        dark = color;
        run = len;
        x += len as usize;
    }
    if dark {
        push(&mut history, run);
        run = 0;
    }
    push(&mut history, run + size32); // the light border after the line
    score + patterns(&history) * PENALTY_N3
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use qrcodegen::{QrSegment, Version};

    fn encode(text: &str, ecc: QrCodeEcc, mask: Option<Mask>) -> QrCode {
        let segment = QrSegment::make_alphanumeric(text);
        QrCode::encode_segments_advanced(&[segment], ecc, Version::MIN, Version::MAX, mask, false)
            .unwrap()
    }

    fn rows(code: &QrCode) -> Vec<u128> {
        let n = code.size();
        (0..n)
            .map(|y| (0..n).fold(0u128, |r, x| r | (u128::from(code.get_module(x, y)) << x)))
            .collect()
    }

    /// Texts whose symbols cover every version from 1 to 40 at each level.
    fn texts() -> Vec<(String, QrCodeEcc)> {
        const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        let mut out = Vec::new();
        for ecc in [
            QrCodeEcc::Low,
            QrCodeEcc::Medium,
            QrCodeEcc::Quartile,
            QrCodeEcc::High,
        ] {
            let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ ecc as u64;
            let mut len = 5;
            // 40-H holds 1852 alphanumeric characters, 40-L 4296.
            let max = if ecc == QrCodeEcc::High { 1852 } else { 2300 };
            while len <= max {
                let text: String = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        ALNUM[(x % 45) as usize] as char
                    })
                    .collect();
                out.push((text, ecc));
                len = (len * 33 / 32 + 2).min(if len < max { max } else { max + 1 });
            }
        }
        out
    }

    #[test]
    fn planes_match_qrcodegen_for_every_mask() {
        // Unmasking and re-masking with our function-module map and format bits
        // must reproduce, module for module, what qrcodegen draws with that mask,
        // in rows and in columns.
        let mut versions = std::collections::BTreeSet::new();
        for (text, ecc) in texts() {
            let base = encode(&text, ecc, Some(Mask::new(0)));
            let version = base.version().value();
            let Some(unmasked) = Unmasked::of(&base) else {
                assert!(version > 27, "version {version}");
                continue;
            };
            versions.insert(version);
            for mask in 0..8 {
                let plane = unmasked.with_mask(mask, ecc);
                let expected = encode(&text, ecc, Some(Mask::new(mask)));
                assert!(
                    plane.rows == rows(&expected),
                    "version {version} mask {mask}"
                );
                let n = plane.size;
                for x in 0..n {
                    let column = (0..n).fold(0u128, |c, y| {
                        c | (u128::from(expected.get_module(x as i32, y as i32)) << y)
                    });
                    assert_eq!(plane.columns[x], column, "version {version} mask {mask}");
                }
            }
        }
        assert_eq!(versions.len(), 27, "{versions:?}");
    }

    #[test]
    fn choice_matches_qrcodegen_automatic_mask() {
        for (text, ecc) in texts() {
            let base = encode(&text, ecc, Some(Mask::new(0)));
            let automatic = encode(&text, ecc, None);
            match best_mask(&base, ecc) {
                Some(mask) => assert_eq!(
                    mask.value(),
                    automatic.mask().value(),
                    "version {}",
                    base.version().value()
                ),
                None => assert!(base.size() > 128),
            }
        }
    }
}
