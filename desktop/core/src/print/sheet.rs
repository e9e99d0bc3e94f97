//! A printed page as the ward needs it: lines of text in the PDF standard fonts
//! (Helvetica, which every PDF reader has, so nothing is embedded), wrapped to the page,
//! flowing onto new pages under a running header, rules, colour for what is abnormal, and
//! QR codes drawn as squares. Built with pdf-writer.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use qrcode::{Color, QrCode};

const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

/// A4 portrait, in points.
pub(crate) const A4: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 40.0;

/// What a line of text looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub size: f32,
    pub bold: bool,
    /// Red, green, blue in 0..=1.
    pub color: (f32, f32, f32),
}

impl Style {
    pub(crate) const fn plain(size: f32) -> Self {
        Self {
            size,
            bold: false,
            color: (0.0, 0.0, 0.0),
        }
    }

    pub(crate) const fn bold(size: f32) -> Self {
        Self {
            size,
            bold: true,
            color: (0.0, 0.0, 0.0),
        }
    }

    /// Red, for what is abnormal or must not be missed.
    pub(crate) const fn alarm(self) -> Self {
        Self {
            color: (0.75, 0.0, 0.0),
            ..self
        }
    }

    /// Grey, for labels.
    pub(crate) const fn quiet(self) -> Self {
        Self {
            color: (0.35, 0.35, 0.35),
            ..self
        }
    }
}

/// Pages being written, top to bottom.
pub(crate) struct Sheet {
    size: (f32, f32),
    header: Option<String>,
    done: Vec<Content>,
    page: Content,
    y: f32,
}

/// `text` in the standard fonts' WinAnsi encoding: Latin-1 as it is, the usual
/// typographic marks, anything else as "?".
pub(crate) fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '₂' => b'2',
            _ => b'?',
        })
        .collect()
}

/// Roughly how wide `text` sets in Helvetica at `style` (average widths; capitals and
/// bold run wider).
fn width(text: &str, style: Style) -> f32 {
    let per_char = if style.bold { 0.58 } else { 0.52 };
    text.chars()
        .map(|c| {
            if c.is_uppercase() {
                per_char + 0.12
            } else {
                per_char
            }
        })
        .sum::<f32>()
        * style.size
}

/// `text` broken at spaces into lines no wider than `room`.
fn wrap(text: &str, style: Style, room: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, style) > room && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line = word.to_owned();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

impl std::fmt::Debug for Sheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sheet { .. }")
    }
}

impl Sheet {
    /// A4 pages, each headed by `header`.
    pub(crate) fn a4(header: &str) -> Self {
        let mut sheet = Self {
            size: A4,
            header: Some(header.to_owned()),
            done: Vec::new(),
            page: Content::new(),
            y: 0.0,
        };
        sheet.start_page();
        sheet
    }

    /// One page of `width` × `height` points, without a header (a label).
    pub(crate) fn label(width: f32, height: f32) -> Self {
        Self {
            size: (width, height),
            header: None,
            done: Vec::new(),
            page: Content::new(),
            y: height,
        }
    }

    fn start_page(&mut self) {
        self.y = self.size.1 - MARGIN;
        if let Some(header) = self.header.clone() {
            let number = self.done.len() + 1;
            let style = Style::plain(8.0).quiet();
            self.text_at(MARGIN, self.y, &format!("{header} · page {number}"), style);
            self.y -= 6.0;
            self.rule();
            self.y -= 4.0;
        }
    }

    /// Text at a place, not moving the flow.
    pub(crate) fn text_at(&mut self, x: f32, y: f32, text: &str, style: Style) {
        let (r, g, b) = style.color;
        self.page
            .set_fill_rgb(r, g, b)
            .begin_text()
            .set_font(if style.bold { BOLD } else { REGULAR }, style.size)
            .next_line(x, y)
            .show(Str(&win_ansi(text)))
            .end_text();
    }

    /// Starts a new page unless `height` points are left on this one.
    pub(crate) fn keep(&mut self, height: f32) {
        if self.y - height < MARGIN {
            let page = std::mem::replace(&mut self.page, Content::new());
            self.done.push(page);
            self.start_page();
        }
    }

