//! `purchase import|list|show|export`: the register of received supplier e-invoices.

use crate::input;
use crate::output::show;
use autoinvoice_api::*;
use chrono::NaiveDate;
use clap::Subcommand;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum PurchaseCommand {
    /// Import received e-invoices (Factur-X / ZUGFeRD PDF, CII or UBL XML). Each file is
    /// imported whole or not at all; a file imported before adds nothing. Exits 1 when a
    /// file was refused.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The register, newest first.
    List {
        #[arg(long)]
        from: Option<NaiveDate>,
        #[arg(long)]
        to: Option<NaiveDate>,
    },
    /// One received invoice: parties, lines, VAT, findings.
    Show { id: i64 },
    /// Write the original file, byte for byte.
    Export {
        id: i64,
        #[arg(long, short)]
        output: PathBuf,
    },
    /// The watched folder, whose e-invoices the app imports on its own: shown, set
    /// (`--folder DIR`, a full path) or turned off (`--off`).
    Inbox {
        #[arg(long, conflicts_with = "off")]
        folder: Option<PathBuf>,
        #[arg(long)]
        off: bool,
    },
    /// Import the watched folder's new files now (as the app does every minute). Exits 1
    /// when a file was refused.
    Scan,
}

#[derive(serde::Serialize)]
struct FileOutcome {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    imported: Option<PurchaseImport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ApiError>,
}

