//! The local Stripe stand-in (tests/stripe/server.py), started and stopped by the tests, and
//! its test controls: pay a link, refund, inject faults, read what it received.

#![allow(dead_code, clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdin, Command, Stdio};

/// The secret key the stand-in accepts, and one restricted key without payment links.
pub const KEY: &str = "sk_test_51AutoInvoiceLocalStandInKey0000000000000000000042";
pub const RESTRICTED_KEY: &str = "rk_test_51AutoInvoiceNoPaymentLinks00000000000000000000007";

pub struct StripeServer {
    child: Child,
    _stdin: ChildStdin,
    pub port: u16,
}

impl StripeServer {
    pub fn start() -> Self {
        // From the tests crate or from tests/desktop.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let script = [
            root.join("stripe/server.py"),
            root.join("../stripe/server.py"),
        ]
        .into_iter()
        .find(|p| p.is_file())
        .expect("tests/stripe/server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args(["--key", KEY, "--restricted-key", RESTRICTED_KEY])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tests/stripe/server.py (python3)");
        let stdin = child.stdin.take().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the stand-in said {line:?}"));
        Self {
            child,
            _stdin: stdin,
            port,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// POSTs a test control and returns its JSON answer.
    pub fn control(&self, path: &str, body: serde_json::Value) -> serde_json::Value {
        let body = body.to_string();
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "POST /_test/{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        let json = answer.split("\r\n\r\n").nth(1).unwrap_or("null");
        serde_json::from_str(json).unwrap()
    }

    /// The customer pays the link (a completed Checkout Session, a succeeded PaymentIntent).
    pub fn pay(&self, link: &str) -> serde_json::Value {
        self.control("pay", serde_json::json!({ "payment_link": link }))
    }

    pub fn state(&self) -> serde_json::Value {
        self.control("state", serde_json::json!({}))
    }

    pub fn fault(&self, fault: serde_json::Value) {
        self.control("fault", fault);
    }

    /// The requests received so far, method and path.
    pub fn requests(&self) -> Vec<serde_json::Value> {
        self.state()["log"].as_array().unwrap().clone()
    }
}

impl Drop for StripeServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
