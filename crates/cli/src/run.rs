//! Dispatch: one command → one API call → text or JSON.

use crate::args::*;
use crate::{input, output};
use autoinvoice_api::*;
use autoinvoice_domain::document::{DocumentKind, Line};
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_domain::numbering::Reset;
use autoinvoice_domain::payment::PaymentMethod;
use rust_decimal::Decimal;
use serde::Serialize;
use std::process::ExitCode;

struct Out {
    json: bool,
}

impl Out {
    fn show<T: Serialize>(&self, value: &T, text: impl FnOnce(&T) -> String) {
        output::show(self.json, value, text);
    }
}

fn list_request(a: &ListArgs, org_id: Option<i64>) -> ApiResult<ListDocuments> {
    let statuses = a
        .status
        .iter()
        .map(|s| Status::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ListDocuments {
        org_id,
        kind: a.kind.map(|k| match k {
            KindArg::Invoice => DocumentKind::Invoice,
            KindArg::CreditNote => DocumentKind::CreditNote,
            KindArg::Quote => DocumentKind::Quote,
        }),
        statuses,
        customer_id: a.customer,
        overdue: a.overdue,
        from: a.from,
        to: a.to,
        search: a.search.clone(),
        sort: match a.sort {
            SortArg::IssueDate => SortKey::IssueDate,
            SortArg::Number => SortKey::Number,
            SortArg::DueDate => SortKey::DueDate,
            SortArg::Total => SortKey::Total,
            SortArg::Customer => SortKey::Customer,
            SortArg::Status => SortKey::Status,
            SortArg::Created => SortKey::Created,
        },
        descending: !a.asc,
        limit: Some(a.limit),
        offset: Some(a.offset),
    })
}

fn parse_amount(s: &str) -> ApiResult<Decimal> {
    s.trim().parse::<Decimal>().map_err(|_| {
        ApiError::new(
            "invalid_amount",
            format!("'{s}' is not an amount (use a dot for decimals, e.g. 120.50)"),
        )
    })
}

pub(crate) fn allocations(specs: &[String]) -> ApiResult<Vec<PaymentAllocationInput>> {
    specs
        .iter()
        .map(|spec| {
            // NUMBER:AMOUNT; numbers themselves never contain ':' (patterns forbid it).
            let (number, amount) = match spec.rsplit_once(':') {
                Some((n, a)) => (n, Some(parse_amount(a)?)),
                None => (spec.as_str(), None),
            };
            Ok(PaymentAllocationInput {
                invoice: DocumentRef::parse(number),
                amount,
            })
        })
        .collect()
}

pub async fn run(cli: Cli) -> ApiResult<ExitCode> {
    let path = match cli.db {
        Some(p) => p,
        None => default_db_path()?,
    };
    let mut api = Api::open(&path).await?;
    if let Some(day) = cli.today {
        api = api.with_clock(Clock::Fixed(day));
    }
    let out = Out { json: cli.json };
    let org = cli.org;
    let result = dispatch(&api, &out, org, cli.command).await;
    api.close().await;
    result
}

