//! The embedded backend: one SQLite file per payout point (WAL, `synchronous=FULL`).

use std::path::Path;
use std::time::Duration;

use qrpass::{Error, ErrorCode, Kid, Result};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior};

use super::{check_continuity, Backend, Signer};
use crate::backend::sql::{self, SCHEMA_VERSION};
use crate::entitlement::EntitlementKey;
use crate::export::VerifiedExport;
use crate::receipt::Receipt;
use crate::{Gap, MergeStats, Redemption};

/// A SQLite ledger file.
pub(crate) struct Sqlite {
    conn: Connection,
}

/// Maps a SQLite failure to the ledger's codes: corrupt file, failed write, or unreachable file.
pub(crate) fn sqlite_error(e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode as C;
    let code = match e.sqlite_error_code() {
        Some(C::DatabaseCorrupt | C::NotADatabase) => ErrorCode::LedgerCorrupt,
        Some(C::CannotOpen | C::PermissionDenied) => ErrorCode::LedgerUnavailable,
        _ => ErrorCode::LedgerWriteFailed,
    };
    Error::new(code, format!("SQLite ledger: {e}"))
}

impl Sqlite {
    /// Creates a new ledger file; refuses to touch an existing one.
    pub(crate) fn create(path: &Path) -> Result<Sqlite> {
        if path.exists() {
            return Err(Error::new(
                ErrorCode::LedgerUnavailable,
                format!("{} exists: open it instead of creating it", path.display()),
            ));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sqlite_error)?;
        let db = Sqlite::configure(conn)?;
        db.conn
            .execute_batch(&sql::schema_sqlite())
            .map_err(sqlite_error)?;
        Ok(db)
    }

    /// Opens an existing ledger file and checks it is an intact qrpass ledger.
    pub(crate) fn open(path: &Path) -> Result<Sqlite> {
        if !path.is_file() {
            return Err(Error::new(
                ErrorCode::LedgerUnavailable,
                format!("no ledger file at {}", path.display()),
            ));
        }
        check_header(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sqlite_error)?;
        conn.busy_timeout(Duration::from_secs(30))
            .map_err(sqlite_error)?;
        let db = Sqlite { conn };
        db.check_intact()?;
        Sqlite::configure(db.conn)
    }

    fn configure(conn: Connection) -> Result<Sqlite> {
        conn.busy_timeout(Duration::from_secs(30))
            .map_err(sqlite_error)?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(sqlite_error)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::new(
                ErrorCode::LedgerWriteFailed,
                format!("SQLite refused WAL mode (got {mode})"),
            ));
        }
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
            .map_err(sqlite_error)?;
        Ok(Sqlite { conn })
    }

    /// `ledger_corrupt` unless `PRAGMA quick_check` is clean and the schema is ours.
    fn check_intact(&self) -> Result<()> {
        let check: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(sqlite_error)?;
        if check != "ok" {
            return Err(corrupt(&format!("integrity check failed: {check}")));
        }
        let version: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE name = 'schema'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| match e.sqlite_error_code() {
                None | Some(rusqlite::ErrorCode::Unknown) => corrupt("no ledger tables"),
                _ => sqlite_error(e),
            })?;
        match version {
            Some(v) if v == SCHEMA_VERSION => Ok(()),
            Some(v) => Err(corrupt(&format!("schema `{v}` is not {SCHEMA_VERSION}"))),
            None => Err(corrupt("no schema version")),
        }
    }
}

/// `ledger_corrupt` unless the file starts with SQLite's 16-byte header: checked
/// before SQLite opens it, which would otherwise turn an emptied file into a new database.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head));
    match read {
        Ok(()) if &head == b"SQLite format 3\0" => Ok(()),
        Ok(()) => Err(corrupt("not a SQLite file")),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            Err(corrupt("shorter than a SQLite header"))
        }
        Err(e) => Err(Error::new(
            ErrorCode::LedgerUnavailable,
            format!("cannot read {}: {e}", path.display()),
        )),
    }
}

fn corrupt(what: &str) -> Error {
    Error::new(
        ErrorCode::LedgerCorrupt,
        format!("not an intact qrpass ledger ({what}); it was left as it is"),
    )
}

/// Reads a receipt from columns in [`sql::COLUMNS`] order.
fn receipt_row(r: &Row<'_>) -> rusqlite::Result<Receipt> {
    sql::receipt_from(sql::Cols {
        point: r.get(0)?,
        seq: r.get(1)?,
        issuer: r.get(2)?,
        case_number: r.get(3)?,
        period_from: r.get(4)?,
        period_until: r.get(5)?,
        amount_vnd: r.get(6)?,
        at: r.get(7)?,
        cti: r.get(8)?,
        kid: r.get(9)?,
        prev: r.get(10)?,
        signature: r.get(11)?,
    })
    .map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Blob, e.into())
    })
}

fn insert_params(r: &Receipt) -> [rusqlite::types::Value; 12] {
    use rusqlite::types::Value::{Blob, Integer, Text};
    [
        Text(r.point.clone()),
        Integer(r.seq as i64),
        Text(r.key.issuer.clone()),
        Text(r.key.case_number.clone()),
        Integer(r.key.period.from.0.into()),
        Integer(r.key.period.until.0.into()),
        Integer(r.amount_vnd as i64),
        Integer(r.at.unix()),
        Blob(r.cti.clone()),
        Blob(r.kid.0.to_vec()),
        Blob(r.prev.to_vec()),
        Blob(r.signature.to_vec()),
    ]
}

impl Backend for Sqlite {
    fn limit_pages(&mut self, extra_pages: u32) -> Result<()> {
        let used: i64 = self
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .map_err(sqlite_error)?;
        let q = format!("PRAGMA max_page_count={}", used + i64::from(extra_pages));
        self.conn
            .query_row(&q, [], |_| Ok(()))
            .map_err(sqlite_error)
    }

