"""The headless client: no iframe, the widget REST API + the conversation
WebSocket, and a store for your own UI (React's useSyncExternalStore, or any
other). Sans-IO like widget.py: fetch, sockets, timers, randomness, storage and
the bot check all come through `platform`.

Rules it keeps (SECURITY-CASES 23-28 and the Masheev headless spec):
- A session is created lazily by the first sendMessage() or by createSession();
  `visitorId` is kept stable per browser (platform storage).
- sendMessage() shows the user's message at once (client message id), posts it
  in order (a bounded outbox; retried with backoff, never silently dropped),
  and shows the AI reply as it streams. The list stays ordered and
  de-duplicated by messageId / clientMessageId.
- Socket status: connecting | connected | disconnected | error | gave_up.
  Reconnects back off from 1 s to 30 s with +-30% jitter (also at the cap),
  10 attempts, then gave_up (one status change, no timers left) until
  reconnect(). A socket that opens and drops at once does not reset the count;
  a connect that hangs times out and counts; an auth close (4401) renews the
  session token before trying again. Ping every 25 s. After every reconnect the
  history since the last seen message is fetched, so nothing is lost.
- getState() returns the same object until something changes.
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, has_own, push, trim, to_int, remove_at, own_keys, copy_list, starts_with, substring
# __pragma__ ('noskip')
#?from jsvalues import kind, has_own, push, trim, to_int, remove_at, own_keys, copy_list, starts_with, substring

from limits import LIMITS
from config import describe, check_contact, check_text
from errors import ArgumentError, StateError, INVALID_ARGUMENT, NOT_INITIALIZED, QUEUE_FULL

STATUSES = ['connecting', 'connected', 'disconnected', 'error', 'gave_up']
BACKOFF_BASE_MS = 1000
BACKOFF_CAP_MS = 30000
JITTER = 0.3
MAX_ATTEMPTS = 10
PING_MS = 25000
CONNECT_TIMEOUT_MS = 10000
STABLE_MS = 1500          # a connection must stay up this long to reset the attempt counter
AUTH_CLOSE = 4401
OUTBOX_MAX = 50
SEND_RETRY_MS = 2000
VISITOR_KEY = 'visitorId'


def backoff_delay(attempt, random_value):
    """Attempt n (1-based) waits min(30 s, 1 s * 2^(n-1)) +-30%, never 0 or NaN."""
    base = BACKOFF_BASE_MS
    for _ in range(1, attempt):
        base = base * 2
        if base >= BACKOFF_CAP_MS:
            base = BACKOFF_CAP_MS
            break
    if base > BACKOFF_CAP_MS:
        base = BACKOFF_CAP_MS
    r = random_value if kind(random_value) == 'number' and random_value == random_value else 0.5
    if r < 0:
        r = 0
    if r > 1:
        r = 1
    return to_int(base * (1 - JITTER + 2 * JITTER * r))


def ws_base(api_base):
    if starts_with(api_base, 'https://'):
        return 'wss://' + substring(api_base, 8, len(api_base))
    if starts_with(api_base, 'http://'):
        return 'ws://' + substring(api_base, 7, len(api_base))
    return api_base


class HeadlessClient:
    def __init__(self, profile, platform, options):
        self.profile = profile
        self.platform = platform
        self.options = options            # validated: inboxId, apiBase, customerInfo, turnstile...
        self.listeners = []
        self.snapshot = None
        self.closed = False
        self.generation = 0               # changes only on close(): guards every async callback
        self.socket_gen = 0               # changes with every socket: guards socket callbacks
        self.session = None               # {sessionToken, conversationId, greeting}
        self.disclosure = None
        self.is_resumed = False
        self.session_pending = None       # list of [on_ok, on_err] waiting for the session
        self.messages = []                # {id, role, content, timestamp, isLoading, seq, clientMessageId}
        self.last_seq = 0
        self.status = 'disconnected'
        self.error = None
        self.is_open = False
        self.context = {}
        self.consent_at = None
        self.socket = None
        self.token_refused = False        # the server refused the session token: renew before reconnecting
        self.attempts = 0
        # Pending timer handles by name (None: not scheduled); cleared through clear_timer(name).
        self.timers = {'reconnect': None, 'ping': None, 'connect': None, 'stable': None, 'send': None, 'contact': None}
        self.had_connection = False
        self.outbox = []                  # [{content, clientMessageId, ok, err}] sent one at a time, in order
        self.sending = False
        self.send_retry_ms = SEND_RETRY_MS
        self.contact_pending = None
        self.contact_waiters = []
        self.contact_blocked_until = 0
        self.contact_inflight = False
        self.unlisten_visibility = None
        self.deferred_reconnect = False
        client = self

        def on_visibility(visible):
            if visible and client.deferred_reconnect and not client.closed:
                client.deferred_reconnect = False
                client.open_socket()
        self.unlisten_visibility = platform.listen_visibility(on_visibility)

    # ---- store -------------------------------------------------------------

    def get_state(self):
        if self.snapshot == None:
            messages = []
            for m in self.messages:
                item = {'id': m['id'], 'role': m['role'], 'content': m['content'],
                        'timestamp': self.platform.make_timestamp(m['timestamp'])}
                if m['isLoading']:
                    item['isLoading'] = True
                push(messages, item)
            session = None
            if self.session != None:
                session = {'sessionToken': self.session['sessionToken'],
                           'conversationId': self.session['conversationId'],
                           'greeting': self.session['greeting']}
            self.snapshot = {
                'session': session, 'greeting': self.session['greeting'] if self.session != None else None,
                'disclosure': self.disclosure, 'isResumed': self.is_resumed, 'messages': messages,
                'isLoading': self.loading(), 'connectionStatus': self.status,
                'isConnected': self.status == 'connected', 'error': self.error, 'isOpen': self.is_open,
                'sessionLoading': self.session_pending != None,
            }
        return self.snapshot

    def loading(self):
        if self.sending or len(self.outbox) > 0:
            return True
        for m in self.messages:
            if m['isLoading']:
                return True
        return False

    def changed(self):
        self.snapshot = None
        for listener in copy_list(self.listeners):
            self.platform.call_listener(listener, None, 'subscribe')

    def subscribe(self, listener):
        if kind(listener) != 'function':
            raise ArgumentError(INVALID_ARGUMENT, 'subscribe(listener) needs a function; got '
                                + describe(listener) + '.')
        push(self.listeners, listener)
        client = self

        def unsubscribe():
            for i in range(len(client.listeners)):
                if client.listeners[i] is listener:
                    remove_at(client.listeners, i)
                    return
        return unsubscribe

    def set_error(self, text):
        self.error = text
        self.changed()

    # ---- session -------------------------------------------------------------

    def require_open(self, name):
        if self.closed:
            raise StateError(NOT_INITIALIZED, name + '() was called after close().')

    def visitor_id(self):
        stored = self.platform.storage_get(self.profile['id'] + '.' + VISITOR_KEY)
        if kind(stored) == 'string' and len(stored) > 0 and len(stored) <= 100:
            return stored
        fresh = 'v_' + self.random_id()
        self.platform.storage_set(self.profile['id'] + '.' + VISITOR_KEY, fresh)
        return fresh

    def random_id(self):
        alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
        out = ''
        for _ in range(16):
            out = out + alphabet[to_int(self.platform.random() * 35.999 - 0.5)]
        return out

    def create_session(self, on_ok, on_err):
        """Create (or resume) the session; callbacks get the session or the error text."""
        self.require_open('createSession')
        if self.session != None:
            on_ok(self.session_view())
            return
        if self.session_pending != None:
            push(self.session_pending, [on_ok, on_err])
            return
        self.session_pending = [[on_ok, on_err]]
        self.changed()
        self.request_session()

    def request_session(self):
        """POST /api/widget/session, after the bot check when one is configured."""
        if self.options['turnstileSiteKey'] != None:
            client = self
            generation = self.generation

            def got_token(token, error_text):
                if client.generation != generation or client.closed:
                    return
                if token == None:
                    client.session_failed('Bot check failed: ' + (error_text if error_text != None else 'no token'))
                    return
                client.post_session(token)
            self.platform.turnstile_token(self.options['turnstileScriptUrl'], self.options['turnstileSiteKey'],
                                          got_token)
        else:
            self.post_session(None)

    def session_view(self):
        return {'sessionToken': self.session['sessionToken'], 'conversationId': self.session['conversationId'],
                'greeting': self.session['greeting']}

    def post_session(self, turnstile_token):
        body = {'inboxId': self.options['inboxId'], 'visitorId': self.visitor_id()}
        if self.options['customerInfo'] != None:
            body['customerInfo'] = self.options['customerInfo']
        if turnstile_token != None:
            body['turnstileToken'] = turnstile_token
        if self.consent_at != None:
            body['consent'] = {'timestamp': self.consent_at}
        client = self
        generation = self.generation

        def done(status, data, retry_after):
            if client.generation != generation or client.closed:
                return
            if status == 200 or status == 201:
                session = read_session(data)
                if session == None:
                    client.session_failed('The server sent an invalid session.')
                    return
                client.session_ready(session, data)
            else:
                client.session_failed(error_message(data, status, 'Could not start the chat'))
        self.platform.request_json('POST', self.options['apiBase'] + '/api/widget/session', self.options['authToken'],
                                   body, done)

    def session_ready(self, session, data):
        renewing = self.session != None
        if renewing and session['greeting'] == None:
            session['greeting'] = self.session['greeting']   # a renewal answers as a resumed session
        self.session = session
        self.token_refused = False
        if not renewing:
            self.disclosure = data['disclosure'] if has_own(data, 'disclosure') and kind(data['disclosure']) \
                == 'string' else None
            self.is_resumed = has_own(data, 'isResumed') and data['isResumed'] is True
            if kind(session['greeting']) == 'string' and len(session['greeting']) > 0:
                self.add_message({'id': 'greeting', 'role': 'ai', 'content': session['greeting'],
                                  'timestamp': self.platform.now(), 'isLoading': False, 'seq': 0,
                                  'clientMessageId': None})
        self.error = None
        waiting = self.session_pending
        self.session_pending = None
        self.changed()
        if waiting != None:
            for pair in waiting:
                pair[0](self.session_view())
        if self.is_resumed and not renewing:
            self.fetch_history()
        self.open_socket()
        self.pump_outbox()
        self.flush_contact()

    def session_failed(self, text):
        waiting = self.session_pending
        self.session_pending = None
        self.error = text
        self.changed()
        if waiting != None:
            for pair in waiting:
                pair[1](text)
        if self.session != None and self.socket == None:
            self.schedule_reconnect()   # a failed renewal: back off, then renew again (token_refused)

    # ---- messages ------------------------------------------------------------

    def find_message(self, key, value):
        if value == None:
            return -1
        for i in range(len(self.messages)):
            if self.messages[i][key] == value:
                return i
        return -1

    def add_message(self, message):
        """Insert keeping server order (by seq); messages without seq stay last."""
        if message['seq'] == None:
            push(self.messages, message)
            return
        index = len(self.messages)
        for i in range(len(self.messages)):
            other = self.messages[i]['seq']
            if other == None or other > message['seq']:
                index = i
                break
        rebuilt = []
        for i in range(len(self.messages)):
            if i == index:
                push(rebuilt, message)
            push(rebuilt, self.messages[i])
        if index == len(self.messages):
            push(rebuilt, message)
        self.messages = rebuilt

    def merge_server_message(self, message_id, seq, role, content, client_id, streaming):
        """One message from the socket or the history: update in place or insert."""
        index = self.find_message('id', message_id)
        if index < 0 and client_id != None:
            index = self.find_message('clientMessageId', client_id)
        if index >= 0:
            existing = self.messages[index]
            if existing['id'] == message_id and existing['content'] == content \
                    and existing['isLoading'] == streaming and (seq == None or existing['seq'] == seq):
                return False   # a duplicate frame: nothing changes, getState() keeps its identity
            existing['id'] = message_id
            existing['content'] = content
            existing['isLoading'] = streaming
            if seq != None and existing['seq'] != seq:
                existing['seq'] = seq
                remove_at(self.messages, index)
                self.add_message(existing)
        else:
            self.add_message({'id': message_id, 'role': role, 'content': content, 'timestamp': self.platform.now(),
                              'isLoading': streaming, 'seq': seq, 'clientMessageId': client_id})
        if seq != None and seq > self.last_seq:
            self.last_seq = seq
        return True

    def send_message(self, content, on_ok, on_err):
        self.require_open('sendMessage')
        text = trim(check_text(content))
        if len(self.outbox) >= OUTBOX_MAX:
            raise StateError(QUEUE_FULL, 'sendMessage(): ' + str(OUTBOX_MAX) + ' messages are already '
                             'waiting to be sent.')
        client_id = 'c_' + self.random_id()
        self.add_message({'id': client_id, 'role': 'user', 'content': text, 'timestamp': self.platform.now(),
                          'isLoading': False, 'seq': None, 'clientMessageId': client_id,
                          'sentAfter': self.last_seq})
        push(self.outbox, {'content': text, 'clientMessageId': client_id, 'ok': on_ok, 'err': on_err})
        self.changed()
        if self.session == None:
            client = self

            def failed(text):
                client.fail_outbox(text)
            self.create_session(noop, failed)
            return
        self.pump_outbox()

    def fail_outbox(self, text):
        outbox = self.outbox
        self.outbox = []
        for item in outbox:
            item['err'](text)
        self.changed()

    def pump_outbox(self):
        """Send the oldest pending message; the next one goes when it is done."""
        if self.sending or len(self.outbox) == 0 or self.session == None or self.closed:
            return
        item = self.outbox[0]
        self.sending = True
        client = self
        generation = self.generation

        def done(status, data, retry_after):
            if client.generation != generation or client.closed:
                return
            client.sending = False
            if status == 200 or status == 201:
                client.send_retry_ms = SEND_RETRY_MS
                remove_at(client.outbox, 0)
                reply = data['content'] if kind(data) == 'object' and has_own(data, 'content') else None
                client.reply_finished(item['clientMessageId'], reply)
                item['ok'](None)
                client.changed()
                client.pump_outbox()
            elif status == 401:
                client.renew_session()
            elif status == 0 or status >= 500 or status == 429:
                # Network or server trouble: keep the order, try again later.
                delay = retry_after * 1000 if retry_after != None else client.send_retry_ms
                client.send_retry_ms = client.send_retry_ms * 2 if client.send_retry_ms < BACKOFF_CAP_MS \
                    else BACKOFF_CAP_MS
                client.timers['send'] = client.platform.set_timeout(client.retry_send, delay)
                client.changed()
            else:
                remove_at(client.outbox, 0)
                text = error_message(data, status, 'The message was not sent')
                client.error = text
                item['err'](text)
                client.changed()
                client.pump_outbox()
        self.platform.request_json('POST', self.options['apiBase'] + '/api/widget/message',
                                   self.session['sessionToken'],
                                   {'content': item['content'], 'clientMessageId': item['clientMessageId']}, done)

    def retry_send(self):
        self.timers['send'] = None
        self.pump_outbox()

    def reply_finished(self, client_id, reply):
        """The POST answered with the full reply. If the socket did not deliver it
        (disconnected), fetch the history so the reply shows up with its id."""
        streaming = False
        for m in self.messages:
            if m['role'] == 'ai' and m['isLoading']:
                streaming = True
        if not streaming and kind(reply) == 'string' and len(reply) > 0 \
                and not self.has_final_reply_after(client_id):
            self.fetch_history()
        elif self.unconfirmed(client_id):
            self.fetch_history()   # the socket missed the echo of our own message: confirm it

    def unconfirmed(self, client_id):
        index = self.find_message('clientMessageId', client_id)
        return index >= 0 and self.messages[index]['seq'] == None

    def history_after(self):
        """Fetch from before the oldest message of ours the server has not confirmed
        yet (its echo may have been lost with a socket), else after the last seen."""
        after = self.last_seq
        for m in self.messages:
            if m['seq'] == None and m['role'] == 'user' and has_own(m, 'sentAfter') and m['sentAfter'] < after:
                after = m['sentAfter']
        return after

    def has_final_reply_after(self, client_id):
        seen = False
        for m in self.messages:
            if m['clientMessageId'] == client_id:
                seen = True
            elif seen and m['role'] == 'ai' and not m['isLoading']:
                return True
        return False

    def fetch_history(self):
        if self.session == None:
            return
        client = self
        generation = self.generation

        def done(status, data, retry_after):
            if client.generation != generation or client.closed:
                return
            if status == 401:
                client.renew_session()
                return
            if status != 200 or kind(data) != 'object' or not has_own(data, 'messages') \
                    or kind(data['messages']) != 'array':
                return
            for item in data['messages']:
                message = read_history_item(item)
                if message != None:
                    client.merge_server_message(message['messageId'], message['seq'], message['role'],
                                                message['content'], message['clientMessageId'], False)
            client.changed()
        self.platform.request_json('GET', self.options['apiBase'] + '/api/widget/messages?after='
                                   + str(self.history_after()), self.session['sessionToken'], None, done)

    # ---- socket --------------------------------------------------------------

    def set_status(self, status):
        if self.status != status:
            self.status = status
            self.changed()

    def open_socket(self):
        if self.closed or self.session == None or self.socket != None:
            return
        if not self.platform.is_visible() and self.had_connection:
            self.deferred_reconnect = True   # a hidden tab waits instead of storming
            return
        self.clear_timer('reconnect')
        self.set_status('connecting')
        client = self
        self.socket_gen = self.socket_gen + 1
        generation = self.socket_gen
        url = ws_base(self.options['apiBase']) + '/ws/conversation/' \
            + self.platform.encode_component(self.session['conversationId']) + '?token=' \
            + self.platform.encode_component(self.session['sessionToken']) + '&source=widget'
        ended = [False]

        def on_open():
            if client.socket_gen == generation:
                client.socket_opened()

        def on_message(text):
            if client.socket_gen == generation:
                client.socket_message(text)

        def on_close(code):
            # error and close of one failure count once
            if client.socket_gen == generation and not ended[0]:
                ended[0] = True
                client.socket_closed(code)

        def on_timeout():
            if client.socket_gen == generation and not ended[0]:
                ended[0] = True
                client.timers['connect'] = None
                client.drop_socket()
                client.socket_closed(0)

        self.socket = self.platform.open_socket(url, on_open, on_message, on_close)
        self.timers['connect'] = self.platform.set_timeout(on_timeout, CONNECT_TIMEOUT_MS)

    def socket_opened(self):
        self.clear_timer('connect')
        reconnected = self.had_connection
        self.had_connection = True
        self.set_status('connected')
        client = self
        generation = self.socket_gen

        def stable():
            if client.socket_gen == generation:
                client.timers['stable'] = None
                client.attempts = 0
        self.timers['stable'] = self.platform.set_timeout(stable, STABLE_MS)
        self.schedule_ping()
        if reconnected:
            self.fetch_history()   # whatever arrived while we were away

    def schedule_ping(self):
        client = self
        generation = self.socket_gen

        def ping():
            if client.socket_gen == generation and client.socket != None:
                client.platform.socket_send(client.socket, '{"type":"ping"}')
                client.schedule_ping()
        self.timers['ping'] = self.platform.set_timeout(ping, PING_MS)

    def socket_message(self, text):
        frame = self.platform.json_parse(text) if kind(text) == 'string' and len(text) <= 200000 else None
        if kind(frame) != 'object' or not has_own(frame, 'type') or frame['type'] != 'message.new':
            return
        payload = frame['payload'] if has_own(frame, 'payload') else None
        message = read_socket_message(payload)
        if message == None:
            return
        if self.merge_server_message(message['messageId'], message['seq'], message['role'], message['content'],
                                     message['clientMessageId'], message['streaming']):
            self.changed()

    def drop_socket(self):
        """Close the socket on our side: its late close event is ignored and its
        timers go with it."""
        for name in ['connect', 'ping', 'stable']:
            self.clear_timer(name)
        self.socket_gen = self.socket_gen + 1
        if self.socket != None:
            socket = self.socket
            self.socket = None
            self.platform.socket_close(socket)

    def socket_closed(self, code):
        self.socket = None
        for name in ['connect', 'ping', 'stable']:
            self.clear_timer(name)
        self.socket_gen = self.socket_gen + 1
        if self.closed:
            self.set_status('disconnected')
            return
        if code == AUTH_CLOSE:
            self.token_refused = True
            if self.attempts == 0:
                self.attempts = 1
                self.renew_session()   # the usual case (an expired token): renew at once
            else:
                self.schedule_reconnect()   # refused again: back off before renewing
            return
        self.schedule_reconnect()

    def schedule_reconnect(self):
        self.attempts = self.attempts + 1
        if self.attempts > MAX_ATTEMPTS:
            self.set_status('gave_up')   # one status change; no timer is left behind
            return
        self.set_status('error' if self.had_connection or self.attempts > 1 else 'disconnected')
        client = self
        generation = self.generation

        def retry():
            if client.generation == generation:
                client.timers['reconnect'] = None
                if client.token_refused:
                    client.renew_session()   # never reconnect with a token the server refused
                else:
                    client.open_socket()
        delay = backoff_delay(self.attempts, self.platform.random())
        self.timers['reconnect'] = self.platform.set_timeout(retry, delay)

    def renew_session(self):
        """The session token was refused: ask for a fresh one (same visitor, so the
        same conversation; through the bot check if configured), then reconnect and resend."""
        if self.session == None or self.session_pending != None or self.closed:
            return
        self.token_refused = True
        self.session_pending = []
        self.drop_socket()
        self.set_status('connecting')
        self.request_session()

    def reconnect(self):
        """Manual reconnect (e.g. after gave_up): the attempt counter starts over."""
        self.require_open('reconnect')
        self.attempts = 0
        self.clear_timer('reconnect')
        self.drop_socket()
        if self.session != None:
            if self.token_refused:
                self.renew_session()
            else:
                self.open_socket()

    def clear_timer(self, name):
        handle = self.timers[name]
        if handle != None:
            self.platform.clear_timeout(handle)
            self.timers[name] = None

    # ---- contact, context, UI state ----------------------------------------

    def update_contact(self, fields, on_ok, on_err):
        self.require_open('updateContact')
        clean = check_contact(fields)
        if len(own_keys(clean)) == 0:
            on_err('updateContact(): no non-empty fields, nothing to send.')
            return
        if self.contact_pending == None:
            self.contact_pending = {}
        for key in own_keys(clean):
            self.contact_pending[key] = clean[key]   # coalesced: the latest value of each field wins
        push(self.contact_waiters, [on_ok, on_err])
        if self.session == None:
            client = self

            def ready(session):
                client.flush_contact()

            def failed(text):
                client.fail_contact(text)
            self.create_session(ready, failed)
            return
        self.flush_contact()

    def flush_contact(self):
        if self.contact_pending == None or self.timers['contact'] != None or self.session == None \
                or self.contact_inflight or self.session_pending != None:
            return
        wait = self.contact_blocked_until - self.platform.now()
        if wait > 0:
            client = self

            def later():
                client.timers['contact'] = None
                client.flush_contact()
            self.timers['contact'] = self.platform.set_timeout(later, wait)
            return
        fields = self.contact_pending
        waiters = self.contact_waiters
        self.contact_pending = None
        self.contact_waiters = []
        self.contact_inflight = True
        client = self

        def requeue():
            # Newer fields (queued while this request was out) win over these.
            if client.contact_pending == None:
                client.contact_pending = fields
            else:
                for key in own_keys(fields):
                    if not has_own(client.contact_pending, key):
                        client.contact_pending[key] = fields[key]
            for pair in waiters:
                push(client.contact_waiters, pair)

        def done(status, data, retry_after):
            if client.closed:
                return
            client.contact_inflight = False
            if status == 200:
                for pair in waiters:
                    pair[0](None)
                client.flush_contact()
            elif status == 401:
                requeue()
                client.renew_session()   # flushed again once the new session is ready
            elif status == 429:
                # Rate limited: keep these fields (newer ones win) and send after Retry-After.
                seconds = retry_after if retry_after != None else 60
                client.contact_blocked_until = client.platform.now() + seconds * 1000
                requeue()
                client.flush_contact()
            else:
                text = error_message(data, status, 'updateContact failed')
                for pair in waiters:
                    pair[1](text)
                client.flush_contact()
        self.platform.request_json('PATCH', self.options['apiBase'] + '/api/widget/contact',
                                   self.session['sessionToken'], fields, done)

    def fail_contact(self, text):
        waiters = self.contact_waiters
        self.contact_waiters = []
        self.contact_pending = None
        for pair in waiters:
            pair[1](text)

    def set_open(self, value):
        if kind(value) != 'boolean':
            raise ArgumentError(INVALID_ARGUMENT, 'setOpen(open) needs true or false; got ' + describe(value) + '.')
        if self.is_open != value:
            self.is_open = value
            self.changed()

    def give_consent(self):
        if self.consent_at == None:
            self.consent_at = self.platform.iso_now()
            self.changed()

    def close(self):
        """Close the socket for good: no reconnects, no timers left."""
        if self.closed:
            return
        self.closed = True
        for name in ['reconnect', 'ping', 'connect', 'stable', 'send', 'contact']:
            self.clear_timer(name)
        self.drop_socket()
        self.generation = self.generation + 1
        self.socket_gen = self.socket_gen + 1
        if self.unlisten_visibility != None:
            self.unlisten_visibility()
            self.unlisten_visibility = None
        self.status = 'disconnected'
        outbox = self.outbox
        self.outbox = []
        for item in outbox:
            item['err']('The client was closed before the message was sent.')
        waiters = self.contact_waiters
        self.contact_waiters = []
        for pair in waiters:
            pair[1]('The client was closed before the contact was updated.')
        self.changed()
        self.listeners = []


def noop(value=None):
    return value


def error_message(data, status, fallback):
    if kind(data) == 'object' and has_own(data, 'error') and kind(data['error']) == 'string' \
            and len(data['error']) <= 500:
        return data['error']
    if status == 0:
        return fallback + ': network error.'
    return fallback + ' (HTTP ' + str(status) + ').'


def read_session(data):
    if kind(data) != 'object':
        return None
    for key in ['sessionToken', 'conversationId']:
        if not has_own(data, key) or kind(data[key]) != 'string' or len(data[key]) == 0 \
                or len(data[key]) > LIMITS['tokenMax']:
            return None
    greeting = data['greeting'] if has_own(data, 'greeting') and kind(data['greeting']) == 'string' else None
    return {'sessionToken': data['sessionToken'], 'conversationId': data['conversationId'], 'greeting': greeting}


def read_socket_message(payload):
    if kind(payload) != 'object':
        return None
    message_id = payload['messageId'] if has_own(payload, 'messageId') else None
    content = payload['content'] if has_own(payload, 'content') else None
    if kind(message_id) != 'string' or len(message_id) == 0 or len(message_id) > 200 or kind(content) != 'string':
        return None
    role = 'ai'
    if has_own(payload, 'sender') and kind(payload['sender']) == 'object' and has_own(payload['sender'], 'type') \
            and payload['sender']['type'] == 'user':
        role = 'user'
    seq = payload['seq'] if has_own(payload, 'seq') and kind(payload['seq']) == 'number' else None
    client_id = payload['clientMessageId'] if has_own(payload, 'clientMessageId') \
        and kind(payload['clientMessageId']) == 'string' else None
    streaming = has_own(payload, 'streaming') and payload['streaming'] is True
    return {'messageId': message_id, 'seq': seq, 'role': role, 'content': content, 'clientMessageId': client_id,
            'streaming': streaming}


def read_history_item(item):
    if kind(item) != 'object':
        return None
    role = item['role'] if has_own(item, 'role') else None
    if role != 'user' and role != 'ai':
        return None
    payload = {'messageId': item['messageId'] if has_own(item, 'messageId') else None,
               'content': item['content'] if has_own(item, 'content') else None,
               'seq': item['seq'] if has_own(item, 'seq') else None,
               'clientMessageId': item['clientMessageId'] if has_own(item, 'clientMessageId') else None,
               'sender': {'type': role}}
    return read_socket_message(payload)

