//! Bank statements end to end through the API on a real SQLite file: CAMT.053, OFX 1 and 2
//! and a French bank's CSV, written from the published shapes of those formats
//! (`tests/bank/`); matching by reference, by customer and amount, by amount alone;
//! confirmation into payments; the same lines imported twice kept once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use autoinvoice_api::*;
use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_tests::book::{Book, content, d, line};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("bank")
        .join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// F-2026-0001..0004: Dupont, 1684.44 each; 0005 Müller 600.00; 0006 Müller 240.00;
/// 0007 Dupont 1684.44.
async fn book_with_invoices() -> Book {
    let book = Book::new().await;
    for _ in 0..4 {
        book.issued_invoice().await;
    }
    for price in ["500", "200"] {
        let draft = book
            .api
            .create_document(CreateDocument {
                org_id: None,
                kind: DocumentKind::Invoice,
                customer_id: book.customer_de,
                preceding: None,
                content: content(vec![line("Beratung", "1", price, "20")]),
            })
            .await
            .unwrap();
        book.api
            .issue_document(IssueDocument {
                org_id: None,
                document: DocumentRef::Id(draft.id),
            })
            .await
            .unwrap();
    }
    book.issued_invoice().await;
    book
}

async fn invoice(book: &Book, number: &str) -> DocumentRecord {
    let id = book
        .api
        .store()
        .document_id_by_number(book.org_id, number)
        .await
        .unwrap();
    book.api.store().document(id).await.unwrap()
}

async fn lines(book: &Book, states: &[LineState]) -> Vec<BankLineRecord> {
    book.api
        .list_bank_lines(ListBankLines {
            states: states.to_vec(),
            limit: Some(1000),
            ..ListBankLines::default()
        })
        .await
        .unwrap()
        .lines
}

async fn import(book: &Book, name: &str, mapping: Option<&str>) -> ApiResult<StatementImport> {
    book.api
        .import_statement_bytes(None, name, &bytes(name), None, mapping)
        .await
}

fn numbers(l: &BankLineRecord) -> Vec<(String, String)> {
    l.invoices
        .iter()
        .map(|i| (i.number.clone(), i.amount.to_string()))
        .collect()
}

fn by_text<'a>(lines: &'a [BankLineRecord], text: &str) -> &'a BankLineRecord {
    lines
        .iter()
        .find(|l| l.remittance.contains(text))
        .unwrap_or_else(|| panic!("no line with '{text}'"))
}

/// Confirms a line into a payment of the invoice named, for `amount` or the whole line.
async fn confirm_with(
    book: &Book,
    line_id: i64,
    number: &str,
    amount: Option<&str>,
) -> ApiResult<PaymentRecord> {
    book.api
        .confirm_bank_line(ConfirmBankLine {
            org_id: None,
            line_id,
            allocations: Some(vec![PaymentAllocationInput {
                invoice: DocumentRef::parse(number),
                amount: amount.map(d),
            }]),
        })
        .await
}

async fn auto_match(book: &Book) -> MatchReport {
    book.api
        .match_bank(MatchBank {
            org_id: None,
            auto: true,
        })
        .await
        .unwrap()
}

async fn journal_holds(book: &Book) {
    let reports = book.api.verify_journal(None).await.unwrap();
    assert!(reports.iter().all(|r| r.ok()), "{reports:?}");
}

