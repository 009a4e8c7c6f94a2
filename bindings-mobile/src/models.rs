//! Records for the pass models and results. Enumerated values (ID kind,
//! purpose, classification, ...) are their snake_case JSON names; instants are
//! Unix seconds; calendar dates are `YYYY-MM-DD`.

use qrpass::keys::hex_encode;
use qrpass::model as m;
use qrpass::policy::{Decision as CoreDecision, DisplayView};

/// An identity document.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct IdDocument {
    /// `cccd`, `cmnd`, `passport` or `other`.
    pub kind: String,
    /// The number (verified passes carry it; show `Decision.view.id_masked` instead).
    pub number: String,
}

/// A person on a pass.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct Person {
    /// Full name, NFC.
    pub name: String,
    /// The identity document.
    pub id: IdDocument,
    /// Date of birth, `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
}

impl From<&m::Person> for Person {
    fn from(p: &m::Person) -> Self {
        Person {
            name: p.name.clone(),
            id: IdDocument {
                kind: p.id.kind.as_str().into(),
                number: p.id.number.clone(),
            },
            birth_date: p.birth_date.map(|d| d.to_string()),
            phone: p.phone.clone(),
        }
    }
}

/// When a pass is valid (Unix seconds).
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct Validity {
    /// Valid from (Unix seconds).
    pub from: i64,
    /// Valid until (Unix seconds).
    pub until: i64,
}

/// A test result.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct TestRecord {
    /// `pcr` or `rapid_antigen`.
    pub kind: String,
    /// `negative`, `positive` or `inconclusive`.
    pub result: String,
    /// Date of the sample, `YYYY-MM-DD`.
    pub date: String,
}

fn test_record(t: &m::TestRecord) -> TestRecord {
    TestRecord {
        kind: t.kind.as_str().into(),
        result: t.result.as_str().into(),
        date: t.date.to_string(),
    }
}

/// A travel permit (giấy đi đường).
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct Permit {
    /// Permit number, unique to the authority.
    pub number: String,
    /// Who may travel.
    pub holder: Person,
    /// Employer or organisation, if any.
    pub organisation: Option<String>,
    /// `work`, `medical`, `essential_shopping`, `delivery`, `public_duty`, `emergency` or `other`.
    pub purpose: String,
    /// Free text about the purpose.
    pub purpose_detail: Option<String>,
    /// Areas the permit covers (province, district or ward codes).
    pub areas: Vec<String>,
    /// Start of the route.
    pub route_from: Option<String>,
    /// End of the route.
    pub route_to: Option<String>,
    /// Vehicle plate, without punctuation.
    pub vehicle_plate: Option<String>,
    /// Issuing authority, when it differs from the token issuer.
    pub authority: Option<String>,
    /// When the permit is valid.
    pub validity: Validity,
}

/// A health declaration at a checkpoint.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct Declaration {
    /// Who declares.
    pub declarant: Person,
    /// When it was declared (Unix seconds).
    pub declared_at: i64,
    /// Checkpoint where it was declared.
    pub checkpoint: String,
    /// Where the declarant comes from.
    pub origin: String,
    /// Where the declarant goes.
    pub destination: String,
    /// Declared symptoms (snake_case).
    pub symptoms: Vec<String>,
    /// Declared exposures (snake_case).
    pub exposures: Vec<String>,
    /// Number of vaccine doses.
    pub vaccination_doses: Option<u8>,
    /// Date of the last dose, `YYYY-MM-DD`.
    pub vaccination_last_dose: Option<String>,
    /// The latest test, if declared.
    pub test: Option<TestRecord>,
    /// When the declaration is valid.
    pub validity: Validity,
}

/// An infection status (F0, F1, F2, F3, negative, recovered).
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct InfectionStatus {
    /// Whose status it is.
    pub person: Person,
    /// `f0`, `f1`, `f2`, `f3`, `negative` or `recovered`.
    pub classification: String,
    /// Since when, `YYYY-MM-DD`.
    pub since: String,
    /// `home`, `facility` or `hospital`.
    pub isolation_place: Option<String>,
    /// End of isolation, `YYYY-MM-DD`.
    pub isolation_until: Option<String>,
    /// The test behind the status.
    pub test: Option<TestRecord>,
    /// Case reference of the health authority.
    pub case_ref: Option<String>,
    /// When the status is valid.
    pub validity: Validity,
}

/// A support entitlement.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct SupportEntitlement {
    /// Who receives the support.
    pub beneficiary: Person,
    /// Case number of the programme.
    pub case_number: String,
    /// Support category (snake_case).
    pub category: String,
    /// Free text about the category.
    pub category_detail: Option<String>,
    /// Place of residence.
    pub residence: String,
    /// Amount in Vietnamese đồng.
    pub amount_vnd: u64,
    /// First day of the support period, `YYYY-MM-DD`.
    pub period_from: String,
    /// Last day of the support period, `YYYY-MM-DD`.
    pub period_until: String,
    /// When the entitlement is valid.
    pub validity: Validity,
}

