//! Export files, import and reconciliation on both backends.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::io::Cursor;

use common::{at, backends, numbered, point};
use qrpass::ErrorCode;
use qrpass_ledger::{Ledger, PayoutPoint, PointRegistry, Refused, Report};

fn registry(points: &[&PayoutPoint]) -> PointRegistry {
    let mut reg = PointRegistry::new();
    for p in points {
        reg.add(p.id(), p.key().public_key()).unwrap();
    }
    reg
}

/// A SQLite point ledger that paid entitlements `range` at `p`, and its export after `since`.
fn point_export(p: &PayoutPoint, range: std::ops::Range<usize>, since: u64) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::create(dir.path().join("p.db")).unwrap();
    for i in range {
        ledger
            .redeem_entitlement(&numbered(i), p, 1_500_000, at())
            .unwrap();
    }
    let mut out = Vec::new();
    ledger.export(p, since, &mut out).unwrap();
    out
}

fn import(
    l: &Ledger,
    file: &[u8],
    reg: &PointRegistry,
) -> qrpass::Result<qrpass_ledger::MergeStats> {
    l.import(&mut Cursor::new(file), reg)
}

#[test]
fn import_merges_once_and_finds_every_double_payment() {
    let (a, b) = (point("POINT-A"), point("POINT-B"));
    // A paid 0..60, B paid 50..100: entitlements 50..60 were paid at both.
    let (fa, fb) = (point_export(&a, 0..60, 0), point_export(&b, 50..100, 0));
    let reg = registry(&[&a, &b]);
    for db in backends("import_merges") {
        let province = db.open();
        let s = import(&province, &fa, &reg).unwrap();
        assert_eq!((s.added, s.already_held, s.last_seq), (60, 0, 60));
        assert!(province.report().unwrap().is_clean());
        import(&province, &fb, &reg).unwrap();
        let before = province.report().unwrap();
        let again = import(&province, &fb, &reg).unwrap();
        assert_eq!((again.added, again.already_held), (0, 50), "{}", db.name());
        let report = province.report().unwrap();
        assert_eq!(report, before, "importing twice changes nothing");
        assert_eq!(report.double_paid_entitlements(), 10, "{}", db.name());
        assert_eq!(report.doubles.len(), 20);
        for pair in report.doubles.chunks(2) {
            assert_eq!(pair[0].key, pair[1].key);
            let points = [pair[0].point.as_str(), pair[1].point.as_str()];
            assert!(points.contains(&"POINT-A") && points.contains(&"POINT-B"));
        }
        assert!(report.gaps.is_empty());
        assert_eq!(
            province.count().unwrap(),
            0,
            "imports are not local payments"
        );
    }
}

#[test]
fn gaps_are_reported_and_filled() {
    let a = point("POINT-A");
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::create(dir.path().join("a.db")).unwrap();
    let pay = |r: std::ops::Range<usize>| {
        for i in r {
            ledger
                .redeem_entitlement(&numbered(i), &a, 1_500_000, at())
                .unwrap();
        }
    };
    let export = |since| {
        let mut out = Vec::new();
        ledger.export(&a, since, &mut out).unwrap();
        out
    };
    pay(0..10);
    let first = export(0);
    pay(10..20);
    let second = export(10);
    pay(20..30);
    let third = export(20);
    let reg = registry(&[&a]);
    for db in backends("gaps") {
        let province = db.open();
        import(&province, &first, &reg).unwrap();
        import(&province, &third, &reg).unwrap();
        let gaps = province.report().unwrap().gaps;
        assert_eq!(gaps.len(), 1, "{}", db.name());
        assert_eq!(
            (gaps[0].point.as_str(), gaps[0].from_seq, gaps[0].to_seq),
            ("POINT-A", 11, 20)
        );
        let s = import(&province, &second, &reg).unwrap();
        assert_eq!(s.added, 10);
        assert!(province.report().unwrap().is_clean(), "{}", db.name());
    }
}

