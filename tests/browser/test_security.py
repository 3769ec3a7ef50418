"""Adversarial cases of /work/shared/SECURITY-CASES.md that need real windows:
who may talk to whom across the host page, the chat frame and impostor frames
(look-alike origins, same-origin twins, popups, "null" origins), junk and floods
from the real frame, markup in payloads, and where the chat token may appear.

The host page runs on 127.0.0.1:<host port>, the chat frame on
127.0.0.1:<frame port>. Chromium resolves `localhost` and `*.localhost` to the
loopback interface, so the same dev server also answers as look-alike origins
such as http://127.0.0.1.evil.localhost:<frame port>.
"""

import json

import pytest
from browser_helpers import (wait_true, ENV, chat_url, enc, in_frame, sdk_console, sdk_frame, sdk_frame_selector, start,
                             wait_active, wait_in, with_source)
from playwright.sync_api import Error as PlaywrightError

# JavaScript for evaluate() (ENV: browser_helpers; with_source() fills in __SOURCE__).
# Every frame -> parent message type, forged with valid payloads.
FORGED = ENV + """
const forged = [env('ready', {}), env('message', {role: 'ai', content: 'forged'}), env('open', {}),
  env('close', {}), env('resize', {height: 555}), env('chat:unread-count', {count: 42}),
  env('chat:conversation-opened', {conversationId: 'conv_forged'}), env('session-expired', {}),
  env('error', {code: 'forged', message: 'forged'})];
"""
FORGED_COUNT = 9
# Records every message the host page receives (origin, envelope type), installed
# before the SDK so the test can prove that the impostors' messages did arrive.
HEAR = """() => {
    window.__heard = [];
    window.addEventListener('message', e => window.__heard.push(
        [e.origin, e.data && typeof e.data === 'object' && !Array.isArray(e.data) ? String(e.data.type) : null]));
}"""
# Records every message a frame receives.
RECORD = "() => { window.__got = []; window.addEventListener('message', e => window.__got.push(e.data)); }"




def frame_port(servers):
    return servers.frame.rsplit(':', 1)[1]


def own_chat_url(probe, servers, parent=None, extra=''):
    return chat_url(probe.profile, servers.frame, parent or servers.host, extra)


def open_host(probe, servers, page='host.html'):
    probe.page.goto(servers.page(page) + '?frame=' + servers.frame)
    probe.page.evaluate(HEAR)






def add_iframe(probe, ident, src=None, srcdoc=None, sandbox=None):
    probe.page.evaluate("""([id, src, srcdoc, sandbox]) => {
        const f = document.createElement('iframe');
        f.id = id;
        if (sandbox !== null) f.setAttribute('sandbox', sandbox);
        if (srcdoc !== null) f.srcdoc = srcdoc; else f.src = src;
        document.body.appendChild(f);
    }""", [ident, src, srcdoc, sandbox])
    return probe.page.wait_for_selector('#' + ident, state='attached').content_frame()






def heard(probe, origin):
    return probe.page.evaluate('o => __heard.filter(h => h[0] === o).length', origin)


def wait_heard(probe, origin, n, kind=None):
    probe.page.wait_for_function('([o, n, t]) => __heard.filter(h => h[0] === o && (t === null || h[1] === t))'
                                 '.length >= n', arg=[origin, n, kind], timeout=8000)


def event_names(probe, since=0):
    return probe.page.evaluate('i => __events.slice(i).map(e => e.name)', since)




def silence(chat):
    """Stop the chat page's frame kit, so that its own resize reports (the prompt bar
    follows the page's height) do not mix with the messages the test posts."""
    in_frame(chat, 'KIT.stop()')


def post_real_message(probe, chat, host):
    chat.evaluate('o => { ' + with_source(probe.profile, ENV) + " parent.postMessage(env('message', {role: 'ai', "
                  "content: 'real'}), o); }", host)


def forge_all(profile, frame, target, origin):
    """Post every forged message type from `frame` to `target` ('parent' or 'opener')."""
    frame.evaluate('([target, origin]) => { ' + with_source(profile, FORGED) + """
        const w = target === 'opener' ? window.opener : window.parent;
        forged.forEach(m => w.postMessage(m, origin)); }""", [target, origin])


# ---- 1 / 3: wrong origin in the SDK's own frame window ------------------------------------------

DATA_DOC = ('<!doctype html><title>opaque</title><script>window.__got = []; '
            'addEventListener("message", function (e) { window.__got.push(e.data); });</script>')


def impostor(kind, profile, servers):
    """(url, origin) of a document that takes the place of the chat page."""
    port = frame_port(servers)
    if kind == 'look-alike':
        origin = 'http://127.0.0.1.evil.localhost:' + port
        return chat_url(profile, origin, servers.host), origin
    if kind == 'localhost':
        origin = 'http://localhost:' + port
        return chat_url(profile, origin, servers.host), origin
    if kind == 'host-origin':
        return servers.page('spy.html'), servers.host
    return 'data:text/html,' + enc(DATA_DOC), 'null'


