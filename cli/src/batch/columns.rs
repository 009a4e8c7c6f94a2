//! The column mapping of a permit sheet (CSV or Excel): header names in
//! Vietnamese or English → permit fields, and cell values → a [`Pass`].
//!
//! Headers are matched after [`fold`]: case, diacritics (`đ` → `d`), spacing and
//! punctuation do not matter, so `Họ và tên`, `HO VA TEN` and `ho_va_ten` are the
//! same column. docs/bulk-issuing.md lists the names; [`FIELDS`] is the source.

use std::collections::HashMap;

use qrpass::model::{AreaCode, IdDocument, IdKind, Permit, Person, PurposeKind, Route, Validity};
use qrpass::time::VIETNAM_OFFSET_SECONDS;
use qrpass::{Date, Error, ErrorCode, Pass, Timestamp};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// One cell as read from the sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing, or only spaces.
    Empty,
    /// Text (CSV cells are always text).
    Text(String),
    /// An Excel number.
    Number(f64),
    /// An Excel date or date-time, as written (local time): y, m, d, h, min, s.
    DateTime(i32, u8, u8, u8, u8, u8),
    /// A cell that cannot be read, with the reason (broken UTF-8, an Excel error value).
    Invalid(String),
}

/// A permit field that a column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `number`
    Number,
    /// `holder.name`
    Name,
    /// `holder.id.kind`
    IdKind,
    /// `holder.id.number`
    IdNumber,
    /// `holder.birth_date`
    BirthDate,
    /// `holder.phone`
    Phone,
    /// `organisation`
    Organisation,
    /// `purpose`
    Purpose,
    /// `purpose_detail`
    PurposeDetail,
    /// `areas`
    Areas,
    /// `route.from`
    RouteFrom,
    /// `route.to`
    RouteTo,
    /// `vehicle_plate`
    VehiclePlate,
    /// `authority`
    Authority,
    /// `validity.from`
    ValidFrom,
    /// `validity.until`
    ValidUntil,
}

/// Every field: its English column name, whether it is required, and the other
/// accepted names (Vietnamese first).
pub const FIELDS: &[(Field, &str, bool, &[&str])] = &[
    (
        Field::Number,
        "number",
        true,
        &[
            "Số giấy",
            "Số giấy đi đường",
            "Số giấy phép",
            "pass number",
            "permit number",
        ],
    ),
    (
        Field::Name,
        "name",
        true,
        &["Họ và tên", "Họ tên", "full name"],
    ),
    (
        Field::IdKind,
        "id_kind",
        false,
        &["Loại giấy tờ", "id type"],
    ),
    (
        Field::IdNumber,
        "id_number",
        true,
        &[
            "Số CCCD",
            "Số giấy tờ",
            "Số CCCD/CMND",
            "Số CMND/CCCD",
            "Số định danh",
        ],
    ),
    (
        Field::BirthDate,
        "birth_date",
        false,
        &["Ngày sinh", "date of birth"],
    ),
    (
        Field::Phone,
        "phone",
        false,
        &["Số điện thoại", "Điện thoại", "SĐT"],
    ),
    (
        Field::Organisation,
        "organisation",
        false,
        &[
            "Cơ quan",
            "Đơn vị",
            "Cơ quan/Đơn vị",
            "Nơi làm việc",
            "organization",
        ],
    ),
    (Field::Purpose, "purpose", true, &["Mục đích"]),
    (
        Field::PurposeDetail,
        "purpose_detail",
        false,
        &["Chi tiết mục đích", "Mục đích khác"],
    ),
    (Field::Areas, "areas", true, &["Khu vực", "Địa bàn", "area"]),
    (
        Field::RouteFrom,
        "route_from",
        false,
        &["Lộ trình từ", "Đi từ"],
    ),
    (
        Field::RouteTo,
        "route_to",
        false,
        &["Lộ trình đến", "Đi đến"],
    ),
    (
        Field::VehiclePlate,
        "vehicle_plate",
        false,
        &["Biển số xe", "Biển số", "plate"],
    ),
    (
        Field::Authority,
        "authority",
        false,
        &["Cơ quan cấp", "Đơn vị cấp"],
    ),
    (
        Field::ValidFrom,
        "valid_from",
        true,
        &["Hiệu lực từ", "Từ ngày"],
    ),
    (
        Field::ValidUntil,
        "valid_until",
        true,
        &["Hiệu lực đến", "Đến ngày"],
    ),
];

