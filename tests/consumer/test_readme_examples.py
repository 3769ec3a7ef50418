"""The README's examples, run as written.

Every code block of README.md marked `<!-- example: <name> -->` is extracted
(tests/readme_blocks.py) and run unchanged in Chromium against the development
server; a README edit that breaks an example fails here. tests/test_readme.py
checks that every other block is marked not runnable, so none is skipped
silently, and EXAMPLES below must name exactly the README's examples.

- Script-tag examples (html) are served as host pages: the block, verbatim,
  inside a minimal HTML document, at http://127.0.0.1:8000/t/<name>.html.
- npm examples (ts/tsx) are written, verbatim, into throwaway apps that install
  the packed tarballs of both packages (`npm pack` in dist-pilot-status/ and
  in dist-masheev/, as the README tells site owners to do) with React 18 and with
  React 19; tsc (strict) type-checks them, esbuild bundles them with a small
  harness entry (mount the component in StrictMode, or import the module), and
  the bundle runs in a page of the host origin.

The examples call the dev server by its default addresses (scripts from
http://127.0.0.1:8000, `baseUrl`/`apiBase` http://127.0.0.1:8001) and the
site owner's backend routes by relative URL (/my-backend/chat-token,
/my-backend/pairing, devkit/my_backend.py), so the test starts the dev server
exactly as the README does, `python -m devkit.devserver --pages <dir>`, on its
default ports; when they stay busy it fails and says so (it never talks to a
server it did not start).
"""
import concurrent.futures
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from readme_blocks import examples, read_readme
from sdk_src.profiles import PROFILES

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HOST = 'http://127.0.0.1:8000'     # the dev server's default host origin (the site's pages, your backend)
FRAME = 'http://127.0.0.1:8001'    # its default frame + API origin
HOST_PORT, FRAME_PORT = 8000, 8001
PORT_WAIT_SECONDS = 30


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Reused from the consumer tier and the browser tier: pinned React versions, the
# npm cache, the command runner, Chromium's path and flags.
consumer_tier = _load('readme_consumer_support', os.path.join(HERE, 'test_consumer.py'))
browser_tier = _load('readme_browser_support', os.path.join(ROOT, 'tests', 'browser', 'conftest.py'))
browser_tier_helpers = _load('readme_browser_helpers', os.path.join(ROOT, 'tests', 'browser', 'browser_helpers.py'))
REACT, VERSIONS, NPM_CACHE, BIN, run = (consumer_tier.REACT, consumer_tier.VERSIONS, consumer_tier.NPM_CACHE,
                                        consumer_tier.BIN, consumer_tier.run)
PACKAGES = {profile_id: PROFILES[profile_id]['packageName'] for profile_id in sorted(PROFILES)}
PACKAGE_DIRS = {'pilot-status': os.path.join(ROOT, 'dist-pilot-status'), 'masheev': os.path.join(ROOT, 'dist-masheev')}

# name -> how it runs. 'page': a host page; 'module': imported by a harness entry
# (which exposes the package's module as window.sdk); 'component': the named
# export mounted in StrictMode, once per React version.
EXAMPLES = {
    'script-tag': {'kind': 'page'},
    'async-stub': {'kind': 'page'},
    'loading-interaction': {'kind': 'page'},
    'connect': {'kind': 'page'},
    'npm': {'kind': 'module', 'expose': '@pilot-status/embed'},
    'react': {'kind': 'component', 'export': 'Support'},
    'headless': {'kind': 'component', 'export': 'App'},
    'headless-core': {'kind': 'module', 'expose': '@pilot-status/embed/headless/core'},
    'masheev-script-tag': {'kind': 'page'},
    'masheev-react': {'kind': 'component', 'export': 'Help'},
    'verified-identity': {'kind': 'page'},
}
EXTENSIONS = {'ts': '.ts', 'typescript': '.ts', 'tsx': '.tsx', 'js': '.js', 'javascript': '.js', 'jsx': '.jsx'}

PAGE = '''<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>README example: %s</title></head>
<body>
%s</body>
</html>
'''
APP_PAGE = PAGE % ('%s', '<div id="root"></div>\n<script src="/t/%s"></script>\n')

