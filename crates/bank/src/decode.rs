//! Bytes to text: statements come in UTF-8 or, from older bank software, Latin-1 /
//! Windows-1252. A file that is not what it says is refused, never guessed at.

use autoinvoice_domain::DomainError;
use autoinvoice_domain::error::DomainResult;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Decodes `bytes` in the encoding named (`utf-8`, `windows-1252`, `iso-8859-1`, `latin1`,
/// `usascii`…). A UTF-8 byte order mark is dropped.
pub fn decode(bytes: &[u8], label: &str) -> DomainResult<String> {
    let encoding = encoding(label)?;
    if encoding == UTF_8 {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        return std::str::from_utf8(bytes).map(str::to_owned).map_err(|e| {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            DomainError::new(
                "wrong_encoding",
                "file",
                format!(
                    "line {line}: the file is not valid UTF-8 as it says; it may be Latin-1 or Windows-1252 (for a CSV, set the mapping's encoding)"
                ),
            )
        });
    }
    // Windows-1252 maps every byte; what it cannot name are the five undefined C1 bytes.
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DomainError::new(
            "wrong_encoding",
            "file",
            format!("the file is not valid {}", encoding.name()),
        ));
    }
    if text.contains(|c: char| ('\u{80}'..='\u{9F}').contains(&c)) {
        return Err(DomainError::new(
            "wrong_encoding",
            "file",
            format!(
                "the file holds bytes that {} does not define",
                encoding.name()
            ),
        ));
    }
    Ok(text.into_owned())
}

fn encoding(label: &str) -> DomainResult<&'static Encoding> {
    let l = label.trim().to_ascii_lowercase();
    let l = match l.as_str() {
        "usascii" | "us-ascii" | "ascii" | "none" | "" => "utf-8",
        "1252" | "cp1252" => "windows-1252",
        // OFX 1 headers say "CHARSET:8859-1" or "ISOLATIN1".
        "8859-1" | "isolatin1" | "latin1" | "latin-1" | "iso-8859-15" | "8859-15" => "windows-1252",
        other => other,
    };
    match Encoding::for_label(l.as_bytes()) {
        Some(e) if e == UTF_8 || e == WINDOWS_1252 => Ok(e),
        _ => Err(DomainError::new(
            "wrong_encoding",
            "encoding",
            format!(
                "'{label}' is not an encoding statements are read in (UTF-8, Windows-1252, ISO-8859-1)"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_latin1() {
        assert_eq!(decode("Crédit".as_bytes(), "utf-8").unwrap(), "Crédit");
        assert_eq!(decode(b"Cr\xe9dit", "windows-1252").unwrap(), "Crédit");
        assert_eq!(decode(b"Cr\xe9dit", "ISO-8859-1").unwrap(), "Crédit");
        assert_eq!(decode(b"\xEF\xBB\xBFabc", "utf-8").unwrap(), "abc");
    }

    #[test]
    fn latin1_bytes_said_to_be_utf8_are_refused() {
        let e = decode(b"ok\nCr\xe9dit", "utf-8").unwrap_err();
        assert_eq!(e.code, "wrong_encoding");
        assert!(e.message.starts_with("line 2:"), "{}", e.message);
        assert_eq!(decode(b"x", "ebcdic").unwrap_err().code, "wrong_encoding");
    }
}
