"""Correctness rules of the frame half of the protocol (sdk_src/frame.py through
the frame_api facade) on FakeFramePlatform: start(), who may talk to the frame,
origin verification, commands, the sliding token refresh, resize coalescing,
reports to the parent and stop().

The parity scenarios (tests/parity/frame_scenarios.py) only compare CPython
against JavaScript; the assertions here say what the behaviour must be.
Every post to the parent and every request is captured as a structured record
by wrapping the fake's post_to_parent / request_json, and every page event
through api.on().
"""
import copy
import re

import pytest

from api_spec import FRAME_EVENTS, LIMITS
from errors import ArgumentError, StateError
from fake_platform import FakeFramePlatform, FakeWindow
from frame import MIN_DELAY_MS
from frame_api import create_frame_api

SOURCE = 'pilot-status-embed'
PROFILE = {'id': 'pilot-status', 'globalName': 'PilotStatus', 'source': SOURCE,
           'defaultBaseUrl': 'https://chat.pilotstatus.com.br', 'frameUrl': '{base}/?parentOrigin={origin}',
           'frameTitle': 'Pilot Status chat', 'requiresToken': True, 'requiredOptions': [], 'version': '0.0.0-test'}
PARENT = 'https://shop.example'
API = 'https://api.example'
VERIFY_URL = API + '/v1/embed/verify-origin'
REFRESH_URL = API + '/v1/embed/sessions/refresh'
TOKEN = 'SECRET-TOKEN-ONE'
TOKEN2 = 'SECRET-TOKEN-TWO'
TOKEN3 = 'SECRET-TOKEN-THREE'
LIFETIME_MS = 900 * 1000
REFRESH_MS = 720 * 1000            # 80 % of 900 s
INIT_FIELDS = {'locale': 'pt-BR', 'theme': 'dark', 'open': True, 'options': {'agentName': 'Ana'}}
TIMER_RE = re.compile(r'^set-timeout #(\d+) (\S+)ms$')


def envelope(message_type, payload, v=1, source=SOURCE):
    return {'source': source, 'v': v, 'type': message_type, 'payload': payload}


def init_payload(token=TOKEN, **overrides):
    payload = copy.deepcopy(INIT_FIELDS)
    if token is not None:
        payload['token'] = token
    payload.update(overrides)
    return payload


class Env:
    """One frame kit on a fresh FakeFramePlatform with structured captures."""

    def __init__(self, start=True, api_base=API):
        self.p = FakeFramePlatform()
        self.api = create_frame_api(PROFILE, self.p)
        self.posts = []       # [(target origin, message)]
        self.sent = []        # [(clock, method, url, token, body)]
        self.events = []      # [(event name, payload)]
        self.tokens = {TOKEN, TOKEN2, TOKEN3}
        # 900 s tokens; iat/exp are far from the fake clock (which starts at 0).
        for token in (TOKEN, TOKEN2, TOKEN3):
            self.p.claims[token] = {'iat': 1000, 'exp': 1900}
        original_post = self.p.post_to_parent
        original_request = self.p.request_json

        def post_to_parent(message, target_origin):
            self.posts.append((target_origin, copy.deepcopy(message)))
            original_post(message, target_origin)

        def request_json(method, url, token, body, done):
            self.sent.append((self.p.clock, method, url, token, copy.deepcopy(body)))
            original_request(method, url, token, body, done)
        self.p.post_to_parent = post_to_parent
        self.p.request_json = request_json
        for name in FRAME_EVENTS:
            self.watch(name)
        if start:
            self.api['start']({'apiBase': api_base})

    def watch(self, name):
        def listener(payload=None):
            self.events.append((name, copy.deepcopy(payload)))
        return self.api['on'](name, listener)

    # driving
    def send(self, message_type, payload=None, origin=PARENT, source='parent'):
        if source == 'parent':
            source = self.p.parent
        self.p.deliver(origin, source, envelope(message_type, payload))

    def init(self, token=TOKEN, **overrides):
        self.send('init', init_payload(token, **overrides))

    def respond(self, status, body=None, retry_after=None):
        self.p.respond(status, body, retry_after)

    def activate(self, token=TOKEN):
        """init + successful verification; returns the clock at activation."""
        self.init(token)
        self.respond(200, {'whatsappNumberIds': ['n1'], 'allowedOrigins': [PARENT]})
        assert self.state() == 'active'
        return self.p.clock

    def advance(self, ms):
        self.p.advance(ms)

    # reading
    def state(self):
        return self.api['getState']()

    def types(self):
        return [message['type'] for _, message in self.posts]

    def posts_of(self, message_type):
        return [message['payload'] for _, message in self.posts if message['type'] == message_type]

    def named(self, name):
        return [payload for event, payload in self.events if event == name]

    def event_names(self):
        return [name for name, _ in self.events]

    def requests_to(self, url):
        return [r for r in self.sent if r[2] == url]

    def timer_delays(self):
        delays = []
        for line in self.p.log:
            m = TIMER_RE.match(line)
            if m:
                delays.append(float(m.group(2)))
        return delays

    def warnings(self):
        return [line for line in self.p.log if line.startswith('warn ')]

    def assert_safe(self):
        """Every post: exactly parentOrigin, never '*', a proper envelope, no
        token anywhere; the token only in request token arguments."""
        for target, message in self.posts:
            assert target == PARENT
            assert message['source'] == SOURCE and message['v'] == 1
            text = repr(message)
            for token in self.tokens:
                assert token not in text, message
        post_lines = [line for line in self.p.log if line.startswith('post parent -> ')]
        assert len(post_lines) == len(self.posts)
        for line in post_lines:
            assert line.split(' ')[3] == PARENT
        for _clock, _method, url, _token, body in self.sent:
            for token in self.tokens:
                assert token not in url
                assert token not in repr(body)
        for line in self.p.log:
            if line.startswith('response '):
                continue          # the fake server's answer (a refresh carries the new token)
            stripped = re.sub(r' token="[^"]*"', '', line) if line.startswith('request ') else line
            for token in self.tokens:
                assert token not in stripped, line


@pytest.fixture
def env():
    e = Env()
    yield e
    e.assert_safe()


# ---- start() ------------------------------------------------------------------

