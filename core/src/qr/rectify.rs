//! The last retry for steep angles: undo the affine part of the view using
//! three finder patterns found by the pre-pass.
//!
//! zxing-cpp's detector (as ported by rxing) only pairs finders whose "L" has
//! an angle of 60–120° and arms within a factor 2; a code tilted 30–45° and
//! rolled can fall outside. The picture is resampled (bilinear) so that the
//! three finder centres form a right-angled "L" with equal arms; what remains
//! of the perspective is within what the detector samples.

use super::finder::{Candidate, Triple};
use super::gray::Gray;
use super::scanner::Point;

/// Modules of margin around the finder centres: 3.5 to the symbol's edge,
/// 4 of quiet zone, and some slack for the remaining perspective.
const MARGIN_MODULES: f32 = 10.0;
/// The rectified picture is at most this many pixels per side.
const MAX_SIDE: f32 = 2048.0;

/// A rectified picture and the map from its pixels back to the frame.
pub(crate) struct Rectified {
    pub(crate) gray: Gray,
    map: Map,
}

impl Rectified {
    /// The frame point of a rectified-picture point.
    pub(crate) fn to_frame(&self, p: Point) -> Point {
        let (x, y) = self.map.apply(p.x, p.y);
        Point { x, y }
    }
}

/// Rectified pixel (x, y) ↦ frame: with card coordinates
/// (s, t) = ((x − margin)/arm, (y − margin)/arm), in which the finder centres
/// are at (0, 0), (1, 0) and (0, 1), frame = (b + s·a' + t·c') / (1 + g·s + h·t).
#[derive(Clone, Copy)]
struct Map {
    margin: f32,
    arm: f32,
    b: (f32, f32),
    a: (f32, f32),
    c: (f32, f32),
    g: f32,
    h: f32,
}

impl Map {
    fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let (s, t) = ((x - self.margin) / self.arm, (y - self.margin) / self.arm);
        let w = 1.0 + self.g * s + self.h * t;
        (
            (self.b.0 + s * self.a.0 + t * self.c.0) / w,
            (self.b.1 + s * self.a.1 + t * self.c.1) / w,
        )
    }
}

/// Resamples `gray` so that `t`'s finders form a right-angled "L" with equal
/// arms. The finders' module sizes (larger means nearer) set the depth,
/// their effect weighted by `perspective` (0: an affine map).
pub(crate) fn rectify(gray: &Gray, t: &Triple, perspective: f32) -> Option<Rectified> {
    let b = t.corner;
    // Order the arms so that the result is not mirrored: a to the right, c down.
    let [mut a, mut c] = t.arms;
    let cross = (a.x - b.x) * (c.y - b.y) - (a.y - b.y) * (c.x - b.x);
    if cross < 0.0 {
        std::mem::swap(&mut a, &mut c);
    }
    let len = |p: &Candidate| ((p.x - b.x).powi(2) + (p.y - b.y).powi(2)).sqrt();
    let arm = len(&a).max(len(&c));
    let module = (a.module + b.module + c.module) / 3.0;
    let margin = MARGIN_MODULES * module * arm / len(&a).min(len(&c)).max(1.0);
    let side = arm + 2.0 * margin;
    if !(side.is_finite() && (21.0..=MAX_SIDE).contains(&side)) {
        return None;
    }
    // Depth from module size: w = 1 + g·s + h·t is 1 at b and b.module/a.module at a.
    let (g, h) = (
        perspective * (b.module / a.module - 1.0),
        perspective * (b.module / c.module - 1.0),
    );
    let map = Map {
        margin,
        arm,
        b: (b.x, b.y),
        a: (a.x * (1.0 + g) - b.x, a.y * (1.0 + g) - b.y),
        c: (c.x * (1.0 + h) - b.x, c.y * (1.0 + h) - b.y),
        g,
        h,
    };
    let n = side.ceil() as usize;
    let mut data = Vec::with_capacity(n * n);
    for y in 0..n {
        for x in 0..n {
            let (sx, sy) = map.apply(x as f32 + 0.5, y as f32 + 0.5);
            data.push(bilinear(gray, sx - 0.5, sy - 0.5));
        }
    }
    Some(Rectified {
        gray: Gray::new(n as u32, n as u32, data).ok()?,
        map,
    })
}

/// The grey level at (x, y), edges clamped.
fn bilinear(g: &Gray, x: f32, y: f32) -> u8 {
    let (w, h) = (g.width as usize, g.height as usize);
    let x = x.clamp(0.0, (w - 1) as f32);
    let y = y.clamp(0.0, (h - 1) as f32);
    let (x0, y0) = (x as usize, y as usize);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let at = |x: usize, y: usize| f32::from(g.data[y * w + x]);
    let top = at(x0, y0) * (1.0 - fx) + at(x1, y0) * fx;
    let bottom = at(x0, y1) * (1.0 - fx) + at(x1, y1) * fx;
    (top * (1.0 - fy) + bottom * fy).round() as u8
}
