//! The core benchmark: a book of 100,000 invoices × 5 lines, then the figures that matter.
//! `cargo bench -p autoinvoice-tests --bench core` (BENCH_INVOICES=N for a smaller book).
//! Targets: issue ≤ 2 ms, list page ≤ 10 ms, dashboard ≤ 30 ms, 10,000 customers ≤ 2 s.
//! The book is built once through the API and kept in ~/.cache/autoinvoice/; each run works
//! on a copy.

#![allow(clippy::unwrap_used, clippy::float_arithmetic)]

use autoinvoice_api::*;
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_domain::payment::PaymentMethod;
use autoinvoice_tests::bench_book;
use autoinvoice_tests::book::*;
use chrono::Days;
use std::path::Path;
use std::time::{Duration, Instant};

/// The allocator the `autoinvoice` binary uses, so the figures are the product's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CUSTOMERS: [&str; 10] = [
    "Boulangerie Dupont",
    "Atelier Moreau",
    "Cabinet Lefèvre",
    "Librairie du Parc",
    "Garage Petit",
    "Julie Bernard",
    "Thomas Girard",
    "Émilie Rousseau",
    "Müller Design",
    "Brightside Media",
];

fn five_lines(i: usize) -> Vec<autoinvoice_domain::Line> {
    (0..5)
        .map(|k| {
            line(
                &format!("Prestation {} #{i}", k + 1),
                &format!("{}", 1 + (i + k) % 7),
                &format!("{}.{:02}", 20 + (i * 7 + k) % 900, (i + k) % 100),
                if k == 4 { "5.5" } else { "20" },
            )
        })
        .collect()
}

async fn build_book(path: &Path, n: usize) -> Duration {
    let start_day = today().checked_sub_days(Days::new(3 * 365)).unwrap();
    let api = Api::open(path)
        .await
        .unwrap()
        .with_clock(Clock::Fixed(today()));
    api.create_organization(seller()).await.unwrap();
    let mut ids = Vec::new();
    for name in CUSTOMERS {
        ids.push(
            api.create_customer(CreateCustomer {
                org_id: None,
                customer: customer(name, "FR", None),
            })
            .await
            .unwrap()
            .id,
        );
    }
    let t = Instant::now();
    for i in 0..n {
        let day = start_day
            .checked_add_days(Days::new(u64::try_from(i * 3 * 365 / n).unwrap()))
            .unwrap();
        let mut c = content(five_lines(i));
        c.issue_date = Some(day);
        let draft = api
            .create_document(CreateDocument {
                org_id: None,
                kind: autoinvoice_domain::DocumentKind::Invoice,
                customer_id: ids[i % ids.len()],
                preceding: None,
                content: c,
            })
            .await
            .unwrap();
        let doc = api
            .issue_document(IssueDocument {
                org_id: None,
                document: DocumentRef::Id(draft.id),
            })
            .await
            .unwrap();
        // As in a real book: nine in ten invoices paid once due (if that day has come), the
        // rest partly paid or still open.
        let due = doc.due_date.unwrap();
        let amount = match i % 10 {
            0 => None,
            1 => Some(d("100")),
            _ if due <= today() => Some(doc.balance),
            _ => None,
        };
        if let Some(amount) = amount {
            api.record_payment(RecordPayment {
                org_id: None,
                date: Some(due.min(today())),
                amount,
                method: PaymentMethod::Transfer,
                reference: None,
                allocations: vec![PaymentAllocationInput {
                    invoice: DocumentRef::Id(doc.id),
                    amount: None,
                }],
            })
            .await
            .unwrap();
        }
        if i % 10_000 == 9_999 {
            eprintln!("  book: {} invoices", i + 1);
        }
    }
    api.close().await;
    t.elapsed()
}

fn stats(mut v: Vec<Duration>) -> String {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:.3} ms, p95 {:.3} ms, max {:.3} ms (n={})",
        ms(v[v.len() / 2]),
        ms(v[v.len() * 95 / 100]),
        ms(v[v.len() - 1]),
        v.len()
    )
}