def test_start_posts_ready_exactly_once_to_exactly_parent_origin(env):
    assert env.posts == [(PARENT, {'source': SOURCE, 'v': 1, 'type': 'ready', 'payload': {}})]
    assert env.state() == 'waiting'
    assert env.api['parentOrigin']() == PARENT
    assert len(env.p.message_listeners) == 1
    assert env.api['getToken']() is None
    assert env.p.requests == []


@pytest.mark.parametrize('origin', [
    None, '', 42, ['https://shop.example'], {'origin': PARENT},
    'null', '*', 'https://shop.example/', 'https://shop.example/path', 'https://shop.example/?x=1',
    'https://shop.example?x=1', 'https://shop.example#frag', 'javascript:alert(1)', 'data:text/html,hi',
    'ftp://shop.example', 'file:///etc/passwd', 'HTTPS://shop.example', 'https://SHOP.example',
    'https://shop.example:443', 'http://shop.example:80', 'https://user@shop.example',
    'https://user:pw@shop.example', 'https://shop.example:abc', 'https://', '//shop.example', 'shop.example',
    ' https://shop.example', 'https://' + 'a' * 300 + '.example',
])
def test_start_refuses_anything_but_an_exact_origin(origin):
    e = Env(start=False)
    e.p.query_parent_origin = origin
    with pytest.raises(StateError) as info:
        e.api['start']({'apiBase': API})
    assert info.value.code == 'not-initialized'
    assert e.posts == [] and e.p.message_listeners == [] and e.p.height_observers == []
    assert e.state() == 'idle'
    if isinstance(origin, str) and len(origin) > 40:
        assert origin not in str(info.value)   # long values are described, not echoed


@pytest.mark.parametrize('origin', ['https://shop.example', 'http://localhost:3000', 'https://shop.example:8443',
                                    'http://127.0.0.1:8080', 'https://[::1]:8443', 'https://a.b.c.example'])
def test_start_accepts_exact_origins(origin):
    e = Env(start=False)
    e.p.query_parent_origin = origin
    e.api['start']({'apiBase': API})
    assert e.posts == [(origin, envelope('ready', {}))]
    assert e.api['parentOrigin']() == origin


def test_start_outside_an_iframe_raises():
    e = Env(start=False)
    e.p.framed = False
    with pytest.raises(StateError) as info:
        e.api['start']({'apiBase': API})
    assert info.value.code == 'not-initialized'
    assert e.posts == [] and e.p.message_listeners == [] and e.state() == 'idle'


def test_start_twice_warns_and_keeps_one_listener_and_one_ready(env):
    env.api['start']({'apiBase': API})
    assert env.types() == ['ready']
    assert len(env.p.message_listeners) == 1
    assert len(env.p.height_observers) == 1 and len(env.p.visibility_listeners) == 1
    assert len(env.warnings()) == 1


@pytest.mark.parametrize('options', [None, {}, {'apiBase': 42}, 'https://api.example', {'other': 1}])
def test_start_without_a_string_api_base_uses_relative_urls(options):
    e = Env(start=False)
    e.api['start'](options)
    e.init()
    assert e.sent[0][2] == '/v1/embed/verify-origin'
    e.assert_safe()


# ---- who may talk to the frame ----------------------------------------------------

@pytest.mark.parametrize('origin', [
    'https://shop.example.evil.io', 'https://evil.io', 'https://shop.exampl', 'http://shop.example',
    'https://shop.example:443', 'https://SHOP.example', 'https://shop.example/', 'https://shop.example:8443',
    'https://sub.shop.example', 'null', '', None, '*', 42,
])
def test_init_from_any_other_origin_is_ignored(env, origin):
    env.send('init', init_payload(), origin=origin)
    assert env.sent == [] and env.p.requests == []
    assert env.state() == 'waiting' and env.events == [] and env.types() == ['ready']


@pytest.mark.parametrize('source', [FakeWindow('parent'), FakeWindow('popup'), None, 'parent-window', {}])
def test_init_from_the_right_origin_but_not_window_parent_is_ignored(env, source):
    env.send('init', init_payload(), source=source)
    assert env.sent == [] and env.state() == 'waiting' and env.events == []


def test_init_is_ignored_when_the_page_is_no_longer_framed(env):
    env.p.framed = False
    env.init()
    assert env.sent == [] and env.state() == 'waiting'


NOT_ENVELOPES = [
    None, 'init', 42, True, [], [envelope('init', init_payload())], {}, {'type': 'init', 'payload': init_payload()},
    envelope('init', init_payload(), source='other-lib'), envelope('init', init_payload(), source=None),
    {'source': SOURCE, 'v': 1, 'payload': init_payload()},                  # no type
    envelope('Init', init_payload()), envelope('ready', {}), envelope('resize', {'height': 3}),
    envelope('x' * 1000, {}), envelope(None, init_payload()), envelope(['init'], init_payload()),
    envelope('init', None), envelope('init', 'token'), envelope('init', [TOKEN]),
    envelope('init', init_payload(token='')),                               # minLength 1
    envelope('init', init_payload(token=42)), envelope('init', init_payload(token='x' * (LIMITS['tokenMax'] + 1))),
    envelope('init', init_payload(theme='purple')), envelope('init', init_payload(locale='e')),
    envelope('init', init_payload(locale=None)), envelope('init', init_payload(open='yes')),
    envelope('init', init_payload(options='x')), envelope('init', init_payload(options=None)),
]


@pytest.mark.parametrize('data', NOT_ENVELOPES)
def test_non_envelopes_unknown_types_and_bad_payloads_are_ignored(env, data):
    env.p.deliver(PARENT, env.p.parent, data)
    assert env.sent == [] and env.state() == 'waiting' and env.events == []
    assert env.types() == ['ready'] and env.warnings() == []


def test_wrong_version_is_ignored_with_one_warning(env):
    for v in (2, 0, '1', None, 1.5, True):
        env.p.deliver(PARENT, env.p.parent, envelope('init', init_payload(), v=v))
    env.p.deliver(PARENT, env.p.parent, {'source': SOURCE, 'type': 'init', 'payload': init_payload()})
    assert env.sent == [] and env.state() == 'waiting'
    assert len(env.warnings()) == 1
    assert 'version' in env.warnings()[0]
    env.init()        # the right version still works afterwards
    assert len(env.sent) == 1