@pytest.mark.parametrize('kind', ['look-alike', 'localhost', 'host-origin', 'null-data'])
def test_ready_from_another_origin_in_the_sdk_frame_is_ignored(probe, servers, kind):
    # The SDK's iframe is navigated away before the chat page loads: the window is
    # the SDK's own (the source check passes), only the origin check can stop it.
    url, origin = impostor(kind, probe.profile, servers)
    open_host(probe, servers)
    probe.page.evaluate("""async url => {
        await startWidget({handshakeTimeout: 30000});
        const f = document.querySelector('iframe');
        window.__realSrc = f.src;
        f.src = url;
    }""", url)
    frame = sdk_frame(probe)
    if kind in ('look-alike', 'localhost'):
        # The real chat page on a look-alike origin: its kit posts `ready` by itself.
        wait_in(frame, 'KIT && KIT.getState() === "waiting"')
    else:
        wait_in(frame, 'Array.isArray(window.__got || window.__received)')
    frame.evaluate(RECORD)
    frame.evaluate('() => { ' + with_source(probe.profile, ENV) + " parent.postMessage(env('ready', {}), '*'); }")
    wait_heard(probe, origin, 2 if kind in ('look-alike', 'localhost') else 1, 'ready')
    probe.page.wait_for_timeout(300)
    assert probe.page.evaluate('SDK.isReady()') is False
    assert event_names(probe) == []
    # No `init` (nor anything else) reached the impostor.
    assert frame.evaluate('window.__got') == []
    if kind in ('look-alike', 'localhost'):
        assert in_frame(frame, 'KIT.getState()') == 'waiting'
    if kind == 'host-origin':
        assert frame.evaluate('window.__received') == []
    # The real chat page answers in the same window: now the handshake completes.
    probe.page.evaluate('() => { document.querySelector("iframe").src = window.__realSrc; }')
    probe.page.wait_for_function('count("ready") === 1')
    assert probe.page.evaluate('SDK.isReady()') is True
    wait_active(probe)
    assert probe.errors == []


# ---- 2: right origin, wrong window -------------------------------------------------------------

def test_right_origin_wrong_window_is_ignored(probe, servers):
    open_host(probe, servers)
    # The SDK's frame is kept blank, so during the handshake nothing but the twins talks.
    probe.page.evaluate("""async () => {
        await startWidget({handshakeTimeout: 30000});
        const f = document.querySelector('iframe');
        window.__realSrc = f.src;
        f.src = 'about:blank';
    }""")
    # A second chat page of the frame origin (same origin, another window) and a
    # host-origin iframe; both post every message type, `ready` included.
    twin = add_iframe(probe, 'twin', src=own_chat_url(probe, servers, extra='&twin=1'))
    wait_in(twin, 'KIT && KIT.getState() === "waiting"')
    twin.evaluate(RECORD)
    sibling = add_iframe(probe, 'sibling', src=servers.page('spy.html'))
    wait_in(sibling, 'Array.isArray(window.__received)')
    forge_all(probe.profile, twin, 'parent', servers.host)
    forge_all(probe.profile, sibling, 'parent', '*')
    wait_heard(probe, servers.frame, FORGED_COUNT + 1)      # + the twin kit's own `ready`
    wait_heard(probe, servers.host, FORGED_COUNT)
    probe.page.wait_for_timeout(200)
    assert probe.page.evaluate('SDK.isReady()') is False
    assert event_names(probe) == []
    assert in_frame(twin, 'KIT.getState()') == 'waiting'
    assert twin.evaluate('window.__got') == []
    assert sibling.evaluate('window.__received') == []

    # Handshake with the real frame, then the twins try again.
    probe.page.evaluate('() => { document.querySelector("iframe").src = window.__realSrc; }')
    probe.page.wait_for_function('count("ready") === 1')
    chat = wait_active(probe)
    probe.page.wait_for_timeout(200)
    since = probe.page.evaluate('__events.length')
    frame_heard, host_heard = heard(probe, servers.frame), heard(probe, servers.host)
    forge_all(probe.profile, twin, 'parent', servers.host)
    forge_all(probe.profile, sibling, 'parent', '*')
    wait_heard(probe, servers.frame, frame_heard + FORGED_COUNT)
    wait_heard(probe, servers.host, host_heard + FORGED_COUNT)
    # The real frame still gets through (and its message is processed after the forgeries).
    post_real_message(probe, chat, servers.host)
    probe.page.wait_for_function('i => __events.slice(i).some(e => e.name === "message")', arg=since)
    probe.page.wait_for_timeout(100)
    events = probe.page.evaluate('i => __events.slice(i)', since)
    others = [e for e in events if not (e['name'] == 'resize' and e['payload']['height'] != 555)]
    assert [(e['name'], e['payload']) for e in others] == [('message', {'role': 'ai', 'content': 'real'})]
    assert probe.page.evaluate('count("ready")') == 1
    assert twin.evaluate('window.__got') == []
    assert probe.errors == []


