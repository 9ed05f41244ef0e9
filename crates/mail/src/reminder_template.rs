//! Payment reminder texts: subject and body per language and tone, the user's own text for
//! a stage when there is one, and the stable Message-ID of a reminder.
//!
//! Placeholders (see `autoinvoice_domain::reminders::PLACEHOLDERS`): `{customer}`,
//! `{number}`, `{amount}`, `{balance}`, `{due_date}`, `{days_late}`, `{rate}`,
//! `{interest}`, `{indemnity}`, `{payment_link}`, `{sender}`. A line whose placeholder has
//! no value is left out: no interest line when the invoice states no rate.

use crate::template::{Template, fill_values};
use autoinvoice_domain::party::Language;
use autoinvoice_domain::reminders::{Stage, Tone};

/// The values of the placeholders, already formatted for the language.
#[derive(Debug, Clone, Default)]
pub struct ReminderVars {
    pub customer: String,
    pub number: String,
    /// The invoice's total due.
    pub amount: String,
    /// What is still owed.
    pub balance: String,
    pub due_date: String,
    pub days_late: Option<String>,
    pub rate: Option<String>,
    pub interest: Option<String>,
    pub indemnity: Option<String>,
    pub payment_link: Option<String>,
    pub sender: String,
}

fn t(subject: &str, body: &str) -> Template {
    Template {
        subject: subject.to_owned(),
        body: body.to_owned(),
    }
}

/// The built-in text of a tone in a language.
pub fn default_reminder_template(language: Language, tone: Tone) -> Template {
    match (language, tone) {
        (Language::Fr, Tone::Courtesy) => t(
            "Rappel : facture {number} à échéance le {due_date}",
            "Bonjour {customer},\n\nPetit rappel : notre facture {number} d'un montant de {balance} arrive à échéance le {due_date}.\nPaiement en ligne : {payment_link}\n\nSi le règlement est déjà parti, merci de ne pas tenir compte de ce message.\n\nCordialement,\n{sender}\n",
        ),
        (Language::Fr, Tone::Reminder) => t(
            "Relance : facture {number} échue le {due_date}",
            "Bonjour {customer},\n\nSauf erreur de notre part, notre facture {number}, échue le {due_date}, n'est pas encore réglée : le solde dû est de {balance}.\nPaiement en ligne : {payment_link}\n\nMerci de procéder au règlement dans les meilleurs délais. Si le paiement a déjà été effectué, merci de ne pas tenir compte de ce message.\n\nCordialement,\n{sender}\n",
        ),
        (Language::Fr, Tone::Firm) => t(
            "Nouvelle relance : facture {number} impayée",
            "Bonjour {customer},\n\nMalgré nos précédents rappels, notre facture {number}, échue le {due_date}, reste impayée depuis {days_late} jours. Le solde dû est de {balance}.\n\nNous vous demandons de régler cette somme sous huit jours.\nPaiement en ligne : {payment_link}\n\nCordialement,\n{sender}\n",
        ),
        (Language::Fr, Tone::FormalNotice) => t(
            "Mise en demeure : facture {number}",
            "Bonjour {customer},\n\nMalgré nos relances, notre facture {number}, échue le {due_date}, reste impayée depuis {days_late} jours. Le solde dû est de {balance}.\n\nPar la présente, nous vous mettons en demeure de régler cette somme sous huit jours à compter de la réception de ce message.\n\nPénalités de retard au taux annuel de {rate}, à ce jour : {interest}\nIndemnité forfaitaire pour frais de recouvrement (art. L441-10 du Code de commerce) : {indemnity}\n\nÀ défaut de paiement dans ce délai, nous engagerons une procédure de recouvrement.\n\nCordialement,\n{sender}\n",
        ),
        (Language::En, Tone::Courtesy) => t(
            "Reminder: invoice {number} is due on {due_date}",
            "Hello {customer},\n\nA friendly reminder: our invoice {number} for {balance} is due on {due_date}.\nPay online: {payment_link}\n\nIf you have already paid, please disregard this message.\n\nKind regards,\n{sender}\n",
        ),
        (Language::En, Tone::Reminder) => t(
            "Reminder: invoice {number} was due on {due_date}",
            "Hello {customer},\n\nAccording to our records, our invoice {number}, due on {due_date}, has not been paid yet: {balance} remains due.\nPay online: {payment_link}\n\nPlease arrange payment at your earliest convenience. If you have already paid, please disregard this message.\n\nKind regards,\n{sender}\n",
        ),
        (Language::En, Tone::Firm) => t(
            "Second reminder: invoice {number} is unpaid",
            "Hello {customer},\n\nDespite our earlier reminders, our invoice {number}, due on {due_date}, has been unpaid for {days_late} days. {balance} remains due.\n\nPlease settle this amount within eight days.\nPay online: {payment_link}\n\nKind regards,\n{sender}\n",
        ),
        (Language::En, Tone::FormalNotice) => t(
            "Formal notice: invoice {number}",
            "Hello {customer},\n\nDespite our reminders, our invoice {number}, due on {due_date}, has been unpaid for {days_late} days. {balance} remains due.\n\nWe hereby give you formal notice to pay this amount within eight days of receiving this message.\n\nLate-payment interest at the annual rate of {rate}, to date: {interest}\nFixed recovery indemnity (art. L441-10 of the French Commercial Code): {indemnity}\n\nFailing payment within this period, we will start recovery proceedings.\n\nKind regards,\n{sender}\n",
        ),
    }
}

