"""Correctness rules of the headless client (sdk_src/headless.py through the
headless_api facade) on FakeHeadlessPlatform: lazy session, the message list
(order by seq, de-duplication, streaming), the outbox, the socket's backoff /
gave_up / stable time / connect timeout / auth renewal / ping / hidden tab /
close(), history catch-up, updateContact and option validation.
SECURITY-CASES 23-28 are marked in the test names' comments.

The parity scenarios (tests/parity/headless_scenarios.py) only compare CPython
against JavaScript; the assertions here say what the behaviour must be.
Every request, socket and timer is captured as a structured record by wrapping
the fake's request_json / open_socket / set_timeout.
"""
import copy
import math

import pytest

from errors import ArgumentError, ConfigError, StateError
from fake_platform import FakeHeadlessPlatform
from headless import (BACKOFF_CAP_MS, CONNECT_TIMEOUT_MS, MAX_ATTEMPTS, OUTBOX_MAX, PING_MS, SEND_RETRY_MS,
                      STABLE_MS, backoff_delay)
from headless_api import create_headless

PROFILE = {'id': 'pilot-status', 'globalName': 'PilotStatus', 'source': 'pilot-status-embed',
           'defaultBaseUrl': 'https://chat.pilotstatus.com.br', 'defaultApiBase': 'https://chat.pilotstatus.com.br',
           'frameUrl': '{base}/?parentOrigin={origin}', 'frameTitle': 'Pilot Status chat',
           'requiresToken': True, 'requiredOptions': [], 'version': '0.0.0-test'}
API = 'https://api.example'
INBOX = 'inbox-1'
SESSION_URL = API + '/api/widget/session'
MESSAGE_URL = API + '/api/widget/message'
CONTACT_URL = API + '/api/widget/contact'
HISTORY_URL = API + '/api/widget/messages?after='
VISITOR_KEY = 'pilot-status.visitorId'
ST1, ST2, ST3 = 'st-one', 'st-two', 'st-three'
CONV = 'conv-1'
PING = '{"type":"ping"}'


def expected_base(attempt):
    return min(BACKOFF_CAP_MS, 1000 * 2 ** (attempt - 1))


def session_body(token=ST1, conversation=CONV, greeting=None, disclosure=None, resumed=False):
    return {'sessionToken': token, 'conversationId': conversation, 'greeting': greeting, 'disclosure': disclosure,
            'isResumed': resumed}


def frame(message_id, content, seq=None, role='ai', client_id=None, streaming=False):
    payload = {'messageId': message_id, 'seq': seq, 'content': content, 'sender': {'type': role},
               'streaming': streaming}
    if client_id is not None:
        payload['clientMessageId'] = client_id
    return {'type': 'message.new', 'payload': payload}


def history_item(message_id, seq, content, role='ai', client_id=None):
    item = {'messageId': message_id, 'seq': seq, 'role': role, 'content': content}
    if client_id is not None:
        item['clientMessageId'] = client_id
    return item


class Env:
    """One headless client on a fresh FakeHeadlessPlatform with structured captures."""

    def __init__(self, options=None, visible=True, stored_visitor=None):
        self.p = FakeHeadlessPlatform()
        self.p.visible = visible
        if stored_visitor is not None:
            self.p.storage[VISITOR_KEY] = stored_visitor
        self.sent = []        # [{'at', 'method', 'url', 'token', 'body'}]
        self.opened = []      # [{'at', 'url', 'socket'}]
        self.timers = []      # [{'at', 'ms', 'handle'}]
        self.events = []      # ordered ('request', method, url, token) / ('socket', url)
        self.notifications = 0
        self.status_changes = []
        self.results = []     # ('ok' | 'err', label, value) from async callbacks
        self.codes = []       # (label, code) of every failure callback
        original_request = self.p.request_json
        original_open = self.p.open_socket
        original_timeout = self.p.set_timeout

        def request_json(method, url, token, body, done):
            self.sent.append({'at': self.p.clock, 'method': method, 'url': url, 'token': token,
                              'body': copy.deepcopy(body)})
            self.events.append(('request', method, url, token))
            original_request(method, url, token, body, done)

        def open_socket(url, on_open, on_message, on_close):
            socket = original_open(url, on_open, on_message, on_close)
            self.opened.append({'at': self.p.clock, 'url': url, 'socket': socket})
            self.events.append(('socket', url))
            return socket

        def set_timeout(fn, ms):
            handle = original_timeout(fn, ms)
            self.timers.append({'at': self.p.clock, 'ms': ms, 'handle': handle})
            return handle
        self.p.request_json = request_json
        self.p.open_socket = open_socket
        self.p.set_timeout = set_timeout
        opts = {'inboxId': INBOX, 'apiBase': API}
        if options:
            opts.update(options)
        self.api = create_headless(PROFILE, self.p, opts)
        self.last_status = self.state()['connectionStatus']
        self.api['subscribe'](self.on_change)

    def on_change(self):
        self.notifications += 1
        status = self.api['getState']()['connectionStatus']
        if status != self.last_status:
            self.status_changes.append(status)
            self.last_status = status

    # callbacks
    def ok(self, label):
        return lambda value=None: self.results.append(('ok', label, value))

    def err(self, label):
        def err(message=None, code=None):
            self.results.append(('err', label, message))
            self.codes.append((label, code))
        return err

    def outcome(self, label):
        return [(kind, value) for kind, name, value in self.results if name == label]

    # driving
    def create_session(self, label='session'):
        self.api['createSession'](self.ok(label), self.err(label))

    def send(self, text, label=None):
        label = label if label is not None else text
        self.api['sendMessage'](text, self.ok(label), self.err(label))

    def respond(self, status, body=None, retry_after=None):
        self.p.respond(status, body, retry_after)

    def respond_to(self, method, url_part, status, body=None, retry_after=None):
        assert self.p.respond_to(method, url_part, status, body, retry_after), (method, url_part, self.p.requests)

    def session_ok(self, **kwargs):
        self.respond_to('POST', '/api/widget/session', 200, session_body(**kwargs))

    def connect(self, **kwargs):
        """createSession + 200 + the socket opens; returns the socket."""
        self.create_session()
        self.session_ok(**kwargs)
        sock = self.sock()
        sock.open()
        assert self.state()['connectionStatus'] == 'connected'
        return sock

    def advance(self, ms):
        self.p.advance(ms)

    def sock(self):
        return self.p.last_socket()

    def fail_socket(self, code=1006):
        """The current socket fails before opening; returns the reconnect delay scheduled."""
        mark = len(self.timers)
        self.sock().close(code)
        new = self.timers[mark:]
        return new[len(new) - 1]['ms'] if new else None

    # reading
    def state(self):
        return self.api['getState']()

    def messages(self):
        return [(m['id'], m['role'], m['content'], m.get('isLoading', False)) for m in self.state()['messages']]

    def contents(self):
        return [m['content'] for m in self.state()['messages']]

    def requests_to(self, url, method=None):
        """Requests to exactly `url`, or starting with it when it ends with '=' (history)."""
        return [r for r in self.sent if (r['url'] == url or (url.endswith('=') and r['url'].startswith(url)))
                and (method is None or r['method'] == method)]

    def pending(self, method=None, url_part=''):
        return [r for r in self.p.requests if (method is None or r[0] == method) and url_part in r[1]]

    def socket_tokens(self):
        return [o['url'].split('token=')[1].split('&')[0] for o in self.opened]

    def pings(self):
        return [line for line in self.p.log if line.startswith('socket-send ') and line.endswith(PING)]


