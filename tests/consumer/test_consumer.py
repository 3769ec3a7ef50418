"""Consumer tier: the package as an npm user gets it.

`npm pack` the package folder build.py writes (dist-pilot-status/), lint the tarball (publint,
arethetypeswrong), install it with React 18 and with React 19 into throwaway
apps outside the repository tree (tests/consumer/app/ is their source), then:
type-check them with tsc (strict; bundler and nodenext resolution; a misuse
file whose every `@ts-expect-error` must be an error), render on the server
under Node, require() the CommonJS builds, bundle each app with esbuild and run
it in Chromium against a private dev server (host page and chat frame on two
origins): the hook opens and closes the widget and hears its events, StrictMode
leaves one iframe, unmount leaves none, the headless chat sends a message and
shows the streamed reply.
"""
import concurrent.futures
import gzip
import importlib.util
import json
import os
import shutil
import subprocess
import time

import pytest
from sdk_src.profiles import DEFAULT_PROFILE, PROFILES

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
APP = os.path.join(HERE, 'app')
BIN = os.path.join(ROOT, 'node_modules', '.bin')
PACKAGE_DIR = os.path.join(ROOT, 'dist-pilot-status')
# npm's cache for the apps' installs: kept between runs (build/ is not committed),
# so a second run needs no downloads.
NPM_CACHE = os.path.join(ROOT, 'build', 'npm-cache')
PACKAGE = '@pilot-status/embed'

# Exact versions the apps install (React is an optional peer of the package).
REACT = {
    '18': {'react': '18.3.1', 'react-dom': '18.3.1', '@types/react': '18.3.31', '@types/react-dom': '18.3.7'},
    '19': {'react': '19.3.1', 'react-dom': '19.3.1', '@types/react': '19.3.0', '@types/react-dom': '19.3.0'},
}
VERSIONS = sorted(REACT)

REACT_EXPORTS = ['ArgumentError', 'ConfigError', 'SdkError', 'StateError', 'usePilotStatus', 'version']
HEADLESS_EXPORTS = ['ArgumentError', 'ConfigError', 'PilotStatusProvider', 'SdkError', 'StateError',
                    'createHeadless', 'useChat', 'useWidgetChat', 'useWidgetSession', 'useWidgetSocket', 'version']


