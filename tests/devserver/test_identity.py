"""Verified identity: the tenant's backend binds a user to the chat token
(POST /v1/embed/sessions with a `user` block); the widget API keys the visitor
and the conversation to that user, on SQLite (file databases, so what is
checked is what a restarted dev server would read back too)."""
from __future__ import annotations

import base64
import json
import sqlite3

import httpx2
import jwt
import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from devkit import Settings
from devkit.my_backend import DEMO_USERS
from devkit.pages import create_frame_app, create_host_app
from devkit.store import Store
from devkit.tokens import CHAT_AUDIENCE

from .conftest import API_KEY, HOST, serve_on_loopback

ALICE = {'id': 'user_alice', 'name': 'Alice Souza', 'email': 'alice@example.com'}
BOB = {'id': 'user_bob'}
MISMATCH = ('userId does not match the verified user of this chat token: a page cannot switch a verified identity '
            '(mint a new token for the signed-in user)')


@pytest.fixture
def settings_overrides(tmp_path):
    return {'db_path': str(tmp_path / 'devkit.sqlite3')}


def mint(api, user=None, nums=('num_1',), **extra):
    body = {'surface': 'chat', 'whatsappNumberIds': list(nums), 'allowedOrigins': [HOST], **extra}
    if user is not None:
        body['user'] = user
    return api.client.post('/v1/embed/sessions', headers={'x-api-key': API_KEY}, json=body)


def token_for(api, user=None, **kwargs):
    response = mint(api, user, **kwargs)
    assert response.status_code == 201, response.text
    return response.json()['token']


def claims_of(settings, token):
    return jwt.decode(token, settings.jwt_secret, algorithms=['HS256'], audience=CHAT_AUDIENCE,
                      options={'verify_exp': False, 'verify_iat': False})


def device(api, user, visitor, inbox='num_1', **extra):
    """A browser of `user` (None: anonymous) with its own visitorId and a fresh chat token."""
    return api.session(inbox=inbox, visitor=visitor, chat_token=token_for(api, user), **extra)


def opened(response):
    assert response.status_code == 200, response.text
    return response.json()


def contents(api, session):
    response = api.history(session['sessionToken'])
    assert response.status_code == 200, response.text
    return [m['content'] for m in response.json()['messages'] if m['role'] == 'user']


def row(settings, conversation_id):
    db = sqlite3.connect(settings.db_path)
    db.row_factory = sqlite3.Row
    try:
        return dict(db.execute('SELECT * FROM conversations WHERE id = ?', (conversation_id,)).fetchone())
    finally:
        db.close()


def assert_closed_4401(ws):
    with pytest.raises(WebSocketDisconnect) as closed:
        ws.receive_json()
    assert closed.value.code == 4401


# -- minting ---------------------------------------------------------------------

def test_the_user_is_signed_into_the_token_and_echoed(api, settings):
    response = mint(api, {'id': 'user_alice', 'name': '  Alice Souza ', 'phone': '(11) 98765-4321'})
    assert response.status_code == 201, response.text
    body = response.json()
    assert sorted(body) == ['allowedOrigins', 'expiresAt', 'surface', 'token', 'user', 'whatsappNumberIds']
    assert body['user'] == {'id': 'user_alice', 'name': 'Alice Souza', 'phone': '+5511987654321'}
    claims = claims_of(settings, body['token'])
    assert claims['uid'] == 'user_alice'
    assert 'name' not in claims and 'phone' not in claims      # only the id travels in the token
    assert api.store.get_embed_session(claims['sid']).user == body['user']


def test_without_a_user_block_the_token_and_response_are_as_documented(api, settings):
    for extra in ({}, {'user': None}):
        body = mint(api, **extra).json()
        assert sorted(body) == ['allowedOrigins', 'expiresAt', 'surface', 'token', 'whatsappNumberIds']
        assert 'uid' not in claims_of(settings, body['token'])


