//! Printable A4 sheets: eight cards a page (2 × 4, 105 × 74 mm), each with the
//! pass's QR code, the holder's name, the masked ID number and the validity.
//! What a card says comes from [`qrpass_issuance::card`]; this module draws it.
//!
//! The QR code is drawn as vector rectangles (sharp at any printer resolution).
//! Text uses DejaVu Sans, bundled in `font/` as a subset with every Vietnamese
//! letter (see `font/LICENSE`), embedded once per PDF as a CID font with a
//! ToUnicode map so that names can be searched and copied. Characters outside
//! the subset print as `?`. Pages are built on every core.

use std::collections::HashMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::writers::Resources;
use pdf_writer::{Chunk, Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use qrpass::{Error, ErrorCode};
pub use qrpass_issuance::card::Card;
use qrpass_issuance::QrModules;
use rayon::prelude::*;

const REGULAR: &[u8] = include_bytes!("font/DejaVuSans-vi.ttf");
const BOLD: &[u8] = include_bytes!("font/DejaVuSans-Bold-vi.ttf");

/// A4 in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const COLS: usize = 2;
const ROWS: usize = 4;
/// Cards per page.
pub const CARDS_PER_PAGE: usize = COLS * ROWS;
const CARD_W: f32 = PAGE_W / COLS as f32;
const CARD_H: f32 = PAGE_H / ROWS as f32;
/// QR code side including its quiet zone, in points (about 56 mm).
const QR_SIZE: f32 = 158.0;
const TEXT_X: f32 = 170.0;
const TEXT_W: f32 = CARD_W - TEXT_X - 12.0;

/// A parsed font: glyph ids and advance widths for layout and embedding.
struct Font {
    data: &'static [u8],
    /// Unicode → glyph id.
    glyphs: HashMap<char, u16>,
    /// Advance width of each glyph in 1/1000 em.
    widths: Vec<f32>,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    bbox: Rect,
    fallback: u16,
}

impl Font {
    fn parse(data: &'static [u8]) -> Result<Font, Error> {
        let face = ttf_parser::Face::parse(data, 0).map_err(|e| {
            Error::new(
                ErrorCode::Io,
                format!("the bundled font cannot be read: {e}"),
            )
        })?;
        let scale = 1000.0 / f32::from(face.units_per_em().max(1));
        let mut glyphs = HashMap::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|cp| {
                    if let (Some(c), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp)) {
                        glyphs.entry(c).or_insert(g.0);
                    }
                });
            }
        }
        let widths = (0..face.number_of_glyphs())
            .map(|g| f32::from(face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0)) * scale)
            .collect();
        let b = face.global_bounding_box();
        let fallback = glyphs.get(&'?').copied().unwrap_or(0);
        Ok(Font {
            data,
            glyphs,
            widths,
            ascent: f32::from(face.ascender()) * scale,
            descent: f32::from(face.descender()) * scale,
            cap_height: f32::from(face.capital_height().unwrap_or(face.ascender())) * scale,
            bbox: Rect::new(
                f32::from(b.x_min) * scale,
                f32::from(b.y_min) * scale,
                f32::from(b.x_max) * scale,
                f32::from(b.y_max) * scale,
            ),
            fallback,
        })
    }

    fn glyph(&self, c: char) -> u16 {
        self.glyphs.get(&c).copied().unwrap_or(self.fallback)
    }

    /// Width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| {
                self.widths
                    .get(usize::from(self.glyph(c)))
                    .copied()
                    .unwrap_or(0.0)
            })
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// Two-byte glyph ids (Identity-H).
    fn encode(&self, text: &str) -> Vec<u8> {
        text.chars()
            .flat_map(|c| self.glyph(c).to_be_bytes())
            .collect()
    }

    /// Splits `text` into at most `max_lines` lines no wider than `width`;
    /// the last line is cut with `…` if the text does not fit.
    fn wrap(&self, text: &str, size: f32, width: f32, max_lines: usize) -> Vec<String> {
        // A word wider than a line (a long pass number) is broken between characters.
        let mut words: Vec<String> = Vec::new();
        for word in text.split_whitespace() {
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if self.width(&piece, size) > width && piece.chars().count() > 1 {
                    piece.pop();
                    words.push(std::mem::replace(&mut piece, c.to_string()));
                }
            }
            words.push(piece);
        }
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        for word in &words {
            let candidate = if current.is_empty() {
                word.clone()
            } else {
                format!("{current} {word}")
            };
            if self.width(&candidate, size) <= width || current.is_empty() {
                current = candidate;
            } else {
                lines.push(std::mem::replace(&mut current, word.clone()));
            }
        }
        if !current.is_empty() {
            lines.push(current);
        }
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                last.push('…');
            }
        }
        for line in &mut lines {
            while self.width(line, size) > width && line.chars().count() > 1 {
                line.pop();
                line.pop();
                line.push('…');
            }
        }
        lines
    }
}

