"""Correctness rules of the parent-side widget (sdk_src/widget.py) on the fake
platform: frame creation, layout per mode, handshake, queue, timeout, reload,
destroy, tokens, frame messages and listener isolation.

The parity scenarios only compare CPython against JavaScript; the assertions
here say what the behaviour must be. Every outgoing message is captured as a
structured (frame, targetOrigin, message) record by wrapping the fake's
post_message, and every host event through api.on().
"""
import copy
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'parity'))

from api_spec import LIMITS
from errors import ConfigError, SdkError, StateError
from fake_platform import FakeElement, FakePromise, FakeWindow
from harness import EVENTS, FRAME_ORIGIN, SOURCE, Harness, envelope

TOKEN = 'SECRET-TOKEN-ONE'
SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups'
ENCODED_PAGE_ORIGIN = 'https%3A%2F%2Fshop.example'
TOKEN_TYPES = ('init', 'set-token')


class Env:
    """One SDK instance on a fresh FakePlatform with structured captures."""

    def __init__(self, watch=True):
        self.h = Harness(False)
        self.p = self.h.platform
        self.api = self.h.api
        self.posts = []      # [(frame label, target origin, message dict)]
        self.events = []     # [(event name, payload)]
        self.tokens = {TOKEN}
        original = self.p.post_message

        def post_message(frame, message, target_origin):
            self.posts.append((frame.label, target_origin, copy.deepcopy(message)))
            original(frame, message, target_origin)
        self.p.post_message = post_message
        if watch:
            self.watch_all()

    def watch_all(self):
        for name in EVENTS:
            self.watch(name)

    def watch(self, name):
        def listener(payload=None):
            self.events.append((name, payload))
        return self.api['on'](name, listener)

    # driving
    def init(self, **extra):
        # Page tracking has its own tests (test_page_tracking.py); here its `page`
        # posts would only pad every expected message list.
        cfg = {'baseUrl': FRAME_ORIGIN, 'pageTracking': 'off'}
        if 'getToken' not in extra:
            cfg['token'] = TOKEN
        cfg.update(extra)
        if isinstance(cfg.get('token'), str):
            self.tokens.add(cfg['token'])
        self.api['init'](cfg)

    def call(self, name, *args):
        if name == 'setToken':
            self.tokens.add(args[0])
        return self.api[name](*args)

    def frame(self):
        return self.p.frames[-1]

    def deliver(self, origin, source, data):
        self.p.deliver(origin, source, data)

    def send(self, message_type, payload=None, origin=FRAME_ORIGIN):
        self.p.deliver(origin, self.frame().window, envelope(message_type, payload))

    def ready(self):
        self.send('ready', {})

    # reading
    def types(self):
        return [message['type'] for _, _, message in self.posts]

    def posts_of(self, message_type):
        return [message['payload'] for _, _, message in self.posts if message['type'] == message_type]

    def named(self, name):
        return [payload for event, payload in self.events if event == name]

    def log_lines(self, prefix):
        return [line for line in self.p.log if line.startswith(prefix)]

    def style(self):
        return self.frame().style

    def assert_safe(self, expected_origin=FRAME_ORIGIN):
        """Every post: exact frame origin, never '*', right envelope; the token
        only inside init / set-token, and nowhere in any other log line."""
        for _label, target, message in self.posts:
            assert target == expected_origin
            assert target != '*'
            assert message['source'] == SOURCE and message['v'] == 1
            if message['type'] not in TOKEN_TYPES:
                text = repr(message)
                for token in self.tokens:
                    assert token not in text, message
        post_lines = self.log_lines('post ')
        assert len(post_lines) == len(self.posts)
        for line in post_lines:
            assert line.split(' ')[3] == expected_origin
        for line in self.p.log:
            if line.startswith('post '):
                continue
            for token in self.tokens:
                assert token not in line, line


@pytest.fixture
def env():
    e = Env()
    yield e
    e.assert_safe()


def ready_env(**extra):
    e = Env()
    e.init(**extra)
    e.ready()
    return e


# ---- init and the frame -----------------------------------------------------

def test_init_creates_one_sandboxed_frame_without_token(env):
    env.init()
    assert len(env.p.frames) == 1
    frame = env.frame()
    assert frame.attrs['src'] == FRAME_ORIGIN + '/?parentOrigin=' + ENCODED_PAGE_ORIGIN
    assert TOKEN not in frame.attrs['src'] and 'token' not in frame.attrs['src'].lower()
    assert frame.attrs['sandbox'] == SANDBOX
    assert isinstance(frame.attrs['title'], str) and frame.attrs['title'].strip()
    assert env.p.body.children == [frame]
    assert len(env.p.message_listeners) == 1
    assert len(env.p.viewport_listeners) == 1
    assert env.p.pending_timers() == 1
    assert env.log_lines('set-timeout ') == ['set-timeout #1 ' + str(LIMITS['timeoutDefault']) + 'ms']
    assert env.posts == []
    assert env.api['isReady']() is False


