//! The EPC QR code ("SEPA credit transfer", EPC069-12 v2): banking apps read the payee,
//! IBAN, amount and reference from it.

use super::PdfOptions;
use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::full_document::FullDocument;
use fast_qr::{ECL, QRBuilder};
use rust_decimal::Decimal;

/// The EPC payload, or `None` when the amount is outside what the standard allows
/// (0.01 to 999,999,999.99 EUR).
pub fn epc_payload(
    name: &str,
    iban: &str,
    bic: Option<&str>,
    amount: Decimal,
    reference: &str,
) -> Option<String> {
    if amount < Decimal::new(1, 2) || amount > Decimal::new(99_999_999_999, 2) {
        return None;
    }
    let mut amount = amount;
    amount.rescale(2);
    let name: String = name.chars().filter(|c| !c.is_control()).take(70).collect();
    let text: String = reference
        .chars()
        .filter(|c| !c.is_control())
        .take(140)
        .collect();
    Some(format!(
        "BCD\n002\n1\nSCT\n{}\n{name}\n{iban}\nEUR{amount}\n\n\n{text}",
        bic.unwrap_or("")
    ))
}

/// The QR code modules (side length, row-major dark flags), error correction M as EPC asks.
pub fn epc(
    name: &str,
    iban: &str,
    bic: Option<&str>,
    amount: Decimal,
    reference: &str,
) -> Option<(usize, Vec<bool>)> {
    modules(&epc_payload(name, iban, bic, amount, reference)?)
}

/// The payload of the QR code a document shows under its payment block: issued EUR invoices
/// with an amount due, when the seller has an IBAN and the option is on.
pub fn payment_payload(doc: &FullDocument, opts: &PdfOptions) -> Option<String> {
    let s = &doc.seller;
    match (&s.iban, &doc.number) {
        (Some(iban), Some(number))
            if opts.show_payment
                && opts.show_payment_qr
                && doc.kind == DocumentKind::Invoice
                && doc.content.currency.code() == "EUR"
                && doc.totals.due > Decimal::ZERO =>
        {
            epc_payload(
                &s.display_name(),
                iban,
                s.bic.as_deref(),
                doc.totals.due,
                number,
            )
        }
        _ => None,
    }
}

/// The modules of a payload's QR code, error correction M as EPC asks.
pub fn modules(payload: &str) -> Option<(usize, Vec<bool>)> {
    // fast_qr picks the mask as the standard asks, several times faster than the usual crate.
    let code = QRBuilder::new(payload.as_bytes())
        .ecl(ECL::M)
        .build()
        .ok()?;
    let width = code.size;
    let modules = code.data[..width * width]
        .iter()
        .map(|m| m.value())
        .collect();
    Some((width, modules))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epc_payload_follows_the_standard() {
        let p = epc_payload(
            "Camille Martin EI",
            "FR7630006000011234567890189",
            Some("AGRIFRPP"),
            "1684.4".parse().unwrap(),
            "F-2026-0001",
        )
        .unwrap();
        assert_eq!(
            p,
            "BCD\n002\n1\nSCT\nAGRIFRPP\nCamille Martin EI\nFR7630006000011234567890189\nEUR1684.40\n\n\nF-2026-0001"
        );
        assert!(epc_payload("x", "FR76", None, Decimal::ZERO, "r").is_none());
        let (w, m) = epc(
            "Camille Martin EI",
            "FR7630006000011234567890189",
            None,
            Decimal::ONE,
            "F-1",
        )
        .unwrap();
        assert_eq!(m.len(), w * w);
    }
}
