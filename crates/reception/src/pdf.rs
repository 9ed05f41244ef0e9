//! The e-invoice inside a Factur-X / ZUGFeRD PDF: the file attached under one of the names the
//! standards give, found through the catalog's `/Names /EmbeddedFiles` tree, its `/AF` array,
//! or, in a PDF whose trees are broken, any file specification among its objects.

use crate::error::ReadError;
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};
use std::collections::HashSet;

/// The names of the invoice attachment, best first (Factur-X, ZUGFeRD 2, XRechnung in
/// ZUGFeRD); compared without regard to case (ZUGFeRD 2.0 wrote `ZUGFeRD-invoice.xml`).
const INVOICE_NAMES: [&str; 3] = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"];

/// The most any stream may inflate to, the object streams lopdf decodes while loading
/// included: a small crafted file cannot grow into gigabytes.
const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;
/// Name-tree nodes and file specifications looked at, at most.
const MAX_VISITS: usize = 10_000;

/// An attached file: its name and its decoded bytes.
#[derive(Debug)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Under one of [`INVOICE_NAMES`]; otherwise some other `.xml` file, tried last.
    pub known_name: bool,
}

/// The invoice XML attached to `pdf`, or the XML attachments that may be one, best first.
pub fn invoice_attachments(pdf: &[u8]) -> Result<Vec<Attachment>, ReadError> {
    let doc = load(pdf)?;
    let mut specs = Vec::new();
    let mut seen = HashSet::new();
    if let Ok(catalog) = doc.catalog() {
        if let Some(tree) =
            get(&doc, catalog, b"Names").and_then(|names| get(&doc, names, b"EmbeddedFiles"))
        {
            name_tree(&doc, tree, &mut specs, &mut seen, 0);
        }
        if let Some(Object::Array(af)) = catalog.get(b"AF").ok().map(|o| deref(&doc, o)) {
            for spec in af.iter().take(MAX_VISITS) {
                push_spec(&doc, spec, &mut specs, &mut seen);
            }
        }
    }
    if specs.is_empty() {
        // A broken catalog or name tree: any file specification with an embedded file.
        for object in doc.objects.values().take(1_000_000) {
            if specs.len() >= MAX_VISITS {
                break;
            }
            if let Object::Dictionary(d) = object
                && d.has(b"EF")
            {
                push_spec(&doc, object, &mut specs, &mut seen);
            }
        }
    }
    let mut found: Vec<Attachment> = Vec::new();
    for (name, stream_id) in specs {
        let lower = name.to_ascii_lowercase();
        let known_name = INVOICE_NAMES.contains(&lower.as_str());
        if !known_name && !lower.ends_with(".xml") {
            continue;
        }
        let Ok(Object::Stream(stream)) = doc.get_object(stream_id) else {
            continue;
        };
        let bytes = stream
            .get_plain_content_with_limit(MAX_STREAM_BYTES)
            .map_err(|e| {
                ReadError::PdfDamaged(format!("the attached {name} cannot be decoded: {e}"))
            })?;
        found.push(Attachment {
            name,
            bytes,
            known_name,
        });
    }
    found.sort_by_key(|a| {
        let lower = a.name.to_ascii_lowercase();
        INVOICE_NAMES
            .iter()
            .position(|n| *n == lower)
            .unwrap_or(INVOICE_NAMES.len())
    });
    if found.is_empty() {
        return Err(ReadError::PdfWithoutXml);
    }
    Ok(found)
}

fn load(pdf: &[u8]) -> Result<Document, ReadError> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    // lopdf is a parser of hostile input written without our guarantees: a panic inside it
    // is a damaged PDF to the user, not a crash of the app.
    let loaded = std::panic::catch_unwind(|| Document::load_mem_with_options(pdf, options))
        .map_err(|_| ReadError::PdfDamaged("the PDF structure cannot be parsed".into()))?;
    let doc = loaded.map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => ReadError::PdfEncrypted,
        e => ReadError::PdfDamaged(e.to_string()),
    })?;
    if doc.is_encrypted() {
        return Err(ReadError::PdfEncrypted);
    }
    Ok(doc)
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map_or(&Object::Null, |(_, o)| o)
}

/// The dictionary under `key`, through references.
fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match deref(doc, dict.get(key).ok()?) {
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// The file specifications of a name tree: `/Names [name spec …]` leaves under `/Kids`.
fn name_tree(
    doc: &Document,
    node: &Dictionary,
    specs: &mut Vec<(String, ObjectId)>,
    seen: &mut HashSet<ObjectId>,
    depth: usize,
) {
    if depth > 32 || seen.len() > MAX_VISITS {
        return;
    }
    if let Some(Object::Array(names)) = node.get(b"Names").ok().map(|o| deref(doc, o)) {
        for pair in names.chunks(2).take(MAX_VISITS) {
            if let [_, spec] = pair {
                push_spec(doc, spec, specs, seen);
            }
        }
    }
    if let Some(Object::Array(kids)) = node.get(b"Kids").ok().map(|o| deref(doc, o)) {
        for kid in kids.iter().take(MAX_VISITS) {
            if let Ok(id) = kid.as_reference()
                && !seen.insert(id)
            {
                continue; // a cycle
            }
            if let Object::Dictionary(d) = deref(doc, kid) {
                name_tree(doc, d, specs, seen, depth + 1);
            }
        }
    }
}

/// A file specification's name (`/UF`, else `/F`) and its embedded stream (`/EF /UF` or `/F`).
fn push_spec(
    doc: &Document,
    spec: &Object,
    specs: &mut Vec<(String, ObjectId)>,
    seen: &mut HashSet<ObjectId>,
) {
    let Object::Dictionary(spec) = deref(doc, spec) else {
        return;
    };
    let Some(ef) = get(doc, spec, b"EF") else {
        return;
    };
    let name = [b"UF".as_slice(), b"F"].iter().find_map(|k| {
        match spec.get(k).ok().map(|o| deref(doc, o)) {
            Some(Object::String(bytes, _)) => Some(text_string(bytes)),
            _ => None,
        }
    });
    let stream = [b"UF".as_slice(), b"F"]
        .iter()
        .find_map(|k| ef.get(k).ok().and_then(|o| o.as_reference().ok()));
    if let (Some(name), Some(stream)) = (name, stream)
        && seen.insert(stream)
    {
        // The name may carry a path ("attachments/factur-x.xml"): only the file name counts.
        let name = name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&name)
            .trim()
            .to_owned();
        specs.push((name, stream));
    }
}

/// A PDF text string: UTF-16BE after its byte order mark, UTF-8 after its own (PDF 2.0),
/// otherwise PDFDocEncoding, read as Latin-1 (the same for every file name that matters here).
fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings() {
        assert_eq!(text_string(b"factur-x.xml"), "factur-x.xml");
        let utf16: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("factur-x.xml".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text_string(&utf16), "factur-x.xml");
    }
}
