"""The headless client: no iframe, the widget REST API + the conversation
WebSocket, and a store for your own UI (React's useSyncExternalStore, or any
other). Sans-IO like widget.py: fetch, sockets, timers, randomness, storage and
the bot check all come through `platform`.

Rules it keeps (SECURITY-CASES 23-28 and the Masheev headless spec):
- A session is created lazily by the first sendMessage() or by createSession()
  (headless_session.py).
- sendMessage() shows the user's message at once (client message id), posts it
  in order (headless_outbox.py) and shows the AI reply as it streams. The list
  stays ordered and de-duplicated by messageId / clientMessageId
  (headless_store.py).
- The socket reconnects with backoff, renews a refused token, pings, and gives
  up after MAX_ATTEMPTS (headless_link.py, the LINK table in states.py). After
  every reconnect the history since the last seen message is fetched, so
  nothing is lost.
- updateContact() coalesces and honours Retry-After (headless_contact.py).
- Failures carry a code (headless_errors.py): callbacks get {code, message},
  getState() has error + errorCode.
- getState() returns the same object until something changes.

This module wires the parts, owns the snapshot and the listeners, and runs the
teardown each part registered once, on close().
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, has_own, push, trim, remove_at, own_keys, copy_list
# __pragma__ ('noskip')
#?from jsvalues import kind, has_own, push, trim, remove_at, own_keys, copy_list

from config import describe, check_contact, check_text
from errors import ArgumentError, StateError, INVALID_ARGUMENT, NOT_INITIALIZED, QUEUE_FULL
from lifetime import Teardown
from headless_errors import failure
from errors import REQUEST_FAILED
from headless_store import MessageStore, read_message, read_history_item
from headless_session import Session, random_id
from headless_link import (Link, STATUSES, BACKOFF_CAP_MS, CONNECT_TIMEOUT_MS, MAX_ATTEMPTS, PING_MS,  # noqa: F401
                           STABLE_MS, backoff_delay)
from headless_outbox import Outbox, OUTBOX_MAX, SEND_RETRY_MS  # noqa: F401
from headless_contact import ContactQueue
from wire import HISTORY_PATH, HISTORY_AFTER, MESSAGES, TYPE, PAYLOAD, MESSAGE_NEW

MAX_FRAME_CHARS = 200000


class HeadlessClient:
    def __init__(self, profile, platform, options):
        self.profile = profile
        self.platform_io = platform
        self.options = options            # validated: inboxId, apiBase, customerInfo, turnstile...
        self.listeners = []
        self.snapshot = None
        self.closed = False
        self.error = None                 # {code, message} of the last failure shown in getState()
        self.is_open = False
        self.context = {}
        self.teardown = Teardown()
        self.store = MessageStore()
        self.session = Session(self)
        self.link = Link(self)
        self.outbox = Outbox(self)
        self.contact = ContactQueue(self)
        self.teardown.add_step(self.link.close)
        self.teardown.add_step(self.close_outbox)
        self.teardown.add_step(self.close_contact)

    # ---- store -------------------------------------------------------------

    def get_state(self):
        if self.snapshot == None:
            messages = []
            for m in self.store.messages:
                item = {'id': m['id'], 'role': m['role'], 'content': m['content'],
                        'timestamp': self.platform_io.make_timestamp(m['timestamp'])}
                if m['isLoading']:
                    item['isLoading'] = True
                push(messages, item)
            session = self.session.view() if self.session.current != None else None
            status = self.link.status
            self.snapshot = {
                'session': session, 'greeting': session['greeting'] if session != None else None,
                'disclosure': self.session.disclosure, 'isResumed': self.session.is_resumed, 'messages': messages,
                'isLoading': self.outbox.busy() or self.store.streaming(), 'connectionStatus': status,
                'isConnected': status == 'connected',
                'error': self.error['message'] if self.error != None else None,
                'errorCode': self.error['code'] if self.error != None else None,
                'isOpen': self.is_open, 'sessionLoading': self.session.pending(),
            }
        return self.snapshot

    def changed(self):
        self.snapshot = None
        for listener in copy_list(self.listeners):
            self.platform_io.call_listener(listener, None, 'subscribe')

    def subscribe(self, listener):
        if kind(listener) != 'function':
            raise ArgumentError(INVALID_ARGUMENT, 'subscribe(listener) needs a function; got '
                                + describe(listener) + '.')
        push(self.listeners, listener)
        listeners = self.listeners

        def unsubscribe():
            for i in range(len(listeners)):
                if listeners[i] is listener:
                    remove_at(listeners, i)
                    return
        return unsubscribe

    def set_error(self, fault):
        """Shown in getState() with the next change."""
        self.error = fault

    # ---- session -------------------------------------------------------------

    def require_open(self, name):
        if self.closed:
            raise StateError(NOT_INITIALIZED, name + '() was called after close().')

    def create_session(self, on_ok, on_err):
        """Create (or resume) the session; callbacks get the session or the failure."""
        self.require_open('createSession')
        self.session.create(on_ok, on_err)

    def session_ready(self, renewing, waiters):
        session = self.session.current
        if not renewing and kind(session['greeting']) == 'string' and len(session['greeting']) > 0:
            self.store.add({'id': 'greeting', 'role': 'ai', 'content': session['greeting'],
                            'timestamp': self.platform_io.now(), 'isLoading': False, 'seq': 0, 'clientMessageId': None})
        self.error = None
        self.changed()
        if waiters != None:
            for waiter in waiters:
                waiter['ok'](self.session.view())
        if self.session.is_resumed and not renewing:
            self.fetch_history()
        self.link.connect()
        self.outbox.pump()
        self.contact.flush()

    def session_failed(self, fault, waiters):
        self.error = fault
        self.changed()
        if waiters != None:
            for waiter in waiters:
                waiter['err'](fault)
        if self.session.current != None and self.link.socket == None:
            self.link.backoff()   # a failed renewal: back off, then renew again (token_refused)

    def renew_session(self):
        """The session token was refused: ask for a fresh one, then reconnect and resend."""
        if not self.session.renew():
            return
        self.link.drop()
        self.link.set_status('connecting')
        self.session.request()

    # ---- messages ------------------------------------------------------------

    def send_message(self, content, on_ok, on_err):
        self.require_open('sendMessage')
        text = trim(check_text(content))
        if self.outbox.full():
            raise StateError(QUEUE_FULL, 'sendMessage(): ' + str(OUTBOX_MAX) + ' messages are already '
                             'waiting to be sent.')
        client_id = 'c_' + random_id(self.platform_io)
        self.store.add({'id': client_id, 'role': 'user', 'content': text, 'timestamp': self.platform_io.now(),
                        'isLoading': False, 'seq': None, 'clientMessageId': client_id,
                        'sentAfter': self.store.last_seq})
        self.outbox.add(text, client_id, on_ok, on_err)
        self.changed()
        if self.session.current == None:
            self.session.create(ignore, self.fail_outbox)
            return
        self.outbox.pump()

    def fail_outbox(self, fault):
        self.outbox.fail_all(fault)
        self.changed()

    def close_outbox(self):
        self.outbox.close(failure(REQUEST_FAILED, 'The client was closed before the message was sent.'))

    def reply_finished(self, client_id, reply):
        if self.store.needs_history(client_id, reply):
            self.fetch_history()

    def socket_text(self, text):
        frame = self.platform_io.json_parse(text) if kind(text) == 'string' and len(text) <= MAX_FRAME_CHARS else None
        if kind(frame) != 'object' or not has_own(frame, TYPE) or frame[TYPE] != MESSAGE_NEW:
            return
        message = read_message(frame[PAYLOAD] if has_own(frame, PAYLOAD) else None)
        if message != None and self.store.merge(message, self.platform_io.now()):
            self.changed()

    def fetch_history(self):
        session = self.session.current
        if session == None:
            return

        def done(status, data, retry_after):
            if self.closed:
                return
            if status == 401:
                self.renew_session()
                return
            if status != 200 or kind(data) != 'object' or not has_own(data, MESSAGES) \
                    or kind(data[MESSAGES]) != 'array':
                return
            for item in data[MESSAGES]:
                message = read_history_item(item)
                if message != None:
                    self.store.merge(message, self.platform_io.now())
            self.changed()
        self.platform_io.request_json('GET', self.options['apiBase'] + HISTORY_PATH + '?' + HISTORY_AFTER + '='
                                   + str(self.store.history_after()), session['sessionToken'], None, done)

    # ---- socket --------------------------------------------------------------

    def reconnect(self):
        """Manual reconnect (e.g. after gave_up): the attempt counter starts over."""
        self.require_open('reconnect')
        self.link.restart()
        if self.session.current != None:
            if self.session.token_refused:
                self.renew_session()
            else:
                self.link.connect()

    # ---- contact, context, UI state ----------------------------------------

    def update_contact(self, fields, on_ok, on_err):
        self.require_open('updateContact')
        clean = check_contact(fields)
        if len(own_keys(clean)) == 0:
            on_err(failure(INVALID_ARGUMENT, 'updateContact(): no non-empty fields, nothing to send.'))
            return
        self.contact.add(clean, on_ok, on_err)
        if self.session.current == None:
            self.session.create(self.flush_contact, self.contact.fail)
            return
        self.contact.flush()

    def flush_contact(self, session=None):
        self.contact.flush()

    def close_contact(self):
        self.contact.close(failure(REQUEST_FAILED, 'The client was closed before the contact was updated.'))

    def set_open(self, value):
        if kind(value) != 'boolean':
            raise ArgumentError(INVALID_ARGUMENT, 'setOpen(open) needs true or false; got ' + describe(value) + '.')
        if self.is_open != value:
            self.is_open = value
            self.changed()

    def give_consent(self):
        if self.session.consent_at == None:
            self.session.consent_at = self.platform_io.iso_now()
            self.changed()

    def close(self):
        """Close for good: no socket, no reconnects, no timers left; pending calls are rejected."""
        if self.closed:
            return
        self.closed = True
        self.teardown.run_all()
        self.changed()
        self.listeners = []


def ignore(value=None):
    return value
