//! UN/CEFACT Cross Industry Invoice (D16B, as Factur-X / ZUGFeRD 2 and EN 16931 use it) read
//! into the model, by the paths of the EN 16931 CII syntax binding.

use crate::codes;
use crate::error::ReadError;
use crate::model::{
    Address, AllowanceCharge, Format, Line, Party, Payment, Received, Totals, VatBreakdown,
};
use crate::xml::{at, child, children, date_of, decimal_of, text_at, text_of};
use roxmltree::Node;

pub fn read(root: Node<'_, '_>) -> Result<Received, ReadError> {
    let context = child(root, "ExchangedDocumentContext");
    let document = child(root, "ExchangedDocument");
    let transaction = child(root, "SupplyChainTradeTransaction");
    let agreement = transaction.and_then(|t| child(t, "ApplicableHeaderTradeAgreement"));
    let settlement = transaction.and_then(|t| child(t, "ApplicableHeaderTradeSettlement"));
    let summation =
        settlement.and_then(|s| child(s, "SpecifiedTradeSettlementHeaderMonetarySummation"));

    let issue_date = date_of(
        document.and_then(|d| at(d, &["IssueDateTime", "DateTimeString"])),
        "the issue date (BT-2)",
    )?
    .ok_or_else(|| ReadError::Inconsistent("the invoice has no issue date (BT-2)".into()))?;
    let type_code = document.and_then(|d| text_at(d, &["TypeCode"]));
    let currency = settlement.and_then(|s| text_at(s, &["InvoiceCurrencyCode"]));
    let terms = settlement
        .map(|s| children(s, "SpecifiedTradePaymentTerms").collect::<Vec<_>>())
        .unwrap_or_default();
    let mut due_date = None;
    for t in &terms {
        if let Some(d) = date_of(
            at(*t, &["DueDateDateTime", "DateTimeString"]),
            "the due date (BT-9)",
        )? {
            due_date = Some(d);
            break;
        }
    }

    let lines = match transaction {
        Some(t) => children(t, "IncludedSupplyChainTradeLineItem")
            .map(line)
            .collect::<Result<Vec<_>, _>>()?,
        None => Vec::new(),
    };
    let (vat_breakdown, allowances_charges) = match settlement {
        Some(s) => (
            children(s, "ApplicableTradeTax")
                .map(breakdown)
                .collect::<Result<Vec<_>, _>>()?,
            children(s, "SpecifiedTradeAllowanceCharge")
                .map(allowance_charge)
                .collect::<Result<Vec<_>, _>>()?,
        ),
        None => (Vec::new(), Vec::new()),
    };

    Ok(Received {
        format: Format::Cii,
        attachment_name: None,
        specification_id: context
            .and_then(|c| text_at(c, &["GuidelineSpecifiedDocumentContextParameter", "ID"])),
        business_process: context.and_then(|c| {
            text_at(
                c,
                &["BusinessProcessSpecifiedDocumentContextParameter", "ID"],
            )
        }),
        is_credit_note: type_code.as_deref().is_some_and(codes::is_credit_note_type),
        type_code,
        number: document.and_then(|d| text_at(d, &["ID"])),
        issue_date,
        due_date,
        buyer_reference: agreement.and_then(|a| text_at(a, &["BuyerReference"])),
        purchase_order: agreement
            .and_then(|a| text_at(a, &["BuyerOrderReferencedDocument", "IssuerAssignedID"])),
        preceding_invoice: settlement
            .and_then(|s| text_at(s, &["InvoiceReferencedDocument", "IssuerAssignedID"])),
        seller: agreement
            .and_then(|a| child(a, "SellerTradeParty"))
            .map(party)
            .unwrap_or_default(),
        buyer: agreement
            .and_then(|a| child(a, "BuyerTradeParty"))
            .map(party)
            .unwrap_or_default(),
        tax_representative_vat_id: agreement
            .and_then(|a| child(a, "SellerTaxRepresentativeTradeParty"))
            .and_then(|p| tax_registration(p, "VA")),
        lines,
        allowances_charges,
        vat_breakdown,
        totals: totals(summation, currency.as_deref())?,
        payment: Payment {
            means_code: settlement
                .and_then(|s| text_at(s, &["SpecifiedTradeSettlementPaymentMeans", "TypeCode"])),
            reference: settlement.and_then(|s| text_at(s, &["PaymentReference"])),
            accounts: settlement.map(accounts).unwrap_or_default(),
            terms: terms.iter().find_map(|t| text_at(*t, &["Description"])),
        },
        currency,
        findings: Vec::new(),
    })
}

