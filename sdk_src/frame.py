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

States: idle -> waiting (ready posted) -> verifying (token received) -> active;
verifying -> rejected; active -> expired (until a new token arrives); any ->
stopped.
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, has_own, trim, to_int, push, is_finite_number
# __pragma__ ('noskip')
#?from jsvalues import kind, has_own, trim, to_int, push, is_finite_number

from api_spec import OUTBOUND, FRAME_EVENTS  # FRAME_EVENTS: the page-facing events of the frame kit
from limits import LIMITS
from emitter import Emitter
from errors import (StateError, ArgumentError, INVALID_ARGUMENT, NOT_INITIALIZED, TOKEN_MISSING, ORIGIN_NOT_ALLOWED,
                    VERIFY_FAILED)
from protocol import parse_envelope, make_envelope, OK, BAD_VERSION
from config import check_message_text, describe

IDLE = 'idle'
WAITING = 'waiting'
VERIFYING = 'verifying'
ACTIVE = 'active'
REJECTED = 'rejected'
EXPIRED = 'expired'
STOPPED = 'stopped'

REFRESH_AT = 0.8            # refresh when 80% of the token's lifetime has passed
RETRY_MIN_MS = 2000         # refresh retries after 5xx / network errors: 2 s, 4 s, ... capped
RETRY_MAX_MS = 60000
MIN_DELAY_MS = 1000         # never schedule a refresh sooner than this (no 0 ms loops)


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


def number_claim(claims, key):
    if kind(claims) != 'object' or not has_own(claims, key) or kind(claims[key]) != 'number':
        return None
    return claims[key]


def read_scope(body):
    """The fields of the verify-origin answer the chat page may use (never the token)."""
    scope = {'whatsappNumberIds': [], 'allowedOrigins': []}
    if kind(body) != 'object':
        return scope
    for key in ['whatsappNumberIds', 'allowedOrigins']:
        if has_own(body, key) and kind(body[key]) == 'array':
            values = []
            for item in body[key]:
                if kind(item) == 'string':
                    push(values, item)
            scope[key] = values
    return scope


