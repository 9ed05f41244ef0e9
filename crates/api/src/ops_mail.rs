//! Email: the SMTP account (password in the OS keyring), the test email with its diagnosis,
//! the preview and the sending of an invoice or credit note through the durable outbox.

use crate::{Api, ApiError, ApiResult, DocumentRef, XmlFormat};
use autoinvoice_domain::DocumentKind;
use autoinvoice_domain::full_document::FullDocument;
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_domain::party::Language;
use autoinvoice_mail::message::{Draft, FileAttachment, build, new_message_id};
use autoinvoice_mail::presets::{PRESETS, Preset, preset};
use autoinvoice_mail::template::{Vars, default_template, render};
use autoinvoice_mail::transport::{Session, is_loopback_host, parse_address};
use autoinvoice_mail::worker::{EXPIRY, RunReport, WorkerOptions, deliver_due, load_account};
use autoinvoice_mail::{Code, MailError};
use autoinvoice_secrets::smtp_account;
use autoinvoice_store::outbox::NewOutboxMessage;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::time::{Duration, SystemTime};

pub use autoinvoice_mail::presets::Preset as MailPreset;
pub use autoinvoice_mail::worker::RunReport as OutboxRunReport;
pub use autoinvoice_store::outbox::{OutboxItem, OutboxState, Recovery};
pub use autoinvoice_store::smtp_settings::{Security, SmtpSettings};

impl From<MailError> for ApiError {
    fn from(e: MailError) -> Self {
        ApiError::new(e.code.as_str(), e.message)
    }
}

/// A password: never printed by `{:?}`, never serialized back.
#[derive(Clone, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// The account to save; `preset` fills host, port and security when they are absent.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SetMailConfig {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub port: Option<u16>,
    #[serde(default)]
    pub security: Option<Security>,
    #[serde(default)]
    pub username: Option<String>,
    pub from_address: String,
    #[serde(default)]
    pub from_name: Option<String>,
    #[serde(default)]
    pub reply_to: Option<String>,
    #[serde(default)]
    pub bcc_self: bool,
    #[serde(default)]
    pub trusted_cert_pem: Option<String>,
    /// Stored in the OS keyring, never in the database. None keeps the stored one.
    #[serde(default)]
    pub password: Option<Password>,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct MailConfig {
    pub settings: Option<SmtpSettings>,
    pub password_stored: bool,
    /// Where the password lives ("secret-service", "keyutils", "macos-keychain"…).
    pub keyring: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SendDocumentMail {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub document: DocumentRef,
    /// Recipients; empty: the customer's first email address.
    #[serde(default)]
    pub to: Vec<String>,
    #[serde(default)]
    pub cc: Vec<String>,
    /// Attach the UBL (Peppol BIS 3.0) XML beside the Factur-X PDF.
    #[serde(default)]
    pub ubl: bool,
    #[serde(default)]
    pub payment_link: Option<String>,
    /// The subject as the user wrote it; none: the template's, in the document's language.
    #[serde(default)]
    pub subject: Option<String>,
    /// The text as the user wrote it; none: the template's.
    #[serde(default)]
    pub body: Option<String>,
}

/// Longest subject kept (RFC 5322 asks for lines under 998 characters; mail clients cut
/// far shorter ones anyway).
const MAX_SUBJECT: usize = 250;
/// Longest text kept: a letter, not an attachment.
const MAX_BODY: usize = 100_000;

/// A subject written by the user: one line, not empty, not too long.
fn edited_subject(s: &str) -> ApiResult<String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(ApiError::new("invalid_subject", "the subject is empty"));
    }
    if s.chars().any(|c| c.is_control()) {
        return Err(ApiError::new(
            "invalid_subject",
            "the subject must be one line, without control characters",
        ));
    }
    if s.chars().count() > MAX_SUBJECT {
        return Err(ApiError::new(
            "invalid_subject",
            format!("the subject is longer than {MAX_SUBJECT} characters"),
        ));
    }
    Ok(s.to_owned())
}

/// A text written by the user: not empty, not too long, line ends as typed.
fn edited_body(b: &str) -> ApiResult<String> {
    if b.trim().is_empty() {
        return Err(ApiError::new("invalid_body", "the message text is empty"));
    }
    if b.chars().count() > MAX_BODY {
        return Err(ApiError::new(
            "invalid_body",
            format!("the message text is longer than {MAX_BODY} characters"),
        ));
    }
    if b.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ApiError::new(
            "invalid_body",
            "the message text holds control characters",
        ));
    }
    Ok(b.replace("\r\n", "\n"))
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct AttachmentInfo {
    pub filename: String,
    pub content_type: String,
    pub size: usize,
}

