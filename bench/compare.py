"""This SDK beside raw postMessage and Penpal, side by side (a report, never a
test: absolute times depend on the machine, the ratios are what matter).

    .venv/bin/python bench/compare.py    # defaults: --runs 30 --pings 20 --cycles 1000 --heap-reps 1 (~4 min)

Needs dist/ (`.venv/bin/python build.py --all`), node_modules (`npm ci`) and
Debian's Chromium. One headless Chromium session. The host pages come from a
static server started here on 127.0.0.2 and every frame is on 127.0.0.1, so
each frame is cross-site to its page and runs out of process, as in
production, for all three:
- sdk: the dev server's chat page on the frame kit (tests/browser/conftest.start_server);
- raw, penpal: bench/pages/raw-frame.html and penpal-frame.html, from the same
  static server's 127.0.0.1 side.
The host page, bench/pages/host.html?lib=..., loads one library; its
operations are in bench/pages/bench-host.js.

Measures (medians; the libraries take turns block by block, in a rotating
order, so machine noise hits all of them alike):
1. init -> ready: sdk PilotStatus.create().init() until `ready` (chat page,
   frame kit, origin verification with the server, handshake); raw: iframe
   until the frame's hello; penpal: iframe + connect() until the remote proxy.
2. round trip host -> frame -> host: raw ping/pong; penpal a remote method
   call; sdk updateContext() until the frame kit, echoing it with
   reportMessage(), raises `message` on the host (neither is coalesced per
   animation frame; the echo is added to the chat page here). --pings samples
   per block after 5 warm-ups, each the mean of 10 back-to-back round trips.
   Penpal 7 talks over a MessagePort it transfers in its handshake, which in
   Chromium skips the browser-process hop of window.postMessage to an
   out-of-process frame: penpal/raw below 1 is real.
3. evaluation of dist/embed.js, penpal.min.js and bench/pages/raw-host.js as
   an inline script in a fresh page.
4. JS heap growth over --cycles connect/destroy cycles after 50 warm-up cycles,
   garbage collected through CDP (HeapProfiler.collectGarbage,
   Runtime.getHeapUsage), median of --heap-reps.
5. consumer bundle sizes: a typical import of each package bundled with
   esbuild --bundle --minify --format=esm (React external); min, gzip -9, brotli 11.
Writes reports/compare.md, compare.json and compare.png (reports/ is not committed).
"""
import argparse
import contextlib
import datetime
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import brotli

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PAGES = os.path.join(HERE, 'pages')
REPORTS = os.path.join(ROOT, 'reports')
ESBUILD = os.path.join(ROOT, 'node_modules', '.bin', 'esbuild')
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'browser'))

import conftest  # noqa: E402  (the browser tests' dev server and Chromium helpers)
from browser_helpers import in_frame, is_chat_url  # noqa: E402
from devkit.settings import Settings  # noqa: E402
from sdk_src.profiles import DEFAULT_PROFILE, PROFILES  # noqa: E402

PROFILE = PROFILES[DEFAULT_PROFILE]
LIBS = ['raw', 'sdk', 'penpal']
LABELS = {'raw': 'raw postMessage', 'sdk': 'Pilot Status SDK', 'penpal': 'Penpal'}
EVAL_SOURCES = {'raw': os.path.join(PAGES, 'raw-host.js'), 'sdk': os.path.join(ROOT, 'dist', 'embed.js'),
                'penpal': os.path.join(ROOT, 'node_modules', 'penpal', 'dist', 'penpal.min.js')}
# URL path -> file, for the static server (nothing else is served).
STATIC_FILES = {'/' + name: os.path.join(PAGES, name) for name in os.listdir(PAGES)}
STATIC_FILES.update({'/embed.js': EVAL_SOURCES['sdk'], '/penpal.min.js': EVAL_SOURCES['penpal']})
PING_WARMUP = 5    # samples
PING_BATCH = 10    # round trips per sample
HEAP_WARMUP = 50
STARTED = time.monotonic()
SDK_ECHO = '(KIT.on("updateContext", function (p) { KIT.reportMessage("user", p.context.userId); }), true)'

