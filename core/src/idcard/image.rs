//! Reading a card from what a caller has: its QR text, or a photo of the card.

use super::IdCard;
use crate::classify::{classify, CodeKind};
use crate::error::{err, Result};

impl IdCard {
    /// Reads a card from bytes that are either its QR code's text (UTF-8) or a
    /// PNG or JPEG photo of the card, which is scanned first.
    ///
    /// Errors: those of [`IdCard::parse`] for text; for an image those of
    /// [`crate::qr::scan_image`] (`no_qr_found`, `bad_image`, …), or
    /// `bad_id_card` when it holds codes but none is an ID card's.
    pub fn from_bytes(bytes: &[u8]) -> Result<IdCard> {
        if bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xff\xd8\xff") {
            let texts = crate::qr::scan_image(bytes)?;
            let card = texts.iter().find(|t| classify(t) == CodeKind::IdCard);
            return match card {
                Some(text) => IdCard::parse(text),
                None => Err(err!(
                    BadIdCard,
                    "the image holds {} QR code(s), none of them an ID card's",
                    texts.len()
                )),
            };
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|_| err!(BadIdCard, "the ID card text is not UTF-8"))?;
        IdCard::parse(text)
    }
}
