"""The SDK and the host page's built-ins (issue 9, points 5 and 7), in Chromium.

- A hostile host page (pages/hostile.html + hostile-kit.js) replaces built-ins
  BEFORE the SDK's script tag and restores nothing: Array.prototype.includes /
  indexOf / map / forEach / filter and Function.prototype.bind throw,
  Array.prototype.toJSON returns a JSON string (Prototype.js 1.6),
  Object.prototype.toJSON returns a string, JSON.stringify returns garbage (or
  throws). The whole flow must still work with the data intact (inside the chat
  frame and on the dev server), and the SDK must never call a trap. The traps are
  on the host page only: the chat frame is the product's own page. The headless
  client gets the same treatment for JSON.stringify and the toJSON methods
  (pages/hostile-headless.html).
- Loading embed.js and a full init / ready / destroy change no own property of
  the built-in constructors, their prototypes or window, except for the one SDK
  global (pages/builtins.html + builtins-snapshot.js).
- 1000 create() / init() / destroy() cycles leave no iframe, no window listener
  and no retained heap (a loose bound; bench/ reports the real figure).

Each negative check has a positive control: the flow with no trap, the traps
firing when the page itself calls them, a call made on the SDK's stack being
attributed to it, the snapshot diff seeing deliberate changes (and the SDK
global).
"""
import contextlib
import json
import time
import urllib.request

import pytest
from browser_helpers import wait_true, chat_url, sdk_console, sdk_frame, wait_in

# Every trap of pages/hostile-kit.js ('all' installs all of them, with the garbage JSON.stringify).
TRAPS = ['Array.prototype.includes', 'Array.prototype.indexOf', 'Array.prototype.map', 'Array.prototype.forEach',
         'Array.prototype.filter', 'Array.prototype.toJSON', 'Object.prototype.toJSON', 'Function.prototype.bind',
         'JSON.stringify', 'JSON.stringify-throws']
ALL = [t for t in TRAPS if t != 'JSON.stringify-throws']

# Installed in every frame before its scripts run; records what the chat frame
# receives (the raw `message` events), in frames of the frame origin only.
FRAME_RECORDER = """(() => {
    if (location.origin !== %s) return;
    window.__raw = [];
    window.addEventListener('message', (e) => window.__raw.push(e.data));
})();"""

QUESTIONS = ['First question?', 'Second, with "quotes" and <b>markup</b>?']
USER = {'name': 'Ann Hostile', 'email': 'ann@example.com', 'customAttributes': {'plan': 'pro', 'seats': '3'}}
NEW_QUESTIONS = ['Q1?', 'Q2?', 'Q3?']
CONTACT = {'name': 'Ann B', 'email': 'ann.b@example.com', 'company': 'ACME'}


def read(probe, expression):
    """The value of a page expression, encoded by the page kit (no JSON.stringify, no toJSON)."""
    return json.loads(probe.page.evaluate('__dump(%s)' % expression))


def trap_query(traps):
    return ','.join(traps)


def open_hostile(probe, servers, traps, page='hostile.html'):
    probe.page.add_init_script(FRAME_RECORDER % json.dumps(servers.frame))
    probe.page.goto(servers.page(page) + '?frame=' + servers.frame + '&traps=' + trap_query(traps))
    expected = ALL if traps == ['all'] else traps
    assert read(probe, '__installedTraps') == expected


def sdk_trap_calls(probe):
    """Calls of a trap with the SDK's script on the stack: (trap, first lines of the stack)."""
    return [(c['name'], '\n'.join(c['stack'].splitlines()[2:5])) for c in read(probe, 'sdkTrapCalls()')]


def hostile_console(probe):
    """Console lines that mention a trap or its garbage (the SDK caught and logged something)."""
    return [text for _, text in probe.console if 'hostile' in text.lower()]


def server_history(servers, session_token):
    request = urllib.request.Request(servers.frame + '/api/widget/messages?after=0',
                                     headers={'authorization': 'Bearer ' + session_token})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())['messages']


