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

/// The depth weights to try for `t`, best first: the module-size depth, then
/// none. When the three module sizes agree within 5% both maps are nearly the
/// same picture, so only the affine one is made.
pub(crate) fn perspectives(t: &Triple) -> &'static [f32] {
    let depth = |m: f32| (t.corner.module / m - 1.0).abs();
    if depth(t.arms[0].module).max(depth(t.arms[1].module)) < 0.05 {
        &[0.0]
    } else {
        &[1.0, 0.0]
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
    Some(Rectified {
        gray: Gray::new(n as u32, n as u32, resample(gray, &map, n)).ok()?,
        map,
    })
}

/// The `n`×`n` picture of `map` over `gray`. Along a row the map's numerators
/// and depth are linear in x, so each pixel costs one division (three
/// multiply-adds from the row's start, not an accumulated sum); the sample
/// point is then fixed-point with 8 fraction bits.
fn resample(gray: &Gray, map: &Map, n: usize) -> Vec<u8> {
    let mut data = Vec::with_capacity(n * n);
    let ds = 1.0 / map.arm;
    let s0 = (0.5 - map.margin) * ds;
    let step = (ds * map.a.0, ds * map.a.1, ds * map.g);
    let limit = (
        (gray.width as i32 - 1) * 256,
        (gray.height as i32 - 1) * 256,
    );
    for y in 0..n {
        let t = (y as f32 + 0.5 - map.margin) * ds;
        let row = (
            map.b.0 + s0 * map.a.0 + t * map.c.0,
            map.b.1 + s0 * map.a.1 + t * map.c.1,
            1.0 + map.g * s0 + map.h * t,
        );
        for x in 0..n {
            let k = x as f32;
            let scale = 256.0 / (row.2 + k * step.2);
            let fx = ((row.0 + k * step.0) * scale - 128.0) as i32;
            let fy = ((row.1 + k * step.1) * scale - 128.0) as i32;
            data.push(bilinear(gray, fx.clamp(0, limit.0), fy.clamp(0, limit.1)));
        }
    }
    data
}

/// The grey level at (x/256, y/256), a point inside the picture.
fn bilinear(g: &Gray, x: i32, y: i32) -> u8 {
    let w = g.width as usize;
    let (x0, y0) = ((x >> 8) as usize, (y >> 8) as usize);
    let (fx, fy) = (x & 255, y & 255);
    let dx = usize::from(x0 + 1 < w);
    let top = &g.data[y0 * w + x0..];
    let bottom = if y0 + 1 < g.height as usize {
        &g.data[(y0 + 1) * w + x0..]
    } else {
        top
    };
    let lerp = |row: &[u8]| {
        let (a, b) = (i32::from(row[0]), i32::from(row[dx]));
        (a << 8) + (b - a) * fx
    };
    let (t, b) = (lerp(top), lerp(bottom));
    (((t << 8) + (b - t) * fy + (1 << 15)) >> 16) as u8
}
