-- Bank statements (issue 14): imported files, their lines, the invoices proposed for each
-- credit, and the CSV column mappings saved per bank. A confirmed line points at the payment
-- it became; payments themselves stay in `payments`, immutable as before.

CREATE TABLE bank_statements (
    id             INTEGER PRIMARY KEY,
    uid            TEXT NOT NULL UNIQUE,
    org_id         INTEGER NOT NULL REFERENCES organizations(id),
    format         TEXT NOT NULL CHECK (format IN ('camt053', 'ofx', 'csv')),
    file_name      TEXT NOT NULL,
    -- SHA-256 of the file's bytes: the same file imported again is recognised whole.
    file_sha256    TEXT NOT NULL,
    account        TEXT,
    statement_ref  TEXT,
    from_date      TEXT,
    to_date        TEXT,
    lines_total    INTEGER NOT NULL,
    -- Lines this file added; the others were known from an earlier, overlapping file.
    lines_new      INTEGER NOT NULL,
    imported_at    TEXT NOT NULL,
    UNIQUE (org_id, file_sha256)
);

CREATE TABLE bank_lines (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organizations(id),
    statement_id    INTEGER NOT NULL REFERENCES bank_statements(id),
    -- What recognises the line in another file (bank reference, else content and rank).
    fingerprint     TEXT NOT NULL,
    booking_date    TEXT NOT NULL,
    value_date      TEXT,
    -- Signed hundredths: a credit is above zero.
    amount_cents    INTEGER NOT NULL CHECK (amount_cents <> 0),
    currency        TEXT NOT NULL,
    counterparty    TEXT,
    remittance      TEXT NOT NULL,
    bank_reference  TEXT,
    -- outgoing: a debit, not an invoice's payment; unmatched: a credit without a proposal;
    -- suggested: invoices proposed, waiting for the user; matched: confirmed, a payment;
    -- ignored: the user said it pays no invoice.
    state           TEXT NOT NULL CHECK (state IN ('outgoing', 'unmatched', 'suggested', 'matched', 'ignored')),
    rule            TEXT CHECK (rule IN ('reference', 'amount_customer', 'amount', 'manual')),
    sure            INTEGER NOT NULL DEFAULT 0 CHECK (sure IN (0, 1)),
    alternatives    INTEGER NOT NULL DEFAULT 0,
    payment_id      INTEGER UNIQUE REFERENCES payments(id),
    CHECK ((state = 'matched') = (payment_id IS NOT NULL)),
    CHECK ((state = 'outgoing') = (amount_cents < 0)),
    UNIQUE (org_id, fingerprint)
);
CREATE INDEX bank_lines_by_state ON bank_lines(org_id, state, booking_date);
CREATE INDEX bank_lines_by_statement ON bank_lines(statement_id);

-- The invoices proposed for a line (state suggested) or, once confirmed, those it paid.
CREATE TABLE bank_line_invoices (
    line_id       INTEGER NOT NULL REFERENCES bank_lines(id) ON DELETE CASCADE,
    invoice_id    INTEGER NOT NULL REFERENCES invoices(id),
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (line_id, invoice_id)
) WITHOUT ROWID;
CREATE INDEX bank_line_invoices_by_invoice ON bank_line_invoices(invoice_id);

-- A matched line stays matched: its payment is recorded and cannot be undone here.
CREATE TRIGGER bank_lines_matched_stay BEFORE UPDATE ON bank_lines
WHEN OLD.state = 'matched'
BEGIN
    SELECT RAISE(ABORT, 'immutable: a confirmed bank line cannot be changed');
END;

CREATE TABLE bank_csv_mappings (
    org_id      INTEGER NOT NULL REFERENCES organizations(id),
    name        TEXT NOT NULL,
    mapping     TEXT NOT NULL CHECK (json_valid(mapping)),  -- the validated CsvMapping
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, name)
);
