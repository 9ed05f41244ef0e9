//! Whether a transfer comes from a customer: the words of the customer's name, less legal
//! forms and small words, all found in what the bank says of the payer.

use autoinvoice_domain::text::fold;
use std::collections::HashSet;

/// Words that say nothing about who a party is.
const NOISE: &[&str] = &[
    "sarl",
    "sas",
    "sasu",
    "sa",
    "eurl",
    "ei",
    "eirl",
    "sci",
    "snc",
    "scop",
    "scp",
    "selarl",
    "gie",
    "ste",
    "societe",
    "ets",
    "etablissements",
    "ltd",
    "limited",
    "plc",
    "llc",
    "inc",
    "corp",
    "gmbh",
    "ag",
    "kg",
    "ug",
    "bv",
    "nv",
    "srl",
    "spa",
    "sl",
    "oy",
    "ab",
    "as",
    "aps",
    "et",
    "and",
    "und",
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "the",
    "von",
    "van",
    "m",
    "mr",
    "mme",
    "mlle",
    "mrs",
    "ms",
    "monsieur",
    "madame",
    "ou",
    "or",
    "cie",
    "co",
    "fils",
];

/// The words that identify a party, folded (lower case, no accents).
pub fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2 && !NOISE.contains(w))
        .map(str::to_owned)
        .collect();
    out.dedup();
    out
}

/// All the words of a text, folded, for looking names up in.
pub fn word_set(text: &str) -> HashSet<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether every identifying word of `name_words` is among `text_words`.
pub fn named_in(name_words: &[String], text_words: &HashSet<String>) -> bool {
    !name_words.is_empty() && name_words.iter().all(|w| text_words.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_banks_write_them() {
        let dupont = words("Dupont et Fils SARL");
        assert_eq!(dupont, vec!["dupont"]);
        assert!(named_in(&dupont, &word_set("VIR SEPA SARL DUPONT ET FILS")));
        assert!(named_in(&words("Müller GmbH"), &word_set("MULLER GMBH")));
        assert!(named_in(
            &words("Jean-Pierre Lefèvre"),
            &word_set("M. LEFEVRE JEAN PIERRE")
        ));
        assert!(!named_in(
            &words("Jean-Pierre Lefèvre"),
            &word_set("M. LEFEVRE PAUL")
        ));
        assert!(
            !named_in(&words("SARL"), &word_set("SARL DUPONT")),
            "no identifying word"
        );
    }
}
