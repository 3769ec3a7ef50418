"""The API on a real loopback port under uvicorn (ws="auto": the websockets sans-I/O protocol): HTTP,
the 4401 close code and streaming."""
from __future__ import annotations

import json

import httpx2
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from devkit import Settings, create_api_app

from .conftest import serve_on_loopback


@pytest.fixture
def server_url():
    app = create_api_app(Settings(bot_chunk_delay_seconds=0.001))
    with serve_on_loopback(lambda url: app, ws='auto') as port:
        yield f'127.0.0.1:{port}'


def test_real_server_end_to_end(server_url):
    with httpx2.Client(base_url=f'http://{server_url}', timeout=5) as http:
        minted = http.post('/v1/embed/sessions', headers={'x-api-key': 'ps_dev_key'},
                           json={'surface': 'chat', 'whatsappNumberIds': ['num_1'],
                                 'allowedOrigins': ['http://127.0.0.1:8000']})
        assert minted.status_code == 201
        session = http.post('/api/widget/session', headers={'authorization': f'Bearer {minted.json()["token"]}'},
                            json={'inboxId': 'num_1', 'visitorId': 'v'}).json()
        base = f'ws://{server_url}/ws/conversation/{session["conversationId"]}'

        with connect(f'{base}?token=nope&source=widget', open_timeout=5, close_timeout=2) as ws:
            with pytest.raises(ConnectionClosed) as closed:
                ws.recv(timeout=5)
        assert closed.value.rcvd.code == 4401
        assert closed.value.rcvd.reason == 'Invalid or expired session'

        with connect(f'{base}?token={session["sessionToken"]}&source=widget', open_timeout=5, close_timeout=2) as ws:
            ws.send(json.dumps({'type': 'ping'}))
            assert json.loads(ws.recv(timeout=5)) == {'type': 'pong'}
            reply = http.post('/api/widget/message', headers={'authorization': f'Bearer {session["sessionToken"]}'},
                              json={'content': 'hi', 'clientMessageId': 'c-1'})
            assert reply.status_code == 200
            frames = []
            while not frames or frames[-1]['payload']['sender']['type'] != 'ai' or frames[-1]['payload']['streaming']:
                frames.append(json.loads(ws.recv(timeout=5)))
            assert frames[0]['payload']['sender'] == {'type': 'user'}
            assert frames[-1]['payload']['content'] == reply.json()['content']
            assert len(frames) > 3
