//! Ed25519 keys: generation, PEM in and out, and key ids.
//!
//! Private keys are PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), public keys SPKI
//! PEM (`-----BEGIN PUBLIC KEY-----`): the formats of `openssl genpkey -algorithm
//! ed25519` and `openssl pkey -pubout`. Private key material is zeroized on drop.

use std::fmt;

use ed25519_dalek::ed25519::pkcs8::KeypairBytes;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{err, Result};

/// A key id: the first 8 bytes of SHA-256 over the raw 32-byte public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Kid(pub [u8; 8]);

impl Kid {
    /// Derives the kid of a raw public key.
    pub fn of(public_key: &[u8; 32]) -> Kid {
        let digest = Sha256::digest(public_key);
        let mut kid = [0u8; 8];
        kid.copy_from_slice(&digest[..8]);
        Kid(kid)
    }

    /// Lower-case hex, 16 characters.
    pub fn to_hex(&self) -> String {
        hex_encode(&self.0)
    }

    /// Parses 16 hex characters.
    pub fn from_hex(text: &str) -> Result<Kid> {
        let bytes = hex_decode(text).filter(|b| b.len() == 8);
        bytes
            .map(|b| {
                let mut kid = [0u8; 8];
                kid.copy_from_slice(&b);
                Kid(kid)
            })
            .ok_or_else(|| err!(BadKey, "`{text}` is not a 16-digit hex key id"))
    }
}

impl fmt::Debug for Kid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Kid({})", self.to_hex())
    }
}

impl fmt::Display for Kid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for Kid {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Kid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Kid::from_hex(&text).map_err(serde::de::Error::custom)
    }
}

/// An Ed25519 public key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Reads a raw 32-byte key; rejects encodings that are not a valid curve point.
    pub fn from_bytes(bytes: &[u8]) -> Result<PublicKey> {
        let raw: [u8; 32] = bytes
            .try_into()
            .map_err(|_| err!(BadKey, "a public key has 32 bytes, not {}", bytes.len()))?;
        VerifyingKey::from_bytes(&raw)
            .map(PublicKey)
            .map_err(|_| err!(BadKey, "the public key is not a valid Ed25519 point"))
    }

    /// Reads SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn from_pem(pem: &str) -> Result<PublicKey> {
        VerifyingKey::from_public_key_pem(pem.trim())
            .map(PublicKey)
            .map_err(|e| err!(BadKey, "not an Ed25519 SPKI public key PEM: {e}"))
    }

    /// Writes SPKI PEM.
    pub fn to_pem(&self) -> String {
        self.0.to_public_key_pem(LineEnding::LF).unwrap_or_default()
    }

    /// The raw 32 bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The key id.
    pub fn kid(&self) -> Kid {
        Kid::of(&self.0.to_bytes())
    }

    /// Verifies an Ed25519 signature with `verify_strict` (no small-order keys, canonical S).
    pub fn verify_strict(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(sig) = ed25519_dalek::Signature::from_slice(signature) else {
            return false;
        };
        self.0.verify_strict(message, &sig).is_ok()
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", hex_encode(&self.0.to_bytes()))
    }
}

impl Serialize for PublicKey {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&hex_encode(&self.0.to_bytes()))
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let bytes =
            hex_decode(&text).ok_or_else(|| serde::de::Error::custom("public key is not hex"))?;
        PublicKey::from_bytes(&bytes).map_err(serde::de::Error::custom)
    }
}

/// An Ed25519 private key. Its secret bytes are zeroized when it is dropped
/// (every clone too); `Debug` never shows them.
#[derive(Clone)]
pub struct PrivateKey(SigningKey);

