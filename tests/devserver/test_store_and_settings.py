"""Store (seeding, persistence, live origins, rate limit), Settings, the bot's chunking."""
from __future__ import annotations

import sqlite3

import pytest

from devkit import Settings, Store, live_allowed_origins
from devkit.bot import reply_text, word_chunks

from .conftest import HOST


# -- live allowed origins (CSP frame-ancestors) ------------------------------------

def test_live_allowed_origins(api, app, clock):
    assert live_allowed_origins(app) == []
    first = api.mint(origins=[HOST, 'http://localhost:5173'])
    clock.advance(30)
    api.mint(origins=['https://b.example.com', HOST])
    assert api.devkit.live_allowed_origins() == ['http://localhost:5173', HOST, 'https://b.example.com']
    clock.advance(30)  # the first session's token expired, unrefreshed
    assert live_allowed_origins(app) == [HOST, 'https://b.example.com']
    assert api.client.post('/v1/embed/sessions/refresh',
                           headers={'authorization': f'Bearer {first["token"]}'}).status_code == 401


def test_live_allowed_origins_follow_refresh_and_revocation(api, app, clock):
    import jwt

    token = api.mint(origins=['https://a.example.com'])['token']
    for _ in range(3):
        clock.advance(50)
        response = api.client.post('/v1/embed/sessions/refresh', headers={'authorization': f'Bearer {token}'})
        token = response.json()['token']
    assert live_allowed_origins(app) == ['https://a.example.com']
    api.store.revoke_embed_session(jwt.decode(token, options={'verify_signature': False})['sid'])
    assert live_allowed_origins(app) == []


def test_live_allowed_origins_end_at_the_absolute_lifetime(api, app, clock):
    token = api.mint(origins=['https://a.example.com'])['token']
    while True:
        clock.advance(55)
        response = api.client.post('/v1/embed/sessions/refresh', headers={'authorization': f'Bearer {token}'})
        if response.status_code != 200:
            break
        token = response.json()['token']
        assert live_allowed_origins(app) == ['https://a.example.com']
    assert live_allowed_origins(app) == []


# -- store ------------------------------------------------------------------------

def test_seed_is_idempotent_and_file_databases_persist(tmp_path):
    path = str(tmp_path / 'devkit.db')
    settings = Settings(db_path=path, api_key='ps_file_key')
    store = Store(path)
    store.seed(settings)
    store.seed(settings)
    conversation, created = store.get_or_create_conversation('inbox_demo', 'v', 1.0)
    assert created
    store.close()

    reopened = Store(path)
    reopened.seed(settings)
    assert reopened.tenant_for_api_key('ps_file_key') == 'tenant_demo'
    assert [n['id'] for n in reopened.list_numbers('tenant_demo')] == ['num_1', 'num_2']
    again, created = reopened.get_or_create_conversation('inbox_demo', 'v', 2.0)
    assert not created and again.id == conversation.id
    assert reopened.get_inbox('inbox_demo').public is True
    assert reopened.get_inbox('num_1').public is False
    reopened.close()


def test_rate_limit_bookkeeping():
    store = Store()
    assert [store.rate_limit_hit('k', 2, 10.0, t) for t in (0.0, 1.0)] == [None, None]
    assert store.rate_limit_hit('k', 2, 10.0, 5.0) == 5.0
    assert store.rate_limit_hit('other', 2, 10.0, 5.0) is None
    assert store.rate_limit_hit('k', 2, 10.0, 10.0) is None  # the hit at 0 left the window
    assert store.rate_limit_hit('k', 2, 10.0, 10.5) == 0.5


def test_update_contact_refuses_unknown_columns():
    store = Store()
    with pytest.raises(ValueError):
        store.update_contact('conv', {'consent': '{}'})


def test_failed_transaction_rolls_back_and_releases_the_lock():
    store = Store()
    store.add_tenant('t', 'k')
    with pytest.raises(sqlite3.IntegrityError):
        store.add_number('no_such_tenant', 'n', '+5511999990001', 'x')  # foreign key
    assert store.numbers_owned('no_such_tenant', ['n']) == set()
    assert store.tenant_for_api_key('k') == 't'


# -- settings -----------------------------------------------------------------------

def test_settings_validation():
    with pytest.raises(ValueError):
        Settings(jwt_secret='short')
    with pytest.raises(ValueError):
        Settings(jwt_secret='s' * 40, widget_secret='s' * 40)
    with pytest.raises(ValueError):
        Settings(token_ttl_seconds=0)
    with pytest.raises(ValueError):
        Settings(frame_base_url='http://127.0.0.1:8001/')


def test_settings_from_env():
    settings = Settings.from_env({
        'DEVKIT_API_KEY': 'ps_env', 'DEVKIT_TOKEN_TTL_SECONDS': '30', 'DEVKIT_BOT_CHUNK_DELAY_SECONDS': '0',
        'DEVKIT_HOST_ORIGINS': 'http://127.0.0.1:8000, http://localhost:8000', 'DEVKIT_TURNSTILE_SECRET': '',
        'DEVKIT_DB_PATH': '/tmp/x.db',
    }, contact_rate_limit=3)
    assert settings.api_key == 'ps_env'
    assert settings.token_ttl_seconds == 30
    assert settings.bot_chunk_delay_seconds == 0.0
    assert settings.host_origins == ('http://127.0.0.1:8000', 'http://localhost:8000')
    assert settings.turnstile_secret is None
    assert settings.db_path == '/tmp/x.db'
    assert settings.contact_rate_limit == 3


# -- bot -----------------------------------------------------------------------------

def test_word_chunks():
    assert word_chunks('a bb  ccc') == ['a', 'a bb', 'a bb  ccc']
    assert word_chunks('  lead trail ') == ['  lead', '  lead trail ']
    assert word_chunks('') == ['']
    many = ' '.join(str(i) for i in range(130))
    chunks = word_chunks(many, max_chunks=64)
    assert len(chunks) <= 64 and chunks[-1] == many
    assert all(b.startswith(a) for a, b in zip(chunks, chunks[1:], strict=False))
    assert reply_text('hi', 'Bye.') == 'You said: "hi". Bye.'