def test_wrong_version_from_a_stranger_does_not_even_warn(env):
    env.p.deliver('https://evil.io', env.p.parent, envelope('init', init_payload(), v=2))
    env.p.deliver(PARENT, FakeWindow('popup'), envelope('init', init_payload(), v=2))
    assert env.warnings() == []


def test_a_throwing_page_listener_does_not_break_the_kit(env):
    def boom(payload=None):
        raise ValueError('page bug')
    env.api['on']('init', boom)
    env.activate()
    assert env.state() == 'active'
    assert env.named('init') == [INIT_FIELDS]
    assert any(line.startswith('listener-error init') for line in env.p.log)


# ---- init and origin verification -----------------------------------------------

def test_init_makes_one_verify_request_with_the_token_only_in_the_token_argument(env):
    env.init()
    assert len(env.sent) == 1
    _clock, method, url, token, body = env.sent[0]
    assert (method, url, token, body) == ('POST', VERIFY_URL, TOKEN, {'parentOrigin': PARENT})
    assert TOKEN not in url and TOKEN not in repr(body)
    assert env.state() == 'verifying'
    assert env.api['getToken']() is None            # not before the server agreed
    assert env.events == [] and env.types() == ['ready']


def test_verify_200_activates_and_emits_init_with_the_display_fields(env):
    env.init(extra='ignored')
    env.respond(200, {'whatsappNumberIds': ['n1', 7], 'allowedOrigins': [PARENT], 'token': 'x'})
    assert env.state() == 'active'
    assert env.api['getToken']() == TOKEN
    assert env.events == [('init', INIT_FIELDS)]
    assert env.api['getScope']() == {'whatsappNumberIds': ['n1'], 'allowedOrigins': [PARENT]}
    assert env.types() == ['ready']                 # nothing else told to the parent
    assert env.p.pending_requests() == 0


def test_verify_403_rejects_with_origin_not_allowed(env):
    env.init()
    env.respond(403, {'error': 'origin'})
    assert env.state() == 'rejected'
    assert env.api['getToken']() is None and env.api['getScope']() is None
    errors = env.posts_of('error')
    assert len(errors) == 1 and errors[0]['code'] == 'origin-not-allowed'
    assert PARENT in errors[0]['message']
    assert env.event_names() == ['rejected']
    assert env.named('rejected')[0]['code'] == 'origin-not-allowed'
    assert env.types() == ['ready', 'error']
    assert env.p.pending_timers() == 0
    # nothing is delivered afterwards, and set-token cannot sneak in
    for message_type, payload in (('open', {}), ('set-theme', {'theme': 'light'}), ('sendMessage', {'text': 'x'}),
                                  ('set-token', {'token': TOKEN2})):
        env.send(message_type, payload)
    assert env.event_names() == ['rejected'] and len(env.sent) == 1


def test_verify_401_posts_session_expired_once(env):
    env.init()
    env.respond(401)
    assert env.types() == ['ready', 'session-expired']
    assert env.posts_of('session-expired') == [{}]
    assert env.event_names() == ['expired']
    assert env.state() == 'expired' and env.api['getToken']() is None
    env.api['sessionExpired']()
    assert env.types() == ['ready', 'session-expired']


@pytest.mark.parametrize('status', [0, 400, 404, 429, 500, 502, 302, 201])
def test_other_verify_statuses_reject_with_verify_failed(env, status):
    env.init()
    env.respond(status, None, 30)
    assert env.state() == 'rejected' and env.api['getToken']() is None
    assert [p['code'] for p in env.posts_of('error')] == ['verify-failed']
    assert [p['code'] for p in env.named('rejected')] == ['verify-failed']
    assert env.p.pending_timers() == 0 and len(env.sent) == 1


def test_init_without_token_rejects_with_token_missing(env):
    env.init(token=None)
    assert env.sent == []
    assert env.state() == 'rejected'
    assert [p['code'] for p in env.posts_of('error')] == ['token-missing']
    assert [p['code'] for p in env.named('rejected')] == ['token-missing']


def test_a_new_init_during_verification_makes_the_old_answer_stale(env):
    env.init(TOKEN)
    env.init(TOKEN2)
    assert [r[3] for r in env.sent] == [TOKEN, TOKEN2]
    env.respond(200)                  # answer for TOKEN: stale
    assert env.state() == 'verifying' and env.events == []
    env.respond(200)
    assert env.state() == 'active' and env.api['getToken']() == TOKEN2
    assert env.event_names() == ['init']


def test_a_stale_403_does_not_reject_the_newer_token(env):
    env.init(TOKEN)
    env.init(TOKEN2)
    env.respond(403)
    assert env.state() == 'verifying' and env.posts_of('error') == []
    env.respond(200)
    assert env.state() == 'active'


def test_a_rejected_frame_may_be_initialised_again(env):
    env.init()
    env.respond(403)
    env.init(TOKEN2)
    env.respond(200)
    assert env.state() == 'active' and env.api['getToken']() == TOKEN2


# ---- commands -----------------------------------------------------------------

COMMANDS = [
    ('set-theme', {'theme': 'light'}, {'theme': 'light'}),
    ('set-locale', {'locale': 'es-ES'}, {'locale': 'es-ES'}),
    ('open', {}, None),
    ('close', None, None),
    ('sendMessage', {'text': 'hello'}, {'text': 'hello'}),
    ('updateContext', {'context': {'plan': 'pro'}}, {'context': {'plan': 'pro'}}),
    ('updateContact', {'fields': {'email': 'a@b.co'}}, {'fields': {'email': 'a@b.co'}}),
    ('setQuestions', {'questions': ['Pricing?', 'Trial?']}, {'questions': ['Pricing?', 'Trial?']}),
]


@pytest.mark.parametrize('message_type, payload, expected', COMMANDS)
def test_commands_are_delivered_as_page_events_when_active(env, message_type, payload, expected):
    env.activate()
    env.events.clear()
    env.send(message_type, payload)
    assert env.events == [(message_type, expected)]
    assert env.types() == ['ready']