TSCONFIG = {
    'compilerOptions': {'strict': True, 'noEmit': True, 'target': 'es2020', 'module': 'esnext',
                        'moduleResolution': 'bundler', 'jsx': 'react-jsx', 'lib': ['es2020', 'dom', 'dom.iterable'],
                        'skipLibCheck': False, 'types': []},
    'include': ['src/**/*.ts', 'src/**/*.tsx'],
}


def test_every_readme_example_has_a_runner_here():
    assert sorted(examples()) == sorted(EXAMPLES), (
        'README examples %s, runners here %s: add (or remove) the runner and its test'
        % (sorted(examples()), sorted(EXAMPLES)))
    for name, block in examples().items():
        kind = EXAMPLES[name]['kind']
        assert (block.lang == 'html') == (kind == 'page'), block.where()


def test_examples_use_the_dev_servers_default_addresses():
    """The addresses the examples hard-code are the dev server's defaults (and this test's)."""
    from devkit.devserver import parse_args
    args = parse_args([])
    assert (args.bind, args.host_port, args.frame_port) == ('127.0.0.1', HOST_PORT, FRAME_PORT)
    text = read_readme()
    for url in set(re.findall(r'http://127\.0\.0\.1:\d+', text)):
        assert url in (HOST, FRAME), url
    for name, block in examples().items():
        assert 'localhost' not in block.code, name


# ---- setup: pages, packed packages, apps, bundles ----------------------------

def entry_source(name, spec, module_path):
    if spec['kind'] == 'module':
        return ('import "%s";\nimport * as sdk from "%s";\n\n'
                '(window as unknown as { sdk: typeof sdk }).sdk = sdk;\n' % (module_path, spec['expose']))
    return ('import { StrictMode } from "react";\nimport { createRoot } from "react-dom/client";\n'
            'import { %s as Example } from "%s";\n\n'
            'const root = createRoot(document.getElementById("root")!);\n'
            'root.render(<StrictMode><Example /></StrictMode>);\n'
            '(window as unknown as { unmount: () => void }).unmount = () => root.unmount();\n'
            % (spec['export'], module_path))


def make_app(base, tarballs, version, blocks):
    """An app with both packed packages and React <version>; the examples verbatim in src/readme/."""
    app = os.path.join(base, 'app' + version)
    os.makedirs(os.path.join(app, 'src', 'readme'))
    dependencies = dict(REACT[version])
    for profile_id, tarball in tarballs.items():
        dependencies[PACKAGES[profile_id]] = 'file:' + tarball
    with open(os.path.join(app, 'package.json'), 'w') as f:
        json.dump({'name': 'readme-examples-react' + version, 'private': True, 'type': 'module',
                   'dependencies': dependencies}, f, indent=2)
    with open(os.path.join(app, 'tsconfig.json'), 'w') as f:
        json.dump(TSCONFIG, f, indent=2)
    entries = []
    for name, block in blocks.items():
        spec = EXAMPLES[name]
        if spec['kind'] == 'page':
            continue
        with open(os.path.join(app, 'src', 'readme', name + EXTENSIONS[block.lang]), 'w') as f:
            f.write(block.code)
        entry = os.path.join('src', 'entry-%s.tsx' % name)
        with open(os.path.join(app, entry), 'w') as f:
            f.write(entry_source(name, spec, './readme/' + name))
        entries.append(entry)
    run(['npm', 'install', '--no-audit', '--no-fund', '--prefer-offline', '--cache', NPM_CACHE], app)
    return app, entries


def bundle_and_check(app, entries, version, www):
    """tsc over the examples and entries, then one esbuild run for every entry (React bundled in,
    development build: StrictMode double-mounts effects, as in a Vite dev server)."""
    run([os.path.join(BIN, 'tsc'), '-p', 'tsconfig.json'], app)
    outdir = os.path.join(app, 'out')
    run([os.path.join(BIN, 'esbuild'), *entries, '--bundle', '--format=iife', '--platform=browser',
         '--target=es2020', '--jsx=automatic', '--define:process.env.NODE_ENV="development"', '--log-level=warning',
         '--outdir=' + outdir], app)
    for entry in entries:
        name = os.path.basename(entry)[len('entry-'):-len('.tsx')]
        script = '%s-react%s.js' % (name, version)
        shutil.copy(os.path.join(outdir, 'entry-%s.js' % name), os.path.join(www, script))
        with open(os.path.join(www, '%s-react%s.html' % (name, version)), 'w') as f:
            f.write(APP_PAGE % (name, script))