class FrameRequests:
    """The chat frame's API requests (method, path, JSON body, Authorization)."""

    def __init__(self, page):
        self.seen = []
        page.on('request', self._record)

    def _record(self, request):
        if '/api/widget/' not in request.url:
            return
        try:
            body = request.post_data_json
        except ValueError:
            body = ('not JSON', request.post_data)
        self.seen.append({'method': request.method, 'path': request.url.split('://', 1)[1].split('/', 1)[1],
                          'body': body, 'auth': request.headers.get('authorization', '')})

    def to(self, path):
        return [r for r in self.seen if r['path'].split('?', 1)[0] == path]


def wait_until(page, condition, seconds=8):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, 'timed out'
        page.wait_for_timeout(50)   # lets Playwright deliver the page's events


@contextlib.contextmanager
def explained(probe, extra=None):
    """A failure inside says what the hostile page saw (page errors, SDK console, trap calls)."""
    try:
        yield
    except Exception as error:
        details = problems(probe)
        if extra is not None:
            try:
                details.update(extra())
            except Exception as more:   # the page may be unusable by now
                details['details unavailable'] = str(more)
        raise AssertionError('%s\n  on the hostile page: %r' % (error, details)) from error


NO_PROBLEMS = {'page errors': [], 'SDK console errors': [], 'console lines about a trap': [], 'SDK calls of a trap': []}


def problems(probe):
    """Everything that must stay empty after a hostile run."""
    return {'page errors': probe.errors, 'SDK console errors': sdk_console(probe, 'error'),
            'console lines about a trap': hostile_console(probe), 'SDK calls of a trap': sdk_trap_calls(probe)}


# ---- A: the full flow on a hostile host page -------------------------------------------------------

START = """async ([questions, user, contact]) => {
    const base = await credentials();
    track();
    window.__offed = 0;
    window.__unsubscribed = 0;
    window.__kept = 0;
    const offed = () => { window.__offed++; };
    SDK.on('message', offed);
    SDK.off('message', offed);
    const unsubscribe = SDK.on('message', () => { window.__unsubscribed++; });
    if (typeof unsubscribe === 'function') unsubscribe();
    SDK.on('message', () => { window.__kept++; });
    SDK.init(Object.assign(base, {questions: questions, user: user, theme: 'dark', locale: 'en'}));
    // Queued before `ready`: flushed after the handshake.
    SDK.open();
    SDK.sendMessage('queued hello');
    SDK.updateContact(contact);
    return 'started';
}"""


