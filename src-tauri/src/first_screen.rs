//! The first screen's data, asked of the API as soon as the database is open, while GTK and
//! WebKit start (a third of a second in which the database would otherwise wait). The page's
//! first `first_screen` call takes it; later calls ask the API afresh.

use autoinvoice_api::{Api, ApiError, FirstScreen};
use std::sync::{Arc, Mutex};
use tauri::async_runtime::JoinHandle;

type Pending = JoinHandle<Result<FirstScreen, ApiError>>;

/// Managed state: the answer being prepared, until the page takes it.
#[derive(Debug, Clone, Default)]
pub struct Prefetched(Arc<Mutex<Option<Pending>>>);

impl Prefetched {
    /// Starts preparing the first screen on the async runtime.
    pub fn start(api: &Api) -> Self {
        let api = api.clone();
        let task = tauri::async_runtime::spawn(async move { api.first_screen().await });
        Self(Arc::new(Mutex::new(Some(task))))
    }

    /// The prepared answer the first time (waiting for it if need be), a fresh one after.
    pub async fn take(&self, api: &Api) -> Result<FirstScreen, ApiError> {
        let pending = self.0.lock().ok().and_then(|mut p| p.take());
        match pending {
            Some(task) => match task.await {
                Ok(answer) => answer,
                // The task panicked or was cancelled: ask again rather than fail.
                Err(_) => api.first_screen().await,
            },
            None => api.first_screen().await,
        }
    }
}
