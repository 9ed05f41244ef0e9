//! One app session for the end-to-end tests, and what they check with: the WebDriver steps
//! a user takes (click, fill, select, wait, screenshot), displayed amounts, the e-invoice
//! checker.

use crate::driver::{Driven, env_path, within};
use fantoccini::{Client, Locator};
use rust_decimal::Decimal;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::time::{Duration, Instant};

pub const CHECKER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/tools/einvoice-check"
);

/// One app session: its own database and documents folder, its own tauri-driver.
pub struct Session {
    pub dir: tempfile::TempDir,
    /// Ends the driver, the app and WebKit's processes when the session is dropped.
    pub _driven: Driven,
    pub client: Client,
    pub shots: PathBuf,
    pub shot_no: usize,
}

impl Session {
    pub async fn start(lang: &str) -> Self {
        Self::start_in(lang, tempfile::tempdir().unwrap(), &[]).await
    }

    /// The app on `dir` (where the test may have prepared `app.db`), with more environment.
    pub async fn start_in(lang: &str, dir: tempfile::TempDir, env: &[(&str, &str)]) -> Self {
        let shots = env_path("AUTOINVOICE_E2E_SHOTS").join(lang);
        std::fs::create_dir_all(&shots).unwrap();
        let driven = Driven::start_with(
            &dir.path().join("app.db"),
            &dir.path().join("documents"),
            env,
        )
        .await;
        Self {
            client: driven.client.clone(),
            _driven: driven,
            dir,
            shots,
            shot_no: 0,
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("app.db")
    }

    /// Polls the page for the element (a script, so no WebDriver call blocks), then gets it.
    pub async fn find(&self, testid: &str) -> fantoccini::elements::Element {
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
            if Instant::now() >= deadline {
                let seen = self.page_state().await;
                panic!("no element [data-testid={testid}] after 20 s; the page: {seen}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        within(testid, self.client.find(Locator::Css(&css)))
            .await
            .unwrap_or_else(|e| panic!("[data-testid={testid}]: {e}"))
    }

    /// What a failed wait reports: the route and the messages (toasts) on screen.
    pub async fn page_state(&self) -> String {
        let v = self
            .client
            .execute(
                "return location.hash + ' | toasts: ' + \
                 [...document.querySelectorAll('[data-testid^=toast]')] \
                 .map(e => e.textContent.trim()).join(' / ');",
                vec![],
            )
            .await;
        match v {
            Ok(v) => v.as_str().unwrap_or_default().to_owned(),
            Err(e) => format!("(not readable: {e})"),
        }
    }

    /// Clicks the element once it is enabled: a button the UI enables when a field is filled
    /// swallows a click that comes before.
    pub async fn click(&self, testid: &str) {
        let el = self.find(testid).await;
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.on(testid, "return !!el.disabled;", vec![]).await == json!(true) {
            if Instant::now() >= deadline {
                let seen = self.page_state().await;
                panic!("[data-testid={testid}] stayed disabled for 20 s; the page: {seen}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        within(testid, el.click()).await.unwrap();
    }

    pub async fn fill(&self, testid: &str, text: &str) {
        let el = self.find(testid).await;
        within(testid, el.clear()).await.unwrap();
        within(testid, el.send_keys(text)).await.unwrap();
    }

    /// Runs `js` on the element once it is there: `arguments[0]` is the element, then `args`.
    pub async fn on(
        &self,
        testid: &str,
        js: &str,
        args: Vec<serde_json::Value>,
    ) -> serde_json::Value {
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
    pub async fn select(&self, testid: &str, value: &str) {
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
    pub async fn select_index(&self, testid: &str, index: usize) {
        self.on(
            testid,
            "el.selectedIndex = args[0];
             el.dispatchEvent(new Event('change', { bubbles: true }));
             return true;",
            vec![json!(index)],
        )
        .await;
    }

    pub async fn text(&self, testid: &str) -> String {
        let v = self
            .on(testid, "return el.textContent.trim();", vec![])
            .await;
        v.as_str().unwrap_or_default().to_owned()
    }

    pub async fn attr(&self, testid: &str, name: &str) -> Option<String> {
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
    pub async fn wait_text(
        &self,
        testid: &str,
        what: &str,
        check: impl Fn(&str) -> bool,
    ) -> String {
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
    pub async fn wait_attr(&self, testid: &str, name: &str, want: &str) {
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
    pub async fn go(&self, hash: &str) {
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
    pub async fn scroll_to(&self, testid: &str) {
        self.on(
            testid,
            "el.scrollIntoView({ block: 'start' }); return true;",
            vec![],
        )
        .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    pub async fn shot(&mut self, name: &str) {
        // Let the last change paint.
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.shot_no += 1;
        let path = self.shots.join(format!("{:02}-{name}.png", self.shot_no));
        tokio::task::spawn_blocking(move || crate::x_screenshot::save(&path))
            .await
            .unwrap()
            .unwrap();
    }

    pub async fn close(self) {
        let _ = within("close", self.client.clone().close()).await;
    }
}

/// A displayed amount such as `1 234,56 €` or `€1,234.56` as a decimal.
pub fn shown_amount(text: &str) -> Decimal {
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

pub struct Words {
    pub lang: &'static str,
    pub partially_paid: &'static str,
    /// The line unit C62 as the language says it.
    pub unit: &'static str,
    pub one_document: &'static str,
    pub date_placeholder: &'static str,
    /// The dashboard's count of reminders waiting for review, for one.
    pub one_to_review: &'static str,
}

pub fn shown_amount_in(text: &str, amount: Decimal) -> bool {
    text.split(['\n', '\t'])
        .flat_map(|part| part.split("  "))
        .any(|part| {
            part.chars().any(|c| c.is_ascii_digit()) && {
                let d: String = part.chars().filter(|c| !c.is_alphabetic()).collect();
                std::panic::catch_unwind(|| shown_amount(&d)).ok() == Some(amount)
            }
        })
}

pub fn check_einvoice(pdf: &Path) {
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
