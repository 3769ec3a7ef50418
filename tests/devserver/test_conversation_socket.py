"""WS /ws/conversation/{id}: auth (close 4401), ping/pong, fan-out, bounded send buffers."""
from __future__ import annotations

import jwt
import pytest
from starlette.websockets import WebSocketDisconnect

from devkit.hub import CLOSE_TOO_SLOW, Hub


def assert_closed_4401(ws):
    with pytest.raises(WebSocketDisconnect) as closed:
        ws.receive_json()
    assert closed.value.code == 4401
    assert closed.value.reason == 'Invalid or expired session'


def test_bad_token_is_closed_with_4401(api):
    session = api.open_session()
    for token in ('nope', '', api.mint()['token']):
        with api.socket(session['conversationId'], token) as ws:
            assert_closed_4401(ws)


def test_missing_token_is_closed_with_4401(api):
    session = api.open_session()
    with api.client.websocket_connect(f'/ws/conversation/{session["conversationId"]}') as ws:
        assert_closed_4401(ws)


def test_token_of_another_conversation_is_closed_with_4401(api):
    mine = api.open_session(visitor='v-1')
    theirs = api.open_session(visitor='v-2')
    with api.socket(theirs['conversationId'], mine['sessionToken']) as ws:
        assert_closed_4401(ws)
    with api.socket('conv_does_not_exist', mine['sessionToken']) as ws:
        assert_closed_4401(ws)


def test_expired_token_is_closed_with_4401(api, clock, settings):
    session = api.open_session()
    clock.advance(settings.widget_session_ttl_seconds)
    with api.socket(session['conversationId'], session['sessionToken']) as ws:
        assert_closed_4401(ws)


def test_ping_pong_and_junk_is_ignored(api):
    session = api.open_session()
    with api.socket(session['conversationId'], session['sessionToken']) as ws:
        ws.send_text('not json')
        ws.send_text('[1, 2]')
        ws.send_json({'type': 'subscribe'})
        ws.send_bytes(b'\x00\x01')
        ws.send_text('{"type": "ping", "pad": "' + 'x' * 5000 + '"}')  # oversized: ignored
        ws.send_json({'type': 'ping'})
        assert ws.receive_json() == {'type': 'pong'}
        ws.send_json({'type': 'ping'})
        assert ws.receive_json() == {'type': 'pong'}


def test_ping_rechecks_the_session(api):
    token = api.mint()['token']
    session = api.open_session(inbox='num_1', chat_token=token)
    with api.socket(session['conversationId'], session['sessionToken']) as ws:
        ws.send_json({'type': 'ping'})
        assert ws.receive_json() == {'type': 'pong'}
        api.store.revoke_embed_session(jwt.decode(token, options={'verify_signature': False})['sid'])
        ws.send_json({'type': 'ping'})
        assert_closed_4401(ws)


def test_every_socket_of_the_conversation_gets_the_frames(api):
    session = api.open_session()
    other = api.open_session(visitor='v-other')
    with api.socket(session['conversationId'], session['sessionToken']) as one, \
            api.socket(session['conversationId'], session['sessionToken']) as two, \
            api.socket(other['conversationId'], other['sessionToken']) as elsewhere:
        assert api.devkit.hub.connections(session['conversationId']) == 2
        api.message(session['sessionToken'], 'hi', client_message_id='c-1')
        first_one, first_two = one.receive_json(), two.receive_json()
        assert first_one == first_two
        assert first_one['payload']['clientMessageId'] == 'c-1'
        elsewhere.send_json({'type': 'ping'})
        assert elsewhere.receive_json() == {'type': 'pong'}  # nothing from the other conversation
    assert api.devkit.hub.connections(session['conversationId']) == 0


def test_hub_closes_a_socket_whose_buffer_is_full():
    hub = Hub(limit=3)
    slow = hub.join('conv')
    assert hub.publish('conv', {'n': 1}) == 1
    assert hub.publish('conv', {'n': 2}) == 1
    assert hub.publish('conv', {'n': 3}) == 1
    assert hub.publish('conv', {'n': 4}) == 0  # full: the socket is closed rather than queueing more
    assert slow.close_code == CLOSE_TOO_SLOW
    assert len(slow.frames) == 0
    assert hub.publish('conv', {'n': 5}) == 0
    fast = hub.join('conv')
    assert hub.publish('conv', {'n': 6}) == 1
    assert list(fast.frames) == [{'n': 6}]
    hub.leave('conv', slow)
    hub.leave('conv', fast)
    assert hub.connections('conv') == 0
    assert hub.publish('conv', {'n': 7}) == 0
