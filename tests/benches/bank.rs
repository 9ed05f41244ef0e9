//! The bank statement benchmark: import and match a 10,000-line CAMT.053 statement against
//! the 100,000-invoice book (target ≤ 2 s), then confirm the sure matches into payments.
//! `cargo bench -p autoinvoice-tests --bench bank` (BENCH_INVOICES=N, BENCH_LINES=N).
//! Works on a copy of the book the core benchmark builds (`make bench` runs that one first).
//!
//! The statement is written from the book's own open invoices: a third of the credits name
//! their invoice, a sixth come from the customer for exactly one invoice's balance, a sixth
//! match an amount only, the rest are other credits and debits.

#![allow(clippy::unwrap_used, clippy::float_arithmetic)]

use autoinvoice_api::*;
use autoinvoice_tests::book::today;
use std::fmt::Write as _;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Open {
    number: String,
    buyer: String,
    balance_cents: i64,
}

fn amount(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn entry(out: &mut String, n: usize, cents: i64, credit: bool, party: &str, text: &str) {
    let _ = writeln!(
        out,
        "<Ntry><Amt Ccy=\"EUR\">{}</Amt><CdtDbtInd>{}</CdtDbtInd><Sts>BOOK</Sts>\
         <BookgDt><Dt>2026-11-{:02}</Dt></BookgDt><ValDt><Dt>2026-11-{:02}</Dt></ValDt>\
         <AcctSvcrRef>BENCH{n:08}</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><{role}><Nm>{party}</Nm></{role}></RltdPties>\
         <RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>",
        amount(cents),
        if credit { "CRDT" } else { "DBIT" },
        n % 28 + 1,
        n % 28 + 1,
        role = if credit { "Dbtr" } else { "Cdtr" },
    );
}

fn statement(open: &[Open], lines: usize) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\
         <BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-11-29T20:00:00</CreDtTm></GrpHdr><Stmt><Id>BENCH</Id>\
         <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>\n",
    );
    let mut k = 0usize;
    for n in 0..lines {
        // Spread over the open invoices so that no two credits aim at the same one.
        let inv = &open[(k * 7919) % open.len()];
        match n % 6 {
            0 | 1 => {
                k += 1;
                entry(
                    &mut out,
                    n,
                    inv.balance_cents,
                    true,
                    &inv.buyer.to_uppercase(),
                    &format!("VIR SEPA FACTURE {}", inv.number),
                );
            }
            2 => {
                k += 1;
                entry(
                    &mut out,
                    n,
                    inv.balance_cents,
                    true,
                    &inv.buyer,
                    "REGLEMENT",
                );
            }
            3 => {
                k += 1;
                entry(
                    &mut out,
                    n,
                    inv.balance_cents,
                    true,
                    "PAYEUR INCONNU",
                    "VIREMENT",
                );
            }
            4 => entry(
                &mut out,
                n,
                1000 + (n as i64 % 977),
                true,
                "MUTUELLE",
                &format!("REMBOURSEMENT {n}"),
            ),
            _ => entry(
                &mut out,
                n,
                500 + (n as i64 % 311),
                false,
                "FOURNISSEUR",
                &format!("PRLV {n}"),
            ),
        }
    }
    out.push_str("</Stmt></BkToCstmrStmt></Document>\n");
    out
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let n: usize = std::env::var("BENCH_INVOICES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let lines: usize = std::env::var("BENCH_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let cached = autoinvoice_tests::bench_book::existing(n);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    std::fs::copy(&cached, &path).unwrap();
    let api = Api::open(&path)
        .await
        .unwrap()
        .with_clock(Clock::Fixed(today()));
    let org = api.organizations().await.unwrap()[0].id;
    let open: Vec<Open> = api
        .store()
        .open_invoices(org)
        .await
        .unwrap()
        .into_iter()
        .filter(|i| i.currency == "EUR")
        .map(|i| Open {
            number: i.number,
            buyer: i.buyer_name,
            balance_cents: i.balance_cents,
        })
        .collect();
    let xml = statement(&open, lines);
    println!(
        "book of {n} invoices, {} open in EUR; statement of {lines} lines, {:.1} MB of CAMT.053",
        open.len(),
        xml.len() as f64 / 1e6
    );

    let t = Instant::now();
    let r = api
        .import_statement_bytes(None, "bench.xml", xml.as_bytes(), None, None)
        .await
        .unwrap();
    let import = t.elapsed();
    let m = &r.matching;
    println!(
        "import + match: {:.0} ms  [target ≤ 2000 ms]  ({} lines kept, {} credits: {} by reference, {} by customer and amount, {} by amount alone, {} without a match)",
        import.as_secs_f64() * 1000.0,
        r.lines_new,
        m.waiting,
        m.by_reference,
        m.by_customer,
        m.by_amount,
        m.unmatched
    );

    let t = Instant::now();
    let again = api
        .match_bank(MatchBank {
            org_id: None,
            auto: false,
        })
        .await
        .unwrap();
    println!(
        "match again (all {} waiting credits): {:.0} ms",
        again.waiting,
        t.elapsed().as_secs_f64() * 1000.0
    );

    let t = Instant::now();
    let page = api
        .list_bank_lines(ListBankLines {
            states: vec![LineState::Suggested],
            limit: Some(100),
            ..ListBankLines::default()
        })
        .await
        .unwrap();
    println!(
        "first page of 100 suggested lines (of {}): {:.1} ms",
        page.total,
        t.elapsed().as_secs_f64() * 1000.0
    );

    let t = Instant::now();
    let auto = api
        .match_bank(MatchBank {
            org_id: None,
            auto: true,
        })
        .await
        .unwrap();
    let took = t.elapsed();
    println!(
        "match --auto: {} sure proposals confirmed into payments in {:.2} s ({:.2} ms each), {} failures",
        auto.confirmed,
        took.as_secs_f64(),
        took.as_secs_f64() * 1000.0 / auto.confirmed.max(1) as f64,
        auto.failures.len()
    );

    let t = Instant::now();
    let twice = api
        .import_statement_bytes(
            None,
            "bench-again.xml",
            xml.replace("<MsgId>BENCH</MsgId>", "<MsgId>BENCH2</MsgId>")
                .as_bytes(),
            None,
            None,
        )
        .await
        .unwrap();
    println!(
        "the same lines imported again: {} new, in {:.0} ms",
        twice.lines_new,
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let ok = api
        .verify_journal(None)
        .await
        .unwrap()
        .iter()
        .all(|r| r.ok());
    println!(
        "journal verify: {} in {:.2} s",
        if ok { "holds" } else { "BROKEN" },
        t.elapsed().as_secs_f64()
    );
    api.close().await;
}
