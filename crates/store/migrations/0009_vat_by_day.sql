-- VAT and receipts per day, kept for the reports (the accounting benchmark of issue 15): the
-- VAT report, revenue by rate and the franchise tracker sum a few hundred rows of these
-- instead of a year of documents or payments, which SQLite had to join and, for VAT, sort by
-- category and rate to group (most of the time of a year's VAT report). Triggers keep them
-- as the rows they sum are written; those rows never change (issued documents, their VAT
-- rows, payments and their allocations), and `journal verify` recomputes all three tables.
--
-- `operation` is the document's type of operation as in `invoice_vat`, '' when not said:
-- a key column of a WITHOUT ROWID table cannot be NULL.
--
-- A book copied from one whose later migrations were undone by hand may hold these already:
-- they are rebuilt from scratch.

-- Issued invoices and credit notes by issue date; credit notes negative (revenue by rate,
-- VAT on debits).
CREATE TABLE IF NOT EXISTS vat_issued_by_day (
    org_id         INTEGER NOT NULL,
    day            TEXT NOT NULL,
    currency       TEXT NOT NULL,
    category       TEXT NOT NULL,
    rate           TEXT NOT NULL,
    operation      TEXT NOT NULL,
    taxable_cents  INTEGER NOT NULL,
    tax_cents      INTEGER NOT NULL,
    PRIMARY KEY (org_id, day, currency, category, rate, operation)
) WITHOUT ROWID;

-- Payments by payment date, shared out over the VAT rows of the invoices they paid (VAT on
-- receipts): each allocation's share of each row rounded half away from zero, as
-- `reports::receipts` does. A share whose amounts exceed 10^9 hundredths would overflow
-- SQLite's integers: it is only counted in `large`, and the report reads those rows itself.
CREATE TABLE IF NOT EXISTS vat_received_by_day (
    org_id         INTEGER NOT NULL,
    day            TEXT NOT NULL,
    currency       TEXT NOT NULL,
    category       TEXT NOT NULL,
    rate           TEXT NOT NULL,
    operation      TEXT NOT NULL,
    taxable_cents  INTEGER NOT NULL,
    tax_cents      INTEGER NOT NULL,
    shares         INTEGER NOT NULL,
    large          INTEGER NOT NULL,
    PRIMARY KEY (org_id, day, currency, category, rate, operation)
) WITHOUT ROWID;

-- Payments by payment date and currency, each allocation's share of its invoice's total
-- without VAT (turnover on receipts, for the franchise tracker), apart for invoices with VAT
-- rows of goods (`goods` 1); large shares counted as above.
CREATE TABLE IF NOT EXISTS received_by_day (
    org_id         INTEGER NOT NULL,
    day            TEXT NOT NULL,
    currency       TEXT NOT NULL,
    goods          INTEGER NOT NULL,
    excl_cents     INTEGER NOT NULL,
    shares         INTEGER NOT NULL,
    large          INTEGER NOT NULL,
    PRIMARY KEY (org_id, day, currency, goods)
) WITHOUT ROWID;

DROP TRIGGER IF EXISTS invoice_vat_by_day;
DROP TRIGGER IF EXISTS payment_allocations_vat_by_day;
DELETE FROM vat_issued_by_day;
DELETE FROM vat_received_by_day;
DELETE FROM received_by_day;

INSERT INTO vat_issued_by_day (org_id, day, currency, category, rate, operation, taxable_cents, tax_cents)
SELECT i.org_id, i.issue_date, i.currency, v.category, v.rate, COALESCE(v.operation, ''),
       SUM(CASE i.kind WHEN 'invoice' THEN v.taxable_cents ELSE -v.taxable_cents END),
       SUM(CASE i.kind WHEN 'invoice' THEN v.tax_cents ELSE -v.tax_cents END)
FROM invoices i JOIN invoice_vat v ON v.invoice_id = i.id
WHERE i.kind IN ('invoice', 'credit_note') AND i.status <> 'draft'
GROUP BY i.org_id, i.issue_date, i.currency, v.category, v.rate, COALESCE(v.operation, '');

INSERT INTO vat_received_by_day (org_id, day, currency, category, rate, operation, taxable_cents, tax_cents, shares, large)
SELECT p.org_id, p.date, i.currency, v.category, v.rate, COALESCE(v.operation, ''),
       SUM(CASE WHEN abs(a.amount_cents) <= 1000000000 AND abs(v.taxable_cents) <= 1000000000
                 AND abs(v.tax_cents) <= 1000000000 AND abs(i.total_incl_cents) <= 1000000000 THEN
              CASE WHEN a.amount_cents * v.taxable_cents >= 0
                   THEN (2 * a.amount_cents * v.taxable_cents + i.total_incl_cents) / (2 * i.total_incl_cents)
                   ELSE -((-2 * a.amount_cents * v.taxable_cents + i.total_incl_cents) / (2 * i.total_incl_cents)) END
            ELSE 0 END),
       SUM(CASE WHEN abs(a.amount_cents) <= 1000000000 AND abs(v.taxable_cents) <= 1000000000
                 AND abs(v.tax_cents) <= 1000000000 AND abs(i.total_incl_cents) <= 1000000000 THEN
              CASE WHEN a.amount_cents * v.tax_cents >= 0
                   THEN (2 * a.amount_cents * v.tax_cents + i.total_incl_cents) / (2 * i.total_incl_cents)
                   ELSE -((-2 * a.amount_cents * v.tax_cents + i.total_incl_cents) / (2 * i.total_incl_cents)) END
            ELSE 0 END),
       SUM(abs(a.amount_cents) <= 1000000000 AND abs(v.taxable_cents) <= 1000000000
           AND abs(v.tax_cents) <= 1000000000 AND abs(i.total_incl_cents) <= 1000000000),
       SUM(NOT (abs(a.amount_cents) <= 1000000000 AND abs(v.taxable_cents) <= 1000000000
                AND abs(v.tax_cents) <= 1000000000 AND abs(i.total_incl_cents) <= 1000000000))
FROM payments p
     JOIN payment_allocations a ON a.payment_id = p.id
     JOIN invoices i ON i.id = a.invoice_id
     JOIN invoice_vat v ON v.invoice_id = i.id
WHERE i.kind = 'invoice' AND i.total_incl_cents > 0
GROUP BY p.org_id, p.date, i.currency, v.category, v.rate, COALESCE(v.operation, '');

INSERT INTO received_by_day (org_id, day, currency, goods, excl_cents, shares, large)
SELECT p.org_id, p.date, p.currency,
       EXISTS (SELECT 1 FROM invoice_vat g WHERE g.invoice_id = i.id AND g.operation = 'goods'),
       SUM(CASE WHEN abs(a.amount_cents) <= 1000000000 AND abs(i.total_excl_cents) <= 1000000000
                 AND abs(i.total_incl_cents) <= 1000000000 THEN
              CASE WHEN a.amount_cents * i.total_excl_cents >= 0
                   THEN (2 * a.amount_cents * i.total_excl_cents + i.total_incl_cents) / (2 * i.total_incl_cents)
                   ELSE -((-2 * a.amount_cents * i.total_excl_cents + i.total_incl_cents) / (2 * i.total_incl_cents)) END
            ELSE 0 END),
       SUM(abs(a.amount_cents) <= 1000000000 AND abs(i.total_excl_cents) <= 1000000000
           AND abs(i.total_incl_cents) <= 1000000000),
       SUM(NOT (abs(a.amount_cents) <= 1000000000 AND abs(i.total_excl_cents) <= 1000000000
                AND abs(i.total_incl_cents) <= 1000000000))
FROM payments p
     JOIN payment_allocations a ON a.payment_id = p.id
     JOIN invoices i ON i.id = a.invoice_id
WHERE i.kind = 'invoice' AND i.total_incl_cents > 0
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER invoice_vat_by_day AFTER INSERT ON invoice_vat
BEGIN
    INSERT INTO vat_issued_by_day (org_id, day, currency, category, rate, operation, taxable_cents, tax_cents)
    SELECT i.org_id, i.issue_date, i.currency, NEW.category, NEW.rate, COALESCE(NEW.operation, ''),
           CASE i.kind WHEN 'invoice' THEN NEW.taxable_cents ELSE -NEW.taxable_cents END,
           CASE i.kind WHEN 'invoice' THEN NEW.tax_cents ELSE -NEW.tax_cents END
    FROM invoices i
    WHERE i.id = NEW.invoice_id AND i.kind IN ('invoice', 'credit_note') AND i.status <> 'draft'
    ON CONFLICT (org_id, day, currency, category, rate, operation) DO UPDATE SET
        taxable_cents = taxable_cents + excluded.taxable_cents,
        tax_cents = tax_cents + excluded.tax_cents;
END;

CREATE TRIGGER payment_allocations_vat_by_day AFTER INSERT ON payment_allocations
BEGIN
    INSERT INTO vat_received_by_day (org_id, day, currency, category, rate, operation, taxable_cents, tax_cents, shares, large)
    SELECT p.org_id, p.date, i.currency, v.category, v.rate, COALESCE(v.operation, ''),
           CASE WHEN abs(NEW.amount_cents) <= 1000000000 AND abs(v.taxable_cents) <= 1000000000
                     AND abs(v.tax_cents) <= 1000000000 AND abs(i.total_incl_cents) <= 1000000000 THEN
                  CASE WHEN NEW.amount_cents * v.taxable_cents >= 0
                       THEN (2 * NEW.amount_cents * v.taxable_cents + i.total_incl_cents) / (2 * i.total_incl_cents)
                       ELSE -((-2 * NEW.amount_cents * v.taxable_cents + i.total_incl_cents) / (2 * i.total_incl_cents)) END
                ELSE 0 END,
           CASE WHEN abs(NEW.amount_cents) <= 1000000000 AND abs(v.taxable_cents) <= 1000000000
                     AND abs(v.tax_cents) <= 1000000000 AND abs(i.total_incl_cents) <= 1000000000 THEN
                  CASE WHEN NEW.amount_cents * v.tax_cents >= 0
                       THEN (2 * NEW.amount_cents * v.tax_cents + i.total_incl_cents) / (2 * i.total_incl_cents)
                       ELSE -((-2 * NEW.amount_cents * v.tax_cents + i.total_incl_cents) / (2 * i.total_incl_cents)) END
                ELSE 0 END,
           abs(NEW.amount_cents) <= 1000000000 AND abs(v.taxable_cents) <= 1000000000
               AND abs(v.tax_cents) <= 1000000000 AND abs(i.total_incl_cents) <= 1000000000,
           NOT (abs(NEW.amount_cents) <= 1000000000 AND abs(v.taxable_cents) <= 1000000000
                AND abs(v.tax_cents) <= 1000000000 AND abs(i.total_incl_cents) <= 1000000000)
    FROM payments p, invoices i, invoice_vat v
    WHERE p.id = NEW.payment_id AND i.id = NEW.invoice_id AND v.invoice_id = i.id
      AND i.kind = 'invoice' AND i.total_incl_cents > 0
    ON CONFLICT (org_id, day, currency, category, rate, operation) DO UPDATE SET
        taxable_cents = taxable_cents + excluded.taxable_cents,
        tax_cents = tax_cents + excluded.tax_cents,
        shares = shares + excluded.shares,
        large = large + excluded.large;
    INSERT INTO received_by_day (org_id, day, currency, goods, excl_cents, shares, large)
    SELECT p.org_id, p.date, p.currency,
           EXISTS (SELECT 1 FROM invoice_vat g WHERE g.invoice_id = i.id AND g.operation = 'goods'),
           CASE WHEN abs(NEW.amount_cents) <= 1000000000 AND abs(i.total_excl_cents) <= 1000000000
                     AND abs(i.total_incl_cents) <= 1000000000 THEN
                  CASE WHEN NEW.amount_cents * i.total_excl_cents >= 0
                       THEN (2 * NEW.amount_cents * i.total_excl_cents + i.total_incl_cents) / (2 * i.total_incl_cents)
                       ELSE -((-2 * NEW.amount_cents * i.total_excl_cents + i.total_incl_cents) / (2 * i.total_incl_cents)) END
                ELSE 0 END,
           abs(NEW.amount_cents) <= 1000000000 AND abs(i.total_excl_cents) <= 1000000000
               AND abs(i.total_incl_cents) <= 1000000000,
           NOT (abs(NEW.amount_cents) <= 1000000000 AND abs(i.total_excl_cents) <= 1000000000
                AND abs(i.total_incl_cents) <= 1000000000)
    FROM payments p, invoices i
    WHERE p.id = NEW.payment_id AND i.id = NEW.invoice_id
      AND i.kind = 'invoice' AND i.total_incl_cents > 0
    ON CONFLICT (org_id, day, currency, goods) DO UPDATE SET
        excl_cents = excl_cents + excluded.excl_cents,
        shares = shares + excluded.shares,
        large = large + excluded.large;
END;
