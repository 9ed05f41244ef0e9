//! Demo data: a French sole trader (web designer in Lyon) with ten customers and a year of
//! invoices in every state. Deterministic: the same request gives the same book.

use crate::{
    Api, ApiResult, CreateCustomer, CreateDocument, CreditInvoice, DemoReport, DocumentRef,
    IssueDocument, PaymentAllocationInput, RecordPayment, SeedDemo,
};
use autoinvoice_domain::Currency;
use autoinvoice_domain::document::{
    AllowanceCharge, DocumentContent, DocumentKind, Line, LineAllowanceCharge, OperationType,
};
use autoinvoice_domain::party::{Address, Customer, CustomerKind, Language, Organization};
use autoinvoice_domain::payment::PaymentMethod;
use autoinvoice_domain::vat::{VatCategory, VatRegime};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

/// A small deterministic generator (xorshift64*): demo data must not change between runs,
/// and pulling in a random-number crate for this alone is not worth it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

fn addr(line1: &str, postcode: &str, city: &str, country: &str) -> Address {
    Address {
        line1: line1.into(),
        line2: None,
        line3: None,
        postcode: postcode.into(),
        city: city.into(),
        country: country.into(),
    }
}

fn seller(franchise: bool) -> Organization {
    Organization {
        legal_name: "Camille Martin".into(),
        trading_name: Some("Studio Martin".into()),
        legal_form: Some("EI".into()),
        address: addr("12 rue de la République", "69002", "Lyon", "FR"),
        siren: Some("534640974".into()),
        siret: None,
        vat_number: if franchise {
            None
        } else {
            Some("FR95534640974".into())
        },
        registration: None,
        iban: Some("FR7630006000011234567890189".into()),
        bic: Some("AGRIFRPP".into()),
        email: Some("camille@studio-martin.fr".into()),
        phone: Some("+33 6 12 34 56 78".into()),
        currency: Currency::EUR,
        language: Language::Fr,
        payment_terms_days: 30,
        vat_regime: if franchise {
            VatRegime::Franchise
        } else {
            VatRegime::Normal
        },
        vat_on_debits: false,
        late_penalty_rate: Some(d("12.09")),
    }
}

struct DemoCustomer {
    customer: Customer,
    category: VatCategory,
}