class Setup:
    def __init__(self, base):
        self.base = base
        self.www = os.path.join(base, 'www')
        self.tarballs = {}
        self.seconds = {}


@pytest.fixture(scope='module')
def built(tmp_path_factory):
    for folder in PACKAGE_DIRS.values():
        if not os.path.isfile(os.path.join(folder, 'package.json')) or not os.path.isfile(
                os.path.join(folder, 'dist', 'react.mjs')):
            pytest.fail('%s is missing or not built: run `python build.py --all` (make build does)' % folder)
    started = time.monotonic()
    base = os.path.realpath(str(tmp_path_factory.mktemp('readme-examples')))
    assert not base.startswith(ROOT + os.sep)
    result = Setup(base)
    os.makedirs(result.www)
    blocks = examples()
    for name, block in blocks.items():
        if EXAMPLES[name]['kind'] == 'page':
            with open(os.path.join(result.www, name + '.html'), 'w') as f:
                f.write(PAGE % (name, block.code))
    # `npm pack` in dist-pilot-status/ and in dist-masheev/, as the README says.
    for profile_id, folder in PACKAGE_DIRS.items():
        packed = json.loads(run(['npm', 'pack', '--json', '--pack-destination', base], folder))[0]
        result.tarballs[profile_id] = os.path.join(base, packed['filename'])
    # The file names the README tells people to install.
    for tarball in result.tarballs.values():
        assert os.path.basename(tarball) in read_readme(), os.path.basename(tarball)
    with concurrent.futures.ThreadPoolExecutor(len(VERSIONS)) as pool:
        apps = dict(zip(VERSIONS, pool.map(lambda v: make_app(base, result.tarballs, v, blocks), VERSIONS),
                        strict=True))
        result.seconds['pack+install'] = time.monotonic() - started
        list(pool.map(lambda v: bundle_and_check(apps[v][0], apps[v][1], v, result.www), VERSIONS))
    result.seconds['setup'] = time.monotonic() - started
    yield result
    print('\nREADME examples: pack + %d installs %.1f s, setup (tsc + esbuild) %.1f s, whole module %.1f s'
          % (len(VERSIONS), result.seconds['pack+install'], result.seconds['setup'], time.monotonic() - started))


# ---- the dev server, on its default ports ------------------------------------

