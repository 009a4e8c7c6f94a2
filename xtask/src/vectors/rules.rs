//! Vectors pinning the accept/reject splits and the rules a verifier applies
//! (SPEC.md §2, §5, §6, §8): the size cap against trailing line endings, the
//! §6 rules on a signed pass, the time rules of the claims, and nesting depth.

use ciborium::value::Value;
use qrpass::internal::{claims as wire_claims, text};
use qrpass::{Error, ErrorCode, ErrorCode::*, Pass, Timestamp};
use qrpass_testkit::clock::IAT;
use qrpass_testkit::{issue, ts};

use super::claims::{edit_pass, Signed};
use super::order::{raw_sign1, splice_ext};
use super::{int, Base, Builder};

/// Adds the size-cap vectors, then [`add_pass_rules`], [`add_times`] and [`add_nesting`].
pub fn add(b: &mut Builder, base: &Base) -> Result<(), Error> {
    let protected = protected_bytes(base);
    // A valid token of exactly `chars` characters: the permit with a pass
    // extension (key 100) byte string padded to length.
    let sized = |chars: usize| -> Result<String, Error> {
        for pad in 0..2048 {
            let payload = edit_pass(base, &|p| p.push((int(100), Value::Bytes(vec![0x2e; pad]))))?;
            let t = text::encode(&raw_sign1(base, &protected, &[0xa0], Some(&payload), 64));
            if t.len() == chars {
                return Ok(t);
            }
        }
        Err(Error::new(
            ErrorCode::BadJson,
            format!("no token of {chars} characters"),
        ))
    };
    let max = sized(2047)?;
    b.add(
        "size_cap_longest_token",
        "a valid token of 2,047 characters, the longest a 2,048-byte cap allows (2,048 is 3n + 1 after the prefix)",
        max.clone(),
        Ok(()),
    );
    b.add(
        "size_cap_counts_line_endings",
        "the 2,047-character token and \\r\\n: 2,049 bytes as received, over the cap before line endings are removed",
        format!("{max}\r\n"),
        Err(InputTooLarge),
    );
    b.add(
        "size_cap_crlf_within",
        "a valid 2,046-character token and \\r\\n: 2,048 bytes as received, within the cap; the line ending is then ignored",
        format!("{}\r\n", sized(2046)?),
        Ok(()),
    );
    add_pass_rules(b, base)?;
    add_times(b, base)?;
    add_nesting(b, base)
}

/// VN-SG's protected header `{1: -8, 4: kid}`.
fn protected_bytes(base: &Base) -> Vec<u8> {
    let mut p = vec![0xa2, 0x01, 0x27, 0x04, 0x48];
    p.extend_from_slice(&base.sg.public_key().kid().0);
    p
}

/// The permit with `f` applied, signed by VN-SG without validation, as claims bytes.
fn unvalidated(base: &Base, nbf_exp: Option<(i64, i64)>, f: fn(&mut Pass)) -> Vec<u8> {
    let mut pass = base.permit.clone();
    let _ = pass.validate();
    f(&mut pass);
    if let (Some((nbf, exp)), Pass::Permit(p)) = (nbf_exp, &mut pass) {
        p.validity.from = Timestamp(nbf);
        p.validity.until = Timestamp(exp);
    }
    wire_claims::encode(&wire_claims::Claims {
        iss: "VN-SG".into(),
        iat: ts(IAT),
        cti: b"vector".to_vec(),
        pass,
    })
}

/// An edit that makes a pass break one rule.
type PassEdit = fn(&mut Pass);

fn permit(pass: &mut Pass) -> &mut qrpass::model::Permit {
    match pass {
        Pass::Permit(p) => p,
        _ => unreachable!("the base pass is a permit"),
    }
}

