//! A property-based corpus of e-invoices, checked by the independent
//! `shared/tools/einvoice-check`: random invoices and credit notes that our own rules accept
//! (validated content, `issue_rules::check_parties`, `issue_rules::check_total`), written as
//! CII (Factur-X EN 16931), UBL (Peppol BIS 3.0) and the Factur-X PDF, must all pass.
//!
//! The corpus is reproducible: proptest strategies drawn by a `TestRunner` with a fixed seed.
//! Document `i` is of scenario `SCENARIOS[i % 8]` (domestic French VAT, another EU country's
//! VAT, reverse charge, intra-community supply, export, outside the scope of VAT, the French
//! franchise, and a French invoice mixing S, Z, E and AE), so every VAT category comes with the
//! parties it needs; the rest is random: 1 to 200 lines, allowances and charges by amount and
//! percentage, prepaid and rounding amounts, six currencies, extreme quantities and prices,
//! texts up to their limits in several scripts with XML-special characters, individuals and
//! businesses, both languages.
//!
//! - `corpus_sample_passes_the_checker` (default): the first 16 documents × (CII, UBL, PDF).
//! - `corpus_of_1000_passes_the_checker` (ignored, 15 to 35 minutes): 1,000 documents × (CII, UBL)
//!   and the Factur-X PDF of every 10th:
//!   `cargo test -p autoinvoice-tests --test einvoice_corpus -- --ignored --nocapture`.
//!
//! Files go to a temporary folder, or under `$EINVOICE_CORPUS_DIR` (`sample/`, `corpus/`)
//! when it is set, with each document's JSON beside its e-invoices for inspection.

#![allow(clippy::unwrap_used)]

use autoinvoice_documents::cii::{Profile, cii_xml};
use autoinvoice_documents::facturx::document_pdf;
use autoinvoice_documents::pdf::{Paper, PdfOptions};
use autoinvoice_documents::ubl::ubl_xml;
use autoinvoice_domain::DomainError;
use autoinvoice_domain::document::{
    AllowanceCharge, CategoryExemption, DocumentContent, DocumentKind, Line, LineAllowanceCharge,
    OperationType, SellerContext,
};
use autoinvoice_domain::full_document::{FullDocument, PrecedingInvoice};
use autoinvoice_domain::identifiers;
use autoinvoice_domain::issue_rules;
use autoinvoice_domain::money::{Currency, round};
use autoinvoice_domain::party::{Address, Customer, CustomerKind, Language, Organization};
use autoinvoice_domain::text::{ADDRESS_LINE, DESCRIPTION, NAME, NOTE, SHORT};
use autoinvoice_domain::totals;
use autoinvoice_domain::vat::{Exemption, VatCategory, VatRegime};
use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const CHECKER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/tools/einvoice-check"
);

/// The corpus seed: the same documents on every run and machine.
const SEED: [u8; 32] = *b"AutoInvoice e-invoice corpus 001";

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Scenarios: which VAT categories, with which parties

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scenario {
    /// French seller, French buyer: S at 20 / 10 / 5.5 / 2.1, Z, E with a reason.
    DomesticFr,
    /// A seller of another EU country at its own rates (19, 21, 25, 25.5…), Z, E.
    DomesticEu,
    /// Reverse charge (AE) to an EU business with a VAT number, with some S lines.
    ReverseCharge,
    /// Intra-community supply (K) to a business of another EU country, with a delivery date.
    IntraCommunity,
    /// Export (G) to a buyer outside the EU, with some S lines.
    Export,
    /// Outside the scope of VAT (O): a non-EU seller and a buyer, neither with a VAT number.
    OutOfScope,
    /// The French VAT franchise: every line E, art. 293 B.
    Franchise,
    /// A French invoice mixing S at every French rate, Z, E and domestic reverse charge (AE).
    Mixed,
}

const SCENARIOS: [Scenario; 8] = [
    Scenario::DomesticFr,
    Scenario::DomesticEu,
    Scenario::ReverseCharge,
    Scenario::IntraCommunity,
    Scenario::Export,
    Scenario::OutOfScope,
    Scenario::Franchise,
    Scenario::Mixed,
];

impl Scenario {
    fn slug(self) -> &'static str {
        match self {
            Self::DomesticFr => "fr",
            Self::DomesticEu => "eu",
            Self::ReverseCharge => "ae",
            Self::IntraCommunity => "k",
            Self::Export => "g",
            Self::OutOfScope => "o",
            Self::Franchise => "franchise",
            Self::Mixed => "mixed",
        }
    }
}

/// A country: a plausible address and, for sellers, the currency and VAT rates (standard
/// first).
#[derive(Debug)]
struct Country {
    code: &'static str,
    street: &'static str,
    postcode: &'static str,
    city: &'static str,
    currency: &'static str,
    rates: &'static [&'static str],
}

static FRANCE: Country = Country {
    code: "FR",
    street: "12 rue de l'Église",
    postcode: "69002",
    city: "Lyon",
    currency: "EUR",
    rates: &["20", "10", "5.5", "2.1"],
};

static EU: [Country; 12] = [
    Country {
        code: "DE",
        street: "Königstraße 5",
        postcode: "80331",
        city: "München",
        currency: "EUR",
        rates: &["19", "7"],
    },
    Country {
        code: "BE",
        street: "Rue de la Loi 16",
        postcode: "1000",
        city: "Bruxelles",
        currency: "EUR",
        rates: &["21", "12", "6"],
    },
    Country {
        code: "NL",
        street: "Damrak 1",
        postcode: "1012 AB",
        city: "Amsterdam",
        currency: "EUR",
        rates: &["21", "9"],
    },
    Country {
        code: "IT",
        street: "Via Dante 7",
        postcode: "20121",
        city: "Milano",
        currency: "EUR",
        rates: &["22", "10", "5", "4"],
    },
    Country {
        code: "ES",
        street: "Calle Sierpes 3",
        postcode: "41001",
        city: "Sevilla",
        currency: "EUR",
        rates: &["21", "10", "4"],
    },
    Country {
        code: "SE",
        street: "Kungsgatan 2",
        postcode: "411 01",
        city: "Göteborg",
        currency: "SEK",
        rates: &["25", "12", "6"],
    },
    Country {
        code: "AT",
        street: "Stephansplatz 1",
        postcode: "1010",
        city: "Wien",
        currency: "EUR",
        rates: &["20", "13", "10"],
    },
    Country {
        code: "FI",
        street: "Mannerheimintie 1",
        postcode: "00100",
        city: "Helsinki",
        currency: "EUR",
        rates: &["25.5", "14", "10"],
    },
    Country {
        code: "GR",
        street: "Οδός Ερμού 10",
        postcode: "105 57",
        city: "Αθήνα",
        currency: "EUR",
        rates: &["24", "13", "6"],
    },
    Country {
        code: "PT",
        street: "Rua Augusta 1",
        postcode: "1100-148",
        city: "Lisboa",
        currency: "EUR",
        rates: &["23", "13", "6"],
    },
    Country {
        code: "IE",
        street: "1 O'Connell Street",
        postcode: "D02 X285",
        city: "Dublin",
        currency: "EUR",
        rates: &["23", "13.5", "9"],
    },
    Country {
        code: "LU",
        street: "Grand-Rue 1",
        postcode: "L-1111",
        city: "Luxembourg",
        currency: "EUR",
        rates: &["17", "8", "3"],
    },
];

