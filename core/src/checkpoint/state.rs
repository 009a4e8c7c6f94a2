//! [`Checkpoint::save`] and [`Checkpoint::restore`]: the whole state as bytes,
//! rollback floors included (spec/TRUST.md §9.6).
//!
//! The bytes are the magic `QRPCKPT1`, a strict CBOR map, and the SHA-256 of
//! everything before it. Restoring checks the digest, decodes strictly, and
//! re-verifies every held artifact as if it were offered again (the trust list
//! under the saved root, the revocation chain, each policy), into a new
//! checkpoint that replaces nothing until it is complete: a truncated or
//! altered state is refused with `bad_checkpoint_state` and nothing is loaded.
//! The digest detects damage, not a deliberate edit by whoever can write the
//! app's storage (who could as well delete it): the signatures of the
//! artifacts are checked again, so such an edit cannot forge a list.
//!
//! ```cddl
//! State = {
//!   0 => 1,                     ; state format
//!   1 => bstr .size 32,         ; the current root key
//!   2 => tstr,                  ; checkpoint id
//!   ? 3 => tstr,                ; area code
//!   4 => uint,                  ; trust list floor
//!   ? 5 => bstr,                ; trust list envelope
//!   6 => uint,                  ; revocation floor
//!   7 => [* bstr],              ; full revocation list, then the deltas applied to it
//!   8 => [* [tstr, uint]],      ; policy floors by id, ids ascending
//!   9 => [* bstr],              ; signed policy envelopes, ids ascending
//!   ? 10 => tstr,               ; local unsigned policy (JSON)
//!   11 => [* [int, tstr, tstr, tstr, uint]],  ; tally rows: hour, kind, outcome, holder, count
//!   12 => [uint, uint, uint, ? int],          ; refresh: floor, max backoff, failures, last attempt
//!   ? 13 => [int, int],         ; time hint: trusted, device
//!   ? 14 => [uint, ? bstr],     ; DSC list floor, then its envelope (absent: none ever held;
//!                               ; a build without `dcc` restores the floor only)
//! }
//! ```

use ciborium::value::{Integer, Value};
use sha2::{Digest, Sha256};

use super::tally::{row_is_known, TallyRow};
use super::{Checkpoint, RefreshSettings};
use crate::error::{err, Error, ErrorCode, Result};
use crate::keys::PublicKey;
use crate::policy::Policy;
use crate::time::Timestamp;
use crate::wire::cbor::{self, MapReader, MapWriter};

const MAGIC: &[u8; 8] = b"QRPCKPT1";
const FORMAT: u64 = 1;
/// The largest saved state restored, in bytes.
pub const MAX_STATE_BYTES: usize = 16 << 20;

fn int(n: i64) -> Value {
    Value::Integer(Integer::from(n))
}

fn bytes_array(items: impl Iterator<Item = Vec<u8>>) -> Value {
    Value::Array(items.map(Value::Bytes).collect())
}

impl Checkpoint {
    /// The whole state as bytes (deterministic: the same state gives the same bytes).
    pub fn save(&self) -> Vec<u8> {
        let trust_seq = self.anchor.trust_sequence().unwrap_or(0);
        let revocation_seq = self
            .anchor
            .revocation_list()
            .and_then(|r| r.info())
            .map_or(0, |i| i.sequence);
        let floors = self
            .policy_floors
            .iter()
            .map(|(id, f)| Value::Array(vec![id.as_str().into(), (*f).into()]))
            .collect();
        let tally = self
            .tally
            .rows()
            .into_iter()
            .map(|r| {
                Value::Array(vec![
                    int(r.hour),
                    r.kind.into(),
                    r.outcome.into(),
                    r.holder.into(),
                    r.count.into(),
                ])
            })
            .collect();
        let mut refresh = vec![
            u64::from(self.refresh.floor_seconds).into(),
            u64::from(self.refresh.max_backoff_seconds).into(),
            u64::from(self.refresh.failures).into(),
        ];
        refresh.extend(self.refresh.last_attempt.map(|t| int(t.unix())));
        let mut w = MapWriter::new();
        w.put(0, FORMAT)
            .put(1, Value::Bytes(self.anchor.root().to_bytes().to_vec()))
            .put(2, self.id.as_str())
            .opt(3, self.area.as_ref().map(|a| a.as_str()))
            .put(4, self.trust_floor.max(trust_seq))
            .opt(
                5,
                self.anchor
                    .trust_list()
                    .map(|t| Value::Bytes(t.envelope().to_vec())),
            )
            .put(6, self.revocation_floor.max(revocation_seq))
            .put(7, bytes_array(self.revocation_chain.iter().cloned()))
            .put(8, Value::Array(floors))
            .put(
                9,
                bytes_array(self.policies.values().map(|p| p.envelope().to_vec())),
            )
            .opt(10, self.local_policy.as_ref().map(|p| p.to_json()))
            .put(11, Value::Array(tally))
            .put(12, Value::Array(refresh))
            .opt(
                13,
                self.time_hint
                    .map(|(t, d)| Value::Array(vec![int(t.unix()), int(d.unix())])),
            )
            .opt(14, self.dsc_state());
        let mut out = MAGIC.to_vec();
        out.extend(cbor::encode(&w.build()));
        let digest = Sha256::digest(&out);
        out.extend_from_slice(&digest);
        out
    }