@pytest.mark.parametrize('message_type, payload, expected', COMMANDS)
def test_commands_before_init_are_ignored(env, message_type, payload, expected):
    env.send(message_type, payload)          # waiting: no token, nothing verified
    assert env.events == []
    env.activate()
    assert env.event_names() == ['init']     # nothing replayed


def test_commands_while_verifying_are_held_and_delivered_in_order_after_verification(env):
    env.init()
    for message_type, payload, _expected in COMMANDS:
        env.send(message_type, payload)
    env.send('set-theme', {'theme': 'purple'})          # malformed: not even held
    assert env.events == []
    env.respond(200)
    assert env.events == [('init', INIT_FIELDS)] + [(t, expected) for t, _p, expected in COMMANDS]


def test_held_commands_are_dropped_when_verification_fails(env):
    env.init()
    env.send('open', {})
    env.send('sendMessage', {'text': 'hi'})
    env.respond(403)
    env.init(TOKEN2)
    env.respond(200)
    assert env.event_names() == ['rejected', 'init']


def test_held_commands_are_dropped_by_stop(env):
    env.init()
    env.send('open', {})
    env.api['stop']()
    env.respond(200)                          # the stale answer: ignored
    env.api['start']({'apiBase': API})
    env.watch('open')                         # stop() removed the page's listeners
    env.watch('init')
    env.activate()
    assert env.event_names() == ['init']


def test_held_commands_are_bounded(env):
    env.init()
    for i in range(LIMITS['queueMax'] + 50):
        env.send('sendMessage', {'text': 'm' + str(i)})
    env.respond(200)
    texts = [p['text'] for p in env.named('sendMessage')]
    assert len(texts) == LIMITS['queueMax']
    assert texts == ['m' + str(i) for i in range(LIMITS['queueMax'])]


def test_commands_during_set_token_reverification_are_held(env):
    env.activate()
    env.events.clear()
    env.send('set-token', {'token': TOKEN2})
    env.send('set-theme', {'theme': 'light'})
    assert env.events == []
    env.respond(200)
    assert ('set-theme', {'theme': 'light'}) in env.events


@pytest.mark.parametrize('message_type, payload', [
    ('set-theme', {'theme': 'purple'}), ('set-theme', {}), ('set-locale', {'locale': 'x'}),
    ('set-locale', {'locale': 'x' * 36}), ('sendMessage', {'text': ''}),
    ('sendMessage', {'text': 'x' * (LIMITS['messageMax'] + 1)}), ('updateContext', {'context': 'x'}),
    ('updateContact', {'fields': None}), ('setQuestions', {'questions': 'Pricing?'}),
    ('setQuestions', {'questions': ['q'] * (LIMITS['questionsMax'] + 1)}), ('setQuestions', {'questions': [1]}),
    ('open', 'now'), ('set-token', {'token': ''}), ('set-token', {'token': 42}), ('reboot', {}),
])
def test_malformed_commands_are_ignored_when_active(env, message_type, payload):
    env.activate()
    env.events.clear()
    env.send(message_type, payload)
    assert env.events == [] and len(env.sent) == 1 and env.api['getToken']() == TOKEN


def test_commands_after_expiry_are_ignored(env):
    env.activate()
    env.api['sessionExpired']()
    env.events.clear()
    env.send('open', {})
    env.send('sendMessage', {'text': 'hi'})
    assert env.events == []


def test_set_token_reverifies_the_new_token(env):
    env.activate()
    env.send('set-token', {'token': TOKEN2})
    assert len(env.sent) == 2
    assert env.sent[1][1:] == ('POST', VERIFY_URL, TOKEN2, {'parentOrigin': PARENT})
    env.respond(200)
    assert env.state() == 'active' and env.api['getToken']() == TOKEN2


def test_set_token_emits_token_not_a_second_init(env):
    env.activate()
    env.events.clear()
    env.send('set-token', {'token': TOKEN2})
    env.respond(200)
    assert env.event_names() == ['token']


def test_set_token_after_expiry_emits_token(env):
    env.activate()
    env.api['sessionExpired']()
    env.events.clear()
    env.send('set-token', {'token': TOKEN2})
    env.respond(200)
    assert env.state() == 'active'
    assert env.event_names() == ['token']


def test_set_token_before_init_is_ignored(env):
    env.send('set-token', {'token': TOKEN2})
    assert env.sent == [] and env.state() == 'waiting'


def test_set_token_after_expiry_revives_the_session(env):
    env.activate()
    env.api['sessionExpired']()
    env.send('set-token', {'token': TOKEN2})
    env.respond(200)
    assert env.state() == 'active' and env.api['getToken']() == TOKEN2
    env.api['sessionExpired']()               # a later expiry is reported again
    assert env.types().count('session-expired') == 2


def test_set_token_rejected_by_the_server(env):
    env.activate()
    env.send('set-token', {'token': TOKEN2})
    env.respond(403)
    assert env.state() == 'rejected' and env.api['getToken']() is None
    assert [p['code'] for p in env.posts_of('error')] == ['origin-not-allowed']
    assert env.p.pending_timers() == 0


# ---- token lifetime ------------------------------------------------------------

def test_refresh_happens_at_exactly_80_percent_of_the_lifetime(env):
    env.advance(5000)
    env.init()
    env.advance(1234)                   # the lifetime counts from the verified answer
    env.respond(200)
    t0 = env.p.clock
    assert env.requests_to(REFRESH_URL) == []
    env.advance(REFRESH_MS - 1)
    assert env.requests_to(REFRESH_URL) == []
    env.advance(1)
    refresh = env.requests_to(REFRESH_URL)
    assert len(refresh) == 1
    assert refresh[0] == (t0 + REFRESH_MS, 'POST', REFRESH_URL, TOKEN, {})


@pytest.mark.parametrize('iat', [0, 1, 1700000000, 1700000000 + 3600, 1700000000 - 3600, 4102444800, -5000])
def test_refresh_uses_the_relative_lifetime_so_clock_skew_does_not_matter(iat):
    e = Env()
    e.p.claims[TOKEN] = {'iat': iat, 'exp': iat + 900, 'sub': 'x'}
    e.advance(77777)
    t0 = e.activate()
    # The refresh at 80% and the expiry watchdog at 100% of the relative lifetime.
    assert e.timer_delays() == [REFRESH_MS, LIFETIME_MS]
    e.advance(REFRESH_MS)
    assert [r[0] for r in e.requests_to(REFRESH_URL)] == [t0 + REFRESH_MS]