@pytest.mark.parametrize('base_url, src_prefix, origin', [
    ('https://chat.example.com', 'https://chat.example.com/', 'https://chat.example.com'),
    ('https://chat.example.com/', 'https://chat.example.com/', 'https://chat.example.com'),
    ('https://chat.example.com/embed', 'https://chat.example.com/embed/', 'https://chat.example.com'),
    ('https://chat.example.com/embed/', 'https://chat.example.com/embed/', 'https://chat.example.com'),
    ('https://CHAT.Example.com:443/a/b/', 'https://chat.example.com/a/b/', 'https://chat.example.com'),
    ('https://chat.example.com:8443/x', 'https://chat.example.com:8443/x/', 'https://chat.example.com:8443'),
    ('http://localhost:5173', 'http://localhost:5173/', 'http://localhost:5173'),
])
def test_base_url_path_handling_and_target_origin(base_url, src_prefix, origin):
    e = Env()
    e.p.origin = 'https://shop.example:8443'
    e.init(baseUrl=base_url)
    assert e.frame().attrs['src'] == src_prefix + '?parentOrigin=https%3A%2F%2Fshop.example%3A8443'
    e.p.deliver(origin, e.frame().window, envelope('ready', {}))
    e.call('sendMessage', 'hi')
    assert e.types() == ['init', 'sendMessage']
    e.assert_safe(origin)


def test_get_token_config_keeps_token_out_of_src(env):
    env.init(getToken=lambda: 'FETCHED-TOKEN-X')
    env.tokens.add('FETCHED-TOKEN-X')
    env.p.settle()
    assert env.frame().attrs['src'] == FRAME_ORIGIN + '/?parentOrigin=' + ENCODED_PAGE_ORIGIN


# ---- layout per mode ----------------------------------------------------------

@pytest.mark.parametrize('position, other', [('right', 'left'), ('left', 'right')])
def test_chat_widget_sizes_and_position(position, other):
    # Closed: 100 x 100 px (the spec), clipped to the 64 px launcher circle in its
    # middle, so no transparent ring around the bubble takes the page's clicks.
    e = ready_env(position=position)
    style = e.style()
    assert (style['width'], style['height']) == ('100px', '100px')
    assert style['clip-path'] == 'circle(32px at 50% 50%)'
    assert style['position'] == 'fixed' and style['bottom'] == '0'
    assert style[position] == '0' and style[other] == '' and style['top'] == ''
    e.call('open')
    style = e.style()
    assert (style['width'], style['height'], style['clip-path']) == ('460px', '750px', '')
    assert style[position] == '0' and style['bottom'] == '0' and style[other] == ''
    e.call('close')
    assert (e.style()['width'], e.style()['height']) == ('100px', '100px')
    e.assert_safe()


@pytest.mark.parametrize('mode', ['chat-widget', 'prompt-input', 'embedded'])
def test_a_frame_that_shows_nothing_takes_no_space_or_clicks(mode):
    extra = {'container': '#chat'} if mode == 'embedded' else {}
    e = ready_env(mode=mode, **extra)
    e.call('open')
    e.send('resize', {'height': 0})       # e.g. the session expired and the page draws nothing
    e.p.run_frame()
    style = e.style()
    assert (style['width'], style['height'], style['visibility']) == ('0', '0', 'hidden')
    e.send('resize', {'height': 420})     # something to show again: the mode's box comes back
    e.p.run_frame()
    style = e.style()
    assert style['visibility'] == '' and style['width'] != '0'
    assert e.named('resize') == [{'height': 0}, {'height': 420}]
    e.assert_safe()


def test_prompt_input_bar_grows_but_never_below_100px():
    e = ready_env(mode='prompt-input')
    style = e.style()
    assert style['width'] == '100%' and style['height'] == '100px'
    assert style['left'] == '0' and style['bottom'] == '0' and style['right'] == ''
    e.send('resize', {'height': 300})
    e.p.run_frame()
    assert e.style()['height'] == '300px'
    e.send('resize', {'height': 50})
    e.p.run_frame()
    assert e.style()['height'] == '100px'
    assert e.named('resize') == [{'height': 300}, {'height': 50}]
    e.send('resize', {'height': 10 ** 9})
    e.p.run_frame()
    assert e.style()['height'] == str(LIMITS['heightMax']) + 'px'
    assert e.style()['width'] == '100%'
    e.assert_safe()


def test_embedded_fills_container_whatever_the_state():
    e = Env()
    e.p.width = 320
    e.init(mode='embedded', container='#chat')
    container = e.p.elements['#chat']
    assert container.children == [e.frame()] and e.p.body.children == []
    for _ in range(2):
        style = e.style()
        assert (style['position'], style['width'], style['height']) == ('relative', '100%', '100%')
        assert style['top'] == style['left'] == style['right'] == style['bottom'] == ''
        e.ready()
        e.call('open')
        e.p.resize_viewport(1400)
    e.call('destroy')
    assert container.children == []


def test_element_container_is_used():
    e = Env()
    target = FakeElement('div.host')
    e.init(mode='embedded', container=target)
    assert target.children == [e.frame()] and e.frame().parent is target


def test_open_on_narrow_viewport_is_full_screen_and_reverts(env):
    env.init()
    env.ready()
    env.call('open')
    assert env.style()['width'] == '460px'
    env.p.resize_viewport(600)
    style = env.style()
    assert (style['top'], style['left'], style['width'], style['height']) == ('0', '0', '100%', '100%')
    assert style['right'] == '' and style['bottom'] == ''
    env.p.resize_viewport(1024)
    style = env.style()
    assert (style['width'], style['height'], style['right'], style['top']) == ('460px', '750px', '0', '')
    env.call('close')
    env.p.resize_viewport(500)
    assert (env.style()['width'], env.style()['height']) == ('100px', '100px')


@pytest.mark.parametrize('width, full', [(640, True), (641, False), (639, True)])
def test_narrow_boundary(width, full):
    e = Env()
    e.p.width = width
    e.init()
    e.ready()
    e.call('open')
    expected = ('100%', '100%') if full else ('460px', '750px')
    assert (e.style()['width'], e.style()['height']) == expected
    e.p.resize_viewport(641 if full else 640)
    expected = ('460px', '750px') if full else ('100%', '100%')
    assert (e.style()['width'], e.style()['height']) == expected


