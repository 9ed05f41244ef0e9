//! Launches timed without WebDriver, by what the launched program prints: the app started
//! alone (its `AUTOINVOICE_STARTUP_TRACE=1` steps, up to the page's "first screen painted"
//! and the window's next paint), and the floor, a bare WebKitGTK window (webkit_floor.rs).
//! Each is timed to the window's paint after the page's frame began: when the first screen
//! is on screen. (The page's own report comes at the start of that frame; drawn with GL
//! through a software rasterizer, the frame took a further 200–250 ms to reach the window.)
//! Part of the desktop benchmark.

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

/// The steps up to `rendered` (the page's frame with its content begun), then up to the
/// window's first paint after that frame began, added as "on screen": when the frame reached
/// the window. (The page's report may be printed after a paint that followed it.)
fn steps_until_on_screen(
    lines: &std::sync::mpsc::Receiver<String>,
    spawned: f64,
    rendered: &str,
) -> Vec<(String, f64)> {
    let mut steps = steps_until(lines, spawned, rendered);
    let begun = steps.last().map_or(0.0, |(_, t)| *t);
    let shown = |steps: &[(String, f64)]| {
        steps
            .iter()
            .find(|(s, t)| s == "window painted" && *t >= begun)
            .map(|(_, t)| *t)
    };
    let at = loop {
        if let Some(at) = shown(&steps) {
            break at;
        }
        steps.extend(steps_until(lines, spawned, "window painted"));
    };
    steps.push(("on screen".into(), at));
    steps
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

/// Whether the machine has a GPU render node: WebKit then composites with it, in the app too.
fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// The floor: a bare WebKitGTK window painting a one-line page (webkit_floor.rs), `runs`
/// times. What any WebKitGTK app pays on this machine before its own page counts.
pub fn floor_launches(runs: usize) {
    let all: Vec<Vec<(String, f64)>> = (0..runs)
        .map(|_| {
            let spawned = epoch_ms();
            let mut floor = std::process::Command::new(env!("CARGO_BIN_EXE_webkit-floor"));
            if !has_render_node() {
                // Drawn as the app draws on a machine without a GPU (src-tauri/src/rendering.rs).
                floor.env("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
            }
            let (child, lines) = spawn_reading(&mut floor, false);
            let steps = steps_until_on_screen(&lines, spawned, "painted");
            kill_group(child);
            steps
        })
        .collect();
    let step_median = |name: &str| step_median(&all, name);
    let totals = totals(&all);
    println!(
        "the floor, a bare WebKitGTK window painting a one-line page (no Tauri, no app): on screen \
         at a median {:.0} ms (runs: {} ms; main at {:.0}, GTK started at {:.0}, the page starts \
         loading at {:.0}, its frame begins at {:.0} ms)",
        median(totals.clone()),
        fmt_runs(&totals),
        step_median("main"),
        step_median("gtk started"),
        step_median("page load started"),
        step_median("painted"),
    );
    print_slowest(&all);
}

/// One launch of the app alone, without WebDriver, as a user starts it: the times (ms after
/// the spawn) at which it printed each start-up step (`AUTOINVOICE_STARTUP_TRACE=1`), up to
/// the window's paint after the page's "first screen painted", with `env` added.
fn direct_launch(db: &Path, documents: &Path, env: &[(&str, &str)]) -> Vec<(String, f64)> {
    let spawned = epoch_ms();
    let (child, lines) = spawn_reading(
        std::process::Command::new(driver::env_path("AUTOINVOICE_APP"))
            .envs(env.iter().copied())
            .env("AUTOINVOICE_DB", db)
            .env("AUTOINVOICE_DOCUMENTS_DIR", documents)
            .env("AUTOINVOICE_KEYRING", "keyutils")
            .env("AUTOINVOICE_STARTUP_TRACE", "1"),
        true,
    );
    let steps = steps_until_on_screen(&lines, spawned, "first screen painted");
    kill_group(child);
    steps
}

/// Launches without WebDriver, `runs` times for each variant (a name and the app's extra
/// environment, taking turns): the median time until the first screen is on screen, and to
/// each step before it.
pub fn direct_launches(
    what: &str,
    db: &Path,
    documents: &Path,
    runs: usize,
    variants: &[(&str, &[(&str, &str)])],
) {
    let mut all = vec![Vec::new(); variants.len()];
    for _ in 0..runs {
        for (i, (_, env)) in variants.iter().enumerate() {
            all[i].push(direct_launch(db, documents, env));
        }
    }
    for ((variant, _), all) in variants.iter().zip(&all) {
        let step_median = |name: &str| step_median(all, name);
        let totals = totals(all);
        println!(
            "launch → first interactive screen on screen, without WebDriver ({what}{variant}): \
             median {:.0} ms (runs: {} ms; main at {:.0}, the page starts loading at {:.0}, the \
             frame with the first screen begins at {:.0} ms)  [target ≤ 600 ms]",
            median(totals.clone()),
            fmt_runs(&totals),
            step_median("main"),
            step_median("page load started"),
            step_median("first screen painted"),
        );
        print_slowest(all);
    }
}

/// The steps of the slowest of `all` launches, when it took over 1.5 times the median: where
/// a slow launch lost its time.
fn print_slowest(all: &[Vec<(String, f64)>]) {
    let totals = totals(all);
    let typical = median(totals.clone());
    let Some((slowest, total)) = all.iter().zip(totals).max_by(|a, b| a.1.total_cmp(&b.1)) else {
        return;
    };
    if total > typical * 1.5 {
        let steps: Vec<String> = slowest
            .iter()
            .map(|(step, at)| format!("{step} {at:.0}"))
            .collect();
        println!("  the slowest launch, {total:.0} ms: {}", steps.join(", "));
    }
}
