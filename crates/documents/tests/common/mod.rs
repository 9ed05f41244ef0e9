//! Hand-built documents for the e-invoice writers: parties, lines and every VAT case the
//! writers must handle, with totals computed by the domain exactly as an issued document has
//! them.

#![allow(dead_code)]

use autoinvoice_domain::Currency;
use autoinvoice_domain::document::{
    AllowanceCharge, DocumentContent, DocumentKind, Line, LineAllowanceCharge, OperationType,
    SellerContext,
};
use autoinvoice_domain::full_document::{FullDocument, PrecedingInvoice};
use autoinvoice_domain::party::{Address, Customer, CustomerKind, Language, Organization};
use autoinvoice_domain::vat::{VatCategory, VatRegime};
use autoinvoice_domain::{issue_rules, totals};
use chrono::NaiveDate;
use rust_decimal::Decimal;

pub fn d(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("date literal")
}

pub fn address(line1: &str, postcode: &str, city: &str, country: &str) -> Address {
    Address {
        line1: line1.into(),
        line2: None,
        line3: None,
        postcode: postcode.into(),
        city: city.into(),
        country: country.into(),
    }
}

pub fn seller() -> Organization {
    Organization {
        legal_name: "Camille Martin".into(),
        trading_name: Some("Studio Martin".into()),
        legal_form: Some("EI".into()),
        address: Address {
            line2: Some("Bâtiment B".into()),
            ..address("12 rue de la République", "69002", "Lyon", "FR")
        },
        siren: Some("534640974".into()),
        siret: Some("53464097400018".into()),
        vat_number: Some("FR95534640974".into()),
        registration: Some("RM Lyon 534 640 974".into()),
        iban: Some("FR7630006000011234567890189".into()),
        bic: Some("AGRIFRPP".into()),
        email: Some("camille@studio-martin.fr".into()),
        phone: Some("+33 6 12 34 56 78".into()),
        currency: Currency::EUR,
        language: Language::Fr,
        payment_terms_days: 30,
        vat_regime: VatRegime::Normal,
        vat_on_debits: false,
        late_penalty_rate: Some(d("12.09")),
    }
    .validated()
    .expect("seller")
}

pub fn franchise_seller() -> Organization {
    Organization {
        vat_number: None,
        vat_regime: VatRegime::Franchise,
        siret: None,
        bic: None,
        late_penalty_rate: None,
        ..seller()
    }
    .validated()
    .expect("franchise seller")
}

pub fn business(name: &str, a: Address, siren: Option<&str>, vat: Option<&str>) -> Customer {
    Customer {
        kind: CustomerKind::Business,
        name: name.into(),
        address: a,
        delivery_address: None,
        siren: siren.map(Into::into),
        vat_number: vat.map(Into::into),
        emails: vec!["compta@example.fr".into(), "autre@example.fr".into()],
        language: None,
        currency: None,
        payment_terms_days: None,
        notes: None,
    }
    .validated()
    .expect("customer")
}

pub fn french_business() -> Customer {
    Customer {
        delivery_address: Some(address(
            "Zone artisanale, lot 4",
            "69800",
            "Saint-Priest",
            "FR",
        )),
        ..business(
            "Boulangerie Dupont SARL",
            address("3 place Bellecour", "69002", "Lyon", "FR"),
            Some("302466339"),
            Some("FR16302466339"),
        )
    }
    .validated()
    .expect("customer")
}

pub fn individual() -> Customer {
    Customer {
        kind: CustomerKind::Individual,
        name: "Julie Bernard".into(),
        address: address("5 rue Mercière", "69002", "Lyon", "FR"),
        delivery_address: None,
        siren: None,
        vat_number: None,
        emails: Vec::new(),
        language: None,
        currency: None,
        payment_terms_days: None,
        notes: None,
    }
    .validated()
    .expect("individual")
}

pub fn line(
    name: &str,
    qty: &str,
    unit: &str,
    price: &str,
    cat: VatCategory,
    rate: Option<&str>,
) -> Line {
    Line {
        name: name.into(),
        description: None,
        quantity: d(qty),
        unit: unit.into(),
        unit_price: d(price),
        gross_price: None,
        base_quantity: None,
        allowances_charges: Vec::new(),
        vat_category: Some(cat),
        vat_rate: rate.map(d),
    }
}

