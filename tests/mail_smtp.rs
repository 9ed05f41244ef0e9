//! Email against a real SMTP server on loopback (Debian's python3-aiosmtpd, started by the
//! test): plain, STARTTLS and implicit TLS with a self-signed certificate the test trusts,
//! AUTH LOGIN/PLAIN; the message as received (headers, body, the Factur-X PDF through the
//! independent e-invoice checker); and every failure a person meets, each with its own code:
//! server down, TLS required but not offered, an untrusted certificate, bad credentials, 4xx
//! retried, 5xx not retried, no encryption towards another machine.

#![allow(clippy::unwrap_used)]

#[path = "smtp/harness.rs"]
mod harness;
#[path = "smtp/mime.rs"]
mod mime;
#[path = "smtp/setup.rs"]
mod setup;

use autoinvoice_api::ops_mail::*;
use autoinvoice_api::*;
use autoinvoice_domain::lifecycle::Status;
use harness::{Mode, Opts, SmtpServer};
use setup::*;
use std::process::Command;

const CHECKER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/tools/einvoice-check"
);

fn server(mode: Mode, login: bool) -> SmtpServer {
    SmtpServer::start(Opts {
        mode: Some(mode),
        login: login.then(|| (USER.to_owned(), PASSWORD.to_owned())),
        ..Opts::default()
    })
}

