//! The DCC trust list: document-signer certificates (DSCs) as national backends
//! distribute them (X.509 DER or PEM, or a JSON list of `{kid, certificate}`),
//! matched by kid, the first 8 bytes of SHA-256 over the DER certificate.

use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_cert::der::{oid::ObjectIdentifier, Decode};
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_cert::Certificate as X509;

use super::signature::DscKey;
use crate::error::{err, Result};
use crate::time::Timestamp;

/// The EKU OIDs restricting a DSC to test, vaccination or recovery statements,
/// in the three arcs in use: the two of the issue brief and the
/// `1.3.6.1.4.1.0.1847…` form that the test-data DSCs carry.
const EKU_TEST: [&str; 3] = [
    "1.3.6.1.4.1.1847.2021.1.1",
    "1.3.6.1.4.1.0.1847.2021.1.1",
    "0.4.0.127.0.0.1847.2021.1.1",
];
const EKU_VACCINATION: [&str; 3] = [
    "1.3.6.1.4.1.1847.2021.1.2",
    "1.3.6.1.4.1.0.1847.2021.1.2",
    "0.4.0.127.0.0.1847.2021.1.2",
];
const EKU_RECOVERY: [&str; 3] = [
    "1.3.6.1.4.1.1847.2021.1.3",
    "1.3.6.1.4.1.0.1847.2021.1.3",
    "0.4.0.127.0.0.1847.2021.1.3",
];

/// Which statements a DSC may sign. A DSC without any of the DCC EKU OIDs may sign all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DscUsage {
    /// Test statements.
    pub test: bool,
    /// Vaccination statements.
    pub vaccination: bool,
    /// Recovery statements.
    pub recovery: bool,
}

impl DscUsage {
    /// Whether the DSC may sign a statement of this kind (`vaccination`, `test`, `recovery`).
    pub fn allows(self, kind: &str) -> bool {
        match kind {
            "vaccination" => self.vaccination,
            "test" => self.test,
            "recovery" => self.recovery,
            _ => false,
        }
    }
}

/// One document-signer certificate.
#[derive(Clone, Debug)]
pub struct Dsc {
    /// The kid: SHA-256 of the DER, first 8 bytes.
    pub kid: [u8; 8],
    /// Start of the certificate's validity.
    pub not_before: Timestamp,
    /// End of the certificate's validity.
    pub not_after: Timestamp,
    /// The statements it may sign.
    pub usage: DscUsage,
    /// The country the list that holds it assigns it (ISO 3166 alpha-2), if any.
    pub country: Option<String>,
    pub(crate) key: DscKey,
    der: Vec<u8>,
}

/// The kid of a DER certificate: the first 8 bytes of its SHA-256.
pub fn kid_of(der: &[u8]) -> [u8; 8] {
    let digest = Sha256::digest(der);
    let mut kid = [0; 8];
    kid.copy_from_slice(&digest[..8]);
    kid
}

/// Checks a country code: two capital letters (ISO 3166 alpha-2), `bad_trust_list` otherwise.
pub(crate) fn check_country(c: &str) -> Result<()> {
    if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(err!(
            BadTrustList,
            "the DSC country `{c}` is not two capital letters (ISO 3166 alpha-2)"
        ))
    }
}

fn oid_in(oids: &[ObjectIdentifier], names: [&str; 3]) -> bool {
    oids.iter()
        .any(|o| names.iter().any(|n| o.to_string() == *n))
}

impl Dsc {
    /// Reads a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Dsc> {
        let cert = X509::from_der(der)
            .map_err(|e| err!(BadTrustList, "a DSC is not an X.509 certificate: {e}"))?;
        let tbs = cert.tbs_certificate();
        let secs = |t: x509_cert::time::Time| Timestamp(t.to_unix_duration().as_secs() as i64);
        let eku = tbs
            .get_extension::<ExtendedKeyUsage>()
            .map_err(|e| err!(BadTrustList, "a DSC's extended key usage is malformed: {e}"))?;
        let oids = eku.map(|(_, e)| e.0).unwrap_or_default();
        let mut usage = DscUsage {
            test: oid_in(&oids, EKU_TEST),
            vaccination: oid_in(&oids, EKU_VACCINATION),
            recovery: oid_in(&oids, EKU_RECOVERY),
        };
        if !(usage.test || usage.vaccination || usage.recovery) {
            usage = DscUsage {
                test: true,
                vaccination: true,
                recovery: true,
            };
        }
        Ok(Dsc {
            kid: kid_of(der),
            not_before: secs(tbs.validity().not_before),
            not_after: secs(tbs.validity().not_after),
            usage,
            country: None,
            key: DscKey::from_spki(tbs.subject_public_key_info())?,
            der: der.to_vec(),
        })
    }

    /// The DER certificate.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Whether the certificate was valid at `t`.
    pub fn valid_at(&self, t: Timestamp) -> bool {
        self.not_before <= t && t <= self.not_after
    }

    /// The key's algorithm: `ec_p256`, `rsa` or `ed25519`.
    pub fn key_type(&self) -> &'static str {
        self.key.name()
    }
}