def test_popup_of_the_frame_origin_is_ignored(probe, servers):
    open_host(probe, servers)
    start(probe)
    chat = wait_active(probe)
    probe.page.wait_for_timeout(200)
    since = probe.page.evaluate('__events.length')
    with probe.page.context.expect_page() as info:
        probe.page.evaluate('url => { window.__popup = window.open(url); }', servers.frame + '/frame.js')
    popup = info.value
    popup.wait_for_load_state()
    assert popup.evaluate('location.origin') == servers.frame
    forge_all(probe.profile, popup.main_frame, 'opener', servers.host)
    wait_heard(probe, servers.frame, FORGED_COUNT)
    post_real_message(probe, chat, servers.host)
    probe.page.wait_for_function('i => __events.slice(i).some(e => e.name === "message")', arg=since)
    probe.page.wait_for_timeout(100)
    events = probe.page.evaluate('i => __events.slice(i)', since)
    others = [e for e in events if not (e['name'] == 'resize' and e['payload']['height'] != 555)]
    assert [(e['name'], e['payload']) for e in others] == [('message', {'role': 'ai', 'content': 'real'})]
    assert probe.errors == []


# ---- 3: "null" origins ---------------------------------------------------------------------------

NULL_DOC = ('<!doctype html><script>var env = function (type, payload) { return {source: "__SOURCE__", '
            'v: 1, type: type, payload: payload}; }; [env("ready", {}), env("message", {role: "ai", content: '
            '"forged"}), env("open", {}), env("close", {}), env("resize", {height: 555}), '
            'env("chat:unread-count", {count: 42}), env("chat:conversation-opened", {conversationId: "conv_x"}), '
            'env("session-expired", {}), env("error", {code: "forged", message: "forged"})]'
            '.forEach(function (m) { parent.postMessage(m, "*"); });</script>')


def add_null_frames(probe, suffix):
    add_iframe(probe, 'sandboxed-' + suffix, srcdoc=with_source(probe.profile, NULL_DOC), sandbox='allow-scripts')
    add_iframe(probe, 'data-' + suffix, src='data:text/html,' + enc(with_source(probe.profile, NULL_DOC)))


def test_null_origin_frames_are_ignored(probe, servers):
    open_host(probe, servers)
    probe.page.evaluate("""async () => {
        await startWidget({handshakeTimeout: 30000});
        const f = document.querySelector('iframe');
        window.__realSrc = f.src;
        f.src = 'about:blank';
    }""")
    add_null_frames(probe, 'loading')
    wait_heard(probe, 'null', 2 * FORGED_COUNT)
    probe.page.wait_for_timeout(200)
    assert probe.page.evaluate('SDK.isReady()') is False
    assert event_names(probe) == []

    probe.page.evaluate('() => { document.querySelector("iframe").src = window.__realSrc; }')
    probe.page.wait_for_function('count("ready") === 1')
    chat = wait_active(probe)
    probe.page.wait_for_timeout(200)
    since = probe.page.evaluate('__events.length')
    add_null_frames(probe, 'ready')
    wait_heard(probe, 'null', 4 * FORGED_COUNT)
    post_real_message(probe, chat, servers.host)
    probe.page.wait_for_function('i => __events.slice(i).some(e => e.name === "message")', arg=since)
    probe.page.wait_for_timeout(100)
    events = probe.page.evaluate('i => __events.slice(i)', since)
    others = [e for e in events if not (e['name'] == 'resize' and e['payload']['height'] != 555)]
    assert [(e['name'], e['payload']) for e in others] == [('message', {'role': 'ai', 'content': 'real'})]
    assert probe.page.evaluate('count("ready")') == 1
    assert probe.errors == []


# ---- 5: config ------------------------------------------------------------------------------------

@pytest.mark.parametrize('base', ['http://127.0.0.1.evil.localhost:{port}', 'http://chat.localhost:{port}',
                                  'http://user:pw@127.0.0.1:{port}', 'javascript:alert(1)//',
                                  'data:text/html,hi', '//127.0.0.1:{port}', 'ftp://127.0.0.1:{port}'])
def test_base_url_that_is_not_https_or_loopback_is_refused(probe, servers, base):
    open_host(probe, servers)
    result = probe.page.evaluate("""async base => {
        const given = {...(await credentials()), baseUrl: base};
        try { SDK.init(given); return 'accepted'; }
        catch (e) { return [e.name, e.code]; }
    }""", base.format(port=frame_port(servers)))
    assert result == ['ConfigError', 'invalid-config']
    assert probe.page.evaluate('document.querySelectorAll("iframe").length') == 0


# ---- 6-9: junk from the real chat frame -------------------------------------------------------------

