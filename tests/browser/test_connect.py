"""connect() in a real browser: the dev server's Connect page, paired with its button.
Script-tag pages get connect() from connect.js, a second script next to embed.js."""
from browser_helpers import wait_true


def load_connect_script(page):
    page.evaluate("""() => new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = '/connect.js';
        script.onload = resolve;
        script.onerror = () => reject(new Error('connect.js did not load'));
        document.head.appendChild(script);
    })""")


def test_connect_without_connect_js_says_which_script_to_add(probe, servers):
    probe.page.goto(servers.page('host.html') + '?frame=' + servers.frame)
    error = probe.page.evaluate("""() => {
        try { SDK.connect({pairingToken: 'pt_1', container: '#chat'}); return null; }
        catch (e) { return {name: e.name, code: e.code, message: e.message, isError: e instanceof Error}; }
    }""")
    assert error is not None and error['isError'] and error['name'] == 'StateError'
    assert error['code'] == 'not-initialized' and 'connect.js' in error['message']
    assert probe.page.evaluate('document.querySelectorAll("#chat iframe").length') == 0
    load_connect_script(probe.page)
    assert probe.page.evaluate("typeof SDK.connect({pairingToken: 'pt_1', container: '#chat'}).destroy") == 'function'


def test_connect_page_pairs_and_reports(probe, servers):
    probe.page.goto(servers.page('host.html') + '?frame=' + servers.frame)
    load_connect_script(probe.page)
    probe.page.evaluate("""async () => {
        const pairing = await (await fetch('/api/pairing', {method: 'POST'})).json();
        window.__connect = [];
        const handle = SDK.connect({pairingUrl: pairing.pairingUrl, container: '#chat', theme: 'dark'});
        ['ready', 'resize', 'connect:paired', 'connect:expired', 'error'].forEach(name =>
            handle.on(name, p => window.__connect.push([name, p === undefined ? null : p])));
        window.__handle = handle;
    }""")
    probe.page.wait_for_function('__connect.some(e => e[0] === "ready")')
    frame = next(f for f in probe.page.frames if '/connect?' in f.url)
    assert 'parentOrigin=' in frame.url and 'pairingToken=' in frame.url
    wait_true(frame, 'document.documentElement.dataset.theme === "dark"')
    frame.click('#pair')
    probe.page.wait_for_function('__connect.some(e => e[0] === "connect:paired")')
    paired = probe.page.evaluate('__connect.find(e => e[0] === "connect:paired")[1]')
    assert paired == {'whatsappNumberId': 'num_1'}
    assert probe.page.evaluate('__handle.isReady()') is True
    probe.page.evaluate('__handle.destroy()')
    assert probe.page.evaluate('document.querySelectorAll("#chat iframe").length') == 0
    assert probe.errors == []


def test_connect_with_an_unknown_token_reports_an_error(probe, servers):
    probe.page.goto(servers.page('host.html') + '?frame=' + servers.frame)
    load_connect_script(probe.page)
    probe.page.evaluate("""frame => {
        window.__connect = [];
        const handle = SDK.connect({pairingToken: 'pt_unknown', baseUrl: frame, container: '#chat'});
        handle.on('error', p => window.__connect.push(p));
    }""", servers.frame)
    probe.page.wait_for_function('__connect.length === 1')
    assert probe.page.evaluate('__connect[0].code') == 'pairing-invalid'
