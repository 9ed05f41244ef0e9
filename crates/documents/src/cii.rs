//! UN/CEFACT Cross Industry Invoice (D16B, Factur-X 1.0 / ZUGFeRD 2 layout): the XML a
//! Factur-X PDF carries as `factur-x.xml`.

use crate::error::{DocumentError, DocumentResult};
use crate::xml::{
    XmlWriter, ac_reason, amount, date_102, decimal, einvoice_number, french_business_process,
    has_category, notes, payment_means, payment_terms_text, percent_and_base, tax_currency,
};
use autoinvoice_domain::document::{DocumentKind, Line};
use autoinvoice_domain::full_document::FullDocument;
use autoinvoice_domain::party::Address;
use autoinvoice_domain::vat::VatCategory;
use chrono::NaiveDate;
use rust_decimal::Decimal;

const NS_RSM: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
const NS_QDT: &str = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";
const NS_RAM: &str =
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
const NS_UDT: &str = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";

/// The Factur-X profile, named in the XML by its guideline ID (BT-24).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// Header, lines with their prices and VAT, no item descriptions or contacts.
    Basic,
    /// The full EN 16931 semantic model: accepted in France and Germany.
    #[default]
    En16931,
    /// EN 16931 plus Factur-X extensions (only the EN 16931 data is written).
    Extended,
}

impl Profile {
    /// The conformance level as the Factur-X XMP metadata spells it (`fx:ConformanceLevel`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Basic => "BASIC",
            Self::En16931 => "EN 16931",
            Self::Extended => "EXTENDED",
        }
    }

    /// The specification identifier (BT-24).
    pub fn guideline_id(self) -> &'static str {
        match self {
            Self::Basic => "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
            Self::En16931 => "urn:cen.eu:en16931:2017",
            Self::Extended => "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
        }
    }

    /// Whether the profile carries the data BASIC leaves out (item descriptions, contacts,
    /// the seller's additional legal information, the BIC, the rounding amount).
    fn full(self) -> bool {
        self != Self::Basic
    }
}

/// Writes an issued invoice (380) or credit note (381) as a CII document in `profile`.
/// Drafts and quotes are refused with [`DocumentError::Unsupported`].
pub fn cii_xml(doc: &FullDocument, profile: Profile) -> DocumentResult<Vec<u8>> {
    let number = einvoice_number(doc)?;
    if !profile.full() && !doc.totals.rounding.is_zero() {
        return Err(DocumentError::Unsupported(
            "the Factur-X BASIC profile has no rounding amount (BT-114); use EN 16931".into(),
        ));
    }
    let mut x = XmlWriter::new();
    x.elem_keep(
        "rsm:CrossIndustryInvoice",
        &[
            ("xmlns:rsm", NS_RSM),
            ("xmlns:qdt", NS_QDT),
            ("xmlns:ram", NS_RAM),
            ("xmlns:udt", NS_UDT),
        ],
        |x| {
            x.elem_keep("rsm:ExchangedDocumentContext", &[], |x| {
                if let Some(bp) = french_business_process(doc) {
                    x.elem(
                        "ram:BusinessProcessSpecifiedDocumentContextParameter",
                        |x| {
                            x.leaf("ram:ID", bp);
                        },
                    );
                }
                x.elem("ram:GuidelineSpecifiedDocumentContextParameter", |x| {
                    x.leaf("ram:ID", profile.guideline_id());
                });
            });
            x.elem_keep("rsm:ExchangedDocument", &[], |x| {
                x.leaf("ram:ID", number);
                x.leaf("ram:TypeCode", doc.kind.type_code());
                date_time(x, "ram:IssueDateTime", "udt:DateTimeString", doc.issue_date);
                for note in notes(doc) {
                    x.elem("ram:IncludedNote", |x| {
                        x.leaf("ram:Content", &note.text);
                        x.opt_leaf("ram:SubjectCode", note.subject);
                    });
                }
            });
            x.elem_keep("rsm:SupplyChainTradeTransaction", &[], |x| {
                for (i, line) in doc.content.lines.iter().enumerate() {
                    line_item(x, doc, profile, i, line);
                }
                agreement(x, doc, profile);
                delivery(x, doc);
                settlement(x, doc, profile, number);
            });
        },
    );
    Ok(x.finish())
}

