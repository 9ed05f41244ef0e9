#!/usr/bin/env python3
"""A local stand-in for the part of Stripe's REST API AutoInvoice uses, for the tests.

Faithful to Stripe's documented contract (API version 2024-06-20) for what it implements:
form-encoded POST bodies with bracketed keys, Bearer authentication, `Idempotency-Key`
(a replay answers the first response, with `Idempotent-Replayed: true`; the same key with
other parameters is an `idempotency_error`), list objects with `has_more` and
`starting_after`, `expand[]`, the error envelope `{"error": {"type", "code", "message", ...}}`
with its HTTP statuses (400, 401, 402, 403, 404, 429, 500) and `Stripe-Should-Retry`.

Implemented: GET /v1/balance; GET|POST /v1/prices; GET|POST /v1/payment_links,
POST /v1/payment_links/{id}; GET /v1/checkout/sessions (payment_link filter);
GET /v1/payment_intents/{id}; GET /v1/refunds (payment_intent filter).

Test controls under /_test/ (not Stripe's): pay a link, refund a payment, inject faults
(status, delay, count, path prefix), read the state and the request log.

Usage: server.py [--port N] [--key sk_test_...] [--restricted-key rk_test_...]
Prints "PORT <n>" on stdout once listening; exits when stdin closes.
"""

import argparse
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlparse

LOCK = threading.Lock()
STATE = {
    "prices": {}, "links": {}, "sessions": {}, "intents": {}, "charges": {}, "txns": {}, "refunds": {},
    "idempotency": {}, "faults": [], "log": [],
}
KEYS = {}  # key -> "full" | "no_payment_links"
ACCOUNT = "acct_1AutoInvoiceTest"
CURRENCIES = {"eur", "usd", "gbp", "chf", "jpy", "sek", "dkk", "pln", "czk", "huf", "ron", "bgn", "nok", "cad", "aud"}


def new_id(prefix):
    return f"{prefix}_{secrets.token_hex(12)}"


def now():
    return int(time.time())


def mask(key):
    return key[:8] + "*" * 8 + key[-4:]