def assert_in_backoff_bounds(delay, attempt):
    base = expected_base(attempt)
    assert isinstance(delay, int)
    assert delay > 0 and not math.isnan(delay)
    assert base * 0.7 - 0.5 <= delay <= base * 1.3 + 0.5, (attempt, delay)


# ---- 23: backoff delays ----------------------------------------------------------

@pytest.mark.parametrize('attempt', range(1, 13))
@pytest.mark.parametrize('r', [0, 0.5, 1, 0.999999, 1e-9])
def test_backoff_delay_within_30_percent_of_the_capped_doubling(attempt, r):
    delay = backoff_delay(attempt, r)
    assert_in_backoff_bounds(delay, attempt)


@pytest.mark.parametrize('attempt', range(1, 13))
def test_backoff_delay_exact_at_the_edges_of_the_jitter(attempt):
    base = expected_base(attempt)
    assert backoff_delay(attempt, 0) == round(base * 0.7)
    assert backoff_delay(attempt, 0.5) == base
    assert backoff_delay(attempt, 1) == round(base * 1.3)


def test_backoff_at_the_cap_still_has_jitter_and_is_never_zero():
    assert backoff_delay(6, 0.5) == BACKOFF_CAP_MS == 30000           # 32 s would exceed the cap
    delays = {backoff_delay(n, r) for n in (6, 10, 12, 50, 1000) for r in (0, 1)}
    assert delays == {21000, 39000}
    for n in (0, -3, 1):
        assert backoff_delay(n, 0) == 700


@pytest.mark.parametrize('r', [float('nan'), None, -1, 2, 'x', float('inf'), float('-inf')])
def test_backoff_delay_with_broken_random_is_finite_positive_and_in_bounds(r):
    for attempt in range(1, 13):
        assert_in_backoff_bounds(backoff_delay(attempt, r), attempt)


def test_reconnect_waits_follow_the_schedule_on_the_virtual_clock():
    env = Env()
    env.create_session()
    env.session_ok()
    jitters = [0, 0.5, 1, 0.25, 0.75, 0, 1, 0.5, 0.1, 0.9]
    for attempt in range(1, MAX_ATTEMPTS + 1):
        env.p.randoms = [jitters[attempt - 1]]
        sockets_before = len(env.opened)
        delay = env.fail_socket()
        assert delay == backoff_delay(attempt, jitters[attempt - 1])
        assert_in_backoff_bounds(delay, attempt)
        env.advance(delay - 1)
        assert len(env.opened) == sockets_before                      # not a millisecond early
        env.advance(1)
        assert len(env.opened) == sockets_before + 1
        assert env.opened[-1]['at'] == env.p.clock


def test_same_seed_gives_the_same_schedule():
    def run():
        env = Env()
        env.create_session()
        env.session_ok()
        delays = []
        for _ in range(MAX_ATTEMPTS):
            delays.append(env.fail_socket())
            env.advance(delays[-1])
        return delays
    first, second = run(), run()
    assert first == second
    for attempt, delay in enumerate(first, 1):
        assert_in_backoff_bounds(delay, attempt)


# ---- 24: gave_up and manual reconnect ---------------------------------------------------

def exhaust(env):
    """Fail the first socket and every reconnect; returns the delays scheduled."""
    delays = []
    while True:
        delay = env.fail_socket()
        if env.state()['connectionStatus'] == 'gave_up':
            assert delay is None
            return delays
        delays.append(delay)
        env.advance(delay)


def test_after_10_failed_attempts_gave_up_once_and_no_timers_left():
    env = Env()
    env.create_session()
    env.session_ok()
    delays = exhaust(env)
    assert len(delays) == MAX_ATTEMPTS                 # 10 reconnect attempts...
    assert len(env.opened) == MAX_ATTEMPTS + 1         # ...after the first connect
    for attempt, delay in enumerate(delays, 1):
        assert_in_backoff_bounds(delay, attempt)
    assert env.status_changes.count('gave_up') == 1
    assert env.status_changes[-1] == 'gave_up'
    assert env.p.pending_timers() == 0
    state = env.state()
    assert state['connectionStatus'] == 'gave_up' and state['isConnected'] is False
    assert state['errorCode'] == 'gave-up' and 'reconnect()' in state['error']
    notified = env.notifications
    env.advance(3600 * 1000)
    env.p.set_visible(False)
    env.p.set_visible(True)
    assert len(env.opened) == MAX_ATTEMPTS + 1 and env.p.pending_timers() == 0
    assert env.notifications == notified


def test_manual_reconnect_after_gave_up_resets_the_counter_and_works():
    env = Env()
    env.create_session()
    env.session_ok()
    exhaust(env)
    env.api['reconnect']()
    assert env.state()['connectionStatus'] == 'connecting'
    assert len(env.opened) == MAX_ATTEMPTS + 2
    assert env.socket_tokens()[-1] == ST1
    assert env.state()['errorCode'] == 'gave-up'      # until the socket is open again
    env.sock().open()
    assert env.state()['connectionStatus'] == 'connected'
    assert env.state()['error'] is None and env.state()['errorCode'] is None
    delay = env.fail_socket()
    assert_in_backoff_bounds(delay, 1)                 # counting starts over
    env.advance(delay)
    delays = exhaust(env)
    assert len(delays) == MAX_ATTEMPTS - 1             # the one above was attempt 1
    assert env.status_changes.count('gave_up') == 2


