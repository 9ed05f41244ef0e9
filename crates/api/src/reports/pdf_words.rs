//! Every word of the report PDFs, in French and English (the app's wording: ui/src/lib/i18n).

use autoinvoice_domain::party::Language;

/// The labels of one language. `{…}` are filled in by [`fill`].
#[derive(Debug)]
pub(super) struct Words {
    pub on: &'static str,
    pub from_to: &'static str,
    pub siren: &'static str,
    pub vat_number: &'static str,
    pub customer: &'static str,
    pub invoices: &'static str,
    pub total: &'static str,
    pub category: &'static str,
    pub rate: &'static str,
    pub taxable: &'static str,
    pub vat: &'static str,
    pub aging_title: &'static str,
    pub aging_caption: &'static str,
    pub current: &'static str,
    pub d1_30: &'static str,
    pub d31_60: &'static str,
    pub d61_90: &'static str,
    pub over_90: &'static str,
    pub aging_none: &'static str,
    pub revenue_title: &'static str,
    pub by_month: &'static str,
    pub month: &'static str,
    pub invoiced: &'static str,
    pub credited: &'static str,
    pub net: &'static str,
    pub by_customer: &'static str,
    pub share: &'static str,
    pub by_rate: &'static str,
    pub revenue_none: &'static str,
    pub revenue_months: &'static str,
    pub vat_title: &'static str,
    pub on_debits: &'static str,
    pub on_receipts: &'static str,
    pub vat_franchise: &'static str,
    pub collected: &'static str,
    pub basis: &'static str,
    pub basis_debits: &'static str,
    pub basis_receipts: &'static str,
    pub vat_total: &'static str,
    pub vat_nothing: &'static str,
    pub deductible: &'static str,
    pub total_deductible: &'static str,
    pub vat_net: &'static str,
    pub vat_credit: &'static str,
    pub ca3: &'static str,
    pub ca3_line: &'static str,
    pub ca3_label: &'static str,
    pub base: &'static str,
    pub franchise_title: &'static str,
    pub year_on: &'static str,
    pub in_franchise: &'static str,
    pub not_in_franchise: &'static str,
    pub activity: &'static str,
    pub all: &'static str,
    pub services: &'static str,
    pub turnover: &'static str,
    pub base_threshold: &'static str,
    pub used: &'static str,
    pub higher_threshold: &'static str,
    pub standing: &'static str,
    pub under: &'static str,
    pub over_base: &'static str,
    pub over_higher: &'static str,
    pub projected: &'static str,
    pub last_year_over: &'static str,
    pub months: [&'static str; 12],
    /// UNTDID 5305 categories: S, Z, E, AE, K, G, O.
    pub categories: [(&'static str, &'static str); 7],
}

const FR: Words = Words {
    on: "Au {date}",
    from_to: "Du {from} au {to}",
    siren: "SIREN",
    vat_number: "N° TVA",
    customer: "Client",
    invoices: "Factures",
    total: "Total",
    category: "Catégorie",
    rate: "Taux",
    taxable: "Base HT",
    vat: "TVA",
    aging_title: "Balance âgée des créances",
    aging_caption: "Sommes dues au {date}, par client et par retard",
    current: "Non échu",
    d1_30: "1 à 30 jours de retard",
    d31_60: "31 à 60 jours",
    d61_90: "61 à 90 jours",
    over_90: "Plus de 90 jours",
    aging_none: "Rien ne vous était dû au {date}.",
    revenue_title: "Chiffre d’affaires",
    by_month: "Par mois",
    month: "Mois",
    invoiced: "Facturé (HT)",
    credited: "Avoirs",
    net: "Chiffre d’affaires net",
    by_customer: "Par client",
    share: "Part",
    by_rate: "Par taux de TVA",
    revenue_none: "Aucune facture ni aucun avoir émis sur cette période.",
    revenue_months: "Montants hors taxes, avoirs déduits le mois de leur émission, de {from} à {to}.",
    vat_title: "Déclaration de TVA",
    on_debits: "TVA sur les débits : tout est taxé à la facturation.",
    on_receipts: "TVA sur les encaissements : les services sont taxés au paiement, les biens à la facturation.",
    vat_franchise: "Franchise en base (art. 293 B du CGI) : aucune TVA collectée ; chiffres pour information.",
    collected: "TVA collectée",
    basis: "Exigible à",
    basis_debits: "la facturation",
    basis_receipts: "l’encaissement",
    vat_total: "Total de la TVA collectée",
    vat_nothing: "Aucune TVA n’est devenue exigible sur cette période.",
    deductible: "TVA déductible (factures reçues)",
    total_deductible: "Total TVA déductible",
    vat_net: "TVA nette due",
    vat_credit: "Crédit de TVA",
    ca3: "Lignes de la déclaration CA3",
    ca3_line: "Ligne",
    ca3_label: "Objet",
    base: "Base",
    franchise_title: "Franchise en base de TVA",
    year_on: "Année {year}, au {date}",
    in_franchise: "Vous êtes en franchise en base de TVA en {year}.",
    not_in_franchise: "Vous facturez la TVA : les seuils de la franchise sont indiqués pour information.",
    activity: "Activité",
    all: "Ventes de biens et chiffre d’affaires total",
    services: "Prestations de services",
    turnover: "Chiffre d’affaires de l’année",
    base_threshold: "Seuil de base",
    used: "Part du seuil de base",
    higher_threshold: "Seuil majoré",
    standing: "Situation",
    under: "Sous le seuil de base : la franchise s’applique.",
    over_base: "Au-delà du seuil de base : la franchise s’applique cette année et prend fin le 1er janvier {year}.",
    over_higher: "Au-delà du seuil majoré depuis le {date} : la TVA est due à partir de ce jour.",
    projected: "À ce rythme, le seuil de base serait atteint le {date}.",
    last_year_over: "Le chiffre d’affaires de l’an dernier ({turnover}) dépassait le seuil de base : la franchise a pris fin le 1er janvier.",
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    categories: [
        ("S", "Taux normal"),
        ("Z", "Taux zéro"),
        ("E", "Exonéré"),
        ("AE", "Autoliquidation"),
        ("K", "Intracommunautaire"),
        ("G", "Export"),
        ("O", "Hors champ"),
    ],
};

const EN: Words = Words {
    on: "On {date}",
    from_to: "From {from} to {to}",
    siren: "SIREN",
    vat_number: "VAT No.",
    customer: "Customer",
    invoices: "Invoices",
    total: "Total",
    category: "Category",
    rate: "Rate",
    taxable: "Taxable amount",
    vat: "VAT",
    aging_title: "Receivables aging",
    aging_caption: "Amounts owed on {date}, by customer and lateness",
    current: "Not yet due",
    d1_30: "1–30 days late",
    d31_60: "31–60 days",
    d61_90: "61–90 days",
    over_90: "Over 90 days",
    aging_none: "Nothing was owed to you on {date}.",
    revenue_title: "Revenue",
    by_month: "By month",
    month: "Month",
    invoiced: "Invoiced (excl. VAT)",
    credited: "Credited",
    net: "Net revenue",
    by_customer: "By customer",
    share: "Share",
    by_rate: "By VAT rate",
    revenue_none: "No invoice or credit note was issued in this period.",
    revenue_months: "Amounts excluding VAT, credit notes deducted in the month they were issued, {from} to {to}.",
    vat_title: "VAT return",
    on_debits: "VAT on debits: everything is taxed when invoiced.",
    on_receipts: "VAT on receipts: services are taxed when paid, goods when invoiced.",
    vat_franchise: "VAT franchise (art. 293 B du CGI): no VAT collected; figures for information.",
    collected: "Collected VAT",
    basis: "Due on",
    basis_debits: "invoicing",
    basis_receipts: "payment",
    vat_total: "Total VAT collected",
    vat_nothing: "No VAT became due in this period.",
    deductible: "Deductible VAT (received invoices)",
    total_deductible: "Total deductible VAT",
    vat_net: "Net VAT due",
    vat_credit: "VAT credit",
    ca3: "CA3 return lines",
    ca3_line: "Line",
    ca3_label: "What",
    base: "Base",
    franchise_title: "VAT franchise",
    year_on: "Year {year}, on {date}",
    in_franchise: "You are under the VAT franchise in {year}.",
    not_in_franchise: "You charge VAT: the franchise thresholds are shown for information.",
    activity: "Activity",
    all: "Sales of goods and total turnover",
    services: "Services",
    turnover: "Turnover this year",
    base_threshold: "Base threshold",
    used: "Of the base threshold",
    higher_threshold: "Higher threshold",
    standing: "Standing",
    under: "Under the base threshold: the franchise holds.",
    over_base: "Over the base threshold: the franchise holds this year and ends on 1 January {year}.",
    over_higher: "Over the higher threshold since {date}: VAT is due from that day.",
    projected: "At this pace the base threshold would be reached on {date}.",
    last_year_over: "Last year’s turnover ({turnover}) was over the base threshold: the franchise ended on 1 January.",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    categories: [
        ("S", "Standard"),
        ("Z", "Zero rated"),
        ("E", "Exempt"),
        ("AE", "Reverse charge"),
        ("K", "Intra-EU"),
        ("G", "Export"),
        ("O", "Out of scope"),
    ],
};

pub(super) fn words(lang: Language) -> &'static Words {
    match lang {
        Language::Fr => &FR,
        Language::En => &EN,
    }
}

/// A template with its `{name}`s replaced.
pub(super) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_owned(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

impl Words {
    /// "Taux normal (S)", or the code alone when it is not a known one.
    pub fn category(&self, code: &str) -> String {
        match self.categories.iter().find(|(c, _)| *c == code) {
            Some((_, name)) => format!("{name} ({code})"),
            None => code.to_owned(),
        }
    }

    /// "2026-03" as "mars 2026" / "March 2026".
    pub fn month_name(&self, month: &str) -> String {
        let name = month
            .split_once('-')
            .and_then(|(y, m)| Some((y, m.parse::<usize>().ok()?)))
            .and_then(|(y, m)| Some(format!("{} {y}", self.months.get(m.checked_sub(1)?)?)));
        name.unwrap_or_else(|| month.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_categories() {
        assert_eq!(words(Language::Fr).month_name("2026-03"), "mars 2026");
        assert_eq!(words(Language::En).month_name("2026-12"), "December 2026");
        assert_eq!(words(Language::En).month_name("bad"), "bad");
        assert_eq!(words(Language::Fr).category("S"), "Taux normal (S)");
        assert_eq!(words(Language::Fr).category("X"), "X");
    }
}
