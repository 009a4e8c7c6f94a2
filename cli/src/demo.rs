//! `qrpass demo`: the whole round trip with throwaway keys.

use std::path::{Path, PathBuf};

use qrpass::qr::{self, RenderOptions};
use qrpass::{Issuer, Pass, PassKind, PrivateKey, Timestamp, TrustStore, TrustedKey, Verifier};

use crate::commands::describe;
use crate::error::{io_error, CliError};
use crate::io::write_file;

const DEMO_PERMIT: &str = include_str!("../../spec/examples/permit.json");

/// Runs the demo; files go to `out` or a fresh temporary folder.
pub fn run(out: Option<&Path>) -> Result<(), CliError> {
    let dir: PathBuf = match out {
        Some(d) => d.to_path_buf(),
        None => std::env::temp_dir().join(format!("qrpass-demo-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;

    println!("1. Generating an issuer key for VN-SG (Ho Chi Minh City)");
    let key = PrivateKey::generate()?;
    let public = key.public_key();
    write_file(&dir.join("VN-SG.key.pem"), key.to_pem()?.as_bytes())?;
    write_file(&dir.join("VN-SG.pub.pem"), public.to_pem())?;
    let now = Timestamp::now();
    let mut trust = TrustStore::default();
    trust.add(TrustedKey::new(
        public,
        "VN-SG",
        PassKind::ALL,
        now.add_seconds(-60),
    ))?;
    write_file(&dir.join("trust.json"), trust.to_json())?;
    println!(
        "   key id {}, trust file {}",
        public.kid(),
        dir.join("trust.json").display()
    );

    println!("2. Issuing a travel permit valid for the next 14 days");
    let mut pass = Pass::from_json(DEMO_PERMIT)?;
    if let Pass::Permit(p) = &mut pass {
        p.validity.from = now.add_seconds(-60);
        p.validity.until = now.add_seconds(14 * 86_400);
    }
    let text = Issuer::new(key, "VN-SG")?.issue(&pass)?;
    write_file(&dir.join("permit.txt"), format!("{text}\n"))?;
    println!("   {} characters: {text}", text.len());

    println!("3. Rendering the QR code");
    let image = qr::encode(&text, &RenderOptions::default())?;
    let png = image.to_png()?;
    write_file(&dir.join("permit.png"), &png)?;
    write_file(&dir.join("permit.svg"), image.to_svg())?;
    println!("{}", image.to_terminal());
    println!(
        "   QR version {} ({}×{} modules, ECC M): {} and permit.svg",
        image.version(),
        image.width(),
        image.width(),
        dir.join("permit.png").display()
    );

    println!("4. Scanning the PNG back");
    let scanned = qr::scan_image(&png)?;
    let found = scanned.into_iter().next().unwrap_or_default();
    println!(
        "   read {} characters, identical to the issued text: {}",
        found.len(),
        found == text
    );

    println!("5. Verifying offline against the trust file");
    let verified = Verifier::new(trust).verify(&found)?;
    println!("{}", describe(&verified));
    println!("Verdict: VALID — issued, rendered, scanned back from the image and verified.");
    Ok(())
}
