"""The SDK on host pages with a strict Content-Security-Policy and Trusted Types:
exactly the directives the README's "Strict pages" section lists, nothing more
(`default-src 'none'` underneath), nonces for the page's own scripts, no
`unsafe-inline` anywhere, `require-trusted-types-for 'script'` with no policy
allowed at all.

Each page states its policy in the URL (`csp=`, honoured only for test pages
whose `.csp` file says `from-query`; devkit/pages.py puts a fresh nonce in both
header and page). Every directive is shown to be necessary: the same page with
it removed fails in the way that directive guards, reported as a
`securitypolicyviolation` event (positive controls). Headless with a Turnstile
site key is the one case that needs a Trusted Types policy, the SDK's own
(`<profile id>-embed`): shown working with it allowed and refused without it. The page's token is minted
by the test and handed in before load, so the page itself needs no
connect-src for its own backend.
"""
import json
import urllib.parse
import urllib.request

import pytest
from browser_helpers import PUBLIC_INBOX, poll

NONCE = "'nonce-{nonce}'"


def widget_policy(servers, drop=()):
    """The README's list for the widget: the origin serving embed.js, the chat frame's origin."""
    directives = {
        'default-src': "'none'",
        'script-src': NONCE + ' ' + servers.host,        # the host's nonce + the SDK's origin
        'frame-src': servers.frame,
        'style-src': NONCE,                              # strict: no 'unsafe-inline'
        'require-trusted-types-for': "'script'",
        'trusted-types': "'none'",
        'base-uri': "'none'",
    }
    return directives_text(directives, drop)


def headless_policy(servers, drop=(), connect=None):
    directives = {
        'default-src': "'none'",
        'script-src': NONCE + ' ' + servers.host,
        'connect-src': connect if connect is not None else api_sources(servers),
        'style-src': NONCE,
        'require-trusted-types-for': "'script'",
        'trusted-types': "'none'",
        'base-uri': "'none'",
    }
    return directives_text(directives, drop)


def api_sources(servers):
    """connect-src for the headless client: the API origin for REST and its ws: twin (wss: in production)."""
    return servers.frame + ' ' + servers.frame.replace('http://', 'ws://', 1)


def directives_text(directives, drop):
    return '; '.join(name + ' ' + value for name, value in directives.items() if name not in drop)


def widget_config(servers, profile):
    cfg = {'baseUrl': servers.frame}
    if profile['requiresToken']:
        body = json.dumps({'allowedOrigins': [servers.host]}).encode()
        request = urllib.request.Request(servers.host + '/api/token', data=body, method='POST',
                                         headers={'content-type': 'application/json'})
        with urllib.request.urlopen(request, timeout=5) as response:
            cfg['token'] = json.loads(response.read())['token']
    else:
        cfg['inboxId'] = PUBLIC_INBOX
    return cfg


def open_strict(probe, servers, page, policy, cfg):
    probe.page.add_init_script('window.__cfg = ' + json.dumps(cfg) + ';')
    response = probe.page.goto(servers.page(page) + '?frame=' + urllib.parse.quote(servers.frame, safe='')
                               + '&csp=' + urllib.parse.quote(policy, safe=''))
    header = response.headers['content-security-policy']
    nonce = header.split("'nonce-", 1)[1].split("'", 1)[0]
    assert len(nonce) >= 16
    assert header == policy.replace('{nonce}', nonce)        # exactly the stated policy, a real nonce in it
    return header


def on_origin(url, origin):
    """Chromium reports a cross-origin blocked URL as its origin alone, a same-origin one in full."""
    return url == origin or url.startswith(origin + '/')


def violations(probe):
    return probe.page.evaluate('window.__violations || []')


def frame_size(probe):
    return probe.page.eval_on_selector('iframe', 'e => [Math.round(e.getBoundingClientRect().width), '
                                                 'Math.round(e.getBoundingClientRect().height)]')