async fn dispatch(api: &Api, out: &Out, org: Option<i64>, command: Command) -> ApiResult<ExitCode> {
    match command {
        Command::Demo {
            invoices,
            franchise,
        } => {
            let r = api
                .seed_demo(SeedDemo {
                    invoices,
                    franchise,
                })
                .await?;
            out.show(&r, |r| {
                format!(
                    "demo organization {}: {} customers, {} invoices, {} credit notes, {} quotes, {} drafts, {} payments",
                    r.org_id, r.customers, r.invoices, r.credit_notes, r.quotes, r.drafts, r.payments
                )
            });
        }
        Command::Org(c) => match c {
            OrgCommand::Create { from } => {
                let r = api.create_organization(input::read_json(&from)?).await?;
                out.show(&r, |r| {
                    format!(
                        "organization {} created: {}",
                        r.id,
                        r.organization.display_name()
                    )
                });
            }
            OrgCommand::Update { id, from } => {
                let r = api
                    .update_organization(UpdateOrganization {
                        id,
                        organization: input::read_json(&from)?,
                    })
                    .await?;
                out.show(&r, |r| format!("organization {} updated", r.id));
            }
            OrgCommand::List => {
                let r = api.organizations().await?;
                out.show(&r, |r| {
                    r.iter()
                        .map(|o| format!("{:>4}  {}", o.id, o.organization.display_name()))
                        .collect::<Vec<_>>()
                        .join("\n")
                });
            }
            OrgCommand::Show => {
                let r = api.organization(org).await?;
                out.show(&r, |r| serde_json::to_string_pretty(r).unwrap_or_default());
            }
            OrgCommand::Documents { set } => {
                let r = match set {
                    Some(path) => {
                        api.set_document_settings(org, input::read_json(&path)?)
                            .await?
                    }
                    None => api.document_settings(org).await?,
                };
                out.show(&r, |r| serde_json::to_string_pretty(r).unwrap_or_default());
            }
            OrgCommand::Logo { file, remove } => {
                let bytes = match (file, remove) {
                    (_, true) => None,
                    (Some(path), false) => Some(input::read_bytes(&path)?),
                    (None, false) => return Err(ApiError::invalid("give a logo file or --remove")),
                };
                let set = bytes.is_some();
                api.set_logo(org, bytes).await?;
                out.show(&serde_json::json!({"logo": set}), |_| {
                    if set {
                        "logo set".into()
                    } else {
                        "logo removed".into()
                    }
                });
            }
        },
        Command::Series(c) => match c {
            SeriesCommand::List => {
                let r = api.series(org).await?;
                out.show(&r, |r| {
                    r.iter()
                        .map(|s| {
                            format!(
                                "{:>4}  {:<12} {:<10} {:<22} reset {:<8} next {}",
                                s.id,
                                s.kind.code(),
                                s.name,
                                s.pattern,
                                s.reset.code(),
                                s.next_seq
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                });
            }
            SeriesCommand::Set { id, pattern, reset } => {
                let reset = match reset {
                    ResetArg::Never => Reset::Never,
                    ResetArg::Yearly => Reset::Yearly,
                    ResetArg::Monthly => Reset::Monthly,
                };
                let r = api
                    .set_series_pattern(SetSeriesPattern {
                        series_id: id,
                        pattern,
                        reset,
                    })
                    .await?;
                out.show(&r, |r| format!("series {} now numbers {}", r.id, r.pattern));
            }
        },
        Command::Customer(c) => match c {
            CustomerCommand::Create { from } => {
                let r = api
                    .create_customer(CreateCustomer {
                        org_id: org,
                        customer: input::read_json(&from)?,
                    })
                    .await?;
                out.show(&r, |r| {
                    format!("customer {} created: {}", r.id, r.customer.name)
                });
            }
            CustomerCommand::Update { id, from } => {
                let r = api
                    .update_customer(UpdateCustomer {
                        id,
                        customer: input::read_json(&from)?,
                    })
                    .await?;
                out.show(&r, |r| format!("customer {} updated", r.id));
            }
            CustomerCommand::Show { id } => {
                let r = api.customer(id).await?;
                out.show(&r, |r| serde_json::to_string_pretty(r).unwrap_or_default());
            }
            CustomerCommand::List {
                search,
                archived,
                limit,
                offset,
            } => {
                let r = api
                    .list_customers(ListCustomers {
                        org_id: org,
                        search,
                        include_archived: archived,
                        limit: Some(limit),
                        offset: Some(offset),
                    })
                    .await?;
                out.show(&r, |r| output::customers(r));
            }
            CustomerCommand::Archive { id, restore } => {
                let r = api.archive_customer(id, !restore).await?;
                out.show(&r, |r| {
                    format!(
                        "customer {} {}",
                        r.id,
                        if r.archived { "archived" } else { "restored" }
                    )
                });
            }
        },
        Command::Invoice(c) => match c {
            InvoiceCommand::Create { from } => {
                let mut req: CreateDocument = input::read_json(&from)?;
                if req.org_id.is_none() {
                    req.org_id = org;
                }
                let r = api.create_document(req).await?;
                out.show(&r, |r| {
                    format!(
                        "draft {} created (id {}): total {} {}",
                        r.kind.code(),
                        r.id,
                        r.totals.tax_inclusive,
                        r.currency
                    )
                });
            }
            InvoiceCommand::Update { id, from } => {
                let req: CreateDocument = input::read_json(&from)?;
                let r = api
                    .update_draft(UpdateDraft {
                        id,
                        customer_id: Some(req.customer_id),
                        content: req.content,
                    })
                    .await?;
                out.show(&r, |r| {
                    format!(
                        "draft {} updated: total {} {}",
                        r.id, r.totals.tax_inclusive, r.currency
                    )
                });
            }
            InvoiceCommand::Delete { id } => {
                api.delete_draft(id).await?;
                out.show(&serde_json::json!({"deleted": id}), |_| {
                    format!("draft {id} deleted")
                });
            }
            InvoiceCommand::Issue { document } => {
                let r = api
                    .issue_document(IssueDocument {
                        org_id: org,
                        document: id_ref(&document),
                    })
                    .await?;
                out.show(&r, |r| {
                    format!(
                        "issued {} on {}",
                        r.number.clone().unwrap_or_default(),
                        output_date(r.issue_date)
                    )
                });
            }
            InvoiceCommand::Show { document } => {
                let r = api
                    .get_document(GetDocument {
                        org_id: org,
                        document: DocumentRef::parse(&document),
                    })
                    .await?;
                out.show(&r, output::document);
            }
            InvoiceCommand::List(a) => {
                let r = api.list_documents(list_request(&a, org)?).await?;
                out.show(&r, output::page);
            }
            InvoiceCommand::Credit {
                invoice,
                lines_from,
                note,
                issue,
            } => {
                let lines: Option<Vec<Line>> =
                    lines_from.map(|p| input::read_json(&p)).transpose()?;
                let r = api
                    .credit_invoice(CreditInvoice {
                        org_id: org,
                        invoice: DocumentRef::parse(&invoice),
                        lines,
                        note,
                        issue,
                    })
                    .await?;
                out.show(&r, |r| match &r.number {
                    Some(n) => format!("credit note {n} issued: {} {}", r.totals.due, r.currency),
                    None => format!(
                        "draft credit note {} created: {} {}",
                        r.id, r.totals.due, r.currency
                    ),
                });
            }
            InvoiceCommand::Pdf { document, output } => {
                let bytes = api
                    .document_pdf(org, &DocumentRef::parse(&document))
                    .await?;
                write_file(&output, &bytes)?;
                out.show(
                    &serde_json::json!({"file": output, "bytes": bytes.len()}),
                    |_| format!("{} ({} bytes)", output.display(), bytes.len()),
                );
            }
            InvoiceCommand::Xml {
                document,
                format,
                output,
            } => {
                let format = match format {
                    XmlFormatArg::Cii => XmlFormat::Cii,
                    XmlFormatArg::Ubl => XmlFormat::Ubl,
                };
                let bytes = api
                    .document_xml(org, &DocumentRef::parse(&document), format)
                    .await?;
                write_file(&output, &bytes)?;
                out.show(
                    &serde_json::json!({"file": output, "bytes": bytes.len()}),
                    |_| format!("{} ({} bytes)", output.display(), bytes.len()),
                );
            }
            InvoiceCommand::Send(a) => crate::mail::send(api, out.json, org, a).await?,
            InvoiceCommand::MarkSent { document } => {
                let r = api
                    .mark_sent(org, DocumentRef::parse(&document), "manual")
                    .await?;
                out.show(&r, |r| {
                    format!("{} marked sent", r.number.clone().unwrap_or_default())
                });
            }
        },
        Command::Quote(c) => {
            let r = match c {
                QuoteCommand::Accept { quote } => {
                    api.answer_quote(org, DocumentRef::parse(&quote), true)
                        .await?
                }
                QuoteCommand::Decline { quote } => {
                    api.answer_quote(org, DocumentRef::parse(&quote), false)
                        .await?
                }
                QuoteCommand::Convert { quote } => {
                    api.convert_quote(org, DocumentRef::parse(&quote)).await?
                }
            };
            out.show(&r, |r| {
                format!(
                    "{} {} is {}",
                    r.kind.code(),
                    r.number.clone().unwrap_or_else(|| format!("#{}", r.id)),
                    r.status.code()
                )
            });
        }
        Command::Payment(c) => match c {
            PaymentCommand::Record {
                invoice,
                amount,
                date,
                method,
                reference,
            } => {
                let req = RecordPayment {
                    org_id: org,
                    date,
                    amount: parse_amount(&amount)?,
                    method: PaymentMethod::parse(&method)?,
                    reference,
                    allocations: allocations(&invoice)?,
                };
                let r = api.record_payment(req).await?;
                out.show(&r, |r| {
                    format!("payment {} recorded: {} {}", r.id, r.amount, r.currency)
                });
            }
            PaymentCommand::List {
                invoice,
                limit,
                offset,
            } => {
                let r = api
                    .list_payments(ListPayments {
                        org_id: org,
                        invoice: invoice.as_deref().map(DocumentRef::parse),
                        limit: Some(limit),
                        offset: Some(offset),
                    })
                    .await?;
                out.show(&r, |r| output::payments(r));
            }
            PaymentCommand::Link { number, provider } => {
                crate::online::link(api, out.json, org, &number, provider).await?;
            }
            PaymentCommand::Sync => crate::online::sync(api, out.json, org).await?,
        },
        Command::Journal(c) => match c {
            JournalCommand::Verify => {
                let reports = api.verify_journal(org).await?;
                out.show(&reports, |r| output::verify(r));
                if reports.iter().any(|r| !r.ok()) {
                    return Ok(ExitCode::from(1));
                }
            }
            JournalCommand::List => {
                let r = api.journal(org).await?;
                out.show(&r, |r| {
                    r.iter()
                        .map(|e| {
                            format!("{:>6}  {}  {:<8} {}", e.chain_seq, e.at, e.event, e.payload)
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                });
            }
        },
        Command::Dashboard => {
            let r = api.dashboard(org).await?;
            out.show(&r, output::dashboard);
        }
        Command::Export(ExportCommand::Pdf { all: _, out: dir }) => {
            let bar = crate::progress::bar(out.json);
            let r = api
                .export_pdfs(org, &dir, |done, total| bar.update(done, total))
                .await?;
            bar.finish();
            out.show(&r, |r| {
                format!(
                    "{} PDF files ({} bytes) written to {}",
                    r.files,
                    r.bytes,
                    r.directory.display()
                )
            });
        }
        Command::Export(ExportCommand::Csv {
            what,
            output,
            filter,
        }) => {
            let what = match what {
                CsvWhat::Documents => CsvExport::Documents,
                CsvWhat::Customers => CsvExport::Customers,
                CsvWhat::Payments => CsvExport::Payments,
            };
            let filter = ListDocuments {
                limit: None,
                offset: None,
                ..list_request(&filter, org)?
            };
            let csv = api
                .export_csv(ExportCsv {
                    org_id: org,
                    what,
                    filter,
                })
                .await?;
            match output {
                Some(path) => {
                    std::fs::write(&path, &csv)
                        .map_err(|e| ApiError::new("io", format!("{}: {e}", path.display())))?;
                    let rows = csv.lines().count().saturating_sub(1);
                    out.show(&serde_json::json!({"file": path, "rows": rows}), |_| {
                        format!("{rows} rows written to {}", path.display())
                    });
                }
                None => print!("{csv}"),
            }
        }
        Command::Bank(c) => crate::bank::bank(api, out.json, org, c).await?,
        Command::Report(c) => crate::reports::report(api, out.json, org, c).await?,
        Command::Backup(c) => return crate::backup::backup(api, out.json, c).await,
        Command::Purchase(c) => return crate::purchase::purchase(api, out.json, org, c).await,
        Command::Stripe(c) => return crate::online::stripe(api, out.json, org, c).await,
        Command::Mail(c) => crate::mail::mail(api, out.json, org, c).await?,
        Command::Outbox(c) => crate::mail::outbox(api, out.json, org, c).await?,
        Command::Reminders(c) => return crate::reminders::reminders(api, out.json, org, c).await,
        Command::Recurring(c) => return crate::recurring::recurring(api, out.json, org, c).await,
        Command::Import(ImportCommand::Customers { file }) => {
            let text = input::read_text(&file)?;
            let r = api.import_customers_csv(org, &text).await?;
            out.show(&r, |r| format!("{} customers imported", r.imported));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a file whole: to a temporary name beside it, then renamed, so that a crash never
/// leaves half a PDF under the real name.
fn write_file(path: &std::path::Path, bytes: &[u8]) -> ApiResult<()> {
    let err = |e: std::io::Error| ApiError::new("io", format!("{}: {e}", path.display()));
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}

/// `invoice issue` takes a draft: drafts have no number, so a bare integer is an id.
fn id_ref(s: &str) -> DocumentRef {
    match s.trim().parse::<i64>() {
        Ok(id) => DocumentRef::Id(id),
        Err(_) => DocumentRef::parse(s),
    }
}

fn output_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}