# ---- handshake -----------------------------------------------------------------

def test_init_posted_only_after_ready_with_full_payload(env):
    env.init(placeholder='Ask', questions=['Q?'])
    env.p.advance(5000)
    assert env.posts == []
    env.ready()
    assert len(env.posts) == 1
    label, target, message = env.posts[0]
    assert (label, target, message['type']) == ('frame1', FRAME_ORIGIN, 'init')
    payload = message['payload']
    assert set(payload) == {'token', 'locale', 'theme', 'options', 'open'}
    assert payload['token'] == TOKEN
    assert payload['locale'] == 'en-US'
    assert payload['theme'] == 'auto'
    assert payload['open'] is False
    assert payload['options']['placeholder'] == 'Ask'
    assert payload['options']['questions'] == ['Q?']
    assert payload['options']['mode'] == 'chat-widget'
    assert env.p.pending_timers() == 0
    assert env.api['isReady']() is True


def test_init_payload_uses_config_locale_and_theme(env):
    env.init(locale=' pt-BR ', theme='dark')
    env.ready()
    payload = env.posts_of('init')[0]
    assert (payload['locale'], payload['theme']) == ('pt-BR', 'dark')


SPOOFS = [
    ('suffix look-alike', 'https://chat.example.com.evil.io', 'frame'),
    ('prefix look-alike', 'https://evil-chat.example.com', 'frame'),
    ('truncated', 'https://chat.example.co', 'frame'),
    ('other scheme', 'http://chat.example.com', 'frame'),
    ('other port', 'https://chat.example.com:8443', 'frame'),
    ('trailing slash', 'https://chat.example.com/', 'frame'),
    ('upper case', 'HTTPS://CHAT.EXAMPLE.COM', 'frame'),
    ('null string', 'null', 'frame'),
    ('None origin', None, 'frame'),
    ('star', '*', 'frame'),
    ('other window', FRAME_ORIGIN, 'other'),
    ('None source', FRAME_ORIGIN, None),
    ('parent window', FRAME_ORIGIN, 'parent'),
]


@pytest.mark.parametrize('origin, source', [s[1:] for s in SPOOFS], ids=[s[0] for s in SPOOFS])
def test_spoofed_ready_is_ignored(env, origin, source):
    env.init()
    env.call('sendMessage', 'queued')
    window = {'frame': env.frame().window, 'other': FakeWindow('frame1.window'), 'parent': FakeWindow('top'),
              None: None}[source]
    log_before = list(env.p.log)
    for message_type in ['ready', 'open', 'session-expired']:
        env.deliver(origin, window, envelope(message_type, {}))
    assert env.p.log == log_before
    assert env.posts == [] and env.events == []
    assert env.api['isReady']() is False
    assert env.p.pending_timers() == 1
    assert env.style()['width'] == '100px'
    env.ready()
    assert env.types() == ['init', 'sendMessage']


@pytest.mark.parametrize('data', [
    'ready', None, 42, [], ['ready'], {'type': 'ready'}, {'source': 'other-lib', 'v': 1, 'type': 'ready'},
    {'source': SOURCE.upper(), 'v': 1, 'type': 'ready'}, {'source': SOURCE, 'v': 1, 'type': 'readyx'},
    {'source': SOURCE, 'v': 1, 'type': 'ready', 'payload': 'x'}, {'source': SOURCE, 'v': 1, 'type': 'x' * 100000},
])
def test_non_envelopes_are_ignored_silently(env, data):
    env.init()
    before = list(env.p.log)
    env.deliver(FRAME_ORIGIN, env.frame().window, data)
    assert env.p.log == before and env.posts == [] and env.api['isReady']() is False


def test_wrong_version_is_ignored_with_one_warning(env):
    env.init()
    window = env.frame().window
    for v in [2, '1', None, 0]:
        data = {'source': SOURCE, 'type': 'ready'}
        if v is not None:
            data['v'] = v
        env.deliver(FRAME_ORIGIN, window, data)
    assert len(env.log_lines('warn ')) == 1
    assert env.posts == [] and env.api['isReady']() is False


def test_ready_event_fires_once_after_queued_posts(env):
    seen = []

    def on_ready(payload=None):
        seen.append((payload, env.api['isReady'](), list(env.types())))
    env.api['on']('ready', on_ready)
    env.init()
    env.call('open')
    env.call('sendMessage', 'one')
    assert env.api['isReady']() is False
    env.ready()
    assert seen == [(None, True, ['init', 'open', 'sendMessage'])]
    assert env.named('ready') == [None]
    env.ready()
    env.ready()
    assert len(seen) == 1 and len(env.named('ready')) == 1


def flow_full_session(e):
    e.init(getToken=lambda: 'FLOW-TOKEN-B', onSessionExpired=lambda: None, token='FLOW-TOKEN-A')
    e.tokens.add('FLOW-TOKEN-B')
    for name, arg in [('open', None), ('sendMessage', 'x'), ('setTheme', 'dark'), ('setLocale', 'es'),
                      ('setQuestions', ['Q?']), ('updateContext', {'name': 'Ana'}),
                      ('updateContact', {'email': 'a@b.co'}), ('toggle', None)]:
        e.call(name, *([] if arg is None else [arg]))
    e.ready()
    e.call('setTheme', 'light')
    e.call('setLocale', 'fr')
    e.call('setQuestions', ['Other?'])
    e.call('open')
    e.send('session-expired', {})
    e.p.settle()
    e.ready()
    e.call('setToken', 'FLOW-TOKEN-C')
    e.call('sendMessage', 'after')
    e.call('close')
    return {'init', 'open', 'sendMessage', 'set-theme', 'set-locale', 'setQuestions', 'updateContext',
            'updateContact', 'close', 'set-token'}