impl PrivateKey {
    /// Generates a fresh key from the operating system's random source.
    pub fn generate() -> Result<PrivateKey> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::fill(seed.as_mut())
            .map_err(|e| err!(RandomUnavailable, "the system random source failed: {e}"))?;
        Ok(PrivateKey::from_seed(&seed))
    }

    /// Makes a key from a 32-byte seed (RFC 8032 secret key). For tests and vectors.
    pub fn from_seed(seed: &[u8; 32]) -> PrivateKey {
        PrivateKey(SigningKey::from_bytes(seed))
    }

    /// Reads PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), as written by `openssl genpkey -algorithm ed25519`.
    pub fn from_pem(pem: &str) -> Result<PrivateKey> {
        SigningKey::from_pkcs8_pem(pem.trim())
            .map(PrivateKey)
            .map_err(|e| err!(BadKey, "not an Ed25519 PKCS#8 private key PEM: {e}"))
    }

    /// Writes PKCS#8 v1 PEM (RFC 8410, the form `openssl genpkey` writes and
    /// OpenSSL 3.0 reads); the returned string is zeroized on drop.
    pub fn to_pem(&self) -> Result<Zeroizing<String>> {
        // ed25519-dalek's own encoder writes PKCS#8 v2 (with the public key),
        // which OpenSSL 3.0 refuses to load.
        let v1 = KeypairBytes {
            secret_key: self.0.to_bytes(),
            public_key: None,
        };
        v1.to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| err!(BadKey, "could not encode the private key: {e}"))
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// Signs a message (Ed25519 is deterministic: same key and message, same signature).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PrivateKey(kid {}, secret hidden)",
            self.public_key().kid()
        )
    }
}

/// Lower-case hex of bytes.
pub fn hex_encode(bytes: &[u8]) -> String {
    crate::hex::encode(bytes)
}

/// Bytes of a hex string (either case); `None` if it is not hex.
///
/// Surrounding whitespace is ignored (keys and kids are pasted from files);
/// token ids are read by the stricter [`crate::cti::from_hex`].
pub fn hex_decode(text: &str) -> Option<Vec<u8>> {
    crate::hex::decode(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn pem_round_trips_and_kid_is_stable() {
        let key = PrivateKey::from_seed(&[7u8; 32]);
        let pem = key.to_pem().expect("encodes");
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let again = PrivateKey::from_pem(&pem).expect("decodes");
        assert_eq!(again.public_key(), key.public_key());
        let pub_pem = key.public_key().to_pem();
        assert!(pub_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
        assert_eq!(PublicKey::from_pem(&pub_pem), Ok(key.public_key()));
        let kid = key.public_key().kid();
        assert_eq!(Kid::from_hex(&kid.to_hex()), Ok(kid));
    }

    #[test]
    fn generated_keys_differ_and_sign_verifiably() {
        let a = PrivateKey::generate().expect("random");
        let b = PrivateKey::generate().expect("random");
        assert_ne!(a.public_key(), b.public_key());
        let sig = a.sign(b"message");
        assert!(a.public_key().verify_strict(b"message", &sig));
        assert!(!b.public_key().verify_strict(b"message", &sig));
        assert!(!a.public_key().verify_strict(b"message", &sig[..63]));
    }

    #[test]
    fn bad_key_material_gives_bad_key() {
        for bad in [
            "",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
        ] {
            assert_eq!(
                PrivateKey::from_pem(bad).map(|_| ()).map_err(|e| e.code()),
                Err(ErrorCode::BadKey)
            );
            assert_eq!(
                PublicKey::from_pem(bad).map(|_| ()).map_err(|e| e.code()),
                Err(ErrorCode::BadKey)
            );
        }
        assert_eq!(
            PublicKey::from_bytes(&[0u8; 31]).map_err(|e| e.code()),
            Err(ErrorCode::BadKey)
        );
        assert_eq!(
            Kid::from_hex("abc").map_err(|e| e.code()),
            Err(ErrorCode::BadKey)
        );
        assert_eq!(
            Kid::from_hex("zz00000000000000").map_err(|e| e.code()),
            Err(ErrorCode::BadKey)
        );
    }
}