    /// A line of text in the flow, wrapped to the page and indented by `indent`.
    pub(crate) fn line(&mut self, indent: f32, text: &str, style: Style) {
        let room = self.size.0 - 2.0 * MARGIN - indent;
        for part in wrap(text, style, room) {
            let step = style.size * 1.3;
            self.keep(step);
            self.y -= step;
            self.text_at(MARGIN + indent, self.y + style.size * 0.25, &part, style);
        }
    }

    /// Space in the flow.
    pub(crate) fn gap(&mut self, height: f32) {
        self.y -= height;
    }

    /// A thin line across the page.
    pub(crate) fn rule(&mut self) {
        self.page
            .set_stroke_gray(0.6)
            .set_line_width(0.5)
            .move_to(MARGIN, self.y)
            .line_to(self.size.0 - MARGIN, self.y)
            .stroke();
    }

    /// `code` as a QR code, `size` points square with its lower left corner at (x, y),
    /// with the quiet zone around it left white.
    pub(crate) fn qr(&mut self, code: &QrCode, x: f32, y: f32, size: f32) {
        let modules = code.width();
        // Four modules of quiet zone on each side.
        let cell = size / (modules + 8) as f32;
        self.page.set_fill_gray(0.0);
        for (i, color) in code.to_colors().iter().enumerate() {
            if *color == Color::Dark {
                let (row, col) = (i / modules, i % modules);
                let left = x + (col + 4) as f32 * cell;
                let top = y + size - (row + 4) as f32 * cell;
                self.page.rect(left, top - cell, cell, cell);
            }
        }
        self.page.fill_nonzero();
    }

    /// The PDF, its title (shown by readers) `title`.
    pub(crate) fn finish(mut self, title: &str) -> Vec<u8> {
        let last = std::mem::replace(&mut self.page, Content::new());
        self.done.push(last);
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let regular = Ref::new(3);
        let bold = Ref::new(4);
        let info = Ref::new(5);
        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(tree);
        let first_page = 6;
        let ids: Vec<(Ref, Ref)> = (0..self.done.len() as i32)
            .map(|n| {
                (
                    Ref::new(first_page + 2 * n),
                    Ref::new(first_page + 2 * n + 1),
                )
            })
            .collect();
        pdf.pages(tree)
            .kids(ids.iter().map(|(page, _)| *page))
            .count(ids.len() as i32);
        for ((page_id, content_id), content) in ids.iter().zip(self.done) {
            let mut page = pdf.page(*page_id);
            page.media_box(Rect::new(0.0, 0.0, self.size.0, self.size.1))
                .parent(tree)
                .contents(*content_id);
            page.resources()
                .fonts()
                .pair(REGULAR, regular)
                .pair(BOLD, bold);
            page.finish();
            pdf.stream(*content_id, &content.finish());
        }
        for (id, name) in [(regular, &b"Helvetica"[..]), (bold, &b"Helvetica-Bold"[..])] {
            pdf.type1_font(id)
                .base_font(Name(name))
                .encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        pdf.document_info(info)
            .title(TextStr(title))
            .producer(TextStr("Bedside"));
        pdf.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_encoded_for_the_standard_fonts() {
        assert_eq!(win_ansi("García · 5–6"), b"Garc\xeda \xb7 5\x966");
        assert_eq!(win_ansi("SpO₂ 灯"), b"SpO2 ?");
    }

    #[test]
    fn long_text_wraps_at_spaces_within_its_room() {
        let style = Style::plain(10.0);
        let lines = wrap(&"word ".repeat(60), style, 200.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, style) <= 200.0));
        assert_eq!(wrap("", style, 200.0), [""]);
    }

    #[test]
    fn pages_flow_on_and_each_is_a_page_of_the_pdf() {
        let mut sheet = Sheet::a4("Handover");
        for n in 0..120 {
            sheet.line(0.0, &format!("line {n}"), Style::plain(10.0));
        }
        let pdf = sheet.finish("Test");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"));
        assert!(
            text.contains("/Count 3"),
            "120 lines of 13 points fill three pages"
        );
        assert!(text.contains("/WinAnsiEncoding"));
    }
}
