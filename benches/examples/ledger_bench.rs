//! The redemption ledger at C06's scale (547,748 support cases), one redemption at a time.
//!
//! ```text
//! cargo run --release -p qrpass-benches --example ledger_bench -- sqlite [N] [DIR]
//! cargo run --release -p qrpass-benches --example ledger_bench -- pg URL [N]
//! cargo run --release -p qrpass-benches --example ledger_bench -- import [PER_FILE] [DOUBLES] [DIR|URL]
//! ```
//! `benches/ledger.sh` runs all three (it starts PostgreSQL on loopback).
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use qrpass::{Pass, PassKind, PrivateKey, Timestamp};
use qrpass_ledger::{
    Entitlement, Ledger, PayoutPoint, PointRegistry, Receipt, Redemption, GENESIS,
};

const C06_CASES: usize = 547_748;

fn entitlement(i: usize) -> Entitlement {
    let Ok(Pass::SupportEntitlement(mut s)) =
        qrpass_testkit::examples::example(PassKind::SupportEntitlement)
    else {
        panic!("example support pass");
    };
    s.case_number = format!("HCM-HT-2021-{i:06}");
    Entitlement::from_parts("VN-SG", &s, format!("cti-{i}").as_bytes())
}

fn at() -> Timestamp {
    Timestamp::parse_rfc3339("2021-10-05T09:00:00+07:00").unwrap()
}

fn point(id: &str) -> PayoutPoint {
    PayoutPoint::new(id, PrivateKey::from_seed(&qrpass_testkit::keys::seed(id))).unwrap()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

/// Redeems `n` entitlements one by one; prints total, rate and latency percentiles.
fn redeem_all(what: &str, ledger: &Ledger, n: usize) {
    let p = point("BENCH-01");
    let ents: Vec<Entitlement> = (0..n).map(entitlement).collect();
    let mut lat = Vec::with_capacity(n);
    let start = Instant::now();
    for e in &ents {
        let t = Instant::now();
        let r = ledger.redeem_entitlement(e, &p, 1_500_000, at()).unwrap();
        lat.push(t.elapsed());
        assert!(matches!(r, Redemption::Redeemed { .. }));
    }
    let total = start.elapsed();
    // A second pass: every one refused, none paid twice.
    let again = ents
        .iter()
        .take(10_000)
        .filter(|e| {
            matches!(
                ledger.redeem_entitlement(e, &p, 1_500_000, at()).unwrap(),
                Redemption::Redeemed { .. }
            )
        })
        .count();
    assert_eq!(again, 0);
    assert_eq!(ledger.count().unwrap() as usize, n);
    lat.sort();
    println!(
        "{what}: {n} redemptions in {:.1} s ({:.0}/s); latency p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms",
        total.as_secs_f64(),
        n as f64 / total.as_secs_f64(),
        percentile(&lat, 0.50).as_secs_f64() * 1e3,
        percentile(&lat, 0.99).as_secs_f64() * 1e3,
        lat[n - 1].as_secs_f64() * 1e3,
    );
}

fn sqlite(n: usize, dir: PathBuf) {
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bench-point.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let ledger = Ledger::create(&path).unwrap();
    redeem_all("SQLite (WAL, synchronous=FULL)", &ledger, n);
    drop(ledger); // checkpoints the WAL into the file
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "SQLite file: {:.1} MB, {:.0} bytes per redemption ({})",
        size as f64 / 1e6,
        size as f64 / n as f64,
        path.display()
    );
}

fn pg(url: &str, n: usize) {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.batch_execute("DROP SCHEMA IF EXISTS bench CASCADE")
        .unwrap();
    let ledger = Ledger::connect(url, "bench").unwrap();
    redeem_all("PostgreSQL (loopback, synchronous_commit=on)", &ledger, n);
    let size: i64 = c
        .query_one(
            "SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c
             JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'bench' AND c.relkind = 'r'",
            &[],
        )
        .unwrap()
        .get(0);
    println!(
        "PostgreSQL tables with indexes: {:.1} MB, {:.0} bytes per redemption",
        size as f64 / 1e6,
        size as f64 / n as f64
    );
}