CONSUMER_BUNDLES = [
    ('@pilot-status/embed', "import { init, open } from '@pilot-status/embed';\ninit({ token: 'x' });\nopen();\n"),
    ('@pilot-status/embed/react',
     "import { usePilotStatus } from '@pilot-status/embed/react';\n"
     "export const useChatWidget = () => usePilotStatus({ token: 'x' });\n"),
    ('@pilot-status/embed/headless',
     "export { PilotStatusProvider, useChat } from '@pilot-status/embed/headless';\n"),
    ('/react + /headless',
     "export { usePilotStatus } from '@pilot-status/embed/react';\n"
     "export { PilotStatusProvider, useChat } from '@pilot-status/embed/headless';\n"),
    ('@pilot-status/embed/frame',
     "import { start, on, reportMessage } from '@pilot-status/embed/frame';\n"
     "on('sendMessage', (p) => reportMessage('user', p.text));\nstart();\n"),
    ('@intercom/messenger-js-sdk', "import Intercom from '@intercom/messenger-js-sdk';\nIntercom({ app_id: 'x' });\n"),
    ('crisp-sdk-web', "import { Crisp } from 'crisp-sdk-web';\nCrisp.configure('x');\n"),
    ('penpal', "import { WindowMessenger, connect } from 'penpal';\n"
               "const iframe = document.querySelector('iframe');\n"
               "connect({ messenger: new WindowMessenger({ remoteWindow: iframe.contentWindow, "
               "allowedOrigins: ['https://frame.example'] }), methods: {} });\n"),
]


class StaticHandler(http.server.BaseHTTPRequestHandler):
    timeout = 10   # seconds per socket operation

    def do_GET(self):
        path = STATIC_FILES.get(self.path.split('?', 1)[0])
        if path is None:
            self.send_error(404)
            return
        with open(path, 'rb') as f:
            body = f.read()
        try:
            self.send_response(200)
            self.send_header('content-type', 'text/html' if path.endswith('.html') else 'text/javascript')
            self.send_header('content-length', str(len(body)))
            self.send_header('cache-control', 'no-store')   # as the dev server: every load is a real one
            self.end_headers()
            self.wfile.write(body)
        except ConnectionError:   # the page removed the iframe before it loaded (heap cycles)
            pass

    def log_message(self, *args):
        pass


