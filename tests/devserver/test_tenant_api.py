"""Tenant API: x-api-key auth, GET /v1/numbers, POST /v1/embed/sessions validation."""
from __future__ import annotations

import json

import pytest

from .conftest import API_KEY, HOST


def mint_raw(client, body, key=API_KEY):
    headers = {'x-api-key': key} if key is not None else {}
    return client.post('/v1/embed/sessions', headers=headers, json=body)


def body(**overrides):
    values = {'surface': 'chat', 'whatsappNumberIds': ['num_1'], 'allowedOrigins': [HOST]}
    values.update(overrides)
    return values


# -- API key -----------------------------------------------------------------

def test_numbers_lists_the_tenants_numbers(client):
    response = client.get('/v1/numbers', headers={'x-api-key': API_KEY})
    assert response.status_code == 200
    assert response.json() == {'numbers': [
        {'id': 'num_1', 'phone': '+5511999990001', 'name': 'Demo number 1'},
        {'id': 'num_2', 'phone': '+5511999990002', 'name': 'Demo number 2'},
    ]}


@pytest.mark.parametrize('headers', [{}, {'x-api-key': ''}, {'x-api-key': 'ps_wrong'}, {'x-api-key': API_KEY + 'x'},
                                     {'authorization': f'Bearer {API_KEY}'}])
def test_numbers_needs_the_right_api_key(client, headers):
    response = client.get('/v1/numbers', headers=headers)
    assert response.status_code == 401
    assert response.json() == {'error': 'Invalid API key'}


def test_numbers_of_other_tenants_are_not_listed(api):
    api.store.add_tenant('tenant_other', 'ps_other_key')
    api.store.add_number('tenant_other', 'num_x', '+5511999990009', 'Other')
    response = api.client.get('/v1/numbers', headers={'x-api-key': 'ps_other_key'})
    assert response.json() == {'numbers': [{'id': 'num_x', 'phone': '+5511999990009', 'name': 'Other'}]}


@pytest.mark.parametrize('key', [None, '', 'nope'])
def test_minting_needs_the_api_key(client, key):
    response = mint_raw(client, body(), key=key)
    assert response.status_code == 401
    assert response.json() == {'error': 'Invalid API key'}


def test_pairing_needs_the_api_key(client):
    response = client.post('/v1/numbers/remote-pairing', json={'whatsappNumberId': 'num_1'})
    assert response.status_code == 401
    assert response.json() == {'error': 'Invalid API key'}


# -- minting -----------------------------------------------------------------

def test_mint_returns_token_and_echo(client):
    response = mint_raw(client, body(whatsappNumberIds=['num_1', 'num_2'], allowedOrigins=[HOST, 'http://localhost:5173']))
    assert response.status_code == 201
    data = response.json()
    assert set(data) == {'token', 'surface', 'whatsappNumberIds', 'allowedOrigins', 'expiresAt'}
    assert data['surface'] == 'chat'
    assert data['whatsappNumberIds'] == ['num_1', 'num_2']
    assert data['allowedOrigins'] == [HOST, 'http://localhost:5173']
    # START is 2027-01-15T08:00:00Z; the fixture's TTL is 60 s.
    assert data['expiresAt'] == '2027-01-15T08:01:00Z'


@pytest.mark.parametrize('surface', [None, 'connect', 'Chat', '', ['chat']])
def test_mint_refuses_other_surfaces(client, surface):
    payload = body(surface=surface) if surface is not None else {k: v for k, v in body().items() if k != 'surface'}
    response = mint_raw(client, payload)
    assert response.status_code == 400
    assert response.json() == {'error': 'surface must be "chat"'}


@pytest.mark.parametrize('ids, message', [
    (None, 'whatsappNumberIds must be a non-empty array of number ids'),
    ([], 'whatsappNumberIds must be a non-empty array of number ids'),
    ('num_1', 'whatsappNumberIds must be a non-empty array of number ids'),
    ([1], 'whatsappNumberIds[0] must be a non-empty id string'),
    (['num_1', ''], 'whatsappNumberIds[1] must be a non-empty id string'),
    (['num_1', 'num_1'], 'whatsappNumberIds[1] "num_1" is listed twice'),
])
def test_mint_validates_number_ids(client, ids, message):
    response = mint_raw(client, body(whatsappNumberIds=ids))
    assert response.status_code == 400
    assert response.json() == {'error': message}


@pytest.mark.parametrize('ids, bad', [(['num_nope'], 'whatsappNumberIds[0] "num_nope"'),
                                      (['num_1', 'num_x'], 'whatsappNumberIds[1] "num_x"')])
def test_mint_refuses_numbers_the_tenant_does_not_own(api, ids, bad):
    api.store.add_tenant('tenant_other', 'ps_other_key')
    api.store.add_number('tenant_other', 'num_x', '+5511999990009', 'Other')
    response = mint_raw(api.client, body(whatsappNumberIds=ids))
    assert response.status_code == 403
    assert response.json() == {'error': f'{bad} is not a number of this tenant'}


def test_mint_body_must_be_a_json_object(client):
    response = client.post('/v1/embed/sessions', headers={'x-api-key': API_KEY}, content=b'[1, 2]')
    assert response.status_code == 400
    assert response.json() == {'error': 'Request body must be a JSON object'}
    response = client.post('/v1/embed/sessions', headers={'x-api-key': API_KEY}, content=b'{nope')
    assert response.status_code == 400
    assert response.json() == {'error': 'Invalid JSON body'}


def test_oversized_body_is_refused(client):
    payload = b'{"a": "' + b'x' * 70_000 + b'"}'
    response = client.post('/v1/embed/sessions', headers={'x-api-key': API_KEY}, content=payload)
    assert response.status_code == 413
    assert response.json() == {'error': 'Request body too large'}


