//! Pages of operations → krilla drawing calls.

#![allow(clippy::float_arithmetic)]

use super::fonts::krilla_font;
use super::layout::{Op, Rgb};
use super::logo::LoadedLogo;
use super::side::Side;
use crate::error::DocumentResult;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(c[0], c[1], c[2]).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn rect_path(x: f32, y: f32, w: f32, h: f32) -> Option<krilla::geom::Path> {
    let mut pb = PathBuilder::new();
    pb.push_rect(Rect::from_xywh(x, y, w, h)?);
    pb.finish()
}

pub fn draw(
    surface: &mut Surface,
    ops: &[Op],
    logo: Option<&LoadedLogo>,
    side: &mut Side,
) -> DocumentResult<()> {
    for op in ops {
        match op {
            Op::Text {
                x,
                y,
                size,
                color,
                run,
            } => {
                surface.set_fill(Some(fill(*color)));
                surface.set_stroke(None);
                surface.draw_glyphs(
                    Point::from_xy(*x, *y),
                    &run.glyphs,
                    krilla_font(run.weight),
                    &run.text,
                    *size,
                    false,
                );
            }
            Op::Rect { x, y, w, h, color } => {
                if let Some(path) = rect_path(*x, *y, *w, *h) {
                    surface.set_fill(Some(fill(*color)));
                    surface.set_stroke(None);
                    surface.draw_path(&path);
                }
            }
            Op::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                let mut pb = PathBuilder::new();
                pb.move_to(*x1, *y1);
                pb.line_to(*x2, *y2);
                if let Some(path) = pb.finish() {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: rgb::Color::new(color[0], color[1], color[2]).into(),
                        width: *width,
                        ..Default::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                }
            }
            Op::Logo { x, y, w, h } => {
                if let (Some(logo), Some(size)) = (logo, Size::from_wh(*w, *h)) {
                    surface.push_transform(&Transform::from_translate(*x, *y));
                    logo.draw(surface, size);
                    surface.pop();
                }
            }
            Op::Qr { x, y, size } => {
                // A 1:1 image of the modules, drawn without smoothing: far smaller than a
                // path of squares.
                if let (Some(qr), Some(s)) = (&side.output()?.qr, Size::from_wh(*size, *size)) {
                    let image = krilla::image::Image::from_rgba8(qr.rgba.clone(), qr.side, qr.side);
                    surface.push_transform(&Transform::from_translate(*x, *y));
                    surface.draw_image(image, s);
                    surface.pop();
                }
            }
        }
    }
    Ok(())
}

/// The diagonal "DRAFT / BROUILLON" across a page.
pub fn watermark(surface: &mut Surface, text: &str, width: f32, height: f32) {
    let size = 64.0;
    let run = super::fonts::shape(text, super::fonts::Weight::Bold);
    let w = run.width(size);
    let angle = -(height.atan2(width).to_degrees());
    surface.push_transform(&Transform::from_rotate_at(angle, width / 2.0, height / 2.0));
    surface.push_opacity(NormalizedF32::new(0.22).unwrap_or(NormalizedF32::ONE));
    surface.set_fill(Some(fill([150, 150, 150])));
    surface.set_stroke(None);
    surface.draw_glyphs(
        Point::from_xy(width / 2.0 - w / 2.0, height / 2.0 + size / 3.0),
        &run.glyphs,
        krilla_font(run.weight),
        &run.text,
        size,
        false,
    );
    surface.pop();
    surface.pop();
}