/// A pass of one of the four kinds.
#[derive(uniffi::Enum, Clone, Debug, PartialEq)]
pub enum Pass {
    /// A travel permit.
    Permit {
        /// The permit.
        permit: Permit,
    },
    /// A health declaration.
    Declaration {
        /// The declaration.
        declaration: Declaration,
    },
    /// An infection status.
    InfectionStatus {
        /// The status.
        status: InfectionStatus,
    },
    /// A support entitlement.
    SupportEntitlement {
        /// The entitlement.
        entitlement: SupportEntitlement,
    },
}

fn validity(v: &m::Validity) -> Validity {
    Validity {
        from: v.from.unix(),
        until: v.until.unix(),
    }
}

impl From<&qrpass::Pass> for Pass {
    fn from(p: &qrpass::Pass) -> Self {
        match p {
            qrpass::Pass::Permit(p) => Pass::Permit {
                permit: Permit {
                    number: p.number.clone(),
                    holder: (&p.holder).into(),
                    organisation: p.organisation.clone(),
                    purpose: p.purpose.as_str().into(),
                    purpose_detail: p.purpose_detail.clone(),
                    areas: p.areas.iter().map(|a| a.to_string()).collect(),
                    route_from: p.route.as_ref().map(|r| r.from.to_string()),
                    route_to: p.route.as_ref().map(|r| r.to.to_string()),
                    vehicle_plate: p.vehicle_plate.clone(),
                    authority: p.authority.clone(),
                    validity: validity(&p.validity),
                },
            },
            qrpass::Pass::Declaration(d) => Pass::Declaration {
                declaration: Declaration {
                    declarant: (&d.declarant).into(),
                    declared_at: d.declared_at.unix(),
                    checkpoint: d.checkpoint.clone(),
                    origin: d.origin.to_string(),
                    destination: d.destination.to_string(),
                    symptoms: d.symptoms.iter().map(|s| s.as_str().into()).collect(),
                    exposures: d.exposures.iter().map(|e| e.as_str().into()).collect(),
                    vaccination_doses: d.vaccination.as_ref().map(|v| v.doses),
                    vaccination_last_dose: d
                        .vaccination
                        .as_ref()
                        .and_then(|v| v.last_dose)
                        .map(|d| d.to_string()),
                    test: d.test.as_ref().map(test_record),
                    validity: validity(&d.validity),
                },
            },
            qrpass::Pass::InfectionStatus(s) => Pass::InfectionStatus {
                status: InfectionStatus {
                    person: (&s.person).into(),
                    classification: s.classification.as_str().into(),
                    since: s.since.to_string(),
                    isolation_place: s.isolation.as_ref().map(|i| i.place.as_str().into()),
                    isolation_until: s.isolation.as_ref().map(|i| i.until.to_string()),
                    test: s.test.as_ref().map(test_record),
                    case_ref: s.case_ref.clone(),
                    validity: validity(&s.validity),
                },
            },
            qrpass::Pass::SupportEntitlement(s) => Pass::SupportEntitlement {
                entitlement: SupportEntitlement {
                    beneficiary: (&s.beneficiary).into(),
                    case_number: s.case_number.clone(),
                    category: s.category.as_str().into(),
                    category_detail: s.category_detail.clone(),
                    residence: s.residence.to_string(),
                    amount_vnd: s.amount_vnd,
                    period_from: s.period.from.to_string(),
                    period_until: s.period.until.to_string(),
                    validity: validity(&s.validity),
                },
            },
        }
    }
}

/// A verified pass and how it was verified.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct VerifiedPass {
    /// The pass.
    pub pass: Pass,
    /// `permit`, `declaration`, `infection_status` or `support_entitlement`.
    pub kind: String,
    /// The issuer (`iss`).
    pub issuer: String,
    /// Key id, hex.
    pub kid: String,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Expires at (Unix seconds).
    pub exp: i64,
    /// Token id, hex.
    pub cti: String,
    /// The same as JSON (the `verified` member of spec/vectors).
    pub json: String,
}

impl From<qrpass::Verified> for VerifiedPass {
    fn from(v: qrpass::Verified) -> Self {
        VerifiedPass {
            pass: (&v.pass).into(),
            kind: v.pass.kind().as_str().to_string(),
            issuer: v.issuer.clone(),
            kid: v.kid.to_hex(),
            iat: v.iat.unix(),
            exp: v.exp.unix(),
            cti: hex_encode(&v.cti),
            json: serde_json::to_string(&v).unwrap_or_default(),
        }
    }
}

/// One result of `verify_many`.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct VerifyOutcome {
    /// `valid` or `invalid`.
    pub outcome: String,
    /// The stable error code when invalid.
    pub code: Option<String>,
    /// The error message when invalid.
    pub message: Option<String>,
    /// The pass when valid.
    pub verified: Option<VerifiedPass>,
}

