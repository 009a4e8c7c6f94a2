//! Redemption semantics on both backends: paid once, what "the same entitlement" is, refusals.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{at, backends, numbered, point, support, verified, Db};
use qrpass::Verifier;
use qrpass::{ErrorCode, Pass, PassKind, Timestamp};
use qrpass_ledger::{Ledger, Redemption, GENESIS};
use qrpass_testkit::{clock, examples::example, trust};

fn sg(case: &str, from: &str, until: &str, cti: &[u8]) -> qrpass::Verified {
    verified(
        "VN-SG",
        &Pass::SupportEntitlement(support(case, from, until)),
        cti,
    )
}

fn code(r: qrpass::Result<Redemption>) -> ErrorCode {
    r.expect_err("refused").code()
}

#[test]
fn pays_once_and_reports_the_first_payment() {
    for db in backends("pays_once") {
        let ledger = db.open();
        let p1 = point("HCM-Q1-01");
        let p2 = point("HCM-Q3-02");
        let v = sg("HCM-HT-1", "2021-07-01", "2021-09-30", b"t1");
        let Redemption::Redeemed { receipt } = ledger.redeem(&v, &p1, 1_500_000, at()).unwrap()
        else {
            panic!("{}: first redemption pays", db.name());
        };
        assert_eq!((receipt.seq, receipt.prev), (1, GENESIS));
        assert!(receipt.verify(&p1.key().public_key()));
        let later = Timestamp(at().unix() + 3600);
        match ledger.redeem(&v, &p2, 1_500_000, later).unwrap() {
            Redemption::AlreadyRedeemed {
                when,
                point,
                amount_vnd,
                receipt: held,
            } => {
                assert_eq!(
                    (when, point.as_str(), amount_vnd),
                    (at(), "HCM-Q1-01", 1_500_000)
                );
                assert_eq!(held, receipt);
            }
            other => panic!("{}: paid twice: {other:?}", db.name()),
        }
        assert_eq!(ledger.count().unwrap(), 1, "{}", db.name());
    }
}

#[test]
fn same_entitlement_is_issuer_case_and_period_not_token() {
    for db in backends("same_entitlement") {
        let ledger = db.open();
        let p = point("HCM-Q1-01");
        let pay = |v: &qrpass::Verified| ledger.redeem(v, &p, 1_500_000, at()).unwrap();
        let first = sg("C-7", "2021-07-01", "2021-09-30", b"t1");
        assert!(matches!(pay(&first), Redemption::Redeemed { .. }));
        // Re-issued pass for the same case and period: another token id, no second payment.
        let reissued = sg("C-7", "2021-07-01", "2021-09-30", b"t2-reissued");
        assert!(matches!(pay(&reissued), Redemption::AlreadyRedeemed { .. }));
        // A new period of the same case pays again.
        let next = sg("C-7", "2021-10-01", "2021-12-31", b"t3");
        assert!(matches!(pay(&next), Redemption::Redeemed { .. }));
        // The same case number at another issuer is another case.
        let hn = verified(
            "VN-HN",
            &Pass::SupportEntitlement(support("C-7", "2021-07-01", "2021-09-30")),
            b"t4",
        );
        assert!(matches!(pay(&hn), Redemption::Redeemed { .. }));
        assert_eq!(ledger.count().unwrap(), 3, "{}", db.name());
    }
}

#[test]
fn refusals_write_nothing() {
    for db in backends("refusals") {
        let ledger = db.open();
        let p = point("HCM-Q1-01");
        let v = sg("C-1", "2021-07-01", "2021-09-30", b"t1");
        let permit = example(PassKind::Permit).unwrap();
        let token = trust::issue("VN-SG", &permit, clock::IAT, b"p1").unwrap();
        let permit = Verifier::new(trust::vector_trust())
            .verify_at(&token, clock::ts(clock::AT))
            .unwrap();
        assert_eq!(
            code(ledger.redeem(&permit, &p, 1_500_000, at())),
            ErrorCode::WrongPassKind
        );
        let expired = Timestamp::parse_rfc3339("2022-01-01T00:00:00+07:00").unwrap();
        assert_eq!(
            code(ledger.redeem(&v, &p, 1_500_000, expired)),
            ErrorCode::Expired
        );
        let early = Timestamp::parse_rfc3339("2021-09-30T00:00:00+07:00").unwrap();
        assert_eq!(
            code(ledger.redeem(&v, &p, 1_500_000, early)),
            ErrorCode::NotYetValid
        );
        for amount in [0, -1, i64::MIN] {
            assert_eq!(
                code(ledger.redeem(&v, &p, amount, at())),
                ErrorCode::InvalidNumber
            );
        }
        for amount in [1, 1_499_999, 1_500_001, i64::MAX] {
            assert_eq!(
                code(ledger.redeem(&v, &p, amount, at())),
                ErrorCode::AmountMismatch
            );
        }
        assert_eq!(ledger.count().unwrap(), 0, "{}: nothing written", db.name());
        assert!(ledger.receipts("HCM-Q1-01", 0).unwrap().is_empty());
        // After all that, the entitlement still pays, once.
        assert!(matches!(
            ledger.redeem(&v, &p, 1_500_000, at()).unwrap(),
            Redemption::Redeemed { .. }
        ));
    }
}

