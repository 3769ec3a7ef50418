"""PATCH /api/widget/contact, exactly as the Masheev spec words it."""
from __future__ import annotations

import jwt
import pytest

from .conftest import START


@pytest.fixture
def session(api):
    return api.open_session()


def contact_of(api, session):
    c = api.store.get_conversation(session['conversationId'])
    return {'name': c.name, 'email': c.email, 'phone': c.phone, 'company': c.company}


def test_fields_are_trimmed_and_saved(api, session):
    response = api.contact(session['sessionToken'], {'name': '  Jane Doe ', 'email': '\tjane@example.com\n',
                                                     'phone': '+1 415-555-2671', 'company': ' Acme Inc '})
    assert response.status_code == 200
    assert response.json() == {'success': True}
    assert contact_of(api, session) == {'name': 'Jane Doe', 'email': 'jane@example.com', 'phone': '+14155552671',
                                        'company': 'Acme Inc'}


def test_strings_are_capped_at_255_characters(api, session):
    api.contact(session['sessionToken'], {'name': ' ' + 'n' * 300, 'email': 'e' * 256, 'company': 'c' * 255})
    saved = contact_of(api, session)
    assert saved['name'] == 'n' * 255
    assert saved['email'] == 'e' * 255
    assert saved['company'] == 'c' * 255


@pytest.mark.parametrize('raw, e164', [
    ('+14155552671', '+14155552671'),
    ('+55 11 98765-4321', '+5511987654321'),
    ('(11) 98765-4321', '+5511987654321'),   # national number: default region BR
    (' 011 98765 4321 ', '+5511987654321'),
    ('+44 20 7946 0958', '+442079460958'),
])
def test_phone_is_normalised_to_e164(api, session, raw, e164):
    assert api.contact(session['sessionToken'], {'phone': raw}).status_code == 200
    assert contact_of(api, session)['phone'] == e164


@pytest.mark.parametrize('raw', ['123', 'not a phone', '+1 555 000', '+999 1234567', '9' * 80])
def test_invalid_phone_is_silently_ignored(api, session, raw):
    api.contact(session['sessionToken'], {'phone': '+14155552671'})
    response = api.contact(session['sessionToken'], {'phone': raw, 'name': 'Jane'})
    assert response.status_code == 200
    assert response.json() == {'success': True}
    assert contact_of(api, session) == {'name': 'Jane', 'email': None, 'phone': '+14155552671', 'company': None}


@pytest.mark.parametrize('payload', [
    {}, {'name': ''}, {'name': '   '}, {'email': '', 'company': ' '}, {'phone': 'nope'}, {'name': 42},
    {'name': None}, {'name': ['Jane']}, {'userId': 'usr_123'}, {'customAttributes': {'plan': 'pro'}},
    [], 'Jane', None,
])
def test_no_valid_fields(api, session, payload):
    response = api.contact(session['sessionToken'], payload)
    assert response.status_code == 400
    assert response.json() == {'error': 'No valid fields to update'}


def test_only_given_fields_change_and_user_id_is_not_persisted(api, session):
    api.contact(session['sessionToken'], {'name': 'Jane', 'company': 'Acme'})
    api.contact(session['sessionToken'], {'email': 'jane@example.com', 'name': '', 'userId': 'usr_123'})
    assert contact_of(api, session) == {'name': 'Jane', 'email': 'jane@example.com', 'phone': None, 'company': 'Acme'}
    row = api.store._db.execute('SELECT * FROM conversations WHERE id = ?', (session['conversationId'],)).fetchone()
    assert 'usr_123' not in [value for value in tuple(row)]


def test_missing_session_token(client):
    response = client.patch('/api/widget/contact', json={'name': 'Jane'})
    assert response.status_code == 401
    assert response.json() == {'error': 'Missing session token'}


@pytest.mark.parametrize('authorization', ['Bearer nope', 'Basic Zm9vOmJhcg==', 'Token abc', 'Bearer a.b.c'])
def test_invalid_session_token(client, authorization):
    response = client.patch('/api/widget/contact', headers={'authorization': authorization}, json={'name': 'Jane'})
    assert response.status_code == 401
    assert response.json() == {'error': 'Invalid or expired session'}


def test_expired_and_forged_session_tokens(api, session, clock, settings):
    claims = jwt.decode(session['sessionToken'], options={'verify_signature': False})
    forged = jwt.encode(claims, 'x' * 48, algorithm='HS256')
    response = api.contact(forged, {'name': 'Jane'})
    assert response.json() == {'error': 'Invalid or expired session'}
    clock.advance(settings.widget_session_ttl_seconds)
    response = api.contact(session['sessionToken'], {'name': 'Jane'})
    assert response.status_code == 401
    assert response.json() == {'error': 'Invalid or expired session'}
    assert claims['exp'] == int(START) + settings.widget_session_ttl_seconds


def test_rate_limit_is_five_per_minute_per_session(api, session, clock):
    token = session['sessionToken']
    for i in range(5):
        assert api.contact(token, {'name': f'Jane {i}'}).status_code == 200
        clock.advance(1)
    response = api.contact(token, {'name': 'Jane 6'})
    assert response.status_code == 429
    assert response.json() == {'error': 'Too many requests'}
    assert response.headers['retry-after'] == '55'  # the first call leaves the window at 60 s
    assert contact_of(api, session)['name'] == 'Jane 4'
    # Another session is not affected.
    other = api.open_session(visitor='v-other')['sessionToken']
    assert api.contact(other, {'name': 'Joe'}).status_code == 200
    # A sliding window: one slot frees up when the first call is a minute old.
    clock.advance(55)
    assert api.contact(token, {'name': 'Jane 7'}).status_code == 200
    assert api.contact(token, {'name': 'Jane 8'}).status_code == 429


def test_rejected_requests_count_too_and_resuming_does_not_reset(api, session):
    token = session['sessionToken']
    for _ in range(5):
        assert api.contact(token, {}).status_code == 400
    resumed = api.open_session()['sessionToken']  # same visitor: same conversation, new token
    assert api.contact(resumed, {'name': 'Jane'}).status_code == 429