/// What would be sent, before sending.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct MailPreview {
    pub from: String,
    pub reply_to: Option<String>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<AttachmentInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct MailTestReport {
    pub to: String,
    pub message_id: String,
    pub server_reply: String,
    pub security: Security,
}

fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// "1 234,56 EUR" in French, "1,234.56 EUR" in English.
pub(crate) fn format_amount(
    amount: Decimal,
    decimals: u32,
    currency: &str,
    lang: Language,
) -> String {
    let text = amount.round_dp(decimals).abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = format!("{frac:0<width$}", width = decimals as usize);
    let (group, point) = match lang {
        Language::Fr => ('\u{202f}', ','),
        Language::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        "-"
    } else {
        ""
    };
    if decimals == 0 {
        format!("{sign}{grouped} {currency}")
    } else {
        format!("{sign}{grouped}{point}{frac} {currency}")
    }
}

impl Api {
    pub fn mail_presets(&self) -> Vec<Preset> {
        PRESETS.to_vec()
    }

    pub async fn mail_config(&self, org_id: Option<i64>) -> ApiResult<MailConfig> {
        let org_id = self.org(org_id).await?;
        let settings = self.store.smtp_settings(org_id).await?;
        let password_stored = self
            .secrets
            .get(&smtp_account(org_id))
            .map_err(|e| ApiError::new("keyring", e.to_string()))?
            .is_some();
        Ok(MailConfig {
            settings,
            password_stored,
            keyring: self.secrets.backend().to_owned(),
        })
    }

