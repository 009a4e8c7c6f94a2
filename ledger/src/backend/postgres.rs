//! The shared backend: payout points online against one province PostgreSQL database.

use std::collections::HashMap;

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row};
use qrpass::{Error, ErrorCode, Kid, Result};

use super::{check_continuity, Backend, Signer};
use crate::backend::sql::{self, COLUMNS, SCHEMA_VERSION};
use crate::entitlement::EntitlementKey;
use crate::export::{chain_broken, VerifiedExport};
use crate::receipt::{Receipt, GENESIS};
use crate::{Gap, MergeStats, Redemption};

/// Rows sent per `INSERT ... SELECT FROM unnest(...)` when merging an export.
const MERGE_BATCH: usize = 5_000;

/// A connection to the province database, using the tables of one schema.
pub(crate) struct Pg {
    client: Client,
}

/// Maps a PostgreSQL failure: damaged data is `ledger_corrupt`, anything else a failed write.
fn pg_error(e: postgres::Error) -> Error {
    let code = match e.code() {
        Some(c) if *c == SqlState::DATA_CORRUPTED || *c == SqlState::INDEX_CORRUPTED => {
            ErrorCode::LedgerCorrupt
        }
        _ => ErrorCode::LedgerWriteFailed,
    };
    let detail = e
        .as_db_error()
        .map_or_else(String::new, |d| format!(": {}", d.message()));
    Error::new(code, format!("PostgreSQL ledger: {e}{detail}"))
}

fn receipt_row(r: &Row) -> Result<Receipt> {
    let c = sql::Cols {
        point: r.try_get(0).map_err(pg_error)?,
        seq: r.try_get(1).map_err(pg_error)?,
        issuer: r.try_get(2).map_err(pg_error)?,
        case_number: r.try_get(3).map_err(pg_error)?,
        period_from: r.try_get(4).map_err(pg_error)?,
        period_until: r.try_get(5).map_err(pg_error)?,
        amount_vnd: r.try_get(6).map_err(pg_error)?,
        at: r.try_get(7).map_err(pg_error)?,
        cti: r.try_get(8).map_err(pg_error)?,
        kid: r.try_get(9).map_err(pg_error)?,
        prev: r.try_get(10).map_err(pg_error)?,
        signature: r.try_get(11).map_err(pg_error)?,
    };
    sql::receipt_from(c)
}

/// The twelve receipt parameters, owned.
struct Params {
    point: String,
    seq: i64,
    issuer: String,
    case_number: String,
    period_from: i32,
    period_until: i32,
    amount: i64,
    at: i64,
    cti: Vec<u8>,
    kid: Vec<u8>,
    prev: Vec<u8>,
    signature: Vec<u8>,
}

impl Params {
    fn of(r: &Receipt) -> Params {
        Params {
            point: r.point.clone(),
            seq: r.seq as i64,
            issuer: r.key.issuer.clone(),
            case_number: r.key.case_number.clone(),
            period_from: r.key.period.from.0,
            period_until: r.key.period.until.0,
            amount: r.amount_vnd as i64,
            at: r.at.unix(),
            cti: r.cti.clone(),
            kid: r.kid.0.to_vec(),
            prev: r.prev.to_vec(),
            signature: r.signature.to_vec(),
        }
    }

    fn refs(&self) -> [&(dyn ToSql + Sync); 12] {
        [
            &self.point,
            &self.seq,
            &self.issuer,
            &self.case_number,
            &self.period_from,
            &self.period_until,
            &self.amount,
            &self.at,
            &self.cti,
            &self.kid,
            &self.prev,
            &self.signature,
        ]
    }
}

