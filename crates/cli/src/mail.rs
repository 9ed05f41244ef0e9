//! `mail config|show|presets|test`, `invoice send`, `outbox list|retry|cancel|run`.

use crate::input;
use crate::output::show;
use autoinvoice_api::ops_mail::{MailConfig, MailPreview, OutboxItem, OutboxState, Security};
use autoinvoice_api::*;
use clap::{Args, Subcommand, ValueEnum};
use std::io::BufRead;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Set the SMTP account of the organization; the password (from standard input) goes to
    /// the OS keyring, never to the database.
    Config(ConfigArgs),
    /// Show the SMTP account (never the password).
    Show,
    /// Providers whose host, port and security `--preset` fills in.
    Presets,
    /// Send a test email now and say what failed, if anything.
    Test { to: String },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SecurityArg {
    Starttls,
    Tls,
    None,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// A provider (see `mail presets`): fills host, port and security.
    #[arg(long)]
    pub preset: Option<String>,
    #[arg(long)]
    pub host: Option<String>,
    #[arg(long)]
    pub port: Option<u16>,
    /// starttls (port 587), tls (port 465), none (only for a server on this machine).
    #[arg(long, value_enum)]
    pub security: Option<SecurityArg>,
    /// The login user name (often the email address).
    #[arg(long)]
    pub user: Option<String>,
    /// The sender address.
    #[arg(long, value_name = "ADDR")]
    pub from: String,
    /// The sender's name shown to recipients (default: the organization's name).
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long, value_name = "ADDR")]
    pub reply_to: Option<String>,
    /// Send a blind copy of every email to the sender address.
    #[arg(long)]
    pub bcc_self: bool,
    /// Also trust this certificate (PEM), for a server with its own certificate.
    #[arg(long, value_name = "FILE.pem")]
    pub trust_cert: Option<PathBuf>,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The invoice or credit note, by number.
    pub document: String,
    /// Recipient (repeatable); default: the customer's first email address.
    #[arg(long, value_name = "ADDR")]
    pub to: Vec<String>,
    #[arg(long, value_name = "ADDR")]
    pub cc: Vec<String>,
    /// Attach the UBL (Peppol BIS 3.0) XML beside the Factur-X PDF.
    #[arg(long)]
    pub ubl: bool,
    /// A payment link for the `{payment_link}` placeholder.
    #[arg(long, value_name = "URL")]
    pub payment_link: Option<String>,
    /// The subject instead of the template's.
    #[arg(long, value_name = "TEXT")]
    pub subject: Option<String>,
    /// The message text instead of the template's, read from this UTF-8 file.
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<std::path::PathBuf>,
    /// Show the message without sending it.
    #[arg(long)]
    pub preview: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StateArg {
    Queued,
    Sending,
    Sent,
    Failed,
    Cancelled,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Messages, newest first.
    List {
        #[arg(long, value_enum)]
        state: Vec<StateArg>,
        /// Only the messages of this document.
        #[arg(long)]
        document: Option<String>,
    },
    /// Try a failed or waiting message again now (same bytes, same Message-ID).
    Retry { id: i64 },
    /// Cancel a queued or failed message.
    Cancel { id: i64 },
    /// Deliver every due message, then exit.
    Run {
        /// Stop after this many messages.
        #[arg(long)]
        limit: Option<u64>,
    },
}

fn config_text(c: &MailConfig) -> String {
    match &c.settings {
        None => "No email account is set up: `autoinvoice mail config`".into(),
        Some(s) => format!(
            "{} <{}> via {}:{} ({}), user {}, password {} ({}){}{}",
            s.from_name.as_deref().unwrap_or("-"),
            s.from_address,
            s.host,
            s.port,
            s.security.code(),
            s.username.as_deref().unwrap_or("-"),
            if c.password_stored {
                "stored"
            } else {
                "not stored"
            },
            c.keyring,
            s.reply_to
                .as_deref()
                .map(|r| format!(", reply-to {r}"))
                .unwrap_or_default(),
            if s.bcc_self { ", bcc to self" } else { "" },
        ),
    }
}

pub(crate) fn read_password() -> ApiResult<Password> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| ApiError::new("io", format!("standard input: {e}")))?;
    Ok(Password(line.trim_end_matches(['\r', '\n']).to_owned()))
}

