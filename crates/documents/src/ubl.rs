//! UBL 2.1 Invoice and CreditNote following Peppol BIS Billing 3.0.

use crate::error::DocumentResult;
use crate::xml::{
    Note, XmlWriter, ac_reason, amount, date_iso, decimal, einvoice_number, has_category, notes,
    payment_means, payment_terms_text, percent_and_base, tax_currency, vat_eas,
};
use autoinvoice_domain::document::{DocumentKind, Line};
use autoinvoice_domain::full_document::FullDocument;
use autoinvoice_domain::party::Address;
use autoinvoice_domain::vat::VatCategory;
use rust_decimal::Decimal;

const NS_INVOICE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const NS_CREDIT_NOTE: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
const NS_CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const NS_CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

/// Peppol BIS Billing 3.0 specification identifier (BT-24).
pub const CUSTOMIZATION_ID: &str =
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
/// Peppol business process (BT-23).
pub const PROFILE_ID: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

/// Writes an issued invoice as a UBL `Invoice` (380), a credit note as a `CreditNote` (381).
/// Drafts and quotes are refused with [`crate::DocumentError::Unsupported`].
pub fn ubl_xml(doc: &FullDocument) -> DocumentResult<Vec<u8>> {
    let number = einvoice_number(doc)?;
    let credit = doc.kind == DocumentKind::CreditNote;
    let currency = doc.content.currency;
    let cur = currency.code();
    let totals = &doc.totals;
    let tax_currency = tax_currency(doc);
    let (root, ns) = if credit {
        ("CreditNote", NS_CREDIT_NOTE)
    } else {
        ("Invoice", NS_INVOICE)
    };
    let mut x = XmlWriter::new();
    x.elem_keep(
        root,
        &[("xmlns", ns), ("xmlns:cac", NS_CAC), ("xmlns:cbc", NS_CBC)],
        |x| {
            x.leaf("cbc:CustomizationID", CUSTOMIZATION_ID);
            x.leaf("cbc:ProfileID", PROFILE_ID);
            x.leaf("cbc:ID", number);
            x.leaf("cbc:IssueDate", &date_iso(doc.issue_date));
            if !credit && let Some(due) = doc.due_date {
                x.leaf("cbc:DueDate", &date_iso(due));
            }
            if credit {
                x.leaf("cbc:CreditNoteTypeCode", doc.kind.type_code());
            } else {
                x.leaf("cbc:InvoiceTypeCode", doc.kind.type_code());
            }
            x.opt_leaf("cbc:Note", single_note(&notes(doc)).as_deref());
            x.leaf("cbc:DocumentCurrencyCode", cur);
            if let Some(tc) = tax_currency {
                x.leaf("cbc:TaxCurrencyCode", tc.code());
            }
            x.opt_leaf("cbc:BuyerReference", doc.content.buyer_reference.as_deref());
            x.elem("cac:InvoicePeriod", |x| {
                if let Some(s) = doc.content.period_start {
                    x.leaf("cbc:StartDate", &date_iso(s));
                }
                if let Some(e) = doc.content.period_end {
                    x.leaf("cbc:EndDate", &date_iso(e));
                }
            });
            x.elem("cac:OrderReference", |x| {
                x.opt_leaf("cbc:ID", doc.content.purchase_order.as_deref());
            });
            if credit && let Some(p) = &doc.preceding {
                x.elem("cac:BillingReference", |x| {
                    x.elem("cac:InvoiceDocumentReference", |x| {
                        x.leaf("cbc:ID", &p.number);
                        if let Some(d) = p.issue_date {
                            x.leaf("cbc:IssueDate", &date_iso(d));
                        }
                    });
                });
            }
            supplier(x, doc);
            customer(x, doc);
            delivery(x, doc);
            let means = payment_means(doc);
            x.elem("cac:PaymentMeans", |x| {
                x.leaf("cbc:PaymentMeansCode", means.code);
                if credit && let Some(due) = doc.due_date {
                    x.leaf("cbc:PaymentDueDate", &date_iso(due));
                }
                if !credit {
                    x.leaf("cbc:PaymentID", number);
                }
                if let Some(iban) = means.iban {
                    x.elem("cac:PayeeFinancialAccount", |x| {
                        x.leaf("cbc:ID", iban);
                        if let Some(bic) = means.bic {
                            x.elem("cac:FinancialInstitutionBranch", |x| x.leaf("cbc:ID", bic));
                        }
                    });
                }
            });
            x.elem("cac:PaymentTerms", |x| {
                x.opt_leaf("cbc:Note", payment_terms_text(doc).as_deref());
            });
            for ac in &doc.content.allowances_charges {
                let category = ac.vat_category.unwrap_or(VatCategory::S);
                allowance_charge(x, doc, AllowanceFields::document(ac), |x| {
                    tax_category(x, "cac:TaxCategory", category, ac.vat_rate, None);
                });
            }
            x.elem("cac:TaxTotal", |x| {
                money(x, "cbc:TaxAmount", totals.tax_total, doc);
                for b in &totals.vat_breakdown {
                    x.elem("cac:TaxSubtotal", |x| {
                        money(x, "cbc:TaxableAmount", b.taxable, doc);
                        money(x, "cbc:TaxAmount", b.tax, doc);
                        tax_category(
                            x,
                            "cac:TaxCategory",
                            b.category,
                            b.rate,
                            b.exemption.as_ref(),
                        );
                    });
                }
            });
            if let Some(tc) = tax_currency {
                // BT-111: no VAT at all, so zero in the accounting currency too.
                x.elem("cac:TaxTotal", |x| {
                    x.leaf_attrs(
                        "cbc:TaxAmount",
                        &[("currencyID", tc.code())],
                        &amount(Decimal::ZERO, tc),
                    );
                });
            }
            x.elem("cac:LegalMonetaryTotal", |x| {
                money(x, "cbc:LineExtensionAmount", totals.line_total, doc);
                money(x, "cbc:TaxExclusiveAmount", totals.tax_exclusive, doc);
                money(x, "cbc:TaxInclusiveAmount", totals.tax_inclusive, doc);
                let has_charges = doc.content.allowances_charges.iter().any(|a| a.charge);
                let has_allowances = doc.content.allowances_charges.iter().any(|a| !a.charge);
                if has_allowances || !totals.allowance_total.is_zero() {
                    money(x, "cbc:AllowanceTotalAmount", totals.allowance_total, doc);
                }
                if has_charges || !totals.charge_total.is_zero() {
                    money(x, "cbc:ChargeTotalAmount", totals.charge_total, doc);
                }
                if !totals.prepaid.is_zero() {
                    money(x, "cbc:PrepaidAmount", totals.prepaid, doc);
                }
                if !totals.rounding.is_zero() {
                    money(x, "cbc:PayableRoundingAmount", totals.rounding, doc);
                }
                money(x, "cbc:PayableAmount", totals.due, doc);
            });
            for (i, line) in doc.content.lines.iter().enumerate() {
                invoice_line(x, doc, i, line);
            }
        },
    );
    Ok(x.finish())
}