fn check_einvoice(path: &std::path::Path) {
    let out = Command::new(CHECKER)
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {CHECKER}: {e}"));
    assert!(
        out.status.success(),
        "einvoice-check refused {}:\n{}{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn invoice_email_arrives_whole_with_a_valid_facturx_pdf() {
    let srv = server(Mode::Plain, true);
    let (b, api) = book().await;
    let mut cfg = config(&srv, Mode::Plain, None, false, Some(PASSWORD));
    cfg.bcc_self = true;
    api.set_mail_config(cfg).await.unwrap();
    let inv = b.issued_invoice().await;
    let number = inv.number.clone().unwrap();

    let preview = api
        .mail_preview(SendDocumentMail {
            org_id: None,
            document: DocumentRef::parse(&number),
            to: vec![],
            cc: vec![],
            ubl: true,
            payment_link: Some("https://pay.example.fr/F1".into()),
            subject: None,
            body: None,
        })
        .await
        .unwrap();
    assert_eq!(preview.subject, format!("Facture {number}"));
    assert_eq!(preview.to, vec!["billing@example.com".to_owned()]);
    assert_eq!(preview.bcc, vec![FROM.to_owned()]);
    assert!(
        preview
            .body
            .contains("Paiement en ligne : https://pay.example.fr/F1")
    );
    assert_eq!(preview.attachments.len(), 2);
    assert_eq!(srv.count(), 0, "a preview sends nothing");

    let queued = api
        .send_document_mail(SendDocumentMail {
            org_id: None,
            document: DocumentRef::parse(&number),
            to: vec![],
            cc: vec!["compta@example.com".into()],
            ubl: true,
            payment_link: Some("https://pay.example.fr/F1".into()),
            subject: None,
            body: None,
        })
        .await
        .unwrap();
    assert_eq!(queued.state, OutboxState::Queued);
    assert_eq!(
        api.get_document(GetDocument {
            org_id: None,
            document: DocumentRef::parse(&number)
        })
        .await
        .unwrap()
        .status,
        Status::Issued,
        "not sent until the server accepts it"
    );
    let report = api.outbox_run(None).await.unwrap();
    assert_eq!((report.sent, report.failed, report.retry_later), (1, 0, 0));

    let got = srv.received();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m.meta["auth_user"], USER, "logged in");
    assert_eq!(m.meta["mail_from"], FROM);
    let rcpts: Vec<&str> = m.meta["rcpt_tos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(rcpts, ["billing@example.com", "compta@example.com", FROM]);
    assert_eq!(m.header("Message-ID").unwrap(), queued.message_id);
    assert!(queued.message_id.ends_with("@example.fr>"));
    assert_eq!(m.header("Subject").unwrap(), format!("Facture {number}"));
    assert_eq!(
        m.header("From").unwrap(),
        format!("\"Camille Martin EI\" <{FROM}>")
    );
    assert_eq!(m.header("To").unwrap(), "billing@example.com");
    assert_eq!(m.header("Cc").unwrap(), "compta@example.com");
    assert_eq!(m.header("Reply-To").unwrap(), "camille@example.fr");
    assert!(m.header("Bcc").is_none(), "Bcc only in the envelope");
    assert!(m.header("Date").is_some());
    let body = String::from_utf8(mime::part(&m.raw, "text/plain").unwrap()).unwrap();
    assert!(body.starts_with("Bonjour Dupont SARL,"), "{body}");
    assert!(
        body.contains(&format!("notre facture {number} d'un montant de")),
        "{body}"
    );
    assert!(body.contains("Échéance : "), "{body}");
    assert!(
        body.contains("Paiement en ligne : https://pay.example.fr/F1"),
        "{body}"
    );

    let dir = tempfile::tempdir().unwrap();
    let pdf = mime::part(&m.raw, "application/pdf").expect("a PDF attachment");
    assert!(m.raw.contains(&format!("filename=\"{number}.pdf\"")));
    let sent_pdf = api
        .document_pdf(None, &DocumentRef::parse(&number))
        .await
        .unwrap();
    assert_eq!(
        pdf.len(),
        sent_pdf.len(),
        "the attachment is the document's PDF"
    );
    let pdf_path = dir.path().join(format!("{number}.pdf"));
    std::fs::write(&pdf_path, &pdf).unwrap();
    check_einvoice(&pdf_path);
    let ubl = mime::part(&m.raw, "application/xml").expect("the UBL attachment");
    let ubl_path = dir.path().join(format!("{number}-ubl.xml"));
    std::fs::write(&ubl_path, &ubl).unwrap();
    check_einvoice(&ubl_path);

    // The send is on the invoice: status, journal, history.
    let doc = api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::parse(&number),
        })
        .await
        .unwrap();
    assert_eq!(doc.status, Status::Sent);
    let history = api
        .outbox_list(None, &[], Some(&DocumentRef::parse(&number)))
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].state, OutboxState::Sent);
    assert!(history[0].smtp_reply.as_deref().unwrap().starts_with("250"));
    let sends: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM journal WHERE event = 'send' AND document_id = ?")
            .bind(doc.id)
            .fetch_one(&mut b.raw().await)
            .await
            .unwrap();
    assert_eq!(sends, 1);
    assert!(api.verify_journal(None).await.unwrap()[0].ok());

    // Nothing is sent twice.
    let again = api.outbox_run(None).await.unwrap();
    assert_eq!(again.sent, 0);
    assert_eq!(srv.count(), 1);
}

