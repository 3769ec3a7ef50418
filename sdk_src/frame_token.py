"""The token's life inside the frame kit (frame.py): the origin check with the
server, then the sliding refresh and the expiry timer, scheduled from the
token's own relative lifetime (exp - iat) so a skewed client clock cannot cause
a refresh loop. Sans-IO like the kit (timers and requests go through the
platform); every state change is the kit's (activate, reject, expire).

Internal names carry an underscore (esbuild shortens those, see buildtools/esbuild.py).
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, has_own, trim, to_int, push
# __pragma__ ('noskip')
#?from jsvalues import kind, has_own, trim, to_int, push

from lifetime import Timers

REFRESH_AT = 0.8            # refresh when 80% of the token's lifetime has passed
RETRY_MIN_MS = 2000         # refresh retries after 5xx / network errors: 2 s, 4 s, ... capped
RETRY_MAX_MS = 60000
MIN_DELAY_MS = 1000         # never schedule a refresh sooner than this (no 0 ms loops)


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


class TokenLife:
    def __init__(self, kit):
        self.kit = kit
        self.platform_io = kit.platform_io
        self.expires_at = None         # platform.now() ms at which the token expires (relative TTL)
        self.in_flight = False         # a refresh request is pending
        self.retry_ms = RETRY_MIN_MS
        # 'expiry' fires at expires_at, whatever a refresh request is doing.
        self.timers = Timers(self.platform_io, ['refresh', 'expiry'])

    def stop_timers(self):
        """Cancel both timers and forget a pending refresh (the kit stopped)."""
        self.timers.clear_all()
        self.in_flight = False

    def cancel_timers(self):
        self.timers.clear_all()

    def token_gone(self):
        self.timers.clear_all()
        self.expires_at = None

    def verify_origin(self, token):
        """Ask the server whether the parent origin is in the token's allowedOrigins;
        the kit judges the answer (origin_verdict) unless it moved on meanwhile."""
        kit = self.kit
        generation = kit.session_gen

        def done(status, body, retry_after):
            if kit.session_gen == generation and kit.token == token:
                kit.origin_verdict(token, status, body)
        self.platform_io.request_json('POST', kit.api_base + '/v1/embed/verify-origin', token,
                                   {'parentOrigin': kit.parent_origin}, done)

    def token_received(self, token):
        """Schedule the refresh from the token's relative lifetime (exp - iat)."""
        claims = self.platform_io.jwt_claims(token)
        expires = number_claim(claims, 'exp')
        issued = number_claim(claims, 'iat')
        lifetime_ms = (expires - issued) * 1000 if expires != None and issued != None else None
        if lifetime_ms == None or lifetime_ms <= 0:
            self.expires_at = None   # unknown lifetime: rely on 401s and session-expired
            return
        self.expires_at = self.platform_io.now() + lifetime_ms
        self.retry_ms = RETRY_MIN_MS
        self.schedule_refresh(to_int(lifetime_ms * REFRESH_AT))
        self.arm_expiry(lifetime_ms)

    def arm_expiry(self, delay_ms):
        """Report expiry on time even if a refresh request hangs."""
        kit = self.kit
        token = kit.token

        def fire():
            if kit.token == token:
                kit.expire()
        self.timers.set_timer('expiry', fire, delay_ms if delay_ms > MIN_DELAY_MS else MIN_DELAY_MS)

    def schedule_refresh(self, delay_ms):
        self.timers.set_timer('refresh', self.send_refresh, delay_ms if delay_ms > MIN_DELAY_MS else MIN_DELAY_MS)

    def cancel_refresh(self):
        self.timers.cancel_timer('refresh')

    def send_refresh(self):
        """Sliding refresh; concurrent triggers share one request."""
        kit = self.kit
        if kit.state != 'active' or self.in_flight or kit.token == None:
            return
        if self.expires_at != None and self.platform_io.now() >= self.expires_at:
            kit.expire()
            return
        if not self.platform_io.is_visible():
            return   # resumed by visibility_changed(); a hidden tab makes no requests
        self.in_flight = True
        token = kit.token
        generation = kit.session_gen

        def done(status, body, retry_after):
            if kit.session_gen != generation:
                return
            self.in_flight = False
            if kit.token != token:
                return   # replaced meanwhile (set-token)
            fresh = body['token'] if kind(body) == 'object' and has_own(body, 'token') else None
            if status == 200 and kind(fresh) == 'string' and len(trim(fresh)) > 0:
                kit.token = fresh
                self.token_received(fresh)
                kit.emitter.emit_event('token', None)
            elif status == 401 or status == 403:
                kit.expire()
            elif status == 429 and retry_after != None and retry_after > 0:
                self.retry_later(retry_after * 1000)
            else:
                self.retry_later(self.retry_ms)
                self.retry_ms = self.retry_ms * 2 if self.retry_ms * 2 < RETRY_MAX_MS else RETRY_MAX_MS
        self.platform_io.request_json('POST', kit.api_base + '/v1/embed/sessions/refresh', token, {}, done)

    def retry_later(self, delay_ms):
        """Retry, but not past the token's expiry: the expiry timer reports it then."""
        if self.expires_at != None and self.expires_at - self.platform_io.now() <= delay_ms:
            return
        self.schedule_refresh(delay_ms)

    def visibility_changed(self, visible):
        """Back from a hidden tab or a sleeping machine: re-check once."""
        if not visible or self.kit.state != 'active' or self.expires_at == None:
            return
        if self.platform_io.now() >= self.expires_at:
            self.kit.expire()
        elif not self.timers.timer_pending('refresh') and not self.in_flight:
            self.send_refresh()
