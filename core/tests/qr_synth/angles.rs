//! The hard angles and surfaces of a checkpoint camera (issue 18): steep
//! perspective, mirrored and inverted codes, a dim phone screen, and a small
//! code in a 720p frame. Same camera model and defaults as [`super::sample`].

use qrpass::qr::{encode, RenderOptions};

use super::{
    blur_code, keep_in_frame, random_pose, render, screen, vn1_text, Picture, Rng, PAYLOAD_CHARS,
};

/// The hard classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hard {
    /// Tilted 15–45° about a random axis, any roll.
    Perspective45,
    /// Mirrored left to right (a front camera's preview), any roll.
    Mirrored,
    /// Light modules on a dark ground (a dark-theme screen), any roll.
    Inverted,
    /// A phone screen at low brightness: 40–70 grey levels of contrast,
    /// pixel grid (moiré), glare spot, roll ±20°, tilt 0–15°.
    DimScreen,
    /// The symbol 120 px wide (2.1 px modules) in a 1280×720 frame, anywhere,
    /// roll ±15°, tilt 0–10°.
    SmallInHd,
}

impl Hard {
    /// Every class, in report order.
    pub const ALL: [Hard; 5] = [
        Hard::Perspective45,
        Hard::Mirrored,
        Hard::Inverted,
        Hard::DimScreen,
        Hard::SmallInHd,
    ];
}

/// A luma picture and the text of its code.
pub struct HardSample {
    /// The text in the code.
    pub text: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Luma, row-major.
    pub luma: Vec<u8>,
}

/// Generates sample `index` of `class`; the same arguments give the same picture.
pub fn hard_sample(class: Hard, index: u64) -> HardSample {
    let mut rng = Rng::new((100 + class as u64) << 32 | index);
    let text = vn1_text(&mut rng, PAYLOAD_CHARS);
    let qr = encode(&text, &RenderOptions::default()).expect("VN1 text encodes");
    let n = (qr.width() + 8) as f64;
    let (w, h) = match class {
        Hard::SmallInHd => (1280usize, 720usize),
        _ => (640, 480),
    };
    let module = match class {
        Hard::SmallInHd => 120.0 / qr.width() as f64,
        _ => rng.range(3.5, 5.5),
    };
    let mut pose = random_pose(&mut rng, w, h, module * n, (0.0, 360.0));
    let (mut dark, mut light) = (rng.range(15.0, 45.0) as f32, rng.range(190.0, 240.0) as f32);
    let mut blur = rng.range(0.3, 0.7);
    let noise = rng.range(2.0, 5.0);
    match class {
        Hard::Perspective45 => pose.tilt = rng.range(15.0, 45.0),
        Hard::Inverted => std::mem::swap(&mut dark, &mut light),
        Hard::DimScreen => {
            pose.roll = rng.range(-20.0, 20.0);
            pose.tilt = rng.range(0.0, 15.0);
            let mid = rng.range(90.0, 140.0) as f32;
            let half = rng.range(20.0, 35.0) as f32;
            (dark, light) = (mid - half, mid + half);
        }
        Hard::SmallInHd => {
            pose.roll = rng.range(-15.0, 15.0);
            pose.tilt = rng.range(0.0, 10.0);
            blur = rng.range(0.3, 0.5);
        }
        Hard::Mirrored => {}
    }
    keep_in_frame(&mut pose, w as f64, h as f64);
    let mut picture = if class == Hard::DimScreen {
        screen(&mut rng, &qr, (w, h), pose, dark, light, (40.0, 80.0))
    } else {
        render(&mut rng, &qr, w, h, pose, dark, light, None)
    };
    blur_code(&mut picture, &pose, blur);
    picture.noise(&mut rng, noise);
    if class == Hard::Mirrored {
        mirror(&mut picture);
    }
    HardSample {
        text,
        width: w as u32,
        height: h as u32,
        luma: picture.to_luma(),
    }
}

/// Flips a picture left to right.
fn mirror(p: &mut Picture) {
    for row in p.data.chunks_exact_mut(p.width) {
        row.reverse();
    }
}
