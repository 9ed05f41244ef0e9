//! `bank import|match|list|confirm|ignore|statements|mapping`: bank statements reconciled
//! with the invoices.

use crate::input;
use crate::output::{self, show};
use autoinvoice_api::*;
use clap::{Subcommand, ValueEnum};
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// Import a statement (CAMT.053, OFX, or CSV through a saved mapping), then propose
    /// invoices for its credits. The same file or line imported again adds nothing.
    Import {
        file: PathBuf,
        /// Default: what the file shows (CSV needs --mapping).
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// The saved CSV column mapping (see `bank mapping`).
        #[arg(long)]
        mapping: Option<String>,
    },
    /// Propose invoices for the credits still waiting; --auto confirms the sure ones into
    /// payments.
    Match {
        #[arg(long)]
        auto: bool,
    },
    /// Statement lines: all, or those in the states given.
    List {
        #[arg(long, value_enum)]
        state: Vec<StateArg>,
        #[arg(long)]
        statement: Option<i64>,
        #[arg(long, default_value_t = 100)]
        limit: i64,
        #[arg(long, default_value_t = 0)]
        offset: i64,
    },
    /// Confirm a line into a payment: of the invoices proposed, or of those given
    /// (`--invoice NUMBER[:AMOUNT]`, repeated).
    Confirm {
        line: i64,
        #[arg(long, value_name = "NUMBER[:AMOUNT]")]
        invoice: Vec<String>,
    },
    /// Say a line pays no invoice (--undo takes it back).
    Ignore {
        line: i64,
        #[arg(long)]
        undo: bool,
    },
    /// The statements imported, and how many lines stand where.
    Statements,
    /// CSV column mappings, one per bank.
    #[command(subcommand)]
    Mapping(MappingCommand),
}

#[derive(Debug, Subcommand)]
pub enum MappingCommand {
    /// Save a mapping from a JSON file (see docs/bank-statements.md).
    Set {
        #[arg(long, value_name = "FILE.json")]
        from: PathBuf,
    },
    List,
    Delete {
        name: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Camt053,
    Ofx,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StateArg {
    Outgoing,
    Unmatched,
    Suggested,
    Matched,
    Ignored,
}

pub async fn bank(api: &Api, json: bool, org: Option<i64>, c: BankCommand) -> ApiResult<()> {
    match c {
        BankCommand::Import {
            file,
            format,
            mapping,
        } => {
            let bytes = input::read_bytes(&file)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.display().to_string());
            let format = format.map(|f| match f {
                FormatArg::Camt053 => StatementFormat::Camt053,
                FormatArg::Ofx => StatementFormat::Ofx,
                FormatArg::Csv => StatementFormat::Csv,
            });
            let r = api
                .import_statement_bytes(org, &name, &bytes, format, mapping.as_deref())
                .await?;
            show(json, &r, text::import);
        }
        BankCommand::Match { auto } => {
            let r = api.match_bank(MatchBank { org_id: org, auto }).await?;
            show(json, &r, text::matching);
        }
        BankCommand::List {
            state,
            statement,
            limit,
            offset,
        } => {
            let r = api
                .list_bank_lines(ListBankLines {
                    org_id: org,
                    states: state.into_iter().map(state_of).collect(),
                    statement_id: statement,
                    limit: Some(limit),
                    offset: Some(offset),
                })
                .await?;
            show(json, &r, text::lines);
        }
        BankCommand::Confirm { line, invoice } => {
            let allocations = if invoice.is_empty() {
                None
            } else {
                Some(crate::run::allocations(&invoice)?)
            };
            let r = api
                .confirm_bank_line(ConfirmBankLine {
                    org_id: org,
                    line_id: line,
                    allocations,
                })
                .await?;
            if json {
                output::json(&r);
            } else {
                println!("{}", output::payments(std::slice::from_ref(&r)));
            }
        }
        BankCommand::Ignore { line, undo } => {
            let r = api
                .ignore_bank_line(IgnoreBankLine {
                    org_id: org,
                    line_id: line,
                    ignored: !undo,
                })
                .await?;
            show(
                json,
                &BankLinePage {
                    total: 1,
                    lines: vec![r],
                },
                text::lines,
            );
        }
        BankCommand::Statements => {
            let r = api.bank_summary(org).await?;
            show(json, &r, text::summary);
        }
        BankCommand::Mapping(m) => match m {
            MappingCommand::Set { from } => {
                let mapping: CsvMapping = input::read_json(&from)?;
                let r = api
                    .save_csv_mapping(SaveCsvMapping {
                        org_id: org,
                        mapping,
                    })
                    .await?;
                if json {
                    output::json(&r);
                } else {
                    println!("mapping '{}' saved", r.name);
                }
            }
            MappingCommand::List => {
                let r = api.list_csv_mappings(org).await?;
                if json {
                    output::json(&r);
                } else {
                    for m in &r {
                        println!("{}", m.name);
                    }
                    println!("{} mappings", r.len());
                }
            }
            MappingCommand::Delete { name } => {
                api.delete_csv_mapping(DeleteCsvMapping {
                    org_id: org,
                    name: name.clone(),
                })
                .await?;
                if json {
                    output::json(&serde_json::json!({ "deleted": name }));
                } else {
                    println!("mapping '{name}' deleted");
                }
            }
        },
    }
    Ok(())
}

fn state_of(s: StateArg) -> LineState {
    match s {
        StateArg::Outgoing => LineState::Outgoing,
        StateArg::Unmatched => LineState::Unmatched,
        StateArg::Suggested => LineState::Suggested,
        StateArg::Matched => LineState::Matched,
        StateArg::Ignored => LineState::Ignored,
    }
}

/// A response printed as JSON or as text.
mod text {
    use super::*;