/// Adds one vector per kind of §6 rule a signed pass can break.
fn add_pass_rules(b: &mut Builder, base: &Base) -> Result<(), Error> {
    let mut c = Signed { b, base };
    let cases: [(&str, &str, PassEdit); 5] = [
        (
            "rule_too_many_areas",
            "a signed permit with 17 areas (at most 16)",
            |p| {
                let p = permit(p);
                p.areas = vec![p.areas[0].clone(); 17];
            },
        ),
        (
            "rule_cccd_too_short",
            "a signed permit whose holder's CCCD has 5 digits (12)",
            |p| permit(p).holder.id.number = "07920".into(),
        ),
        (
            "rule_control_character",
            "a signed permit whose holder's name ends in U+0007",
            |p| permit(p).holder.name.push('\u{7}'),
        ),
        (
            "rule_not_nfc",
            "a signed permit whose holder's name is decomposed (not NFC)",
            |p| permit(p).holder.name = "Nguye\u{302}\u{303}n Va\u{306}n An".into(),
        ),
        (
            "rule_plate_not_normalised",
            "a signed permit whose plate keeps its punctuation (51F-123.45)",
            |p| permit(p).vehicle_plate = Some("51F-123.45".into()),
        ),
    ];
    for (name, desc, f) in cases {
        c.add(name, desc, unvalidated(base, None, f), BadPass);
    }
    Ok(())
}

/// Adds the time-rule vectors of the claims.
fn add_times(b: &mut Builder, base: &Base) -> Result<(), Error> {
    let (from, until) = (
        base.permit.validity().from.0,
        base.permit.validity().until.0,
    );
    let keep: fn(&mut Pass) = |_| {};
    let mut c = Signed { b, base };
    c.add(
        "time_window_inverted",
        "nbf after exp",
        unvalidated(base, Some((until, from)), keep),
        BadClaims,
    );
    c.add(
        "time_window_empty",
        "nbf equal to exp",
        unvalidated(base, Some((from, from)), keep),
        BadClaims,
    );
    c.add(
        "time_exp_at_2100",
        "exp is 2100-01-01T00:00:00Z (4102444800), the first second outside the range",
        unvalidated(base, Some((from, 4_102_444_800)), keep),
        BadClaims,
    );
    let exp_last = unvalidated(base, Some((from, 4_102_444_799)), keep);
    let cose = raw_sign1(base, &protected_bytes(base), &[0xa0], Some(&exp_last), 64);
    c.b.add(
        "time_exp_last_second",
        "exp is 2099-12-31T23:59:59Z (4102444799), the last second inside the range",
        text::encode(&cose),
        Ok(()),
    );
    let later = issue(
        "VN-SG",
        &base.permit,
        "2021-09-03T12:00:00+07:00",
        b"nbf-before-iat",
    )?;
    c.b.add(
        "time_nbf_before_iat",
        "issued on 2021-09-03, valid from 2021-09-01: nbf before iat is allowed",
        later,
        Ok(()),
    );
    Ok(())
}

/// Adds the nesting vectors: the claims map is at depth 0, the pass map at 1,
/// the value of pass key 100 at 2; `n` nested arrays put the innermost item at depth 2 + n.
fn add_nesting(b: &mut Builder, base: &Base) -> Result<(), Error> {
    let nested = |arrays: usize| {
        let mut item = vec![0x81; arrays];
        item.push(0x00);
        item
    };
    let ok = splice_ext(base, &nested(14))?;
    let cose = raw_sign1(base, &protected_bytes(base), &[0xa0], Some(&ok), 64);
    b.add(
        "nesting_depth_16",
        "pass key 100 holds 14 nested arrays around 0: the 0 is at depth 16 (the claims map is depth 0)",
        text::encode(&cose),
        Ok(()),
    );
    let mut c = Signed { b, base };
    c.add(
        "nesting_depth_17",
        "pass key 100 holds 15 nested arrays around 0: the 0 is at depth 17",
        splice_ext(base, &nested(15))?,
        NestingTooDeep,
    );
    Ok(())
}