fn customers(franchise: bool) -> Vec<DemoCustomer> {
    let business =
        |name: &str, a: Address, siren: Option<&str>, vat: Option<&str>, email: &str| Customer {
            kind: CustomerKind::Business,
            name: name.into(),
            address: a,
            delivery_address: None,
            siren: siren.map(Into::into),
            vat_number: vat.map(Into::into),
            emails: vec![email.into()],
            language: None,
            currency: None,
            payment_terms_days: None,
            notes: None,
        };
    let person = |name: &str, a: Address, email: &str| Customer {
        kind: CustomerKind::Individual,
        ..business(name, a, None, None, email)
    };
    let fr = if franchise {
        VatCategory::E
    } else {
        VatCategory::S
    };
    let mut out = vec![
        DemoCustomer {
            customer: business(
                "Boulangerie Dupont SARL",
                addr("3 place Bellecour", "69002", "Lyon", "FR"),
                Some("302466339"),
                Some("FR16302466339"),
                "contact@boulangerie-dupont.fr",
            ),
            category: fr,
        },
        DemoCustomer {
            customer: business(
                "Atelier Moreau SAS",
                addr("48 boulevard Voltaire", "75011", "Paris", "FR"),
                Some("629923129"),
                Some("FR73629923129"),
                "compta@atelier-moreau.fr",
            ),
            category: fr,
        },
        DemoCustomer {
            customer: business(
                "Cabinet Lefèvre & Associés",
                addr("7 cours de l'Intendance", "33000", "Bordeaux", "FR"),
                Some("973669468"),
                Some("FR80973669468"),
                "secretariat@lefevre-avocats.fr",
            ),
            category: fr,
        },
        DemoCustomer {
            customer: business(
                "Librairie du Parc",
                addr("15 rue Crébillon", "44000", "Nantes", "FR"),
                Some("164808941"),
                None,
                "bonjour@librairie-du-parc.fr",
            ),
            category: fr,
        },
        DemoCustomer {
            customer: Customer {
                payment_terms_days: Some(45),
                ..business(
                    "Garage Petit & Fils",
                    addr("221 rue Nationale", "59800", "Lille", "FR"),
                    Some("197222334"),
                    Some("FR91197222334"),
                    "garage.petit@orange.fr",
                )
            },
            category: fr,
        },
        DemoCustomer {
            customer: person(
                "Julie Bernard",
                addr("5 rue Mercière", "69002", "Lyon", "FR"),
                "julie.bernard@gmail.com",
            ),
            category: fr,
        },
        DemoCustomer {
            customer: person(
                "Thomas Girard",
                addr("18 avenue Alsace-Lorraine", "38000", "Grenoble", "FR"),
                "t.girard@free.fr",
            ),
            category: fr,
        },
        DemoCustomer {
            customer: person(
                "Émilie Rousseau",
                addr("2 quai du Port", "13002", "Marseille", "FR"),
                "emilie.rousseau@laposte.net",
            ),
            category: fr,
        },
        DemoCustomer {
            customer: Customer {
                language: Some(Language::En),
                ..business(
                    "Müller Design GmbH",
                    addr("Torstraße 140", "10119", "Berlin", "DE"),
                    None,
                    Some("DE129273398"),
                    "office@mueller-design.de",
                )
            },
            category: if franchise {
                VatCategory::E
            } else {
                VatCategory::AE
            },
        },
        DemoCustomer {
            customer: Customer {
                language: Some(Language::En),
                currency: Some(Currency::USD),
                ..business(
                    "Brightside Media LLC",
                    addr("350 Fifth Avenue", "10118", "New York", "US"),
                    None,
                    None,
                    "billing@brightside.media",
                )
            },
            category: if franchise {
                VatCategory::E
            } else {
                VatCategory::G
            },
        },
    ];
    out.truncate(10);
    out
}

/// The catalogue: (name, unit, price, rate for category S).
const CATALOGUE: [(&str, &str, &str, &str); 8] = [
    ("Développement site vitrine", "DAY", "450", "20"),
    ("Maintenance mensuelle", "MON", "90", "20"),
    ("Création de logo", "C62", "600", "20"),
    ("Formation WordPress", "HUR", "65", "20"),
    ("Hébergement annuel", "ANN", "120", "20"),
    ("Rédaction de contenus", "HUR", "55", "20"),
    ("Audit SEO", "C62", "800", "20"),
    ("Livre « Le web en 10 leçons »", "C62", "24.90", "5.5"),
];

fn lines(rng: &mut Rng, category: VatCategory) -> Vec<Line> {
    let n = 1 + rng.below(5);
    (0..n)
        .map(|_| {
            let (name, unit, price, rate) = CATALOGUE[usize::try_from(rng.below(CATALOGUE.len() as u64)).unwrap_or(0)];
            let quantity = match unit {
                "HUR" => Decimal::from(1 + rng.below(12)) + Decimal::new(i64::try_from(rng.below(2)).unwrap_or(0) * 5, 1),
                "DAY" => Decimal::from(1 + rng.below(6)),
                _ => Decimal::from(1 + rng.below(3)),
            };
            let discount = rng.chance(15).then(|| LineAllowanceCharge {
                charge: false,
                amount: None,
                percent: Some(d("10")),
                base: None,
                reason: Some("Remise fidélité".into()),
                reason_code: Some("95".into()),
            });
            Line {
                name: name.into(),
                description: rng.chance(30).then(|| "Prestation réalisée selon le devis accepté.\nLivrables remis par voie électronique.".into()),
                quantity,
                unit: unit.into(),
                unit_price: d(price),
                gross_price: None,
                base_quantity: None,
                allowances_charges: discount.into_iter().collect(),
                vat_category: Some(category),
                vat_rate: (category == VatCategory::S).then(|| d(rate)),
            }
        })
        .collect()
}

