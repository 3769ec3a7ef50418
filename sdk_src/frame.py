"""The frame half of the protocol (runs inside the chat iframe): a sans-IO
state machine like widget.py, driven through a platform object
(sdk_src/js/frame_platform.js in the browser, tests/fake_platform.py in tests).

- Reads `parentOrigin` from the frame URL; posts `ready` to exactly that origin.
- Accepts parent messages only from that origin AND from window.parent.
- Keeps the token in memory only; hands it to the page through get_token().
- Before anything is shown, asks the server whether `parentOrigin` is in the
  token's allowedOrigins (a query parameter alone proves nothing); reports a
  typed error to the parent if not.
- Keeps the token alive with the sliding refresh endpoint, scheduled from the
  token's own relative lifetime (exp - iat), so a skewed client clock cannot
  cause a refresh loop; on full expiry reports `session-expired` once.
- Reports resize (automatically), unread count, conversation opened, messages,
  open/close requests and errors to the parent.

States and their legal transitions: the FRAME table in states.py. Every change
goes through move(event), which raises TransitionError (naming the machine, the
state and the event) for an event the table does not allow in the current
state; the state does not change and the handler stops there. Under CPython the
tests see that exception. In the browser, a transition that is not a public
call starts in a platform callback (window message listener, timer, request
answer, visibility or height observer) that platform_common.js wraps in
`guarded`, so an illegal one is logged with console.error ("[<Name> frame]
internal error in message handler: ..." and the TransitionError), that message
or timer is dropped, and the kit keeps working in its state; nothing reaches the
chat page's code. The public calls that move the state (start, stop,
sessionExpired) check the table first, so they never raise it.

What start() acquires (the three listeners, the token timers, a pending
animation frame) is registered on a Teardown as it is taken; stop() runs it once.
The token's verification, refresh and expiry live in frame_token.py.
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, has_own, to_int, push, is_finite_number
# __pragma__ ('noskip')
#?from jsvalues import kind, has_own, to_int, push, is_finite_number

from api_spec import OUTBOUND, FRAME_EVENTS  # FRAME_EVENTS: the page-facing events of the frame kit
from limits import LIMITS
from emitter import Emitter
from errors import (StateError, ArgumentError, INVALID_ARGUMENT, NOT_INITIALIZED, TOKEN_MISSING, ORIGIN_NOT_ALLOWED,
                    VERIFY_FAILED)
from protocol import parse_envelope, make_envelope, OK, BAD_VERSION
from config import check_message_text, describe
from states import FRAME, advance
from lifetime import Teardown
from frame_token import TokenLife, read_scope, MIN_DELAY_MS  # noqa: F401  (MIN_DELAY_MS: tests import it from here)


def is_exact_origin(value, platform):
    """`scheme://host[:port]` exactly as `new URL(value).origin` prints it."""
    if kind(value) != 'string' or len(value) == 0 or len(value) > 300:
        return False
    parsed = platform.parse_url(value)
    if parsed == None:
        return False
    if parsed['protocol'] != 'https:' and parsed['protocol'] != 'http:':
        return False
    return parsed['origin'] == value


class FrameKit:
    def __init__(self, profile, platform):
        self.profile = profile
        self.platform_io = platform
        self.emitter = Emitter(platform, FRAME_EVENTS)
        self.log_prefix = '[' + profile['globalName'] + ' frame] '
        self.state = 'idle'
        self.session_gen = 0
        self.parent_origin = None
        self.api_base = ''
        self.token = None
        self.token_life = TokenLife(self)
        self.tear_down = Teardown()
        self.init_emitted = False
        self.expired_reported = False
        self.anim = None
        self.pending_height = None
        self.last_height = None
        self.last_unread = None
        self.warned_version = False
        self.init_payload = None
        self.scope = None              # what the server confirmed: whatsappNumberIds, allowedOrigins, expiresAt
        self.held = []                 # parent commands received while verifying
        self.page = None               # the host page's last `page` {url, title}

    def move(self, event):
        self.state = advance(FRAME, 'frame kit', self.state, event)

    def can_move(self, event):
        return event in FRAME[self.state]

    # ---- lifecycle ---------------------------------------------------------

    def start(self, api_base):
        if not self.can_move('start'):
            self.platform_io.warn(self.log_prefix + 'start() was called again; ignoring it.')
            return
        origin = self.platform_io.parent_origin_param()
        if not is_exact_origin(origin, self.platform_io):
            raise StateError(NOT_INITIALIZED, 'The frame URL needs a parentOrigin query parameter holding an exact '
                             'origin such as https://shop.example; got ' + describe(origin) + '.')
        if self.platform_io.parent_window() == None:
            raise StateError(NOT_INITIALIZED, 'This page is not inside an iframe: there is no parent to talk to.')
        self.session_gen = self.session_gen + 1
        self.parent_origin = origin
        self.api_base = api_base if kind(api_base) == 'string' else ''
        # Undone by stop() in this order: listeners, token timers, a pending frame.
        # Nothing of these outlives stop(), so their callbacks need no generation check
        # (server answers cannot be cancelled: those check `generation`).
        self.tear_down = Teardown()
        self.tear_down.add_step(self.platform_io.listen_messages(self.receive))
        self.tear_down.add_step(self.platform_io.observe_height(self.height_changed))
        self.tear_down.add_step(self.platform_io.listen_visibility(self.token_life.visibility_changed))
        self.tear_down.add_step(self.token_life.stop_timers)
        self.tear_down.add_step(self.cancel_frame)
        self.move('start')
        self.init_emitted = False
        self.post('ready', {})

    def stop(self):
        if not self.can_move('stop'):
            return
        self.session_gen = self.session_gen + 1
        self.tear_down.run_all()
        self.token = None
        self.held = []
        self.page = None
        self.move('stop')
        self.emitter.remove_all()

    def get_token(self):
        if self.state == 'active':
            return self.token
        return None

    def get_scope(self):
        if self.state == 'active':
            return self.scope
        return None

    # ---- parent -> frame ---------------------------------------------------

    def receive(self, origin, source, data):
        if self.state == 'idle' or self.state == 'stopped':
            return
        if kind(origin) != 'string' or origin != self.parent_origin:
            return
        parent = self.platform_io.parent_window()
        if parent == None or source is not parent:
            return
        result = parse_envelope(data, self.profile['source'], OUTBOUND)
        if result['status'] == BAD_VERSION:
            if not self.warned_version:
                self.warned_version = True
                self.platform_io.warn(self.log_prefix
                                      + 'ignoring messages from the page: unsupported protocol version.')
            return
        if result['status'] != OK:
            return
        self.dispatch(result['type'], result['payload'])

    def dispatch(self, message_type, payload):
        if message_type == 'init':
            self.init_payload = payload
            token = payload['token'] if has_own(payload, 'token') else None
            if token == None and self.profile['requiresToken']:
                self.reject(TOKEN_MISSING, 'init carried no token.')
                return
            self.accept_token(token)
            return
        if message_type == 'set-token':
            if self.state == 'waiting' or self.state == 'rejected':
                return
            self.accept_token(payload['token'])
            return
        if self.state == 'verifying':
            # The parent flushes its queue right after `init`: hold those commands
            # until the origin is verified, then deliver them in order.
            if len(self.held) < LIMITS['queueMax']:
                push(self.held, [message_type, payload])
            return
        if self.state != 'active':
            return
        self.deliver(message_type, payload)

    def deliver(self, message_type, payload):
        if message_type == 'set-theme':
            self.emitter.emit_event('set-theme', {'theme': payload['theme']})
        elif message_type == 'set-locale':
            self.emitter.emit_event('set-locale', {'locale': payload['locale']})
        elif message_type == 'open' or message_type == 'close':
            self.emitter.emit_event(message_type, None)
        elif message_type == 'reset':
            # The host logs the visitor out: the page's `reset` listeners forget the
            # visitor and the conversation (synchronously), then the host is told.
            self.emitter.emit_event('reset', None)
            self.post('reset', {})
        elif message_type == 'page':
            self.page_received(payload)
        else:
            # sendMessage, updateContext, updateContact, setQuestions: the page handles them.
            self.emitter.emit_event(message_type, payload)

    def page_received(self, payload):
        """The host page's address: only a URL on the verified parent origin is
        believed (the parent's own location cannot be elsewhere)."""
        parsed = self.platform_io.parse_url(payload['url'])
        if parsed == None or parsed['origin'] != self.parent_origin:
            return
        self.page = {'url': payload['url'], 'title': payload['title']}
        self.emitter.emit_event('page', {'url': payload['url'], 'title': payload['title']})

    def get_page(self):
        if self.state == 'active':
            return self.page
        return None

    # ---- token verdicts (frame_token.py asks the server, the kit moves) --------

    def accept_token(self, token):
        self.token = token
        self.token_life.cancel_refresh()
        if not self.profile['requiresToken']:
            self.activate()
            return
        self.move('verify')
        self.token_life.verify_origin(token)

    def origin_verdict(self, token, status, body):
        if status == 200:
            self.scope = read_scope(body)
            self.token_life.token_received(token)
            self.activate()
        elif status == 403:
            self.reject(ORIGIN_NOT_ALLOWED, 'This page (' + self.parent_origin + ') is not in the token\'s '
                        'allowedOrigins.')
        elif status == 401:
            self.expire()
        else:
            self.reject(VERIFY_FAILED, 'Could not verify the embedding origin (HTTP ' + str(status) + ').')

    def activate(self):
        first = not self.init_emitted
        self.move('activate')
        self.expired_reported = False
        if first and self.init_payload != None:
            self.init_emitted = True
            payload = self.init_payload
            self.emitter.emit_event('init', {'locale': payload['locale'], 'theme': payload['theme'],
                                       'open': payload['open'], 'options': payload['options']})
        else:
            self.emitter.emit_event('token', None)
        held = self.held
        self.held = []
        for item in held:
            if self.state == 'active':
                self.deliver(item[0], item[1])

    def reject(self, code, message):
        self.move('reject')
        self.token = None
        self.held = []
        self.token_life.cancel_timers()
        self.post('error', {'code': code, 'message': message})
        self.emitter.emit_event('rejected', {'code': code, 'message': message})

    def expire(self):
        """The token is gone: waiting and rejected stay as they are (see FRAME)."""
        self.move('expire')
        self.token_life.token_gone()
        self.token = None
        if not self.expired_reported:
            self.expired_reported = True
            self.post('session-expired', {})
            self.emitter.emit_event('expired', None)

    # ---- frame -> parent ------------------------------------------------------

    def height_changed(self, height):
        if not is_finite_number(height) or height < 0:
            return
        self.pending_height = to_int(height)
        if self.anim != None:
            return

        def run():
            self.anim = None
            if self.pending_height != None and self.pending_height != self.last_height:
                self.last_height = self.pending_height
                self.post('resize', {'height': self.last_height})
            self.pending_height = None
        self.anim = self.platform_io.request_frame(run)

    def cancel_frame(self):
        if self.anim != None:
            self.platform_io.cancel_frame(self.anim)
            self.anim = None

    def report(self, message_type, payload):
        self.require_started()
        self.post(message_type, payload)

    def require_started(self):
        if self.state == 'idle' or self.state == 'stopped':
            raise StateError(NOT_INITIALIZED, 'Call start() before reporting to the parent page.')

    def report_unread(self, count=None):
        self.require_started()
        if not is_finite_number(count) or count < 0 or to_int(count) != count:
            raise ArgumentError(INVALID_ARGUMENT, 'reportUnread(count) needs a whole number >= 0; got '
                                + describe(count) + '.')
        if count == self.last_unread:
            return
        self.last_unread = count
        self.report('chat:unread-count', {'count': count})

    def conversation_opened(self, conversation_id=None):
        if kind(conversation_id) != 'string' or len(conversation_id) == 0 or len(conversation_id) > LIMITS['idMax']:
            raise ArgumentError(INVALID_ARGUMENT, 'conversationOpened(id) needs a non-empty string id.')
        self.report('chat:conversation-opened', {'conversationId': conversation_id})

    def report_message(self, role=None, content=None):
        if role != 'user' and role != 'ai':
            raise ArgumentError(INVALID_ARGUMENT, 'reportMessage(role, content): role must be "user" or "ai".')
        # A reply may be longer than a user message: the frame reports up to stringMax.
        check_message_text('reportMessage(role, content)', content, LIMITS['stringMax'])
        self.report('message', {'role': role, 'content': content})

    def report_error(self, code=None, message=None):
        if kind(code) != 'string' or kind(message) != 'string':
            raise ArgumentError(INVALID_ARGUMENT, 'reportError(code, message) needs two strings.')
        self.report('error', {'code': code, 'message': message})

    def request_open(self):
        self.report('open', {})

    def request_close(self):
        self.report('close', {})

    def session_expired(self):
        self.require_started()
        self.expire()

    def post(self, message_type, payload):
        self.platform_io.post_to_parent(make_envelope(self.profile['source'], message_type, payload),
                                     self.parent_origin)
