//! The floor under the desktop app's launch time: a bare WebKitGTK window (the same GTK and
//! WebKitGTK the app runs on, no Tauri, no app) that loads a one-line page. It prints
//! `painted at <ms since the Unix epoch>`, taken in the page at the frame after its content
//! is in the document (as the app's own report is), then `window painted at …` for each paint
//! of the window, and quits at the first paint after that frame. The desktop benchmark times
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
        }
    });
    webview.connect_load_changed(|_, event| {
        if event == LoadEvent::Started {
            println!("page load started at {}", epoch_ms());
        }
    });
    webview.load_html(PAGE, None);
    window.show_all();
    // The window's paints: the first after "painted" shows the page's frame on screen.
    if let Some(clock) = window.frame_clock() {
        let frame_seen = std::rc::Rc::new(std::cell::Cell::new(false));
        let seen = frame_seen.clone();
        webview.connect_title_notify(move |_| seen.set(true));
        clock.connect_after_paint(move |_| {
            println!("window painted at {}", epoch_ms());
            if frame_seen.get() {
                gtk::main_quit();
            }
        });
    }
    gtk::main();
}
