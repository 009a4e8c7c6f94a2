//! Deterministic generator of synthetic camera pictures of qrpass QR codes.
//!
//! Every picture is drawn from a seed: a `"VN1:"` + Base45-alphabet text is
//! encoded with `qrpass::qr::encode`, placed on a cluttered background through
//! a camera model (3-D rotation, tilt, perspective projection) with 3×3
//! supersampling of edge pixels, then degraded according to its [`Class`]. Pure Rust, no
//! image crates; shared by `tests/qr_synthetic.rs` and `benches/qr_scan.rs`.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

pub mod angles;
pub mod frames;

use qrpass::qr::{encode, QrImage, RenderOptions};

/// SplitMix64: small, fast, deterministic.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// The Base45 alphabet (RFC 9285), all QR alphanumeric characters.
pub const BASE45: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// `"VN1:"` followed by `n` random Base45 characters.
pub fn vn1_text(rng: &mut Rng, n: usize) -> String {
    let mut s = String::from("VN1:");
    for _ in 0..n {
        s.push(BASE45[(rng.next_u64() % 45) as usize] as char);
    }
    s
}

/// A grey picture with float samples in 0..=255.
#[derive(Clone)]
pub struct Picture {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Row-major samples.
    pub data: Vec<f32>,
}

impl Picture {
    /// Samples rounded and clamped to bytes.
    pub fn to_luma(&self) -> Vec<u8> {
        self.data
            .iter()
            .map(|&v| v.round().clamp(0.0, 255.0) as u8)
            .collect()
    }

    /// Separable Gaussian blur (edges clamped).
    pub fn blur(&mut self, sigma: f64) {
        if sigma <= 0.0 {
            return;
        }
        let r = (3.0 * sigma).ceil() as usize;
        let mut k: Vec<f32> = (0..=2 * r)
            .map(|i| {
                let d = i as f64 - r as f64;
                (-(d * d) / (2.0 * sigma * sigma)).exp() as f32
            })
            .collect();
        let sum: f32 = k.iter().sum();
        k.iter_mut().for_each(|v| *v /= sum);
        let (w, h) = (self.width, self.height);
        // Horizontal pass on padded rows, then the same on the transpose.
        let pass = |src: &[f32], w: usize, h: usize| -> Vec<f32> {
            let mut out = vec![0f32; w * h];
            let mut padded = vec![0f32; w + 2 * r];
            for (row, dst) in src.chunks_exact(w).zip(out.chunks_exact_mut(w)) {
                padded[..r].fill(row[0]);
                padded[r..r + w].copy_from_slice(row);
                padded[r + w..].fill(row[w - 1]);
                for (x, d) in dst.iter_mut().enumerate() {
                    let window = &padded[x..x + 2 * r + 1];
                    let mut acc = 0f32;
                    for i in 0..window.len() {
                        acc += window[i] * k[i];
                    }
                    *d = acc;
                }
            }
            out
        };
        let transpose = |src: &[f32], w: usize, h: usize| -> Vec<f32> {
            let mut out = vec![0f32; w * h];
            for y in 0..h {
                for x in 0..w {
                    out[x * h + y] = src[y * w + x];
                }
            }
            out
        };
        let horizontal = pass(&self.data, w, h);
        let vertical = pass(&transpose(&horizontal, w, h), h, w);
        self.data = transpose(&vertical, h, w);
    }

    /// Gaussian blur of the rectangle [x0, x1) × [y0, y1) only (clamped to
    /// the picture); cheaper when the rest is smooth background.
    pub fn blur_region(&mut self, sigma: f64, x0: f64, y0: f64, x1: f64, y1: f64) {
        let clamp = |v: f64, max: usize| (v.max(0.0) as usize).min(max);
        let (x0, x1) = (clamp(x0, self.width), clamp(x1, self.width));
        let (y0, y1) = (clamp(y0, self.height), clamp(y1, self.height));
        if x1 <= x0 || y1 <= y0 {
            return;
        }
        let mut part = Picture {
            width: x1 - x0,
            height: y1 - y0,
            data: Vec::new(),
        };
        for y in y0..y1 {
            part.data
                .extend_from_slice(&self.data[y * self.width + x0..y * self.width + x1]);
        }
        part.blur(sigma);
        for (i, y) in (y0..y1).enumerate() {
            self.data[y * self.width + x0..y * self.width + x1]
                .copy_from_slice(&part.data[i * part.width..(i + 1) * part.width]);
        }
    }