    /// Key 14: the DSC list floor and envelope; absent while none was ever
    /// held, so that a state without one saves as before.
    fn dsc_state(&self) -> Option<Value> {
        let envelope = self.dsc_envelope();
        if self.dsc_floor == 0 && envelope.is_none() {
            return None;
        }
        let mut items = vec![Value::from(self.dsc_floor)];
        items.extend(envelope.map(Value::Bytes));
        Some(Value::Array(items))
    }

    /// Rebuilds a checkpoint from [`Checkpoint::save`]'s bytes.
    ///
    /// `bad_checkpoint_state` (its message names the cause) for a truncated,
    /// altered or foreign state, or one whose artifacts no longer verify.
    pub fn restore(saved: &[u8]) -> Result<Checkpoint> {
        restore(saved).map_err(|e| {
            if e.code() == ErrorCode::BadCheckpointState {
                e
            } else {
                err!(
                    BadCheckpointState,
                    "the saved state does not restore: {} ({})",
                    e.message(),
                    e.code()
                )
            }
        })
    }
}

fn bad(what: &str) -> Error {
    err!(BadCheckpointState, "the saved state {what}")
}

fn restore(saved: &[u8]) -> Result<Checkpoint> {
    if saved.len() > MAX_STATE_BYTES {
        return Err(bad("is larger than 16 MiB"));
    }
    if saved.len() < MAGIC.len() + 32 || !saved.starts_with(MAGIC) {
        return Err(bad("is not a qrpass checkpoint state (QRPCKPT1)"));
    }
    let (body, digest) = saved.split_at(saved.len() - 32);
    if Sha256::digest(body).as_slice() != digest {
        return Err(bad("is truncated or altered (its SHA-256 does not match)"));
    }
    let code = ErrorCode::BadCheckpointState;
    let value = cbor::decode(&body[MAGIC.len()..], code)?;
    let mut m = MapReader::new(value, code, "checkpoint state")?;
    if m.uint(0)? != FORMAT {
        return Err(bad("has another format"));
    }
    let root = PublicKey::from_bytes(&m.bytes(1)?).map_err(|_| bad("has a bad root key"))?;
    let id = m.text(2)?;
    let area = m.opt_text(3)?.map(|a| a.parse()).transpose()?;
    let mut cp = Checkpoint::new(root, &id, area);
    let trust_floor = m.uint(4)?;
    cp.anchor = cp.anchor.with_min_sequence(trust_floor);
    cp.trust_floor = trust_floor;
    if let Some(v) = m.take(5) {
        let Value::Bytes(b) = v else {
            return Err(bad("has a trust list that is not bytes"));
        };
        cp.offer(&b)?;
    }
    let revocation_floor = m.uint(6)?;
    for v in m.array(7)? {
        let Value::Bytes(b) = v else {
            return Err(bad("has a revocation list that is not bytes"));
        };
        cp.offer(&b)?;
    }
    cp.anchor = cp.anchor.with_min_revocation_sequence(revocation_floor);
    cp.revocation_floor = revocation_floor;
    for v in m.array(9)? {
        let Value::Bytes(b) = v else {
            return Err(bad("has a policy that is not bytes"));
        };
        cp.offer(&b)?;
    }
    for v in m.array(8)? {
        let (id, floor) = match v {
            Value::Array(a) => match &a[..] {
                [Value::Text(id), n] => (id.clone(), cbor::as_i64(n)),
                _ => (String::new(), None),
            },
            _ => (String::new(), None),
        };
        let floor = floor
            .and_then(|f| u64::try_from(f).ok())
            .ok_or_else(|| bad("has a malformed policy floor"))?;
        let held = cp.policy_floors.entry(id).or_insert(floor);
        *held = (*held).max(floor);
    }
    if let Some(v) = m.take(14) {
        restore_dsc(&mut cp, v)?;
    }
    if let Some(json) = m.opt_text(10)? {
        cp.local_policy = Some(Policy::from_json(&json)?);
    }
    for v in m.array(11)? {
        cp.tally.add_row(tally_row(v)?);
    }
    cp.refresh = refresh(m.array(12)?)?;
    if let Some(v) = m.take(13) {
        cp.time_hint = Some(match pair(v) {
            Some((t, d)) => (Timestamp(t), Timestamp(d)),
            None => return Err(bad("has a malformed time hint")),
        });
    }
    m.finish()?;
    Ok(cp)
}

