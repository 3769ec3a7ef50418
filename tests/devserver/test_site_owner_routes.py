"""The host origin's "your backend" routes (devkit/my_backend.py), which the
README's examples call, `--pages DIR`, and /favicon.ico on both origins.

The tenant API runs under uvicorn on a loopback port (the host app calls it
over HTTP, as a site owner's backend calls Pilot Status's); the host app is
driven with Starlette's TestClient."""
from __future__ import annotations

import struct

import httpx2
import pytest
from starlette.testclient import TestClient

from devkit import Settings
from devkit.devserver import build_apps, parse_args
from devkit.favicon import favicon_ico
from devkit.pages import create_frame_app, create_host_app

from .conftest import serve_on_loopback

SITE = 'http://127.0.0.1:8000'


@pytest.fixture
def frame_url():
    """The frame app (tenant API included) on a real loopback port."""
    def make(url):
        return create_frame_app(Settings(frame_base_url=url, host_origins=(SITE,), bot_chunk_delay_seconds=0))
    with serve_on_loopback(make) as port:
        yield 'http://127.0.0.1:%d' % port


def host_client(frame_url, **overrides):
    settings = Settings(**dict({'frame_base_url': frame_url, 'host_origins': (SITE,)}, **overrides))
    return TestClient(create_host_app(settings, api_base=frame_url))


def test_chat_token_route_mints_a_token_for_the_sites_own_origins(frame_url):
    with host_client(frame_url) as host:
        # The request's Origin header does not choose the allowed origins: the site's configuration does.
        response = host.post('/my-backend/chat-token', headers={'origin': 'https://evil.example'})
        assert response.status_code == 200
        assert response.headers['content-type'].startswith('text/plain')
        assert response.headers['cache-control'] == 'no-store'
        token = response.text
        assert token.count('.') == 2 and '"' not in token            # the bare JWT, ready for getToken
        assert host.get('/my-backend/chat-token').status_code == 405
    verified = httpx2.post(frame_url + '/v1/embed/verify-origin', headers={'authorization': 'Bearer ' + token},
                           json={'parentOrigin': SITE}, timeout=5)
    assert verified.status_code == 200, verified.text
    assert verified.json()['allowedOrigins'] == [SITE] and verified.json()['whatsappNumberIds'] == ['num_1']


def test_chat_token_route_reports_a_tenant_api_failure(frame_url):
    with host_client(frame_url, api_key='not-the-key') as host:
        response = host.post('/my-backend/chat-token')
    assert response.status_code == 502
    assert response.text.startswith('could not mint a chat token')


def test_pairing_route_returns_a_connect_page_link(frame_url):
    with host_client(frame_url) as host:
        response = host.post('/my-backend/pairing')
    assert response.status_code == 200, response.text
    body = response.json()
    assert sorted(body) == ['expiresAt', 'pairingUrl']
    assert body['pairingUrl'].startswith(frame_url + '/connect?pairingToken=')


def test_pages_option_serves_a_folder_on_the_host_origin(tmp_path):
    (tmp_path / 'chat.html').write_text('<p>my page</p>')
    _, host_origin, _, host_app, _ = build_apps(parse_args(['--pages', str(tmp_path)]))
    assert host_origin == SITE
    with TestClient(host_app) as client:
        response = client.get('/t/chat.html')
    assert response.status_code == 200 and response.text == '<p>my page</p>'
    assert response.headers['content-type'].startswith('text/html')
    with pytest.raises(SystemExit, match='not a directory'):
        build_apps(parse_args(['--pages', str(tmp_path / 'missing')]))


def test_favicon_on_both_origins():
    _, _, _, host_app, frame_app = build_apps(parse_args([]))
    for app in (host_app, frame_app):
        with TestClient(app) as client:
            response = client.get('/favicon.ico')
        assert response.status_code == 200
        assert response.headers['content-type'] == 'image/x-icon'
        assert response.content == favicon_ico()
    data = favicon_ico()
    reserved, kind, count = struct.unpack_from('<HHH', data, 0)
    width, height, _, _, planes, bits, size, offset = struct.unpack_from('<BBBBHHII', data, 6)
    assert (reserved, kind, count) == (0, 1, 1)
    assert (width, height, planes, bits) == (32, 32, 1, 32)
    assert offset == 22 and offset + size == len(data)
    header_size, bmp_width, bmp_height = struct.unpack_from('<Iii', data, offset)
    assert (header_size, bmp_width, bmp_height) == (40, 32, 64)
    pixels = data[offset + 40:offset + 40 + 32 * 32 * 4]
    alphas = pixels[3::4]
    assert 0 in alphas and 255 in alphas                          # a shape on a transparent background