def port_in_use(port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as uvicorn binds: TIME_WAIT does not count
        try:
            s.bind(('127.0.0.1', port))
        except OSError:
            return True
    return False


@pytest.fixture(scope='module')
def dev_server(built):
    deadline = time.monotonic() + PORT_WAIT_SECONDS
    while True:
        busy = [port for port in (HOST_PORT, FRAME_PORT) if port_in_use(port)]
        if not busy:
            break
        if time.monotonic() > deadline:
            pytest.fail('The README examples run against the dev server on its default ports (%s and %s), and '
                        'this test starts it there; 127.0.0.1:%s stayed in use for %d s. Stop whatever listens '
                        'there (a dev server of yours? another test run?) and run the test again.'
                        % (HOST, FRAME, ' and :'.join(str(p) for p in busy), PORT_WAIT_SECONDS))
        time.sleep(0.5)
    cmd = [sys.executable, '-m', 'devkit.devserver', '--pages', built.www, '--bot-delay', '0.005']
    env = dict(os.environ, PYTHONUNBUFFERED='1')
    env.pop('DEVKIT_HOST_PAGES_DIR', None)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        browser_tier.wait_for(HOST + '/embed.js')
        browser_tier.wait_for(FRAME + '/frame.js')
        # The server that answered is this one (not one that grabbed the port in between).
        assert proc.poll() is None, 'the dev server exited'
        with urllib.request.urlopen(HOST + '/t/script-tag.html', timeout=5) as response:
            assert response.read().decode() == PAGE % ('script-tag', examples()['script-tag'].code)
    except (RuntimeError, AssertionError, OSError) as error:
        proc.kill()
        pytest.fail('the dev server did not start on %s / %s (%s):\n%s' % (HOST, FRAME, error, proc.stdout.read()))
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# ---- Chromium ----------------------------------------------------------------

@pytest.fixture(scope='module')
def chromium(built):
    with browser_tier.launch_chromium() as browser:
        yield browser


class Tab:
    """A page in a fresh context and everything it logged, asked for and got."""

    def __init__(self, page):
        self.page = page
        self.console = []      # (type, text)
        self.errors = []       # uncaught page errors
        self.responses = []    # (status, method, url), child frames included
        page.on('console', lambda m: self.console.append((m.type, m.text)))
        page.on('pageerror', lambda e: self.errors.append(str(e)))
        page.on('response', lambda r: self.responses.append((r.status, r.request.method, r.url)))

    def open(self, name):
        self.page.goto('%s/t/%s.html' % (HOST, name))
        return self.page

    def logs(self, kind='log'):
        return [text for t, text in self.console if t == kind]

    def wait_log(self, predicate, seconds=10):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(predicate(line) for line in self.logs()):
                return
            self.page.wait_for_timeout(50)
        raise AssertionError('no such console line in %r' % self.console)

    def frame(self, prefix):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for frame in self.page.frames:
                if frame != self.page.main_frame and frame.url.startswith(prefix):
                    return frame
            self.page.wait_for_timeout(50)
        raise AssertionError('no frame at %s (frames: %s)' % (prefix, [f.url for f in self.page.frames]))

    def assert_clean(self):
        """No uncaught error, no console error or warning, no failed request (the favicon included)."""
        assert self.errors == []
        assert [(t, text) for t, text in self.console if t in ('error', 'warning')] == []
        assert [r for r in self.responses if r[0] >= 400] == []


@pytest.fixture
def tab(chromium, dev_server):
    context = chromium.new_context(viewport={'width': 1280, 'height': 800})
    page = context.new_page()
    page.set_default_timeout(10000)
    yield Tab(page)
    context.close()


def wait_open(page, selector='iframe'):
    """The widget's iframe has grown from the launcher to the open panel (README: 460x750 on a desktop)."""
    page.wait_for_function('s => { const e = document.querySelector(s); if (!e) return false; '
                           'const r = e.getBoundingClientRect(); return r.width >= 320 && r.height >= 400; }',
                           arg=selector)


def wait_closed(page, selector='iframe'):
    """Back to the launcher's size (at most the README's 100x100)."""
    page.wait_for_function('s => { const e = document.querySelector(s); if (!e) return false; '
                           'const r = e.getBoundingClientRect(); return r.width <= 100 && r.height <= 100; }',
                           arg=selector)


def reply_to(text):
    return 'You said: "%s".' % text


def type_in_chat(chat, text):
    chat.wait_for_selector('#input:not([disabled])')
    chat.fill('#input', text)
    chat.press('#input', 'Enter')


def assert_round_trip(tab, text):
    """The example's on("message") handler logged the user's message and the bot's reply, once each."""
    tab.wait_log(lambda line: line.startswith('ai ' + reply_to(text)))
    assert tab.logs().count('user ' + text) == 1, tab.logs()
    assert len([line for line in tab.logs() if line.startswith('ai ' + reply_to(text))]) == 1, tab.logs()


def token_requests(tab):
    return [r for r in tab.responses if r[1:] == ('POST', HOST + '/my-backend/chat-token')]


PILOT_CHAT = FRAME + '/?parentOrigin=' + urllib.parse.quote(HOST, safe='')
MASHEEV_CHAT = FRAME + '/widget/your-inbox-id?parentOrigin=' + urllib.parse.quote(HOST, safe='')


# ---- the examples --------------------------------------------------------------

def test_script_tag(tab):
    page = tab.open('script-tag')
    page.wait_for_function('window.PilotStatus && PilotStatus.isReady()')
    assert page.eval_on_selector('iframe', 'e => e.src') == PILOT_CHAT
    assert [r[0] for r in token_requests(tab)] == [200]          # getToken asked your backend, once
    page.evaluate('PilotStatus.sendMessage("Hello from the script tag")')
    assert_round_trip(tab, 'Hello from the script tag')
    tab.assert_clean()


def test_loading_interaction(tab):
    page = tab.open('loading-interaction')
    launcher = page.locator('button[data-embed-launcher]')
    launcher.wait_for()
    page.wait_for_timeout(500)
    # Nothing of the chat yet: no iframe, no token asked for, no request to the chat origin.
    assert page.evaluate('document.querySelectorAll("iframe").length') == 0
    assert token_requests(tab) == [] and [r for r in tab.responses if r[2].startswith(FRAME)] == []
    assert launcher.get_attribute('aria-label') == 'Open chat'
    launcher.click()
    page.wait_for_function('window.PilotStatus.isReady()')
    tab.wait_log(lambda line: line == 'chat loaded')
    assert page.eval_on_selector('iframe', 'e => e.src') == PILOT_CHAT
    wait_open(page)                                               # the click also opened the chat
    assert [r[0] for r in token_requests(tab)] == [200]


def test_verified_identity(tab):
    page = tab.open('verified-identity')
    page.wait_for_function('window.PilotStatus && PilotStatus.isReady()')
    assert [r[0] for r in token_requests(tab)] == [200]
    page.evaluate('PilotStatus.sendMessage("Hello, I am Alice")')
    assert_round_trip(tab, 'Hello, I am Alice')
    # The token names Alice (signed by the server); the page's own userId agrees, so no error.
    assert [line for line in tab.logs() if line.startswith('error')] == []
    tab.assert_clean()


def test_dev_server_pages_have_a_favicon(tab):
    """/favicon.ico on both origins is an icon Chromium decodes (no 404 logged on every page)."""
    page = tab.open('script-tag')
    for origin in (HOST, FRAME):
        size = page.evaluate("""src => new Promise(resolve => {
            const image = new Image();
            image.onload = () => resolve([image.naturalWidth, image.naturalHeight]);
            image.onerror = () => resolve(null);
            image.src = src;
        })""", origin + '/favicon.ico')
        assert size == [32, 32], origin


# On the page before anything else: window.PilotStatus as an accessor that notes the
# stub's queue when embed.js replaces the stub (a plain assignment).
RECORD_STUB_QUEUE = """(() => {
    let current;
    Object.defineProperty(window, "PilotStatus", { configurable: true, get: () => current, set: (next) => {
        if (current && current.q) window.__queued = current.q.map((c) => c[0]);
        current = next;
    } });
})();"""


def test_async_stub(tab):
    # Hold embed.js back a little, and note what the stub had recorded when embed.js
    # replaced it (the file is pinned with integrity, so it is served unchanged).
    def delayed(route):
        response = route.fetch()
        time.sleep(0.3)
        route.fulfill(response=response)
    tab.page.add_init_script(RECORD_STUB_QUEUE)
    tab.page.route(re.compile(r'/embed\.js$'), delayed)
    page = tab.open('async-stub')
    page.wait_for_function('typeof PilotStatus.isReady === "function" && PilotStatus.isReady()')
    assert page.evaluate('window.__queued') == ['init', 'open']   # made through the stub, replayed in order
    assert page.evaluate('typeof PilotStatus.version') == 'string'
    wait_open(page)                                       # open() through the stub: the widget is open
    tab.frame(PILOT_CHAT).wait_for_selector('#panel:not([hidden])')
    assert [r[0] for r in token_requests(tab)] == [200]
    tab.assert_clean()


def test_connect(tab):
    page = tab.open('connect')
    connect = tab.frame(FRAME + '/connect?pairingToken=')
    assert page.evaluate('document.querySelectorAll("#connect > iframe").length') == 1
    assert [r[0] for r in tab.responses if r[1:] == ('POST', HOST + '/my-backend/pairing')] == [200]
    connect.click('#pair')                                         # the dev Connect page's stand-in for the phone
    page.wait_for_function('document.querySelector("#connect-status").textContent === "Connected: num_1"')
    assert page.evaluate('document.querySelectorAll("#connect iframe").length') == 0   # handle.destroy()
    tab.assert_clean()


def test_npm(tab):
    page = tab.open('npm-react%s' % VERSIONS[-1])
    page.wait_for_function('window.sdk.isReady()')
    assert page.eval_on_selector('iframe', 'e => e.src') == PILOT_CHAT
    wait_open(page)                                       # open(), called before the handshake
    assert [r[0] for r in token_requests(tab)] == [200]
    # A reply while the widget is closed: the example's unread-count listener titles the page.
    page.evaluate('window.sdk.close()')
    wait_closed(page)
    page.evaluate('window.sdk.sendMessage("Anyone there?")')
    page.wait_for_function('/^\\(\\d+\\) My shop$/.test(document.title)')
    page.evaluate('window.sdk.open()')
    page.wait_for_function('document.title === "My shop"')
    tab.assert_clean()


def test_headless_core(tab):
    page = tab.open('headless-core-react%s' % VERSIONS[-1])
    text = 'Hello from my own UI'
    page.wait_for_function('r => [...document.querySelectorAll("li.ai")].some(li => li.textContent.startsWith(r))',
                           arg=reply_to(text))
    assert page.eval_on_selector_all('li.user', 'items => items.map(i => i.textContent)') == [text]
    tab.assert_clean()


@pytest.mark.parametrize('version', VERSIONS)
def test_react(tab, version):
    tab.page.add_init_script('''
        window.buttonStates = [];
        new MutationObserver(() => {
            const b = document.querySelector("#root button");
            if (b && window.buttonStates[window.buttonStates.length - 1] !== b.disabled) {
                window.buttonStates.push(b.disabled);
            }
        }).observe(document, { subtree: true, childList: true, attributes: true });
    ''')
    page = tab.open('react-react%s' % version)
    page.wait_for_function('document.querySelector("#root button") && !document.querySelector("#root button").disabled')
    assert page.evaluate('window.buttonStates') == [True, False]   # disabled={!isReady} until the handshake
    assert page.text_content('#root button') == 'Chat (0)'
    assert page.evaluate('document.querySelectorAll("iframe").length') == 1   # StrictMode: still one widget
    assert page.eval_on_selector('iframe', 'e => e.src') == PILOT_CHAT
    chat = tab.frame(PILOT_CHAT)
    browser_tier_helpers.wait_true(chat, 'document.documentElement.getAttribute("data-theme") === "dark"')  # theme
    page.click('#root button')
    wait_open(page)
    type_in_chat(chat, 'Hello from React %s' % version)
    assert_round_trip(tab, 'Hello from React %s' % version)
    page.evaluate('window.unmount()')
    page.wait_for_function('document.querySelectorAll("iframe").length === 0')
    tab.assert_clean()


@pytest.mark.parametrize('version', VERSIONS)
def test_headless(tab, version):
    page = tab.open('headless-react%s' % version)
    page.wait_for_selector('#root input')
    text = 'Hello from headless React %s' % version
    page.fill('#root input', text)
    page.press('#root input', 'Enter')
    page.wait_for_function('r => [...document.querySelectorAll("#root p.ai")]'
                           '.some(p => p.textContent.startsWith(r) && !p.textContent.endsWith(" ..."))',
                           arg=reply_to(text))
    assert page.eval_on_selector_all('#root p.user', 'ps => ps.map(p => p.textContent)') == [text]
    assert page.input_value('#root input') == ''
    page.wait_for_function('document.querySelector("#root small").textContent === "connected"')
    sessions = [r for r in tab.responses if r[1:] == ('POST', FRAME + '/api/widget/session')]
    assert [r[0] for r in sessions] == [200]                       # one client (StrictMode's first one never asked)
    tab.assert_clean()


def test_masheev_script_tag(tab):
    page = tab.open('masheev-script-tag')
    page.wait_for_function('window.Masheev && Masheev.isReady()')
    assert page.eval_on_selector('iframe', 'e => e.src') == MASHEEV_CHAT
    page.evaluate('Masheev.sendMessage("Hello from the Masheev script tag")')
    assert_round_trip(tab, 'Hello from the Masheev script tag')
    tab.assert_clean()


@pytest.mark.parametrize('version', VERSIONS)
def test_masheev_react(tab, version):
    page = tab.open('masheev-react-react%s' % version)
    button = page.get_by_role('button', name='Chat with us')
    page.wait_for_function('document.querySelector("#root button") && !document.querySelector("#root button").disabled')
    assert page.evaluate('document.querySelectorAll("iframe").length') == 1
    assert page.eval_on_selector('iframe', 'e => e.src') == MASHEEV_CHAT
    button.click()
    wait_open(page)
    type_in_chat(tab.frame(MASHEEV_CHAT), 'Hello from Masheev React %s' % version)
    assert_round_trip(tab, 'Hello from Masheev React %s' % version)
    tab.assert_clean()
