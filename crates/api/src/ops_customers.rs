//! Customers: create, edit, archive, list, import.

use crate::csv_io;
use crate::{
    Api, ApiResult, CreateCustomer, CustomerRecord, ImportReport, ListCustomers, UpdateCustomer,
};
use autoinvoice_store::customers::CustomerQuery;

impl Api {
    pub async fn create_customer(&self, req: CreateCustomer) -> ApiResult<CustomerRecord> {
        let org_id = self.org(req.org_id).await?;
        let customer = req.customer.validated()?;
        Ok(self.store.create_customer(org_id, &customer).await?)
    }

    pub async fn update_customer(&self, req: UpdateCustomer) -> ApiResult<CustomerRecord> {
        let customer = req.customer.validated()?;
        Ok(self.store.update_customer(req.id, &customer).await?)
    }

    pub async fn archive_customer(&self, id: i64, archived: bool) -> ApiResult<CustomerRecord> {
        Ok(self.store.set_customer_archived(id, archived).await?)
    }

    pub async fn customer(&self, id: i64) -> ApiResult<CustomerRecord> {
        Ok(self.store.customer(id).await?)
    }

    pub async fn list_customers(&self, req: ListCustomers) -> ApiResult<Vec<CustomerRecord>> {
        let org_id = self.org(req.org_id).await?;
        let q = CustomerQuery {
            search: req.search,
            include_archived: req.include_archived,
            limit: req.limit.unwrap_or(100),
            offset: req.offset.unwrap_or(0),
        };
        Ok(self.store.customers(org_id, &q).await?)
    }

    /// Imports customers from CSV text: every row is checked first, and either all are
    /// imported or none (the error names the line).
    pub async fn import_customers_csv(
        &self,
        org_id: Option<i64>,
        csv: &str,
    ) -> ApiResult<ImportReport> {
        let org_id = self.org(org_id).await?;
        let customers = csv_io::parse_customers(csv)?;
        let imported = self.store.import_customers(org_id, &customers).await?;
        Ok(ImportReport { imported })
    }
}
