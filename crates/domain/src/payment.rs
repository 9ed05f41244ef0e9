//! Payments: one payment may settle several invoices, partially or fully.

use crate::error::{DomainError, DomainResult};
use crate::money::{Currency, check_decimal};
use crate::text::{self, SHORT};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    #[default]
    Transfer,
    Card,
    Stripe,
    Cash,
    Cheque,
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 6] = [
        Self::Transfer,
        Self::Card,
        Self::Stripe,
        Self::Cash,
        Self::Cheque,
        Self::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Transfer => "transfer",
            Self::Card => "card",
            Self::Stripe => "stripe",
            Self::Cash => "cash",
            Self::Cheque => "cheque",
            Self::Other => "other",
        }
    }
    pub fn parse(s: &str) -> DomainResult<Self> {
        Self::ALL.into_iter().find(|m| m.code() == s).ok_or_else(|| {
            DomainError::new("invalid_method", "method", format!("'{s}' is not a payment method (transfer, card, stripe, cash, cheque, other)"))
        })
    }
}

/// Checks a payment's own fields. `allocations` are the amounts applied to each invoice;
/// together they must equal the payment.
pub fn check_payment(
    amount: Decimal,
    currency: Currency,
    date: NaiveDate,
    reference: Option<&str>,
    allocations: &[Decimal],
) -> DomainResult<Option<String>> {
    let amount = check_decimal(
        amount,
        currency.amount_decimals(),
        "amount",
        "payment amount",
    )?;
    if amount <= Decimal::ZERO {
        return Err(DomainError::new(
            "out_of_range",
            "amount",
            "a payment amount is above zero",
        ));
    }
    if allocations.is_empty() {
        return Err(DomainError::new(
            "required",
            "allocations",
            "say which invoice(s) the payment settles",
        ));
    }
    let sum: Decimal = allocations.iter().sum();
    if sum != amount {
        return Err(DomainError::new(
            "allocation_mismatch",
            "allocations",
            format!("the amounts applied to invoices ({sum}) differ from the payment ({amount})"),
        ));
    }
    let _ = date;
    text::optional(reference, "reference", SHORT)
}
