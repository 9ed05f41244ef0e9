//! The IPC commands without a window (`tauri::test`, mock runtime): what the UI sends is what
//! the API receives, results come back as JSON, and errors cross as `{code, message}`.

#![allow(clippy::unwrap_used)]

use autoinvoice_api::{Api, Clock};
use chrono::NaiveDate;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

struct Harness {
    _dir: tempfile::TempDir,
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.db");
    let docs = dir.path().join("documents");
    let api = tauri::async_runtime::block_on(Api::open(&db))
        .unwrap()
        .with_clock(Clock::Fixed(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()))
        .with_documents_dir(docs);
    let app = mock_builder()
        .manage(api)
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
fn invoke(h: &Harness, cmd: &str, body: Value) -> Result<Value, Value> {
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

fn organization() -> Value {
    serde_json::from_str(include_str!("../../docs/organization.example.json")).unwrap()
}

fn customer() -> Value {
    serde_json::from_str(include_str!("../../docs/customer.example.json")).unwrap()
}

#[test]
fn first_run_then_invoice_issue_and_payment_through_ipc() {
    let h = harness();
    assert_eq!(invoke(&h, "organizations", json!({})).unwrap(), json!([]));
    let org = invoke(&h, "create_organization", json!({ "req": organization() })).unwrap();
    assert_eq!(org["siren"], "534640974");
    let c = invoke(
        &h,
        "create_customer",
        json!({ "req": { "customer": customer() } }),
    )
    .unwrap();
    let content = json!({
        "currency": "EUR",
        "payment_terms_days": 30,
        "operation_type": "services",
        "lines": [
            { "name": "Conseil", "quantity": "2", "unit_price": "450", "vat_rate": "20" },
            { "name": "Livre", "quantity": "1", "unit_price": "24.90", "vat_rate": "5.5" },
            { "name": "Restauration", "quantity": "3", "unit_price": "12.50", "vat_rate": "10" }
        ]
    });
    let totals = invoke(
        &h,
        "compute_totals",
        json!({ "req": { "customer_id": c["id"], "content": content.clone() } }),
    )
    .unwrap();
    let mut req = content.clone();
    req["customer_id"] = c["id"].clone();
    let draft = invoke(&h, "create_document", json!({ "req": req })).unwrap();
    assert_eq!(draft["status"], "draft");
    // The live totals are exactly what the saved draft carries.
    assert_eq!(totals, draft["totals"]);
    assert_eq!(
        draft["totals"]["vat_breakdown"].as_array().unwrap().len(),
        3
    );

    let issued = invoke(
        &h,
        "issue_document",
        json!({ "req": { "document": draft["id"] } }),
    )
    .unwrap();
    assert_eq!(issued["number"], "F-2026-0001");
    let saved = invoke(
        &h,
        "save_document",
        json!({ "req": { "document": "F-2026-0001", "format": "pdf" } }),
    )
    .unwrap();
    let path = saved["path"].as_str().unwrap();
    assert!(path.ends_with("F-2026-0001.pdf"), "{path}");
    assert!(std::fs::read(path).unwrap().starts_with(b"%PDF-"));

    let payment = invoke(
        &h,
        "record_payment",
        json!({ "req": { "amount": "100.00", "allocations": [{ "invoice": "F-2026-0001" }] } }),
    )
    .unwrap();
    assert_eq!(
        payment["amount"].as_str().unwrap().parse::<f64>().ok(),
        Some(100.0)
    );
    let after = invoke(
        &h,
        "get_document",
        json!({ "req": { "document": "F-2026-0001" } }),
    )
    .unwrap();
    assert_eq!(after["status"], "partially_paid");
}

#[test]
fn errors_cross_as_code_and_message() {
    let h = harness();
    // No organization yet.
    let e = invoke(&h, "dashboard", json!({ "req": {} })).unwrap_err();
    assert_eq!(e["code"], "no_organization", "{e}");
    assert!(e["message"].as_str().unwrap().contains("organization"));
    // A bad SIREN is refused with a sentence, and nothing is created.
    let mut org = organization();
    org["siren"] = json!("123456789");
    let e = invoke(&h, "create_organization", json!({ "req": org })).unwrap_err();
    assert!(e["code"].is_string() && e["message"].is_string(), "{e}");
    assert_eq!(invoke(&h, "organizations", json!({})).unwrap(), json!([]));
}

#[test]
fn malformed_requests_are_refused_not_panics() {
    let h = harness();
    invoke(&h, "create_organization", json!({ "req": organization() })).unwrap();
    // A float where a decimal string is expected, an unknown field, a missing argument.
    let bad = [
        json!({ "req": { "customer_id": 1, "currency": "EUR", "lines": [{ "name": "x", "quantity": 1.5, "unit_price": "1", "vat_rate": "20" }] } }),
        json!({ "req": { "customer_id": 1, "currency": "EUR", "lines": [], "surprise": true } }),
        json!({}),
    ];
    for body in bad {
        assert!(
            invoke(&h, "create_document", body.clone()).is_err(),
            "{body}"
        );
    }
    let e = invoke(
        &h,
        "get_document",
        json!({ "req": { "document": "F-2099-9999" } }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "not_found", "{e}");
}
