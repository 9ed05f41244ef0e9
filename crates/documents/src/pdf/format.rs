//! Numbers, amounts and dates as each language writes them: `1 234,56 €` and `29/11/2026`
//! in French, `€1,234.56` and `29 November 2026` in English.

use autoinvoice_domain::Currency;
use autoinvoice_domain::party::Language;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// French groups thousands with a narrow no-break space; the unit follows a no-break space.
const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{00A0}';

/// Groups the integer part of a plain decimal string ("-1234.5") by thousands.
fn group(plain: &str, thousands: char, decimal: char) -> String {
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut out = String::with_capacity(plain.len() + 4);
    out.push_str(sign);
    let len = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

/// A number as typed (quantities, rates, prices): no trailing zeros beyond what it has.
pub fn number(value: Decimal, lang: Language) -> String {
    let plain = value.normalize().to_string();
    match lang {
        Language::Fr => group(&plain, NNBSP, ','),
        Language::En => group(&plain, ',', '.'),
    }
}

/// A unit price: at least two decimals, up to four.
pub fn price(value: Decimal, lang: Language) -> String {
    let mut v = value.normalize();
    if v.scale() < 2 {
        v.rescale(2);
    }
    let plain = v.to_string();
    match lang {
        Language::Fr => group(&plain, NNBSP, ','),
        Language::En => group(&plain, ',', '.'),
    }
}

/// An amount with exactly the currency's decimals, without the currency.
pub fn amount_digits(value: Decimal, currency: Currency, lang: Language) -> String {
    let mut v = value;
    v.rescale(currency.amount_decimals());
    let plain = v.to_string();
    match lang {
        Language::Fr => group(&plain, NNBSP, ','),
        Language::En => group(&plain, ',', '.'),
    }
}

/// An amount with its currency: `1 234,56 €`, `€1,234.56`, `1 234,56 USD`, `USD 1,234.56`.
pub fn money(value: Decimal, currency: Currency, lang: Language) -> String {
    let digits = amount_digits(value, currency, lang);
    let symbol = match currency.code() {
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "USD" if lang == Language::En => Some("$"),
        _ => None,
    };
    match (lang, symbol) {
        (Language::Fr, Some(s)) => format!("{digits}{NBSP}{s}"),
        (Language::Fr, None) => format!("{digits}{NBSP}{}", currency.code()),
        (Language::En, Some(s)) => match digits.strip_prefix('-') {
            Some(rest) => format!("-{s}{rest}"),
            None => format!("{s}{digits}"),
        },
        (Language::En, None) => format!("{}{NBSP}{digits}", currency.code()),
    }
}

/// A percentage: `20 %` / `5,5 %` in French, `20%` / `5.5%` in English.
pub fn percent(value: Decimal, lang: Language) -> String {
    match lang {
        Language::Fr => format!("{}{NBSP}%", number(value, lang)),
        Language::En => format!("{}%", number(value, lang)),
    }
}

const MONTHS_EN: [&str; 12] = [
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
];

pub fn date(d: NaiveDate, lang: Language) -> String {
    match lang {
        Language::Fr => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
        Language::En => format!(
            "{} {} {}",
            d.day(),
            MONTHS_EN[d.month0() as usize],
            d.year()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn formats_by_language() {
        let eur = Currency::EUR;
        assert_eq!(
            money(d("1234.5"), eur, Language::Fr),
            "1\u{202F}234,50\u{A0}€"
        );
        assert_eq!(money(d("1234.5"), eur, Language::En), "€1,234.50");
        assert_eq!(money(d("-1234567.89"), eur, Language::En), "-€1,234,567.89");
        assert_eq!(
            money(d("12"), Currency::USD, Language::Fr),
            "12,00\u{A0}USD"
        );
        assert_eq!(
            money(d("1200"), Currency::parse("JPY").unwrap(), Language::En),
            "JPY\u{A0}1,200"
        );
        assert_eq!(percent(d("5.5"), Language::Fr), "5,5\u{A0}%");
        assert_eq!(number(d("2.500"), Language::Fr), "2,5");
        assert_eq!(price(d("24.9"), Language::En), "24.90");
        assert_eq!(price(d("0.1234"), Language::Fr), "0,1234");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), Language::Fr),
            "29/11/2026"
        );
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), Language::En),
            "29 November 2026"
        );
    }
}
