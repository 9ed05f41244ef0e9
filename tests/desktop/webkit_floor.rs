//! The floor under the desktop app's launch time: a bare WebKitGTK window (the same GTK and
//! WebKitGTK the app runs on, no Tauri, no app) that loads a one-line page. It prints
//! `painted at <ms since the Unix epoch>`, taken in the page at the frame after its content
//! is in the document (as the app's own report is), and quits. The desktop benchmark times
//! it from the spawn: what any WebKitGTK app pays on this machine before its own page counts.

#![allow(clippy::expect_used)]

use gtk::prelude::*;
use std::time::{SystemTime, UNIX_EPOCH};
use webkit2gtk::{LoadEvent, WebView, WebViewExt};

fn epoch_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

const PAGE: &str = "<!doctype html><html><body><h1>AutoInvoice</h1><p>Bare WebKitGTK.</p>\
<script>requestAnimationFrame(() => { document.title = 'painted ' + \
(performance.timeOrigin + performance.now()); });</script></body></html>";

fn main() {
    println!("main at {}", epoch_ms());
    gtk::init().expect("GTK starts (a display is needed)");
    println!("gtk started at {}", epoch_ms());
    let window = gtk::Window::new(gtk::WindowType::Toplevel);
    window.set_default_size(1200, 800);
    let webview = WebView::new();
    window.add(&webview);
    webview.connect_title_notify(|view| {
        if let Some(at) = view
            .title()
            .as_deref()
            .and_then(|t| t.strip_prefix("painted "))
        {
            println!("painted at {at}");
            gtk::main_quit();
        }
    });
    webview.connect_load_changed(|_, event| {
        if event == LoadEvent::Started {
            println!("page load started at {}", epoch_ms());
        }
    });
    webview.load_html(PAGE, None);
    window.show_all();
    gtk::main();
}