@pytest.mark.parametrize('user, error', [
    ('user_alice', 'user must be an object with an "id" (and optionally name, email, phone)'),
    (['user_alice'], 'user must be an object with an "id" (and optionally name, email, phone)'),
    ({}, "user.id is required: your backend's stable id for the signed-in user"),
    ({'name': 'Alice'}, "user.id is required: your backend's stable id for the signed-in user"),
    ({'id': 42}, 'user.id must be a string (send numeric ids as strings)'),
    ({'id': None}, 'user.id must be a string (send numeric ids as strings)'),
    ({'id': ''}, 'user.id must not be empty'),
    ({'id': 'u' * 129}, 'user.id must be at most 128 characters'),
    ({'id': ' user_alice'}, 'user.id must not contain control characters or leading/trailing spaces'),
    ({'id': 'user\nalice'}, 'user.id must not contain control characters or leading/trailing spaces'),
    ({'id': 'a', 'userId': 'a'}, 'user.userId is not a known field (the user\'s id goes in "id"); '
                                 'allowed: id, name, email, phone'),
    ({'id': 'a', 'company': 'Acme'}, 'user.company is not a known field; allowed: id, name, email, phone'),
    ({'id': 'a', 'name': 7}, 'user.name must be a string'),
    ({'id': 'a', 'name': '   '}, 'user.name must not be empty (leave it out instead)'),
    ({'id': 'a', 'name': 'n' * 256}, 'user.name must be at most 255 characters'),
    ({'id': 'a', 'name': 'Al\x00ice'}, 'user.name must not contain control characters'),
    ({'id': 'a', 'email': 'alice'}, 'user.email must be an email address (name@domain.tld)'),
    ({'id': 'a', 'email': 'alice@example'}, 'user.email must be an email address (name@domain.tld)'),
    ({'id': 'a', 'email': 'a b@example.com'}, 'user.email must be an email address (name@domain.tld)'),
    ({'id': 'a', 'email': 'a' * 250 + '@x.io'}, 'user.email must be at most 254 characters'),
    ({'id': 'a', 'phone': '123'}, 'user.phone must be a valid phone number: E.164 (+5511987654321) or a national '
                                  'number of region BR'),
    ({'id': 'a', 'phone': 5511987654321}, 'user.phone must be a string'),
])
def test_a_bad_user_block_is_refused_with_a_specific_error(api, user, error):
    response = mint(api, user)
    assert response.status_code == 400
    assert response.json() == {'error': error, 'code': 'invalid-user'}


def test_bounds_are_inclusive(api):
    user = {'id': 'u' * 128, 'name': 'n' * 255, 'email': 'a' * 245 + '@x.io'}
    assert len(user['email']) == 250
    assert mint(api, user).status_code == 201


def test_the_api_key_and_number_checks_still_come_first(api):
    response = api.client.post('/v1/embed/sessions', headers={'x-api-key': 'wrong'},
                               json={'surface': 'chat', 'whatsappNumberIds': ['num_1'], 'allowedOrigins': [HOST],
                                     'user': ALICE})
    assert response.status_code == 401
    assert mint(api, ALICE, nums=('num_9',)).status_code == 403


# -- keying: same user, other user ---------------------------------------------

def test_the_same_user_on_two_devices_gets_one_conversation(api, settings):
    phone = opened(device(api, ALICE, visitor='phone-browser'))
    assert api.message(phone['sessionToken'], 'from my phone').status_code == 200
    laptop = opened(device(api, ALICE, visitor='laptop-browser'))   # another visitorId, another token
    assert laptop['conversationId'] == phone['conversationId']
    assert laptop['isResumed'] is True and laptop['greeting'] is None
    assert contents(api, laptop) == ['from my phone']
    stored = row(settings, phone['conversationId'])
    assert stored['user_id'] == 'user_alice' and stored['visitor_id'] == 'verified:user_alice'


def test_another_user_never_gets_that_conversation(api):
    alice = opened(device(api, ALICE, visitor='shared-pc'))
    api.message(alice['sessionToken'], 'alice private note')
    # Same browser (same visitorId), same inbox: the token says Bob, so it is Bob's conversation.
    bob = opened(device(api, BOB, visitor='shared-pc'))
    assert bob['conversationId'] != alice['conversationId'] and bob['isResumed'] is False
    assert contents(api, bob) == []
    api.message(bob['sessionToken'], 'bob hello')
    assert contents(api, alice) == ['alice private note']     # positive control: Alice still reads hers


def test_an_anonymous_visitor_never_gets_a_verified_conversation(api):
    alice = opened(device(api, ALICE, visitor='shared-pc'))
    api.message(alice['sessionToken'], 'alice private note')
    anonymous = opened(device(api, None, visitor='shared-pc'))
    assert anonymous['conversationId'] != alice['conversationId']
    assert contents(api, anonymous) == []
    again = opened(device(api, None, visitor='shared-pc'))     # positive control: anonymous keying unchanged
    assert again['conversationId'] == anonymous['conversationId'] and again['isResumed'] is True