def flow_reload_waiting_for_token(e):
    calls = []
    promise = FakePromise()
    e.init(getToken=lambda: calls.append(1) or promise, token='FLOW-TOKEN-A')
    e.ready()
    e.send('session-expired', {})
    e.ready()
    e.p.settle()
    promise.resolve('FLOW-TOKEN-D')
    e.tokens.add('FLOW-TOKEN-D')
    return {'init'}


def flow_embedded_with_setters(e):
    e.init(mode='embedded', container='#chat')
    e.call('setToken', 'FLOW-TOKEN-E')
    e.ready()
    e.call('updateContext', {'userId': 'u1'})
    e.call('setToken', 'FLOW-TOKEN-F')
    return {'init', 'updateContext', 'set-token'}


@pytest.mark.parametrize('flow', [flow_full_session, flow_reload_waiting_for_token, flow_embedded_with_setters])
def test_every_post_targets_exact_origin_and_token_only_in_init_or_set_token(flow):
    e = Env()
    expected_types = flow(e)
    assert set(e.types()) == expected_types
    e.assert_safe()
    token_posts = [m for _, _, m in e.posts if m['type'] in TOKEN_TYPES]
    assert token_posts and all(m['payload']['token'] in e.tokens for m in token_posts)


def test_stale_frame_window_after_reinit_is_ignored(env):
    env.init()
    old = env.frame()
    env.call('destroy')
    env.watch_all()
    env.init()
    env.deliver(FRAME_ORIGIN, old.window, envelope('ready', {}))
    assert env.posts == [] and env.api['isReady']() is False
    env.ready()
    assert [(label, m['type']) for label, _, m in env.posts] == [('frame2', 'init')]


# ---- queue -------------------------------------------------------------------------

def test_queued_commands_flush_after_init_in_call_order(env):
    env.init()
    env.call('sendMessage', 'first')
    env.call('open')
    env.call('updateContext', {'name': ' Ana '})
    env.call('sendMessage', 'second')
    env.call('updateContact', {'company': 'Acme'})
    env.call('close')
    assert env.posts == []
    env.ready()
    assert env.types() == ['init', 'sendMessage', 'open', 'updateContext', 'sendMessage', 'updateContact',
                           'close']
    assert env.posts_of('sendMessage') == [{'text': 'first'}, {'text': 'second'}]
    assert env.posts_of('updateContext') == [{'context': {'name': 'Ana'}}]
    assert env.posts_of('updateContact') == [{'fields': {'company': 'Acme'}}]
    env.ready()
    assert env.types().count('sendMessage') == 2


def test_toggles_and_listener_commands_keep_call_order(env):
    def on_open(payload=None):
        if env.types().count('open') == 1:
            env.call('sendMessage', 'from-open-listener')
    env.api['on']('open', on_open)
    env.init()
    env.call('toggle')
    env.call('toggle')
    env.call('toggle')
    env.call('sendMessage', 'last-queued')
    env.ready()
    assert env.types() == ['init', 'open', 'close', 'open', 'sendMessage', 'sendMessage']
    assert env.posts_of('sendMessage') == [{'text': 'last-queued'}, {'text': 'from-open-listener'}]
    assert [name for name, _ in env.events] == ['open', 'close', 'open', 'ready']
    assert env.style()['width'] == '460px'


def test_queue_is_bounded_at_queue_max(env):
    env.init()
    limit = LIMITS['queueMax']
    assert limit == 100
    for i in range(limit):
        env.call('sendMessage', 'm' + str(i))
    assert env.named('error') == []
    env.call('sendMessage', 'overflow')
    errors = env.named('error')
    assert len(errors) == 1 and errors[0]['code'] == 'queue-full'
    assert set(errors[0]) == {'message', 'code'}
    env.call('setTheme', 'dark')  # not queued: no second error
    assert len(env.named('error')) == 1
    env.ready()
    texts = [p['text'] for p in env.posts_of('sendMessage')]
    assert texts == ['m' + str(i) for i in range(limit)]
    assert env.posts_of('init')[0]['theme'] == 'dark'


def test_setters_before_ready_ride_in_init(env):
    env.init()
    env.call('setTheme', 'dark')
    env.call('setLocale', ' pt-BR ')
    env.call('setQuestions', ['Pricing?', ' Trial? '])
    env.call('setToken', 'SECRET-TOKEN-TWO')
    assert env.posts == []
    env.ready()
    assert env.types() == ['init']
    payload = env.posts_of('init')[0]
    assert payload['token'] == 'SECRET-TOKEN-TWO'
    assert (payload['theme'], payload['locale']) == ('dark', 'pt-BR')
    assert payload['options']['questions'] == ['Pricing?', 'Trial?']


def test_destroy_clears_queue_and_late_ready_posts_nothing(env):
    env.init()
    frame = env.frame()
    env.call('sendMessage', 'lost')
    env.call('open')
    env.call('destroy')
    env.deliver(FRAME_ORIGIN, frame.window, envelope('ready', {}))
    env.p.advance(60000)
    assert env.posts == []
    env.watch_all()  # destroy dropped host listeners; a new session starts clean
    env.init()
    env.ready()
    assert env.types() == ['init']


# ---- handshake timeout ------------------------------------------------------------

