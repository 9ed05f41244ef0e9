//! A progress bar on a terminal (indicatif); nothing when output is piped or JSON.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

#[derive(Debug)]
pub struct Progress(Option<ProgressBar>);

pub fn bar(json: bool) -> Progress {
    if json || !std::io::stderr().is_terminal() {
        return Progress(None);
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40.cyan/blue} {pos}/{len} {per_sec} {eta}")
    {
        bar.set_style(style);
    }
    Progress(Some(bar))
}

impl Progress {
    pub fn update(&self, done: usize, total: usize) {
        if let Some(b) = &self.0 {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}
