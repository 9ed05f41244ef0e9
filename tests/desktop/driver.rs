//! The release app in a real window, driven through tauri-driver and WebKitWebDriver: one
//! driver per app session, in its own process group so that the driver, WebKitWebDriver,
//! the app and WebKit's helper processes all go when the session ends, even on a panic.
//! `scripts/e2e.sh` and `scripts/desktop-bench.sh` set AUTOINVOICE_APP and TAURI_DRIVER.

#![allow(
    dead_code,
    reason = "shared by the e2e test and the bench, each of which uses a part"
)]

use fantoccini::{Client, ClientBuilder};
use serde_json::json;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os(name).unwrap_or_else(|| {
        panic!("{name} is not set: run this through scripts/e2e.sh or scripts/desktop-bench.sh")
    }))
}

/// A loopback port nobody listens on (a WebDriver left over by another run must not answer
/// for our app).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A WebDriver call that must answer within 20 s (a stuck driver fails the step, named).
pub async fn within<T>(what: &str, fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), fut)
        .await
        .unwrap_or_else(|_| panic!("WebDriver did not answer within 20 s: {what}"))
}

/// The app on the given database and documents folder, and the WebDriver client to it.
pub struct Driven {
    pub driver: Child,
    pub client: Client,
}

impl Driven {
    pub async fn start(db: &Path, documents: &Path) -> Self {
        Self::start_with(db, documents, &[]).await
    }

    /// `start`, with more environment for the app (the driver passes its own on).
    pub async fn start_with(db: &Path, documents: &Path, env: &[(&str, &str)]) -> Self {
        let port = free_port();
        let native_port = free_port();
        // A variant may name another build of the app (the bench compares builds so).
        let app = env
            .iter()
            .find(|(k, _)| *k == "AUTOINVOICE_APP")
            .map_or_else(|| env_path("AUTOINVOICE_APP"), |(_, v)| PathBuf::from(v));
        let driver = Command::new(env_path("TAURI_DRIVER"))
            .process_group(0)
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("AUTOINVOICE_DB", db)
            .env("AUTOINVOICE_DOCUMENTS_DIR", documents)
            // Deterministic: no desktop bus here. No test stores a password in the app.
            .env("AUTOINVOICE_KEYRING", "keyutils")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver starts");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app.to_str().unwrap() }),
        );
        caps.insert("browserName".into(), json!("wry"));
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("no WebDriver session on {url}: {e}"),
            }
        };
        Self { driver, client }
    }

    /// The processes of this session (driver, WebKitWebDriver, app, WebKit helpers).
    pub fn processes(&self) -> Vec<u32> {
        let group = self.driver.id();
        let mut out = Vec::new();
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            if let Some(stat) = proc_stat(pid)
                && stat.get(2).and_then(|g| g.parse::<u32>().ok()) == Some(group)
            {
                out.push(pid);
            }
        }
        out
    }

    pub async fn close(self) {
        let _ = within("close", self.client.clone().close()).await;
    }
}

impl Drop for Driven {
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        std::thread::sleep(Duration::from_millis(300));
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.wait();
    }
}

/// The fields of /proc/PID/stat after the command name: state is [0], ppid [1], pgrp [2],
/// starttime [19].
pub fn proc_stat(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(") ")?.1;
    Some(after.split_whitespace().map(str::to_owned).collect())
}

/// A process's command name.
pub fn proc_name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}