#[tokio::test]
async fn the_subject_and_text_written_by_the_user_are_sent_as_written() {
    let srv = server(Mode::Plain, true);
    let (b, api) = book().await;
    api.set_mail_config(config(&srv, Mode::Plain, None, false, Some(PASSWORD)))
        .await
        .unwrap();
    let number = b.issued_invoice().await.number.unwrap();
    let req = |subject: Option<&str>, body: Option<&str>| SendDocumentMail {
        org_id: None,
        document: DocumentRef::parse(&number),
        to: vec![],
        cc: vec![],
        ubl: false,
        payment_link: None,
        subject: subject.map(str::to_owned),
        body: body.map(str::to_owned),
    };

    // Refused, and nothing queued: a subject of two lines (a header injection), empty ones.
    for (subject, body, code) in [
        (
            Some("Facture\r\nBcc: victim@example.com"),
            None,
            "invalid_subject",
        ),
        (Some("   "), None, "invalid_subject"),
        (None, Some(" \n "), "invalid_body"),
        (None, Some("Bonjour\u{0}"), "invalid_body"),
    ] {
        let err = api
            .send_document_mail(req(subject, body))
            .await
            .unwrap_err();
        assert_eq!(err.code, code, "{subject:?} {body:?}: {err:?}");
        let err = api.mail_preview(req(subject, body)).await.unwrap_err();
        assert_eq!(err.code, code);
    }
    assert!(api.outbox_list(None, &[], None).await.unwrap().is_empty());

    let text = "Bonjour Madame Dupont,\r\n\r\nComme convenu au téléphone, voici la facture.\r\nÀ bientôt,\r\nCamille";
    let subject = "Invoice as agreed on the phone";
    let preview = api
        .mail_preview(req(Some(subject), Some(text)))
        .await
        .unwrap();
    assert_eq!(preview.subject, subject);
    assert_eq!(preview.body, text.replace("\r\n", "\n"));
    api.send_document_mail(req(Some(&format!("  {subject} ")), Some(text)))
        .await
        .unwrap();
    let report = api.outbox_run(None).await.unwrap();
    assert_eq!(report.sent, 1);
    let got = srv.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].header("Subject").unwrap(), subject);
    assert!(got[0].header("Bcc").is_none());
    let body = String::from_utf8(mime::part(&got[0].raw, "text/plain").unwrap()).unwrap();
    let body = body.replace("\r\n", "\n");
    assert!(
        body.starts_with("Bonjour Madame Dupont,\n\nComme convenu au téléphone, voici la facture.\nÀ bientôt,\nCamille"),
        "{body}"
    );
    assert!(
        mime::part(&got[0].raw, "application/pdf").is_some(),
        "the Factur-X still attached"
    );
}

#[tokio::test]
async fn starttls_with_a_self_signed_certificate_the_test_trusts() {
    let srv = server(Mode::Starttls, true);
    let (_b, api) = book().await;
    api.set_mail_config(config(&srv, Mode::Starttls, None, true, Some(PASSWORD)))
        .await
        .unwrap();
    let r = api.mail_test(None, "someone@example.com").await.unwrap();
    assert!(r.server_reply.starts_with("250"), "{}", r.server_reply);
    let got = srv.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].meta["tls"], true);
    assert_eq!(got[0].meta["auth_user"], USER);
    assert_eq!(got[0].header("Message-ID").unwrap(), r.message_id);
    assert_eq!(
        got[0].header("Subject").unwrap(),
        "AutoInvoice : e-mail de test"
    );
}

#[tokio::test]
async fn implicit_tls_with_login() {
    let srv = server(Mode::Tls, true);
    let (_b, api) = book().await;
    api.set_mail_config(config(&srv, Mode::Tls, None, true, Some(PASSWORD)))
        .await
        .unwrap();
    api.mail_test(None, "someone@example.com").await.unwrap();
    let got = srv.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].meta["tls"], true);
    assert_eq!(got[0].meta["auth_user"], USER);
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_tls_error() {
    let srv = server(Mode::Starttls, true);
    let (_b, api) = book().await;
    api.set_mail_config(config(&srv, Mode::Starttls, None, false, Some(PASSWORD)))
        .await
        .unwrap();
    let e = api
        .mail_test(None, "someone@example.com")
        .await
        .unwrap_err();
    assert_eq!(e.code, "tls", "{e:?}");
    assert_eq!(srv.count(), 0);
}

#[tokio::test]
async fn starttls_required_but_not_offered_sends_nothing() {
    let srv = server(Mode::Plain, true);
    let (b, api) = book().await;
    api.set_mail_config(config(
        &srv,
        Mode::Plain,
        Some(Security::Starttls),
        false,
        Some(PASSWORD),
    ))
    .await
    .unwrap();
    let e = api
        .mail_test(None, "someone@example.com")
        .await
        .unwrap_err();
    assert_eq!(e.code, "tls_not_offered", "{e:?}");
    assert!(e.message.contains("STARTTLS"), "{}", e.message);
    // Through the outbox: failed at once, not retried (a setting to change, not a hiccup).
    let number = b.issued_invoice().await.number.unwrap();
    let item = send(&api, &number).await;
    let r = api.outbox_run(None).await.unwrap();
    assert_eq!((r.sent, r.failed), (0, 1));
    let item = api
        .outbox_list(None, &[], None)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.id == item.id)
        .unwrap();
    assert_eq!(item.state, OutboxState::Failed);
    assert_eq!(item.last_error_code.as_deref(), Some("tls_not_offered"));
    assert_eq!(srv.count(), 0);
}

