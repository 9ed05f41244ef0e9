-- Payment reminders (issue 6): policies per organization with a per-customer override,
-- pauses per invoice (invoices.reminders_paused, from 0001) and per customer, the review
-- mode, and reminder emails in the outbox.

-- The organization's reminder settings and default policy (JSON domain Policy).
CREATE TABLE reminder_settings (
    org_id         INTEGER PRIMARY KEY REFERENCES organizations(id),
    enabled        INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    -- Due reminders wait for the user's approval instead of going out.
    review         INTEGER NOT NULL DEFAULT 0 CHECK (review IN (0, 1)),
    -- IANA name ("Europe/Paris"); NULL: the machine's own zone.
    time_zone      TEXT,
    -- A stage more than this many days behind is no longer sent; NULL: no limit.
    catch_up_days  INTEGER CHECK (catch_up_days IS NULL OR catch_up_days BETWEEN 0 AND 3650),
    policy         TEXT NOT NULL CHECK (json_valid(policy)),
    updated_at     TEXT NOT NULL
);

-- A customer's own policy, replacing the organization's.
CREATE TABLE customer_reminder_policies (
    customer_id  INTEGER PRIMARY KEY REFERENCES customers(id),
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    policy       TEXT NOT NULL CHECK (json_valid(policy)),
    updated_at   TEXT NOT NULL
);
CREATE INDEX customer_reminder_policies_by_org ON customer_reminder_policies(org_id);

ALTER TABLE customers ADD COLUMN reminders_paused INTEGER NOT NULL DEFAULT 0
    CHECK (reminders_paused IN (0, 1));

-- The outbox learns a third kind of message, 'reminder' (SQLite cannot alter a CHECK: the
-- table is rebuilt, rows, ids and indexes unchanged).
CREATE TABLE outbox_new (
    id                 INTEGER PRIMARY KEY,
    org_id             INTEGER NOT NULL REFERENCES organizations(id),
    invoice_id         INTEGER REFERENCES invoices(id),
    kind               TEXT NOT NULL CHECK (kind IN ('document', 'test', 'reminder')),
    message_id         TEXT NOT NULL UNIQUE,
    envelope_from      TEXT NOT NULL,
    to_addrs           TEXT NOT NULL CHECK (json_valid(to_addrs)),
    cc_addrs           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(cc_addrs)),
    bcc_addrs          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(bcc_addrs)),
    subject            TEXT NOT NULL,
    raw                BLOB NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
    stage              TEXT CHECK (stage IN ('claimed', 'data')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at    TEXT NOT NULL,
    expires_at         TEXT NOT NULL,
    last_error_code    TEXT,
    last_error_message TEXT,
    smtp_reply         TEXT,
    invoice_recorded   INTEGER NOT NULL DEFAULT 0 CHECK (invoice_recorded IN (0, 1)),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    sent_at            TEXT,
    CHECK ((state = 'sending') = (stage IS NOT NULL))
);
INSERT INTO outbox_new SELECT id, org_id, invoice_id, kind, message_id, envelope_from, to_addrs,
    cc_addrs, bcc_addrs, subject, raw, state, stage, attempts, next_attempt_at, expires_at,
    last_error_code, last_error_message, smtp_reply, invoice_recorded, created_at, updated_at,
    sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_by_org ON outbox(org_id, id);
CREATE INDEX outbox_by_invoice ON outbox(invoice_id) WHERE invoice_id IS NOT NULL;

-- invoice_reminders (from 0001): one row per (invoice, stage), UNIQUE — the idempotency
-- key. status: 'queued' (its email is in the outbox, outbox_id), 'review' (waiting for the
-- user), 'skipped' (the user said no), 'superseded' (a later stage came before the review),
-- 'dropped' (paid, credited or paused before the review).
ALTER TABLE invoice_reminders ADD COLUMN tone TEXT;
ALTER TABLE invoice_reminders ADD COLUMN outbox_id INTEGER REFERENCES outbox(id);
ALTER TABLE invoice_reminders ADD COLUMN decided_at TEXT;
CREATE INDEX invoice_reminders_review ON invoice_reminders(status) WHERE status = 'review';

-- What the scheduler reads: open invoices by due date, covering what it filters on.
CREATE INDEX invoices_reminder_due ON invoices(org_id, due_date, customer_id, reminders_paused,
    due_cents, paid_cents, credited_cents)
    WHERE kind = 'invoice' AND status IN ('issued', 'sent', 'partially_paid');
