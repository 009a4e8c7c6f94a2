//! Time, signature and key vectors: expiry and clock skew, a flipped or
//! tampered signature, and keys unknown, limited, retired or revoked, and
//! token ids on the revocation list.

use coset::Header;
use qrpass::internal::text;
use qrpass::trust::KeyStatus;
use qrpass::{Error, ErrorCode::*, Issuer, PassKind};
use qrpass_testkit::clock::IAT;
use qrpass_testkit::{issue, store, trusted, ts, vector_key};

use super::{eddsa_kid, sign_raw, tagged, Base, Builder};

/// Adds the time vectors: expired, within skew, not yet valid, issued in the future.
pub fn add_time(b: &mut Builder, base: &Base) -> Result<(), Error> {
    let (good, permit) = (&base.good, &base.permit);
    b.add(
        "expired",
        "checked after the permit's validity ended",
        good.clone(),
        Err(Expired),
    )
    .at = ts("2021-09-16T08:00:00+07:00");
    b.add(
        "expired_within_skew",
        "exp passed 60 s ago: inside the 300 s clock skew",
        good.clone(),
        Ok(()),
    )
    .at = permit.validity().until.add_seconds(60);
    let early = issue("VN-SG", permit, "2021-08-25T08:00:00+07:00", b"early")?;
    b.add(
        "not_yet_valid",
        "issued early, checked before the permit's validity starts",
        early,
        Err(NotYetValid),
    )
    .at = ts("2021-08-31T08:00:00+07:00");
    let future = issue("VN-SG", permit, "2021-09-12T08:00:00+07:00", b"future")?;
    b.add(
        "issued_in_future",
        "iat two days after the verification time",
        future,
        Err(IssuedInFuture),
    );
    Ok(())
}

/// Adds the signature vectors, then [`add_key_status`].
pub fn add_keys(b: &mut Builder, base: &Base) -> Result<(), Error> {
    let (sg, good) = (&base.sg, &base.good);
    let mut bad_sig = base.good_cose.clone();
    let last = bad_sig.len() - 1;
    bad_sig[last] ^= 0x01;
    b.add(
        "bad_signature",
        "one bit of the signature flipped",
        text::encode(&bad_sig),
        Err(BadSignature),
    );
    let mut tampered = sign_raw(
        sg,
        eddsa_kid(sg),
        Header::default(),
        base.claims_bytes.clone(),
    );
    if let Some(p) = tampered.payload.as_mut() {
        if let Some(pos) = p.windows(4).position(|w| w == b"Nguy") {
            p[pos] = b'M';
        }
    }
    b.add(
        "tampered_payload",
        "the holder's name changed after signing",
        text::encode(&tagged(tampered)),
        Err(BadSignature),
    );
    b.add(
        "unknown_kid",
        "the verifier trusts only VN-HN",
        good.clone(),
        Err(UnknownKey),
    )
    .trust = store(vec![trusted(&vector_key("VN-HN"), "VN-HN", PassKind::ALL)]);
    b.add(
        "key_not_allowed_kind",
        "the key may sign declarations only",
        good.clone(),
        Err(KeyNotAllowed),
    )
    .trust = store(vec![trusted(sg, "VN-SG", &[PassKind::Declaration])]);
    let wrong_iss = Issuer::new(vector_key("VN-SG"), "VN-HN")?.issue_with(
        &base.permit,
        ts(IAT),
        b"wrong-iss",
    )?;
    b.add(
        "issuer_mismatch",
        "VN-SG's key signed a token naming VN-HN",
        wrong_iss,
        Err(KeyNotAllowed),
    );
    add_key_status(b, base);
    Ok(())
}

/// Adds the vectors of a key's window and status, and of the revocation list.
fn add_key_status(b: &mut Builder, base: &Base) {
    let (sg, good) = (&base.sg, &base.good);
    let mut late = trusted(sg, "VN-SG", PassKind::ALL);
    late.valid_from = ts("2021-09-05T00:00:00+07:00");
    b.add(
        "key_not_yet_valid_at_iat",
        "the key's window starts after iat",
        good.clone(),
        Err(KeyNotValid),
    )
    .trust = store(vec![late]);
    let with_status = |status| {
        let mut key = trusted(sg, "VN-SG", PassKind::ALL);
        key.status = status;
        store(vec![key])
    };
    b.add(
        "key_retired_before_issue",
        "the key was retired before iat",
        good.clone(),
        Err(KeyRetired),
    )
    .trust = with_status(KeyStatus::Retired(ts("2021-08-15T00:00:00+07:00")));
    b.add(
        "key_retired_after_issue",
        "retired after iat: still valid until exp",
        good.clone(),
        Ok(()),
    )
    .trust = with_status(KeyStatus::Retired(ts("2021-09-05T00:00:00+07:00")));
    b.add(
        "key_revoked",
        "a revoked key: every token rejected, even one issued before",
        good.clone(),
        Err(KeyRevoked),
    )
    .trust = with_status(KeyStatus::Revoked(ts("2021-09-05T00:00:00+07:00")));
    b.add(
        "revoked_token",
        "the token id is on the revocation list",
        good.clone(),
        Err(Revoked),
    )
    .revoked = vec![b"other".to_vec(), b"permit-1".to_vec()];
    b.add(
        "not_revoked_token",
        "a revocation list that does not name this token",
        good.clone(),
        Ok(()),
    )
    .revoked = vec![b"other".to_vec()];
}