def test_reconnect_while_waiting_connects_at_once_and_cancels_the_timer():
    env = Env()
    env.create_session()
    env.session_ok()
    for _ in range(4):
        env.advance(env.fail_socket())
    env.fail_socket()
    assert env.p.pending_timers() == 1
    env.api['reconnect']()
    assert env.p.pending_timers() == 1                 # only the new connect timeout
    assert len(env.opened) == 6
    env.sock().open()
    assert_in_backoff_bounds(env.fail_socket(), 1)


def test_reconnect_before_a_session_does_not_create_one():
    env = Env()
    env.api['reconnect']()
    assert env.sent == [] and env.opened == []


# ---- 25: open-and-drop, stable time, connect timeout ---------------------------------------

def test_open_and_drop_at_once_does_not_reset_the_counter():
    env = Env()
    env.create_session()
    env.session_ok()
    delays = []
    while env.state()['connectionStatus'] != 'gave_up':
        env.sock().open()
        env.advance(STABLE_MS - 1)
        delay = env.fail_socket(1006)
        if delay is not None:
            delays.append(delay)
            env.advance(delay)
    assert len(delays) == MAX_ATTEMPTS
    for attempt, delay in enumerate(delays, 1):
        assert_in_backoff_bounds(delay, attempt)
    assert env.p.pending_timers() == 0


def test_staying_connected_for_stable_ms_resets_the_counter():
    env = Env()
    env.create_session()
    env.session_ok()
    for _ in range(5):
        env.advance(env.fail_socket())
    env.sock().open()
    env.advance(STABLE_MS)
    assert_in_backoff_bounds(env.fail_socket(), 1)


def test_a_drop_after_the_stable_time_is_attempt_one_even_when_it_drops_at_once_again():
    env = Env()
    env.connect()
    env.advance(STABLE_MS)
    delay = env.fail_socket()
    assert_in_backoff_bounds(delay, 1)
    env.advance(delay)
    env.sock().open()
    assert_in_backoff_bounds(env.fail_socket(), 2)


def test_a_hanging_connect_times_out_at_10_s_and_counts():
    env = Env()
    env.create_session()
    env.session_ok()
    first = env.sock()
    env.advance(CONNECT_TIMEOUT_MS - 1)
    assert first.state == 'connecting' and len(env.opened) == 1
    mark = len(env.timers)
    env.advance(1)
    assert first.state == 'closing'                    # the client closed it
    assert 'socket-close socket1' in env.p.log
    delay = env.timers[mark]['ms']
    assert_in_backoff_bounds(delay, 1)
    # The browser then reports the close: not a second failure.
    first.close(1006)
    assert env.timers[mark:] == [env.timers[mark]]
    # A late `open` of the abandoned socket does not count as connected.
    first.open()
    assert env.state()['connectionStatus'] != 'connected'
    env.advance(delay)
    assert len(env.opened) == 2
    env.advance(CONNECT_TIMEOUT_MS)
    assert_in_backoff_bounds(env.timers[-1]['ms'], 2)
    # Every hang counts until gave_up.
    for _ in range(30):
        if env.state()['connectionStatus'] == 'gave_up':
            break
        env.advance(BACKOFF_CAP_MS * 2)
    assert env.state()['connectionStatus'] == 'gave_up'
    assert len(env.opened) == MAX_ATTEMPTS + 1
    assert env.p.pending_timers() == 0


def test_connect_timeout_is_cleared_when_the_socket_opens():
    env = Env()
    env.create_session()
    env.session_ok()
    env.advance(CONNECT_TIMEOUT_MS - 1)
    env.sock().open()
    env.advance(CONNECT_TIMEOUT_MS * 3)
    assert env.state()['connectionStatus'] == 'connected'
    assert len(env.opened) == 1


def test_status_sequence_of_a_first_failure_and_a_drop():
    env = Env()
    env.create_session()
    env.session_ok()
    assert env.status_changes == ['connecting']
    env.advance(env.fail_socket())
    assert env.status_changes == ['connecting', 'disconnected', 'connecting']
    env.sock().open()
    env.advance(env.fail_socket())
    assert env.status_changes[-3:] == ['connected', 'error', 'connecting']


# ---- 26: auth close renews the session first ---------------------------------------------------

def test_4401_renews_the_session_with_the_same_visitor_before_any_reconnect():
    env = Env()
    env.connect()
    first_body = env.requests_to(SESSION_URL)[0]['body']
    events_before = len(env.events)
    env.sock().close(4401)
    after = env.events[events_before:]
    assert after == [('request', 'POST', SESSION_URL, None)]
    renewal = env.requests_to(SESSION_URL)[1]['body']
    assert renewal['visitorId'] == first_body['visitorId'] and renewal['inboxId'] == INBOX
    env.advance(BACKOFF_CAP_MS * 3)                    # no socket while the renewal is pending
    assert len(env.opened) == 1 and env.p.pending_timers() == 0
    env.session_ok(token=ST2)
    assert env.socket_tokens() == [ST1, ST2]
    assert env.state()['session']['sessionToken'] == ST2
    env.sock().open()
    assert env.state()['connectionStatus'] == 'connected'


def test_4401_renewal_keeps_the_greeting_and_messages():
    env = Env()
    env.connect(greeting='Hello!', disclosure='AI here')
    env.sock().message(frame('m1', 'hi', seq=1, role='user'))
    env.sock().close(4401)
    env.session_ok(token=ST2, greeting='Hello again!', disclosure='other', resumed=True)
    state = env.state()
    assert env.contents() == ['Hello!', 'hi']
    assert state['disclosure'] == 'AI here' and state['isResumed'] is False
    assert env.requests_to(HISTORY_URL) == []          # renewal is not a resume: history only after the reconnect
    env.sock().open()
    assert [r['url'] for r in env.requests_to(HISTORY_URL)] == [HISTORY_URL + '1']
    assert env.requests_to(HISTORY_URL)[0]['token'] == ST2


def test_4401_renewal_keeps_the_greeting_in_the_state():
    env = Env()
    env.connect(greeting='Hello!')
    env.sock().close(4401)
    env.session_ok(token=ST2, greeting=None, resumed=True)
    assert env.state()['greeting'] == 'Hello!'


