//! Checks on free text typed by people: length limits and control characters.

use crate::error::{DomainError, DomainResult};

/// How a text field may look.
#[derive(Debug, Clone, Copy)]
pub struct TextRule {
    /// Maximum length in characters (not bytes).
    pub max_chars: usize,
    /// Whether line breaks and tabs are allowed (notes, descriptions, addresses).
    pub multiline: bool,
}

pub const NAME: TextRule = TextRule {
    max_chars: 200,
    multiline: false,
};
pub const SHORT: TextRule = TextRule {
    max_chars: 100,
    multiline: false,
};
pub const ADDRESS_LINE: TextRule = TextRule {
    max_chars: 200,
    multiline: false,
};
pub const DESCRIPTION: TextRule = TextRule {
    max_chars: 4000,
    multiline: true,
};
pub const NOTE: TextRule = TextRule {
    max_chars: 10_000,
    multiline: true,
};

/// Trims a required text and checks it against `rule`.
pub fn required(value: &str, field: &str, rule: TextRule) -> DomainResult<String> {
    let v = check(value, field, rule)?;
    if v.is_empty() {
        return Err(DomainError::new(
            "required",
            field,
            format!("{field} must not be empty"),
        ));
    }
    Ok(v)
}

/// Trims an optional text; blank becomes `None`.
pub fn optional(value: Option<&str>, field: &str, rule: TextRule) -> DomainResult<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) => {
            let v = check(v, field, rule)?;
            Ok(if v.is_empty() { None } else { Some(v) })
        }
    }
}

fn check(value: &str, field: &str, rule: TextRule) -> DomainResult<String> {
    let trimmed = value.trim();
    let count = trimmed.chars().count();
    if count > rule.max_chars {
        return Err(DomainError::new(
            "text_too_long",
            field,
            format!(
                "{field} is {count} characters long; at most {} are allowed",
                rule.max_chars
            ),
        ));
    }
    if let Some(bad) = trimmed.chars().find(|&c| is_forbidden(c, rule.multiline)) {
        return Err(DomainError::new(
            "control_character",
            field,
            format!(
                "{field} contains the control character U+{:04X}",
                u32::from(bad)
            ),
        ));
    }
    // Normalize Windows line ends so that stored text is one form.
    Ok(trimmed.replace("\r\n", "\n"))
}

/// The form text is searched in: lower case, without accents ("Lefèvre" → "lefevre").
pub fn fold(value: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    value
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

fn is_forbidden(c: char, multiline: bool) -> bool {
    match c {
        '\n' | '\t' => !multiline,
        '\r' => !multiline,
        // Unicode bidi overrides can disguise text (e.g. an IBAN); invoices have no use for them.
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        c => c.is_control(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_controls_and_long_text() {
        assert!(required("  Dupont  ", "name", NAME).unwrap() == "Dupont");
        assert_eq!(required(" ", "name", NAME).unwrap_err().code, "required");
        assert_eq!(
            required("a\u{0}b", "name", NAME).unwrap_err().code,
            "control_character"
        );
        assert_eq!(
            required("a\nb", "name", NAME).unwrap_err().code,
            "control_character"
        );
        assert_eq!(required("a\r\nb", "d", DESCRIPTION).unwrap(), "a\nb");
        assert_eq!(
            required("x\u{202E}y", "d", DESCRIPTION).unwrap_err().code,
            "control_character"
        );
        let long = "é".repeat(100_000);
        assert_eq!(
            required(&long, "d", DESCRIPTION).unwrap_err().code,
            "text_too_long"
        );
        assert_eq!(optional(Some("  "), "n", NOTE).unwrap(), None);
        assert_eq!(fold("MÜLLER Lefèvre Ελληνικά"), "muller lefevre ελληνικα");
    }
}