JUNK = ENV + """
const S = '__SOURCE__';
const big = 'x'.repeat(5 * 1024 * 1024);
let deep = {};
for (let i = 0; i < 3000; i++) deep = {a: deep};
const manyKeys = {};
for (let i = 0; i < 100000; i++) manyKeys['k' + i] = i;
const junk = [
  // not envelopes
  'ready', JSON.stringify(env('message', {role: 'ai', content: 'as json text'})), null, undefined, 0, 42, NaN,
  true, [], [env('message', {role: 'ai', content: 'in an array'})], {}, big, deep, manyKeys,
  new Date(), /ready/, new ArrayBuffer(16), new Blob(['x']), new Map([['source', S]]),
  {type: 'message', payload: {role: 'ai', content: 'no source'}},
  {source: 'react-devtools-bridge', payload: {event: 'x'}}, {type: 'webpackOk'},
  // wrong source
  Object.assign(env('message', {role: 'ai', content: 'upper'}), {source: S.toUpperCase()}),
  Object.assign(env('message', {role: 'ai', content: 'space'}), {source: S + ' '}),
  Object.assign(env('message', {role: 'ai', content: 'prefix'}), {source: S + '-evil'}),
  Object.assign(env('message', {role: 'ai', content: 'array'}), {source: [S]}),
  Object.assign(env('message', {role: 'ai', content: 'obj'}), {source: {toString: null, value: S}}),
  JSON.parse('{"__proto__": {"source": "__SOURCE__", "v": 1, "type": "open", "payload": {}}}'),
  // unknown types
  env('hack', {}), env('__proto__', {}), env('constructor', {}), env('toString', {}), env('hasOwnProperty', {}),
  env('init', {token: 'x', locale: 'en', theme: 'dark', open: true, options: {}}), env('set-theme', {theme: 'dark'}),
  env('x'.repeat(65), {}), env(big, {}), env(42, {}), env(null, {}), env(['message'], {role: 'ai', content: 'arr'}),
  env('MESSAGE', {role: 'ai', content: 'case'}), env(' message', {role: 'ai', content: 'pad'}),
  // bad payloads
  env('message', undefined), env('message', null), env('message', 'ai: hi'), env('message', []),
  env('message', {role: 'system', content: 'sys'}), env('message', {role: 'ai'}), env('message', {content: 'x'}),
  env('message', {role: 'ai', content: 5}), env('message', {role: 'ai', content: big}),
  env('message', {role: 'ai', content: 'y'.repeat(10001)}), env('message', {role: ['ai'], content: 'x'}),
  JSON.parse('{"source": "__SOURCE__", "v": 1, "type": "message", '
             + '"payload": {"__proto__": {"polluted": "yes"}, "role": "root", "content": "proto"}}'),
  env('resize', {height: NaN}), env('resize', {height: -1}), env('resize', {height: -Infinity}),
  env('resize', {height: Infinity}), env('resize', {height: '100'}), env('resize', {height: null}),
  env('resize', {height: [100]}), env('resize', {height: true}), env('resize', {}), env('resize', 100),
  env('resize', deep),
  env('chat:unread-count', {count: -1}), env('chat:unread-count', {count: 1.5}),
  env('chat:unread-count', {count: NaN}), env('chat:unread-count', {count: '3'}),
  env('chat:unread-count', {count: Infinity}), env('chat:unread-count', {}),
  env('chat:conversation-opened', {conversationId: ''}), env('chat:conversation-opened', {conversationId: 5}),
  env('chat:conversation-opened', {conversationId: 'c'.repeat(201)}), env('chat:conversation-opened', {}),
  env('error', {code: 'x'}), env('error', {message: 5}), env('error', {message: big}),
  env('error', {message: 'm', code: 'c'.repeat(65)}), env('error', {message: 'm', code: 7}),
  env('open', 'yes'), env('open', []), env('close', 5), env('session-expired', 'now'), env('ready', 'again'),
];
"""
BAD_VERSIONS = ENV + """
const badVersions = [2, '1', 0, null, 1.5, NaN, [1], {v: 1}].map(v =>
  Object.assign(env('message', {role: 'ai', content: 'bad v'}), {v: v}));
const noV = env('message', {role: 'ai', content: 'no v'});
delete noV.v;
badVersions.push(noV);
"""


def post_valid_markers(profile, chat, origin, content, height, count):
    chat.evaluate(with_source(profile, '([o, content, height, count]) => { ' + ENV + """
        parent.postMessage(JSON.parse('{"source": "__SOURCE__", "v": 1, "type": "message", '
            + '"payload": {"__proto__": {"polluted": "yes"}, "role": "ai", "content": ' + JSON.stringify(content)
            + '}}'), o);
        parent.postMessage(env('resize', {height: height}), o);
        parent.postMessage(env('chat:unread-count', {count: count}), o);
    }"""), [origin, content, height, count])


