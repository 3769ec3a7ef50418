"""What each loading strategy costs a host page before the visitor touches the
chat, side by side in one headless Chromium (a report, never a test).

    .venv/bin/python bench/loading.py            # defaults: --runs 7 --quiet-ms 4000 (~2 min)

The sample page, bench/pages/loading-host.html?strategy=..., is a small shop
page; "none" is that page without the widget, the others load embed.js as the
README's script tag does and call init({loading: strategy}). The page is served
from 127.0.0.2 and the dev server's chat frame from 127.0.0.1, so the frame is
cross-site and runs out of process, as in production. Every run is a fresh
browser context (empty cache); strategies take turns in a rotating order.

Measured from navigation until `--quiet-ms` after the page's load event (long
enough for "idle" to have loaded the chat, which is the point of comparing it):
- requests and bytes (bodies as sent + response headers, every frame of the
  page; WebSocket frames not included; neither server here compresses, so the
  bytes are uncompressed sizes), and how many of them went to the chat origin;
- host page main thread: Chromium's TaskDuration and ScriptDuration of the
  page's renderer (CDP Performance.getMetrics) and its total blocking time
  (long tasks beyond 50 ms), which is what page-speed audits charge the host;
The chat frame's own main thread runs in another process and is not counted
(nor is it by page-speed audits of the host page).
Then the cost moves to the interaction: open() until the chat is ready and
open (what "interaction" trades for the savings above).
Writes reports/loading.md and reports/loading.json (reports/ is not committed).
"""
import argparse
import contextlib
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'browser'))

import compare  # noqa: E402  (static server, token minting, the browser tests' dev server helpers)
from compare import REPORTS, conftest, is_chat_url, mint_token, start_static  # noqa: E402

PROFILE = compare.PROFILE
STRATEGIES = ['none', 'eager', 'idle', 'interaction']
LABELS = {'none': 'no widget (baseline)', 'eager': 'eager', 'idle': 'idle', 'interaction': 'interaction'}
METRICS = [
    ('requests', 'requests', '%.0f'),
    ('chat_requests', 'requests to the chat origin', '%.0f'),
    ('kb', 'KB fetched', '%.1f'),
    ('host_task_ms', 'host main thread, all tasks (ms)', '%.0f'),
    ('host_script_ms', 'host main thread, script (ms)', '%.0f'),
    ('host_tbt_ms', 'host total blocking time (ms)', '%.0f'),
    ('open_ms', 'open() until the chat is ready and open (ms)', '%.0f'),
]


def cdp_metrics(session):
    return {m['name']: m['value'] for m in session.send('Performance.getMetrics')['metrics']}


