//! `stripe config|show|test`, `payment link`, `payment sync`: getting paid online.

use crate::output;
use autoinvoice_api::*;
use clap::{Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum StripeCommand {
    /// Set the Stripe secret key (a restricted key is advised) from the first line of
    /// standard input; it goes to the OS keyring, never to the database. --remove forgets it.
    Config {
        #[arg(long, required_unless_present = "remove")]
        key_stdin: bool,
        #[arg(long, conflicts_with = "key_stdin")]
        remove: bool,
    },
    /// Whether a key is set, its mode and last four characters (never the key).
    Show,
    /// Try the key against Stripe and say what is wrong, in Stripe's words.
    Test,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProviderArg {
    Stripe,
}

pub async fn stripe(
    api: &Api,
    json: bool,
    org: Option<i64>,
    c: StripeCommand,
) -> ApiResult<std::process::ExitCode> {
    let settings = match c {
        StripeCommand::Config { remove, .. } => {
            let key = if remove {
                None
            } else {
                Some(crate::mail::read_password()?)
            };
            api.set_stripe_key(SetStripeKey { org_id: org, key })
                .await?
        }
        StripeCommand::Show => api.stripe_settings(org).await?,
        StripeCommand::Test => {
            let t = api.test_stripe_key(org).await?;
            if json {
                output::json(&t);
            } else {
                println!(
                    "{}: {}",
                    if t.ok { "ok" } else { t.code.as_str() },
                    t.message
                );
            }
            return Ok(if t.ok {
                std::process::ExitCode::SUCCESS
            } else {
                std::process::ExitCode::FAILURE
            });
        }
    };
    if json {
        output::json(&settings);
    } else if settings.configured {
        println!(
            "Stripe key …{} ({} mode) in the {} keyring",
            settings.key_hint.unwrap_or_default(),
            settings.mode.unwrap_or_default(),
            settings.keyring
        );
    } else {
        println!("no Stripe key is set");
    }
    Ok(std::process::ExitCode::SUCCESS)
}

pub async fn link(
    api: &Api,
    json: bool,
    org: Option<i64>,
    number: &str,
    _provider: ProviderArg,
) -> ApiResult<()> {
    let l = api
        .create_payment_link(CreatePaymentLink {
            org_id: org,
            invoice: DocumentRef::parse(number),
        })
        .await?;
    if json {
        output::json(&l);
    } else {
        match (&l.state, &l.url) {
            (LinkState::Active, Some(url)) => println!("{url}"),
            _ => println!(
                "{}: the link for {} {} is queued ({}); `payment sync` or the app makes it when Stripe answers",
                l.number,
                l.amount,
                l.currency,
                l.last_error.as_deref().unwrap_or("not yet tried")
            ),
        }
    }
    Ok(())
}

pub async fn sync(api: &Api, json: bool, org: Option<i64>) -> ApiResult<()> {
    let r = api.sync_payments(org).await?;
    if json {
        output::json(&r);
        return Ok(());
    }
    if !r.configured {
        println!("no Stripe key is set: nothing to sync");
        return Ok(());
    }
    println!(
        "{} links made ({} waiting, {} failed), {} checked; {} payments recorded, {} refunds noted{}",
        r.links_created,
        r.links_waiting,
        r.links_failed,
        r.links_checked,
        r.payments_recorded,
        r.refunds_noted,
        if r.unapplied > 0 {
            format!(
                "; {} paid more than was owed: see the invoices",
                r.unapplied
            )
        } else {
            String::new()
        }
    );
    if let Some(e) = r.error {
        return Err(e);
    }
    Ok(())
}
