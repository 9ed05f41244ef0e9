-- The accountant's side (issue 15): the VAT breakdown of every issued invoice and credit note
-- as rows, so that the VAT report, revenue by rate and the FEC read integers through an index
-- instead of parsing a year of JSON. Written by a trigger at issue from the frozen totals
-- (issued documents never change, so neither do these rows); `journal verify` checks that
-- they add up to each document's totals.

CREATE TABLE invoice_vat (
    invoice_id     INTEGER NOT NULL REFERENCES invoices(id),
    category       TEXT NOT NULL,
    rate           TEXT NOT NULL,   -- as on the document: '20', '5.5', '0'
    taxable_cents  INTEGER NOT NULL,
    tax_cents      INTEGER NOT NULL,
    -- The document's type of operation (goods, services, both; NULL: not said): goods make
    -- VAT due on delivery, services on receipt unless the seller opted for debits.
    operation      TEXT,
    PRIMARY KEY (invoice_id, category, rate)
) WITHOUT ROWID;

-- A decimal amount as written in the totals ('120.20', '-3.5', '180') to hundredths, in text
-- only: no floating point ever touches an amount.
CREATE TRIGGER invoices_vat_rows AFTER UPDATE OF status ON invoices
WHEN OLD.status = 'draft' AND NEW.status <> 'draft' AND NEW.kind IN ('invoice', 'credit_note')
BEGIN
    INSERT INTO invoice_vat (invoice_id, category, rate, taxable_cents, tax_cents, operation)
    SELECT NEW.id,
           json_extract(v.value, '$.category'),
           COALESCE(json_extract(v.value, '$.rate'), '0'),
           CAST(CASE
                  WHEN instr(json_extract(v.value, '$.taxable'), '.') = 0 THEN json_extract(v.value, '$.taxable') || '00'
                  WHEN length(json_extract(v.value, '$.taxable')) - instr(json_extract(v.value, '$.taxable'), '.') = 1
                    THEN replace(json_extract(v.value, '$.taxable'), '.', '') || '0'
                  ELSE replace(json_extract(v.value, '$.taxable'), '.', '') END AS INTEGER),
           CAST(CASE
                  WHEN instr(json_extract(v.value, '$.tax'), '.') = 0 THEN json_extract(v.value, '$.tax') || '00'
                  WHEN length(json_extract(v.value, '$.tax')) - instr(json_extract(v.value, '$.tax'), '.') = 1
                    THEN replace(json_extract(v.value, '$.tax'), '.', '') || '0'
                  ELSE replace(json_extract(v.value, '$.tax'), '.', '') END AS INTEGER),
           json_extract(b.content, '$.operation_type')
    FROM invoice_bodies b, json_each(b.totals, '$.vat_breakdown') v
    WHERE b.invoice_id = NEW.id;
    -- A guard on the conversion above: the rows must add up to the totals just frozen.
    SELECT RAISE(ABORT, 'the VAT rows of the document do not add up to its totals')
    WHERE (SELECT COALESCE(SUM(taxable_cents), 0) FROM invoice_vat WHERE invoice_id = NEW.id) <> NEW.total_excl_cents
       OR (SELECT COALESCE(SUM(tax_cents), 0) FROM invoice_vat WHERE invoice_id = NEW.id) <> NEW.total_vat_cents;
END;

-- Goods are taxed and counted apart (VAT on delivery, their own franchise threshold); most
-- books have none, so the reports find them through this small index.
CREATE INDEX invoice_vat_goods ON invoice_vat(invoice_id) WHERE operation = 'goods';

CREATE TRIGGER invoice_vat_frozen BEFORE UPDATE ON invoice_vat
BEGIN
    SELECT RAISE(ABORT, 'immutable: the VAT of an issued document cannot be changed');
END;

CREATE TRIGGER invoice_vat_no_delete BEFORE DELETE ON invoice_vat
BEGIN
    SELECT RAISE(ABORT, 'immutable: the VAT of an issued document cannot be deleted');
END;

-- The documents issued before this migration.
INSERT INTO invoice_vat (invoice_id, category, rate, taxable_cents, tax_cents, operation)
SELECT i.id,
       json_extract(v.value, '$.category'),
       COALESCE(json_extract(v.value, '$.rate'), '0'),
       CAST(CASE
              WHEN instr(json_extract(v.value, '$.taxable'), '.') = 0 THEN json_extract(v.value, '$.taxable') || '00'
              WHEN length(json_extract(v.value, '$.taxable')) - instr(json_extract(v.value, '$.taxable'), '.') = 1
                THEN replace(json_extract(v.value, '$.taxable'), '.', '') || '0'
              ELSE replace(json_extract(v.value, '$.taxable'), '.', '') END AS INTEGER),
       CAST(CASE
              WHEN instr(json_extract(v.value, '$.tax'), '.') = 0 THEN json_extract(v.value, '$.tax') || '00'
              WHEN length(json_extract(v.value, '$.tax')) - instr(json_extract(v.value, '$.tax'), '.') = 1
                THEN replace(json_extract(v.value, '$.tax'), '.', '') || '0'
              ELSE replace(json_extract(v.value, '$.tax'), '.', '') END AS INTEGER),
       json_extract(b.content, '$.operation_type')
FROM invoices i JOIN invoice_bodies b ON b.invoice_id = i.id, json_each(b.totals, '$.vat_breakdown') v
WHERE i.status <> 'draft' AND i.kind IN ('invoice', 'credit_note');


-- Marks the file as an AutoInvoice book ('AINV'), so that a restore can refuse any other
-- SQLite file before it looks inside.
PRAGMA application_id = 1095323222;