    pub fn import(r: &StatementImport) -> String {
        let s = &r.statement;
        let mut out = String::new();
        if r.already_imported {
            let _ = writeln!(
                out,
                "{} was imported already ({}): nothing added",
                s.file_name, s.imported_at
            );
        } else {
            let _ = writeln!(
                out,
                "statement {} ({}, {}): {} lines read, {} new ({} credits), {} known from an earlier file",
                s.id,
                s.format,
                s.account.as_deref().unwrap_or("account not named"),
                r.lines_read,
                r.lines_new,
                r.credits_new,
                r.lines_read - r.lines_new
            );
        }
        out.push_str(&matching(&r.matching));
        out
    }

    pub fn matching(m: &MatchReport) -> String {
        let mut out = format!(
            "{} credits waiting: {} by reference, {} by customer and amount, {} by amount alone (to check), {} without a match",
            m.waiting, m.by_reference, m.by_customer, m.by_amount, m.unmatched
        );
        if m.confirmed > 0 || !m.failures.is_empty() {
            let _ = write!(out, "\n{} confirmed into payments", m.confirmed);
        } else if m.sure > 0 {
            let _ = write!(
                out,
                "\n{} sure enough to confirm with `bank match --auto`",
                m.sure
            );
        }
        for f in &m.failures {
            let _ = write!(out, "\nline {}: {}", f.line_id, f.message);
        }
        out
    }

    pub fn lines(p: &BankLinePage) -> String {
        let mut out = String::new();
        for l in &p.lines {
            let invoices: Vec<String> = l
                .invoices
                .iter()
                .map(|i| format!("{} {}", i.number, i.amount))
                .collect();
            let _ = writeln!(
                out,
                "{:>6}  {}  {:>12} {}  {:<9}  {:<24}  {}{}",
                l.id,
                l.booking_date,
                l.amount,
                l.currency,
                l.state.code(),
                clip(l.counterparty.as_deref().unwrap_or("-"), 24),
                clip(&l.remittance, 40),
                if invoices.is_empty() {
                    String::new()
                } else {
                    format!(
                        "  → {} [{}{}]",
                        invoices.join(", "),
                        l.rule.as_deref().unwrap_or(""),
                        if l.sure { ", sure" } else { "" }
                    )
                }
            );
        }
        let _ = write!(out, "{} of {} lines", p.lines.len(), p.total);
        out
    }

    pub fn summary(s: &BankSummary) -> String {
        let mut out = String::new();
        for st in &s.statements {
            let _ = writeln!(
                out,
                "{:>4}  {:<8} {:<30} {} … {}  {} lines, {} new",
                st.id,
                st.format,
                clip(&st.file_name, 30),
                st.from_date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                st.to_date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                st.lines_total,
                st.lines_new
            );
        }
        let _ = write!(
            out,
            "{} statements; lines: {} to confirm, {} without a match, {} matched, {} ignored, {} money out",
            s.statements.len(),
            s.suggested,
            s.unmatched,
            s.matched,
            s.ignored,
            s.outgoing
        );
        out
    }

    fn clip(s: &str, n: usize) -> String {
        if s.chars().count() <= n {
            s.to_owned()
        } else {
            let mut c: String = s.chars().take(n - 1).collect();
            c.push('…');
            c
        }
    }
}
