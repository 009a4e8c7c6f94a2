//! Deterministic generator of synthetic camera pictures of qrpass QR codes.
//!
//! Every picture is drawn from a seed: a `"VN1:"` + Base45-alphabet text is
//! encoded with `qrpass::qr::encode`, placed on a cluttered background through
//! a camera model (3-D rotation, tilt, perspective projection) with 3×3
//! supersampling of edge pixels, then degraded according to its [`Class`]. Pure Rust, no
//! image crates; shared by `tests/qr_synthetic.rs` and `benches/qr_scan.rs`.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

pub mod angles;
pub mod camera;
pub mod frames;

use qrpass::qr::{encode, RenderOptions};

pub use camera::{blur_code, keep_in_frame, random_pose, render, screen, Pose};

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
    let mut pose = random_pose(&mut rng, w, h, module * n, (-8.0, 8.0));
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
        screen(&mut rng, &qr, (w, h), pose, dark, light, (60.0, 120.0))
    } else {
        render(&mut rng, &qr, w, h, pose, dark, light, None)
    };
    blur_code(&mut picture, &pose, blur);
    picture.noise(&mut rng, noise);
    let jpeg = (class == Class::Jpeg30).then(|| picture.to_jpeg(30));
    Sample {
        text,
        picture,
        jpeg,
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
