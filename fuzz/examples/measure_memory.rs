//! Peak heap of one operation, measured with a counting global allocator.
//!
//!   cargo +nightly run --release --manifest-path fuzz/Cargo.toml --example measure_memory -- [SCENARIO]
//!   /usr/bin/time -v fuzz/target/release/examples/measure_memory verify     # whole-process max RSS
//!
//! Scenarios: verify, verify_max, declared_lengths, inspect, issue, scan_qr, scan_blank, scan_png,
//! trust_list, trust_store_10k, revocation_list; none given: all of them; and
//! scan_blank_max and png_bomb (40 megapixels, slow) only when named. For each it prints the
//! peak of live heap bytes above what was live before the operation, the total
//! bytes and the number of allocations made, and the wall time. The numbers are
//! quoted in SECURITY.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use qrpass::internal::text;
use qrpass::qr::{encode, RenderOptions};
use qrpass::trust::{ListInfo, TrustList};
use qrpass::{
    inspect, Issuer, PassKind, PrivateKey, RevocationList, SignedRevocation, SignedTrustList,
    Timestamp, TrustedKey,
};
use qrpass_fuzz::{example_passes, sg_key, verifier, NOW};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static TOTAL: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

fn grow(n: usize) {
    let live = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(live, Ordering::Relaxed);
    TOTAL.fetch_add(n, Ordering::Relaxed);
    COUNT.fetch_add(1, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grow(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and prints its peak heap above the live bytes before it.
fn measure<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let (total, count) = (TOTAL.load(Ordering::Relaxed), COUNT.load(Ordering::Relaxed));
    let start = Instant::now();
    let out = f();
    let elapsed = start.elapsed();
    let peak = PEAK.load(Ordering::Relaxed) - base;
    println!(
        "{name:<16} peak heap {:>12} B ({:>8.2} MiB)  allocated {:>12} B in {:>7} allocations  {:>9.3} ms",
        peak,
        peak as f64 / (1024.0 * 1024.0),
        TOTAL.load(Ordering::Relaxed) - total,
        COUNT.load(Ordering::Relaxed) - count,
        elapsed.as_secs_f64() * 1000.0
    );
    out
}

fn typical_token() -> String {
    let issuer = Issuer::new(sg_key(), "VN-SG").expect("issuer");
    let pass = example_passes().remove(0);
    let iat = pass.validity().from;
    issuer.issue_with(&pass, iat, b"measure").expect("issue")
}

/// The typical token with an extension claim padding it to 2,046–2,048 characters.
fn max_token() -> String {
    let cose_bytes = text::decode(&typical_token()).expect("Base45");
    let claims = qrpass::internal::cose::parse(&cose_bytes)
        .expect("COSE")
        .payload;
    assert_eq!(claims[0], 0xa5, "five claims");
    let mut best = String::new();
    for pad in 0..2000usize {
        // 0x3a 00010001 = -65538; then a byte string of `pad` bytes (head 0x59 xx xx).
        let mut payload = vec![0xa6];
        payload.extend_from_slice(&claims[1..]);
        payload.extend_from_slice(&[0x3a, 0x00, 0x01, 0x00, 0x01, 0x59]);
        payload.extend_from_slice(&(pad as u16).to_be_bytes());
        payload.extend(std::iter::repeat_n(0x2a, pad));
        if pad < 256 {
            continue; // keep the head in its shortest (two-byte length) form
        }
        let t = text::encode(&qrpass::internal::cose::sign(&sg_key(), payload));
        if t.len() > text::MAX_TEXT_LEN {
            break;
        }
        best = t;
    }
    best
}

/// A 4000×3000 grey frame: a soft gradient with a little deterministic noise,
/// and, if `with_qr`, the typical permit's QR code (16 px per module) in the middle.
fn frame(with_qr: bool) -> (u32, u32, Vec<u8>) {
    let (w, h) = (4000u32, 3000u32);
    let mut data = Vec::with_capacity((w * h) as usize);
    let mut x_state = 0x9e37_79b9u32;
    for y in 0..h {
        for x in 0..w {
            x_state ^= x_state << 13;
            x_state ^= x_state >> 17;
            x_state ^= x_state << 5;
            let base = 150 + (x * 40 / w) as i32 + (y * 30 / h) as i32;
            data.push((base + (x_state % 9) as i32 - 4).clamp(0, 255) as u8);
        }
    }
    if with_qr {
        let qr = encode(&typical_token(), &RenderOptions::default()).expect("renders");
        let (n, px, q) = (qr.width(), 16usize, 4usize);
        let side = (n + 2 * q) * px;
        let (ox, oy) = ((w as usize - side) / 2, (h as usize - side) / 2);
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = (x / px, y / px);
                let dark = mx >= q && my >= q && qr.is_dark(mx - q, my - q);
                data[(oy + y) * w as usize + ox + x] = if dark { 30 } else { 225 };
            }
        }
    }
    (w, h, data)
}

