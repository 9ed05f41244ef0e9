//! VAT categories (UNTDID 5305), their rate rules, default exemption reasons, and the
//! seller's VAT regime.

use crate::error::{DomainError, DomainResult};
use crate::money::check_decimal;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// VAT category code (EN 16931 BT-151 / BT-118), as UNTDID 5305 spells it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
pub enum VatCategory {
    /// Standard rate.
    S,
    /// Zero rated goods.
    Z,
    /// Exempt from VAT (needs a reason; the French VAT franchise is one).
    E,
    /// Reverse charge: the buyer accounts for the VAT.
    AE,
    /// Intra-community supply of goods or services (VAT exempt for the EEA).
    K,
    /// Export outside the EU, free of VAT.
    G,
    /// Services outside the scope of tax.
    O,
}

impl VatCategory {
    pub const ALL: [VatCategory; 7] = [
        Self::S,
        Self::Z,
        Self::E,
        Self::AE,
        Self::K,
        Self::G,
        Self::O,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::S => "S",
            Self::Z => "Z",
            Self::E => "E",
            Self::AE => "AE",
            Self::K => "K",
            Self::G => "G",
            Self::O => "O",
        }
    }

    pub fn parse(code: &str) -> DomainResult<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.code() == code.trim())
            .ok_or_else(|| {
                DomainError::new(
                    "invalid_vat_category",
                    "vat_category",
                    format!("'{code}' is not a VAT category (S, Z, E, AE, K, G or O)"),
                )
            })
    }

    /// Whether a rate above zero is expected: only the standard category carries VAT.
    pub fn charges_vat(self) -> bool {
        matches!(self, Self::S)
    }

    /// Whether the category needs an exemption reason (text or VATEX code) in the breakdown.
    pub fn needs_exemption_reason(self) -> bool {
        matches!(self, Self::E | Self::AE | Self::K | Self::G | Self::O)
    }

    /// Checks the rate given for this category and returns it normalized. Category O carries no
    /// rate at all; S needs a rate above zero; the others a zero rate.
    pub fn check_rate(self, rate: Option<Decimal>) -> DomainResult<Option<Decimal>> {
        let field = "vat_rate";
        match (self, rate) {
            (Self::O, None) => Ok(None),
            (Self::O, Some(r)) if r.is_zero() => Ok(None),
            (Self::O, Some(_)) => Err(DomainError::new(
                "invalid_vat_rate",
                field,
                "category O (outside the scope of VAT) takes no VAT rate",
            )),
            (_, None) => Err(DomainError::new(
                "invalid_vat_rate",
                field,
                format!("category {} needs a VAT rate", self.code()),
            )),
            (cat, Some(r)) => {
                let r = check_decimal(r, 4, field, "VAT rate")?;
                if r.is_sign_negative() || r >= Decimal::ONE_HUNDRED {
                    return Err(DomainError::new(
                        "invalid_vat_rate",
                        field,
                        format!("VAT rate {r} % is not between 0 and 100"),
                    ));
                }
                if cat.charges_vat() && r.is_zero() {
                    return Err(DomainError::new(
                        "invalid_vat_rate",
                        field,
                        "category S (standard rate) needs a rate above zero; use Z or E for 0 %",
                    ));
                }
                if !cat.charges_vat() && !r.is_zero() {
                    return Err(DomainError::new(
                        "invalid_vat_rate",
                        field,
                        format!("category {} carries a 0 % rate, not {r} %", cat.code()),
                    ));
                }
                Ok(Some(r))
            }
        }
    }

    /// The default exemption reason (VATEX code and text) for categories that need one, in
    /// the document's language. Category E has no general default: the franchise has its own.
    pub fn default_exemption(self, french: bool) -> Option<Exemption> {
        let (code, fr, en) = match self {
            Self::AE => ("VATEX-EU-AE", "Autoliquidation", "Reverse charge"),
            Self::K => (
                "VATEX-EU-IC",
                "Exonération de TVA, article 262 ter I du CGI",
                "Intra-community supply, exempt from VAT",
            ),
            Self::G => (
                "VATEX-EU-G",
                "Exonération de TVA, article 262 I du CGI",
                "Export outside the EU, exempt from VAT",
            ),
            Self::O => (
                "VATEX-EU-O",
                "Hors du champ d'application de la TVA",
                "Not subject to VAT",
            ),
            Self::S | Self::Z | Self::E => return None,
        };
        Some(Exemption {
            code: Some(code.to_owned()),
            reason: Some(if french { fr } else { en }.to_owned()),
        })
    }
}

/// Why a category carries no VAT: a VATEX code (BT-121) and/or a text (BT-120).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Exemption {
    pub code: Option<String>,
    pub reason: Option<String>,
}

/// The French franchise mention, required on every invoice of a seller under it.
pub const FRANCHISE_MENTION: &str = "TVA non applicable, art. 293 B du CGI";

/// The seller's VAT regime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum VatRegime {
    /// VAT charged normally.
    #[default]
    Normal,
    /// French "franchise en base de TVA": no VAT charged, every line exempt (category E) with
    /// the art. 293 B mention.
    Franchise,
}

impl VatRegime {
    pub fn franchise_exemption() -> Exemption {
        Exemption {
            code: Some("VATEX-FR-FRANCHISE".to_owned()),
            reason: Some(FRANCHISE_MENTION.to_owned()),
        }
    }
}

/// French VAT rates in force (percent).
pub const FRENCH_RATES: [&str; 4] = ["20", "10", "5.5", "2.1"];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rate_rules_per_category() {
        assert_eq!(
            VatCategory::S.check_rate(Some(d("20.00"))).unwrap(),
            Some(d("20"))
        );
        assert!(VatCategory::S.check_rate(Some(d("0"))).is_err());
        assert!(VatCategory::S.check_rate(None).is_err());
        assert!(VatCategory::S.check_rate(Some(d("-5"))).is_err());
        assert!(VatCategory::S.check_rate(Some(d("100"))).is_err());
        assert!(VatCategory::E.check_rate(Some(d("5"))).is_err());
        assert_eq!(
            VatCategory::AE.check_rate(Some(d("0"))).unwrap(),
            Some(d("0"))
        );
        assert_eq!(VatCategory::O.check_rate(None).unwrap(), None);
        assert!(VatCategory::O.check_rate(Some(d("20"))).is_err());
        assert!(VatCategory::parse("X").is_err());
        assert_eq!(VatCategory::parse("AE").unwrap(), VatCategory::AE);
    }
}