#[tokio::test]
async fn bad_credentials_fail_without_retry() {
    let srv = server(Mode::Starttls, true);
    let (b, api) = book().await;
    api.set_mail_config(config(
        &srv,
        Mode::Starttls,
        None,
        true,
        Some("wrong password"),
    ))
    .await
    .unwrap();
    let e = api
        .mail_test(None, "someone@example.com")
        .await
        .unwrap_err();
    assert_eq!(e.code, "auth", "{e:?}");
    assert!(e.message.contains("app password"), "{}", e.message);
    let number = b.issued_invoice().await.number.unwrap();
    let item = send(&api, &number).await;
    let r = api.outbox_run(None).await.unwrap();
    assert_eq!((r.sent, r.failed, r.retry_later), (0, 1, 0));
    let failed = api
        .outbox_list(None, &[OutboxState::Failed], None)
        .await
        .unwrap();
    assert_eq!(failed[0].id, item.id);
    assert_eq!(failed[0].last_error_code.as_deref(), Some("auth"));
    // Fixed by the user, retried by the user: delivered once.
    api.set_mail_config(config(&srv, Mode::Starttls, None, true, Some(PASSWORD)))
        .await
        .unwrap();
    api.outbox_retry(None, item.id).await.unwrap();
    assert_eq!(api.outbox_run(None).await.unwrap().sent, 1);
    assert_eq!(srv.count(), 1);
}

#[tokio::test]
async fn server_down_is_retried_later_with_backoff() {
    let port = harness::free_port();
    let (b, api) = book().await;
    api.set_mail_config(SetMailConfig {
        host: Some("127.0.0.1".into()),
        port: Some(port),
        security: Some(Security::None),
        from_address: FROM.into(),
        ..SetMailConfig::default()
    })
    .await
    .unwrap();
    let e = api
        .mail_test(None, "someone@example.com")
        .await
        .unwrap_err();
    assert_eq!(e.code, "connect", "{e:?}");
    let number = b.issued_invoice().await.number.unwrap();
    let item = send(&api, &number).await;
    let before = chrono::Utc::now();
    let r = api.outbox_run(None).await.unwrap();
    assert_eq!((r.sent, r.failed, r.retry_later), (0, 0, 1));
    let it = api
        .outbox_list(None, &[], None)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.id == item.id)
        .unwrap();
    assert_eq!(it.state, OutboxState::Queued);
    assert_eq!(it.attempts, 1);
    assert_eq!(it.last_error_code.as_deref(), Some("connect"));
    let next = chrono::DateTime::parse_from_rfc3339(&it.next_attempt_at).unwrap();
    assert!(
        next > before + chrono::TimeDelta::seconds(50),
        "backs off: {next}"
    );
    // Not due yet: a new run leaves it alone.
    assert_eq!(api.outbox_run(None).await.unwrap().retry_later, 0);
    // The server comes up on that port; the user asks for it now.
    let srv = SmtpServer::start_on(port);
    api.outbox_retry(None, item.id).await.unwrap();
    assert_eq!(api.outbox_run(None).await.unwrap().sent, 1);
    assert_eq!(srv.count(), 1);
}

