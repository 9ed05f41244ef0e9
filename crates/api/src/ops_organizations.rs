//! Organizations (sellers) and their number series.

use crate::{
    Api, ApiResult, OrganizationRecord, SeriesRecord, SetSeriesPattern, UpdateOrganization,
};
use autoinvoice_domain::numbering::Pattern;
use autoinvoice_domain::party::Organization;

impl Api {
    pub async fn create_organization(&self, org: Organization) -> ApiResult<OrganizationRecord> {
        let org = org.validated()?;
        Ok(self.store.create_organization(&org).await?)
    }

    pub async fn update_organization(
        &self,
        req: UpdateOrganization,
    ) -> ApiResult<OrganizationRecord> {
        let org = req.organization.validated()?;
        Ok(self.store.update_organization(req.id, &org).await?)
    }

    pub async fn organizations(&self) -> ApiResult<Vec<OrganizationRecord>> {
        Ok(self.store.organizations().await?)
    }

    pub async fn organization(&self, org_id: Option<i64>) -> ApiResult<OrganizationRecord> {
        let id = self.org(org_id).await?;
        Ok(self.store.organization(id).await?)
    }

    pub async fn series(&self, org_id: Option<i64>) -> ApiResult<Vec<SeriesRecord>> {
        let id = self.org(org_id).await?;
        Ok(self.store.series(id).await?)
    }

    pub async fn set_series_pattern(&self, req: SetSeriesPattern) -> ApiResult<SeriesRecord> {
        let pattern = Pattern::parse(&req.pattern, req.reset)?;
        Ok(self
            .store
            .set_series_pattern(req.series_id, &pattern, req.reset)
            .await?)
    }
}
