//! Signed DSC lists (`VN1D:`, list type 6): the EU DCC document signers a
//! province accepts, re-signed by its root key so that a checkpoint holds and
//! refreshes them like its own trust list (spec/TRUST.md §10).
//!
//! The envelope is that of every signed list ([`crate::wire::list`]: COSE_Sign1,
//! EdDSA, kid protected, strict CBOR); the payload, keys ascending:
//!
//! ```cddl
//! DscListPayload = {
//!   0 => 6,                  ; list type: DSC list
//!   1 => uint,               ; sequence (rollback protection)
//!   2 => NumericDate,        ; issued at
//!   3 => NumericDate,        ; next update: stale after this
//!   4 => [* DscEntry],       ; ascending by (kid, certificate), no certificate twice
//!   * ExtensionKey => any    ; keys >= 100, ignored
//! }
//! DscEntry = [bstr .size 8,  ; kid: SHA-256(certificate)[0..8], the DCC kid
//!             bstr,          ; the DSC: an X.509 certificate, DER
//!             ? tstr]        ; the country it signs for: ISO 3166 alpha-2
//! ```
//!
//! A province builds one from the DSC file national backends distribute
//! ([`DscList::from_bytes`]), signs it, and publishes it beside its trust list:
//!
//! ```
//! use qrpass::dcc::{DscList, DscListDocument, SignedDscList};
//! use qrpass::trust::ListInfo;
//! use qrpass::{PrivateKey, Timestamp};
//!
//! # let dsc_file = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/dsc/dsc-list.json")).unwrap();
//! let root = PrivateKey::from_seed(&[1; 32]);
//! let t0 = Timestamp(1_631_000_000);
//! let doc = DscListDocument {
//!     info: ListInfo { sequence: 1, issued_at: t0, next_update: t0.add_seconds(86_400) },
//!     certificates: DscList::from_bytes(&dsc_file)?,
//! };
//! let signed = doc.sign(&root)?;
//! let text = SignedDscList::text_form(&signed); // "VN1D:…"
//!
//! let held = SignedDscList::verify(text.as_bytes(), &[root.public_key()])?;
//! assert_eq!(held.info().sequence, 1);
//! assert_eq!(held.list().len(), doc.certificates.len());
//! let verifier = held.verifier(); // a DccVerifier over these DSCs
//! # let _ = verifier;
//! # Ok::<(), qrpass::Error>(())
//! ```

use std::sync::Arc;

use ciborium::value::Value;

use super::dsc::{check_country, kid_of, Dsc, DscList};
use super::verify::DccVerifier;
use crate::error::{err, Error, ErrorCode, Result};
use crate::keys::{PrivateKey, PublicKey};
use crate::list_info::ListInfo;
use crate::wire::cbor::{self, MapReader, MapWriter};
use crate::wire::list::{
    self as envelope, DSC_LIST_PREFIX, KEY_ISSUED_AT, KEY_NEXT_UPDATE, KEY_SEQUENCE, KEY_TYPE,
    TYPE_DSC_LIST,
};

/// The largest signed DSC list accepted, in bytes (binary envelope).
pub const MAX_DSC_LIST_BYTES: usize = 4 << 20;
/// The most certificates a signed DSC list may hold.
pub const MAX_DSC_LIST_ENTRIES: usize = 10_000;

const KEY_ENTRIES: i64 = 4;

fn relabel(e: Error) -> Error {
    if e.code() == ErrorCode::BadDscList {
        e
    } else {
        err!(BadDscList, "DSC list: {} ({})", e.message(), e.code())
    }
}

/// A DSC list before signing: its sequence and times, and the certificates
/// (each with its country, if the source file gave one).
#[derive(Clone, Debug)]
pub struct DscListDocument {
    /// The sequence, issue and next-update times.
    pub info: ListInfo,
    /// The document signers.
    pub certificates: DscList,
}