def _browser_support():
    spec = importlib.util.spec_from_file_location('consumer_browser_support',
                                                  os.path.join(ROOT, 'tests', 'browser', 'conftest.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(cmd, cwd, timeout=180):
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, '%s failed (%d):\n%s\n%s' % (' '.join(cmd), result.returncode, result.stdout,
                                                                 result.stderr)
    return result.stdout


class Consumer:
    def __init__(self, base, tarball, files):
        self.base = base
        self.tarball = tarball
        self.files = files          # paths inside the tarball
        self.apps = {}              # React major -> app dir
        self.www = os.path.join(base, 'www')
        self.seconds = {}


def make_app(base, tarball, version):
    app = os.path.join(base, 'app' + version)
    shutil.copytree(APP, app)
    dependencies = dict(REACT[version], **{PACKAGE: 'file:' + tarball})
    with open(os.path.join(app, 'package.json'), 'w') as f:
        json.dump({'name': 'consumer-app-react' + version, 'private': True, 'type': 'module',
                   'dependencies': dependencies}, f, indent=2)
    run(['npm', 'install', '--no-audit', '--no-fund', '--prefer-offline', '--cache', NPM_CACHE], app)
    return app


@pytest.fixture(scope='module')
def consumer(tmp_path_factory):
    if not os.path.isfile(os.path.join(PACKAGE_DIR, 'dist', 'react.mjs')):
        pytest.fail('dist-pilot-status/ is missing or stale: run `python build.py` first (make test does)')
    started = time.monotonic()
    base = str(tmp_path_factory.mktemp('consumer'))
    assert not os.path.realpath(base).startswith(ROOT + os.sep)
    # The publishable package folder build.py writes (the root package.json is the contributors').
    packed = json.loads(run(['npm', 'pack', '--json', '--pack-destination', base], PACKAGE_DIR))[0]
    result = Consumer(base, os.path.join(base, packed['filename']), sorted(f['path'] for f in packed['files']))
    with concurrent.futures.ThreadPoolExecutor(len(VERSIONS)) as pool:
        for version, app in zip(VERSIONS, pool.map(lambda v: make_app(base, result.tarball, v), VERSIONS), strict=True):
            result.apps[version] = app
    result.seconds['pack+install'] = time.monotonic() - started
    os.makedirs(result.www)
    esbuild = os.path.join(BIN, 'esbuild')
    for version, app in result.apps.items():
        # The browser app: React bundled in, development build (StrictMode double-mounts effects).
        run([esbuild, 'src/main.tsx', '--bundle', '--format=iife', '--platform=browser', '--target=es2020',
             '--jsx=automatic', '--define:process.env.NODE_ENV="development"', '--log-level=warning',
             '--outfile=' + os.path.join(result.www, 'react%s.js' % version)], app)
        with open(os.path.join(APP, 'index.html')) as f:
            html = f.read().replace('__SCRIPT__', 'react%s.js' % version)
        with open(os.path.join(result.www, 'react%s.html' % version), 'w') as f:
            f.write(html)
        # Server rendering: the package is loaded by Node itself through its exports map.
        run([esbuild, 'src/ssr.tsx', '--bundle', '--format=esm', '--platform=node', '--packages=external',
             '--jsx=automatic', '--log-level=warning', '--outfile=ssr.mjs'], app)
    result.seconds['setup'] = time.monotonic() - started
    yield result
    print('\nconsumer tier: pack + 2 installs %.1f s, setup %.1f s, whole module %.1f s'
          % (result.seconds['pack+install'], result.seconds['setup'], time.monotonic() - started))


# ---- the tarball ------------------------------------------------------------

def test_tarball_holds_dist_only(consumer):
    files = consumer.files
    assert 'package.json' in files and 'README.md' in files
    assert all(f in ('package.json', 'README.md', 'CHANGELOG.md') or f.startswith('dist/') for f in files), files
    for name in ('index', 'react', 'headless', 'headless-core', 'frame'):
        for ext in ('.d.ts', '.d.mts', '.d.cts'):
            assert 'dist/' + name + ext in files
    for name in ('index', 'react', 'headless-react', 'headless', 'frame'):
        assert 'dist/%s.mjs' % name in files and 'dist/%s.cjs' % name in files
    assert 'dist/embed.js' in files and 'dist/embed.d.ts' in files


def test_publint_reports_nothing(consumer):
    result = subprocess.run([os.path.join(BIN, 'publint'), 'run', consumer.tarball, '--strict'],
                            capture_output=True, text=True, timeout=120, cwd=consumer.base)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'Errors:' not in result.stdout and 'Warnings:' not in result.stdout, result.stdout


def test_are_the_types_wrong_reports_nothing(consumer):
    result = subprocess.run([os.path.join(BIN, 'attw'), consumer.tarball, '--format', 'json'],
                            capture_output=True, text=True, timeout=120, cwd=consumer.base)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    report = json.loads(result.stdout)
    assert not report['problems'] and not report['analysis']['problems'], report['problems']
    entries = report['analysis']['entrypoints']
    assert {'.', './react', './headless', './headless/core', './frame', './embed.js'} <= set(entries)


# ---- per React version: types, server, CommonJS -----------------------------

@pytest.mark.parametrize('version', VERSIONS)
def test_types_accept_usage_and_refuse_misuse(consumer, version):
    app = consumer.apps[version]
    tsc = os.path.join(BIN, 'tsc')
    run([tsc, '-p', 'tsconfig.json'], app)            # bundler resolution: usage, misuse, app, ssr
    run([tsc, '-p', 'tsconfig.nodenext.json'], app)   # Node's: import -> .d.mts, require (.cts) -> .d.cts
    with open(os.path.join(app, 'src', 'misuse.tsx')) as f:
        expected = [line for line in f if line.strip().startswith(('// @ts-expect-error', '{/* @ts-expect-error'))]
    assert len(expected) >= 18


@pytest.mark.parametrize('version', VERSIONS)
def test_server_rendering_touches_no_window(consumer, version):
    out = json.loads(run(['node', 'ssr.mjs'], consumer.apps[version]))
    assert out['window'] == 'undefined' and out['document'] == 'undefined'
    html = out['html'].replace('<!-- -->', '')
    assert html == '<b>false/0</b><i>0/0/disconnected/false/null/false</i>', html
    for hook in ('useChat', 'useWidgetSocket'):
        assert out['errors'][hook] == ('StateError: %s() must be used inside <PilotStatusProvider>: wrap this '
                                       'component in <PilotStatusProvider inboxId="...">.' % hook)


@pytest.mark.parametrize('version', VERSIONS)
def test_commonjs_builds_load_with_require(consumer, version):
    script = ('const r = require("%s/react"), h = require("%s/headless"), react = require("react");'
              'console.log(JSON.stringify({react: Object.keys(r).sort(), headless: Object.keys(h).sort(), '
              'version: react.version, hook: typeof r.usePilotStatus}))') % (PACKAGE, PACKAGE)
    out = json.loads(run(['node', '-e', script], consumer.apps[version]))
    assert out['react'] == REACT_EXPORTS
    assert out['headless'] == HEADLESS_EXPORTS
    assert out['version'] == REACT[version]['react'] and out['hook'] == 'function'


def test_what_a_consumer_pays(consumer):
    """min+gzip of each React entry point as an app bundles it (React external, minified)."""
    app = consumer.apps[VERSIONS[-1]]
    sizes = {}
    for name, source in (('react', 'import { usePilotStatus } from "%s/react"; export default usePilotStatus;'),
                         ('headless', 'import { PilotStatusProvider, useChat } from "%s/headless"; '
                                      'export default [PilotStatusProvider, useChat];')):
        entry = os.path.join(app, 'cost-%s.js' % name)
        with open(entry, 'w') as f:
            f.write(source % PACKAGE)
        out = os.path.join(app, 'cost-%s.min.js' % name)
        run([os.path.join(BIN, 'esbuild'), entry, '--bundle', '--minify', '--format=esm', '--platform=browser',
             '--target=es2020', '--external:react', '--external:react-dom', '--legal-comments=none',
             '--log-level=warning', '--outfile=' + out], app)
        with open(out, 'rb') as f:
            data = f.read()
        sizes[name] = (len(data), len(gzip.compress(data, compresslevel=9, mtime=0)))
    print('\nconsumer cost (min / min+gzip bytes): ' + ', '.join('%s %d / %d' % (k, v[0], v[1])
                                                                  for k, v in sizes.items()))
    assert sizes['react'][1] <= 19500 and sizes['headless'][1] <= 18500, sizes


# ---- in Chromium ------------------------------------------------------------

@pytest.fixture(scope='module')
def app_server(consumer):
    support = _browser_support()
    servers = support.start_server(PROFILES[DEFAULT_PROFILE], extra_env={'DEVKIT_HOST_PAGES_DIR': consumer.www})
    yield servers
    support.stop_server(servers)


# Module scope: Playwright's sync API keeps an event loop running on this thread.
@pytest.fixture(scope='module')
def chromium(consumer):
    with _browser_support().launch_chromium() as browser:
        yield browser


@pytest.fixture
def app_page(chromium, app_server):
    context = chromium.new_context(viewport={'width': 1280, 'height': 800})
    page = context.new_page()
    page.set_default_timeout(10000)
    errors = []
    page.on('pageerror', lambda e: errors.append(str(e)))
    page.on('console', lambda m: errors.append(m.text) if m.type == 'error' else None)

    def open_app(version):
        page.goto('%s/t/react%s.html?frame=%s' % (app_server.host, version, app_server.frame))
        page.wait_for_function('window.app !== undefined')
        assert page.evaluate('document.querySelector("#root") !== null')
        return page
    yield open_app, errors
    context.close()


def chat_frame(page):
    for frame in page.frames:
        if frame != page.main_frame and '/?parentOrigin=' in frame.url:
            return frame
    return None


def poll(target, expression, seconds=10):
    """wait_for_function without string eval (the chat frame's CSP forbids it)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if target.evaluate(expression):
            return
        time.sleep(0.05)
    raise AssertionError('timed out waiting for ' + expression)


def iframes(page):
    return page.evaluate('document.querySelectorAll("iframe").length')


def events(page, name):
    return page.evaluate('name => window.log.filter(e => e.name === name).map(e => e.payload)', name)


@pytest.mark.parametrize('version', VERSIONS)
def test_hook_drives_the_widget(app_page, version):
    open_app, errors = app_page
    page = open_app(version)
    page.wait_for_function('window.log.some(e => e.name === "ready")')
    page.wait_for_function('document.querySelector("#ready").textContent === "true"')
    # StrictMode mounted, unmounted and mounted the effect again: one iframe, one `ready`.
    assert iframes(page) == 1
    assert len(events(page, 'ready')) == 1
    page.evaluate('document.querySelector("iframe").dataset.mark = "first"')

    page.click('#open')
    page.wait_for_function('window.log.some(e => e.name === "open")')
    chat_frame(page).wait_for_selector('#panel:not([hidden])')
    assert page.eval_on_selector('iframe', 'e => e.getBoundingClientRect().width') == 460
    page.click('#close')
    page.wait_for_function('window.log.some(e => e.name === "close")')

    # A message while closed: the reply raises the unread count the hook reports.
    page.click('#send')
    page.wait_for_function('Number(document.querySelector("#unread").textContent) > 0')
    assert events(page, 'unread-count')[-1] >= 1
    page.wait_for_function('window.log.filter(e => e.name === "message").length >= 2')
    assert {'role': 'user', 'content': 'ping from react'} in events(page, 'message')

    # Non-identity options: no new instance; the theme goes to the running frame.
    page.evaluate('app.setTheme("dark")')
    poll(chat_frame(page), 'document.documentElement.getAttribute("data-theme") === "dark"')
    page.evaluate('app.setPlaceholder("Something else")')
    page.wait_for_timeout(200)
    assert iframes(page) == 1 and page.evaluate('document.querySelector("iframe").dataset.mark') == 'first'
    assert len(events(page, 'ready')) == 1
    # An identity-defining option: a new instance (one iframe still); the hook's
    # listeners carry over, and the functions keep their identity.
    page.evaluate('app.setMode("prompt-input")')
    page.wait_for_function('window.log.filter(e => e.name === "ready").length === 2')
    assert iframes(page) == 1 and page.evaluate('document.querySelector("iframe").dataset.mark') is None
    assert page.text_content('#ready') == 'true'
    identities = page.evaluate('Object.entries(window.identities).map(([k, v]) => [k, v.length, new Set(v).size])')
    assert len(identities) == 7
    for name, renders, distinct in identities:
        assert renders >= 3 and distinct == 1, (name, renders, distinct)

    page.evaluate('app.show("widget", false)')
    page.wait_for_function('document.querySelectorAll("iframe").length === 0')

    # Embedded mode through the callback ref.
    page.evaluate('app.show("embedded", true)')
    page.wait_for_function('document.querySelector("#embedded-ready")?.textContent === "true"')
    assert iframes(page) == 1
    assert page.evaluate('document.querySelector("#embed-box > iframe") !== null')
    assert page.eval_on_selector('#embed-box > iframe', 'e => [e.offsetWidth, e.offsetHeight]') == [400, 300]
    chat_frame(page).wait_for_selector('#questions button:text("Queued before init")')
    page.evaluate('app.show("embedded", false)')
    page.wait_for_function('document.querySelectorAll("iframe").length === 0')

    # A bad option: an `error` event, a console report, no iframe, the app keeps running.
    page.evaluate('app.show("broken", true)')
    page.wait_for_function('window.log.some(e => e.name === "error")')
    # (StrictMode runs the effect twice in development, so it is reported twice.)
    assert {e['code'] for e in events(page, 'error')} == {'invalid-config'}
    assert 'baseUrl' in events(page, 'error')[0]['message']
    assert iframes(page) == 0 and page.text_content('#broken') == 'broken'
    assert errors and all(e.startswith('[PilotStatus react] init() failed:') for e in errors), errors

    # A failure no callback of the app hears: the hook returns it as `error` and it
    # reaches the console once per instance (the hook's own listener is not "handling").
    page.evaluate('app.show("broken", false)')
    errors.clear()
    page.evaluate('app.show("unheard", true)')
    page.wait_for_function('document.querySelector("#unheard")?.textContent.startsWith("timeout: ")', timeout=8000)
    page.wait_for_timeout(300)
    timeouts = [e for e in errors if '(code: timeout)' in e]
    # StrictMode mounts twice in development: the first instance is destroyed before it can time out.
    assert len(timeouts) == 1 and timeouts[0].startswith('[PilotStatus react] '), errors


@pytest.mark.parametrize('version', VERSIONS)
def test_headless_chat_streams_the_reply(app_page, version):
    open_app, errors = app_page
    page = open_app(version)
    page.evaluate('app.show("widget", false); app.show("headless", true)')
    page.wait_for_selector('#headless')
    assert page.text_content('#status') == 'disconnected'
    text = 'hello from react %s' % version
    page.fill('#text', text)
    page.click('#send-headless')
    reply = 'You said: "%s".' % text
    page.wait_for_function('r => [...document.querySelectorAll("#messages li.ai:not(.loading)")]'
                           '.some(li => li.textContent.startsWith(r))', arg=reply)
    page.wait_for_function('document.querySelector("#busy").textContent === "false"')
    items = page.evaluate('[...document.querySelectorAll("#messages li")].map(li => [li.className, li.textContent])')
    users = [content for role, content in items if role == 'user']
    ais = [content for role, content in items if role == 'ai']
    assert users == [text] and len(ais) >= 1 and ais[-1].startswith(reply), items
    # The reply streamed: renders saw it growing while it was loading.
    streamed = page.evaluate('window.streamed')
    assert streamed and all(reply.startswith(s) or s.startswith(reply[:len(s)]) for s in streamed), streamed
    assert min(len(s) for s in streamed) < len(ais[-1])
    assert page.text_content('#status') == 'connected'
    assert page.text_content('#conversation') != '' and page.text_content('#error') == ''
    page.click('#toggle-open')
    page.wait_for_function('document.querySelector("#is-open").textContent === "true"')
    # One client talked to the server (StrictMode's first one was closed before it did).
    assert page.evaluate('window.sockets.length') == 1
    page.evaluate('app.show("headless", false)')
    page.wait_for_function('window.sockets.every(s => s.readyState >= 2)')
    assert errors == []
