//! The seller's logo: PNG, JPEG or SVG, checked once and drawn into a box.

#![allow(clippy::float_arithmetic)]

use crate::error::{DocumentError, DocumentResult};
use krilla::geom::Size;
use krilla::image::Image;
use krilla::surface::Surface;
use krilla_svg::{SurfaceExt, SvgSettings};
use std::sync::Arc;

/// Logo bytes as the user gave them.
#[derive(Debug, Clone)]
pub struct Logo {
    pub bytes: Arc<Vec<u8>>,
}

/// Most bytes a logo may have.
pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug)]
pub enum LoadedLogo {
    Raster(Image),
    Svg(Box<usvg::Tree>),
}

impl LoadedLogo {
    /// Recognizes the format from the bytes themselves.
    pub fn load(logo: &Logo) -> DocumentResult<Self> {
        let b = logo.bytes.as_slice();
        if b.len() > MAX_LOGO_BYTES {
            return Err(DocumentError::Unsupported(format!(
                "the logo is larger than {} MB",
                MAX_LOGO_BYTES / 1024 / 1024
            )));
        }
        let bad = |e: String| DocumentError::Unsupported(format!("the logo cannot be read: {e}"));
        if b.starts_with(b"\x89PNG") {
            // PDF/A forbids image interpolation.
            Image::from_png(logo.bytes.clone().into(), false)
                .map(Self::Raster)
                .map_err(bad)
        } else if b.starts_with(&[0xFF, 0xD8]) {
            Image::from_jpeg(logo.bytes.clone().into(), false)
                .map(Self::Raster)
                .map_err(bad)
        } else {
            let tree = usvg::Tree::from_data(b, &usvg::Options::default())
                .map_err(|e| bad(format!("not PNG, JPEG or SVG ({e})")))?;
            Ok(Self::Svg(Box::new(tree)))
        }
    }

    /// Width over height.
    pub fn aspect(&self) -> f32 {
        let (w, h) = match self {
            Self::Raster(img) => {
                let s = img.size();
                (s.0 as f32, s.1 as f32)
            }
            Self::Svg(tree) => (tree.size().width(), tree.size().height()),
        };
        if w > 0.0 && h > 0.0 { w / h } else { 1.0 }
    }

    /// The size it takes in a box of `max_w` × `max_h` points, keeping its proportions.
    pub fn fit(&self, max_w: f32, max_h: f32) -> (f32, f32) {
        let a = self.aspect();
        if max_w / max_h > a {
            (max_h * a, max_h)
        } else {
            (max_w, max_w / a)
        }
    }

    pub fn draw(&self, surface: &mut Surface, size: Size) {
        match self {
            Self::Raster(img) => surface.draw_image(img.clone(), size),
            Self::Svg(tree) => {
                let _ = surface.draw_svg(tree, size, SvgSettings::default());
            }
        }
    }
}
