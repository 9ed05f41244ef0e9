//! The desktop app as a user meets it: the release binary in a real window (Xvfb), driven
//! through tauri-driver + WebKitWebDriver. `scripts/e2e.sh` builds what this needs and runs
//! these tests with `--ignored` (they need a display and the app binary, so a plain
//! `cargo test` leaves them out rather than pass them vacuously).
//!
//! The flow, in English then in French: first-run setup → a customer → a draft invoice with
//! three lines at 20 %, 10 % and 5.5 % → the totals on screen are the API's → issue → a number
//! → the Factur-X PDF is saved and passes the e-invoice checker → a partial payment makes it
//! "partially paid" → email → payment reminders (settings with a bad policy refused by code,
//! review mode on, the invoice's reminder panel and pause switch, a reminder waiting for
//! review on the dashboard, skipped). A screenshot of every main screen goes to
//! `$AUTOINVOICE_E2E_SHOTS`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod driver;

use autoinvoice_api::{Api, DocumentRef, GetDocument, ListOutbox, RunReminders};
use driver::{Driven, env_path, free_port, within};
use fantoccini::{Client, Locator};
use rust_decimal::Decimal;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::time::{Duration, Instant};

const CHECKER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/tools/einvoice-check"
);

/// One app session: its own database and documents folder, its own tauri-driver.
struct Session {
    dir: tempfile::TempDir,
    /// Ends the driver, the app and WebKit's processes when the session is dropped.
    _driven: Driven,
    client: Client,
    shots: PathBuf,
    shot_no: usize,
}

impl Session {
    async fn start(lang: &str) -> Self {
        let shots = env_path("AUTOINVOICE_E2E_SHOTS").join(lang);
        std::fs::create_dir_all(&shots).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let driven = Driven::start(&dir.path().join("app.db"), &dir.path().join("documents")).await;
        Self {
            client: driven.client.clone(),
            _driven: driven,
            dir,
            shots,
            shot_no: 0,
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("app.db")
    }

    /// Polls the page for the element (a script, so no WebDriver call blocks), then gets it.
    async fn find(&self, testid: &str) -> fantoccini::elements::Element {
        eprintln!("e2e: {testid}");
        let css = format!("[data-testid=\"{testid}\"]");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let present = within(
                testid,
                self.client.execute(
                    "return !!document.querySelector(arguments[0])",
                    vec![json!(css)],
                ),
            )
            .await
            .unwrap();
            if present == json!(true) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "no element [data-testid={testid}] after 20 s"
            );
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        within(testid, self.client.find(Locator::Css(&css)))
            .await
            .unwrap_or_else(|e| panic!("[data-testid={testid}]: {e}"))
    }

    async fn click(&self, testid: &str) {
        let el = self.find(testid).await;
        within(testid, el.click()).await.unwrap();
    }

    async fn fill(&self, testid: &str, text: &str) {
        let el = self.find(testid).await;
        within(testid, el.clear()).await.unwrap();
        within(testid, el.send_keys(text)).await.unwrap();
    }

    /// Runs `js` on the element once it is there: `arguments[0]` is the element, then `args`.
    async fn on(&self, testid: &str, js: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.find(testid).await;
        let script = format!(
            "const el = document.querySelector(arguments[0]); \
             return ((el, ...args) => {{ {js} }})(el, ...[...arguments].slice(1));"
        );
        let mut all = vec![json!(format!("[data-testid=\"{testid}\"]"))];
        all.extend(args);
        within(testid, self.client.execute(&script, all))
            .await
            .unwrap()
    }

    /// Picks an option as a person does: the value set and a `change` event.
    async fn select(&self, testid: &str, value: &str) {
        let ok = self
            .on(
                testid,
                "if (![...el.options].some(o => o.value === args[0])) return false;
                 el.value = args[0];
                 el.dispatchEvent(new Event('change', { bubbles: true }));
                 return true;",
                vec![json!(value)],
            )
            .await;
        assert_eq!(
            ok,
            json!(true),
            "[data-testid={testid}] has no option {value}"
        );
    }

    /// Picks the option at `index` (0 is often the "choose…" placeholder).
    async fn select_index(&self, testid: &str, index: usize) {
        self.on(
            testid,
            "el.selectedIndex = args[0];
             el.dispatchEvent(new Event('change', { bubbles: true }));
             return true;",
            vec![json!(index)],
        )
        .await;
    }