def run_hostile_flow(probe, servers, traps):
    requests = FrameRequests(probe.page)
    open_hostile(probe, servers, traps)
    page = probe.page
    details = lambda: {'events': read(probe, '__events'), 'frame requests': requests.seen}  # noqa: E731
    with explained(probe, details):
        assert page.evaluate('typeof SDK === "object" && SDK !== null && typeof SDK.init === "function"'), \
            'embed.js did not define the SDK'
        assert page.evaluate(START, [QUESTIONS, USER, CONTACT]) == 'started'
        page.wait_for_function('count("ready") === 1', timeout=8000)
        chat = sdk_frame(probe)
        wait_in(chat, 'KIT && KIT.getState() === "active"')

        # After ready: setQuestions goes straight to the frame.
        page.evaluate('q => SDK.setQuestions(q)', NEW_QUESTIONS)

        # Inside the chat frame: what it received, exactly.
        wait_in(chat, 'window.__raw.some(m => m && m.type === "setQuestions")')
        received = chat.evaluate("""() => window.__raw.filter(m => m && typeof m === 'object').map(m => ({
            type: m.type, payload: m.payload,
            arrays: m.payload && typeof m.payload === 'object' ? Object.keys(m.payload).filter(
                k => Array.isArray(m.payload[k])) : []}))""")
        init = [m for m in received if m['type'] == 'init']
        assert len(init) == 1, received
        options = init[0]['payload']['options']
        assert chat.evaluate('() => Array.isArray(window.__raw.find(m => m && m.type === "init").payload.options'
                             '.questions)'), 'init options.questions did not arrive as an array: %r' % options
        assert options['questions'] == QUESTIONS, options
        assert options['user'] == USER, options
        set_questions = [m for m in received if m['type'] == 'setQuestions']
        assert [m['arrays'] for m in set_questions] == [['questions']], \
            'setQuestions did not arrive as an array: %r' % set_questions
        assert [m['payload'] for m in set_questions] == [{'questions': NEW_QUESTIONS}], set_questions
        wait_true(chat, 'document.querySelectorAll("#questions button").length === 3')
        assert chat.locator('#questions button').all_inner_texts() == NEW_QUESTIONS
        assert chat.evaluate('document.documentElement.dataset.theme') == 'dark'

        # sendMessage round trip: queued before ready, and another one after.
        page.wait_for_function('countMessages("ai") >= 1', timeout=8000)
        page.evaluate('SDK.sendMessage("after ready")')
        page.wait_for_function('countMessages("ai") >= 2', timeout=8000)
        messages = [e['payload'] for e in read(probe, '__events') if e['name'] == 'message']
        assert [m['content'] for m in messages if m['role'] == 'user'] == ['queued hello', 'after ready'], messages
        assert all(set(m) == {'role', 'content'} and isinstance(m['content'], str) for m in messages), messages
        # ... and on the dev server: the conversation holds the texts.
        sent = requests.to('api/widget/message')
        assert [r['body']['content'] for r in sent] == ['queued hello', 'after ready'], sent
        assert sent[0]['auth'].startswith('Bearer '), sent
        history = server_history(servers, sent[0]['auth'].split(' ', 1)[1])
        assert [m['content'] for m in history if m['role'] == 'user'] == ['queued hello', 'after ready'], history

        # updateContact reached the server intact (the frame's PATCH).
        wait_until(page, lambda: requests.to('api/widget/contact'))
        contact = requests.to('api/widget/contact')
        assert [r['body'] for r in contact] == [CONTACT], contact

        # on / off: the removed listeners never ran, the kept one ran for every message.
        assert read(probe, '[__offed, __unsubscribed]') == [0, 0]
        assert page.evaluate('__kept') == len(messages)

        # destroy: nothing left, and the API says so.
        page.evaluate('SDK.destroy()')
        assert page.evaluate('document.querySelectorAll("iframe").length') == 0
        assert page.evaluate('SDK.isReady()') is False
        assert read(probe, '(() => { try { SDK.open(); return null; } catch (e) { return [e.name, e.code]; } })()') \
            == ['StateError', 'not-initialized']
    assert problems(probe) == NO_PROBLEMS


@pytest.mark.parametrize('trap', ['none'] + TRAPS + ['all'])
def test_full_flow_on_a_hostile_host_page(probe, servers, trap):
    run_hostile_flow(probe, servers, [] if trap == 'none' else [trap])


# ---- positive controls of the hostile page --------------------------------------------------------

THROWING = ['Array.prototype.includes', 'Array.prototype.indexOf', 'Array.prototype.map', 'Array.prototype.forEach',
            'Array.prototype.filter', 'Function.prototype.bind']


def fire(probe, name):
    return read(probe, 'fireTrap(%s)' % json.dumps(name))


def test_control_the_traps_fire_when_the_page_calls_them(probe, servers):
    open_hostile(probe, servers, [])
    assert fire(probe, 'JSON.stringify') == ['returned', '{"a":["x"]}']
    assert [fire(probe, name)[0] for name in THROWING] == ['returned'] * len(THROWING)
    probe.page.goto(servers.page('hostile.html') + '?frame=' + servers.frame + '&traps=all')
    for name in THROWING:
        assert fire(probe, name) == ['threw', 'hostile host: %s was called' % name]
    assert fire(probe, 'JSON.stringify') == ['returned', '{"hostile":"garbage"}']
    for trap, expected in [('JSON.stringify-throws', ['threw', 'hostile host: JSON.stringify was called']),
                           ('Array.prototype.toJSON', ['returned', '{"a":"[\\"hostile array\\"]"}']),
                           ('Object.prototype.toJSON', ['returned', '"hostile object"'])]:
        probe.page.goto(servers.page('hostile.html') + '?frame=' + servers.frame + '&traps=' + trap)
        assert read(probe, '__installedTraps') == [trap]
        assert fire(probe, 'JSON.stringify') == expected, trap
    # The page's own calls are logged, and not as the SDK's.
    assert read(probe, '__trapCalls.length') >= 1 and sdk_trap_calls(probe) == []


