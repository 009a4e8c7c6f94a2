//! The camera model of the synthetic pictures: a pinhole camera looking at
//! the code on a card ([`Pose`], [`Homography`]), the cluttered background, and
//! the set-up the robustness and hard-angle sets share (a random pose, a
//! phone screen's pixel grid and glare, blur around the code).

use qrpass::qr::QrImage;

use super::{Picture, Rng};

/// 3×3 homography, row-major, mapping (x, y, 1).
#[derive(Clone, Copy, Debug)]
pub struct Homography([f64; 9]);

impl Homography {
    /// Maps a point.
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let m = &self.0;
        let w = m[6] * x + m[7] * y + m[8];
        (
            (m[0] * x + m[1] * y + m[2]) / w,
            (m[3] * x + m[4] * y + m[5]) / w,
        )
    }

    /// The homography taking `from[i]` to `to[i]` (four point pairs).
    pub fn from_points(from: [(f64, f64); 4], to: [(f64, f64); 4]) -> Homography {
        // Solve the 8×8 system for h0..h7 with h8 = 1.
        let mut a = [[0f64; 9]; 8];
        for i in 0..4 {
            let ((x, y), (u, v)) = (from[i], to[i]);
            a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
            a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
        }
        for col in 0..8 {
            let pivot = (col..8)
                .max_by(|&p, &q| a[p][col].abs().total_cmp(&a[q][col].abs()))
                .expect("rows");
            a.swap(col, pivot);
            let d = a[col][col];
            a[col].iter_mut().skip(col).for_each(|v| *v /= d);
            let pivot_row = a[col];
            for (r, row) in a.iter_mut().enumerate() {
                if r != col {
                    let f = row[col];
                    for (v, p) in row.iter_mut().zip(pivot_row).skip(col) {
                        *v -= f * p;
                    }
                }
            }
        }
        let mut h = [0f64; 9];
        for i in 0..8 {
            h[i] = a[i][8];
        }
        h[8] = 1.0;
        Homography(h)
    }

    /// Inverse (adjugate; scale is irrelevant for a homography).
    pub fn inverse(&self) -> Homography {
        let m = &self.0;
        Homography([
            m[4] * m[8] - m[5] * m[7],
            m[2] * m[7] - m[1] * m[8],
            m[1] * m[5] - m[2] * m[4],
            m[5] * m[6] - m[3] * m[8],
            m[0] * m[8] - m[2] * m[6],
            m[2] * m[3] - m[0] * m[5],
            m[3] * m[7] - m[4] * m[6],
            m[1] * m[6] - m[0] * m[7],
            m[0] * m[4] - m[1] * m[3],
        ])
    }
}

/// Where the code lands in the picture: a square of `side` pixels centred at
/// (`cx`, `cy`) seen through a pinhole camera after rotating the card by `roll`
/// degrees in its plane, then tilting it by `tilt` degrees about an in-plane
/// axis at `tilt_axis` degrees.
#[derive(Clone, Copy, Debug)]
pub struct Pose {
    /// Centre x in pixels.
    pub cx: f64,
    /// Centre y in pixels.
    pub cy: f64,
    /// Side of the untilted code (quiet zone included) in pixels.
    pub side: f64,
    /// In-plane rotation, degrees.
    pub roll: f64,
    /// Tilt away from the camera, degrees.
    pub tilt: f64,
    /// Direction of the tilt axis, degrees.
    pub tilt_axis: f64,
}

