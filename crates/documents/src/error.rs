//! Why a document could not be produced.

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The document cannot be expressed in this format (e.g. a draft as an e-invoice).
    #[error("{0}")]
    Unsupported(String),
    #[error("XML writing failed: {0}")]
    Xml(String),
    #[error("PDF writing failed: {0}")]
    Pdf(String),
}

pub type DocumentResult<T> = Result<T, DocumentError>;