/// Outside the EU. The first four also sell (scenario O), in their own currency.
static NON_EU: [Country; 7] = [
    Country {
        code: "CH",
        street: "Bahnhofstrasse 1",
        postcode: "8001",
        city: "Zürich",
        currency: "CHF",
        rates: &[],
    },
    Country {
        code: "US",
        street: "350 5th Ave",
        postcode: "10001",
        city: "New York",
        currency: "USD",
        rates: &[],
    },
    Country {
        code: "GB",
        street: "10 Downing Street",
        postcode: "SW1A 2AA",
        city: "London",
        currency: "GBP",
        rates: &[],
    },
    Country {
        code: "JP",
        street: "千代田1-1",
        postcode: "100-0001",
        city: "東京",
        currency: "JPY",
        rates: &[],
    },
    Country {
        code: "NO",
        street: "Karl Johans gate 1",
        postcode: "0154",
        city: "Oslo",
        currency: "NOK",
        rates: &[],
    },
    Country {
        code: "RU",
        street: "ул. Тверская, 1",
        postcode: "125009",
        city: "Москва",
        currency: "RUB",
        rates: &[],
    },
    Country {
        code: "CA",
        street: "1 rue Notre-Dame",
        postcode: "H2Y 1C6",
        city: "Montréal",
        currency: "CAD",
        rates: &[],
    },
];

const CURRENCIES: [&str; 6] = ["EUR", "USD", "GBP", "CHF", "JPY", "SEK"];

fn country(code: &str) -> &'static Country {
    std::iter::once(&FRANCE)
        .chain(EU.iter())
        .chain(NON_EU.iter())
        .find(|c| c.code == code)
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Identifiers

/// Appends the digit that makes `digits` pass `valid` (a Luhn check).
fn complete(digits: String, valid: impl Fn(&str) -> bool) -> String {
    (0..10)
        .map(|c| format!("{digits}{c}"))
        .find(|s| valid(s))
        .unwrap()
}

fn siren_from(n: u32) -> String {
    complete(format!("{:08}", n % 100_000_000), |s| {
        identifiers::siren(s, "siren").is_ok()
    })
}

fn siret_from(siren: &str, establishment: u32) -> String {
    complete(format!("{siren}{:04}", establishment % 10_000), |s| {
        identifiers::siret(s, "siret").is_ok()
    })
}

/// An IBAN from its BBAN: ISO 13616 check digits (mod 97).
fn iban(country: &str, bban: &str) -> String {
    let rest = format!("{bban}{country}00").chars().fold(0u32, |r, c| {
        let v = c.to_digit(36).unwrap();
        if v >= 10 {
            (r * 100 + v) % 97
        } else {
            (r * 10 + v) % 97
        }
    });
    format!("{country}{:02}{bban}", 98 - rest)
}

/// A French IBAN with a valid RIB key, or a German, Swiss or British one.
fn any_iban() -> impl Strategy<Value = String> {
    (0u8..4, 0u64..100_000, 0u64..100_000, 0u64..100_000_000_000).prop_map(
        |(kind, bank, branch, account)| match kind {
            0 | 1 => {
                let key = 97 - (89 * bank + 15 * branch + 3 * account) % 97;
                iban("FR", &format!("{bank:05}{branch:05}{account:011}{key:02}"))
            }
            2 => iban(
                "DE",
                &format!(
                    "{:08}{:010}",
                    bank * 1000 + branch % 1000,
                    account % 10_000_000_000
                ),
            ),
            _ => iban("CH", &format!("{bank:05}{account:012}")),
        },
    )
}

/// A VAT number of the right shape for `code` (French ones with their key).
fn vat_id(code: &str, n: u64) -> Option<String> {
    let v = match code {
        "FR" => identifiers::french_vat_number(&siren_from((n % 100_000_000) as u32)),
        "DE" => format!("DE{:09}", n % 1_000_000_000),
        "BE" => format!("BE0{:09}", n % 1_000_000_000),
        "NL" => format!("NL{:09}B01", n % 1_000_000_000),
        "IT" => format!("IT{:011}", n % 100_000_000_000),
        "ES" => format!("ESB{:08}", n % 100_000_000),
        "SE" => format!("SE{:010}01", n % 10_000_000_000),
        "AT" => format!("ATU{:08}", n % 100_000_000),
        "FI" => format!("FI{:08}", n % 100_000_000),
        "GR" => format!("EL{:09}", n % 1_000_000_000),
        "PT" => format!("PT{:09}", n % 1_000_000_000),
        "IE" => format!("IE{:07}WH", n % 10_000_000),
        "LU" => format!("LU{:08}", n % 100_000_000),
        "GB" => format!("GB{:09}", n % 1_000_000_000),
        "CH" => format!("CHE{:09}MWST", n % 1_000_000_000),
        "NO" => format!("NO{:09}MVA", n % 1_000_000_000),
        "JP" => format!("JPT{:013}", n % 10_000_000_000_000),
        "RU" => format!("RU{:010}", n % 10_000_000_000),
        "CA" => format!("CA{:09}", n % 1_000_000_000),
        _ => return None,
    };
    Some(v)
}

// ---------------------------------------------------------------------------------------------
// Text

/// Words of several scripts and the characters XML must escape.
const FRAGMENTS: &[&str] = &[
    "Développement",
    "logiciel",
    "Conseil",
    "stratégie",
    "Crème brûlée",
    "façon",
    "Lefèvre",
    "Œuvre",
    "Ærø",
    "Straße",
    "Müller",
    "Łódź",
    "Çağrı",
    "naïve",
    "Ångström",
    "Zoë",
    "Ελληνικά",
    "προϊόντα",
    "Αθηνά",
    "Счёт",
    "Привет",
    "мир",
    "Дмитрий",
    "<&>\"'",
    "R&D",
    "a<b>c",
    "O'Brien",
    "\"Le Bon\"",
    "Smith & Sons",
    "]]>",
    "&amp;",
    "50 %",
    "€",
    "«guillemets»",
    "x²",
    "—",
    "heures",
    "maintenance",
    "livraison",
    "Wartung",
    "support",
];

/// Text beyond the PDF font (Noto Sans): emoji, CJK, a tab. Valid for our rules and in XML.
const BEYOND_FONT: &[&str] = &["📦", "🚚", "✨", "👩‍💻", "株式会社", "東京", "a\tb"];

/// A text of at most `max` characters: mostly a few words, sometimes filled to the limit
/// (with line breaks where `multiline`); one in forty has words beyond the PDF font.
fn text(max: usize, multiline: bool) -> BoxedStrategy<String> {
    let words = || {
        prop_oneof![
            39 => prop::collection::vec(prop::sample::select(FRAGMENTS), 1..40),
            1 => prop::collection::vec(
                prop_oneof![
                    3 => prop::sample::select(FRAGMENTS),
                    1 => prop::sample::select(BEYOND_FONT),
                ],
                1..40,
            ),
        ]
    };
    let short = (words(), 1usize..5).prop_map(move |(w, n)| {
        let n = n.min(w.len());
        w[..n].join(" ").chars().take(max).collect::<String>()
    });
    let long = words().prop_map(move |w| {
        let mut s = String::new();
        let mut count = 0;
        for i in 0.. {
            let word = w[i % w.len()];
            let sep = if multiline && i % 11 == 10 { "\n" } else { " " };
            for c in word.chars().chain(sep.chars()) {
                if count == max {
                    return s;
                }
                s.push(c);
                count += 1;
            }
        }
        s
    });
    // Tabs only where texts may span lines.
    prop_oneof![10 => short, 1 => long]
        .prop_map(move |s| if multiline { s } else { s.replace('\t', " ") })
        .boxed()
}

