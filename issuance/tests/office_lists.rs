//! Lists as province offices keep them: a title block above the table, merged
//! cells, CCCD and phone numbers typed as numbers, date and date-time cells,
//! blank rows inside the table and a signature block below it.

use std::fs;
use std::path::{Path, PathBuf};

use qrpass::{Issuer, Pass, PrivateKey, Timestamp};
use qrpass_issuance::{issue_into, read, ErrorCode, Options, Outcome};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

const HEADERS: [&str; 10] = [
    "STT",
    "Số giấy",
    "Họ và tên",
    "Ngày sinh",
    "Số CCCD",
    "Số điện thoại",
    "Mục đích",
    "Khu vực",
    "Hiệu lực từ",
    "Hiệu lực đến",
];

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("qrpass-office-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("dir");
        Dir(dir)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn issuer() -> Issuer {
    Issuer::new(PrivateKey::from_seed(&[7; 32]), "VN-SG").expect("issuer")
}

fn iat() -> Timestamp {
    Timestamp::parse_rfc3339("2021-09-01T08:00:00+07:00").expect("iat")
}

fn issue(list: &Path, out: &Path) -> Outcome {
    let sheet = read(list, None, None).expect("reads");
    issue_into(
        &issuer(),
        sheet,
        out,
        iat(),
        &Options::default(),
        &mut |_, _| {},
    )
    .expect("runs")
}

/// The title block: motto and office on the left and right, merged over columns.
fn title_block(sheet: &mut Worksheet) {
    let bold = Format::new().set_bold();
    sheet
        .merge_range(0, 0, 0, 3, "ỦY BAN NHÂN DÂN QUẬN 1", &bold)
        .expect("merge");
    sheet
        .merge_range(0, 5, 0, 9, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &bold)
        .expect("merge");
    sheet
        .merge_range(1, 5, 1, 9, "Độc lập - Tự do - Hạnh phúc", &bold)
        .expect("merge");
    sheet
        .merge_range(
            3,
            0,
            3,
            9,
            "DANH SÁCH CẤP GIẤY ĐI ĐƯỜNG (Đợt 1, tháng 9/2021)",
            &bold,
        )
        .expect("merge");
}

/// One person on row `r` (0-based): CCCD and phone typed as numbers.
fn person(sheet: &mut Worksheet, r: u32, n: u32, cccd: f64) {
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let date_time = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    sheet.write_number(r, 0, f64::from(n)).expect("stt");
    sheet
        .write_string(r, 1, format!("Q1-2021-{n:04}"))
        .expect("number");
    sheet
        .write_string(r, 2, format!("Nguyễn Văn {n}"))
        .expect("name");
    let born = ExcelDateTime::from_ymd(1990, 3, 9).expect("date");
    sheet
        .write_datetime_with_format(r, 3, &born, &date)
        .expect("born");
    sheet.write_number(r, 4, cccd).expect("cccd");
    sheet.write_number(r, 5, 912_345_678.0).expect("phone");
    sheet.write_string(r, 6, "Đi làm").expect("purpose");
    sheet.write_string(r, 7, "79.760").expect("area");
    let from = ExcelDateTime::from_ymd(2021, 9, 1)
        .and_then(|d| d.and_hms(7, 30, 0))
        .expect("from");
    let until = ExcelDateTime::from_ymd(2021, 9, 30).expect("until");
    sheet
        .write_datetime_with_format(r, 8, &from, &date_time)
        .expect("from");
    sheet
        .write_datetime_with_format(r, 9, &until, &date)
        .expect("until");
}

/// The sheet an office sends: title block, header on row 6, three people with
/// a blank row between, a signature block below.
fn office_workbook(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    title_block(sheet);
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string(5, c as u16, *h).expect("header");
    }
    person(sheet, 6, 1, 79_201_001_234.0);
    person(sheet, 7, 2, 79_201_001_235.0);
    // Row 9 is left blank.
    person(sheet, 9, 3, 1_090_001_236.0); // 10 digits: not a CCCD that lost one zero
    sheet
        .write_string(11, 7, "TP. Hồ Chí Minh, ngày 01 tháng 9 năm 2021")
        .expect("date line");
    sheet.write_string(12, 1, "Người lập biểu").expect("footer");
    sheet.write_string(12, 7, "Chủ tịch").expect("footer");
    sheet
        .write_string(13, 1, "(Ký, ghi rõ họ tên)")
        .expect("footer");
    sheet
        .write_string(13, 7, "(Ký tên, đóng dấu)")
        .expect("footer");
    book.save(path).expect("save");
}

fn permit(outcome: &Outcome, i: usize) -> qrpass::model::Permit {
    match &outcome.rows[i].pass {
        Some(Pass::Permit(p)) => p.clone(),
        other => unreachable!("row {i} is not an issued permit: {other:?}"),
    }
}

#[test]
fn the_header_is_found_under_a_title_block_with_merged_cells() {
    let dir = Dir::new("title");
    let list = dir.0.join("danh-sach.xlsx");
    office_workbook(&list);
    let outcome = issue(&list, &dir.0.join("out"));
    assert_eq!(outcome.summary.header_row, 6);
    assert!(outcome.summary.ignored_columns.is_empty());
    assert_eq!(outcome.rows[0].record.row, 7);
    assert_eq!(outcome.rows[0].record.number, "Q1-2021-0001");
}