fn content(rng: &mut Rng, c: &DemoCustomer, issue_date: Option<NaiveDate>) -> DocumentContent {
    let currency = c.customer.currency.unwrap_or(Currency::EUR);
    let mut lines = lines(rng, c.category);
    if c.category != VatCategory::S {
        // One rate per document outside category S keeps the example simple.
        for l in &mut lines {
            l.vat_rate = Some(Decimal::ZERO);
        }
    }
    let all_same_rate = lines.iter().all(|l| l.vat_rate == lines[0].vat_rate);
    // A goodwill discount only on documents large enough to carry it.
    let gross: Decimal = lines.iter().map(|l| l.quantity * l.unit_price).sum();
    let allowances = if all_same_rate && gross > d("200") && rng.chance(10) {
        vec![AllowanceCharge {
            charge: false,
            amount: Some(d("50")),
            percent: None,
            base: None,
            vat_category: None,
            vat_rate: None,
            reason: Some("Geste commercial".into()),
            reason_code: Some("95".into()),
        }]
    } else {
        Vec::new()
    };
    DocumentContent {
        currency,
        issue_date,
        due_date: None,
        payment_terms_days: None,
        delivery_date: issue_date,
        period_start: None,
        period_end: None,
        buyer_reference: rng
            .chance(20)
            .then(|| format!("BC-{}", 1000 + rng.below(9000))),
        purchase_order: None,
        operation_type: Some(OperationType::Services),
        note: None,
        payment_terms_text: None,
        valid_until: None,
        prices_include_vat: false,
        lines,
        allowances_charges: allowances,
        prepaid: Decimal::ZERO,
        rounding: Decimal::ZERO,
        exemptions: Vec::new(),
    }
}

