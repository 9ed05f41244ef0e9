//! The commands of the purchases register (received e-invoices): each one line over the API
//! crate, like `commands.rs`.

use autoinvoice_api::*;
use tauri::State;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
#[specta::specta]
pub async fn import_purchase(api: State<'_, Api>, req: ImportPurchase) -> Res<PurchaseImport> {
    api.import_purchase(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_purchases(api: State<'_, Api>, req: ListPurchases) -> Res<Vec<PurchaseRecord>> {
    api.list_purchases(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_purchase(api: State<'_, Api>, req: PurchaseId) -> Res<PurchaseView> {
    api.purchase(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_purchase_file(api: State<'_, Api>, req: PurchaseId) -> Res<SavedFile> {
    api.save_purchase_file(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn purchase_inbox(api: State<'_, Api>, req: OrgScope) -> Res<PurchaseInbox> {
    api.purchase_inbox(req.org_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_purchase_inbox(api: State<'_, Api>, req: PurchaseInbox) -> Res<PurchaseInbox> {
    api.set_purchase_inbox(req).await
}