def test_repeated_4401_with_fresh_tokens_ends_in_gave_up():
    env = Env()
    env.connect()
    tokens = [ST1]
    for i in range(MAX_ATTEMPTS + 5):
        if env.state()['connectionStatus'] == 'gave_up':
            break
        env.sock().close(4401)
        if not env.pending('POST', '/api/widget/session'):
            env.advance(40000)       # repeated refusals back off before renewing
        if env.pending('POST', '/api/widget/session'):
            token = 'st-renewed-' + str(i)
            env.session_ok(token=token)
            tokens.append(token)
            env.sock().open()
    assert env.state()['connectionStatus'] == 'gave_up'
    assert env.socket_tokens() == tokens               # every socket used a token never refused before
    assert len(set(tokens)) == len(tokens)
    assert env.p.pending_timers() == 0


def test_4401_then_failed_renewal_never_reconnects_with_the_refused_token():
    env = Env()
    env.connect()
    env.sock().close(4401)
    env.respond_to('POST', '/api/widget/session', 0)
    assert env.state()['error'] is not None
    env.advance(BACKOFF_CAP_MS * 2)
    assert env.socket_tokens() == [ST1]                # never again with the refused token


def test_http_401_renews_and_the_closed_socket_never_comes_back_with_the_old_token():
    env = Env()
    sock = env.connect()
    env.send('hello')
    env.respond_to('POST', '/api/widget/message', 401, {'error': 'Invalid or expired session'})
    assert len(env.pending('POST', '/api/widget/session')) == 1
    assert sock.state == 'closing'
    sock.close(1000)                                   # the browser reports the close the client asked for
    env.advance(BACKOFF_CAP_MS * 2)
    assert env.socket_tokens() == [ST1]                # nothing until the renewal answers
    env.session_ok(token=ST2)
    assert env.socket_tokens() == [ST1, ST2]


def test_http_401_renews_then_resends_with_the_new_token_and_same_client_id():
    env = Env()
    env.connect()
    env.send('hello')
    first = env.requests_to(MESSAGE_URL)[0]
    env.respond_to('POST', '/api/widget/message', 401, {'error': 'Invalid or expired session'})
    env.session_ok(token=ST2)
    resent = env.requests_to(MESSAGE_URL)
    assert len(resent) == 2
    assert resent[1]['token'] == ST2
    assert resent[1]['body'] == first['body']
    env.respond_to('POST', '/api/widget/message', 200, {'content': 'Hi'})
    assert env.outcome('hello') == [('ok', None)]


def test_4401_renewal_with_turnstile_gets_a_fresh_bot_token():
    env = Env({'turnstileSiteKey': 'site-key'})
    env.create_session()
    env.p.finish_turnstile('bot-1', None)
    env.session_ok()
    env.sock().open()
    env.sock().close(4401)
    if env.p.turnstile_waiters:
        env.p.finish_turnstile('bot-2', None)
    renewal = env.requests_to(SESSION_URL)[1]['body']
    assert renewal.get('turnstileToken') == 'bot-2'


# ---- 27: sends while disconnected --------------------------------------------------------------

def test_sends_while_disconnected_keep_order_with_client_ids_and_retry_until_sent():
    env = Env()
    env.connect()
    env.advance(env.fail_socket())                    # the socket is down; sending is REST
    assert env.state()['connectionStatus'] in ('connecting', 'error')
    for text in ('one', 'two', 'three'):
        env.send(text)
    local = env.state()['messages']
    assert [m['content'] for m in local] == ['one', 'two', 'three']
    client_ids = [m['id'] for m in local]
    assert all(i.startswith('c_') for i in client_ids) and len(set(client_ids)) == 3
    assert env.state()['isLoading'] is True
    # one request at a time, oldest first
    assert len(env.pending('POST', '/api/widget/message')) == 1
    statuses = [0, 503, 500, 429, 200, 0, 200, 200]
    expected_waits = [SEND_RETRY_MS, 2 * SEND_RETRY_MS, 4 * SEND_RETRY_MS, 3000, None, SEND_RETRY_MS, None, None]
    for status, expected in zip(statuses, expected_waits, strict=True):
        retry_after = 3 if status == 429 else None
        before = len(env.requests_to(MESSAGE_URL))
        mark = len(env.timers)
        env.respond_to('POST', '/api/widget/message', status, {'content': 'reply'} if status == 200 else None,
                       retry_after)
        if status != 200:
            assert len(env.requests_to(MESSAGE_URL)) == before          # waits...
            wait = env.timers[mark]['ms']
            assert wait == expected     # backs off (2 s, 4 s, ...; Retry-After wins); resets after a success
            env.advance(wait)
            assert len(env.requests_to(MESSAGE_URL)) == before + 1      # ...then resends
        while env.pending('GET'):
            env.respond_to('GET', '/api/widget/messages', 200, {'messages': []})
        assert len(env.pending('POST', '/api/widget/message')) <= 1
    bodies = [r['body'] for r in env.requests_to(MESSAGE_URL)]
    assert [b['content'] for b in bodies] == ['one'] * 5 + ['two'] * 2 + ['three']
    assert [b['clientMessageId'] for b in bodies] == [client_ids[0]] * 5 + [client_ids[1]] * 2 + [client_ids[2]]
    assert [(r[0], r[1]) for r in env.results if r[1] != 'session'] == [('ok', 'one'), ('ok', 'two'),
                                                                         ('ok', 'three')]
    assert env.contents()[:3] == ['one', 'two', 'three']
    assert env.state()['error'] is None


def test_a_4xx_is_reported_to_the_caller_and_in_state_and_the_next_message_goes_on():
    env = Env()
    env.connect()
    env.send('bad')
    env.send('good')
    env.respond_to('POST', '/api/widget/message', 400, {'error': 'content must be a non-empty string'})
    assert env.outcome('bad') == [('err', 'content must be a non-empty string')]
    assert env.state()['error'] == 'content must be a non-empty string'
    assert env.requests_to(MESSAGE_URL)[-1]['body']['content'] == 'good'
    env.respond_to('POST', '/api/widget/message', 409, None)
    assert env.outcome('good') == [('err', 'The message was not sent (HTTP 409).')]
    assert env.state()['isLoading'] is False
    assert env.p.pending_timers() == 2                  # stable + ping; no send retry


def test_the_outbox_is_bounded_and_refuses_loudly():
    env = Env()
    env.connect()
    for i in range(OUTBOX_MAX):
        env.send('m' + str(i))
    with pytest.raises(StateError):
        env.send('one too many')
    assert len(env.state()['messages']) == OUTBOX_MAX
    for _ in range(OUTBOX_MAX):
        env.respond_to('POST', '/api/widget/message', 200, None)
    done = [(k, n) for k, n, _ in env.results if n != 'session']
    assert done == [('ok', 'm' + str(i)) for i in range(OUTBOX_MAX)]
    assert [r['body']['content'] for r in env.requests_to(MESSAGE_URL)] == ['m' + str(i) for i in range(OUTBOX_MAX)]


