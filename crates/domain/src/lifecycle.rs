//! Document statuses and how settlement moves them. "Overdue" is derived, never stored.

use crate::error::{DomainError, DomainResult};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Issued,
    Sent,
    PartiallyPaid,
    Paid,
    /// Fully cancelled by credit notes.
    Credited,
    /// Quotes only.
    Accepted,
    Declined,
    /// A quote turned into an invoice.
    Invoiced,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Self::Draft,
        Self::Issued,
        Self::Sent,
        Self::PartiallyPaid,
        Self::Paid,
        Self::Credited,
        Self::Accepted,
        Self::Declined,
        Self::Invoiced,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Issued => "issued",
            Self::Sent => "sent",
            Self::PartiallyPaid => "partially_paid",
            Self::Paid => "paid",
            Self::Credited => "credited",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Invoiced => "invoiced",
        }
    }

    pub fn parse(s: &str) -> DomainResult<Self> {
        Self::ALL.into_iter().find(|st| st.code() == s).ok_or_else(|| {
            DomainError::new("invalid_status", "status", format!("'{s}' is not a status (draft, issued, sent, partially_paid, paid, credited, accepted, declined, invoiced)"))
        })
    }

    /// Whether the document still awaits money.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Issued | Self::Sent | Self::PartiallyPaid)
    }
}

/// The settlement state of an issued invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settlement {
    /// BT-115, the amount due at issue.
    pub due: Decimal,
    pub paid: Decimal,
    pub credited: Decimal,
    /// Whether it was sent to the customer.
    pub sent: bool,
}

impl Settlement {
    pub fn balance(&self) -> Decimal {
        self.due - self.paid - self.credited
    }

    /// The status these figures mean.
    pub fn status(&self) -> Status {
        let settled = self.due > Decimal::ZERO && self.balance() <= Decimal::ZERO;
        if settled && self.paid.is_zero() {
            Status::Credited
        } else if settled {
            Status::Paid
        } else if self.paid > Decimal::ZERO {
            Status::PartiallyPaid
        } else if self.sent {
            Status::Sent
        } else {
            Status::Issued
        }
    }

    /// Checks that `amount` can be applied (as a payment or a credit) without settling more
    /// than is due.
    pub fn check_apply(&self, amount: Decimal, what: &str) -> DomainResult<()> {
        if amount <= Decimal::ZERO {
            return Err(DomainError::new(
                "out_of_range",
                "amount",
                format!("a {what} amount is above zero"),
            ));
        }
        if amount > self.balance() {
            return Err(DomainError::new(
                "exceeds_balance",
                "amount",
                format!(
                    "the {what} of {amount} is more than the balance of {}",
                    self.balance()
                ),
            ));
        }
        Ok(())
    }
}

/// Overdue: due date passed and money still owed.
pub fn is_overdue(status: Status, due_date: Option<NaiveDate>, today: NaiveDate) -> bool {
    status.is_open() && due_date.is_some_and(|d| d < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(due: i64, paid: i64, credited: i64) -> Settlement {
        Settlement {
            due: due.into(),
            paid: paid.into(),
            credited: credited.into(),
            sent: false,
        }
    }

    #[test]
    fn settlement_statuses() {
        assert_eq!(s(100, 0, 0).status(), Status::Issued);
        assert_eq!(s(100, 40, 0).status(), Status::PartiallyPaid);
        assert_eq!(s(100, 100, 0).status(), Status::Paid);
        assert_eq!(s(100, 0, 100).status(), Status::Credited);
        assert_eq!(s(100, 60, 40).status(), Status::Paid);
        assert!(s(100, 60, 0).check_apply(41.into(), "payment").is_err());
        assert!(s(100, 60, 0).check_apply(40.into(), "payment").is_ok());
    }
}