def test_handshake_timeout_tears_down_and_emits_one_error(env):
    env.init(handshakeTimeout=2000)
    env.call('sendMessage', 'never sent')
    frame = env.frame()
    env.p.advance(1999)
    assert env.named('error') == [] and frame.removed is False
    env.p.advance(1)
    errors = env.named('error')
    assert len(errors) == 1 and errors[0]['code'] == 'timeout'
    assert set(errors[0]) == {'message', 'code'}
    assert frame.removed is True and env.p.body.children == []
    assert env.p.message_listeners == [] and env.p.viewport_listeners == []
    assert env.p.pending_timers() == 0
    env.deliver(FRAME_ORIGIN, frame.window, envelope('ready', {}))
    env.p.advance(100000)
    assert env.posts == []
    assert len(env.named('error')) == 1
    assert env.api['isReady']() is False


def test_timeout_with_fetched_token_never_sends_it(env):
    promise = FakePromise()
    env.init(getToken=lambda: promise, handshakeTimeout=1000)
    env.p.settle()
    env.p.advance(1000)
    promise.resolve('SECRET-TOO-LATE')
    env.tokens.add('SECRET-TOO-LATE')
    assert env.posts == []
    assert [e['code'] for e in env.named('error')] == ['timeout']
    assert env.p.pending_timers() == 0 and env.p.message_listeners == []


def test_timeout_without_error_listener_goes_to_console():
    e = Env(watch=False)
    e.init(handshakeTimeout=1000)
    e.p.advance(1000)
    reports = e.log_lines('console.error ')
    assert len(reports) == 1 and 'timeout' in reports[0]
    assert FRAME_ORIGIN in reports[0]
    e.assert_safe()


def test_after_timeout_commands_fail_and_init_works_again(env):
    env.init(handshakeTimeout=1000)
    env.p.advance(1000)
    for name, args in [('open', []), ('sendMessage', ['x']), ('setTheme', ['dark']), ('setToken', ['T-X1'])]:
        with pytest.raises(StateError) as info:
            env.call(name, *args)
        assert info.value.code == 'not-initialized'
    env.init()
    assert len(env.p.frames) == 2 and env.p.body.children == [env.frame()]
    assert len(env.p.message_listeners) == 1
    env.ready()
    assert env.types() == ['init'] and env.posts[0][0] == 'frame2'
    assert env.api['isReady']() is True


# ---- frame reload, init twice, destroy ------------------------------------------------

def test_frame_reload_rehandshakes_with_current_state(env):
    env.init()
    env.ready()
    env.call('open')
    env.call('setTheme', 'dark')
    env.call('setLocale', 'de')
    env.call('setToken', 'SECRET-TOKEN-RELOAD')
    env.ready()
    inits = env.posts_of('init')
    assert len(inits) == 2
    assert inits[1]['token'] == 'SECRET-TOKEN-RELOAD'
    assert (inits[1]['theme'], inits[1]['locale'], inits[1]['open']) == ('dark', 'de', True)
    assert len(env.named('ready')) == 1
    assert len(env.p.message_listeners) == 1 and len(env.p.frames) == 1
    assert env.api['isReady']() is True


def test_init_twice_warns_and_keeps_one_frame(env):
    env.init()
    env.init(theme='dark')
    assert len(env.log_lines('warn ')) == 1 and 'init()' in env.log_lines('warn ')[0]
    assert len(env.p.frames) == 1 and len(env.p.message_listeners) == 1
    assert len(env.p.viewport_listeners) == 1 and env.p.pending_timers() == 1
    env.ready()
    env.init()
    assert len(env.log_lines('warn ')) == 2 and len(env.p.frames) == 1
    assert env.posts_of('init')[0]['theme'] == 'auto'


def test_destroy_during_handshake_releases_everything(env):
    env.init(getToken=lambda: 'SECRET-TOKEN-LATE')
    env.tokens.add('SECRET-TOKEN-LATE')
    frame = env.frame()
    env.call('destroy')
    env.deliver(FRAME_ORIGIN, frame.window, envelope('ready', {}))
    env.p.settle()
    env.p.advance(200000)
    env.p.run_frame()
    assert env.posts == []
    assert frame.removed is True and env.p.body.children == []
    assert env.p.pending_timers() == 0 and env.p.frames_queue == []
    assert env.p.message_listeners == [] and env.p.viewport_listeners == []
    assert len(env.log_lines('listen message')) == len(env.log_lines('unlisten message')) == 1
    env.call('destroy')
    assert len(env.log_lines('remove-frame ')) == 1
    assert env.api['isReady']() is False


def test_destroy_after_ready_cancels_pending_layout(env):
    env.init(mode='prompt-input')
    env.ready()
    env.send('resize', {'height': 400})
    assert len(env.p.frames_queue) == 1
    env.call('destroy')
    assert env.p.frames_queue == [] and env.log_lines('cancel-frame') == ['cancel-frame']
    styles = len(env.log_lines('style '))
    env.p.run_frame()
    assert len(env.log_lines('style ')) == styles
    assert env.named('resize') == []


def test_commands_after_destroy_raise_state_error_naming_destroy(env):
    env.init()
    env.ready()
    env.call('destroy')
    for name, args in [('open', []), ('sendMessage', ['x']), ('setToken', ['T-Y1']), ('toggle', [])]:
        with pytest.raises(StateError) as info:
            env.call(name, *args)
        assert info.value.code == 'not-initialized'
        assert 'destroy()' in str(info.value)


def test_commands_before_init_raise_state_error(env):
    for name, args in [('open', []), ('setTheme', ['dark']), ('sendMessage', ['x'])]:
        with pytest.raises(StateError) as info:
            env.call(name, *args)
        assert info.value.code == 'not-initialized'
        assert 'before init' in str(info.value)
    env.call('destroy')  # no-op, no raise
    assert env.p.log == []