fn date_time(x: &mut XmlWriter, tag: &str, inner: &str, date: NaiveDate) {
    x.elem(tag, |x| {
        x.leaf_attrs(inner, &[("format", "102")], &date_102(date));
    });
}

fn indicator(x: &mut XmlWriter, charge: bool) {
    x.elem("ram:ChargeIndicator", |x| {
        x.leaf("udt:Indicator", if charge { "true" } else { "false" });
    });
}

fn address(x: &mut XmlWriter, a: &Address) {
    x.elem("ram:PostalTradeAddress", |x| {
        x.leaf("ram:PostcodeCode", &a.postcode);
        x.leaf("ram:LineOne", &a.line1);
        x.opt_leaf("ram:LineTwo", a.line2.as_deref());
        x.opt_leaf("ram:LineThree", a.line3.as_deref());
        x.leaf("ram:CityName", &a.city);
        x.leaf("ram:CountryID", &a.country);
    });
}

/// Category code and rate of a line or an allowance/charge (BT-151/152, BT-95/96, BT-102/103).
/// EXTENDED repeats the exemption reason of the breakdown there (it sums lines by reason).
fn category_tax(
    x: &mut XmlWriter,
    doc: &FullDocument,
    profile: Profile,
    category: VatCategory,
    rate: Option<Decimal>,
) {
    let exemption = (profile == Profile::Extended)
        .then(|| {
            doc.totals.vat_breakdown.iter().find(|b| {
                b.category == category
                    && b.rate.map(|r| r.normalize()) == rate.map(|r| r.normalize())
            })
        })
        .flatten()
        .and_then(|b| b.exemption.as_ref());
    x.leaf("ram:TypeCode", "VAT");
    x.opt_leaf(
        "ram:ExemptionReason",
        exemption.and_then(|e| e.reason.as_deref()),
    );
    x.leaf("ram:CategoryCode", category.code());
    x.opt_leaf(
        "ram:ExemptionReasonCode",
        exemption.and_then(|e| e.code.as_deref()),
    );
    if category != VatCategory::O
        && let Some(r) = rate
    {
        x.leaf("ram:RateApplicablePercent", &decimal(r));
    }
}

fn base_quantity(x: &mut XmlWriter, line: &Line) {
    if let Some(b) = line.base_quantity {
        x.leaf_attrs(
            "ram:BasisQuantity",
            &[("unitCode", &line.unit)],
            &decimal(b),
        );
    }
}

