"""CORS only on /api/widget/* (any origin, no credentials); the API mounted inside another app."""
from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from devkit import create_api_app, live_allowed_origins

from .conftest import API_KEY, HOST

ELSEWHERE = 'https://shop.somewhere.example'


def test_widget_preflight_allows_any_origin_without_credentials(client):
    response = client.options('/api/widget/contact', headers={
        'origin': ELSEWHERE, 'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, content-type'})
    assert response.status_code == 200
    assert response.headers['access-control-allow-origin'] == '*'
    assert 'access-control-allow-credentials' not in response.headers
    assert 'PATCH' in response.headers['access-control-allow-methods']
    assert 'authorization' in response.headers['access-control-allow-headers'].lower()


def test_widget_responses_carry_cors_headers(api):
    response = api.client.post('/api/widget/session', headers={'origin': ELSEWHERE},
                               json={'inboxId': 'inbox_demo', 'visitorId': 'v'})
    assert response.status_code == 200
    assert response.headers['access-control-allow-origin'] == '*'
    assert 'access-control-allow-credentials' not in response.headers
    token = response.json()['sessionToken']
    for _ in range(5):
        api.contact(token, {'name': 'Jane'})
    limited = api.client.patch('/api/widget/contact', headers={'origin': ELSEWHERE, 'authorization': f'Bearer {token}'},
                               json={'name': 'Jane'})
    assert limited.status_code == 429
    assert limited.headers['access-control-allow-origin'] == '*'
    assert 'retry-after' in limited.headers['access-control-expose-headers'].lower()


def test_tenant_api_has_no_cors(client):
    response = client.get('/v1/numbers', headers={'origin': ELSEWHERE, 'x-api-key': API_KEY})
    assert response.status_code == 200
    assert 'access-control-allow-origin' not in response.headers
    preflight = client.options('/v1/embed/sessions', headers={'origin': ELSEWHERE,
                                                              'access-control-request-method': 'POST'})
    assert 'access-control-allow-origin' not in preflight.headers
    assert preflight.status_code == 405


def test_api_mounts_inside_the_frame_origin_app(settings):
    api_app = create_api_app(settings)

    async def chat_page(request):
        origins = ' '.join(live_allowed_origins(api_app))
        return PlainTextResponse('chat page', headers={'content-security-policy': f'frame-ancestors {origins}'})

    frame_app = Starlette(routes=[Route('/', chat_page), Mount('/', app=api_app)])
    with TestClient(frame_app) as client:
        minted = client.post('/v1/embed/sessions', headers={'x-api-key': API_KEY},
                             json={'surface': 'chat', 'whatsappNumberIds': ['num_1'], 'allowedOrigins': [HOST]})
        assert minted.status_code == 201
        page = client.get('/')
        assert page.text == 'chat page'
        assert page.headers['content-security-policy'] == f'frame-ancestors {HOST}'
        session = client.post('/api/widget/session', headers={'origin': ELSEWHERE},
                              json={'inboxId': 'inbox_demo', 'visitorId': 'v'})
        assert session.headers['access-control-allow-origin'] == '*'
        data = session.json()
        with client.websocket_connect(f'/ws/conversation/{data["conversationId"]}?token={data["sessionToken"]}'
                                      '&source=widget') as ws:
            ws.send_json({'type': 'ping'})
            assert ws.receive_json() == {'type': 'pong'}
        assert client.get('/v1/nothing').json() == {'error': 'Not Found'}