fn png_of(w: u32, h: u32, luma: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().expect("png header");
        writer.write_image_data(luma).expect("png data");
    }
    out
}

fn run(scenario: &str) {
    match scenario {
        "verify" => {
            let token = typical_token();
            let v = verifier();
            let at = NOW.add_seconds(-3 * 86_400);
            let _ = v.verify_at(&token, at); // warm up lazily initialised state
            let r = measure("verify", || v.verify_at(&token, at));
            assert!(r.is_ok(), "{r:?}");
        }
        "verify_max" => {
            // The most a verifier reads: a valid token padded to the 2,048-character
            // limit with an extension claim (-65538, ignored), so every stage runs.
            let token = max_token();
            println!("largest token: {} characters", token.len());
            assert!(token.len() <= text::MAX_TEXT_LEN && token.len() > text::MAX_TEXT_LEN - 3);
            let v = verifier();
            let at = NOW.add_seconds(-3 * 86_400);
            let _ = v.verify_at(&token, at);
            let r = measure("verify_max", || v.verify_at(&token, at));
            assert!(r.is_ok(), "{r:?}");
        }
        "declared_lengths" => {
            // Heads declaring 2^32 and 2^64-1 bytes, items or pairs with a few
            // bytes behind them, as whole tokens and as signed payloads: the peak
            // heap must stay at the size of the input, not of the declaration.
            let heads: [&[u8]; 8] = [
                &[0x5a, 0xff, 0xff, 0xff, 0xff],
                &[0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                &[0x7b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                &[0x9a, 0xff, 0xff, 0xff, 0xff],
                &[0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                &[0xba, 0xff, 0xff, 0xff, 0xff],
                &[0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                &[0xd2, 0x84, 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            ];
            let v = verifier();
            let mut inputs = Vec::new();
            for h in heads {
                let mut bytes = h.to_vec();
                bytes.extend(0u8..16);
                inputs.push(text::encode(&bytes));
                inputs.push(text::encode(&qrpass::internal::cose::sign(
                    &sg_key(),
                    bytes,
                )));
            }
            let longest = inputs.iter().map(String::len).max().unwrap_or(0);
            let r = measure("declared_lengths", || {
                inputs
                    .iter()
                    .filter(|t| v.verify_at(t, NOW).is_err())
                    .count()
            });
            assert_eq!(r, inputs.len());
            println!("{} inputs, the longest {longest} characters", inputs.len());
        }
        "inspect" => {
            let token = typical_token();
            let r = measure("inspect", || inspect(&token));
            assert!(r.is_ok());
        }
        "issue" => {
            let issuer = Issuer::new(sg_key(), "VN-SG").expect("issuer");
            let pass = example_passes().remove(0);
            let r = measure("issue", || {
                issuer.issue_with(&pass, pass.validity().from, b"measure")
            });
            assert!(r.is_ok());
        }
        "scan_qr" => {
            let (w, h, data) = frame(true);
            let r = measure("scan_qr 4000x3000", || {
                qrpass::qr::scan_luma(w, h, w, &data)
            });
            assert_eq!(r.map(|t| t.len()).ok(), Some(1));
        }
        "scan_blank" => {
            let (w, h, data) = frame(false);
            let r = measure("scan_blank 4000x3000", || {
                qrpass::qr::scan_luma(w, h, w, &data)
            });
            assert!(r.is_err());
        }
        "scan_png" => {
            let (w, h, data) = frame(true);
            let png = png_of(w, h, &data);
            drop(data);
            let r = measure("scan_png 4000x3000", || qrpass::qr::scan_image(&png));
            assert_eq!(r.map(|t| t.len()).ok(), Some(1));
        }
        "scan_blank_max" => {
            // The largest image the scanner accepts (MAX_IMAGE_PIXELS), holding no code.
            let (w, h) = (8000u32, 5000u32);
            assert_eq!(u64::from(w) * u64::from(h), qrpass::qr::MAX_IMAGE_PIXELS);
            let data: Vec<u8> = (0..w * h).map(|i| (150 + (i % 7)) as u8).collect();
            let r = measure("scan_blank 8000x5000", || {
                qrpass::qr::scan_luma(w, h, w, &data)
            });
            assert!(r.is_err());
        }
        "png_bomb" => {
            // A small PNG file that declares and really holds the largest image
            // accepted: 8000×5000 grey pixels of one value compress to a few tens of kB.
            let (w, h) = (8000u32, 5000u32);
            let png = {
                let zeros = vec![200u8; (w * h) as usize];
                let mut out = Vec::new();
                let mut enc = png::Encoder::new(&mut out, w, h);
                enc.set_color(png::ColorType::Grayscale);
                enc.set_depth(png::BitDepth::Eight);
                enc.set_compression(png::Compression::High);
                let mut writer = enc.write_header().expect("png header");
                writer.write_image_data(&zeros).expect("png data");
                drop(writer);
                out
            };
            println!("PNG of 8000x5000 pixels: {} bytes", png.len());
            let r = measure("scan_image bomb", || qrpass::qr::scan_image(&png));
            assert!(r.is_err());
        }
        "trust_store_10k" => {
            let keys: Vec<TrustedKey> = (0u32..10_000)
                .map(|i| {
                    let mut s = [0u8; 32];
                    s[..4].copy_from_slice(&i.to_be_bytes());
                    TrustedKey::new(
                        PrivateKey::from_seed(&s).public_key(),
                        "VN-HN",
                        PassKind::ALL,
                        Timestamp(1_600_000_000),
                    )
                })
                .collect();
            let r = measure("TrustStore 10k", || qrpass::TrustStore::from_keys(keys));
            assert!(r.is_ok());
        }
        "trust_list" => {
            let root = PrivateKey::from_seed(&[1; 32]);
            let mut list = TrustList::new(Timestamp(1_630_000_000), Timestamp(1_630_604_800));
            list.keys = (0u32..10_000)
                .map(|i| {
                    let mut s = [0u8; 32];
                    s[..4].copy_from_slice(&i.to_be_bytes());
                    TrustedKey::new(
                        PrivateKey::from_seed(&s).public_key(),
                        "VN-HN",
                        PassKind::ALL,
                        Timestamp(1_600_000_000),
                    )
                })
                .collect();
            let file = list.sign(&root).expect("signs");
            println!("trust list of 10,000 keys: {} bytes", file.len());
            let r = measure("trust_list 10k", || {
                SignedTrustList::verify(&file, &[root.public_key()])
            });
            assert!(r.is_ok());
        }
        "revocation_list" => {
            let root = PrivateKey::from_seed(&[1; 32]);
            let list = RevocationList::from_ctis((0u32..1_000_000).map(|i| i.to_be_bytes()));
            let info = ListInfo {
                sequence: 1,
                issued_at: Timestamp(1_630_000_000),
                next_update: Timestamp(1_630_604_800),
            };
            let file = list.sign(info, &root).expect("signs");
            drop(list);
            println!("revocation list of 1,000,000 ids: {} bytes", file.len());
            let r = measure("revocation 1M", || {
                SignedRevocation::verify(&file, &[root.public_key()])
            });
            assert!(r.is_ok());
        }
        other => {
            eprintln!("unknown scenario {other}");
            std::process::exit(2);
        }
    }
}

fn main() {
    let all = [
        "verify",
        "verify_max",
        "inspect",
        "issue",
        "scan_qr",
        "scan_blank",
        "scan_png",
        "trust_list",
        "trust_store_10k",
        "revocation_list",
    ];
    let chosen: Vec<String> = std::env::args().skip(1).collect();
    if chosen.is_empty() {
        all.iter().for_each(|s| run(s));
    } else {
        chosen.iter().for_each(|s| run(s));
    }
}