#[test]
fn numbers_that_lost_their_leading_zero_are_restored_and_counted() {
    let dir = Dir::new("zeros");
    let list = dir.0.join("danh-sach.xlsx");
    office_workbook(&list);
    let outcome = issue(&list, &dir.0.join("out"));
    let p = permit(&outcome, 0);
    assert_eq!(p.holder.id.number, "079201001234");
    assert_eq!(p.holder.phone.as_deref(), Some("0912345678"));
    assert_eq!(outcome.summary.restored_ids, 2);
    assert_eq!(outcome.summary.restored_phones, 2, "row 10 stops at its ID");
    // A 10-digit number is not a CCCD missing its 0: that row fails, clearly.
    let third = &outcome.rows[2].record;
    assert_eq!(third.row, 10);
    assert_eq!(third.error_code, "invalid_id_number");
    assert!(third.error_message.contains("format the column as Text"));
    let notes = outcome.summary.notes().join("\n");
    assert!(
        notes.contains("leading 0 restored on 2 CCCD numbers"),
        "{notes}"
    );
    assert!(notes.contains("2 phone numbers"), "{notes}");
    assert!(!notes.contains("0792"), "no ID numbers in notes: {notes}");
}

#[test]
fn date_and_date_time_cells_are_dates() {
    let dir = Dir::new("dates");
    let list = dir.0.join("danh-sach.xlsx");
    office_workbook(&list);
    let p = permit(&issue(&list, &dir.0.join("out")), 1);
    assert_eq!(
        p.holder.birth_date,
        Some(qrpass::Date::from_ymd(1990, 3, 9).expect("date"))
    );
    assert_eq!(
        p.validity.from,
        Timestamp::parse_rfc3339("2021-09-01T07:30:00+07:00").expect("t")
    );
    assert_eq!(
        p.validity.until,
        Timestamp::parse_rfc3339("2021-09-30T23:59:59+07:00").expect("t")
    );
}

#[test]
fn a_signature_block_and_blank_rows_are_skipped_not_failed() {
    let dir = Dir::new("footer");
    let list = dir.0.join("danh-sach.xlsx");
    office_workbook(&list);
    let outcome = issue(&list, &dir.0.join("out"));
    let s = &outcome.summary;
    assert_eq!(s.total, 3, "three people, no footer rows");
    assert_eq!(s.footer_rows, vec![12, 13, 14]);
    assert_eq!(s.blank_rows, 1);
    assert_eq!((s.issued, s.failures()), (2, 1));
    assert!(outcome.rows.iter().all(|r| r.record.row < 12));
    let notes = s.notes().join("\n");
    assert!(notes.contains("rows 12–14 below the table"), "{notes}");
    assert!(!notes.contains("Người lập biểu"), "{notes}");
    // passes.csv has the three people only.
    let csv = fs::read_to_string(dir.0.join("out/passes.csv")).expect("csv");
    assert_eq!(csv.lines().count(), 4, "{csv}");
}

#[test]
fn a_sparse_row_inside_the_table_is_still_a_failed_row() {
    let dir = Dir::new("sparse");
    let list = dir.0.join("list.csv");
    fs::write(
        &list,
        "Số giấy,Họ và tên,Số CCCD,Mục đích,Khu vực,Hiệu lực từ,Hiệu lực đến\n\
         A-1,An,079201001234,Đi làm,79,01/09/2021,30/09/2021\n\
         A-2,Bình,,,,,\n\
         A-3,Chi,079201001235,Đi làm,79,01/09/2021,30/09/2021\n",
    )
    .expect("write");
    let outcome = issue(&list, &dir.0.join("out"));
    assert_eq!(outcome.summary.footer_rows, Vec::<usize>::new());
    assert_eq!(outcome.rows[1].record.error_code, "missing_field");
    assert_eq!(outcome.summary.failures(), 1);
}

#[test]
fn a_csv_saved_from_such_a_sheet_reads_the_same() {
    let dir = Dir::new("csv");
    let list = dir.0.join("list.csv");
    fs::write(
        &list,
        "\u{feff}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM,,,,,,\n\
         \"Độc lập - Tự do - Hạnh phúc\",,,,,,\n\
         ,,,,,,\n\
         \"DANH SÁCH CẤP GIẤY ĐI ĐƯỜNG, ĐỢT 1\",,,,,,\n\
         Số giấy,Họ và tên,Số CCCD,Mục đích,Khu vực,Hiệu lực từ,Hiệu lực đến\n\
         A-1,An,079201001234,Đi làm,79,01/09/2021,30/09/2021\n\
         ,,,,,,\n\
         A-2,Chi,079201001235,Khám bệnh,79,01/09/2021,30/09/2021\n\
         ,Người lập biểu,,,,,\n\
         ,\"(Ký, ghi rõ họ tên)\",,,,,\n",
    )
    .expect("write");
    let outcome = issue(&list, &dir.0.join("out"));
    let s = &outcome.summary;
    assert_eq!((s.header_row, s.total, s.issued), (5, 2, 2));
    assert_eq!((s.footer_rows.clone(), s.blank_rows), (vec![9, 10], 1));
}

#[test]
fn a_list_without_any_header_row_stops_before_issuing() {
    let dir = Dir::new("noheader");
    let list = dir.0.join("list.csv");
    fs::write(
        &list,
        "DANH SÁCH\nHọ và tên,Số CCCD,Ghi chú\nAn,079201001234,x\n",
    )
    .expect("write");
    let e = read(&list, None, None).expect_err("no header");
    assert_eq!(e.code(), ErrorCode::MissingField);
    assert!(e.message().contains("no column for `number`"), "{e}");
    assert!(e.recovery().is_some());
}