impl Pg {
    /// Connects and makes the tables in `schema` if they are missing (under an advisory lock).
    pub(crate) fn connect(url: &str, schema: &str) -> Result<Pg> {
        let ok = (1..=63).contains(&schema.len())
            && schema
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("schema `{schema}` is not 1-63 of a-z 0-9 _"),
            ));
        }
        let mut client = Client::connect(url, NoTls).map_err(|e| {
            Error::new(
                ErrorCode::LedgerUnavailable,
                format!("cannot reach the PostgreSQL ledger: {e}"),
            )
        })?;
        // Separate statements, each its own transaction: the lock is taken before the
        // schema is read, and released only after it is committed.
        client
            .batch_execute("SELECT pg_advisory_lock(7419001)")
            .map_err(pg_error)?;
        let setup = format!(
            "BEGIN; CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}; {} COMMIT;",
            sql::schema_pg()
        );
        let made = client.batch_execute(&setup).map_err(pg_error);
        client
            .batch_execute("SELECT pg_advisory_unlock(7419001)")
            .map_err(pg_error)?;
        made?;
        client
            .batch_execute(&format!("SET search_path TO {schema}"))
            .map_err(pg_error)?;
        let version: String = client
            .query_one("SELECT value FROM meta WHERE name = 'schema'", &[])
            .and_then(|r| r.try_get(0))
            .map_err(pg_error)?;
        if version != SCHEMA_VERSION {
            return Err(Error::new(
                ErrorCode::LedgerCorrupt,
                format!("schema `{version}` is not {SCHEMA_VERSION}"),
            ));
        }
        Ok(Pg { client })
    }

    fn query_receipts(&mut self, q: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Receipt>> {
        let rows = self.client.query(q, params).map_err(pg_error)?;
        rows.iter().map(receipt_row).collect()
    }
}

impl Backend for Pg {
    fn redeem(
        &mut self,
        point: &str,
        kid: Kid,
        key: &EntitlementKey,
        sign: Signer,
    ) -> Result<Redemption> {
        let mut tx = self.client.transaction().map_err(pg_error)?;
        tx.execute(
            "INSERT INTO points (point, last_seq, head, kid) VALUES ($1, 0, $2, $3)
             ON CONFLICT (point) DO NOTHING",
            &[&point, &GENESIS.as_slice(), &kid.0.as_slice()],
        )
        .map_err(pg_error)?;
        let row = tx
            .query_one(
                "SELECT last_seq, head, kid FROM points WHERE point = $1 FOR UPDATE",
                &[&point],
            )
            .map_err(pg_error)?;
        let head = (
            row.try_get(0).map_err(pg_error)?,
            row.try_get(1).map_err(pg_error)?,
            row.try_get(2).map_err(pg_error)?,
        );
        let (seq, prev) = sql::next_link(point, kid, Some(head))?;
        let receipt = sign(seq, prev);
        let p = Params::of(&receipt);
        let inserted = tx
            .execute(
                &format!(
                    "INSERT INTO redemptions ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                     ON CONFLICT (issuer, case_number, period_from, period_until) DO NOTHING"
                ),
                &p.refs(),
            )
            .map_err(pg_error)?;
        if inserted == 0 {
            tx.rollback().map_err(pg_error)?;
            let held = self.find(key)?.ok_or_else(|| {
                Error::new(ErrorCode::Internal, "entitlement conflict without a row")
            })?;
            return Ok(Redemption::already(held));
        }
        tx.execute(
            "UPDATE points SET last_seq = $2, head = $3 WHERE point = $1",
            &[&point, &(seq as i64), &receipt.hash().as_slice()],
        )
        .map_err(pg_error)?;
        tx.commit().map_err(pg_error)?;
        Ok(Redemption::Redeemed { receipt })
    }

    fn receipts(&mut self, point: &str, since: u64) -> Result<Vec<Receipt>> {
        let q =
            format!("SELECT {COLUMNS} FROM redemptions WHERE point = $1 AND seq > $2 ORDER BY seq");
        self.query_receipts(&q, &[&point, &(since as i64)])
    }

    fn find(&mut self, key: &EntitlementKey) -> Result<Option<Receipt>> {
        let q = format!(
            "SELECT {COLUMNS} FROM redemptions WHERE issuer = $1 AND case_number = $2
             AND period_from = $3 AND period_until = $4"
        );
        let found = self.query_receipts(
            &q,
            &[
                &key.issuer,
                &key.case_number,
                &key.period.from.0,
                &key.period.until.0,
            ],
        )?;
        Ok(found.into_iter().next())
    }

    fn count(&mut self) -> Result<u64> {
        let n: i64 = self
            .client
            .query_one("SELECT count(*) FROM redemptions", &[])
            .and_then(|r| r.try_get(0))
            .map_err(pg_error)?;
        Ok(n as u64)
    }

