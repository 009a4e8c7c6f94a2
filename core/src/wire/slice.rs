//! Borrowed reading of CBOR that already passed [`super::strict::check`].
//!
//! [`SliceReader`] walks data items in place: byte and text strings come back as
//! slices of the input, so a payload holding one 160 MB byte string (a revocation
//! list of ten million entries) is read without copying it. Because the strict
//! gate already checked every length, encoding and the nesting depth, the reader
//! only has to report type mismatches; a truncated input still gives `None`,
//! never a panic.

/// One CBOR data item head, with string contents borrowed from the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    /// An unsigned integer (major type 0).
    Uint(u64),
    /// A negative integer -1-n (major type 1), holding n.
    Nint(u64),
    /// A byte string (major type 2).
    Bytes(&'a [u8]),
    /// A text string (major type 3).
    Text(&'a str),
    /// The start of an array with this many items (major type 4).
    Array(u64),
    /// The start of a map with this many pairs (major type 5).
    Map(u64),
    /// A tag (major type 6); its content follows.
    Tag(u64),
    /// A simple value or float (major type 7), holding its argument.
    Simple(u64),
}

/// Reads items one by one from strictly encoded CBOR, borrowing strings.
#[derive(Clone, Debug)]
pub struct SliceReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> SliceReader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        SliceReader { bytes, pos: 0 }
    }

    /// The offset of the next item in the input.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The initial byte of the next item (major type and additional information), if any.
    pub fn peek_initial(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Whether every byte has been read.
    pub fn is_at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn take(&mut self, n: u64) -> Option<&'a [u8]> {
        let n = usize::try_from(n).ok()?;
        let end = self.pos.checked_add(n)?;
        let out = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(out)
    }

    fn head(&mut self) -> Option<(u8, u64)> {
        let initial = *self.take(1)?.first()?;
        let (major, info) = (initial >> 5, initial & 0x1f);
        let arg = match info {
            0..=23 => u64::from(info),
            24..=27 => {
                let raw = self.take(1u64 << (info - 24))?;
                raw.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
            }
            _ => return None,
        };
        Some((major, arg))
    }

    /// Reads the next item head; strings are returned whole. `None` at the end or on malformed input.
    pub fn next_item(&mut self) -> Option<Item<'a>> {
        let (major, arg) = self.head()?;
        Some(match major {
            0 => Item::Uint(arg),
            1 => Item::Nint(arg),
            2 => Item::Bytes(self.take(arg)?),
            3 => Item::Text(std::str::from_utf8(self.take(arg)?).ok()?),
            4 => Item::Array(arg),
            5 => Item::Map(arg),
            6 => Item::Tag(arg),
            _ => Item::Simple(arg),
        })
    }

    /// Skips one whole data item, nested content included (iteratively: no recursion).
    pub fn skip(&mut self) -> Option<()> {
        let mut pending: u64 = 1;
        while pending > 0 {
            pending -= 1;
            match self.next_item()? {
                Item::Array(n) => pending = pending.checked_add(n)?,
                Item::Map(n) => pending = pending.checked_add(n.checked_mul(2)?)?,
                Item::Tag(_) => pending = pending.checked_add(1)?,
                _ => {}
            }
        }
        Some(())
    }
}

/// Appends the head of a CBOR item of `major` type with argument `arg`, in its shortest form.
pub fn write_head(out: &mut Vec<u8>, major: u8, arg: u64) {
    let m = major << 5;
    if arg < 24 {
        out.push(m | arg as u8);
    } else if arg <= 0xff {
        out.extend_from_slice(&[m | 24, arg as u8]);
    } else if arg <= 0xffff {
        out.push(m | 25);
        out.extend_from_slice(&(arg as u16).to_be_bytes());
    } else if arg <= 0xffff_ffff {
        out.push(m | 26);
        out.extend_from_slice(&(arg as u32).to_be_bytes());
    } else {
        out.push(m | 27);
        out.extend_from_slice(&arg.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_items_and_skips_nested_ones() {
        // {1: h'0102', 2: [1, {3: "é"}, 100(5)], -1: 1.0}
        let bytes = hex::decode("a3014201020283 01a10362c3a9d86405 20f93c00".replace(' ', ""))
            .expect("hex");
        super::super::strict::check(&bytes).expect("strict");
        let mut r = SliceReader::new(&bytes);
        assert_eq!(r.next_item(), Some(Item::Map(3)));
        assert_eq!(r.next_item(), Some(Item::Uint(1)));
        assert_eq!(r.next_item(), Some(Item::Bytes(&[1, 2])));
        assert_eq!(r.next_item(), Some(Item::Uint(2)));
        assert_eq!(r.skip(), Some(()));
        assert_eq!(r.next_item(), Some(Item::Nint(0)));
        assert_eq!(r.next_item(), Some(Item::Simple(0x3c00)));
        assert!(r.is_at_end());
        assert_eq!(r.next_item(), None);
        assert_eq!(r.position(), bytes.len());
    }

    #[test]
    fn truncated_input_gives_none() {
        for bad in [
            &[0x42u8, 0x01][..],
            &[0x19, 0x01],
            &[0x82, 0x01],
            &[0x1c],
            &[0x62, 0xc3, 0x28],
        ] {
            let mut r = SliceReader::new(bad);
            assert_eq!(r.skip(), None, "{bad:02x?}");
        }
    }

    #[test]
    fn heads_are_shortest() {
        for (arg, want) in [
            (0u64, "40"),
            (23, "57"),
            (24, "5818"),
            (255, "58ff"),
            (256, "590100"),
            (65_536, "5a00010000"),
            (1 << 32, "5b0000000100000000"),
        ] {
            let mut out = Vec::new();
            write_head(&mut out, 2, arg);
            assert_eq!(hex::encode(&out), want);
        }
    }
}
