//! A book with an SMTP account pointing at the test server.

#![allow(dead_code, clippy::unwrap_used)]

use super::harness::{Mode, SmtpServer};
use autoinvoice_api::ops_mail::*;
use autoinvoice_api::*;
use autoinvoice_secrets::{MemorySecrets, SecretStore};
use autoinvoice_tests::book::Book;
use std::sync::Arc;

pub const USER: &str = "camille@example.fr";
pub const PASSWORD: &str = "app-password-7Qz!";
pub const FROM: &str = "factures@example.fr";

/// The account for `server`: security as the server speaks (`security` overrides), the
/// server's certificate trusted when `trust` is set, the login when the server wants one.
pub fn config(
    server: &SmtpServer,
    mode: Mode,
    security: Option<Security>,
    trust: bool,
    password: Option<&str>,
) -> SetMailConfig {
    SetMailConfig {
        host: Some("127.0.0.1".into()),
        port: Some(server.port),
        security: Some(security.unwrap_or(match mode {
            Mode::Plain => Security::None,
            Mode::Starttls => Security::Starttls,
            Mode::Tls => Security::Tls,
        })),
        username: password.map(|_| USER.to_owned()),
        from_address: FROM.into(),
        from_name: Some("Camille Martin EI".into()),
        reply_to: Some("camille@example.fr".into()),
        bcc_self: false,
        trusted_cert_pem: if trust { server.cert_pem.clone() } else { None },
        password: password.map(|p| Password(p.to_owned())),
        ..SetMailConfig::default()
    }
}

/// A book whose API keeps secrets in memory (the keyring has its own tests).
pub async fn book() -> (Book, Api) {
    let b = Book::new().await;
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::new());
    let api = b.api.clone().with_secrets(secrets);
    (b, api)
}

pub async fn send(api: &Api, number: &str) -> OutboxItem {
    api.send_document_mail(SendDocumentMail {
        org_id: None,
        document: DocumentRef::parse(number),
        to: vec![],
        cc: vec![],
        ubl: false,
        payment_link: None,
        subject: None,
        body: None,
    })
    .await
    .unwrap()
}
