//! One row's cells → a [`Pass`] through the header's [`Mapping`].

use qrpass::model::{AreaCode, IdDocument, IdKind, Permit, Person, Route, Validity};
use qrpass::time::VIETNAM_OFFSET_SECONDS;
use qrpass::{Date, Error, ErrorCode, Pass, Timestamp};

use super::headers::{english, Field, Mapping};
use super::values::{
    number_text, pick, restore_cccd, restore_mobile, split_date_time, ID_KINDS, PURPOSES,
};
use super::Cell;

/// Leading zeros given back to cells that Excel had turned into numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Restored {
    /// The CCCD number had 11 digits and got its leading 0 back.
    pub id: bool,
    /// The mobile number had 9 digits and got its leading 0 back.
    pub phone: bool,
}

/// What one row gives.
#[derive(Debug)]
pub struct Parsed {
    /// The pass number, when it could be read even if the row is otherwise bad.
    pub number: Option<String>,
    /// The pass, or why the row cannot be one.
    pub pass: Result<Pass, Error>,
    /// The leading zeros restored on the way.
    pub restored: Restored,
}

impl Mapping {
    /// The permit built from one row, the permit number when it could be read,
    /// and which leading zeros were restored.
    pub fn permit(&self, cells: &[Cell]) -> Parsed {
        let row = Row {
            mapping: self,
            cells,
        };
        let number = row.text(Field::Number).ok().flatten();
        let mut restored = Restored::default();
        let pass = row.permit(&mut restored).map(Pass::Permit);
        Parsed {
            number,
            pass,
            restored,
        }
    }
}

/// A code-like cell: empty, text as written, or a number given its leading zero back.
enum Code {
    Empty,
    Text(String),
    Restored(String),
}

impl Code {
    fn text(self) -> Option<String> {
        match self {
            Code::Empty => None,
            Code::Text(t) | Code::Restored(t) => Some(t),
        }
    }

    /// The text, setting `flag` when it was restored.
    fn note(self, flag: &mut bool) -> Option<String> {
        *flag |= matches!(self, Code::Restored(_));
        self.text()
    }
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

    /// A code-like text (ID number, phone, area) that an Excel number cell would
    /// have damaged. `restore` gives back a number whose lost leading zero is
    /// certain (a CCCD, a mobile number); other numbers are the row's error.
    fn code_text(
        &self,
        field: Field,
        code: ErrorCode,
        restore: Option<fn(f64) -> Option<String>>,
    ) -> Result<Code, Error> {
        let (cell, header) = self.cell(field);
        if let Cell::Number(n) = cell {
            if let Some(text) = restore.and_then(|r| r(*n)) {
                return Ok(Code::Restored(text));
            }
            return Err(Error::new(
                code,
                format!(
                    "column `{header}` holds the number {}: Excel drops leading zeros from numbers; format the column as Text",
                    number_text(*n)
                ),
            ));
        }
        Ok(self.text(field)?.map_or(Code::Empty, Code::Text))
    }

    /// The holder: name, ID document, birth date and phone.
    fn holder(&self, fixes: &mut Restored) -> Result<Person, Error> {
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
        let cccd = (id_kind == IdKind::Cccd).then_some(restore_cccd as fn(f64) -> Option<String>);
        let id_number = self
            .code_text(Field::IdNumber, ErrorCode::InvalidIdNumber, cccd)?
            .note(&mut fixes.id)
            .ok_or_else(|| self.empty(Field::IdNumber))?;
        let birth_date = self.date(Field::BirthDate)?;
        let phone = self
            .code_text(Field::Phone, ErrorCode::InvalidPhone, Some(restore_mobile))?
            .note(&mut fixes.phone);
        Ok(Person {
            name,
            id: IdDocument {
                kind: id_kind,
                number: id_number,
            },
            birth_date,
            phone,
        })
    }

    fn areas(&self) -> Result<(Vec<AreaCode>, Option<Route>), Error> {
        let areas_text = self
            .code_text(Field::Areas, ErrorCode::InvalidArea, None)?
            .text()
            .ok_or_else(|| self.empty(Field::Areas))?;
        let areas = areas_text
            .split(|c: char| c == ';' || c == ',' || c.is_whitespace())
            .filter(|a| !a.is_empty())
            .map(str::parse::<AreaCode>)
            .collect::<Result<Vec<_>, _>>()?;
        let route = match (
            self.code_text(Field::RouteFrom, ErrorCode::InvalidArea, None)?
                .text(),
            self.code_text(Field::RouteTo, ErrorCode::InvalidArea, None)?
                .text(),
        ) {
            (None, None) => None,
            (Some(from), Some(to)) => Some(Route {
                from: from.parse()?,
                to: to.parse()?,
            }),
            (Some(_), None) => return Err(self.empty(Field::RouteTo)),
            (None, Some(_)) => return Err(self.empty(Field::RouteFrom)),
        };
        Ok((areas, route))
    }

    fn permit(&self, fixes: &mut Restored) -> Result<Permit, Error> {
        let number = self.required(Field::Number)?;
        let holder = self.holder(fixes)?;
        let purpose_text = self.required(Field::Purpose)?;
        let purpose = pick(PURPOSES, &purpose_text).ok_or_else(|| {
            self.bad_value(
                Field::Purpose,
                &purpose_text,
                PURPOSES.iter().map(|(_, n, a)| (*n, a.first().copied())),
            )
        })?;
        let (areas, route) = self.areas()?;
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
            holder,
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

#[cfg(test)]
mod tests {
    use super::*;
    use qrpass::model::PurposeKind;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    /// The English required columns and `phone`.
    fn english_mapping() -> Mapping {
        Mapping::from_headers(&headers(&[
            "number",
            "name",
            "id_number",
            "purpose",
            "areas",
            "valid_from",
            "valid_until",
            "phone",
        ]))
        .expect("maps")
    }

    fn permit_of(result: Result<Pass, Error>) -> Permit {
        match result {
            Ok(Pass::Permit(p)) => p,
            other => unreachable!("not a permit: {other:?}"),
        }
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
        let parsed = m.permit(&row);
        assert_eq!(parsed.number.as_deref(), Some("HCM-1"));
        assert_eq!(parsed.restored, Restored::default());
        let p = permit_of(parsed.pass);
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
    fn cell_values_give_plain_reasons() {
        let m = english_mapping();
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
                .pass
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
        let (code, msg) = base(&|r| r[2] = Cell::Number(7920100123.0)).expect_err("number cell");
        assert_eq!(code, ErrorCode::InvalidIdNumber);
        assert!(msg.contains("format the column as Text"), "{msg}");
        let (code, _) = base(&|r| r[7] = Cell::Number(212345678.0)).expect_err("phone");
        assert_eq!(code, ErrorCode::InvalidPhone);
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
    fn numbers_that_lost_their_leading_zero_are_restored() {
        let m = english_mapping();
        let row = [
            text("A-1"),
            text("An"),
            Cell::Number(79201001234.0),
            text("work"),
            text("79"),
            text("2021-09-01"),
            text("2021-09-02"),
            Cell::Number(912345678.0),
        ];
        let parsed = m.permit(&row);
        assert_eq!(
            parsed.restored,
            Restored {
                id: true,
                phone: true
            }
        );
        let p = permit_of(parsed.pass);
        assert_eq!(p.holder.id.number, "079201001234");
        assert_eq!(p.holder.phone.as_deref(), Some("0912345678"));
    }
}