@pytest.mark.parametrize('visitor', ['verified:user_alice', 'verified:'])
def test_the_verified_visitor_namespace_is_refused_to_pages(api, visitor):
    opened(device(api, ALICE, visitor='phone'))
    for token in (token_for(api), token_for(api, ALICE)):
        response = api.session(inbox='num_1', visitor=visitor, chat_token=token)
        assert response.status_code == 400
        assert response.json() == {
            'error': 'visitorId must not start with "verified:" (reserved for users verified by a chat token)'}
    public = api.session(inbox='inbox_demo', visitor=visitor)
    assert public.status_code == 400


def test_one_conversation_per_user_and_inbox(api):
    token = token_for(api, ALICE, nums=('num_1', 'num_2'))
    first = opened(api.session(inbox='num_1', visitor='v', chat_token=token))
    second = opened(api.session(inbox='num_2', visitor='v', chat_token=token))
    assert first['conversationId'] != second['conversationId']
    assert opened(api.session(inbox='num_1', visitor='w', chat_token=token))['conversationId'] == \
        first['conversationId']


def test_another_users_widget_token_is_refused_on_rest_and_socket(api):
    alice = opened(device(api, ALICE, visitor='a'))
    bob = opened(device(api, BOB, visitor='b'))
    api.message(alice['sessionToken'], 'alice private note')
    with api.socket(alice['conversationId'], bob['sessionToken']) as ws:
        assert_closed_4401(ws)
    with api.socket(alice['conversationId'], alice['sessionToken']) as ws:   # positive control
        ws.send_json({'type': 'ping'})
        assert ws.receive_json() == {'type': 'pong'}
    assert 'alice private note' not in contents(api, bob)


def test_the_other_device_hears_the_conversation_live(api):
    phone = opened(device(api, ALICE, visitor='phone'))
    laptop = opened(device(api, ALICE, visitor='laptop'))
    bob = opened(device(api, BOB, visitor='bob'))
    # Checked first: with different conversations, the receive below would wait forever.
    assert laptop['conversationId'] == phone['conversationId']
    with api.socket(laptop['conversationId'], laptop['sessionToken']) as ws, \
            api.socket(bob['conversationId'], bob['sessionToken']) as elsewhere:
        api.message(phone['sessionToken'], 'typed on the phone', client_message_id='c-1')
        assert ws.receive_json()['payload']['content'] == 'typed on the phone'
        elsewhere.send_json({'type': 'ping'})
        assert elsewhere.receive_json() == {'type': 'pong'}                 # nothing of Alice's reaches Bob


# -- tokens: forged, tampered, refreshed -----------------------------------------

def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b'=').decode()


def test_a_tampered_or_forged_user_is_refused(api, settings):
    alice_token = token_for(api, ALICE)
    anonymous_token = token_for(api)
    header, _, signature = alice_token.split('.')
    claims = claims_of(settings, alice_token)
    anonymous_claims = claims_of(settings, anonymous_token)
    secret = settings.jwt_secret
    candidates = {
        'uid swapped, signature kept': '.'.join([header, _b64(dict(claims, uid='user_bob')), signature]),
        'uid swapped, other key': jwt.encode(dict(claims, uid='user_bob'), 'k' * 48, algorithm='HS256'),
        # Even with the signing key, the session row still says who the token is for.
        'uid swapped, right key': jwt.encode(dict(claims, uid='user_bob'), secret, algorithm='HS256'),
        'uid removed, right key': jwt.encode({k: v for k, v in claims.items() if k != 'uid'}, secret,
                                             algorithm='HS256'),
        'uid added, right key': jwt.encode(dict(anonymous_claims, uid='user_alice'), secret, algorithm='HS256'),
    }
    for name, token in candidates.items():
        response = api.session(inbox='num_1', visitor='v', chat_token=token)
        assert response.status_code == 401, name
        assert response.json()['code'] == 'token-invalid', name
        refreshed = api.client.post('/v1/embed/sessions/refresh', headers={'authorization': f'Bearer {token}'})
        assert refreshed.status_code == 401, name
    assert opened(api.session(inbox='num_1', visitor='v', chat_token=alice_token))   # positive control


def test_a_widget_token_must_come_from_a_chat_token_of_that_user(api, settings):
    # Defense in depth: even a widget token signed with the widget secret opens a
    # verified conversation only through an embed session of the same user.
    alice = opened(device(api, ALICE, visitor='a'))
    bob_token = token_for(api, BOB)
    opened(api.session(inbox='num_1', visitor='b', chat_token=bob_token))
    honest = jwt.decode(alice['sessionToken'], settings.widget_secret, algorithms=['HS256'],
                        audience='pilot-status-widget', options={'verify_exp': False, 'verify_iat': False})
    forged = {
        "bob's embed session": dict(honest, sid=claims_of(settings, bob_token)['sid']),
        'no embed session': {k: v for k, v in honest.items() if k != 'sid'},
    }
    for name, claims in forged.items():
        token = jwt.encode(claims, settings.widget_secret, algorithm='HS256')
        assert api.history(token).status_code == 401, name
        with api.socket(alice['conversationId'], token) as ws:
            assert_closed_4401(ws)
    assert api.history(jwt.encode(honest, settings.widget_secret, algorithm='HS256')).status_code == 200


