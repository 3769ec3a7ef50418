"""Consumer tier for the Masheev-compatible package: every code sample of its
spec (../shared/spec/masheev-embed-sdk.txt), as an npm user of @masheev/embed-sdk
gets it.

The samples live in tests/consumer/masheev/, copied verbatim: the only
differences are lines marked `[added]` (imports the samples leave out, wrappers
the test calls, the dev server's origin where a sample relies on a default base)
and lines marked `[changed] was: <the spec's line>` (a URL pointed at the dev
server); test_samples_are_verbatim proves it, sample by sample, and that no code
sample of the spec is left out.

`npm pack` inside dist-masheev/ (after `python build.py --all`); publint and
arethetypeswrong on the tarball; install it with React 19 and React 18 into
throwaway apps outside the repository; tsc strict (bundler and nodenext
resolution) over the samples, the types their comments state and a misuse file;
Node imports and requires every entry point; esbuild bundles the apps; Chromium
runs them against private dev servers (host page and chat frame on two origins):
the React iframe sample opens the widget and hears messages, the headless sample
passes a (stand-in) Turnstile check and streams the reply, ProfilePage's
updateContact reaches PATCH /api/widget/contact, each JS API example works both
through the script tag's global (the file the package's `unpkg` field names) and
through @masheev/embed-sdk/js, and the script-tag sample runs.
"""
import concurrent.futures
import importlib.util
import json
import os
import re
import shutil
import subprocess
import time

import pytest
from sdk_src.profiles import PROFILES

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCE = os.path.join(HERE, 'masheev')                 # the app's source, copied into each throwaway app
PACKAGE_DIR = os.path.join(ROOT, 'dist-masheev')
# The shared spec sits beside the checkout (../shared), the one place looked in.
SPEC = os.path.join(os.path.dirname(ROOT), 'shared', 'spec', 'masheev-embed-sdk.txt')
BIN = os.path.join(ROOT, 'node_modules', '.bin')
NPM_CACHE = os.path.join(ROOT, 'build', 'npm-cache')   # shared with test_consumer.py: no downloads on reruns
PACKAGE = '@masheev/embed-sdk'
VERSION = '0.2.0'

REACT = {
    '18': {'react': '18.3.1', 'react-dom': '18.3.1', '@types/react': '18.3.31', '@types/react-dom': '18.3.7'},
    '19': {'react': '19.3.1', 'react-dom': '19.3.1', '@types/react': '19.3.0', '@types/react-dom': '19.3.0'},
}
VERSIONS = sorted(REACT)
LATEST = VERSIONS[-1]

# What the spec (and the package's README) say each entry point exports.
JS_EXPORTS = ['init', 'open', 'close', 'toggle', 'sendMessage', 'updateContext', 'updateContact', 'setQuestions',
              'setTheme', 'setLocale', 'on', 'once', 'off', 'isReady', 'destroy', 'connect', 'create', 'version',
              'SDK_VERSION', 'DEFAULT_API_BASE', 'DEFAULT_WIDGET_BASE']
REACT_EXPORTS = ['useMasheev']
HEADLESS_EXPORTS = ['MasheevProvider', 'useMasheev', 'useWidgetChat', 'useWidgetSession', 'useWidgetSocket',
                    'createHeadless']
CONSTANTS = {'SDK_VERSION': VERSION, 'DEFAULT_API_BASE': 'https://api.masheev.com',
             'DEFAULT_WIDGET_BASE': 'https://iframe.masheev.com'}

TURNSTILE_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX'   # what turnstile.js answers and the bot-checked dev server wants


# ---- the samples are the spec's ---------------------------------------------

class Sample:
    """A code sample of the spec: from the line `first` (None: a one-line sample)
    to the only spec line that starts with `end`, whose code part is `code_end`
    (the spec's text glues the next heading to a sample's last line)."""

    def __init__(self, path, first, end, code_end):
        self.path, self.first, self.end, self.code_end = path, first, end, code_end

    def span(self, spec_lines):
        ends = [i for i, line in enumerate(spec_lines) if line.startswith(self.end)]
        assert len(ends) == 1, (self.end, ends)
        last = ends[0]
        assert spec_lines[last].startswith(self.code_end)
        if self.first is None:
            return last, last
        starts = [i for i in range(last + 1) if spec_lines[i] == self.first]
        assert starts, self.first
        return starts[-1], last

    def lines(self, spec_lines):
        start, last = self.span(spec_lines)
        return spec_lines[start:last] + [self.code_end]


