//! The IPC commands without a window (`tauri::test`, mock runtime): what the UI sends is what
//! the API receives, results come back as JSON, and errors cross as `{code, message}`.

#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{Value, json};
use support::{closed_port, customer, harness, invoke, issued_invoice, organization};

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
fn first_screen_holds_the_dashboard_once_there_is_an_organization() {
    let h = harness();
    let empty = invoke(&h, "first_screen", json!({})).unwrap();
    assert_eq!(empty["organizations"], json!([]), "{empty}");
    assert!(empty["dashboard"].is_null());
    assert!(empty["info"]["version"].is_string());
    let number = issued_invoice(&h);
    // Asked again (the prepared answer was taken): the new organization and its dashboard.
    let s = invoke(&h, "first_screen", json!({})).unwrap();
    let org_id = s["organizations"][0]["id"].clone();
    assert_eq!(s["dashboard"]["org_id"], org_id, "{s}");
    assert_eq!(s["dashboard"]["drafts"], json!([]));
    assert_eq!(
        s["dashboard"]["overdue"],
        json!([]),
        "due in 30 days: not overdue"
    );
    assert_eq!(s["dashboard"]["reminder_days"], 14);
    assert_eq!(s["dashboard"]["reminders"]["due_total"], 0);
    // Due in 30 days: its courtesy reminder (3 days before) is 27 days away, past the 14
    // the dashboard looks ahead; the invoice shows in no list yet.
    assert_eq!(s["dashboard"]["reminders"]["upcoming"], json!([]), "{s}");
    assert_eq!(s["dashboard"]["dashboard"]["figures"][0]["open_count"], 1);
    let listed = invoke(&h, "list_documents", json!({ "req": {} })).unwrap();
    assert_eq!(listed["items"][0]["number"], number.as_str());
    // The same screen for a named organization; an unknown one is an error by code.
    let d = invoke(
        &h,
        "dashboard_screen",
        json!({ "req": { "org_id": org_id } }),
    )
    .unwrap();
    assert_eq!(d, s["dashboard"]);
    let e = invoke(&h, "dashboard_screen", json!({ "req": { "org_id": 999 } })).unwrap_err();
    assert_eq!(e["code"], "not_found", "{e}");
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
fn startup_reached_takes_a_step_and_refuses_a_malformed_one() {
    let h = harness();
    let step =
        json!({ "req": { "step": "first screen painted", "at_epoch_ms": 1_795_000_000_000.5 } });
    assert_eq!(invoke(&h, "startup_reached", step).unwrap(), json!(null));
    for bad in [
        json!({ "req": { "step": "x" } }),
        json!({ "req": { "step": "x", "at_epoch_ms": "soon" } }),
        json!({ "req": { "step": "x", "at_epoch_ms": 1, "extra": true } }),
    ] {
        assert!(invoke(&h, "startup_reached", bad.clone()).is_err(), "{bad}");
    }
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
