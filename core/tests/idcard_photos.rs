//! ID card photos end to end: testdata/idcard holds card QR codes as the card
//! prints them (byte mode, UTF-8) and photographed-looking versions (blur,
//! perspective, glare, JPEG); each is scanned, classified, parsed and bound to
//! the pass it belongs to.
//!
//! The pictures come from the simulated camera of `tests/qr_synth`; rewrite
//! them with `cargo test -p qrpass --test idcard_photos -- --ignored write`.
#![cfg(all(feature = "render", feature = "scan"))]
#![allow(clippy::unwrap_used, clippy::panic)]

mod qr_synth;

use qr_synth::{render, Picture, Pose, Rng};
use qrpass::binding::{bind_person, BindingSummary};
use qrpass::model::{IdDocument, IdKind, Person};
use qrpass::qr::{encode, scan_image, Ecc, RenderOptions};
use qrpass::{classify, CodeKind, IdCard};

/// The cards: a 7-field one and a 6-field one sent in NFD.
fn cards() -> [(&'static str, String); 2] {
    use unicode_normalization::UnicodeNormalization;
    [
        ("card7", "079201001234|023456789|Nguyễn Văn An|14052001|Nam|12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|01062021".to_string()),
        ("card6", "001190012345|Trần Thị Bích|20031990|Nữ|Số 5 Ngõ 12 Phố Huế, Phường Phố Huế, Quận Hai Bà Trưng, Hà Nội|15072021".nfd().collect()),
    ]
}

/// The pass holders the cards belong to (as their passes carry them).
fn holder(name: &str) -> Person {
    let (full, number) = match name {
        "card7" => ("Nguyễn Văn An", "079201001234"),
        _ => ("Trần Thị Bích", "001190012345"),
    };
    Person {
        name: full.into(),
        id: IdDocument {
            kind: IdKind::Cccd,
            number: number.into(),
        },
        birth_date: None,
        phone: None,
    }
}

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/idcard")
}

/// The pictures of one card: file name → bytes.
fn pictures(name: &str, text: &str, seed: u64) -> Vec<(String, Vec<u8>)> {
    let options = RenderOptions {
        ecc: Ecc::M,
        ..RenderOptions::default()
    };
    let qr = encode(text, &options).unwrap();
    let mut out = vec![(format!("{name}-print.png"), qr.to_png().unwrap())];
    let n = (qr.width() + 8) as f64;
    let mut rng = Rng::new(seed);
    let shot = |roll: f64, tilt: f64, rng: &mut Rng| -> Picture {
        let pose = Pose {
            cx: 320.0,
            cy: 240.0,
            side: 4.5 * n,
            roll,
            tilt,
            tilt_axis: 30.0,
        };
        let mut p = render(rng, &qr, 640, 480, pose, 30.0, 215.0, None);
        p.noise(rng, 3.0);
        p
    };
    let mut blur = shot(4.0, 5.0, &mut rng);
    blur.blur(1.6);
    out.push((format!("{name}-blur.jpg"), blur.to_jpeg(80)));
    let perspective = shot(-12.0, 35.0, &mut rng);
    out.push((format!("{name}-perspective.jpg"), perspective.to_jpeg(80)));
    let mut glare = shot(20.0, 8.0, &mut rng);
    glare.glare(360.0, 210.0, 45.0, 150.0);
    out.push((format!("{name}-glare.jpg"), glare.to_jpeg(80)));
    out
}

#[test]
#[ignore = "rewrites testdata/idcard; run with -- --ignored write"]
fn write() {
    std::fs::create_dir_all(dir()).unwrap();
    for (i, (name, text)) in cards().iter().enumerate() {
        for (file, bytes) in pictures(name, text, 7 + i as u64) {
            std::fs::write(dir().join(file), bytes).unwrap();
        }
    }
}

#[test]
fn every_card_photo_scans_parses_and_binds_to_its_pass() {
    let mut seen = 0;
    for (name, text) in cards() {
        for kind in ["print.png", "blur.jpg", "perspective.jpg", "glare.jpg"] {
            let file = dir().join(format!("{name}-{kind}"));
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let texts = scan_image(&bytes).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert_eq!(texts, std::slice::from_ref(&text), "{}", file.display());
            assert_eq!(classify(&texts[0]), CodeKind::IdCard);
            let card = IdCard::from_bytes(&bytes).unwrap();
            assert_eq!(card, IdCard::parse(&text).unwrap());
            assert!(!card.inconsistent_number, "{name}");
            let binding = bind_person(&holder(name), &card);
            assert_eq!(binding.summary, BindingSummary::Match, "{}", file.display());
            seen += 1;
        }
    }
    assert_eq!(seen, 8);
}