REACT_IMPORT = 'import { useMasheev } from "@masheev/embed-sdk/react";'
SAMPLES = {
    'script tag': Sample('script-tag.html', '<script src="https://unpkg.com/@masheev/embed-sdk"></script>',
                         '</script>React (iframe)', '</script>'),
    'React (iframe)': Sample('src/react-iframe.tsx', REACT_IMPORT, '}Headless (custom UI)', '}'),
    'Headless (custom UI)': Sample('src/headless.tsx',
                                   'import { MasheevProvider, useMasheev } from "@masheev/embed-sdk/headless";',
                                   '}JS SDK API', '}'),
    'init(config)': Sample('src/js-api.ts', 'Masheev.init({', '});open() / close() / toggle()', '});'),
    'open() / close() / toggle()': Sample('src/js-api.ts', 'Masheev.open();', 'Masheev.toggle();sendMessage(text)',
                                          'Masheev.toggle();'),
    'sendMessage(text)': Sample('src/js-api.ts', None, 'Masheev.sendMessage("I need help with billing");update',
                                'Masheev.sendMessage("I need help with billing");'),
    'updateContext(context)': Sample('src/js-api.ts', None, 'Masheev.updateContext({ name: "Jane Doe",',
                                     'Masheev.updateContext({ name: "Jane Doe", email: "[email protected]" });'),
    'updateContact(fields)': Sample('src/js-api.ts', 'Masheev.updateContact({', '});Accepted fields:', '});'),
    'setQuestions(questions)': Sample('src/js-api.ts', None, 'Masheev.setQuestions([', 'Masheev.setQuestions(['
                                      '"How does pricing work?", "Do you offer a free trial?"]);'),
    'on(event, callback) / off(event, callback)': Sample('src/js-api.ts',
                                                         'const unsub = Masheev.on("message", (msg) => {',
                                                         'unsub();isReady()', 'unsub();'),
    'Consent Gate': Sample('src/js-api.ts', 'Masheev.init({', '});When enabled', '});'),
    'Events (type-safe)': Sample('src/js-api.ts', 'Masheev.on("message", (payload) => {', '});React Hook API', '});'),
    'useMasheev(config)': Sample('src/hook-api.ts', REACT_IMPORT, '} = useMasheev({ inboxId: "..." });The hook',
                                 '} = useMasheev({ inboxId: "..." });'),
    'Updating the contact from React': Sample('src/profile-page.tsx', REACT_IMPORT, '}Headless API', '}'),
    'useMasheev() (headless)': Sample('src/headless-api.ts', 'const {', '} = useMasheev();Lower-level hooks',
                                      '} = useMasheev();'),
    'Message': Sample('src/headless-api.ts', 'interface Message {', '}WidgetSession', '}'),
    'WidgetSession': Sample('src/headless-api.ts', 'interface WidgetSession {', '}How It Works', '}'),
    'Constants': Sample('src/constants.ts',
                        'import { SDK_VERSION, DEFAULT_API_BASE, DEFAULT_WIDGET_BASE } from "@masheev/embed-sdk/js";',
                        'DEFAULT_WIDGET_BASE // "https://iframe.masheev.com"',
                        'DEFAULT_WIDGET_BASE // "https://iframe.masheev.com"'),
}
# Lines that start code in the spec; each must fall inside one of SAMPLES. (The
# other snippets are a shell command, `pnpm add @masheev/embed-sdk`, and the REST
# section's JSON bodies, which no consumer of the package writes.)
CODE_START = re.compile(r'^(Masheev\.|import |const |interface |function |<script)')
ADDED = re.compile(r'(//|<!--) \[added\]')
CHANGED = re.compile(r'\s*(?://|<!--) \[changed\] was: (.*?)(?: -->)?$')


def as_the_spec_has_it(path):
    """The file with [added] lines dropped and [changed] lines put back."""
    out = []
    with open(os.path.join(SOURCE, path)) as f:
        for line in f.read().splitlines():
            changed = CHANGED.search(line)
            if changed:
                out.append(changed.group(1))
            elif not ADDED.search(line):
                out.append(line)
    return out