#[tokio::test]
async fn temporary_4xx_is_retried_and_delivered_once() {
    let srv = server(Mode::Plain, false);
    let (b, api) = book().await;
    api.set_mail_config(config(&srv, Mode::Plain, None, false, None))
        .await
        .unwrap();
    let number = b.issued_invoice().await.number.unwrap();
    let item = send(&api, &number).await;
    srv.set_faults(r#"{"rcpt": "451 4.3.0 Try again later"}"#);
    let r = api.outbox_run(None).await.unwrap();
    assert_eq!((r.sent, r.retry_later), (0, 1));
    let it = api
        .outbox_list(None, &[OutboxState::Queued], None)
        .await
        .unwrap();
    assert_eq!(it[0].last_error_code.as_deref(), Some("temporary"));
    assert!(it[0].last_error_message.as_deref().unwrap().contains("451"));
    srv.set_faults("{}");
    api.outbox_retry(None, item.id).await.unwrap();
    let r = api.outbox_run(None).await.unwrap();
    assert_eq!(r.sent, 1);
    assert_eq!(srv.count(), 1);
    assert_eq!(
        srv.received()[0].header("Message-ID").unwrap(),
        item.message_id,
        "same Message-ID on the retry"
    );
}

#[tokio::test]
async fn permanent_5xx_fails_at_once_with_what_was_refused() {
    let srv = server(Mode::Plain, false);
    let (b, api) = book().await;
    api.set_mail_config(config(&srv, Mode::Plain, None, false, None))
        .await
        .unwrap();
    let number = b.issued_invoice().await.number.unwrap();
    for (fault, code) in [
        (
            r#"{"mail": "553 5.7.1 Sender not allowed"}"#,
            "sender_refused",
        ),
        (r#"{"rcpt": "550 5.1.1 No such user"}"#, "recipient_refused"),
        (
            r#"{"data": "554 5.6.0 Message rejected"}"#,
            "message_refused",
        ),
    ] {
        srv.set_faults(fault);
        let item = send(&api, &number).await;
        let r = api.outbox_run(None).await.unwrap();
        assert_eq!((r.sent, r.failed, r.retry_later), (0, 1, 0), "{fault}");
        let failed = api
            .outbox_list(None, &[OutboxState::Failed], None)
            .await
            .unwrap();
        let it = failed.iter().find(|i| i.id == item.id).unwrap();
        assert_eq!(it.last_error_code.as_deref(), Some(code), "{fault}");
        assert_eq!(it.attempts, 1);
    }
    assert_eq!(srv.count(), 0);
    srv.set_faults(r#"{"mail": "553 5.7.1 Sender not allowed"}"#);
    let e = api.mail_test(None, "x@example.com").await.unwrap_err();
    assert_eq!(e.code, "sender_refused");
    // Cancelled messages are never sent; the others go when retried.
    srv.set_faults("{}");
    let failed = api
        .outbox_list(None, &[OutboxState::Failed], None)
        .await
        .unwrap();
    api.outbox_cancel(None, failed[0].id).await.unwrap();
    for f in &failed[1..] {
        api.outbox_retry(None, f.id).await.unwrap();
    }
    assert_eq!(api.outbox_run(None).await.unwrap().sent, 2);
    assert_eq!(srv.count(), 2);
    assert_eq!(
        api.outbox_cancel(None, failed[1].id)
            .await
            .unwrap_err()
            .code,
        "conflict"
    );
}

#[tokio::test]
async fn no_encryption_only_towards_this_machine_and_names_that_do_not_resolve() {
    let (_b, api) = book().await;
    let e = api
        .set_mail_config(SetMailConfig {
            host: Some("smtp.example.com".into()),
            port: Some(25),
            security: Some(Security::None),
            from_address: FROM.into(),
            ..SetMailConfig::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, "insecure");
    let e = api
        .set_mail_config(SetMailConfig {
            preset: Some("nope".into()),
            from_address: FROM.into(),
            ..SetMailConfig::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_input");
    let c = api
        .set_mail_config(SetMailConfig {
            preset: Some("ovh".into()),
            from_address: FROM.into(),
            ..SetMailConfig::default()
        })
        .await
        .unwrap();
    let s = c.settings.unwrap();
    assert_eq!(
        (s.host.as_str(), s.port, s.security),
        ("ssl0.ovh.net", 465, Security::Tls)
    );
    api.set_mail_config(SetMailConfig {
        host: Some("no-such-host.invalid".into()),
        port: Some(587),
        security: Some(Security::Starttls),
        from_address: FROM.into(),
        ..SetMailConfig::default()
    })
    .await
    .unwrap();
    let e = api.mail_test(None, "x@example.com").await.unwrap_err();
    assert_eq!(e.code, "dns", "{e:?}");
}
