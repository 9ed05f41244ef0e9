//! Just enough MIME to read back what the server received: a part's decoded bytes by its
//! content type, quoted-printable text.

#![allow(dead_code, clippy::unwrap_used)]

use base64::Engine;

/// The decoded body of the first part whose headers contain `needle`
/// (e.g. `application/pdf`).
pub fn part(raw: &str, needle: &str) -> Option<Vec<u8>> {
    for chunk in raw.split("\r\n--") {
        let Some((head, body)) = chunk.split_once("\r\n\r\n") else {
            continue;
        };
        if !head
            .to_ascii_lowercase()
            .contains(&needle.to_ascii_lowercase())
        {
            continue;
        }
        let head_l = head.to_ascii_lowercase();
        if head_l.contains("content-transfer-encoding: base64") {
            let b64: String = body.split_whitespace().collect();
            return Some(
                base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap(),
            );
        }
        if head_l.contains("quoted-printable") {
            return Some(quoted_printable(body));
        }
        return Some(body.as_bytes().to_vec());
    }
    None
}

pub fn quoted_printable(s: &str) -> Vec<u8> {
    let s = s.replace("=\r\n", "");
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' && i + 3 <= b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz");
            if let Ok(v) = u8::from_str_radix(hex, 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}
