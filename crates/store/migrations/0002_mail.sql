-- Email: SMTP settings per organization and the durable outbox (issue 5).
-- The SMTP password is NOT here: it lives in the OS keyring, never in this file.

CREATE TABLE smtp_settings (
    org_id           INTEGER PRIMARY KEY REFERENCES organizations(id),
    preset           TEXT,
    host             TEXT NOT NULL,
    port             INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security         TEXT NOT NULL CHECK (security IN ('starttls', 'tls', 'none')),
    username         TEXT,
    from_address     TEXT NOT NULL,
    from_name        TEXT,
    reply_to         TEXT,
    bcc_self         INTEGER NOT NULL DEFAULT 0 CHECK (bcc_self IN (0, 1)),
    -- An extra trusted root certificate (PEM), for a server with its own certificate.
    trusted_cert_pem TEXT,
    updated_at       TEXT NOT NULL
);

-- One row per message. The message is stored exactly as it goes on the wire (RFC 5322, with
-- its Message-ID and Date fixed at enqueue), so a retry sends the very same bytes.
-- The row of a sent document is its send history: the invoice's journal holds a "send" entry.
CREATE TABLE outbox (
    id                 INTEGER PRIMARY KEY,
    org_id             INTEGER NOT NULL REFERENCES organizations(id),
    invoice_id         INTEGER REFERENCES invoices(id),
    kind               TEXT NOT NULL CHECK (kind IN ('document', 'test')),
    message_id         TEXT NOT NULL UNIQUE,
    envelope_from      TEXT NOT NULL,
    to_addrs           TEXT NOT NULL CHECK (json_valid(to_addrs)),
    cc_addrs           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(cc_addrs)),
    bcc_addrs          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(bcc_addrs)),
    subject            TEXT NOT NULL,
    raw                BLOB NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
    -- While sending: 'claimed' (nothing handed to the server yet) or 'data' (the server said
    -- 354 and the message is going out: from here its fate is unknown until the reply).
    stage              TEXT CHECK (stage IN ('claimed', 'data')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at    TEXT NOT NULL,
    expires_at         TEXT NOT NULL,
    last_error_code    TEXT,
    last_error_message TEXT,
    smtp_reply         TEXT,
    -- The invoice moved to "sent" with its journal entry (done right after the server's 250).
    invoice_recorded   INTEGER NOT NULL DEFAULT 0 CHECK (invoice_recorded IN (0, 1)),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    sent_at            TEXT,
    CHECK ((state = 'sending') = (stage IS NOT NULL))
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_by_org ON outbox(org_id, id);
CREATE INDEX outbox_by_invoice ON outbox(invoice_id) WHERE invoice_id IS NOT NULL;