/// Object numbers of the shared objects; pages start at [`FIRST_PAGE_REF`].
const CATALOG: Ref = Ref::new(1);
const PAGE_TREE: Ref = Ref::new(2);
const INFO: Ref = Ref::new(3);
/// Each font takes five: Type0, CIDFont, descriptor, font file, ToUnicode.
const FONT_REFS: [i32; 2] = [10, 20];
const FIRST_PAGE_REF: i32 = 100;

/// Builds the PDF: the cards in order, eight to a page. `stamp` goes into the
/// document's subject (it identifies the cards, see `batch::write_pdf`).
pub fn write(cards: &[Card], title: &str, stamp: &str) -> Result<Vec<u8>, Error> {
    let fonts = [Font::parse(REGULAR)?, Font::parse(BOLD)?];
    let page_count = cards.len().div_ceil(CARDS_PER_PAGE).max(1);
    let page_ref = |i: usize| -> Result<(Ref, Ref), Error> {
        let base = i32::try_from(i)
            .ok()
            .and_then(|i| i.checked_mul(2))
            .and_then(|i| i.checked_add(FIRST_PAGE_REF))
            .filter(|r| *r < i32::MAX - 1)
            .ok_or_else(|| Error::new(ErrorCode::InputTooLarge, "too many pages for one PDF"))?;
        Ok((Ref::new(base), Ref::new(base + 1)))
    };
    let refs = (0..page_count)
        .map(page_ref)
        .collect::<Result<Vec<_>, _>>()?;

    let pages: Vec<Chunk> = refs
        .par_iter()
        .enumerate()
        .map(|(i, &(page_id, content_id))| {
            let start = i * CARDS_PER_PAGE;
            let end = (start + CARDS_PER_PAGE).min(cards.len());
            page_chunk(
                cards.get(start..end).unwrap_or_default(),
                &fonts,
                page_id,
                content_id,
            )
        })
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(CATALOG).pages(PAGE_TREE);
    pdf.pages(PAGE_TREE)
        .kids(refs.iter().map(|(p, _)| *p))
        .count(i32::try_from(page_count).unwrap_or(i32::MAX));
    pdf.document_info(INFO)
        .title(TextStr(title))
        .subject(TextStr(stamp))
        .producer(TextStr("qrpass"));
    for (font, first) in fonts.iter().zip(FONT_REFS) {
        write_font(&mut pdf, font, first);
    }
    for chunk in &pages {
        pdf.extend(chunk);
    }
    Ok(pdf.finish())
}

fn font_name(i: usize) -> Name<'static> {
    if i == 0 {
        Name(b"F1")
    } else {
        Name(b"F2")
    }
}

fn write_font(pdf: &mut Pdf, font: &Font, first: i32) {
    let [type0, cid, descriptor, file, cmap] = [0, 1, 2, 3, 4].map(|k| Ref::new(first + k));
    let base = if first == FONT_REFS[0] {
        Name(b"QRPASS+DejaVuSans")
    } else {
        Name(b"QRPASS+DejaVuSans-Bold")
    };
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(base)
        .system_info(system_info)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid_font
        .widths()
        .consecutive(0, font.widths.iter().copied());
    cid_font.finish();
    pdf.font_descriptor(descriptor)
        .name(base)
        .flags(FontFlags::SYMBOLIC)
        .bbox(font.bbox)
        .italic_angle(0.0)
        .ascent(font.ascent)
        .descent(font.descent)
        .cap_height(font.cap_height)
        .stem_v(80.0)
        .font_file2(file);
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(font.data, 9);
    pdf.stream(file, &compressed)
        .filter(Filter::FlateDecode)
        .pair(
            Name(b"Length1"),
            i32::try_from(font.data.len()).unwrap_or(0),
        );
    let mut unicode = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), system_info);
    let mut by_glyph: Vec<(u16, char)> = font.glyphs.iter().map(|(c, g)| (*g, *c)).collect();
    by_glyph.sort_unstable();
    by_glyph.dedup_by_key(|(g, _)| *g);
    for (g, c) in by_glyph {
        unicode.pair(g, c);
    }
    pdf.cmap(cmap, &unicode.finish())
        .name(Name(b"Custom"))
        .system_info(system_info);
}

