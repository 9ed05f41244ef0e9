-- AutoInvoice core schema. Never edit a released migration: add a new one.
-- Amounts are INTEGER hundredths of the currency unit (EN 16931 allows at most two
-- decimals), so SQL sums are exact. Quantities and prices are exact decimal TEXT.
-- Dates are TEXT 'YYYY-MM-DD'; instants are TEXT RFC 3339 UTC.

CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    legal_name  TEXT NOT NULL,
    country     TEXT NOT NULL,
    currency    TEXT NOT NULL,
    data        TEXT NOT NULL CHECK (json_valid(data)),  -- the validated domain Organization
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    org_id      INTEGER NOT NULL REFERENCES organizations(id),
    name        TEXT NOT NULL,
    search_name TEXT NOT NULL,   -- the name folded for search: lower case, no accents
    email       TEXT,
    country     TEXT NOT NULL,
    siren       TEXT,
    vat_number  TEXT,
    data        TEXT NOT NULL CHECK (json_valid(data)),  -- the validated domain Customer
    archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX customers_by_name ON customers(org_id, name COLLATE NOCASE);
CREATE INDEX customers_by_search_name ON customers(org_id, search_name);

CREATE TABLE number_series (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations(id),
    kind             TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'quote')),
    name             TEXT NOT NULL,
    pattern          TEXT NOT NULL,
    reset            TEXT NOT NULL CHECK (reset IN ('never', 'yearly', 'monthly')),
    period           TEXT NOT NULL DEFAULT '',
    next_seq         INTEGER NOT NULL DEFAULT 1 CHECK (next_seq >= 1),
    last_issue_date  TEXT,
    is_default       INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    UNIQUE (org_id, name)
);
CREATE UNIQUE INDEX number_series_default ON number_series(org_id, kind) WHERE is_default = 1;

-- Invoices, credit notes and quotes: one narrow row each (what lists, filters, sorts and
-- sums read), the bulky document text in invoice_bodies.
CREATE TABLE invoices (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    org_id           INTEGER NOT NULL REFERENCES organizations(id),
    kind             TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'quote')),
    customer_id      INTEGER NOT NULL REFERENCES customers(id),
    status           TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'sent', 'partially_paid', 'paid',
                                                     'credited', 'accepted', 'declined', 'invoiced')),
    -- Numbering, set once at issue.
    series_id        INTEGER REFERENCES number_series(id),
    period           TEXT,
    seq              INTEGER,
    number           TEXT,
    currency         TEXT NOT NULL,
    issue_date       TEXT,
    due_date         TEXT,
    buyer_name       TEXT NOT NULL,
    total_excl_cents INTEGER NOT NULL,
    total_vat_cents  INTEGER NOT NULL,
    total_incl_cents INTEGER NOT NULL,
    due_cents        INTEGER NOT NULL,
    -- A credit note's invoice (BT-25), an invoice's quote.
    preceding_id     INTEGER REFERENCES invoices(id),
    -- SHA-256 of the frozen document, set at issue; the journal's issue entry repeats it.
    content_hash     TEXT,
    issued_at        TEXT,
    -- Settlement: the only columns that change after issue.
    paid_cents       INTEGER NOT NULL DEFAULT 0,
    credited_cents   INTEGER NOT NULL DEFAULT 0,
    sent_at          TEXT,
    reminders_paused INTEGER NOT NULL DEFAULT 0 CHECK (reminders_paused IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK ((status = 'draft') = (number IS NULL)),
    CHECK (status = 'draft' OR (series_id IS NOT NULL AND seq IS NOT NULL AND issue_date IS NOT NULL
                                AND content_hash IS NOT NULL))
);
CREATE UNIQUE INDEX invoices_number ON invoices(org_id, kind, number) WHERE number IS NOT NULL;
CREATE UNIQUE INDEX invoices_seq ON invoices(series_id, period, seq) WHERE seq IS NOT NULL;
-- One index per sort key of the list (the rowid breaks ties in the same order).
CREATE INDEX invoices_by_issue_date ON invoices(org_id, issue_date);
CREATE INDEX invoices_by_number ON invoices(org_id, number);
CREATE INDEX invoices_by_due_date ON invoices(org_id, due_date);
CREATE INDEX invoices_by_total ON invoices(org_id, total_incl_cents);
CREATE INDEX invoices_by_buyer ON invoices(org_id, buyer_name COLLATE NOCASE);
CREATE INDEX invoices_by_created ON invoices(org_id, created_at);
-- Every filter of the list but text search, so that counting matches reads the index only.
CREATE INDEX invoices_filter ON invoices(org_id, status, customer_id, kind, issue_date, due_date);
CREATE INDEX invoices_by_customer ON invoices(customer_id, issue_date);
-- What is still owed: covers the dashboard's outstanding and overdue sums.
CREATE INDEX invoices_open ON invoices(org_id, kind, currency, due_date, due_cents, paid_cents, credited_cents)
    WHERE status IN ('issued', 'sent', 'partially_paid');
