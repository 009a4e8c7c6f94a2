//! `qrpass check`: verify a pass and decide under a checkpoint policy.
//!
//! Exit status: 0 allow, 1 deny, 3 review, 2 when the inputs (trust, policy,
//! files, the ID card) could not be used.

use std::path::PathBuf;

use clap::Args;
use qrpass::model::AreaCode;
use qrpass::policy::HolderCheck;
use qrpass::time::VIETNAM_OFFSET_SECONDS;
use qrpass::trust::TrustInfo;
use qrpass::{CheckpointContext, DisplayView, Outcome, Policy};
use serde_json::json;

use crate::error::CliError;
use crate::idcard_cmd::read_card;
use crate::io::{read_input, StatusResult};
use crate::verifier_args::VerifierArgs;

/// `qrpass check` arguments.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Trust, revocation and time.
    #[command(flatten)]
    pub verifier: VerifierArgs,
    /// The checkpoint policy (JSON or TOML).
    #[arg(long)]
    pub policy: PathBuf,
    /// The checkpoint's area code (PP, PP.DDD or PP.DDD.CCCCC).
    #[arg(long)]
    pub area: Option<String>,
    /// The person's ID card (CCCD): its QR text or a photo of the card; - for
    /// standard input. Bound to the pass under the policy's `holder` rules.
    #[arg(long)]
    pub id_card: Option<String>,
    /// Print one JSON object (the display view) instead of text.
    #[arg(long)]
    pub json: bool,
    /// File holding the VN1 text, or - for standard input.
    pub token: String,
}

/// Runs `qrpass check`: status 0 allow, 1 deny, 3 review.
pub fn run(args: &CheckArgs) -> StatusResult {
    let policy_text = read_input(&args.policy.to_string_lossy())?;
    let policy = Policy::parse(&policy_text)
        .map_err(|e| CliError::from(e).hint("see spec/TRUST.md §5 for the policy format"))?;
    let (verifier, now) = args.verifier.load()?;
    let area = args
        .area
        .as_deref()
        .map(str::parse::<AreaCode>)
        .transpose()?;
    if args.id_card.as_deref() == Some("-") && args.token == "-" {
        return Err(CliError::from(qrpass::Error::new(
            qrpass::ErrorCode::InvalidArgument,
            "the pass and the ID card cannot both come from standard input",
        )));
    }
    let card = args.id_card.as_deref().map(read_card).transpose()?;
    let text = read_input(&args.token)?;
    let ctx = CheckpointContext::new(area, now).with_id_card(card);
    let view = policy.check(&verifier, &text, &ctx).view;
    let trust = verifier.trust_info(now);
    if args.json {
        let mut out = serde_json::to_value(&view).unwrap_or_default();
        if let Some(obj) = out.as_object_mut() {
            if !trust.is_unsigned() {
                obj.insert("trust".into(), json!(trust));
            }
        }
        println!("{out}");
    } else {
        println!("{}", describe(&view, &trust));
    }
    Ok(match view.decision {
        Outcome::Allow => 0,
        Outcome::Deny => 1,
        Outcome::Review => 3,
    })
}

/// The lines printed for a decision.
pub fn describe(view: &DisplayView, trust: &TrustInfo) -> String {
    let head = match view.decision {
        Outcome::Allow => "ALLOW  · cho qua",
        Outcome::Review => "REVIEW · cần kiểm tra thêm",
        Outcome::Deny => "DENY   · không cho qua",
    };
    let mut out = vec![head.to_string()];
    for r in &view.reasons {
        out.push(format!("  [{}] {}\n      {}", r.code, r.vi, r.en));
    }
    if let (Some(kind), Some(name)) = (view.kind, &view.name) {
        out.push(format!(
            "  {kind} from {}",
            view.issuer.as_deref().unwrap_or("?")
        ));
        out.push(format!(
            "  {name}  {}",
            view.id_masked.as_deref().unwrap_or("")
        ));
        if let (Some(from), Some(until)) = (view.valid_from, view.valid_until) {
            out.push(format!(
                "  valid {} → {}",
                from.to_rfc3339_at(VIETNAM_OFFSET_SECONDS),
                until.to_rfc3339_at(VIETNAM_OFFSET_SECONDS)
            ));
        }
    }
    if let Some(h) = &view.holder {
        out.push(holder_line(h));
    }
    for (what, list) in [
        ("trust list", trust.trust_list),
        ("revocation list", trust.revocation_list),
    ] {
        if let Some(l) = list {
            out.push(format!(
                "  {what} #{}, next update {}{}",
                l.sequence,
                l.next_update.to_rfc3339_at(VIETNAM_OFFSET_SECONDS),
                if l.stale { " — STALE: update it" } else { "" }
            ));
        }
    }
    out.join("\n")
}

/// The line saying how the ID card compared with the pass.
fn holder_line(h: &HolderCheck) -> String {
    let parts = [
        h.id.map(|m| format!("id {}", m.as_str())),
        h.name.map(|m| format!("name {}", m.as_str())),
        h.birth_date.map(|m| format!("birth date {}", m.as_str())),
    ];
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    format!(
        "  ID card {}: {}{}",
        h.card_id_masked.as_deref().unwrap_or("not scanned"),
        h.result.as_str(),
        match parts.is_empty() {
            true => String::new(),
            false => format!(" ({})", parts.join(", ")),
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrpass::policy::{Decision, Reason, ReasonCode};
    use qrpass::trust::ListStatus;
    use qrpass::{Error, ErrorCode, Timestamp};

    #[test]
    fn describe_shows_decision_reasons_and_stale_lists() {
        let failed: Result<qrpass::Verified, Error> =
            Err(Error::new(ErrorCode::Revoked, "revoked"));
        let view = Decision::failed(&Error::new(ErrorCode::Revoked, "revoked")).view(&failed);
        let stale = ListStatus {
            sequence: 4,
            issued_at: Timestamp(1_630_000_000),
            next_update: Timestamp(1_630_600_000),
            stale: true,
        };
        let text = describe(
            &view,
            &TrustInfo {
                trust_list: Some(stale),
                revocation_list: None,
            },
        );
        assert!(text.starts_with("DENY"), "{text}");
        assert!(text.contains("[revoked] Giấy đã bị thu hồi."), "{text}");
        assert!(
            text.contains("trust list #4") && text.contains("STALE"),
            "{text}"
        );
        assert_eq!(
            Reason::new(ReasonCode::PassValid, Outcome::Allow)
                .code
                .as_str(),
            "pass_valid"
        );
    }
}
