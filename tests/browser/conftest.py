"""Browser tier: Playwright driving Debian's Chromium against the development
server, with the host page and the chat frame on two distinct origins
(127.0.0.1:<host port> and 127.0.0.1:<frame port>).

Test pages live in tests/browser/pages/ and are served by the host app at
/t/<name>; a `<name>.csp` file next to a page sets its Content-Security-Policy.

The whole tier runs once per build profile (`profile` is a session fixture over
sdk_src/profiles.py): the dev server is started with `--profile <id>`, so
/embed.js, /stub.js, /frame.js and /headless.mjs are that build's. Pages reach
the SDK as `SDK` (tests/browser/pages/harness.js), chat-frame expressions name
the frame kit `KIT` (browser_helpers.in_frame / wait_in). Tests of a feature a
profile does not have are marked (`@pytest.mark.token`) and skipped for it.
"""
import contextlib
import os
import subprocess
import sys
import time
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)   # for browser_helpers (pytest runs in importlib mode)
from browser_helpers import free_port, is_chat_url  # noqa: E402
from devkit.pages import profile_dist  # noqa: E402
from sdk_src.profiles import PROFILES  # noqa: E402
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
    def __init__(self, host_port, frame_port, profile):
        self.host = 'http://127.0.0.1:%d' % host_port
        self.frame = 'http://127.0.0.1:%d' % frame_port
        self.profile = profile

    def page(self, name):
        return self.host + '/t/' + name


def start_server(profile, extra_env=None, token_ttl=None):
    host_port, frame_port = free_port(), free_port()
    env = dict(os.environ, DEVKIT_HOST_PAGES_DIR=os.path.join(HERE, 'pages'), PYTHONUNBUFFERED='1')
    env.update(extra_env or {})
    cmd = [sys.executable, '-m', 'devkit.devserver', '--host-port', str(host_port), '--frame-port', str(frame_port),
           '--bot-delay', '0.005', '--profile', profile['id']]
    if token_ttl is not None:
        cmd += ['--token-ttl', str(token_ttl)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    servers = Servers(host_port, frame_port, profile)
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


@pytest.fixture(scope='session', params=sorted(PROFILES))
def profile(request):
    """The build under test; every browser test runs once per profile."""
    chosen = PROFILES[request.param]
    if not (profile_dist(chosen['id']) / 'embed.js').is_file():
        pytest.fail('%s is missing: run `python build.py --all` first (make test does)' % profile_dist(chosen['id']))
    return chosen


def pytest_runtest_setup(item):
    """`@pytest.mark.token`: the test is about the chat token (token, getToken,
    setToken, session expiry, the token's allowedOrigins); a build whose profile
    takes no token has none of it. `@pytest.mark.only_profile(id, ...)`: a test
    of one build's own spec (its verbatim samples). Checked before any fixture
    starts a server."""
    callspec = getattr(item, 'callspec', None)
    profile_id = callspec.params.get('profile') if callspec is not None else None
    if profile_id is None:
        return
    if item.get_closest_marker('token') is not None and not PROFILES[profile_id]['requiresToken']:
        pytest.skip('the %s build takes no chat token (requiresToken: False)' % profile_id)
    only = item.get_closest_marker('only_profile')
    if only is not None and profile_id not in only.args:
        pytest.skip('a test of the %s build only' % ', '.join(only.args))


@pytest.fixture(scope='session')
def servers(profile):
    s = start_server(profile)
    yield s
    stop_server(s)


# Module scope: Playwright's sync API keeps an event loop running on this thread
# while it is active, which would break later tests that call asyncio.run().
@contextlib.contextmanager
def launch_chromium():
    """Debian's Chromium under Playwright (the browser and consumer tiers share it);
    a missing binary fails the test, it never skips."""
    from playwright.sync_api import sync_playwright
    if not os.path.isfile(CHROMIUM):
        pytest.fail('Chromium not found at %s (apt-get install -y chromium; `make test` installs it)' % CHROMIUM)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope='module')
def browser():
    with launch_chromium() as b:
        yield b


class PageProbe:
    """A page plus everything observable about it: console lines, page errors,
    CSP violations, every request URL and Referer, frames."""

    def __init__(self, page, profile):
        self.page = page
        self.profile = profile
        self.console = []
        self.errors = []
        self.requests = []
        page.on('console', lambda m: self.console.append((m.type, m.text)))
        page.on('pageerror', lambda e: self.errors.append(str(e)))
        page.on('request', lambda r: self.requests.append((r.url, r.headers.get('referer', ''))))

    def chat_frame(self):
        """The first frame that loaded this profile's chat page."""
        for frame in self.page.frames:
            if frame != self.page.main_frame and is_chat_url(self.profile, frame.url):
                return frame
        return None


@pytest.fixture
def probe(browser, profile):
    context = browser.new_context(viewport={'width': 1280, 'height': 800})
    page = context.new_page()
    page.set_default_timeout(10000)
    p = PageProbe(page, profile)
    yield p
    context.close()


@pytest.fixture(scope='session')
def dev_server_factory(profile):
    """start(extra_env=None, token_ttl=None) -> a private dev server for the
    profile under test with other settings; all are stopped at the end."""
    started = []

    def start(extra_env=None, token_ttl=None):
        servers = start_server(profile, extra_env=extra_env, token_ttl=token_ttl)
        started.append(servers)
        return servers
    yield start
    for servers in started:
        stop_server(servers)


@pytest.fixture(scope='module')
def sqlite_servers(dev_server_factory, tmp_path_factory):
    """A private dev server on a SQLite file (servers.db_path) that a test reads back."""
    db_path = str(tmp_path_factory.mktemp('db') / 'devkit.sqlite3')
    servers = dev_server_factory(extra_env={'DEVKIT_DB_PATH': db_path})
    servers.db_path = db_path
    return servers