/// The stage's own text in `language` if the user wrote one, the tone's otherwise.
pub fn reminder_template(stage: &Stage, language: Language) -> Template {
    match stage.text(language) {
        Some(own) => Template {
            subject: own.subject.clone(),
            body: own.body.clone(),
        },
        None => default_reminder_template(language, stage.tone),
    }
}

/// The subject and body with every placeholder filled.
pub fn render_reminder(t: &Template, v: &ReminderVars) -> Template {
    let values: [(&str, Option<&str>); 11] = [
        ("{customer}", Some(v.customer.as_str())),
        ("{number}", Some(v.number.as_str())),
        ("{amount}", Some(v.amount.as_str())),
        ("{balance}", Some(v.balance.as_str())),
        ("{due_date}", Some(v.due_date.as_str())),
        ("{days_late}", v.days_late.as_deref()),
        ("{rate}", v.rate.as_deref()),
        ("{interest}", v.interest.as_deref()),
        ("{indemnity}", v.indemnity.as_deref()),
        ("{payment_link}", v.payment_link.as_deref()),
        ("{sender}", Some(v.sender.as_str())),
    ];
    Template {
        subject: fill_values(&t.subject, &values).replace(['\r', '\n'], " "),
        body: fill_values(&t.body, &values),
    }
}

/// The Message-ID of a stage's reminder for an invoice: the same whoever builds it and
/// however often, so that the outbox's UNIQUE message_id is a second lock against a
/// duplicate and the recipient's mail client recognizes a re-delivery.
pub fn reminder_message_id(invoice_uid: &str, stage: &str, from_address: &str) -> String {
    let domain = from_address
        .rsplit_once('@')
        .map(|(_, d)| d.trim())
        .filter(|d| !d.is_empty())
        .unwrap_or("autoinvoice.invalid");
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect()
    };
    format!(
        "<reminder.{}.{}.autoinvoice@{domain}>",
        clean(invoice_uid),
        clean(stage)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use autoinvoice_domain::reminders::{PLACEHOLDERS, Policy};

    fn vars() -> ReminderVars {
        ReminderVars {
            customer: "Atelier Moreau".into(),
            number: "F-2026-0007".into(),
            amount: "1 200,00 EUR".into(),
            balance: "700,00 EUR".into(),
            due_date: "01/03/2026".into(),
            days_late: Some("30".into()),
            rate: Some("12,09 %".into()),
            interest: Some("6,96 EUR".into()),
            indemnity: Some("40,00 EUR".into()),
            payment_link: None,
            sender: "Camille Martin EI".into(),
        }
    }

    #[test]
    fn every_tone_and_language_fills_every_placeholder() {
        for lang in [Language::Fr, Language::En] {
            for tone in [
                Tone::Courtesy,
                Tone::Reminder,
                Tone::Firm,
                Tone::FormalNotice,
            ] {
                let r = render_reminder(&default_reminder_template(lang, tone), &vars());
                assert!(!r.body.contains('{'), "{lang:?} {tone:?}: {}", r.body);
                assert!(r.subject.contains("F-2026-0007"));
                assert!(r.body.contains("Camille Martin EI"));
                // Only the built-in placeholders are used.
                for part in [
                    default_reminder_template(lang, tone).subject,
                    default_reminder_template(lang, tone).body,
                ] {
                    for piece in part.split('{').skip(1) {
                        let name = piece.split('}').next().unwrap_or_default();
                        assert!(PLACEHOLDERS.contains(&name), "{name}");
                    }
                }
            }
        }
    }

    #[test]
    fn formal_notice_states_charges_only_when_known() {
        let full = render_reminder(
            &default_reminder_template(Language::Fr, Tone::FormalNotice),
            &vars(),
        );
        assert!(
            full.body
                .contains("Pénalités de retard au taux annuel de 12,09 %, à ce jour : 6,96 EUR")
        );
        assert!(
            full.body
                .contains("recouvrement (art. L441-10 du Code de commerce) : 40,00 EUR")
        );
        let bare = render_reminder(
            &default_reminder_template(Language::Fr, Tone::FormalNotice),
            &ReminderVars {
                rate: None,
                interest: None,
                indemnity: None,
                ..vars()
            },
        );
        assert!(!bare.body.contains("Pénalités"));
        assert!(!bare.body.contains("Indemnité"));
    }

    #[test]
    fn own_text_wins_and_message_id_is_stable() {
        let mut p = Policy::default();
        p.stages[1]
            .texts
            .push(autoinvoice_domain::reminders::StageText {
                language: Language::En,
                subject: "Psst, {number}".into(),
                body: "Owed: {balance}".into(),
            });
        let r = render_reminder(&reminder_template(&p.stages[1], Language::En), &vars());
        assert_eq!(r.subject, "Psst, F-2026-0007");
        assert_eq!(r.body, "Owed: 700,00 EUR");
        assert_eq!(
            reminder_template(&p.stages[1], Language::Fr),
            default_reminder_template(Language::Fr, Tone::Reminder)
        );
        let a = reminder_message_id("0190-ab", "first", "factures@example.fr");
        assert_eq!(a, "<reminder.0190-ab.first.autoinvoice@example.fr>");
        assert_eq!(
            a,
            reminder_message_id("0190-ab", "first", "factures@example.fr")
        );
        assert_ne!(
            a,
            reminder_message_id("0190-ab", "second", "factures@example.fr")
        );
    }
}