fn page_chunk(cards: &[Card], fonts: &[Font; 2], page_id: Ref, content_id: Ref) -> Chunk {
    let mut content = Content::new();
    cut_marks(&mut content);
    for (i, card) in cards.iter().enumerate() {
        let x = (i % COLS) as f32 * CARD_W;
        let y = PAGE_H - ((i / COLS) + 1) as f32 * CARD_H;
        draw_card(&mut content, card, fonts, x, y);
    }
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&content.finish(), 6);
    let mut chunk = Chunk::new();
    let mut page = chunk.page(page_id);
    page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
        .parent(PAGE_TREE)
        .contents(content_id);
    add_fonts(page.resources());
    page.finish();
    chunk
        .stream(content_id, &compressed)
        .filter(Filter::FlateDecode);
    chunk
}

fn add_fonts(mut resources: Resources<'_>) {
    let mut fonts = resources.fonts();
    for (i, first) in FONT_REFS.iter().enumerate() {
        fonts.pair(font_name(i), Ref::new(*first));
    }
}

/// Light dashed lines between the cards.
fn cut_marks(c: &mut Content) {
    c.save_state();
    c.set_stroke_gray(0.75)
        .set_line_width(0.4)
        .set_dash_pattern([3.0, 3.0], 0.0);
    for col in 1..COLS {
        let x = col as f32 * CARD_W;
        c.move_to(x, 0.0).line_to(x, PAGE_H);
    }
    for row in 1..ROWS {
        let y = row as f32 * CARD_H;
        c.move_to(0.0, y).line_to(PAGE_W, y);
    }
    c.stroke();
    c.restore_state();
}

/// A text style: which font, size in points, grey level (0 black).
#[derive(Clone, Copy)]
struct Style {
    bold: bool,
    size: f32,
    gray: f32,
}

const TITLE: Style = Style {
    bold: true,
    size: 10.0,
    gray: 0.0,
};
const SUBTITLE: Style = Style {
    bold: false,
    size: 7.0,
    gray: 0.4,
};
const CAPTION: Style = Style {
    bold: false,
    size: 7.0,
    gray: 0.0,
};
const NAME: Style = Style {
    bold: true,
    size: 10.5,
    gray: 0.0,
};
const ID: Style = Style {
    bold: false,
    size: 8.5,
    gray: 0.0,
};
const LABEL: Style = Style {
    bold: false,
    size: 6.5,
    gray: 0.45,
};
const VALUE: Style = Style {
    bold: false,
    size: 8.0,
    gray: 0.0,
};

/// Writes text into a content stream.
struct Pen<'a> {
    c: &'a mut Content,
    fonts: &'a [Font; 2],
}

impl Pen<'_> {
    fn font(&self, style: Style) -> &Font {
        &self.fonts[usize::from(style.bold)]
    }

    fn text(&mut self, style: Style, x: f32, y: f32, s: &str) {
        let glyphs = self.font(style).encode(s);
        self.c.set_fill_gray(style.gray);
        self.c.begin_text();
        self.c
            .set_font(font_name(usize::from(style.bold)), style.size);
        self.c.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
        self.c.show(Str(&glyphs));
        self.c.end_text();
    }

    fn width(&self, style: Style, s: &str) -> f32 {
        self.font(style).width(s, style.size)
    }

    fn wrap(&self, style: Style, s: &str, width: f32, max_lines: usize) -> Vec<String> {
        self.font(style).wrap(s, style.size, width, max_lines)
    }
}