/// The document-signer certificates a checkpoint trusts for DCCs.
#[derive(Clone, Debug, Default)]
pub struct DscList {
    entries: Vec<Dsc>,
}

#[derive(serde::Deserialize)]
struct JsonEntry {
    kid: Option<String>,
    certificate: String,
    #[serde(default)]
    country: Option<String>,
}

impl DscList {
    pub(crate) fn push(&mut self, dsc: Dsc) {
        self.entries.push(dsc);
    }

    /// Adds a DER certificate; returns its kid.
    pub fn add_der(&mut self, der: &[u8]) -> Result<[u8; 8]> {
        let dsc = Dsc::from_der(der)?;
        let kid = dsc.kid;
        self.entries.push(dsc);
        Ok(kid)
    }

    /// Reads a trust-list file: a DER certificate, base64 of one, PEM certificates, or a JSON
    /// list `[{"kid": base64, "certificate": base64 DER, "country"?: "AT"}]` (a kid that is
    /// not the certificate's, or a country that is not two capital letters, is `bad_trust_list`).
    pub fn from_bytes(bytes: &[u8]) -> Result<DscList> {
        let mut list = DscList::default();
        list.extend_from_bytes(bytes)?;
        Ok(list)
    }

    /// Adds the certificates of a trust-list file (see [`DscList::from_bytes`]);
    /// nothing is added when any of them is refused.
    pub fn extend_from_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        let mut new = DscList::default();
        let text = std::str::from_utf8(bytes).ok().map(str::trim_start);
        match text {
            Some(t) if t.starts_with('[') => {
                let entries: Vec<JsonEntry> = serde_json::from_str(t).map_err(|e| {
                    err!(
                        BadTrustList,
                        "the DSC list is not a JSON list of {{kid, certificate}}: {e}"
                    )
                })?;
                for e in entries {
                    let der = super::base64::decode(&e.certificate)
                        .map_err(|_| err!(BadTrustList, "a DSC list certificate is not base64"))?;
                    let kid = new.add_der(&der)?;
                    if let Some(c) = e.country {
                        check_country(&c)?;
                        if let Some(last) = new.entries.last_mut() {
                            last.country = Some(c);
                        }
                    }
                    if let Some(given) = e.kid {
                        if super::base64::decode(&given).ok().as_deref() != Some(&kid[..]) {
                            return Err(err!(
                                BadTrustList,
                                "a DSC list entry's kid is not its certificate's"
                            ));
                        }
                    }
                }
            }
            Some(t) if t.starts_with("-----BEGIN") => {
                for block in t.split("-----BEGIN CERTIFICATE-----").skip(1) {
                    let body = block
                        .split("-----END CERTIFICATE-----")
                        .next()
                        .unwrap_or_default();
                    let der = super::base64::decode(body)
                        .map_err(|_| err!(BadTrustList, "a PEM certificate is not base64"))?;
                    new.add_der(&der)?;
                }
                if new.entries.is_empty() {
                    return Err(err!(BadTrustList, "the PEM file holds no certificate"));
                }
            }
            // Base64 DER alone, as TESTCTX.CERTIFICATE and many backends give it.
            Some(t)
                if !t.is_empty()
                    && t.trim()
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"+/=\r\n".contains(&b)) =>
            {
                let der = super::base64::decode(t)
                    .map_err(|_| err!(BadTrustList, "the DSC file is not base64"))?;
                new.add_der(&der)?;
            }
            _ => {
                new.add_der(bytes)?;
            }
        }
        self.entries.append(&mut new.entries);
        Ok(())
    }

    /// Every DSC, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = &Dsc> {
        self.entries.iter()
    }

    /// Every DSC with this kid.
    pub fn find<'a>(&'a self, kid: &'a [u8]) -> impl Iterator<Item = &'a Dsc> + 'a {
        self.entries.iter().filter(move |d| d.kid[..] == *kid)
    }

    /// How many certificates the list holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
