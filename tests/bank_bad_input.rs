//! Hostile and broken statement files: each gets a clear error naming what is wrong, and
//! nothing of it is kept: no statement, no line, no payment.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use autoinvoice_api::*;
use autoinvoice_tests::book::Book;
use std::path::Path;

fn camt() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("bank/camt053.xml")).unwrap()
}

/// The French bank's CSV layout of tests/bank/mapping.json.
fn french_bank_layout() -> CsvMapping {
    serde_json::from_slice(
        &std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("bank/mapping.json")).unwrap(),
    )
    .unwrap()
}

async fn bank_rows(book: &Book) -> (i64, i64, i64) {
    let mut conn = book.raw().await;
    let mut out = Vec::new();
    for t in ["bank_statements", "bank_lines", "payments"] {
        let c: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {t}")))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        out.push(c);
    }
    (out[0], out[1], out[2])
}

/// Imports `bytes` and expects the error `code` with `words` in its message, and nothing kept.
async fn refused(
    book: &Book,
    name: &str,
    bytes: &[u8],
    format: Option<StatementFormat>,
    code: &str,
    words: &str,
) {
    let before = bank_rows(book).await;
    let e = book
        .api
        .import_statement_bytes(None, name, bytes, format, None)
        .await
        .expect_err(name);
    assert_eq!(e.code, code, "{name}: {e:?}");
    assert!(
        e.message.contains(words),
        "{name}: '{}' lacks '{words}'",
        e.message
    );
    assert!(!e.message.is_empty() && e.is_user_error(), "{name}: {e:?}");
    assert_eq!(bank_rows(book).await, before, "{name}: something was kept");
}

#[tokio::test]
async fn hostile_xml() {
    let book = Book::new().await;
    // Cut short in the middle of an entry.
    let text = camt();
    let cut = &text[..text.len() / 2];
    refused(
        &book,
        "cut.xml",
        cut.as_bytes(),
        None,
        "malformed",
        "not well-formed XML",
    )
    .await;

    // Billion laughs: entities that expand to gigabytes.
    let mut laughs =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        laughs.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    laughs.push_str("]>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><GrpHdr><MsgId>&lol9;</MsgId></GrpHdr></BkToCstmrStmt></Document>");
    refused(
        &book,
        "laughs.xml",
        laughs.as_bytes(),
        None,
        "malformed",
        "DTD",
    )
    .await;

    // XXE: an external entity reading a local file.
    let xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\
               <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>&x;</BkToCstmrStmt></Document>";
    refused(&book, "xxe.xml", xxe.as_bytes(), None, "malformed", "DTD").await;

    // Declared UTF-8, written in Latin-1.
    let latin1: Vec<u8> = text
        .replace("REMBOURSEMENT SOINS", "REMBOURSEMENT SOINS DENTAIRES É")
        .chars()
        .map(|c| if c == 'É' { 0xC9 } else { c as u8 })
        .collect();
    refused(
        &book,
        "latin1.xml",
        &latin1,
        None,
        "wrong_encoding",
        "not valid UTF-8",
    )
    .await;

    // Another ISO 20022 report than a statement.
    let camt054 = text.replace("camt.053.001.02", "camt.054.001.02");
    refused(
        &book,
        "camt054.xml",
        camt054.as_bytes(),
        None,
        "unknown_format",
        "camt.054",
    )
    .await;

    // A bad amount in the seventh entry: the whole file is refused, naming it.
    let bad_amount = text.replace(
        "<Amt Ccy=\"EUR\">99.99</Amt>",
        "<Amt Ccy=\"EUR\">99,99</Amt>",
    );
    refused(
        &book,
        "amount.xml",
        bad_amount.as_bytes(),
        None,
        "invalid_amount",
        "entry 7",
    )
    .await;

    // An amount with more decimals than the currency has.
    let decimals = text.replace(
        "<Amt Ccy=\"EUR\">600.00</Amt>",
        "<Amt Ccy=\"EUR\">600.001</Amt>",
    );
    refused(
        &book,
        "decimals.xml",
        decimals.as_bytes(),
        None,
        "too_many_decimals",
        "line 3",
    )
    .await;

    // An unknown currency.
    let currency = text.replace(
        "<Amt Ccy=\"EUR\">600.00</Amt>",
        "<Amt Ccy=\"XYZ\">600.00</Amt>",
    );
    refused(
        &book,
        "currency.xml",
        currency.as_bytes(),
        None,
        "invalid_currency",
        "XYZ",
    )
    .await;
}

