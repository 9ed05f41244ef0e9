//! CSV in and out. Imports check every row before anything is written; exports defuse
//! spreadsheet formulas (a cell starting with = + - @ is prefixed with ').

use crate::{ApiError, ApiResult, CustomerRecord, DocumentSummary, PaymentRecord};
use autoinvoice_domain::Currency;
use autoinvoice_domain::party::{Address, Customer, CustomerKind, Language};

/// Most rows one import takes.
pub const MAX_IMPORT_ROWS: usize = 100_000;

const COLUMNS: [&str; 14] = [
    "name",
    "kind",
    "emails",
    "line1",
    "line2",
    "postcode",
    "city",
    "country",
    "siren",
    "vat_number",
    "language",
    "currency",
    "payment_terms_days",
    "notes",
];

/// Parses customers from CSV with a header row naming columns from [`COLUMNS`] (any order;
/// `name`, `line1`, `city` and `country` required). Several emails are separated by `;`.
pub fn parse_customers(text: &str) -> ApiResult<Vec<Customer>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ApiError::new("invalid_csv", format!("CSV header: {e}")))?
        .clone();
    let mut index = [None; COLUMNS.len()];
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().to_ascii_lowercase();
        let Some(col) = COLUMNS.iter().position(|c| *c == h) else {
            return Err(ApiError::new(
                "invalid_csv",
                format!(
                    "CSV header: unknown column '{h}' (known: {})",
                    COLUMNS.join(", ")
                ),
            ));
        };
        if index[col].replace(i).is_some() {
            return Err(ApiError::new(
                "invalid_csv",
                format!("CSV header: column '{h}' appears twice"),
            ));
        }
    }
    for required in ["name", "line1", "city", "country"] {
        let col = COLUMNS.iter().position(|c| *c == required).unwrap_or(0);
        if index[col].is_none() {
            return Err(ApiError::new(
                "invalid_csv",
                format!("CSV header: the column '{required}' is required"),
            ));
        }
    }
    let mut out = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record =
            record.map_err(|e| ApiError::new("invalid_csv", format!("CSV line {line}: {e}")))?;
        if out.len() >= MAX_IMPORT_ROWS {
            return Err(ApiError::new(
                "invalid_csv",
                format!("CSV: more than {MAX_IMPORT_ROWS} rows; split the file"),
            ));
        }
        let get = |name: &str| -> Option<String> {
            let col = COLUMNS.iter().position(|c| *c == name)?;
            index[col]
                .and_then(|i| record.get(i))
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let at = |e: String| ApiError::new("invalid_csv", format!("CSV line {line}: {e}"));
        let kind = match get("kind").as_deref() {
            None | Some("business") => CustomerKind::Business,
            Some("individual") => CustomerKind::Individual,
            Some(other) => {
                return Err(at(format!(
                    "kind '{other}' is neither business nor individual"
                )));
            }
        };
        let language = get("language")
            .map(|l| Language::parse(&l))
            .transpose()
            .map_err(|e| at(e.to_string()))?;
        let currency = get("currency")
            .map(|c| Currency::parse(&c))
            .transpose()
            .map_err(|e| at(e.to_string()))?;
        let payment_terms_days = get("payment_terms_days")
            .map(|t| {
                t.parse::<u32>().map_err(|_| {
                    at(format!(
                        "payment_terms_days '{t}' is not a whole number of days"
                    ))
                })
            })
            .transpose()?;
        let customer = Customer {
            kind,
            name: get("name").unwrap_or_default(),
            address: Address {
                line1: get("line1").unwrap_or_default(),
                line2: get("line2"),
                line3: None,
                postcode: get("postcode").unwrap_or_default(),
                city: get("city").unwrap_or_default(),
                country: get("country").unwrap_or_default(),
            },
            delivery_address: None,
            siren: get("siren"),
            vat_number: get("vat_number"),
            emails: get("emails")
                .map(|e| {
                    e.split(';')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            language,
            currency,
            payment_terms_days,
            notes: get("notes"),
        };
        out.push(customer.validated().map_err(|e| at(e.to_string()))?);
    }
    if out.is_empty() {
        return Err(ApiError::new("invalid_csv", "CSV: no customer rows"));
    }
    Ok(out)
}

/// A cell a spreadsheet will not run as a formula.
pub(crate) fn cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

pub(crate) fn write<F: FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>>(
    f: F,
) -> ApiResult<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    f(&mut w).map_err(|e| ApiError::new("internal", format!("CSV: {e}")))?;
    let bytes = w
        .into_inner()
        .map_err(|e| ApiError::new("internal", format!("CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| ApiError::new("internal", format!("CSV: {e}")))
}

pub fn documents_csv(rows: &[DocumentSummary]) -> ApiResult<String> {
    write(|w| {
        w.write_record([
            "id",
            "kind",
            "number",
            "status",
            "issue_date",
            "due_date",
            "customer",
            "currency",
            "total_excl_vat",
            "total_incl_vat",
            "balance",
            "overdue",
        ])?;
        for r in rows {
            w.write_record([
                r.id.to_string(),
                r.kind.clone(),
                r.number.clone().unwrap_or_default(),
                r.status.clone(),
                r.issue_date.map(|d| d.to_string()).unwrap_or_default(),
                r.due_date.map(|d| d.to_string()).unwrap_or_default(),
                cell(&r.buyer_name),
                r.currency.clone(),
                r.total_excl.to_string(),
                r.total_incl.to_string(),
                r.balance.to_string(),
                r.overdue.to_string(),
            ])?;
        }
        Ok(())
    })
}

pub fn customers_csv(rows: &[CustomerRecord]) -> ApiResult<String> {
    write(|w| {
        let mut header = vec!["id"];
        header.extend(COLUMNS);
        header.push("archived");
        w.write_record(&header)?;
        for r in rows {
            let c = &r.customer;
            let kind = match c.kind {
                CustomerKind::Business => "business",
                CustomerKind::Individual => "individual",
            };
            w.write_record([
                r.id.to_string(),
                cell(&c.name),
                kind.to_owned(),
                cell(&c.emails.join(";")),
                cell(&c.address.line1),
                cell(c.address.line2.as_deref().unwrap_or("")),
                cell(&c.address.postcode),
                cell(&c.address.city),
                c.address.country.clone(),
                c.siren.clone().unwrap_or_default(),
                c.vat_number.clone().unwrap_or_default(),
                c.language.map(|l| l.code().to_owned()).unwrap_or_default(),
                c.currency.map(|c| c.code().to_owned()).unwrap_or_default(),
                c.payment_terms_days
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                cell(c.notes.as_deref().unwrap_or("")),
                r.archived.to_string(),
            ])?;
        }
        Ok(())
    })
}

pub fn payments_csv(rows: &[PaymentRecord]) -> ApiResult<String> {
    write(|w| {
        w.write_record([
            "payment_id",
            "date",
            "method",
            "reference",
            "currency",
            "payment_amount",
            "invoice",
            "applied_amount",
        ])?;
        for p in rows {
            for a in &p.allocations {
                w.write_record([
                    p.id.to_string(),
                    p.date.to_string(),
                    p.method.clone(),
                    cell(p.reference.as_deref().unwrap_or("")),
                    p.currency.clone(),
                    p.amount.to_string(),
                    a.number.clone(),
                    a.amount.to_string(),
                ])?;
            }
        }
        Ok(())
    })
}