def test_junk_from_the_real_frame_is_ignored_and_later_messages_work(probe, servers):
    open_host(probe, servers)
    start(probe, {'mode': 'prompt-input'})
    chat = wait_active(probe)
    silence(chat)
    probe.page.wait_for_timeout(300)
    since = probe.page.evaluate('__events.length')
    sent = chat.evaluate('o => { ' + with_source(probe.profile, JUNK) + """
        let sent = 0;
        for (const item of junk) {
          try { parent.postMessage(item, o); sent++; } catch (e) { /* not cloneable: never reaches the SDK */ }
        }
        return [sent, junk.length]; }""", servers.host)
    assert sent[0] == sent[1], sent
    post_valid_markers(probe.profile, chat, servers.host, 'after junk', 321, 7)
    probe.page.wait_for_function('i => __events.slice(i).some(e => e.name === "message")', arg=since)
    probe.page.wait_for_function('last("unread-count") && last("unread-count").count === 7')
    probe.page.wait_for_function('last("resize") && last("resize").height === 321')
    events = probe.page.evaluate('i => __events.slice(i)', since)
    messages = [e['payload'] for e in events if e['name'] == 'message']
    assert messages == [{'role': 'ai', 'content': 'after junk'}]
    assert [e['payload'] for e in events if e['name'] == 'unread-count'] == [{'count': 7}]
    for e in events:
        if e['name'] == 'resize':
            assert isinstance(e['payload']['height'], int) and 0 <= e['payload']['height'] <= 10000
    assert {e['name'] for e in events} <= {'message', 'resize', 'unread-count'}
    # Raw values never reached the layout: the prompt bar is exactly the last valid height.
    assert probe.page.eval_on_selector('iframe', 'e => e.style.height') == '321px'
    assert probe.page.evaluate('({}).polluted === undefined && Object.prototype.polluted === undefined')
    assert probe.page.evaluate('SDK.isReady()') is True
    assert sdk_console(probe, 'error') == []
    assert probe.errors == []


def test_out_of_range_values_are_clamped(probe, servers):
    open_host(probe, servers)
    start(probe, {'mode': 'prompt-input'})
    chat = wait_active(probe)
    silence(chat)
    probe.page.wait_for_timeout(200)
    chat.evaluate('o => { ' + with_source(probe.profile, ENV) + """
        parent.postMessage(env('resize', {height: 1e12}), o);
        parent.postMessage(env('chat:unread-count', {count: 1e12}), o); }""", servers.host)
    probe.page.wait_for_function('last("resize") && last("resize").height === 10000')
    probe.page.wait_for_function('last("unread-count") && last("unread-count").count === 99999')
    assert probe.page.eval_on_selector('iframe', 'e => e.style.height') == '10000px'
    chat.evaluate(with_source(probe.profile, 'o => { ' + ENV + " parent.postMessage(env('resize', {height: 250.4}), "
                                                 "o); }"), servers.host)
    probe.page.wait_for_function('last("resize").height !== 10000')
    height = probe.page.evaluate('last("resize").height')
    assert height == 250
    assert probe.page.eval_on_selector('iframe', 'e => e.style.height') == '%dpx' % height


def test_wrong_protocol_version_warns_once_per_instance(probe, servers):
    open_host(probe, servers)
    start(probe)
    chat = wait_active(probe)
    since = probe.page.evaluate('__events.length')
    for _ in range(3):
        chat.evaluate('o => { ' + with_source(probe.profile, BAD_VERSIONS)
                      + ' badVersions.forEach(m => parent.postMessage(m, o)); }',
                      servers.host)
    post_valid_markers(probe.profile, chat, servers.host, 'v1 still works', 333, 3)
    probe.page.wait_for_function('i => __events.slice(i).some(e => e.name === "message")', arg=since)
    messages = probe.page.evaluate('i => __events.slice(i).filter(e => e.name === "message").map(e => e.payload)',
                                   since)
    assert messages == [{'role': 'ai', 'content': 'v1 still works'}]
    warnings = [text for text in sdk_console(probe, 'warning') if 'version' in text]
    assert len(warnings) == 1, warnings
    # A new instance (destroy + init) warns again, once.
    probe.page.evaluate('SDK.destroy(); __events.length = 0')
    start(probe)
    chat = wait_active(probe)
    for _ in range(2):
        chat.evaluate('o => { ' + with_source(probe.profile, BAD_VERSIONS)
                      + ' badVersions.forEach(m => parent.postMessage(m, o)); }',
                      servers.host)
    post_valid_markers(probe.profile, chat, servers.host, 'second instance', 334, 4)
    probe.page.wait_for_function('__events.some(e => e.name === "message")')
    warnings = [text for text in sdk_console(probe, 'warning') if 'version' in text]
    assert len(warnings) == 2, warnings
    assert probe.errors == []


# ---- 10: floods ----------------------------------------------------------------------------------