pub fn s(name: &str, qty: &str, price: &str, rate: &str) -> Line {
    line(name, qty, "C62", price, VatCategory::S, Some(rate))
}

pub fn content(currency: Currency, lines: Vec<Line>) -> DocumentContent {
    DocumentContent {
        currency,
        issue_date: Some(date("2026-11-15")),
        due_date: None,
        payment_terms_days: None,
        delivery_date: Some(date("2026-11-10")),
        period_start: None,
        period_end: None,
        buyer_reference: None,
        purchase_order: None,
        operation_type: Some(OperationType::Services),
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

/// A document as the API returns it once issued: validated content, checked parties,
/// domain totals, the issue and due dates.
pub fn issued(
    kind: DocumentKind,
    number: &str,
    seller: Organization,
    buyer: Customer,
    content: DocumentContent,
) -> FullDocument {
    let regime = seller.vat_regime;
    let content = content
        .validated(SellerContext { regime })
        .expect("valid content");
    issue_rules::check_parties(&content, &seller, &buyer).expect("parties fit the VAT categories");
    let language = buyer.language.unwrap_or(seller.language);
    let totals = totals::compute(&content, regime, language == Language::Fr);
    let today = date("2026-11-29");
    let (issue_date, due_date) =
        issue_rules::issue_dates(kind, &content, &seller, &buyer, today).expect("dates");
    FullDocument {
        kind,
        number: Some(number.into()),
        issue_date,
        due_date,
        seller,
        buyer,
        content,
        totals,
        preceding: None,
        language,
    }
}

pub fn invoice(
    number: &str,
    seller: Organization,
    buyer: Customer,
    content: DocumentContent,
) -> FullDocument {
    issued(DocumentKind::Invoice, number, seller, buyer, content)
}

// ---------------------------------------------------------------------------------------------
// The cases

/// S at 20, 10 and 5.5 % to a French business, with every header field the model carries.
pub fn three_rates() -> FullDocument {
    let mut c = content(
        Currency::EUR,
        vec![
            s("Développement", "3", "450", "20"),
            s("Restauration", "2", "17.35", "10"),
            s("Livre", "1", "24.90", "5.5"),
        ],
    );
    c.buyer_reference = Some("BC-4411".into());
    c.purchase_order = Some("PO 2026/118".into());
    c.note = Some("Merci pour votre confiance.".into());
    c.payment_terms_text =
        Some("Paiement à 30 jours. Pas d'escompte pour paiement anticipé.".into());
    c.period_start = Some(date("2026-10-01"));
    c.period_end = Some(date("2026-10-31"));
    invoice("F-2026-0001", seller(), french_business(), c)
}

/// Reverse charge (AE) to a German business with a VAT number, in English.
pub fn reverse_charge_de() -> FullDocument {
    let buyer = Customer {
        language: Some(Language::En),
        ..business(
            "Müller Design GmbH",
            address("Torstraße 140", "10119", "Berlin", "DE"),
            None,
            Some("DE129273398"),
        )
    };
    let c = content(
        Currency::EUR,
        vec![
            line(
                "Website development",
                "4",
                "DAY",
                "450",
                VatCategory::AE,
                Some("0"),
            ),
            line("Hosting", "1", "ANN", "120", VatCategory::AE, None),
        ],
    );
    invoice("F-2026-0002", seller(), buyer, c)
}

/// Intra-community supply of goods (K) to a Belgian business.
pub fn intra_eu_k() -> FullDocument {
    let buyer = business(
        "Imprimerie Dubois SRL",
        address("Rue de la Loi 16", "1000", "Bruxelles", "BE"),
        None,
        Some("BE0411905847"),
    );
    let mut c = content(
        Currency::EUR,
        vec![line(
            "Affiches A2",
            "150",
            "C62",
            "3.20",
            VatCategory::K,
            Some("0"),
        )],
    );
    c.operation_type = Some(OperationType::Goods);
    invoice("F-2026-0003", seller(), buyer, c)
}

/// Export of services outside the EU (G), invoiced in US dollars.
pub fn export_usd() -> FullDocument {
    let buyer = Customer {
        language: Some(Language::En),
        currency: Some(Currency::USD),
        emails: vec!["billing@brightside.media".into()],
        ..business(
            "Brightside Media LLC",
            address("350 Fifth Avenue", "10118", "New York", "US"),
            None,
            None,
        )
    };
    let c = content(
        Currency::USD,
        vec![
            line("Logo design", "1", "C62", "600", VatCategory::G, Some("0")),
            line("SEO audit", "1", "C62", "800", VatCategory::G, Some("0")),
        ],
    );
    invoice("F-2026-0004", seller(), buyer, c)
}

/// French VAT franchise: every line exempt (E, VATEX-FR-FRANCHISE), no seller VAT number.
pub fn franchise() -> FullDocument {
    let c = content(
        Currency::EUR,
        vec![
            line("Création de logo", "1", "C62", "600", VatCategory::E, None),
            line(
                "Formation WordPress",
                "3.5",
                "HUR",
                "65",
                VatCategory::E,
                None,
            ),
        ],
    );
    let buyer = business(
        "Librairie du Parc",
        address("15 rue Crébillon", "44000", "Nantes", "FR"),
        Some("164808941"),
        None,
    );
    invoice("F-2026-0005", franchise_seller(), buyer, c)
}

/// Document-level allowance (by percent) and charges (one with a code, one with neither
/// reason nor code), several rates.
pub fn allowance_and_charge() -> FullDocument {
    let mut c = content(
        Currency::EUR,
        vec![
            s("Maintenance mensuelle", "12", "90", "20"),
            s("Livre", "4", "24.90", "5.5"),
        ],
    );
    c.allowances_charges = vec![
        AllowanceCharge {
            charge: false,
            amount: None,
            percent: Some(d("5")),
            base: None,
            vat_category: Some(VatCategory::S),
            vat_rate: Some(d("20")),
            reason: Some("Remise annuelle".into()),
            reason_code: Some("95".into()),
        },
        AllowanceCharge {
            charge: true,
            amount: Some(d("12.50")),
            percent: None,
            base: None,
            vat_category: Some(VatCategory::S),
            vat_rate: Some(d("5.5")),
            reason: Some("Frais de port".into()),
            reason_code: Some("FC".into()),
        },
        AllowanceCharge {
            charge: true,
            amount: Some(d("3")),
            percent: None,
            base: None,
            vat_category: Some(VatCategory::S),
            vat_rate: Some(d("20")),
            reason: None,
            reason_code: None,
        },
        AllowanceCharge {
            charge: false,
            amount: Some(d("1.10")),
            percent: None,
            base: None,
            vat_category: Some(VatCategory::S),
            vat_rate: Some(d("20")),
            reason: None,
            reason_code: None,
        },
    ];
    invoice("F-2026-0006", seller(), french_business(), c)
}

/// Line discount by percent, a price per 1000 units (base quantity), a gross price with its
/// price discount, and a line charge.
pub fn line_prices() -> FullDocument {
    let mut paper = line(
        "Papier A4 80 g",
        "2500",
        "C62",
        "12.5",
        VatCategory::S,
        Some("20"),
    );
    paper.base_quantity = Some(d("1000"));
    paper.gross_price = Some(d("14"));
    paper.allowances_charges = vec![LineAllowanceCharge {
        charge: false,
        amount: None,
        percent: Some(d("10")),
        base: None,
        reason: Some("Remise fidélité".into()),
        reason_code: Some("95".into()),
    }];
    let mut hours = line(
        "Rédaction de contenus",
        "7.5",
        "HUR",
        "55",
        VatCategory::S,
        Some("20"),
    );
    hours.allowances_charges = vec![
        LineAllowanceCharge {
            charge: false,
            amount: Some(d("20")),
            percent: None,
            base: None,
            reason: None,
            reason_code: None,
        },
        LineAllowanceCharge {
            charge: true,
            amount: Some(d("15")),
            percent: None,
            base: None,
            reason: Some("Urgence".into()),
            reason_code: None,
        },
    ];
    let mut gross_only = line("Cartouche", "3", "C62", "19.99", VatCategory::S, Some("20"));
    gross_only.gross_price = Some(d("19.99"));
    invoice(
        "F-2026-0007",
        seller(),
        french_business(),
        content(Currency::EUR, vec![paper, hours, gross_only]),
    )
}

/// A credit note for [`three_rates`], referencing it (BT-25, BT-26).
pub fn credit_note() -> FullDocument {
    let mut c = content(
        Currency::EUR,
        vec![
            s("Développement", "1", "450", "20"),
            s("Livre", "1", "24.90", "5.5"),
        ],
    );
    c.note = Some("Avoir sur la facture F-2026-0001".into());
    let mut doc = issued(
        DocumentKind::CreditNote,
        "A-2026-0001",
        seller(),
        french_business(),
        c,
    );
    doc.preceding = Some(PrecedingInvoice {
        number: "F-2026-0001".into(),
        issue_date: Some(date("2026-11-15")),
    });
    doc
}

/// A private buyer: no SIREN, no VAT number, no email; no penalty mentions.
pub fn individual_buyer() -> FullDocument {
    invoice(
        "F-2026-0009",
        seller(),
        individual(),
        content(Currency::EUR, vec![s("Séance photo", "1", "180", "20")]),
    )
}

/// Text XML must escape, non-Latin scripts, emoji and multi-line descriptions everywhere.
pub const TRICKY: &str = "Ünïcödé <&>\"' Ελληνικά Кириллица 🎉 ]]> &amp;";

pub fn special_text() -> FullDocument {
    let buyer = Customer {
        name: format!("Société {TRICKY}"),
        address: Address {
            line1: "Οδός Αθηνάς 3 & <rue>".into(),
            line2: Some("Корпус \"Б\"".into()),
            line3: Some("Étage 'deux' 🏢".into()),
            ..address("x", "10552", "Αθήνα", "GR")
        },
        ..business("x", address("x", "1", "x", "GR"), None, Some("EL094259216"))
    };
    let mut first = line(TRICKY, "2", "C62", "100", VatCategory::S, Some("20"));
    first.description = Some(
        "Première ligne\nDeuxième ligne <b>gras</b>\n\tTabulée & « guillemets »\nЧетвёртая 🚀"
            .into(),
    );
    first.allowances_charges = vec![LineAllowanceCharge {
        charge: false,
        amount: Some(d("5")),
        percent: None,
        base: None,
        reason: Some(format!("Remise {TRICKY}")),
        reason_code: None,
    }];
    let mut c = content(
        Currency::EUR,
        vec![first, s("Ligne <2> & \"3\"", "1", "10", "20")],
    );
    c.note = Some(format!("Note {TRICKY}\nsur deux lignes"));
    c.buyer_reference = Some("Réf <&> 'x'".into());
    c.purchase_order = Some("PO \"42\" & co".into());
    c.payment_terms_text = Some(format!("Conditions {TRICKY}"));
    let seller = Organization {
        trading_name: Some("Studio <Martin> & \"Fils\"".into()),
        ..seller()
    };
    invoice("F-2026/0010 & <x>", seller, buyer, c)
}

/// Two hundred lines at two rates.
pub fn two_hundred_lines() -> FullDocument {
    let lines = (0..200)
        .map(|i| {
            let rate = if i % 3 == 0 { "5.5" } else { "20" };
            let mut l = s(
                &format!("Article n° {}", i + 1),
                &format!("{}", 1 + i % 7),
                &format!("{}.{:02}", 3 + i % 40, (i * 37) % 100),
                rate,
            );
            l.description = (i % 5 == 0).then(|| format!("Référence {i}\nLot {}", i / 10));
            l
        })
        .collect();
    invoice(
        "F-2026-0011",
        seller(),
        french_business(),
        content(Currency::EUR, lines),
    )
}

/// A deposit already paid (BT-113), a rounding amount (BT-114), and the seller opting for VAT
/// on debits.
pub fn prepaid_and_rounding() -> FullDocument {
    let mut c = content(Currency::EUR, vec![s("Acompte déduit", "1", "99.99", "20")]);
    c.prepaid = d("50");
    c.rounding = d("0.01");
    let seller = Organization {
        vat_on_debits: true,
        ..seller()
    };
    invoice("F-2026-0012", seller, french_business(), c)
}

/// Every hand-built case, with a file stem.
pub fn all() -> Vec<(&'static str, FullDocument)> {
    vec![
        ("three_rates", three_rates()),
        ("reverse_charge_de", reverse_charge_de()),
        ("intra_eu_k", intra_eu_k()),
        ("export_usd", export_usd()),
        ("franchise", franchise()),
        ("allowance_and_charge", allowance_and_charge()),
        ("line_prices", line_prices()),
        ("credit_note", credit_note()),
        ("individual_buyer", individual_buyer()),
        ("special_text", special_text()),
        ("two_hundred_lines", two_hundred_lines()),
        ("prepaid_and_rounding", prepaid_and_rounding()),
    ]
}
