"""Chat JWT: claims and TTL, sliding refresh and its limits, verify-origin exact matching."""
from __future__ import annotations

import base64
import json

import jwt
import pytest

from devkit import Settings, create_api_app
from devkit.tokens import CHAT_AUDIENCE

from .conftest import HOST, START


def decode(settings, token):
    return jwt.decode(token, settings.jwt_secret, algorithms=['HS256'], audience=CHAT_AUDIENCE,
                      options={'verify_exp': False, 'verify_iat': False})


def refresh(client, token):
    return client.post('/v1/embed/sessions/refresh', headers={'authorization': f'Bearer {token}'})


def verify(client, token, parent_origin=HOST):
    return client.post('/v1/embed/verify-origin', headers={'authorization': f'Bearer {token}'},
                       json={'parentOrigin': parent_origin})


# -- claims ------------------------------------------------------------------

def test_chat_token_claims(api, settings):
    minted = api.mint(nums=['num_1', 'num_2'], origins=[HOST, 'http://localhost:5173'])
    assert jwt.get_unverified_header(minted['token'])['alg'] == 'HS256'
    claims = decode(settings, minted['token'])
    assert set(claims) == {'iss', 'aud', 'sub', 'sid', 'surface', 'nums', 'origins', 'iat', 'exp', 'jti'}
    assert claims['iss'] == settings.jwt_issuer
    assert claims['sub'] == 'tenant_demo'
    assert claims['surface'] == 'chat'
    assert claims['nums'] == ['num_1', 'num_2']
    assert claims['origins'] == [HOST, 'http://localhost:5173']
    assert claims['iat'] == int(START)
    assert claims['exp'] == int(START) + 60
    session = api.store.get_embed_session(claims['sid'])
    assert session is not None and session.numbers == ['num_1', 'num_2'] and not session.revoked
    assert session.expires_at == int(START) + 600


def test_each_mint_is_a_new_session_and_jti(api, settings):
    first, second = decode(settings, api.mint()['token']), decode(settings, api.mint()['token'])
    assert first['jti'] != second['jti']
    assert first['sid'] != second['sid']


def test_ttl_and_max_lifetime_are_configurable(clock):
    from starlette.testclient import TestClient

    app = create_api_app(Settings(now=clock, token_ttl_seconds=5, token_max_lifetime_seconds=7))
    with TestClient(app) as client:
        response = client.post('/v1/embed/sessions', headers={'x-api-key': 'ps_dev_key'},
                               json={'surface': 'chat', 'whatsappNumberIds': ['num_1'], 'allowedOrigins': [HOST]})
        claims = jwt.decode(response.json()['token'], options={'verify_signature': False})
        assert claims['exp'] - claims['iat'] == 5
        clock.advance(4)
        refreshed = refresh(client, response.json()['token'])
        claims = jwt.decode(refreshed.json()['token'], options={'verify_signature': False})
        assert claims['exp'] == int(START) + 7  # capped at the absolute end, not now + 5


def test_secret_is_random_per_process_by_default():
    assert Settings().jwt_secret != Settings().jwt_secret


# -- refresh -----------------------------------------------------------------

def test_refresh_slides_the_expiry(api, clock, settings):
    token = api.mint()['token']
    clock.advance(45)
    response = refresh(api.client, token)
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {'token', 'expiresAt'}
    new = decode(settings, data['token'])
    old = decode(settings, token)
    assert new['exp'] == int(START) + 45 + 60
    assert data['expiresAt'] == '2027-01-15T08:01:45Z'
    assert new['jti'] != old['jti']
    kept = ('sid', 'sub', 'nums', 'origins')
    assert {k: new[k] for k in kept} == {k: old[k] for k in kept}
    clock.advance(30)  # past the first token's exp, within the new one's
    assert verify(api.client, data['token']).status_code == 200
    assert verify(api.client, token).json()['code'] == 'token-expired'


def test_expired_token_cannot_be_refreshed(api, clock):
    token = api.mint()['token']
    clock.advance(60)  # now == exp: expired (no leeway)
    response = refresh(api.client, token)
    assert response.status_code == 401
    assert response.json() == {'error': 'Token expired', 'code': 'token-expired'}


def test_refresh_is_refused_at_the_absolute_lifetime(api, clock, settings):
    token = api.mint()['token']
    refreshed = 0
    while True:
        clock.advance(50)
        response = refresh(api.client, token)
        if response.status_code != 200:
            break
        token = response.json()['token']
        refreshed += 1
        assert decode(settings, token)['exp'] <= int(START) + 600
    assert refreshed == 11  # 50 s steps up to 550 s; at 600 s the capped token has expired
    assert clock() >= START + 600
    assert response.status_code == 401
    assert response.json()['code'] in ('token-expired', 'session-expired')


