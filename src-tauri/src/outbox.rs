//! Delivering the outbox in the background: 3 s after start-up (which also recovers what a crash
//! left in `sending`), every minute, and at once when a message is queued or retried. The API
//! takes a file lock for each run, so the CLI's `outbox run` and this task never deliver the
//! same message; a run that finds the lock taken does nothing and the next one tries again.

use autoinvoice_api::Api;
use autoinvoice_api::ops_mail::OutboxRunReport;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;
use tokio::sync::Notify;

/// Time between two runs when nothing wakes the task.
pub const PERIOD: Duration = Duration::from_secs(60);

/// The first run waits this long after start-up (or until a send wakes it), so that it does
/// not take a core from the window while it opens.
pub const START_DELAY: Duration = Duration::from_secs(3);

/// Wakes the delivery task (managed state; the send and retry commands use it).
#[derive(Debug, Clone, Default)]
pub struct OutboxWaker(Arc<Notify>);

impl OutboxWaker {
    /// Runs the delivery now, or right after the run in progress.
    pub fn wake(&self) {
        self.0.notify_one();
    }

    async fn wait(&self, period: Duration) {
        tokio::select! {
            () = self.0.notified() => {}
            () = tokio::time::sleep(period) => {}
        }
    }
}

/// Emitted after a run that changed something (a message sent, failed, retried later or
/// recovered), so that the screens showing the outbox or a document reload.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct OutboxDelivered {
    pub report: OutboxRunReport,
}

/// Whether a run did anything the user can see.
pub fn changed(r: &OutboxRunReport) -> bool {
    r.sent + r.retry_later + r.failed > 0
        || r.recovered.requeued + r.recovered.uncertain + r.recovered.invoices_recorded > 0
}

/// Starts the task; it lives as long as the app.
pub fn spawn<R: Runtime>(app: AppHandle<R>, api: Api, waker: OutboxWaker) {
    tauri::async_runtime::spawn(async move {
        waker.wait(START_DELAY).await;
        loop {
            match api.outbox_run(None).await {
                Ok(report) if changed(&report) => {
                    if let Err(e) = (OutboxDelivered { report }).emit(&app) {
                        eprintln!("autoinvoice: outbox event: {e}");
                    }
                }
                Ok(_) => {}
                // Never a password here: the API's messages do not contain it.
                Err(e) => eprintln!("autoinvoice: outbox: {} ({})", e.message, e.code),
            }
            waker.wait(PERIOD).await;
        }
    });
}
