//! Requests in the one-argument shape the desktop's IPC commands take, over the reminder
//! operations of `ops_reminders` that take two arguments.

use crate::reminder_types::CustomerReminders;
use crate::{Api, ApiResult};
use serde::{Deserialize, Serialize};

/// A customer of an organization.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CustomerInOrg {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub customer_id: i64,
}

impl Api {
    pub async fn customer_reminders_req(&self, req: CustomerInOrg) -> ApiResult<CustomerReminders> {
        self.customer_reminders(req.org_id, req.customer_id).await
    }
}
