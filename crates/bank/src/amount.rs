//! Amounts as banks write them: `1234.56`, `-1 234,56`, `+12,50 €`, `1.234,56`.

use rust_decimal::Decimal;

/// Reads an amount whose decimal separator is `decimal` ('.' or ','). The other separator,
/// spaces (plain, no-break, narrow no-break) and a currency sign are taken as decoration.
/// `None` when what is left is not a number.
pub fn parse(text: &str, decimal: char) -> Option<Decimal> {
    let thousands = if decimal == ',' { '.' } else { ',' };
    if !grouped_right(text, decimal, thousands) {
        return None;
    }
    let mut cleaned = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            ' ' | '\u{a0}' | '\u{202f}' | '\'' | '€' | '$' | '£' => {}
            c if c == thousands => {}
            c if c == decimal => cleaned.push('.'),
            // A trailing minus ("12,50-") is how some banks write a debit.
            c => cleaned.push(c),
        }
    }
    let (negative, digits) = match cleaned.strip_suffix('-') {
        Some(rest) if !rest.starts_with(['-', '+']) => (true, rest.to_owned()),
        _ => (false, cleaned),
    };
    let digits = digits.strip_prefix('+').unwrap_or(&digits);
    if digits.is_empty()
        || digits.matches('.').count() > 1
        || !digits
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        || digits.trim_start_matches('-').starts_with('.')
    {
        return None;
    }
    let value: Decimal = digits.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// A thousands separator, where there is one, stands between groups of three digits.
fn grouped_right(text: &str, decimal: char, thousands: char) -> bool {
    let integer = text.split(decimal).next().unwrap_or("");
    let groups: Vec<&str> = integer.split(thousands).collect();
    groups.len() == 1
        || groups[1..]
            .iter()
            .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn the_ways_banks_write_amounts() {
        assert_eq!(parse("1234.56", '.'), Some(d("1234.56")));
        assert_eq!(parse("-1 234,56", ','), Some(d("-1234.56")));
        assert_eq!(parse("1.234,56", ','), Some(d("1234.56")));
        assert_eq!(parse("+12,50 €", ','), Some(d("12.50")));
        assert_eq!(parse("12,50-", ','), Some(d("-12.50")));
        assert_eq!(parse("1\u{202f}000,00", ','), Some(d("1000.00")));
        assert_eq!(parse("1,234.56", '.'), Some(d("1234.56")));
    }

    #[test]
    fn what_is_not_an_amount() {
        for bad in ["", "abc", "12,3,4", "1.2.3", "--5", "1e5", ",5", "12 ab"] {
            assert_eq!(parse(bad, ','), None, "{bad}");
        }
        assert_eq!(
            parse("12,50", '.'),
            None,
            "a thousands separator before two digits"
        );
    }
}
