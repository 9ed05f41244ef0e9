//! Reading the files a command is given: size-limited, with errors that name the place.

use autoinvoice_api::{ApiError, ApiResult};
use std::path::Path;

/// Larger inputs are refused before they are read.
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

pub fn read_bytes(path: &Path) -> ApiResult<Vec<u8>> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| ApiError::new("io", format!("{shown}: {e}")))?;
    if meta.len() > MAX_INPUT_BYTES {
        return Err(ApiError::new(
            "too_large",
            format!("{shown}: larger than {} MB", MAX_INPUT_BYTES / 1024 / 1024),
        ));
    }
    std::fs::read(path).map_err(|e| ApiError::new("io", format!("{shown}: {e}")))
}

pub fn read_text(path: &Path) -> ApiResult<String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| ApiError::new("io", format!("{shown}: {e}")))?;
    if meta.len() > MAX_INPUT_BYTES {
        return Err(ApiError::new(
            "too_large",
            format!("{shown}: larger than {} MB", MAX_INPUT_BYTES / 1024 / 1024),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| ApiError::new("io", format!("{shown}: {e}")))?;
    String::from_utf8(bytes)
        .map_err(|e| ApiError::new("invalid_encoding", format!("{shown}: not UTF-8 text ({e})")))
}

pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> ApiResult<T> {
    let text = read_text(path)?;
    serde_json::from_str(&text)
        .map_err(|e| ApiError::new("invalid_json", format!("{}: {e}", path.display())))
}