def test_flood_of_resize_and_unread_messages_is_coalesced(probe, servers):
    open_host(probe, servers)
    start(probe, {'mode': 'prompt-input'})
    chat = wait_active(probe)
    silence(chat)
    probe.page.wait_for_timeout(300)
    since = probe.page.evaluate('__events.length')
    chat.evaluate('o => { ' + with_source(probe.profile, ENV) + """
        for (let i = 0; i < 10000; i++) {
          parent.postMessage(env('resize', {height: 100 + (i % 5000)}), o);
          parent.postMessage(env('chat:unread-count', {count: i}), o);
        } }""", servers.host)
    # last value wins: 100 + 9999 % 5000 = 5099, count 9999
    probe.page.wait_for_function('last("resize") && last("resize").height === 5099', timeout=20000)
    probe.page.wait_for_function('last("unread-count") && last("unread-count").count === 9999', timeout=20000)
    probe.page.wait_for_timeout(200)
    names = event_names(probe, since)
    assert 1 <= names.count('resize') < 100, names.count('resize')
    assert 1 <= names.count('unread-count') < 100, names.count('unread-count')
    assert set(names) <= {'resize', 'unread-count'}
    assert probe.page.evaluate('last("resize").height') == 5099
    assert probe.page.eval_on_selector('iframe', 'e => e.style.height') == '5099px'
    # Still responsive and consistent afterwards.
    post_valid_markers(probe.profile, chat, servers.host, 'after flood', 222, 1)
    probe.page.wait_for_function('last("resize").height === 222 && last("unread-count").count === 1')
    assert probe.errors == []


# ---- 11: payload strings are data -------------------------------------------------------------------

MARKUP = ['<img src=x onerror="window.__pwned = 1">', '<script>window.__pwned = 2</script>',
          '"><svg onload="window.__pwned = 3">', 'javascript:window.__pwned = 4']


def test_payload_strings_are_data(probe, servers):
    open_host(probe, servers)
    start(probe)
    chat = wait_active(probe)
    before = probe.page.evaluate('document.body.innerHTML')
    requests_before = len(probe.requests)
    chat.evaluate('([o, markup]) => { ' + with_source(probe.profile, ENV) + """
        markup.forEach(m => {
          parent.postMessage(env('message', {role: 'ai', content: m}), o);
          parent.postMessage(env('error', {code: 'x', message: m}), o);
        });
        parent.postMessage(env('chat:conversation-opened', {conversationId: markup[0]}), o); }""",
                  [servers.host, MARKUP])
    probe.page.wait_for_function('count("conversation-opened") === 1')
    probe.page.wait_for_timeout(300)
    assert [p['content'] for p in probe.page.evaluate('__events.filter(e => e.name === "message")'
                                                      '.map(e => e.payload)')] == MARKUP
    assert [p['message'] for p in probe.page.evaluate('__events.filter(e => e.name === "error")'
                                                      '.map(e => e.payload)')] == MARKUP
    assert probe.page.evaluate('last("conversation-opened").conversationId') == MARKUP[0]
    assert probe.page.evaluate('window.__pwned') is None
    assert probe.page.evaluate('document.querySelectorAll("img, svg, script:not([src])").length') == 0
    assert probe.page.evaluate('document.body.innerHTML') == before
    assert probe.page.url.startswith(servers.page('host.html'))
    new_urls = [url for url, _ in probe.requests[requests_before:]]
    assert not any(url.endswith('/x') for url in new_urls), new_urls
    # And the other way round: markup sent by the host is text inside the frame.
    probe.page.evaluate('m => { SDK.open(); SDK.sendMessage(m); }', MARKUP[0])
    chat.wait_for_selector('li.user')
    assert chat.locator('li.user').first.inner_text() == MARKUP[0]
    assert chat.evaluate('document.querySelectorAll("#messages img, #messages svg").length') == 0
    assert chat.evaluate('window.__pwned') is None
    assert probe.errors == []


# ---- 17: frame side ---------------------------------------------------------------------------------

# A perfect `init` (builds that take no chat token get none: `token` is null).
INIT_JS = ENV + "const init = token => env('init', Object.assign(token === null ? {} : {token: token}, " \
                "{locale: 'en', theme: 'dark', open: true, options: {}}));"


def parent_token(probe):
    """A valid chat token for the host origin, or None for builds that take none."""
    return probe.page.evaluate('async () => await mint()') if probe.profile['requiresToken'] else None


def manual_chat(probe, servers, parent=None):
    """The chat page embedded by hand (no SDK): it says `ready` and waits for `init`."""
    chat = add_iframe(probe, 'chat-frame', src=own_chat_url(probe, servers, parent))
    wait_in(chat, 'KIT && KIT.getState() === "waiting"')
    return chat


FROM = "() => { window.__from = []; window.addEventListener('message', e => window.__from.push(e.origin)); }"


def verify_requests(probe):
    return [url for url, _ in probe.requests if '/v1/embed/verify-origin' in url or '/api/widget/' in url]