/// Peppol allows one document note (PEPPOL-EN16931-R002), and UBL has no subject code: the
/// notes are joined, one per line.
fn single_note(notes: &[Note]) -> Option<String> {
    let texts: Vec<&str> = notes.iter().map(|n| n.text.as_str()).collect();
    (!texts.is_empty()).then(|| texts.join("\n"))
}

/// What a document- or line-level allowance or charge has in common.
struct AllowanceFields<'a> {
    charge: bool,
    amount: Decimal,
    percent: Option<Decimal>,
    base: Option<Decimal>,
    reason: Option<&'a str>,
    reason_code: Option<&'a str>,
}

impl<'a> AllowanceFields<'a> {
    fn document(ac: &'a autoinvoice_domain::document::AllowanceCharge) -> Self {
        Self {
            charge: ac.charge,
            amount: ac.amount.unwrap_or_default(),
            percent: ac.percent,
            base: ac.base,
            reason: ac.reason.as_deref(),
            reason_code: ac.reason_code.as_deref(),
        }
    }
    fn line(ac: &'a autoinvoice_domain::document::LineAllowanceCharge) -> Self {
        Self {
            charge: ac.charge,
            amount: ac.amount.unwrap_or_default(),
            percent: ac.percent,
            base: ac.base,
            reason: ac.reason.as_deref(),
            reason_code: ac.reason_code.as_deref(),
        }
    }
}

