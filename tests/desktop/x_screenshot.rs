//! Screenshots of the X display (Xvfb), taken with GDK: what the screen shows, whichever way
//! WebKit draws. WebKitWebDriver's own screenshot waits for a composited frame, and hangs when
//! the app draws without GL compositing, as it does on a machine without a GPU
//! (src-tauri/src/rendering.rs).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Mutex, OnceLock};

type Request = (PathBuf, Sender<Result<(), String>>);

/// GTK lives on one thread of its own for the whole test process.
fn gtk_thread() -> &'static Mutex<Sender<Request>> {
    static THREAD: OnceLock<Mutex<Sender<Request>>> = OnceLock::new();
    THREAD.get_or_init(|| {
        let (tx, rx) = channel::<Request>();
        std::thread::spawn(move || {
            let ready = gtk::init().map_err(|e| format!("GTK cannot start: {e}"));
            for (path, reply) in rx {
                let _ = reply.send(ready.clone().and_then(|()| capture(&path)));
            }
        });
        Mutex::new(tx)
    })
}

fn capture(path: &Path) -> Result<(), String> {
    use gtk::gdk::prelude::*;
    let root = gtk::gdk::Window::default_root_window();
    let pixbuf = root
        .pixbuf(0, 0, root.width(), root.height())
        .ok_or("the display could not be read")?;
    pixbuf
        .savev(path, "png", &[])
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Saves what the display shows now as a PNG at `path`.
pub fn save(path: &Path) -> Result<(), String> {
    let (tx, rx) = channel();
    gtk_thread()
        .lock()
        .map_err(|_| "the screenshot thread failed".to_string())?
        .send((path.to_owned(), tx))
        .map_err(|_| "the screenshot thread is gone".to_string())?;
    rx.recv()
        .map_err(|_| "the screenshot thread is gone".to_string())?
}
