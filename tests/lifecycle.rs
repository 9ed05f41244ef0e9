//! Documents through their life, through the API on a real SQLite file: totals, issue,
//! numbering, payments (partial, several invoices), credit notes, quotes, lists, exports.

#![allow(clippy::unwrap_used, clippy::float_arithmetic)]

use autoinvoice_api::*;
use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_domain::payment::PaymentMethod;
use autoinvoice_tests::book::*;

fn pay(invoice: &str, amount: &str) -> RecordPayment {
    RecordPayment {
        org_id: None,
        date: Some(today()),
        amount: d(amount),
        method: PaymentMethod::Transfer,
        reference: Some("VIR-1".into()),
        allocations: vec![PaymentAllocationInput {
            invoice: DocumentRef::parse(invoice),
            amount: None,
        }],
    }
}

#[tokio::test]
async fn totals_issue_and_numbers() {
    let b = Book::new().await;
    let draft = b
        .api
        .create_document(three_rate_invoice(b.customer_fr))
        .await
        .unwrap();
    assert_eq!(draft.status, Status::Draft);
    assert_eq!(draft.number, None);
    let t = &draft.totals;
    assert_eq!(t.line_nets, vec![d("1350.00"), d("34.70"), d("24.90")]);
    assert_eq!(
        (t.tax_exclusive, t.tax_total, t.tax_inclusive, t.due),
        (d("1409.60"), d("274.84"), d("1684.44"), d("1684.44"))
    );
    let taxes: Vec<_> = t
        .vat_breakdown
        .iter()
        .map(|b| (b.rate.unwrap().to_string(), b.tax.to_string()))
        .collect();
    assert_eq!(
        taxes,
        vec![
            ("5.5".into(), "1.37".into()),
            ("10".into(), "3.47".into()),
            ("20".into(), "270.00".into())
        ]
    );

    let issued = b
        .api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap();
    assert_eq!(issued.number.as_deref(), Some("F-2026-0001"));
    assert_eq!(issued.issue_date, Some(today()));
    assert_eq!(issued.due_date, Some(date("2026-12-29")));
    assert_eq!(issued.totals, draft.totals);
    assert!(issued.seller.is_some() && issued.buyer.is_some() && issued.content_hash.is_some());
    let second = b.issued_invoice().await;
    assert_eq!(second.number.as_deref(), Some("F-2026-0002"));
    // Issuing twice is refused and takes no number.
    let again = b
        .api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap_err();
    assert_eq!(again.code, "conflict");
    assert_eq!(
        b.issued_invoice().await.number.as_deref(),
        Some("F-2026-0003")
    );
}

#[tokio::test]
async fn partial_and_grouped_payments_move_statuses() {
    let b = Book::new().await;
    let a = b.issued_invoice().await;
    let c = b.issued_invoice().await;
    let na = a.number.clone().unwrap();
    let nc = c.number.clone().unwrap();
    b.api.record_payment(pay(&na, "684.44")).await.unwrap();
    let a1 = b
        .api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::parse(&na),
        })
        .await
        .unwrap();
    assert_eq!(a1.status, Status::PartiallyPaid);
    assert_eq!(a1.balance, d("1000.00"));
    // One payment settles the rest of A and all of C.
    let p = b
        .api
        .record_payment(RecordPayment {
            allocations: vec![
                PaymentAllocationInput {
                    invoice: DocumentRef::parse(&na),
                    amount: Some(d("1000")),
                },
                PaymentAllocationInput {
                    invoice: DocumentRef::parse(&nc),
                    amount: None,
                },
            ],
            ..pay(&na, "2684.44")
        })
        .await
        .unwrap();
    assert_eq!(p.allocations.len(), 2);
    for n in [&na, &nc] {
        let doc = b
            .api
            .get_document(GetDocument {
                org_id: None,
                document: DocumentRef::parse(n),
            })
            .await
            .unwrap();
        assert_eq!(doc.status, Status::Paid, "{n}");
        assert_eq!(doc.balance, d("0"));
    }
    // Overpaying is refused, and writes nothing.
    let before = b.counts().await;
    let err = b.api.record_payment(pay(&na, "0.01")).await.unwrap_err();
    assert_eq!(err.code, "conflict");
    assert_eq!(b.counts().await, before);
    let reports = b.api.verify_journal(None).await.unwrap();
    assert!(reports[0].ok(), "{:?}", reports[0].problems);
}

#[tokio::test]
async fn full_credit_note_credits_the_invoice() {
    let b = Book::new().await;
    let inv = b.issued_invoice().await;
    let n = inv.number.clone().unwrap();
    let cn = b
        .api
        .credit_invoice(CreditInvoice {
            org_id: None,
            invoice: DocumentRef::parse(&n),
            lines: None,
            note: None,
            issue: true,
        })
        .await
        .unwrap();
    assert_eq!(cn.kind, DocumentKind::CreditNote);
    assert_eq!(cn.number.as_deref(), Some("AV-2026-0001"));
    assert_eq!(cn.totals.due, inv.totals.due);
    let after = b
        .api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::parse(&n),
        })
        .await
        .unwrap();
    assert_eq!(after.status, Status::Credited);
    assert_eq!(after.balance, d("0"));
    // Nothing more can be credited or paid.
    let err = b
        .api
        .credit_invoice(CreditInvoice {
            org_id: None,
            invoice: DocumentRef::parse(&n),
            lines: None,
            note: None,
            issue: true,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "conflict");
    assert!(b.api.record_payment(pay(&n, "1")).await.is_err());
    assert!(b.api.verify_journal(None).await.unwrap()[0].ok());
}