    fn merge(&mut self, export: &VerifiedExport) -> Result<MergeStats> {
        let h = &export.header;
        let mut tx = self.client.transaction().map_err(pg_error)?;
        tx.execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&h.point])
            .map_err(pg_error)?;
        let mut existing = HashMap::new();
        let low = h.first_seq.saturating_sub(1) as i64;
        for row in tx
            .query(
                "SELECT seq, hash, prev FROM imported WHERE point = $1 AND seq BETWEEN $2 AND $3",
                &[&h.point, &low, &(h.last_seq as i64 + 1)],
            )
            .map_err(pg_error)?
        {
            let seq: i64 = row.try_get(0).map_err(pg_error)?;
            let hash: Vec<u8> = row.try_get(1).map_err(pg_error)?;
            let prev: Vec<u8> = row.try_get(2).map_err(pg_error)?;
            existing.insert(seq as u64, (hash, prev));
        }
        let fixed = |v: &Vec<u8>| <[u8; 32]>::try_from(v.as_slice()).ok();
        check_continuity(
            export,
            |s| Ok(existing.get(&s).and_then(|(h, _)| fixed(h))),
            |s| Ok(existing.get(&s).and_then(|(_, p)| fixed(p))),
        )?;
        let mut fresh = Vec::new();
        for (r, hash) in export.receipts.iter().zip(&export.hashes) {
            match existing.get(&r.seq) {
                Some((old, _)) if old.as_slice() != hash => {
                    return Err(chain_broken(
                        &r.point,
                        r.seq,
                        "differs from the entry imported before (altered or forked)",
                    ))
                }
                Some(_) => {}
                None => fresh.push((r, hash)),
            }
        }
        for chunk in fresh.chunks(MERGE_BATCH) {
            insert_batch(&mut tx, chunk)?;
        }
        tx.commit().map_err(pg_error)?;
        let added = fresh.len() as u64;
        Ok(MergeStats {
            point: h.point.clone(),
            first_seq: h.first_seq,
            last_seq: h.last_seq,
            added,
            already_held: export.receipts.len() as u64 - added,
        })
    }

    fn doubles(&mut self) -> Result<Vec<Receipt>> {
        self.query_receipts(&sql::doubles_query(), &[])
    }

    fn gaps(&mut self) -> Result<Vec<Gap>> {
        let rows = self.client.query(sql::GAPS_QUERY, &[]).map_err(pg_error)?;
        rows.iter()
            .map(|r| {
                Ok(Gap {
                    point: r.try_get(0).map_err(pg_error)?,
                    from_seq: r.try_get::<_, i64>(1).map_err(pg_error)? as u64,
                    to_seq: r.try_get::<_, i64>(2).map_err(pg_error)? as u64,
                })
            })
            .collect()
    }
}

/// Inserts imported entries in one statement, as arrays unnested server-side.
fn insert_batch(tx: &mut postgres::Transaction<'_>, rows: &[(&Receipt, &[u8; 32])]) -> Result<()> {
    let ps: Vec<Params> = rows.iter().map(|(r, _)| Params::of(r)).collect();
    macro_rules! col {
        ($f:ident) => {
            ps.iter().map(|p| p.$f.clone()).collect::<Vec<_>>()
        };
    }
    let hashes: Vec<Vec<u8>> = rows.iter().map(|(_, h)| h.to_vec()).collect();
    let (point, seq, issuer, case) = (col!(point), col!(seq), col!(issuer), col!(case_number));
    let (pf, pu, amount, at) = (
        col!(period_from),
        col!(period_until),
        col!(amount),
        col!(at),
    );
    let (cti, kid, prev, sig) = (col!(cti), col!(kid), col!(prev), col!(signature));
    tx.execute(
        &format!(
            "INSERT INTO imported ({COLUMNS}, hash) SELECT * FROM unnest(
               $1::text[], $2::bigint[], $3::text[], $4::text[], $5::int[], $6::int[],
               $7::bigint[], $8::bigint[], $9::bytea[], $10::bytea[], $11::bytea[], $12::bytea[],
               $13::bytea[])"
        ),
        &[
            &point, &seq, &issuer, &case, &pf, &pu, &amount, &at, &cti, &kid, &prev, &sig, &hashes,
        ],
    )
    .map_err(pg_error)?;
    Ok(())
}
