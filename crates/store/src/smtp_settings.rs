//! The `smtp_settings` table: one SMTP account per organization. No password: that one is in
//! the OS keyring.

use crate::error::{StoreError, StoreResult};
use crate::{Store, now_text};
use serde::{Deserialize, Serialize};

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which the server must offer (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: allowed only towards this machine (a local relay or a bridge).
    None,
}

impl Security {
    pub fn code(self) -> &'static str {
        match self {
            Self::Starttls => "starttls",
            Self::Tls => "tls",
            Self::None => "none",
        }
    }

    pub fn parse(s: &str) -> StoreResult<Self> {
        match s {
            "starttls" => Ok(Self::Starttls),
            "tls" => Ok(Self::Tls),
            "none" => Ok(Self::None),
            other => Err(StoreError::Corrupt(format!("smtp security '{other}'"))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SmtpSettings {
    #[serde(default)]
    pub preset: Option<String>,
    pub host: String,
    pub port: u16,
    pub security: Security,
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
}

#[derive(sqlx::FromRow)]
struct Row {
    preset: Option<String>,
    host: String,
    port: i64,
    security: String,
    username: Option<String>,
    from_address: String,
    from_name: Option<String>,
    reply_to: Option<String>,
    bcc_self: bool,
    trusted_cert_pem: Option<String>,
}

impl Store {
    pub async fn smtp_settings(&self, org_id: i64) -> StoreResult<Option<SmtpSettings>> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT preset, host, port, security, username, from_address, from_name, reply_to, bcc_self, trusted_cert_pem FROM smtp_settings WHERE org_id = ?",
        )
        .bind(org_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(SmtpSettings {
                preset: r.preset,
                host: r.host,
                port: u16::try_from(r.port)
                    .map_err(|_| StoreError::Corrupt(format!("smtp port {}", r.port)))?,
                security: Security::parse(&r.security)?,
                username: r.username,
                from_address: r.from_address,
                from_name: r.from_name,
                reply_to: r.reply_to,
                bcc_self: r.bcc_self,
                trusted_cert_pem: r.trusted_cert_pem,
            })
        })
        .transpose()
    }

    pub async fn set_smtp_settings(&self, org_id: i64, s: &SmtpSettings) -> StoreResult<()> {
        self.organization(org_id).await?;
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO smtp_settings (org_id, preset, host, port, security, username, from_address, from_name, reply_to, bcc_self, trusted_cert_pem, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (org_id) DO UPDATE SET preset = excluded.preset, host = excluded.host,
               port = excluded.port, security = excluded.security, username = excluded.username,
               from_address = excluded.from_address, from_name = excluded.from_name,
               reply_to = excluded.reply_to, bcc_self = excluded.bcc_self,
               trusted_cert_pem = excluded.trusted_cert_pem, updated_at = excluded.updated_at",
        )
        .bind(org_id)
        .bind(&s.preset)
        .bind(&s.host)
        .bind(i64::from(s.port))
        .bind(s.security.code())
        .bind(&s.username)
        .bind(&s.from_address)
        .bind(&s.from_name)
        .bind(&s.reply_to)
        .bind(s.bcc_self)
        .bind(&s.trusted_cert_pem)
        .bind(now_text())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
