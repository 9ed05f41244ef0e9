//! `autoinvoice`: every AutoInvoice capability from the command line.
//! Exit codes: 0 success, 1 an error with a one-line message, 2 usage.

mod args;
mod backup;
mod bank;
mod input;
mod mail;
mod online;
mod output;
mod progress;
mod purchase;
mod recurring;
mod reminder_review;
mod reminders;
mod reports;
mod run;

use clap::Parser;
use std::process::ExitCode;

/// See the workspace Cargo.toml: faster PDFs than glibc's allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let json = cli.json;
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            if json {
                println!("{}", serde_json::to_string(&e).unwrap_or_default());
            }
            eprintln!("error: {}", e.message.replace('\n', " "));
            ExitCode::from(1)
        }
    }
}
