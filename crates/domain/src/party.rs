//! The seller (an organization, BG-4) and the buyer (a customer, BG-7).

use crate::error::{DomainError, DomainResult};
use crate::identifiers;
use crate::money::Currency;
use crate::text::{self, ADDRESS_LINE, NAME, NOTE, SHORT};
use crate::vat::VatRegime;
use serde::{Deserialize, Serialize};

/// A postal address (BG-5 / BG-8 / BG-15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line3: Option<String>,
    pub postcode: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

impl Address {
    pub fn validated(self) -> DomainResult<Self> {
        Ok(Self {
            line1: text::required(&self.line1, "line1", ADDRESS_LINE)?,
            line2: text::optional(self.line2.as_deref(), "line2", ADDRESS_LINE)?,
            line3: text::optional(self.line3.as_deref(), "line3", ADDRESS_LINE)?,
            postcode: text::optional(Some(&self.postcode), "postcode", SHORT)?.unwrap_or_default(),
            city: text::required(&self.city, "city", SHORT)?,
            country: identifiers::country(&self.country, "country")?,
        })
    }
}

/// Language of documents and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Fr,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }
    pub fn parse(s: &str) -> DomainResult<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" => Ok(Self::Fr),
            "en" => Ok(Self::En),
            _ => Err(DomainError::new(
                "invalid_language",
                "language",
                format!("'{s}' is not a supported language (fr, en)"),
            )),
        }
    }
}

/// The seller: an organization issuing invoices. A database holds several (an accountant's
/// clients).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Legal name (BT-27). For a French sole trader, the name followed by "EI".
    pub legal_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trading_name: Option<String>,
    /// E.g. "EI", "SARL", "SAS".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_form: Option<String>,
    pub address: Address,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siret: Option<String>,
    /// Absent under the French VAT franchise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_number: Option<String>,
    /// RCS / RM registration where it applies, e.g. "RCS Lyon 123 456 789".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub currency: Currency,
    #[serde(default)]
    pub language: Language,
    /// Days from issue to due date when a document names none.
    #[serde(default = "default_terms")]
    pub payment_terms_days: u32,
    #[serde(default)]
    pub vat_regime: VatRegime,
    /// "Option pour le paiement de la TVA d'après les débits".
    #[serde(default)]
    pub vat_on_debits: bool,
    /// Late-payment penalty rate per year (percent), printed for business customers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_penalty_rate: Option<rust_decimal::Decimal>,
}

fn default_terms() -> u32 {
    30
}

/// Longest payment term accepted (days); French law caps B2B at 60 days anyway.
pub const MAX_TERMS_DAYS: u32 = 365;

