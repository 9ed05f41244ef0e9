//! The one application surface of AutoInvoice. The CLI and the desktop app call only this:
//! typed requests and responses (serde), errors as `{code, message}`.

pub mod backups;
pub mod bank;
mod csv_io;
mod demo;
pub mod error;
mod ops_customers;
mod ops_desktop;
mod ops_desktop_reminders;
mod ops_documents;
mod ops_drafting;
mod ops_files;
mod ops_first_screen;
mod ops_full_document;
pub mod ops_mail;
mod ops_organizations;
mod ops_output;
mod ops_payments;
mod ops_reminder_review;
mod ops_reminders;
mod ops_reports;
pub mod payments;
pub mod purchases;
pub mod recurring;
mod reminder_clock;
mod reminder_message;
pub mod reminder_types;
pub mod reports;
pub mod types;

pub use backups::*;
pub use bank::*;
pub use error::{ApiError, ApiResult};
pub use ops_desktop::{ListOutbox, MailTest, OutboxId, RunOutbox};
pub use ops_desktop_reminders::CustomerInOrg;
pub use ops_first_screen::{
    DASHBOARD_REMINDER_DAYS, DASHBOARD_REMINDER_ROWS, DASHBOARD_ROWS, DashboardScreen, FirstScreen,
};
pub use ops_mail::{
    AttachmentInfo, MailConfig, MailPreview, MailTestReport, Password, SendDocumentMail,
    SetMailConfig,
};
pub use ops_output::{DocumentSettings, FacturXProfile, PaperSize, PdfExportReport, XmlFormat};
pub use payments::*;
pub use purchases::*;
pub use recurring::*;
pub use reminder_types::*;
pub use reports::*;
pub use types::*;

use autoinvoice_secrets::{OsKeyring, SecretStore};
use autoinvoice_store::Store;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where "today" comes from: the system clock, or a fixed day (tests, previews).
#[derive(Debug, Clone, Copy, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(NaiveDate),
}

impl Clock {
    pub fn today(self) -> NaiveDate {
        match self {
            Self::System => chrono::Local::now().date_naive(),
            Self::Fixed(d) => d,
        }
    }
}

/// The application: a database, a clock and the keyring.
#[derive(Debug, Clone)]
pub struct Api {
    store: Store,
    clock: Clock,
    secrets: Arc<dyn SecretStore>,
    db_path: PathBuf,
    documents_dir: Option<PathBuf>,
    stripe_options: Option<autoinvoice_stripe::Options>,
}

/// The environment variable that overrides the database path.
pub const DB_ENV: &str = "AUTOINVOICE_DB";

/// The environment variable that overrides where saved PDFs and XML files go.
pub const DOCUMENTS_DIR_ENV: &str = "AUTOINVOICE_DOCUMENTS_DIR";

/// The default database file, in the OS data directory
/// (`~/.local/share/autoinvoice/autoinvoice.db` on Linux).
pub fn default_db_path() -> ApiResult<PathBuf> {
    directories::ProjectDirs::from("eu", "AutoInvoice", "autoinvoice")
        .map(|d| d.data_dir().join("autoinvoice.db"))
        .ok_or_else(|| {
            ApiError::new(
                "no_data_dir",
                "no home directory to keep the database in; pass --db PATH",
            )
        })
}

impl Api {
    pub async fn open(db: &Path) -> ApiResult<Self> {
        Ok(Self {
            store: Store::open(db).await?,
            clock: Clock::System,
            secrets: Arc::new(OsKeyring::from_env()),
            db_path: db.to_path_buf(),
            documents_dir: std::env::var_os(DOCUMENTS_DIR_ENV).map(PathBuf::from),
            stripe_options: None,
        })
    }

    /// Another secret store than the OS keyring (tests).
    pub fn with_secrets(mut self, secrets: Arc<dyn SecretStore>) -> Self {
        self.secrets = secrets;
        self
    }

    /// Where saved documents go (default: `~/Documents/AutoInvoice`).
    pub fn with_documents_dir(mut self, dir: PathBuf) -> Self {
        self.documents_dir = Some(dir);
        self
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub async fn close(&self) {
        self.store.close().await;
    }

    /// The organization a request means: the one given, or the only one there is.
    pub(crate) async fn org(&self, org_id: Option<i64>) -> ApiResult<i64> {
        if let Some(id) = org_id {
            self.store.organization(id).await?;
            return Ok(id);
        }
        let orgs = self.store.organizations().await?;
        match orgs.as_slice() {
            [one] => Ok(one.id),
            [] => Err(ApiError::new(
                "no_organization",
                "no organization yet: create one first (or run `autoinvoice demo`)",
            )),
            _ => Err(ApiError::new(
                "organization_required",
                format!(
                    "{} organizations in this database: say which one (--org ID)",
                    orgs.len()
                ),
            )),
        }
    }
}
