"""The headless client's outbox: messages are posted one at a time, in the
order sendMessage() was called. Network trouble, 5xx and 429 keep the order and
retry (Retry-After when the server gives one, else a doubling delay up to 30 s);
401 renews the session and resends with the same clientMessageId; any other
status rejects that message and moves on. Never silently dropped: close()
rejects what is left."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, has_own, push, remove_at
# __pragma__ ('noskip')
#?from jsvalues import kind, has_own, push, remove_at

from lifetime import Timers
from headless_errors import http_failure
from wire import MESSAGE_PATH, CONTENT, CLIENT_MESSAGE_ID

OUTBOX_MAX = 50
SEND_RETRY_MS = 2000
SEND_RETRY_CAP_MS = 30000


class Outbox:
    def __init__(self, client):
        self.client = client
        self.platform_io = client.platform_io
        self.items = []               # [{content, clientMessageId, ok, err}]
        self.sending = False
        self.retry_ms = SEND_RETRY_MS
        self.timers = Timers(self.platform_io, ['send'])

    def busy(self):
        return self.sending or len(self.items) > 0

    def full(self):
        return len(self.items) >= OUTBOX_MAX

    def add(self, content, client_id, on_ok, on_err):
        push(self.items, {'content': content, 'clientMessageId': client_id, 'ok': on_ok, 'err': on_err})

    def fail_all(self, fault):
        items = self.items
        self.items = []
        for item in items:
            item['err'](fault)

    def pump(self):
        """Send the oldest pending message; the next one goes when it is done."""
        session = self.client.session.current
        if self.sending or len(self.items) == 0 or session == None or self.client.closed:
            return
        item = self.items[0]
        self.sending = True
        outbox = self
        body = {}
        body[CONTENT] = item['content']
        body[CLIENT_MESSAGE_ID] = item['clientMessageId']

        def done(status, data, retry_after):
            if not outbox.client.closed:
                outbox.sending = False
                outbox.answered(item, status, data, retry_after)
        self.platform_io.request_json('POST', self.client.options['apiBase'] + MESSAGE_PATH, session['sessionToken'],
                                   body, done)

    def answered(self, item, status, data, retry_after):
        client = self.client
        if status == 200 or status == 201:
            self.retry_ms = SEND_RETRY_MS
            remove_at(self.items, 0)
            reply = data[CONTENT] if kind(data) == 'object' and has_own(data, CONTENT) else None
            client.reply_finished(item['clientMessageId'], reply)
            item['ok'](None)
            client.changed()
            self.pump()
        elif status == 401:
            client.renew_session()
        elif status == 0 or status >= 500 or status == 429:
            # Network or server trouble: keep the order, try again later.
            delay = retry_after * 1000 if retry_after != None else self.retry_ms
            self.retry_ms = self.retry_ms * 2 if self.retry_ms < SEND_RETRY_CAP_MS else SEND_RETRY_CAP_MS
            self.timers.set_timer('send', self.pump, delay)
            client.changed()
        else:
            remove_at(self.items, 0)
            fault = http_failure(data, status, 'The message was not sent')
            client.set_error(fault)
            item['err'](fault)
            client.changed()
            self.pump()

    def close(self, fault):
        self.timers.clear_all()
        self.fail_all(fault)
