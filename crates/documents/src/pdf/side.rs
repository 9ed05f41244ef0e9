//! Work done on a second core while the main thread lays out and draws the pages: the
//! payment QR code (its mask selection is a tenth of a render) and the e-invoice XML. Both
//! depend only on the document, and the pages need neither before the QR code is drawn.

use super::qr;
use crate::error::{DocumentError, DocumentResult};
use std::thread::{Scope, ScopedJoinHandle};

/// Makes the e-invoice XML; called once, on the side thread.
pub type MakeXml<'a> = &'a (dyn Fn() -> DocumentResult<Vec<u8>> + Sync);

/// The QR code as an image: one RGBA pixel per module.
pub struct QrImage {
    pub side: u32,
    pub rgba: Vec<u8>,
}

pub struct SideOutput {
    pub qr: Option<QrImage>,
    pub xml: Option<DocumentResult<Vec<u8>>>,
}

/// The side work, started at once and joined when first needed.
pub struct Side<'scope> {
    running: Option<ScopedJoinHandle<'scope, SideOutput>>,
    done: Option<SideOutput>,
}

impl<'scope> Side<'scope> {
    /// Starts a thread only when there is something to make (not for drafts and quotes).
    pub fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        qr_payload: Option<String>,
        make_xml: Option<MakeXml<'scope>>,
    ) -> Self {
        if qr_payload.is_none() && make_xml.is_none() {
            return Self {
                running: None,
                done: Some(SideOutput {
                    qr: None,
                    xml: None,
                }),
            };
        }
        let work = move || SideOutput {
            qr: qr_payload.as_deref().and_then(qr_image),
            xml: make_xml.map(|make| make()),
        };
        Self {
            running: Some(scope.spawn(work)),
            done: None,
        }
    }

    /// Nothing to make on the side (a report: no QR code, no e-invoice).
    pub fn idle() -> Self {
        Self {
            running: None,
            done: Some(SideOutput {
                qr: None,
                xml: None,
            }),
        }
    }

    /// Waits for the side thread (once) and gives what it made.
    pub fn output(&mut self) -> DocumentResult<&mut SideOutput> {
        if let Some(running) = self.running.take() {
            let out = running
                .join()
                .map_err(|_| DocumentError::Pdf("the e-invoice or QR code failed".into()))?;
            self.done = Some(out);
        }
        self.done
            .as_mut()
            .ok_or_else(|| DocumentError::Pdf("the e-invoice or QR code failed".into()))
    }
}

fn qr_image(payload: &str) -> Option<QrImage> {
    let (width, modules) = qr::modules(payload)?;
    let rgba = modules
        .iter()
        .flat_map(|&dark| {
            if dark {
                [0, 0, 0, 255]
            } else {
                [255, 255, 255, 255]
            }
        })
        .collect();
    Some(QrImage {
        side: u32::try_from(width).ok()?,
        rgba,
    })
}