def test_a_refreshed_token_keeps_the_user(api, settings, clock):
    token = token_for(api, ALICE)
    first = opened(api.session(inbox='num_1', visitor='v1', chat_token=token))
    clock.advance(30)
    response = api.client.post('/v1/embed/sessions/refresh', headers={'authorization': f'Bearer {token}'})
    assert response.status_code == 200, response.text
    fresh = response.json()['token']
    assert claims_of(settings, fresh)['uid'] == 'user_alice'
    assert opened(api.session(inbox='num_1', visitor='v2', chat_token=fresh))['conversationId'] == \
        first['conversationId']


def test_revoking_one_devices_session_leaves_the_others(api, settings):
    phone_token, laptop_token = token_for(api, ALICE), token_for(api, ALICE)
    phone = opened(api.session(inbox='num_1', visitor='phone', chat_token=phone_token))
    laptop = opened(api.session(inbox='num_1', visitor='laptop', chat_token=laptop_token))
    api.store.revoke_embed_session(claims_of(settings, phone_token)['sid'])
    assert api.history(phone['sessionToken']).status_code == 401
    assert api.history(laptop['sessionToken']).status_code == 200


# -- page-supplied identity: enrich, never switch ----------------------------------

def contact(settings, session):
    stored = row(settings, session['conversationId'])
    return {k: stored[k] for k in ('name', 'email', 'phone', 'company', 'user_id')}


def test_the_backends_fields_fill_the_contact_and_the_page_adds_the_rest(api, settings):
    session = opened(device(api, ALICE, visitor='v', customerInfo={
        'name': 'Page Says Mallory', 'phone': '+14155552671', 'company': 'Acme', 'userId': 'user_alice'}))
    assert contact(settings, session) == {'name': 'Alice Souza', 'email': 'alice@example.com',
                                          'phone': '+14155552671', 'company': 'Acme', 'user_id': 'user_alice'}


def test_update_contact_enriches_but_does_not_overwrite_the_backends_fields(api, settings):
    session = opened(device(api, ALICE, visitor='v'))
    response = api.contact(session['sessionToken'], {'name': 'Mallory', 'company': 'Acme', 'phone': '+14155552671'})
    assert response.status_code == 200 and response.json() == {'success': True}
    assert contact(settings, session) == {'name': 'Alice Souza', 'email': 'alice@example.com',
                                          'phone': '+14155552671', 'company': 'Acme', 'user_id': 'user_alice'}
    only_verified = api.contact(session['sessionToken'], {'name': 'Mallory', 'email': 'mallory@example.com'})
    assert only_verified.status_code == 400
    assert only_verified.json() == {'error': "No valid fields to update: the site's backend set name, email for "
                                             'this verified user, and the page cannot change them'}
    same_user = api.contact(session['sessionToken'], {'userId': 'user_alice', 'company': 'Acme 2'})
    assert same_user.status_code == 200
    assert contact(settings, session)['company'] == 'Acme 2'


def test_a_page_cannot_switch_the_verified_user(api, settings):
    alice = opened(device(api, ALICE, visitor='v'))
    bob = opened(device(api, BOB, visitor='w'))
    switch = api.contact(alice['sessionToken'], {'userId': 'user_bob', 'name': 'Bob'})
    assert switch.status_code == 403
    assert switch.json() == {'error': MISMATCH, 'code': 'user-mismatch'}
    assert contact(settings, alice)['name'] == 'Alice Souza'               # nothing of the request applied
    at_session = device(api, ALICE, visitor='v', customerInfo={'userId': 'user_bob'})
    assert at_session.status_code == 403 and at_session.json()['code'] == 'user-mismatch'
    # Still Alice's conversation, still not Bob's.
    again = opened(device(api, ALICE, visitor='x', customerInfo={'userId': 'user_alice'}))
    assert again['conversationId'] == alice['conversationId'] != bob['conversationId']


def test_a_verified_user_without_contact_fields_is_enriched_freely(api, settings):
    session = opened(device(api, BOB, visitor='v'))
    assert api.contact(session['sessionToken'], {'name': 'Bob Lima', 'email': 'bob@example.com'}).status_code == 200
    assert contact(settings, session) == {'name': 'Bob Lima', 'email': 'bob@example.com', 'phone': None,
                                          'company': None, 'user_id': 'user_bob'}


