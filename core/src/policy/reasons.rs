//! Reason codes of checkpoint decisions, each with a sentence in Vietnamese and English.

use serde::{Serialize, Serializer};

use super::Outcome;
use crate::error::{ErrorCode, ErrorFamily};

macro_rules! reason_codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $code:literal, $en:literal, $vi:literal; )*) => {
        /// Why a decision came out as it did: a stable snake_case code.
        ///
        /// Policy rules have their own codes; a failed verification gives
        /// [`ReasonCode::Verification`], whose code is the error's code
        /// (`expired`, `revoked`, ...). The two sets never overlap.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ReasonCode {
            $( $(#[doc = $doc])* $variant, )*
            /// Verification failed with this error code.
            Verification(ErrorCode),
        }

        impl ReasonCode {
            /// Every policy reason code (verification reasons are the [`ErrorCode`]s).
            pub const ALL: &'static [ReasonCode] = &[ $( ReasonCode::$variant, )* ];

            /// The stable snake_case code.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( ReasonCode::$variant => $code, )*
                    ReasonCode::Verification(e) => e.as_str(),
                }
            }

            /// The sentence shown to an officer: (English, Vietnamese).
            pub fn sentences(self) -> (&'static str, &'static str) {
                match self {
                    $( ReasonCode::$variant => ($en, $vi), )*
                    ReasonCode::Verification(e) => error_sentences(e),
                }
            }

            /// Looks a code up by its string: a policy code or an error code.
            pub fn from_code(code: &str) -> Option<ReasonCode> {
                match code {
                    $( $code => Some(ReasonCode::$variant), )*
                    other => ErrorCode::from_code(other).map(ReasonCode::Verification),
                }
            }
        }
    };
}

