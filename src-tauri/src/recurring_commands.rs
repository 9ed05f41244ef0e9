//! The commands of recurring invoices (templates, their schedule's preview, a run on demand):
//! each one line over the API crate, like `commands.rs`. The background run is
//! `recurring_task.rs`.

use crate::outbox::OutboxWaker;
use autoinvoice_api::*;
use tauri::State;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
#[specta::specta]
pub async fn create_recurring(api: State<'_, Api>, req: CreateRecurring) -> Res<RecurringTemplate> {
    api.create_recurring(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_recurring(
    api: State<'_, Api>,
    req: ListRecurring,
) -> Res<Vec<RecurringTemplate>> {
    api.list_recurring(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_recurring(api: State<'_, Api>, req: RecurringId) -> Res<RecurringDetail> {
    api.get_recurring(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_recurring(api: State<'_, Api>, req: UpdateRecurring) -> Res<RecurringTemplate> {
    api.update_recurring(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_recurring_paused(
    api: State<'_, Api>,
    req: SetRecurringPaused,
) -> Res<RecurringPaused> {
    api.set_recurring_paused(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_recurring(api: State<'_, Api>, req: RecurringId) -> Res<()> {
    api.delete_recurring(req).await
}

/// Creates what is due (or, with `now`, a template's next occurrence ahead of its day), then
/// wakes the background delivery for the emails it queued.
#[tauri::command]
#[specta::specta]
pub async fn run_recurring(
    api: State<'_, Api>,
    outbox: State<'_, OutboxWaker>,
    req: RunRecurring,
) -> Res<RecurringRunReport> {
    api.run_recurring(req).await.inspect(|r| {
        if r.queued > 0 {
            outbox.wake();
        }
    })
}

#[tauri::command]
#[specta::specta]
pub async fn preview_recurring_schedule(
    api: State<'_, Api>,
    req: PreviewSchedule,
) -> Res<Vec<PlannedOccurrence>> {
    api.preview_recurring_schedule(req).await
}