def test_send_message_argument_rules():
    env = Env()
    for bad in (None, 42, '', '   ', 'x' * 10001, ['hi']):
        with pytest.raises(ArgumentError):
            env.send(bad, 'bad')
    assert env.sent == [] and env.state()['messages'] == []
    env.send('  padded  ')
    assert env.contents() == ['padded']


def test_a_failed_lazy_session_rejects_every_waiting_message():
    env = Env()
    env.send('a')
    env.send('b')
    assert len(env.requests_to(SESSION_URL)) == 1
    env.respond_to('POST', '/api/widget/session', 503, {'error': 'Service unavailable'})
    assert env.outcome('a') == [('err', 'Service unavailable')]
    assert env.outcome('b') == [('err', 'Service unavailable')]
    assert env.state()['error'] == 'Service unavailable'
    assert env.state()['isLoading'] is False
    assert env.requests_to(MESSAGE_URL) == [] and env.opened == []


# ---- 28: ping, hidden tab, close() ------------------------------------------------------------------

def test_ping_every_25_s_while_connected_and_none_after_close():
    env = Env()
    sock = env.connect()
    opened_at = env.p.clock
    env.advance(PING_MS - 1)
    assert env.pings() == []
    env.advance(1)
    assert env.pings() == ['socket-send socket1 ' + PING]
    env.advance(PING_MS * 3)
    assert len(env.pings()) == 4 and sock.sent == [PING] * 4
    ping_times = [t['at'] + t['ms'] for t in env.timers if t['ms'] == PING_MS]
    assert ping_times[:4] == [opened_at + PING_MS * k for k in (1, 2, 3, 4)]
    env.api['close']()
    assert env.p.pending_timers() == 0
    env.advance(PING_MS * 10)
    assert len(env.pings()) == 4


def test_no_ping_after_the_server_drops_the_socket():
    env = Env()
    sock = env.connect()
    env.advance(PING_MS)
    sock.close(1006)
    env.advance(PING_MS * 4)
    assert sock.sent == [PING]
    assert len(env.pings()) == 1                       # the new socket never opened


def test_no_ping_before_open():
    env = Env()
    env.create_session()
    env.session_ok()
    env.advance(CONNECT_TIMEOUT_MS - 1)
    assert env.pings() == []


def test_hidden_tab_does_not_reconnect_until_visible():
    env = Env()
    env.connect()
    env.p.set_visible(False)
    env.advance(env.fail_socket())
    env.advance(10 * 60 * 1000)
    assert len(env.opened) == 1
    assert env.p.pending_timers() == 0
    env.p.set_visible(False)
    assert len(env.opened) == 1
    env.p.set_visible(True)
    assert len(env.opened) == 2
    for _ in range(5):                                 # flapping visibility: no storm
        env.p.set_visible(False)
        env.p.set_visible(True)
    assert len(env.opened) == 2
    env.sock().open()
    assert env.state()['connectionStatus'] == 'connected'


def test_hidden_tab_still_makes_the_first_connection():
    env = Env(visible=False)
    env.create_session()
    env.session_ok()
    assert len(env.opened) == 1


def test_close_while_connecting_never_reconnects():
    env = Env()
    env.create_session()
    env.session_ok()
    sock = env.sock()
    env.api['close']()
    assert sock.state == 'closing'
    assert env.state()['connectionStatus'] == 'disconnected'
    assert env.p.pending_timers() == 0
    sock.close(1006)                                   # the browser reports it
    sock.open()                                        # or, racing, the open
    env.advance(3600 * 1000)
    env.p.set_visible(False)
    env.p.set_visible(True)
    assert len(env.opened) == 1 and env.p.pending_timers() == 0
    assert env.state()['connectionStatus'] == 'disconnected'


def test_close_while_waiting_to_reconnect_or_creating_a_session():
    env = Env()
    env.connect()
    env.fail_socket()
    env.api['close']()
    env.advance(BACKOFF_CAP_MS * 2)
    assert len(env.opened) == 1 and env.p.pending_timers() == 0
    env2 = Env()
    env2.create_session()
    env2.api['close']()
    env2.session_ok()
    assert env2.opened == [] and env2.state()['session'] is None


def test_close_is_idempotent_and_later_calls_raise():
    env = Env()
    env.connect()
    env.api['close']()
    notified = env.notifications
    env.api['close']()
    assert env.notifications == notified
    for name, args in (('sendMessage', ['hi', None, None]), ('createSession', [None, None]),
                       ('updateContact', [{'name': 'A'}, None, None]), ('reconnect', [])):
        with pytest.raises(StateError):
            env.api[name](*args)
    assert len(env.p.visibility_listeners) == 0


def test_close_after_a_manual_reconnect_leaves_no_timers():
    env = Env()
    env.connect()
    env.api['reconnect']()
    env.sock().open()
    env.api['reconnect']()
    env.api['close']()
    assert env.p.pending_timers() == 0


# ---- session ---------------------------------------------------------------------------------------

def test_session_is_lazy_and_created_by_the_first_send_message():
    env = Env()
    assert env.sent == [] and env.opened == []
    assert env.state()['session'] is None
    env.send('hello')
    assert [r['url'] for r in env.sent] == [SESSION_URL]
    body = env.sent[0]['body']
    assert body['inboxId'] == INBOX and body['visitorId'].startswith('v_')
    assert env.p.storage[VISITOR_KEY] == body['visitorId']
    assert env.sent[0]['token'] is None
    assert env.state()['sessionLoading'] is True
    assert env.contents() == ['hello']                   # shown at once
    env.session_ok()
    assert env.state()['sessionLoading'] is False
    assert [r['url'] for r in env.sent] == [SESSION_URL, MESSAGE_URL]
    assert env.sent[1]['token'] == ST1
    assert env.opened[0]['url'] == 'wss://api.example/ws/conversation/conv-1?token=st-one&source=widget'


def test_create_session_twice_makes_one_request():
    env = Env()
    env.create_session('a')
    env.create_session('b')
    env.send('hi')
    assert len(env.requests_to(SESSION_URL)) == 1
    env.session_ok()
    expected = {'sessionToken': ST1, 'conversationId': CONV, 'greeting': None}
    assert env.outcome('a') == [('ok', expected)] and env.outcome('b') == [('ok', expected)]
    env.create_session('c')
    assert env.outcome('c') == [('ok', expected)]
    assert len(env.requests_to(SESSION_URL)) == 1
    assert len(env.opened) == 1


