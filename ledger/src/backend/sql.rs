//! The tables and queries both backends share (spec/LEDGER.md §7).

use qrpass::model::DateRange;
use qrpass::{Date, Error, ErrorCode, Kid, Result, Timestamp};

use crate::entitlement::EntitlementKey;
use crate::receipt::{Receipt, GENESIS};

/// The `meta.schema` value of this version's tables.
pub(crate) const SCHEMA_VERSION: &str = "qrpass-ledger/1";

/// The receipt columns, in the order [`Cols`] reads them.
pub(crate) const COLUMNS: &str = "point, seq, issuer, case_number, period_from, period_until, \
     amount_vnd, at, cti, kid, prev, signature";

/// The receipt columns of one row, as read from either database.
pub(crate) struct Cols {
    pub point: String,
    pub seq: i64,
    pub issuer: String,
    pub case_number: String,
    pub period_from: i32,
    pub period_until: i32,
    pub amount_vnd: i64,
    pub at: i64,
    pub cti: Vec<u8>,
    pub kid: Vec<u8>,
    pub prev: Vec<u8>,
    pub signature: Vec<u8>,
}

/// The tables, with `blob` the byte type and `int` the 64-bit integer type of the database.
fn tables(blob: &str, int: &str) -> String {
    let receipt_cols = format!(
        "point TEXT NOT NULL, seq {int} NOT NULL, issuer TEXT NOT NULL, case_number TEXT NOT NULL,
         period_from INTEGER NOT NULL, period_until INTEGER NOT NULL,
         amount_vnd {int} NOT NULL CHECK (amount_vnd > 0), at {int} NOT NULL,
         cti {blob} NOT NULL, kid {blob} NOT NULL, prev {blob} NOT NULL, signature {blob} NOT NULL"
    );
    format!(
        "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
         INSERT INTO meta (name, value) VALUES ('schema', '{SCHEMA_VERSION}') ON CONFLICT (name) DO NOTHING;
         CREATE TABLE IF NOT EXISTS points (point TEXT PRIMARY KEY, last_seq {int} NOT NULL,
             head {blob} NOT NULL, kid {blob} NOT NULL);
         CREATE TABLE IF NOT EXISTS redemptions ({receipt_cols}, PRIMARY KEY (point, seq));
         CREATE UNIQUE INDEX IF NOT EXISTS redemptions_entitlement
             ON redemptions (issuer, case_number, period_from, period_until);
         CREATE TABLE IF NOT EXISTS imported ({receipt_cols}, hash {blob} NOT NULL,
             PRIMARY KEY (point, seq));
         CREATE INDEX IF NOT EXISTS imported_entitlement
             ON imported (issuer, case_number, period_from, period_until);"
    )
}

/// The SQLite schema, in one transaction.
pub(crate) fn schema_sqlite() -> String {
    format!("BEGIN; {} COMMIT;", tables("BLOB", "INTEGER"))
}

/// The PostgreSQL schema.
#[cfg(feature = "postgres")]
pub(crate) fn schema_pg() -> String {
    tables("BYTEA", "BIGINT")
}

/// Inserts a local redemption unless its entitlement is paid (the unique index decides).
pub(crate) fn insert_redemption_sqlite() -> String {
    format!(
        "INSERT INTO redemptions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (issuer, case_number, period_from, period_until) DO NOTHING"
    )
}

/// Inserts an imported entry with its hash.
pub(crate) fn insert_imported_sqlite() -> String {
    format!(
        "INSERT INTO imported ({COLUMNS}, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    )
}

/// Every payment (local or imported, each `(point, seq)` once) of an entitlement paid twice or more.
pub(crate) fn doubles_query() -> String {
    let all = format!("SELECT {COLUMNS} FROM redemptions UNION SELECT {COLUMNS} FROM imported");
    format!(
        "WITH paid AS ({all}),
         twice AS (SELECT issuer, case_number, period_from, period_until FROM paid
                   GROUP BY issuer, case_number, period_from, period_until HAVING count(*) > 1)
         SELECT {cols} FROM paid p JOIN twice t
           ON p.issuer = t.issuer AND p.case_number = t.case_number
          AND p.period_from = t.period_from AND p.period_until = t.period_until
         ORDER BY p.issuer, p.case_number, p.period_from, p.period_until, p.at, p.point, p.seq",
        cols = COLUMNS
            .split(", ")
            .map(|c| format!("p.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The missing runs of each imported point's chain, from 1 to its highest entry.
pub(crate) const GAPS_QUERY: &str = "SELECT point, prev_seq + 1, seq - 1 FROM (
       SELECT point, seq, LAG(seq, 1, 0) OVER (PARTITION BY point ORDER BY seq) AS prev_seq
       FROM imported) AS chained
     WHERE seq > prev_seq + 1 ORDER BY point, prev_seq";

/// The next sequence number and `prev` for `point`, given its chain head row if any.
pub(crate) fn next_link(
    point: &str,
    kid: Kid,
    head: Option<(i64, Vec<u8>, Vec<u8>)>,
) -> Result<(u64, [u8; 32])> {
    let Some((last, hash, held_kid)) = head else {
        return Ok((1, GENESIS));
    };
    if held_kid != kid.0 {
        return Err(Error::new(
            ErrorCode::UnknownPoint,
            format!("point {point} signs with another key in this ledger"),
        ));
    }
    let prev = <[u8; 32]>::try_from(hash).map_err(|_| corrupt_row("chain head"))?;
    Ok((last as u64 + 1, prev))
}

fn corrupt_row(what: &str) -> Error {
    Error::new(
        ErrorCode::LedgerCorrupt,
        format!("a ledger row is malformed ({what})"),
    )
}

/// A receipt from its columns; `ledger_corrupt` for a malformed row.
pub(crate) fn receipt_from(c: Cols) -> Result<Receipt> {
    let kid: [u8; 8] = fixed_vec(c.kid).ok_or_else(|| corrupt_row("kid"))?;
    Ok(Receipt {
        point: c.point,
        seq: u64::try_from(c.seq).map_err(|_| corrupt_row("seq"))?,
        key: EntitlementKey {
            issuer: c.issuer,
            case_number: c.case_number,
            period: DateRange {
                from: Date(c.period_from),
                until: Date(c.period_until),
            },
        },
        amount_vnd: u64::try_from(c.amount_vnd).map_err(|_| corrupt_row("amount"))?,
        at: Timestamp(c.at),
        cti: c.cti,
        kid: Kid(kid),
        prev: fixed_vec(c.prev).ok_or_else(|| corrupt_row("prev"))?,
        signature: fixed_vec(c.signature).ok_or_else(|| corrupt_row("signature"))?,
    })
}

fn fixed_vec<const N: usize>(v: Vec<u8>) -> Option<[u8; N]> {
    v.try_into().ok()
}
