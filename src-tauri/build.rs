//! The app's config lives at the repository root; `src-tauri/tauri.conf.json` is a symlink to
//! it, so that paths in it are relative to this crate for cargo and the Tauri CLI alike
//! (ARCHITECTURE.md, "Tauri facts").
fn main() {
    tauri_build::build();
}