/// Columns that are recognised and deliberately not used (a row counter).
const SILENT: &[&str] = &["STT", "No.", "#", "row"];

/// Purpose values: the JSON name, then the accepted Vietnamese words.
const PURPOSES: &[(PurposeKind, &str, &[&str])] = &[
    (
        PurposeKind::Work,
        "work",
        &["đi làm", "làm việc", "công việc"],
    ),
    (
        PurposeKind::Medical,
        "medical",
        &["khám chữa bệnh", "khám bệnh", "y tế"],
    ),
    (
        PurposeKind::EssentialShopping,
        "essential_shopping",
        &["mua nhu yếu phẩm", "mua hàng thiết yếu", "mua lương thực"],
    ),
    (
        PurposeKind::Delivery,
        "delivery",
        &["giao hàng", "vận chuyển hàng hóa", "shipper"],
    ),
    (
        PurposeKind::PublicDuty,
        "public_duty",
        &["công vụ", "thi hành công vụ"],
    ),
    (
        PurposeKind::Emergency,
        "emergency",
        &["khẩn cấp", "cấp cứu"],
    ),
    (PurposeKind::Other, "other", &["khác"]),
];

/// ID document kinds: the JSON name, then the accepted Vietnamese words.
const ID_KINDS: &[(IdKind, &str, &[&str])] = &[
    (IdKind::Cccd, "cccd", &["căn cước công dân", "căn cước"]),
    (
        IdKind::Cmnd,
        "cmnd",
        &["chứng minh nhân dân", "chứng minh thư"],
    ),
    (IdKind::Passport, "passport", &["hộ chiếu"]),
    (IdKind::Other, "other", &["khác"]),
];

/// Lower case without diacritics (`đ` → `d`), every run of other characters
/// than letters and digits turned into one space, trimmed.
///
/// `"Họ và tên"` → `"ho va ten"`, `"id_number"` → `"id number"`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        let c = if matches!(c, 'đ' | 'Đ') { 'd' } else { c };
        for l in c.to_lowercase() {
            if l.is_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(l);
            } else {
                gap = true;
            }
        }
    }
    out
}

/// Which column holds which field.
#[derive(Debug)]
pub struct Mapping {
    /// For each field present: its column index and header as written.
    columns: HashMap<Field, (usize, String)>,
    /// Headers that matched no field (shown as a warning).
    pub ignored: Vec<String>,
}

impl Mapping {
    /// Maps a header row; fails on a missing required column or a field given twice.
    pub fn from_headers(headers: &[String]) -> Result<Mapping, Error> {
        let mut lookup: HashMap<String, Field> = HashMap::new();
        for (field, name, _, aliases) in FIELDS {
            for alias in std::iter::once(name).chain(aliases.iter()) {
                lookup.insert(fold(alias), *field);
            }
        }
        let silent: Vec<String> = SILENT.iter().map(|s| fold(s)).collect();
        let mut columns: HashMap<Field, (usize, String)> = HashMap::new();
        let mut ignored = Vec::new();
        for (i, header) in headers.iter().enumerate() {
            let key = fold(header);
            match lookup.get(&key) {
                Some(field) => {
                    if let Some((_, earlier)) = columns.get(field) {
                        return Err(Error::new(
                            ErrorCode::BadJson,
                            format!(
                                "columns `{earlier}` and `{}` both mean `{}`; keep one",
                                header.trim(),
                                english(*field)
                            ),
                        ));
                    }
                    columns.insert(*field, (i, header.trim().to_string()));
                }
                None if key.is_empty() || silent.contains(&key) => {}
                None => ignored.push(header.trim().to_string()),
            }
        }
        let missing: Vec<String> = FIELDS
            .iter()
            .filter(|(f, _, required, _)| *required && !columns.contains_key(f))
            .map(|(_, name, _, aliases)| {
                format!("`{name}` ({})", aliases.first().copied().unwrap_or(name))
            })
            .collect();
        if !missing.is_empty() {
            return Err(Error::new(
                ErrorCode::MissingField,
                format!("the header row has no column for {}", missing.join(", ")),
            ));
        }
        Ok(Mapping { columns, ignored })
    }

