//! PDF documents with krilla: invoices, credit notes and quotes, A4 or US Letter, French or
//! English; PDF/A-3b carrying the Factur-X XML for issued invoices and credit notes; drafts
//! with a watermark and never an e-invoice.

#![allow(clippy::float_arithmetic)]

mod blocks;
mod facturx;
pub mod fonts;
pub mod format;
pub mod labels;
pub(crate) mod layout;
pub mod logo;
pub mod qr;
pub(crate) mod render;
pub(crate) mod side;

use crate::error::{DocumentError, DocumentResult};
use autoinvoice_domain::full_document::FullDocument;
use chrono::Datelike;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};
use layout::{Geometry, Layout};
pub use logo::Logo;

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    pub(crate) fn size(self) -> (f32, f32) {
        match self {
            Self::A4 => (595.28, 841.89),
            Self::Letter => (612.0, 792.0),
        }
    }
}

/// The template options a user can set.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub paper: Paper,
    /// Accent colour (titles, table header, totals), RGB.
    pub accent: [u8; 3],
    pub logo: Option<Logo>,
    /// Base font size in points (7 to 12).
    pub font_size: f32,
    /// Payment block (due date, bank details).
    pub show_payment: bool,
    /// The EPC "SEPA credit transfer" QR code for EUR invoices.
    pub show_payment_qr: bool,
    pub show_notes: bool,
    pub show_footer: bool,
    pub show_delivery_address: bool,
    /// An online payment link (Stripe) printed in the payment block as "Pay online".
    pub pay_online_url: Option<String>,
}

impl Default for PdfOptions {
    fn default() -> Self {
        Self {
            paper: Paper::A4,
            accent: [31, 78, 121],
            logo: None,
            font_size: 9.0,
            show_payment: true,
            show_payment_qr: true,
            show_notes: true,
            show_footer: true,
            show_delivery_address: true,
            pay_online_url: None,
        }
    }
}

/// The e-invoice to embed: how to make its CII bytes (on a second core, while the pages are
/// drawn) and its Factur-X conformance level name.
#[derive(Clone, Copy)]
pub struct EmbeddedInvoice<'a> {
    pub make_xml: side::MakeXml<'a>,
    /// "BASIC", "EN 16931", "EXTENDED".
    pub conformance_level: &'a str,
}

impl std::fmt::Debug for EmbeddedInvoice<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedInvoice")
            .field("conformance_level", &self.conformance_level)
            .finish_non_exhaustive()
    }
}

/// Lays out and writes the PDF. With `einvoice`, the result is PDF/A-3b with the XML attached
/// as `factur-x.xml` (relationship Alternative) and the Factur-X XMP properties.
pub fn render(
    doc: &FullDocument,
    opts: &PdfOptions,
    einvoice: Option<EmbeddedInvoice<'_>>,
) -> DocumentResult<Vec<u8>> {
    if einvoice.is_some() && !doc.is_einvoice() {
        return Err(DocumentError::Unsupported(
            "only an issued invoice or credit note is an e-invoice".into(),
        ));
    }
    let opts = PdfOptions {
        font_size: opts.font_size.clamp(7.0, 12.0),
        ..opts.clone()
    };
    std::thread::scope(|scope| {
        let mut side = side::Side::start(
            scope,
            qr::payment_payload(doc, &opts),
            einvoice.map(|e| e.make_xml),
        );
        let written = write(doc, &opts, einvoice.map(|e| e.conformance_level), &mut side);
        // Joined here in every case: a side thread that panicked and was never joined would
        // make the scope panic instead of returning an error.
        let joined = side.output().map(|_| ());
        written.and_then(|pdf| joined.map(|()| pdf))
    })
}

fn write(
    doc: &FullDocument,
    opts: &PdfOptions,
    conformance_level: Option<&str>,
    side: &mut side::Side,
) -> DocumentResult<Vec<u8>> {
    let logo = opts.logo.as_ref().map(logo::LoadedLogo::load).transpose()?;
    let (width, height) = opts.paper.size();
    let geometry = Geometry {
        width,
        height,
        margin: 42.0,
        footer: 34.0,
    };
    let mut lay = Layout::new(geometry);
    let logo_size = logo.as_ref().map(|l| l.fit(150.0, 56.0));
    blocks::layout(doc, opts, logo_size, &mut lay);

    let mut settings = SerializeSettings::default();
    if conformance_level.is_some() {
        settings.configuration = ConfigurationBuilder::new()
            .with_archival_validator(Archival::A3_B)
            .finish()
            .map_err(|e| DocumentError::Pdf(format!("PDF/A-3 configuration: {e:?}")))?;
    }
    let mut pdf = Document::new_with(settings);
    let l = labels::labels(doc.language);
    let title = match &doc.number {
        Some(n) => format!("{} {n}", l.title(doc.kind)),
        None => format!("{} ({})", l.title(doc.kind), l.draft),
    };
    let d = doc.issue_date;
    let date = DateTime::new(u16::try_from(d.year()).unwrap_or(2000))
        .month(u8::try_from(d.month()).unwrap_or(1))
        .day(u8::try_from(d.day()).unwrap_or(1))
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    pdf.set_metadata(
        Metadata::new()
            .title(title)
            .authors(vec![doc.seller.display_name()])
            .creator("AutoInvoice".into())
            .language(doc.language.code().into())
            .creation_date(date),
    );
    for ops in &lay.pages {
        let settings = PageSettings::from_wh(width, height)
            .ok_or_else(|| DocumentError::Pdf("page size".into()))?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        render::draw(&mut surface, ops, logo.as_ref(), side)?;
        if doc.is_draft() {
            // On top of everything, translucent: no box or table row can hide it.
            render::watermark(
                &mut surface,
                labels::labels(doc.language).watermark,
                width,
                height,
            );
        }
        surface.finish();
        page.finish();
    }
    let xml = match side.output()?.xml.take() {
        Some(xml) => Some(xml?),
        None => None,
    };
    if let Some(xml) = xml {
        pdf.embed_file(EmbeddedFile {
            path: "factur-x.xml".into(),
            mime_type: MimeType::new("text/xml"),
            description: Some("Factur-X / ZUGFeRD e-invoice".into()),
            association_kind: AssociationKind::Alternative,
            data: xml.into(),
            modification_date: Some(date),
            compress: Some(true),
            location: None,
        })
        .ok_or_else(|| DocumentError::Pdf("the e-invoice could not be attached".into()))?;
    }
    let bytes = pdf
        .finish()
        .map_err(|e| DocumentError::Pdf(format!("{e:?}")))?;
    match conformance_level {
        Some(level) => facturx::add_xmp(&bytes, level),
        None => Ok(bytes),
    }
}

/// How many pages the document takes (layout only, nothing written).
pub fn page_count(doc: &FullDocument, opts: &PdfOptions) -> usize {
    let (width, height) = opts.paper.size();
    let mut lay = Layout::new(Geometry {
        width,
        height,
        margin: 42.0,
        footer: 34.0,
    });
    blocks::layout(doc, opts, None, &mut lay);
    lay.pages.len()
}
