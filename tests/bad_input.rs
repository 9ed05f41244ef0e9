//! Bad input gets a clear error and writes nothing: one test per class.

#![allow(clippy::unwrap_used, clippy::float_arithmetic)]

use autoinvoice_api::*;
use autoinvoice_tests::book::*;

/// Runs `f` on a fresh draft request; asserts the error code and that nothing was written.
async fn rejects(b: &Book, code: &str, f: impl FnOnce(&mut CreateDocument)) -> ApiError {
    let before = b.counts().await;
    let mut req = three_rate_invoice(b.customer_fr);
    f(&mut req);
    let err = b
        .api
        .create_document(req)
        .await
        .expect_err("accepted bad input");
    assert_eq!(err.code, code, "{err:?}");
    assert!(
        !err.message.is_empty() && !err.message.contains('\n'),
        "{err:?}"
    );
    assert_eq!(b.counts().await, before, "something was written");
    err
}

#[tokio::test]
async fn invalid_amounts() {
    let b = Book::new().await;
    rejects(&b, "too_many_decimals", |r| {
        r.content.lines[0].unit_price = d("1.00001")
    })
    .await;
    rejects(&b, "too_many_decimals", |r| {
        r.content.lines[0].quantity = d("0.00001")
    })
    .await;
    rejects(&b, "out_of_range", |r| {
        r.content.lines[0].unit_price = d("-5")
    })
    .await;
    rejects(&b, "out_of_range", |r| r.content.lines[0].quantity = d("0")).await;
    rejects(&b, "out_of_range", |r| {
        r.content.lines[0].unit_price = d("99999999999999")
    })
    .await;
    rejects(&b, "out_of_range", |r| {
        r.content.lines[0].quantity = d("999999999999")
    })
    .await;
    rejects(&b, "too_many_decimals", |r| r.content.prepaid = d("0.001")).await;
    let e = rejects(&b, "too_many_decimals", |r| {
        r.content.lines[1].unit_price = d("0.123456")
    })
    .await;
    assert!(e.message.contains("lines[1].unit_price"), "{e:?}");
}