def test_control_a_call_on_the_sdks_stack_counts_as_the_sdks(probe, servers):
    # No trap: the SDK works today. A listener that the SDK runs is on its stack, so
    # whatever it reaches is attributed to the SDK, as a trap call from the SDK would be.
    open_hostile(probe, servers, [])
    probe.page.evaluate('async () => { const base = await credentials(); track(); SDK.init(base); }')
    probe.page.wait_for_function('count("ready") === 1')
    assert sdk_trap_calls(probe) == []
    probe.page.evaluate('() => { SDK.on("open", () => __noteForControl()); SDK.open(); }')
    probe.page.wait_for_function('count("open") === 1')
    assert [name for name, _ in sdk_trap_calls(probe)] == ['control']


def test_control_the_test_tools_work_with_every_trap_installed(probe, servers):
    # Everything the flow test does through Playwright on the hostile page, on a
    # hostile page without the SDK: a failure of the flow test is the SDK's, not the tools'.
    open_hostile(probe, servers, ['all'], page='hostile-bare.html')
    page = probe.page
    assert page.evaluate('([a, b]) => [a, b]', [QUESTIONS, USER]) == [QUESTIONS, USER]
    assert page.evaluate('() => ({a: [1, 2], b: {c: "d"}})') == {'a': [1, 2], 'b': {'c': 'd'}}
    assert read(probe, '[1, {a: [2]}, "x"]') == [1, {'a': [2]}, 'x']
    page.wait_for_function('count("ready") === 0 && countMessages("ai") === 0')
    page.wait_for_function('n => window.__events.length === n', arg=0)
    page.evaluate("""([src, title]) => {
        const f = document.createElement('iframe');
        f.title = title;
        f.src = src;
        document.body.appendChild(f);
    }""", [chat_url(probe.profile, servers.frame, servers.host), probe.profile['frameTitle']])
    chat = sdk_frame(probe)
    wait_in(chat, 'KIT && KIT.getState() === "waiting"')
    assert chat.evaluate('Array.isArray(window.__raw)')
    assert page.evaluate('document.querySelectorAll("iframe").length') == 1
    page.evaluate('document.querySelector("iframe").remove()')
    # No trap was reached by any of it (nor by the page kit's own helpers).
    assert read(probe, '__trapCalls') == []
    assert probe.errors == []


# ---- A (headless): JSON.stringify and toJSON replaced, the headless client on the same page -----------

HEADLESS_TRAPS = ['none', 'JSON.stringify', 'JSON.stringify-throws', 'Array.prototype.toJSON',
                  'Object.prototype.toJSON', 'all']