def contains_block(lines, block):
    return any(lines[i:i + len(block)] == block for i in range(len(lines) - len(block) + 1))


def test_samples_are_verbatim():
    # Never a skip: without the spec this test cannot prove the samples verbatim.
    assert os.path.isfile(SPEC), 'the Masheev spec is missing: expected ' + SPEC + ' (../shared beside the checkout)'
    with open(SPEC, encoding='utf-8') as f:
        spec_lines = f.read().splitlines()
    covered = set()
    for name, sample in SAMPLES.items():
        block = sample.lines(spec_lines)
        assert len(block) >= 1
        assert contains_block(as_the_spec_has_it(sample.path), block), \
            '%s: %s does not hold the spec sample verbatim:\n%s' % (name, sample.path, '\n'.join(block))
        start, last = sample.span(spec_lines)
        covered.update(range(start, last + 1))
    left_out = [line for i, line in enumerate(spec_lines) if CODE_START.match(line) and i not in covered
                and not line.startswith('<script src="https://unpkg.com/@masheev/embed-sdk"></script>Entry')]
    assert left_out == [], left_out
    # Every difference is marked and explained; nothing else is [changed] than URLs.
    for path in sorted({s.path for s in SAMPLES.values()}):
        with open(os.path.join(SOURCE, path)) as f:
            for line in f:
                if '[changed] was:' in line:
                    assert CHANGED.search(line) and 'https://' in CHANGED.search(line).group(1), line


# ---- the package as an npm user gets it --------------------------------------

def run(cmd, cwd, timeout=180):
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, '%s failed (%d):\n%s\n%s' % (' '.join(cmd), result.returncode, result.stdout,
                                                                 result.stderr)
    return result.stdout


