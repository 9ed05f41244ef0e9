//! Factur-X metadata: krilla writes the PDF/A-3 XMP packet but has no API for custom
//! properties, so the `fx` properties and their PDF/A extension schema are added to the
//! catalog's metadata stream afterwards (lopdf rewrites the file; the stream is plain XML).

use crate::error::{DocumentError, DocumentResult};

const FX_NS: &str = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";

fn property(name: &str, description: &str) -> String {
    format!(
        "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name>\
         <pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category>\
         <pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>"
    )
}

/// The two rdf:Description elements Factur-X requires.
pub fn xmp_descriptions(conformance_level: &str) -> String {
    let properties = [
        property("DocumentFileName", "The name of the embedded XML document"),
        property(
            "DocumentType",
            "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER",
        ),
        property(
            "Version",
            "The actual version of the standard applying to the embedded XML document",
        ),
        property(
            "ConformanceLevel",
            "The conformance level of the embedded XML document",
        ),
    ]
    .concat();
    format!(
        "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
         xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\
         <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\
         <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>\
         <pdfaSchema:namespaceURI>{FX_NS}</pdfaSchema:namespaceURI><pdfaSchema:prefix>fx</pdfaSchema:prefix>\
         <pdfaSchema:property><rdf:Seq>{properties}</rdf:Seq></pdfaSchema:property>\
         </rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>\
         <rdf:Description rdf:about=\"\" xmlns:fx=\"{FX_NS}\"><fx:DocumentType>INVOICE</fx:DocumentType>\
         <fx:DocumentFileName>factur-x.xml</fx:DocumentFileName><fx:Version>1.0</fx:Version>\
         <fx:ConformanceLevel>{}</fx:ConformanceLevel></rdf:Description>",
        conformance_level
    )
}

/// Adds the Factur-X descriptions to the XMP packet of a PDF written by krilla.
pub fn add_xmp(pdf: &[u8], conformance_level: &str) -> DocumentResult<Vec<u8>> {
    let err = |what: &str, e: String| DocumentError::Pdf(format!("Factur-X metadata: {what}: {e}"));
    let mut doc = lopdf::Document::load_mem(pdf).map_err(|e| err("reading", e.to_string()))?;
    let meta_id = doc
        .catalog()
        .and_then(|c| c.get(b"Metadata"))
        .and_then(|o| o.as_reference())
        .map_err(|e| err("no metadata stream", e.to_string()))?;
    let stream = doc
        .get_object_mut(meta_id)
        .and_then(|o| o.as_stream_mut())
        .map_err(|e| err("metadata", e.to_string()))?;
    let xml = String::from_utf8(stream.content.clone())
        .map_err(|e| err("metadata is not UTF-8", e.to_string()))?;
    let at = xml
        .rfind("</rdf:RDF>")
        .ok_or_else(|| err("metadata", "no rdf:RDF element".into()))?;
    let updated = format!(
        "{}{}{}",
        &xml[..at],
        xmp_descriptions(conformance_level),
        &xml[at..]
    );
    stream.set_content(updated.into_bytes());
    let mut out = Vec::with_capacity(pdf.len() + 4096);
    doc.save_to(&mut out)
        .map_err(|e| err("writing", e.to_string()))?;
    Ok(out)
}
