//! Officer-assisted declarations: a [`Declaration`] pre-filled from an ID card,
//! for a person without a phone (PC-Covid let staff declare on their behalf).

use super::IdCard;
use crate::model::{AreaCode, Declaration, IdDocument, IdKind, Person, Validity};
use crate::time::Timestamp;

/// How long a pre-filled declaration is valid, in hours, unless the officer changes it.
pub const DECLARATION_VALID_HOURS: i64 = 24;

impl IdCard {
    /// The card's holder as a pass [`Person`]: name, CCCD number, birth date; no phone.
    pub fn person(&self) -> Person {
        Person {
            name: self.name.clone(),
            id: IdDocument {
                kind: IdKind::Cccd,
                number: self.number.clone(),
            },
            birth_date: Some(self.birth_date),
            phone: None,
        }
    }

    /// A declaration by the card's holder, made at `checkpoint` at `declared_at`,
    /// from `origin` to `destination`, valid [`DECLARATION_VALID_HOURS`] hours.
    ///
    /// Symptoms, exposures, vaccination and test start empty: the officer records
    /// the person's answers, then issues it as usual ([`crate::Issuer`]). The
    /// card's address and issue date are not copied.
    ///
    /// ```
    /// use qrpass::{IdCard, Pass, Timestamp};
    ///
    /// let card = IdCard::parse("079203001234||Nguyễn Văn An|14052003|Nam|Quận 1|01062021")?;
    /// let at = Timestamp::parse_rfc3339("2021-09-10T08:00:00+07:00")?;
    /// let mut declaration = card.declaration("HCM-Q1-01", at, "79.760".parse()?, "79.769".parse()?);
    /// declaration.symptoms = vec![qrpass::model::Symptom::Cough];
    /// let pass = Pass::Declaration(declaration);
    /// assert_eq!(pass.person().id.number, "079203001234");
    /// # Ok::<(), qrpass::Error>(())
    /// ```
    pub fn declaration(
        &self,
        checkpoint: &str,
        declared_at: Timestamp,
        origin: AreaCode,
        destination: AreaCode,
    ) -> Declaration {
        Declaration {
            declarant: self.person(),
            declared_at,
            checkpoint: checkpoint.to_string(),
            origin,
            destination,
            symptoms: Vec::new(),
            exposures: Vec::new(),
            vaccination: None,
            test: None,
            validity: Validity {
                from: declared_at,
                until: declared_at.add_seconds(DECLARATION_VALID_HOURS * 3600),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::{CheckpointContext, Outcome, Policy};
    use crate::{IdCard, Issuer, Pass, PrivateKey, Timestamp, TrustStore, TrustedKey, Verifier};

    #[test]
    fn a_declaration_from_a_card_issues_verifies_and_binds_to_it() {
        let card =
            IdCard::parse("079203001234|023456789|Nguyễn Văn An|14052003|Nam|MARKER|01062021")
                .expect("card");
        let at = Timestamp::parse_rfc3339("2021-09-10T08:00:00+07:00").expect("time");
        let d = card.declaration(
            "HCM-Q1-01",
            at,
            "79.760".parse().expect("a"),
            "79".parse().expect("a"),
        );
        let key = PrivateKey::from_seed(&[7; 32]);
        let mut trust = TrustStore::default();
        trust
            .add(TrustedKey::new(
                key.public_key(),
                "VN-HCM",
                &[crate::PassKind::Declaration],
                Timestamp(1_600_000_000),
            ))
            .expect("trust");
        let text = Issuer::new(key, "VN-HCM")
            .expect("issuer")
            .issue_with(&Pass::Declaration(d), at, b"decl-card")
            .expect("issues");
        let verifier = Verifier::new(trust);
        let verified = verifier
            .verify_at(&text, at.add_seconds(60))
            .expect("verifies");
        let person = verified.pass.person();
        assert_eq!(
            (person.name.as_str(), person.birth_date),
            ("Nguyễn Văn An", Some(card.birth_date))
        );
        let ctx = CheckpointContext::new(Some("79.760".parse().expect("a")), at.add_seconds(60))
            .with_id_card(Some(card));
        let checked = Policy::default().check(&verifier, &text, &ctx);
        assert_eq!(checked.decision.outcome, Outcome::Allow);
        let json = serde_json::to_string(&checked).expect("json");
        assert!(
            json.contains(r#""birth_date":"match""#) && !json.contains("MARKER"),
            "{json}"
        );
    }
}
