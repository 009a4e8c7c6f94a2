//! The three DCC signature algorithms over a DSC's public key: ES256 (P-256,
//! raw r‖s), PS256 (RSASSA-PSS, SHA-256, salt 32) and EdDSA (Ed25519).

use p256::ecdsa::signature::Verifier as _;
use rsa::pkcs8::DecodePublicKey;
use x509_cert::der::Encode;
use x509_cert::spki::SubjectPublicKeyInfoOwned;

use super::cose::{ALG_EDDSA, ALG_ES256, ALG_PS256};
use crate::error::{err, Result};

const OID_EC: &str = "1.2.840.10045.2.1";
const OID_P256: &str = "1.2.840.10045.3.1.7";
const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_RSA_PSS: &str = "1.2.840.113549.1.1.10";
const OID_ED25519: &str = "1.3.101.112";

/// A DSC's public key.
#[derive(Clone, Debug)]
pub(crate) enum DscKey {
    P256(Box<p256::ecdsa::VerifyingKey>),
    Rsa(Box<rsa::PublicKey>),
    Ed25519(Box<ed25519_dalek::VerifyingKey>),
}

impl DscKey {
    pub(crate) fn from_spki(spki: &SubjectPublicKeyInfoOwned) -> Result<DscKey> {
        let bad = |what: &str| err!(BadTrustList, "a DSC's {what} public key is malformed");
        let raw = spki.subject_public_key.raw_bytes();
        match spki.algorithm.oid.to_string().as_str() {
            OID_EC => {
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.decode_as::<x509_cert::der::oid::ObjectIdentifier>().ok());
                if curve.map(|c| c.to_string()).as_deref() != Some(OID_P256) {
                    return Err(err!(BadTrustList, "a DSC's EC key is not on P-256"));
                }
                p256::ecdsa::VerifyingKey::from_sec1_bytes(raw)
                    .map(|k| DscKey::P256(Box::new(k)))
                    .map_err(|_| bad("P-256"))
            }
            OID_RSA | OID_RSA_PSS => {
                let der = spki.to_der().map_err(|_| bad("RSA"))?;
                rsa::PublicKey::from_public_key_der(&der)
                    .or_else(|_| {
                        // An RSASSA-PSS key (OID .10) carries a plain PKCS#1 key.
                        use rsa::pkcs1::DecodeRsaPublicKey;
                        rsa::PublicKey::from_pkcs1_der(raw)
                    })
                    .map(|k| DscKey::Rsa(Box::new(k)))
                    .map_err(|_| bad("RSA"))
            }
            OID_ED25519 => {
                let bytes: [u8; 32] = raw.try_into().map_err(|_| bad("Ed25519"))?;
                ed25519_dalek::VerifyingKey::from_bytes(&bytes)
                    .map(|k| DscKey::Ed25519(Box::new(k)))
                    .map_err(|_| bad("Ed25519"))
            }
            oid => Err(err!(
                BadTrustList,
                "a DSC's key algorithm {oid} is not one DCCs use"
            )),
        }
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            DscKey::P256(_) => "ec_p256",
            DscKey::Rsa(_) => "rsa",
            DscKey::Ed25519(_) => "ed25519",
        }
    }

    /// Verifies `signature` over `message` with algorithm `alg`.
    pub(crate) fn verify(&self, alg: i64, message: &[u8], signature: &[u8]) -> Result<()> {
        let bad = || {
            err!(
                BadSignature,
                "the DCC's signature does not verify under its DSC"
            )
        };
        match (alg, self) {
            (ALG_ES256, DscKey::P256(key)) => {
                let sig = p256::ecdsa::Signature::from_slice(signature).map_err(|_| bad())?;
                key.verify(message, &sig).map_err(|_| bad())
            }
            (ALG_PS256, DscKey::Rsa(key)) => key
                .pss_verify::<sha2::Sha256>(message, signature)
                .map_err(|_| bad()),
            (ALG_EDDSA, DscKey::Ed25519(key)) => {
                let sig = ed25519_dalek::Signature::from_slice(signature).map_err(|_| bad())?;
                key.verify_strict(message, &sig).map_err(|_| bad())
            }
            (ALG_ES256 | ALG_PS256 | ALG_EDDSA, key) => Err(err!(
                BadSignature,
                "the DCC says algorithm {alg} but its DSC holds a {} key",
                key.name()
            )),
            _ => Err(err!(
                UnsupportedAlg,
                "algorithm {alg} is not ES256, PS256 or EdDSA"
            )),
        }
    }
}