CREATE INDEX invoices_preceding ON invoices(preceding_id) WHERE preceding_id IS NOT NULL;

-- The document itself: header content without lines (JSON DocumentContent), the computed
-- totals (JSON Totals), and from issue on the frozen seller and buyer (JSON).
CREATE TABLE invoice_bodies (
    invoice_id  INTEGER PRIMARY KEY REFERENCES invoices(id) ON DELETE CASCADE,
    content     TEXT NOT NULL CHECK (json_valid(content)),
    totals      TEXT NOT NULL CHECK (json_valid(totals)),
    seller      TEXT CHECK (seller IS NULL OR json_valid(seller)),
    buyer       TEXT CHECK (buyer IS NULL OR json_valid(buyer))
);

-- Revenue per month, kept by a trigger at issue (issued documents never change): the
-- dashboard reads a dozen rows instead of a year of invoices. `journal verify` recomputes it.
CREATE TABLE revenue_by_month (
    org_id          INTEGER NOT NULL,
    month           TEXT NOT NULL,
    currency        TEXT NOT NULL,
    invoiced_cents  INTEGER NOT NULL DEFAULT 0,
    credited_cents  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, month, currency)
) WITHOUT ROWID;

CREATE TRIGGER invoices_revenue AFTER UPDATE OF status ON invoices
WHEN OLD.status = 'draft' AND NEW.status <> 'draft' AND NEW.kind IN ('invoice', 'credit_note')
BEGIN
    INSERT INTO revenue_by_month (org_id, month, currency, invoiced_cents, credited_cents)
    VALUES (NEW.org_id, substr(NEW.issue_date, 1, 7), NEW.currency,
            CASE NEW.kind WHEN 'invoice' THEN NEW.total_excl_cents ELSE 0 END,
            CASE NEW.kind WHEN 'credit_note' THEN NEW.total_excl_cents ELSE 0 END)
    ON CONFLICT (org_id, month, currency) DO UPDATE SET
        invoiced_cents = invoiced_cents + excluded.invoiced_cents,
        credited_cents = credited_cents + excluded.credited_cents;
END;

CREATE TABLE invoice_items (
    id                 INTEGER PRIMARY KEY,
    invoice_id         INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    name               TEXT NOT NULL,
    description        TEXT,
    quantity           TEXT NOT NULL,
    unit               TEXT NOT NULL,
    unit_price         TEXT NOT NULL,
    gross_price        TEXT,
    base_quantity      TEXT,
    vat_category       TEXT NOT NULL CHECK (vat_category IN ('S', 'Z', 'E', 'AE', 'K', 'G', 'O')),
    vat_rate           TEXT,
    allowances_charges TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(allowances_charges)),
    net_cents          INTEGER NOT NULL,
    UNIQUE (invoice_id, position)
);

CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    date         TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    currency     TEXT NOT NULL,
    method       TEXT NOT NULL,
    reference    TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX payments_by_date ON payments(org_id, date);

