//! The invoice list's order does not depend on how SQLite finds the rows: with few matches
//! (an exact count, up to 1,000) the store sorts them apart, with many it walks the sort
//! key's index. Both must give every sort key, both directions, ties broken by id, and the
//! same pages whichever way a page boundary falls.

#![allow(clippy::unwrap_used)]

use autoinvoice_api::*;
use std::cmp::Ordering;

fn key_order(a: &DocumentSummary, b: &DocumentSummary, key: SortKey) -> Ordering {
    match key {
        SortKey::IssueDate => a.issue_date.cmp(&b.issue_date),
        SortKey::Number => a.number.cmp(&b.number),
        SortKey::DueDate => a.due_date.cmp(&b.due_date),
        SortKey::Total => a.total_incl.cmp(&b.total_incl),
        SortKey::Customer => a
            .buyer_name
            .to_ascii_lowercase()
            .cmp(&b.buyer_name.to_ascii_lowercase()),
        SortKey::Status => a.status.cmp(&b.status),
        // Creation order is id order in a seeded book.
        SortKey::Created => Ordering::Equal,
    }
}

async fn all_pages(api: &Api, req: &ListDocuments) -> (DocumentPage, Vec<DocumentSummary>) {
    let first = api.list_documents(req.clone()).await.unwrap();
    let mut items = Vec::new();
    let mut offset = 0;
    loop {
        let page = api
            .list_documents(ListDocuments {
                limit: Some(97),
                offset: Some(offset),
                ..req.clone()
            })
            .await
            .unwrap();
        if page.items.is_empty() {
            break;
        }
        offset += i64::try_from(page.items.len()).unwrap();
        items.extend(page.items);
    }
    (first, items)
}

#[tokio::test]
async fn both_ways_of_finding_rows_give_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(&dir.path().join("book.db")).await.unwrap();
    api.seed_demo(SeedDemo {
        invoices: 1_200,
        franchise: false,
    })
    .await
    .unwrap();
    let customer = api
        .list_documents(ListDocuments::default())
        .await
        .unwrap()
        .items[0]
        .customer_id;
    let keys = [
        SortKey::IssueDate,
        SortKey::Number,
        SortKey::DueDate,
        SortKey::Total,
        SortKey::Customer,
        SortKey::Status,
        SortKey::Created,
    ];
    for key in keys {
        for descending in [false, true] {
            let many = ListDocuments {
                sort: key,
                descending,
                ..Default::default()
            };
            let few = ListDocuments {
                customer_id: Some(customer),
                ..many.clone()
            };
            let (many_first, many_items) = all_pages(&api, &many).await;
            let (few_first, few_items) = all_pages(&api, &few).await;
            assert!(
                !many_first.total_is_exact,
                "the index walk: over 1,000 match"
            );
            assert!(
                few_first.total_is_exact,
                "the apart sort: {}",
                few_first.total
            );
            for (what, items) in [("many", &many_items), ("few", &few_items)] {
                for w in items.windows(2) {
                    let mut o = key_order(&w[0], &w[1], key).then(w[0].id.cmp(&w[1].id));
                    if descending {
                        o = o.reverse();
                    }
                    assert_eq!(o, Ordering::Less, "{what} {key:?} desc={descending}: {w:?}");
                }
            }
            // The customer's documents, in the order of the whole list.
            let theirs: Vec<i64> = many_items
                .iter()
                .filter(|d| d.customer_id == customer)
                .map(|d| d.id)
                .collect();
            let few_ids: Vec<i64> = few_items.iter().map(|d| d.id).collect();
            assert_eq!(theirs, few_ids, "{key:?} desc={descending}");
        }
    }
}