/// One `cac:AllowanceCharge`; `tax` writes what follows the amounts (the document level's
/// tax category).
fn allowance_charge(
    x: &mut XmlWriter,
    doc: &FullDocument,
    ac: AllowanceFields<'_>,
    tax: impl FnOnce(&mut XmlWriter),
) {
    let (reason, code) = ac_reason(ac.reason, ac.reason_code, ac.charge, doc.language);
    x.elem("cac:AllowanceCharge", |x| {
        x.leaf(
            "cbc:ChargeIndicator",
            if ac.charge { "true" } else { "false" },
        );
        x.opt_leaf("cbc:AllowanceChargeReasonCode", code);
        x.opt_leaf("cbc:AllowanceChargeReason", reason);
        let pb = percent_and_base(ac.amount, ac.percent, ac.base, doc.content.currency);
        if let Some((p, _)) = pb {
            x.leaf("cbc:MultiplierFactorNumeric", &decimal(p));
        }
        money(x, "cbc:Amount", ac.amount, doc);
        if let Some((_, b)) = pb {
            money(x, "cbc:BaseAmount", b, doc);
        }
        tax(x);
    });
}

fn money(x: &mut XmlWriter, tag: &str, value: Decimal, doc: &FullDocument) {
    let currency = doc.content.currency;
    x.leaf_attrs(
        tag,
        &[("currencyID", currency.code())],
        &amount(value, currency),
    );
}

fn tax_category(
    x: &mut XmlWriter,
    tag: &str,
    category: VatCategory,
    rate: Option<Decimal>,
    exemption: Option<&autoinvoice_domain::vat::Exemption>,
) {
    x.elem(tag, |x| {
        x.leaf("cbc:ID", category.code());
        if category != VatCategory::O
            && let Some(r) = rate
        {
            x.leaf("cbc:Percent", &decimal(r));
        }
        if let Some(e) = exemption {
            x.opt_leaf("cbc:TaxExemptionReasonCode", e.code.as_deref());
            x.opt_leaf("cbc:TaxExemptionReason", e.reason.as_deref());
        }
        x.elem("cac:TaxScheme", |x| x.leaf("cbc:ID", "VAT"));
    });
}

fn address(x: &mut XmlWriter, tag: &str, a: &Address) {
    x.elem(tag, |x| {
        x.leaf("cbc:StreetName", &a.line1);
        x.opt_leaf("cbc:AdditionalStreetName", a.line2.as_deref());
        x.leaf("cbc:CityName", &a.city);
        x.leaf("cbc:PostalZone", &a.postcode);
        if let Some(l3) = a.line3.as_deref() {
            x.elem("cac:AddressLine", |x| x.leaf("cbc:Line", l3));
        }
        x.elem("cac:Country", |x| {
            x.leaf("cbc:IdentificationCode", &a.country)
        });
    });
}

/// The electronic address (BT-34 / BT-49): a Peppol identifier the party has (SIREN, else its
/// VAT number where Peppol has a scheme for it), else its email address.
fn endpoint(x: &mut XmlWriter, siren: Option<&str>, vat: Option<&str>, email: Option<&str>) {
    if let Some(s) = siren {
        x.leaf_attrs("cbc:EndpointID", &[("schemeID", "0002")], s);
    } else if let Some((v, eas)) = vat.and_then(|v| vat_eas(v).map(|e| (v, e))) {
        x.leaf_attrs("cbc:EndpointID", &[("schemeID", eas)], v);
    } else if let Some(e) = email {
        x.leaf_attrs("cbc:EndpointID", &[("schemeID", "EM")], e);
    }
}

fn party_tax_scheme(x: &mut XmlWriter, id: &str, scheme: &str) {
    x.elem("cac:PartyTaxScheme", |x| {
        x.leaf("cbc:CompanyID", id);
        x.elem("cac:TaxScheme", |x| x.leaf("cbc:ID", scheme));
    });
}

fn supplier(x: &mut XmlWriter, doc: &FullDocument) {
    let s = &doc.seller;
    x.elem_keep("cac:AccountingSupplierParty", &[], |x| {
        x.elem_keep("cac:Party", &[], |x| {
            endpoint(
                x,
                s.siren.as_deref(),
                s.vat_number.as_deref(),
                s.email.as_deref(),
            );
            if let Some(siret) = s.siret.as_deref() {
                x.elem("cac:PartyIdentification", |x| {
                    x.leaf_attrs("cbc:ID", &[("schemeID", "0009")], siret);
                });
            }
            if let Some(t) = s.trading_name.as_deref() {
                x.elem("cac:PartyName", |x| x.leaf("cbc:Name", t));
            }
            address(x, "cac:PostalAddress", &s.address);
            match (s.vat_number.as_deref(), s.siren.as_deref()) {
                (Some(vat), _) => party_tax_scheme(x, vat, "VAT"),
                // No VAT number (French franchise): the tax registration identifier (BT-32),
                // under a tax scheme other than VAT, as exempt lines need one (BR-E-02).
                (None, Some(siren)) => party_tax_scheme(x, siren, "TAX"),
                (None, None) => {}
            }
            x.elem("cac:PartyLegalEntity", |x| {
                x.leaf("cbc:RegistrationName", &s.display_name());
                if let Some(siren) = s.siren.as_deref() {
                    x.leaf_attrs("cbc:CompanyID", &[("schemeID", "0002")], siren);
                }
                x.opt_leaf("cbc:CompanyLegalForm", s.registration.as_deref());
            });
            x.elem("cac:Contact", |x| {
                x.opt_leaf("cbc:Telephone", s.phone.as_deref());
                x.opt_leaf("cbc:ElectronicMail", s.email.as_deref());
            });
        });
    });
}

