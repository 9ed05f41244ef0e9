//! What the command tests share: an app on the mock runtime over a real database file, and
//! `invoke` as the web view calls a command.

#![allow(dead_code, reason = "each test file uses a part")]

use autoinvoice_api::{Api, Clock};
use autoinvoice_desktop::first_screen::Prefetched;
use autoinvoice_desktop::outbox::OutboxWaker;
use autoinvoice_desktop::reminders::NotificationLanguage;
use autoinvoice_secrets::MemorySecrets;
use chrono::NaiveDate;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub struct Harness {
    _dir: tempfile::TempDir,
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

pub fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.db");
    let docs = dir.path().join("documents");
    let api = tauri::async_runtime::block_on(Api::open(&db))
        .unwrap()
        .with_clock(Clock::Fixed(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()))
        .with_documents_dir(docs)
        .with_secrets(std::sync::Arc::new(MemorySecrets::new()));
    let app = mock_builder()
        .manage(api)
        .manage(OutboxWaker::default())
        .manage(Prefetched::default())
        .manage(NotificationLanguage::default())
        .invoke_handler(autoinvoice_desktop::bindings::builder::<MockRuntime>().invoke_handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Harness {
        _dir: dir,
        _app: app,
        window,
    }
}

/// Invokes a command as the web view would; `Ok(json)` or `Err(json error)`.
pub fn invoke(h: &Harness, cmd: &str, body: Value) -> Result<Value, Value> {
    tauri::test::get_ipc_response(
        &h.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

pub fn organization() -> Value {
    serde_json::from_str(include_str!("../../../docs/organization.example.json")).unwrap()
}

pub fn customer() -> Value {
    serde_json::from_str(include_str!("../../../docs/customer.example.json")).unwrap()
}

/// An organization, a customer and an issued invoice; returns its number.
pub fn issued_invoice(h: &Harness) -> String {
    invoke(h, "create_organization", json!({ "req": organization() })).unwrap();
    let c = invoke(
        h,
        "create_customer",
        json!({ "req": { "customer": customer() } }),
    )
    .unwrap();
    let draft = invoke(
        h,
        "create_document",
        json!({ "req": { "customer_id": c["id"], "currency": "EUR", "payment_terms_days": 30,
            "lines": [{ "name": "Conseil", "quantity": "2", "unit_price": "450", "vat_rate": "20" }] } }),
    )
    .unwrap();
    let issued = invoke(
        h,
        "issue_document",
        json!({ "req": { "document": draft["id"] } }),
    )
    .unwrap();
    issued["number"].as_str().unwrap().to_owned()
}

/// A loopback port nobody listens on.
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}
