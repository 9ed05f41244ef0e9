//! Host, port and security of common providers, so that a person types only an address and
//! an app password. Values from each provider's own SMTP documentation.

use autoinvoice_store::smtp_settings::Security;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
pub struct Preset {
    pub name: &'static str,
    pub label: &'static str,
    pub host: &'static str,
    pub port: u16,
    pub security: Security,
    /// What the user name and password are for this provider.
    pub note: &'static str,
}

const fn p(
    name: &'static str,
    label: &'static str,
    host: &'static str,
    port: u16,
    security: Security,
    note: &'static str,
) -> Preset {
    Preset {
        name,
        label,
        host,
        port,
        security,
        note,
    }
}

pub const PRESETS: &[Preset] = &[
    p(
        "gmail",
        "Gmail / Google Workspace",
        "smtp.gmail.com",
        587,
        Security::Starttls,
        "User: your full address. Password: an app password (Google account → Security → 2-Step Verification → App passwords).",
    ),
    p(
        "outlook",
        "Outlook.com / Hotmail",
        "smtp-mail.outlook.com",
        587,
        Security::Starttls,
        "User: your full address. Password: an app password if two-step verification is on.",
    ),
    p(
        "microsoft365",
        "Microsoft 365 (Exchange Online)",
        "smtp.office365.com",
        587,
        Security::Starttls,
        "User: your full address. SMTP AUTH must be enabled for the mailbox by the administrator.",
    ),
    p(
        "icloud",
        "iCloud Mail",
        "smtp.mail.me.com",
        587,
        Security::Starttls,
        "User: your iCloud address. Password: an app-specific password (appleid.apple.com).",
    ),
    p(
        "ovh",
        "OVHcloud (MX Plan, Email Pro)",
        "ssl0.ovh.net",
        465,
        Security::Tls,
        "User: your full address. Password: the mailbox password.",
    ),
    p(
        "gandi",
        "Gandi Mail",
        "mail.gandi.net",
        465,
        Security::Tls,
        "User: your full address. Password: the mailbox password.",
    ),
    p(
        "infomaniak",
        "Infomaniak Mail",
        "mail.infomaniak.com",
        465,
        Security::Tls,
        "User: your full address. Password: the mailbox password (or an app password).",
    ),
    p(
        "brevo",
        "Brevo (Sendinblue) SMTP relay",
        "smtp-relay.brevo.com",
        587,
        Security::Starttls,
        "User: your Brevo SMTP login. Password: an SMTP key (Brevo → SMTP & API).",
    ),
    p(
        "mailgun",
        "Mailgun (US region)",
        "smtp.mailgun.org",
        587,
        Security::Starttls,
        "User: the domain's SMTP login (postmaster@your-domain). Password: its SMTP password.",
    ),
    p(
        "mailgun-eu",
        "Mailgun (EU region)",
        "smtp.eu.mailgun.org",
        587,
        Security::Starttls,
        "User: the domain's SMTP login (postmaster@your-domain). Password: its SMTP password.",
    ),
    p(
        "resend",
        "Resend SMTP relay",
        "smtp.resend.com",
        465,
        Security::Tls,
        "User: resend. Password: an API key.",
    ),
    p(
        "fastmail",
        "Fastmail",
        "smtp.fastmail.com",
        465,
        Security::Tls,
        "User: your full address. Password: an app password.",
    ),
    p(
        "yahoo",
        "Yahoo Mail",
        "smtp.mail.yahoo.com",
        465,
        Security::Tls,
        "User: your full address. Password: an app password.",
    ),
    p(
        "zoho-eu",
        "Zoho Mail (EU)",
        "smtp.zoho.eu",
        465,
        Security::Tls,
        "User: your full address. Password: an app password if two-factor is on.",
    ),
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
}