/// The canonical order: kid, then the DER bytes.
fn sorted(list: &DscList) -> Result<Vec<&Dsc>> {
    let mut entries: Vec<&Dsc> = list.iter().collect();
    if entries.len() > MAX_DSC_LIST_ENTRIES {
        return Err(err!(
            BadDscList,
            "the DSC list has {} certificates; at most {MAX_DSC_LIST_ENTRIES} are allowed",
            entries.len()
        ));
    }
    entries.sort_by(|a, b| (a.kid, a.der()).cmp(&(b.kid, b.der())));
    if entries.windows(2).any(|w| w[0].der() == w[1].der()) {
        return Err(err!(BadDscList, "the DSC list holds a certificate twice"));
    }
    Ok(entries)
}

impl DscListDocument {
    /// The canonical CBOR payload; checks the header and the entries (`bad_dsc_list`).
    pub fn to_payload(&self) -> Result<Vec<u8>> {
        self.info.check(ErrorCode::BadDscList)?;
        let rows = sorted(&self.certificates)?
            .into_iter()
            .map(|d| {
                let mut row = vec![Value::Bytes(d.kid.to_vec()), Value::Bytes(d.der().to_vec())];
                row.extend(d.country.as_deref().map(Value::from));
                Value::Array(row)
            })
            .collect();
        let mut w = MapWriter::new();
        w.put(KEY_TYPE, TYPE_DSC_LIST)
            .put(KEY_SEQUENCE, self.info.sequence)
            .put(KEY_ISSUED_AT, cbor::timestamp_value(self.info.issued_at))
            .put(
                KEY_NEXT_UPDATE,
                cbor::timestamp_value(self.info.next_update),
            )
            .put(KEY_ENTRIES, Value::Array(rows));
        Ok(cbor::encode(&w.build()))
    }

    /// Reads a payload strictly: entries in order, each kid its certificate's,
    /// each certificate a readable DSC (`bad_dsc_list`).
    pub fn from_payload(bytes: &[u8]) -> Result<DscListDocument> {
        let code = ErrorCode::BadDscList;
        let value = cbor::decode(bytes, code).map_err(relabel)?;
        let mut m = MapReader::new(value, code, "DSC list")?;
        let info = envelope::read_header(&mut m, TYPE_DSC_LIST, "a DSC list", code)?;
        info.check(code)?;
        let rows = m.array(KEY_ENTRIES)?;
        if rows.len() > MAX_DSC_LIST_ENTRIES {
            return Err(err!(
                BadDscList,
                "the DSC list has {} certificates; at most {MAX_DSC_LIST_ENTRIES} are allowed",
                rows.len()
            ));
        }
        m.finish()?;
        let mut certificates = DscList::default();
        let mut last: Option<([u8; 8], Vec<u8>)> = None;
        for row in rows {
            let (kid, der, country) = entry(row)?;
            if last.as_ref().is_some_and(|(k, d)| (k, d) >= (&kid, &der)) {
                return Err(err!(
                    BadDscList,
                    "the certificates are not in ascending (kid, certificate) order, or one is there twice"
                ));
            }
            let mut dsc = Dsc::from_der(&der).map_err(relabel)?;
            dsc.country = country;
            certificates.push(dsc);
            last = Some((kid, der));
        }
        Ok(DscListDocument { info, certificates })
    }

    /// Signs the list with the root key: the binary envelope (its text form is
    /// `VN1D:` + Base45, [`SignedDscList::text_form`]).
    pub fn sign(&self, root: &PrivateKey) -> Result<Vec<u8>> {
        Ok(envelope::sign(root, self.to_payload()?))
    }
}