# ---- tokens ----------------------------------------------------------------------------

def test_get_token_called_once_at_init_and_handshake_waits_for_it(env):
    calls = []
    promise = FakePromise()
    env.init(getToken=lambda: calls.append(1) or promise)
    assert calls == []
    env.p.settle()
    assert calls == [1]
    env.ready()
    assert env.posts == [] and env.api['isReady']() is False
    promise.resolve('SECRET-FETCHED')
    env.tokens.add('SECRET-FETCHED')
    assert env.types() == ['init'] and env.posts_of('init')[0]['token'] == 'SECRET-FETCHED'
    assert calls == [1] and env.named('ready') == [None]


def test_get_token_one_request_at_a_time(env):
    calls = []
    pending = FakePromise()
    env.init(getToken=lambda: calls.append(1) or pending)
    env.ready()
    env.send('session-expired', {})
    env.p.settle()
    assert calls == [1]
    env.call('setToken', 'SECRET-HOST-1')  # a new expiry cycle, but getToken is still busy
    env.send('session-expired', {})
    env.p.settle()
    assert calls == [1]
    pending.resolve('SECRET-G1')
    env.tokens.add('SECRET-G1')
    assert env.posts_of('set-token')[-1] == {'token': 'SECRET-G1'}


@pytest.mark.parametrize('outcome', ['reject', 'raise', None, 42, '   ', {'token': 'SECRET-IN-OBJECT'},
                                     ['SECRET-IN-LIST'], True])
def test_bad_get_token_result_is_a_token_error_without_secrets(env, outcome):
    promise = FakePromise()

    def get_token():
        if outcome == 'raise':
            raise RuntimeError('backend down')
        return promise
    env.tokens.update({'SECRET-IN-OBJECT', 'SECRET-IN-LIST'})
    env.init(getToken=get_token, token=TOKEN)
    env.ready()
    env.send('session-expired', {})
    env.p.settle()
    if outcome == 'reject':
        promise.reject(RuntimeError('backend down'))
    elif outcome != 'raise':
        promise.resolve(outcome)
    errors = env.named('error')
    assert len(errors) == 1 and errors[0]['code'] == 'token-error'
    for token in env.tokens:
        assert token not in errors[0]['message']
    assert env.posts_of('set-token') == []


def test_token_error_without_listener_reports_without_secret():
    e = Env(watch=False)
    e.tokens.add('SECRET-IN-OBJECT')
    e.init(getToken=lambda: {'token': 'SECRET-IN-OBJECT'})
    e.p.settle()
    reports = e.log_lines('console.error ')
    assert len(reports) == 1 and 'token-error' in reports[0]
    e.assert_safe()


def test_session_expired_once_per_expiry_then_set_token(env):
    promises = [FakePromise(), FakePromise()]
    calls = []
    expired = []

    def get_token():
        calls.append(1)
        return promises[len(calls) - 1]
    env.init(token=TOKEN, getToken=get_token, onSessionExpired=lambda: expired.append(1))
    env.ready()
    env.send('session-expired', {})
    env.send('session-expired', {})
    env.send('session-expired', None)
    env.p.settle()
    assert len(env.named('session-expired')) == 1 and expired == [1] and calls == [1]
    promises[0].resolve('SECRET-NEW-1')
    env.tokens.add('SECRET-NEW-1')
    assert env.posts_of('set-token') == [{'token': 'SECRET-NEW-1'}]
    assert env.types() == ['init', 'set-token']
    # a later, separate expiry is reported again
    env.send('session-expired', {})
    env.p.settle()
    assert len(env.named('session-expired')) == 2 and expired == [1, 1] and calls == [1, 1]


def test_set_token_without_get_token_posts_set_token(env):
    expired = []
    env.init(onSessionExpired=lambda: expired.append(1))
    env.ready()
    env.send('session-expired', {})
    env.send('session-expired', {})
    assert expired == [1] and len(env.named('session-expired')) == 1
    assert env.types() == ['init']
    env.call('setToken', 'SECRET-HOST-NEW')
    assert env.types() == ['init', 'set-token']
    assert env.posts_of('set-token') == [{'token': 'SECRET-HOST-NEW'}]


def test_expiry_then_frame_reload_waits_for_new_token(env):
    promise = FakePromise()
    env.init(token=TOKEN, getToken=lambda: promise)
    env.ready()
    env.send('session-expired', {})
    env.ready()  # the frame reloads while the old token is dead
    env.p.settle()
    assert env.types() == ['init']
    promise.resolve('SECRET-RENEWED')
    env.tokens.add('SECRET-RENEWED')
    assert env.types() == ['init', 'init']
    assert env.posts_of('init')[1]['token'] == 'SECRET-RENEWED'
    assert env.posts_of('set-token') == []
    assert len(env.named('ready')) == 1


def test_throwing_on_session_expired_still_renews(env):
    def boom():
        raise RuntimeError('host bug')
    env.init(getToken=lambda: 'SECRET-AFTER-BOOM', token=TOKEN, onSessionExpired=boom)
    env.tokens.add('SECRET-AFTER-BOOM')
    env.ready()
    env.send('session-expired', {})
    env.p.settle()
    assert env.posts_of('set-token') == [{'token': 'SECRET-AFTER-BOOM'}]
    assert len(env.log_lines('listener-error onSessionExpired')) == 1


# ---- frame messages ------------------------------------------------------------------------

