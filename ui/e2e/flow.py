"""End-to-end flow in the real window: first-run setup → customer → draft with three lines at
different VAT rates → totals → issue → number → PDF saved → partial payment. Screenshots of the
main screens go to the output folder.

    python3 ui/e2e/flow.py --binary PATH --lang fr|en --out DIR [--webdriver http://127.0.0.1:4444]

The app must start on an empty database (AUTOINVOICE_DB) with TAURI_WEBVIEW_AUTOMATION=true;
`run.sh` arranges both. Exit code 0 when every check holds.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from webdriver import Session  # noqa: E402

LINES = [  # description, quantity, unit price, VAT rate (as a person types them in French or English)
    ('Développement', '8', '150', '20'),
    ('Formation', '1', '450', '10'),
    ('Livres', '2', {'fr': '40,10', 'en': '40.10'}, {'fr': '5,5', 'en': '5.5'}),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--binary', required=True)
    ap.add_argument('--lang', choices=['fr', 'en'], default='en')
    ap.add_argument('--out', default='e2e-shots')
    ap.add_argument('--webdriver', default='http://127.0.0.1:4444')
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    checks = []

    def check(name, ok, detail=''):
        checks.append(ok)
        print(('ok   ' if ok else 'FAIL ') + name + (f' ({detail})' if detail else ''), flush=True)

    s = Session(a.webdriver, a.binary)
    shot = lambda name: s.screenshot(os.path.join(a.out, f'{a.lang}-{name}.png'))
    try:
        # First run.
        s.wait('org-legal_name', 30)
        s.select_value('language-switch', a.lang)
        shot('01-setup')
        s.type('org-legal_name', 'Camille Martin EI')
        s.type('org-siren', '123456789')
        s.type('org-line1', '12 rue des Lilas')
        s.type('org-postcode', '69003')
        s.type('org-city', 'Lyon')
        s.type('org-vat_number', 'FR44732829320')
        s.click('org-submit')
        s.wait('org-error')
        check('a bad SIREN is refused with its code', s.data('org-error', 'code') == 'invalid_siren', s.text('org-error'))
        s.type('org-siren', '732829320')
        s.click('org-submit')
        s.wait('nav-dashboard', 30)
        time.sleep(0.5)
        shot('02-dashboard')

        # A customer.
        s.click('nav-customers')
        s.click('new-customer')
        s.type('cust-name', 'Boulangerie Dupont SARL')
        s.type('cust-line1', '1 place Bellecour')
        s.type('cust-postcode', '69002')
        s.type('cust-city', 'Lyon')
        s.click('cust-submit')
        s.wait('customer-saved')
        shot('03-customers')

        # A draft with three lines at 20, 10 and 5.5 %.
        s.click('nav-invoices')
        s.wait('new-invoice')
        shot('04-invoices')
        s.click('new-invoice')
        s.select_index('customer-picker', 1)
        for i, (desc, qty, price, rate) in enumerate(LINES):
            if i > 0:
                s.click('add-line')
            s.type(f'line-{i}-description', desc)
            s.type(f'line-{i}-quantity', qty)
            s.type(f'line-{i}-price', price[a.lang] if isinstance(price, dict) else price)
            s.type(f'line-{i}-vat', rate[a.lang] if isinstance(rate, dict) else rate)
        time.sleep(1.0)
        got = [s.data(t, 'value') for t in ('total-excl', 'total-vat', 'total-incl')]
        check('live totals from Rust', got == ['1730.20', '289.41', '2019.61'], str(got))
        rows = s.js('return [...document.querySelectorAll("[data-testid^=vat-row-]")].map(e => e.dataset.rate + ":" + e.dataset.value)')
        check('one VAT row per rate', sorted(rows) == sorted(['20:240.00', '10:45.00', '5.5:4.41']), str(rows))
        shot('05-editor')
        s.click('save')
        s.wait('draft-saved')

        # Issue.
        s.click('issue')
        s.wait('confirm-issue')
        shot('06-confirm-issue')
        s.click('confirm-issue')
        s.wait('doc-number', 30)
        number = s.text('doc-number')
        check('a number appears', number.startswith('F-'), number)
        check('status issued', s.data('doc-status', 'status') == 'issued')
        time.sleep(2.0)
        shot('07-issued')

        # The PDF saved.
        s.click('save-pdf')
        s.wait('saved-path', 30)
        path = s.text('saved-path')
        ok = os.path.isfile(path) and open(path, 'rb').read(5) == b'%PDF-'
        check('the PDF is saved', ok, path)

        # A partial payment.
        s.click('record-payment')
        s.type('pay-amount', '500')
        s.click('pay-submit')
        s.wait('payment-recorded')
        time.sleep(0.5)
        check('partially paid', s.data('doc-status', 'status') == 'partially_paid')
        check('balance', s.data('doc-balance', 'value') == '1519.61', s.data('doc-balance', 'value'))
        shot('08-partially-paid')

        for nav in ('quotes', 'payments', 'settings'):
            s.click(f'nav-{nav}')
            time.sleep(0.8)
            shot(f'09-{nav}')
    finally:
        try:
            shot('99-last')
        finally:
            s.close()
    print(f'{sum(checks)} passed, {len(checks) - sum(checks)} failed')
    sys.exit(0 if all(checks) else 1)


if __name__ == '__main__':
    main()