class Error(Exception):
    def __init__(self, status, type_, message, code=None, param=None, decline_code=None, should_retry=None):
        super().__init__(message)
        self.status, self.type, self.message = status, type_, message
        self.code, self.param, self.decline_code, self.should_retry = code, param, decline_code, should_retry

    def body(self):
        e = {"type": self.type, "message": self.message}
        if self.code:
            e["code"] = self.code
            e["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        if self.param:
            e["param"] = self.param
        if self.decline_code:
            e["decline_code"] = self.decline_code
        e["request_log_url"] = f"https://dashboard.stripe.com/test/logs/req_{secrets.token_hex(7)}"
        return {"error": e}


def nested(pairs):
    """`a[b][0][c]=v` pairs to nested dicts (lists as dicts of indexes), as Stripe reads them."""
    out = {}
    for k, v in pairs:
        parts = k.replace("]", "").split("[")
        cur = out
        for p in parts[:-1]:
            cur = cur.setdefault(p, {})
        cur[parts[-1]] = v
    return out


def listing(items, params, url):
    items = sorted(items, key=lambda x: (-x["created"], x["id"]))
    after = params.get("starting_after")
    if after:
        ids = [x["id"] for x in items]
        if after not in ids:
            raise Error(400, "invalid_request_error", f"No such object: '{after}'", "resource_missing", "starting_after")
        items = items[ids.index(after) + 1:]
    try:
        limit = int(params.get("limit", "10"))
    except ValueError:
        raise Error(400, "invalid_request_error", "Invalid integer: limit", "parameter_invalid_integer", "limit")
    if not 1 <= limit <= 100:
        raise Error(400, "invalid_request_error", "This value must be between 1 and 100.", "parameter_invalid_integer", "limit")
    return {"object": "list", "data": items[:limit], "has_more": len(items) > limit, "url": url}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", "req_" + secrets.token_hex(7))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def handle_any(self, method):
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        if url.path.startswith("/_test/"):
            return self.control(url.path, json.loads(raw or "{}"))
        query = parse_qsl(url.query, keep_blank_values=True)
        form = parse_qsl(raw, keep_blank_values=True) if method == "POST" else []
        idem = self.headers.get("Idempotency-Key")
        auth = self.headers.get("Authorization", "")
        key = auth[7:] if auth.startswith("Bearer ") else ""
        with LOCK:
            STATE["log"].append({"method": method, "path": url.path, "idempotency_key": idem,
                                 "key_hint": key[-4:] if key else None, "version": self.headers.get("Stripe-Version"),
                                 "form": form, "query": query})
            fault = self.take_fault(url.path)
        delay_after = 0.0
        if fault:
            if fault.get("delay_ms") and not fault.get("after"):
                time.sleep(fault["delay_ms"] / 1000)
            if fault.get("status"):
                err = Error(fault["status"], fault.get("type", "api_error"), fault.get("message", "An error occurred with our connection to Stripe."),
                            fault.get("code"), decline_code=fault.get("decline_code"), should_retry=fault.get("should_retry"))
                headers = {}
                if err.should_retry is not None:
                    headers["Stripe-Should-Retry"] = "true" if err.should_retry else "false"
                return self.answer(err.status, err.body(), headers)
            if fault.get("delay_ms") and fault.get("after"):
                delay_after = fault["delay_ms"] / 1000
        try:
            if not key:
                raise Error(401, "invalid_request_error", "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').")
            if key not in KEYS:
                raise Error(401, "invalid_request_error", f"Invalid API Key provided: {mask(key)}")
            with LOCK:
                if method == "POST" and idem:
                    fingerprint = json.dumps([url.path, sorted(form)])
                    known = STATE["idempotency"].get((key, idem))
                    if known:
                        if known[0] != fingerprint:
                            raise Error(400, "idempotency_error", "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '%s' if you meant to execute a different request." % idem)
                        status, body = known[1], known[2]
                        replay = True
                    else:
                        status, body = self.route(method, url.path, dict(query), nested(form), query, key)
                        STATE["idempotency"][(key, idem)] = (fingerprint, status, body)
                        replay = False
                else:
                    status, body = self.route(method, url.path, dict(query), nested(form), query, key)
                    replay = False
        except Error as e:
            return self.answer(e.status, e.body())
        if delay_after:
            # The work is done (and remembered under its Idempotency-Key); the answer comes late.
            time.sleep(delay_after)
        self.answer(status, body, {"Idempotent-Replayed": "true"} if replay else None)

    def take_fault(self, path):
        for f in STATE["faults"]:
            if path.startswith(f.get("path", "/")) and f.get("count", 1) > 0:
                f["count"] = f.get("count", 1) - 1
                return dict(f)
        return None

    def route(self, method, path, params, body, query, key):
        parts = path.strip("/").split("/")
        if parts[:1] != ["v1"]:
            raise Error(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path}).")
        parts = parts[1:]
        if parts == ["balance"] and method == "GET":
            return 200, {"object": "balance", "livemode": False, "available": [{"amount": 0, "currency": "eur"}], "pending": []}
        if parts[0] == "payment_links" and KEYS[key] == "no_payment_links":
            raise Error(403, "invalid_request_error", f"The provided key '{mask(key)}' does not have the required permissions for this endpoint on account '{ACCOUNT}'. Having the 'rak_payment_link_write' permission would allow this request to continue.")
        if parts == ["prices"] and method == "POST":
            return 200, self.create_price(body)
        if parts == ["prices"] and method == "GET":
            return 200, listing(STATE["prices"].values(), params, "/v1/prices")
        if parts == ["payment_links"] and method == "POST":
            return 200, self.create_link(body)
        if parts == ["payment_links"] and method == "GET":
            return 200, listing(STATE["links"].values(), params, "/v1/payment_links")
        if len(parts) == 2 and parts[0] == "payment_links":
            link = STATE["links"].get(parts[1])
            if not link:
                raise Error(404, "invalid_request_error", f"No such payment_link: '{parts[1]}'", "resource_missing", "id")
            if method == "POST" and "active" in body:
                link["active"] = body["active"] == "true"
            return 200, link
        if parts == ["checkout", "sessions"] and method == "GET":
            items = [s for s in STATE["sessions"].values() if not params.get("payment_link") or s["payment_link"] == params["payment_link"]]
            return 200, listing(items, params, "/v1/checkout/sessions")
        if len(parts) == 2 and parts[0] == "payment_intents" and method == "GET":
            pi = STATE["intents"].get(parts[1])
            if not pi:
                raise Error(404, "invalid_request_error", f"No such payment_intent: '{parts[1]}'", "resource_missing", "intent")
            pi = json.loads(json.dumps(pi))
            expand = [v for k, v in query if k == "expand[]"]
            if "latest_charge" in expand or "latest_charge.balance_transaction" in expand:
                charge = json.loads(json.dumps(STATE["charges"][pi["latest_charge"]]))
                if "latest_charge.balance_transaction" in expand and charge["balance_transaction"]:
                    charge["balance_transaction"] = STATE["txns"][charge["balance_transaction"]]
                pi["latest_charge"] = charge
            return 200, pi
        if parts == ["refunds"] and method == "GET":
            items = [r for r in STATE["refunds"].values() if not params.get("payment_intent") or r["payment_intent"] == params["payment_intent"]]
            return 200, listing(items, params, "/v1/refunds")
        raise Error(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def create_price(self, body):
        currency = body.get("currency", "")
        if currency not in CURRENCIES:
            raise Error(400, "invalid_request_error", f"Invalid currency: {currency}. Stripe currently supports these currencies: {', '.join(sorted(CURRENCIES))}", "parameter_invalid", "currency")
        try:
            amount = int(body.get("unit_amount", ""))
        except ValueError:
            raise Error(400, "invalid_request_error", "Invalid integer: " + body.get("unit_amount", ""), "parameter_invalid_integer", "unit_amount")
        if amount < 0:
            raise Error(400, "invalid_request_error", "This value must be greater than or equal to 0.", "parameter_invalid_integer", "unit_amount")
        name = body.get("product_data", {}).get("name")
        if not name:
            raise Error(400, "invalid_request_error", "Missing required param: product_data[name].", "parameter_missing", "product_data[name]")
        price = {"id": new_id("price"), "object": "price", "active": True, "currency": currency, "unit_amount": amount,
                 "product": new_id("prod"), "type": "one_time", "livemode": False, "created": now(), "metadata": {}}
        STATE["prices"][price["id"]] = price
        return price

    def create_link(self, body):
        items = body.get("line_items", {})
        first = items.get("0", {})
        price = STATE["prices"].get(first.get("price", ""))
        if not price:
            raise Error(400, "invalid_request_error", f"No such price: '{first.get('price', '')}'", "resource_missing", "line_items[0][price]")
        host = self.headers.get("Host", "127.0.0.1")
        link_id = new_id("plink")
        link = {"id": link_id, "object": "payment_link", "active": True, "livemode": False, "created": now(),
                "url": f"http://{host}/pay/{link_id}", "metadata": body.get("metadata", {}), "currency": price["currency"],
                "restrictions": {"completed_sessions": {"limit": int(body.get("restrictions", {}).get("completed_sessions", {}).get("limit", "0") or 0)}},
                "payment_intent_data": {"metadata": body.get("payment_intent_data", {}).get("metadata", {})},
                "_price": price["id"]}
        STATE["links"][link_id] = link
        return link

    def control(self, path, body):
        with LOCK:
            if path == "/_test/fault":
                STATE["faults"].append(body)
                return self.answer(200, {"ok": True})
            if path == "/_test/clear":
                STATE["faults"].clear()
                STATE["log"].clear()
                return self.answer(200, {"ok": True})
            if path == "/_test/state":
                return self.answer(200, {k: (list(v.values()) if isinstance(v, dict) and k != "idempotency" else v)
                                         for k, v in STATE.items() if k not in ("idempotency",)})
            if path == "/_test/pay":
                link = STATE["links"].get(body.get("payment_link", ""))
                if not link:
                    return self.answer(404, {"error": "no such link"})
                if not link["active"]:
                    return self.answer(409, {"error": "link inactive"})
                done = [s for s in STATE["sessions"].values() if s["payment_link"] == link["id"] and s["status"] == "complete"]
                if link["restrictions"]["completed_sessions"]["limit"] and len(done) >= link["restrictions"]["completed_sessions"]["limit"]:
                    return self.answer(409, {"error": "completed sessions limit reached"})
                price = STATE["prices"][link["_price"]]
                amount = body.get("amount", price["unit_amount"])
                fee = body.get("fee", round(amount * 0.015) + 25)
                txn = {"id": new_id("txn"), "object": "balance_transaction", "amount": amount, "fee": fee, "net": amount - fee,
                       "currency": price["currency"], "created": now()}
                charge = {"id": new_id("ch"), "object": "charge", "amount": amount, "amount_refunded": 0, "refunded": False,
                          "balance_transaction": txn["id"] if body.get("fee_known", True) else None, "currency": price["currency"], "created": now()}
                pi = {"id": new_id("pi"), "object": "payment_intent", "amount": amount, "amount_received": amount,
                      "currency": price["currency"], "status": "succeeded", "latest_charge": charge["id"],
                      "metadata": link["payment_intent_data"]["metadata"], "created": now()}
                session = {"id": new_id("cs_test"), "object": "checkout.session", "status": "complete", "payment_status": "paid",
                           "amount_total": amount, "currency": price["currency"], "payment_intent": pi["id"],
                           "payment_link": link["id"], "mode": "payment", "created": body.get("created", now()), "livemode": False}
                STATE["txns"][txn["id"]] = txn
                STATE["charges"][charge["id"]] = charge
                STATE["intents"][pi["id"]] = pi
                STATE["sessions"][session["id"]] = session
                return self.answer(200, {"session": session["id"], "payment_intent": pi["id"], "fee": fee})
            if path == "/_test/open_session":
                link = STATE["links"][body["payment_link"]]
                session = {"id": new_id("cs_test"), "object": "checkout.session", "status": "open", "payment_status": "unpaid",
                           "amount_total": STATE["prices"][link["_price"]]["unit_amount"], "currency": link["currency"],
                           "payment_intent": None, "payment_link": link["id"], "mode": "payment", "created": now(), "livemode": False}
                STATE["sessions"][session["id"]] = session
                return self.answer(200, {"session": session["id"]})
            if path == "/_test/refund":
                pi = STATE["intents"][body["payment_intent"]]
                charge = STATE["charges"][pi["latest_charge"]]
                amount = body.get("amount", pi["amount_received"] - charge["amount_refunded"])
                charge["amount_refunded"] += amount
                charge["refunded"] = charge["amount_refunded"] >= pi["amount_received"]
                refund = {"id": new_id("re"), "object": "refund", "amount": amount, "currency": pi["currency"],
                          "payment_intent": pi["id"], "charge": charge["id"], "status": "succeeded", "created": now()}
                STATE["refunds"][refund["id"]] = refund
                return self.answer(200, refund)
        self.answer(404, {"error": "unknown control"})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client killed mid-request (the SIGKILL tests) is not the server's error.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--key", action="append", default=[])
    ap.add_argument("--restricted-key", action="append", default=[])
    a = ap.parse_args()
    for k in a.key:
        KEYS[k] = "full"
    for k in a.restricted_key:
        KEYS[k] = "no_payment_links"
    server = Server(("127.0.0.1", a.port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        sys.stdin.read()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