impl From<qrpass::Result<qrpass::Verified>> for VerifyOutcome {
    fn from(r: qrpass::Result<qrpass::Verified>) -> Self {
        let o = qrpass::VerifyOutcome::from(r);
        VerifyOutcome {
            outcome: o.status.as_str().into(),
            code: o.code.map(|c| c.as_str().into()),
            message: o.message,
            verified: o.verified.map(VerifiedPass::from),
        }
    }
}

/// The result of loading a signed list.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct LoadOutcome {
    /// `loaded` or `unchanged`.
    pub outcome: String,
    /// Sequence number of the list now in force.
    pub sequence: u64,
}

impl From<qrpass::trust::LoadOutcome> for LoadOutcome {
    fn from(o: qrpass::trust::LoadOutcome) -> Self {
        LoadOutcome {
            outcome: o.as_str().into(),
            sequence: o.sequence(),
        }
    }
}

/// A reason behind a decision, with its sentences.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct Reason {
    /// Stable reason code.
    pub code: String,
    /// `allow`, `review` or `deny`.
    pub outcome: String,
    /// The sentence in English.
    pub en: String,
    /// The sentence in Vietnamese.
    pub vi: String,
}

/// What a checker's screen shows.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct View {
    /// `allow`, `review` or `deny`.
    pub decision: String,
    /// Pass kind.
    pub kind: Option<String>,
    /// Holder name.
    pub name: Option<String>,
    /// Identity number with all but the last digits masked.
    pub id_masked: Option<String>,
    /// Valid from (Unix seconds).
    pub valid_from: Option<i64>,
    /// Valid until (Unix seconds).
    pub valid_until: Option<i64>,
    /// The issuer.
    pub issuer: Option<String>,
    /// The holder check against the scanned ID card, when one was scanned or required.
    pub holder: Option<HolderCheck>,
    /// For a verified EU DCC (`HC1:`) only: the date of birth as the certificate gives it.
    pub dob: Option<String>,
    /// For a verified EU DCC only: the statement summary (`vaccination 2/2 on … (AT)`).
    pub statement: Option<String>,
    /// For a verified EU DCC only: the statement summary in Vietnamese (`tiêm mũi 2/2 ngày … (AT)`).
    pub statement_vi: Option<String>,
    /// The view as JSON (the `view` member of the policy vectors).
    pub json: String,
}

/// How the scanned ID card compared with the pass (only the card's masked number).
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct HolderCheck {
    /// `match`, `marks_only`, `mismatch` or `missing`.
    pub result: String,
    /// `match`, `old_id_match` or `mismatch`; absent when no card was scanned.
    pub id: Option<String>,
    /// `exact`, `equivalent`, `marks_only` or `mismatch`.
    pub name: Option<String>,
    /// `match`, `mismatch` or `absent`.
    pub birth_date: Option<String>,
    /// The card's number, all but the last 4 digits masked.
    pub card_id_masked: Option<String>,
    /// Whether the card's number disagrees with its birth date or sex.
    pub inconsistent_number: bool,
}

impl From<&qrpass::policy::HolderCheck> for HolderCheck {
    fn from(h: &qrpass::policy::HolderCheck) -> Self {
        HolderCheck {
            result: h.result.as_str().into(),
            id: h.id.map(|m| m.as_str().into()),
            name: h.name.map(|m| m.as_str().into()),
            birth_date: h.birth_date.map(|m| m.as_str().into()),
            card_id_masked: h.card_id_masked.clone(),
            inconsistent_number: h.inconsistent_number,
        }
    }
}

/// A checkpoint decision.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct Decision {
    /// `allow`, `review` or `deny`.
    pub outcome: String,
    /// Why, in order of weight.
    pub reasons: Vec<Reason>,
    /// What to show.
    pub view: View,
    /// The id of the policy that decided, when a `Checkpoint` decided.
    pub policy_id: Option<String>,
    /// Its sequence, for a signed policy.
    pub policy_sequence: Option<u64>,
}

impl Decision {
    pub(crate) fn new(d: &CoreDecision, view: &DisplayView) -> Decision {
        Decision {
            outcome: d.outcome.as_str().into(),
            reasons: d
                .reasons
                .iter()
                .map(|r| Reason {
                    code: r.code.as_str().into(),
                    outcome: r.outcome.as_str().into(),
                    en: r.en.into(),
                    vi: r.vi.into(),
                })
                .collect(),
            view: View {
                decision: view.decision.as_str().into(),
                kind: view.kind.map(|k| k.as_str().into()),
                name: view.name.clone(),
                id_masked: view.id_masked.clone(),
                valid_from: view.valid_from.map(|t| t.unix()),
                valid_until: view.valid_until.map(|t| t.unix()),
                issuer: view.issuer.clone(),
                holder: view.holder.as_ref().map(HolderCheck::from),
                dob: view.dob.clone(),
                statement: view.statement.clone(),
                statement_vi: view.statement_vi.clone(),
                json: serde_json::to_string(view).unwrap_or_default(),
            },
            policy_id: d.policy.as_ref().map(|p| p.id.clone()),
            policy_sequence: d.policy.as_ref().and_then(|p| p.sequence),
        }
    }
}
