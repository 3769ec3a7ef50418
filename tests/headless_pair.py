"""The headless client wired to the real devkit API app, in-process (like h11's
ConnectionPair): no sockets, no threads of ours.

- The client runs under CPython on FakeHeadlessPlatform (virtual clock, seeded
  randomness); only its network is replaced.
- REST goes through Starlette's TestClient (httpx over an in-memory ASGI
  transport); WebSockets through TestClient's in-memory WebSocket session.
- Nothing is delivered while the client's code runs: requests and socket opens
  are queued, and `settle()` runs them, hands the socket frames the app sent to
  the client (in the order the app sent them) and then the HTTP answer, until
  nothing is left. Like a browser, every callback runs on its own turn.
- The devkit's clock is the platform's virtual clock (seconds), so token expiry,
  rate-limit windows and Retry-After follow `advance(ms)`.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import anyio
from starlette.testclient import TestClient

import profiles
from devkit import Settings, create_api_app
from fake_platform import FakeHeadlessPlatform
from headless_api import create_headless

API_BASE = 'https://api.example'
START_S = 1_800_000_000.0


class PairSocket:
    """One client socket; `session` is the TestClient WebSocket session once the app accepted it."""

    def __init__(self, url, on_open, on_message, on_close):
        self.url = url
        self.on_open = on_open
        self.on_message = on_message
        self.on_close = on_close
        self.session = None
        self.state = 'connecting'     # connecting | open | closed


class DevkitPlatform(FakeHeadlessPlatform):
    def __init__(self, pair):
        FakeHeadlessPlatform.__init__(self)
        self.pair = pair
        self.pending = []             # ('request', ...) / ('open', socket) in the order the client asked
        self.pair_sockets = []

    def json_parse(self, text):
        try:
            return json.loads(text)
        except ValueError:
            return None

    def request_json(self, method, url, token, body, done):
        self.record('request ' + method + ' ' + url)
        self.pending.append(('request', method, url, token, body, done))

    def open_socket(self, url, on_open, on_message, on_close):
        socket = PairSocket(url, on_open, on_message, on_close)
        self.pair_sockets.append(socket)
        self.pending.append(('open', socket))
        return socket

    def socket_send(self, socket, text):
        if socket.state == 'open':
            socket.session.send_text(text)

    def socket_close(self, socket):
        if socket.state != 'closed':
            socket.state = 'closed'
            if socket.session is not None:
                session, socket.session = socket.session, None
                session.__exit__(None, None, None)   # sends the close and ends the app's handler


class HeadlessPair:
    """`with HeadlessPair('masheev') as pair:`; pair.api is the headless facade."""

    def __init__(self, profile_id, options=None, devkit=None, **settings):
        """A fresh devkit app with these Settings overrides, or one over an existing `devkit`
        (a second browser tab or a returning visitor: same store, same hub)."""
        self.clock_s = START_S
        values = dict(now=lambda: self.clock_s + self.platform.now() / 1000, bot_chunk_delay_seconds=0,
                      frame_base_url='http://127.0.0.1:8001')
        values.update(settings)
        self.app = create_api_app(Settings(**values), devkit=devkit)
        self.devkit = self.app.state.devkit
        self.http = TestClient(self.app, base_url=API_BASE, raise_server_exceptions=False)
        self.platform = DevkitPlatform(self)
        self.profile = profiles.runtime_profile(profile_id, '0.0.0-test')
        self.options = {'inboxId': 'inbox_demo', 'apiBase': API_BASE}
        self.options.update(options or {})
        self.api = None
        self.failures = []            # (label, message, code) of every failure callback
        self.results = []             # (label, value) of every success callback

    def __enter__(self):
        self.http.__enter__()
        self.api = create_headless(self.profile, self.platform, self.options)
        return self

    def __exit__(self, *exc):
        if self.api is not None:
            self.api['close']()
        for socket in self.platform.pair_sockets:
            if socket.session is not None:
                socket.session.__exit__(None, None, None)
                socket.session = None
        self.http.__exit__(*exc)

    # callbacks for the facade's (on_ok, on_error)
    def ok(self, label):
        return lambda value=None: self.results.append((label, value))

    def err(self, label):
        return lambda message=None, code=None: self.failures.append((label, message, code))

    def state(self):
        return self.api['getState']()

    # driving
    def quiet(self):
        self.http.portal.call(anyio.wait_all_tasks_blocked)

    def settle(self, limit=200):
        """Run what the client asked for and deliver what the app answered, until nothing is left."""
        for _ in range(limit):
            self.quiet()
            if self.drain_sockets():
                continue
            if not self.platform.pending:
                return
            step = self.platform.pending.pop(0)
            if step[0] == 'open':
                self.connect(step[1])
            else:
                self.request(*step[1:])
        raise AssertionError('the client and the app did not settle in %d steps' % limit)

    def request(self, method, url, token, body, done):
        headers = {'authorization': 'Bearer ' + token} if token else {}
        content = None if body is None else json.dumps(body)
        response = self.http.request(method, url, headers=headers, content=content)
        self.quiet()
        self.drain_sockets()   # frames the app sent while answering come first, as on the wire
        try:
            data = response.json()
        except ValueError:
            data = None
        retry_after = response.headers.get('retry-after')
        done(response.status_code, data, float(retry_after) if retry_after else None)

    def connect(self, socket):
        if socket.state != 'connecting':
            return
        parts = urlsplit(socket.url)
        session = self.http.websocket_connect(parts.path + '?' + parts.query)
        socket.session = session.__enter__()
        socket.state = 'open'
        socket.on_open()

    def drain_sockets(self):
        delivered = False
        for socket in self.platform.pair_sockets:
            while socket.session is not None:
                try:
                    message = self.http.portal.call(socket.session._send_rx.receive_nowait)
                except (anyio.WouldBlock, anyio.EndOfStream, anyio.ClosedResourceError):
                    break
                delivered = True
                if message['type'] == 'websocket.send':
                    if socket.state == 'open':
                        socket.on_message(message.get('text') or '')
                elif message['type'] == 'websocket.close':
                    was_open = socket.state == 'open'
                    socket.state = 'closed'
                    session, socket.session = socket.session, None
                    session.__exit__(None, None, None)
                    if was_open:
                        socket.on_close(message.get('code', 1000))
        return delivered

    def drop_sockets(self, code=1012):
        """The server drops every socket (a deploy, a network blip)."""
        self.http.portal.call(self.devkit.hub.drop_all, code, 'Dropped (test)')
        self.settle()

    def advance(self, ms):
        """Move the virtual clock timer by timer, settling after each (a socket opens before its
        connect timeout would fire, as it does on a real network)."""
        target = self.platform.now() + ms
        self.settle()
        while True:
            due = [timer[0] for timer in self.platform.timers if timer[0] <= target]
            if not due:
                break
            self.platform.advance(min(due) - self.platform.now())
            self.settle()
        self.platform.advance(target - self.platform.now())
        self.settle()
