//! The reminder commands without a window (`tauri::test`, mock runtime): settings, pauses,
//! the list at a given time, review.

#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use support::{harness, invoke, issued_invoice, organization};

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
    assert_eq!(l["due_total"], 1);
    // The dashboard asks for the first rows only; the totals still count them all.
    let l = invoke(
        &h,
        "list_reminders",
        json!({ "req": { "now": "2027-01-06", "days_ahead": 7, "limit": 0 } }),
    )
    .unwrap();
    assert_eq!(l["due"], json!([]), "{l}");
    assert_eq!(l["due_total"], 1);

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
    // Deciding them all checks the count the person saw first.
    let e = invoke(
        &h,
        "review_all_reminders",
        json!({ "req": { "approve": false, "expected": 2 } }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "review_changed", "{e}");
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
    let all = invoke(
        &h,
        "review_all_reminders",
        json!({ "req": { "approve": true, "expected": 0 } }),
    )
    .unwrap();
    assert_eq!(all, json!({ "decided": [], "failed": [] }));
    // The UI's language for the notifications.
    invoke(
        &h,
        "set_ui_language",
        json!({ "req": { "language": "en" } }),
    )
    .unwrap();
}