@pytest.mark.parametrize('page', ['csp-widget.html', 'csp-async.html'])
def test_widget_round_trip_under_exactly_the_listed_directives(probe, servers, page):
    policy = widget_policy(servers)
    open_strict(probe, servers, page, policy, widget_config(servers, probe.profile))
    poll(probe, 'count("ready") === 1')
    poll(probe, 'count("open") === 1')
    # sendMessage went to the frame and the (dev) agent's reply came back as a host event.
    poll(probe, '__events.filter(e => e.name === "message" && e.payload.role === "ai").length >= 1', 15)
    assert frame_size(probe) == [460, 750]           # styled through CSSOM: no style attribute string needed
    assert probe.page.eval_on_selector('iframe', 'e => e.style.getPropertyPriority("width")') == 'important'
    assert violations(probe) == []
    assert not any('Content Security Policy' in text or 'TrustedScript' in text for _, text in probe.console)
    assert probe.errors == []


def test_controls_the_policy_really_blocks_inline_styles_and_trusted_types_sinks(probe, servers):
    """Positive controls on the same page: the two things the SDK must not do are blocked there."""
    open_strict(probe, servers, 'csp-widget.html', widget_policy(servers), widget_config(servers, probe.profile))
    poll(probe, 'count("ready") === 1')
    outcome = probe.page.evaluate('''() => {
        const out = {};
        try { document.body.innerHTML = '<b>markup</b>'; out.innerHTML = 'assigned'; }
        catch (e) { out.innerHTML = e.name; }
        try { const s = document.createElement('script'); s.src = '/t/csp-probe.js'; out.scriptSrc = 'assigned'; }
        catch (e) { out.scriptSrc = e.name; }
        const div = document.createElement('div');
        div.setAttribute('style', 'width: 123px');
        document.documentElement.appendChild(div);
        out.styleAttribute = div.getBoundingClientRect().width === 123 ? 'applied' : 'blocked';
        return out;
    }''')
    assert outcome == {'innerHTML': 'TypeError', 'scriptSrc': 'TypeError', 'styleAttribute': 'blocked'}
    poll(probe, 'window.__violations.some(v => v.directive === "style-src-attr")')
    directives = {v['directive'] for v in violations(probe)}
    assert directives == {'require-trusted-types-for', 'style-src-attr'}


@pytest.mark.parametrize('page', ['csp-widget.html', 'csp-async.html'])
def test_without_the_sdk_origin_in_script_src_the_sdk_is_blocked(probe, servers, page):
    policy = widget_policy(servers).replace(' ' + servers.host, '')
    assert servers.host not in policy
    open_strict(probe, servers, page, policy, widget_config(servers, probe.profile))
    poll(probe, 'window.__violations.some(v => v.blocked.endsWith("/embed.js"))')
    blocked = [v for v in violations(probe) if v['blocked'].endswith('/embed.js')]
    assert blocked[0]['directive'] == 'script-src-elem'
    # Only the async stub (if any) is there: the real SDK never arrived.
    assert probe.page.evaluate('typeof SDK === "undefined" || typeof SDK.version !== "string"')


def test_without_frame_src_the_chat_frame_is_blocked(probe, servers):
    policy = widget_policy(servers, drop=('frame-src',))
    open_strict(probe, servers, 'csp-widget.html', policy, widget_config(servers, probe.profile))
    poll(probe, 'window.__violations.some(v => v.directive === "frame-src")')
    blocked = [v['blocked'] for v in violations(probe) if v['directive'] == 'frame-src']
    assert on_origin(blocked[0], servers.frame), blocked
    assert probe.page.evaluate('count("ready")') == 0