def start_static(stack, ip):
    """A loopback static server for STATIC_FILES on `ip`, stopped with `stack`; returns its origin."""
    server = http.server.ThreadingHTTPServer((ip, 0), StaticHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stack.callback(server.server_close)
    stack.callback(server.shutdown)
    return 'http://%s:%d' % (ip, server.server_address[1])


def mint_token(frame_origin, host_origin):
    """What the tenant backend does: a chat token for the bench host origin."""
    body = json.dumps({'surface': 'chat', 'whatsappNumberIds': [Settings.seed_numbers[0][0]],
                       'allowedOrigins': [host_origin]}).encode()
    request = urllib.request.Request(frame_origin + '/v1/embed/sessions', data=body, method='POST',
                                     headers={'x-api-key': Settings.api_key, 'content-type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())['token']


def progress(what):
    print('%s: done after %.0f s' % (what, time.monotonic() - STARTED), flush=True)


def rotated(i):
    return LIBS[i % len(LIBS):] + LIBS[:i % len(LIBS)]


def stats(values):
    quartiles = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    return {'median': statistics.median(values), 'p25': quartiles[0], 'p75': quartiles[2],
            'min': min(values), 'max': max(values), 'n': len(values)}


class Bench:
    def __init__(self, browser, host, frames, token):
        self.browser = browser
        self.host = host          # origin of the host pages
        self.frames = frames      # lib -> origin of its frame
        self.token = token

    def host_page(self, lib):
        context = self.browser.new_context()
        page = context.new_page()
        page.set_default_timeout(20000)
        page.goto('%s/host.html?lib=%s&frame=%s' % (self.host, lib, self.frames[lib]))
        page.evaluate('bench.loaded')
        return context, page

    def block(self, lib, pings):
        """One page: init -> ready once, then `pings` round trips."""
        context, page = self.host_page(lib)
        try:
            ready = page.evaluate('opts => bench.connect(opts)', {'token': self.token})
            if lib == 'sdk':
                chat = next((f for f in page.frames if is_chat_url(PROFILE, f.url)), None)
                if chat is None:
                    raise RuntimeError('sdk: ready, but no chat frame found in ' + str([f.url for f in page.frames]))
                in_frame(chat, SDK_ECHO)
            trips = page.evaluate('([w, n, b]) => bench.pings(w, n, b)', [PING_WARMUP, pings, PING_BATCH])
            page.evaluate('bench.close()')
            return ready, trips
        finally:
            context.close()

    def eval_ms(self, source):
        page = self.browser.new_page()
        try:
            page.goto(self.host + '/blank.html')
            return page.evaluate("""(source) => {
                const script = document.createElement('script');
                script.textContent = source;
                const t0 = performance.now();
                document.head.appendChild(script);
                return performance.now() - t0;
            }""", source)
        finally:
            page.close()

    def heap_growth(self, lib, cycles):
        context, page = self.host_page(lib)
        try:
            cdp = context.new_cdp_session(page)

            def used_after_gc():
                for _ in range(3):   # repeated: objects freed by one pass can release more in the next
                    cdp.send('HeapProfiler.collectGarbage')
                return cdp.send('Runtime.getHeapUsage')['usedSize']

            opts = {'token': self.token}
            page.evaluate('([n, opts]) => bench.cycles(n, opts)', [HEAP_WARMUP, opts])
            before = used_after_gc()
            left = page.evaluate('([n, opts]) => bench.cycles(n, opts)', [cycles, opts])
            if left:
                raise RuntimeError('%s left %d iframes after destroy(): its adapter is broken' % (lib, left))
            return used_after_gc() - before
        finally:
            context.close()


def browser_measures(args):
    from playwright.sync_api import sync_playwright
    if not os.path.isfile(conftest.CHROMIUM):
        raise SystemExit('Chromium not found at %s (apt-get install -y chromium)' % conftest.CHROMIUM)
    sources = {}
    for lib, path in EVAL_SOURCES.items():
        with open(path) as f:
            sources[lib] = f.read()
    results = {name: {lib: [] for lib in LIBS} for name in ('ready_ms', 'round_trip_ms', 'eval_ms', 'heap_bytes')}
    with contextlib.ExitStack() as stack:   # closed in reverse: browser, Playwright, static servers, dev server
        servers = conftest.start_server(PROFILE)
        stack.callback(conftest.stop_server, servers)
        host = start_static(stack, '127.0.0.2')
        static_frame = start_static(stack, '127.0.0.1')
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=conftest.CHROMIUM, args=conftest.CHROMIUM_ARGS)
        stack.callback(browser.close)
        # One token for the whole run (15 min lifetime), minted outside every clock.
        bench = Bench(browser, host, {'raw': static_frame, 'penpal': static_frame, 'sdk': servers.frame},
                      mint_token(servers.frame, host))
        for lib in LIBS:   # warm-up round (servers, caches of the OS), not kept
            bench.block(lib, 1)
        for i in range(args.runs):
            for lib in rotated(i):
                ready, trips = bench.block(lib, args.pings)
                results['ready_ms'][lib].append(ready)
                results['round_trip_ms'][lib].extend(trips)
        progress('init -> ready and round trips')
        for i in range(args.runs):
            for lib in rotated(i):
                results['eval_ms'][lib].append(bench.eval_ms(sources[lib]))
        progress('evaluation')
        for i in range(args.heap_reps):
            for lib in rotated(i):
                results['heap_bytes'][lib].append(bench.heap_growth(lib, args.cycles))
        progress('heap')
        version = browser.version
    return {name: {lib: stats(values) for lib, values in per_lib.items()} for name, per_lib in results.items()}, version


def consumer_sizes():
    """Each entry bundled as a consumer would: the SDK through its package name
    (node_modules/@pilot-status/embed -> this repo, resolved by its exports),
    the others from this repo's node_modules."""
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, 'node_modules', '@pilot-status'))
        os.symlink(ROOT, os.path.join(tmp, 'node_modules', '@pilot-status', 'embed'))
        env = dict(os.environ, NODE_PATH=os.path.join(ROOT, 'node_modules'))
        for i, (name, source) in enumerate(CONSUMER_BUNDLES):
            entry, out = os.path.join(tmp, 'entry%d.mjs' % i), os.path.join(tmp, 'out%d.js' % i)
            with open(entry, 'w') as f:
                f.write(source)
            subprocess.run([ESBUILD, entry, '--bundle', '--minify', '--format=esm', '--platform=browser',
                            '--external:react', '--log-level=error', '--outfile=' + out],
                           cwd=tmp, env=env, check=True, timeout=60)
            with open(out, 'rb') as f:
                code = f.read()
            sizes[name] = {'min': len(code), 'gzip': len(gzip.compress(code, compresslevel=9, mtime=0)),
                           'brotli': len(brotli.compress(code, quality=11))}
    return sizes