fn line_item(x: &mut XmlWriter, doc: &FullDocument, profile: Profile, i: usize, line: &Line) {
    let currency = doc.content.currency;
    x.elem_keep("ram:IncludedSupplyChainTradeLineItem", &[], |x| {
        x.elem("ram:AssociatedDocumentLineDocument", |x| {
            x.leaf("ram:LineID", &(i + 1).to_string());
        });
        x.elem("ram:SpecifiedTradeProduct", |x| {
            x.leaf("ram:Name", &line.name);
            if profile.full() {
                x.opt_leaf("ram:Description", line.description.as_deref());
            }
        });
        x.elem("ram:SpecifiedLineTradeAgreement", |x| {
            if let Some(gross) = line.gross_price {
                x.elem("ram:GrossPriceProductTradePrice", |x| {
                    x.leaf("ram:ChargeAmount", &decimal(gross));
                    base_quantity(x, line);
                    let discount = gross - line.unit_price;
                    if discount > Decimal::ZERO {
                        x.elem("ram:AppliedTradeAllowanceCharge", |x| {
                            indicator(x, false);
                            x.leaf("ram:ActualAmount", &decimal(discount));
                        });
                    }
                });
            }
            x.elem("ram:NetPriceProductTradePrice", |x| {
                x.leaf("ram:ChargeAmount", &decimal(line.unit_price));
                base_quantity(x, line);
            });
        });
        x.elem("ram:SpecifiedLineTradeDelivery", |x| {
            x.leaf_attrs(
                "ram:BilledQuantity",
                &[("unitCode", &line.unit)],
                &decimal(line.quantity),
            );
        });
        x.elem("ram:SpecifiedLineTradeSettlement", |x| {
            x.elem("ram:ApplicableTradeTax", |x| {
                category_tax(x, doc, profile, line.category(), line.vat_rate);
            });
            for ac in &line.allowances_charges {
                let value = ac.amount.unwrap_or_default();
                let (reason, code) = ac_reason(
                    ac.reason.as_deref(),
                    ac.reason_code.as_deref(),
                    ac.charge,
                    doc.language,
                );
                x.elem("ram:SpecifiedTradeAllowanceCharge", |x| {
                    indicator(x, ac.charge);
                    if let Some((p, b)) = percent_and_base(value, ac.percent, ac.base, currency) {
                        x.leaf("ram:CalculationPercent", &decimal(p));
                        x.leaf("ram:BasisAmount", &amount(b, currency));
                    }
                    x.leaf("ram:ActualAmount", &amount(value, currency));
                    x.opt_leaf("ram:ReasonCode", code);
                    x.opt_leaf("ram:Reason", reason);
                });
            }
            x.elem("ram:SpecifiedTradeSettlementLineMonetarySummation", |x| {
                x.leaf(
                    "ram:LineTotalAmount",
                    &amount(doc.totals.line_nets[i], currency),
                );
            });
        });
    });
}