def test_visitor_id_is_reused_from_storage_and_bad_values_replaced():
    env = Env(stored_visitor='v_existing')
    env.create_session()
    assert env.sent[0]['body']['visitorId'] == 'v_existing'
    for bad in ('', 'x' * 101):
        env = Env(stored_visitor=bad)
        env.create_session()
        fresh = env.sent[0]['body']['visitorId']
        assert fresh != bad and fresh.startswith('v_') and len(fresh) == 18
        assert env.p.storage[VISITOR_KEY] == fresh


def test_greeting_disclosure_and_is_resumed_mapping():
    env = Env()
    env.connect(greeting='Hello! How can I help?', disclosure="You're chatting with Alex, an AI.")
    state = env.state()
    assert state['session'] == {'sessionToken': ST1, 'conversationId': CONV, 'greeting': 'Hello! How can I help?'}
    assert state['greeting'] == 'Hello! How can I help?'
    assert state['disclosure'] == "You're chatting with Alex, an AI."
    assert state['isResumed'] is False
    assert env.messages() == [('greeting', 'ai', 'Hello! How can I help?', False)]
    assert env.requests_to(HISTORY_URL) == []


def test_missing_or_null_greeting_and_disclosure():
    env = Env()
    env.create_session()
    env.respond_to('POST', '/api/widget/session', 201, {'sessionToken': ST1, 'conversationId': CONV})
    state = env.state()
    assert state['greeting'] is None and state['disclosure'] is None and state['isResumed'] is False
    assert state['messages'] == []


def test_resumed_session_fetches_history_in_seq_order():
    env = Env()
    env.create_session()
    env.session_ok(resumed=True)
    assert env.state()['isResumed'] is True
    history = env.requests_to(HISTORY_URL)
    assert [r['url'] for r in history] == [HISTORY_URL + '0'] and history[0]['token'] == ST1
    env.respond_to('GET', '/api/widget/messages', 200, {'messages': [
        history_item('m3', 30, 'third'), history_item('m1', 10, 'first', 'user'), history_item('m2', 20, 'second'),
        {'role': 'system', 'messageId': 'x', 'seq': 25, 'content': 'ignored'}, 'junk', None]})
    assert env.messages() == [('m1', 'user', 'first', False), ('m2', 'ai', 'second', False),
                              ('m3', 'ai', 'third', False)]


def test_session_errors_are_reported():
    env = Env()
    env.create_session('a')
    env.respond_to('POST', '/api/widget/session', 404, {'error': 'Inbox not found'})
    assert env.outcome('a') == [('err', 'Inbox not found')]
    assert env.state()['error'] == 'Inbox not found'
    env.create_session('b')
    env.respond_to('POST', '/api/widget/session', 200, {'sessionToken': '', 'conversationId': CONV})
    assert env.outcome('b') == [('err', 'The server sent an invalid session.')]
    env.create_session('c')
    env.respond_to('POST', '/api/widget/session', 0, None)
    assert env.outcome('c') == [('err', 'Could not start the chat: network error.')]
    env.create_session('d')
    env.session_ok()
    assert env.state()['error'] is None
    assert env.opened and env.socket_tokens() == [ST1]


def test_customer_info_consent_and_turnstile_go_into_the_session_request():
    env = Env({'customerInfo': {'name': ' Jane ', 'email': 'jane@example.com', 'phone': ''},
               'turnstileSiteKey': 'site-key'})
    env.api['giveConsent']()
    env.create_session()
    assert env.sent == []                              # the bot check comes first
    assert env.p.turnstile_waiters[0][1] == 'site-key'
    env.p.finish_turnstile('bot-token', None)
    body = env.sent[0]['body']
    assert body['customerInfo'] == {'name': 'Jane', 'email': 'jane@example.com'}
    assert body['turnstileToken'] == 'bot-token'
    assert body['consent'] == {'timestamp': 'iso@0ms'}


def test_a_failed_bot_check_fails_the_session_without_a_request():
    env = Env({'turnstileSiteKey': 'site-key'})
    env.create_session()
    env.p.finish_turnstile(None, 'the bot check failed')
    assert env.sent == []
    assert env.outcome('session') == [('err', 'Bot check failed: the bot check failed')]


# ---- messages ----------------------------------------------------------------------------------------

def test_streaming_frames_update_one_message_until_the_final_frame():
    env = Env()
    sock = env.connect()
    for prefix in ('You', 'You said', 'You said: hi'):
        sock.message(frame('a1', prefix, streaming=True))
        assert env.messages() == [('a1', 'ai', prefix, True)]
        assert env.state()['isLoading'] is True
    sock.message(frame('a1', 'You said: hi. Bye.', seq=7))
    assert env.messages() == [('a1', 'ai', 'You said: hi. Bye.', False)]
    assert 'isLoading' not in env.state()['messages'][0]
    assert env.state()['isLoading'] is False


def test_duplicate_frames_do_not_duplicate():
    env = Env()
    sock = env.connect()
    for _ in range(3):
        sock.message(frame('m1', 'hello', seq=1, role='user'))
        sock.message(frame('a1', 'answer', seq=2))
    assert env.messages() == [('m1', 'user', 'hello', False), ('a1', 'ai', 'answer', False)]


def test_own_message_echo_replaces_the_local_one():
    env = Env()
    sock = env.connect()
    env.send('hello')
    local_id = env.state()['messages'][0]['id']
    assert env.requests_to(MESSAGE_URL)[0]['body']['clientMessageId'] == local_id
    sock.message(frame('srv-1', 'hello', seq=5, role='user', client_id=local_id))
    assert env.messages() == [('srv-1', 'user', 'hello', False)]
    sock.message(frame('srv-1', 'hello', seq=5, role='user', client_id=local_id))
    sock.message(frame('a1', 'reply', streaming=True))
    sock.message(frame('a1', 'reply done', seq=6))
    env.respond_to('POST', '/api/widget/message', 200, {'content': 'reply done'})
    assert env.messages() == [('srv-1', 'user', 'hello', False), ('a1', 'ai', 'reply done', False)]
    assert env.requests_to(HISTORY_URL) == []          # the final frame arrived: no catch-up needed


