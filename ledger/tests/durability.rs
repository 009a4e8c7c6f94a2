//! The SQLite file as the point's record: SIGKILL, corruption and a full disk.
//!
//! The child process is this test binary itself, re-run on `child_redeemer` with
//! `QRPASS_LEDGER_CHILD` set; it prints `ack I` after each committed redemption.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{at, numbered, point};
use qrpass::ErrorCode;
use qrpass_ledger::{Ledger, Redemption, GENESIS};

const CHILD_ENV: &str = "QRPASS_LEDGER_CHILD";
const N: usize = 10_000;

/// Child mode: redeem entitlements `0..N` at one point, acknowledging each commit.
#[test]
fn child_redeemer() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (count, point_id) = std::env::var("QRPASS_LEDGER_CHILD_ARGS")
        .ok()
        .and_then(|a| {
            let (n, p) = a.split_once(' ')?;
            Some((n.parse().ok()?, p.to_owned()))
        })
        .unwrap_or((N, "KILL-ME".to_owned()));
    let ledger = common::Db::reopen(&spec);
    let p = point(&point_id);
    let mut out = std::io::stdout().lock();
    let mut paid = 0;
    for i in 0..count {
        match ledger.redeem_entitlement(&numbered(i), &p, 1_500_000, at()) {
            Ok(Redemption::Redeemed { .. }) => {
                paid += 1;
                writeln!(out, "ack {i}").and_then(|()| out.flush()).ok();
            }
            Ok(Redemption::AlreadyRedeemed { .. }) => {}
            Err(e) => panic!("child: {e}"),
        }
    }
    writeln!(out, "paid {paid}").and_then(|()| out.flush()).ok();
}

/// Runs the child on `spec`; kills it after `kill_after` (if given); returns its `ack` and `paid` lines.
pub fn run_child(
    spec: &str,
    args: &str,
    kill_after: Option<Duration>,
) -> (Vec<usize>, Option<usize>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_redeemer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, spec)
        .env("QRPASS_LEDGER_CHILD_ARGS", args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let (mut acks, mut paid) = (Vec::new(), None);
        let mut input = BufReader::new(stdout);
        let mut line = String::new();
        // A kill can cut the last line short: only whole lines count.
        while input.read_line(&mut line).unwrap_or(0) > 0 && line.ends_with('\n') {
            let text = std::mem::take(&mut line);
            // libtest's `test child_redeemer ... ` may precede the first line.
            let text = text.trim_end().rsplit(" ... ").next().unwrap_or_default();
            if let Some(i) = text.strip_prefix("ack ") {
                acks.push(i.parse().unwrap());
            } else if let Some(n) = text.strip_prefix("paid ") {
                paid = Some(n.parse().unwrap());
            }
        }
        (acks, paid)
    });
    if let Some(d) = kill_after {
        let start = Instant::now();
        while start.elapsed() < d && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().ok(); // SIGKILL on Unix
    }
    child.wait().unwrap();
    reader.join().unwrap()
}

/// A small xorshift generator seeded from the clock; the seed is printed for reruns.
fn random_delays(rounds: usize) -> Vec<Duration> {
    let mut x = std::env::var("QRPASS_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            t.map_or(7, |d| d.as_nanos() as u64) | 1
        });
    eprintln!("kill seed {x} (rerun with QRPASS_KILL_SEED={x})");
    (0..rounds)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration::from_millis(150 + x % 900)
        })
        .collect()
}

/// Every acknowledged payment is present, none twice, and the chain has no gap.
fn check_ledger(path: &Path, acked: &BTreeSet<usize>, kills: usize) -> usize {
    let ledger = Ledger::open(path).expect("reopens after SIGKILL, not corrupt");
    let receipts = ledger.receipts("KILL-ME", 0).unwrap();
    let mut prev = GENESIS;
    let mut cases = BTreeSet::new();
    for (i, r) in receipts.iter().enumerate() {
        assert_eq!((r.seq, r.prev), (i as u64 + 1, prev), "chain intact");
        prev = r.hash();
        assert!(
            cases.insert(r.key.case_number.clone()),
            "paid twice: {}",
            r.key.case_number
        );
    }
    for i in acked {
        assert!(
            cases.contains(&format!("CASE-{i}")),
            "acknowledged payment {i} lost"
        );
    }
    assert!(
        receipts.len() <= acked.len() + kills,
        "at most the one in flight at each kill is unacknowledged: {} held, {} acked, {kills} kills",
        receipts.len(),
        acked.len()
    );
    assert_eq!(ledger.count().unwrap() as usize, receipts.len());
    receipts.len()
}

