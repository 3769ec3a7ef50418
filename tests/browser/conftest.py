"""Browser tier: Playwright driving Debian's Chromium against the development
server, with the host page and the chat frame on two distinct origins
(127.0.0.1:<host port> and 127.0.0.1:<frame port>).

Test pages live in tests/browser/pages/ and are served by the host app at
/t/<name>; a `<name>.csp` file next to a page sets its Content-Security-Policy.
"""
import os
import subprocess
import sys
import time
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)   # for browser_helpers (pytest runs in importlib mode)
from browser_helpers import free_port  # noqa: E402
ROOT = os.path.dirname(os.path.dirname(HERE))
CHROMIUM = os.environ.get('CHROMIUM_PATH', '/usr/bin/chromium')
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']




def wait_for(url, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError('dev server did not answer at ' + url)


class Servers:
    def __init__(self, host_port, frame_port):
        self.host = 'http://127.0.0.1:%d' % host_port
        self.frame = 'http://127.0.0.1:%d' % frame_port

    def page(self, name):
        return self.host + '/t/' + name


def start_server(extra_env=None, token_ttl=None):
    host_port, frame_port = free_port(), free_port()
    env = dict(os.environ, DEVKIT_HOST_PAGES_DIR=os.path.join(HERE, 'pages'), PYTHONUNBUFFERED='1')
    env.update(extra_env or {})
    cmd = [sys.executable, '-m', 'devkit.devserver', '--host-port', str(host_port), '--frame-port', str(frame_port),
           '--bot-delay', '0.005']
    if token_ttl is not None:
        cmd += ['--token-ttl', str(token_ttl)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    servers = Servers(host_port, frame_port)
    try:
        wait_for(servers.host + '/embed.js')
        wait_for(servers.frame + '/frame.js')
    except RuntimeError:
        proc.kill()
        raise RuntimeError('dev server failed to start:\n' + proc.stdout.read()) from None
    servers.process = proc
    return servers


def stop_server(servers):
    servers.process.terminate()
    try:
        servers.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        servers.process.kill()


@pytest.fixture(scope='session')
def servers():
    if not os.path.isfile(os.path.join(ROOT, 'dist', 'embed.js')):
        pytest.fail('dist/ is missing: run `python build.py` first (make test does)')
    s = start_server()
    yield s
    stop_server(s)


# Module scope: Playwright's sync API keeps an event loop running on this thread
# while it is active, which would break later tests that call asyncio.run().
@pytest.fixture(scope='module')
def browser():
    from playwright.sync_api import sync_playwright
    if not os.path.isfile(CHROMIUM):
        pytest.fail('Chromium not found at %s (apt-get install -y chromium; `make test` installs it)' % CHROMIUM)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageProbe:
    """A page plus everything observable about it: console lines, page errors,
    CSP violations, every request URL and Referer, frames."""

    def __init__(self, page):
        self.page = page
        self.console = []
        self.errors = []
        self.requests = []
        page.on('console', lambda m: self.console.append((m.type, m.text)))
        page.on('pageerror', lambda e: self.errors.append(str(e)))
        page.on('request', lambda r: self.requests.append((r.url, r.headers.get('referer', ''))))

    def chat_frame(self):
        for frame in self.page.frames:
            if frame != self.page.main_frame and '/?parentOrigin=' in frame.url:
                return frame
        return None


@pytest.fixture
def probe(browser):
    context = browser.new_context(viewport={'width': 1280, 'height': 800})
    page = context.new_page()
    page.set_default_timeout(10000)
    p = PageProbe(page)
    yield p
    context.close()


@pytest.fixture(scope='session')
def dev_server_factory():
    """start(extra_env=None, token_ttl=None) -> a private dev server with other
    settings; all of them are stopped at the end of the session."""
    started = []

    def start(extra_env=None, token_ttl=None):
        servers = start_server(extra_env=extra_env, token_ttl=token_ttl)
        started.append(servers)
        return servers
    yield start
    for servers in started:
        stop_server(servers)
