//! Exactly once under contention: 8 threads, then 2 processes, on both backends.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{at, backends, numbered, point, Db};
use qrpass_ledger::Redemption;

const ENTITLEMENTS: usize = 1_000;
const CHILD_ENV: &str = "QRPASS_LEDGER_RACE_CHILD";

/// Every entitlement paid exactly once, and the ledger holds exactly `ENTITLEMENTS` payments.
fn check_once(db: &Db) {
    let ledger = db.open();
    assert_eq!(
        ledger.count().unwrap() as usize,
        ENTITLEMENTS,
        "{}",
        db.name()
    );
    let mut per_point: HashMap<String, usize> = HashMap::new();
    for i in 0..ENTITLEMENTS {
        let r = ledger.find(&numbered(i).key).unwrap().expect("paid");
        *per_point.entry(r.point).or_default() += 1;
    }
    assert_eq!(per_point.values().sum::<usize>(), ENTITLEMENTS);
    // Each racer's own chain is gap-free, whatever share it won.
    for p in per_point.keys() {
        let receipts = ledger.receipts(p, 0).unwrap();
        for (i, r) in receipts.iter().enumerate() {
            assert_eq!(r.seq, i as u64 + 1, "{}: {p} chain", db.name());
        }
    }
}

#[test]
fn eight_threads_pay_each_entitlement_once() {
    for db in backends("eight_threads") {
        let paid = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for t in 0..8 {
                let (db, paid) = (&db, &paid);
                s.spawn(move || {
                    let ledger = db.open(); // one connection per thread
                    let p = point(&format!("THREAD-{t}"));
                    // Each thread walks the list from another place, so they collide everywhere.
                    for k in 0..ENTITLEMENTS {
                        let i = (k + t * 125) % ENTITLEMENTS;
                        match ledger.redeem_entitlement(&numbered(i), &p, 1_500_000, at()) {
                            Ok(Redemption::Redeemed { .. }) => {
                                paid.fetch_add(1, Ordering::Relaxed);
                            }
                            Ok(Redemption::AlreadyRedeemed { .. }) => {}
                            Err(e) => panic!("{}: thread {t}: {e}", db.name()),
                        }
                    }
                });
            }
        });
        assert_eq!(paid.load(Ordering::Relaxed), ENTITLEMENTS, "{}", db.name());
        check_once(&db);
    }
}

/// Child mode: redeem all entitlements at point `RACE-<n>`, print how many it paid.
#[test]
fn race_child() {
    let Ok(args) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (n, spec) = args.split_once(' ').expect("child args");
    let ledger = Db::reopen(spec);
    let p = point(&format!("RACE-{n}"));
    let mut paid = 0;
    for k in 0..ENTITLEMENTS {
        let i = if n == "0" { k } else { ENTITLEMENTS - 1 - k };
        if let Redemption::Redeemed { .. } = ledger
            .redeem_entitlement(&numbered(i), &p, 1_500_000, at())
            .expect("redeem")
        {
            paid += 1;
        }
    }
    println!("paid {paid}");
}

#[test]
fn two_processes_pay_each_entitlement_once() {
    for db in backends("two_processes") {
        let children: Vec<_> = (0..2)
            .map(|n| {
                Command::new(std::env::current_exe().unwrap())
                    .args(["--exact", "race_child", "--nocapture", "--test-threads=1"])
                    .env(CHILD_ENV, format!("{n} {}", db.spec()))
                    .stdout(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut total = 0;
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "{}: child failed", db.name());
            let text = String::from_utf8_lossy(&out.stdout);
            let n: usize = text
                .split("paid ")
                .nth(1)
                .and_then(|t| t.split_whitespace().next())
                .and_then(|t| t.parse().ok())
                .unwrap_or_else(|| panic!("no count in {text}"));
            total += n;
        }
        assert_eq!(total, ENTITLEMENTS, "{}", db.name());
        check_once(&db);
    }
}