pub async fn mail(api: &Api, json: bool, org: Option<i64>, c: MailCommand) -> ApiResult<()> {
    match c {
        MailCommand::Config(a) => {
            let trusted_cert_pem = match &a.trust_cert {
                Some(p) => Some(input::read_text(p)?),
                None => None,
            };
            let password = if a.password_stdin {
                Some(read_password()?)
            } else {
                None
            };
            let r = api
                .set_mail_config(SetMailConfig {
                    org_id: org,
                    preset: a.preset,
                    host: a.host,
                    port: a.port,
                    security: a.security.map(|s| match s {
                        SecurityArg::Starttls => Security::Starttls,
                        SecurityArg::Tls => Security::Tls,
                        SecurityArg::None => Security::None,
                    }),
                    username: a.user,
                    from_address: a.from,
                    from_name: a.name,
                    reply_to: a.reply_to,
                    bcc_self: a.bcc_self,
                    trusted_cert_pem,
                    password,
                })
                .await?;
            show(json, &r, config_text);
        }
        MailCommand::Show => show(json, &api.mail_config(org).await?, config_text),
        MailCommand::Presets => show(json, &api.mail_presets(), |ps| {
            ps.iter()
                .map(|p| {
                    format!(
                        "{:<14} {:<34} {}:{} {}",
                        p.name,
                        p.label,
                        p.host,
                        p.port,
                        p.security.code()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
        MailCommand::Test { to } => {
            let r = api.mail_test(org, &to).await?;
            show(json, &r, |r| {
                format!("Test email accepted for {}: {}", r.to, r.server_reply)
            });
        }
    }
    Ok(())
}

fn preview_text(p: &MailPreview) -> String {
    let mut s = format!("From: {}\nTo: {}\n", p.from, p.to.join(", "));
    if !p.cc.is_empty() {
        s.push_str(&format!("Cc: {}\n", p.cc.join(", ")));
    }
    if !p.bcc.is_empty() {
        s.push_str(&format!("Bcc: {}\n", p.bcc.join(", ")));
    }
    if let Some(r) = &p.reply_to {
        s.push_str(&format!("Reply-To: {r}\n"));
    }
    s.push_str(&format!("Subject: {}\n\n{}\n", p.subject, p.body));
    for a in &p.attachments {
        s.push_str(&format!(
            "[attachment] {} ({}, {} bytes)\n",
            a.filename, a.content_type, a.size
        ));
    }
    s
}

pub async fn send(api: &Api, json: bool, org: Option<i64>, a: SendArgs) -> ApiResult<()> {
    let req =
        SendDocumentMail {
            org_id: org,
            document: DocumentRef::parse(&a.document),
            to: a.to,
            cc: a.cc,
            ubl: a.ubl,
            payment_link: a.payment_link,
            subject: a.subject,
            body: match &a.body_file {
                Some(f) => Some(std::fs::read_to_string(f).map_err(|e| {
                    ApiError::new("io", format!("cannot read {}: {e}", f.display()))
                })?),
                None => None,
            },
        };
    if a.preview {
        show(json, &api.mail_preview(req).await?, preview_text);
    } else {
        let r = api.send_document_mail(req).await?;
        show(json, &r, |r| {
            format!(
                "{} queued as message {} to {}: `autoinvoice outbox run` delivers it",
                a.document,
                r.id,
                r.to.join(", ")
            )
        });
    }
    Ok(())
}

fn item_line(i: &OutboxItem) -> String {
    let err = match (&i.last_error_code, &i.last_error_message) {
        (Some(c), Some(m)) if i.state != OutboxState::Sent => format!("  [{c}] {m}"),
        _ => String::new(),
    };
    format!(
        "{:>5}  {:<9}  {} tries  {}  {}{err}",
        i.id,
        i.state.code(),
        i.attempts,
        i.to.join(", "),
        i.subject
    )
}

pub async fn outbox(api: &Api, json: bool, org: Option<i64>, c: OutboxCommand) -> ApiResult<()> {
    match c {
        OutboxCommand::List { state, document } => {
            let states: Vec<OutboxState> = state
                .iter()
                .map(|s| match s {
                    StateArg::Queued => OutboxState::Queued,
                    StateArg::Sending => OutboxState::Sending,
                    StateArg::Sent => OutboxState::Sent,
                    StateArg::Failed => OutboxState::Failed,
                    StateArg::Cancelled => OutboxState::Cancelled,
                })
                .collect();
            let doc = document.as_deref().map(DocumentRef::parse);
            let r = api.outbox_list(org, &states, doc.as_ref()).await?;
            show(json, &r, |r| {
                if r.is_empty() {
                    "The outbox is empty".into()
                } else {
                    r.iter().map(item_line).collect::<Vec<_>>().join("\n")
                }
            });
        }
        OutboxCommand::Retry { id } => {
            let r = api.outbox_retry(org, id).await?;
            show(json, &r, item_line);
        }
        OutboxCommand::Cancel { id } => {
            let r = api.outbox_cancel(org, id).await?;
            show(json, &r, item_line);
        }
        OutboxCommand::Run { limit } => {
            let r = api.outbox_run(limit).await?;
            show(json, &r, |r| {
                if r.busy {
                    "Another AutoInvoice is delivering the outbox; nothing done".into()
                } else {
                    format!(
                        "{} sent, {} to retry later, {} failed{}",
                        r.sent,
                        r.retry_later,
                        r.failed,
                        if r.recovered.requeued + r.recovered.uncertain > 0 {
                            format!(
                                " (after an interruption: {} queued again, {} uncertain)",
                                r.recovered.requeued, r.recovered.uncertain
                            )
                        } else {
                            String::new()
                        }
                    )
                }
            });
        }
    }
    Ok(())
}
