//! The mail benchmark: queue 1,000 invoice emails (each with its Factur-X PDF rendered and
//! attached) and deliver them over SMTP to a real server on loopback (aiosmtpd), then print
//! messages per second for both phases and the process's peak memory.
//! `cargo bench -p autoinvoice-tests --bench mail` (BENCH_MAILS=N for another count).

#![allow(clippy::unwrap_used, clippy::float_arithmetic)]

#[path = "../smtp/harness.rs"]
mod harness;
#[path = "../smtp/setup.rs"]
mod setup;

use harness::{Mode, Opts, SmtpServer};
use std::time::Instant;

/// Peak resident memory of this process (Linux), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let n: usize = std::env::var("BENCH_MAILS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let srv = SmtpServer::start(Opts {
            mode: Some(Mode::Plain),
            ..Opts::default()
        });
        let (b, api) = setup::book().await;
        api.set_mail_config(setup::config(&srv, Mode::Plain, None, false, None))
            .await
            .unwrap();
        let mut numbers = Vec::new();
        for _ in 0..20 {
            numbers.push(b.issued_invoice().await.number.unwrap());
        }
        let started = Instant::now();
        for i in 0..n {
            setup::send(&api, &numbers[i % numbers.len()]).await;
        }
        let queued = started.elapsed();
        let started = Instant::now();
        let report = api.outbox_run(None).await.unwrap();
        let delivered = started.elapsed();
        assert_eq!(report.sent, n as u64, "{report:?}");
        assert_eq!(srv.count(), n, "counted at the server");
        let bytes: u64 = std::fs::read_dir(&srv.maildir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .map(|e| e.metadata().unwrap().len())
            .sum();
        println!(
            "mail: {n} invoice emails queued in {:.2} s ({:.0} msg/s, PDF rendered per message), delivered in {:.2} s ({:.0} msg/s, {:.1} KB each) to aiosmtpd on loopback; peak RSS {:.1} MB",
            queued.as_secs_f64(),
            n as f64 / queued.as_secs_f64(),
            delivered.as_secs_f64(),
            n as f64 / delivered.as_secs_f64(),
            bytes as f64 / n as f64 / 1024.0,
            peak_rss_mb().unwrap_or(f64::NAN),
        );
    });
}