def test_refreshed_token_replaces_the_old_one_and_the_next_refresh_is_rescheduled(env):
    env.p.claims[TOKEN2] = {'iat': 5000, 'exp': 5600}       # 600 s -> next refresh after 480 s
    t0 = env.activate()
    env.events.clear()
    env.advance(REFRESH_MS)
    env.respond(200, {'token': TOKEN2, 'expiresAt': 'later'})
    assert env.api['getToken']() == TOKEN2
    assert env.event_names() == ['token']
    assert env.events == [('token', None)]
    env.advance(480 * 1000 - 1)
    assert len(env.requests_to(REFRESH_URL)) == 1
    env.advance(1)
    refresh = env.requests_to(REFRESH_URL)
    assert len(refresh) == 2
    assert refresh[1][0] == t0 + REFRESH_MS + 480 * 1000 and refresh[1][3] == TOKEN2
    assert env.types() == ['ready']


@pytest.mark.parametrize('body', [None, {}, {'token': ''}, {'token': '   '}, {'token': 42}, 'SECRET-TOKEN-TWO',
                                  ['x']])
def test_a_200_without_a_usable_token_is_retried_not_installed(env, body):
    env.activate()
    env.advance(REFRESH_MS)
    env.respond(200, body)
    assert env.api['getToken']() == TOKEN
    env.advance(2000)
    assert len(env.requests_to(REFRESH_URL)) == 2


@pytest.mark.parametrize('status', [401, 403])
def test_refresh_401_or_403_expires_the_session_exactly_once(env, status):
    env.activate()
    env.advance(REFRESH_MS)
    env.respond(status)
    assert env.state() == 'expired' and env.api['getToken']() is None
    assert env.types() == ['ready', 'session-expired']
    assert env.event_names() == ['init', 'expired']
    assert env.p.pending_timers() == 0
    # triggered again: nothing more
    env.api['sessionExpired']()
    env.p.set_visible(False)
    env.p.set_visible(True)
    env.advance(10 * LIFETIME_MS)
    assert env.types() == ['ready', 'session-expired']
    assert env.event_names() == ['init', 'expired']
    assert len(env.requests_to(REFRESH_URL)) == 1


def test_429_honours_retry_after(env):
    t0 = env.activate()
    env.advance(REFRESH_MS)
    env.respond(429, None, 30)
    env.advance(30000 - 1)
    assert len(env.requests_to(REFRESH_URL)) == 1
    env.advance(1)
    times = [r[0] for r in env.requests_to(REFRESH_URL)]
    assert times == [t0 + REFRESH_MS, t0 + REFRESH_MS + 30000]
    env.respond(200, {'token': TOKEN2})
    assert env.api['getToken']() == TOKEN2 and env.state() == 'active'


def test_429_retry_after_beyond_expiry_expires_at_expiry_instead(env):
    t0 = env.activate()
    env.advance(REFRESH_MS)
    env.respond(429, None, 3600)
    env.advance(LIFETIME_MS - REFRESH_MS - 1)
    assert env.posts_of('session-expired') == []
    env.advance(1)
    assert env.p.clock == t0 + LIFETIME_MS
    assert env.posts_of('session-expired') == [{}]
    env.advance(3600 * 1000)
    assert len(env.requests_to(REFRESH_URL)) == 1 and env.types().count('session-expired') == 1


def test_429_without_retry_after_backs_off_like_a_server_error(env):
    t0 = env.activate()
    env.advance(REFRESH_MS)
    env.respond(429, None, None)
    env.advance(2000)
    assert [r[0] for r in env.requests_to(REFRESH_URL)] == [t0 + REFRESH_MS, t0 + REFRESH_MS + 2000]


def advance_until_request(env, limit_ms):
    """Step the clock (1 s at a time) until a request is pending; False if none came."""
    waited = 0
    while env.p.pending_requests() == 0 and waited < limit_ms:
        env.advance(1000)
        waited += 1000
    return env.p.pending_requests() > 0


def test_server_and_network_errors_back_off_but_never_past_expiry(env):
    t0 = env.activate()
    env.advance(REFRESH_MS)
    statuses = [500, 0, 502, 503, 0, 500, 500, 500, 500, 500]
    answered = 0
    for status in statuses:
        if env.p.pending_requests() == 0:
            break
        env.respond(status)
        answered += 1
        advance_until_request(env, LIFETIME_MS)
    times = [r[0] - t0 for r in env.requests_to(REFRESH_URL)]
    assert times == [720000, 722000, 726000, 734000, 750000, 782000, 842000]
    gaps = [times[i + 1] - times[i] for i in range(len(times) - 1)]
    assert gaps == [2000, 4000, 8000, 16000, 32000, 60000]      # doubling, capped at 60 s
    assert answered == 7
    assert env.types() == ['ready', 'session-expired']
    fired = [line for line in env.p.log if line.startswith('timeout #')]
    assert fired[-1].endswith('fired at ' + str(t0 + LIFETIME_MS) + 'ms')     # exactly at expiry
    assert env.event_names() == ['init', 'expired']
    assert env.p.pending_timers() == 0
    assert all(d >= MIN_DELAY_MS for d in env.timer_delays())


def test_backoff_resets_after_a_successful_refresh(env):
    env.p.claims[TOKEN2] = {'iat': 0, 'exp': 900}
    env.activate()
    env.advance(REFRESH_MS)
    env.respond(500)
    env.advance(2000)
    env.respond(500)
    env.advance(4000)
    env.respond(200, {'token': TOKEN2})
    env.advance(REFRESH_MS)
    env.respond(500)
    start = env.p.clock
    env.advance(2000)
    assert env.requests_to(REFRESH_URL)[-1][0] == start + 2000