#[test]
fn sigkill_never_loses_an_acknowledged_payment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("point.db");
    Ledger::create(&path).unwrap();
    let spec = format!("sqlite {}", path.display());
    let mut acked = BTreeSet::new();
    let mut kills = 0;
    let mut progress = Vec::new();
    for delay in random_delays(5) {
        let (acks, paid) = run_child(&spec, &format!("{N} KILL-ME"), Some(delay));
        kills += usize::from(paid.is_none());
        acked.extend(acks);
        progress.push(check_ledger(&path, &acked, kills));
    }
    let (acks, paid) = run_child(&spec, &format!("{N} KILL-ME"), None);
    acked.extend(acks);
    assert!(paid.is_some(), "the last run completes");
    assert_eq!(check_ledger(&path, &acked, kills), N);
    assert!(acked.len() + kills >= N);
    eprintln!("{kills} of 5 runs killed mid-run; payments held after each: {progress:?}");
    assert!(
        kills >= 1,
        "no run was killed mid-run: the test proved nothing"
    );
}

fn ledger_with_payments(dir: &Path, n: usize) -> std::path::PathBuf {
    let path = dir.join("point.db");
    let ledger = Ledger::create(&path).unwrap();
    for i in 0..n {
        ledger
            .redeem_entitlement(&numbered(i), &point("P"), 1_500_000, at())
            .unwrap();
    }
    path
}

#[test]
fn damaged_files_are_ledger_corrupt_and_left_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let path = ledger_with_payments(dir.path(), 300);
    let good = std::fs::read(&path).unwrap();
    assert!(good.len() > 8 * 4096, "several pages");
    let mut garbled = good.clone();
    for b in &mut garbled[3 * 4096..5 * 4096] {
        *b ^= 0x5a;
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated to half", good[..good.len() / 2].to_vec()),
        ("truncated to 100 bytes", good[..100].to_vec()),
        ("emptied", Vec::new()),
        ("pages overwritten", garbled),
        ("not SQLite", b"qrpass ledger? no".repeat(500)),
    ];
    for (what, bytes) in cases {
        let p = dir.path().join("damaged.db");
        std::fs::write(&p, &bytes).unwrap();
        let e = Ledger::open(&p).unwrap_err();
        assert_eq!(e.code(), ErrorCode::LedgerCorrupt, "{what}: {e}");
        assert_eq!(std::fs::read(&p).unwrap(), bytes, "{what}: never rewritten");
        let e = Ledger::open_target(p.to_str().unwrap(), true).unwrap_err();
        assert_eq!(
            e.code(),
            ErrorCode::LedgerCorrupt,
            "{what}: never recreated"
        );
        std::fs::remove_file(&p).unwrap();
        let _ = std::fs::remove_file(p.with_extension("db-wal"));
        let _ = std::fs::remove_file(p.with_extension("db-shm"));
    }
    // A sound SQLite database that is not a ledger.
    let other = dir.path().join("other.db");
    foreign_schema_db(&other);
    assert_eq!(
        Ledger::open(&other).unwrap_err().code(),
        ErrorCode::LedgerCorrupt
    );
    // Missing files, and creating over an existing one.
    let missing = dir.path().join("missing.db");
    assert_eq!(
        Ledger::open(&missing).unwrap_err().code(),
        ErrorCode::LedgerUnavailable
    );
    assert!(!missing.exists());
    assert_eq!(
        Ledger::create(&path).unwrap_err().code(),
        ErrorCode::LedgerUnavailable
    );
    assert_eq!(Ledger::open(&path).unwrap().count().unwrap(), 300);
}

/// A ledger file whose schema version is not this one: a sound SQLite file, not our ledger.
fn foreign_schema_db(path: &Path) {
    drop(Ledger::create(path).unwrap()); // closing the last connection checkpoints the WAL
    let mut bytes = std::fs::read(path).unwrap();
    let needle = b"qrpass-ledger/1";
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("schema row");
    bytes[at..at + needle.len()].copy_from_slice(b"qrpass-ledger/9");
    std::fs::write(path, bytes).unwrap();
}
