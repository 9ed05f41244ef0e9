//! The notes of the reports in the PDF's language: French worded from their codes (the app's
//! `rep.note.*` in ui/src/lib/i18n/fr.ts), English as the API words them.

use super::pdf_words::fill;
use super::types::ReportNote;
use autoinvoice_documents::pdf::format;
use autoinvoice_domain::party::Language;
use rust_decimal::Decimal;

/// The French wording of a note by its code (the app's `rep.note.*`), `None` for a code this
/// does not know yet.
fn french_note(code: &str) -> Option<&'static str> {
    Some(match code {
        "services_on_receipts" => {
            "Prestations de services : la TVA est exigible à l’encaissement (pas d’option sur les débits) ; elle est donc comptée sur les paiements reçus dans la période, répartis selon les taux de chaque facture. Livraisons de biens : la TVA est exigible à la facturation. Les documents qui ne disent ni biens ni services comptent comme services."
        }
        "credit_notes_on_receipts" => {
            "À l’encaissement, un avoir ne modifie la TVA que lorsque l’argent est rendu : saisissez le remboursement dans la période où il est payé."
        }
        "option_debits" => {
            "Option pour les débits : toute la TVA est exigible à la facturation ; les avoirs émis dans la période sont déduits."
        }
        "other_currency" => {
            "Les documents dans une autre devise que {value} sont laissés de côté : convertissez-les au cours du jour où la TVA est devenue exigible."
        }
        "franchise" => {
            "En franchise en base de TVA (art. 293 B du CGI), aucune TVA n’est collectée et aucune déclaration n’est déposée ; voir le suivi de la franchise."
        }
        "rate_by_hand" => {
            "La TVA à {value} % n’a pas de ligne propre sur la CA3 (taux outre-mer ou particulier) : saisissez-la à la main."
        }
        "deductible_on_invoice_date" => {
            "La TVA déductible est comptée à la date de chaque facture reçue. Pour les services d’un fournisseur imposé à l’encaissement, elle ne devient déductible qu’au paiement : déplacez ces montants à la main."
        }
        "purchases_other_currency" => {
            "Les factures reçues dans une autre devise que {value} sont laissées hors de la TVA déductible."
        }
        "reverse_charge" => {
            "Certaines factures reçues sont en autoliquidation (catégories AE ou K) : la TVA due et déductible n’y figure pas ; portez-la à la main sur la CA3."
        }
        "turnover_basis" => {
            "Chiffre d’affaires hors taxes : ventes de biens à la facturation, services à l’encaissement (les documents qui ne disent ni biens ni services comptent comme services). La limite « tout » s’applique aux ventes de biens et au total d’une activité mixte ; les services ont la leur."
        }
        "thresholds_of" => {
            "Seuils de {value} (art. 293 B du CGI ; le seuil unique de 25 000 € de la loi de finances 2025 a été abrogé avant de s’appliquer). Au-delà du seuil de base, la franchise prend fin au 1er janvier suivant ; au-delà du seuil majoré, la TVA est due dès le jour du dépassement."
        }
        "other_professions" => {
            "Avocats, auteurs et artistes-interprètes ont d’autres seuils (50 000 / 55 000 €) : ce suivi ne les applique pas."
        }
        _ => return None,
    })
}

/// A note in the report's language: French from its code, English as the API words it (also
/// the fallback for a code without a French wording).
pub(super) fn note(n: &ReportNote, lang: Language) -> String {
    match (lang, french_note(&n.code)) {
        (Language::Fr, Some(template)) => {
            let value = n.value.as_deref().unwrap_or_default();
            // A rate is written the French way ("8,5").
            let value = match (n.code.as_str(), value.parse::<Decimal>()) {
                ("rate_by_hand", Ok(rate)) => format::number(rate, lang),
                _ => value.to_owned(),
            };
            fill(template, &[("value", &value)])
        }
        _ => n.text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_code_of_the_reports_has_a_french_wording() {
        for code in [
            "services_on_receipts",
            "credit_notes_on_receipts",
            "option_debits",
            "other_currency",
            "franchise",
            "rate_by_hand",
            "deductible_on_invoice_date",
            "purchases_other_currency",
            "reverse_charge",
            "turnover_basis",
            "thresholds_of",
            "other_professions",
        ] {
            assert!(french_note(code).is_some(), "{code}");
        }
        let n = ReportNote::with("rate_by_hand", "8.5", "VAT at 8.5 % …");
        assert!(note(&n, Language::Fr).starts_with("La TVA à 8,5 % n’a pas"));
        assert_eq!(note(&n, Language::En), "VAT at 8.5 % …");
        let unknown = ReportNote::new("new_code", "Plain English.");
        assert_eq!(note(&unknown, Language::Fr), "Plain English.");
    }

    /// The same words as the app: every `rep.note.*` of the UI's French, word for word.
    #[test]
    fn the_french_wordings_are_the_apps() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/lib/i18n/fr.ts");
        let fr = std::fs::read_to_string(path).unwrap();
        let mut seen = 0;
        for line in fr.lines() {
            let Some(rest) = line.trim().strip_prefix("'rep.note.") else {
                continue;
            };
            let (code, text) = rest.split_once("': '").unwrap();
            let text = text.strip_suffix("',").unwrap();
            assert_eq!(french_note(code), Some(text), "rep.note.{code}");
            seen += 1;
        }
        assert!(seen >= 12, "{seen} notes in {path}");
    }
}
