"""State machines of the SDK, each a table: state -> {event: next state}.
Everything that decides a transition is in the table; `advance()` refuses an
event the table does not list for the current state, loudly (an exception
that names the machine, the state and the event), so an impossible transition
fails a test instead of passing silently.

LINK, the headless client's conversation socket (headless_link.py):
    idle        no socket, nothing scheduled (the start; also between a loss and what follows)
    connecting  a socket is opening (a connect timeout is running)
    open        the socket is open (ping and stable timers running)
    backoff     waiting for the reconnect timer
    gave_up     too many failed attempts; only reconnect() (or a new session) leaves it
    closed      close() was called; final
Events: connect, opened, lost (the socket closed or timed out), wait (schedule a
retry), retry (the timer fired), give_up, drop (we close the socket / cancel the
wait: token renewal, manual reconnect), close.
"""


class TransitionError(Exception):
    def __init__(self, message):
        Exception.__init__(self, message)
        self.sdk_message = message

    def __str__(self):
        return self.sdk_message


LINK = {
    'idle': {'connect': 'connecting', 'wait': 'backoff', 'give_up': 'gave_up', 'drop': 'idle', 'close': 'closed'},
    'connecting': {'opened': 'open', 'lost': 'idle', 'drop': 'idle', 'close': 'closed'},
    'open': {'lost': 'idle', 'drop': 'idle', 'close': 'closed'},
    'backoff': {'retry': 'idle', 'connect': 'connecting', 'drop': 'idle', 'close': 'closed'},
    'gave_up': {'drop': 'idle', 'close': 'closed'},
    'closed': {'close': 'closed'},
}


# State names the parent-side machines share (the widget, the Connect frame); the tables
# spell them as literals like LINK (a dict display with constant keys becomes a runtime
# dict() call in JS) and tests/unit/test_states.py checks each one is a name defined here.
IDLE = 'idle'
DEFERRED = 'deferred'
LOADING = 'loading'
READY = 'ready'
FAILED = 'failed'
DESTROYED = 'destroyed'
CLOSED = 'closed'

# WIDGET, the parent-side chat widget (widget.py):
#   idle       before the first init()
#   deferred   init() done, the frame waits for its loading trigger (`loading`: idle / interaction)
#   loading    the iframe exists, the handshake runs (its timeout too)
#   ready      the handshake completed
#   failed     the handshake timed out, or a deferred frame could not be added (a DOM error)
#   destroyed  destroy() / reset(); init() starts over
# Events: defer / load (init(); load also when a deferred trigger fires), ready (the handshake
# completed), fail, undo (a DOM error inside init(): back to idle, the error re-raised), destroy.
WIDGET = {
    'idle': {'defer': 'deferred', 'load': 'loading'},
    'deferred': {'load': 'loading', 'undo': 'idle', 'destroy': 'destroyed'},
    'loading': {'ready': 'ready', 'fail': 'failed', 'undo': 'idle', 'destroy': 'destroyed'},
    'ready': {'destroy': 'destroyed'},
    'failed': {'defer': 'deferred', 'load': 'loading', 'destroy': 'destroyed'},
    'destroyed': {'defer': 'deferred', 'load': 'loading'},
}

# CONNECT, a connect() frame (connect.py): idle -> loading (open) -> ready (the Connect
# page's `ready`); close (destroy(), the handshake timeout, a DOM error in open) from
# anywhere, closed is final and closing again is allowed (destroy() twice).
CONNECT = {
    'idle': {'load': 'loading', 'close': 'closed'},
    'loading': {'ready': 'ready', 'close': 'closed'},
    'ready': {'close': 'closed'},
    'closed': {'close': 'closed'},
}


def advance(table, machine, state, event):
    """The state after `event`, or TransitionError if the table does not allow it."""
    targets = table[state]
    if targets == None or event not in targets:
        raise TransitionError(machine + ': event "' + event + '" is not allowed in state "' + state + '".')
    return targets[event]


# FRAME, the frame kit inside the chat iframe (frame.py):
#     idle        created, start() not called yet
#     waiting     listening; `ready` posted to the parent, no init yet
#     verifying   a token arrived; the server is checking the parent origin (commands are held)
#     active      the origin is verified (or the profile needs no token): the chat page works
#     rejected    no token, or the origin is not allowed / could not be verified
#     expired     the token expired or was refused (401); a new token leaves it
#     stopped     stop() was called; start() may begin again
# Events: start, verify (a token to check), activate, reject, expire, stop.
# `expire` forgets the token in every started state but moves only verifying and
# active; `activate` never leaves rejected (a rejected kit needs a token checked first).
FRAME = {
    'idle': {'start': 'waiting'},
    'waiting': {'verify': 'verifying', 'activate': 'active', 'reject': 'rejected', 'expire': 'waiting',
                'stop': 'stopped'},
    'verifying': {'verify': 'verifying', 'activate': 'active', 'reject': 'rejected', 'expire': 'expired',
                  'stop': 'stopped'},
    'active': {'verify': 'verifying', 'activate': 'active', 'reject': 'rejected', 'expire': 'expired',
               'stop': 'stopped'},
    'rejected': {'verify': 'verifying', 'reject': 'rejected', 'expire': 'rejected', 'stop': 'stopped'},
    'expired': {'verify': 'verifying', 'activate': 'active', 'reject': 'rejected', 'expire': 'expired',
                'stop': 'stopped'},
    'stopped': {'start': 'waiting'},
}