def test_resize_flood_is_coalesced_last_value_wins(env):
    env.init(mode='prompt-input')
    env.ready()
    styles = len(env.log_lines('style '))
    for height in range(200, 1200):
        env.send('resize', {'height': height})
    assert env.named('resize') == [] and len(env.log_lines('style ')) == styles
    assert len(env.p.frames_queue) == 1
    env.p.run_frame()
    assert env.named('resize') == [{'height': 1199}]
    assert env.style()['height'] == '1199px'
    assert len(env.log_lines('style ')) == styles + 1
    env.send('resize', {'height': 500})
    env.send('resize', {'height': 1199})
    env.p.run_frame()
    assert len(env.named('resize')) == 1  # unchanged height: no event


@pytest.mark.parametrize('height', [float('nan'), -1, -0.5, float('inf'), float('-inf'), '300', None, True,
                                    [300], {'px': 300}])
def test_invalid_heights_are_ignored(env, height):
    env.init(mode='prompt-input')
    env.ready()
    env.send('resize', {'height': 250})
    env.p.run_frame()
    env.send('resize', {'height': height})
    env.p.run_frame()
    assert env.named('resize') == [{'height': 250}]
    assert env.style()['height'] == '250px'


def test_huge_values_are_clamped(env):
    env.init(mode='prompt-input')
    env.ready()
    env.send('resize', {'height': 1e300})
    env.send('chat:unread-count', {'count': 10 ** 12})
    env.p.run_frame()
    assert env.named('resize') == [{'height': LIMITS['heightMax']}]
    assert env.named('unread-count') == [{'count': LIMITS['countMax']}]
    assert env.style()['height'] == str(LIMITS['heightMax']) + 'px'


def test_unread_count_coalesced_validated_and_on_change_only(env):
    env.init()
    env.ready()
    for count in [1, 2, 3]:
        env.send('chat:unread-count', {'count': count})
    env.p.run_frame()
    assert env.named('unread-count') == [{'count': 3}]
    for bad in [1.5, -1, float('nan'), '4', None, True, float('inf')]:
        env.send('chat:unread-count', {'count': bad})
        env.p.run_frame()
    assert env.named('unread-count') == [{'count': 3}]
    env.send('chat:unread-count', {'count': 3})
    env.p.run_frame()
    assert len(env.named('unread-count')) == 1
    env.send('chat:unread-count', {'count': 0})
    env.p.run_frame()
    assert env.named('unread-count') == [{'count': 3}, {'count': 0}]


def test_frame_events_carry_only_declared_fields(env):
    env.init()
    env.ready()
    markup = '<img src=x onerror=alert(1)>'
    env.send('message', {'role': 'ai', 'content': markup, 'html': '<b>', '__proto__': {'x': 1}})
    env.send('chat:conversation-opened', {'conversationId': 'c-42', 'extra': 'dropped'})
    env.send('error', {'message': 'upstream failed', 'code': 'upstream', 'stack': 'dropped'})
    env.send('error', {'message': 'no code'})
    assert env.named('message') == [{'role': 'ai', 'content': markup}]
    assert env.named('conversation-opened') == [{'conversationId': 'c-42'}]
    assert env.named('error') == [{'message': 'upstream failed', 'code': 'upstream'},
                                  {'message': 'no code', 'code': 'frame-error'}]
    assert env.types() == ['init']


@pytest.mark.parametrize('message_type, payload', [
    ('message', {'role': 'admin', 'content': 'x'}),
    ('message', {'role': 'ai'}),
    ('message', {'role': 'ai', 'content': 'x' * (LIMITS['stringMax'] + 1)}),
    ('message', 'hello'),
    ('chat:conversation-opened', {'conversationId': ''}),
    ('chat:conversation-opened', {'conversationId': 'x' * (LIMITS['idMax'] + 1)}),
    ('chat:conversation-opened', {'conversationId': 7}),
    ('error', {'code': 'no-message'}),
    ('error', {'message': 'm', 'code': 'c' * (LIMITS['codeMax'] + 1)}),
    ('resize', {}),
    ('open', 'yes'),
])
def test_invalid_frame_payloads_are_ignored(env, message_type, payload):
    env.init()
    env.ready()
    before = list(env.p.log)
    env.send(message_type, payload)
    env.p.run_frame()
    assert env.p.log == before
    assert [name for name, _ in env.events] == ['ready']


def test_frame_open_close_changes_layout_without_echo(env):
    env.init(position='left')
    env.ready()
    env.send('open', {})
    assert env.style()['width'] == '460px' and env.style()['left'] == '0'
    env.send('open', None)
    assert [name for name, _ in env.events] == ['ready', 'open']
    env.send('close', {})
    assert env.style()['width'] == '100px'
    assert [name for name, _ in env.events] == ['ready', 'open', 'close']
    assert env.types() == ['init']
    env.ready()
    assert env.posts_of('init')[1]['open'] is False


def test_frame_messages_before_handshake_are_ignored(env):
    env.init(mode='prompt-input')
    for message_type, payload in [('message', {'role': 'ai', 'content': 'early'}), ('open', {}),
                                  ('resize', {'height': 400}), ('chat:unread-count', {'count': 5}),
                                  ('session-expired', {}), ('error', {'message': 'm'}),
                                  ('chat:conversation-opened', {'conversationId': 'c'})]:
        env.send(message_type, payload)
    env.p.run_frame()
    assert env.events == [] and env.posts == []
    assert env.style()['height'] == '100px' and env.p.frames_queue == []
    env.ready()
    assert env.posts_of('init')[0]['token'] == TOKEN and env.posts_of('init')[0]['open'] is False


# ---- host listeners, environment --------------------------------------------------------------