fn party(p: Node<'_, '_>) -> Party {
    let legal = child(p, "SpecifiedLegalOrganization");
    Party {
        name: text_at(p, &["Name"]),
        trading_name: legal.and_then(|l| text_at(l, &["TradingBusinessName"])),
        identifier: text_at(p, &["ID"]).or_else(|| text_at(p, &["GlobalID"])),
        legal_id: legal.and_then(|l| text_at(l, &["ID"])),
        vat_id: tax_registration(p, "VA"),
        tax_registration_id: tax_registration(p, "FC"),
        address: child(p, "PostalTradeAddress").map(|a| Address {
            lines: ["LineOne", "LineTwo", "LineThree"]
                .iter()
                .filter_map(|l| text_at(a, &[l]))
                .collect(),
            city: text_at(a, &["CityName"]),
            postcode: text_at(a, &["PostcodeCode"]),
            subdivision: text_at(a, &["CountrySubDivisionName"]),
            country: text_at(a, &["CountryID"]),
        }),
    }
}

/// `SpecifiedTaxRegistration/ID` with this scheme: VA for VAT, FC for the tax number.
fn tax_registration(p: Node<'_, '_>, scheme: &str) -> Option<String> {
    children(p, "SpecifiedTaxRegistration")
        .filter_map(|r| child(r, "ID"))
        .find(|id| id.attribute("schemeID").map(str::trim) == Some(scheme))
        .and_then(|id| text_of(Some(id)))
}

fn line(item: Node<'_, '_>) -> Result<Line, ReadError> {
    let price = at(
        item,
        &["SpecifiedLineTradeAgreement", "NetPriceProductTradePrice"],
    );
    let quantity = at(item, &["SpecifiedLineTradeDelivery", "BilledQuantity"]);
    let settlement = child(item, "SpecifiedLineTradeSettlement");
    let tax = settlement.and_then(|s| child(s, "ApplicableTradeTax"));
    Ok(Line {
        id: text_at(item, &["AssociatedDocumentLineDocument", "LineID"]),
        name: text_at(item, &["SpecifiedTradeProduct", "Name"]),
        quantity: decimal_of(quantity, "a line's quantity (BT-129)")?,
        unit_code: quantity
            .and_then(|q| q.attribute("unitCode"))
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty()),
        net_price: decimal_of(
            price.and_then(|p| child(p, "ChargeAmount")),
            "a line's net price (BT-146)",
        )?,
        price_base_quantity: decimal_of(
            price.and_then(|p| child(p, "BasisQuantity")),
            "a line's price base quantity (BT-149)",
        )?,
        net_amount: decimal_of(
            settlement.and_then(|s| {
                at(
                    s,
                    &[
                        "SpecifiedTradeSettlementLineMonetarySummation",
                        "LineTotalAmount",
                    ],
                )
            }),
            "a line's net amount (BT-131)",
        )?,
        vat_category: tax.and_then(|t| text_at(t, &["CategoryCode"])),
        vat_rate: decimal_of(
            tax.and_then(|t| child(t, "RateApplicablePercent")),
            "a line's VAT rate (BT-152)",
        )?,
    })
}