# -- without a verified user (anonymous tokens, the Masheev flow) ------------------

def test_a_page_user_id_neither_keys_nor_is_refused_without_verification(api, settings):
    # Public inbox, no chat token (the Masheev flow): userId is accepted and not persisted.
    one = opened(api.session(visitor='device-1', customerInfo={'userId': 'usr_123', 'name': 'Jane'}))
    two = opened(api.session(visitor='device-2', customerInfo={'userId': 'usr_123'}))
    assert one['conversationId'] != two['conversationId']
    assert row(settings, one['conversationId'])['user_id'] is None
    assert api.contact(one['sessionToken'], {'userId': 'usr_456', 'name': 'Jane Doe'}).status_code == 200
    assert row(settings, one['conversationId'])['name'] == 'Jane Doe'
    # An anonymous chat token behaves the same way.
    anonymous = opened(device(api, None, visitor='device-3', customerInfo={'userId': 'user_alice'}))
    assert row(settings, anonymous['conversationId'])['user_id'] is None


# -- storage ---------------------------------------------------------------------

def test_a_database_from_before_verified_identity_is_migrated(tmp_path):
    path = str(tmp_path / 'old.sqlite3')
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE tenants (id TEXT PRIMARY KEY, api_key TEXT NOT NULL UNIQUE);
        CREATE TABLE embed_sessions (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, numbers TEXT NOT NULL,
            allowed_origins TEXT NOT NULL, created_at REAL NOT NULL, expires_at REAL NOT NULL,
            token_expires_at REAL NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE conversations (id TEXT PRIMARY KEY, inbox_id TEXT NOT NULL, visitor_id TEXT NOT NULL,
            name TEXT, email TEXT, phone TEXT, company TEXT, consent TEXT NOT NULL DEFAULT '{}',
            created_at REAL NOT NULL, UNIQUE (inbox_id, visitor_id));
        INSERT INTO conversations (id, inbox_id, visitor_id, created_at) VALUES ('conv_old', 'inbox_demo', 'v', 1);
    """)
    db.close()
    store = Store(path)
    try:
        assert store.get_conversation('conv_old').user_id is None
        verified, created = store.get_or_create_conversation('inbox_demo', 'v', 2.0, user_id='user_alice')
        assert created and verified.id != 'conv_old' and verified.user_id == 'user_alice'
        assert store.get_or_create_conversation('inbox_demo', 'v', 3.0)[0].id == 'conv_old'
    finally:
        store.close()
    with pytest.raises(ValueError, match='reserved for verified users'):
        Store().get_or_create_conversation('inbox_demo', 'verified:user_alice', 1.0)


# -- the sample backend (devkit/my_backend.py) ----------------------------------------

def test_the_sample_backend_mints_for_the_signed_in_user():
    site = 'http://127.0.0.1:8000'

    def make(url):
        return create_frame_app(Settings(frame_base_url=url, host_origins=(site,), bot_chunk_delay_seconds=0))
    with serve_on_loopback(make) as port:
        frame = 'http://127.0.0.1:%d' % port
        with TestClient(create_host_app(Settings(frame_base_url=frame, host_origins=(site,)), api_base=frame)) as host:
            tokens = {who: host.post('/my-backend/chat-token', json={'signedInAs': who}) for who in ('alice', 'bob')}
            anonymous = host.post('/my-backend/chat-token')
            unknown = host.post('/my-backend/chat-token', json={'signedInAs': 'mallory'})
            broken = host.post('/my-backend/chat-token', content=b'{', headers={'content-type': 'application/json'})
        assert unknown.status_code == 403 and unknown.text == 'unknown user (the demo knows: alice, bob)'
        assert broken.status_code == 400
        assert anonymous.status_code == 200
        sessions = {}
        for who, response in tokens.items():
            assert response.status_code == 200, response.text
            assert jwt.decode(response.text, options={'verify_signature': False})['uid'] == DEMO_USERS[who]['id']
            for visitor in ('device-1', 'device-2'):
                answer = httpx2.post(frame + '/api/widget/session', json={'inboxId': 'num_1', 'visitorId': visitor},
                                     headers={'authorization': 'Bearer ' + response.text}, timeout=5)
                assert answer.status_code == 200, answer.text
                sessions.setdefault(who, set()).add(answer.json()['conversationId'])
        assert len(sessions['alice']) == 1 and len(sessions['bob']) == 1 and sessions['alice'] != sessions['bob']
        assert 'uid' not in jwt.decode(anonymous.text, options={'verify_signature': False})