impl Pose {
    /// Image positions of the unit square's corners (0,0), (1,0), (1,1), (0,1).
    pub fn corners(&self) -> [(f64, f64); 4] {
        // Camera focal length in pixels: a 640-wide frame with a ~65° field of view.
        let f = 500.0;
        let (roll, tilt, axis) = (
            self.roll.to_radians(),
            self.tilt.to_radians(),
            self.tilt_axis.to_radians(),
        );
        let mut out = [(0.0, 0.0); 4];
        for (i, (u, v)) in [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
            .into_iter()
            .enumerate()
        {
            // Card coordinates centred, in pixels at distance f.
            let (x, y) = ((u - 0.5) * self.side, (v - 0.5) * self.side);
            // Roll in plane.
            let (x, y) = (
                x * roll.cos() - y * roll.sin(),
                x * roll.sin() + y * roll.cos(),
            );
            // Tilt about the in-plane axis (ca, sa, 0): Rodrigues rotation.
            let (ca, sa) = (axis.cos(), axis.sin());
            let (ct, st) = (tilt.cos(), tilt.sin());
            let d = x * ca + y * sa;
            let x3 = x * ct + ca * d * (1.0 - ct);
            let y3 = y * ct + sa * d * (1.0 - ct);
            let z3 = (ca * y - sa * x) * st;
            let z = f + z3;
            out[i] = (self.cx + f * x3 / z, self.cy + f * y3 / z);
        }
        out
    }
}

/// Renders `qr` (quiet zone of 4 modules) into a `width × height` picture at
/// `pose`, with `dark`/`light` grey levels for the modules, over a cluttered
/// background. `shade` returns a multiplier for the code at a card position in
/// modules (screen pixel grids). Pixels on an edge get 3×3 supersampling.
#[allow(clippy::too_many_arguments)]
pub fn render(
    rng: &mut Rng,
    qr: &QrImage,
    width: usize,
    height: usize,
    pose: Pose,
    dark: f32,
    light: f32,
    shade: Option<&dyn Fn(f64, f64) -> f32>,
) -> Picture {
    let n = (qr.width() + 8) as f64;
    let unit = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
    let to_image = Homography::from_points(unit, pose.corners());
    let to_card = to_image.inverse();
    let bg = Background::new(rng, width, height);
    let cells = n as usize;
    // Module map including the quiet zone, so the inner loop does no lookups.
    let map: Vec<f32> = (0..cells * cells)
        .map(|i| {
            let (mx, my) = (i % cells, i / cells);
            let is_dark = mx >= 4 && my >= 4 && qr.is_dark(mx - 4, my - 4);
            if is_dark {
                dark
            } else {
                light
            }
        })
        .collect();
    let value = |u: f64, v: f64| -> f32 {
        let (cu, cv) = (u * n, v * n);
        let base = map[(cv as usize).min(cells - 1) * cells + (cu as usize).min(cells - 1)];
        match shade {
            Some(s) => base * s(cu, cv),
            None => base,
        }
    };
    // A pixel spans at most this many modules (generous for perspective).
    let corners = pose.corners();
    let min_side = (0..4)
        .map(|i| {
            let (a, b) = (corners[i], corners[(i + 1) % 4]);
            ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
        })
        .fold(f64::MAX, f64::min);
    let margin = 1.2 * n / min_side;
    let m = &to_card.0;
    let ss = 3usize;
    let mut data = Vec::with_capacity(width * height);
    for y in 0..height {
        let py = y as f64 + 0.5;
        for x in 0..width {
            let px = x as f64 + 0.5;
            let w = m[6] * px + m[7] * py + m[8];
            let u = (m[0] * px + m[1] * py + m[2]) / w;
            let v = (m[3] * px + m[4] * py + m[5]) / w;
            let (cu, cv) = (u * n, v * n);
            let outside = cu < -margin || cv < -margin || cu > n + margin || cv > n + margin;
            if outside {
                data.push(bg.at(px, py));
                continue;
            }
            let (fu, fv) = (cu - cu.floor(), cv - cv.floor());
            let interior = cu > 0.0 && cv > 0.0 && cu < n && cv < n;
            if shade.is_none()
                && interior
                && fu > margin
                && fu < 1.0 - margin
                && fv > margin
                && fv < 1.0 - margin
            {
                data.push(value(u, v));
                continue;
            }
            // Edge pixel (or a screen pixel grid): 3×3 supersampling.
            let mut acc = 0f32;
            for sy in 0..ss {
                for sx in 0..ss {
                    let qx = x as f64 + (sx as f64 + 0.5) / ss as f64;
                    let qy = y as f64 + (sy as f64 + 0.5) / ss as f64;
                    let (u, v) = to_card.apply(qx, qy);
                    acc += if (0.0..1.0).contains(&u) && (0.0..1.0).contains(&v) {
                        value(u, v)
                    } else {
                        bg.at(qx, qy)
                    };
                }
            }
            data.push(acc / (ss * ss) as f32);
        }
    }
    Picture {
        width,
        height,
        data,
    }
}

/// A desk-like background: a smooth gradient and a few soft rectangles.
struct Background {
    base: f64,
    gx: f64,
    gy: f64,
    rects: Vec<(f64, f64, f64, f64, f32)>,
}

impl Background {
    fn new(rng: &mut Rng, width: usize, height: usize) -> Background {
        let rects = (0..6)
            .map(|_| {
                let x0 = rng.range(0.0, width as f64);
                let y0 = rng.range(0.0, height as f64);
                let w = rng.range(20.0, width as f64 / 3.0);
                let h = rng.range(20.0, height as f64 / 3.0);
                (x0, y0, x0 + w, y0 + h, rng.range(40.0, 200.0) as f32)
            })
            .collect();
        Background {
            base: rng.range(70.0, 170.0),
            gx: rng.range(-0.1, 0.1),
            gy: rng.range(-0.1, 0.1),
            rects,
        }
    }