def package_version(path):
    with open(os.path.join(path, 'package.json')) as f:
        return json.load(f)['version']


def machine_info(chromium, load):
    cpu = 'unknown'
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    return {'cpu': cpu, 'cores': os.cpu_count(), 'chromium': chromium, 'load_before': round(load, 2),
            'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
            'versions': {name: package_version(os.path.join(ROOT, 'node_modules', name))
                         for name in ('penpal', '@intercom/messenger-js-sdk', 'crisp-sdk-web')},
            'sdk': package_version(ROOT),
            'esbuild': subprocess.run([ESBUILD, '--version'], capture_output=True, text=True,
                                      timeout=30).stdout.strip()}


def markdown(report, args):
    m, timing, sizes = report['machine'], report['browser'], report['bundles']

    def ratio(row, lib):
        return '%.2f' % (row[lib]['median'] / row['raw']['median'])

    lines = ['# SDK vs raw postMessage vs Penpal', '',
             '%s, %d cores (load average %.2f before the run); Chromium %s; %s. SDK %s; %s; esbuild %s.' % (
                 m['cpu'], m['cores'], m['load_before'], m['chromium'], m['date'], m['sdk'],
                 ', '.join('%s %s' % item for item in m['versions'].items()), m['esbuild']), '',
             'Medians of %d blocks per library (init -> ready), %d x %d samples (round trip: each the mean of %d '
             'back-to-back round trips), %d fresh pages (evaluation); libraries take turns in a rotating order. '
             'Heap: growth after forced GC over %d connect/destroy cycles, median of %d. Every frame is cross-site '
             'to its page (out of process). Generated by `bench/compare.py`; its docstring says what each row '
             'includes.' % (args.runs, args.runs, args.pings, PING_BATCH, args.runs, args.cycles, args.heap_reps),
             '',
             '| metric | %s | %s | %s | sdk/raw | penpal/raw |' % tuple(LABELS[lib] for lib in LIBS),
             '|---|---:|---:|---:|---:|---:|']
    for key, title in (('ready_ms', 'init -> ready (ms)'), ('round_trip_ms', 'round trip host -> frame -> host (ms)'),
                       ('eval_ms', 'script evaluation (ms)')):
        row = timing[key]
        lines.append('| %s | %.3f | %.3f | %.3f | %s | %s |' % (
            title, row['raw']['median'], row['sdk']['median'], row['penpal']['median'],
            ratio(row, 'sdk'), ratio(row, 'penpal')))
    heap = timing['heap_bytes']
    lines.append('| JS heap growth over %d cycles (KB) | %s | - | - |' % (
        args.cycles, ' | '.join('%.1f' % (heap[lib]['median'] / 1024) for lib in LIBS)))
    lines += ['', '## Consumer bundles (esbuild --bundle --minify --format=esm, React external)', '',
              '| import | min (B) | gzip -9 (B) | brotli 11 (B) |', '|---|---:|---:|---:|']
    for name, s in sizes.items():
        lines.append('| `%s` | %d | %d | %d |' % (name, s['min'], s['gzip'], s['brotli']))
    lines += ['', 'The Intercom and Crisp packages are loaders: they fetch their widget script at run time '
              '(not counted here). The SDK entries contain the whole client.']
    return '\n'.join(lines) + '\n'


