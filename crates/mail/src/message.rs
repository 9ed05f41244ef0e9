//! The message as it goes on the wire: RFC 5322 built with lettre, a text part and the
//! attachments, a Message-ID and Date fixed once (at enqueue) so that every try sends the
//! very same bytes. Bcc recipients are in the envelope only, never in a header.

use crate::diagnosis::{Code, MailError};
use crate::transport::parse_address;
use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use serde::{Deserialize, Serialize};
use std::time::SystemTime;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FileAttachment {
    pub filename: String,
    pub content_type: String,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// Everything a message is made of.
#[derive(Debug, Clone)]
pub struct Draft {
    pub from_name: Option<String>,
    pub from_address: String,
    pub reply_to: Option<String>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<FileAttachment>,
}

/// A finished message.
#[derive(Debug, Clone)]
pub struct Built {
    /// With its angle brackets, as in the header.
    pub message_id: String,
    pub raw: Vec<u8>,
}

/// A new unique Message-ID in the sender's domain.
pub fn new_message_id(from_address: &str) -> String {
    let domain = from_address
        .rsplit_once('@')
        .map(|(_, d)| d.trim())
        .filter(|d| !d.is_empty())
        .unwrap_or("autoinvoice.invalid");
    format!("<{}.autoinvoice@{domain}>", uuid::Uuid::now_v7().simple())
}

fn mailbox(name: Option<&str>, addr: &str) -> Result<Mailbox, MailError> {
    Ok(Mailbox::new(
        name.map(str::to_owned).filter(|n| !n.trim().is_empty()),
        parse_address(addr)?,
    ))
}

fn content_type(ct: &str) -> Result<ContentType, MailError> {
    ContentType::parse(ct)
        .map_err(|e| MailError::new(Code::Protocol, format!("content type '{ct}': {e}.")))
}

pub fn build(d: &Draft, message_id: &str, date: SystemTime) -> Result<Built, MailError> {
    if d.to.is_empty() {
        return Err(MailError::new(Code::InvalidAddress, "No recipient."));
    }
    let mut b = Message::builder()
        .from(mailbox(d.from_name.as_deref(), &d.from_address)?)
        .subject(d.subject.clone())
        .message_id(Some(message_id.to_owned()))
        .date(date)
        .user_agent("AutoInvoice".to_owned());
    if let Some(r) = d.reply_to.as_deref().filter(|r| !r.trim().is_empty()) {
        b = b.reply_to(mailbox(None, r)?);
    }
    for t in &d.to {
        b = b.to(mailbox(None, t)?);
    }
    for c in &d.cc {
        b = b.cc(mailbox(None, c)?);
    }
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .header(ContentTransferEncoding::QuotedPrintable)
        .body(d.body.clone());
    let message = if d.attachments.is_empty() {
        b.singlepart(text)
    } else {
        let mut parts = MultiPart::mixed().singlepart(text);
        for a in &d.attachments {
            parts = parts.singlepart(
                Attachment::new(a.filename.clone())
                    .body(a.bytes.clone(), content_type(&a.content_type)?),
            );
        }
        b.multipart(parts)
    }
    .map_err(|e| {
        MailError::new(
            Code::InvalidAddress,
            format!("The message cannot be built: {e}."),
        )
    })?;
    Ok(Built {
        message_id: message_id.to_owned(),
        raw: message.formatted(),
    })
}
