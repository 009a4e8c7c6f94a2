//! The trust scenarios, in the order of index.json: trust lists loaded,
//! refused and rolled back; roots rotated; keys retired and revoked; stale
//! lists; revocation lists, deltas and signers.

use qrpass::internal::list::{self as envelope, TRUST_LIST_PREFIX};
use qrpass::{Error, ErrorCode::*};
use qrpass_testkit::clock::AT;

use super::lists::{self, fixtures, Fixtures};
use super::scenario::{invalid, loaded, rejected, unchanged, valid, Scenario};
use super::{list, revocations, signed, File, FRESH, STALE};

/// Every trust scenario.
pub fn all() -> Result<Vec<Scenario>, Error> {
    let f = fixtures()?;
    let mut all = loading(&f)?;
    all.extend(refusing(&f)?);
    all.extend(roots_and_keys(&f)?);
    all.extend(revoking(&f)?);
    Ok(all)
}

/// Lists loaded, in text form, rolled back, repeated, below the floor.
fn loading(f: &Fixtures) -> Result<Vec<Scenario>, Error> {
    let good = &f.good;
    Ok(vec![
        Scenario::new(
            "list_loaded",
            "a signed list is loaded; a token of a listed key verifies, the list fresh",
        )
        .trust(f.l1.clone(), loaded(1))
        .verify(good, AT, valid((1, false), None)),
        Scenario::new(
            "list_text_form",
            "the VN1T: text form of a list loads like the binary",
        )
        .trust(
            File::Text(envelope::to_text(&f.l5_bytes, TRUST_LIST_PREFIX)),
            loaded(5),
        )
        .verify(good, AT, valid((5, false), None)),
        Scenario::new(
            "list_rollback",
            "an older list is refused and the newer one stays in force",
        )
        .trust(f.l5.clone(), loaded(5))
        .trust(f.l1.clone(), rejected(TrustListRollback))
        .verify(good, AT, valid((5, false), None)),
        Scenario::new(
            "list_same_sequence",
            "the same list again changes nothing; another list with its sequence is refused",
        )
        .trust(f.l5.clone(), loaded(5))
        .trust(f.l5.clone(), unchanged(5))
        .trust(signed(&f.other5, "root-1")?, rejected(TrustListRollback)),
        Scenario::new(
            "list_below_floor",
            "a holder whose floor is 6 refuses list 5",
        )
        .min_sequence(6)
        .trust(f.l5.clone(), rejected(TrustListRollback))
        .verify(good, AT, invalid(BadTrustList)),
    ])
}

/// Lists forged, damaged, re-ordered or of the wrong type.
fn refusing(f: &Fixtures) -> Result<Vec<Scenario>, Error> {
    let good = &f.good;
    Ok(vec![
        Scenario::new("list_forged", "a list signed by a key that is not the root")
            .trust(
                signed(&list(6, FRESH), "root-forger")?,
                rejected(BadTrustList),
            )
            .verify(good, AT, invalid(BadTrustList)),
        Scenario::new(
            "list_bit_flip",
            "one bit of the signature flipped: refused, list 5 stays",
        )
        .trust(f.l5.clone(), loaded(5))
        .trust(File::Binary(f.flipped.clone()), rejected(BadTrustList))
        .verify(good, AT, valid((5, false), None)),
        Scenario::new("list_truncated", "the list cut in half").trust(
            File::Binary(f.l5_bytes[..f.l5_bytes.len() / 2].to_vec()),
            rejected(BadTrustList),
        ),
        Scenario::new(
            "list_reordered",
            "issuer keys out of canonical order, validly signed",
        )
        .trust(f.reordered.clone(), rejected(BadTrustList)),
        Scenario::new(
            "list_wrong_type",
            "a revocation list offered as a trust list",
        )
        .trust(revocations(&[b"x"], 9, "root-1")?, rejected(BadTrustList)),
        Scenario::new(
            "list_next_update_2100",
            "next update 2100-01-01T00:00:00Z (4102444800): the range ends before it, in UTC",
        )
        .trust(
            lists::next_update_at(4_102_444_800)?,
            rejected(BadTrustList),
        ),
        Scenario::new(
            "list_next_update_last_second",
            "next update 2099-12-31T23:59:59Z (4102444799): the last second of the range",
        )
        .trust(lists::next_update_at(4_102_444_799)?, loaded(6)),
        Scenario::new(
            "list_next_root_not_a_point",
            "key 5 (the next root) is 32 bytes that are not an Ed25519 point",
        )
        .trust(lists::invalid_next_root()?, rejected(BadTrustList)),
    ])
}