def test_no_timer_shorter_than_the_minimum_in_a_long_session(env):
    env.p.claims[TOKEN2] = {'iat': 0, 'exp': 1}              # 1 s token: 800 ms is clamped to 1000 ms
    env.activate()
    for status, retry_after in ((500, None), (429, 2), (0, None), (429, 0.2), (503, None)):
        assert advance_until_request(env, LIFETIME_MS)
        env.respond(status, None, retry_after)
    assert advance_until_request(env, LIFETIME_MS)
    env.respond(200, {'token': TOKEN2})
    env.advance(5000)                                        # TOKEN2 expires instead of looping
    assert env.types() == ['ready', 'session-expired']
    env.send('set-token', {'token': TOKEN3})
    env.respond(200)
    env.advance(REFRESH_MS)
    env.respond(200, {'token': TOKEN})
    delays = env.timer_delays()
    assert len(delays) >= 9
    assert min(delays) >= MIN_DELAY_MS, delays
    assert 1000 in delays                                    # the clamped ones


def test_a_one_second_token_expires_instead_of_looping(env):
    env.p.claims[TOKEN] = {'iat': 10, 'exp': 11}
    env.activate()
    assert env.timer_delays() == [1000, 1000]          # refresh and expiry, both clamped to the minimum
    env.advance(60000)
    assert env.types() == ['ready', 'session-expired']
    assert env.requests_to(REFRESH_URL) == []
    assert env.timer_delays() == [1000, 1000]


def test_no_timer_below_the_minimum_when_a_retry_meets_expiry(env):
    env.p.claims[TOKEN] = {'iat': 0, 'exp': 4}               # refresh at 3.2 s, 0.8 s left
    env.activate()
    env.advance(3200)
    env.respond(500)
    env.advance(10000)
    assert env.types() == ['ready', 'session-expired']
    assert min(env.timer_delays()) >= MIN_DELAY_MS, env.timer_delays()


def test_a_failed_answer_arriving_after_expiry_expires_once(env):
    env.activate()
    env.advance(REFRESH_MS)
    env.advance(LIFETIME_MS)                 # the request hangs past expiry
    env.respond(0)
    env.advance(60000)
    assert env.types() == ['ready', 'session-expired']
    assert len(env.requests_to(REFRESH_URL)) == 1
    assert env.p.pending_timers() == 0


def test_a_hanging_refresh_still_expires_at_expiry(env):
    t0 = env.activate()
    env.advance(REFRESH_MS)
    env.advance(LIFETIME_MS - REFRESH_MS)
    assert env.p.clock == t0 + LIFETIME_MS
    assert env.types() == ['ready', 'session-expired']


def test_became_visible_while_a_refresh_is_pending_makes_no_second_request(env):
    env.activate()
    env.advance(REFRESH_MS)
    assert env.p.pending_requests() == 1
    for _ in range(5):
        env.p.set_visible(False)
        env.p.set_visible(True)
    assert len(env.requests_to(REFRESH_URL)) == 1
    env.respond(200, {'token': TOKEN2})
    assert env.api['getToken']() == TOKEN2


def test_became_visible_before_the_refresh_time_makes_no_request(env):
    env.activate()
    env.advance(100000)
    for _ in range(5):
        env.p.set_visible(False)
        env.p.set_visible(True)
    assert env.requests_to(REFRESH_URL) == []
    env.advance(REFRESH_MS - 100000)
    assert len(env.requests_to(REFRESH_URL)) == 1


def test_became_visible_while_a_retry_waits_makes_no_request(env):
    env.activate()
    env.advance(REFRESH_MS)
    env.respond(500)
    env.p.set_visible(False)
    env.p.set_visible(True)
    assert len(env.requests_to(REFRESH_URL)) == 1
    env.advance(2000)
    assert len(env.requests_to(REFRESH_URL)) == 2


def test_hidden_tab_makes_no_refresh_request_until_visible(env):
    t0 = env.activate()
    env.p.set_visible(False)
    env.advance(REFRESH_MS + 60000)
    assert env.requests_to(REFRESH_URL) == []
    assert env.posts_of('session-expired') == []
    env.p.set_visible(True)
    refresh = env.requests_to(REFRESH_URL)
    assert [r[0] for r in refresh] == [t0 + REFRESH_MS + 60000]
    env.p.set_visible(True)
    assert len(env.requests_to(REFRESH_URL)) == 1


def test_hidden_tab_during_retries_makes_no_request(env):
    env.activate()
    env.advance(REFRESH_MS)
    env.p.set_visible(False)
    env.respond(500)
    env.advance(30000)
    assert len(env.requests_to(REFRESH_URL)) == 1
    env.p.set_visible(True)
    assert len(env.requests_to(REFRESH_URL)) == 2


def test_visible_again_after_expiry_reports_once_and_makes_no_burst(env):
    env.activate()
    env.p.set_visible(False)
    env.advance(3 * LIFETIME_MS)
    # Hidden: no refresh requests; the expiry watchdog still reports expiry, once.
    assert env.requests_to(REFRESH_URL) == [] and len(env.posts_of('session-expired')) == 1
    for _ in range(3):
        env.p.set_visible(True)
        env.p.set_visible(False)
    env.p.set_visible(True)
    assert env.requests_to(REFRESH_URL) == []
    assert env.types() == ['ready', 'session-expired']
    assert env.event_names() == ['init', 'expired']
    assert env.p.pending_timers() == 0


def test_machine_slept_past_expiry(env):
    """Timers do not fire during sleep: the clock jumps, then focus/visibility."""
    env.activate()
    env.p.clock += 2 * LIFETIME_MS           # no timers run
    env.p.set_visible(True)
    assert env.types() == ['ready', 'session-expired']
    assert env.requests_to(REFRESH_URL) == []
    assert env.p.pending_timers() == 0       # the stale refresh timer is gone
    env.advance(LIFETIME_MS)
    assert env.types() == ['ready', 'session-expired'] and env.requests_to(REFRESH_URL) == []


@pytest.mark.parametrize('claims', [None, {}, {'exp': 1900}, {'iat': 1000}, {'iat': '1000', 'exp': '1900'},
                                    {'iat': 1900, 'exp': 1900}, {'iat': 1900, 'exp': 1000}, 'claims', [1000, 1900],
                                    {'iat': None, 'exp': 1900}])