pub async fn purchase(
    api: &Api,
    json: bool,
    org: Option<i64>,
    c: PurchaseCommand,
) -> ApiResult<ExitCode> {
    match c {
        PurchaseCommand::Import { files } => return import(api, json, org, files).await,
        PurchaseCommand::List { from, to } => {
            let r = api
                .list_purchases(ListPurchases {
                    org_id: org,
                    from,
                    to,
                })
                .await?;
            show(json, &r, |r| text::list(r));
        }
        PurchaseCommand::Show { id } => {
            let r = api.purchase(PurchaseId { org_id: org, id }).await?;
            show(json, &r, text::view);
        }
        PurchaseCommand::Export { id, output } => {
            let (_, bytes) = api.purchase_file(PurchaseId { org_id: org, id }).await?;
            std::fs::write(&output, &bytes)
                .map_err(|e| ApiError::new("io", format!("{}: {e}", output.display())))?;
            show(
                json,
                &serde_json::json!({"file": output, "bytes": bytes.len()}),
                |_| format!("{} bytes written to {}", bytes.len(), output.display()),
            );
        }
        PurchaseCommand::Inbox { folder, off } => {
            let r = if off || folder.is_some() {
                api.set_purchase_inbox(PurchaseInbox {
                    org_id: org,
                    // A relative path is taken from the current directory, as a shell user means.
                    folder: folder
                        .map(|f| std::path::absolute(&f).unwrap_or(f).display().to_string()),
                })
                .await?
            } else {
                api.purchase_inbox(org).await?
            };
            show(json, &r, |r| match &r.folder {
                Some(f) => format!("watched folder: {f}"),
                None => "no folder is watched".to_owned(),
            });
        }
        PurchaseCommand::Scan => {
            let r = api.scan_purchase_inbox(org, &mut InboxSeen::new()).await?;
            show(json, &r, text::scan);
            if !r.refused.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn import(
    api: &Api,
    json: bool,
    org: Option<i64>,
    files: Vec<PathBuf>,
) -> ApiResult<ExitCode> {
    let mut outcomes = Vec::with_capacity(files.len());
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let result = match input::read_bytes(&path) {
            Ok(bytes) => api.import_purchase_bytes(org, &name, bytes).await,
            Err(e) => Err(e),
        };
        let (imported, error) = match result {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(e)),
        };
        if !json {
            println!(
                "{}",
                text::outcome(
                    &path.display().to_string(),
                    imported.as_ref(),
                    error.as_ref()
                )
            );
        }
        outcomes.push(FileOutcome {
            file: path.display().to_string(),
            imported,
            error,
        });
    }
    let refused = outcomes.iter().filter(|o| o.error.is_some()).count();
    if json {
        crate::output::json(&outcomes);
    } else {
        println!(
            "{} imported, {} already there, {refused} refused",
            outcomes
                .iter()
                .filter(|o| o.imported.as_ref().is_some_and(|i| !i.already_imported))
                .count(),
            outcomes
                .iter()
                .filter(|o| o.imported.as_ref().is_some_and(|i| i.already_imported))
                .count(),
        );
    }
    Ok(if refused == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

mod text {
    use super::*;

    pub fn outcome(
        file: &str,
        imported: Option<&PurchaseImport>,
        error: Option<&ApiError>,
    ) -> String {
        let mut s = String::new();
        match (imported, error) {
            (Some(i), _) => {
                let p = &i.purchase;
                let what = if i.already_imported {
                    if i.same_file {
                        "already imported (same file)"
                    } else {
                        "already in the register (same supplier and number)"
                    }
                } else {
                    "imported"
                };
                let _ = write!(
                    s,
                    "{file}: {what}: #{} {} {} {} {} {}",
                    p.id, p.supplier_name, p.number, p.issue_date, p.total_incl, p.currency
                );
                if !i.already_imported {
                    let _ = write!(s, " ({} errors, {} warnings)", p.errors, p.warnings);
                    for f in &i.findings {
                        let _ = write!(s, "\n  {:?} {}: {}", f.severity, f.rule, f.message);
                    }
                }
                for n in &i.notes {
                    let _ = write!(s, "\n  note: {n}");
                }
            }
            (None, Some(e)) => {
                let _ = write!(s, "{file}: refused [{}]: {}", e.code, e.message);
            }
            (None, None) => {}
        }
        s
    }

    pub fn scan(r: &InboxScan) -> String {
        let mut s = String::new();
        for i in &r.imported {
            let p = &i.purchase;
            let what = if i.already_imported {
                "already in the register"
            } else {
                "imported"
            };
            let _ = writeln!(
                s,
                "{}: {what}: #{} {} {} {} {}",
                p.file_name, p.id, p.supplier_name, p.number, p.total_incl, p.currency
            );
        }
        for f in &r.refused {
            let _ = writeln!(
                s,
                "{}: refused [{}]: {}",
                f.file, f.error.code, f.error.message
            );
        }
        let _ = write!(
            s,
            "{} imported, {} refused",
            r.imported.iter().filter(|i| !i.already_imported).count(),
            r.refused.len()
        );
        s
    }

    pub fn list(r: &[PurchaseRecord]) -> String {
        let mut s = String::new();
        for p in r {
            let _ = writeln!(
                s,
                "#{:<5} {} {:<30} {:<16} {:>12} {} {}{}",
                p.id,
                p.issue_date,
                p.supplier_name,
                p.number,
                if p.credit_note {
                    format!("-{}", p.total_incl)
                } else {
                    p.total_incl.to_string()
                },
                p.currency,
                p.format,
                if p.errors > 0 {
                    format!("  {} errors", p.errors)
                } else {
                    String::new()
                },
            );
        }
        let _ = write!(s, "{} received invoices", r.len());
        s
    }

    pub fn view(v: &PurchaseView) -> String {
        let p = &v.purchase;
        let i = &v.invoice;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} {} from {} ({}), {} , due {}",
            if p.credit_note {
                "Credit note"
            } else {
                "Invoice"
            },
            p.number,
            p.supplier_name,
            p.supplier_vat_id
                .as_deref()
                .or(p.supplier_legal_id.as_deref())
                .unwrap_or("no id"),
            p.issue_date,
            p.due_date.map_or("-".to_owned(), |d| d.to_string()),
        );
        let _ = writeln!(
            s,
            "file: {} ({}, sha256 {})",
            p.file_name, p.format, p.file_sha256
        );
        for l in &i.lines {
            let _ = writeln!(
                s,
                "  {} x {} {} = {} [{} {}]",
                l.quantity.map_or("-".to_owned(), |q| q.to_string()),
                l.name.as_deref().unwrap_or("-"),
                l.net_price.map_or("-".to_owned(), |q| q.to_string()),
                l.net_amount.map_or("-".to_owned(), |q| q.to_string()),
                l.vat_category.as_deref().unwrap_or("-"),
                l.vat_rate.map_or("-".to_owned(), |q| q.to_string()),
            );
        }
        let _ = writeln!(
            s,
            "total without VAT {}, VAT {}, with VAT {}, due {} {}",
            p.total_excl, p.total_vat, p.total_incl, p.payable, p.currency
        );
        for f in &i.findings {
            let _ = writeln!(s, "{:?} {}: {}", f.severity, f.rule, f.message);
        }
        s.trim_end().to_owned()
    }
}