fn email() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&[
            "contact",
            "factures",
            "o'brien+billing",
            "zoë",
            "a.b-c",
            "compta_fournisseurs",
        ]),
        0u32..1000,
        prop::sample::select(&[
            "example.com",
            "exemple.fr",
            "example.co.uk",
            "münchen.example",
        ]),
    )
        .prop_map(|(local, n, domain)| format!("{local}{n}@{domain}"))
}

fn phone() -> impl Strategy<Value = String> {
    prop::sample::select(&["+33 4 72 00 00 00", "04.72.00.00.01", "+49 (89) 123-456"])
        .prop_map(str::to_owned)
}

fn language() -> impl Strategy<Value = Language> {
    prop::sample::select(&[Language::Fr, Language::En])
}

fn address(c: &'static Country) -> BoxedStrategy<Address> {
    (
        prop_oneof![4 => Just(c.street.to_owned()), 1 => text(ADDRESS_LINE.max_chars, false)],
        prop::option::weighted(0.3, text(ADDRESS_LINE.max_chars, false)),
        prop::option::weighted(0.15, text(ADDRESS_LINE.max_chars, false)),
        prop::option::weighted(0.9, Just(c.postcode.to_owned())),
        prop_oneof![4 => Just(c.city.to_owned()), 1 => text(SHORT.max_chars, false)],
    )
        .prop_map(|(line1, line2, line3, postcode, city)| Address {
            line1,
            line2,
            line3,
            postcode: postcode.unwrap_or_default(),
            city,
            country: c.code.to_owned(),
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Parties

/// A French seller: SIREN (and sometimes SIRET), its VAT number unless under the franchise.
fn french_seller(franchise: bool) -> BoxedStrategy<Organization> {
    (
        (
            any::<u32>(),
            prop::option::of(any::<u32>()),
            text(NAME.max_chars, false),
            prop::option::weighted(0.3, text(NAME.max_chars, false)),
            prop::sample::select(&[None, Some("SAS"), Some("SARL"), Some("EI"), Some("SA")]),
        ),
        address(&FRANCE),
        seller_details(),
    )
        .prop_map(
            move |((n, establishment, legal_name, trading_name, form), address, details)| {
                let siren = siren_from(n);
                Organization {
                    legal_name,
                    trading_name,
                    legal_form: form.map(str::to_owned),
                    address,
                    siret: establishment.map(|e| siret_from(&siren, e)),
                    vat_number: (!franchise).then(|| identifiers::french_vat_number(&siren)),
                    registration: details.registration.then(|| format!("RCS Lyon {siren}")),
                    siren: Some(siren),
                    currency: Currency::EUR,
                    vat_regime: if franchise {
                        VatRegime::Franchise
                    } else {
                        VatRegime::Normal
                    },
                    vat_on_debits: details.vat_on_debits && !franchise,
                    ..details.organization
                }
            },
        )
        .boxed()
}

/// A seller of another EU country, identified by its VAT number.
fn eu_seller() -> BoxedStrategy<Organization> {
    (
        any::<Index>(),
        any::<u64>(),
        text(NAME.max_chars, false),
        prop::option::weighted(0.3, text(NAME.max_chars, false)),
        seller_details(),
    )
        .prop_flat_map(|(i, n, legal_name, trading_name, details)| {
            let c = &EU[i.index(EU.len())];
            address(c).prop_map(move |address| Organization {
                legal_name: legal_name.clone(),
                trading_name: trading_name.clone(),
                legal_form: None,
                address,
                vat_number: vat_id(c.code, n),
                currency: Currency::parse(c.currency).unwrap(),
                vat_on_debits: false,
                ..details.organization.clone()
            })
        })
        .boxed()
}

/// A seller outside the EU without a VAT number, charging none (scenario O). It has a SIREN
/// (a French establishment): EN 16931 BR-CO-26 needs a seller identifier, and the SIREN
/// (BT-30) is the only one besides the VAT number that the domain knows.
fn non_eu_seller() -> BoxedStrategy<Organization> {
    (
        0usize..4,
        any::<u32>(),
        text(NAME.max_chars, false),
        seller_details(),
    )
        .prop_flat_map(|(i, n, legal_name, details)| {
            let c = &NON_EU[i];
            address(c).prop_map(move |address| Organization {
                legal_name: legal_name.clone(),
                trading_name: None,
                legal_form: None,
                address,
                siren: Some(siren_from(n)),
                vat_number: None,
                currency: Currency::parse(c.currency).unwrap(),
                vat_on_debits: false,
                ..details.organization.clone()
            })
        })
        .boxed()
}

#[derive(Debug, Clone)]
struct SellerDetails {
    /// Bank, contacts, language, terms; names, address and identifiers are placeholders.
    organization: Organization,
    registration: bool,
    vat_on_debits: bool,
}

fn seller_details() -> BoxedStrategy<SellerDetails> {
    (
        prop::option::weighted(0.8, any_iban()),
        prop::option::of(prop::sample::select(&[
            "AGRIFRPP",
            "BNPAFRPPXXX",
            "DEUTDEFF",
            "UBSWCHZH80A",
        ])),
        prop::option::of(email()),
        prop::option::of(phone()),
        language(),
        0u32..=60,
        prop::option::weighted(
            0.3,
            prop::sample::select(&["10", "12.09", "15", "3.75"]).prop_map(d),
        ),
        any::<bool>(),
        prop::option::weighted(0.2, any::<bool>()),
    )
        .prop_map(
            |(iban, bic, email, phone, language, terms, penalty, registration, debits)| {
                SellerDetails {
                    organization: Organization {
                        legal_name: String::new(),
                        trading_name: None,
                        legal_form: None,
                        address: Address::default(),
                        siren: None,
                        siret: None,
                        vat_number: None,
                        registration: None,
                        bic: iban.as_ref().and(bic.map(str::to_owned)),
                        iban,
                        email,
                        phone,
                        currency: Currency::EUR,
                        language,
                        payment_terms_days: terms,
                        vat_regime: VatRegime::Normal,
                        vat_on_debits: false,
                        late_penalty_rate: penalty,
                    },
                    registration,
                    vat_on_debits: debits.unwrap_or(false),
                }
            },
        )
        .boxed()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VatId {
    Required,
    Optional,
    Forbidden,
}

/// A buyer in one of `countries`: a business (with a VAT number as `vat` says) or, where
/// allowed, an individual.
fn buyer(
    countries: Vec<&'static Country>,
    vat: VatId,
    individuals: bool,
) -> BoxedStrategy<Customer> {
    (
        any::<Index>(),
        prop::bool::weighted(if individuals && vat != VatId::Required {
            0.4
        } else {
            0.0
        }),
        prop::bool::weighted(match vat {
            VatId::Required => 1.0,
            VatId::Optional => 0.6,
            VatId::Forbidden => 0.0,
        }),
        any::<u64>(),
        prop::bool::weighted(0.6),
        text(NAME.max_chars, false),
        prop::option::weighted(0.2, language()),
        prop::collection::vec(email(), 0..=3),
        prop::option::weighted(0.2, 0u32..=60),
        prop::option::weighted(0.1, text(NOTE.max_chars, true)),
    )
        .prop_flat_map(
            move |(
                i,
                individual,
                with_vat,
                n,
                with_siren,
                name,
                language,
                emails,
                terms,
                notes,
            )| {
                let c = countries[i.index(countries.len())];
                let business = !individual;
                let customer = Customer {
                    kind: if business {
                        CustomerKind::Business
                    } else {
                        CustomerKind::Individual
                    },
                    name,
                    address: Address::default(),
                    delivery_address: None,
                    siren: (business && with_siren && c.code == "FR")
                        .then(|| siren_from((n >> 20) as u32)),
                    vat_number: None,
                    emails: if business {
                        emails
                    } else {
                        emails.into_iter().take(1).collect()
                    },
                    language,
                    currency: None,
                    payment_terms_days: terms,
                    notes,
                };
                let vat_number = (business && with_vat)
                    .then(|| match &customer.siren {
                        Some(s) => Some(identifiers::french_vat_number(s)),
                        None => vat_id(c.code, n),
                    })
                    .flatten();
                (
                    Just(Customer {
                        vat_number,
                        ..customer
                    }),
                    address(c),
                    prop::option::weighted(0.2, address(c)),
                )
                    .prop_map(|(customer, address, delivery_address)| Customer {
                        address,
                        delivery_address,
                        ..customer
                    })
            },
        )
        .boxed()
}

fn eu_and_france() -> Vec<&'static Country> {
    std::iter::once(&FRANCE).chain(EU.iter()).collect()
}

fn everywhere() -> Vec<&'static Country> {
    eu_and_france().into_iter().chain(NON_EU.iter()).collect()
}

fn seller_for(s: Scenario) -> BoxedStrategy<Organization> {
    match s {
        Scenario::DomesticFr | Scenario::Mixed => french_seller(false),
        Scenario::DomesticEu => eu_seller(),
        Scenario::ReverseCharge | Scenario::IntraCommunity | Scenario::Export => {
            prop_oneof![french_seller(false), eu_seller()].boxed()
        }
        Scenario::OutOfScope => non_eu_seller(),
        Scenario::Franchise => french_seller(true),
    }
}

fn buyer_for(s: Scenario, seller_country: &str) -> BoxedStrategy<Customer> {
    match s {
        Scenario::DomesticFr => buyer(vec![&FRANCE], VatId::Optional, true),
        Scenario::DomesticEu => buyer(eu_and_france(), VatId::Optional, true),
        Scenario::ReverseCharge => buyer(eu_and_france(), VatId::Required, false),
        Scenario::IntraCommunity => {
            let others = eu_and_france()
                .into_iter()
                .filter(|c| c.code != seller_country)
                .collect();
            buyer(others, VatId::Required, false)
        }
        Scenario::Export => buyer(NON_EU.iter().collect(), VatId::Optional, true),
        Scenario::OutOfScope => buyer(everywhere(), VatId::Forbidden, true),
        Scenario::Franchise => buyer(everywhere(), VatId::Optional, true),
        Scenario::Mixed => buyer(vec![&FRANCE], VatId::Required, false),
    }
}

/// The VAT categories and rates of a scenario, the main one first.
fn categories(s: Scenario, seller_country: &str) -> Vec<(VatCategory, Option<Decimal>)> {
    let rates = country(seller_country).rates;
    let standard = |r: &&str| (VatCategory::S, Some(d(r)));
    let zero = Some(Decimal::ZERO);
    match s {
        Scenario::DomesticFr | Scenario::DomesticEu => rates
            .iter()
            .map(standard)
            .chain([(VatCategory::Z, zero), (VatCategory::E, zero)])
            .collect(),
        Scenario::ReverseCharge => vec![(VatCategory::AE, zero), standard(&rates[0])],
        Scenario::IntraCommunity => vec![(VatCategory::K, zero), standard(&rates[0])],
        Scenario::Export => vec![(VatCategory::G, zero), standard(&rates[0])],
        Scenario::OutOfScope => vec![(VatCategory::O, None)],
        Scenario::Franchise => vec![(VatCategory::E, zero)],
        Scenario::Mixed => rates
            .iter()
            .map(standard)
            .chain([
                (VatCategory::Z, zero),
                (VatCategory::E, zero),
                (VatCategory::AE, zero),
            ])
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Lines, allowances and charges

#[derive(Debug, Clone, Copy)]
enum AcMode {
    Amount,
    /// A percentage of the default base (the line's gross amount, the category's line nets).
    Percent,
    /// A percentage of a base given with it.
    PercentOfBase,
}

#[derive(Debug, Clone)]
struct AcRaw {
    charge: bool,
    mode: AcMode,
    /// Of the base, for an amount.
    fraction: Decimal,
    percent: Decimal,
    reason: Option<String>,
    code: Option<&'static str>,
}

fn ac_raw() -> BoxedStrategy<AcRaw> {
    (
        prop::bool::weighted(0.35),
        prop::sample::select(&[AcMode::Amount, AcMode::Percent, AcMode::PercentOfBase]),
        (0i64..=2500).prop_map(|m| Decimal::new(m, 4)),
        (0i64..=3000, 0u32..=2).prop_map(|(m, s)| round(Decimal::new(m, 2), s)),
        prop::option::weighted(0.7, text(NAME.max_chars, false)),
        any::<Index>(),
        prop::bool::weighted(0.5),
    )
        .prop_map(|(charge, mode, fraction, percent, reason, code, coded)| {
            let codes: &[&str] = if charge {
                &["FC", "AA", "ABL", "ABK", "TAC"]
            } else {
                &["95", "100", "41", "64", "66"]
            };
            AcRaw {
                charge,
                mode,
                fraction,
                percent,
                reason,
                code: coded.then(|| codes[code.index(codes.len())]),
            }
        })
        .boxed()
}

#[derive(Debug, Clone)]
struct LineRaw {
    name: String,
    description: Option<String>,
    quantity: Decimal,
    unit: &'static str,
    price: Decimal,
    gross_extra: Option<Decimal>,
    base_quantity: Option<Decimal>,
    acs: Vec<AcRaw>,
    /// Whether the line takes the document's main category, else `pick` among the scenario's.
    primary: bool,
    pick: Index,
    /// A returned item on an invoice (a negative quantity).
    negative: bool,
}

fn quantity() -> BoxedStrategy<Decimal> {
    prop_oneof![
        8 => (1i64..=20).prop_map(Decimal::from),
        4 => (1i64..=100_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s)),
        1 => Just(d("0.0001")),
        1 => Just(d("999999")),
    ]
    .boxed()
}

fn price() -> BoxedStrategy<Decimal> {
    prop_oneof![
        6 => (0i64..=100_000, 0u32..=2).prop_map(|(m, s)| Decimal::new(m, s)),
        2 => (0i64..=999_999_999).prop_map(|m| Decimal::new(m, 4)),
        1 => Just(Decimal::ZERO),
        1 => Just(d("99999.9999")),
        1 => (1i64..=9999).prop_map(|m| Decimal::new(m, 4)),
    ]
    .boxed()
}

fn line_raw() -> BoxedStrategy<LineRaw> {
    (
        (
            text(NAME.max_chars, false),
            prop::option::weighted(0.3, text(DESCRIPTION.max_chars, true)),
            quantity(),
            prop::sample::select(&[
                "C62", "HUR", "DAY", "KGM", "MTR", "LTR", "H87", "MON", "KWH", "XPP",
            ]),
            price(),
        ),
        (
            prop::option::weighted(0.2, (0i64..=1_000_000).prop_map(|m| Decimal::new(m, 4))),
            prop::option::weighted(
                0.1,
                prop::sample::select(&["10", "100", "0.5", "12", "1000"]).prop_map(d),
            ),
            prop_oneof![
                6 => Just(Vec::new()),
                3 => prop::collection::vec(ac_raw(), 1..=3),
            ],
            prop::bool::weighted(0.5),
            any::<Index>(),
            prop::bool::weighted(0.03),
        ),
    )
        .prop_map(
            |(
                (name, description, quantity, unit, price),
                (gross_extra, base_quantity, acs, primary, pick, negative),
            )| LineRaw {
                name,
                description,
                quantity,
                unit,
                price,
                gross_extra,
                base_quantity,
                acs,
                primary,
                pick,
                negative,
            },
        )
        .boxed()
}

/// Mostly a few lines, sometimes many.
fn lines_raw() -> BoxedStrategy<Vec<LineRaw>> {
    prop_oneof![
        10 => prop::collection::vec(line_raw(), 1..=3),
        6 => prop::collection::vec(line_raw(), 4..=20),
        2 => prop::collection::vec(line_raw(), 21..=80),
        1 => prop::collection::vec(line_raw(), 81..=200),
    ]
    .boxed()
}

#[derive(Debug, Clone)]
struct DocAcRaw {
    ac: AcRaw,
    /// The line whose category and rate the allowance or charge takes.
    on: Index,
    /// Leave category and rate out when every line has the same (the domain fills them).
    implicit: bool,
}

fn doc_acs() -> BoxedStrategy<Vec<DocAcRaw>> {
    prop_oneof![
        3 => Just(Vec::new()),
        1 => prop::collection::vec(
            (ac_raw(), any::<Index>(), any::<bool>())
                .prop_map(|(ac, on, implicit)| DocAcRaw { ac, on, implicit }),
            1..=3,
        ),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// The document

#[derive(Debug, Clone)]
struct Header {
    issue_days: u64,
    due_days: Option<u64>,
    delivery_days_before: Option<u64>,
    period: Option<(u64, u64)>,
    terms_days: Option<u32>,
    buyer_reference: Option<String>,
    purchase_order: Option<String>,
    operation_type: Option<OperationType>,
    note: Option<String>,
    terms_text: Option<String>,
}

fn header() -> BoxedStrategy<Header> {
    (
        (
            0u64..=1063,
            prop::option::weighted(0.7, 0u64..=90),
            prop::option::weighted(0.4, 0u64..=60),
            prop::option::weighted(0.2, (0u64..=90, 0u64..=60)),
            prop::option::weighted(0.2, 0u32..=60),
        ),
        (
            prop::option::weighted(0.3, text(SHORT.max_chars, false)),
            prop::option::weighted(0.3, text(SHORT.max_chars, false)),
            prop::option::weighted(
                0.3,
                prop::sample::select(&[
                    OperationType::Goods,
                    OperationType::Services,
                    OperationType::Both,
                ]),
            ),
            prop::option::weighted(0.3, text(NOTE.max_chars, true)),
            prop::option::weighted(0.2, text(DESCRIPTION.max_chars, true)),
        ),
    )
        .prop_map(
            |(
                (issue_days, due_days, delivery_days_before, period, terms_days),
                (buyer_reference, purchase_order, operation_type, note, terms_text),
            )| Header {
                issue_days,
                due_days,
                delivery_days_before,
                period,
                terms_days,
                buyer_reference,
                purchase_order,
                operation_type,
                note,
                terms_text,
            },
        )
        .boxed()
}

#[derive(Debug, Clone)]
struct Money {
    currency: Currency,
    /// A share of the total already paid (invoices).
    prepaid: Option<Decimal>,
    rounding: Decimal,
    prices_include_vat: bool,
    /// Lines of several categories and rates, else all of the main one.
    mixed: bool,
    main: Index,
    main_is_first: bool,
    /// Render non-S rates as 0 rather than leave them out.
    explicit_zero: bool,
    exemption_style: Index,
}

fn money(seller_currency: Currency, scenario: Scenario) -> BoxedStrategy<Money> {
    let foreign = if scenario == Scenario::Export { 2 } else { 1 };
    (
        (
            prop_oneof![
                3 => Just(seller_currency),
                foreign => prop::sample::select(CURRENCIES.to_vec()).prop_map(|c| Currency::parse(c).unwrap()),
            ],
            prop::option::weighted(0.25, (1i64..=10_000).prop_map(|m| Decimal::new(m, 4))),
            prop::option::weighted(0.2, (-99i64..=99).prop_map(|m| Decimal::new(m, 2))),
            prop::bool::weighted(0.15),
        ),
        (
            any::<bool>(),
            any::<Index>(),
            prop::bool::weighted(0.6),
            any::<bool>(),
            any::<Index>(),
        ),
    )
        .prop_map(
            |(
                (currency, prepaid, rounding, prices_include_vat),
                (mixed, main, main_is_first, explicit_zero, exemption_style),
            )| Money {
                currency,
                prepaid,
                rounding: rounding.unwrap_or_default(),
                prices_include_vat,
                mixed,
                main,
                main_is_first,
                explicit_zero,
                exemption_style,
            },
        )
        .boxed()
}

/// A document before our rules ran on it.
#[derive(Debug, Clone)]
struct Candidate {
    kind: DocumentKind,
    number: String,
    seller: Organization,
    buyer: Customer,
    content: DocumentContent,
    preceding: Option<PrecedingInvoice>,
    prepaid_share: Option<Decimal>,
}

fn candidate(scenario: Scenario, kind: DocumentKind) -> BoxedStrategy<Candidate> {
    seller_for(scenario)
        .prop_flat_map(move |seller| {
            let seller_country = seller.address.country.clone();
            (
                Just(seller.clone()),
                buyer_for(scenario, &seller_country),
                money(seller.currency, scenario),
                lines_raw(),
                doc_acs(),
                header(),
                (
                    prop::sample::select(&["F-{Y}-{N:4}", "FA{Y}{N:6}", "{Y}/INV/{N}"]),
                    1u32..100_000,
                    0u64..=400,
                    prop::bool::weighted(0.85),
                ),
            )
                .prop_map(
                    move |(seller, buyer, money, lines, acs, header, numbering)| {
                        assemble(
                            scenario, kind, seller, buyer, money, lines, acs, header, numbering,
                        )
                    },
                )
        })
        .boxed()
}

fn number(pattern: &str, year: i32, n: u32, credit: bool) -> String {
    let n4 = format!("{n:04}");
    let n6 = format!("{n:06}");
    let s = pattern
        .replace("{Y}", &year.to_string())
        .replace("{N:4}", &n4)
        .replace("{N:6}", &n6)
        .replace("{N}", &n.to_string());
    if credit {
        s.replacen('F', "AV", 1).replace("INV", "CN")
    } else {
        s
    }
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    scenario: Scenario,
    kind: DocumentKind,
    seller: Organization,
    buyer: Customer,
    money: Money,
    raw_lines: Vec<LineRaw>,
    raw_acs: Vec<DocAcRaw>,
    header: Header,
    (pattern, seq, preceding_days, preceding_dated): (&str, u32, u64, bool),
) -> Candidate {
    let currency = money.currency;
    let decimals = currency.amount_decimals();
    let cats = categories(scenario, &seller.address.country);
    let main = if money.main_is_first {
        cats[0]
    } else {
        cats[money.main.index(cats.len())]
    };
    let rate_form = |(c, r): (VatCategory, Option<Decimal>)| match c {
        VatCategory::S => (c, r),
        _ if money.explicit_zero => (c, Some(Decimal::ZERO)),
        _ => (c, None),
    };
    let credit = kind == DocumentKind::CreditNote;

    let mut lines = Vec::with_capacity(raw_lines.len());
    for (i, raw) in raw_lines.into_iter().enumerate() {
        let (category, rate) = rate_form(if !money.mixed || raw.primary {
            main
        } else {
            cats[raw.pick.index(cats.len())]
        });
        let negative = !credit && raw.negative && i > 0;
        let quantity = if negative {
            -Decimal::from(1 + i % 3)
        } else {
            raw.quantity
        };
        let mut line = Line {
            name: raw.name,
            description: raw.description,
            quantity,
            unit: raw.unit.to_owned(),
            unit_price: raw.price,
            gross_price: raw.gross_extra.map(|e| raw.price + e),
            base_quantity: raw.base_quantity,
            allowances_charges: Vec::new(),
            // Under the franchise the domain fills E in; say it on some lines only.
            vat_category: (scenario != Scenario::Franchise || i % 2 == 0).then_some(category),
            vat_rate: rate,
        };
        if !negative {
            let gross = line.gross_amount().abs();
            line.allowances_charges = raw
                .acs
                .into_iter()
                .map(|ac| {
                    let (amount, percent, base) = match ac.mode {
                        AcMode::Amount => {
                            let base = if ac.charge { d("400") } else { gross };
                            (Some(round(base * ac.fraction, decimals)), None, None)
                        }
                        AcMode::Percent => (None, Some(ac.percent), None),
                        AcMode::PercentOfBase => (None, Some(ac.percent), Some(round(gross, 2))),
                    };
                    LineAllowanceCharge {
                        charge: ac.charge,
                        amount,
                        percent,
                        base,
                        reason: ac.reason,
                        reason_code: ac.code.map(str::to_owned),
                    }
                })
                .collect();
        }
        lines.push(line);
    }

    let key = |l: &Line| (l.vat_category, l.vat_rate);
    let uniform = lines.iter().all(|l| key(l) == key(&lines[0]));
    let allowances_charges = raw_acs
        .into_iter()
        .map(|raw| {
            let on = &lines[raw.on.index(lines.len())];
            let (category, rate) = key(on);
            let category_gross: Decimal = lines
                .iter()
                .filter(|l| key(l) == (category, rate))
                .map(|l| l.gross_amount())
                .sum::<Decimal>()
                .max(Decimal::ZERO);
            let ac = raw.ac;
            let (amount, percent, base) = match ac.mode {
                AcMode::Amount => {
                    let base = if ac.charge { d("250") } else { category_gross };
                    (Some(round(base * ac.fraction, decimals)), None, None)
                }
                AcMode::Percent => (None, Some(ac.percent), None),
                AcMode::PercentOfBase => (
                    None,
                    Some(ac.percent),
                    Some(round(category_gross, decimals)),
                ),
            };
            let implicit = raw.implicit && uniform;
            AllowanceCharge {
                charge: ac.charge,
                amount,
                percent,
                base,
                vat_category: if implicit { None } else { category },
                vat_rate: if implicit { None } else { rate },
                reason: ac.reason,
                reason_code: ac.code.map(str::to_owned),
            }
        })
        .collect::<Vec<_>>();

    // Every category that needs an exemption reason gets one where the domain has no default
    // (E outside the franchise); the others sometimes override the default.
    let used: Vec<VatCategory> = lines
        .iter()
        .filter_map(|l| l.vat_category)
        .chain(allowances_charges.iter().filter_map(|a| a.vat_category))
        .collect();
    let style = money.exemption_style.index(4);
    let mut exemptions = Vec::new();
    for category in [
        VatCategory::E,
        VatCategory::AE,
        VatCategory::K,
        VatCategory::G,
        VatCategory::O,
    ] {
        if !used.contains(&category) || seller.vat_regime == VatRegime::Franchise {
            continue;
        }
        let vatex = match category {
            VatCategory::E => {
                if style.is_multiple_of(2) {
                    "VATEX-EU-132-1I"
                } else {
                    "VATEX-EU-143-1A"
                }
            }
            VatCategory::AE => "VATEX-EU-AE",
            VatCategory::K => "VATEX-EU-IC",
            VatCategory::G => "VATEX-EU-G",
            _ => "VATEX-EU-O",
        };
        let exemption = match (category, style) {
            (VatCategory::E, 0) | (_, 3) => Exemption {
                code: Some(vatex.to_owned()),
                reason: Some(format!(
                    "Exonération — {} <art.> & \"CGI\"",
                    category.code()
                )),
            },
            (VatCategory::E, 1) => Exemption {
                code: None,
                reason: Some("Exonération de TVA, article 261-4-4° du CGI".to_owned()),
            },
            (VatCategory::E, _) => Exemption {
                code: Some(vatex.to_owned()),
                reason: None,
            },
            _ => continue,
        };
        exemptions.push(CategoryExemption {
            category,
            exemption,
        });
    }

    let issue = epoch() + Days::new(header.issue_days);
    let delivery_date = if scenario == Scenario::IntraCommunity {
        Some(issue - Days::new(header.delivery_days_before.unwrap_or(3)))
    } else {
        header.delivery_days_before.map(|b| issue - Days::new(b))
    };
    let due_date = header
        .due_days
        .filter(|_| !credit || header.issue_days.is_multiple_of(5))
        .map(|days| issue + Days::new(days));
    let content = DocumentContent {
        currency,
        issue_date: Some(issue),
        due_date,
        payment_terms_days: header.terms_days,
        delivery_date,
        period_start: header.period.map(|(back, _)| issue - Days::new(back)),
        period_end: header
            .period
            .map(|(back, len)| issue - Days::new(back) + Days::new(len)),
        buyer_reference: header.buyer_reference,
        purchase_order: header.purchase_order,
        operation_type: header.operation_type,
        note: header.note,
        payment_terms_text: header.terms_text,
        valid_until: None,
        prices_include_vat: money.prices_include_vat && !buyer.is_business(),
        lines,
        allowances_charges,
        prepaid: Decimal::ZERO,
        rounding: if decimals == 0 {
            Decimal::ZERO
        } else {
            money.rounding
        },
        exemptions,
    };
    let preceding = credit.then(|| {
        let date = issue - Days::new(preceding_days);
        PrecedingInvoice {
            number: number(pattern, date.year(), seq / 2 + 1, false),
            issue_date: preceding_dated.then_some(date),
        }
    });
    Candidate {
        kind,
        number: number(pattern, issue.year(), seq, credit),
        seller,
        buyer,
        content,
        preceding,
        prepaid_share: money.prepaid.filter(|_| !credit),
    }
}

/// Runs our own rules on a candidate, as issuing does, and returns the document issued.
fn issue(c: Candidate) -> Result<FullDocument, DomainError> {
    let seller = c.seller.validated()?;
    let buyer = c.buyer.validated()?;
    let context = SellerContext {
        regime: seller.vat_regime,
    };
    let content = c.content.validated(context)?;
    issue_rules::check_parties(&content, &seller, &buyer)?;
    let (issue_date, due_date) =
        issue_rules::issue_dates(c.kind, &content, &seller, &buyer, today())?;
    let mut content = DocumentContent {
        issue_date: Some(issue_date),
        due_date,
        ..content
    };
    let language = buyer.language.unwrap_or(seller.language);
    let french = language == Language::Fr;
    let mut totals = totals::compute(&content, seller.vat_regime, french);
    issue_rules::check_total(c.kind, &totals)?;
    if let Some(share) = c.prepaid_share {
        // A deposit: part of the total, in the currency's unit.
        content.prepaid = round(
            totals.tax_inclusive * share,
            content.currency.amount_decimals(),
        );
        content = content.validated(context)?;
        totals = totals::compute(&content, seller.vat_regime, french);
    }
    Ok(FullDocument {
        kind: c.kind,
        number: Some(c.number),
        issue_date,
        due_date,
        seller,
        buyer,
        content,
        totals,
        preceding: c.preceding,
        language,
    })
}

// ---------------------------------------------------------------------------------------------
// The corpus

/// What the corpus holds, to print.
#[derive(Debug, Default)]
struct Stats {
    candidates: usize,
    rejected: BTreeMap<String, usize>,
    scenarios: BTreeMap<&'static str, usize>,
    kinds: BTreeMap<&'static str, usize>,
    categories: BTreeMap<String, usize>,
    currencies: BTreeMap<&'static str, usize>,
    line_buckets: BTreeMap<&'static str, usize>,
    features: BTreeMap<&'static str, usize>,
}

impl Stats {
    fn accepted(&self) -> usize {
        self.kinds.values().sum()
    }

    fn record(&mut self, scenario: Scenario, doc: &FullDocument) {
        let bump = |m: &mut BTreeMap<&'static str, usize>, k: &'static str| {
            *m.entry(k).or_default() += 1;
        };
        bump(&mut self.scenarios, scenario.slug());
        bump(&mut self.kinds, doc.kind.code());
        bump(&mut self.currencies, doc.content.currency.code());
        let n = doc.content.lines.len();
        bump(
            &mut self.line_buckets,
            match n {
                1..=3 => "  1-3",
                4..=20 => "  4-20",
                21..=80 => " 21-80",
                _ => "81-200",
            },
        );
        let mut categories: Vec<String> = doc
            .totals
            .vat_breakdown
            .iter()
            .map(|b| match (b.category, b.rate) {
                (VatCategory::S, Some(r)) => format!("S {}", r.normalize()),
                (c, _) => c.code().to_owned(),
            })
            .collect();
        categories.dedup();
        for c in categories {
            *self.categories.entry(c).or_default() += 1;
        }
        let c = &doc.content;
        let lines = &c.lines;
        let features = [
            (
                "line allowances/charges",
                lines.iter().any(|l| !l.allowances_charges.is_empty()),
            ),
            (
                "line percentages",
                lines
                    .iter()
                    .any(|l| l.allowances_charges.iter().any(|a| a.percent.is_some())),
            ),
            (
                "document allowances/charges",
                !c.allowances_charges.is_empty(),
            ),
            (
                "document percentages",
                c.allowances_charges.iter().any(|a| a.percent.is_some()),
            ),
            ("prepaid", !c.prepaid.is_zero()),
            ("rounding", !c.rounding.is_zero()),
            (
                "gross prices",
                lines.iter().any(|l| l.gross_price.is_some()),
            ),
            (
                "base quantities",
                lines.iter().any(|l| l.base_quantity.is_some()),
            ),
            (
                "quantity 0.0001",
                lines.iter().any(|l| l.quantity == d("0.0001")),
            ),
            (
                "quantity 999999",
                lines.iter().any(|l| l.quantity == d("999999")),
            ),
            (
                "price 99999.9999",
                lines.iter().any(|l| l.unit_price == d("99999.9999")),
            ),
            ("price 0", lines.iter().any(|l| l.unit_price.is_zero())),
            (
                "negative quantities",
                lines.iter().any(|l| l.quantity.is_sign_negative()),
            ),
            (
                "name at 200 chars",
                lines
                    .iter()
                    .any(|l| l.name.chars().count() == NAME.max_chars),
            ),
            (
                "description at 4000 chars",
                lines.iter().any(|l| {
                    l.description
                        .as_ref()
                        .is_some_and(|s| s.chars().count() == DESCRIPTION.max_chars)
                }),
            ),
            (
                "note at 10000 chars",
                c.note
                    .as_ref()
                    .is_some_and(|s| s.chars().count() == NOTE.max_chars),
            ),
            ("buyer individual", !doc.buyer.is_business()),
            ("buyer without email", doc.buyer.emails.is_empty()),
            ("delivery address", doc.buyer.delivery_address.is_some()),
            ("delivery date", c.delivery_date.is_some()),
            ("invoicing period", c.period_start.is_some()),
            ("seller IBAN", doc.seller.iban.is_some()),
            ("seller without VAT number", doc.seller.vat_number.is_none()),
            ("language en", doc.language == Language::En),
            ("language fr", doc.language == Language::Fr),
        ];
        for (name, present) in features {
            if present {
                bump(&mut self.features, name);
            }
        }
    }

    fn print(&self) {
        let show = |title: &str, m: &mut dyn Iterator<Item = (String, usize)>| {
            let items: Vec<String> = m.map(|(k, v)| format!("{}: {v}", k.trim())).collect();
            println!("  {title}: {}", items.join(", "));
        };
        println!(
            "generated {} documents from {} candidates ({} refused by our rules)",
            self.accepted(),
            self.candidates,
            self.candidates - self.accepted()
        );
        show(
            "refused",
            &mut self.rejected.iter().map(|(k, v)| (k.clone(), *v)),
        );
        show(
            "scenarios",
            &mut self.scenarios.iter().map(|(k, v)| ((*k).to_owned(), *v)),
        );
        show(
            "kinds",
            &mut self.kinds.iter().map(|(k, v)| ((*k).to_owned(), *v)),
        );
        show(
            "documents per VAT category",
            &mut self.categories.iter().map(|(k, v)| (k.clone(), *v)),
        );
        show(
            "currencies",
            &mut self.currencies.iter().map(|(k, v)| ((*k).to_owned(), *v)),
        );
        show(
            "lines",
            &mut self.line_buckets.iter().map(|(k, v)| ((*k).to_owned(), *v)),
        );
        show(
            "documents with",
            &mut self.features.iter().map(|(k, v)| ((*k).to_owned(), *v)),
        );
    }
}

/// Where the files go: `$EINVOICE_CORPUS_DIR/<name>` when set (kept), else a temporary folder.
fn output_dir(name: &str) -> (PathBuf, Option<tempfile::TempDir>) {
    match std::env::var_os("EINVOICE_CORPUS_DIR") {
        Some(root) => {
            let dir = PathBuf::from(root).join(name);
            std::fs::create_dir_all(&dir).unwrap();
            (dir, None)
        }
        None => {
            let tmp = tempfile::tempdir().unwrap();
            (tmp.path().to_owned(), Some(tmp))
        }
    }
}

fn refused(stem: &str, what: &str, e: impl std::fmt::Display) -> ! {
    panic!("{stem}: the {what} writer refused a document our rules accept: {e}")
}

/// Generates `count` documents our rules accept, writes each as JSON (for inspection), CII and
/// UBL, and as the Factur-X PDF when `pdf(i)`; returns the files to check.
fn write_corpus(
    dir: &Path,
    count: usize,
    pdf: impl Fn(usize) -> bool,
    stats: &mut Stats,
) -> Vec<PathBuf> {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &SEED),
    );
    let mut files = Vec::new();
    let mut i = 0;
    while i < count {
        assert!(
            stats.candidates < count * 2 + 20,
            "the generator is mostly refused: {:?}",
            stats.rejected
        );
        let scenario = SCENARIOS[i % SCENARIOS.len()];
        let kind = if (i / SCENARIOS.len()) % 3 == 1 {
            DocumentKind::CreditNote
        } else {
            DocumentKind::Invoice
        };
        let candidate = candidate(scenario, kind)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        stats.candidates += 1;
        let doc = match issue(candidate) {
            Ok(doc) => doc,
            Err(e) => {
                *stats
                    .rejected
                    .entry(format!("{} ({})", e.code, scenario.slug()))
                    .or_default() += 1;
                continue;
            }
        };
        stats.record(scenario, &doc);
        let stem = format!("{i:04}-{}-{}", scenario.slug(), doc.kind.code());
        let write = |ext: &str, bytes: &[u8]| {
            let path = dir.join(format!("{stem}.{ext}"));
            std::fs::write(&path, bytes).unwrap();
            path
        };
        write("json", &serde_json::to_vec_pretty(&doc).unwrap());
        let cii = cii_xml(&doc, Profile::En16931).unwrap_or_else(|e| refused(&stem, "CII", e));
        files.push(write("cii.xml", &cii));
        let ubl = ubl_xml(&doc).unwrap_or_else(|e| refused(&stem, "UBL", e));
        files.push(write("ubl.xml", &ubl));
        if pdf(i) {
            let opts = PdfOptions {
                paper: if i % 4 == 3 { Paper::Letter } else { Paper::A4 },
                ..PdfOptions::default()
            };
            // Emoji, CJK and tabs are drawn as "?" in the PDF; the XML keeps them.
            let bytes = document_pdf(&doc, &opts, Profile::En16931)
                .unwrap_or_else(|e| refused(&stem, "PDF", e));
            files.push(write("pdf", &bytes));
        }
        i += 1;
    }
    assert!(
        stats.accepted() * 10 >= stats.candidates * 9,
        "only {} of {} candidates pass our rules: {:?}",
        stats.accepted(),
        stats.candidates,
        stats.rejected
    );
    files
}

/// What the checker said over all files.
#[derive(Debug)]
struct Checked {
    passed: usize,
    failed: usize,
    success: bool,
    closing_lines: Vec<String>,
    failures: Vec<String>,
    rules: BTreeMap<String, usize>,
}

/// Runs two checker processes in parallel, each over half of the files; keeps their reports
/// as `checker-1.log` and `checker-2.log` beside the files.
fn check(files: &[PathBuf], dir: &Path) -> Checked {
    let checker = Path::new(CHECKER);
    assert!(
        checker.is_file(),
        "the e-invoice checker is missing at {CHECKER}: clone `shared/` beside the repository \
         (it holds tools/einvoice-check); this test does not skip without it"
    );
    let halves: [Vec<&PathBuf>; 2] = [
        files.iter().step_by(2).collect(),
        files.iter().skip(1).step_by(2).collect(),
    ];
    let outputs: Vec<std::process::Output> = std::thread::scope(|s| {
        let handles: Vec<_> = halves
            .iter()
            .map(|half| {
                s.spawn(move || {
                    Command::new(checker)
                        .args(half)
                        .output()
                        .unwrap_or_else(|e| panic!("cannot run {CHECKER}: {e}"))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut checked = Checked {
        passed: 0,
        failed: 0,
        success: true,
        closing_lines: Vec::new(),
        failures: Vec::new(),
        rules: BTreeMap::new(),
    };
    for (n, (out, half)) in outputs.iter().zip(&halves).enumerate() {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        std::fs::write(
            dir.join(format!("checker-{}.log", n + 1)),
            format!("{stdout}\n{stderr}"),
        )
        .unwrap();
        checked.success &= out.status.success();
        let last = stdout.lines().last().unwrap_or_default().to_owned();
        let counts: Vec<usize> = last
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|t| t.parse().ok())
            .collect();
        match counts[..] {
            [p, f] if last.ends_with(" failed") && p + f == half.len() => {
                checked.passed += p;
                checked.failed += f;
            }
            _ => panic!(
                "checker {} ended without the count of its {} files: {last:?}\n{stderr}",
                n + 1,
                half.len()
            ),
        }
        checked.closing_lines.push(last);
        for line in stdout.lines() {
            if line.starts_with("FAIL") {
                checked.failures.push(line.to_owned());
            } else if let Some(error) = line.trim_start().strip_prefix("error: ") {
                checked.failures.push(format!("    {error}"));
                let head = error.split(": ").next().unwrap_or(error);
                let rule = head.rsplit(' ').next().unwrap_or(head).to_owned();
                *checked.rules.entry(rule).or_default() += 1;
            }
        }
        if !stderr.trim().is_empty() && !out.status.success() {
            checked
                .failures
                .push(format!("checker {} stderr: {stderr}", n + 1));
        }
    }
    checked
}

fn check_and_report(files: &[PathBuf], dir: &Path, documents: usize, started: Instant) {
    let generated = started.elapsed();
    let checking = Instant::now();
    let checked = check(files, dir);
    println!(
        "einvoice-check over {documents} documents, {} files (2 processes): {}",
        files.len(),
        checked.closing_lines.join(" | ")
    );
    println!(
        "generated and written in {generated:.1?}, checked in {:.1?}, total {:.1?}; files in {}",
        checking.elapsed(),
        started.elapsed(),
        dir.display()
    );
    println!("{} passed, {} failed", checked.passed, checked.failed);
    if !checked.rules.is_empty() {
        println!("failed rules: {:?}", checked.rules);
    }
    assert!(
        checked.success && checked.failed == 0,
        "einvoice-check failed ({} passed, {} failed); rules {:?}:\n{}",
        checked.passed,
        checked.failed,
        checked.rules,
        checked
            .failures
            .iter()
            .take(300)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn corpus_sample_passes_the_checker() {
    let started = Instant::now();
    let (dir, _tmp) = output_dir("sample");
    let mut stats = Stats::default();
    let files = write_corpus(&dir, 16, |_| true, &mut stats);
    stats.print();
    assert_eq!(files.len(), 16 * 3);
    check_and_report(&files, &dir, 16, started);
}

#[test]
#[ignore = "1,000 documents through the e-invoice checker: 15 to 35 minutes"]
fn corpus_of_1000_passes_the_checker() {
    let started = Instant::now();
    let (dir, _tmp) = output_dir("corpus");
    let mut stats = Stats::default();
    let files = write_corpus(&dir, 1000, |i| i % 10 == 0, &mut stats);
    stats.print();
    assert_eq!(files.len(), 1000 * 2 + 100);
    for scenario in SCENARIOS {
        assert!(stats.scenarios.get(scenario.slug()) >= Some(&100));
    }
    for currency in CURRENCIES {
        assert!(
            stats.currencies.contains_key(currency),
            "no document in {currency}"
        );
    }
    for category in [
        "S 20", "S 10", "S 5.5", "S 2.1", "Z", "E", "AE", "K", "G", "O",
    ] {
        assert!(
            stats.categories.contains_key(category),
            "no document with {category}"
        );
    }
    check_and_report(&files, &dir, 1000, started);
}