fn draw_card(c: &mut Content, card: &Card, fonts: &[Font; 2], x: f32, y: f32) {
    let top = y + CARD_H;
    // QR code, drawn module by module, with its quiet zone as blank paper.
    let qr_top = top - 30.0;
    draw_qr(c, &card.qr, x + 6.0, qr_top);
    let mut pen = Pen { c, fonts };
    pen.text(TITLE, x + 14.0, top - 22.0, card.title);
    let title_w = pen.width(TITLE, card.title);
    pen.text(SUBTITLE, x + 18.0 + title_w, top - 22.0, card.subtitle);
    if !card.caption.is_empty() {
        let w = pen.width(CAPTION, &card.caption);
        let cx = x + 6.0 + (QR_SIZE - w) / 2.0;
        pen.text(CAPTION, cx, qr_top - QR_SIZE - 2.0, &card.caption);
    }
    // Text column.
    let tx = x + TEXT_X;
    let mut ty = top - 42.0;
    for line in pen.wrap(NAME, &card.name, TEXT_W, 3) {
        pen.text(NAME, tx, ty, &line);
        ty -= 12.5;
    }
    pen.text(ID, tx, ty, &card.id_line);
    ty -= 15.0;
    let indent = 38.0;
    for (label, value) in &card.lines {
        if ty < y + 12.0 {
            break;
        }
        pen.text(LABEL, tx, ty, label);
        for line in pen.wrap(VALUE, value, TEXT_W - indent, 2) {
            pen.text(VALUE, tx + indent, ty, &line);
            ty -= 10.0;
        }
        ty -= 1.5;
    }
}

/// Draws a QR code as filled rectangles (one per run of dark modules in a
/// row) in a `QR_SIZE` square, quiet zone included, whose top-left corner is (`x`, `top`).
fn draw_qr(c: &mut Content, qr: &QrModules, x: f32, top: f32) {
    let n = qr.width();
    let module = QR_SIZE / (n + 8) as f32;
    c.save_state();
    // Module coordinates: (0, 0) is the top-left module, y grows downwards.
    c.transform([
        module,
        0.0,
        0.0,
        -module,
        x + 4.0 * module,
        top - 4.0 * module,
    ]);
    c.set_fill_gray(0.0);
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if qr.is_dark(col, row) {
                let start = col;
                while col < n && qr.is_dark(col, row) {
                    col += 1;
                }
                c.rect(start as f32, row as f32, (col - start) as f32, 1.0);
            } else {
                col += 1;
            }
        }
    }
    c.fill_nonzero();
    c.restore_state();
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrpass::qr::{self, Ecc, RenderOptions};
    use qrpass::Pass;
    use qrpass_issuance::card::card;

    #[test]
    fn the_bundled_fonts_cover_vietnamese() {
        for data in [REGULAR, BOLD] {
            let font = Font::parse(data).expect("font");
            for c in "ĂÂĐÊÔƠƯăâđêôơư ỆệỮữỳỹ•…₫→".chars() {
                assert!(font.glyphs.contains_key(&c), "{c} missing");
            }
        }
    }

    #[test]
    fn wrapping_keeps_lines_within_width() {
        let font = Font::parse(REGULAR).expect("font");
        let lines = font.wrap(
            "Nguyễn Thị Minh Khai Trần Hưng Đạo Lê Lợi Hai Bà Trưng",
            10.0,
            100.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(
            lines.iter().all(|l| font.width(l, 10.0) <= 100.0),
            "{lines:?}"
        );
        assert!(lines[1].ends_with('…'));
        let long = font.wrap("HCM-HT-2021-547748-0001", 8.0, 60.0, 2);
        assert_eq!(long.concat(), "HCM-HT-2021-547748-0001", "{long:?}");
        assert!(long.iter().all(|l| font.width(l, 8.0) <= 60.0), "{long:?}");
    }

    #[test]
    fn a_pdf_of_nine_cards_has_two_pages() {
        let pass =
            Pass::from_json(include_str!("../../../spec/examples/permit.json")).expect("pass");
        let qr = QrModules::encode("VN1:ABC", Ecc::M).expect("qr");
        let image = qr::encode("VN1:ABC", &RenderOptions::default()).expect("qr");
        assert!((0..image.width())
            .all(|x| (0..image.width()).all(|y| qr.is_dark(x, y) == image.is_dark(x, y))));
        let c = card(&pass, "VN-SG", qr);
        assert_eq!(c.id_line, "CCCD ••••••••1234");
        let pdf = write(&vec![c; 9], "test", "stamp").expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(
            text.matches("/Type /Page\n").count() + text.matches("/Type /Page ").count(),
            2
        );
    }
}
