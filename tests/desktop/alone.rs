//! Launches timed without WebDriver, by what the launched program prints: the app started
//! alone (its `AUTOINVOICE_STARTUP_TRACE=1` steps, up to the page's "first screen painted"),
//! and the floor, a bare WebKitGTK window (webkit_floor.rs). Part of the desktop benchmark.

use crate::{driver, epoch_ms, fmt_runs, median};
use std::path::Path;
use std::time::Duration;

/// The times (ms after `spawned`) of the `<step> at <ms since the epoch>` lines `lines`
/// brings, up to `last`.
fn steps_until(
    lines: &std::sync::mpsc::Receiver<String>,
    spawned: f64,
    last: &str,
) -> Vec<(String, f64)> {
    let mut steps = Vec::new();
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no '{last}' within 20 s (steps so far: {steps:?})"));
        // "[startup: ]<step> at <epoch ms>[ (+<ms> ms)]"
        let line = line.strip_prefix("startup: ").unwrap_or(&line);
        let Some((step, at)) = line.rsplit_once(" at ") else {
            continue;
        };
        let Some(Ok(at)) = at.split_whitespace().next().map(str::parse::<f64>) else {
            continue;
        };
        steps.push((step.to_string(), at - spawned));
        if step == last {
            return steps;
        }
    }
}

/// Spawns `cmd` in a process group of its own and hands the lines of `stream` (stdout or
/// stderr, piped) over a channel.
fn spawn_reading(
    cmd: &mut std::process::Command,
    stderr: bool,
) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    use std::os::unix::process::CommandExt;
    let (out, err) = if stderr {
        (std::process::Stdio::null(), std::process::Stdio::piped())
    } else {
        (std::process::Stdio::piped(), std::process::Stdio::null())
    };
    let mut child = cmd
        .process_group(0)
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("the program starts");
    let stream: Box<dyn std::io::Read + Send> = if stderr {
        Box::new(child.stderr.take().unwrap())
    } else {
        Box::new(child.stdout.take().unwrap())
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stream)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// The median time of `name` over launches' steps.
fn step_median(all: &[Vec<(String, f64)>], name: &str) -> f64 {
    median(
        all.iter()
            .filter_map(|steps| steps.iter().find(|(s, _)| s == name).map(|(_, t)| *t))
            .collect(),
    )
}

/// Each launch's last step's time: the whole launch.
fn totals(all: &[Vec<(String, f64)>]) -> Vec<f64> {
    all.iter().map(|steps| steps.last().unwrap().1).collect()
}

/// Ends `child` and every process of its group (the app's WebKit processes).
fn kill_group(mut child: std::process::Child) {
    let _ = std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.kill();
    let _ = child.wait();
    std::thread::sleep(Duration::from_millis(300));
}

/// The floor: a bare WebKitGTK window painting a one-line page (webkit_floor.rs), `runs`
/// times. What any WebKitGTK app pays on this machine before its own page counts.
pub fn floor_launches(runs: usize) {
    let all: Vec<Vec<(String, f64)>> = (0..runs)
        .map(|_| {
            let spawned = epoch_ms();
            let (child, lines) = spawn_reading(
                &mut std::process::Command::new(env!("CARGO_BIN_EXE_webkit-floor")),
                false,
            );
            let steps = steps_until(&lines, spawned, "painted");
            kill_group(child);
            steps
        })
        .collect();
    let step_median = |name: &str| step_median(&all, name);
    let totals = totals(&all);
    println!(
        "the floor, a bare WebKitGTK window painting a one-line page (no Tauri, no app): median \
         {:.0} ms (runs: {} ms; main at {:.0}, GTK started at {:.0}, the page starts loading at {:.0} ms)",
        median(totals.clone()),
        fmt_runs(&totals),
        step_median("main"),
        step_median("gtk started"),
        step_median("page load started"),
    );
}

/// One launch of the app alone, without WebDriver, as a user starts it: the times (ms after
/// the spawn) at which it printed each start-up step (`AUTOINVOICE_STARTUP_TRACE=1`), up to
/// the page's "first screen painted".
fn direct_launch(db: &Path, documents: &Path) -> Vec<(String, f64)> {
    let spawned = epoch_ms();
    let (child, lines) = spawn_reading(
        std::process::Command::new(driver::env_path("AUTOINVOICE_APP"))
            .env("AUTOINVOICE_DB", db)
            .env("AUTOINVOICE_DOCUMENTS_DIR", documents)
            .env("AUTOINVOICE_KEYRING", "keyutils")
            .env("AUTOINVOICE_STARTUP_TRACE", "1"),
        true,
    );
    let steps = steps_until(&lines, spawned, "first screen painted");
    kill_group(child);
    steps
}

/// Launches without WebDriver, `runs` times: the median time to the first screen painted and
/// to each step before it.
pub fn direct_launches(what: &str, db: &Path, documents: &Path, runs: usize) {
    let all: Vec<Vec<(String, f64)>> = (0..runs).map(|_| direct_launch(db, documents)).collect();
    let step_median = |name: &str| step_median(&all, name);
    let totals = totals(&all);
    println!(
        "launch → first interactive screen without WebDriver ({what}): median {:.0} ms (runs: {} ms; \
         main at {:.0}, the page starts loading at {:.0} ms)  [target ≤ 600 ms]",
        median(totals.clone()),
        fmt_runs(&totals),
        step_median("main"),
        step_median("page load started"),
    );
}
