-- Received e-invoices (issue 15): the purchases register. Each row is a supplier's invoice or
-- credit note read from a Factur-X PDF, CII or UBL file, with the original file kept byte for
-- byte and its SHA-256 (a `purchase` journal entry chains the hash). The figures are the
-- file's own; rows are never changed, only added. The VAT breakdown is kept as rows for the
-- VAT report (deductible VAT) and the FEC (purchases journal).

CREATE TABLE purchases (
    id                INTEGER PRIMARY KEY,
    uid               TEXT NOT NULL UNIQUE,
    org_id            INTEGER NOT NULL REFERENCES organizations(id),
    format            TEXT NOT NULL CHECK (format IN ('facturx', 'cii', 'ubl')),
    file_name         TEXT NOT NULL,
    file_sha256       TEXT NOT NULL,
    file_bytes        BLOB NOT NULL,
    -- Who sent it: VAT id, else legal id (SIREN…), else the name. The same supplier's
    -- number, date and total again is the same invoice (sent as PDF and as XML): kept once.
    -- The same number with other figures is kept too, and shown as a namesake.
    supplier_key      TEXT NOT NULL,
    supplier_name     TEXT NOT NULL,
    supplier_vat_id   TEXT,
    supplier_legal_id TEXT,
    number            TEXT NOT NULL,
    type_code         TEXT,
    credit_note       INTEGER NOT NULL CHECK (credit_note IN (0, 1)),
    issue_date        TEXT NOT NULL,
    due_date          TEXT,
    currency          TEXT NOT NULL,
    -- Signed as in the file (a credit note's amounts are positive; `credit_note` says so).
    total_excl_cents  INTEGER NOT NULL,
    total_vat_cents   INTEGER NOT NULL,
    total_incl_cents  INTEGER NOT NULL,
    payable_cents     INTEGER NOT NULL,
    -- EN 16931 findings of the import (JSON array of {rule, severity, message}).
    errors            INTEGER NOT NULL,
    warnings          INTEGER NOT NULL,
    findings          TEXT NOT NULL CHECK (json_valid(findings)),
    -- The whole invoice as read (lines, parties, payment), JSON.
    invoice           TEXT NOT NULL CHECK (json_valid(invoice)),
    imported_at       TEXT NOT NULL,
    UNIQUE (org_id, file_sha256)
);
CREATE INDEX purchases_by_number ON purchases(org_id, supplier_key, number);
CREATE INDEX purchases_by_date ON purchases(org_id, issue_date);

CREATE TABLE purchase_vat (
    purchase_id    INTEGER NOT NULL REFERENCES purchases(id),
    category       TEXT NOT NULL,
    rate           TEXT NOT NULL,
    taxable_cents  INTEGER NOT NULL,
    tax_cents      INTEGER NOT NULL,
    PRIMARY KEY (purchase_id, category, rate)
) WITHOUT ROWID;

CREATE TRIGGER purchases_frozen BEFORE UPDATE ON purchases
BEGIN
    SELECT RAISE(ABORT, 'immutable: a received invoice cannot be changed');
END;

CREATE TRIGGER purchases_no_delete BEFORE DELETE ON purchases
BEGIN
    SELECT RAISE(ABORT, 'immutable: a received invoice cannot be deleted');
END;

CREATE TRIGGER purchase_vat_frozen BEFORE UPDATE ON purchase_vat
BEGIN
    SELECT RAISE(ABORT, 'immutable: the VAT of a received invoice cannot be changed');
END;

CREATE TRIGGER purchase_vat_no_delete BEFORE DELETE ON purchase_vat
BEGIN
    SELECT RAISE(ABORT, 'immutable: the VAT of a received invoice cannot be deleted');
END;