#[tokio::test]
async fn oversized_binary_and_empty_files() {
    let book = Book::new().await;
    // 50 MB of entries: refused before it is parsed.
    let text = camt();
    let (head, rest) = text.split_at(text.find("<Ntry>").unwrap());
    let entry_end = rest.find("</Ntry>").unwrap() + "</Ntry>".len();
    let entry = &rest[..entry_end];
    let mut big = String::with_capacity(52 * 1024 * 1024);
    big.push_str(head);
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(entry);
    }
    big.push_str("</Stmt></BkToCstmrStmt></Document>");
    refused(
        &book,
        "big.xml",
        big.as_bytes(),
        None,
        "too_large",
        "at most 32 MB",
    )
    .await;

    let binary: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    refused(
        &book,
        "photo.jpg",
        &binary,
        None,
        "unknown_format",
        "neither CAMT.053",
    )
    .await;
    refused(&book, "empty.xml", b"  \n", None, "empty", "empty").await;
    refused(
        &book,
        "empty.ofx",
        b"",
        Some(StatementFormat::Ofx),
        "empty",
        "empty",
    )
    .await;
}

#[tokio::test]
async fn broken_ofx_and_csv() {
    let book = Book::new().await;
    let ofx = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("bank/ofx1.ofx")).unwrap();
    let text = String::from_utf8_lossy(&ofx).into_owned();
    let cut = &text[..text.rfind("</STMTTRN>").unwrap()];
    refused(
        &book,
        "cut.ofx",
        cut.as_bytes(),
        None,
        "malformed",
        "not closed",
    )
    .await;
    let no_amount = text
        .replace("<TRNAMT>75.00\r\n", "")
        .replace("<TRNAMT>75.00\n", "");
    refused(
        &book,
        "no-amount.ofx",
        no_amount.as_bytes(),
        None,
        "required",
        "transaction 3",
    )
    .await;
    let dtd = text.replace(
        "<OFX>",
        "<!DOCTYPE OFX [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><OFX>",
    );
    refused(&book, "dtd.ofx", dtd.as_bytes(), None, "malformed", "DTD").await;

    let mapping = french_bank_layout();
    book.api
        .save_csv_mapping(SaveCsvMapping {
            org_id: None,
            mapping,
        })
        .await
        .unwrap();
    let csv_refused =
        |name: &'static str, body: String, code: &'static str, words: &'static str| {
            let book = &book;
            async move {
                let before = bank_rows(book).await;
                let bytes: Vec<u8> = body
                    .chars()
                    .map(|c| match c {
                        'é' => 0xE9,
                        'É' => 0xC9,
                        c => c as u8,
                    })
                    .collect();
                let e = book
                    .api
                    .import_statement_bytes(
                        None,
                        name,
                        &bytes,
                        Some(StatementFormat::Csv),
                        Some("Crédit Agricole"),
                    )
                    .await
                    .expect_err(name);
                assert_eq!(e.code, code, "{name}: {e:?}");
                assert!(
                    e.message.contains(words),
                    "{name}: '{}' lacks '{words}'",
                    e.message
                );
                assert_eq!(bank_rows(book).await, before, "{name}: something was kept");
            }
        };
    let head = "Compte;;;\nSolde;;;\nDate;Libellé;Débit euros;Crédit euros;Référence\n";
    let mut many = String::from(head);
    for i in 0..500 {
        many.push_str(&format!("07/12/2026;VIR {i};;10,00;R{i}\n"));
    }
    let bad_row = many.replace("VIR 321;;10,00", "VIR 321;;dix euros");
    csv_refused("bad-row.csv", bad_row, "invalid_amount", "row 325").await;
    let bad_date = many.replace("07/12/2026;VIR 7;", "2026-12-07;VIR 7;");
    csv_refused("bad-date.csv", bad_date, "invalid_date", "row 11").await;
    let both = many.replace("VIR 9;;10,00", "VIR 9;5,00;10,00");
    csv_refused(
        "both.csv",
        both,
        "invalid_amount",
        "both a credit and a debit",
    )
    .await;
    let renamed = many.replace("Crédit euros", "Montant");
    csv_refused("columns.csv", renamed, "missing_column", "Crédit euros").await;

    // UTF-8 where the mapping says Windows-1252 reads as mojibake, not an error: the other way
    // round is an error.
    let mut utf8_mapping = french_bank_layout();
    utf8_mapping.name = "utf8".into();
    utf8_mapping.encoding = TextEncoding::Utf8;
    book.api
        .save_csv_mapping(SaveCsvMapping {
            org_id: None,
            mapping: utf8_mapping,
        })
        .await
        .unwrap();
    let latin1 =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("bank/statement.csv")).unwrap();
    let before = bank_rows(&book).await;
    let e = book
        .api
        .import_statement_bytes(
            None,
            "latin1.csv",
            &latin1,
            Some(StatementFormat::Csv),
            Some("utf8"),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, "wrong_encoding", "{e:?}");
    assert!(e.message.contains("line 1"), "{}", e.message);
    assert_eq!(bank_rows(&book).await, before);
}