def test_frame_ignores_init_from_a_sibling_window_of_the_parent_origin(probe, servers):
    open_host(probe, servers)
    token = parent_token(probe)
    chat = manual_chat(probe, servers)
    chat.evaluate(FROM)
    # Right origin (the host's), wrong window: a sibling iframe of the host origin.
    sibling = add_iframe(probe, 'sibling', src=servers.page('spy.html'))
    wait_in(sibling, 'Array.isArray(window.__received)')
    sibling.evaluate('([token, frameOrigin]) => { ' + with_source(probe.profile, INIT_JS) + """
        const byIndex = window.parent.frames[0];
        const byId = window.top.document.getElementById('chat-frame').contentWindow;
        if (byIndex !== byId) throw new Error('frame order');
        byIndex.postMessage(init(token), frameOrigin);
        byId.postMessage(init(token), '*'); }""", [token, servers.frame])
    # Wrong origin and wrong window: a sandboxed ("null") sibling and a look-alike of the host.
    null_doc = with_source(probe.profile, '<script>' + INIT_JS + ' parent.frames[0].postMessage(init(%s), "*");'
                                          '</script>' % json.dumps(token))
    add_iframe(probe, 'null-sibling', srcdoc=null_doc, sandbox='allow-scripts')
    lookalike_origin = 'http://localhost:' + servers.host.rsplit(':', 1)[1]
    lookalike = add_iframe(probe, 'lookalike', src=lookalike_origin + '/t/spy.html')
    wait_in(lookalike, 'Array.isArray(window.__received)')
    lookalike.evaluate('([token, frameOrigin]) => { ' + with_source(probe.profile, INIT_JS) + """
        window.parent.frames[0].postMessage(init(token), frameOrigin); }""", [token, servers.frame])
    wait_in(chat, 'window.__from.length >= 4')     # every forged init was delivered
    assert sorted(set(chat.evaluate('window.__from'))) == sorted({servers.host, 'null', lookalike_origin})
    probe.page.wait_for_timeout(300)
    assert in_frame(chat, 'KIT.getState()') == 'waiting'
    assert in_frame(chat, 'KIT.getToken()') is None
    assert chat.evaluate('document.getElementById("app").hidden') is True
    assert verify_requests(probe) == []
    # Control: the same envelope from the real parent window is accepted.
    probe.page.evaluate('([token, frameOrigin]) => { ' + with_source(probe.profile, INIT_JS) + """
        document.getElementById('chat-frame').contentWindow.postMessage(init(token), frameOrigin); }""",
                        [token, servers.frame])
    wait_in(chat, 'KIT.getState() === "active"')
    assert chat.evaluate('document.getElementById("app").hidden') is False


def test_frame_ignores_init_from_its_parent_on_another_origin(probe, servers):
    # The frame was told its parent is http://localhost:<host port>; the real parent
    # (127.0.0.1:<host port>) posts a perfect init with a valid token: ignored.
    open_host(probe, servers)
    token = parent_token(probe)
    chat = manual_chat(probe, servers, parent='http://localhost:' + servers.host.rsplit(':', 1)[1])
    chat.evaluate(FROM)
    probe.page.evaluate('([token, frameOrigin]) => { ' + with_source(probe.profile, INIT_JS) + """
        const w = document.getElementById('chat-frame').contentWindow;
        w.postMessage(init(token), frameOrigin);
        w.postMessage(init(token), '*'); }""", [token, servers.frame])
    wait_in(chat, 'window.__from.length >= 2')
    probe.page.wait_for_timeout(300)
    assert in_frame(chat, 'KIT.getState()') == 'waiting'
    assert chat.evaluate('document.getElementById("app").hidden') is True
    assert verify_requests(probe) == []


def test_frame_ignores_commands_from_a_sibling_window(probe, servers):
    open_host(probe, servers)
    start(probe, {'theme': 'light'})
    chat = wait_active(probe)
    wait_true(chat, 'document.documentElement.dataset.theme === "light"')
    chat.evaluate(FROM)
    sibling = add_iframe(probe, 'sibling', src=servers.page('spy.html'))
    wait_in(sibling, 'Array.isArray(window.__received)')
    sibling.evaluate('([frameOrigin, selector]) => { ' + with_source(probe.profile, ENV) + """
        const w = window.top.document.querySelector(selector).contentWindow;
        [env('set-theme', {theme: 'dark'}), env('set-locale', {locale: 'pt-BR'}), env('open', {}),
         env('sendMessage', {text: 'forged by a sibling'}), env('setQuestions', {questions: ['Forged?']}),
         env('set-token', {token: 'forged.token.value'})].forEach(m => w.postMessage(m, frameOrigin)); }""",
                     [servers.frame, sdk_frame_selector(probe)])
    wait_in(chat, 'window.__from.length >= 6')
    probe.page.wait_for_timeout(300)
    assert chat.evaluate('document.documentElement.dataset.theme') == 'light'
    assert chat.evaluate('document.documentElement.lang') != 'pt-BR'
    assert chat.evaluate('document.getElementById("panel").hidden') is True
    assert chat.evaluate('document.querySelectorAll("#messages li, #questions button").length') == 0
    assert in_frame(chat, 'KIT.getState()') == 'active'
    assert probe.page.evaluate('count("message")') == 0
    assert [url for url in verify_requests(probe) if '/api/widget/' in url] == []