    /// Adds Gaussian noise of standard deviation `sigma` grey levels.
    pub fn noise(&mut self, rng: &mut Rng, sigma: f64) {
        for v in &mut self.data {
            *v += (rng.normal() * sigma) as f32;
        }
    }

    /// Adds a bright, soft glare spot centred at (cx, cy).
    pub fn glare(&mut self, cx: f64, cy: f64, radius: f64, strength: f64) {
        for y in 0..self.height {
            for x in 0..self.width {
                let d2 = (x as f64 - cx).powi(2) + (y as f64 - cy).powi(2);
                let g = strength * (-d2 / (2.0 * radius * radius)).exp();
                let v = &mut self.data[y * self.width + x];
                // Glare adds light and washes out contrast.
                *v = (*v as f64 * (1.0 - 0.5 * g / 255.0) + g) as f32;
            }
        }
    }

    /// Baseline JPEG (RGB, 4:2:0 chroma) at `quality`, grey in all channels.
    pub fn to_jpeg(&self, quality: u8) -> Vec<u8> {
        let rgb: Vec<u8> = self.to_luma().iter().flat_map(|&l| [l, l, l]).collect();
        let mut out = Vec::new();
        let encoder = jpeg_encoder::Encoder::new(&mut out, quality);
        encoder
            .encode(
                &rgb,
                self.width as u16,
                self.height as u16,
                jpeg_encoder::ColorType::Rgb,
            )
            .expect("JPEG encoding");
        out
    }

    /// An 8-bit greyscale PNG.
    pub fn to_png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, self.width as u32, self.height as u32);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().expect("PNG header");
        w.write_image_data(&self.to_luma()).expect("PNG data");
        w.finish().expect("PNG end");
        out
    }
}

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

/// The robustness classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Any in-plane angle, 0–360°.
    Rotation,
    /// Tilted 10–30° about a random axis, plus any roll.
    Perspective,
    /// Out of focus: Gaussian blur σ = 0.25–0.45 module.
    Blur,
    /// Sensor noise: Gaussian σ = 20–40 grey levels.
    Noise,
    /// Dim, flat light: 25–45 grey levels between dark and light modules.
    LowContrast,
    /// Saved as JPEG at quality 30.
    Jpeg30,
    /// Modules only 2 pixels wide.
    SmallModules,
    /// A phone screen photographed: pixel grid (moiré), glare, backlight.
    Screen,
}

impl Class {
    /// Every class, in report order.
    pub const ALL: [Class; 8] = [
        Class::Rotation,
        Class::Perspective,
        Class::Blur,
        Class::Noise,
        Class::LowContrast,
        Class::Jpeg30,
        Class::SmallModules,
        Class::Screen,
    ];
}

/// A generated sample: the encoded text and the picture, either as a luma
/// plane or as file bytes (JPEG class).
pub struct Sample {
    /// The text in the code.
    pub text: String,
    /// The picture.
    pub picture: Picture,
    /// JPEG bytes for [`Class::Jpeg30`], else `None`.
    pub jpeg: Option<Vec<u8>>,
}

/// Text length after `"VN1:"`: a typical permit, version 10 at ECC M.
pub const PAYLOAD_CHARS: usize = 300;

