//! Subject and body per language, with placeholders `{customer}`, `{number}`, `{amount}`,
//! `{due_date}` and `{payment_link}`. A line whose placeholder has no value is left out
//! (no "Pay online: " with nothing after it).

use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::party::Language;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

/// The values of the placeholders, already formatted for the language.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    pub customer: String,
    pub number: String,
    pub amount: String,
    pub due_date: Option<String>,
    pub payment_link: Option<String>,
    pub sender: String,
}

pub fn default_template(language: Language, kind: DocumentKind) -> Template {
    let t = |s: &str, b: &str| Template {
        subject: s.to_owned(),
        body: b.to_owned(),
    };
    match (language, kind) {
        (Language::Fr, DocumentKind::CreditNote) => t(
            "Avoir {number}",
            "Bonjour {customer},\n\nVeuillez trouver ci-joint notre avoir {number} d'un montant de {amount}.\n\nCordialement,\n{sender}\n",
        ),
        (Language::Fr, _) => t(
            "Facture {number}",
            "Bonjour {customer},\n\nVeuillez trouver ci-joint notre facture {number} d'un montant de {amount}.\nÉchéance : {due_date}\nPaiement en ligne : {payment_link}\n\nCordialement,\n{sender}\n",
        ),
        (Language::En, DocumentKind::CreditNote) => t(
            "Credit note {number}",
            "Hello {customer},\n\nPlease find attached our credit note {number} for {amount}.\n\nKind regards,\n{sender}\n",
        ),
        (Language::En, _) => t(
            "Invoice {number}",
            "Hello {customer},\n\nPlease find attached our invoice {number} for {amount}.\nDue date: {due_date}\nPay online: {payment_link}\n\nKind regards,\n{sender}\n",
        ),
    }
}

fn fill(text: &str, v: &Vars) -> String {
    fill_values(
        text,
        &[
            ("{customer}", Some(v.customer.as_str())),
            ("{number}", Some(v.number.as_str())),
            ("{amount}", Some(v.amount.as_str())),
            ("{due_date}", v.due_date.as_deref()),
            ("{payment_link}", v.payment_link.as_deref()),
            ("{sender}", Some(v.sender.as_str())),
        ],
    )
}

/// Fills each `{key}` with its value; a line with a placeholder that has no value (None or
/// blank) is left out.
pub fn fill_values(text: &str, values: &[(&str, Option<&str>)]) -> String {
    let mut out = Vec::new();
    'lines: for line in text.split('\n') {
        let mut line = line.to_owned();
        for (key, value) in values {
            if line.contains(key) {
                match value.filter(|x| !x.trim().is_empty()) {
                    Some(x) => line = line.replace(key, x),
                    None => continue 'lines,
                }
            }
        }
        out.push(line);
    }
    out.join("\n")
}

/// The subject and body with every placeholder filled.
pub fn render(t: &Template, v: &Vars) -> Template {
    Template {
        subject: fill(&t.subject, v).replace(['\r', '\n'], " "),
        body: fill(&t.body, v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_filled_and_empty_lines_dropped() {
        let v = Vars {
            customer: "Atelier Moreau".into(),
            number: "F-2026-0001".into(),
            amount: "1 200,00 EUR".into(),
            due_date: Some("29/12/2026".into()),
            payment_link: None,
            sender: "Camille Martin EI".into(),
        };
        let r = render(&default_template(Language::Fr, DocumentKind::Invoice), &v);
        assert_eq!(r.subject, "Facture F-2026-0001");
        assert!(r.body.starts_with("Bonjour Atelier Moreau,"));
        assert!(
            r.body
                .contains("facture F-2026-0001 d'un montant de 1 200,00 EUR.")
        );
        assert!(r.body.contains("Échéance : 29/12/2026"));
        assert!(!r.body.contains("Paiement en ligne"), "{}", r.body);
        assert!(!r.body.contains('{'));
        let en = render(
            &default_template(Language::En, DocumentKind::Invoice),
            &Vars {
                payment_link: Some("https://pay.example/x".into()),
                ..v
            },
        );
        assert!(en.body.contains("Pay online: https://pay.example/x"));
    }
}