def start_headless(probe, servers, policy, **options):
    cfg = dict({'inboxId': 'inbox_demo', 'apiBase': servers.frame}, **options)
    open_strict(probe, servers, 'csp-headless.html', policy, cfg)
    poll(probe, 'window.headlessReady === true')
    # Not awaited: where the policy blocks the API, the promise rejects and the test reads the violation.
    probe.page.evaluate('() => { const p = client.sendMessage("hello from a strict page"); '
                        'if (p && p.catch) p.catch(() => {}); }')


def test_headless_works_with_exactly_the_listed_connect_src(probe, servers):
    start_headless(probe, servers, headless_policy(servers))
    poll(probe, 'client.getState().connectionStatus === "connected"', 15)
    poll(probe, '(() => { const s = client.getState(); return !s.isLoading && '
                's.messages.some(m => m.role !== "user" && m.id !== "greeting" && !m.isLoading); })()', 15)
    assert violations(probe) == []
    assert probe.errors == []


@pytest.mark.parametrize('missing', ['connect-src', 'ws-source'])
def test_headless_without_its_connect_sources_is_blocked(probe, servers, missing):
    if missing == 'connect-src':
        policy = headless_policy(servers, drop=('connect-src',))
        expected = servers.frame
    else:
        policy = headless_policy(servers, connect=servers.frame)      # REST allowed, the socket not
        expected = servers.frame.replace('http://', 'ws://', 1)
    start_headless(probe, servers, policy)
    poll(probe, 'window.__violations.some(v => v.directive === "connect-src")', 15)
    blocked = [v['blocked'] for v in violations(probe) if v['directive'] == 'connect-src']
    assert any(on_origin(url, expected) for url in blocked), blocked


def tt_policy_name(profile):
    """The Trusted Types policy the headless client creates for the Turnstile script (README: Strict pages)."""
    return profile['id'] + '-embed'


def start_headless_with_turnstile(probe, servers, trusted_types):
    """Headless with a bot check on a page enforcing Trusted Types; the Turnstile script is a local stand-in."""
    policy = headless_policy(servers).replace("trusted-types 'none'", 'trusted-types ' + trusted_types)
    assert 'trusted-types ' + trusted_types in policy and "require-trusted-types-for 'script'" in policy
    start_headless(probe, servers, policy, turnstileSiteKey='strict-site-key',
                   turnstileScriptUrl=servers.page('csp-turnstile.js'))


def test_headless_turnstile_under_trusted_types_with_the_sdk_policy_allowed(probe, servers):
    start_headless_with_turnstile(probe, servers, tt_policy_name(probe.profile))
    poll(probe, 'client.getState().connectionStatus === "connected"', 15)
    assert probe.page.evaluate('window.turnstileRenders') == ['strict-site-key']
    poll(probe, '(() => { const s = client.getState(); return !s.isLoading && '
                's.messages.some(m => m.role !== "user" && m.id !== "greeting" && !m.isLoading); })()', 15)
    assert violations(probe) == []
    assert probe.errors == []
    # The page's own scripts still cannot assign a plain string to a script's src (the policy is the SDK's).
    outcome = probe.page.evaluate('''() => {
        try { document.createElement('script').src = '/t/csp-probe.js'; return 'assigned'; }
        catch (e) { return e.name; }
    }''')
    assert outcome == 'TypeError'


def test_headless_turnstile_is_blocked_when_the_policy_is_not_allowed(probe, servers):
    """Positive control: the same page with `trusted-types 'none'` refuses the policy and the script."""
    start_headless_with_turnstile(probe, servers, "'none'")
    poll(probe, 'client.getState().errorCode === "bot-check"', 15)
    state = probe.page.evaluate('client.getState()')
    assert tt_policy_name(probe.profile) in state['error'] and 'trusted-types' in state['error'], state['error']
    assert state['session'] is None
    assert probe.page.evaluate('typeof window.turnstile') == 'undefined'       # the stand-in never loaded
    directives = {v['directive'] for v in violations(probe)}
    assert directives == {'trusted-types', 'require-trusted-types-for'}, violations(probe)