/// One `[kid, certificate, country?]` row, its kid checked against the certificate.
fn entry(row: Value) -> Result<([u8; 8], Vec<u8>, Option<String>)> {
    let bad = || err!(BadDscList, "an entry is not [kid, certificate, country?]");
    let Value::Array(items) = row else {
        return Err(bad());
    };
    let mut items = items.into_iter();
    let (Some(Value::Bytes(kid)), Some(Value::Bytes(der))) = (items.next(), items.next()) else {
        return Err(bad());
    };
    let country = match (items.next(), items.next()) {
        (None, _) => None,
        (Some(Value::Text(c)), None) => {
            check_country(&c).map_err(relabel)?;
            Some(c)
        }
        _ => return Err(bad()),
    };
    let kid: [u8; 8] = kid.try_into().map_err(|_| bad())?;
    if kid != kid_of(&der) {
        return Err(err!(
            BadDscList,
            "an entry's kid is not the first 8 bytes of its certificate's SHA-256"
        ));
    }
    Ok((kid, der, country))
}

/// A DSC list whose root signature verified, ready to verify DCCs.
#[derive(Clone, Debug)]
pub struct SignedDscList {
    info: ListInfo,
    list: Arc<DscList>,
    signer: PublicKey,
    signature: [u8; 64],
    envelope: Vec<u8>,
}

impl SignedDscList {
    /// Verifies a DSC list file (binary, or `VN1D:` text) signed by one of `roots`.
    ///
    /// Checks the signature and every rule of the list, not its sequence: a
    /// [`crate::checkpoint::Checkpoint`] adds rollback protection. Every failure
    /// is `bad_dsc_list`.
    pub fn verify(file: &[u8], roots: &[PublicKey]) -> Result<SignedDscList> {
        let code = ErrorCode::BadDscList;
        let bytes = envelope::file_bytes(file, DSC_LIST_PREFIX, code)?;
        if bytes.len() > MAX_DSC_LIST_BYTES {
            return Err(err!(
                BadDscList,
                "the DSC list is {} bytes; the limit is {MAX_DSC_LIST_BYTES}",
                bytes.len()
            ));
        }
        let opened = envelope::open(&bytes, roots, code, "the DSC list", "a trusted root key")?;
        let doc = DscListDocument::from_payload(opened.payload())?;
        Ok(SignedDscList {
            info: doc.info,
            list: Arc::new(doc.certificates),
            signer: opened.signer,
            signature: opened.signature,
            envelope: bytes.into_owned(),
        })
    }

    /// Decodes a DSC list file WITHOUT checking its signature: for display only.
    pub fn inspect(file: &[u8]) -> Result<DscListDocument> {
        let bytes = envelope::file_bytes(file, DSC_LIST_PREFIX, ErrorCode::BadDscList)?;
        let sign1 = crate::wire::cose::parse_ref(&bytes).map_err(relabel)?;
        DscListDocument::from_payload(sign1.payload)
    }

    /// The `VN1D:` text form of a binary envelope.
    pub fn text_form(signed: &[u8]) -> String {
        envelope::to_text(signed, DSC_LIST_PREFIX)
    }

    /// Sequence number and times.
    pub fn info(&self) -> ListInfo {
        self.info
    }

    /// The document signers.
    pub fn list(&self) -> &DscList {
        &self.list
    }

    /// A DCC verifier over these document signers (shares them, no copy).
    pub fn verifier(&self) -> DccVerifier {
        DccVerifier::from_shared(Arc::clone(&self.list))
    }

    /// The root key that signed it.
    pub fn signer(&self) -> PublicKey {
        self.signer
    }

    /// The signature; equal signatures mean the same content signed by the same key.
    pub fn signature(&self) -> &[u8; 64] {
        &self.signature
    }

    /// The binary envelope, to store and reload after a restart.
    pub fn envelope(&self) -> &[u8] {
        &self.envelope
    }