reason_codes! {
    /// Every check passed.
    PassValid = "pass_valid",
        "The pass is valid.",
        "Giấy hợp lệ.";
    /// The policy does not accept this kind of pass.
    KindNotAccepted = "kind_not_accepted",
        "This checkpoint does not accept this kind of pass.",
        "Chốt kiểm soát này không chấp nhận loại giấy này.";
    /// None of the permit's areas covers the checkpoint's area.
    AreaNotCovered = "area_not_covered",
        "The permit does not cover this checkpoint's area.",
        "Giấy đi đường không có giá trị tại khu vực của chốt kiểm soát này.";
    /// An area rule applies but the checkpoint's area is not set.
    CheckpointAreaUnknown = "checkpoint_area_unknown",
        "The checkpoint's area is not set, so the pass's area could not be checked.",
        "Chưa thiết lập khu vực của chốt kiểm soát nên chưa kiểm tra được phạm vi của giấy.";
    /// The declaration is older than the policy's maximum age.
    DeclarationTooOld = "declaration_too_old",
        "The health declaration is older than this checkpoint accepts.",
        "Tờ khai y tế đã quá thời gian cho phép tại chốt kiểm soát này.";
    /// The declaration reports symptoms or exposures.
    DeclarationRisk = "declaration_risk",
        "The health declaration reports symptoms or exposures.",
        "Tờ khai y tế có khai báo triệu chứng hoặc yếu tố dịch tễ.";
    /// Infection status F0.
    StatusF0 = "status_f0",
        "This person is a confirmed case (F0).",
        "Người này là ca bệnh xác định (F0).";
    /// Infection status F1.
    StatusF1 = "status_f1",
        "This person is a close contact of a confirmed case (F1).",
        "Người này là người tiếp xúc gần với ca bệnh (F1).";
    /// Infection status F2.
    StatusF2 = "status_f2",
        "This person is a contact of a close contact (F2).",
        "Người này là người tiếp xúc với F1 (F2).";
    /// Infection status F3.
    StatusF3 = "status_f3",
        "This person is a contact of an F2 (F3).",
        "Người này là người tiếp xúc với F2 (F3).";
    /// Infection status recovered.
    StatusRecovered = "status_recovered",
        "This person has recovered from Covid-19.",
        "Người này đã khỏi bệnh Covid-19.";
    /// Infection status negative.
    StatusNegative = "status_negative",
        "This person has tested negative.",
        "Người này có kết quả xét nghiệm âm tính.";
    /// The person's isolation order has not ended.
    IsolationActive = "isolation_active",
        "This person is under an isolation order that has not ended.",
        "Người này đang trong thời gian cách ly.";
    /// The beneficiary's residence lies outside the checkpoint's (payout point's) area.
    ResidenceNotCovered = "residence_not_covered",
        "The beneficiary's residence is outside this payout point's area.",
        "Nơi cư trú của người được hỗ trợ không thuộc địa bàn của điểm chi trả này.";
    /// A policy requires an ID card for this kind of pass and none was scanned.
    IdCardMissing = "id_card_missing",
        "Scan the person's ID card: this checkpoint matches the pass to it.",
        "Hãy quét mã QR trên căn cước công dân của người này: chốt kiểm soát đối chiếu giấy với thẻ.";
    /// The ID card's number is neither the pass's ID number nor its old CMND number.
    HolderIdMismatch = "holder_id_mismatch",
        "The ID card's number is not the ID number on the pass: the pass may belong to someone else.",
        "Số căn cước trên thẻ không trùng với số giấy tờ trên giấy: giấy có thể là của người khác.";
    /// The ID card's name differs from the pass's.
    HolderNameMismatch = "holder_name_mismatch",
        "The name on the ID card is not the name on the pass.",
        "Họ tên trên căn cước không trùng với họ tên trên giấy.";
    /// The names differ only in diacritics, which tell Vietnamese names apart.
    HolderNameMarksOnly = "holder_name_marks_only",
        "The names on the ID card and the pass differ only in their accents; compare them.",
        "Họ tên trên căn cước và trên giấy chỉ khác nhau ở dấu; hãy đối chiếu lại.";
    /// The ID card's birth date differs from the pass's.
    HolderBirthDateMismatch = "holder_birth_date_mismatch",
        "The birth date on the ID card is not the birth date on the pass.",
        "Ngày sinh trên căn cước không trùng với ngày sinh trên giấy.";
    /// The ID card's number disagrees with its own birth date or sex.
    IdCardInconsistent = "id_card_inconsistent",
        "The ID card's number does not fit its birth date or sex; check the card itself.",
        "Số căn cước không khớp với ngày sinh hoặc giới tính in trên thẻ; hãy kiểm tra thẻ.";
    /// The trust list is past its next-update time.
    TrustListStale = "trust_list_stale",
        "The trust list is out of date; update it as soon as there is a connection.",
        "Danh sách khóa tin cậy đã quá hạn cập nhật; hãy cập nhật ngay khi có kết nối mạng.";
    /// The revocation list is past its next-update time.
    RevocationListStale = "revocation_list_stale",
        "The revocation list is out of date; update it as soon as there is a connection.",
        "Danh sách thu hồi đã quá hạn cập nhật; hãy cập nhật ngay khi có kết nối mạng.";
    /// The device's clock is before the issue time of a list the checkpoint holds.
    ClockBehind = "clock_behind",
        "The device's clock is behind: set the date and time, then check again.",
        "Đồng hồ của thiết bị đang chậm: hãy chỉnh lại ngày giờ rồi kiểm tra lại.";
    /// The device's clock differs from a trusted time by more than the policy allows.
    ClockDrift = "clock_drift",
        "The device's clock differs from the list server's time; set the date and time.",
        "Đồng hồ của thiết bị lệch so với giờ của máy chủ danh sách; hãy chỉnh lại ngày giờ.";
    /// No signed policy is in force here and no local policy is set: the default rules decided.
    NoPolicyInForce = "no_policy_in_force",
        "No checkpoint policy is in force here; the default rules were applied.",
        "Chưa có quy định kiểm soát nào áp dụng tại đây; đã áp dụng quy tắc mặc định.";
    /// An EU DCC's vaccination series is not complete (`dn < sd`).
    NotFullCourse = "not_full_course",
        "The EU certificate shows an incomplete vaccination course.",
        "Chứng nhận EU cho thấy chưa tiêm đủ liều cơ bản.";
    /// An EU DCC's last dose is more recent than the policy's minimum days.
    DoseTooRecent = "dose_too_recent",
        "The last vaccine dose on the EU certificate is too recent.",
        "Mũi tiêm gần nhất trên chứng nhận EU chưa đủ số ngày quy định.";
    /// An EU DCC's last dose is older than the policy's maximum days.
    DoseTooOld = "dose_too_old",
        "The last vaccine dose on the EU certificate is too long ago.",
        "Mũi tiêm gần nhất trên chứng nhận EU đã quá số ngày quy định.";
    /// An EU DCC's test result is not "not detected".
    TestNotNegative = "test_not_negative",
        "The test on the EU certificate is not negative.",
        "Kết quả xét nghiệm trên chứng nhận EU không phải âm tính.";
    /// An EU DCC's test sample is older than the policy allows for its type, or in the future.
    TestTooOld = "test_too_old",
        "The test sample on the EU certificate is too old.",
        "Mẫu xét nghiệm trên chứng nhận EU đã quá thời gian quy định.";
    /// The policy sets no hours for this type of test.
    TestTypeNotAccepted = "test_type_not_accepted",
        "This checkpoint does not accept this type of test.",
        "Chốt kiểm soát này không chấp nhận loại xét nghiệm này.";
    /// An EU DCC's recovery is not valid today (`df ≤ today ≤ du`).
    RecoveryNotValid = "recovery_not_valid",
        "The recovery on the EU certificate is not valid today.",
        "Chứng nhận khỏi bệnh EU không có giá trị vào hôm nay.";
    /// The policy's rules for the issuing country do not accept this kind of statement.
    StatementNotAccepted = "statement_not_accepted",
        "This checkpoint does not accept this kind of EU certificate from this country.",
        "Chốt kiểm soát này không chấp nhận loại chứng nhận EU này của quốc gia này.";
    /// The DCC's name or date of birth does not match the passport.
    HolderMismatch = "holder_mismatch",
        "The name or date of birth on the EU certificate is not the passport's.",
        "Họ tên hoặc ngày sinh trên chứng nhận EU không trùng với hộ chiếu.";
    /// The signed DSC list (EU document signers) is past its next-update time.
    DscListStale = "dsc_list_stale",
        "The EU signer list is out of date; update it as soon as there is a connection.",
        "Danh sách khóa ký chứng nhận EU đã quá hạn cập nhật; hãy cập nhật ngay khi có kết nối mạng.";
}