    /// The permit built from one row, and the permit number when it could be read.
    pub fn permit(&self, cells: &[Cell]) -> (Option<String>, Result<Pass, Error>) {
        let row = Row {
            mapping: self,
            cells,
        };
        let number = row.text(Field::Number).ok().flatten();
        (number, row.permit().map(Pass::Permit))
    }
}

/// The English name of a field.
fn english(field: Field) -> &'static str {
    FIELDS
        .iter()
        .find(|(f, ..)| *f == field)
        .map_or("?", |(_, name, ..)| name)
}

struct Row<'a> {
    mapping: &'a Mapping,
    cells: &'a [Cell],
}

impl Row<'_> {
    /// The cell of a field and its header; `Empty` when the column is absent or the row short.
    fn cell(&self, field: Field) -> (&Cell, &str) {
        match self.mapping.columns.get(&field) {
            Some((i, header)) => (self.cells.get(*i).unwrap_or(&Cell::Empty), header.as_str()),
            None => (&Cell::Empty, english(field)),
        }
    }

    fn text(&self, field: Field) -> Result<Option<String>, Error> {
        let (cell, header) = self.cell(field);
        match cell {
            Cell::Empty => Ok(None),
            Cell::Text(t) => Ok(Some(t.trim().to_string()).filter(|t| !t.is_empty())),
            Cell::Number(n) => Ok(Some(number_text(*n))),
            Cell::DateTime(y, m, d, ..) => Ok(Some(format!("{y:04}-{m:02}-{d:02}"))),
            Cell::Invalid(reason) => Err(Error::new(
                ErrorCode::InvalidText,
                format!("column `{header}`: {reason}"),
            )),
        }
    }

    fn required(&self, field: Field) -> Result<String, Error> {
        self.text(field)?.ok_or_else(|| {
            let (_, header) = self.cell(field);
            Error::new(
                ErrorCode::MissingField,
                format!("column `{header}` is empty"),
            )
        })
    }

    /// A code-like text (ID number, phone, area) that an Excel number cell would have damaged.
    fn code_text(&self, field: Field, code: ErrorCode) -> Result<Option<String>, Error> {
        let (cell, header) = self.cell(field);
        if let Cell::Number(n) = cell {
            return Err(Error::new(
                code,
                format!(
                    "column `{header}` holds the number {}: Excel drops leading zeros from numbers; format the column as Text",
                    number_text(*n)
                ),
            ));
        }
        self.text(field)
    }

    fn permit(&self) -> Result<Permit, Error> {
        let number = self.required(Field::Number)?;
        let name = self.required(Field::Name)?;
        let id_kind = match self.text(Field::IdKind)? {
            None => IdKind::Cccd,
            Some(v) => pick(ID_KINDS, &v).ok_or_else(|| {
                self.bad_value(
                    Field::IdKind,
                    &v,
                    ID_KINDS.iter().map(|(_, n, a)| (*n, a.first().copied())),
                )
            })?,
        };
        let id_number = self
            .code_text(Field::IdNumber, ErrorCode::InvalidIdNumber)?
            .ok_or_else(|| self.empty(Field::IdNumber))?;
        let birth_date = self.date(Field::BirthDate)?;
        let phone = self.code_text(Field::Phone, ErrorCode::InvalidPhone)?;
        let purpose_text = self.required(Field::Purpose)?;
        let purpose = pick(PURPOSES, &purpose_text).ok_or_else(|| {
            self.bad_value(
                Field::Purpose,
                &purpose_text,
                PURPOSES.iter().map(|(_, n, a)| (*n, a.first().copied())),
            )
        })?;
        let areas_text = self
            .code_text(Field::Areas, ErrorCode::InvalidArea)?
            .ok_or_else(|| self.empty(Field::Areas))?;
        let areas = areas_text
            .split(|c: char| c == ';' || c == ',' || c.is_whitespace())
            .filter(|a| !a.is_empty())
            .map(str::parse::<AreaCode>)
            .collect::<Result<Vec<_>, _>>()?;
        let route = match (
            self.code_text(Field::RouteFrom, ErrorCode::InvalidArea)?,
            self.code_text(Field::RouteTo, ErrorCode::InvalidArea)?,
        ) {
            (None, None) => None,
            (Some(from), Some(to)) => Some(Route {
                from: from.parse()?,
                to: to.parse()?,
            }),
            (Some(_), None) => return Err(self.empty(Field::RouteTo)),
            (None, Some(_)) => return Err(self.empty(Field::RouteFrom)),
        };
        let validity = Validity {
            from: self
                .time(Field::ValidFrom, false)?
                .ok_or_else(|| self.empty(Field::ValidFrom))?,
            until: self
                .time(Field::ValidUntil, true)?
                .ok_or_else(|| self.empty(Field::ValidUntil))?,
        };
        Ok(Permit {
            number,
            holder: Person {
                name,
                id: IdDocument {
                    kind: id_kind,
                    number: id_number,
                },
                birth_date,
                phone,
            },
            organisation: self.text(Field::Organisation)?,
            purpose,
            purpose_detail: self.text(Field::PurposeDetail)?,
            areas,
            route,
            vehicle_plate: self.text(Field::VehiclePlate)?,
            authority: self.text(Field::Authority)?,
            validity,
        })
    }

    fn empty(&self, field: Field) -> Error {
        let (_, header) = self.cell(field);
        Error::new(
            ErrorCode::MissingField,
            format!("column `{header}` is empty"),
        )
    }

    fn bad_value<'n>(
        &self,
        field: Field,
        value: &str,
        allowed: impl Iterator<Item = (&'n str, Option<&'n str>)>,
    ) -> Error {
        let (_, header) = self.cell(field);
        let list: Vec<String> = allowed
            .map(|(en, vi)| match vi {
                Some(vi) => format!("{en} ({vi})"),
                None => en.to_string(),
            })
            .collect();
        Error::new(
            ErrorCode::InvalidText,
            format!(
                "column `{header}`: `{value}` is not one of {}",
                list.join(", ")
            ),
        )
    }

    fn date(&self, field: Field) -> Result<Option<Date>, Error> {
        let (cell, header) = self.cell(field);
        let bad = |v: &str| {
            Error::new(
                ErrorCode::InvalidDate,
                format!("column `{header}`: `{v}` is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
            )
        };
        match cell {
            Cell::DateTime(y, m, d, ..) => Date::from_ymd(*y, *m, *d).map(Some),
            Cell::Number(n) => Err(bad(&number_text(*n))),
            _ => match self.text(field)? {
                None => Ok(None),
                Some(t) => {
                    let (date, time) = split_date_time(&t).ok_or_else(|| bad(&t))?;
                    if time.is_some() {
                        return Err(bad(&t));
                    }
                    Ok(Some(date))
                }
            },
        }
    }

    /// A validity end: RFC 3339, or a local (UTC+7) date with an optional time.
    /// A date alone means 00:00:00 for a start and 23:59:59 for an end.
    fn time(&self, field: Field, end: bool) -> Result<Option<Timestamp>, Error> {
        let (cell, header) = self.cell(field);
        let bad = |v: &str| {
            Error::new(
                ErrorCode::InvalidDate,
                format!(
                    "column `{header}`: `{v}` is not a time (YYYY-MM-DD, DD/MM/YYYY, either with HH:MM, or RFC 3339)"
                ),
            )
        };
        let local = |date: Date, hms: Option<(u8, u8, u8)>| -> Timestamp {
            let seconds = match hms {
                None | Some((0, 0, 0)) if end => 86_399,
                None => 0,
                Some((h, m, s)) => i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s),
            };
            Timestamp(i64::from(date.days()) * 86_400 + seconds - i64::from(VIETNAM_OFFSET_SECONDS))
        };
        match cell {
            Cell::DateTime(y, m, d, h, mi, s) => {
                let date = Date::from_ymd(*y, *m, *d)?;
                Ok(Some(local(date, Some((*h, *mi, *s)))))
            }
            Cell::Number(n) => Err(bad(&number_text(*n))),
            _ => match self.text(field)? {
                None => Ok(None),
                Some(t) => {
                    if let Ok(ts) = Timestamp::parse_rfc3339(&t) {
                        return Ok(Some(ts));
                    }
                    let (date, hms) = split_date_time(&t).ok_or_else(|| bad(&t))?;
                    Ok(Some(local(date, hms)))
                }
            },
        }
    }
}