def test_history_after_a_reconnect_fills_the_gap_in_seq_order():
    env = Env()
    sock = env.connect()
    sock.message(frame('m1', 'one', seq=10, role='user'))
    sock.message(frame('a1', 'two', seq=11))
    env.advance(STABLE_MS)
    env.advance(env.fail_socket())
    assert env.requests_to(HISTORY_URL) == []
    env.sock().open()
    assert [r['url'] for r in env.requests_to(HISTORY_URL)] == [HISTORY_URL + '11']
    # live frames may arrive before the history answer
    env.sock().message(frame('a3', 'five', seq=15))
    env.respond_to('GET', '/api/widget/messages', 200, {'messages': [
        history_item('a2', 13, 'four'), history_item('m2', 12, 'three', 'user'), history_item('a3', 15, 'five'),
        history_item('a1', 11, 'two')]})
    assert env.contents() == ['one', 'two', 'three', 'four', 'five']
    assert len(env.state()['messages']) == 5
    env.advance(STABLE_MS)
    env.advance(env.fail_socket())
    env.sock().open()
    assert env.requests_to(HISTORY_URL)[-1]['url'] == HISTORY_URL + '15'


def test_history_completes_a_reply_whose_final_frame_was_missed():
    env = Env()
    sock = env.connect()
    env.send('hi')
    cid = env.state()['messages'][0]['id']
    sock.message(frame('u1', 'hi', seq=3, role='user', client_id=cid))
    sock.message(frame('a1', 'You', streaming=True))
    delay = env.fail_socket()                          # dropped mid-stream
    env.respond_to('POST', '/api/widget/message', 200, {'content': 'You said hi'})
    assert env.requests_to(HISTORY_URL) == []          # the reply is still streaming: the reconnect catches up
    env.advance(delay)
    env.sock().open()
    assert [r['url'] for r in env.requests_to(HISTORY_URL)] == [HISTORY_URL + '3']
    env.respond_to('GET', '/api/widget/messages', 200, {'messages': [history_item('a1', 4, 'You said hi')]})
    assert env.messages() == [('u1', 'user', 'hi', False), ('a1', 'ai', 'You said hi', False)]
    assert env.state()['isLoading'] is False


def test_post_answered_without_a_final_frame_fetches_history():
    env = Env()
    env.connect()
    env.fail_socket()                                  # disconnected; waiting to reconnect
    env.send('hi')
    cid = env.state()['messages'][0]['id']
    env.respond_to('POST', '/api/widget/message', 200, {'content': 'You said hi'})
    assert [r['url'] for r in env.requests_to(HISTORY_URL)] == [HISTORY_URL + '0']
    env.respond_to('GET', '/api/widget/messages', 200, {'messages': [
        history_item('u1', 1, 'hi', 'user', cid), history_item('a1', 2, 'You said hi')]})
    assert env.messages() == [('u1', 'user', 'hi', False), ('a1', 'ai', 'You said hi', False)]


def test_malformed_frames_are_ignored():
    env = Env()
    sock = env.connect()
    before = env.state()['messages']
    sock.raw('not json')
    sock.raw('')
    for bad in ({'type': 'typing'}, {'type': 'message.new'}, {'type': 'message.new', 'payload': 'x'},
                {'type': 'message.new', 'payload': {'content': 'no id'}},
                {'type': 'message.new', 'payload': {'messageId': '', 'content': 'empty id'}},
                {'type': 'message.new', 'payload': {'messageId': 'm', 'content': 42}},
                {'type': 'message.new', 'payload': {'messageId': 'x' * 201, 'content': 'long id'}},
                [], 'message.new', None):
        sock.message(bad)
    assert env.state()['messages'] == before == []
    sock.message(frame('m', 'ok', seq=1))
    assert env.contents() == ['ok']


# ---- store ---------------------------------------------------------------------------------------------

def test_get_state_identity_is_stable_until_a_change():
    env = Env()
    first = env.state()
    assert env.state() is first
    env.api['setOpen'](True)
    second = env.state()
    assert second is not first and second['isOpen'] is True and first['isOpen'] is False
    assert env.state() is second
    env.api['setOpen'](True)                           # no change
    assert env.state() is second
    env.advance(60000)
    assert env.state() is second
    sock = env.connect()
    third = env.state()
    assert third is not second
    sock.message(frame('m1', 'hi', seq=1))
    fourth = env.state()
    assert fourth is not third and fourth['messages'] is not third['messages']
    assert env.state() is fourth
    assert third['messages'] == []                     # an old snapshot never changes


def test_subscribe_and_unsubscribe():
    env = Env()
    calls = []
    unsubscribe = env.api['subscribe'](lambda: calls.append(env.state()['isOpen']))
    env.api['setOpen'](True)
    assert calls == [True]
    unsubscribe()
    unsubscribe()
    env.api['setOpen'](False)
    assert calls == [True]
    with pytest.raises(ArgumentError):
        env.api['subscribe']('not a function')
    with pytest.raises(ArgumentError):
        env.api['setOpen']('yes')


def test_a_throwing_listener_does_not_stop_the_others():
    env = Env()

    def boom():
        raise RuntimeError('listener broke')
    env.api['subscribe'](boom)
    calls = []
    env.api['subscribe'](lambda: calls.append(1))
    env.api['setOpen'](True)
    assert calls == [1]
    assert any(line.startswith('listener-error subscribe: listener broke') for line in env.p.log)


def test_every_change_notifies():
    env = Env()
    env.connect()
    count = env.notifications
    env.sock().message(frame('m1', 'hi', seq=1))
    assert env.notifications == count + 1


# ---- updateContact ----------------------------------------------------------------------------------

@pytest.mark.parametrize('bad', [None, 'Jane', 42, ['name'], {'nickname': 'J'}, {'name': 42}, {'email': True},
                                 {'customAttributes': {}}])
def test_update_contact_rejects_bad_input(bad):
    env = Env()
    with pytest.raises(ArgumentError):
        env.api['updateContact'](bad, env.ok('c'), env.err('c'))
    assert env.sent == []


def test_update_contact_trims_and_drops_empty_fields():
    env = Env()
    env.connect()
    env.api['updateContact']({'name': '  Jane Doe ', 'email': '', 'phone': '   ', 'company': 'Acme', 'userId': None},
                             env.ok('c'), env.err('c'))
    patch = env.requests_to(CONTACT_URL)
    assert len(patch) == 1 and patch[0]['method'] == 'PATCH' and patch[0]['token'] == ST1
    assert patch[0]['body'] == {'name': 'Jane Doe', 'company': 'Acme'}
    env.respond_to('PATCH', '/api/widget/contact', 200, {'success': True})
    assert env.outcome('c') == [('ok', None)]
    env.api['updateContact']({'name': ' ', 'email': ''}, env.ok('e'), env.err('e'))
    assert env.outcome('e') == [('err', 'updateContact(): no non-empty fields, nothing to send.')]
    assert len(env.requests_to(CONTACT_URL)) == 1
    env.api['updateContact']({'name': 'x' * 250 + '     '}, env.ok('t'), env.err('t'))
    assert env.requests_to(CONTACT_URL)[-1]['body'] == {'name': 'x' * 250}
    env.respond_to('PATCH', '/api/widget/contact', 200, {'success': True})
    env.api['updateContact']({'name': 'y' * 300}, env.ok('cap'), env.err('cap'))     # capped, not refused
    assert env.requests_to(CONTACT_URL)[-1]['body'] == {'name': 'y' * 255}