#[test]
fn receipts_chain_and_are_signed_by_the_point() {
    for db in backends("receipts_chain") {
        let ledger = db.open();
        let p = point("HCM-Q1-01");
        for i in 0..5 {
            ledger
                .redeem_entitlement(&numbered(i), &p, 1_500_000, at())
                .unwrap();
        }
        let receipts = ledger.receipts("HCM-Q1-01", 0).unwrap();
        let key = p.key().public_key();
        let mut prev = GENESIS;
        for (i, r) in receipts.iter().enumerate() {
            assert_eq!((r.seq, r.prev), (i as u64 + 1, prev));
            assert!(r.verify(&key));
            assert!(!r.verify(&point("OTHER").key().public_key()));
            prev = r.hash();
        }
        let mut altered = receipts[2].clone();
        altered.amount_vnd += 1;
        assert!(!altered.verify(&key), "an altered receipt fails");
        let json = receipts[0].to_json();
        assert_eq!(
            qrpass_ledger::Receipt::from_json(&json).unwrap(),
            receipts[0]
        );
        assert_eq!(
            qrpass_ledger::Receipt::from_json("{}").unwrap_err().code(),
            ErrorCode::BadLedgerExport
        );
        // Another key for the same point id is refused: one chain, one key.
        let impostor =
            qrpass_ledger::PayoutPoint::new("HCM-Q1-01", qrpass::PrivateKey::from_seed(&[9; 32]))
                .unwrap();
        let e = ledger.redeem_entitlement(&numbered(99), &impostor, 1_500_000, at());
        assert_eq!(e.unwrap_err().code(), ErrorCode::UnknownPoint);
        assert_eq!(ledger.count().unwrap(), 5);
    }
}

#[test]
fn no_personal_data_beyond_the_case_number() {
    let db = Db::sqlite();
    let ledger = db.open();
    let p = point("HCM-Q1-01");
    let v = sg("C-1", "2021-07-01", "2021-09-30", b"t1");
    let r = ledger.redeem(&v, &p, 1_500_000, at()).unwrap();
    let mut export = Vec::new();
    ledger.export(&p, 0, &mut export).unwrap();
    let Db::Sqlite(_, path) = &db else {
        unreachable!()
    };
    drop(ledger);
    let file = std::fs::read(path).unwrap();
    let wal = std::fs::read(path.with_extension("db-wal")).unwrap_or_default();
    let texts = [
        r.receipt().to_json().into_bytes(),
        r.receipt().message().into_bytes(),
        export,
        file,
        wal,
        format!("{r:?}").into_bytes(),
    ];
    for t in texts {
        for marker in [common::MARKER_NAME, common::MARKER_ID] {
            assert!(
                !t.windows(marker.len()).any(|w| w == marker.as_bytes()),
                "{marker} leaked"
            );
        }
    }
}

#[test]
fn point_ids_are_checked() {
    for bad in ["", "a b", "ü", &"x".repeat(65)] {
        let e = qrpass_ledger::PayoutPoint::new(bad, qrpass::PrivateKey::from_seed(&[1; 32]));
        assert_eq!(e.unwrap_err().code(), ErrorCode::InvalidArgument, "{bad:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let e = Ledger::connect("postgres://127.0.0.1:1/none", "public").unwrap_err();
    assert_eq!(e.code(), ErrorCode::LedgerUnavailable);
    let e = Ledger::connect("postgres://127.0.0.1:1/none", "Bad-Schema").unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    drop(dir);
}

#[test]
fn postgres_with_another_schema_version_is_ledger_corrupt() {
    let Some(url) = common::pg_url() else {
        return;
    };
    let db = Db::pg(&url, "schema_version");
    drop(db.open());
    let Db::Pg(_, schema) = &db else {
        unreachable!()
    };
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.batch_execute(&format!(
        "UPDATE {schema}.meta SET value = 'qrpass-ledger/9'"
    ))
    .unwrap();
    let e = Ledger::connect(&url, schema).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LedgerCorrupt, "{e}");
}