BAD_ORIGINS = [
    ('https://app.example.com/', 'must not have a path (not even "/")'),
    ('https://app.example.com/chat', 'must not have a path (not even "/")'),
    ('https://app.example.com?x=1', 'must not have a query'),
    ('https://app.example.com#top', 'must not have a fragment'),
    ('https://user@app.example.com', 'must not contain userinfo (user:password@)'),
    ('https://user:pw@app.example.com', 'must not contain userinfo (user:password@)'),
    ('https://*.example.com', 'wildcards are not allowed; list each exact origin'),
    ('*', 'wildcards are not allowed; list each exact origin'),
    ('HTTPS://X.com', 'scheme must be written in lower case ("https")'),
    ('Http://app.example.com', 'scheme must be written in lower case ("http")'),
    ('https://App.Example.com', 'host must be written in lower case'),
    ('https://app.example.com:443', 'must not spell out the default port :443 of https'),
    ('http://app.example.com:80', 'must not spell out the default port :80 of http'),
    ('ftp://app.example.com', 'scheme must be http or https'),
    ('javascript://app.example.com', 'scheme must be http or https'),
    ('wss://app.example.com', 'scheme must be http or https'),
    ('app.example.com', 'must be an origin of the form scheme://host[:port]'),
    ('//app.example.com', 'must be an origin of the form scheme://host[:port]'),
    ('https:app.example.com', 'must be an origin of the form scheme://host[:port]'),
    ('https://', 'must have a host'),
    ('https://:8080', 'must have a host'),
    ('https://app.example.com:', 'has a malformed host or port'),
    ('https://app.example.com:0', 'port must be 1-65535 without leading zeros'),
    ('https://app.example.com:65536', 'port must be 1-65535 without leading zeros'),
    ('https://app.example.com:08443', 'port must be 1-65535 without leading zeros'),
    ('https://app.example.com:http', 'port must be a number'),
    ('https://app.example.com.', 'host must not end with a dot'),
    ('https://app..example.com', 'host is not a valid DNS name'),
    ('https://app_example.com', 'host is not a valid DNS name'),
    ('https://-app.example.com', 'host is not a valid DNS name'),
    ('https://münchen.de', 'host must be ASCII (write internationalised names in punycode, xn--...)'),
    ('https://256.1.1.1', 'has an invalid IPv4 address'),
    ('https://[::1', 'has a malformed host or port'),
    ('https://[0:0::1]', 'IPv6 address must be in canonical form ([::1])'),
    ('https://[nope]', 'has an invalid IPv6 address'),
    ('https://::1', 'has a malformed host or port'),
    ('https://app.example.com\\@evil.io', 'must not contain userinfo (user:password@)'),
    ('https://evil.io\\.app.example.com', 'must not contain a backslash'),
    (' https://app.example.com', 'must not contain whitespace or control characters'),
    ('https://app.example.com ', 'must not contain whitespace or control characters'),
    ('https://app.example.com\n', 'must not contain whitespace or control characters'),
    ('null', 'the "null" origin cannot be allowed'),
    ('', 'must not be empty'),
    (123, 'must be a string'),
    (None, 'must be a string'),
    ('https://' + 'a' * 300 + '.com', 'must be at most 300 characters'),
]


@pytest.mark.parametrize('origin, problem', BAD_ORIGINS, ids=[repr(o)[:40] for o, _ in BAD_ORIGINS])
def test_mint_refuses_inexact_origins_naming_the_entry(client, origin, problem):
    response = mint_raw(client, body(allowedOrigins=[HOST, origin]))
    assert response.status_code == 400
    shown = json.dumps(origin) if isinstance(origin, str) else type(origin).__name__
    if len(shown) > 80:
        shown = shown[:77] + '...'
    assert response.json() == {'error': f'allowedOrigins[1] {shown} {problem}'}


@pytest.mark.parametrize('origins, message', [
    (None, 'allowedOrigins must be an array of origins'),
    (HOST, 'allowedOrigins must be an array of origins'),
    ([], 'allowedOrigins must have 1 to 20 entries (got 0)'),
    ([f'https://h{i}.example.com' for i in range(21)], 'allowedOrigins must have 1 to 20 entries (got 21)'),
    ([HOST, HOST], f'allowedOrigins[1] "{HOST}" is listed twice'),
])
def test_mint_validates_the_origin_list(client, origins, message):
    response = mint_raw(client, body(allowedOrigins=origins))
    assert response.status_code == 400
    assert response.json() == {'error': message}


GOOD_ORIGINS = ['https://app.example.com', 'http://localhost:5173', 'http://127.0.0.1:8000', 'https://[::1]:8443',
                'http://[::1]', 'https://xn--mnchen-3ya.de', 'https://a.b.example.co.uk', 'http://example.com:443',
                'https://example.com:80', 'https://localhost', 'http://10.0.0.1:65535']


def test_mint_accepts_exact_origins_unchanged(client):
    response = mint_raw(client, body(allowedOrigins=GOOD_ORIGINS))
    assert response.status_code == 201, response.text
    assert response.json()['allowedOrigins'] == GOOD_ORIGINS


def test_mint_accepts_twenty_origins(client):
    origins = [f'https://h{i}.example.com' for i in range(20)]
    assert mint_raw(client, body(allowedOrigins=origins)).status_code == 201


def test_unknown_routes_and_methods_answer_json(client):
    response = client.get('/v1/nothing-here')
    assert response.status_code == 404
    assert response.json() == {'error': 'Not Found'}
    response = client.get('/v1/embed/sessions')
    assert response.status_code == 405
    assert response.json() == {'error': 'Method Not Allowed'}