def chart(report, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    timing, sizes, m = report['browser'], report['bundles'], report['machine']
    colors = {'raw': '#7f7f7f', 'sdk': '#1f77b4', 'penpal': '#ff7f0e'}
    fig = plt.figure(figsize=(14, 8), constrained_layout=True)
    grid = fig.add_gridspec(2, 4)
    panels = [('ready_ms', 'init -> ready (ms)', 1), ('round_trip_ms', 'round trip (ms)', 1),
              ('eval_ms', 'script evaluation (ms)', 1),
              ('heap_bytes', 'heap growth, %d cycles (KB)' % report['settings']['cycles'], 1 / 1024)]
    for i, (key, title, scale) in enumerate(panels):
        ax = fig.add_subplot(grid[0, i])
        medians = [timing[key][lib]['median'] * scale for lib in LIBS]
        # Error bars: the interquartile range.
        low = [(timing[key][lib]['median'] - timing[key][lib]['p25']) * scale for lib in LIBS]
        high = [(timing[key][lib]['p75'] - timing[key][lib]['median']) * scale for lib in LIBS]
        ax.bar(LIBS, medians, yerr=[low, high], capsize=4, color=[colors[lib] for lib in LIBS])
        ax.set_title(title)
    ax = fig.add_subplot(grid[1, :])
    names = list(sizes)
    ax.barh(names, [sizes[n]['gzip'] / 1024 for n in names], color='#1f77b4', label='gzip -9')
    ax.barh(names, [sizes[n]['brotli'] / 1024 for n in names], color='#aec7e8', label='brotli 11', height=0.4)
    ax.invert_yaxis()
    ax.set_xlabel('KB')
    ax.set_title('consumer bundles (esbuild --minify, ESM, React external)')
    ax.legend()
    fig.suptitle('%s, %d cores; Chromium %s; %s (medians, IQR bars)' % (m['cpu'], m['cores'], m['chromium'],
                                                                        m['date']))
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--runs', type=int, default=30, help='blocks per library (init -> ready, evaluation)')
    parser.add_argument('--pings', type=int, default=20,
                        help='round-trip samples kept per block (each the mean of %d)' % PING_BATCH)
    parser.add_argument('--cycles', type=int, default=1000, help='connect/destroy cycles per heap measurement')
    parser.add_argument('--heap-reps', type=int, default=1,
                        help='heap measurements per library (each takes ~20 s: every cycle starts a cross-site frame)')
    args = parser.parse_args(argv)
    if not os.path.isfile(EVAL_SOURCES['sdk']):
        raise SystemExit('dist/embed.js is missing: run `.venv/bin/python build.py --all` first')
    load = os.getloadavg()[0]   # other work on the machine widens the spread (the ratios hold better)
    bundles = consumer_sizes()
    progress('consumer bundles')
    timing, chromium = browser_measures(args)
    report = {'machine': machine_info(chromium, load), 'browser': timing, 'bundles': bundles, 'settings': vars(args)}
    os.makedirs(REPORTS, exist_ok=True)
    with open(os.path.join(REPORTS, 'compare.json'), 'w') as f:
        json.dump(report, f, indent=2)
    table = markdown(report, args)
    with open(os.path.join(REPORTS, 'compare.md'), 'w') as f:
        f.write(table)
    chart(report, os.path.join(REPORTS, 'compare.png'))
    print(table)
    print('written: reports/compare.md, reports/compare.json, reports/compare.png')
    return 0


if __name__ == '__main__':
    sys.exit(main())