#[tokio::test]
async fn camt053_matched_confirmed_and_paid() {
    let book = book_with_invoices().await;
    assert_eq!(invoice(&book, "F-2026-0001").await.balance, d("1684.44"));

    let r = import(&book, "camt053.xml", None).await.unwrap();
    assert!(!r.already_imported);
    assert_eq!(r.statement.format, "camt053");
    assert_eq!(
        r.statement.account.as_deref(),
        Some("FR7630006000011234567890189")
    );
    assert_eq!(
        (r.lines_read, r.lines_new, r.credits_new),
        (9, 9, 8),
        "the pending entry is not read; the batch gives two lines"
    );
    let m = &r.matching;
    assert_eq!(
        (
            m.waiting,
            m.by_reference,
            m.by_customer,
            m.by_amount,
            m.unmatched
        ),
        (8, 3, 1, 1, 3),
        "{m:?}"
    );
    assert_eq!(m.confirmed, 0, "an import confirms nothing by itself");

    let all = lines(&book, &[]).await;
    let first = by_text(&all, "FACTURE F-2026-0001");
    assert_eq!(first.state, LineState::Suggested);
    assert_eq!(
        (first.rule.as_deref(), first.sure),
        (Some("reference"), true)
    );
    assert_eq!(first.counterparty.as_deref(), Some("DUPONT SARL"));
    assert_eq!(first.bank_reference.as_deref(), Some("2026120100001"));
    assert_eq!(
        numbers(by_text(&all, "ACOMPTE F2026-0002")),
        vec![("F-2026-0002".into(), "500.00".into())]
    );
    assert_eq!(
        numbers(by_text(&all, "F-2026-0003 ET F-2026-0004")),
        vec![
            ("F-2026-0003".into(), "1684.44".into()),
            ("F-2026-0004".into(), "1684.44".into())
        ]
    );
    let muller = by_text(&all, "Rechnung November");
    assert_eq!(
        (muller.rule.as_deref(), muller.sure),
        (Some("amount_customer"), true)
    );
    assert_eq!(
        numbers(muller),
        vec![("F-2026-0005".into(), "600.00".into())]
    );
    let by_amount = by_text(&all, "VIREMENT");
    assert_eq!(
        (by_amount.rule.as_deref(), by_amount.sure),
        (Some("amount"), false)
    );
    assert_eq!(
        numbers(by_amount),
        vec![("F-2026-0006".into(), "240.00".into())]
    );
    let debit = by_text(&all, "PRLV SEPA");
    assert_eq!(
        (debit.state, debit.amount),
        (LineState::Outgoing, d("-45.90"))
    );
    assert_eq!(
        by_text(&all, "REMBOURSEMENT SOINS").state,
        LineState::Unmatched
    );
    assert!(
        by_text(&all, "REMBOURSEMENT SOINS")
            .remittance
            .contains("VIR SEPA RECU"),
        "the entry's additional information is kept"
    );
    assert_eq!(by_text(&all, "COTISATION B").amount, d("50.00"));

    // --auto confirms the sure ones, and only those.
    let m = auto_match(&book).await;
    assert_eq!((m.sure, m.confirmed, m.failures.len()), (4, 4, 0), "{m:?}");
    for n in ["F-2026-0001", "F-2026-0003", "F-2026-0004", "F-2026-0005"] {
        assert_eq!(invoice(&book, n).await.status, Status::Paid, "{n}");
    }
    let partial = invoice(&book, "F-2026-0002").await;
    assert_eq!(
        (partial.status, partial.balance),
        (Status::PartiallyPaid, d("1184.44"))
    );
    assert_eq!(invoice(&book, "F-2026-0006").await.status, Status::Issued);

    // The suggestion by amount, confirmed by the user.
    let paid = book
        .api
        .confirm_bank_line(ConfirmBankLine {
            org_id: None,
            line_id: by_amount.id,
            allocations: None,
        })
        .await
        .unwrap();
    assert_eq!(
        paid.date.to_string(),
        "2026-12-03",
        "paid on the booking date"
    );
    assert_eq!(paid.reference.as_deref(), Some("2026120300006"));
    assert_eq!(invoice(&book, "F-2026-0006").await.status, Status::Paid);
    let again = book
        .api
        .confirm_bank_line(ConfirmBankLine {
            org_id: None,
            line_id: by_amount.id,
            allocations: None,
        })
        .await
        .unwrap_err();
    assert_eq!(again.code, "conflict", "{again:?}");

    // Ignored, and taken back.
    let other = by_text(&all, "REMBOURSEMENT SOINS").id;
    let ignored = book
        .api
        .ignore_bank_line(IgnoreBankLine {
            org_id: None,
            line_id: other,
            ignored: true,
        })
        .await
        .unwrap();
    assert_eq!(ignored.state, LineState::Ignored);
    let summary = book.api.bank_summary(None).await.unwrap();
    assert_eq!(
        (
            summary.matched,
            summary.ignored,
            summary.unmatched,
            summary.outgoing
        ),
        (5, 1, 2, 1)
    );
    book.api
        .ignore_bank_line(IgnoreBankLine {
            org_id: None,
            line_id: other,
            ignored: false,
        })
        .await
        .unwrap();

    let payments = book
        .api
        .list_payments(ListPayments::default())
        .await
        .unwrap();
    assert_eq!(payments.len(), 5);
    assert!(payments.iter().all(|p| p.method == "transfer"));
    journal_holds(&book).await;
}

