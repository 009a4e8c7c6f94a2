//! `qrpass issue --batch`: every input format, bad rows, restarts, and that what
//! it writes verifies and prints.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use qrpass::{PassKind, PrivateKey, Timestamp, TrustStore, TrustedKey, Verifier};

const ISSUER: &str = "VN-SG";
const IAT: &str = "2021-09-01T08:00:00+07:00";

fn qrpass(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qrpass"))
        .args(args)
        .output()
        .expect("runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/batch")
        .join(name)
}

/// A fresh folder with an issuer key.
struct Setup {
    dir: PathBuf,
    key: PathBuf,
}

impl Setup {
    fn new(name: &str) -> Setup {
        let dir = std::env::temp_dir().join(format!("qrpass-batch-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        let out = qrpass(&[
            "keygen",
            "--issuer",
            ISSUER,
            "--out",
            s(&dir.join("keys")),
            "--valid-from",
            "2021-01-01T00:00:00+07:00",
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let key = dir.join("keys").join(format!("{ISSUER}.key.pem"));
        Setup { dir, key }
    }

    /// `qrpass issue --batch LIST --out DIR/OUT --iat IAT [extra]`.
    fn issue(&self, list: &Path, out: &str, iat: &str, extra: &[&str]) -> Output {
        let out_dir = self.dir.join(out);
        let mut args = vec![
            "issue",
            "--batch",
            s(list),
            "--key",
            s(&self.key),
            "--issuer",
            ISSUER,
            "--out",
            s(&out_dir),
            "--iat",
            iat,
        ];
        args.extend_from_slice(extra);
        qrpass(&args)
    }

    fn verifier(&self) -> Verifier {
        let pem = fs::read_to_string(&self.key).expect("key");
        let public = PrivateKey::from_pem(&pem).expect("pem").public_key();
        let trust = TrustStore::from_keys(vec![TrustedKey::new(
            public,
            ISSUER,
            PassKind::ALL,
            Timestamp(1_600_000_000),
        )])
        .expect("trust");
        Verifier::new(trust)
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// passes.csv as maps from column name to value.
fn ledger(dir: &Path) -> Vec<HashMap<String, String>> {
    let bytes = fs::read(dir.join("passes.csv")).expect("passes.csv");
    let data = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("passes.csv starts with a BOM");
    let mut reader = csv::Reader::from_reader(data);
    let headers = reader.headers().expect("header").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "row",
            "number",
            "cti",
            "token",
            "error_code",
            "error_message"
        ]
    );
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers
                .iter()
                .map(str::to_string)
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// Checks every token in passes.csv verifies and carries its cti, that each has
/// its QR file, and that the PDF is there; returns how many rows were issued.
fn check_issued(setup: &Setup, out: &Path, ext: &str) -> usize {
    let verifier = setup.verifier();
    let files: Vec<String> = fs::read_dir(out.join("qr"))
        .expect("qr dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    let mut issued = 0;
    for r in ledger(out) {
        if r["token"].is_empty() {
            assert!(!r["error_code"].is_empty(), "{r:?}");
            continue;
        }
        issued += 1;
        // Verify at a moment inside the pass's validity and after its issue time.
        let claimed = qrpass::inspect(&r["token"]).expect("inspect");
        let at = claimed
            .iat
            .max(claimed.unverified_pass().validity().from)
            .add_seconds(60);
        let v = verifier
            .verify_at(&r["token"], at)
            .unwrap_or_else(|e| unreachable!("row {}: {e}", r["row"]));
        assert_eq!(qrpass::keys::hex_encode(&v.cti), r["cti"]);
        assert_eq!(v.issuer, ISSUER);
        let named = format!("{}{ext}", r["number"]);
        assert!(
            files
                .iter()
                .any(|f| f.ends_with(ext) && (*f == named || f.contains(&r["cti"]))),
            "no QR file for {r:?} in {files:?}"
        );
    }
    let pdf = fs::read(out.join("passes.pdf")).expect("passes.pdf");
    assert!(pdf.starts_with(b"%PDF"), "passes.pdf is not a PDF");
    issued
}

fn summary(out: &Output) -> (usize, usize) {
    let stdout = text(&out.stdout);
    let count = |label: &str| -> usize {
        stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(label))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| unreachable!("no `{label}` in: {stdout}"))
    };
    (count("issued"), count("already_issued"))
}

#[test]
fn csv_with_bom_and_vietnamese_headers() {
    let setup = Setup::new("vi");
    let list = sample("permits-vi.csv");
    assert!(fs::read(&list)
        .expect("sample")
        .starts_with(b"\xEF\xBB\xBF"));
    let out = setup.issue(&list, "out", IAT, &[]);
    assert!(
        out.status.success(),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_eq!(summary(&out), (4, 0));
    assert_eq!(check_issued(&setup, &setup.dir.join("out"), ".png"), 4);
    let rows = ledger(&setup.dir.join("out"));
    assert_eq!(rows[0]["row"], "2");
    assert_eq!(rows[0]["number"], "HCM-2021-000001");
    assert!(setup.dir.join("out/qr/HCM-2021-000001.png").exists());
    // The pass carries the normalised sheet values.
    let pass = qrpass::inspect(&rows[0]["token"])
        .expect("inspect")
        .unverified_pass()
        .clone();
    let qrpass::Pass::Permit(p) = pass else {
        unreachable!("a permit")
    };
    assert_eq!(p.holder.name, "Nguyễn Văn An");
    assert_eq!(p.vehicle_plate.as_deref(), Some("51F12345"));
    assert_eq!(p.holder.phone.as_deref(), Some("0912345678"));
    assert_eq!(p.areas.len(), 2);
    assert_eq!(
        p.validity.until,
        Timestamp::parse_rfc3339("2021-09-15T23:59:59+07:00").expect("t")
    );
    // The STT column is known and silently skipped: no "columns not used" note.
    assert!(
        !text(&out.stderr).contains("not used"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn csv_without_bom_english_headers_and_svg() {
    let setup = Setup::new("en");
    let list = sample("permits-en.csv");
    assert!(!fs::read(&list)
        .expect("sample")
        .starts_with(b"\xEF\xBB\xBF"));
    let out = setup.issue(&list, "out", IAT, &["--format", "svg"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(check_issued(&setup, &setup.dir.join("out"), ".svg"), 3);
    // A number that is not a safe file name gets the cti appended.
    let rows = ledger(&setup.dir.join("out"));
    let odd = rows
        .iter()
        .find(|r| r["number"] == "HN/2021/1003")
        .expect("row");
    let svg = setup
        .dir
        .join(format!("out/qr/HN_2021_1003-{}.svg", odd["cti"]));
    assert!(fs::read_to_string(svg).expect("svg").contains("<svg"));
}

#[test]
fn semicolon_separated_csv() {
    let setup = Setup::new("semi");
    let list = setup.dir.join("semi.csv");
    fs::write(
        &list,
        "Số giấy;Họ và tên;Số CCCD;Mục đích;Khu vực;Hiệu lực từ;Hiệu lực đến\n\
         S-1;Ngô Bảo Châu;079201009999;Công vụ;\"79.760;79.761\";01/09/2021;30/09/2021\n",
    )
    .expect("write");
    let out = setup.issue(&list, "out", IAT, &["--no-pdf"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(summary(&out), (1, 0));
    assert!(!setup.dir.join("out/passes.pdf").exists());
}

#[test]
fn json_lines_of_every_kind() {
    let setup = Setup::new("jsonl");
    let out = setup.issue(&sample("passes.jsonl"), "out", IAT, &[]);
    // One line lacks the holder's ID: status 1, the other five are issued.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(summary(&out), (5, 0));
    let dir = setup.dir.join("out");
    assert_eq!(check_issued(&setup, &dir, ".png"), 5);
    let rows = ledger(&dir);
    let bad = rows.iter().find(|r| r["row"] == "6").expect("row 6");
    assert_eq!(bad["error_code"], "bad_json");
    assert_eq!(bad["number"], "HCM-2021-004219");
    assert!(text(&out.stderr).contains("row 6 (HCM-2021-004219)"));
    // A declaration has no number: its file is named by its cti.
    let declaration = &rows[1];
    assert!(dir.join(format!("qr/{}.png", declaration["cti"])).exists());
    // --kind filters: the declaration line is then an error.
    let out = setup.issue(
        &sample("passes.jsonl"),
        "permits",
        IAT,
        &["--kind", "permit"],
    );
    assert_eq!(out.status.code(), Some(1));
    let rows = ledger(&setup.dir.join("permits"));
    assert!(
        rows[1]["error_message"].contains("--kind asks for permit"),
        "{:?}",
        rows[1]
    );
}

#[test]
fn excel_workbook() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let setup = Setup::new("xlsx");
    let list = setup.dir.join("danh-sach.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách").expect("name");
    let headers = [
        "STT",
        "Số giấy",
        "HỌ VÀ TÊN",
        "Số CCCD",
        "Mục đích",
        "Khu vực",
        "Hiệu lực từ",
        "Hiệu lực đến",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let rows: [(&str, &str, Option<&str>, &str); 3] = [
        ("XL-1", "Đặng Thùy Trâm", Some("079201007777"), "Đi làm"),
        ("XL-2", "Số Bị Mất", None, "Khám chữa bệnh"),
        ("XL-3", "Bùi Xuân Phái", Some("079201008888"), "giao hang"),
    ];
    for (i, (number, name, id, purpose)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_number(r, 0, f64::from(r)).expect("stt");
        sheet.write_string(r, 1, *number).expect("number");
        sheet.write_string(r, 2, *name).expect("name");
        match id {
            Some(id) => sheet.write_string(r, 3, *id).map(|_| ()),
            // An ID typed as a number loses its leading zero in Excel (and gets it back).
            None => sheet.write_number(r, 3, 79201006666.0).map(|_| ()),
        }
        .expect("id");
        sheet.write_string(r, 4, *purpose).expect("purpose");
        sheet.write_string(r, 5, "79.760").expect("areas");
        let from = ExcelDateTime::from_ymd(2021, 9, 1).expect("date");
        let until = ExcelDateTime::from_ymd(2021, 9, 30).expect("date");
        sheet
            .write_datetime_with_format(r, 6, &from, &date)
            .expect("from");
        sheet
            .write_datetime_with_format(r, 7, &until, &date)
            .expect("until");
    }
    book.save(&list).expect("save");

    let out = setup.issue(&list, "out", IAT, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(summary(&out), (3, 0));
    let dir = setup.dir.join("out");
    assert_eq!(check_issued(&setup, &dir, ".png"), 3);
    let rows = ledger(&dir);
    // The ID typed as a number got its leading zero back, and the summary says so.
    let restored = qrpass::inspect(&rows[1]["token"])
        .expect("inspect")
        .unverified_pass()
        .person()
        .id
        .number
        .clone();
    assert_eq!(restored, "079201006666");
    assert!(
        text(&out.stdout)
            .contains("note: leading 0 restored on 1 CCCD number that Excel stored as a number"),
        "{}",
        text(&out.stdout)
    );
    let pass = qrpass::inspect(&rows[0]["token"])
        .expect("inspect")
        .unverified_pass()
        .clone();
    assert_eq!(
        pass.validity().until,
        Timestamp::parse_rfc3339("2021-09-30T23:59:59+07:00").expect("t")
    );
    // --sheet picks a worksheet by name; an unknown one is a clear error.
    let out = setup.issue(&list, "other", IAT, &["--sheet", "Trang 2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("Danh sách"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn bad_rows_are_reported_and_never_stop_the_others() {
    let setup = Setup::new("bad");
    let out = setup.issue(&sample("bad-rows.csv"), "out", IAT, &[]);
    assert_eq!(out.status.code(), Some(1));
    let dir = setup.dir.join("out");
    let codes: Vec<(String, String)> = ledger(&dir)
        .into_iter()
        .map(|r| (r["row"].clone(), r["error_code"].clone()))
        .collect();
    let expected = [
        ("2", ""),
        ("3", "missing_field"),     // no name
        ("4", "invalid_id_number"), // a 9-digit CCCD
        ("5", "inverted_validity"), // ends before it starts
        ("6", "missing_field"),     // no area
        ("7", "invalid_text"),      // purpose "picnic"
        ("8", "invalid_cti"),       // the number of row 2 again
        ("9", "invalid_text"),      // broken UTF-8 in the name
        ("10", ""),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(r, c)| (r.to_string(), c.to_string()))
        .collect();
    assert_eq!(codes, expected);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("row 4 (BAD-3): ID number `079201001`: a CCCD number has exactly 12 digits [invalid_id_number]"), "{stderr}");
    assert!(
        stderr.contains("row 9 (BAD-7): column `name`: the text is not valid UTF-8"),
        "{stderr}"
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("missing_field") && stdout.contains("2"),
        "{stdout}"
    );
    assert_eq!(check_issued(&setup, &dir, ".png"), 2);
}

#[test]
fn a_sheet_without_required_columns_stops_before_issuing() {
    let setup = Setup::new("header");
    let list = setup.dir.join("list.csv");
    fs::write(&list, "Họ và tên,Ghi chú\nAn,x\n").expect("write");
    let out = setup.issue(&list, "out", IAT, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no column for `number`"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    assert!(!setup.dir.join("out/passes.csv").exists());
}

#[test]
fn a_restart_issues_nothing_new_and_keeps_every_cti() {
    let setup = Setup::new("restart");
    let list = sample("permits-vi.csv");
    let dir = setup.dir.join("out");
    let first = setup.issue(&list, "out", IAT, &[]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let before = ledger(&dir);

    // Same list, same folder, another time: nothing new, same tokens.
    let again = setup.issue(&list, "out", "2021-09-02T08:00:00+07:00", &[]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(summary(&again), (0, 4));
    assert_eq!(ledger(&dir), before);
    assert!(
        !text(&again.stderr).contains("differs"),
        "{}",
        text(&again.stderr)
    );

    // A run cut short: passes.csv lost its last two lines (and the PDF and a QR file are gone).
    let bytes = fs::read(dir.join("passes.csv")).expect("csv");
    let keep: Vec<&[u8]> = bytes.split(|&b| b == b'\n').take(3).collect();
    fs::write(dir.join("passes.csv"), keep.join(&b'\n')).expect("cut");
    fs::remove_file(dir.join("passes.pdf")).expect("pdf");
    fs::remove_file(dir.join("qr/HCM-2021-000001.png")).expect("png");
    let resumed = setup.issue(&list, "out", "2021-09-03T08:00:00+07:00", &[]);
    assert!(resumed.status.success(), "{}", text(&resumed.stderr));
    assert_eq!(summary(&resumed), (2, 2));
    let after = ledger(&dir);
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b["number"], a["number"]);
        assert_eq!(b["cti"], a["cti"], "a row got a second cti");
    }
    assert_eq!(before[..2], after[..2]);
    assert_ne!(
        before[3]["token"], after[3]["token"],
        "re-issued with the new iat"
    );
    assert!(dir.join("qr/HCM-2021-000001.png").exists());
    assert!(dir.join("passes.pdf").exists());

    // Even with passes.csv gone entirely, the ctis are the same (derived from the number).
    fs::remove_file(dir.join("passes.csv")).expect("rm");
    let fresh = setup.issue(&list, "out", IAT, &[]);
    assert!(fresh.status.success());
    assert_eq!(
        ledger(&dir),
        before,
        "same iat, same cti: byte-identical tokens"
    );
    check_issued(&setup, &dir, ".png");
}

#[test]
fn a_folder_of_another_issuer_is_refused() {
    let setup = Setup::new("issuer");
    let list = sample("permits-en.csv");
    assert!(setup
        .issue(&list, "out", IAT, &["--no-pdf"])
        .status
        .success());
    let other = qrpass(&[
        "keygen",
        "--issuer",
        "VN-HN",
        "--out",
        s(&setup.dir.join("keys")),
    ]);
    assert!(other.status.success());
    let out = qrpass(&[
        "issue",
        "--batch",
        s(&list),
        "--key",
        s(&setup.dir.join("keys/VN-HN.key.pem")),
        "--issuer",
        "VN-HN",
        "--out",
        s(&setup.dir.join("out")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("holds passes of issuer VN-SG"),
        "{}",
        text(&out.stderr)
    );
}
