//! [`Gray`]: the 8-bit luma plane every scan works on, with the filters the
//! retry cascade applies (downscale, contrast stretch, unsharp mask, inversion),
//! and the pixel-count check done before any image is allocated.

use rxing::Luma8Source;

use super::MAX_IMAGE_PIXELS;
use crate::error::{Error, ErrorCode, Result};

/// The smallest QR symbol (version 1) is 21 modules wide: nothing smaller can hold one.
pub(crate) const MIN_SIDE: u32 = 21;

/// An 8-bit luma plane, row-major, `width × height` bytes, no padding.
pub(crate) struct Gray {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) data: Vec<u8>,
}

impl Gray {
    pub(crate) fn new(width: u32, height: u32, data: Vec<u8>) -> Result<Gray> {
        if width == 0
            || height == 0
            || (width as usize).checked_mul(height as usize) != Some(data.len())
        {
            return Err(Error::new(
                ErrorCode::BadImage,
                "the decoded image has inconsistent dimensions",
            ));
        }
        Ok(Gray {
            width,
            height,
            data,
        })
    }

    /// Averages `factor × factor` blocks; the right and bottom remainders are dropped.
    pub(crate) fn downscale(&self, factor: u32) -> Option<Gray> {
        let (w, h) = (self.width / factor, self.height / factor);
        if factor < 2 || w < MIN_SIDE || h < MIN_SIDE {
            return None;
        }
        if factor == 2 {
            return Some(self.halved());
        }
        let (f, sw) = (factor as usize, self.width as usize);
        let mut sums = vec![0u32; w as usize];
        let mut data = Vec::with_capacity(w as usize * h as usize);
        let div = (f * f) as u32;
        for block in self.data.chunks_exact(sw * f).take(h as usize) {
            sums.iter_mut().for_each(|s| *s = 0);
            for row in block.chunks_exact(sw) {
                for (sum, px) in sums.iter_mut().zip(row.chunks_exact(f)) {
                    *sum += px.iter().map(|&p| u32::from(p)).sum::<u32>();
                }
            }
            data.extend(sums.iter().map(|&s| ((s + div / 2) / div) as u8));
        }
        Gray::new(w, h, data).ok()
    }

    /// [`Gray::downscale`] by 2 (the common case, written for speed).
    fn halved(&self) -> Gray {
        let (sw, w, h) = (
            self.width as usize,
            self.width as usize / 2,
            self.height as usize / 2,
        );
        let mut data = vec![0u8; w * h];
        for (out, rows) in data.chunks_exact_mut(w).zip(self.data.chunks_exact(2 * sw)) {
            let (top, bottom) = rows.split_at(sw);
            for ((o, t), b) in out
                .iter_mut()
                .zip(top.chunks_exact(2))
                .zip(bottom.chunks_exact(2))
            {
                let sum = u16::from(t[0]) + u16::from(t[1]) + u16::from(b[0]) + u16::from(b[1]);
                *o = ((sum + 2) / 4) as u8;
            }
        }
        Gray {
            width: w as u32,
            height: h as u32,
            data,
        }
    }

    /// Mean of the `(2r+1)²` box around each pixel (edges clamped).
    pub(crate) fn box_mean(&self, r: usize) -> Vec<u8> {
        let (w, h) = (self.width as usize, self.height as usize);
        // Horizontal box sums, then vertical box sums of those.
        let mut rows = vec![0u32; w * h];
        for (src, dst) in self.data.chunks_exact(w).zip(rows.chunks_exact_mut(w)) {
            box_sum(src.iter().map(|&p| u32::from(p)), w, r, dst);
        }
        let mut sums = vec![0u32; w * h];
        let mut col = vec![0u32; h];
        for x in 0..w {
            box_sum(rows.iter().skip(x).step_by(w).copied(), h, r, &mut col);
            for (slot, &s) in sums.iter_mut().skip(x).step_by(w).zip(&col) {
                *slot = s;
            }
        }
        let area = ((2 * r + 1) * (2 * r + 1)) as u32;
        sums.iter()
            .map(|&s| ((s + area / 2) / area) as u8)
            .collect()
    }