/// Generates sample `index` of `class`; the same arguments give the same picture.
pub fn sample(class: Class, index: u64) -> Sample {
    let mut rng = Rng::new((class as u64) << 32 | index);
    let text = vn1_text(&mut rng, PAYLOAD_CHARS);
    let qr = encode(&text, &RenderOptions::default()).expect("VN1 text encodes");
    let n = (qr.width() + 8) as f64;
    let (w, h) = (640usize, 480usize);
    // Module size in pixels, then the pose.
    let module = match class {
        Class::SmallModules => 2.0,
        Class::Blur => rng.range(4.0, 5.0),
        _ => rng.range(3.5, 5.5),
    };
    let side = module * n;
    let margin = side * 0.75;
    let mut pose = Pose {
        cx: rng.range(
            margin.min(w as f64 / 2.0),
            (w as f64 - margin).max(w as f64 / 2.0),
        ),
        cy: rng.range(
            margin.min(h as f64 / 2.0),
            (h as f64 - margin).max(h as f64 / 2.0),
        ),
        side,
        roll: rng.range(-8.0, 8.0),
        tilt: rng.range(0.0, 6.0),
        tilt_axis: rng.range(0.0, 360.0),
    };
    keep_in_frame(&mut pose, w as f64, h as f64);
    let (mut dark, mut light) = (rng.range(15.0, 45.0) as f32, rng.range(190.0, 240.0) as f32);
    let mut blur = rng.range(0.3, 0.7);
    let mut noise = rng.range(2.0, 5.0);
    match class {
        Class::Rotation => pose.roll = rng.range(0.0, 360.0),
        Class::Perspective => {
            pose.roll = rng.range(0.0, 360.0);
            pose.tilt = rng.range(10.0, 30.0);
        }
        Class::Blur => blur = module * rng.range(0.25, 0.45),
        Class::Noise => noise = rng.range(20.0, 40.0),
        Class::LowContrast => {
            let mid = rng.range(80.0, 170.0) as f32;
            let half = rng.range(12.5, 22.5) as f32;
            dark = mid - half;
            light = mid + half;
        }
        Class::Jpeg30 => pose.roll = rng.range(0.0, 360.0),
        Class::SmallModules => {
            pose.roll = rng.range(-5.0, 5.0);
            pose.tilt = rng.range(0.0, 4.0);
            blur = rng.range(0.3, 0.5);
        }
        Class::Screen => {
            // Backlit LCD: black is grey, white is bright.
            dark = rng.range(35.0, 60.0) as f32;
            light = rng.range(215.0, 250.0) as f32;
            pose.roll = rng.range(-20.0, 20.0);
            pose.tilt = rng.range(0.0, 15.0);
        }
    }
    let mut picture = if class == Class::Screen {
        // 3.0–4.5 screen pixels per module; each pixel has dark gaps (the
        // black matrix) 25–40% of its pitch and loses 30–50% brightness there.
        let per_module = rng.range(3.0, 4.5);
        let gap = rng.range(0.25, 0.40);
        let depth = rng.range(0.3, 0.5) as f32;
        let grid = move |u: f64, v: f64| {
            let fx = (u * per_module).fract();
            let fy = (v * per_module).fract();
            if fx < gap || fy < gap / 2.0 {
                1.0 - depth
            } else {
                1.0
            }
        };
        let mut p = render(&mut rng, &qr, w, h, pose, dark, light, Some(&grid));
        let (gx, gy) = (rng.range(0.0, w as f64), rng.range(0.0, h as f64));
        let radius = rng.range(40.0, 110.0);
        let strength = rng.range(60.0, 120.0);
        p.glare(gx, gy, radius, strength);
        p
    } else {
        render(&mut rng, &qr, w, h, pose, dark, light, None)
    };
    // Blur the code and its surroundings; the background is smooth anyway.
    let c = pose.corners();
    let pad = 4.0 * blur + 8.0;
    let (xs, ys) = (c.map(|p| p.0), c.map(|p| p.1));
    let fmin = |v: [f64; 4]| v.iter().copied().fold(f64::MAX, f64::min);
    let fmax = |v: [f64; 4]| v.iter().copied().fold(f64::MIN, f64::max);
    picture.blur_region(
        blur,
        fmin(xs) - pad,
        fmin(ys) - pad,
        fmax(xs) + pad,
        fmax(ys) + pad,
    );
    picture.noise(&mut rng, noise);
    let jpeg = (class == Class::Jpeg30).then(|| picture.to_jpeg(30));
    Sample {
        text,
        picture,
        jpeg,
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

/// A 1280×720 camera frame holding one permit-sized code (for benchmarks).
pub fn hd_frame(seed: u64) -> (String, Picture) {
    let mut rng = Rng::new(seed);
    let text = vn1_text(&mut rng, PAYLOAD_CHARS);
    let qr = encode(&text, &RenderOptions::default()).expect("VN1 text encodes");
    let side = 6.0 * (qr.width() + 8) as f64;
    let pose = Pose {
        cx: 700.0,
        cy: 340.0,
        side,
        roll: 12.0,
        tilt: 15.0,
        tilt_axis: 30.0,
    };
    let mut p = render(&mut rng, &qr, 1280, 720, pose, 30.0, 220.0, None);
    p.blur(0.6);
    p.noise(&mut rng, 4.0);
    (text, p)
}