    fn at(&self, x: f64, y: f64) -> f32 {
        for &(x0, y0, x1, y1, v) in &self.rects {
            if x >= x0 && x < x1 && y >= y0 && y < y1 {
                return v;
            }
        }
        (self.base + self.gx * x + self.gy * y) as f32
    }
}

/// Moves the code to the centre, then shrinks it, until all four corners are
/// at least 4 pixels inside the frame.
pub fn keep_in_frame(pose: &mut Pose, w: f64, h: f64) {
    let inside = |p: &Pose| {
        p.corners()
            .iter()
            .all(|&(x, y)| x >= 4.0 && y >= 4.0 && x <= w - 4.0 && y <= h - 4.0)
    };
    if !inside(pose) {
        pose.cx = w / 2.0;
        pose.cy = h / 2.0;
    }
    while !inside(pose) {
        pose.side *= 0.95;
    }
}

/// A pose for a code `side` pixels wide in a `w × h` frame: centre drawn at
/// least ¾ of the side from the edges (where the frame allows), roll drawn from
/// `roll` (degrees), tilt 0–6° about a random axis.
pub fn random_pose(rng: &mut Rng, w: usize, h: usize, side: f64, roll: (f64, f64)) -> Pose {
    let margin = side * 0.75;
    let (w, h) = (w as f64, h as f64);
    Pose {
        cx: rng.range(margin.min(w / 2.0), (w - margin).max(w / 2.0)),
        cy: rng.range(margin.min(h / 2.0), (h - margin).max(h / 2.0)),
        side,
        roll: rng.range(roll.0, roll.1),
        tilt: rng.range(0.0, 6.0),
        tilt_axis: rng.range(0.0, 360.0),
    }
}

/// `qr` shown on a phone screen and photographed: 3.0–4.5 screen pixels per
/// module, each pixel with dark gaps (the black matrix) 25–40% of its pitch that
/// lose 30–50% brightness (moiré once resampled), and a glare spot 40–110 px
/// wide whose strength is drawn from `glare` (grey levels).
#[allow(clippy::too_many_arguments)]
pub fn screen(
    rng: &mut Rng,
    qr: &QrImage,
    (w, h): (usize, usize),
    pose: Pose,
    dark: f32,
    light: f32,
    glare: (f64, f64),
) -> Picture {
    let per_module = rng.range(3.0, 4.5);
    let gap = rng.range(0.25, 0.40);
    let depth = rng.range(0.3, 0.5) as f32;
    let grid = move |u: f64, v: f64| {
        let (fx, fy) = ((u * per_module).fract(), (v * per_module).fract());
        if fx < gap || fy < gap / 2.0 {
            1.0 - depth
        } else {
            1.0
        }
    };
    let mut p = render(rng, qr, w, h, pose, dark, light, Some(&grid));
    let (gx, gy) = (rng.range(0.0, w as f64), rng.range(0.0, h as f64));
    let radius = rng.range(40.0, 110.0);
    let strength = rng.range(glare.0, glare.1);
    p.glare(gx, gy, radius, strength);
    p
}

/// Blurs (Gaussian σ = `blur` px) the code at `pose` and a margin around it;
/// the background is smooth anyway.
pub fn blur_code(picture: &mut Picture, pose: &Pose, blur: f64) {
    let c = pose.corners();
    let pad = 4.0 * blur + 8.0;
    let (xs, ys) = (c.map(|p| p.0), c.map(|p| p.1));
    let lo = |v: [f64; 4]| v.iter().copied().fold(f64::MAX, f64::min) - pad;
    let hi = |v: [f64; 4]| v.iter().copied().fold(f64::MIN, f64::max) + pad;
    picture.blur_region(blur, lo(xs), lo(ys), hi(xs), hi(ys));
}