/// Sentences for a failed verification: specific ones for the common codes, else by family.
fn error_sentences(code: ErrorCode) -> (&'static str, &'static str) {
    match code {
        ErrorCode::Expired => ("The pass has expired.", "Giấy đã hết hạn."),
        ErrorCode::NotYetValid => (
            "The pass is not valid yet.",
            "Giấy chưa đến thời gian có hiệu lực.",
        ),
        ErrorCode::IssuedInFuture => (
            "The pass claims to be issued in the future; check the device clock.",
            "Thời điểm cấp giấy ở tương lai; hãy kiểm tra đồng hồ của thiết bị.",
        ),
        ErrorCode::Revoked => ("The pass has been revoked.", "Giấy đã bị thu hồi."),
        ErrorCode::KeyRevoked => (
            "The issuer's signing key has been revoked; its passes are not valid.",
            "Khóa ký của đơn vị cấp đã bị thu hồi; giấy do khóa này ký không còn giá trị.",
        ),
        ErrorCode::KeyRetired => (
            "The pass was signed with a key that had already been retired.",
            "Giấy được ký bằng khóa đã ngừng sử dụng trước thời điểm cấp.",
        ),
        ErrorCode::KeyNotValid => (
            "The signing key was not valid when the pass was issued.",
            "Khóa ký không có hiệu lực tại thời điểm cấp giấy.",
        ),
        ErrorCode::UnknownKey => (
            "Unknown issuer: the signing key is not in the trust list.",
            "Không xác định được đơn vị cấp: khóa ký không có trong danh sách tin cậy.",
        ),
        ErrorCode::BadSignature => (
            "The signature is invalid: the pass may be forged or altered.",
            "Chữ ký không hợp lệ: giấy có thể bị làm giả hoặc bị sửa đổi.",
        ),
        ErrorCode::KeyNotAllowed => (
            "The issuer may not issue this kind of pass.",
            "Đơn vị cấp không được phép cấp loại giấy này.",
        ),
        _ if code.family() == ErrorFamily::Format => (
            "The code could not be read: it is damaged or not a qrpass pass.",
            "Không đọc được mã: mã bị hỏng hoặc không phải giấy qrpass.",
        ),
        _ => (
            "The pass could not be verified.",
            "Không xác thực được giấy.",
        ),
    }
}

impl Serialize for ReasonCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason behind a decision: its code, what it asks for, and what to tell the officer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The stable code.
    pub code: ReasonCode,
    /// What this reason alone would decide.
    pub outcome: Outcome,
    /// The sentence in English.
    pub en: &'static str,
    /// The sentence in Vietnamese.
    pub vi: &'static str,
}

impl Reason {
    /// A reason with its standard sentences.
    pub fn new(code: ReasonCode, outcome: Outcome) -> Reason {
        let (en, vi) = code.sentences();
        Reason {
            code,
            outcome,
            en,
            vi,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn reason_codes_are_unique_snake_case_and_distinct_from_error_codes() {
        let mut seen = HashSet::new();
        for &code in ReasonCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate {s}");
            assert!(s
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            assert_eq!(ErrorCode::from_code(s), None, "{s} is also an error code");
            assert_eq!(ReasonCode::from_code(s), Some(code));
            let (en, vi) = code.sentences();
            assert!(en.ends_with('.') && vi.ends_with('.'), "{s}");
        }
        for &e in ErrorCode::ALL {
            let code = ReasonCode::Verification(e);
            assert_eq!(ReasonCode::from_code(e.as_str()), Some(code));
            assert!(!code.sentences().0.is_empty() && !code.sentences().1.is_empty());
        }
        assert_eq!(ReasonCode::from_code("no_such_reason"), None);
    }

    #[test]
    fn reasons_serialise_with_their_code_string() {
        let r = Reason::new(ReasonCode::Verification(ErrorCode::Expired), Outcome::Deny);
        let json = serde_json::to_value(&r).expect("serialises");
        assert_eq!(json["code"], "expired");
        assert_eq!(json["outcome"], "deny");
        assert_eq!(json["vi"], "Giấy đã hết hạn.");
        assert_eq!(ReasonCode::StatusF1.to_string(), "status_f1");
    }
}
