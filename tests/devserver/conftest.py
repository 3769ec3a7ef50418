"""Fixtures of the dev server backend tests: a fake clock, settings, the app and a TestClient.

The TestClient is always used as a context manager: then every request and
WebSocket runs on one event loop (the hub's asyncio objects live on it).
"""
from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest
import uvicorn
from starlette.testclient import TestClient

from devkit import Settings, create_api_app

API_KEY = 'ps_dev_key'
HOST = 'https://app.example.com'
START = 1_800_000_000.0


@contextlib.contextmanager
def serve_on_loopback(make_app, **config):
    """Run an ASGI app under uvicorn on a free 127.0.0.1 port; yields (port, app).
    `make_app(url)` builds the app once its URL is known."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(make_app('http://127.0.0.1:%d' % port), lifespan='off',
                                           log_level='warning', **config))
    thread = threading.Thread(target=server.run, kwargs={'sockets': [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 5
    while not server.started:
        assert time.monotonic() < deadline, 'uvicorn did not start'
        time.sleep(0.005)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()


class FakeClock:
    def __init__(self, start: float = START) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class Api:
    """Small wrappers over the routes the tests call over and over."""

    def __init__(self, client: TestClient, app) -> None:
        self.client = client
        self.app = app
        self.devkit = app.state.devkit
        self.store = self.devkit.store

    def mint(self, nums=('num_1',), origins=(HOST,), key=API_KEY):
        response = self.client.post('/v1/embed/sessions', headers={'x-api-key': key},
                                    json={'surface': 'chat', 'whatsappNumberIds': list(nums),
                                          'allowedOrigins': list(origins)})
        assert response.status_code == 201, response.text
        return response.json()

    def session(self, inbox='inbox_demo', visitor='visitor-1', chat_token=None, **extra):
        headers = {'authorization': f'Bearer {chat_token}'} if chat_token else {}
        return self.client.post('/api/widget/session', headers=headers,
                                json={'inboxId': inbox, 'visitorId': visitor, **extra})

    def open_session(self, **kwargs):
        response = self.session(**kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    def message(self, token, content, client_message_id=None):
        body = {'content': content}
        if client_message_id is not None:
            body['clientMessageId'] = client_message_id
        return self.client.post('/api/widget/message', headers={'authorization': f'Bearer {token}'}, json=body)

    def contact(self, token, body):
        return self.client.patch('/api/widget/contact', headers={'authorization': f'Bearer {token}'}, json=body)

    def history(self, token, after=0):
        return self.client.get(f'/api/widget/messages?after={after}', headers={'authorization': f'Bearer {token}'})

    def socket(self, conversation_id, token):
        return self.client.websocket_connect(f'/ws/conversation/{conversation_id}?token={token}&source=widget')


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings_overrides() -> dict:
    """Override in a test module (or parametrize) to change settings."""
    return {}


@pytest.fixture
def settings(clock, settings_overrides) -> Settings:
    values = dict(now=clock, bot_chunk_delay_seconds=0, token_ttl_seconds=60, token_max_lifetime_seconds=600,
                  frame_base_url='http://127.0.0.1:8001')
    values.update(settings_overrides)
    return Settings(**values)


@pytest.fixture
def app(settings):
    return create_api_app(settings)


@pytest.fixture
def client(app):
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def api(client, app) -> Api:
    return Api(client, app)