    /// The `VN1D:` text form.
    pub fn to_text(&self) -> String {
        envelope::to_text(&self.envelope, DSC_LIST_PREFIX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;

    fn der() -> Vec<u8> {
        let text = include_str!("../../../testdata/dsc/dsc-list.json");
        let list = DscList::from_bytes(text.as_bytes()).expect("list");
        let der = list.iter().next().expect("one").der().to_vec();
        der
    }

    fn payload(kind: u64, rows: Vec<Value>) -> Vec<u8> {
        let mut w = MapWriter::new();
        w.put(KEY_TYPE, kind)
            .put(KEY_SEQUENCE, 1u64)
            .put(
                KEY_ISSUED_AT,
                cbor::timestamp_value(Timestamp(1_631_000_000)),
            )
            .put(
                KEY_NEXT_UPDATE,
                cbor::timestamp_value(Timestamp(1_631_086_400)),
            )
            .put(KEY_ENTRIES, Value::Array(rows));
        cbor::encode(&w.build())
    }

    fn row(kid: [u8; 8], der: &[u8], country: Option<&str>) -> Value {
        let mut r = vec![Value::Bytes(kid.to_vec()), Value::Bytes(der.to_vec())];
        r.extend(country.map(Value::from));
        Value::Array(r)
    }

    #[test]
    fn payloads_round_trip_and_every_broken_rule_is_bad_dsc_list() {
        let der = der();
        let kid = kid_of(&der);
        let good = payload(TYPE_DSC_LIST, vec![row(kid, &der, Some("AT"))]);
        let doc = DscListDocument::from_payload(&good).expect("reads");
        assert_eq!(doc.to_payload().expect("writes"), good);
        assert_eq!(
            doc.certificates
                .iter()
                .next()
                .and_then(|d| d.country.as_deref()),
            Some("AT")
        );
        let mut short = der.clone();
        short.truncate(der.len() - 1);
        let bad = [
            payload(TYPE_POLICY_FOR_TEST, vec![]),
            payload(TYPE_DSC_LIST, vec![row([0; 8], &der, None)]),
            payload(TYPE_DSC_LIST, vec![row(kid, &der, Some("at"))]),
            payload(
                TYPE_DSC_LIST,
                vec![row(kid, &der, None), row(kid, &der, None)],
            ),
            payload(TYPE_DSC_LIST, vec![row(kid_of(&short), &short, None)]),
            payload(TYPE_DSC_LIST, vec![Value::Bytes(der.clone())]),
            payload(
                TYPE_DSC_LIST,
                vec![Value::Array(vec![Value::Bytes(kid.to_vec())])],
            ),
            vec![0xa0],
            vec![0xff],
        ];
        for b in bad {
            let e = DscListDocument::from_payload(&b).expect_err("refused");
            assert_eq!(e.code(), ErrorCode::BadDscList, "{}", e.message());
        }
        // Signing refuses a certificate twice and a bad header.
        let mut twice = doc.clone();
        twice.certificates.add_der(&der).expect("adds");
        assert_eq!(
            twice.to_payload().unwrap_err().code(),
            ErrorCode::BadDscList
        );
        let mut inverted = doc;
        inverted.info.next_update = inverted.info.issued_at;
        assert_eq!(
            inverted.to_payload().unwrap_err().code(),
            ErrorCode::BadDscList
        );
    }

    const TYPE_POLICY_FOR_TEST: u64 = crate::wire::list::TYPE_POLICY;

    #[test]
    fn files_verify_only_under_the_given_roots() {
        let root = PrivateKey::from_seed(&[3; 32]);
        let der = der();
        let signed = envelope::sign(
            &root,
            payload(TYPE_DSC_LIST, vec![row(kid_of(&der), &der, None)]),
        );
        let text = SignedDscList::text_form(&signed);
        let held = SignedDscList::verify(text.as_bytes(), &[root.public_key()]).expect("verifies");
        assert_eq!(held.envelope(), &signed[..]);
        assert_eq!(held.to_text(), text);
        assert_eq!(
            SignedDscList::inspect(&signed)
                .expect("inspects")
                .info
                .sequence,
            1
        );
        let other = PrivateKey::from_seed(&[4; 32]).public_key();
        for file in [&signed[..], b"VN1T:", b"", b"[]"] {
            let e = SignedDscList::verify(file, &[other]).expect_err("refused");
            assert_eq!(e.code(), ErrorCode::BadDscList);
        }
    }
}