def test_unknown_lifetime_schedules_no_refresh(claims):
    e = Env()
    if claims is None:
        del e.p.claims[TOKEN]
    else:
        e.p.claims[TOKEN] = claims
    e.activate()
    assert e.p.pending_timers() == 0 and e.timer_delays() == []
    e.p.set_visible(False)
    e.p.set_visible(True)
    e.advance(100 * LIFETIME_MS)
    assert e.requests_to(REFRESH_URL) == [] and e.state() == 'active'
    assert e.api['getToken']() == TOKEN
    e.assert_safe()


def test_a_refresh_answer_after_set_token_is_ignored(env):
    env.activate()
    env.advance(REFRESH_MS)
    env.send('set-token', {'token': TOKEN2})
    env.respond(200, {'token': TOKEN3})       # the refresh of the replaced token
    env.respond(200)                           # verification of TOKEN2
    assert env.api['getToken']() == TOKEN2


# ---- resize -------------------------------------------------------------------

def test_height_floods_coalesce_to_one_resize_per_animation_frame(env):
    for h in range(100, 1100):
        env.p.set_height(h)
    assert env.posts_of('resize') == []
    assert len(env.p.frames_queue) == 1
    env.p.run_frame()
    assert env.posts_of('resize') == [{'height': 1099}]
    env.p.run_frame()
    assert env.posts_of('resize') == [{'height': 1099}]


def test_unchanged_heights_are_not_posted_again(env):
    env.p.set_height(300)
    env.p.run_frame()
    env.p.set_height(300)
    env.p.run_frame()
    env.p.set_height(500)
    env.p.set_height(300)
    env.p.run_frame()
    env.p.set_height(301)
    env.p.run_frame()
    assert env.posts_of('resize') == [{'height': 300}, {'height': 301}]


@pytest.mark.parametrize('bad', [-1, -0.5, float('nan'), None, '300', True, [300], {'height': 300}])
def test_invalid_heights_are_ignored(env, bad):
    env.p.set_height(bad)
    env.p.run_frame()
    assert env.posts_of('resize') == []
    env.p.set_height(200)
    env.p.set_height(bad)
    env.p.run_frame()
    assert env.posts_of('resize') == [{'height': 200}]


def test_fractional_heights_are_rounded(env):
    env.p.set_height(120.6)
    env.p.run_frame()
    env.p.set_height(0)
    env.p.run_frame()
    assert env.posts_of('resize') == [{'height': 121}, {'height': 0}]


def test_infinite_height_is_ignored(env):
    env.p.set_height(float('inf'))
    env.p.run_frame()
    assert env.posts_of('resize') == []


# ---- reports to the parent --------------------------------------------------------

def test_report_unread_posts_whole_counts_and_skips_duplicates(env):
    for count in (0, 3, 3, 5, 5, 0, 2.0):
        env.api['reportUnread'](count)
    assert env.posts_of('chat:unread-count') == [{'count': 0}, {'count': 3}, {'count': 5}, {'count': 0},
                                                {'count': 2}]


@pytest.mark.parametrize('bad', [-1, 1.5, 0.1, '3', None, True, [3], {'count': 3}])
def test_report_unread_rejects_anything_but_whole_numbers(env, bad):
    with pytest.raises(ArgumentError) as info:
        env.api['reportUnread'](bad)
    assert info.value.code == 'invalid-argument'
    assert env.posts_of('chat:unread-count') == []


@pytest.mark.parametrize('bad', [float('nan'), float('inf')])
def test_report_unread_rejects_non_finite_numbers(env, bad):
    with pytest.raises(ArgumentError):
        env.api['reportUnread'](bad)


def test_report_unread_before_start_does_not_swallow_the_first_real_report():
    e = Env(start=False)
    with pytest.raises(StateError):
        e.api['reportUnread'](3)
    e.api['start']({'apiBase': API})
    e.api['reportUnread'](3)
    assert e.posts_of('chat:unread-count') == [{'count': 3}]


def test_conversation_opened(env):
    env.api['conversationOpened']('conv_1')
    env.api['conversationOpened']('c' * LIMITS['idMax'])
    assert env.posts_of('chat:conversation-opened') == [{'conversationId': 'conv_1'},
                                                        {'conversationId': 'c' * LIMITS['idMax']}]


@pytest.mark.parametrize('bad', ['', None, 42, ['c'], 'c' * (LIMITS['idMax'] + 1)])
def test_conversation_opened_rejects_bad_ids(env, bad):
    with pytest.raises(ArgumentError):
        env.api['conversationOpened'](bad)
    assert env.posts_of('chat:conversation-opened') == []


def test_report_message(env):
    env.api['reportMessage']('user', 'Hi there')
    env.api['reportMessage']('ai', 'x' * LIMITS['stringMax'])
    assert env.posts_of('message') == [{'role': 'user', 'content': 'Hi there'},
                                       {'role': 'ai', 'content': 'x' * LIMITS['stringMax']}]


@pytest.mark.parametrize('role, content', [('system', 'x'), ('USER', 'x'), (None, 'x'), ('user', ''),
                                           ('ai', '   '), ('user', None), ('ai', 42),
                                           ('user', 'x' * (LIMITS['stringMax'] + 1))])
def test_report_message_rejects_bad_roles_and_texts(env, role, content):
    with pytest.raises(ArgumentError):
        env.api['reportMessage'](role, content)
    assert env.posts_of('message') == []


def test_report_error_and_open_close_requests(env):
    env.api['reportError']('upload-failed', 'The file is too large')
    env.api['requestOpen']()
    env.api['requestClose']()
    assert env.posts[1:] == [
        (PARENT, envelope('error', {'code': 'upload-failed', 'message': 'The file is too large'})),
        (PARENT, envelope('open', {})),
        (PARENT, envelope('close', {})),
    ]


@pytest.mark.parametrize('code, message', [(None, 'm'), ('c', None), (1, 'm'), ('c', ['m'])])
def test_report_error_needs_two_strings(env, code, message):
    with pytest.raises(ArgumentError):
        env.api['reportError'](code, message)
    assert env.posts_of('error') == []


REPORTS = [('reportUnread', (1,)), ('conversationOpened', ('c1',)), ('reportMessage', ('user', 'hi')),
           ('reportError', ('c', 'm')), ('requestOpen', ()), ('requestClose', ())]


