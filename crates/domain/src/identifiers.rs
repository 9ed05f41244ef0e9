//! Identifiers printed on invoices: French SIREN/SIRET and VAT numbers, EU VAT numbers,
//! IBAN and BIC, ISO country codes, email addresses.

use crate::error::{DomainError, DomainResult};

/// EU member states (ISO 3166-1 alpha-2), for reverse charge and intra-EU rules.
pub const EU_COUNTRIES: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// ISO 3166-1 alpha-2 codes currently assigned.
const ISO_COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

pub fn country(code: &str, field: &str) -> DomainResult<String> {
    let c = code.trim().to_ascii_uppercase();
    if c.len() == 2 && ISO_COUNTRIES.split(' ').any(|k| k == c) {
        Ok(c)
    } else {
        Err(DomainError::new(
            "invalid_country",
            field,
            format!("'{code}' is not an ISO 3166 country code (e.g. FR, DE, US)"),
        ))
    }
}

pub fn is_eu(country: &str) -> bool {
    EU_COUNTRIES.contains(&country)
}

fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

fn compact(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .collect()
}

/// A SIREN: nine digits with a Luhn check digit.
pub fn siren(value: &str, field: &str) -> DomainResult<String> {
    let v = compact(value);
    if v.len() == 9 && v.bytes().all(|b| b.is_ascii_digit()) && luhn_valid(&v) {
        Ok(v)
    } else {
        Err(DomainError::new(
            "invalid_siren",
            field,
            format!("'{value}' is not a valid SIREN (9 digits with a valid check digit)"),
        ))
    }
}

/// A SIRET: the SIREN and a five-digit establishment number, Luhn-checked (La Poste's
/// establishments use their own sum rule).
pub fn siret(value: &str, field: &str) -> DomainResult<String> {
    let v = compact(value);
    let digits_ok = v.len() == 14 && v.bytes().all(|b| b.is_ascii_digit());
    let la_poste =
        v.starts_with("356000000") && v.bytes().map(|b| u32::from(b - b'0')).sum::<u32>() % 5 == 0;
    if digits_ok && (luhn_valid(&v) || la_poste) && siren(&v[..9], field).is_ok() {
        Ok(v)
    } else {
        Err(DomainError::new(
            "invalid_siret",
            field,
            format!("'{value}' is not a valid SIRET (14 digits: SIREN + establishment number)"),
        ))
    }
}

/// The French VAT number of a SIREN: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97.
pub fn french_vat_number(siren: &str) -> String {
    let n: u64 = siren.parse().unwrap_or(0);
    let key = (12 + 3 * (n % 97)) % 97;
    format!("FR{key:02}{siren}")
}

/// An EU VAT identification number (or another country's tax id with its ISO prefix).
/// French numbers are checked against their key; others by shape only.
pub fn vat_number(value: &str, field: &str) -> DomainResult<String> {
    let v = compact(value).to_ascii_uppercase();
    let bad = |why: &str| {
        Err(DomainError::new(
            "invalid_vat_number",
            field,
            format!("'{value}' is not a valid VAT number: {why}"),
        ))
    };
    if v.len() < 4 || v.len() > 16 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return bad("expected a country prefix and 2 to 14 letters or digits");
    }
    let prefix = &v[..2];
    // Greece uses EL in VAT numbers; Northern Ireland XI.
    if !(prefix == "EL" || prefix == "XI" || country(prefix, field).is_ok()) {
        return bad("it must start with a country code such as FR or DE");
    }
    if prefix == "FR" {
        let rest = &v[2..];
        if rest.len() != 11 {
            return bad("a French VAT number is FR, a 2-character key and the 9-digit SIREN");
        }
        let (key, siren_part) = rest.split_at(2);
        if key.bytes().all(|b| b.is_ascii_digit())
            && (siren(siren_part, field).is_err() || french_vat_number(siren_part)[2..4] != *key)
        {
            return bad("its key does not match the SIREN");
        }
    }
    Ok(v)
}

/// An IBAN, checked by its country format and checksum; returned in compact form.
pub fn iban(value: &str, field: &str) -> DomainResult<String> {
    use iban::IbanLike;
    value
        .parse::<iban::Iban>()
        .map(|i| i.electronic_str().to_owned())
        .map_err(|e| {
            DomainError::new(
                "invalid_iban",
                field,
                format!("'{value}' is not a valid IBAN: {e}"),
            )
        })
}

/// A BIC (ISO 9362): 4 letters bank, 2 letters country, 2 location, optional 3 branch.
pub fn bic(value: &str, field: &str) -> DomainResult<String> {
    let v = compact(value).to_ascii_uppercase();
    let ok = (v.len() == 8 || v.len() == 11)
        && v[..4].bytes().all(|b| b.is_ascii_uppercase())
        && country(&v[4..6], field).is_ok()
        && v[6..].bytes().all(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(v)
    } else {
        Err(DomainError::new(
            "invalid_bic",
            field,
            format!("'{value}' is not a valid BIC"),
        ))
    }
}

/// A plausible email address: one @, a non-empty local part, a dotted domain, no spaces.
pub fn email(value: &str, field: &str) -> DomainResult<String> {
    let v = value.trim();
    let valid = v.len() <= 254
        && v.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ',' || c == ';');
    if valid {
        Ok(v.to_owned())
    } else {
        Err(DomainError::new(
            "invalid_email",
            field,
            format!("'{value}' is not an email address"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_identifiers() {
        assert_eq!(siren("732 829 320", "s").unwrap(), "732829320");
        assert!(siren("732829321", "s").is_err());
        assert!(siren("12345678", "s").is_err());
        assert_eq!(siret("73282932000074", "s").unwrap(), "73282932000074");
        assert!(siret("73282932000075", "s").is_err());
        assert_eq!(french_vat_number("732829320"), "FR44732829320");
        assert!(vat_number("FR44732829320", "v").is_ok());
        assert!(vat_number("FR45732829320", "v").is_err());
        assert!(vat_number("DE123456789", "v").is_ok());
        assert!(vat_number("ZZ123", "v").is_err());
    }

    #[test]
    fn bank_and_contact() {
        assert_eq!(
            iban("FR76 3000 6000 0112 3456 7890 189", "i").unwrap(),
            "FR7630006000011234567890189"
        );
        assert!(iban("FR76 3000 6000 0112 3456 7890 188", "i").is_err());
        assert!(bic("AGRIFRPP", "b").is_ok());
        assert!(bic("AGRI FR PP XXX", "b").is_ok());
        assert!(bic("AGR1FRPP", "b").is_err());
        assert!(email("a@b.fr", "e").is_ok());
        assert!(email("a@b", "e").is_err());
        assert!(email("a b@c.fr", "e").is_err());
        assert!(country("fr", "c").is_ok());
        assert!(country("XX", "c").is_err());
    }
}
