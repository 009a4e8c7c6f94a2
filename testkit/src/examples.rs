//! The example passes of `spec/examples`, one per kind, compiled in.

use qrpass::{Error, Pass, PassKind};

/// The JSON text of `spec/examples/{kind}.json`.
pub fn example_json(kind: PassKind) -> &'static str {
    match kind {
        PassKind::Permit => include_str!("../../spec/examples/permit.json"),
        PassKind::Declaration => include_str!("../../spec/examples/declaration.json"),
        PassKind::InfectionStatus => include_str!("../../spec/examples/infection_status.json"),
        PassKind::SupportEntitlement => {
            include_str!("../../spec/examples/support_entitlement.json")
        }
    }
}

/// The example pass of `kind`, parsed.
pub fn example(kind: PassKind) -> Result<Pass, Error> {
    Pass::from_json(example_json(kind))
}

/// Every example pass, in [`PassKind::ALL`] order; panics if one is broken.
pub fn example_passes() -> Vec<Pass> {
    PassKind::ALL
        .iter()
        .map(|&kind| example(kind).expect("spec/examples parse"))
        .collect()
}