    async fn text(&self, testid: &str) -> String {
        let v = self
            .on(testid, "return el.textContent.trim();", vec![])
            .await;
        v.as_str().unwrap_or_default().to_owned()
    }

    async fn attr(&self, testid: &str, name: &str) -> Option<String> {
        let v = self
            .on(
                testid,
                "return el.getAttribute(args[0]);",
                vec![json!(name)],
            )
            .await;
        v.as_str().map(str::to_owned)
    }

    /// Waits until `check` holds for the element's text (the UI answers asynchronously).
    async fn wait_text(&self, testid: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let t = self.text(testid).await;
            if check(&t) {
                return t;
            }
            assert!(
                Instant::now() < deadline,
                "[data-testid={testid}] never showed {what}; it shows {t:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element's attribute is `want`.
    async fn wait_attr(&self, testid: &str, name: &str, want: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self.attr(testid, name).await;
            if v.as_deref() == Some(want) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "[data-testid={testid}] {name} stayed {v:?}, never {want:?}"
            );
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Opens a route as a link would.
    async fn go(&self, hash: &str) {
        within(
            hash,
            self.client.execute(
                "location.hash = arguments[0]; return true;",
                vec![json!(hash)],
            ),
        )
        .await
        .unwrap();
    }

    /// Scrolls the element to the top of its scrolling screen (before a screenshot).
    async fn scroll_to(&self, testid: &str) {
        self.on(
            testid,
            "el.scrollIntoView({ block: 'start' }); return true;",
            vec![],
        )
        .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    async fn shot(&mut self, name: &str) {
        // Let the last change paint: WebKitWebDriver returns the last composited frame.
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.shot_no += 1;
        let png = within(name, self.client.screenshot()).await.unwrap();
        std::fs::write(
            self.shots.join(format!("{:02}-{name}.png", self.shot_no)),
            png,
        )
        .unwrap();
    }

    async fn close(self) {
        let _ = within("close", self.client.clone().close()).await;
    }
}

/// A displayed amount such as `1 234,56 €` or `€1,234.56` as a decimal.
fn shown_amount(text: &str) -> Decimal {
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '.' || *c == '-')
        .collect();
    let normal = if digits.contains(',') && !digits.contains('.') {
        digits.replace(',', ".")
    } else {
        digits.replace(',', "")
    };
    Decimal::from_str(&normal).unwrap_or_else(|e| panic!("{text:?} is not an amount: {e}"))
}

struct Words {
    lang: &'static str,
    partially_paid: &'static str,
    /// The line unit C62 as the language says it.
    unit: &'static str,
    one_document: &'static str,
    date_placeholder: &'static str,
    /// The dashboard's count of reminders waiting for review, for one.
    one_to_review: &'static str,
}

async fn invoice_flow(words: Words) {
    let mut s = Session::start(words.lang).await;

    // First run: the interface language, then the organization.
    s.find("org-legal_name").await;
    s.select("language-switch", words.lang).await;
    s.shot("first-run").await;
    s.fill("org-legal_name", "Camille Martin").await;
    // A SIREN with a wrong check digit is refused by Rust, shown by code, and nothing is made.
    s.fill("org-siren", "534640975").await;
    s.fill("org-line1", "12 rue de la République").await;
    s.fill("org-postcode", "69002").await;
    s.fill("org-city", "Lyon").await;
    s.click("org-submit").await;
    assert_eq!(
        s.attr("org-error", "data-code").await.as_deref(),
        Some("invalid_siren"),
        "{}",
        s.text("org-error").await
    );
    s.shot("setup-error").await;
    s.fill("org-siren", "534640974").await;
    s.fill("org-vat_number", "FR95534640974").await;
    s.select("org-language", words.lang).await;
    s.click("org-regime-normal").await;
    s.click("org-submit").await;
    s.find("nav-dashboard").await;
    s.shot("dashboard").await;

    // A customer.
    s.click("nav-customers").await;
    s.click("new-customer").await;
    s.click("cust-kind-business").await;
    s.fill("cust-name", "Boulangerie Dupont SARL").await;
    s.fill("cust-siren", "302466339").await;
    s.fill("cust-vat_number", "FR16302466339").await;
    s.fill("cust-line1", "3 place Bellecour").await;
    s.fill("cust-postcode", "69002").await;
    s.fill("cust-city", "Lyon").await;
    s.fill("cust-emails", "compta@dupont.example").await;
    s.shot("customer-form").await;
    s.click("cust-submit").await;
    s.wait_text("customer-table", "the new customer", |t| {
        t.contains("Dupont")
    })
    .await;
    s.shot("customers").await;

    // A draft with three lines at three VAT rates.
    s.click("nav-invoices").await;
    s.click("new-invoice").await;
    s.select_index("customer-picker", 1).await;
    let lines = [
        ("Développement site vitrine", "3", "450.00", "20"),
        ("Repas de chantier", "4", "12.50", "10"),
        ("Livre « Le web en 10 leçons »", "2", "24.90", "5.5"),
    ];
    for (i, (desc, qty, price, vat)) in lines.iter().enumerate() {
        if i > 0 {
            s.click("add-line").await;
        }
        s.fill(&format!("line-{i}-description"), desc).await;
        s.fill(&format!("line-{i}-quantity"), qty).await;
        s.fill(&format!("line-{i}-price"), price).await;
        let rate = format!("line-{i}-vat");
        let tag = s.find(&rate).await.prop("tagName").await.unwrap();
        if tag.as_deref() == Some("SELECT") {
            s.select(&rate, vat).await;
        } else {
            s.fill(&rate, vat).await;
        }
    }
    // 1350 + 50 + 49.80 = 1449.80 excl.; VAT 270 + 5 + 2.739→2.74 = 277.74; incl. 1727.54.
    s.wait_text("total-incl", "1727.54", |t| {
        t.chars().any(|c| c.is_ascii_digit()) && shown_amount(t) == Decimal::new(172_754, 2)
    })
    .await;
    s.click("save").await;
    s.shot("invoice-editor").await;

    // The totals on screen are the API's, to the cent.
    let api = Api::open(&s.db()).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let draft = loop {
        let page = api.list_documents(Default::default()).await.unwrap();
        if let Some(d) = page.items.first() {
            break d.clone();
        }
        assert!(Instant::now() < deadline, "the draft was never saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let record = api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap();
    let t = &record.totals;
    for (testid, expected) in [
        ("total-excl", t.tax_exclusive),
        ("total-vat", t.tax_total),
        ("total-incl", t.tax_inclusive),
    ] {
        let shown = s.text(testid).await;
        assert_eq!(shown_amount(&shown), expected, "{testid} shows {shown:?}");
        if let Some(v) = s.attr(testid, "data-value").await {
            assert_eq!(
                Decimal::from_str(&v).unwrap(),
                expected,
                "{testid} data-value"
            );
        }
    }
    assert_eq!(t.vat_breakdown.len(), 3);
    for (i, row) in t.vat_breakdown.iter().enumerate() {
        let shown = s.text(&format!("vat-row-{i}")).await;
        assert!(
            shown_amount_in(&shown, row.tax),
            "vat-row-{i} {shown:?} lacks {}",
            row.tax
        );
    }

    // Issue, after the confirmation that explains immutability.
    s.click("issue").await;
    s.find("confirm-issue").await;
    s.shot("issue-confirmation").await;
    s.click("confirm-issue").await;
    let number = s
        .wait_text("doc-number", "a number", |t| t.contains("-0001"))
        .await;
    assert!(number.contains("F-"), "{number}");
    s.shot("issued-invoice").await;

    // Save the Factur-X PDF; it is valid.
    s.click("save-pdf").await;
    let shown_path = s
        .wait_text("saved-path", "the saved file", |t| t.contains(".pdf"))
        .await;
    let pdf = s
        .dir
        .path()
        .join("documents")
        .join(format!("{}.pdf", number.trim()));
    assert!(pdf.is_file(), "{} (UI says {shown_path})", pdf.display());
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    check_einvoice(&pdf);

    // A partial payment.
    s.click("record-payment").await;
    s.fill("pay-amount", "500").await;
    s.shot("payment-form").await;
    s.click("pay-submit").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let status = s.attr("doc-status", "data-status").await;
        if status.as_deref() == Some("partially_paid") {
            break;
        }
        assert!(Instant::now() < deadline, "status stayed {status:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let label = s.text("doc-status").await;
    assert!(
        label.to_lowercase().contains(words.partially_paid),
        "status label {label:?}"
    );
    s.shot("partially-paid").await;
    // Units read as words, not UN/ECE codes.
    let lines_text = s.text("doc-lines").await;
    assert!(
        lines_text.contains(words.unit) && !lines_text.contains("C62"),
        "{lines_text:?}"
    );
    let after = api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::Number(number.trim().to_owned()),
        })
        .await
        .unwrap();
    assert_eq!(after.balance, Decimal::new(122_754, 2));

    email_flow(&mut s, &api, record.id, number.trim()).await;
    let due = after.due_date.expect("the invoice has a due date");
    reminders_flow(&mut s, &api, &words, record.id, &due.to_string()).await;

    // The list: a count with the language's plural, dates typed in the app's language, and
    // the CSV export saved into the documents folder.
    s.click("nav-invoices").await;
    s.wait_text("list-count", words.one_document, |t| {
        t == words.one_document
    })
    .await;
    assert_eq!(
        s.attr("filter-from", "placeholder").await.as_deref(),
        Some(words.date_placeholder)
    );
    s.click("export-csv").await;
    s.find("csv-saved").await;
    let csv = s
        .dir
        .path()
        .join("documents")
        .join(format!("documents-{}.csv", api.today()));
    assert!(csv.is_file(), "{}", csv.display());
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .contains(number.trim())
    );

    // The other main screens, for the record.
    for nav in ["dashboard", "invoices", "quotes", "payments", "settings"] {
        s.click(&format!("nav-{nav}")).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        s.shot(nav).await;
    }
    api.close().await;
    s.close().await;
}

/// Email: the account refused without encryption towards another machine, then saved for a
/// loopback port where nothing listens; the test email's diagnosis; the send dialog with
/// Rust's preview; the message queued, tried in the background and shown waiting with its
/// cause; the outbox screen, delivery now, and a cancel.
async fn email_flow(s: &mut Session, api: &Api, doc_id: i64, number: &str) {
    let port = free_port();
    s.click("nav-settings").await;
    s.scroll_to("settings-email").await;
    s.fill("mail-host", "smtp.example.fr").await;
    s.select("mail-security", "none").await;
    s.fill("mail-from", "camille@example.fr").await;
    s.click("mail-save").await;
    s.wait_attr("mail-error", "data-code", "insecure").await;
    s.fill("mail-host", "127.0.0.1").await;
    s.fill("mail-port", &port.to_string()).await;
    s.fill("mail-from-name", "Camille Martin").await;
    s.click("mail-save").await;
    s.find("mail-saved").await;
    assert_eq!(
        s.attr("mail-password-state", "data-stored")
            .await
            .as_deref(),
        Some("false")
    );
    s.fill("mail-test-to", "compta@dupont.example").await;
    s.click("mail-test-send").await;
    s.wait_attr("mail-test-result", "data-code", "connect")
        .await;
    s.scroll_to("settings-email").await;
    s.shot("email-settings").await;

    // Send the invoice: the preview is what Rust will send.
    s.go(&format!("#/invoices/{doc_id}")).await;
    s.click("send-email").await;
    s.wait_text("send-preview-subject", "the subject", |t| {
        t.contains(number)
    })
    .await;
    let to = s.text("send-preview-to").await;
    assert_eq!(to, "compta@dupont.example");
    s.click("send-ubl").await;
    s.wait_text("send-preview-attachments", "both attachments", |t| {
        t.contains(&format!("{number}.pdf")) && t.contains(&format!("{number}-ubl.xml"))
    })
    .await;
    s.shot("send-dialog").await;
    s.click("send-submit").await;
    s.find("send-queued").await;

    // Queued; the background delivery tries at once, finds no server, and says so.
    let items = api
        .outbox_list_req(ListOutbox {
            document: Some(DocumentRef::Id(doc_id)),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(items.len(), 1);
    let id = items[0].id;
    s.wait_attr(&format!("outbox-row-{id}"), "data-code", "connect")
        .await;
    s.scroll_to("doc-emails").await;
    s.shot("document-emails").await;

    s.click("nav-outbox").await;
    s.find(&format!("outbox-row-{id}")).await;
    s.click("outbox-run").await;
    s.find("outbox-run-done").await;
    s.shot("outbox").await;
    s.click(&format!("outbox-cancel-{id}")).await;
    s.wait_attr(&format!("outbox-row-{id}"), "data-state", "cancelled")
        .await;
}

/// Payment reminders: Settings → Reminders refuses a reminder stage before the due date by
/// its code, then saves reminders on in review mode; the invoice shows its next stage and
/// pauses; a run at the due date puts the courtesy stage up for review, which the invoice's
/// history and the dashboard show, and which is skipped from the dashboard.
async fn reminders_flow(s: &mut Session, api: &Api, words: &Words, doc_id: i64, due: &str) {
    s.click("nav-settings").await;
    s.scroll_to("settings-reminders").await;
    s.click("rem-enabled").await;
    s.click("rem-review").await;
    s.fill("rem-time-zone", "Europe/Paris").await;
    s.fill("policy-stage-1-offset", "-2").await;
    s.click("rem-save").await;
    s.wait_attr("rem-error", "data-code", "invalid_offset")
        .await;
    s.scroll_to("rem-error").await;
    s.shot("reminder-settings-error").await;
    s.fill("policy-stage-1-offset", "1").await;
    s.click("rem-save").await;
    s.find("rem-saved").await;
    let settings = api.reminder_settings(None).await.unwrap();
    assert!(settings.enabled && settings.review, "{settings:?}");
    assert_eq!(settings.time_zone.as_deref(), Some("Europe/Paris"));
    s.scroll_to("settings-reminders").await;
    s.shot("reminder-settings").await;

    // The invoice: the next stage, and the pause switch.
    s.go(&format!("#/invoices/{doc_id}")).await;
    let next = api
        .invoice_reminders(None, &DocumentRef::Id(doc_id))
        .await
        .unwrap()
        .next
        .expect("a stage to come");
    s.wait_attr("reminder-next", "data-stage", &next.stage)
        .await;
    s.wait_attr("reminder-next", "data-date", &next.due_on.to_string())
        .await;
    s.click("reminders-pause").await;
    s.wait_attr("invoice-reminders", "data-paused", "true")
        .await;
    s.wait_attr("reminder-next", "data-stage", "").await;
    s.click("reminders-pause").await;
    s.wait_attr("invoice-reminders", "data-paused", "false")
        .await;

    // A run on the due date (the CLI's clock): the courtesy stage waits for review.
    let run = api
        .run_reminders(RunReminders {
            now: Some(due.to_owned()),
            no_delivery: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(run.in_review, 1, "{run:?}");
    let id = run.reminders[0].reminder_id.unwrap();
    s.go("#/dashboard").await;
    s.go(&format!("#/invoices/{doc_id}")).await;
    s.wait_attr(
        &format!("reminder-history-row-{id}"),
        "data-status",
        "review",
    )
    .await;
    s.scroll_to("invoice-reminders").await;
    s.shot("invoice-reminders").await;

    s.click("nav-dashboard").await;
    s.find(&format!("reminder-review-row-{id}")).await;
    s.wait_text("dash-review-count", words.one_to_review, |t| {
        t == words.one_to_review
    })
    .await;
    s.scroll_to("dash-reminders").await;
    s.shot("dashboard-reminders").await;
    s.click(&format!("reminder-skip-{id}")).await;
    s.find("reminder-skipped").await;
    let history = api
        .invoice_reminders(None, &DocumentRef::Id(doc_id))
        .await
        .unwrap()
        .history;
    assert_eq!(history[0].status, "skipped", "{history:?}");
}

fn shown_amount_in(text: &str, amount: Decimal) -> bool {
    text.split(['\n', '\t'])
        .flat_map(|part| part.split("  "))
        .any(|part| {
            part.chars().any(|c| c.is_ascii_digit()) && {
                let d: String = part.chars().filter(|c| !c.is_alphabetic()).collect();
                std::panic::catch_unwind(|| shown_amount(&d)).ok() == Some(amount)
            }
        })
}

fn check_einvoice(pdf: &Path) {
    let checker = Path::new(CHECKER);
    assert!(
        checker.is_file(),
        "the e-invoice checker is missing at {CHECKER}"
    );
    let out = Command::new(checker).arg(pdf).output().unwrap();
    assert!(
        out.status.success(),
        "einvoice-check {}:\n{}{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
#[ignore = "needs a display and the release app: scripts/e2e.sh"]
async fn invoice_flow_in_english() {
    invoice_flow(Words {
        lang: "en",
        partially_paid: "partially paid",
        unit: "unit",
        one_document: "1 document",
        date_placeholder: "dd/mm/yyyy",
        one_to_review: "1 reminder to review",
    })
    .await;
}

#[tokio::test]
#[ignore = "needs a display and the release app: scripts/e2e.sh"]
async fn invoice_flow_in_french() {
    invoice_flow(Words {
        lang: "fr",
        partially_paid: "payée partiellement",
        unit: "unité",
        one_document: "1 document",
        date_placeholder: "jj/mm/aaaa",
        one_to_review: "1 relance à valider",
    })
    .await;
}
