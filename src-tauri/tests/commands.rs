//! The IPC commands without a window (`tauri::test`, mock runtime): what the UI sends is what
//! the API receives, results come back as JSON, and errors cross as `{code, message}`.

#![allow(clippy::unwrap_used)]

use autoinvoice_api::{Api, Clock};
use autoinvoice_desktop::outbox::OutboxWaker;
use autoinvoice_desktop::reminders::NotificationLanguage;
use autoinvoice_secrets::MemorySecrets;
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
        .with_documents_dir(docs)
        .with_secrets(std::sync::Arc::new(MemorySecrets::new()));
    let app = mock_builder()
        .manage(api)
        .manage(OutboxWaker::default())
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

/// An organization, a customer and an issued invoice; returns its number.
fn issued_invoice(h: &Harness) -> String {
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
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

#[test]
fn mail_settings_keep_the_password_out_of_every_answer() {
    let h = harness();
    invoke(&h, "create_organization", json!({ "req": organization() })).unwrap();
    let presets = invoke(&h, "mail_presets", json!({})).unwrap();
    assert!(
        presets
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "gmail"),
        "{presets}"
    );

    let empty = invoke(&h, "mail_config", json!({ "req": {} })).unwrap();
    assert_eq!(empty["settings"], Value::Null);
    assert_eq!(empty["password_stored"], false);

    // A preset fills host, port and security; the password is stored, never sent back.
    let saved = invoke(
        &h,
        "set_mail_config",
        json!({ "req": { "preset": "gmail", "username": "camille@example.fr",
            "from_address": "camille@example.fr", "from_name": "Camille Martin",
            "bcc_self": true, "password": "app-password-123" } }),
    )
    .unwrap();
    assert_eq!(saved["settings"]["host"], "smtp.gmail.com");
    assert_eq!(saved["settings"]["port"], 587);
    assert_eq!(saved["settings"]["security"], "starttls");
    assert_eq!(saved["password_stored"], true);
    assert_eq!(saved["keyring"], "memory");
    let shown = invoke(&h, "mail_config", json!({ "req": {} })).unwrap();
    assert!(!shown.to_string().contains("app-password-123"), "{shown}");
    assert_eq!(shown["password_stored"], true);

    // Saving without a password keeps the stored one.
    let kept = invoke(
        &h,
        "set_mail_config",
        json!({ "req": { "host": "smtp.example.fr", "port": 465, "security": "tls",
            "from_address": "camille@example.fr" } }),
    )
    .unwrap();
    assert_eq!(kept["password_stored"], true);

    // No encryption towards another machine is refused with its code.
    let e = invoke(
        &h,
        "set_mail_config",
        json!({ "req": { "host": "smtp.example.fr", "port": 25, "security": "none",
            "from_address": "camille@example.fr" } }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "insecure", "{e}");
    let e = invoke(
        &h,
        "set_mail_config",
        json!({ "req": { "host": "smtp.example.fr", "from_address": "not an address" } }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "invalid_address", "{e}");
}

#[test]
fn test_email_names_what_failed() {
    let h = harness();
    invoke(&h, "create_organization", json!({ "req": organization() })).unwrap();
    let e = invoke(&h, "mail_test", json!({ "req": { "to": "a@example.fr" } })).unwrap_err();
    assert_eq!(e["code"], "mail_not_configured", "{e}");
    invoke(
        &h,
        "set_mail_config",
        json!({ "req": { "host": "127.0.0.1", "port": closed_port(), "security": "none",
            "from_address": "camille@example.fr" } }),
    )
    .unwrap();
    let e = invoke(&h, "mail_test", json!({ "req": { "to": "a@example.fr" } })).unwrap_err();
    assert_eq!(e["code"], "connect", "{e}");
}

#[test]
fn send_previews_queues_and_the_outbox_retries_or_cancels() {
    let h = harness();
    let number = issued_invoice(&h);
    let port = closed_port();
    invoke(
        &h,
        "set_mail_config",
        json!({ "req": { "host": "127.0.0.1", "port": port, "security": "none",
            "from_address": "camille@example.fr", "from_name": "Camille Martin" } }),
    )
    .unwrap();

    // The preview: the customer's address by default, the template, the attachments.
    let preview = invoke(
        &h,
        "mail_preview",
        json!({ "req": { "document": number, "ubl": true } }),
    )
    .unwrap();
    assert_eq!(preview["to"], json!(["contact@boulangerie-dupont.fr"]));
    assert!(
        preview["subject"].as_str().unwrap().contains(&number),
        "{preview}"
    );
    assert!(
        preview["body"]
            .as_str()
            .unwrap()
            .contains("Boulangerie Dupont"),
        "{preview}"
    );
    let names: Vec<&str> = preview["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["filename"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [format!("{number}.pdf"), format!("{number}-ubl.xml")]
    );

    // Queued, not sent: the invoice stays "issued" until the server accepts it.
    let item = invoke(
        &h,
        "send_document_mail",
        json!({ "req": { "document": number, "to": ["compta@dupont.example"] } }),
    )
    .unwrap();
    assert_eq!(item["state"], "queued");
    assert_eq!(item["to"], json!(["compta@dupont.example"]));
    let doc = invoke(&h, "get_document", json!({ "req": { "document": number } })).unwrap();
    assert_eq!(doc["status"], "issued");

    // Delivering now: nothing listens, so it waits for a retry, with the cause.
    let report = invoke(&h, "outbox_run", json!({ "req": {} })).unwrap();
    assert_eq!(report["retry_later"], 1, "{report}");
    let history = invoke(&h, "outbox_list", json!({ "req": { "document": number } })).unwrap();
    let row = &history[0];
    assert_eq!(row["state"], "queued", "{row}");
    assert_eq!(row["attempts"], 1);
    assert_eq!(row["last_error_code"], "connect");

    let cancelled = invoke(&h, "outbox_cancel", json!({ "req": { "id": item["id"] } })).unwrap();
    assert_eq!(cancelled["state"], "cancelled");
    let failed = invoke(
        &h,
        "outbox_list",
        json!({ "req": { "states": ["queued", "failed"] } }),
    )
    .unwrap();
    assert_eq!(failed, json!([]));
    let e = invoke(&h, "outbox_retry", json!({ "req": { "id": 999 } })).unwrap_err();
    assert_eq!(e["code"], "not_found", "{e}");
}

#[test]
fn drafts_are_not_sent_and_csv_is_saved_whole() {
    let h = harness();
    invoke(&h, "create_organization", json!({ "req": organization() })).unwrap();
    let c = invoke(
        &h,
        "create_customer",
        json!({ "req": { "customer": customer() } }),
    )
    .unwrap();
    invoke(
        &h,
        "set_mail_config",
        json!({ "req": { "host": "127.0.0.1", "port": 2525, "security": "none",
            "from_address": "camille@example.fr" } }),
    )
    .unwrap();
    let draft = invoke(
        &h,
        "create_document",
        json!({ "req": { "customer_id": c["id"], "currency": "EUR",
            "lines": [{ "name": "Conseil", "quantity": "1", "unit_price": "100", "vat_rate": "20" }] } }),
    )
    .unwrap();
    let e = invoke(
        &h,
        "mail_preview",
        json!({ "req": { "document": draft["id"] } }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "conflict", "{e}");

    let saved = invoke(&h, "save_csv", json!({ "req": { "what": "customers" } })).unwrap();
    let path = saved["path"].as_str().unwrap();
    assert!(path.ends_with("customers-2026-11-29.csv"), "{path}");
    assert!(
        std::fs::read_to_string(path)
            .unwrap()
            .contains("Boulangerie Dupont")
    );
    let again = invoke(&h, "save_csv", json!({ "req": { "what": "customers" } })).unwrap();
    assert!(
        again["path"]
            .as_str()
            .unwrap()
            .ends_with("customers-2026-11-29 (2).csv"),
        "{again}"
    );
}

#[test]
fn reminder_settings_round_trip_and_a_bad_policy_is_refused_by_code() {
    let h = harness();
    invoke(&h, "create_organization", json!({ "req": organization() })).unwrap();
    let s = invoke(&h, "reminder_settings", json!({ "req": {} })).unwrap();
    // Off until turned on; the default policy, a 30-day catch-up window.
    assert_eq!(s["enabled"], false, "{s}");
    assert_eq!(s["catch_up_days"], 30);
    let default = invoke(&h, "default_reminder_policy", json!({})).unwrap();
    assert_eq!(s["policy"], default);
    assert_eq!(default["stages"].as_array().unwrap().len(), 5);

    let mut policy = default.clone();
    policy["stages"][1]["offset_days"] = json!(2);
    policy["stages"][1]["texts"] = json!([{ "language": "en", "subject": "Invoice {number}",
        "body": "Hello {customer},\n{balance} is still due.\n{sender}" }]);
    let wanted = json!({ "enabled": true, "review": true, "time_zone": "Europe/Paris",
        "catch_up_days": null, "policy": policy });
    let saved = invoke(
        &h,
        "set_reminder_settings",
        json!({ "req": { "settings": wanted.clone() } }),
    )
    .unwrap();
    assert_eq!(saved, wanted);
    assert_eq!(
        invoke(&h, "reminder_settings", json!({ "req": {} })).unwrap(),
        wanted
    );

    // A reminder stage before the due date: refused with its code, nothing changed.
    let mut bad = wanted.clone();
    bad["policy"]["stages"][1]["offset_days"] = json!(-1);
    let e = invoke(
        &h,
        "set_reminder_settings",
        json!({ "req": { "settings": bad } }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "invalid_offset", "{e}");
    assert!(e["message"].as_str().unwrap().contains("policy"), "{e}");
    let mut dup = wanted.clone();
    dup["policy"]["stages"][2]["key"] = json!("first");
    let e = invoke(
        &h,
        "set_reminder_settings",
        json!({ "req": { "settings": dup } }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "invalid_stage", "{e}");
    let mut zone = wanted.clone();
    zone["time_zone"] = json!("Mars/Olympus");
    assert!(
        invoke(
            &h,
            "set_reminder_settings",
            json!({ "req": { "settings": zone } })
        )
        .is_err()
    );
    assert_eq!(
        invoke(&h, "reminder_settings", json!({ "req": {} })).unwrap(),
        wanted
    );
}

#[test]
fn reminders_pause_and_resume_per_invoice_and_per_customer() {
    let h = harness();
    let number = issued_invoice(&h);
    // Issued 2026-11-29, 30 days: due 2026-12-29, the courtesy stage three days before.
    let r = invoke(
        &h,
        "invoice_reminders",
        json!({ "req": { "document": number } }),
    )
    .unwrap();
    assert_eq!(r["paused"], false, "{r}");
    assert_eq!(r["policy_source"], "organization");
    assert_eq!(r["next"]["stage"], "courtesy");
    assert_eq!(r["next"]["due_on"], "2026-12-26");
    assert_eq!(r["history"], json!([]));

    let r = invoke(
        &h,
        "pause_invoice_reminders",
        json!({ "req": { "document": number, "paused": true } }),
    )
    .unwrap();
    assert_eq!(r["paused"], true);
    assert!(r["next"].is_null(), "{r}");
    let r = invoke(
        &h,
        "pause_invoice_reminders",
        json!({ "req": { "document": number, "paused": false } }),
    )
    .unwrap();
    assert_eq!(r["paused"], false);
    assert_eq!(r["next"]["stage"], "courtesy");

    let customer_id = r["next"]["customer_id"].clone();
    let c = invoke(
        &h,
        "customer_reminders",
        json!({ "req": { "customer_id": customer_id } }),
    )
    .unwrap();
    assert_eq!(
        c,
        json!({ "customer_id": customer_id, "paused": false, "policy": null })
    );
    let c = invoke(
        &h,
        "pause_customer_reminders",
        json!({ "req": { "customer_id": customer_id, "paused": true } }),
    )
    .unwrap();
    assert_eq!(c["paused"], true);
    let r = invoke(
        &h,
        "invoice_reminders",
        json!({ "req": { "document": number } }),
    )
    .unwrap();
    assert_eq!(r["customer_paused"], true);
    assert!(r["next"].is_null(), "{r}");
    invoke(
        &h,
        "pause_customer_reminders",
        json!({ "req": { "customer_id": customer_id, "paused": false } }),
    )
    .unwrap();

    // The customer's own policy applies to their invoices; reset, the organization's again.
    let own = json!({ "stages": [{ "key": "late", "offset_days": 10, "tone": "firm" }] });
    let c = invoke(
        &h,
        "set_customer_reminder_policy",
        json!({ "req": { "customer_id": customer_id, "policy": own.clone() } }),
    )
    .unwrap();
    assert_eq!(c["policy"], own);
    let r = invoke(
        &h,
        "invoice_reminders",
        json!({ "req": { "document": number } }),
    )
    .unwrap();
    assert_eq!(r["policy_source"], "customer");
    assert_eq!(r["next"]["stage"], "late");
    assert_eq!(r["next"]["due_on"], "2027-01-08");
    let e = invoke(
        &h,
        "set_customer_reminder_policy",
        json!({ "req": { "customer_id": customer_id, "policy": { "stages": [] } } }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "invalid_policy", "{e}");
    let c = invoke(
        &h,
        "set_customer_reminder_policy",
        json!({ "req": { "customer_id": customer_id, "policy": null } }),
    )
    .unwrap();
    assert!(c["policy"].is_null());
}

#[test]
fn reminders_listed_at_a_given_time_then_reviewed() {
    let h = harness();
    let number = issued_invoice(&h);
    // Today (2026-11-29) nothing is due; within 30 days the courtesy stage comes.
    let l = invoke(&h, "list_reminders", json!({ "req": { "days_ahead": 30 } })).unwrap();
    assert_eq!(l["due"], json!([]), "{l}");
    assert_eq!(l["upcoming"][0]["number"], number.as_str());
    assert_eq!(l["upcoming"][0]["due_on"], "2026-12-26");
    assert_eq!(l["enabled"], false);
    // On 2027-01-06 (+8 days) the second stage is due, not the ones it skipped over.
    let l = invoke(
        &h,
        "list_reminders",
        json!({ "req": { "now": "2027-01-06", "days_ahead": 7 } }),
    )
    .unwrap();
    assert_eq!(l["today"], "2027-01-06", "{l}");
    let due = l["due"].as_array().unwrap();
    assert_eq!(due.len(), 1, "{l}");
    assert_eq!(due[0]["stage"], "second");

    // Review mode: the run records it for approval, sends nothing.
    let mut s = invoke(&h, "reminder_settings", json!({ "req": {} })).unwrap();
    s["enabled"] = json!(true);
    s["review"] = json!(true);
    invoke(
        &h,
        "set_reminder_settings",
        json!({ "req": { "settings": s } }),
    )
    .unwrap();
    let run = invoke(
        &h,
        "run_reminders",
        json!({ "req": { "now": "2027-01-06", "no_delivery": true } }),
    )
    .unwrap();
    assert_eq!(run["in_review"], 1, "{run}");
    assert_eq!(run["reminders"][0]["outcome"], "in_review");
    let l = invoke(
        &h,
        "list_reminders",
        json!({ "req": { "now": "2027-01-06" } }),
    )
    .unwrap();
    let waiting = l["in_review"].as_array().unwrap();
    assert_eq!(waiting.len(), 1, "{l}");
    let id = waiting[0]["id"].clone();
    let skipped = invoke(&h, "skip_reminder", json!({ "req": { "reminder_id": id } })).unwrap();
    assert_eq!(skipped["status"], "skipped");
    let e = invoke(
        &h,
        "approve_reminder",
        json!({ "req": { "reminder_id": id } }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "conflict", "{e}");
    let r = invoke(
        &h,
        "invoice_reminders",
        json!({ "req": { "document": number } }),
    )
    .unwrap();
    assert_eq!(r["history"][0]["stage"], "second", "{r}");
    assert_eq!(r["history"][0]["status"], "skipped");
    // The UI's language for the notifications.
    invoke(
        &h,
        "set_ui_language",
        json!({ "req": { "language": "en" } }),
    )
    .unwrap();
}