fn customer(x: &mut XmlWriter, doc: &FullDocument) {
    let b = &doc.buyer;
    x.elem_keep("cac:AccountingCustomerParty", &[], |x| {
        x.elem_keep("cac:Party", &[], |x| {
            endpoint(
                x,
                b.siren.as_deref(),
                b.vat_number.as_deref(),
                b.emails.first().map(String::as_str),
            );
            address(x, "cac:PostalAddress", &b.address);
            if let Some(vat) = b.vat_number.as_deref() {
                party_tax_scheme(x, vat, "VAT");
            }
            x.elem("cac:PartyLegalEntity", |x| {
                x.leaf("cbc:RegistrationName", &b.name);
                if let Some(siren) = b.siren.as_deref() {
                    x.leaf_attrs("cbc:CompanyID", &[("schemeID", "0002")], siren);
                }
            });
            x.elem("cac:Contact", |x| {
                x.opt_leaf("cbc:ElectronicMail", b.emails.first().map(String::as_str));
            });
        });
    });
}

fn delivery(x: &mut XmlWriter, doc: &FullDocument) {
    let buyer = &doc.buyer;
    // No delivery address means the billing address (the domain drops an identical one); an
    // intra-community supply must name the deliver-to country (BR-IC-12).
    let ship_to = buyer
        .delivery_address
        .as_ref()
        .or_else(|| has_category(doc, VatCategory::K).then_some(&buyer.address));
    x.elem("cac:Delivery", |x| {
        if let Some(d) = doc.content.delivery_date {
            x.leaf("cbc:ActualDeliveryDate", &date_iso(d));
        }
        if let Some(a) = ship_to {
            x.elem("cac:DeliveryLocation", |x| address(x, "cac:Address", a));
            x.elem("cac:DeliveryParty", |x| {
                x.elem("cac:PartyName", |x| x.leaf("cbc:Name", &buyer.name));
            });
        }
    });
}

fn invoice_line(x: &mut XmlWriter, doc: &FullDocument, i: usize, line: &Line) {
    let currency = doc.content.currency;
    let credit = doc.kind == DocumentKind::CreditNote;
    let (tag, qty_tag) = if credit {
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    } else {
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    };
    x.elem_keep(tag, &[], |x| {
        x.leaf("cbc:ID", &(i + 1).to_string());
        x.leaf_attrs(
            qty_tag,
            &[("unitCode", &line.unit)],
            &decimal(line.quantity),
        );
        money(x, "cbc:LineExtensionAmount", doc.totals.line_nets[i], doc);
        for ac in &line.allowances_charges {
            allowance_charge(x, doc, AllowanceFields::line(ac), |_| {});
        }
        x.elem("cac:Item", |x| {
            x.opt_leaf("cbc:Description", line.description.as_deref());
            x.leaf("cbc:Name", &line.name);
            tax_category(
                x,
                "cac:ClassifiedTaxCategory",
                line.category(),
                line.vat_rate,
                None,
            );
        });
        x.elem("cac:Price", |x| {
            x.leaf_attrs(
                "cbc:PriceAmount",
                &[("currencyID", currency.code())],
                &decimal(line.unit_price),
            );
            if let Some(b) = line.base_quantity {
                x.leaf_attrs("cbc:BaseQuantity", &[("unitCode", &line.unit)], &decimal(b));
            }
            if let Some(gross) = line.gross_price {
                x.elem("cac:AllowanceCharge", |x| {
                    x.leaf("cbc:ChargeIndicator", "false");
                    x.leaf_attrs(
                        "cbc:Amount",
                        &[("currencyID", currency.code())],
                        &decimal(gross - line.unit_price),
                    );
                    x.leaf_attrs(
                        "cbc:BaseAmount",
                        &[("currencyID", currency.code())],
                        &decimal(gross),
                    );
                });
            }
        });
    });
}