impl Organization {
    pub fn validated(self) -> DomainResult<Self> {
        let siren = self
            .siren
            .as_deref()
            .map(|s| identifiers::siren(s, "siren"))
            .transpose()?;
        let siret = self
            .siret
            .as_deref()
            .map(|s| identifiers::siret(s, "siret"))
            .transpose()?;
        if let (Some(siren), Some(siret)) = (&siren, &siret)
            && !siret.starts_with(siren.as_str())
        {
            return Err(DomainError::new(
                "invalid_siret",
                "siret",
                "the SIRET does not start with the SIREN",
            ));
        }
        let siren = siren.or_else(|| siret.as_ref().map(|s| s[..9].to_owned()));
        let address = self.address.validated().map_err(|e| e.within("address"))?;
        if address.country == "FR" && siren.is_none() {
            return Err(DomainError::new(
                "required",
                "siren",
                "a French seller must give its SIREN",
            ));
        }
        let vat_number = match self
            .vat_number
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            Some(v) => Some(identifiers::vat_number(v, "vat_number")?),
            None => None,
        };
        if self.vat_regime == VatRegime::Normal
            && vat_number.is_none()
            && identifiers::is_eu(&address.country)
        {
            return Err(DomainError::new(
                "required",
                "vat_number",
                "a seller charging VAT in the EU must give its VAT number (or choose the franchise regime)",
            ));
        }
        if siren.is_none() && vat_number.is_none() {
            return Err(DomainError::new(
                "required",
                "siren",
                "a seller needs a legal registration number (SIREN) or a VAT number (EN 16931 BR-CO-26)",
            ));
        }
        if self.vat_regime == VatRegime::Franchise && address.country != "FR" {
            return Err(DomainError::new(
                "invalid_vat_regime",
                "vat_regime",
                "the VAT franchise (art. 293 B du CGI) is a French regime",
            ));
        }
        if self.payment_terms_days > MAX_TERMS_DAYS {
            return Err(DomainError::new(
                "out_of_range",
                "payment_terms_days",
                format!("payment terms are at most {MAX_TERMS_DAYS} days"),
            ));
        }
        let late_penalty_rate = self
            .late_penalty_rate
            .map(|r| {
                let r = crate::money::check_decimal(r, 4, "late_penalty_rate", "rate")?;
                if r.is_sign_negative() || r > rust_decimal::Decimal::ONE_HUNDRED {
                    return Err(DomainError::new(
                        "out_of_range",
                        "late_penalty_rate",
                        "the penalty rate is a percentage between 0 and 100",
                    ));
                }
                Ok(r)
            })
            .transpose()?;
        Ok(Self {
            legal_name: text::required(&self.legal_name, "legal_name", NAME)?,
            trading_name: text::optional(self.trading_name.as_deref(), "trading_name", NAME)?,
            legal_form: text::optional(self.legal_form.as_deref(), "legal_form", SHORT)?,
            address,
            siren,
            siret,
            vat_number,
            registration: text::optional(self.registration.as_deref(), "registration", NAME)?,
            iban: self
                .iban
                .as_deref()
                .map(|v| identifiers::iban(v, "iban"))
                .transpose()?,
            bic: self
                .bic
                .as_deref()
                .map(|v| identifiers::bic(v, "bic"))
                .transpose()?,
            email: self
                .email
                .as_deref()
                .map(|v| identifiers::email(v, "email"))
                .transpose()?,
            phone: text::optional(self.phone.as_deref(), "phone", SHORT)?,
            currency: self.currency,
            language: self.language,
            payment_terms_days: self.payment_terms_days,
            vat_regime: self.vat_regime,
            vat_on_debits: self.vat_on_debits,
            late_penalty_rate,
        })
    }

    /// The name as printed: "EI" follows a sole trader's name (French rule).
    pub fn display_name(&self) -> String {
        match self.legal_form.as_deref() {
            Some(form) if !self.legal_name.ends_with(form) => format!("{} {form}", self.legal_name),
            _ => self.legal_name.clone(),
        }
    }
}

/// Business or private person: decides the B2B mentions (penalties, indemnity, SIREN).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    #[default]
    Business,
    Individual,
}

/// A buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    #[serde(default)]
    pub kind: CustomerKind,
    pub name: String,
    pub address: Address,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_number: Option<String>,
    /// Addresses to send to; the first is the default.
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_terms_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Customer {
    pub fn validated(self) -> DomainResult<Self> {
        let address = self.address.validated().map_err(|e| e.within("address"))?;
        let delivery_address = self
            .delivery_address
            .map(|a| a.validated().map_err(|e| e.within("delivery_address")))
            .transpose()?
            .filter(|a| *a != address);
        let siren = match self
            .siren
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(s) => Some(identifiers::siren(s, "siren")?),
            None => None,
        };
        let vat_number = match self
            .vat_number
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(v) => Some(identifiers::vat_number(v, "vat_number")?),
            None => None,
        };
        if self.emails.len() > 20 {
            return Err(DomainError::new(
                "out_of_range",
                "emails",
                "at most 20 email addresses",
            ));
        }
        let emails = self
            .emails
            .iter()
            .enumerate()
            .map(|(i, e)| identifiers::email(e, &format!("emails[{i}]")))
            .collect::<DomainResult<Vec<_>>>()?;
        if let Some(t) = self.payment_terms_days
            && t > MAX_TERMS_DAYS
        {
            return Err(DomainError::new(
                "out_of_range",
                "payment_terms_days",
                format!("payment terms are at most {MAX_TERMS_DAYS} days"),
            ));
        }
        Ok(Self {
            kind: self.kind,
            name: text::required(&self.name, "name", NAME)?,
            address,
            delivery_address,
            siren,
            vat_number,
            emails,
            language: self.language,
            currency: self.currency,
            payment_terms_days: self.payment_terms_days,
            notes: text::optional(self.notes.as_deref(), "notes", NOTE)?,
        })
    }

    pub fn is_business(&self) -> bool {
        self.kind == CustomerKind::Business
    }
}