/// A point's export of entitlements `range`, signed, chained, written to `path`.
fn export_file(p: &PayoutPoint, range: std::ops::Range<usize>, path: &PathBuf) {
    let mut prev = GENESIS;
    let receipts: Vec<Receipt> = range
        .enumerate()
        .map(|(k, i)| {
            let e = entitlement(i);
            let r = Receipt::sign(
                p.key(),
                p.id(),
                k as u64 + 1,
                &e.key,
                1_500_000,
                at(),
                &e.cti,
                prev,
            );
            prev = r.hash();
            r
        })
        .collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    qrpass_ledger::write_export(p, 1, GENESIS, &receipts, &mut out).unwrap();
}

fn import(per_file: usize, doubles: usize, target: &str) {
    let (a, b) = (point("POINT-A"), point("POINT-B"));
    let dir = std::env::temp_dir().join("qrpass-ledger-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let (fa, fb) = (dir.join("a.jsonl"), dir.join("b.jsonl"));
    export_file(&a, 0..per_file, &fa);
    // B's first `doubles` entitlements are A's last ones: paid at both points.
    export_file(&b, per_file - doubles..2 * per_file - doubles, &fb);
    let mut reg = PointRegistry::new();
    reg.add(a.id(), a.key().public_key()).unwrap();
    reg.add(b.id(), b.key().public_key()).unwrap();
    let ledger = if target.starts_with("postgres") {
        let mut c = postgres::Client::connect(target, postgres::NoTls).unwrap();
        c.batch_execute("DROP SCHEMA IF EXISTS bench_import CASCADE")
            .unwrap();
        Ledger::connect(target, "bench_import").unwrap()
    } else {
        let path = PathBuf::from(target).join("bench-province.db");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        Ledger::create(&path).unwrap()
    };
    let t = Instant::now();
    let file = std::io::BufReader::new(std::fs::File::open(&fa).unwrap());
    let verified = qrpass_ledger::read_export(&mut Box::new(file), &reg).unwrap();
    let read = t.elapsed();
    // The floor under any importer that checks every receipt: Ed25519 verify_strict
    // of the same messages on every core, nothing else.
    let messages: Vec<(String, [u8; 64])> = verified
        .receipts
        .iter()
        .map(|r| (r.message(), r.signature))
        .collect();
    let key = a.key().public_key();
    let t = Instant::now();
    std::thread::scope(|sc| {
        for part in messages.chunks(messages.len().div_ceil(2)) {
            sc.spawn(move || {
                assert!(part
                    .iter()
                    .all(|(m, sig)| key.verify_strict(m.as_bytes(), sig)))
            });
        }
    });
    let sigs = t.elapsed();
    println!(
        "one file of {per_file}: read_export (parse, chain, every signature) {:.2} s = {:.0}/s; verify_strict alone on 2 threads {:.2} s = {:.0}/s",
        read.as_secs_f64(),
        per_file as f64 / read.as_secs_f64(),
        sigs.as_secs_f64(),
        per_file as f64 / sigs.as_secs_f64()
    );
    let checks = if std::env::var_os("LEDGER_BENCH_CHAIN_ONLY").is_some() {
        qrpass_ledger::Checks::ChainAndFileSignature
    } else {
        qrpass_ledger::Checks::Full
    };
    let start = Instant::now();
    for f in [&fa, &fb] {
        let file = std::io::BufReader::new(std::fs::File::open(f).unwrap());
        ledger
            .import_with(&mut Box::new(file), &reg, checks)
            .unwrap();
    }
    let imported = start.elapsed();
    let t = Instant::now();
    let report = ledger.report().unwrap();
    let reported = t.elapsed();
    let found = report.double_paid_entitlements();
    let total = (2 * per_file) as f64;
    println!(
        "import ({checks:?}) into {}: 2 x {per_file} entries in {:.2} s ({:.0} entries/s); report in {:.2} s found {found} of {doubles} double payments",
        if target.starts_with("postgres") { "PostgreSQL" } else { "SQLite" },
        imported.as_secs_f64(),
        total / imported.as_secs_f64(),
        reported.as_secs_f64()
    );
    assert_eq!(found, doubles, "a double payment was missed");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("sqlite") => sqlite(
            num(1, C06_CASES),
            args.get(2).map_or_else(|| std::env::temp_dir().join("qrpass-ledger-bench"), PathBuf::from),
        ),
        Some("pg") => pg(args.get(1).expect("URL"), num(2, C06_CASES)),
        Some("import") => import(
            num(1, 250_000),
            num(2, 1_000),
            args.get(3).map_or("/tmp", String::as_str),
        ),
        _ => eprintln!("usage: ledger_bench sqlite [N] [DIR] | pg URL [N] | import [PER_FILE] [DOUBLES] [DIR|URL]"),
    }
}
