//! The worked book every report test reads, with the helpers to write more.

#![allow(dead_code, clippy::unwrap_used)]

use autoinvoice_api::*;
use autoinvoice_domain::document::{DocumentKind, OperationType};
use autoinvoice_domain::payment::PaymentMethod;
use autoinvoice_tests::book::*;
use rust_decimal::Decimal;

pub const TODAY: &str = "2026-06-30";

/// An invoice, or a credit note of `preceding`, issued on `on`.
pub async fn issue(
    api: &Api,
    customer: i64,
    preceding: Option<&str>,
    on: &str,
    due: Option<&str>,
    op: Option<OperationType>,
    lines: Vec<autoinvoice_domain::document::Line>,
) -> DocumentRecord {
    let mut c = content(lines);
    c.issue_date = Some(date(on));
    c.due_date = due.map(date);
    c.operation_type = op;
    let kind = if preceding.is_some() {
        DocumentKind::CreditNote
    } else {
        DocumentKind::Invoice
    };
    let draft = api
        .create_document(CreateDocument {
            org_id: None,
            kind,
            customer_id: customer,
            preceding: preceding.map(DocumentRef::parse),
            content: c,
        })
        .await
        .unwrap();
    api.issue_document(IssueDocument {
        org_id: None,
        document: DocumentRef::Id(draft.id),
    })
    .await
    .unwrap()
}

pub async fn pay(api: &Api, on: &str, amount: &str, invoice: &DocumentRecord) {
    api.record_payment(RecordPayment {
        org_id: None,
        date: Some(date(on)),
        amount: d(amount),
        method: PaymentMethod::Transfer,
        reference: Some(format!("VIR {on}")),
        allocations: vec![PaymentAllocationInput {
            invoice: DocumentRef::Id(invoice.id),
            amount: None,
        }],
    })
    .await
    .unwrap();
}

/// A: services 1,000 + 20 % (1,200), paid 600 on 20 Feb. B: goods 500 + 5.5 % (527.50),
/// unpaid. C: services 2,000 + 20 % (2,400), a credit note of 500 + 20 % on 1 June.
/// E: services 45,000 + 20 % (54,000), paid in full on 15 June.
pub async fn worked_book() -> Book {
    let book = Book::new().await;
    let api = book.api.clone().with_clock(Clock::Fixed(date(TODAY)));
    let fr = book.customer_fr;
    let a = issue(
        &api,
        fr,
        None,
        "2026-01-10",
        Some("2026-02-09"),
        None,
        vec![line("Conseil", "1", "1000", "20")],
    )
    .await;
    pay(&api, "2026-02-20", "600", &a).await;
    issue(
        &api,
        fr,
        None,
        "2026-03-05",
        Some("2026-04-04"),
        Some(OperationType::Goods),
        vec![line("Livres", "1", "500", "5.5")],
    )
    .await;
    let c = issue(
        &api,
        fr,
        None,
        "2026-05-20",
        Some("2026-06-19"),
        Some(OperationType::Services),
        vec![line("Développement", "4", "500", "20")],
    )
    .await;
    issue(
        &api,
        fr,
        c.number.as_deref(),
        "2026-06-01",
        None,
        Some(OperationType::Services),
        vec![line("Développement", "1", "500", "20")],
    )
    .await;
    let e = issue(
        &api,
        book.customer_de,
        None,
        "2026-06-10",
        Some("2026-07-10"),
        Some(OperationType::Services),
        vec![line("Projet", "1", "45000", "20")],
    )
    .await;
    pay(&api, "2026-06-15", "54000", &e).await;
    book
}

pub fn req(from: Option<&str>, to: Option<&str>, as_of: Option<&str>) -> ReportRequest {
    ReportRequest {
        org_id: None,
        from: from.map(date),
        to: to.map(date),
        as_of: as_of.map(date),
    }
}

pub fn s(d: Decimal) -> String {
    d.to_string()
}
