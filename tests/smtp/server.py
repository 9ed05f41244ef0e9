#!/usr/bin/env python3
"""A real SMTP server on loopback for AutoInvoice's email tests, on aiosmtpd.

Plain, STARTTLS or implicit TLS with the given certificate; AUTH LOGIN/PLAIN against one
user; faults read from a JSON file before every command, so a test can change them while
the server runs: {"mail": "550 ...", "rcpt": "450 ...", "data": "554 ...", "auth": "fail"}.
Every accepted message is written to --maildir as N.eml (the bytes received) with N.json
(envelope, login, TLS) *before* the 250 reply: the directory is the count at the server.
Prints "READY" when it listens; stops when its standard input closes (the test ended).
"""
import argparse
import asyncio
import itertools
import json
import os
import random
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def is_tls(server):
    transport = getattr(server, "transport", None)
    return transport is not None and transport.get_extra_info("ssl_object") is not None


class Handler:
    def __init__(self, args):
        self.args = args
        self.seq = itertools.count(1)
        self.lock = threading.Lock()

    def faults(self):
        if not self.args.faults:
            return {}
        try:
            with open(self.args.faults, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        fault = self.faults().get("mail")
        if fault:
            return fault
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        fault = self.faults().get("rcpt")
        if fault:
            return fault
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        fault = self.faults().get("data")
        if fault:
            return fault
        with self.lock:
            n = next(self.seq)
        name = f"{os.getpid()}-{n:06d}"
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "auth_user": session.auth_data if session.authenticated else None,
            "tls": session.ssl is not None or is_tls(server),
        }
        d = self.args.maildir
        for ext, data in ((".json", json.dumps(meta).encode()), (".eml", envelope.original_content)):
            tmp = os.path.join(d, f".{name}{ext}.tmp")
            with open(tmp, "wb") as f:
                f.write(data)
            os.rename(tmp, os.path.join(d, name + ext))
        if self.args.delay_ms:
            lo, hi = (int(x) for x in self.args.delay_ms.split(":"))
            await asyncio.sleep(random.uniform(lo, hi) / 1000)
        return "250 2.0.0 OK queued as " + name


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--maildir", required=True)
    p.add_argument("--faults")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--mode", choices=["plain", "starttls", "tls"], default="plain")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--delay-ms", help="MIN:MAX wait after storing a message, before 250")
    args = p.parse_args()
    handler = Handler(args)

    def authenticator(server, session, envelope, mechanism, auth_data):
        if handler.faults().get("auth") == "fail":
            return AuthResult(success=False, handled=False)
        ok = (
            isinstance(auth_data, LoginPassword)
            and args.user is not None
            and auth_data.login == args.user.encode()
            and auth_data.password == (args.password or "").encode()
        )
        if ok:
            return AuthResult(success=True, auth_data=args.user)
        return AuthResult(success=False, handled=False)

    ctx = None
    if args.mode != "plain":
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.cert, args.key)
    kwargs = dict(hostname="127.0.0.1", port=args.port, decode_data=False)
    if args.user:
        kwargs.update(authenticator=authenticator, auth_required=True,
                      # aiosmtpd counts only STARTTLS as TLS; implicit TLS is TLS too.
                      auth_require_tls=args.mode == "starttls")
    if args.mode == "starttls":
        kwargs.update(tls_context=ctx, require_starttls=True)
    elif args.mode == "tls":
        kwargs.update(ssl_context=ctx)
    controller = Controller(handler, **kwargs)
    controller.start()
    print("READY", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