#[tokio::test]
async fn the_same_lines_imported_again_add_nothing() {
    let book = book_with_invoices().await;
    import(&book, "camt053.xml", None).await.unwrap();
    auto_match(&book).await;
    let before = book.counts().await;
    let lines_before = lines(&book, &[]).await.len();

    let again = import(&book, "camt053.xml", None).await.unwrap();
    assert!(again.already_imported);
    assert_eq!(again.lines_new, 0);

    // The same statement exported again (other bytes, same entries): every line is known.
    let reexported = String::from_utf8(bytes("camt053.xml")).unwrap().replace(
        "<MsgId>STMT20261203-0001</MsgId>",
        "<MsgId>STMT20261203-0002</MsgId>",
    );
    let r = book
        .api
        .import_statement_bytes(None, "again.xml", reexported.as_bytes(), None, None)
        .await
        .unwrap();
    assert!(!r.already_imported);
    assert_eq!((r.lines_read, r.lines_new), (9, 0));
    assert_eq!(lines(&book, &[]).await.len(), lines_before);
    assert_eq!(book.counts().await, before, "no payment twice");
    journal_holds(&book).await;
}

#[tokio::test]
async fn ofx_sgml_then_xml_overlapping() {
    let book = book_with_invoices().await;
    // The down payment on F-2026-0002 first, from the CAMT statement.
    import(&book, "camt053.xml", None).await.unwrap();
    auto_match(&book).await;

    let r = import(&book, "ofx1.ofx", None).await.unwrap();
    assert_eq!(r.statement.format, "ofx");
    assert_eq!((r.lines_read, r.lines_new, r.credits_new), (3, 3, 2));
    assert_eq!(r.statement.from_date.unwrap().to_string(), "2026-12-04");
    let all = lines(&book, &[]).await;
    let rest = by_text(&all, "SOLDE FACTURE F-2026-0002");
    assert_eq!(
        numbers(rest),
        vec![("F-2026-0002".into(), "1184.44".into())]
    );
    assert!(rest.sure);
    let fee = by_text(&all, "COMMISSION");
    assert_eq!(
        (fee.amount, fee.state),
        (d("-12.50"), LineState::Outgoing),
        "a comma decimal"
    );
    let insurer = by_text(&all, "SINISTRE");
    assert_eq!(
        insurer.counterparty.as_deref(),
        Some("SOCIÉTÉ GENERALE ASSURANCES"),
        "CHARSET:1252 read as Windows-1252"
    );
    assert_eq!(insurer.remittance, "REMBOURSEMENT SINISTRE R&D");
    assert_eq!(insurer.booking_date.to_string(), "2026-12-05");

    // OFX 2 (XML) repeats one transaction of the first file (same FITID).
    let r = import(&book, "ofx2.ofx", None).await.unwrap();
    assert_eq!((r.lines_read, r.lines_new, r.credits_new), (2, 1, 1));
    let all = lines(&book, &[]).await;
    let muller = by_text(&all, "Rechnung F-2026-0006");
    assert_eq!(
        muller.counterparty.as_deref(),
        Some("Müller GmbH"),
        "PAYEE/NAME"
    );
    assert_eq!(
        numbers(muller),
        vec![("F-2026-0006".into(), "240.00".into())]
    );
    assert_eq!(muller.rule.as_deref(), Some("reference"));

    let m = auto_match(&book).await;
    assert_eq!(m.confirmed, 2, "{m:?}");
    assert_eq!(invoice(&book, "F-2026-0002").await.status, Status::Paid);
    journal_holds(&book).await;
}