fn copy_db(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let n: usize = std::env::var("BENCH_INVOICES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    std::fs::create_dir_all(bench_book::cache_dir()).unwrap();
    let cached = bench_book::path(n);
    if !cached.exists() {
        let building = bench_book::building_path(n);
        let _ = std::fs::remove_file(&building);
        eprintln!(
            "building a book of {n} invoices × 5 lines (once; kept in {})",
            cached.display()
        );
        let took = build_book(&building, n).await;
        println!(
            "book: {n} invoices × 5 lines built through the API in {:.1} s ({:.3} ms per create+issue(+payment))",
            took.as_secs_f64(),
            took.as_secs_f64() * 1000.0 / n as f64
        );
        std::fs::rename(&building, &cached).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    copy_db(&cached, &path);
    println!(
        "database: {:.1} MB",
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6
    );
    let api = Api::open(&path)
        .await
        .unwrap()
        .with_clock(Clock::Fixed(today()));
    let customer_id = api.list_customers(ListCustomers::default()).await.unwrap()[0].id;

    // 1. Issue one invoice (the draft is made beforehand, outside the timing).
    let mut issue = Vec::new();
    for i in 0..200 {
        let draft = api
            .create_document(CreateDocument {
                org_id: None,
                kind: autoinvoice_domain::DocumentKind::Invoice,
                customer_id,
                preceding: None,
                content: content(five_lines(i)),
            })
            .await
            .unwrap();
        let t = Instant::now();
        api.issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap();
        issue.push(t.elapsed());
    }
    println!(
        "issue one invoice (5 lines, on a {n}-invoice book): {}  [target ≤ 2 ms]",
        stats(issue)
    );

    // 2. One list page of 50: status filter + text search + sort by total.
    let req = ListDocuments {
        statuses: vec![Status::Issued, Status::Sent, Status::PartiallyPaid],
        search: Some("moreau".into()),
        sort: SortKey::Total,
        descending: true,
        limit: Some(50),
        ..Default::default()
    };
    let page = api.list_documents(req.clone()).await.unwrap();
    let mut list = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        api.list_documents(req.clone()).await.unwrap();
        list.push(t.elapsed());
    }
    let matches = if page.total_is_exact {
        page.total.to_string()
    } else {
        format!("{}+", page.total)
    };
    println!(
        "list page of 50 (status filter + search 'moreau' + sort by total; {matches} matches): {}  [target ≤ 10 ms]",
        stats(list)
    );
    let plain = ListDocuments {
        limit: Some(50),
        descending: true,
        ..Default::default()
    };
    let mut first = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        api.list_documents(plain.clone()).await.unwrap();
        first.push(t.elapsed());
    }
    println!(
        "list first page of 50 (no filter, newest first): {}",
        stats(first)
    );

    // The dashboard's two short lists: overdue invoices, and drafts (none in this book: the
    // query must not read every invoice to find that out).
    let overdue = ListDocuments {
        kind: Some(autoinvoice_domain::DocumentKind::Invoice),
        overdue: true,
        sort: SortKey::DueDate,
        limit: Some(8),
        ..Default::default()
    };
    let drafts = ListDocuments {
        statuses: vec![Status::Draft],
        sort: SortKey::Created,
        descending: true,
        limit: Some(8),
        ..Default::default()
    };
    for (what, req) in [("overdue invoices", overdue), ("drafts", drafts)] {
        let mut times = Vec::new();
        for _ in 0..50 {
            let t = Instant::now();
            api.list_documents(req.clone()).await.unwrap();
            times.push(t.elapsed());
        }
        println!("dashboard list of 8 {what}: {}", stats(times));
    }

    // 3. Dashboard aggregates.
    let mut dash = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        api.dashboard(None).await.unwrap();
        dash.push(t.elapsed());
    }
    println!(
        "dashboard (outstanding, overdue, paid this month, revenue per month): {}  [target ≤ 30 ms]",
        stats(dash)
    );

    // 4. Import 10,000 customers from CSV.
    let mut csv = String::from("name,line1,postcode,city,country,emails,siren\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "Client {i},{i} rue du Commerce,75011,Paris,FR,client{i}@example.fr,\n"
        ));
    }
    let t = Instant::now();
    let r = api.import_customers_csv(None, &csv).await.unwrap();
    println!(
        "import {} customers from CSV: {:.3} s  [target ≤ 2 s]",
        r.imported,
        t.elapsed().as_secs_f64()
    );
    api.close().await;
}