/// Key 14: the envelope re-offered, then the floor. A build without the
/// feature `dcc` cannot read a DSC list: it checks that the envelope is one,
/// skips it (the list is not held, nor saved again) and keeps the floor, so
/// that a later build with `dcc` still refuses older lists (spec/TRUST.md §10.2).
fn restore_dsc(cp: &mut Checkpoint, v: Value) -> Result<()> {
    let Value::Array(items) = v else {
        return Err(bad("has a malformed DSC list entry"));
    };
    let mut items = items.into_iter();
    let floor = items
        .next()
        .as_ref()
        .and_then(cbor::as_i64)
        .and_then(|f| u64::try_from(f).ok())
        .ok_or_else(|| bad("has a malformed DSC list floor"))?;
    match (items.next(), items.next()) {
        (None, _) => {}
        (Some(Value::Bytes(b)), None) => {
            let (kind, _) = super::offer::peek(&b)?;
            if kind != super::ArtifactKind::DscList {
                return Err(bad("has a DSC list entry holding another artifact"));
            }
            #[cfg(feature = "dcc")]
            cp.offer(&b)?;
        }
        _ => return Err(bad("has a malformed DSC list entry")),
    }
    cp.dsc_floor = cp.dsc_floor.max(floor);
    Ok(())
}

fn pair(v: Value) -> Option<(i64, i64)> {
    match v {
        Value::Array(a) => match &a[..] {
            [x, y] => Some((cbor::as_i64(x)?, cbor::as_i64(y)?)),
            _ => None,
        },
        _ => None,
    }
}

fn tally_row(v: Value) -> Result<TallyRow> {
    let row = match v {
        Value::Array(a) => match &a[..] {
            [h, Value::Text(k), Value::Text(o), Value::Text(hd), c] => {
                match (
                    cbor::as_i64(h),
                    cbor::as_i64(c).and_then(|c| u64::try_from(c).ok()),
                ) {
                    (Some(hour), Some(count)) => Some(TallyRow {
                        hour,
                        kind: k.clone(),
                        outcome: o.clone(),
                        holder: hd.clone(),
                        count,
                    }),
                    _ => None,
                }
            }
            _ => None,
        },
        _ => None,
    };
    row.filter(row_is_known)
        .ok_or_else(|| bad("has a malformed tally row"))
}

fn refresh(a: Vec<Value>) -> Result<RefreshSettings> {
    let n: Vec<Option<i64>> = a.iter().map(cbor::as_i64).collect();
    let small = |v: Option<i64>| v.and_then(|v| u32::try_from(v).ok());
    let settings = match &n[..] {
        [f, b, fails, rest @ ..] if rest.len() <= 1 => RefreshSettings {
            floor_seconds: small(*f).ok_or_else(|| bad("has a malformed refresh floor"))?,
            max_backoff_seconds: small(*b).ok_or_else(|| bad("has a malformed backoff"))?,
            failures: small(*fails).ok_or_else(|| bad("has a malformed failure count"))?,
            last_attempt: match rest {
                [Some(t)] => Some(Timestamp(*t)),
                [] => None,
                _ => return Err(bad("has a malformed last attempt")),
            },
        },
        _ => return Err(bad("has a malformed refresh schedule")),
    };
    settings.check()?;
    Ok(settings)
}
