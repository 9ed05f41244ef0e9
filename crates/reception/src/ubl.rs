//! UBL 2.1 Invoice and CreditNote (Peppol BIS Billing 3.0, XRechnung UBL) read into the
//! model, by the paths of the EN 16931 UBL syntax binding.

use crate::codes;
use crate::error::ReadError;
use crate::model::{
    Address, AllowanceCharge, Format, Line, Party, Payment, Received, Totals, VatBreakdown,
};
use crate::xml::{at, child, children, date_of, decimal_of, text_at, text_of};
use roxmltree::Node;

pub fn read(root: Node<'_, '_>, credit_note: bool) -> Result<Received, ReadError> {
    let (type_tag, line_tag, quantity_tag) = if credit_note {
        ("CreditNoteTypeCode", "CreditNoteLine", "CreditedQuantity")
    } else {
        ("InvoiceTypeCode", "InvoiceLine", "InvoicedQuantity")
    };
    let issue_date = date_of(child(root, "IssueDate"), "the issue date (BT-2)")?
        .ok_or_else(|| ReadError::Inconsistent("the invoice has no issue date (BT-2)".into()))?;
    let due_date = match date_of(child(root, "DueDate"), "the due date (BT-9)")? {
        Some(d) => Some(d),
        // A CreditNote has its due date in the payment means.
        None => {
            let mut found = None;
            for means in children(root, "PaymentMeans") {
                if let Some(d) = date_of(child(means, "PaymentDueDate"), "the due date (BT-9)")? {
                    found = Some(d);
                    break;
                }
            }
            found
        }
    };
    let type_code = text_at(root, &[type_tag]);
    let currency = text_at(root, &["DocumentCurrencyCode"]);
    let lines = children(root, line_tag)
        .map(|l| line(l, quantity_tag))
        .collect::<Result<Vec<_>, _>>()?;
    let mut vat_breakdown = Vec::new();
    for total in children(root, "TaxTotal") {
        for sub in children(total, "TaxSubtotal") {
            vat_breakdown.push(breakdown(sub)?);
        }
    }
    let allowances_charges = children(root, "AllowanceCharge")
        .map(allowance_charge)
        .collect::<Result<Vec<_>, _>>()?;

    Ok(Received {
        format: Format::Ubl,
        attachment_name: None,
        specification_id: text_at(root, &["CustomizationID"]),
        business_process: text_at(root, &["ProfileID"]),
        is_credit_note: credit_note || type_code.as_deref().is_some_and(codes::is_credit_note_type),
        type_code,
        number: text_at(root, &["ID"]),
        issue_date,
        due_date,
        buyer_reference: text_at(root, &["BuyerReference"]),
        purchase_order: text_at(root, &["OrderReference", "ID"]),
        preceding_invoice: text_at(
            root,
            &["BillingReference", "InvoiceDocumentReference", "ID"],
        ),
        seller: at(root, &["AccountingSupplierParty", "Party"])
            .map(party)
            .unwrap_or_default(),
        buyer: at(root, &["AccountingCustomerParty", "Party"])
            .map(party)
            .unwrap_or_default(),
        tax_representative_vat_id: text_at(
            root,
            &["TaxRepresentativeParty", "PartyTaxScheme", "CompanyID"],
        ),
        lines,
        allowances_charges,
        vat_breakdown,
        totals: totals(root, currency.as_deref())?,
        payment: Payment {
            means_code: text_at(root, &["PaymentMeans", "PaymentMeansCode"]),
            reference: children(root, "PaymentMeans").find_map(|m| text_at(m, &["PaymentID"])),
            accounts: children(root, "PaymentMeans")
                .filter_map(|m| text_at(m, &["PayeeFinancialAccount", "ID"]))
                .collect(),
            terms: text_at(root, &["PaymentTerms", "Note"]),
        },
        currency,
        findings: Vec::new(),
    })
}

fn party(p: Node<'_, '_>) -> Party {
    let mut vat_id = None;
    let mut tax_registration_id = None;
    for scheme in children(p, "PartyTaxScheme") {
        let id = text_at(scheme, &["CompanyID"]);
        let is_vat =
            text_at(scheme, &["TaxScheme", "ID"]).is_some_and(|s| s.eq_ignore_ascii_case("VAT"));
        if is_vat {
            vat_id = vat_id.or(id);
        } else {
            tax_registration_id = tax_registration_id.or(id);
        }
    }
    Party {
        name: text_at(p, &["PartyLegalEntity", "RegistrationName"]),
        trading_name: text_at(p, &["PartyName", "Name"]),
        identifier: children(p, "PartyIdentification").find_map(|i| text_at(i, &["ID"])),
        legal_id: text_at(p, &["PartyLegalEntity", "CompanyID"]),
        vat_id,
        tax_registration_id,
        address: child(p, "PostalAddress").map(|a| Address {
            lines: [child(a, "StreetName"), child(a, "AdditionalStreetName")]
                .into_iter()
                .chain(children(a, "AddressLine").map(|l| child(l, "Line")))
                .filter_map(text_of)
                .collect(),
            city: text_at(a, &["CityName"]),
            postcode: text_at(a, &["PostalZone"]),
            subdivision: text_at(a, &["CountrySubentity"]),
            country: text_at(a, &["Country", "IdentificationCode"]),
        }),
    }
}

