//! The bank reconciliation screen in the real window: a CAMT.053 statement chosen in the file
//! field, its credit matched to the invoice by the number in its text, confirmed by a click,
//! and the invoice paid.

use crate::session::Session;
use autoinvoice_api::{Api, DocumentRef, GetDocument, LineState, ListBankLines};
use rust_decimal::Decimal;

fn statement(number: &str, amount: Decimal) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>E2E</MsgId><CreDtTm>2026-12-03T20:00:00</CreDtTm></GrpHdr>
<Stmt><Id>E2E-1</Id><Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-12-02</Dt></BookgDt><AcctSvcrRef>E2E-0001</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>BOULANGERIE DUPONT</Nm></Pty></Dbtr></RltdPties>
<RmtInf><Ustrd>VIREMENT FACTURE {number}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">45.90</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-12-02</Dt></BookgDt><AcctSvcrRef>E2E-0002</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Cdtr><Pty><Nm>ORANGE SA</Nm></Pty></Cdtr></RltdPties>
<RmtInf><Ustrd>PRLV SEPA ABONNEMENT</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
"#
    )
}

pub async fn bank_flow(s: &mut Session, api: &Api, number: &str) {
    let document = || GetDocument {
        org_id: None,
        document: DocumentRef::Number(number.to_owned()),
    };
    let balance = api.get_document(document()).await.unwrap().balance;
    assert!(balance > Decimal::ZERO, "the invoice still owes something");
    let file = s.dir.path().join("releve-decembre.xml");
    std::fs::write(&file, statement(number, balance)).unwrap();

    s.click("nav-bank").await;
    s.find("bank-import").await;
    s.shot("bank-empty").await;
    // The file chosen as the file dialog would: its path typed into the file field.
    let input = s.find("bank-file").await;
    crate::driver::within("bank-file", input.send_keys(&file.display().to_string()))
        .await
        .unwrap();
    s.find("bank-imported").await;
    s.wait_text("bank-lines", "the invoice proposed", |t| t.contains(number))
        .await;

    let page = api
        .list_bank_lines(ListBankLines {
            states: vec![LineState::Suggested],
            ..ListBankLines::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 1, "{page:?}");
    let line = &page.lines[0];
    assert_eq!(line.amount, balance);
    s.wait_attr(
        &format!("bank-line-{}-rule", line.id),
        "data-rule",
        "reference",
    )
    .await;
    s.shot("bank-to-confirm").await;

    s.click(&format!("bank-line-{}-confirm", line.id)).await;
    s.find("bank-line-done").await;
    s.click("bank-tab-matched").await;
    s.wait_text("bank-lines", "the confirmed line", |t| t.contains(number))
        .await;
    s.shot("bank-confirmed").await;
    let paid = api.get_document(document()).await.unwrap();
    assert_eq!((paid.status.code(), paid.balance), ("paid", Decimal::ZERO));

    s.click("bank-tab-outgoing").await;
    s.wait_text("bank-lines", "the debit", |t| t.contains("ORANGE SA"))
        .await;
    let verified = api.verify_journal(None).await.unwrap();
    assert!(verified.iter().all(|r| r.ok()), "{verified:?}");
}
