//! One SMTP conversation, step by step, so that each failure is named where it happens:
//! name resolution, connection, TLS, STARTTLS offered or not, login, sender, recipients,
//! message. TLS is rustls (ring) with the OS roots plus an optional extra trusted root.

use crate::diagnosis::{Code, MailError};
use autoinvoice_store::smtp_settings::{Security, SmtpSettings};
use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, MailBodyParameter, MailParameter};
use std::net::SocketAddr;
use std::time::Duration;

/// Where a conversation stands when it fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Connect,
    Starttls,
    Auth,
    Mail,
    Rcpt,
    Data,
    Body,
}

/// Whether a host is this machine: the only place a connection without TLS may go.
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// A TCP connection to the first address that answers, with Nagle's algorithm off: an SMTP
/// client writes small commands and waits for each reply, and with Nagle on, the end of a
/// message waited for the server's delayed ACK (40 ms on Linux) — 21 messages a second on
/// loopback instead of hundreds.
async fn connect_nodelay(addrs: &[SocketAddr]) -> std::io::Result<tokio::net::TcpStream> {
    let mut last = None;
    for addr in addrs {
        match tokio::net::TcpStream::connect(addr).await {
            Ok(tcp) => {
                tcp.set_nodelay(true)?;
                return Ok(tcp);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no address to connect to")))
}

/// Whether a connection error comes from the TLS handshake (lettre reports rustls errors
/// as connection errors; their text names the cause).
fn tls_failure(e: &lettre::transport::smtp::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        let text = err.to_string().to_ascii_lowercase();
        if ["certificate", "handshake", "tls", "peer sent", "alert"]
            .iter()
            .any(|m| text.contains(m))
        {
            return true;
        }
        source = err.source();
    }
    false
}

fn classify(step: Step, e: &lettre::transport::smtp::Error) -> MailError {
    let detail = e.to_string();
    if e.is_timeout() {
        return MailError::new(
            Code::Timeout,
            format!("No answer from the server ({detail})."),
        );
    }
    if e.is_tls() || (step == Step::Starttls && !e.is_response()) || tls_failure(e) {
        return MailError::new(
            Code::Tls,
            format!("The secure connection failed: {detail}."),
        );
    }
    if e.is_transient() {
        return MailError::new(
            Code::Temporary,
            format!("The server said to try later: {detail}."),
        );
    }
    if e.is_permanent() {
        let code = match step {
            Step::Auth => Code::Auth,
            Step::Mail => Code::SenderRefused,
            Step::Rcpt => Code::RecipientRefused,
            Step::Data | Step::Body => Code::MessageRefused,
            Step::Connect | Step::Starttls => Code::Permanent,
        };
        let what = match code {
            Code::Auth => "Login refused",
            Code::SenderRefused => "Sender refused",
            Code::RecipientRefused => "Recipient refused",
            Code::MessageRefused => "Message refused",
            _ => "The server refused",
        };
        return MailError::new(code, format!("{what}: {detail}."));
    }
    if step == Step::Auth && e.is_client() {
        return MailError::new(Code::AuthUnsupported, format!("Cannot log in: {detail}."));
    }
    if e.is_response() {
        return MailError::new(Code::Protocol, format!("Unexpected answer: {detail}."));
    }
    MailError::new(
        Code::Connect,
        format!("The connection to the server failed: {detail}."),
    )
}

fn tls_parameters(s: &SmtpSettings) -> Result<TlsParameters, MailError> {
    let mut b = TlsParameters::builder(s.host.clone());
    if let Some(pem) = &s.trusted_cert_pem {
        let cert = Certificate::from_pem(pem.as_bytes()).map_err(|e| {
            MailError::new(
                Code::Tls,
                format!("The trusted certificate is unreadable: {e}."),
            )
        })?;
        b = b.add_root_certificate(cert);
    }
    b.build_rustls()
        .map_err(|e| MailError::new(Code::Tls, format!("TLS cannot be set up: {e}.")))
}

pub fn parse_address(a: &str) -> Result<Address, MailError> {
    a.trim().parse::<Address>().map_err(|e| {
        MailError::new(
            Code::InvalidAddress,
            format!("'{a}' is not an email address ({e})."),
        )
    })
}

/// An open, greeted, secured and logged-in SMTP connection.
pub struct Session {
    conn: AsyncSmtpConnection,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("encrypted", &self.conn.is_encrypted())
            .finish()
    }
}

impl Session {
    /// Resolves, connects, secures as configured (STARTTLS must be offered when required),
    /// and logs in when a user name is set.
    pub async fn open(
        s: &SmtpSettings,
        password: Option<&str>,
        timeout: Duration,
    ) -> Result<Self, MailError> {
        if s.security == Security::None && !is_loopback_host(&s.host) {
            return Err(MailError::new(
                Code::Insecure,
                format!("Refusing to connect to {} without encryption.", s.host),
            ));
        }
        let addrs: Vec<SocketAddr> =
            match tokio::time::timeout(timeout, tokio::net::lookup_host((s.host.as_str(), s.port)))
                .await
            {
                Ok(Ok(a)) => a.collect(),
                Ok(Err(e)) => {
                    return Err(MailError::new(
                        Code::Dns,
                        format!("The server name '{}' cannot be resolved ({e}).", s.host),
                    ));
                }
                Err(_) => {
                    return Err(MailError::new(
                        Code::Dns,
                        format!("The server name '{}' did not resolve in time.", s.host),
                    ));
                }
            };
        if addrs.is_empty() {
            return Err(MailError::new(
                Code::Dns,
                format!("The server name '{}' has no address.", s.host),
            ));
        }
        if s.security == Security::None && !addrs.iter().all(|a| a.ip().is_loopback()) {
            return Err(MailError::new(
                Code::Insecure,
                format!("{} does not resolve to this machine only.", s.host),
            ));
        }
        let client_id = ClientId::Domain(
            s.from_address
                .rsplit_once('@')
                .map(|(_, d)| d.to_owned())
                .unwrap_or_else(|| "localhost".into()),
        );
        let implicit = match s.security {
            Security::Tls => Some(tls_parameters(s)?),
            _ => None,
        };
        let connect = async {
            let connected = match implicit {
                // lettre wraps the socket in TLS itself here, so it cannot be handed one.
                Some(tls) => {
                    AsyncSmtpConnection::connect_tokio1(
                        addrs.as_slice(),
                        Some(timeout),
                        &client_id,
                        Some(tls),
                        None,
                    )
                    .await
                }
                None => {
                    let tcp = connect_nodelay(&addrs).await.map_err(|e| {
                        MailError::new(
                            Code::Connect,
                            format!("Cannot connect to {}:{} ({e}).", s.host, s.port),
                        )
                    })?;
                    AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &client_id).await
                }
            };
            connected.map_err(|e| {
                let err = classify(Step::Connect, &e);
                if err.code == Code::Connect {
                    MailError::new(
                        Code::Connect,
                        format!("Cannot connect to {}:{} ({e}).", s.host, s.port),
                    )
                } else {
                    err
                }
            })
        };
        let mut conn = match tokio::time::timeout(timeout, connect).await {
            Ok(connected) => connected?,
            Err(_) => {
                return Err(MailError::new(
                    Code::Timeout,
                    format!("{}:{} did not answer in time.", s.host, s.port),
                ));
            }
        };
        if s.security == Security::Starttls {
            if !conn.can_starttls() {
                conn.abort().await;
                return Err(MailError::new(
                    Code::TlsNotOffered,
                    format!("{}:{} does not offer STARTTLS.", s.host, s.port),
                ));
            }
            let params = tls_parameters(s)?;
            if let Err(e) = conn.starttls(params, &client_id).await {
                // No QUIT: after a failed upgrade lettre's stream is gone; dropping closes it.
                drop(conn);
                return Err(classify(Step::Starttls, &e));
            }
        }
        if let Some(user) = s.username.as_deref().filter(|u| !u.is_empty()) {
            let Some(password) = password else {
                conn.abort().await;
                return Err(MailError::new(
                    Code::NoPassword,
                    "No password is stored for this account.",
                ));
            };
            let creds = Credentials::new(user.to_owned(), password.to_owned());
            if let Err(e) = conn
                .auth(&[Mechanism::Plain, Mechanism::Login], &creds)
                .await
            {
                conn.abort().await;
                return Err(classify(Step::Auth, &e));
            }
        }
        Ok(Self { conn })
    }

    /// MAIL FROM, RCPT TO for each recipient, DATA: when this returns Ok the server has said
    /// 354 and waits for the message. On error the session is unusable.
    pub async fn begin(
        &mut self,
        from: &str,
        recipients: &[String],
        raw: &[u8],
    ) -> Result<(), MailError> {
        let from = parse_address(from)?;
        let rcpts = recipients
            .iter()
            .map(|r| parse_address(r))
            .collect::<Result<Vec<_>, _>>()?;
        let mut params = Vec::new();
        if !raw.is_ascii() {
            params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        self.step(Step::Mail, Mail::new(Some(from), params)).await?;
        for r in rcpts {
            self.step(Step::Rcpt, Rcpt::new(r, vec![])).await?;
        }
        self.step(Step::Data, Data).await?;
        Ok(())
    }

    /// Sends the message after `begin`; Ok is the server's acceptance (250), with its reply.
    /// An error that is not a reply from the server leaves the outcome unknown
    /// ([`Code::Uncertain`]): the server may have taken the message.
    pub async fn finish(&mut self, raw: &[u8]) -> Result<String, MailError> {
        match self.conn.message(raw).await {
            Ok(r) => Ok(format!(
                "{} {}",
                r.code(),
                r.message().collect::<Vec<_>>().join(" ")
            )),
            Err(e) if e.is_transient() || e.is_permanent() => {
                self.conn.abort().await;
                Err(classify(Step::Body, &e))
            }
            Err(e) => {
                self.conn.abort().await;
                Err(MailError::new(
                    Code::Uncertain,
                    format!(
                        "The connection broke while the server was receiving the message ({e}): it may have been delivered."
                    ),
                ))
            }
        }
    }

    async fn step<C: std::fmt::Display>(&mut self, step: Step, cmd: C) -> Result<(), MailError> {
        match self.conn.command(cmd).await {
            Ok(_) => Ok(()),
            Err(e) => {
                self.conn.abort().await;
                Err(classify(step, &e))
            }
        }
    }

    pub async fn quit(mut self) {
        let _ = self.conn.quit().await;
    }
}
