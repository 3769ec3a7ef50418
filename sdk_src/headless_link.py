"""The headless client's conversation socket: one socket at a time, its
timers, and the reconnect policy, as the LINK state machine (states.py).

- Reconnects back off from 1 s to 30 s with +-30% jitter (also at the cap),
  MAX_ATTEMPTS attempts, then gave_up (one status change, no timers left) until
  reconnect(). A socket that opens and drops at once does not reset the count
  (it must stay up STABLE_MS); a connect that hangs times out and counts.
- An auth close (4401) marks the token refused: the session is renewed (at once
  the first time, after a backoff when refused again) before any reconnect.
- Ping every 25 s. A hidden tab defers its reconnect until it is visible again.
- The public connectionStatus (STATUSES) is kept here next to the state.
Socket callbacks carry the ticket of their socket: a late event from a socket
we already let go is ignored.
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, to_int, starts_with, substring
# __pragma__ ('noskip')
#?from jsvalues import kind, to_int, starts_with, substring

from states import LINK, advance
from lifetime import Timers
from headless_errors import failure
from errors import GAVE_UP
from wire import (SOCKET_PATH, SOCKET_TOKEN, SOCKET_SOURCE, SOURCE_WIDGET, SOCKET_AUTH_CLOSE, PING_FRAME,
                  SESSION_TOKEN, CONVERSATION_ID)

STATUSES = ['connecting', 'connected', 'disconnected', 'error', 'gave_up']
BACKOFF_BASE_MS = 1000
BACKOFF_CAP_MS = 30000
JITTER = 0.3
MAX_ATTEMPTS = 10
PING_MS = 25000
CONNECT_TIMEOUT_MS = 10000
STABLE_MS = 1500          # a connection must stay up this long to reset the attempt counter


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


class Link:
    def __init__(self, client):
        self.client = client
        self.platform_io = client.platform_io
        self.state = 'idle'
        self.status = 'disconnected'
        self.socket = None
        self.ticket = 0               # changes whenever we let a socket go
        self.attempts = 0
        self.had_connection = False
        self.deferred = False         # a reconnect waits for the tab to be visible
        self.timers = Timers(self.platform_io, ['reconnect', 'connect', 'ping', 'stable'])
        client.teardown.add_step(self.platform_io.listen_visibility(self.on_visibility))

    def move(self, event):
        self.state = advance(LINK, 'headless socket', self.state, event)

    def set_status(self, status):
        if self.status != status:
            self.status = status
            self.client.changed()

    def on_visibility(self, visible):
        if visible and self.deferred and not self.client.closed:
            self.deferred = False
            self.connect()

    def connect(self):
        session = self.client.session.current
        if self.client.closed or session == None or self.socket != None:
            return
        if not self.platform_io.is_visible() and self.had_connection:
            self.deferred = True   # a hidden tab waits instead of storming
            return
        self.move('connect')
        self.timers.cancel_timer('reconnect')
        self.set_status('connecting')
        self.ticket = self.ticket + 1
        ticket = self.ticket
        url = ws_base(self.client.options['apiBase']) + SOCKET_PATH \
            + self.platform_io.encode_component(session[CONVERSATION_ID]) + '?' + SOCKET_TOKEN + '=' \
            + self.platform_io.encode_component(session[SESSION_TOKEN]) + '&' + SOCKET_SOURCE + '=' + SOURCE_WIDGET
        link = self
        ended = False   # the error and the close of one failure count once

        def on_open():
            if link.ticket == ticket:
                link.opened()

        def on_message(text):
            if link.ticket == ticket:
                link.client.socket_text(text)

        def on_close(code):
            nonlocal ended
            if link.ticket == ticket and not ended:
                ended = True
                link.lost(code, False)

        def on_timeout():
            nonlocal ended
            if link.ticket == ticket and not ended:
                ended = True
                link.lost(0, True)

        self.socket = self.platform_io.open_socket(url, on_open, on_message, on_close)
        self.timers.set_timer('connect', on_timeout, CONNECT_TIMEOUT_MS)

    def opened(self):
        self.move('opened')
        self.timers.cancel_timer('connect')
        reconnected = self.had_connection
        self.had_connection = True
        error = self.client.error
        if error != None and error['code'] == GAVE_UP:
            self.client.set_error(None)   # connected again (reconnect()): that failure is over
        self.set_status('connected')
        self.timers.set_timer('stable', self.stable, STABLE_MS)
        self.schedule_ping()
        if reconnected:
            self.client.fetch_history()   # whatever arrived while we were away

    def stable(self):
        self.attempts = 0

    def schedule_ping(self):
        self.timers.set_timer('ping', self.ping, PING_MS)

    def ping(self):
        if self.socket != None:
            self.platform_io.socket_send(self.socket, PING_FRAME)
            self.schedule_ping()

    def release(self, close_ours):
        """Let the socket go: its timers with it, its late events ignored."""
        for name in ['connect', 'ping', 'stable']:
            self.timers.cancel_timer(name)
        self.ticket = self.ticket + 1
        socket = self.socket
        self.socket = None
        if close_ours and socket != None:
            self.platform_io.socket_close(socket)

    def lost(self, code, close_ours):
        """The socket closed (code) or its connect timed out (0, close_ours)."""
        self.move('lost')
        self.release(close_ours)
        if code == SOCKET_AUTH_CLOSE:
            self.client.session.token_refused = True
            if self.attempts == 0:
                self.attempts = 1
                self.client.renew_session()   # the usual case (an expired token): renew at once
                return
        self.backoff()   # refused again: back off before renewing

    def backoff(self):
        self.attempts = self.attempts + 1
        if self.attempts > MAX_ATTEMPTS:
            self.move('give_up')
            self.client.set_error(failure(GAVE_UP, 'The connection to the chat server was lost and '
                                          + str(MAX_ATTEMPTS) + ' reconnect attempts failed; call reconnect() to '
                                          'try again.'))
            self.set_status('gave_up')   # one status change (it carries the error); no timer is left behind
            return
        self.move('wait')
        self.set_status('error' if self.had_connection or self.attempts > 1 else 'disconnected')
        delay = backoff_delay(self.attempts, self.platform_io.random())
        self.timers.set_timer('reconnect', self.retry, delay)

    def retry(self):
        self.move('retry')
        if self.client.session.token_refused:
            self.client.renew_session()   # never reconnect with a token the server refused
        else:
            self.connect()

    def drop(self):
        """Close the socket (or cancel the wait) on our side."""
        self.move('drop')
        self.timers.cancel_timer('reconnect')
        self.release(True)

    def restart(self):
        """Manual reconnect (e.g. after gave_up): the attempt counter starts over."""
        self.attempts = 0
        self.drop()

    def close(self):
        self.move('close')
        self.timers.clear_all()
        self.release(True)
        self.status = 'disconnected'
