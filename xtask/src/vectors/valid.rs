//! Valid passes of every kind: the typical example and a maximal one (every
//! optional field filled, text near its limits), each with its issuing input.

use qrpass::keys::hex_encode;
use qrpass::{Error, Pass, PassKind};
use qrpass_testkit::{example, vector_seed};
use serde_json::{json, Value as Json};

use qrpass_testkit::issue;

use super::Builder;

/// Adds `{kind}_typical` and `{kind}_maximal` for every kind, verified an hour
/// into their validity.
pub fn add(b: &mut Builder) -> Result<(), Error> {
    for &kind in PassKind::ALL {
        for (variant, pass) in [("typical", example(kind)?), ("maximal", maximal(kind)?)] {
            let cti = format!("{kind}-{variant}");
            let iat = pass
                .validity()
                .from
                .to_rfc3339_at(qrpass::time::VIETNAM_OFFSET_SECONDS);
            let text = issue("VN-SG", &pass, &iat, cti.as_bytes())?;
            let v = b.add(
                &format!("{kind}_{variant}"),
                &format!("a {variant} {kind}, valid"),
                text,
                Ok(()),
            );
            v.at = pass.validity().from.add_seconds(3600);
            v.input = Some(json!({
                "pass": pass, "issuer": "VN-SG", "iat": iat, "cti": hex_encode(cti.as_bytes()),
                "key_seed": hex_encode(&vector_seed("VN-SG")),
            }));
        }
    }
    Ok(())
}

/// Every optional field filled, text near its limits.
fn maximal(kind: PassKind) -> Result<Pass, Error> {
    let person = json!({
        "name": "Tôn Nữ Hoàng Hạnh Nguyễn Phước Bảo Châu Huyền Tôn Nữ Thị Ngọc Diệp Lê Trần Phạm Võ Đặng Bùi Đỗ",
        "id": {"kind": "cccd", "number": "079201001234"},
        "birth_date": "1985-02-28",
        "phone": "+84912345678"
    });
    let validity =
        json!({"from": "2021-09-01T00:00:00+07:00", "until": "2021-09-30T23:59:59+07:00"});
    let json = match kind {
        PassKind::Permit => maximal_permit(person, validity),
        PassKind::Declaration => maximal_declaration(person, validity),
        PassKind::InfectionStatus => json!({
            "kind": "infection_status",
            "person": person,
            "classification": "f0",
            "since": "2021-08-28",
            "isolation": {"place": "hospital", "until": "2021-09-28"},
            "test": {"kind": "pcr", "result": "positive", "date": "2021-08-27"},
            "case_ref": "BN-412733-HCM-CUM-CHO-BINH-DIEN",
            "validity": validity
        }),
        PassKind::SupportEntitlement => json!({
            "kind": "support_entitlement",
            "beneficiary": person,
            "case_number": "HCM-NQ68-QD23-2021-0000547748",
            "category": "other",
            "category_detail": "Hướng dẫn viên du lịch có thẻ hành nghề, bị mất việc do dịch Covid-19 theo Nghị quyết 68/NQ-CP",
            "residence": "79.760.26734",
            "amount_vnd": 3710000,
            "period": {"from": "2021-07-01", "until": "2021-12-31"},
            "validity": validity
        }),
    };
    Pass::from_json(&json.to_string())
}

fn maximal_permit(person: Json, validity: Json) -> Json {
    json!({
        "kind": "permit",
        "number": "HCM-Q1-BN-2021-0000004217-P-BEN-NGHE",
        "holder": person,
        "organisation": "Công ty TNHH Dịch vụ Giao nhận Hàng hóa và Vận tải Đa phương thức Sài Gòn – Chi nhánh Quận 1",
        "purpose": "other",
        "purpose_detail": "Vận chuyển nhu yếu phẩm, thực phẩm và thuốc men cho các khu phong tỏa theo điều phối của UBND phường",
        "areas": ["79.760", "79.760.26734", "79.760.26737", "79.760.26740", "79.760.26743", "79.769",
                  "79.770", "79.771", "79.772", "79.773", "79.774", "79.775", "79.776", "79.777", "79.778", "74"],
        "route": {"from": "79.760.26734", "to": "74"},
        "vehicle_plate": "51F-123.45",
        "authority": "Ủy ban nhân dân Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
        "validity": validity
    })
}

fn maximal_declaration(person: Json, validity: Json) -> Json {
    json!({
        "kind": "declaration",
        "declarant": person,
        "declared_at": "2021-09-01T06:30:00+07:00",
        "checkpoint": "HCM-CP-QL1A-KM1880-TRAM-KIEM-SOAT-BINH-CHANH",
        "origin": "79.785.27595",
        "destination": "80.794.27844",
        "symptoms": ["fever", "cough", "shortness_of_breath", "sore_throat", "loss_of_taste_or_smell", "fatigue"],
        "exposures": ["confirmed_case_contact", "outbreak_area_stay", "symptomatic_contact"],
        "vaccination": {"doses": 3, "last_dose": "2021-08-30"},
        "test": {"kind": "pcr", "result": "inconclusive", "date": "2021-08-31"},
        "validity": validity
    })
}