/// Finds an enumeration value by its JSON name, a Vietnamese word or its wire number.
fn pick<T: Copy>(table: &[(T, &str, &[&str])], value: &str) -> Option<T> {
    let key = fold(value);
    table
        .iter()
        .enumerate()
        .find(|(i, (_, name, words))| {
            key == fold(name) || words.iter().any(|w| fold(w) == key) || key == (i + 1).to_string()
        })
        .map(|(_, (v, ..))| *v)
}

/// A number as text: whole numbers without a decimal point.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Hours, minutes, seconds.
type TimeOfDay = (u8, u8, u8);

/// Splits `2021-09-01`, `01/09/2021`, `1.9.2021` (day first unless the year
/// comes first), optionally followed by ` HH:MM[:SS]` or `THH:MM[:SS]`.
fn split_date_time(text: &str) -> Option<(Date, Option<TimeOfDay>)> {
    let text = text.trim();
    let (date_part, time_part) = match text.find([' ', 'T']) {
        Some(i) => (&text[..i], Some(text[i + 1..].trim())),
        None => (text, None),
    };
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else if c.len() == 4 {
        (num(c)?, num(b)?, num(a)?)
    } else {
        return None;
    };
    let date = Date::from_ymd(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
    .ok()?;
    let hms = match time_part {
        None => None,
        Some(t) => {
            let fields: Vec<&str> = t.split(':').collect();
            let (h, mi, s) = match fields.as_slice() {
                [h, m] => (num(h)?, num(m)?, 0),
                [h, m, s] => (num(h)?, num(m)?, num(s)?),
                _ => return None,
            };
            if h > 23 || mi > 59 || s > 59 {
                return None;
            }
            Some((h as u8, mi as u8, s as u8))
        }
    };
    Some((date, hms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn permit_of(result: Result<Pass, Error>) -> Permit {
        match result {
            Ok(Pass::Permit(p)) => p,
            other => unreachable!("not a permit: {other:?}"),
        }
    }

    #[test]
    fn folding_ignores_case_diacritics_and_punctuation() {
        assert_eq!(fold("Họ và tên"), "ho va ten");
        assert_eq!(fold("  HỌ VÀ TÊN "), "ho va ten");
        assert_eq!(fold("Số CCCD"), "so cccd");
        assert_eq!(fold("id_number"), "id number");
        assert_eq!(fold("Đến ngày"), "den ngay");
        // Combining marks (NFD input) fold the same as precomposed letters.
        assert_eq!(
            fold("Hie\u{323}\u{302}u lu\u{31b}\u{323}c tu\u{31b}\u{300}"),
            "hieu luc tu"
        );
    }

    const VI: &[&str] = &[
        "STT",
        "Số giấy",
        "Họ và tên",
        "Loại giấy tờ",
        "Số CCCD",
        "Mục đích",
        "Khu vực",
        "Biển số xe",
        "Hiệu lực từ",
        "Hiệu lực đến",
        "Ghi chú",
    ];

    #[test]
    fn vietnamese_headers_map_and_unknown_ones_are_reported() {
        let m = Mapping::from_headers(&headers(VI)).expect("maps");
        assert_eq!(m.ignored, vec!["Ghi chú".to_string()]);
        let row = [
            text("1"),
            text("HCM-1"),
            text(" Nguyễn Văn An "),
            text("Căn cước công dân"),
            text("079201001234"),
            text("Đi làm"),
            text("79.760; 79.769"),
            text("51F-123.45"),
            text("01/09/2021"),
            text("15/09/2021"),
            text("x"),
        ];
        let (number, pass) = m.permit(&row);
        assert_eq!(number.as_deref(), Some("HCM-1"));
        let p = permit_of(pass);
        assert_eq!(p.holder.id.kind, IdKind::Cccd);
        assert_eq!(p.purpose, PurposeKind::Work);
        assert_eq!(p.areas.len(), 2);
        assert_eq!(
            p.validity.from,
            Timestamp::parse_rfc3339("2021-09-01T00:00:00+07:00").expect("t")
        );
        assert_eq!(
            p.validity.until,
            Timestamp::parse_rfc3339("2021-09-15T23:59:59+07:00").expect("t")
        );
    }

    #[test]
    fn missing_and_duplicate_columns_fail_the_sheet() {
        let e = Mapping::from_headers(&headers(&["name", "number"])).expect_err("missing");
        assert_eq!(e.code(), ErrorCode::MissingField);
        assert!(e.message().contains("id_number"), "{e}");
        let e = Mapping::from_headers(&headers(&["name", "Họ và tên"])).expect_err("twice");
        assert!(e.message().contains("both mean `name`"), "{e}");
    }

    #[test]
    fn cell_values_give_plain_reasons() {
        let m = Mapping::from_headers(&headers(&[
            "number",
            "name",
            "id_number",
            "purpose",
            "areas",
            "valid_from",
            "valid_until",
            "phone",
        ]))
        .expect("maps");
        let base = |f: &dyn Fn(&mut Vec<Cell>)| {
            let mut row = vec![
                text("A-1"),
                text("An"),
                text("079201001234"),
                text("work"),
                text("79"),
                text("2021-09-01"),
                text("2021-09-02 18:30"),
                Cell::Empty,
            ];
            f(&mut row);
            m.permit(&row)
                .1
                .map_err(|e| (e.code(), e.message().to_string()))
        };
        assert!(base(&|_| {}).is_ok());
        let (code, msg) = base(&|r| r[1] = Cell::Empty).expect_err("no name");
        assert_eq!(
            (code, msg.as_str()),
            (ErrorCode::MissingField, "column `name` is empty")
        );
        let (code, _) = base(&|r| r[3] = text("picnic")).expect_err("purpose");
        assert_eq!(code, ErrorCode::InvalidText);
        let (code, _) = base(&|r| r[5] = text("31/02/2021")).expect_err("date");
        assert_eq!(code, ErrorCode::InvalidDate);
        let (code, msg) = base(&|r| r[2] = Cell::Number(79201001234.0)).expect_err("number cell");
        assert_eq!(code, ErrorCode::InvalidIdNumber);
        assert!(msg.contains("format the column as Text"), "{msg}");
        let (code, _) = base(&|r| r[1] = Cell::Invalid("not UTF-8".into())).expect_err("utf-8");
        assert_eq!(code, ErrorCode::InvalidText);
        let (code, _) = base(&|r| r[4] = text("79.7")).expect_err("area");
        assert_eq!(code, ErrorCode::InvalidArea);
        let ok = base(&|r| {
            r[5] = Cell::DateTime(2021, 9, 1, 7, 30, 0);
            r[6] = Cell::DateTime(2021, 9, 3, 0, 0, 0);
        });
        let p = permit_of(ok.map_err(|(code, msg)| Error::new(code, msg)));
        assert_eq!(
            p.validity.from,
            Timestamp::parse_rfc3339("2021-09-01T07:30:00+07:00").expect("t")
        );
        assert_eq!(
            p.validity.until,
            Timestamp::parse_rfc3339("2021-09-03T23:59:59+07:00").expect("t")
        );
    }

    #[test]
    fn enumerations_accept_names_words_and_numbers() {
        assert_eq!(pick(PURPOSES, "Khám chữa bệnh"), Some(PurposeKind::Medical));
        assert_eq!(
            pick(PURPOSES, "essential_shopping"),
            Some(PurposeKind::EssentialShopping)
        );
        assert_eq!(pick(PURPOSES, "4"), Some(PurposeKind::Delivery));
        assert_eq!(pick(ID_KINDS, "Hộ chiếu"), Some(IdKind::Passport));
        assert_eq!(pick(ID_KINDS, "CMND"), Some(IdKind::Cmnd));
        assert_eq!(pick(ID_KINDS, "9"), None);
    }
}
