"""The headless client's updateContact() queue: fields are coalesced (the latest
value of each wins), one PATCH is out at a time, a 429 waits for Retry-After
(60 s without one) and keeps the fields (newer ones win), a 401 renews the
session and sends again once it is ready."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import has_own, push, own_keys
# __pragma__ ('noskip')
#?from jsvalues import has_own, push, own_keys

from lifetime import Timers
from headless_errors import http_failure
from wire import CONTACT_PATH

RATE_LIMIT_WAIT_S = 60


class ContactQueue:
    def __init__(self, client):
        self.client = client
        self.platform_io = client.platform_io
        self.fields = None            # coalesced fields not sent yet
        self.waiters = []             # [{ok, err}]
        self.blocked_until = 0        # platform.now() before which nothing is sent (Retry-After)
        self.inflight = False
        self.timers = Timers(self.platform_io, ['contact'])

    def add(self, clean, on_ok, on_err):
        if self.fields == None:
            self.fields = {}
        for key in own_keys(clean):
            self.fields[key] = clean[key]
        push(self.waiters, {'ok': on_ok, 'err': on_err})

    def flush(self):
        session = self.client.session
        if self.fields == None or self.timers.timer_pending('contact') or session.current == None or self.inflight \
                or session.pending():
            return
        wait = self.blocked_until - self.platform_io.now()
        if wait > 0:
            self.timers.set_timer('contact', self.flush, wait)
            return
        fields = self.fields
        waiters = self.waiters
        self.fields = None
        self.waiters = []
        self.inflight = True
        queue = self

        def done(status, data, retry_after):
            if not queue.client.closed:
                queue.inflight = False
                queue.answered(fields, waiters, status, data, retry_after)
        self.platform_io.request_json('PATCH', self.client.options['apiBase'] + CONTACT_PATH,
                                   session.current['sessionToken'], fields, done)

    def requeue(self, fields, waiters):
        """Put a batch back; fields queued while it was out win over its."""
        if self.fields == None:
            self.fields = fields
        else:
            for key in own_keys(fields):
                if not has_own(self.fields, key):
                    self.fields[key] = fields[key]
        for waiter in waiters:
            push(self.waiters, waiter)

    def answered(self, fields, waiters, status, data, retry_after):
        if status == 200:
            for waiter in waiters:
                waiter['ok'](None)
            self.flush()
        elif status == 401:
            self.requeue(fields, waiters)
            self.client.renew_session()   # flushed again once the new session is ready
        elif status == 429:
            seconds = retry_after if retry_after != None else RATE_LIMIT_WAIT_S
            self.blocked_until = self.platform_io.now() + seconds * 1000
            self.requeue(fields, waiters)
            self.flush()
        else:
            fault = http_failure(data, status, 'updateContact failed')
            for waiter in waiters:
                waiter['err'](fault)
            self.flush()

    def fail(self, fault):
        waiters = self.waiters
        self.waiters = []
        self.fields = None
        for waiter in waiters:
            waiter['err'](fault)

    def close(self, fault):
        self.timers.clear_all()
        waiters = self.waiters
        self.waiters = []
        for waiter in waiters:
            waiter['err'](fault)
