//! Shared fixtures of the ledger tests: both backends, points, entitlements.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

use qrpass::model::{DateRange, SupportEntitlement};
use qrpass::{Date, Pass, PassKind, PrivateKey, Timestamp, Verified, Verifier};
use qrpass_ledger::{Entitlement, Ledger, PayoutPoint};
use qrpass_testkit::{clock::ts, examples::example, trust};

/// The name of the example beneficiary: must never reach a ledger, export or report.
pub const MARKER_NAME: &str = "Phạm Thị Hoa";
/// The example beneficiary's CCCD number: likewise.
pub const MARKER_ID: &str = "079302007788";

/// A time inside the example entitlement's validity.
pub fn at() -> Timestamp {
    ts("2021-10-05T09:00:00+07:00")
}

/// A ledger database both backends can open: a SQLite file or a PostgreSQL schema.
pub enum Db {
    /// A SQLite file in a temporary directory.
    Sqlite(tempfile::TempDir, PathBuf),
    /// A fresh schema of the test server.
    Pg(String, String),
}

impl Db {
    /// A new SQLite ledger file.
    pub fn sqlite() -> Db {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ledger.db");
        Ledger::create(&path).expect("create ledger");
        Db::Sqlite(dir, path)
    }

    /// A new, empty schema `name` on the server at `url`.
    pub fn pg(url: &str, name: &str) -> Db {
        let schema = format!("t_{name}_{}", std::process::id());
        let mut c = postgres::Client::connect(url, postgres::NoTls).expect("PG test server");
        c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .expect("drop schema");
        Db::Pg(url.to_owned(), schema)
    }

    /// A new connection to this ledger.
    pub fn open(&self) -> Ledger {
        match self {
            Db::Sqlite(_, path) => Ledger::open(path).expect("open ledger"),
            Db::Pg(url, schema) => Ledger::connect(url, schema).expect("connect ledger"),
        }
    }

    /// What a child process passes to [`Db::reopen`].
    pub fn spec(&self) -> String {
        match self {
            Db::Sqlite(_, path) => format!("sqlite {}", path.display()),
            Db::Pg(url, schema) => format!("pg {url} {schema}"),
        }
    }

    /// Opens the ledger a [`Db::spec`] names.
    pub fn reopen(spec: &str) -> Ledger {
        let parts: Vec<&str> = spec.split(' ').collect();
        match parts.as_slice() {
            ["sqlite", path] => Ledger::open(path).expect("open ledger"),
            ["pg", url, schema] => Ledger::connect(url, schema).expect("connect"),
            _ => panic!("bad db spec {spec}"),
        }
    }

    /// Which backend, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Db::Sqlite(..) => "sqlite",
            Db::Pg(..) => "postgres",
        }
    }
}

/// The PostgreSQL test server's URL, or `None` (printed as a skip) when unset.
pub fn pg_url() -> Option<String> {
    match std::env::var("QRPASS_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("QRPASS_TEST_REQUIRE_PG").is_none(),
                "QRPASS_TEST_REQUIRE_PG is set but QRPASS_TEST_PG_URL is not"
            );
            eprintln!(
                "SKIPPED the PostgreSQL half of this test: QRPASS_TEST_PG_URL is unset \
                 (scripts/test-all.sh starts a server and sets it)"
            );
            None
        }
    }
}

/// A fresh ledger on each backend available: SQLite always, PostgreSQL when its server is set.
pub fn backends(name: &str) -> Vec<Db> {
    let mut dbs = vec![Db::sqlite()];
    if let Some(url) = pg_url() {
        dbs.push(Db::pg(&url, name));
    }
    dbs
}

/// Payout point `id` with a key derived from its id.
pub fn point(id: &str) -> PayoutPoint {
    PayoutPoint::new(id, PrivateKey::from_seed(&qrpass_testkit::keys::seed(id))).expect("point")
}

/// The example support entitlement with case number `case` and period starting on `from`.
pub fn support(case: &str, from: &str, until: &str) -> SupportEntitlement {
    let Ok(Pass::SupportEntitlement(mut s)) = example(PassKind::SupportEntitlement) else {
        panic!("example support pass");
    };
    s.case_number = case.to_owned();
    s.period = DateRange {
        from: from.parse::<Date>().expect("date"),
        until: until.parse::<Date>().expect("date"),
    };
    s
}

/// Entitlement `i` of a numbered series (case `CASE-i`, the example's period), issued by VN-SG.
pub fn numbered(i: usize) -> Entitlement {
    let s = support(&format!("CASE-{i}"), "2021-07-01", "2021-09-30");
    Entitlement::from_parts("VN-SG", &s, format!("cti-{i}").as_bytes())
}

/// `pass` issued by `issuer` with token id `cti`, verified at [`at`].
pub fn verified(issuer: &str, pass: &Pass, cti: &[u8]) -> Verified {
    let token = trust::issue(issuer, pass, "2021-10-02T08:00:00+07:00", cti).expect("issue");
    Verifier::new(trust::vector_trust())
        .verify_at(&token, at())
        .expect("verifies")
}
