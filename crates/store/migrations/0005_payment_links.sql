-- Online payment links (issue 14): Stripe Payment Links on invoices, the payments they
-- brought (each recorded once, keyed on Stripe's PaymentIntent) and their refunds. The secret
-- key itself is in the OS keyring, never here.

CREATE TABLE payment_links (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations(id),
    invoice_id       INTEGER NOT NULL REFERENCES invoices(id),
    provider         TEXT NOT NULL DEFAULT 'stripe' CHECK (provider IN ('stripe')),
    -- queued: to create (offline, or Stripe did not answer); active: payable at `url`;
    -- inactive: switched off (paid, or the amount due changed); failed: Stripe refused it.
    state            TEXT NOT NULL CHECK (state IN ('queued', 'active', 'inactive', 'failed')),
    amount_cents     INTEGER NOT NULL CHECK (amount_cents > 0),
    currency         TEXT NOT NULL,
    -- Fixed when queued: every retry, after a timeout or a crash, asks Stripe for the same
    -- objects (`<key>:price`, `<key>:link`), so none is ever created twice.
    idempotency_key  TEXT NOT NULL UNIQUE,
    price_id         TEXT,
    link_id          TEXT UNIQUE,
    url              TEXT,
    livemode         INTEGER CHECK (livemode IN (0, 1)),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT,
    last_error       TEXT,
    -- The last time its payments were asked for.
    synced_at        TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (state <> 'active' OR (link_id IS NOT NULL AND url IS NOT NULL))
);
-- At most one link in use per invoice.
CREATE UNIQUE INDEX payment_links_in_use ON payment_links(invoice_id) WHERE state IN ('queued', 'active');
CREATE INDEX payment_links_by_state ON payment_links(org_id, state);

-- A payment received through a link: recorded once (the PaymentIntent is the key), with
-- Stripe's fee kept apart from the amount the invoice was paid.
CREATE TABLE stripe_payments (
    payment_intent   TEXT PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations(id),
    link_id          INTEGER NOT NULL REFERENCES payment_links(id),
    invoice_id       INTEGER NOT NULL REFERENCES invoices(id),
    session_id       TEXT NOT NULL UNIQUE,
    -- The payment recorded on the invoice; NULL when the invoice owed nothing any more.
    payment_id       INTEGER UNIQUE REFERENCES payments(id),
    amount_cents     INTEGER NOT NULL CHECK (amount_cents > 0),
    currency         TEXT NOT NULL,
    -- Received beyond what the invoice still owed: to give back, shown to the user.
    unapplied_cents  INTEGER NOT NULL DEFAULT 0 CHECK (unapplied_cents >= 0),
    fee_cents        INTEGER,
    fee_currency     TEXT,
    paid_on          TEXT NOT NULL,
    recorded_at      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX stripe_payments_by_invoice ON stripe_payments(invoice_id);

-- Refunds made in Stripe of such payments: noted and journaled, never a silent change.
CREATE TABLE stripe_refunds (
    refund_id       TEXT PRIMARY KEY,
    payment_intent  TEXT NOT NULL REFERENCES stripe_payments(payment_intent),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    currency        TEXT NOT NULL,
    status          TEXT NOT NULL,
    refunded_on     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER stripe_payments_immutable BEFORE UPDATE ON stripe_payments
WHEN OLD.fee_cents IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'immutable: a recorded Stripe payment cannot be changed');
END;
CREATE TRIGGER stripe_payments_no_delete BEFORE DELETE ON stripe_payments
BEGIN
    SELECT RAISE(ABORT, 'immutable: a recorded Stripe payment cannot be deleted');
END;