#[tokio::test]
async fn partial_credit_then_payment_settles() {
    let b = Book::new().await;
    let inv = b.issued_invoice().await;
    let n = inv.number.clone().unwrap();
    let lines = vec![line("Livre", "1", "24.90", "5.5")];
    b.api
        .credit_invoice(CreditInvoice {
            org_id: None,
            invoice: DocumentRef::parse(&n),
            lines: Some(lines),
            note: None,
            issue: true,
        })
        .await
        .unwrap();
    let mid = b
        .api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::parse(&n),
        })
        .await
        .unwrap();
    assert_eq!(mid.credited, d("26.27"));
    assert_eq!(mid.status, Status::Issued);
    b.api.record_payment(pay(&n, "1658.17")).await.unwrap();
    let done = b
        .api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::parse(&n),
        })
        .await
        .unwrap();
    assert_eq!(done.status, Status::Paid);
}

#[tokio::test]
async fn quote_converts_once_into_a_draft_invoice() {
    let b = Book::new().await;
    let mut req = three_rate_invoice(b.customer_fr);
    req.kind = DocumentKind::Quote;
    let q = b.api.create_document(req).await.unwrap();
    let q = b
        .api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(q.id),
        })
        .await
        .unwrap();
    assert_eq!(q.number.as_deref(), Some("D-2026-0001"));
    assert_eq!(q.due_date, None);
    let inv = b
        .api
        .convert_quote(None, DocumentRef::Id(q.id))
        .await
        .unwrap();
    assert_eq!(
        (inv.kind, inv.status),
        (DocumentKind::Invoice, Status::Draft)
    );
    assert_eq!(inv.totals, q.totals);
    let q2 = b
        .api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::Id(q.id),
        })
        .await
        .unwrap();
    assert_eq!(q2.status, Status::Invoiced);
    assert_eq!(
        b.api
            .convert_quote(None, DocumentRef::Id(q.id))
            .await
            .unwrap_err()
            .code,
        "conflict"
    );
}

#[tokio::test]
async fn reverse_charge_needs_and_uses_the_buyer_vat_number() {
    let b = Book::new().await;
    let mut req = three_rate_invoice(b.customer_de);
    for l in &mut req.content.lines {
        l.vat_category = Some(autoinvoice_domain::VatCategory::AE);
        l.vat_rate = None;
    }
    let draft = b.api.create_document(req).await.unwrap();
    assert_eq!(draft.totals.tax_total, d("0.00"));
    let ex = draft.totals.vat_breakdown[0].exemption.clone().unwrap();
    assert_eq!(ex.code.as_deref(), Some("VATEX-EU-AE"));
    let issued = b
        .api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap();
    assert_eq!(issued.totals.tax_inclusive, d("1409.60"));
}

#[tokio::test]
async fn list_filters_sorts_searches_and_exports() {
    let b = Book::new().await;
    for _ in 0..3 {
        b.issued_invoice().await;
    }
    let mut req = three_rate_invoice(b.customer_de);
    req.content.note = Some("Projet Zeppelin".into());
    b.api.create_document(req).await.unwrap();
    let all = b
        .api
        .list_documents(ListDocuments {
            sort: SortKey::Number,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all.total, 4);
    let found = b
        .api
        .list_documents(ListDocuments {
            search: Some("zeppelin".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].status, "draft");
    let by_customer = b
        .api
        .list_documents(ListDocuments {
            search: Some("MÜLLER".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_customer.total, 1, "customer names are searched");
    let short = b
        .api
        .list_documents(ListDocuments {
            search: Some("Du".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((short.total, short.total_is_exact), (3, true));
    let by_number = b
        .api
        .list_documents(ListDocuments {
            search: Some("2026-0002".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        by_number
            .items
            .iter()
            .map(|i| i.number.clone().unwrap())
            .collect::<Vec<_>>(),
        vec!["F-2026-0002"]
    );
    let drafts = b
        .api
        .list_documents(ListDocuments {
            statuses: vec![Status::Draft],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(drafts.total, 1);
    let paged = b
        .api
        .list_documents(ListDocuments {
            sort: SortKey::Number,
            descending: true,
            limit: Some(2),
            offset: Some(1),
            statuses: vec![Status::Issued],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        paged
            .items
            .iter()
            .map(|i| i.number.clone().unwrap())
            .collect::<Vec<_>>(),
        vec!["F-2026-0002", "F-2026-0001"]
    );
    let later = b.api.clone().with_clock(Clock::Fixed(date("2027-02-01")));
    let overdue = later
        .list_documents(ListDocuments {
            overdue: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(overdue.total, 3);
    assert!(overdue.items.iter().all(|i| i.overdue));
    let csv = b
        .api
        .export_csv(ExportCsv {
            org_id: None,
            what: CsvExport::Documents,
            filter: ListDocuments::default(),
        })
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 5);
    assert!(
        csv.contains(
            "F-2026-0003,issued,2026-11-29,2026-12-29,Dupont SARL,EUR,1409.60,1684.44,1684.44,false"
        ),
        "{csv}"
    );
    let dash = later.dashboard(None).await.unwrap();
    assert_eq!(dash.figures[0].overdue, d("5053.32"));
    assert_eq!(dash.revenue_by_month[0].revenue, d("4228.80"));
}
