//! What the desktop app shows first, in one call: the app, the organizations and, for the
//! first organization, its whole dashboard (figures, the two short lists, the reminders).
//! The desktop shell starts this while the window is still being built, so the page finds it
//! ready instead of asking five questions one after another.

use crate::{Api, ApiResult, AppInfo, Dashboard, ListDocuments, ListReminders, ReminderList};
use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_store::list::{DocumentSummary, SortKey};
use autoinvoice_store::organizations::OrganizationRecord;
use serde::Serialize;

/// How many rows each dashboard list shows.
pub const DASHBOARD_ROWS: u32 = 8;
/// How far ahead the dashboard lists reminders, and how many of each kind.
pub const DASHBOARD_REMINDER_DAYS: u32 = 14;
pub const DASHBOARD_REMINDER_ROWS: u32 = 10;

/// Everything the dashboard screen shows for one organization.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DashboardScreen {
    pub org_id: i64,
    pub dashboard: Dashboard,
    /// The most overdue invoices first.
    pub overdue: Vec<DocumentSummary>,
    /// The latest drafts first.
    pub drafts: Vec<DocumentSummary>,
    /// Listed `reminder_days` ahead, at most `reminder_rows` of each kind.
    pub reminders: ReminderList,
    pub reminder_days: u32,
    pub reminder_rows: u32,
}

/// The app, its organizations, and the first one's dashboard (None before the first run's
/// setup).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FirstScreen {
    pub info: AppInfo,
    pub organizations: Vec<OrganizationRecord>,
    pub dashboard: Option<DashboardScreen>,
}

impl Api {
    /// The dashboard screen of `org_id` (the only organization when None); its queries run
    /// side by side.
    pub async fn dashboard_screen(&self, org_id: Option<i64>) -> ApiResult<DashboardScreen> {
        let org_id = self.org(org_id).await?;
        let rows = i64::from(DASHBOARD_ROWS);
        let overdue = ListDocuments {
            org_id: Some(org_id),
            kind: Some(DocumentKind::Invoice),
            overdue: true,
            sort: SortKey::DueDate,
            descending: false,
            limit: Some(rows),
            ..ListDocuments::default()
        };
        let drafts = ListDocuments {
            org_id: Some(org_id),
            statuses: vec![Status::Draft],
            sort: SortKey::Created,
            descending: true,
            limit: Some(rows),
            ..ListDocuments::default()
        };
        let reminders = ListReminders {
            org_id: Some(org_id),
            now: None,
            days_ahead: Some(DASHBOARD_REMINDER_DAYS),
            limit: Some(DASHBOARD_REMINDER_ROWS),
        };
        let (dashboard, overdue, drafts, reminders) = tokio::try_join!(
            self.dashboard(Some(org_id)),
            self.list_documents(overdue),
            self.list_documents(drafts),
            self.list_reminders(reminders),
        )?;
        Ok(DashboardScreen {
            org_id,
            dashboard,
            overdue: overdue.items,
            drafts: drafts.items,
            reminders,
            reminder_days: DASHBOARD_REMINDER_DAYS,
            reminder_rows: DASHBOARD_REMINDER_ROWS,
        })
    }

    /// The app, the organizations, and the first organization's dashboard.
    pub async fn first_screen(&self) -> ApiResult<FirstScreen> {
        let organizations = self.organizations().await?;
        let dashboard = match organizations.first() {
            Some(first) => Some(self.dashboard_screen(Some(first.id)).await?),
            None => None,
        };
        Ok(FirstScreen {
            info: self.app_info(),
            organizations,
            dashboard,
        })
    }
}
