//! The page model: pages of positioned drawing operations, and the cursor that fills them
//! top to bottom and starts a new page when one is full. Rendering comes after, once the
//! page count ("page x of y") is known.

#![allow(clippy::float_arithmetic)]

use super::fonts::{Shaped, Weight, shape, wrap};

pub type Rgb = [u8; 3];
pub const BLACK: Rgb = [30, 30, 30];
pub const GREY: Rgb = [110, 110, 110];
pub const LIGHT: Rgb = [235, 235, 235];
pub const WHITE: Rgb = [255, 255, 255];

/// One drawing operation; y grows downward from the top of the page (as in krilla).
#[derive(Debug, Clone)]
pub enum Op {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        color: Rgb,
        run: Shaped,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
    Logo {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// The payment QR code (its modules come from `qr::payment_payload`).
    Qr {
        x: f32,
        y: f32,
        size: f32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// Page size and margins, in points.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    /// Space kept at the bottom of each page for the footer.
    pub footer: f32,
}

impl Geometry {
    pub fn left(&self) -> f32 {
        self.margin
    }
    pub fn right(&self) -> f32 {
        self.width - self.margin
    }
    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }
    pub fn bottom(&self) -> f32 {
        self.height - self.margin - self.footer
    }
}

/// Fills pages top to bottom.
#[derive(Debug)]
pub struct Layout {
    pub geometry: Geometry,
    pub pages: Vec<Vec<Op>>,
    /// The top of the free space on the current page.
    pub y: f32,
}

impl Layout {
    pub fn new(geometry: Geometry) -> Self {
        Self {
            geometry,
            pages: vec![Vec::new()],
            y: geometry.margin,
        }
    }

    pub fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.geometry.margin;
    }

    /// Whether `height` points still fit on this page.
    pub fn fits(&self, height: f32) -> bool {
        self.y + height <= self.geometry.bottom()
    }

    /// Places a shaped run with its baseline at `y`.
    pub fn run(&mut self, run: Shaped, x: f32, y: f32, size: f32, color: Rgb, align: Align) {
        let w = run.width(size);
        let x = match align {
            Align::Left => x,
            Align::Right => x - w,
            Align::Center => x - w / 2.0,
        };
        self.push(Op::Text {
            x,
            y,
            size,
            color,
            run,
        });
    }

    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        text: &str,
        weight: Weight,
        x: f32,
        y: f32,
        size: f32,
        color: Rgb,
        align: Align,
    ) {
        if !text.is_empty() {
            self.run(shape(text, weight), x, y, size, color, align);
        }
    }

    /// Wrapped text from the top `top`; returns the height used.
    #[allow(clippy::too_many_arguments)]
    pub fn paragraph(
        &mut self,
        text: &str,
        weight: Weight,
        x: f32,
        top: f32,
        width: f32,
        size: f32,
        color: Rgb,
        align: Align,
    ) -> f32 {
        let lh = line_height(size);
        let mut y = top;
        for line in wrap(text, weight, size, width) {
            let ax = match align {
                Align::Left => x,
                Align::Right => x + width,
                Align::Center => x + width / 2.0,
            };
            self.run(line, ax, y + ascent(size), size, color, align);
            y += lh;
        }
        y - top
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.push(Op::Rect { x, y, w, h, color });
    }

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32, color: Rgb) {
        self.push(Op::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            width,
            color,
        });
    }
}

pub fn line_height(size: f32) -> f32 {
    size * 1.38
}

/// Distance from the top of a line to its baseline.
pub fn ascent(size: f32) -> f32 {
    size * 1.0
}

/// The height of `text` wrapped to `width`.
pub fn paragraph_height(text: &str, weight: Weight, width: f32, size: f32) -> f32 {
    wrap(text, weight, size, width).len() as f32 * line_height(size)
}