    /// Local contrast stretch: each pixel's difference from its box mean,
    /// amplified `gain` times around mid grey. Lifts dim, flat codes above the
    /// binarizer's minimum dynamic range.
    pub(crate) fn stretched(&self, r: usize, gain: i32) -> Gray {
        let data = self
            .data
            .iter()
            .zip(self.box_mean(r))
            .map(|(&p, m)| (128 + gain * (i32::from(p) - i32::from(m))).clamp(0, 255) as u8)
            .collect();
        Gray {
            width: self.width,
            height: self.height,
            data,
        }
    }

    /// Unsharp mask: each pixel plus `amount` times its difference from its
    /// box mean. Restores module edges of out-of-focus codes.
    pub(crate) fn unsharp(&self, r: usize, amount: i32) -> Gray {
        let data = self
            .data
            .iter()
            .zip(self.box_mean(r))
            .map(|(&p, m)| {
                let p = i32::from(p);
                (p + amount * (p - i32::from(m))).clamp(0, 255) as u8
            })
            .collect();
        Gray {
            width: self.width,
            height: self.height,
            data,
        }
    }

    pub(crate) fn inverted(&self) -> Gray {
        Gray {
            width: self.width,
            height: self.height,
            data: self.data.iter().map(|&p| 255 - p).collect(),
        }
    }

    /// The rectangle `[x, x + w) × [y, y + h)`, clipped to the picture;
    /// `None` when it is smaller than a QR symbol.
    pub(crate) fn crop(&self, x: u32, y: u32, w: u32, h: u32) -> Option<Gray> {
        let x1 = x.saturating_add(w).min(self.width);
        let y1 = y.saturating_add(h).min(self.height);
        if x1.saturating_sub(x) < MIN_SIDE || y1.saturating_sub(y) < MIN_SIDE {
            return None;
        }
        let (sw, x, x1) = (self.width as usize, x as usize, x1 as usize);
        let mut data = Vec::with_capacity((x1 - x) * (y1 - y) as usize);
        for row in self
            .data
            .chunks_exact(sw)
            .take(y1 as usize)
            .skip(y as usize)
        {
            data.extend_from_slice(row.get(x..x1)?);
        }
        Gray::new((x1 - x) as u32, y1 - y, data).ok()
    }

    /// A borrowed (zero-copy) rxing luminance source.
    pub(crate) fn source(&self) -> Option<Luma8Source<'_>> {
        Luma8Source::new_with_slice(&self.data, self.width, self.height).ok()
    }
}

/// Sliding sums of `2r+1` values along a line of `len` values, edges clamped.
fn box_sum(values: impl Iterator<Item = u32> + Clone, len: usize, r: usize, out: &mut [u32]) {
    let line: Vec<u32> = values.take(len).collect();
    let at = |i: isize| -> u32 {
        let i = i.clamp(0, len as isize - 1) as usize;
        line.get(i).copied().unwrap_or(0)
    };
    let r = r as isize;
    let mut sum: u32 = (-r..=r).map(at).sum();
    for (i, slot) in out.iter_mut().enumerate().take(len) {
        *slot = sum;
        let i = i as isize;
        sum = sum + at(i + r + 1) - at(i - r);
    }
}

/// Rejects empty or oversized dimensions; used before any allocation.
pub(crate) fn check_pixels(width: u32, height: u32) -> Result<()> {
    if width == 0 || height == 0 {
        return Err(Error::new(
            ErrorCode::BadImage,
            format!("the image has no pixels ({width}×{height})"),
        ));
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_IMAGE_PIXELS {
        return Err(Error::new(
            ErrorCode::ImageTooLarge,
            format!(
                "the image has {pixels} pixels ({width}×{height}), more than the {MAX_IMAGE_PIXELS} allowed"
            ),
        ));
    }
    Ok(())
}
