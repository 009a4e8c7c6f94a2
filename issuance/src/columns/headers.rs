//! Header names in Vietnamese or English → permit fields, and the header row's
//! [`Mapping`].

use std::collections::HashMap;

use qrpass::{Error, ErrorCode};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

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
    pub(super) columns: HashMap<Field, (usize, String)>,
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

    /// How many columns of `headers` name a field: how much a row looks like the header.
    pub fn known_columns(headers: &[String]) -> usize {
        headers
            .iter()
            .filter(|h| {
                let key = fold(h);
                !key.is_empty()
                    && FIELDS.iter().any(|(_, name, _, aliases)| {
                        std::iter::once(name)
                            .chain(aliases.iter())
                            .any(|a| fold(a) == key)
                    })
            })
            .count()
    }
}

/// The English name of a field.
pub(super) fn english(field: Field) -> &'static str {
    FIELDS
        .iter()
        .find(|(f, ..)| *f == field)
        .map_or("?", |(_, name, ..)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
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

    #[test]
    fn missing_and_duplicate_columns_fail_the_sheet() {
        let e = Mapping::from_headers(&headers(&["name", "number"])).expect_err("missing");
        assert_eq!(e.code(), ErrorCode::MissingField);
        assert!(e.message().contains("id_number"), "{e}");
        let e = Mapping::from_headers(&headers(&["name", "Họ và tên"])).expect_err("twice");
        assert!(e.message().contains("both mean `name`"), "{e}");
    }

    #[test]
    fn a_title_row_names_no_column() {
        let title = headers(&["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", ""]);
        assert_eq!(Mapping::known_columns(&title), 0);
        assert_eq!(
            Mapping::known_columns(&headers(&["Họ và tên", "x", "SĐT"])),
            2
        );
    }
}