@pytest.mark.parametrize('trap', HEADLESS_TRAPS)
def test_headless_client_on_a_hostile_host_page(probe, servers, trap):
    requests = FrameRequests(probe.page)
    sockets = []

    def on_socket(ws):
        record = {'url': ws.url, 'sent': [], 'received': []}
        sockets.append(record)
        ws.on('framesent', lambda payload: record['sent'].append(payload))
        ws.on('framereceived', lambda payload: record['received'].append(payload))
    probe.page.on('websocket', on_socket)
    open_hostile(probe, servers, [] if trap == 'none' else [trap], page='hostile-headless.html')
    page = probe.page
    with explained(probe, lambda: {'requests': requests.seen, 'state': read(probe, 'headlessState()'),
                                   'send': page.evaluate('window.__sendResult')}):
        page.wait_for_function('window.headlessReady === true', timeout=8000)
        page.evaluate('() => { window.__sendResult = null; client.sendMessage("hello there").then('
                      '() => { window.__sendResult = "ok"; }, (e) => { window.__sendResult = "failed: " + e; }); }')
        page.wait_for_function('window.__sendResult !== null', timeout=8000)
        assert page.evaluate('window.__sendResult') == 'ok'
        page.wait_for_function('(() => { const s = headlessState(); return s.status === "connected" && !s.loading '
                               '&& s.messages.some(m => m.role === "ai" && !m.loading); })()', timeout=8000)
        page.evaluate('() => { window.__contactResult = null; client.updateContact({name: "Ann B", email: '
                      '"ann.b@example.com"}).then(() => { window.__contactResult = "ok"; }, '
                      '(e) => { window.__contactResult = "failed: " + e; }); }')
        page.wait_for_function('window.__contactResult !== null', timeout=8000)
        assert page.evaluate('window.__contactResult') == 'ok'

        # Every request body the client sent is the JSON of the intended data.
        for request in requests.seen:
            if request['method'] in ('POST', 'PATCH', 'PUT'):
                assert isinstance(request['body'], dict) and 'hostile' not in json.dumps(request['body']), request
        sent = requests.to('api/widget/message')
        assert [r['body']['content'] for r in sent] == ['hello there'], sent
        assert isinstance(sent[0]['body'].get('clientMessageId'), str), sent
        assert [r['body'] for r in requests.to('api/widget/contact')] == \
            [{'name': 'Ann B', 'email': 'ann.b@example.com'}]

        # The server's conversation and the client's state (fed by the WebSocket's frames) agree.
        state = read(probe, 'headlessState()')
        history = server_history(servers, state['token'])
        assert [(m['role'], m['content']) for m in history][0] == ('user', 'hello there'), history
        assert [(m['id'], m['role'], m['content']) for m in state['messages']] == \
            [(m['messageId'], m['role'], m['content']) for m in history]
        assert sockets, 'the conversation WebSocket was expected'
        for frame in [f for s in sockets for f in s['sent']]:
            assert 'hostile' not in str(frame) and isinstance(json.loads(frame), dict), frame
        received = [json.loads(f) for s in sockets for f in s['received'] if isinstance(f, str)]
        assert any(isinstance(f, dict) and f.get('type') == 'message.new' for f in received), received
        page.evaluate('client.close()')
    assert problems(probe) == NO_PROBLEMS


# ---- B: zero own-property changes on the built-ins and window ---------------------------------------

def sdk_global_added(probe):
    return 'window: added "%s" (value object, enumerable)' % probe.profile['globalName']


def test_loading_embed_js_changes_no_builtin(probe, servers):
    probe.page.goto(servers.page('builtins.html') + '?frame=' + servers.frame)
    loaded = probe.page.evaluate('__diffSnapshots("before", "loaded")')
    # Positive control: the snapshot does see the SDK's own global.
    assert sdk_global_added(probe) in loaded, loaded
    others = [d for d in loaded if d != sdk_global_added(probe)]
    assert others == [], 'loading embed.js changed %d built-in properties, e.g.:\n  %s' % (
        len(others), '\n  '.join(others[:15]))
    assert probe.errors == []


def test_init_ready_destroy_change_no_builtin(probe, servers):
    page = probe.page
    page.goto(servers.page('builtins.html') + '?frame=' + servers.frame)
    page.evaluate('__takeSnapshot("start")')
    page.evaluate('cfg => startWidget(cfg)', {'questions': ['A?'], 'user': {'name': 'Ann'}})
    page.wait_for_function('count("ready") === 1')
    page.evaluate('SDK.open(); SDK.setQuestions(["B?"]); SDK.sendMessage("hi"); SDK.close()')
    page.wait_for_function('__events.some(e => e.name === "message" && e.payload.role === "ai")')
    page.evaluate('SDK.destroy()')
    assert page.evaluate('document.querySelectorAll("iframe").length') == 0
    page.evaluate('__takeSnapshot("cycled")')
    cycled = page.evaluate('__diffSnapshots("start", "cycled")')
    assert cycled == [], 'init / ready / destroy changed: %r' % cycled
    assert probe.errors == []