fn lines(file: &[u8]) -> Vec<String> {
    String::from_utf8(file.to_vec())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn join(lines: &[String]) -> Vec<u8> {
    let mut s = lines.join("\n");
    s.push('\n');
    s.into_bytes()
}

#[test]
fn bad_files_are_refused_whole_and_write_nothing() {
    let a = point("POINT-A");
    let file = point_export(&a, 0..5, 0);
    let reg = registry(&[&a]);
    let l = lines(&file);
    let altered = {
        let mut l = l.clone();
        l[3] = l[3].replace("1500000", "1500001");
        join(&l)
    };
    let swapped = {
        let mut l = l.clone();
        l.swap(2, 3);
        join(&l)
    };
    let dropped = {
        let mut l = l.clone();
        l.remove(3);
        join(&l)
    };
    let trailer = {
        let mut l = l.clone();
        let last = l.len() - 1;
        l[last] = l[last].replace("\"last_seq\":5", "\"last_seq\":4");
        join(&l)
    };
    let cases: Vec<(&str, Vec<u8>, PointRegistry, ErrorCode)> = vec![
        (
            "altered amount",
            altered,
            reg.clone(),
            ErrorCode::LedgerChainBroken,
        ),
        (
            "reordered",
            swapped,
            reg.clone(),
            ErrorCode::LedgerChainBroken,
        ),
        (
            "entry removed",
            dropped,
            reg.clone(),
            ErrorCode::LedgerChainBroken,
        ),
        (
            "trailer altered",
            trailer,
            reg.clone(),
            ErrorCode::BadLedgerExport,
        ),
        (
            "foreign point",
            file.clone(),
            registry(&[&point("POINT-B")]),
            ErrorCode::UnknownPoint,
        ),
        ("empty", Vec::new(), reg.clone(), ErrorCode::BadLedgerExport),
        (
            "not JSON",
            b"hello\nworld\n".to_vec(),
            reg.clone(),
            ErrorCode::BadLedgerExport,
        ),
        (
            "header only",
            join(&l[..1]),
            reg.clone(),
            ErrorCode::BadLedgerExport,
        ),
        (
            "no trailer",
            join(&l[..l.len() - 1]),
            reg.clone(),
            ErrorCode::BadLedgerExport,
        ),
        (
            "long line",
            vec![b'x'; 10_000],
            reg.clone(),
            ErrorCode::BadLedgerExport,
        ),
    ];
    for db in backends("bad_files") {
        let province = db.open();
        for (what, bytes, reg, code) in &cases {
            let e = import(&province, bytes, reg).unwrap_err();
            assert_eq!(e.code(), *code, "{}: {what}: {e}", db.name());
            assert!(
                province.report().unwrap().is_clean(),
                "{what} wrote something"
            );
        }
        import(&province, &file, &reg).unwrap();
    }
}

#[test]
fn a_fork_of_a_chain_already_imported_is_refused() {
    // The same point id and key, but another history (a restored backup that paid others).
    let a = point("POINT-A");
    let reg = registry(&[&a]);
    let real = point_export(&a, 0..5, 0);
    let fork = point_export(&a, 100..105, 0);
    for db in backends("fork") {
        let province = db.open();
        import(&province, &real, &reg).unwrap();
        let e = import(&province, &fork, &reg).unwrap_err();
        assert_eq!(e.code(), ErrorCode::LedgerChainBroken, "{}", db.name());
        assert!(e.message().contains("POINT-A"), "{e}");
    }
}

#[test]
fn export_after_a_missing_entry_is_refused() {
    let a = point("POINT-A");
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::create(dir.path().join("a.db")).unwrap();
    let e = ledger.export(&a, 3, &mut Vec::new()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    let mut empty = Vec::new();
    assert_eq!(ledger.export(&a, 0, &mut empty).unwrap(), 0);
    let province = Ledger::create(dir.path().join("prov.db")).unwrap();
    let s = import(&province, &empty, &registry(&[&a])).unwrap();
    assert_eq!((s.added, s.first_seq, s.last_seq), (0, 1, 0));
}

#[test]
fn report_is_written_as_csv_and_xlsx() {
    use calamine::{open_workbook, Reader, Xlsx};
    let (a, b) = (point("POINT-A"), point("POINT-B"));
    let reg = registry(&[&a, &b]);
    let dir = tempfile::tempdir().unwrap();
    let province = Ledger::create(dir.path().join("prov.db")).unwrap();
    import(&province, &point_export(&a, 0..3, 0), &reg).unwrap();
    import(&province, &point_export(&b, 2..4, 0), &reg).unwrap();
    let mut report = province.report().unwrap();
    report.refused.push(Refused {
        file: "bad.jsonl".into(),
        code: ErrorCode::LedgerChainBroken,
        message: "point X, entry 4: altered".into(),
    });
    let mut csv = Vec::new();
    report.write_csv(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(rows[0].starts_with("kind,issuer,case_number,"));
    assert!(rows[1].starts_with("double_payment,VN-SG,CASE-2,2021-07-01,2021-09-30,POINT-"));
    assert!(rows[3].starts_with("refused_file,") && rows[3].contains("ledger_chain_broken"));
    let path = dir.path().join("report.xlsx");
    report.write_xlsx(&path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("reconciliation").unwrap();
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let csv_cells: Vec<Vec<String>> =
        std::iter::once(qrpass_ledger::REPORT_COLUMNS.map(String::from).to_vec())
            .chain(report.rows().into_iter().map(|r| r.to_vec()))
            .collect();
    assert_eq!(cells, csv_cells);
    assert_eq!(Report::default().rows().len(), 0);
}

#[test]
fn a_bad_receipt_signature_under_a_good_chain_fails_only_the_full_checks() {
    use qrpass_ledger::{Checks, Receipt, GENESIS};
    // The point's own software signed one receipt wrongly, then chained and signed the file.
    let a = point("POINT-A");
    let mut prev = GENESIS;
    let receipts: Vec<Receipt> = (0..3)
        .map(|i| {
            let e = numbered(i);
            let mut r = Receipt::sign(
                a.key(),
                a.id(),
                i as u64 + 1,
                &e.key,
                1_500_000,
                at(),
                &e.cti,
                prev,
            );
            if i == 1 {
                r.signature[0] ^= 1;
            }
            prev = r.hash();
            r
        })
        .collect();
    let mut file = Vec::new();
    qrpass_ledger::write_export(&a, 1, GENESIS, &receipts, &mut file).unwrap();
    let reg = registry(&[&a]);
    for db in backends("bad_receipt_signature") {
        let province = db.open();
        let e = import(&province, &file, &reg).unwrap_err();
        assert_eq!(e.code(), ErrorCode::LedgerChainBroken, "{}", db.name());
        assert!(e.message().contains("entry 2"), "{e}");
        assert!(province.report().unwrap().is_clean(), "nothing written");
        let fast =
            province.import_with(&mut Cursor::new(&file), &reg, Checks::ChainAndFileSignature);
        assert_eq!(
            fast.unwrap().added,
            3,
            "{}: the chain and file signature hold",
            db.name()
        );
    }
}