    fn redeem(
        &mut self,
        point: &str,
        kid: Kid,
        key: &EntitlementKey,
        sign: Signer,
    ) -> Result<Redemption> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite_error)?;
        let head: Option<(i64, Vec<u8>, Vec<u8>)> = tx
            .query_row(
                "SELECT last_seq, head, kid FROM points WHERE point = ?1",
                [point],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(sqlite_error)?;
        let (seq, prev) = sql::next_link(point, kid, head)?;
        let receipt = sign(seq, prev);
        let inserted = tx
            .prepare_cached(&sql::insert_redemption_sqlite())
            .and_then(|mut st| st.execute(rusqlite::params_from_iter(insert_params(&receipt))))
            .map_err(sqlite_error)?;
        if inserted == 0 {
            drop(tx);
            let held = self.find(key)?.ok_or_else(|| {
                Error::new(ErrorCode::Internal, "entitlement conflict without a row")
            })?;
            return Ok(Redemption::already(held));
        }
        tx.execute(
            "INSERT INTO points (point, last_seq, head, kid) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (point) DO UPDATE SET last_seq = excluded.last_seq, head = excluded.head",
            params![point, seq as i64, receipt.hash().to_vec(), kid.0.to_vec()],
        )
        .map_err(sqlite_error)?;
        tx.commit().map_err(sqlite_error)?;
        Ok(Redemption::Redeemed { receipt })
    }

    fn receipts(&mut self, point: &str, since: u64) -> Result<Vec<Receipt>> {
        let q = format!(
            "SELECT {} FROM redemptions WHERE point = ?1 AND seq > ?2 ORDER BY seq",
            sql::COLUMNS
        );
        let mut st = self.conn.prepare(&q).map_err(sqlite_error)?;
        let rows = st
            .query_map(params![point, since as i64], receipt_row)
            .map_err(sqlite_error)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(sqlite_error)
    }

    fn find(&mut self, key: &EntitlementKey) -> Result<Option<Receipt>> {
        let q = format!(
            "SELECT {} FROM redemptions WHERE issuer = ?1 AND case_number = ?2
             AND period_from = ?3 AND period_until = ?4",
            sql::COLUMNS
        );
        self.conn
            .query_row(
                &q,
                params![
                    key.issuer,
                    key.case_number,
                    key.period.from.0,
                    key.period.until.0
                ],
                receipt_row,
            )
            .optional()
            .map_err(sqlite_error)
    }

    fn count(&mut self) -> Result<u64> {
        self.conn
            .query_row("SELECT count(*) FROM redemptions", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as u64)
            .map_err(sqlite_error)
    }

    fn merge(&mut self, export: &VerifiedExport) -> Result<MergeStats> {
        let h = &export.header;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite_error)?;
        let lookup = |col: &str, seq: u64| -> Result<Option<[u8; 32]>> {
            let q = format!("SELECT {col} FROM imported WHERE point = ?1 AND seq = ?2");
            let v: Option<Vec<u8>> = tx
                .query_row(&q, params![h.point, seq as i64], |r| r.get(0))
                .optional()
                .map_err(sqlite_error)?;
            Ok(v.and_then(|b| <[u8; 32]>::try_from(b).ok()))
        };
        check_continuity(export, |s| lookup("hash", s), |s| lookup("prev", s))?;
        let mut held = 0;
        let mut added = 0;
        {
            let mut get = tx
                .prepare(
                    "SELECT seq, hash FROM imported WHERE point = ?1 AND seq BETWEEN ?2 AND ?3",
                )
                .map_err(sqlite_error)?;
            let existing = get
                .query_map(
                    params![h.point, h.first_seq as i64, h.last_seq as i64],
                    |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, Vec<u8>>(1)?)),
                )
                .map_err(sqlite_error)?
                .collect::<rusqlite::Result<std::collections::HashMap<_, _>>>()
                .map_err(sqlite_error)?;
            let mut ins = tx
                .prepare(&sql::insert_imported_sqlite())
                .map_err(sqlite_error)?;
            for (r, hash) in export.receipts.iter().zip(&export.hashes) {
                if let Some(old) = existing.get(&r.seq) {
                    if old.as_slice() != hash {
                        return Err(crate::export::chain_broken(
                            &r.point,
                            r.seq,
                            "differs from the entry imported before (altered or forked)",
                        ));
                    }
                    held += 1;
                    continue;
                }
                let mut p = insert_params(r).to_vec();
                p.push(rusqlite::types::Value::Blob(hash.to_vec()));
                ins.execute(rusqlite::params_from_iter(p))
                    .map_err(sqlite_error)?;
                added += 1;
            }
        }
        tx.commit().map_err(sqlite_error)?;
        Ok(MergeStats {
            point: h.point.clone(),
            first_seq: h.first_seq,
            last_seq: h.last_seq,
            added,
            already_held: held,
        })
    }

    fn doubles(&mut self) -> Result<Vec<Receipt>> {
        let mut st = self
            .conn
            .prepare(&sql::doubles_query())
            .map_err(sqlite_error)?;
        let rows = st.query_map([], receipt_row).map_err(sqlite_error)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(sqlite_error)
    }

    fn gaps(&mut self) -> Result<Vec<Gap>> {
        let mut st = self.conn.prepare(sql::GAPS_QUERY).map_err(sqlite_error)?;
        let rows = st
            .query_map([], |r| {
                Ok(Gap {
                    point: r.get(0)?,
                    from_seq: r.get::<_, i64>(1)? as u64,
                    to_seq: r.get::<_, i64>(2)? as u64,
                })
            })
            .map_err(sqlite_error)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(sqlite_error)
    }
}