def test_control_the_snapshot_diff_sees_every_kind_of_change(probe, servers):
    page = probe.page
    page.goto(servers.page('builtins-control.html') + '?frame=' + servers.frame)
    assert page.evaluate('__diffSnapshots("before", "loaded")') == []
    page.evaluate("""() => {
        Object.defineProperty(Array.prototype, '__hidden__', {value() {}, writable: true, configurable: true});
        String.prototype.__visible__ = function () {};
        const get = Map.prototype.get;
        Map.prototype.get = function (k) { return get.call(this, k); };
        Object.defineProperty(Function.prototype, 'toString', {enumerable: true});
        Object.defineProperty(Object.prototype, Symbol.for('mark'), {value: 1, configurable: true});
        window.__newGlobal = 1;
        __takeSnapshot('changed');
    }""")
    assert sorted(page.evaluate('__diffSnapshots("loaded", "changed")')) == sorted([
        'Array.prototype: added "__hidden__" (value function, non-enumerable)',
        'String.prototype: added "__visible__" (value function, enumerable)',
        'Map.prototype: changed "get" (value)',
        'Function.prototype: changed "toString" (enumerable)',
        'Object.prototype: added [Symbol(mark)] (value number, non-enumerable)',
        'window: added "__newGlobal" (value number, enumerable)',
    ])


# ---- D: heap growth over 1000 create / init / destroy cycles ----------------------------------------

CYCLES = """async ([cycles, readyEvery]) => {
    const base = await credentials();
    const make = typeof SDK.create === 'function' ? () => SDK.create() : () => SDK;
    const frames = () => document.querySelectorAll('iframe').length;
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
    let readies = 0;
    for (let i = 1; i <= cycles; i++) {
        const sdk = make();
        let ready = null;
        if (i % readyEvery === 0) ready = new Promise((resolve) => sdk.on('ready', () => resolve(true)));
        sdk.init(Object.assign({}, base));
        for (let t = 0; frames() !== 1; t++) {
            if (t > 500) throw new Error('cycle ' + i + ': no iframe after init()');
            await tick();
        }
        if (ready) {
            const timeout = new Promise((resolve) => setTimeout(() => resolve(false), 8000));
            if (!(await Promise.race([ready, timeout]))) throw new Error('cycle ' + i + ': no ready');
            readies++;
        }
        sdk.destroy();
        if (frames() !== 0) throw new Error('cycle ' + i + ': iframe left after destroy()');
    }
    return readies;
}"""


def used_heap(cdp):
    for _ in range(3):
        cdp.send('HeapProfiler.collectGarbage')
    return cdp.send('Runtime.getHeapUsage')['usedSize']


HEAP_BOUND = 1024 * 1024
RETAIN = 'const sdk = make(); window.__retained.push(sdk);'


LISTENERS = '["message", "resize", "focus", "visibilitychange"].map(listenerCount)'   # pages/listeners.js


def heap_page(probe, servers):
    """(CDP session, window listeners before any SDK instance) on the listener-counting page, warmed up."""
    page = probe.page
    page.goto(servers.page('tracked.html') + '?frame=' + servers.frame)
    page.evaluate('window.__retained = []')
    listeners = page.evaluate(LISTENERS)
    cdp = page.context.new_cdp_session(page)
    # Warm-up: code, caches and the first chat pages are not growth.
    assert page.evaluate(CYCLES, [30, 10]) == 3
    page.wait_for_timeout(300)
    return cdp, listeners


def test_heap_does_not_grow_over_1000_cycles(probe, servers):
    page = probe.page
    cdp, listeners_before = heap_page(probe, servers)
    before = used_heap(cdp)
    assert page.evaluate(CYCLES, [1000, 100]) == 10
    page.wait_for_timeout(500)
    after = used_heap(cdp)
    growth = after - before
    print('\nheap after 1000 create/init/destroy cycles (%s): %+d B (%d -> %d)'
          % (probe.profile['id'], growth, before, after))
    assert page.evaluate('document.querySelectorAll("iframe").length') == 0
    assert page.evaluate(LISTENERS) == listeners_before
    assert growth < HEAP_BOUND, 'the heap grew by %d B over 1000 cycles' % growth
    assert probe.errors == []
    assert sdk_console(probe, 'error') == []


def test_control_the_heap_check_sees_1000_retained_instances(probe, servers):
    # The same cycles, but the page keeps every destroyed instance: the bound must catch that.
    page = probe.page
    cdp, _ = heap_page(probe, servers)
    before = used_heap(cdp)
    assert page.evaluate(CYCLES.replace('const sdk = make();', RETAIN), [1000, 1001]) == 0
    assert page.evaluate('__retained.length') == 1000
    growth = used_heap(cdp) - before
    assert growth > HEAP_BOUND, growth
