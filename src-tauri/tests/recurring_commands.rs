//! The recurring-invoice commands without a window (`tauri::test`, mock runtime): a template
//! as the UI sends it, its preview, a run that catches up, pause, resume and delete; errors
//! by code.

#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{Value, json};
use support::{customer, harness, invoke, organization};

fn template(customer_id: &Value) -> Value {
    json!({
        "org_id": null,
        "name": "Hébergement",
        "customer_id": customer_id,
        "schedule": { "unit": "months", "interval": 1, "start": "2026-09-01", "end": null, "count": null },
        "mode": "draft",
        "service_period": "current",
        "content": {
            "currency": "EUR",
            "payment_terms_days": 30,
            "issue_date": null,
            "due_date": null,
            "lines": [{ "name": "Hébergement", "quantity": "1", "unit_price": "49.90", "vat_category": "S", "vat_rate": "20" }]
        }
    })
}

#[test]
fn a_template_made_previewed_run_paused_and_deleted_through_ipc() {
    // The harness's day is 2026-11-29.
    let h = harness();
    invoke(&h, "create_organization", json!({ "req": organization() })).unwrap();
    let c = invoke(
        &h,
        "create_customer",
        json!({ "req": { "customer": customer() } }),
    )
    .unwrap();

    let preview = invoke(
        &h,
        "preview_recurring_schedule",
        json!({ "req": { "schedule": template(&c["id"])["schedule"], "service_period": "current", "limit": 4 } }),
    )
    .unwrap();
    let dates: Vec<&str> = preview
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01"]
    );
    assert_eq!(preview[0]["period_end"], "2026-09-30");

    let t = invoke(&h, "create_recurring", json!({ "req": template(&c["id"]) })).unwrap();
    assert_eq!(t["due_now"], 3, "{t}");
    assert_eq!(t["next"]["date"], "2026-09-01");
    let id = t["id"].clone();

    let report = invoke(
        &h,
        "run_recurring",
        json!({ "req": { "org_id": null, "no_delivery": true } }),
    )
    .unwrap();
    assert_eq!(report["created"], 3, "{report}");
    assert_eq!(report["issued"], 0);
    let again = invoke(&h, "run_recurring", json!({ "req": {} })).unwrap();
    assert_eq!(again["created"], 0, "each occurrence once: {again}");

    let list = invoke(&h, "list_recurring", json!({ "req": {} })).unwrap();
    assert_eq!(list[0]["created"], 3);
    assert_eq!(list[0]["next"]["date"], "2026-12-01");
    let detail = invoke(&h, "get_recurring", json!({ "req": { "id": id } })).unwrap();
    assert_eq!(detail["occurrences"].as_array().unwrap().len(), 3);
    let docs = invoke(
        &h,
        "list_documents",
        json!({ "req": { "statuses": ["draft"] } }),
    )
    .unwrap();
    assert_eq!(docs["total"], 3, "{docs}");

    let paused = invoke(
        &h,
        "set_recurring_paused",
        json!({ "req": { "id": id, "paused": true } }),
    )
    .unwrap();
    assert_eq!(paused["template"]["paused"], true);
    let e = invoke(
        &h,
        "run_recurring",
        json!({ "req": { "template_id": id, "now": true } }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "template_paused", "{e}");

    // Once made, the schedule's start is locked.
    let mut moved = template(&c["id"]);
    moved["id"] = id.clone();
    moved["schedule"]["start"] = json!("2026-10-15");
    let e = invoke(&h, "update_recurring", json!({ "req": moved })).unwrap_err();
    assert_eq!(e["code"], "schedule_locked", "{e}");

    invoke(&h, "delete_recurring", json!({ "req": { "id": id } })).unwrap();
    assert_eq!(
        invoke(&h, "list_recurring", json!({ "req": {} })).unwrap(),
        json!([])
    );

    let mut bad = template(&c["id"]);
    bad["schedule"]["interval"] = json!(0);
    let e = invoke(&h, "create_recurring", json!({ "req": bad })).unwrap_err();
    assert_eq!(e["code"], "invalid_interval", "{e}");
}
