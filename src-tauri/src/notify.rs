//! One OS notification from a background task. Without a notification service (a bare X
//! server, a locked-down desktop) it is only logged: the task goes on.

use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

pub fn show<R: Runtime>(app: &AppHandle<R>, title: impl Into<String>, body: impl Into<String>) {
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        eprintln!("autoinvoice: notification: {e}");
    }
}