/// Root rotation, an unannounced root, key status in the list, a stale list.
fn roots_and_keys(f: &Fixtures) -> Result<Vec<Scenario>, Error> {
    let good = &f.good;
    Ok(vec![
        Scenario::new(
            "root_rotation",
            "list 2 announces root 2; its list 3 hands over; root 1's list 4 is then refused",
        )
        .trust(signed(&f.announcing, "root-1")?, loaded(2))
        .trust(signed(&list(3, FRESH), "root-2")?, loaded(3))
        .trust(signed(&list(4, FRESH), "root-1")?, rejected(BadTrustList))
        .trust(signed(&list(4, FRESH), "root-2")?, loaded(4)),
        Scenario::new(
            "root_unannounced",
            "a list signed by a new root nobody announced",
        )
        .trust(f.l1.clone(), loaded(1))
        .trust(signed(&list(2, FRESH), "root-2")?, rejected(BadTrustList)),
        Scenario::new(
            "key_retired",
            "VN-SG's key retired 2021-09-05: earlier tokens valid until they expire, later refused",
        )
        .trust(signed(&f.retiring, "root-1")?, loaded(1))
        .verify(good, AT, valid((1, false), None))
        .verify(&f.late, AT, invalid(KeyRetired)),
        Scenario::new(
            "key_revoked",
            "VN-SG's key revoked: every token refused, even one issued before",
        )
        .trust(signed(&f.revoking, "root-1")?, loaded(1))
        .verify(good, AT, invalid(KeyRevoked)),
        Scenario::new(
            "list_stale",
            "the list's next update (2021-09-08) has passed: tokens still verify, reported stale",
        )
        .trust(signed(&list(1, STALE), "root-1")?, loaded(1))
        .verify(good, "2021-09-07T08:00:00+07:00", valid((1, false), None))
        .verify(good, AT, valid((1, true), None)),
    ])
}

/// Revocation lists: a revoked token, rollback, deltas, signers, bad order.
fn revoking(f: &Fixtures) -> Result<Vec<Scenario>, Error> {
    let good = &f.good;
    let root = qrpass_testkit::vector_key("root-1");
    Ok(vec![
        Scenario::new(
            "revoked_token",
            "a revocation list signed by the root names the token",
        )
        .trust(f.l1.clone(), loaded(1))
        .revocation(revocations(&[b"other"], 1, "root-1")?, loaded(1))
        .verify(good, AT, valid((1, false), Some((1, false))))
        .revocation(
            revocations(&[b"other", b"permit-1"], 2, "root-1")?,
            loaded(2),
        )
        .verify(good, AT, invalid(Revoked)),
        Scenario::new(
            "revocation_rollback",
            "an older revocation list, and another list with the same sequence, are refused",
        )
        .trust(f.l1.clone(), loaded(1))
        .revocation(revocations(&[b"permit-1"], 3, "root-1")?, loaded(3))
        .revocation(
            revocations(&[], 2, "root-1")?,
            rejected(RevocationListRollback),
        )
        .revocation(
            revocations(&[], 3, "root-1")?,
            rejected(RevocationListRollback),
        )
        .verify(good, AT, invalid(Revoked)),
        Scenario::new(
            "revocation_delta",
            "a delta 1 → 2 adds the token; a delta from base 7 does not apply",
        )
        .trust(f.l1.clone(), loaded(1))
        .revocation(
            File::Binary(f.rev1.sign(super::rev_info(1, FRESH), &root)?),
            loaded(1),
        )
        .revocation(
            File::Binary(f.stray.sign(&root)?),
            rejected(RevocationDeltaMismatch),
        )
        .revocation(File::Binary(f.delta.sign(&root)?), loaded(2))
        .verify(good, AT, invalid(Revoked)),
        Scenario::new(
            "revocation_signer",
            "the trust list names a revocation signer: the root's revocation list is refused",
        )
        .trust(signed(&f.with_signer, "root-1")?, loaded(1))
        .revocation(
            revocations(&[b"permit-1"], 1, "root-1")?,
            rejected(BadRevocationList),
        )
        .revocation(
            revocations(&[b"permit-1"], 1, "revocation-signer")?,
            loaded(1),
        )
        .verify(good, AT, invalid(Revoked)),
        Scenario::new(
            "revocation_unsorted",
            "entries out of order in a validly signed revocation list",
        )
        .trust(f.l1.clone(), loaded(1))
        .revocation(f.unsorted_list.clone(), rejected(BadRevocationList))
        .verify(good, AT, valid((1, false), None)),
    ])
}
