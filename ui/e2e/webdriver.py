"""A minimal W3C WebDriver client (standard library only) for the AutoInvoice window.

WebKitWebDriver launches the app binary itself (`webkitgtk:browserOptions.binary`); the app
must run with TAURI_WEBVIEW_AUTOMATION=true so its webview accepts automation. tauri-driver
does the same thing with one more process in between.
"""
import base64
import json
import time
import urllib.error
import urllib.request


class WebDriverError(Exception):
    pass


class Session:
    def __init__(self, url: str, binary: str, args=None):
        self.url = url.rstrip('/')
        caps = {'capabilities': {'alwaysMatch': {'webkitgtk:browserOptions': {'binary': binary, 'args': args or []}}}}
        self.sid = self._req('POST', '/session', caps)['sessionId']

    def _req(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        r = urllib.request.Request(self.url + path, data=data, method=method, headers={'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(r, timeout=120) as resp:
                return json.loads(resp.read())['value']
        except urllib.error.HTTPError as e:
            raise WebDriverError(f'{method} {path}: {e.read().decode()[:500]}') from None

    def cmd(self, method, path, body=None):
        return self._req(method, f'/session/{self.sid}{path}', body)

    def close(self):
        self.cmd('DELETE', '')

    # --- helpers on data-testid -------------------------------------------------------
    def js(self, script, *args):
        return self.cmd('POST', '/execute/sync', {'script': script, 'args': list(args)})

    def exists(self, testid):
        return self.js('return !!document.querySelector(`[data-testid="${arguments[0]}"]`)', testid)

    def wait(self, testid, timeout=20.0):
        end = time.time() + timeout
        while time.time() < end:
            if self.exists(testid):
                return
            time.sleep(0.2)
        raise WebDriverError(f'timed out waiting for [data-testid="{testid}"]')

    def element(self, testid):
        self.wait(testid)
        e = self.cmd('POST', '/element', {'using': 'css selector', 'value': f'[data-testid="{testid}"]'})
        return next(iter(e.values()))

    def click(self, testid):
        self.cmd('POST', f'/element/{self.element(testid)}/click', {})

    def type(self, testid, text):
        el = self.element(testid)
        self.cmd('POST', f'/element/{el}/clear', {})
        self.cmd('POST', f'/element/{el}/value', {'text': text})

    def select_index(self, testid, index):
        """Picks an <option> by position (a real change event, as a person's choice makes)."""
        self.wait(testid)
        self.js(
            'const s = document.querySelector(`[data-testid="${arguments[0]}"]`);'
            's.selectedIndex = arguments[1]; s.dispatchEvent(new Event("change", {bubbles: true})); return 1',
            testid,
            index,
        )

    def select_value(self, testid, value):
        self.wait(testid)
        self.js(
            'const s = document.querySelector(`[data-testid="${arguments[0]}"]`);'
            's.value = arguments[1]; s.dispatchEvent(new Event("change", {bubbles: true})); return 1',
            testid,
            value,
        )

    def text(self, testid):
        self.wait(testid)
        return self.js('return document.querySelector(`[data-testid="${arguments[0]}"]`).textContent.trim()', testid)

    def data(self, testid, key):
        self.wait(testid)
        return self.js('return document.querySelector(`[data-testid="${arguments[0]}"]`).dataset[arguments[1]] ?? null', testid, key)

    def screenshot(self, path):
        with open(path, 'wb') as f:
            f.write(base64.b64decode(self.cmd('GET', '/screenshot')))
