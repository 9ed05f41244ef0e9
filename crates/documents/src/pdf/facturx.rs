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

/// Adds the Factur-X descriptions to the XMP packet of a PDF written by krilla, as an
/// incremental update (ISO 32000 §7.5.6, allowed by PDF/A): the metadata object is written
/// anew after the original file, with an xref section and a trailer pointing back to the
/// original one. Appending costs next to nothing, where parsing and rewriting the whole file
/// (lopdf) took longer than drawing it.
pub fn add_xmp(pdf: &[u8], conformance_level: &str) -> DocumentResult<Vec<u8>> {
    let err = |what: &str| DocumentError::Pdf(format!("Factur-X metadata: {what}"));
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    // The last startxref and trailer of the file.
    let sx = rfind(pdf, b"startxref").ok_or_else(|| err("no startxref"))?;
    let prev: usize = text(&pdf[sx + 9..])
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| err("bad startxref"))?;
    let tr = rfind(&pdf[..sx], b"trailer").ok_or_else(|| err("no trailer"))?;
    let trailer = text(&pdf[tr + 7..sx]);
    let trailer = trailer.trim();
    // The metadata object keeps its number, so the trailer's /Size stays right.
    after(trailer, "/Size").ok_or_else(|| err("no /Size in the trailer"))?;
    // The catalog's metadata stream.
    let m = find(pdf, b"/Metadata ").ok_or_else(|| err("no /Metadata in the catalog"))?;
    let meta_id: u32 = text(&pdf[m + 10..(m + 30).min(pdf.len())])
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| err("bad /Metadata reference"))?;
    let header = format!("\n{meta_id} 0 obj");
    let obj = find(pdf, header.as_bytes()).ok_or_else(|| err("metadata object not found"))?;
    let start = find(&pdf[obj..], b"stream\n")
        .map(|i| obj + i + 7)
        .ok_or_else(|| err("metadata stream not found"))?;
    let end = find(&pdf[start..], b"\nendstream")
        .map(|i| start + i)
        .ok_or_else(|| err("metadata stream not closed"))?;
    let xml = std::str::from_utf8(&pdf[start..end]).map_err(|_| err("metadata is not UTF-8"))?;
    let at = xml
        .rfind("</rdf:RDF>")
        .ok_or_else(|| err("no rdf:RDF element"))?;
    let updated = format!(
        "{}{}{}",
        &xml[..at],
        xmp_descriptions(conformance_level),
        &xml[at..]
    );

    let mut out = Vec::with_capacity(pdf.len() + updated.len() + 512);
    out.extend_from_slice(pdf);
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let offset = out.len();
    out.extend_from_slice(
        format!(
            "{meta_id} 0 obj\n<</Length {}/Type/Metadata/Subtype/XML>>\nstream\n",
            updated.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(updated.as_bytes());
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = out.len();
    let body = trailer
        .strip_prefix("<<")
        .and_then(|t| t.strip_suffix(">>"))
        .ok_or_else(|| err("bad trailer"))?;
    out.extend_from_slice(
        format!("xref\n{meta_id} 1\n{offset:010} 00000 n \ntrailer\n<<{body}/Prev {prev}>>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(hay, needle)
}

/// The number after `key` in a PDF dictionary's text.
fn after(dict: &str, key: &str) -> Option<u32> {
    let i = dict.find(key)? + key.len();
    let digits: String = dict[i..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}