def test_update_contact_creates_the_session_first():
    env = Env()
    env.api['updateContact']({'email': 'a@b.co'}, env.ok('c'), env.err('c'))
    assert [r['url'] for r in env.sent] == [SESSION_URL]
    env.session_ok()
    assert env.requests_to(CONTACT_URL)[0]['body'] == {'email': 'a@b.co'}


def test_update_contact_429_waits_for_retry_after_and_resends_coalesced_fields():
    env = Env()
    env.connect()
    env.api['updateContact']({'name': 'A', 'email': 'a@b.co'}, env.ok('1'), env.err('1'))
    env.respond_to('PATCH', '/api/widget/contact', 429, {'error': 'Too many requests'}, 12)
    env.api['updateContact']({'name': 'B'}, env.ok('2'), env.err('2'))
    env.api['updateContact']({'phone': '+14155551234'}, env.ok('3'), env.err('3'))
    assert len(env.requests_to(CONTACT_URL)) == 1
    env.advance(12000 - 1)
    assert len(env.requests_to(CONTACT_URL)) == 1
    env.advance(1)
    patches = env.requests_to(CONTACT_URL)
    assert len(patches) == 2 and patches[1]['at'] == 12000
    assert patches[1]['body'] == {'name': 'B', 'email': 'a@b.co', 'phone': '+14155551234'}
    env.respond_to('PATCH', '/api/widget/contact', 200, {'success': True})
    assert [(k, n) for k, n, _ in env.results if n != 'session'] == [('ok', '1'), ('ok', '2'), ('ok', '3')]


def test_update_contact_429_without_retry_after_waits_60_s():
    env = Env()
    env.connect()
    env.api['updateContact']({'name': 'A'}, env.ok('1'), env.err('1'))
    env.respond_to('PATCH', '/api/widget/contact', 429, None)
    env.advance(59999)
    assert len(env.requests_to(CONTACT_URL)) == 1
    env.advance(1)
    assert len(env.requests_to(CONTACT_URL)) == 2


def test_update_contact_other_errors_reject():
    env = Env()
    env.connect()
    env.api['updateContact']({'name': 'A'}, env.ok('1'), env.err('1'))
    env.respond_to('PATCH', '/api/widget/contact', 400, {'error': 'No valid fields to update'})
    assert env.outcome('1') == [('err', 'No valid fields to update')]


def test_update_contact_latest_value_wins_over_a_rate_limited_older_one():
    env = Env()
    env.connect()
    env.api['updateContact']({'name': 'A'}, env.ok('1'), env.err('1'))
    env.api['updateContact']({'name': 'B'}, env.ok('2'), env.err('2'))
    for _ in range(2):
        if env.pending('PATCH'):
            env.respond_to('PATCH', '/api/widget/contact', 429, None, 5)
    env.advance(5000)
    while env.pending('PATCH'):
        env.respond_to('PATCH', '/api/widget/contact', 200, {'success': True})
    assert env.requests_to(CONTACT_URL)[-1]['body'] == {'name': 'B'}


# ---- options ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize('options', [
    None, 'inbox-1', {}, {'apiBase': API}, {'inboxId': None},
    {'inboxId': INBOX, 'apiBase': 'http://api.example'},
    {'inboxId': INBOX, 'apiBase': 'ftp://api.example'},
    {'inboxId': INBOX, 'apiBase': 'not a url'},
    {'inboxId': INBOX, 'apiBase': 'https://user:pw@api.example'},
    {'inboxId': INBOX, 'apiBase': ''},
    {'inboxId': INBOX, 'apiBase': 42},
    {'inboxId': INBOX, 'inboxID': INBOX},
    {'inboxId': INBOX, 'baseUrl': API},
    {'inboxId': INBOX, 'customerInfo': {'company': 'Acme'}},
    {'inboxId': INBOX, 'customerInfo': 'Jane'},
    {'inboxId': 42},
    {'inboxId': 'x' * 201},
])
def test_bad_options_are_config_errors(options):
    with pytest.raises(ConfigError):
        create_headless(PROFILE, FakeHeadlessPlatform(), options)


def test_option_normalisation_and_socket_urls():
    p = FakeHeadlessPlatform()
    api = create_headless(PROFILE, p, {'inboxId': ' inbox-1 ', 'apiBase': 'https://API.example/base/'})
    api['createSession'](lambda s=None: None, lambda e=None: None)
    assert p.requests[0][1] == 'https://api.example/base/api/widget/session'
    assert p.requests[0][3]['inboxId'] == 'inbox-1'
    p.respond(200, session_body(token='a b/c', conversation='conv/1?x'), None)
    assert p.sockets[0].url == 'wss://api.example/base/ws/conversation/conv%2F1%3Fx?token=a%20b%2Fc&source=widget'
    p = FakeHeadlessPlatform()
    api = create_headless(PROFILE, p, {'inboxId': INBOX})
    api['createSession'](lambda s=None: None, lambda e=None: None)
    assert p.requests[0][1] == 'https://chat.pilotstatus.com.br/api/widget/session'
    p = FakeHeadlessPlatform()
    api = create_headless(PROFILE, p, {'inboxId': INBOX, 'apiBase': 'http://localhost:8080'})
    api['createSession'](lambda s=None: None, lambda e=None: None)
    p.respond(200, session_body(), None)
    assert p.sockets[0].url.startswith('ws://localhost:8080/ws/conversation/')
    assert api['version'] == '0.0.0-test'


def test_chat_token_option_authorises_only_the_session_request():
    env = Env({'token': 'chat-jwt'})
    env.create_session()
    assert env.sent[0]['token'] == 'chat-jwt'
    assert 'chat-jwt' not in str(env.sent[0]['body'])
    env.session_ok()
    env.send('hi')
    assert env.requests_to(MESSAGE_URL)[0]['token'] == ST1
    assert 'chat-jwt' not in env.opened[0]['url']
