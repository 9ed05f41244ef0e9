//! Test books: a real SQLite file in a temporary folder, a seller, customers and invoices.

use autoinvoice_api::{
    Api, Clock, CreateCustomer, CreateDocument, DocumentRecord, DocumentRef, IssueDocument,
};
use autoinvoice_domain::Currency;
use autoinvoice_domain::document::{DocumentContent, DocumentKind, Line};
use autoinvoice_domain::party::{Address, Customer, CustomerKind, Language, Organization};
use autoinvoice_domain::vat::{VatCategory, VatRegime};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::path::PathBuf;

pub fn d(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("date literal")
}

/// The day tests run "on".
pub fn today() -> NaiveDate {
    date("2026-11-29")
}

pub fn address(city: &str, country: &str) -> Address {
    Address {
        line1: "1 rue de la Paix".into(),
        line2: None,
        line3: None,
        postcode: "75002".into(),
        city: city.into(),
        country: country.into(),
    }
}

pub fn seller() -> Organization {
    Organization {
        legal_name: "Camille Martin".into(),
        trading_name: None,
        legal_form: Some("EI".into()),
        address: address("Lyon", "FR"),
        siren: Some("534640974".into()),
        siret: None,
        vat_number: Some("FR95534640974".into()),
        registration: None,
        iban: Some("FR7630006000011234567890189".into()),
        bic: None,
        email: None,
        phone: None,
        currency: Currency::EUR,
        language: Language::Fr,
        payment_terms_days: 30,
        vat_regime: VatRegime::Normal,
        vat_on_debits: false,
        late_penalty_rate: None,
    }
}

pub fn customer(name: &str, country: &str, vat: Option<&str>) -> Customer {
    Customer {
        kind: CustomerKind::Business,
        name: name.into(),
        address: address("Paris", country),
        delivery_address: None,
        siren: None,
        vat_number: vat.map(Into::into),
        emails: vec!["billing@example.com".into()],
        language: None,
        currency: None,
        payment_terms_days: None,
        notes: None,
    }
}

pub fn line(name: &str, qty: &str, price: &str, rate: &str) -> Line {
    Line {
        name: name.into(),
        description: None,
        quantity: d(qty),
        unit: "C62".into(),
        unit_price: d(price),
        gross_price: None,
        base_quantity: None,
        allowances_charges: Vec::new(),
        vat_category: Some(VatCategory::S),
        vat_rate: Some(d(rate)),
    }
}

pub fn content(lines: Vec<Line>) -> DocumentContent {
    DocumentContent {
        currency: Currency::EUR,
        issue_date: None,
        due_date: None,
        payment_terms_days: None,
        delivery_date: None,
        period_start: None,
        period_end: None,
        buyer_reference: None,
        purchase_order: None,
        operation_type: None,
        note: None,
        payment_terms_text: None,
        valid_until: None,
        prices_include_vat: false,
        lines,
        allowances_charges: Vec::new(),
        prepaid: Decimal::ZERO,
        rounding: Decimal::ZERO,
        exemptions: Vec::new(),
    }
}

/// A draft invoice with three lines at 20 %, 10 % and 5.5 %.
pub fn three_rate_invoice(customer_id: i64) -> CreateDocument {
    CreateDocument {
        org_id: None,
        kind: DocumentKind::Invoice,
        customer_id,
        preceding: None,
        content: content(vec![
            line("Développement", "3", "450", "20"),
            line("Restauration", "2", "17.35", "10"),
            line("Livre", "1", "24.90", "5.5"),
        ]),
    }
}

/// A database file with one seller and two customers (France; Germany with a VAT number).
#[derive(Debug)]
pub struct Book {
    pub api: Api,
    pub path: PathBuf,
    pub org_id: i64,
    pub customer_fr: i64,
    pub customer_de: i64,
    _dir: tempfile::TempDir,
}

impl Book {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("book.db");
        let api = Api::open(&path)
            .await
            .expect("open")
            .with_clock(Clock::Fixed(today()));
        let org_id = api.create_organization(seller()).await.expect("seller").id;
        let customer_fr = api
            .create_customer(CreateCustomer {
                org_id: None,
                customer: customer("Dupont SARL", "FR", Some("FR16302466339")),
            })
            .await
            .expect("customer")
            .id;
        let customer_de = api
            .create_customer(CreateCustomer {
                org_id: None,
                customer: customer("Müller GmbH", "DE", Some("DE129273398")),
            })
            .await
            .expect("customer")
            .id;
        Self {
            api,
            path,
            org_id,
            customer_fr,
            customer_de,
            _dir: dir,
        }
    }

    pub async fn issued_invoice(&self) -> DocumentRecord {
        let draft = self
            .api
            .create_document(three_rate_invoice(self.customer_fr))
            .await
            .expect("draft");
        self.api
            .issue_document(IssueDocument {
                org_id: None,
                document: DocumentRef::Id(draft.id),
            })
            .await
            .expect("issue")
    }

    /// A raw connection to the same file, as another program (or a tamperer) would have.
    pub async fn raw(&self) -> sqlx::SqliteConnection {
        use sqlx::Connection;
        sqlx::SqliteConnection::connect(&format!("sqlite://{}", self.path.display()))
            .await
            .expect("raw connection")
    }

    /// Row counts of every table: to show that a failed operation wrote nothing.
    pub async fn counts(&self) -> Vec<(String, i64)> {
        let mut conn = self.raw().await;
        let mut out = Vec::new();
        for t in [
            "organizations",
            "customers",
            "invoices",
            "invoice_items",
            "payments",
            "payment_allocations",
            "journal",
            "number_series",
        ] {
            let n: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {t}")))
                    .fetch_one(&mut conn)
                    .await
                    .expect("count");
            out.push((t.to_owned(), n));
        }
        out
    }
}
