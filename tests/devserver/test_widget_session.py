"""POST /api/widget/session: create, resume, inbox scope, bot check, consent, customerInfo."""
from __future__ import annotations

import jwt
import pytest

from devkit.tokens import WIDGET_AUDIENCE

from .conftest import START


def test_new_session_on_the_public_inbox(api, settings):
    data = api.open_session()
    assert set(data) == {'sessionToken', 'conversationId', 'greeting', 'disclosure', 'isResumed'}
    assert data['isResumed'] is False
    assert data['greeting'] == 'Hello! How can I help you today?'
    assert data['disclosure'] == "You're chatting with Pilot, an AI assistant for Pilot Status Demo."
    claims = jwt.decode(data['sessionToken'], settings.widget_secret, algorithms=['HS256'], audience=WIDGET_AUDIENCE,
                        options={'verify_exp': False, 'verify_iat': False})
    assert claims['cid'] == data['conversationId']
    assert claims['inb'] == 'inbox_demo'
    assert claims['exp'] == int(START) + settings.widget_session_ttl_seconds
    assert 'sid' not in claims


def test_same_visitor_resumes_the_conversation(api):
    first = api.open_session(visitor='v-1')
    again = api.open_session(visitor='v-1')
    assert again['conversationId'] == first['conversationId']
    assert again['isResumed'] is True
    assert again['greeting'] is None
    assert again['disclosure'] is None
    other = api.open_session(visitor='v-2')
    assert other['conversationId'] != first['conversationId']
    assert other['isResumed'] is False


def test_unknown_inbox(api):
    response = api.session(inbox='inbox_nope')
    assert response.status_code == 404
    assert response.json() == {'error': 'Inbox not found'}


@pytest.mark.parametrize('payload, error', [
    ({'visitorId': 'v'}, 'inboxId must be a non-empty id string'),
    ({'inboxId': 'inbox_demo'}, 'visitorId must be a non-empty id string'),
    ({'inboxId': 'inbox_demo', 'visitorId': ''}, 'visitorId must be a non-empty id string'),
    ({'inboxId': 'inbox_demo', 'visitorId': 'v' * 129}, 'visitorId must be a non-empty id string'),
    ({'inboxId': 'inbox_demo', 'visitorId': 'v', 'customerInfo': 'Jane'}, 'customerInfo must be an object'),
    ({'inboxId': 'inbox_demo', 'visitorId': 'v', 'consent': True}, 'consent must be an object'),
    ({'inboxId': 'inbox_demo', 'visitorId': 'v', 'consent': {}}, 'consent.timestamp must be an ISO-8601 timestamp'),
    ({'inboxId': 'inbox_demo', 'visitorId': 'v', 'consent': {'timestamp': 'yesterday, noon'}},
     'consent.timestamp must be an ISO-8601 timestamp'),
])
def test_session_validation(client, payload, error):
    response = client.post('/api/widget/session', json=payload)
    assert response.status_code == 400
    assert response.json() == {'error': error}


# -- inbox scope of the chat token ---------------------------------------------

def test_number_inbox_needs_a_chat_token(api):
    response = api.session(inbox='num_1')
    assert response.status_code == 401
    assert response.json() == {'error': 'This inbox needs a chat token', 'code': 'token-required'}


def test_chat_token_scopes_the_inbox(api, settings):
    token = api.mint(nums=['num_1'])['token']
    response = api.session(inbox='num_1', chat_token=token)
    assert response.status_code == 200
    claims = jwt.decode(response.json()['sessionToken'], settings.widget_secret, algorithms=['HS256'],
                        audience=WIDGET_AUDIENCE, options={'verify_exp': False, 'verify_iat': False})
    assert claims['inb'] == 'num_1' and claims['sid'].startswith('es_')
    for inbox in ('num_2', 'inbox_demo'):
        response = api.session(inbox=inbox, chat_token=token)
        assert response.status_code == 403
        assert response.json() == {'error': 'Inbox not allowed for this token', 'code': 'inbox-not-allowed'}


def test_bad_chat_token_on_session_creation(api, clock):
    token = api.mint()['token']
    response = api.session(inbox='num_1', chat_token='garbage')
    assert response.status_code == 401
    assert response.json() == {'error': 'Invalid token', 'code': 'token-invalid'}
    clock.advance(60)
    response = api.session(inbox='num_1', chat_token=token)
    assert response.status_code == 401
    assert response.json() == {'error': 'Token expired', 'code': 'token-expired'}


def test_revoking_the_embed_session_cuts_the_widget_session(api, settings):
    token = api.mint()['token']
    session = api.open_session(inbox='num_1', chat_token=token)
    assert api.history(session['sessionToken']).status_code == 200
    api.store.revoke_embed_session(jwt.decode(token, options={'verify_signature': False})['sid'])
    response = api.history(session['sessionToken'])
    assert response.status_code == 401
    assert response.json() == {'error': 'Invalid or expired session'}


def test_widget_session_from_chat_token_ends_with_the_embed_session(api, settings):
    token = api.mint()['token']
    session = api.open_session(inbox='num_1', chat_token=token)
    claims = jwt.decode(session['sessionToken'], options={'verify_signature': False})
    assert claims['exp'] == int(START) + 600  # the embed session's absolute end, not 24 h


# -- bot check ---------------------------------------------------------------

@pytest.mark.parametrize('settings_overrides', [{'turnstile_secret': 'dev-secret'}])
@pytest.mark.parametrize('turnstile, ok', [(None, False), ('', False), ('wrong', False), (123, False),
                                           ('XXXX.DUMMY.TOKEN.XXXX', True)])
def test_turnstile_stand_in(api, turnstile, ok):
    extra = {} if turnstile is None else {'turnstileToken': turnstile}
    response = api.session(**extra)
    if ok:
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert response.json() == {'error': 'Bot check failed'}


def test_no_bot_check_without_a_turnstile_secret(api):
    assert api.session(turnstileToken='anything').status_code == 200


# -- consent and customerInfo ---------------------------------------------------

def test_consent_is_merged_into_the_contact(api):
    data = api.open_session(customerInfo={'name': 'Jane'})
    conversation_id = data['conversationId']
    api.store.merge_consent(conversation_id, {'marketing': False, 'dataProcessing': False})
    api.open_session(consent={'timestamp': '2025-01-15T10:30:00.000Z'})
    conversation = api.store.get_conversation(conversation_id)
    assert conversation.consent == {'marketing': False, 'dataProcessing': True,
                                    'dataProcessingAt': '2025-01-15T10:30:00.000Z'}
    assert conversation.name == 'Jane'  # consent touches nothing else


def test_no_consent_no_consent_record(api):
    conversation = api.store.get_conversation(api.open_session()['conversationId'])
    assert conversation.consent == {}


def test_customer_info_is_sanitised(api):
    data = api.open_session(customerInfo={'name': '  Jane  ', 'email': ' jane@example.com ', 'phone': '(11) 98765-4321',
                                          'company': 42})
    conversation = api.store.get_conversation(data['conversationId'])
    assert (conversation.name, conversation.email, conversation.phone, conversation.company) == \
        ('Jane', 'jane@example.com', '+5511987654321', None)
    # Resuming with more info fills it in; empty values change nothing.
    api.open_session(customerInfo={'name': '', 'company': 'Acme'})
    conversation = api.store.get_conversation(data['conversationId'])
    assert (conversation.name, conversation.company) == ('Jane', 'Acme')