    pub async fn set_mail_config(&self, req: SetMailConfig) -> ApiResult<MailConfig> {
        let org_id = self.org(req.org_id).await?;
        let p = match clean(req.preset.clone()) {
            Some(name) => Some(preset(&name).ok_or_else(|| {
                let names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
                ApiError::invalid(format!(
                    "unknown preset '{name}'; known: {}",
                    names.join(", ")
                ))
            })?),
            None => None,
        };
        let host = clean(req.host)
            .or(p.map(|p| p.host.to_owned()))
            .ok_or_else(|| ApiError::invalid("the SMTP server (--host) is required"))?;
        let security = req
            .security
            .or(p.map(|p| p.security))
            .unwrap_or(Security::Starttls);
        let port = req.port.or(p.map(|p| p.port)).unwrap_or(match security {
            Security::Tls => 465,
            Security::Starttls => 587,
            Security::None => 25,
        });
        if security == Security::None && !is_loopback_host(&host) {
            return Err(MailError::new(
                Code::Insecure,
                format!("Security 'none' is refused for {host}."),
            )
            .into());
        }
        if host.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ApiError::invalid(format!("'{host}' is not a server name")));
        }
        let from_address = req.from_address.trim().to_owned();
        parse_address(&from_address)?;
        let reply_to = clean(req.reply_to);
        if let Some(r) = &reply_to {
            parse_address(r)?;
        }
        let settings = SmtpSettings {
            preset: p.map(|p| p.name.to_owned()),
            host,
            port,
            security,
            username: clean(req.username),
            from_address,
            from_name: clean(req.from_name),
            reply_to,
            bcc_self: req.bcc_self,
            trusted_cert_pem: clean(req.trusted_cert_pem),
        };
        if let Some(pw) = &req.password {
            let account = smtp_account(org_id);
            let result = if pw.0.is_empty() {
                self.secrets.delete(&account)
            } else {
                self.secrets.set(&account, &pw.0)
            };
            result.map_err(|e| ApiError::new("keyring", e.to_string()))?;
        }
        self.store.set_smtp_settings(org_id, &settings).await?;
        self.mail_config(Some(org_id)).await
    }

    /// Sends a short message right away (not through the outbox) and names what failed.
    pub async fn mail_test(&self, org_id: Option<i64>, to: &str) -> ApiResult<MailTestReport> {
        let org_id = self.org(org_id).await?;
        let (settings, password) = load_account(&self.store, self.secrets.as_ref(), org_id).await?;
        parse_address(to)?;
        let message_id = new_message_id(&settings.from_address);
        let lang = self.store.organization(org_id).await?.organization.language;
        let (subject, body) = match lang {
            Language::Fr => (
                "AutoInvoice : e-mail de test",
                "Ce message confirme que l'envoi d'e-mails depuis AutoInvoice fonctionne.\n",
            ),
            Language::En => (
                "AutoInvoice: test email",
                "This message confirms that AutoInvoice can send email.\n",
            ),
        };
        let built = build(
            &Draft {
                from_name: settings.from_name.clone(),
                from_address: settings.from_address.clone(),
                reply_to: settings.reply_to.clone(),
                to: vec![to.to_owned()],
                cc: vec![],
                bcc: vec![],
                subject: subject.into(),
                body: body.into(),
                attachments: vec![],
            },
            &message_id,
            SystemTime::now(),
        )?;
        let mut session =
            Session::open(&settings, password.as_deref(), Duration::from_secs(30)).await?;
        session
            .begin(&settings.from_address, &[to.to_owned()], &built.raw)
            .await?;
        let reply = session.finish(&built.raw).await?;
        session.quit().await;
        Ok(MailTestReport {
            to: to.to_owned(),
            message_id,
            server_reply: reply,
            security: settings.security,
        })
    }

    /// The message of a document, as it would be sent.
    pub async fn mail_preview(&self, req: SendDocumentMail) -> ApiResult<MailPreview> {
        let (_, draft, _) = self.document_draft(&req).await?;
        Ok(preview(&draft))
    }

    /// Queues the document's email in the outbox (delivered by `outbox_run`); the invoice
    /// moves to "sent", with its journal entry, when the server accepts the message.
    pub async fn send_document_mail(&self, req: SendDocumentMail) -> ApiResult<OutboxItem> {
        let message = self.document_message(&req).await?;
        Ok(self.store.enqueue_mail(&message).await?)
    }

    /// The document's email, built and ready to queue.
    pub(crate) async fn document_message(
        &self,
        req: &SendDocumentMail,
    ) -> ApiResult<NewOutboxMessage> {
        let (org_id, draft, doc_id) = self.document_draft(req).await?;
        let message_id = new_message_id(&draft.from_address);
        let now = chrono::Utc::now();
        let built = build(&draft, &message_id, now.into())?;
        Ok(NewOutboxMessage {
            org_id,
            invoice_id: Some(doc_id),
            kind: "document",
            message_id,
            envelope_from: draft.from_address.clone(),
            to: draft.to.clone(),
            cc: draft.cc.clone(),
            bcc: draft.bcc.clone(),
            subject: draft.subject.clone(),
            raw: built.raw,
            now,
            expires_at: now + EXPIRY,
        })
    }

    async fn document_draft(&self, req: &SendDocumentMail) -> ApiResult<(i64, Draft, i64)> {
        let org_id = self.org(req.org_id).await?;
        let settings = self.store.smtp_settings(org_id).await?.ok_or_else(|| {
            ApiError::from(MailError::new(
                Code::NotConfigured,
                "No email account is set up.",
            ))
        })?;
        let id = self.resolve(org_id, &req.document).await?;
        let record = self.store.document(id).await?;
        if record.status == Status::Draft {
            return Err(ApiError::new(
                "conflict",
                "a draft cannot be sent: issue it first",
            ));
        }
        if record.kind == DocumentKind::Quote {
            return Err(ApiError::new(
                "conflict",
                "only invoices and credit notes are sent by email",
            ));
        }
        let doc_ref = DocumentRef::Id(id);
        let doc = self.full_document(Some(org_id), &doc_ref).await?;
        let to: Vec<String> = if req.to.is_empty() {
            doc.buyer.emails.first().cloned().into_iter().collect()
        } else {
            req.to.iter().map(|t| t.trim().to_owned()).collect()
        };
        if to.is_empty() {
            return Err(ApiError::new(
                "no_recipient",
                format!("{} has no email address: pass --to ADDRESS", doc.buyer.name),
            ));
        }
        let number = doc.number.clone().unwrap_or_default();
        let mut attachments = vec![FileAttachment {
            filename: format!("{number}.pdf"),
            content_type: "application/pdf".into(),
            bytes: self.document_pdf(Some(org_id), &doc_ref).await?,
        }];
        if req.ubl {
            attachments.push(FileAttachment {
                filename: format!("{number}-ubl.xml"),
                content_type: "application/xml".into(),
                bytes: self
                    .document_xml(Some(org_id), &doc_ref, XmlFormat::Ubl)
                    .await?,
            });
        }
        // A link given wins; else the invoice's active online payment link, if it has one.
        let link = match req.payment_link.clone() {
            Some(l) => Some(l),
            None => self.active_payment_url(id).await?,
        };
        let vars = vars(&doc, link);
        let text = render(&default_template(doc.language, doc.kind), &vars);
        let subject = match &req.subject {
            Some(s) => edited_subject(s)?,
            None => text.subject,
        };
        let body = match &req.body {
            Some(b) => edited_body(b)?,
            None => text.body,
        };
        let bcc = if settings.bcc_self {
            vec![settings.from_address.clone()]
        } else {
            vec![]
        };
        let draft = Draft {
            from_name: settings
                .from_name
                .clone()
                .or_else(|| Some(doc.seller.display_name())),
            from_address: settings.from_address.clone(),
            reply_to: settings.reply_to.clone(),
            to,
            cc: req.cc.clone(),
            bcc,
            subject,
            body,
            attachments,
        };
        Ok((org_id, draft, id))
    }

    pub async fn outbox_list(
        &self,
        org_id: Option<i64>,
        states: &[OutboxState],
        document: Option<&DocumentRef>,
    ) -> ApiResult<Vec<OutboxItem>> {
        let org_id = self.org(org_id).await?;
        let invoice = match document {
            Some(d) => Some(self.resolve(org_id, d).await?),
            None => None,
        };
        Ok(self
            .store
            .outbox_list(org_id, states, invoice, 1000)
            .await?)
    }

    async fn own_outbox_item(&self, org_id: Option<i64>, id: i64) -> ApiResult<()> {
        let org_id = self.org(org_id).await?;
        if self.store.outbox_item(id).await?.org_id != org_id {
            return Err(ApiError::new(
                "not_found",
                format!("outbox message '{id}' was not found"),
            ));
        }
        Ok(())
    }

    pub async fn outbox_retry(&self, org_id: Option<i64>, id: i64) -> ApiResult<OutboxItem> {
        self.own_outbox_item(org_id, id).await?;
        let now = chrono::Utc::now();
        Ok(self.store.outbox_retry(id, now, now + EXPIRY).await?)
    }

    pub async fn outbox_cancel(&self, org_id: Option<i64>, id: i64) -> ApiResult<OutboxItem> {
        self.own_outbox_item(org_id, id).await?;
        Ok(self.store.outbox_cancel(id).await?)
    }

    /// Delivers every due message of every organization, then returns.
    pub async fn outbox_run(&self, limit: Option<u64>) -> ApiResult<RunReport> {
        Ok(deliver_due(
            &self.store,
            self.secrets.as_ref(),
            WorkerOptions {
                limit,
                ..WorkerOptions::default()
            },
        )
        .await?)
    }
}

