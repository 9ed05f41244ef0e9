//! The test SMTP server (tests/smtp/server.py on Debian's python3-aiosmtpd), started and
//! stopped by the tests themselves, and what it received, read back from its folder.

#![allow(dead_code, clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Plain,
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Default)]
pub struct Opts {
    pub mode: Option<Mode>,
    pub login: Option<(String, String)>,
    /// Wait (ms, MIN:MAX) after storing a message, before the 250.
    pub delay_ms: Option<(u64, u64)>,
    /// A given port (default: a free one).
    pub port: Option<u16>,
}

pub struct SmtpServer {
    child: Child,
    _stdin: ChildStdin,
    pub port: u16,
    pub maildir: PathBuf,
    faults: PathBuf,
    /// The PEM of the server's self-signed certificate (TLS modes).
    pub cert_pem: Option<String>,
    _dir: tempfile::TempDir,
}

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub raw: String,
    pub meta: serde_json::Value,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\r\n\r\n").next().unwrap_or_default();
        // Unfold continuation lines first.
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.split("\r\n").find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

fn python() -> String {
    if let Ok(p) = std::env::var("AUTOINVOICE_SMTP_PYTHON") {
        return p;
    }
    for p in ["/usr/bin/python3", "python3"] {
        let ok = Command::new(p)
            .args(["-c", "import aiosmtpd"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return p.to_owned();
        }
    }
    panic!("no Python with aiosmtpd: run scripts/setup.sh (installs python3-aiosmtpd)");
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A self-signed certificate for 127.0.0.1 and localhost (an end-entity certificate, as
/// rustls wants), made with openssl.
fn make_cert(dir: &Path) -> (PathBuf, PathBuf) {
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .args([
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-addext",
            "basicConstraints=critical,CA:FALSE",
            "-addext",
            "extendedKeyUsage=serverAuth",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("openssl");
    assert!(status.success(), "openssl could not make a certificate");
    (cert, key)
}

impl SmtpServer {
    pub fn start(opts: Opts) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("mail");
        std::fs::create_dir_all(&maildir).unwrap();
        let faults = dir.path().join("faults.json");
        std::fs::write(&faults, "{}").unwrap();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/smtp/server.py");
        let mode = opts.mode.unwrap_or(Mode::Plain);
        for _ in 0..5 {
            let port = opts.port.unwrap_or_else(free_port);
            let mut cmd = Command::new(python());
            cmd.arg(script)
                .arg("--port")
                .arg(port.to_string())
                .arg("--maildir")
                .arg(&maildir)
                .arg("--faults")
                .arg(&faults)
                .arg("--mode")
                .arg(match mode {
                    Mode::Plain => "plain",
                    Mode::Starttls => "starttls",
                    Mode::Tls => "tls",
                });
            let mut cert_pem = None;
            if mode != Mode::Plain {
                let (cert, key) = make_cert(dir.path());
                cert_pem = Some(std::fs::read_to_string(&cert).unwrap());
                cmd.arg("--cert").arg(cert).arg("--key").arg(key);
            }
            if let Some((u, p)) = &opts.login {
                cmd.args(["--user", u, "--password", p]);
            }
            if let Some((lo, hi)) = opts.delay_ms {
                cmd.arg("--delay-ms").arg(format!("{lo}:{hi}"));
            }
            let mut child = cmd
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("start the SMTP server");
            let stdin = child.stdin.take().unwrap();
            let mut line = String::new();
            BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut line)
                .unwrap();
            if line.trim() == "READY" {
                return Self {
                    child,
                    _stdin: stdin,
                    port,
                    maildir,
                    faults,
                    cert_pem,
                    _dir: dir,
                };
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("the SMTP server did not start");
    }

    /// Faults for the next commands, e.g. `{"rcpt": "450 4.2.1 busy"}`; `{}` clears them.
    pub fn set_faults(&self, json: &str) {
        let tmp = self.faults.with_extension("tmp");
        std::fs::write(&tmp, json).unwrap();
        std::fs::rename(tmp, &self.faults).unwrap();
    }

    /// Every message received, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.maildir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| Received {
                raw: String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned(),
                meta: serde_json::from_slice(&std::fs::read(p.with_extension("json")).unwrap())
                    .unwrap(),
            })
            .collect()
    }

    pub fn count(&self) -> usize {
        std::fs::read_dir(&self.maildir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "eml"))
            })
            .count()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SmtpServer {
    /// A plain server without login on a given port (a server that comes back up).
    pub fn start_on(port: u16) -> Self {
        Self::start(Opts {
            port: Some(port),
            ..Opts::default()
        })
    }
}
