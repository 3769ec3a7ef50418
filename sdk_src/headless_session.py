"""The headless client's widget session: created lazily (or by createSession()),
renewed when the server refuses its token, with the callers waiting for it.

`visitorId` is stable per browser (platform storage, never a token). Creating
goes through the bot check first when one is configured. A renewal asks for a
fresh token for the same visitor (so the same conversation) and keeps the
greeting; the client reconnects and resends once it is ready."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, has_own, push, to_int
# __pragma__ ('noskip')
#?from jsvalues import kind, has_own, push, to_int

from limits import LIMITS
from headless_errors import failure, http_failure
from errors import BOT_CHECK, BAD_RESPONSE
from wire import (SESSION_PATH, INBOX_ID, VISITOR_ID, CUSTOMER_INFO, TURNSTILE_TOKEN, CONSENT, CONSENT_TIMESTAMP,
                  SESSION_TOKEN, CONVERSATION_ID, GREETING, DISCLOSURE, IS_RESUMED)

VISITOR_KEY = 'visitorId'


def read_session(data):
    if kind(data) != 'object':
        return None
    for key in [SESSION_TOKEN, CONVERSATION_ID]:
        if not has_own(data, key) or kind(data[key]) != 'string' or len(data[key]) == 0 \
                or len(data[key]) > LIMITS['tokenMax']:
            return None
    greeting = data[GREETING] if has_own(data, GREETING) and kind(data[GREETING]) == 'string' else None
    return {'sessionToken': data[SESSION_TOKEN], 'conversationId': data[CONVERSATION_ID], 'greeting': greeting}


def random_id(platform):
    alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
    out = ''
    for _ in range(16):
        out = out + alphabet[to_int(platform.random() * 35.999 - 0.5)]
    return out


class Session:
    def __init__(self, client):
        self.client = client
        self.platform_io = client.platform_io
        self.options = client.options
        self.current = None           # {sessionToken, conversationId, greeting}
        self.disclosure = None
        self.is_resumed = False
        self.waiters = None           # None: no request out; else [{'ok', 'err'}] waiting for it
        self.token_refused = False    # the server refused the token: renew before reconnecting
        self.consent_at = None

    def pending(self):
        return self.waiters != None

    def view(self):
        return {'sessionToken': self.current['sessionToken'], 'conversationId': self.current['conversationId'],
                'greeting': self.current['greeting']}

    def visitor_id(self):
        key = self.client.profile['id'] + '.' + VISITOR_KEY
        stored = self.platform_io.storage_get(key)
        if kind(stored) == 'string' and len(stored) > 0 and len(stored) <= 100:
            return stored
        fresh = 'v_' + random_id(self.platform_io)
        self.platform_io.storage_set(key, fresh)
        return fresh

    def create(self, on_ok, on_err):
        """The session now if there is one, else once it is created (or the failure)."""
        if self.current != None:
            on_ok(self.view())
            return
        if self.waiters != None:
            push(self.waiters, {'ok': on_ok, 'err': on_err})
            return
        self.waiters = [{'ok': on_ok, 'err': on_err}]
        self.client.changed()
        self.request()

    def renew(self):
        if self.current == None or self.waiters != None or self.client.closed:
            return False
        self.token_refused = True
        self.waiters = []
        return True

    def request(self):
        """POST the session, after the bot check when one is configured."""
        if self.options['turnstileSiteKey'] == None:
            self.post(None)
            return
        session = self

        def got_token(token, error_text):
            if session.client.closed:
                return
            if token == None:
                session.failed(failure(BOT_CHECK, 'Bot check failed: '
                                       + (error_text if error_text != None else 'no token')))
                return
            session.post(token)
        options = self.options
        self.platform_io.turnstile_token(options['turnstileScriptUrl'], options['turnstileSiteKey'], got_token)

    def post(self, turnstile_token):
        body = {}
        body[INBOX_ID] = self.options['inboxId']
        body[VISITOR_ID] = self.visitor_id()
        if self.options['customerInfo'] != None:
            body[CUSTOMER_INFO] = self.options['customerInfo']
        if turnstile_token != None:
            body[TURNSTILE_TOKEN] = turnstile_token
        if self.consent_at != None:
            body[CONSENT] = {}
            body[CONSENT][CONSENT_TIMESTAMP] = self.consent_at
        session = self

        def done(status, data, retry_after):
            if session.client.closed:
                return
            if status == 200 or status == 201:
                fresh = read_session(data)
                if fresh == None:
                    session.failed(failure(BAD_RESPONSE, 'The server sent an invalid session.'))
                else:
                    session.ready(fresh, data)
            else:
                session.failed(http_failure(data, status, 'Could not start the chat'))
        self.platform_io.request_json('POST', self.options['apiBase'] + SESSION_PATH, self.options['authToken'], body,
                                   done)

    def ready(self, fresh, data):
        renewing = self.current != None
        if renewing and fresh['greeting'] == None:
            fresh['greeting'] = self.current['greeting']   # a renewal answers as a resumed session
        self.current = fresh
        self.token_refused = False
        if not renewing:
            self.disclosure = data[DISCLOSURE] if has_own(data, DISCLOSURE) and kind(data[DISCLOSURE]) == 'string' \
                else None
            self.is_resumed = has_own(data, IS_RESUMED) and data[IS_RESUMED] is True
        waiters = self.waiters
        self.waiters = None
        self.client.session_ready(renewing, waiters)

    def failed(self, fault):
        waiters = self.waiters
        self.waiters = None
        self.client.session_failed(fault, waiters)