def one_run(browser, host, frame, token, strategy, quiet_ms):
    context = browser.new_context(viewport={'width': 1280, 'height': 800})
    try:
        context.add_init_script('window.__BENCH_TOKEN = %s;' % json.dumps(token))
        finished = []

        def record(request):
            try:
                finished.append((request.url, request.sizes()))
            except Exception:   # finished while the context was closing (after the measured window)
                pass
        context.on('requestfinished', record)
        page = context.new_page()
        page.set_default_timeout(20000)
        cdp = context.new_cdp_session(page)
        cdp.send('Performance.enable')
        page.goto('%s/loading-host.html?strategy=%s&frame=%s' % (host, strategy, frame), wait_until='load')
        page.wait_for_timeout(quiet_ms)
        host_metrics = cdp_metrics(cdp)
        long_tasks = page.evaluate('window.__longTasks')
        chat = next((f for f in page.frames if is_chat_url(PROFILE, f.url)), None)
        if strategy == 'eager' and chat is None:
            raise RuntimeError('eager: no chat frame after the quiet window')
        if strategy == 'interaction' and chat is not None:
            raise RuntimeError('interaction: the chat frame loaded without any interaction')
        result = {
            'requests': len(finished),
            'chat_requests': sum(1 for url, _ in finished if url.startswith(frame)),
            'kb': sum(s['responseBodySize'] + s['responseHeadersSize'] for _, s in finished) / 1024,
            'host_task_ms': host_metrics['TaskDuration'] * 1000,
            'host_script_ms': host_metrics['ScriptDuration'] * 1000,
            'host_tbt_ms': sum(max(0, d - 50) for d in long_tasks),
            'open_ms': None,
        }
        if strategy != 'none':
            result['open_ms'] = page.evaluate("""() => new Promise((resolve, reject) => {
                const t0 = performance.now();
                const seen = () => ['ready', 'open'].every((n) => window.__events.some((e) => e[0] === n));
                const check = () => {
                    if (window.__events.some((e) => e[0] === 'error')) reject(new Error('error event'));
                    else if (seen()) resolve(performance.now() - t0);
                    else if (performance.now() - t0 > 15000) reject(new Error('not ready within 15 s'));
                    else setTimeout(check, 5);
                };
                window.PilotStatus.open();
                check();
            })""")
        return result
    finally:
        context.close()


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def markdown(summary, args, chromium):
    lines = ['# Loading strategies: cost before interaction', '',
             'Sample host page bench/pages/loading-host.html, %d runs per strategy (medians), one headless Chromium '
             '%s, %d ms after the load event; %s.' % (args.runs, chromium, args.quiet_ms,
                                                       time.strftime('%Y-%m-%d')), '',
             '| | ' + ' | '.join(LABELS[s] for s in STRATEGIES) + ' |',
             '|---|' + '---:|' * len(STRATEGIES)]
    for key, label, fmt in METRICS:
        cells = []
        for s in STRATEGIES:
            value = summary[s][key]
            cells.append('n/a' if value is None else fmt % value)
        lines.append('| %s | %s |' % (label, ' | '.join(cells)))
    return '\n'.join(lines) + '\n'


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--runs', type=int, default=7, help='page loads per strategy')
    parser.add_argument('--quiet-ms', type=int, default=4000, help='how long after the load event is measured')
    args = parser.parse_args(argv)
    if not os.path.isfile(compare.EVAL_SOURCES['sdk']):
        raise SystemExit('dist/embed.js is missing: run `.venv/bin/python build.py --all` first')
    from playwright.sync_api import sync_playwright
    runs = {s: [] for s in STRATEGIES}
    with contextlib.ExitStack() as stack:
        servers = conftest.start_server(PROFILE)
        stack.callback(conftest.stop_server, servers)
        host = start_static(stack, '127.0.0.2')
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=conftest.CHROMIUM, args=conftest.CHROMIUM_ARGS)
        stack.callback(browser.close)
        chromium = browser.version
        token = mint_token(servers.frame, host)
        for s in STRATEGIES:   # warm-up (servers, OS caches), not kept
            one_run(browser, host, servers.frame, token, s, 500)
        for i in range(args.runs):
            for s in STRATEGIES[i % len(STRATEGIES):] + STRATEGIES[:i % len(STRATEGIES)]:
                runs[s].append(one_run(browser, host, servers.frame, token, s, args.quiet_ms))
            print('run %d/%d done' % (i + 1, args.runs), flush=True)
    summary = {s: {key: median([r[key] for r in runs[s]]) for key, _, _ in METRICS} for s in STRATEGIES}
    os.makedirs(REPORTS, exist_ok=True)
    with open(os.path.join(REPORTS, 'loading.json'), 'w') as f:
        json.dump({'summary': summary, 'runs': runs, 'settings': vars(args), 'chromium': chromium,
                   'load_average': os.getloadavg()[0]}, f, indent=2)
    table = markdown(summary, args, chromium)
    with open(os.path.join(REPORTS, 'loading.md'), 'w') as f:
        f.write(table)
    print(table)
    print('written: reports/loading.md, reports/loading.json')
    return 0


if __name__ == '__main__':
    sys.exit(main())