fn breakdown(tax: Node<'_, '_>) -> Result<VatBreakdown, ReadError> {
    Ok(VatBreakdown {
        category: text_at(tax, &["CategoryCode"]),
        rate: decimal_of(
            child(tax, "RateApplicablePercent"),
            "a VAT breakdown's rate (BT-119)",
        )?,
        taxable: decimal_of(
            child(tax, "BasisAmount"),
            "a VAT breakdown's taxable amount (BT-116)",
        )?,
        tax: decimal_of(
            child(tax, "CalculatedAmount"),
            "a VAT breakdown's tax amount (BT-117)",
        )?,
        exemption_reason: text_at(tax, &["ExemptionReason"]),
        exemption_reason_code: text_at(tax, &["ExemptionReasonCode"]),
    })
}

fn allowance_charge(ac: Node<'_, '_>) -> Result<AllowanceCharge, ReadError> {
    let indicator = text_at(ac, &["ChargeIndicator", "Indicator"]);
    let charge = match indicator.as_deref() {
        Some("true" | "1") => true,
        Some("false" | "0") => false,
        other => {
            return Err(ReadError::Inconsistent(format!(
                "a document-level allowance or charge has the indicator {other:?}, \
                 neither true nor false"
            )));
        }
    };
    let tax = child(ac, "CategoryTradeTax");
    Ok(AllowanceCharge {
        charge,
        amount: decimal_of(
            child(ac, "ActualAmount"),
            "a document-level allowance or charge amount (BT-92, BT-99)",
        )?,
        vat_category: tax.and_then(|t| text_at(t, &["CategoryCode"])),
        vat_rate: decimal_of(
            tax.and_then(|t| child(t, "RateApplicablePercent")),
            "a document-level allowance or charge VAT rate (BT-96, BT-103)",
        )?,
        reason: text_at(ac, &["Reason"]),
    })
}

fn totals(sum: Option<Node<'_, '_>>, currency: Option<&str>) -> Result<Totals, ReadError> {
    let get = |name: &str, term: &str| decimal_of(sum.and_then(|s| child(s, name)), term);
    // BT-110 is the TaxTotalAmount in the invoice currency; a second one in the VAT
    // accounting currency is BT-111.
    let tax_totals: Vec<_> = sum
        .map(|s| children(s, "TaxTotalAmount").collect())
        .unwrap_or_default();
    let vat_node = tax_totals
        .iter()
        .find(|t| t.attribute("currencyID").map(str::trim) == currency)
        .or_else(|| {
            tax_totals
                .iter()
                .find(|t| t.attribute("currencyID").is_none())
        })
        .or(if tax_totals.len() == 1 {
            tax_totals.first()
        } else {
            None
        });
    Ok(Totals {
        line_total: get("LineTotalAmount", "the sum of line net amounts (BT-106)")?,
        allowances: get("AllowanceTotalAmount", "the sum of allowances (BT-107)")?,
        charges: get("ChargeTotalAmount", "the sum of charges (BT-108)")?,
        without_vat: get("TaxBasisTotalAmount", "the total without VAT (BT-109)")?,
        vat: decimal_of(vat_node.copied(), "the total VAT (BT-110)")?,
        with_vat: get("GrandTotalAmount", "the total with VAT (BT-112)")?.ok_or_else(|| {
            ReadError::Inconsistent("the invoice has no total with VAT (BT-112)".into())
        })?,
        prepaid: get("TotalPrepaidAmount", "the paid amount (BT-113)")?,
        rounding: get("RoundingAmount", "the rounding amount (BT-114)")?,
        payable: get("DuePayableAmount", "the amount due for payment (BT-115)")?,
    })
}

fn accounts(settlement: Node<'_, '_>) -> Vec<String> {
    children(settlement, "SpecifiedTradeSettlementPaymentMeans")
        .filter_map(|m| child(m, "PayeePartyCreditorFinancialAccount"))
        .filter_map(|a| text_at(a, &["IBANID"]).or_else(|| text_at(a, &["ProprietaryID"])))
        .collect()
}
