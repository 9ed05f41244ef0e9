//! Factur-X assembly: the PDF of a document, carrying its CII e-invoice when it is an issued
//! invoice or credit note (drafts and quotes are plain PDFs, drafts watermarked).

use crate::cii::{Profile, cii_xml};
use crate::error::DocumentResult;
use crate::pdf::{self, EmbeddedInvoice, PdfOptions};
use autoinvoice_domain::full_document::FullDocument;

/// The PDF users send: Factur-X (PDF/A-3b + `factur-x.xml`) whenever the document is an
/// e-invoice, a plain PDF otherwise.
pub fn document_pdf(
    doc: &FullDocument,
    opts: &PdfOptions,
    profile: Profile,
) -> DocumentResult<Vec<u8>> {
    if doc.is_einvoice() {
        let make_xml = || cii_xml(doc, profile);
        pdf::render(
            doc,
            opts,
            Some(EmbeddedInvoice {
                make_xml: &make_xml,
                conformance_level: profile.name(),
            }),
        )
    } else {
        pdf::render(doc, opts, None)
    }
}