fn agreement(x: &mut XmlWriter, doc: &FullDocument, profile: Profile) {
    let seller = &doc.seller;
    let buyer = &doc.buyer;
    x.elem_keep("ram:ApplicableHeaderTradeAgreement", &[], |x| {
        x.opt_leaf("ram:BuyerReference", doc.content.buyer_reference.as_deref());
        x.elem_keep("ram:SellerTradeParty", &[], |x| {
            if let Some(siret) = seller.siret.as_deref() {
                x.leaf_attrs("ram:GlobalID", &[("schemeID", "0009")], siret);
            }
            x.leaf("ram:Name", &seller.display_name());
            if profile.full() {
                x.opt_leaf("ram:Description", seller.registration.as_deref());
            }
            x.elem("ram:SpecifiedLegalOrganization", |x| {
                if let Some(siren) = seller.siren.as_deref() {
                    x.leaf_attrs("ram:ID", &[("schemeID", "0002")], siren);
                }
                x.opt_leaf("ram:TradingBusinessName", seller.trading_name.as_deref());
            });
            if profile.full() {
                x.elem("ram:DefinedTradeContact", |x| {
                    if let Some(phone) = seller.phone.as_deref() {
                        x.elem("ram:TelephoneUniversalCommunication", |x| {
                            x.leaf("ram:CompleteNumber", phone);
                        });
                    }
                    if let Some(email) = seller.email.as_deref() {
                        x.elem("ram:EmailURIUniversalCommunication", |x| {
                            x.leaf("ram:URIID", email);
                        });
                    }
                });
            }
            address(x, &seller.address);
            if let Some(email) = seller.email.as_deref() {
                x.elem("ram:URIUniversalCommunication", |x| {
                    x.leaf_attrs("ram:URIID", &[("schemeID", "EM")], email);
                });
            }
            match (seller.vat_number.as_deref(), seller.siren.as_deref()) {
                (Some(vat), _) => x.elem("ram:SpecifiedTaxRegistration", |x| {
                    x.leaf_attrs("ram:ID", &[("schemeID", "VA")], vat);
                }),
                // No VAT number (French franchise): the tax registration identifier (BT-32)
                // names the seller for tax purposes, as exempt lines need one (BR-E-02).
                (None, Some(siren)) => x.elem("ram:SpecifiedTaxRegistration", |x| {
                    x.leaf_attrs("ram:ID", &[("schemeID", "FC")], siren);
                }),
                (None, None) => {}
            }
        });
        x.elem_keep("ram:BuyerTradeParty", &[], |x| {
            x.leaf("ram:Name", &buyer.name);
            x.elem("ram:SpecifiedLegalOrganization", |x| {
                if let Some(siren) = buyer.siren.as_deref() {
                    x.leaf_attrs("ram:ID", &[("schemeID", "0002")], siren);
                }
            });
            address(x, &buyer.address);
            if let Some(email) = buyer.emails.first() {
                x.elem("ram:URIUniversalCommunication", |x| {
                    x.leaf_attrs("ram:URIID", &[("schemeID", "EM")], email);
                });
            }
            if let Some(vat) = buyer.vat_number.as_deref() {
                x.elem("ram:SpecifiedTaxRegistration", |x| {
                    x.leaf_attrs("ram:ID", &[("schemeID", "VA")], vat);
                });
            }
        });
        if let Some(po) = doc.content.purchase_order.as_deref() {
            x.elem("ram:BuyerOrderReferencedDocument", |x| {
                x.leaf("ram:IssuerAssignedID", po);
            });
        }
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
    x.elem_keep("ram:ApplicableHeaderTradeDelivery", &[], |x| {
        if let Some(a) = ship_to {
            x.elem("ram:ShipToTradeParty", |x| {
                x.leaf("ram:Name", &buyer.name);
                address(x, a);
            });
        }
        if let Some(d) = doc.content.delivery_date {
            x.elem("ram:ActualDeliverySupplyChainEvent", |x| {
                date_time(x, "ram:OccurrenceDateTime", "udt:DateTimeString", d);
            });
        }
    });
}

fn settlement(x: &mut XmlWriter, doc: &FullDocument, profile: Profile, number: &str) {
    let currency = doc.content.currency;
    let totals = &doc.totals;
    let means = payment_means(doc);
    let tax_currency = tax_currency(doc);
    x.elem_keep("ram:ApplicableHeaderTradeSettlement", &[], |x| {
        if doc.kind == DocumentKind::Invoice {
            x.leaf("ram:PaymentReference", number);
        }
        if let Some(tc) = tax_currency {
            x.leaf("ram:TaxCurrencyCode", tc.code());
        }
        x.leaf("ram:InvoiceCurrencyCode", currency.code());
        x.elem("ram:SpecifiedTradeSettlementPaymentMeans", |x| {
            x.leaf("ram:TypeCode", means.code);
            if let Some(iban) = means.iban {
                x.elem("ram:PayeePartyCreditorFinancialAccount", |x| {
                    x.leaf("ram:IBANID", iban);
                });
                if profile.full()
                    && let Some(bic) = means.bic
                {
                    x.elem("ram:PayeeSpecifiedCreditorFinancialInstitution", |x| {
                        x.leaf("ram:BICID", bic);
                    });
                }
            }
        });
        for b in &totals.vat_breakdown {
            x.elem("ram:ApplicableTradeTax", |x| {
                x.leaf("ram:CalculatedAmount", &amount(b.tax, currency));
                x.leaf("ram:TypeCode", "VAT");
                let exemption = b.exemption.as_ref();
                x.opt_leaf(
                    "ram:ExemptionReason",
                    exemption.and_then(|e| e.reason.as_deref()),
                );
                x.leaf("ram:BasisAmount", &amount(b.taxable, currency));
                x.leaf("ram:CategoryCode", b.category.code());
                x.opt_leaf(
                    "ram:ExemptionReasonCode",
                    exemption.and_then(|e| e.code.as_deref()),
                );
                if b.category != VatCategory::O
                    && let Some(r) = b.rate
                {
                    x.leaf("ram:RateApplicablePercent", &decimal(r));
                }
            });
        }
        if doc.content.period_start.is_some() || doc.content.period_end.is_some() {
            x.elem("ram:BillingSpecifiedPeriod", |x| {
                if let Some(s) = doc.content.period_start {
                    date_time(x, "ram:StartDateTime", "udt:DateTimeString", s);
                }
                if let Some(e) = doc.content.period_end {
                    date_time(x, "ram:EndDateTime", "udt:DateTimeString", e);
                }
            });
        }
        for ac in &doc.content.allowances_charges {
            let value = ac.amount.unwrap_or_default();
            let (reason, code) = ac_reason(
                ac.reason.as_deref(),
                ac.reason_code.as_deref(),
                ac.charge,
                doc.language,
            );
            x.elem("ram:SpecifiedTradeAllowanceCharge", |x| {
                indicator(x, ac.charge);
                if let Some((p, b)) = percent_and_base(value, ac.percent, ac.base, currency) {
                    x.leaf("ram:CalculationPercent", &decimal(p));
                    x.leaf("ram:BasisAmount", &amount(b, currency));
                }
                x.leaf("ram:ActualAmount", &amount(value, currency));
                x.opt_leaf("ram:ReasonCode", code);
                x.opt_leaf("ram:Reason", reason);
                x.elem("ram:CategoryTradeTax", |x| {
                    category_tax(
                        x,
                        doc,
                        profile,
                        ac.vat_category.unwrap_or(VatCategory::S),
                        ac.vat_rate,
                    );
                });
            });
        }
        let terms = payment_terms_text(doc);
        x.elem("ram:SpecifiedTradePaymentTerms", |x| {
            x.opt_leaf("ram:Description", terms.as_deref());
            if let Some(due) = doc.due_date {
                date_time(x, "ram:DueDateDateTime", "udt:DateTimeString", due);
            }
        });
        x.elem("ram:SpecifiedTradeSettlementHeaderMonetarySummation", |x| {
            x.leaf("ram:LineTotalAmount", &amount(totals.line_total, currency));
            let has_charges = doc.content.allowances_charges.iter().any(|a| a.charge);
            let has_allowances = doc.content.allowances_charges.iter().any(|a| !a.charge);
            if has_charges || !totals.charge_total.is_zero() {
                x.leaf(
                    "ram:ChargeTotalAmount",
                    &amount(totals.charge_total, currency),
                );
            }
            if has_allowances || !totals.allowance_total.is_zero() {
                x.leaf(
                    "ram:AllowanceTotalAmount",
                    &amount(totals.allowance_total, currency),
                );
            }
            x.leaf(
                "ram:TaxBasisTotalAmount",
                &amount(totals.tax_exclusive, currency),
            );
            x.leaf_attrs(
                "ram:TaxTotalAmount",
                &[("currencyID", currency.code())],
                &amount(totals.tax_total, currency),
            );
            if let Some(tc) = tax_currency {
                // BT-111: no VAT at all, so zero in the accounting currency too.
                x.leaf_attrs(
                    "ram:TaxTotalAmount",
                    &[("currencyID", tc.code())],
                    &amount(Decimal::ZERO, tc),
                );
            }
            if !totals.rounding.is_zero() {
                x.leaf("ram:RoundingAmount", &amount(totals.rounding, currency));
            }
            x.leaf(
                "ram:GrandTotalAmount",
                &amount(totals.tax_inclusive, currency),
            );
            if !totals.prepaid.is_zero() {
                x.leaf("ram:TotalPrepaidAmount", &amount(totals.prepaid, currency));
            }
            x.leaf("ram:DuePayableAmount", &amount(totals.due, currency));
        });
        if doc.kind == DocumentKind::CreditNote
            && let Some(p) = &doc.preceding
        {
            x.elem("ram:InvoiceReferencedDocument", |x| {
                x.leaf("ram:IssuerAssignedID", &p.number);
                if let Some(d) = p.issue_date {
                    date_time(x, "ram:FormattedIssueDateTime", "qdt:DateTimeString", d);
                }
            });
        }
    });
}
