"""Parity scenarios for the headless client (sdk_src/headless.py via
headless_api): each drives the client through FakeHeadlessPlatform (scripted
server, fake sockets, virtual clock, seeded randomness), and the trace
(every request, socket, timer and store change, plus every callback) must be
the same under CPython and under the transpiled JavaScript in Node.

Transcrypt-safe subset only (this file is transpiled too). The assertions about
what the behaviour must be live in tests/unit/test_headless.py."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import error_text, push, own_keys, join
# __pragma__ ('noskip')
#?from jsvalues import error_text, push, own_keys, join

from fake_platform import FakeHeadlessPlatform, show
from headless_api import create_headless
from headless_link import backoff_delay
from wire import (SESSION_PATH, MESSAGE_PATH, CONTACT_PATH, HISTORY_PATH, SESSION_TOKEN, CONVERSATION_ID, GREETING,
                  DISCLOSURE, IS_RESUMED, MESSAGE_ID, SEQ, CONTENT, SENDER, TYPE, STREAMING, CLIENT_MESSAGE_ID, ROLE,
                  PAYLOAD, MESSAGE_NEW, MESSAGES, ERROR)
from harness import PROFILE, run_scenarios

API_BASE = 'https://api.example'
INBOX = 'inbox-1'
STABLE_MS = 1500
PING_MS = 25000
CONNECT_TIMEOUT_MS = 10000

HEADLESS_SCENARIOS = []


def headless_scenario(fn, name):
    push(HEADLESS_SCENARIOS, ['headless: ' + name, fn])


def one(key, value):
    """{key: value}: a display with a name as key transpiles to a Transcrypt dict, not a plain object."""
    result = {}
    result[key] = value
    return result


def repeat(text, count):
    out = ''
    for _ in range(count):
        out = out + text
    return out


def session_body(token, greeting, disclosure, resumed):
    body = {}
    body[SESSION_TOKEN] = token
    body[CONVERSATION_ID] = 'conv-1'
    body[GREETING] = greeting
    body[DISCLOSURE] = disclosure
    body[IS_RESUMED] = resumed
    return body


def frame(message_id, content, seq, role, client_id, streaming):
    payload = {}
    payload[MESSAGE_ID] = message_id
    payload[SEQ] = seq
    payload[CONTENT] = content
    payload[SENDER] = {}
    payload[SENDER][TYPE] = role
    payload[STREAMING] = streaming
    if client_id != None:
        payload[CLIENT_MESSAGE_ID] = client_id
    result = {}
    result[TYPE] = MESSAGE_NEW
    result[PAYLOAD] = payload
    return result


def ai(message_id, content, seq):
    return frame(message_id, content, seq, 'ai', None, False)


def item(message_id, seq, role, content, client_id):
    result = {}
    result[MESSAGE_ID] = message_id
    result[SEQ] = seq
    result[ROLE] = role
    result[CONTENT] = content
    if client_id != None:
        result[CLIENT_MESSAGE_ID] = client_id
    return result


def summary(state):
    parts = []
    for m in state['messages']:
        text = m['id'] + '/' + m['role'] + '/' + m['content']
        if 'isLoading' in m and m['isLoading']:
            text = text + '/loading'
        push(parts, text)
    session = state['session']
    return ('status=' + state['connectionStatus'] + ' connected=' + show(state['isConnected'])
            + ' error=' + show(state['error'])
            + (' errorCode=' + show(state['errorCode']) if state['error'] != None else '')
            + ' loading=' + show(state['isLoading'])
            + ' sessionLoading=' + show(state['sessionLoading'])
            + ' token=' + (show(session['sessionToken']) if session != None else 'none')
            + ' greeting=' + show(state['greeting']) + ' disclosure=' + show(state['disclosure'])
            + ' resumed=' + show(state['isResumed']) + ' open=' + show(state['isOpen'])
            + ' messages=[' + join(parts, ', ') + ']')


class HeadlessHarness:
    """One headless client on a FakeHeadlessPlatform; every store change and
    every callback is logged."""

    def __init__(self):
        self.platform = FakeHeadlessPlatform()
        self.api = None
        self.unsubscribe = None

    def record(self, line):
        self.platform.record(line)

    def create(self, extra):
        options = {'inboxId': INBOX, 'apiBase': API_BASE}
        if extra != None:
            for key in own_keys(extra):
                options[key] = extra[key]
        return self.create_raw(options)

    def create_raw(self, options):
        try:
            self.api = create_headless(PROFILE, self.platform, options)
        except Exception as err:
            self.thrown(err)
            return None
        harness = self
        api = self.api

        def listener():
            harness.record('change ' + summary(api['getState']()))
        self.unsubscribe = self.api['subscribe'](listener)
        self.record('created ' + summary(self.api['getState']()))
        return self.api

    def thrown(self, err):
        code = err.code if hasattr(err, 'code') else 'none'
        self.record('throw ' + err.__class__.__name__ + ' ' + code + ': ' + error_text(err))

    def callback(self, label, outcome):
        harness = self

        def done(value=None, code=None):
            harness.record(label + ' ' + outcome + ' ' + show(value) + (' code=' + code if code != None else ''))
        return done

    def call(self, name, args):
        try:
            fn = self.api[name]
            if len(args) == 0:
                result = fn()
            elif len(args) == 1:
                result = fn(args[0])
            elif len(args) == 2:
                result = fn(args[0], args[1])
            else:
                result = fn(args[0], args[1], args[2])
            if result != None:
                self.record('-> ' + show(result))
            return result
        except Exception as err:
            self.thrown(err)
            return None

    def create_session(self, label):
        self.call('createSession', [self.callback(label, 'ok'), self.callback(label, 'err')])

    def send(self, text):
        self.call('sendMessage', [text, self.callback('send ' + show(text), 'ok'),
                                  self.callback('send ' + show(text), 'err')])

    def contact(self, fields, label):
        self.call('updateContact', [fields, self.callback(label, 'ok'), self.callback(label, 'err')])

    def respond(self, status, body, retry_after):
        self.platform.respond(status, body, retry_after)

    def respond_to(self, method, url_part, status, body, retry_after):
        if not self.platform.respond_to(method, url_part, status, body, retry_after):
            self.record('no pending ' + method + ' ' + url_part)

    def session_ok(self, token, greeting, disclosure, resumed):
        self.respond_to('POST', SESSION_PATH, 200, session_body(token, greeting, disclosure, resumed), None)

    def connect(self):
        """createSession + 200 + the socket opens."""
        self.create_session('session')
        self.session_ok('st-1', None, None, False)
        self.sock().open()
        return self.sock()

    def sock(self):
        return self.platform.last_socket()

    def local_id(self, index):
        return self.api['getState']()['messages'][index]['id']

    def advance(self, ms):
        self.record('advance ' + str(ms) + 'ms')
        self.platform.advance(ms)

    def advance_to_next_timer(self):
        """Run the earliest pending timer (and nothing later)."""
        timers = self.platform.timers
        if len(timers) == 0:
            self.record('no timers')
            return
        due = timers[0][0]
        for timer in timers:
            if timer[0] < due:
                due = timer[0]
        self.platform.advance(due - self.platform.now())

    def state(self):
        self.record('state ' + summary(self.api['getState']()) + ' timers=' + str(self.platform.pending_timers())
                    + ' requests=' + str(self.platform.pending_requests()) + ' sockets='
                    + str(len(self.platform.sockets)) + ' live=' + str(self.platform.live_sockets())
                    + ' visibility=' + str(len(self.platform.visibility_listeners)) + ' clock='
                    + str(self.platform.now()))


# ---- backoff ----------------------------------------------------------------------

def backoff_delay_table(h):
    values = [0, 0.25, 0.5, 0.75, 1, 0.999999, -1, 2, None, 'x', float('nan'), float('inf')]
    for attempt in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 40]:
        row = []
        for r in values:
            push(row, str(backoff_delay(attempt, r)))
        h.record('attempt ' + str(attempt) + ': ' + join(row, ' '))


def reconnect_schedule_then_gave_up(h):
    h.create(None)
    h.create_session('session')
    h.session_ok('st-1', None, None, False)
    jitters = [0, 0.5, 1, 0.25, 0.75, 0, 1, 0.5, 0.1, 0.9, 0.5]
    for i in range(11):
        h.platform.randoms = [jitters[i]]
        h.sock().close(1006)
        h.advance_to_next_timer()
    h.state()
    h.advance(3600000)
    h.state()


def manual_reconnect_after_gave_up(h):
    h.create(None)
    h.create_session('session')
    h.session_ok('st-1', None, None, False)
    for _ in range(11):
        h.sock().close(1006)
        h.advance_to_next_timer()
    h.state()
    h.call('reconnect', [])
    h.sock().open()
    h.sock().close(1006)
    h.state()
    h.advance_to_next_timer()
    h.sock().open()
    h.advance(STABLE_MS)
    h.sock().close(1006)
    h.state()


def open_and_drop_does_not_reset_but_stable_does(h):
    h.create(None)
    h.create_session('session')
    h.session_ok('st-1', None, None, False)
    for _ in range(4):
        h.sock().open()
        h.advance(STABLE_MS - 1)
        h.sock().close(1006)
        h.advance_to_next_timer()
    h.sock().open()
    h.advance(STABLE_MS)
    h.sock().close(1011)
    h.state()
    for _ in range(12):
        if h.api['getState']()['connectionStatus'] == 'gave_up':
            break
        h.advance_to_next_timer()
        h.sock().open()
        h.sock().close(1006)
    h.state()


def hanging_connect_times_out(h):
    h.create(None)
    h.create_session('session')
    h.session_ok('st-1', None, None, False)
    first = h.sock()
    h.advance(CONNECT_TIMEOUT_MS - 1)
    h.state()
    h.advance(1)
    first.close(1006)
    first.open()
    h.state()
    for _ in range(40):
        if h.api['getState']()['connectionStatus'] == 'gave_up':
            break
        h.advance_to_next_timer()
    h.state()


# ---- auth -----------------------------------------------------------------------------

def auth_close_renews_the_session_first(h):
    h.create(None)
    h.connect()
    h.sock().message(frame('m1', 'hi', 1, 'user', None, False))
    h.sock().close(4401)
    h.advance(60000)
    h.state()
    h.session_ok('st-2', 'ignored', 'ignored', True)
    h.sock().open()
    h.respond_to('GET', HISTORY_PATH, 200, one(MESSAGES, [item('a1', 2, 'ai', 'reply', None)]), None)
    h.state()


def auth_close_with_failed_renewal(h):
    h.create(None)
    h.connect()
    h.sock().close(4401)
    h.respond_to('POST', SESSION_PATH, 0, None, None)
    h.advance_to_next_timer()
    h.state()
    h.sock().open()
    h.sock().close(4401)
    h.session_ok('st-2', None, None, False)
    h.state()


def http_401_on_send_renews_and_resends(h):
    h.create(None)
    h.connect()
    h.send('hello')
    h.respond_to('POST', MESSAGE_PATH, 401, one(ERROR, 'Invalid or expired session'), None)
    h.state()
    h.session_ok('st-2', None, None, False)
    h.respond_to('POST', MESSAGE_PATH, 200, {'content': 'Hi'}, None)
    h.state()


# ---- outbox -----------------------------------------------------------------------------

def sends_while_disconnected_keep_order(h):
    h.create(None)
    h.connect()
    h.sock().close(1006)
    h.send('one')
    h.send('two')
    h.send('three')
    statuses = [0, 503, 429, 200, 500, 200, 200]
    for status in statuses:
        body = {'content': 'ok'} if status == 200 else None
        h.respond_to('POST', MESSAGE_PATH, status, body, 3 if status == 429 else None)
        while h.platform.respond_to('GET', HISTORY_PATH, 200, one(MESSAGES, []), None):
            pass
        h.advance(3000)
    h.state()


def four_xx_is_reported_and_the_outbox_bounded(h):
    h.create(None)
    h.connect()
    h.send('bad')
    h.send('good')
    h.respond_to('POST', MESSAGE_PATH, 400, one(ERROR, 'content must be a non-empty string'), None)
    h.respond_to('POST', MESSAGE_PATH, 409, None, None)
    h.state()
    for i in range(51):
        h.send('m' + str(i))
    h.send('')
    h.send('   ')
    h.send(42)
    h.send(repeat('x', 10001))
    h.state()


def lazy_session_failure_rejects_waiting_messages(h):
    h.create(None)
    h.send('a')
    h.send('b')
    h.respond_to('POST', SESSION_PATH, 503, one(ERROR, 'Service unavailable'), None)
    h.state()
    h.send('c')
    h.respond_to('POST', SESSION_PATH, 200, {'sessionToken': '', 'conversationId': 'c'}, None)
    h.send('d')
    h.respond_to('POST', SESSION_PATH, 0, None, None)
    h.state()


# ---- ping, visibility, close ---------------------------------------------------------------

def ping_every_25_s_and_none_after_close(h):
    h.create(None)
    h.connect()
    h.advance(PING_MS - 1)
    h.advance(1)
    h.advance(PING_MS * 3)
    h.state()
    h.call('close', [])
    h.advance(PING_MS * 4)
    h.call('close', [])
    h.state()
    h.send('late')
    h.call('reconnect', [])
    h.create_session('late')


def hidden_tab_defers_reconnects(h):
    h.create(None)
    h.connect()
    h.platform.set_visible(False)
    h.sock().close(1006)
    h.advance(600000)
    h.state()
    h.platform.set_visible(True)
    for _ in range(3):
        h.platform.set_visible(False)
        h.platform.set_visible(True)
    h.sock().open()
    h.state()


def close_while_connecting_or_waiting(h):
    h.create(None)
    h.create_session('session')
    h.session_ok('st-1', None, None, False)
    sock = h.sock()
    h.call('close', [])
    sock.close(1006)
    sock.open()
    h.advance(3600000)
    h.platform.set_visible(False)
    h.platform.set_visible(True)
    h.state()


def close_while_the_session_is_pending(h):
    h.create(None)
    h.create_session('session')
    h.call('close', [])
    h.session_ok('st-1', None, None, False)
    h.state()


# ---- session and messages --------------------------------------------------------------------

def lazy_session_and_a_streamed_reply(h):
    h.create(None)
    h.state()
    h.send('  hello  ')
    h.state()
    h.session_ok('st-1', 'Hello! How can I help?', "You're chatting with Alex, an AI.", False)
    h.sock().open()
    cid = h.local_id(1)
    h.sock().message(frame('u1', 'hello', 5, 'user', cid, False))
    h.sock().message(frame('a1', 'You', None, 'ai', None, True))
    h.sock().message(frame('a1', 'You said', None, 'ai', None, True))
    h.sock().message(frame('a1', 'You said hello', 6, 'ai', None, False))
    h.respond_to('POST', MESSAGE_PATH, 200, {'content': 'You said hello'}, None)
    h.state()


def create_session_twice_and_visitor_storage(h):
    h.platform.storage['pilot-status.visitorId'] = 'v_existing'
    h.create(None)
    h.create_session('first')
    h.create_session('second')
    h.session_ok('st-1', None, None, False)
    h.create_session('third')
    h.state()
    h2 = HeadlessHarness()
    h2.platform = h.platform
    h.platform.storage['pilot-status.visitorId'] = repeat('v', 101)
    h2.create(None)
    h2.create_session('fresh')


def resumed_session_fetches_history(h):
    h.create(None)
    h.create_session('session')
    h.session_ok('st-1', None, None, True)
    h.respond_to('GET', HISTORY_PATH, 200, one(MESSAGES, [
        item('a3', 30, 'ai', 'third', None), item('u1', 10, 'user', 'first', None),
        item('a2', 20, 'ai', 'second', None),
        {'role': 'system', 'messageId': 'x', 'seq': 25, 'content': 'no'}, 'junk', None]), None)
    h.state()


def duplicates_and_own_echo(h):
    h.create(None)
    h.connect()
    h.send('hello')
    cid = h.local_id(0)
    for _ in range(3):
        h.sock().message(frame('u1', 'hello', 5, 'user', cid, False))
        h.sock().message(ai('a1', 'answer', 6))
    h.respond_to('POST', MESSAGE_PATH, 200, {'content': 'answer'}, None)
    h.state()


def history_after_reconnect_fills_the_gap(h):
    h.create(None)
    h.connect()
    h.sock().message(frame('u1', 'one', 10, 'user', None, False))
    h.sock().message(ai('a1', 'two', 11))
    h.advance(STABLE_MS)
    h.sock().close(1006)
    h.advance_to_next_timer()
    h.sock().open()
    h.sock().message(ai('a3', 'five', 15))
    h.respond_to('GET', HISTORY_PATH, 200, one(MESSAGES, [
        item('a2', 13, 'ai', 'four', None), item('u2', 12, 'user', 'three', None), item('a3', 15, 'ai', 'five', None),
        item('a1', 11, 'ai', 'two', None)]), None)
    h.state()


def post_answered_without_a_final_frame(h):
    h.create(None)
    h.connect()
    h.sock().close(1006)
    h.send('hi')
    cid = h.local_id(0)
    h.respond_to('POST', MESSAGE_PATH, 200, {'content': 'You said hi'}, None)
    h.respond_to('GET', HISTORY_PATH, 200, one(MESSAGES, [
        item('u1', 1, 'user', 'hi', cid), item('a1', 2, 'ai', 'You said hi', None)]), None)
    h.state()


def malformed_frames_are_ignored(h):
    h.create(None)
    h.connect()
    h.sock().raw('not json')
    h.sock().raw('')
    bad = [{'type': 'typing'}, {'type': 'message.new'}, {'type': 'message.new', 'payload': 'x'},
           {'type': 'message.new', 'payload': {'content': 'no id'}},
           {'type': 'message.new', 'payload': {'messageId': '', 'content': 'empty id'}},
           {'type': 'message.new', 'payload': {'messageId': 'm', 'content': 42}},
           {'type': 'message.new', 'payload': {'messageId': repeat('x', 201), 'content': 'long id'}},
           [], 'message.new', None]
    for data in bad:
        h.sock().message(data)
    h.sock().message(ai('m', 'ok', 1))
    h.state()


def store_identity_subscribe_and_set_open(h):
    h.create(None)
    first = h.api['getState']()
    h.record('same before change: ' + show(h.api['getState']() is first))
    h.call('setOpen', [True])
    h.record('same after change: ' + show(h.api['getState']() is first))
    second = h.api['getState']()
    h.call('setOpen', [True])
    h.record('same after no-op: ' + show(h.api['getState']() is second))
    h.call('setOpen', ['yes'])
    h.call('subscribe', ['nope'])
    h.unsubscribe()
    h.unsubscribe()
    h.call('setOpen', [False])
    h.call('giveConsent', [])
    h.state()


# ---- updateContact, options, bot check ----------------------------------------------------------

def update_contact_rules_and_429_coalescing(h):
    h.create(None)
    bad = [None, 'Jane', 42, {'nickname': 'J'}, {'name': 42}, {'name': repeat('x', 256)}]
    for fields in bad:
        h.contact(fields, 'bad')
    h.contact({'name': '  Jane ', 'email': '', 'phone': '   ', 'company': 'Acme'}, 'first')
    h.session_ok('st-1', None, None, False)
    h.sock().open()
    h.respond_to('PATCH', CONTACT_PATH, 429, one(ERROR, 'Too many requests'), 12)
    h.contact({'name': 'B'}, 'second')
    h.contact({'phone': '+14155551234'}, 'third')
    h.contact({'name': ' ', 'email': ''}, 'empty')
    h.advance(11999)
    h.advance(1)
    h.respond_to('PATCH', CONTACT_PATH, 200, {'success': True}, None)
    h.contact({'email': 'a@b.co'}, 'fourth')
    h.respond_to('PATCH', CONTACT_PATH, 429, None, None)
    h.advance(60000)
    h.respond_to('PATCH', CONTACT_PATH, 400, one(ERROR, 'No valid fields to update'), None)
    h.state()


def option_validation(h):
    bad = [None, 'inbox-1', {}, {'apiBase': API_BASE}, {'inboxId': INBOX, 'apiBase': 'http://api.example'},
           {'inboxId': INBOX, 'apiBase': 'ftp://api.example'}, {'inboxId': INBOX, 'apiBase': 'not a url'},
           {'inboxId': INBOX, 'apiBase': 'https://user:pw@api.example'}, {'inboxId': INBOX, 'inboxID': INBOX},
           {'inboxId': INBOX, 'customerInfo': {'company': 'Acme'}}, {'inboxId': 42},
           {'inboxId': repeat('x', 201)}]
    for options in bad:
        h.create_raw(options)
    h.create_raw({'inboxId': ' inbox-1 ', 'apiBase': 'https://API.example/base/'})
    h.create_session('session')
    h.respond_to('POST', SESSION_PATH, 200, {'sessionToken': 'a b/c', 'conversationId': 'conv/1?x'}, None)
    h.create_raw({'inboxId': INBOX})
    h.create_session('default')
    h.create_raw({'inboxId': INBOX, 'apiBase': 'http://localhost:8080', 'token': 'chat-jwt'})
    h.create_session('local')
    h.respond_to('POST', 'localhost:8080' + SESSION_PATH, 200, session_body('st-9', None, None, False), None)
    h.session_ok('st-8', None, None, False)


def turnstile_customer_info_and_consent(h):
    h.create({'customerInfo': {'name': ' Jane ', 'email': 'jane@example.com', 'phone': ''},
              'turnstileSiteKey': 'site-key'})
    h.call('giveConsent', [])
    h.create_session('failing')
    h.platform.finish_turnstile(None, 'the bot check failed')
    h.advance(5000)
    h.create_session('passing')
    h.platform.finish_turnstile('bot-token', None)
    h.session_ok('st-1', 'Hi', None, False)
    h.sock().open()
    h.sock().close(4401)
    h.state()


headless_scenario(backoff_delay_table, 'backoff delay table')
headless_scenario(reconnect_schedule_then_gave_up, 'reconnect schedule then gave_up')
headless_scenario(manual_reconnect_after_gave_up, 'manual reconnect after gave_up')
headless_scenario(open_and_drop_does_not_reset_but_stable_does, 'open-and-drop does not reset, stable does')
headless_scenario(hanging_connect_times_out, 'hanging connect times out and counts')
headless_scenario(auth_close_renews_the_session_first, 'auth close renews the session first')
headless_scenario(auth_close_with_failed_renewal, 'auth close with a failed renewal')
headless_scenario(http_401_on_send_renews_and_resends, 'HTTP 401 on send renews and resends')
headless_scenario(sends_while_disconnected_keep_order, 'sends while disconnected keep order')
headless_scenario(four_xx_is_reported_and_the_outbox_bounded, '4xx is reported and the outbox is bounded')
headless_scenario(lazy_session_failure_rejects_waiting_messages, 'lazy session failure rejects waiting messages')
headless_scenario(ping_every_25_s_and_none_after_close, 'ping every 25 s and none after close')
headless_scenario(hidden_tab_defers_reconnects, 'hidden tab defers reconnects')
headless_scenario(close_while_connecting_or_waiting, 'close while connecting never reconnects')
headless_scenario(close_while_the_session_is_pending, 'close while the session is pending')
headless_scenario(lazy_session_and_a_streamed_reply, 'lazy session and a streamed reply')
headless_scenario(create_session_twice_and_visitor_storage, 'createSession twice and visitor storage')
headless_scenario(resumed_session_fetches_history, 'resumed session fetches history')
headless_scenario(duplicates_and_own_echo, 'duplicate frames and the own echo')
headless_scenario(history_after_reconnect_fills_the_gap, 'history after a reconnect fills the gap')
headless_scenario(post_answered_without_a_final_frame, 'POST answered without a final frame')
headless_scenario(malformed_frames_are_ignored, 'malformed frames are ignored')
headless_scenario(store_identity_subscribe_and_set_open, 'store identity, subscribe and setOpen')
headless_scenario(update_contact_rules_and_429_coalescing, 'updateContact rules and 429 coalescing')
headless_scenario(option_validation, 'option validation')
headless_scenario(turnstile_customer_info_and_consent, 'turnstile, customerInfo and consent')


def run_headless_all():
    """[[name, trace lines], ...] in declaration order."""
    def make():
        return HeadlessHarness()
    return run_scenarios(HEADLESS_SCENARIOS, make)