@pytest.mark.parametrize('name, args', REPORTS)
def test_reports_before_start_raise_state_error(name, args):
    e = Env(start=False)
    with pytest.raises(StateError) as info:
        e.api[name](*args)
    assert info.value.code == 'not-initialized'
    assert e.posts == []


@pytest.mark.parametrize('name, args', REPORTS)
def test_reports_after_stop_raise_state_error(env, name, args):
    env.api['stop']()
    with pytest.raises(StateError):
        env.api[name](*args)
    assert env.types() == ['ready']


def test_session_expired_before_start_raises_state_error():
    e = Env(start=False)
    with pytest.raises(StateError):
        e.api['sessionExpired']()


def test_session_expired_after_stop_raises_and_posts_nothing(env):
    # Like every report after stop(): StateError 'not-initialized', nothing posted.
    env.activate()
    env.api['stop']()
    with pytest.raises(StateError) as info:
        env.api['sessionExpired']()
    assert info.value.code == 'not-initialized'
    assert env.types() == ['ready']


def test_session_expired_from_the_page_reports_once(env):
    env.activate()
    env.api['sessionExpired']()
    env.api['sessionExpired']()
    assert env.types() == ['ready', 'session-expired']
    assert env.state() == 'expired' and env.api['getToken']() is None
    assert env.p.pending_timers() == 0


# ---- stop() --------------------------------------------------------------------

def test_stop_unlistens_cancels_and_forgets(env):
    env.activate()
    env.p.set_height(400)
    assert env.p.pending_timers() == 2 and len(env.p.frames_queue) == 1     # refresh + expiry watchdog
    env.api['stop']()
    assert env.state() == 'stopped'
    assert env.p.message_listeners == [] and env.p.height_observers == [] and env.p.visibility_listeners == []
    assert env.p.pending_timers() == 0 and env.p.frames_queue == []
    assert 'unlisten message (0)' in env.p.log and 'cancel-frame' in env.p.log
    assert env.api['getToken']() is None and env.api['getScope']() is None
    env.events.clear()
    # later messages, heights, visibility and time do nothing
    env.p.deliver(PARENT, env.p.parent, envelope('init', init_payload(TOKEN2)))
    env.p.deliver(PARENT, env.p.parent, envelope('open', {}))
    env.p.set_height(500)
    env.p.run_frame()
    env.p.set_visible(False)
    env.p.set_visible(True)
    env.advance(10 * LIFETIME_MS)
    assert env.events == [] and env.types() == ['ready'] and len(env.sent) == 1


def test_stop_during_verification_ignores_the_late_answer(env):
    env.init()
    env.api['stop']()
    env.respond(200)
    assert env.state() == 'stopped' and env.events == [] and env.p.pending_timers() == 0
    assert env.api['getToken']() is None


def test_stop_during_a_refresh_ignores_the_late_answer(env):
    env.activate()
    env.advance(REFRESH_MS)
    env.api['stop']()
    env.respond(200, {'token': TOKEN2})
    assert env.api['getToken']() is None and env.p.pending_timers() == 0


def test_stop_is_idempotent_and_harmless_before_start():
    e = Env(start=False)
    e.api['stop']()
    assert e.state() == 'idle'
    e.api['start']({'apiBase': API})
    e.api['stop']()
    e.api['stop']()
    assert e.p.log.count('unlisten message (0)') == 1


def test_start_after_stop_listens_again(env):
    env.activate()
    env.api['stop']()
    env.api['start']({'apiBase': API})
    assert env.types() == ['ready', 'ready']
    assert len(env.p.message_listeners) == 1
    env.watch('init')
    env.init(TOKEN2)
    env.respond(200)
    assert env.state() == 'active' and env.api['getToken']() == TOKEN2


def test_restart_after_stop_with_a_refresh_in_flight_still_refreshes(env):
    env.activate()
    env.advance(REFRESH_MS)
    env.api['stop']()
    env.api['start']({'apiBase': API})
    env.init(TOKEN2)
    env.respond(200, {'token': TOKEN3})       # the old refresh: ignored
    env.respond(200)                           # verification of TOKEN2
    assert env.api['getToken']() == TOKEN2
    env.advance(REFRESH_MS)
    assert [r[3] for r in env.requests_to(REFRESH_URL)] == [TOKEN, TOKEN2]


# ---- the token stays in memory and in request token arguments --------------------

def test_the_token_never_reaches_the_parent_or_any_log_line():
    e = Env()
    e.p.claims[TOKEN2] = {'iat': 0, 'exp': 900}
    e.init()
    e.respond(200)
    e.p.set_height(321)
    e.p.run_frame()
    e.api['reportUnread'](2)
    e.api['reportMessage']('user', 'hi')
    e.advance(REFRESH_MS)
    e.respond(500)
    e.advance(2000)
    e.respond(429, None, 5)
    e.advance(5000)
    e.respond(200, {'token': TOKEN2})
    e.send('set-token', {'token': TOKEN3})
    e.respond(403)
    e.init(TOKEN)
    e.respond(401)
    e.api['stop']()
    assert 'session-expired' in e.types() and 'error' in e.types()
    assert {r[3] for r in e.sent} == {TOKEN, TOKEN3}
    e.assert_safe()
    for _target, message in e.posts:
        assert 'token' not in message['payload']
    for _name, payload in e.events:
        assert TOKEN not in repr(payload) and TOKEN2 not in repr(payload) and TOKEN3 not in repr(payload)


# ---- reset (the host's logout) ---------------------------------------------------

def test_reset_reaches_the_page_then_the_host_hears_it_is_done(env):
    env.activate()
    order = []
    env.api['on']('reset', lambda payload=None: order.append(('page forgot', env.posts_of('reset'))))
    env.send('reset', {})
    assert order == [('page forgot', [])]             # the page's listeners ran before the answer
    assert env.posts_of('reset') == [{}]
    assert env.named('reset') == [None]


def test_reset_while_verifying_waits_for_the_verification(env):
    env.init()
    env.send('reset', {})
    assert env.posts_of('reset') == [] and env.named('reset') == []
    env.respond(200, {'whatsappNumberIds': ['n1'], 'allowedOrigins': [PARENT]})
    assert env.named('reset') == [None] and env.posts_of('reset') == [{}]