fn line(l: Node<'_, '_>, quantity_tag: &str) -> Result<Line, ReadError> {
    let quantity = child(l, quantity_tag);
    let tax = at(l, &["Item", "ClassifiedTaxCategory"]);
    let price = child(l, "Price");
    Ok(Line {
        id: text_at(l, &["ID"]),
        name: text_at(l, &["Item", "Name"]),
        quantity: decimal_of(quantity, "a line's quantity (BT-129)")?,
        unit_code: quantity
            .and_then(|q| q.attribute("unitCode"))
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty()),
        net_price: decimal_of(
            price.and_then(|p| child(p, "PriceAmount")),
            "a line's net price (BT-146)",
        )?,
        price_base_quantity: decimal_of(
            price.and_then(|p| child(p, "BaseQuantity")),
            "a line's price base quantity (BT-149)",
        )?,
        net_amount: decimal_of(
            child(l, "LineExtensionAmount"),
            "a line's net amount (BT-131)",
        )?,
        vat_category: tax.and_then(|t| text_at(t, &["ID"])),
        vat_rate: decimal_of(
            tax.and_then(|t| child(t, "Percent")),
            "a line's VAT rate (BT-152)",
        )?,
    })
}

fn breakdown(sub: Node<'_, '_>) -> Result<VatBreakdown, ReadError> {
    let category = child(sub, "TaxCategory");
    Ok(VatBreakdown {
        category: category.and_then(|c| text_at(c, &["ID"])),
        rate: decimal_of(
            category.and_then(|c| child(c, "Percent")),
            "a VAT breakdown's rate (BT-119)",
        )?,
        taxable: decimal_of(
            child(sub, "TaxableAmount"),
            "a VAT breakdown's taxable amount (BT-116)",
        )?,
        tax: decimal_of(
            child(sub, "TaxAmount"),
            "a VAT breakdown's tax amount (BT-117)",
        )?,
        exemption_reason: category.and_then(|c| text_at(c, &["TaxExemptionReason"])),
        exemption_reason_code: category.and_then(|c| text_at(c, &["TaxExemptionReasonCode"])),
    })
}

fn allowance_charge(ac: Node<'_, '_>) -> Result<AllowanceCharge, ReadError> {
    let charge = match text_at(ac, &["ChargeIndicator"]).as_deref() {
        Some("true" | "1") => true,
        Some("false" | "0") => false,
        other => {
            return Err(ReadError::Inconsistent(format!(
                "a document-level allowance or charge has the indicator {other:?}, \
                 neither true nor false"
            )));
        }
    };
    let tax = child(ac, "TaxCategory");
    Ok(AllowanceCharge {
        charge,
        amount: decimal_of(
            child(ac, "Amount"),
            "a document-level allowance or charge amount (BT-92, BT-99)",
        )?,
        vat_category: tax.and_then(|t| text_at(t, &["ID"])),
        vat_rate: decimal_of(
            tax.and_then(|t| child(t, "Percent")),
            "a document-level allowance or charge VAT rate (BT-96, BT-103)",
        )?,
        reason: text_at(ac, &["AllowanceChargeReason"]),
    })
}

fn totals(root: Node<'_, '_>, currency: Option<&str>) -> Result<Totals, ReadError> {
    let sum = child(root, "LegalMonetaryTotal");
    let get = |name: &str, term: &str| decimal_of(sum.and_then(|s| child(s, name)), term);
    // BT-110 is the TaxTotal amount in the invoice currency; another in the VAT accounting
    // currency is BT-111.
    let amounts: Vec<_> = children(root, "TaxTotal")
        .filter_map(|t| child(t, "TaxAmount"))
        .collect();
    let vat_node = amounts
        .iter()
        .find(|a| a.attribute("currencyID").map(str::trim) == currency)
        .or(if amounts.len() == 1 {
            amounts.first()
        } else {
            None
        });
    Ok(Totals {
        line_total: get(
            "LineExtensionAmount",
            "the sum of line net amounts (BT-106)",
        )?,
        allowances: get("AllowanceTotalAmount", "the sum of allowances (BT-107)")?,
        charges: get("ChargeTotalAmount", "the sum of charges (BT-108)")?,
        without_vat: get("TaxExclusiveAmount", "the total without VAT (BT-109)")?,
        vat: decimal_of(vat_node.copied(), "the total VAT (BT-110)")?,
        with_vat: get("TaxInclusiveAmount", "the total with VAT (BT-112)")?.ok_or_else(|| {
            ReadError::Inconsistent("the invoice has no total with VAT (BT-112)".into())
        })?,
        prepaid: get("PrepaidAmount", "the paid amount (BT-113)")?,
        rounding: get("PayableRoundingAmount", "the rounding amount (BT-114)")?,
        payable: get("PayableAmount", "the amount due for payment (BT-115)")?,
    })
}