@pytest.mark.token
def test_host_not_in_the_tokens_allowed_origins_gets_nothing(probe, servers):
    open_host(probe, servers)
    probe.page.evaluate("""async () => {
        const token = await mint({allowedOrigins: ['http://127.0.0.1:9']});
        track();
        SDK.init({token, baseUrl: FRAME});
    }""")
    probe.page.wait_for_function('count("error") >= 1')
    chat = sdk_frame(probe)
    wait_in(chat, 'KIT.getState() === "rejected"')
    assert probe.page.evaluate('__events.filter(e => e.name === "error").map(e => e.payload.code)') == \
        ['origin-not-allowed']
    assert in_frame(chat, 'KIT.getToken()') is None
    assert in_frame(chat, 'KIT.getScope()') is None
    ui = chat.evaluate("""() => ({panel: document.getElementById('panel').hidden,
        bubble: document.getElementById('bubble').hidden, status: document.getElementById('status').textContent,
        input: document.getElementById('input').offsetParent !== null})""")
    assert ui['panel'] is True and ui['bubble'] is True and ui['input'] is False
    assert 'origin-not-allowed' in ui['status']
    # The host keeps using the API: nothing reaches the chat backend.
    probe.page.evaluate('SDK.open(); SDK.sendMessage("hello?"); '
                        'SDK.updateContact({name: "Jane"})')
    probe.page.wait_for_timeout(500)
    assert [url for url in verify_requests(probe) if '/api/widget/' in url] == []
    assert probe.page.evaluate('count("message")') == 0
    assert chat.evaluate('document.querySelectorAll("#messages li").length') == 0
    assert in_frame(chat, 'KIT.getState()') == 'rejected'


# ---- 18: the token ------------------------------------------------------------------------------

def storage_dump(frame):
    return frame.evaluate("""() => {
        const out = [];
        for (const s of [localStorage, sessionStorage]) {
          for (let i = 0; i < s.length; i++) { const k = s.key(i); out.push(k + '=' + s.getItem(k)); }
        }
        return out.join('\\n');
    }""")


@pytest.mark.token
def test_token_appears_nowhere_but_memory(probe, servers):
    sockets = []
    probe.page.on('websocket', lambda ws: sockets.append(ws.url))
    open_host(probe, servers)
    probe.page.evaluate("""async () => {
        window.__tok = await mint();
        track();
        SDK.init({token: window.__tok, baseUrl: FRAME, user: {name: 'Ann'}});
    }""")
    probe.page.wait_for_function('count("ready") === 1')
    token = probe.page.evaluate('window.__tok')
    chat = wait_active(probe)
    probe.page.evaluate('SDK.open(); SDK.sendMessage("secret question")')
    probe.page.wait_for_function('__events.some(e => e.name === "message" && e.payload.role === "ai")')
    probe.page.evaluate('SDK.updateContact({name: "Ann B"})')
    probe.page.wait_for_timeout(300)
    # Shortly after init, the frame may have replaced the token (sliding refresh): check both.
    tokens = {token, in_frame(chat, 'KIT.getToken()')}
    assert len(token) > 40 and None not in tokens
    signature = token.rsplit('.', 1)[1]
    checks = {
        'request URL': '\n'.join(url for url, _ in probe.requests),
        'Referer': '\n'.join(referer for _, referer in probe.requests),
        'WebSocket URL': '\n'.join(sockets),
        'console': '\n'.join(text for _, text in probe.console),
        'cookie': repr(probe.page.context.cookies()),
        'host storage': storage_dump(probe.page.main_frame),
        'frame storage': storage_dump(chat),
        'iframe src': probe.page.eval_on_selector(sdk_frame_selector(probe),
                                                  'e => e.src + " " + e.name + " " + e.outerHTML'),
        'frame location': chat.evaluate('location.href + " " + document.referrer + " " + window.name'),
        'host document': probe.page.evaluate('document.documentElement.outerHTML'),
        'frame document': chat.evaluate('document.documentElement.outerHTML'),
        'host history': probe.page.evaluate('JSON.stringify(history.state) + location.href'),
    }
    assert checks['request URL'] and checks['frame storage'] is not None
    for where, text in checks.items():
        for secret in tokens | {signature}:
            assert secret not in text, 'the chat token appears in the ' + where
    assert sockets, 'the conversation WebSocket was expected'
    assert probe.errors == []


# ---- 19: frame -> parent never "*" ---------------------------------------------------------------

def test_frame_messages_of_every_kind_never_reach_another_origin_even_after_reload(probe, servers):
    open_host(probe, servers)
    chat = manual_chat(probe, servers, parent='http://127.0.0.1:9')
    # Everything the frame kit can send to its parent, plus an automatic resize.
    emit_all = """(() => {
        KIT.reportUnread(3);
        KIT.conversationOpened('conv_1');
        KIT.reportMessage('ai', 'hello');
        KIT.reportError('x', 'y');
        KIT.requestOpen();
        KIT.requestClose();
        KIT.sessionExpired();
        document.body.style.minHeight = '1234px';
    })()"""
    in_frame(chat, emit_all)
    try:
        chat.evaluate('location.reload()')
    except PlaywrightError:
        pass   # the navigation may win the race against the evaluation's answer
    wait_in(chat, 'KIT && KIT.getState() === "waiting" && '
                  'performance.getEntriesByType("navigation")[0].type === "reload"')
    in_frame(chat, emit_all)
    probe.page.wait_for_timeout(300)
    assert probe.page.evaluate('__heard') == []