#[tokio::test]
async fn invalid_currencies_rates_and_categories_in_json() {
    let b = Book::new().await;
    for (json, what) in [
        (r#""currency": "EURO""#, "currency"),
        (r#""currency": "XXX""#, "currency"),
        (r#""currency": 978"#, "currency"),
    ] {
        let text = format!(
            r#"{{"customer_id": {}, {json}, "lines": [{{"name": "x", "quantity": "1", "unit_price": "1", "vat_rate": "20"}}]}}"#,
            b.customer_fr
        );
        let err = serde_json::from_str::<CreateDocument>(&text).expect_err(what);
        assert!(
            err.to_string().contains("ISO 4217") || err.to_string().contains("invalid type"),
            "{err}"
        );
    }
    rejects(&b, "invalid_vat_rate", |r| {
        r.content.lines[0].vat_rate = Some(d("0"))
    })
    .await;
    rejects(&b, "invalid_vat_rate", |r| {
        r.content.lines[0].vat_rate = Some(d("120"))
    })
    .await;
    rejects(&b, "invalid_vat_rate", |r| {
        r.content.lines[0].vat_rate = Some(d("-20"))
    })
    .await;
    rejects(&b, "invalid_vat_rate", |r| {
        r.content.lines[0].vat_rate = None
    })
    .await;
    rejects(&b, "invalid_vat_rate", |r| {
        r.content.lines[0].vat_category = Some(autoinvoice_domain::VatCategory::Z);
        r.content.lines[0].vat_rate = Some(d("20"));
    })
    .await;
    rejects(&b, "required", |r| {
        r.content.lines[0].vat_category = Some(autoinvoice_domain::VatCategory::E);
        r.content.lines[0].vat_rate = None;
    })
    .await;
    let unknown_category = format!(
        r#"{{"customer_id": {}, "currency": "EUR", "lines": [{{"name": "x", "quantity": "1", "unit_price": "1", "vat_category": "Q"}}]}}"#,
        b.customer_fr
    );
    assert!(serde_json::from_str::<CreateDocument>(&unknown_category).is_err());
    let float_amount = format!(
        r#"{{"customer_id": {}, "currency": "EUR", "lines": [{{"name": "x", "quantity": 1.1, "unit_price": "1", "vat_rate": "20"}}]}}"#,
        b.customer_fr
    );
    assert!(
        serde_json::from_str::<CreateDocument>(&float_amount).is_err(),
        "a float amount must be refused: amounts are strings"
    );
    let unknown_field = format!(
        r#"{{"customer_id": {}, "currency": "EUR", "totl": "5", "lines": []}}"#,
        b.customer_fr
    );
    assert!(serde_json::from_str::<CreateDocument>(&unknown_field).is_err());
}

#[tokio::test]
async fn invalid_dates() {
    let b = Book::new().await;
    rejects(&b, "invalid_date", |r| {
        r.content.issue_date = Some(date("2026-11-10"));
        r.content.due_date = Some(date("2026-11-01"));
    })
    .await;
    rejects(&b, "invalid_date", |r| {
        r.content.period_start = Some(date("2026-11-10"));
        r.content.period_end = Some(date("2026-11-01"));
    })
    .await;
    let bad = format!(
        r#"{{"customer_id": {}, "currency": "EUR", "issue_date": "2026-02-30", "lines": []}}"#,
        b.customer_fr
    );
    assert!(serde_json::from_str::<CreateDocument>(&bad).is_err());
    // An issue date before the last issued one of the series is refused at issue; nothing moves.
    b.issued_invoice().await;
    let mut req = three_rate_invoice(b.customer_fr);
    req.content.issue_date = Some(date("2026-01-01"));
    let draft = b.api.create_document(req).await.unwrap();
    let before = b.counts().await;
    let err = b
        .api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "date_before_last_issue");
    assert_eq!(b.counts().await, before);
    assert_eq!(
        b.api
            .get_document(GetDocument {
                org_id: None,
                document: DocumentRef::Id(draft.id)
            })
            .await
            .unwrap()
            .number,
        None
    );
}

#[tokio::test]
async fn negative_invoice_totals_are_refused_at_issue() {
    let b = Book::new().await;
    let mut req = three_rate_invoice(b.customer_fr);
    req.content.lines = vec![line("Retour", "-2", "100", "20")];
    let draft = b.api.create_document(req).await.unwrap();
    let before = b.counts().await;
    let err = b
        .api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "negative_total");
    assert_eq!(b.counts().await, before);
}

#[tokio::test]
async fn unknown_customer_and_documents() {
    let b = Book::new().await;
    rejects(&b, "not_found", |r| r.customer_id = 999).await;
    let err = b
        .api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::parse("F-2099-0001"),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "not_found");
    let err = b
        .api
        .issue_document(IssueDocument {
            org_id: Some(42),
            document: DocumentRef::Id(1),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "not_found");
}

#[tokio::test]
async fn huge_text_and_control_characters() {
    let b = Book::new().await;
    rejects(&b, "text_too_long", |r| {
        r.content.lines[0].description = Some("x".repeat(100 * 1024))
    })
    .await;
    rejects(&b, "text_too_long", |r| {
        r.content.lines[0].name = "n".repeat(5000)
    })
    .await;
    rejects(&b, "control_character", |r| {
        r.content.lines[0].name = "Dév\u{0}eloppement".into()
    })
    .await;
    rejects(&b, "control_character", |r| {
        r.content.lines[0].name = "two\nlines".into()
    })
    .await;
    rejects(&b, "control_character", |r| {
        r.content.note = Some("bell \u{7}".into())
    })
    .await;
    rejects(&b, "control_character", |r| {
        r.content.note = Some("IBAN \u{202E}981 FR76".into())
    })
    .await;
    rejects(&b, "required", |r| r.content.lines.clear()).await;
    rejects(&b, "out_of_range", |r| {
        r.content.lines = vec![line("x", "1", "1", "20"); 2001]
    })
    .await;
    // Multi-line descriptions and non-Latin text are fine.
    let mut req = three_rate_invoice(b.customer_fr);
    req.content.lines[0].description = Some("Ligne 1\nΓραμμή 2\nСтрока 3 — 東京".into());
    b.api.create_document(req).await.unwrap();
}

#[tokio::test]
async fn malformed_and_hostile_csv_imports_nothing() {
    let b = Book::new().await;
    let good = "name,line1,postcode,city,country,emails\nAlpha,1 rue A,75001,Paris,FR,a@alpha.fr\n";
    let cases = [
        ("", "invalid_csv"),
        ("\u{0}\u{1}binary\u{2}", "invalid_csv"),
        ("name,line1,city\nA,1 rue,Paris\n", "invalid_csv"),
        (
            "name,line1,city,country,shoe_size\nA,1 rue,Paris,FR,42\n",
            "invalid_csv",
        ),
        (
            "name,name,line1,city,country\nA,B,1,Paris,FR\n",
            "invalid_csv",
        ),
        (
            "name,line1,city,country\nA,1 rue,Paris,FR\nB,2 rue,Lyon\n",
            "invalid_csv",
        ),
        (
            "name,line1,city,country\nA,1 rue,Paris,FR\nB,2 rue,Lyon,ZZ\n",
            "invalid_csv",
        ),
        (
            "name,line1,city,country,emails\nA,1 rue,Paris,FR,not-an-email\n",
            "invalid_csv",
        ),
        (
            "name,line1,city,country,siren\nA,1 rue,Paris,FR,123456789\n",
            "invalid_csv",
        ),
        (
            "name,line1,city,country\n\"unterminated,1 rue,Paris,FR\n",
            "invalid_csv",
        ),
        (
            "name,line1,city,country\nA\u{0}B,1 rue,Paris,FR\n",
            "invalid_csv",
        ),
    ];
    for (csv, code) in cases {
        let before = b.counts().await;
        let err = b.api.import_customers_csv(None, csv).await.expect_err(csv);
        assert_eq!(err.code, code, "{csv:?}: {err:?}");
        assert_eq!(b.counts().await, before, "{csv:?} wrote something");
    }
    let long = format!(
        "name,line1,city,country\n{},1 rue,Paris,FR\n",
        "A".repeat(100_000)
    );
    assert_eq!(
        b.api
            .import_customers_csv(None, &long)
            .await
            .unwrap_err()
            .code,
        "invalid_csv"
    );
    // The error names the line.
    let err = b
        .api
        .import_customers_csv(
            None,
            "name,line1,city,country\nA,1,Paris,FR\nB,2,Lyon,FR\nC,3,Nice,XX\n",
        )
        .await
        .unwrap_err();
    assert!(err.message.contains("line 4"), "{err:?}");
    assert_eq!(
        b.api
            .import_customers_csv(None, good)
            .await
            .unwrap()
            .imported,
        1
    );
    // Exports defuse formulas planted in names.
    let evil = "name,line1,city,country\n\"=HYPERLINK(\"\"http://evil\"\")\",1 rue,Paris,FR\n";
    b.api.import_customers_csv(None, evil).await.unwrap();
    let out = b
        .api
        .export_csv(ExportCsv {
            org_id: None,
            what: CsvExport::Customers,
            filter: Default::default(),
        })
        .await
        .unwrap();
    assert!(out.contains("'=HYPERLINK"), "{out}");
}

#[tokio::test]
async fn invalid_parties() {
    let b = Book::new().await;
    let mut org = seller();
    org.siren = Some("534640975".into());
    assert_eq!(
        b.api.create_organization(org).await.unwrap_err().code,
        "invalid_siren"
    );
    let mut org = seller();
    org.vat_number = Some("FR00534640974".into());
    assert_eq!(
        b.api.create_organization(org).await.unwrap_err().code,
        "invalid_vat_number"
    );
    let mut org = seller();
    org.iban = Some("FR76 0000".into());
    assert_eq!(
        b.api.create_organization(org).await.unwrap_err().code,
        "invalid_iban"
    );
    let c = customer("", "FR", None);
    assert_eq!(
        b.api
            .create_customer(CreateCustomer {
                org_id: None,
                customer: c
            })
            .await
            .unwrap_err()
            .code,
        "required"
    );
    let mut org = seller();
    org.address.country = "US".into();
    org.siren = None;
    org.vat_number = None;
    assert_eq!(
        b.api.create_organization(org).await.unwrap_err().code,
        "required",
        "BR-CO-26: some legal id"
    );
    // An intra-community supply needs its delivery date (BR-IC-11).
    let mut k = three_rate_invoice(b.customer_de);
    for l in &mut k.content.lines {
        l.vat_category = Some(autoinvoice_domain::VatCategory::K);
        l.vat_rate = None;
    }
    let draft = b.api.create_document(k).await.unwrap();
    let err = b
        .api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "required");
    assert!(err.message.contains("BR-IC-11"), "{err:?}");
    // Reverse charge to a buyer without a VAT number is refused at issue.
    let no_vat = b
        .api
        .create_customer(CreateCustomer {
            org_id: None,
            customer: customer("Sans TVA", "DE", None),
        })
        .await
        .unwrap()
        .id;
    let mut req = three_rate_invoice(no_vat);
    for l in &mut req.content.lines {
        l.vat_category = Some(autoinvoice_domain::VatCategory::AE);
        l.vat_rate = None;
    }
    let draft = b.api.create_document(req).await.unwrap();
    let err = b
        .api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "buyer_vat_number_required");
}