#[tokio::test]
async fn csv_through_a_saved_mapping() {
    let book = book_with_invoices().await;
    let missing = import(&book, "statement.csv", None).await.unwrap_err();
    assert_eq!(missing.code, "unknown_format", "{missing:?}");
    let unknown = import(&book, "statement.csv", Some("Crédit Agricole"))
        .await
        .unwrap_err();
    assert_eq!(unknown.code, "not_found");

    let mapping: CsvMapping = serde_json::from_slice(&bytes("mapping.json")).unwrap();
    book.api
        .save_csv_mapping(SaveCsvMapping {
            org_id: None,
            mapping,
        })
        .await
        .unwrap();
    let r = import(&book, "statement.csv", Some("Crédit Agricole"))
        .await
        .unwrap();
    assert_eq!(r.statement.format, "csv");
    assert_eq!((r.lines_read, r.credits_new), (3, 2));
    let all = lines(&book, &[]).await;
    let dupont = by_text(&all, "FACT F-2026-0007");
    assert_eq!(dupont.amount, d("1684.44"), "'1 684,44' read");
    assert_eq!(
        numbers(dupont),
        vec![("F-2026-0007".into(), "1684.44".into())]
    );
    assert_eq!(dupont.bank_reference.as_deref(), Some("CSV-0001"));
    assert_eq!(by_text(&all, "URSSAF").amount, d("-312.00"));
    assert_eq!(by_text(&all, "CLIENT INCONNU").state, LineState::Unmatched);

    // A mapping that cannot be right is refused when saved.
    let mut bad: CsvMapping = serde_json::from_slice(&bytes("mapping.json")).unwrap();
    bad.credit = None;
    let e = book
        .api
        .save_csv_mapping(SaveCsvMapping {
            org_id: None,
            mapping: bad,
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_value", "{e:?}");
}

#[tokio::test]
async fn a_manual_match_and_its_limits() {
    let book = book_with_invoices().await;
    import(&book, "camt053.xml", None).await.unwrap();
    let all = lines(&book, &[]).await;
    let stranger = by_text(&all, "REMBOURSEMENT SOINS");
    // 99.99 cannot pay 100 of an invoice…
    let e = confirm_with(&book, stranger.id, "F-2026-0007", Some("100"))
        .await
        .unwrap_err();
    assert_eq!(e.code, "allocation_mismatch", "{e:?}");
    // …but it can pay part of one, which leaves the rest due.
    let p = confirm_with(&book, stranger.id, "F-2026-0007", None)
        .await
        .unwrap();
    assert_eq!(p.amount, d("99.99"));
    let inv = invoice(&book, "F-2026-0007").await;
    assert_eq!(
        (inv.status, inv.balance),
        (Status::PartiallyPaid, d("1584.45"))
    );
    let line = book
        .api
        .store()
        .bank_line(book.org_id, stranger.id)
        .await
        .unwrap();
    assert_eq!(
        (line.state, line.rule.as_deref()),
        (LineState::Matched, Some("manual"))
    );

    // Money out pays nothing.
    let debit = by_text(&all, "PRLV SEPA");
    let e = confirm_with(&book, debit.id, "F-2026-0006", None)
        .await
        .unwrap_err();
    assert_eq!(e.code, "conflict", "{e:?}");
    assert!(e.message.contains("money out"), "{}", e.message);
    journal_holds(&book).await;
}

#[tokio::test]
async fn more_than_owed_is_shown_unapplied_and_never_sure() {
    let book = book_with_invoices().await;
    let text = String::from_utf8(bytes("camt053.xml")).unwrap().replace(
        "<Amt Ccy=\"EUR\">1684.44</Amt>",
        "<Amt Ccy=\"EUR\">2000.00</Amt>",
    );
    book.api
        .import_statement_bytes(None, "more.xml", text.as_bytes(), None, None)
        .await
        .unwrap();
    let all = lines(&book, &[]).await;
    let more = by_text(&all, "FACTURE F-2026-0001");
    assert_eq!(
        numbers(more),
        vec![("F-2026-0001".into(), "1684.44".into())]
    );
    assert_eq!((more.unapplied, more.sure), (d("315.56"), false));
    assert_eq!(by_text(&all, "ACOMPTE").unapplied, d("0"));
    assert_eq!(by_text(&all, "PRLV SEPA").unapplied, d("0"), "money out");
}