def _browser_support():
    spec = importlib.util.spec_from_file_location('masheev_browser_support',
                                                  os.path.join(ROOT, 'tests', 'browser', 'conftest.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Consumer:
    def __init__(self, base, tarball, files):
        self.base = base
        self.tarball = tarball
        self.files = files
        self.apps = {}
        self.www = os.path.join(base, 'www')
        self.unpkg = None           # the installed package.json's `unpkg` field
        self.seconds = {}


def make_app(base, tarball, version):
    app = os.path.join(base, 'app' + version)
    shutil.copytree(SOURCE, app)
    dependencies = dict(REACT[version], **{PACKAGE: 'file:' + tarball})
    with open(os.path.join(app, 'package.json'), 'w') as f:
        json.dump({'name': 'masheev-consumer-react' + version, 'private': True, 'type': 'module',
                   'dependencies': dependencies}, f, indent=2)
    run(['npm', 'install', '--no-audit', '--no-fund', '--prefer-offline', '--cache', NPM_CACHE], app)
    return app


def write_page(www, name, scripts):
    with open(os.path.join(SOURCE, 'page.html')) as f:
        html = f.read()
    tags = ''.join('<script src="/t/%s"></script>' % script for script in scripts)
    with open(os.path.join(www, name), 'w') as f:
        f.write(html.replace('__SCRIPTS__', tags))


@pytest.fixture(scope='module')
def masheev(tmp_path_factory):
    if not os.path.isfile(os.path.join(PACKAGE_DIR, 'package.json')):
        pytest.fail('dist-masheev/ is missing: run `python build.py --all` (make build does)')
    started = time.monotonic()
    base = os.path.realpath(str(tmp_path_factory.mktemp('masheev-consumer')))
    assert not base.startswith(ROOT + os.sep)
    packed = json.loads(run(['npm', 'pack', '--json', '--pack-destination', base], PACKAGE_DIR))[0]
    result = Consumer(base, os.path.join(base, packed['filename']), sorted(f['path'] for f in packed['files']))
    with concurrent.futures.ThreadPoolExecutor(len(VERSIONS)) as pool:
        for version, app in zip(VERSIONS, pool.map(lambda v: make_app(base, result.tarball, v), VERSIONS), strict=True):
            result.apps[version] = app
    result.seconds['pack+install'] = time.monotonic() - started
    www = result.www
    os.makedirs(www)
    esbuild = os.path.join(BIN, 'esbuild')
    browser = ['--bundle', '--format=iife', '--platform=browser', '--target=es2020', '--log-level=warning']
    for version, app in result.apps.items():
        # React bundled in, development build (StrictMode double-mounts effects).
        run([esbuild, 'src/main.tsx', *browser, '--jsx=automatic', '--define:process.env.NODE_ENV="development"',
             '--outfile=' + os.path.join(www, 'react%s.js' % version)], app)
        write_page(www, 'react%s.html' % version, ['react%s.js' % version])
    app = result.apps[LATEST]
    # The JS examples twice: `Masheev` the script tag's global, and the ./js module.
    run([esbuild, 'src/js-runner.ts', *browser, '--outfile=' + os.path.join(www, 'js-global.js')], app)
    run([esbuild, 'src/js-runner.ts', *browser, '--inject:src/js-module.ts',
         '--outfile=' + os.path.join(www, 'js-module.js')], app)
    # What https://unpkg.com/@masheev/embed-sdk serves: the file the `unpkg` field names.
    installed = os.path.join(app, 'node_modules', *PACKAGE.split('/'))
    with open(os.path.join(installed, 'package.json')) as f:
        result.unpkg = json.load(f)['unpkg']
    shutil.copy(os.path.join(installed, result.unpkg), os.path.join(www, 'unpkg.js'))
    write_page(www, 'js-global.html', ['unpkg.js', 'js-global.js'])
    write_page(www, 'js-module.html', ['js-module.js'])
    for name in ('script-tag.html', 'turnstile.js'):
        shutil.copy(os.path.join(SOURCE, name), os.path.join(www, name))
    result.seconds['setup'] = time.monotonic() - started
    yield result
    print('\nmasheev consumer tier: pack + %d installs %.1f s, setup %.1f s, whole module %.1f s'
          % (len(VERSIONS), result.seconds['pack+install'], result.seconds['setup'], time.monotonic() - started))


def test_tarball_is_the_masheev_package(masheev):
    files = masheev.files
    assert 'package.json' in files and 'README.md' in files
    assert all(f in ('package.json', 'README.md', 'CHANGELOG.md') or f.startswith('dist/') for f in files), files
    with open(os.path.join(masheev.apps[LATEST], 'node_modules', *PACKAGE.split('/'), 'package.json')) as f:
        meta = json.load(f)
    assert (meta['name'], meta['version']) == (PACKAGE, VERSION)
    assert set(meta['exports']) == {'./js', './react', './headless', './headless/core', './frame', './embed.js',
                                    './package.json'}
    assert masheev.unpkg.removeprefix('./') == 'dist/embed.js' and 'dist/embed.js' in files
    for name in ('index', 'react', 'headless', 'headless-core', 'frame'):
        for ext in ('.d.ts', '.d.mts', '.d.cts'):
            assert 'dist/' + name + ext in files


def publint_problems(masheev):
    """publint --strict's errors and warnings (its suggestions are advice, as for the default package)."""
    result = subprocess.run([os.path.join(BIN, 'publint'), 'run', masheev.tarball, '--strict'],
                            capture_output=True, text=True, timeout=120, cwd=masheev.base)
    problems, section = [], None
    for line in result.stdout.splitlines():
        if line.rstrip(':') in ('Errors', 'Warnings', 'Suggestions'):
            section = line.rstrip(':')
        elif section in ('Errors', 'Warnings') and re.match(r'\d+\. ', line):
            problems.append(line.split('. ', 1)[1])
    assert (result.returncode == 0) == (not problems), result.stdout + result.stderr
    return problems


def test_publint_reports_nothing(masheev):
    assert publint_problems(masheev) == []


def test_are_the_types_wrong_reports_nothing(masheev):
    result = subprocess.run([os.path.join(BIN, 'attw'), masheev.tarball, '--format', 'json'],
                            capture_output=True, text=True, timeout=120, cwd=masheev.base)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    report = json.loads(result.stdout)
    assert not report['problems'] and not report['analysis']['problems'], report['problems']
    entries = report['analysis']['entrypoints']
    assert {'./js', './react', './headless', './headless/core', './frame', './embed.js'} <= set(entries)


@pytest.mark.parametrize('version', VERSIONS)
def test_samples_type_check(masheev, version):
    """tsc strict over the samples against the generated .d.ts: bundler resolution
    (.d.mts, embed.d.ts's global) and Node's (import -> .d.mts); the types the
    samples' comments state (hook-api.ts, headless-api.ts); misuse.tsx's errors."""
    app = masheev.apps[version]
    tsc = os.path.join(BIN, 'tsc')
    run([tsc, '-p', 'tsconfig.json'], app)
    run([tsc, '-p', 'tsconfig.nodenext.json'], app)
    with open(os.path.join(app, 'src', 'misuse.tsx')) as f:
        assert sum(line.strip().startswith('// @ts-expect-error') for line in f) >= 17


def test_entry_points_load_in_node(masheev):
    """import and require of every entry point the spec names, with no window."""
    script = """
        import { createRequire } from "node:module";
        const require = createRequire(import.meta.url);
        const out = { window: typeof window, esm: {}, cjs: {} };
        for (const entry of ["js", "react", "headless", "headless/core"]) {
          out.esm[entry] = Object.keys(await import("@masheev/embed-sdk/" + entry)).sort();
          out.cjs[entry] = Object.keys(require("@masheev/embed-sdk/" + entry)).sort();
        }
        const js = await import("@masheev/embed-sdk/js");
        out.constants = { SDK_VERSION: js.SDK_VERSION, DEFAULT_API_BASE: js.DEFAULT_API_BASE,
                          DEFAULT_WIDGET_BASE: js.DEFAULT_WIDGET_BASE, version: js.version };
        console.log(JSON.stringify(out));
    """
    out = json.loads(run(['node', '--input-type=module', '-e', script], masheev.apps[LATEST]))
    assert out['window'] == 'undefined'
    for kind in ('esm', 'cjs'):
        assert set(JS_EXPORTS) <= set(out[kind]['js']), out[kind]['js']
        assert set(REACT_EXPORTS) <= set(out[kind]['react'])
        assert set(HEADLESS_EXPORTS) <= set(out[kind]['headless'])
        assert 'createHeadless' in out[kind]['headless/core'] and 'MasheevProvider' not in out[kind]['headless/core']
    assert out['esm'] == out['cjs']
    assert out['constants'] == dict(CONSTANTS, version=VERSION)


# ---- in Chromium ------------------------------------------------------------

@pytest.fixture(scope='module')
def servers(masheev):
    """Two private dev servers serving the app's pages: a plain one, and one that
    refuses widget sessions without the Turnstile token (the frame's own chat page
    does no bot check, so the iframe samples use the plain one)."""
    support = _browser_support()
    env = {'DEVKIT_HOST_PAGES_DIR': masheev.www}
    checked_env = dict(env, DEVKIT_TURNSTILE_SECRET='dev-turnstile-secret', DEVKIT_TURNSTILE_TEST_TOKEN=TURNSTILE_TOKEN)
    profile = PROFILES['masheev']
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        plain = pool.submit(support.start_server, profile, extra_env=env)
        checked = pool.submit(support.start_server, profile, extra_env=checked_env)
        started = {'plain': plain.result(), 'bot-checked': checked.result()}
    yield started
    for s in started.values():
        support.stop_server(s)


@pytest.fixture(scope='module')
def chromium(masheev):
    with _browser_support().launch_chromium() as browser:
        yield browser


class Tab:
    """One page in a fresh context, with what it logged and asked for."""

    def __init__(self, page):
        self.page = page
        self.console = []      # console.log lines
        self.errors = []       # page errors and console.error lines
        self.requests = []     # (method, url, post body) of every request, child frames included
        self.responses = {}    # url -> [status, ...]
        page.on('console', lambda m: (self.errors if m.type == 'error' else self.console).append(m.text))
        page.on('pageerror', lambda e: self.errors.append(str(e)))
        page.on('request', lambda r: self.requests.append((r.method, r.url, r.post_data)))
        page.on('response', lambda r: self.responses.setdefault(r.url, []).append(r.status))

    def chat_frame(self, inbox):
        for frame in self.page.frames:
            if '/widget/%s?parentOrigin=' % inbox in frame.url:
                return frame
        raise AssertionError('no chat frame for ' + inbox)

    def wait_console(self, predicate, seconds=10):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(predicate(line) for line in self.console):
                return
            self.page.wait_for_timeout(50)
        raise AssertionError('no such console line in %r' % self.console)

    def wait_response(self, url, seconds=10):
        deadline = time.monotonic() + seconds
        while url not in self.responses and time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
        assert url in self.responses, 'no response from ' + url
        return self.responses[url]

    def bodies(self, method, path):
        return [json.loads(body) for m, url, body in self.requests if m == method and url.split('?')[0].endswith(path)]


@pytest.fixture
def tab(chromium, servers):
    context = chromium.new_context(viewport={'width': 1280, 'height': 800})
    page = context.new_page()
    page.set_default_timeout(10000)
    t = Tab(page)

    def open_page(name, server='plain', **query):
        s = servers[server]
        params = '&'.join(['frame=' + s.frame] + ['%s=%s' % item for item in query.items()])
        page.goto('%s/t/%s?%s' % (s.host, name, params))
        t.server = s
        return page
    t.open = open_page
    yield t
    context.close()


def iframe_box(page):
    return page.eval_on_selector('iframe', 'e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height]')


def send_from_chat_frame(frame, text):
    frame.fill('#input', text)
    frame.press('#input', 'Enter')


def reply_to(text):
    return 'ai You said: "%s".' % text


@pytest.mark.parametrize('version', VERSIONS)
def test_react_iframe_sample(tab, version):
    # Every `disabled` state the sample's button goes through, from the first render on.
    tab.page.add_init_script('''
        window.buttonStates = [];
        new MutationObserver(() => {
            const b = document.querySelector("#root button");
            if (b && window.buttonStates[window.buttonStates.length - 1] !== b.disabled) {
                window.buttonStates.push(b.disabled);
            }
        }).observe(document, { subtree: true, childList: true, attributes: true });
    ''')
    page = tab.open('react%s.html' % version, sample='react-iframe')
    button = page.get_by_role('button', name='Chat with us')
    page.wait_for_function('document.querySelector("button") && !document.querySelector("button").disabled')
    assert page.evaluate('window.buttonStates') == [True, False]     # disabled={!isReady} until the handshake
    assert page.evaluate('window.reactVersion') == REACT[version]['react']
    # StrictMode mounted the hook twice: one iframe, on the spec's frame URL shape.
    assert page.evaluate('document.querySelectorAll("iframe").length') == 1
    assert page.eval_on_selector('iframe', 'e => e.src').startswith(tab.server.frame + '/widget/your-inbox-id?')
    assert iframe_box(page) == [100, 100]
    button.click()
    page.wait_for_function('(r => r.width === 460 && r.height === 750)'
                           '(document.querySelector("iframe").getBoundingClientRect())')
    chat = tab.chat_frame('your-inbox-id')
    chat.wait_for_selector('#panel:not([hidden])')
    assert chat.text_content('#agent-name') == 'Support'
    # A message typed in the widget reaches the sample's on("message") handler (console.log(role, content)).
    send_from_chat_frame(chat, 'Hello from the React sample')
    tab.wait_console(lambda line: line.startswith(reply_to('Hello from the React sample')))
    # Once each: StrictMode's first subscription was unsubscribed by the effect's cleanup.
    assert tab.console.count('user Hello from the React sample') == 1
    assert len([line for line in tab.console if line.startswith(reply_to('Hello from the React sample'))]) == 1
    # The constants sample, bundled into the same app.
    assert page.evaluate('window.constants') == CONSTANTS
    # "The hook creates the SDK on mount and destroys it on unmount."
    page.evaluate('window.unmount()')
    page.wait_for_function('document.querySelectorAll("iframe").length === 0')
    assert tab.errors == []


@pytest.mark.parametrize('version', VERSIONS)
def test_headless_sample_streams_the_reply(tab, version):
    page = tab.open('react%s.html' % version, server='bot-checked', sample='headless')
    page.wait_for_selector('#root input')
    # Every state of the AI's message while it streams ("Typing..." shown).
    page.evaluate("""() => {
        window.streaming = [];
        new MutationObserver(() => {
            for (const div of document.querySelectorAll('#root div.ai')) {
                if (div.querySelector('span')) window.streaming.push(div.textContent);
            }
        }).observe(document.getElementById('root'), { subtree: true, childList: true, characterData: true });
    }""")
    text = 'Hello from the headless sample on React %s' % version
    page.fill('#root input', text)
    page.press('#root input', 'Enter')
    reply = 'You said: "%s".' % text
    page.wait_for_function('r => [...document.querySelectorAll("#root div.ai")]'
                           '.some(d => d.textContent.startsWith(r) && !d.querySelector("span"))', arg=reply)
    assert page.input_value('#root input') == ''
    users = page.eval_on_selector_all('#root div.user', 'ds => ds.map(d => d.textContent)')
    assert users == [text]
    streaming = page.evaluate('window.streaming')
    assert streaming and all(s.endswith('Typing...') for s in streaming), streaming
    assert any(len(s) - len('Typing...') < len(reply) for s in streaming), streaming   # seen part-way
    # The bot check ran with the sample's site key, through the stand-in script, and
    # the bot-checked server took its token with the sample's customerInfo.
    assert page.evaluate('window.turnstileRenders') == [{'sitekey': 'your-site-key', 'attached': True}]
    sessions = tab.bodies('POST', '/api/widget/session')
    assert len(sessions) == 1, sessions
    assert sessions[0]['inboxId'] == 'your-inbox-id' and sessions[0]['turnstileToken'] == TURNSTILE_TOKEN
    assert sessions[0]['customerInfo'] == {'name': 'Jane', 'email': '[email protected]'}
    assert tab.responses[tab.server.frame + '/api/widget/session'] == [200]
    assert tab.errors == []


@pytest.mark.parametrize('version', VERSIONS)
def test_profile_page_sample_updates_the_contact(tab, version):
    page = tab.open('react%s.html' % version, sample='profile-page')
    page.wait_for_selector('iframe')
    assert page.eval_on_selector('iframe', 'e => e.src').startswith(tab.server.frame + '/widget/inbox_abc?')
    # The form as the sample writes it, `<form ...>...</form>`, has no fields: form.get()
    # gives null for each, and "omitted or empty fields are left unchanged" - nothing is sent.
    page.evaluate('document.querySelector("#root form").requestSubmit()')
    page.wait_for_function('window.savedProfiles && window.savedProfiles.length === 1')
    tab.wait_console(lambda line: 'updateContact(): no non-empty fields' in line)
    # The "..." stands for the app's fields: the test adds them.
    page.evaluate("""() => {
        const form = document.querySelector('#root form');
        for (const [name, value] of [['name', 'Jane Doe'], ['email', '[email protected]'], ['company', 'Acme Inc']]) {
            const input = document.createElement('input');
            input.name = name;
            input.value = value;
            form.appendChild(input);
        }
        form.requestSubmit();
    }""")
    page.wait_for_function('window.savedProfiles && window.savedProfiles.length === 2')
    expected = {'name': 'Jane Doe', 'email': '[email protected]', 'company': 'Acme Inc'}
    assert page.evaluate('window.savedProfiles') == [{}, expected]
    assert tab.wait_response(tab.server.frame + '/api/widget/contact') == [200]
    assert tab.bodies('PATCH', '/api/widget/contact') == [expected]
    assert tab.errors == []


@pytest.mark.parametrize('how', ['global', 'module'])
def test_js_api_examples(tab, how):
    """Each JS SDK API example in the spec's order, through the script tag's
    global (js-global: unpkg.js + the examples) or @masheev/embed-sdk/js."""
    page = tab.open('js-%s.html' % how)
    page.wait_for_function('window.examples !== undefined')
    if how == 'global':
        assert page.evaluate('window.sdk === window.Masheev')
    else:
        assert page.evaluate('typeof window.Masheev') == 'undefined'
    page.evaluate("""() => {
        for (const name of ['ready', 'open', 'close', 'message', 'error']) {
            window.sdk.on(name, (payload) => window.sdkEvents.push({ name, payload: payload ?? null }));
        }
        window.examples.init();
        window.later = window.examples.onThenLater();
        window.examples.typedOn();
    }""")
    page.wait_for_function('window.sdk.isReady()')
    assert page.eval_on_selector('iframe', 'e => e.src').startswith(tab.server.frame + '/widget/inbox_abc?')
    assert page.evaluate('window.sdk.version') == VERSION
    chat = tab.chat_frame('inbox_abc')
    chat.wait_for_selector('#app:not([hidden])', state='attached')
    # init()'s options reached the widget.
    assert chat.text_content('#agent-name') == 'Support Bot'
    assert chat.text_content('#agent-title') == 'AI Assistant'
    assert chat.get_attribute('#input', 'placeholder') == 'Ask anything...'
    assert chat.eval_on_selector_all('#questions button', 'bs => bs.map(b => b.textContent)') == [
        'How do I get started?', 'Pricing?']
    assert chat.get_attribute('#privacy', 'href') == 'https://example.com/privacy'
    assert chat.is_hidden('#consent')

    page.evaluate('window.examples.openCloseToggle()')
    page.wait_for_function('(r => r.width === 460 && r.height === 750)'
                           '(document.querySelector("iframe").getBoundingClientRect())')
    page.wait_for_function('window.sdkEvents.filter(e => e.name === "open").length === 2')
    assert [e['name'] for e in page.evaluate('window.sdkEvents') if e['name'] in ('open', 'close')] == [
        'open', 'close', 'open']

    page.evaluate('window.examples.sendMessage()')
    tab.wait_console(lambda line: line.startswith(reply_to('I need help with billing')))
    assert tab.console.count('user I need help with billing') == 1
    typed = page.evaluate('window.typedPayloads')
    assert typed[0] == {'role': 'user', 'content': 'I need help with billing'}
    assert typed[1]['role'] == 'ai' and typed[1]['content'].startswith('You said: "I need help with billing"')

    page.evaluate('window.examples.updateContext(); window.examples.updateContact()')
    assert tab.wait_response(tab.server.frame + '/api/widget/contact') == [200]
    assert tab.bodies('PATCH', '/api/widget/contact') == [
        {'name': 'Jane Doe', 'email': '[email protected]', 'phone': '+14155551234', 'company': 'Acme Inc'}]

    page.evaluate('window.examples.setQuestions()')
    chat.wait_for_selector('#questions button:text("Do you offer a free trial?")')
    assert chat.eval_on_selector_all('#questions button', 'bs => bs.map(b => b.textContent)') == [
        'How does pricing work?', 'Do you offer a free trial?']

    # "later": unsub() - the example's listener hears no more; the typed one still does.
    page.evaluate('window.later(); window.sdk.sendMessage("After unsub")')
    page.wait_for_function('window.typedPayloads.some(p => p.role === "ai" && p.content.includes("After unsub"))')
    assert not any('After unsub' in line for line in tab.console)
    assert [e for e in page.evaluate('window.sdkEvents') if e['name'] == 'error'] == []

    page.evaluate('window.sdk.close()')
    page.wait_for_function('(r => r.width === 100 && r.height === 100)'
                           '(document.querySelector("iframe").getBoundingClientRect())')

    # The consent-gate example, on a fresh widget.
    page.evaluate('window.sdk.destroy()')
    assert page.evaluate('document.querySelectorAll("iframe").length') == 0
    page.evaluate('window.examples.consentGate(); window.sdk.open()')
    page.wait_for_function('window.sdk.isReady()')
    chat = tab.chat_frame('inbox_abc')
    chat.wait_for_selector('#consent:not([hidden])')
    assert chat.is_hidden('#composer') and chat.get_attribute('#privacy', 'href') == 'https://example.com/privacy'
    chat.check('#consent-box')
    chat.click('#consent-start')
    chat.wait_for_selector('#composer:not([hidden])')
    assert tab.errors == []


def test_script_tag_sample_from_the_unpkg_file(tab):
    page = tab.open('script-tag.html')
    page.wait_for_function('window.Masheev && Masheev.isReady()')
    assert page.evaluate('Masheev.version') == VERSION
    assert page.eval_on_selector('iframe', 'e => e.src').startswith(tab.server.frame + '/widget/your-inbox-id?')
    page.evaluate('Masheev.open()')
    chat = tab.chat_frame('your-inbox-id')
    chat.wait_for_selector('#panel:not([hidden])')
    send_from_chat_frame(chat, 'Hello from the script tag')
    tab.wait_console(lambda line: line.startswith(reply_to('Hello from the script tag')))
    assert tab.console.count('user Hello from the script tag') == 1
    assert tab.errors == []
