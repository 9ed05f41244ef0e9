-- Recurring invoices (issue 16): templates with a schedule, and one row per occurrence that
-- was created (or skipped while the template was paused). See docs/recurring.md.

-- A template: whose invoice, what it says, when it comes, what to do with it.
CREATE TABLE recurring_templates (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    org_id          INTEGER NOT NULL REFERENCES organizations(id),
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    name            TEXT NOT NULL,
    -- The schedule: every `interval_n` days, weeks or months from `start_date` (occurrence
    -- k falls on start + k × interval, month ends clamped), until `end_date` and/or for
    -- `max_count` occurrences.
    unit            TEXT NOT NULL CHECK (unit IN ('days', 'weeks', 'months')),
    interval_n      INTEGER NOT NULL CHECK (interval_n >= 1),
    start_date      TEXT NOT NULL,
    end_date        TEXT CHECK (end_date IS NULL OR end_date >= start_date),
    max_count       INTEGER CHECK (max_count IS NULL OR max_count >= 1),
    mode            TEXT NOT NULL CHECK (mode IN ('draft', 'issue', 'issue_and_send')),
    service_period  TEXT NOT NULL CHECK (service_period IN ('none', 'current', 'previous')),
    paused          INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    -- The validated domain DocumentContent, lines included, without dates.
    content         TEXT NOT NULL CHECK (json_valid(content)),
    -- Recipients and attachments of issue_and_send (JSON RecurringMail).
    mail            TEXT NOT NULL CHECK (json_valid(mail)),
    -- Bumped by every change: an occurrence is created from the revision it was read at.
    revision        INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX recurring_templates_by_org ON recurring_templates(org_id, paused);

-- The idempotency key: UNIQUE (template_id, occurrence_index), inserted in the transaction
-- that creates (and, by the template's mode, issues) the document. Indexes are contiguous
-- from 0: occurrence k is created only once k − 1 has a row.
-- status 'created' (document_id: the invoice, NULL once its draft was deleted) or 'skipped'
-- (its day passed while the template was paused).
-- mail_state: 'none' (not sent by the template), 'pending' (issued, email to queue),
-- 'queued' (in the outbox, outbox_id), 'blocked' (no address or no email account: not sent,
-- mail_error says why).
CREATE TABLE recurring_occurrences (
    id                INTEGER PRIMARY KEY,
    template_id       INTEGER NOT NULL REFERENCES recurring_templates(id) ON DELETE CASCADE,
    occurrence_index  INTEGER NOT NULL CHECK (occurrence_index >= 0),
    scheduled_on      TEXT NOT NULL,
    period_start      TEXT,
    period_end        TEXT,
    status            TEXT NOT NULL CHECK (status IN ('created', 'skipped')),
    document_id       INTEGER REFERENCES invoices(id) ON DELETE SET NULL,
    -- The date the invoice was issued with: scheduled_on, or the day of the run when that
    -- would have put the series' dates out of order (or the occurrence was made ahead).
    issue_date        TEXT,
    ahead             INTEGER NOT NULL DEFAULT 0 CHECK (ahead IN (0, 1)),
    mail_state        TEXT NOT NULL DEFAULT 'none'
                      CHECK (mail_state IN ('none', 'pending', 'queued', 'blocked')),
    outbox_id         INTEGER REFERENCES outbox(id),
    mail_error        TEXT,
    created_at        TEXT NOT NULL,
    UNIQUE (template_id, occurrence_index),
    CHECK (status = 'created' OR (document_id IS NULL AND issue_date IS NULL AND mail_state = 'none'))
);
CREATE INDEX recurring_occurrences_mail ON recurring_occurrences(mail_state)
    WHERE mail_state = 'pending';
CREATE INDEX recurring_occurrences_by_document ON recurring_occurrences(document_id)
    WHERE document_id IS NOT NULL;