def test_throwing_host_listener_is_isolated(env):
    got = []

    def bad(payload=None):
        raise RuntimeError('host listener bug')
    env.api['on']('ready', bad)
    env.api['on']('message', bad)
    env.api['on']('message', lambda payload: got.append(payload['content']))
    env.init()
    env.ready()
    env.send('message', {'role': 'ai', 'content': 'one'})
    assert got == ['one'] and env.named('ready') == [None] and env.named('message')
    assert len(env.log_lines('listener-error ')) == 2
    env.call('sendMessage', 'still works')
    assert env.posts_of('sendMessage') == [{'text': 'still works'}]
    assert env.api['isReady']() is True


def test_no_dom_raises_no_browser(env):
    env.p.dom = False
    with pytest.raises(StateError) as info:
        env.init()
    assert info.value.code == 'no-browser'
    assert env.p.frames == [] and env.p.message_listeners == [] and env.p.pending_timers() == 0


@pytest.mark.parametrize('origin', ['null', None])
def test_opaque_page_origin_raises_config_error(env, origin):
    env.p.origin = origin
    with pytest.raises(ConfigError) as info:
        env.init()
    assert info.value.code == 'invalid-config'
    assert env.p.frames == [] and env.p.message_listeners == [] and env.p.pending_timers() == 0
    with pytest.raises(StateError):
        env.call('open')



# ---- reset(): log the visitor out ---------------------------------------------

def start_reset(env):
    outcome = []
    env.call('reset', lambda: outcome.append('done'), lambda err: outcome.append(err))
    return outcome


def test_reset_asks_the_frame_to_forget_the_visitor_then_destroys(env):
    env.init()
    env.ready()
    frame = env.frame()
    outcome = start_reset(env)
    assert env.types() == ['init', 'reset'] and outcome == []
    assert frame.removed is False                       # the frame must get the chance to forget
    env.send('reset', {})                               # the frame confirms
    assert outcome == ['done']
    assert frame.removed is True and env.p.pending_timers() == 0 and env.p.message_listeners == []
    assert env.api['isReady']() is False
    env.init()                                          # the next person: a fresh widget
    env.ready()
    assert len(env.p.frames) == 2 and env.types() == ['init', 'reset', 'init']


def test_reset_during_the_handshake_is_posted_right_after_init(env):
    env.init()
    outcome = start_reset(env)
    assert env.types() == []
    env.ready()
    assert env.types() == ['init', 'reset']
    env.send('reset', {})
    assert outcome == ['done']


def test_reset_that_the_frame_never_confirms_still_removes_the_widget_and_says_so(env):
    env.init()
    env.ready()
    frame = env.frame()
    outcome = start_reset(env)
    env.p.advance(2999)
    assert outcome == [] and frame.removed is False
    env.p.advance(1)
    assert len(outcome) == 1 and isinstance(outcome[0], SdkError) and outcome[0].code == 'timeout'
    assert 'may still remember the visitor' in outcome[0].sdk_message
    assert frame.removed is True and env.p.pending_timers() == 0


def test_destroy_while_reset_waits_settles_it_once(env):
    env.init()
    env.ready()
    first, second = start_reset(env), start_reset(env)
    env.call('destroy')
    assert [type(o[0]).__name__ for o in (first, second)] == ['StateError', 'StateError']
    env.send('reset', {})
    env.p.advance(10000)
    assert len(first) == 1 and len(second) == 1


def test_an_unasked_reset_from_the_frame_changes_nothing(env):
    env.init()
    env.ready()
    env.send('reset', {})
    assert env.api['isReady']() is True and env.frame().removed is False


def test_reset_before_init_or_after_destroy_is_a_state_error(env):
    with pytest.raises(StateError, match=r'reset\(\) was called before init'):
        env.call('reset', None, None)
    env.init()
    env.call('destroy')
    with pytest.raises(StateError, match=r'reset\(\) was called after destroy'):
        env.call('reset', None, None)


# ---- debug: true --------------------------------------------------------------

def test_debug_logs_every_envelope_both_ways_with_the_token_redacted(env):
    env.init(debug=True, theme='dark')
    env.ready()
    env.call('setToken', 'SECRET-NEXT-TOKEN')
    env.send('chat:unread-count', {'count': 2})
    lines = env.log_lines('console.debug ')
    assert lines[0] == 'console.debug [PilotStatus] from the chat frame: ready {}'
    assert lines[1].startswith('console.debug [PilotStatus] to the chat frame: init {token:"[redacted]",')
    assert lines[2] == 'console.debug [PilotStatus] to the chat frame: set-token {token:"[redacted]"}'
    assert lines[3] == 'console.debug [PilotStatus] from the chat frame: chat:unread-count {count:2}'
    assert len(lines) == 4          # assert_safe() (fixture) checks no token in any log line


def test_without_debug_nothing_is_logged(env):
    env.init()
    env.ready()
    assert env.log_lines('console.debug ') == []


def test_update_contact_never_throws_into_the_host_page(env):
    # The spec: fire-and-forget, errors caught silently; here reported on the console.
    env.init()
    env.ready()
    for bad in [None, 'Jane', {'nickname': 'J'}, {'email': 42}]:
        assert env.call('updateContact', bad) is None
    errors = env.log_lines('console.error ')
    assert len(errors) == 4 and all('updateContact(fields)' in e and 'Nothing was sent.' in e for e in errors)
    env.call('updateContact', {'name': ' ' + 'n' * 300})                 # trimmed and capped at 255
    assert env.posts_of('updateContact') == [{'fields': {'name': 'n' * 255}}]