def test_revoked_session_cannot_refresh_or_verify(api, settings):
    token = api.mint()['token']
    api.store.revoke_embed_session(decode(settings, token)['sid'])
    response = refresh(api.client, token)
    assert response.status_code == 401
    assert response.json() == {'error': 'Embed session revoked', 'code': 'session-revoked'}
    assert verify(api.client, token).status_code == 401


@pytest.mark.parametrize('headers, error', [
    ({}, 'Missing bearer token'),
    ({'authorization': 'Bearer'}, 'Invalid token'),
    ({'authorization': 'Basic abc'}, 'Invalid token'),
    ({'authorization': 'Bearer not.a.jwt'}, 'Invalid token'),
])
def test_refresh_needs_a_bearer_token(client, headers, error):
    response = client.post('/v1/embed/sessions/refresh', headers=headers)
    assert response.status_code == 401
    assert response.json() == {'error': error, 'code': 'token-invalid'}


def _forge(claims, key, alg='HS256'):
    return jwt.encode(claims, key, algorithm=alg)


def test_forged_and_confused_tokens_are_invalid(api, settings):
    minted = api.mint()['token']
    claims = decode(settings, minted)
    other_key = 'k' * 48
    header, payload, signature = minted.split('.')
    widened = dict(claims, nums=['num_1', 'num_2'])
    tampered = '.'.join([header, base64.urlsafe_b64encode(json.dumps(widened).encode()).rstrip(b'=').decode(),
                         signature])
    none_alg = '.'.join([base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b'=').decode(),
                         payload, ''])
    widget = api.open_session()['sessionToken']
    candidates = {
        'other key': _forge(claims, other_key),
        'tampered payload': tampered,
        'alg none': none_alg,
        'widget session token': widget,
        'wrong audience': _forge(dict(claims, aud='something-else'), settings.jwt_secret),
        'wrong issuer': _forge(dict(claims, iss='someone-else'), settings.jwt_secret),
        'missing sid': _forge({k: v for k, v in claims.items() if k != 'sid'}, settings.jwt_secret),
        'unknown sid': _forge(dict(claims, sid='es_nope'), settings.jwt_secret),
        'other tenant': _forge(dict(claims, sub='tenant_other'), settings.jwt_secret),
        'other surface': _forge(dict(claims, surface='connect'), settings.jwt_secret),
    }
    for name, token in candidates.items():
        for response in (refresh(api.client, token), verify(api.client, token)):
            assert response.status_code == 401, name
            assert response.json() == {'error': 'Invalid token', 'code': 'token-invalid'}, name


# -- verify-origin -------------------------------------------------------------

def test_verify_origin_exact_match(api):
    token = api.mint(nums=['num_2'], origins=['http://localhost:5173', HOST])['token']
    response = verify(api.client, token, HOST)
    assert response.status_code == 200
    assert response.json() == {'ok': True, 'whatsappNumberIds': ['num_2'],
                               'allowedOrigins': ['http://localhost:5173', HOST], 'expiresAt': '2027-01-15T08:01:00Z'}


@pytest.mark.parametrize('parent_origin', [
    'https://app.example.com.evil.io', 'https://evil.io/https://app.example.com', 'https://app.example.com/',
    'https://app.example.com:443', 'HTTPS://app.example.com', 'https://APP.example.com', 'http://app.example.com',
    'https://evilapp.example.com', 'https://app.example.co', 'https://app.example.comm', 'null', '*',
    'https://app.example.com ', 'https://sub.app.example.com', 'https://app.example.com.',
])
def test_verify_origin_rejects_look_alikes(api, parent_origin):
    token = api.mint()['token']
    response = verify(api.client, token, parent_origin)
    assert response.status_code == 403
    assert response.json() == {'error': 'Origin not allowed', 'code': 'origin-not-allowed'}


def test_verify_origin_token_errors(api, clock):
    token = api.mint()['token']
    response = verify(api.client, 'garbage')
    assert response.status_code == 401
    assert response.json() == {'error': 'Invalid token', 'code': 'token-invalid'}
    clock.advance(61)
    response = verify(api.client, token)
    assert response.status_code == 401
    assert response.json() == {'error': 'Token expired', 'code': 'token-expired'}


@pytest.mark.parametrize('payload', [{}, {'parentOrigin': ''}, {'parentOrigin': ['https://app.example.com']}])
def test_verify_origin_needs_a_parent_origin(api, payload):
    token = api.mint()['token']
    response = api.client.post('/v1/embed/verify-origin', headers={'authorization': f'Bearer {token}'}, json=payload)
    assert response.status_code == 400
    assert response.json() == {'error': 'parentOrigin must be a non-empty string'}