fn vars(doc: &FullDocument, payment_link: Option<String>) -> Vars {
    let currency = doc.content.currency;
    let amount = if doc.kind == DocumentKind::CreditNote {
        doc.totals.tax_inclusive
    } else {
        doc.totals.due
    };
    let due_date = doc.due_date.map(|d| match doc.language {
        Language::Fr => d.format("%d/%m/%Y").to_string(),
        Language::En => d.format("%Y-%m-%d").to_string(),
    });
    Vars {
        customer: doc.buyer.name.clone(),
        number: doc.number.clone().unwrap_or_default(),
        amount: format_amount(
            amount,
            currency.amount_decimals(),
            currency.code(),
            doc.language,
        ),
        due_date,
        payment_link: clean(payment_link),
        sender: doc.seller.display_name(),
    }
}

fn preview(d: &Draft) -> MailPreview {
    MailPreview {
        from: match &d.from_name {
            Some(n) => format!("{n} <{}>", d.from_address),
            None => d.from_address.clone(),
        },
        reply_to: d.reply_to.clone(),
        to: d.to.clone(),
        cc: d.cc.clone(),
        bcc: d.bcc.clone(),
        subject: d.subject.clone(),
        body: d.body.clone(),
        attachments: d
            .attachments
            .iter()
            .map(|a| AttachmentInfo {
                filename: a.filename.clone(),
                content_type: a.content_type.clone(),
                size: a.bytes.len(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_write_them() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            format_amount(d("1234.5"), 2, "EUR", Language::En),
            "1,234.50 EUR"
        );
        assert_eq!(
            format_amount(d("1234567.891"), 2, "EUR", Language::Fr),
            "1\u{202f}234\u{202f}567,89 EUR"
        );
        assert_eq!(format_amount(d("12"), 0, "JPY", Language::En), "12 JPY");
        assert_eq!(format_amount(d("-5"), 2, "EUR", Language::En), "-5.00 EUR");
    }
}
