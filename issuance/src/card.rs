//! What a printed card shows, as data: the labels, the purpose in Vietnamese,
//! the masked ID and the validity in Vietnam time. A painter (the CLI's PDF
//! sheets) only lays it out.

use qrpass::model::{IdKind, Permit, PurposeKind};
use qrpass::time::VIETNAM_OFFSET_SECONDS;
use qrpass::{Pass, Timestamp};

use crate::qrfile::QrModules;

/// What one card shows.
#[derive(Clone, Debug)]
pub struct Card {
    /// Title in Vietnamese, e.g. `GIẤY ĐI ĐƯỜNG`.
    pub title: &'static str,
    /// Title in English.
    pub subtitle: &'static str,
    /// The person's name.
    pub name: String,
    /// ID kind and masked number, e.g. `CCCD ••••••••1234`.
    pub id_line: String,
    /// Label and value lines.
    pub lines: Vec<(&'static str, String)>,
    /// Printed under the QR code (the pass number).
    pub caption: String,
    /// The QR code of the pass's VN1 text.
    pub qr: QrModules,
}

/// The card for a pass: masked ID, validity in Vietnam time, the fields a
/// checker reads, and `qr`, the pass's QR code.
pub fn card(pass: &Pass, issuer: &str, qr: QrModules) -> Card {
    let person = pass.person();
    let id_kind = match person.id.kind {
        IdKind::Cccd => "CCCD",
        IdKind::Cmnd => "CMND",
        IdKind::Passport => "Hộ chiếu",
        _ => "Giấy tờ",
    };
    let validity = pass.validity();
    let mut lines = Vec::new();
    let (title, subtitle, caption) = match pass {
        Pass::Permit(p) => {
            lines.push(("Số", p.number.clone()));
            ("GIẤY ĐI ĐƯỜNG", "Travel permit", p.number.clone())
        }
        Pass::Declaration(d) => {
            lines.push(("Chốt", d.checkpoint.clone()));
            ("TỜ KHAI Y TẾ", "Health declaration", String::new())
        }
        Pass::InfectionStatus(s) => {
            let class = serde_json::to_value(s.classification)
                .ok()
                .and_then(|v| v.as_str().map(str::to_uppercase))
                .unwrap_or_default();
            lines.push(("Phân loại", class));
            ("TÌNH TRẠNG DỊCH BỆNH", "Infection status", String::new())
        }
        Pass::SupportEntitlement(s) => {
            lines.push(("Hồ sơ", s.case_number.clone()));
            lines.push(("Số tiền", format!("{} ₫", thousands(s.amount_vnd))));
            (
                "HỖ TRỢ COVID-19",
                "Support entitlement",
                s.case_number.clone(),
            )
        }
    };
    lines.push(("Từ", local_time(validity.from)));
    lines.push(("Đến", local_time(validity.until)));
    if let Pass::Permit(p) = pass {
        lines.push(("Mục đích", purpose(p)));
        let areas: Vec<&str> = p.areas.iter().map(|a| a.as_str()).collect();
        lines.push(("Khu vực", areas.join(", ")));
        if let Some(plate) = &p.vehicle_plate {
            lines.push(("Biển số", plate.clone()));
        }
        if let Some(authority) = &p.authority {
            lines.push(("Nơi cấp", authority.clone()));
        }
    }
    lines.push(("Cấp bởi", issuer.to_string()));
    Card {
        title,
        subtitle,
        name: person.name.clone(),
        id_line: format!("{id_kind} {}", person.id.masked()),
        lines,
        caption,
        qr,
    }
}

/// The purpose in Vietnamese, with its detail.
pub fn purpose(p: &Permit) -> String {
    use PurposeKind as P;
    let word = match p.purpose {
        P::Work => "Đi làm",
        P::Medical => "Khám chữa bệnh",
        P::EssentialShopping => "Mua nhu yếu phẩm",
        P::Delivery => "Giao hàng",
        P::PublicDuty => "Công vụ",
        P::Emergency => "Khẩn cấp",
        _ => "Khác",
    };
    match &p.purpose_detail {
        Some(detail) => format!("{word}: {detail}"),
        None => word.to_string(),
    }
}

/// `dd/mm/yyyy HH:MM` in Vietnam (UTC+7), from core's RFC 3339 form.
pub fn local_time(t: Timestamp) -> String {
    let rfc = t.to_rfc3339_at(VIETNAM_OFFSET_SECONDS);
    // `YYYY-MM-DDTHH:MM:SS+07:00`; anything else (a year past 9999) as is.
    match (
        rfc.get(0..4),
        rfc.get(5..7),
        rfc.get(8..10),
        rfc.get(11..16),
    ) {
        (Some(y), Some(m), Some(d), Some(hm)) if rfc.as_bytes().get(4) == Some(&b'-') => {
            format!("{d}/{m}/{y} {hm}")
        }
        _ => rfc,
    }
}

/// `1500000` → `1.500.000` (the Vietnamese grouping).
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_times_read_the_vietnamese_way() {
        assert_eq!(thousands(1_500_000), "1.500.000");
        assert_eq!(thousands(999), "999");
        let t = Timestamp::parse_rfc3339("2021-09-01T00:30:00Z").expect("t");
        assert_eq!(local_time(t), "01/09/2021 07:30");
    }

    #[test]
    fn a_permit_card_masks_the_id() {
        let pass = Pass::from_json(include_str!("../../spec/examples/permit.json")).expect("pass");
        let qr = QrModules::encode("VN1:ABC", qrpass::qr::Ecc::M).expect("qr");
        let c = card(&pass, "VN-SG", qr);
        assert_eq!(c.id_line, "CCCD ••••••••1234");
        assert_eq!(c.title, "GIẤY ĐI ĐƯỜNG");
        assert!(c.lines.iter().any(|(label, _)| *label == "Cấp bởi"));
    }
}