impl Api {
    /// Seeds a demo organization with `invoices` invoices (at least 10), plus credit notes,
    /// quotes and payments, dated over the year before today.
    pub async fn seed_demo(&self, req: SeedDemo) -> ApiResult<DemoReport> {
        let n = req.invoices.clamp(10, 200_000);
        let today = self.today();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
        let org = self.create_organization(seller(req.franchise)).await?;
        let org_id = Some(org.id);
        let demo_customers = customers(req.franchise);
        let mut ids = Vec::new();
        for c in &demo_customers {
            ids.push(
                self.create_customer(CreateCustomer {
                    org_id,
                    customer: c.customer.clone(),
                })
                .await?
                .id,
            );
        }
        let mut report = DemoReport {
            org_id: org.id,
            customers: ids.len(),
            invoices: 0,
            credit_notes: 0,
            quotes: 0,
            drafts: 0,
            payments: 0,
        };

        let drafts = (n / 10).max(1);
        let issued = n - drafts;
        let start = today.checked_sub_days(Days::new(365)).unwrap_or(today);
        let mut issued_ids = Vec::new();
        for i in 0..issued {
            let offset = u64::try_from(i * 365 / issued.max(1)).unwrap_or(0);
            let date = start
                .checked_add_days(Days::new(offset))
                .unwrap_or(today)
                .min(today);
            let which = usize::try_from(rng.below(ids.len() as u64)).unwrap_or(0);
            let body = content(&mut rng, &demo_customers[which], Some(date));
            let draft = self
                .create_document(CreateDocument {
                    org_id,
                    kind: DocumentKind::Invoice,
                    customer_id: ids[which],
                    preceding: None,
                    content: body,
                })
                .await?;
            let doc = self
                .issue_document(IssueDocument {
                    org_id,
                    document: DocumentRef::Id(draft.id),
                })
                .await?;
            if rng.chance(70) {
                self.mark_sent(org_id, DocumentRef::Id(doc.id), "email")
                    .await?;
            }
            issued_ids.push((
                doc.id,
                which,
                doc.due_date.unwrap_or(date),
                doc.balance,
                date,
            ));
            report.invoices += 1;
        }

        // Settlement: most old invoices paid, some partially, some credited, some overdue.
        let mut to_credit = Vec::new();
        for &(id, _, due, balance, issue_date) in &issued_ids {
            let roll = rng.below(100);
            let late = due < today;
            if roll < 6 {
                to_credit.push(id);
            } else if (late && roll < 72) || (!late && roll < 20) {
                let pay_day = due
                    .checked_sub_days(Days::new(rng.below(20)))
                    .unwrap_or(due)
                    .max(issue_date)
                    .min(today);
                self.pay(org_id, id, balance, pay_day, &mut rng).await?;
                report.payments += 1;
            } else if roll < 86 {
                let part = (balance * d("0.4")).round_dp(0);
                if part > Decimal::ZERO {
                    self.pay(
                        org_id,
                        id,
                        part,
                        issue_date
                            .max(today.checked_sub_days(Days::new(5)).unwrap_or(today))
                            .min(today),
                        &mut rng,
                    )
                    .await?;
                    report.payments += 1;
                }
            }
        }
        for id in to_credit {
            self.credit_invoice(CreditInvoice {
                org_id,
                invoice: DocumentRef::Id(id),
                lines: None,
                note: None,
                issue: true,
            })
            .await?;
            report.credit_notes += 1;
        }

        // Quotes: issued, accepted, declined, one converted into a draft invoice.
        let quotes = (n / 10).max(3);
        for q in 0..quotes {
            let which = usize::try_from(rng.below(ids.len() as u64)).unwrap_or(0);
            let mut body = content(&mut rng, &demo_customers[which], Some(today));
            body.valid_until = today.checked_add_days(Days::new(30));
            let draft = self
                .create_document(CreateDocument {
                    org_id,
                    kind: DocumentKind::Quote,
                    customer_id: ids[which],
                    preceding: None,
                    content: body,
                })
                .await?;
            let quote = self
                .issue_document(IssueDocument {
                    org_id,
                    document: DocumentRef::Id(draft.id),
                })
                .await?;
            match q % 4 {
                1 => {
                    self.answer_quote(org_id, DocumentRef::Id(quote.id), true)
                        .await?;
                }
                2 => {
                    self.answer_quote(org_id, DocumentRef::Id(quote.id), false)
                        .await?;
                }
                3 if q == 3 => {
                    self.convert_quote(org_id, DocumentRef::Id(quote.id))
                        .await?;
                    report.drafts += 1;
                }
                _ => {}
            }
            report.quotes += 1;
        }

        // Drafts waiting to be issued.
        for _ in 0..drafts {
            let which = usize::try_from(rng.below(ids.len() as u64)).unwrap_or(0);
            let body = content(&mut rng, &demo_customers[which], None);
            self.create_document(CreateDocument {
                org_id,
                kind: DocumentKind::Invoice,
                customer_id: ids[which],
                preceding: None,
                content: body,
            })
            .await?;
            report.drafts += 1;
        }
        Ok(report)
    }

    async fn pay(
        &self,
        org_id: Option<i64>,
        id: i64,
        amount: Decimal,
        date: NaiveDate,
        rng: &mut Rng,
    ) -> ApiResult<()> {
        let method = [
            PaymentMethod::Transfer,
            PaymentMethod::Transfer,
            PaymentMethod::Card,
            PaymentMethod::Cheque,
        ][usize::try_from(rng.below(4)).unwrap_or(0)];
        self.record_payment(RecordPayment {
            org_id,
            date: Some(date),
            amount,
            method,
            reference: Some(format!("VIR-{}", 100_000 + rng.below(900_000))),
            allocations: vec![PaymentAllocationInput {
                invoice: DocumentRef::Id(id),
                amount: None,
            }],
        })
        .await?;
        Ok(())
    }
}
