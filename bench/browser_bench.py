"""Browser benchmark (a report, never a test assertion): medians of N runs in
headless Chromium against the dev server, host page and frame on two origins.

    .venv/bin/python bench/browser_bench.py [--runs 30]

Measures
- init_to_ready_ms: PilotStatus.init() until the `ready` event (iframe load,
  chat page + frame kit boot, origin verification with the server, handshake);
  the token is minted before the clock starts.
- round_trip_ms: sendMessage() on the host until the frame's `message` (role
  user) event is back on the host: host -> frame -> chat page -> host.
- embed_eval_ms: parse + evaluation of dist/embed.js as an inline script in a
  fresh page (no network).
Writes build/bench/browser.json and prints a table.
"""
import argparse
import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'browser'))

import conftest  # noqa: E402  (the browser tests' server and Chromium helpers)
from sdk_src.profiles import DEFAULT_PROFILE, PROFILES  # noqa: E402


def summary(values):
    return {'median': round(statistics.median(values), 2), 'min': round(min(values), 2),
            'max': round(max(values), 2), 'runs': len(values)}


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument('--runs', type=int, default=30)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright
    servers = conftest.start_server(PROFILES[DEFAULT_PROFILE])
    results = {'init_to_ready_ms': [], 'round_trip_ms': [], 'embed_eval_ms': []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=conftest.CHROMIUM, args=conftest.CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(servers.page('host.html') + '?frame=' + servers.frame)
            for _ in range(args.runs):
                timing = page.evaluate("""async (frame) => {
                    const token = await mint();
                    return await new Promise((resolve) => {
                        const t0 = performance.now();
                        const off = PilotStatus.on('ready', () => {
                            const ready = performance.now() - t0;
                            const t1 = performance.now();
                            const offMessage = PilotStatus.on('message', (m) => {
                                if (m.role !== 'user') return;
                                offMessage();
                                resolve([ready, performance.now() - t1]);
                            });
                            PilotStatus.sendMessage('ping');
                        });
                        PilotStatus.init({token, baseUrl: frame});
                    });
                }""", servers.frame)
                results['init_to_ready_ms'].append(timing[0])
                results['round_trip_ms'].append(timing[1])
                page.evaluate('PilotStatus.destroy()')
            with open(os.path.join(ROOT, 'dist', 'embed.js')) as f:
                source = f.read()
            for _ in range(args.runs):
                fresh = browser.new_page()
                fresh.goto(servers.page('spy.html'))
                results['embed_eval_ms'].append(fresh.evaluate("""(source) => {
                    const script = document.createElement('script');
                    script.textContent = source;
                    const t0 = performance.now();
                    document.head.appendChild(script);
                    return performance.now() - t0;
                }""", source))
                fresh.close()
            browser.close()
    finally:
        conftest.stop_server(servers)
    report = {name: summary(values) for name, values in results.items()}
    out_dir = os.path.join(ROOT, 'build', 'bench')
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, 'browser.json'), 'w') as f:
        json.dump(report, f, indent=2)
    print('%-18s %8s %8s %8s %5s' % ('metric', 'median', 'min', 'max', 'runs'))
    for name, s in report.items():
        print('%-18s %8.2f %8.2f %8.2f %5d' % (name, s['median'], s['min'], s['max'], s['runs']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