class FrameKit:
    def __init__(self, profile, platform):
        self.profile = profile
        self.platform = platform
        self.emitter = Emitter(platform, FRAME_EVENTS)
        self.prefix = '[' + profile['globalName'] + ' frame] '
        self.state = IDLE
        self.generation = 0
        self.parent_origin = None
        self.api_base = ''
        self.token = None
        self.token_expires_at = None   # platform.now() ms at which the token expires (relative TTL)
        self.refresh_timer = None
        self.expiry_timer = None       # fires at token_expires_at, whatever a refresh request is doing
        self.refresh_pending = False
        self.init_emitted = False
        self.retry_ms = RETRY_MIN_MS
        self.expired_reported = False
        self.unlisten_message = None
        self.unobserve_height = None
        self.unlisten_visibility = None
        self.anim = None
        self.pending_height = None
        self.last_height = None
        self.last_unread = None
        self.warned_version = False
        self.init_payload = None
        self.scope = None              # what the server confirmed: whatsappNumberIds, allowedOrigins, expiresAt
        self.held = []                 # parent commands received while verifying
        self.page = None               # the host page's last `page` {url, title}

    # ---- lifecycle ---------------------------------------------------------

    def start(self, api_base):
        if self.state != IDLE and self.state != STOPPED:
            self.platform.warn(self.prefix + 'start() was called again; ignoring it.')
            return
        origin = self.platform.parent_origin_param()
        if not is_exact_origin(origin, self.platform):
            raise StateError(NOT_INITIALIZED, 'The frame URL needs a parentOrigin query parameter holding an exact '
                             'origin such as https://shop.example; got ' + describe(origin) + '.')
        if self.platform.parent_window() == None:
            raise StateError(NOT_INITIALIZED, 'This page is not inside an iframe: there is no parent to talk to.')
        self.generation = self.generation + 1
        self.parent_origin = origin
        self.api_base = api_base if kind(api_base) == 'string' else ''
        kit = self
        generation = self.generation

        def on_message(source_origin, source, data):
            if kit.generation == generation:
                kit.receive(source_origin, source, data)

        def on_height(height):
            if kit.generation == generation:
                kit.height_changed(height)

        def on_visibility(visible):
            if kit.generation == generation and visible:
                kit.became_visible()

        self.unlisten_message = self.platform.listen_messages(on_message)
        self.unobserve_height = self.platform.observe_height(on_height)
        self.unlisten_visibility = self.platform.listen_visibility(on_visibility)
        self.state = WAITING
        self.init_emitted = False
        self.post('ready', {})

    def stop(self):
        if self.state == IDLE or self.state == STOPPED:
            return
        self.generation = self.generation + 1
        for unlisten in [self.unlisten_message, self.unobserve_height, self.unlisten_visibility]:
            if unlisten != None:
                unlisten()
        self.unlisten_message = None
        self.unobserve_height = None
        self.unlisten_visibility = None
        self.clear_refresh()
        self.clear_expiry()
        self.refresh_pending = False
        if self.anim != None:
            self.platform.cancel_frame(self.anim)
            self.anim = None
        self.token = None
        self.held = []
        self.page = None
        self.state = STOPPED
        self.emitter.remove_all()

    def get_token(self):
        if self.state == ACTIVE:
            return self.token
        return None

    def get_scope(self):
        if self.state == ACTIVE:
            return self.scope
        return None

    # ---- parent -> frame ---------------------------------------------------

    def receive(self, origin, source, data):
        if self.state == IDLE or self.state == STOPPED:
            return
        if kind(origin) != 'string' or origin != self.parent_origin:
            return
        parent = self.platform.parent_window()
        if parent == None or source is not parent:
            return
        result = parse_envelope(data, self.profile['source'], OUTBOUND)
        if result['status'] == BAD_VERSION:
            if not self.warned_version:
                self.warned_version = True
                self.platform.warn(self.prefix + 'ignoring messages from the page: unsupported protocol version.')
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
            if self.state == WAITING or self.state == REJECTED:
                return
            self.accept_token(payload['token'])
            return
        if self.state == VERIFYING:
            # The parent flushes its queue right after `init`: hold those commands
            # until the origin is verified, then deliver them in order.
            if len(self.held) < LIMITS['queueMax']:
                push(self.held, [message_type, payload])
            return
        if self.state != ACTIVE:
            return
        self.deliver(message_type, payload)

    def deliver(self, message_type, payload):
        if message_type == 'set-theme':
            self.emitter.emit('set-theme', {'theme': payload['theme']})
        elif message_type == 'set-locale':
            self.emitter.emit('set-locale', {'locale': payload['locale']})
        elif message_type == 'open' or message_type == 'close':
            self.emitter.emit(message_type, None)
        elif message_type == 'reset':
            # The host logs the visitor out: the page's `reset` listeners forget the
            # visitor and the conversation (synchronously), then the host is told.
            self.emitter.emit('reset', None)
            self.post('reset', {})
        elif message_type == 'page':
            self.page_received(payload)
        else:
            # sendMessage, updateContext, updateContact, setQuestions: the page handles them.
            self.emitter.emit(message_type, payload)

    def page_received(self, payload):
        """The host page's address: only a URL on the verified parent origin is
        believed (the parent's own location cannot be elsewhere)."""
        parsed = self.platform.parse_url(payload['url'])
        if parsed == None or parsed['origin'] != self.parent_origin:
            return
        self.page = {'url': payload['url'], 'title': payload['title']}
        self.emitter.emit('page', {'url': payload['url'], 'title': payload['title']})

    def get_page(self):
        if self.state == ACTIVE:
            return self.page
        return None

    def accept_token(self, token):
        self.token = token
        self.clear_refresh()
        if not self.profile['requiresToken']:
            self.activate()
            return
        self.state = VERIFYING
        kit = self
        generation = self.generation

        def done(status, body, retry_after):
            if kit.generation != generation or kit.token != token:
                return
            if status == 200:
                kit.scope = read_scope(body)
                kit.token_received(token)
                kit.activate()
            elif status == 403:
                kit.reject(ORIGIN_NOT_ALLOWED, 'This page (' + kit.parent_origin + ') is not in the token\'s '
                           'allowedOrigins.')
            elif status == 401:
                kit.expire()
            else:
                kit.reject(VERIFY_FAILED, 'Could not verify the embedding origin (HTTP ' + str(status) + ').')
        self.platform.request_json('POST', self.api_base + '/v1/embed/verify-origin', token,
                                   {'parentOrigin': self.parent_origin}, done)

    def activate(self):
        first = not self.init_emitted
        self.state = ACTIVE
        self.expired_reported = False
        if first and self.init_payload != None:
            self.init_emitted = True
            payload = self.init_payload
            self.emitter.emit('init', {'locale': payload['locale'], 'theme': payload['theme'],
                                       'open': payload['open'], 'options': payload['options']})
        else:
            self.emitter.emit('token', None)
        held = self.held
        self.held = []
        for item in held:
            if self.state == ACTIVE:
                self.deliver(item[0], item[1])

    def reject(self, code, message):
        self.state = REJECTED
        self.token = None
        self.held = []
        self.clear_refresh()
        self.clear_expiry()
        self.post('error', {'code': code, 'message': message})
        self.emitter.emit('rejected', {'code': code, 'message': message})

    # ---- token lifetime ------------------------------------------------------

    def token_received(self, token):
        """Schedule the refresh from the token's relative lifetime (exp - iat)."""
        claims = self.platform.jwt_claims(token)
        expires = number_claim(claims, 'exp')
        issued = number_claim(claims, 'iat')
        lifetime_ms = (expires - issued) * 1000 if expires != None and issued != None else None
        if lifetime_ms == None or lifetime_ms <= 0:
            self.token_expires_at = None   # unknown lifetime: rely on 401s and session-expired
            return
        now = self.platform.now()
        self.token_expires_at = now + lifetime_ms
        self.retry_ms = RETRY_MIN_MS
        self.schedule_refresh(to_int(lifetime_ms * REFRESH_AT))
        self.arm_expiry(lifetime_ms)

    def arm_expiry(self, delay_ms):
        """Report expiry on time even if a refresh request hangs."""
        self.clear_expiry()
        kit = self
        generation = self.generation
        token = self.token

        def fire():
            if kit.generation == generation and kit.token == token:
                kit.expiry_timer = None
                kit.expire()
        self.expiry_timer = self.platform.set_timeout(fire, delay_ms if delay_ms > MIN_DELAY_MS else MIN_DELAY_MS)

    def clear_expiry(self):
        if self.expiry_timer != None:
            self.platform.clear_timeout(self.expiry_timer)
            self.expiry_timer = None

    def schedule_refresh(self, delay_ms):
        self.clear_refresh()
        if delay_ms < MIN_DELAY_MS:
            delay_ms = MIN_DELAY_MS
        kit = self
        generation = self.generation

        def fire():
            if kit.generation == generation:
                kit.refresh_timer = None
                kit.refresh()
        self.refresh_timer = self.platform.set_timeout(fire, delay_ms)

    def clear_refresh(self):
        if self.refresh_timer != None:
            self.platform.clear_timeout(self.refresh_timer)
            self.refresh_timer = None

    def refresh(self):
        """Sliding refresh; concurrent triggers share one request."""
        if self.state != ACTIVE or self.refresh_pending or self.token == None:
            return
        if self.token_expires_at != None and self.platform.now() >= self.token_expires_at:
            self.expire()
            return
        if not self.platform.is_visible():
            return   # resumed by became_visible(); a hidden tab makes no requests
        self.refresh_pending = True
        token = self.token
        kit = self
        generation = self.generation

        def done(status, body, retry_after):
            if kit.generation != generation:
                return
            kit.refresh_pending = False
            if kit.token != token:
                return   # replaced meanwhile (set-token)
            fresh = body['token'] if kind(body) == 'object' and has_own(body, 'token') else None
            if status == 200 and kind(fresh) == 'string' and len(trim(fresh)) > 0:
                kit.token = fresh
                kit.token_received(fresh)
                kit.emitter.emit('token', None)
            elif status == 401 or status == 403:
                kit.expire()
            elif status == 429 and retry_after != None and retry_after > 0:
                kit.retry_later(retry_after * 1000)
            else:
                kit.retry_later(kit.retry_ms)
                kit.retry_ms = kit.retry_ms * 2 if kit.retry_ms * 2 < RETRY_MAX_MS else RETRY_MAX_MS
        self.platform.request_json('POST', self.api_base + '/v1/embed/sessions/refresh', token, {}, done)

    def retry_later(self, delay_ms):
        """Retry, but not past the token's expiry: the expiry timer reports it then."""
        if self.token_expires_at != None and self.token_expires_at - self.platform.now() <= delay_ms:
            return
        self.schedule_refresh(delay_ms)

    def became_visible(self):
        """Back from a hidden tab or a sleeping machine: re-check once."""
        if self.state != ACTIVE or self.token_expires_at == None:
            return
        now = self.platform.now()
        if now >= self.token_expires_at:
            self.expire()
        elif self.refresh_timer == None and not self.refresh_pending:
            self.refresh()

    def expire(self):
        self.clear_refresh()
        self.clear_expiry()
        self.token = None
        self.token_expires_at = None
        if self.state == ACTIVE or self.state == VERIFYING:
            self.state = EXPIRED
        if not self.expired_reported:
            self.expired_reported = True
            self.post('session-expired', {})
            self.emitter.emit('expired', None)

    # ---- frame -> parent ------------------------------------------------------

    def height_changed(self, height):
        if not is_finite_number(height) or height < 0:
            return
        self.pending_height = to_int(height)
        if self.anim != None:
            return
        kit = self
        generation = self.generation

        def run():
            if kit.generation == generation:
                kit.anim = None
                if kit.pending_height != None and kit.pending_height != kit.last_height:
                    kit.last_height = kit.pending_height
                    kit.post('resize', {'height': kit.last_height})
                kit.pending_height = None
        self.anim = self.platform.request_frame(run)

    def report(self, message_type, payload):
        self.require_started()
        self.post(message_type, payload)

    def require_started(self):
        if self.state == IDLE or self.state == STOPPED:
            raise StateError(NOT_INITIALIZED, 'Call start() before reporting to the parent page.')

    def report_unread(self, count):
        self.require_started()
        if not is_finite_number(count) or count < 0 or to_int(count) != count:
            raise ArgumentError(INVALID_ARGUMENT, 'reportUnread(count) needs a whole number >= 0; got '
                                + describe(count) + '.')
        if count == self.last_unread:
            return
        self.last_unread = count
        self.report('chat:unread-count', {'count': count})

    def conversation_opened(self, conversation_id):
        if kind(conversation_id) != 'string' or len(conversation_id) == 0 or len(conversation_id) > LIMITS['idMax']:
            raise ArgumentError(INVALID_ARGUMENT, 'conversationOpened(id) needs a non-empty string id.')
        self.report('chat:conversation-opened', {'conversationId': conversation_id})

    def report_message(self, role, content):
        if role != 'user' and role != 'ai':
            raise ArgumentError(INVALID_ARGUMENT, 'reportMessage(role, content): role must be "user" or "ai".')
        # A reply may be longer than a user message: the frame reports up to stringMax.
        check_message_text('reportMessage(role, content)', content, LIMITS['stringMax'])
        self.report('message', {'role': role, 'content': content})

    def report_error(self, code, message):
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
        self.platform.post_to_parent(make_envelope(self.profile['source'], message_type, payload),
                                     self.parent_origin)