CREATE TABLE payment_allocations (
    payment_id   INTEGER NOT NULL REFERENCES payments(id),
    invoice_id   INTEGER NOT NULL REFERENCES invoices(id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (payment_id, invoice_id)
);
CREATE INDEX payment_allocations_by_invoice ON payment_allocations(invoice_id);

CREATE TABLE invoice_reminders (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL REFERENCES invoices(id),
    stage       TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    channel     TEXT NOT NULL,
    status      TEXT NOT NULL,
    outcome     TEXT,
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    UNIQUE (invoice_id, stage)
);

-- Append-only journal, one hash chain per organization.
CREATE TABLE journal (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    chain_seq    INTEGER NOT NULL,
    at           TEXT NOT NULL,
    event        TEXT NOT NULL,
    document_id  INTEGER REFERENCES invoices(id),
    payload      TEXT NOT NULL CHECK (json_valid(payload)),
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    UNIQUE (org_id, chain_seq)
);
CREATE INDEX journal_by_document ON journal(document_id) WHERE document_id IS NOT NULL;

CREATE TABLE settings (
    org_id  INTEGER NOT NULL DEFAULT 0,   -- 0: settings of the installation
    key     TEXT NOT NULL,
    value   TEXT NOT NULL CHECK (json_valid(value)),
    PRIMARY KEY (org_id, key)
);

-- Search over number, buyer and text, by substring (trigram), all folded (lower case, no accents).
CREATE VIRTUAL TABLE invoice_search USING fts5(number, buyer_name, body, tokenize='trigram');

-- Immutability: an issued document changes only in its settlement columns.
CREATE TRIGGER invoices_frozen BEFORE UPDATE ON invoices
WHEN OLD.status <> 'draft' AND (
       NEW.status = 'draft'
    OR NEW.id IS NOT OLD.id OR NEW.uid IS NOT OLD.uid OR NEW.org_id IS NOT OLD.org_id
    OR NEW.kind IS NOT OLD.kind OR NEW.customer_id IS NOT OLD.customer_id
    OR NEW.series_id IS NOT OLD.series_id OR NEW.period IS NOT OLD.period OR NEW.seq IS NOT OLD.seq
    OR NEW.number IS NOT OLD.number OR NEW.currency IS NOT OLD.currency
    OR NEW.issue_date IS NOT OLD.issue_date OR NEW.due_date IS NOT OLD.due_date
    OR NEW.buyer_name IS NOT OLD.buyer_name
    OR NEW.total_excl_cents IS NOT OLD.total_excl_cents OR NEW.total_vat_cents IS NOT OLD.total_vat_cents
    OR NEW.total_incl_cents IS NOT OLD.total_incl_cents OR NEW.due_cents IS NOT OLD.due_cents
    OR NEW.preceding_id IS NOT OLD.preceding_id OR NEW.content_hash IS NOT OLD.content_hash
    OR NEW.issued_at IS NOT OLD.issued_at OR NEW.created_at IS NOT OLD.created_at)
BEGIN
    SELECT RAISE(ABORT, 'immutable: an issued document cannot be changed; issue a credit note');
END;

CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices WHEN OLD.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'immutable: an issued document cannot be deleted; issue a credit note');
END;

CREATE TRIGGER invoice_bodies_frozen_insert BEFORE INSERT ON invoice_bodies
WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'immutable: an issued document cannot be changed; issue a credit note');
END;

CREATE TRIGGER invoice_bodies_frozen_update BEFORE UPDATE ON invoice_bodies
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) <> 'draft'
  OR (SELECT status FROM invoices WHERE id = NEW.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'immutable: an issued document cannot be changed; issue a credit note');
END;

CREATE TRIGGER invoice_bodies_frozen_delete BEFORE DELETE ON invoice_bodies
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'immutable: an issued document cannot be changed; issue a credit note');
END;

CREATE TRIGGER revenue_by_month_guard BEFORE UPDATE ON revenue_by_month
WHEN NEW.invoiced_cents < OLD.invoiced_cents OR NEW.credited_cents < OLD.credited_cents
BEGIN
    SELECT RAISE(ABORT, 'immutable: issued revenue cannot decrease');
END;

CREATE TRIGGER invoice_items_frozen_insert BEFORE INSERT ON invoice_items
WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'immutable: the lines of an issued document cannot be changed');
END;

CREATE TRIGGER invoice_items_frozen_update BEFORE UPDATE ON invoice_items
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) <> 'draft'
  OR (SELECT status FROM invoices WHERE id = NEW.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'immutable: the lines of an issued document cannot be changed');
END;

CREATE TRIGGER invoice_items_frozen_delete BEFORE DELETE ON invoice_items
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'immutable: the lines of an issued document cannot be changed');
END;

CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'immutable: the journal is append-only');
END;

CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'immutable: the journal is append-only');
END;

CREATE TRIGGER payments_immutable_update BEFORE UPDATE ON payments
BEGIN
    SELECT RAISE(ABORT, 'immutable: a recorded payment cannot be changed');
END;

CREATE TRIGGER payments_immutable_delete BEFORE DELETE ON payments
BEGIN
    SELECT RAISE(ABORT, 'immutable: a recorded payment cannot be deleted');
END;

CREATE TRIGGER payment_allocations_immutable_update BEFORE UPDATE ON payment_allocations
BEGIN
    SELECT RAISE(ABORT, 'immutable: a recorded payment cannot be changed');
END;

CREATE TRIGGER payment_allocations_immutable_delete BEFORE DELETE ON payment_allocations
BEGIN
    SELECT RAISE(ABORT, 'immutable: a recorded payment cannot be deleted');
END;
