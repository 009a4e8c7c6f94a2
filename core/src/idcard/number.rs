//! The structure of a CCCD number (Circular 59/2021), checked against the
//! card's printed birth date and sex.

use serde::Serialize;

use super::Sex;
use crate::time::Date;

/// A part of the CCCD number that disagrees with the rest of the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberConflict {
    /// Digits 1–3 are not a province code 001–096.
    Province,
    /// Digit 4's parity (even: male, odd: female) disagrees with the printed sex.
    Sex,
    /// Digit 4's century (0/1: 1900s, 2/3: 2000s, 4/5: 2100s) disagrees with the birth year.
    Century,
    /// Digits 5–6 are not the last two digits of the birth year.
    BirthYear,
}

impl NumberConflict {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            NumberConflict::Province => "province",
            NumberConflict::Sex => "sex",
            NumberConflict::Century => "century",
            NumberConflict::BirthYear => "birth_year",
        }
    }
}

/// The conflicts between a 12-digit `number` and the birth date and sex; empty when consistent.
pub(super) fn conflicts(number: &str, birth_date: Date, sex: Sex) -> Vec<NumberConflict> {
    let d: Vec<u32> = number.bytes().map(|b| u32::from(b - b'0')).collect();
    let mut out = Vec::new();
    let province = d[0] * 100 + d[1] * 10 + d[2];
    if !(1..=96).contains(&province) {
        out.push(NumberConflict::Province);
    }
    let (year, _, _) = birth_date.ymd();
    let coded_sex = if d[3].is_multiple_of(2) {
        Sex::Male
    } else {
        Sex::Female
    };
    if coded_sex != sex {
        out.push(NumberConflict::Sex);
    }
    let century = 1900 + (d[3] / 2) as i32 * 100;
    if century != year.div_euclid(100) * 100 {
        out.push(NumberConflict::Century);
    }
    if (d[4] * 10 + d[5]) as i32 != year.rem_euclid(100) {
        out.push(NumberConflict::BirthYear);
    }
    out
}
