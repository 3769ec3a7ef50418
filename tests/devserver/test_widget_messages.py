"""POST /api/widget/message (idempotency, streamed reply over the WebSocket) and the history endpoint."""
from __future__ import annotations

import asyncio

import httpx2
import pytest

from devkit import Settings, create_api_app
from devkit.bot import reply_text, word_chunks

from .conftest import START, FakeClock

SENTENCE = Settings.bot_sentence


def expected_reply(content):
    return reply_text(content, SENTENCE)


def read_until_final_ai(ws, limit=200):
    frames = []
    for _ in range(limit):
        frame = ws.receive_json()
        frames.append(frame)
        payload = frame['payload']
        if payload['sender']['type'] == 'ai' and not payload['streaming']:
            return frames
    raise AssertionError('no final AI frame')


def assert_quiet(ws):
    """Nothing else queued on the socket: the pong comes back first."""
    ws.send_json({'type': 'ping'})
    assert ws.receive_json() == {'type': 'pong'}


def test_reply_is_deterministic(api):
    session = api.open_session()
    response = api.message(session['sessionToken'], 'hello there')
    assert response.status_code == 200
    assert response.json() == {'content': f'You said: "hello there". {SENTENCE}'}


def test_websocket_streams_user_frame_then_reply(api):
    session = api.open_session()
    with api.socket(session['conversationId'], session['sessionToken']) as ws:
        assert api.message(session['sessionToken'], 'where is my order?', client_message_id='c-1').status_code == 200
        frames = read_until_final_ai(ws)
        assert_quiet(ws)

    assert all(frame['type'] == 'message.new' for frame in frames)
    user, *streaming, final = [frame['payload'] for frame in frames]
    assert user['sender'] == {'type': 'user'}
    assert user['content'] == 'where is my order?'
    assert user['clientMessageId'] == 'c-1'
    assert user['streaming'] is False
    assert isinstance(user['seq'], int)

    text = expected_reply('where is my order?')
    assert len(streaming) >= 2
    assert [p['content'] for p in streaming] == word_chunks(text)
    assert {p['messageId'] for p in streaming} == {final['messageId']}
    assert all(p['streaming'] is True and p['sender'] == {'type': 'ai'} for p in streaming)
    for shorter, longer in zip(streaming, streaming[1:], strict=False):
        assert longer['content'].startswith(shorter['content']) and len(longer['content']) > len(shorter['content'])
    assert final['streaming'] is False
    assert final['content'] == text
    assert final['seq'] > user['seq']
    assert final['messageId'] != user['messageId']
    assert 'clientMessageId' not in final


def test_retry_with_the_same_client_message_id_is_not_duplicated(api):
    session = api.open_session()
    token = session['sessionToken']
    with api.socket(session['conversationId'], token) as ws:
        first = api.message(token, 'hi', client_message_id='c-1')
        assert first.status_code == 200
        read_until_final_ai(ws)
        again = api.message(token, 'hi', client_message_id='c-1')
        assert again.status_code == 200
        assert again.json() == first.json()
        assert_quiet(ws)  # no second user frame, no second reply
    messages = api.history(token).json()['messages']
    assert [(m['role'], m['clientMessageId']) for m in messages] == [('user', 'c-1'), ('ai', None)]


def test_client_message_ids_are_per_conversation(api):
    one = api.open_session(visitor='v-1')['sessionToken']
    two = api.open_session(visitor='v-2')['sessionToken']
    api.message(one, 'hi', client_message_id='c-1')
    api.message(two, 'hi', client_message_id='c-1')
    assert len(api.history(one).json()['messages']) == 2
    assert len(api.history(two).json()['messages']) == 2


def test_reused_client_message_id_with_other_content_conflicts(api):
    token = api.open_session()['sessionToken']
    api.message(token, 'hi', client_message_id='c-1')
    response = api.message(token, 'something else', client_message_id='c-1')
    assert response.status_code == 409
    assert response.json() == {'error': 'clientMessageId was already used for a different message'}


def test_messages_without_client_id_are_all_kept(api):
    token = api.open_session()['sessionToken']
    api.message(token, 'hi')
    api.message(token, 'hi')
    assert [m['role'] for m in api.history(token).json()['messages']] == ['user', 'ai', 'user', 'ai']


@pytest.mark.parametrize('payload, error', [
    ({}, 'content must be a non-empty string'),
    ({'content': ''}, 'content must be a non-empty string'),
    ({'content': '   '}, 'content must be a non-empty string'),
    ({'content': 5}, 'content must be a non-empty string'),
    ({'content': 'x' * 4001}, 'content must be at most 4000 characters'),
    ({'content': 'hi', 'clientMessageId': ''}, 'clientMessageId must be a non-empty id string'),
    ({'content': 'hi', 'clientMessageId': 7}, 'clientMessageId must be a non-empty id string'),
])
def test_message_validation(api, payload, error):
    token = api.open_session()['sessionToken']
    response = api.client.post('/api/widget/message', headers={'authorization': f'Bearer {token}'}, json=payload)
    assert response.status_code == 400
    assert response.json() == {'error': error}


def test_long_replies_are_streamed_in_bounded_chunks(api):
    session = api.open_session()
    content = ' '.join(['word'] * 700)
    with api.socket(session['conversationId'], session['sessionToken']) as ws:
        assert api.message(session['sessionToken'], content).status_code == 200
        frames = read_until_final_ai(ws)
    assert len(frames) <= 1 + 64 + 1
    assert frames[-1]['payload']['content'] == expected_reply(content)


@pytest.mark.parametrize('headers, error', [
    ({}, 'Missing session token'),
    ({'authorization': 'Bearer'}, 'Missing session token'),
    ({'authorization': 'Bearer nope'}, 'Invalid or expired session'),
    ({'authorization': 'Basic abc'}, 'Invalid or expired session'),
])
def test_message_and_history_need_a_session(client, headers, error):
    for response in (client.post('/api/widget/message', headers=headers, json={'content': 'hi'}),
                     client.get('/api/widget/messages', headers=headers)):
        assert response.status_code == 401
        assert response.json() == {'error': error}


def test_chat_token_is_not_a_session_token(api):
    chat = api.mint()['token']
    response = api.message(chat, 'hi')
    assert response.status_code == 401
    assert response.json() == {'error': 'Invalid or expired session'}


# -- history ---------------------------------------------------------------------

def test_history_after_seq(api, clock):
    token = api.open_session()['sessionToken']
    api.message(token, 'one', client_message_id='c-1')
    clock.advance(1.5)
    api.message(token, 'two')
    messages = api.history(token).json()['messages']
    assert [m['role'] for m in messages] == ['user', 'ai', 'user', 'ai']
    assert [m['content'] for m in messages] == ['one', expected_reply('one'), 'two', expected_reply('two')]
    seqs = [m['seq'] for m in messages]
    assert seqs == sorted(seqs) and len(set(seqs)) == 4
    assert set(messages[0]) == {'messageId', 'seq', 'role', 'content', 'clientMessageId', 'createdAt'}
    assert messages[0]['clientMessageId'] == 'c-1'
    assert messages[0]['createdAt'] == '2027-01-15T08:00:00.000Z'
    assert messages[2]['createdAt'] == '2027-01-15T08:00:01.500Z'
    assert api.history(token, after=seqs[1]).json()['messages'] == messages[2:]
    assert api.history(token, after=seqs[-1]).json()['messages'] == []


def test_history_is_per_conversation(api):
    one = api.open_session(visitor='v-1')['sessionToken']
    two = api.open_session(visitor='v-2')['sessionToken']
    api.message(one, 'secret')
    assert api.history(two).json() == {'messages': []}


@pytest.mark.parametrize('after', ['-1', 'abc', '1.5', '', '１'])
def test_history_rejects_bad_after(api, after):
    token = api.open_session()['sessionToken']
    response = api.history(token, after=after)
    assert response.status_code == 400
    assert response.json() == {'error': 'after must be a non-negative integer'}


# -- concurrency: in-flight replies ----------------------------------------------------

def test_concurrent_retry_shares_the_in_flight_reply_and_history_shows_only_finished_replies():
    async def scenario():
        app = create_api_app(Settings(now=FakeClock(START), bot_chunk_delay_seconds=0.002))
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url='http://devkit') as client:
            session = (await client.post('/api/widget/session',
                                         json={'inboxId': 'inbox_demo', 'visitorId': 'v'})).json()
            headers = {'authorization': f'Bearer {session["sessionToken"]}'}
            send = client.post('/api/widget/message', headers=headers, json={'content': 'hi', 'clientMessageId': 'c'})
            first = asyncio.ensure_future(send)
            for _ in range(200):  # wait for the user message to be stored (the reply is still streaming)
                messages = (await client.get('/api/widget/messages', headers=headers)).json()['messages']
                if messages:
                    break
                await asyncio.sleep(0.001)
            assert [m['role'] for m in messages] == ['user']  # the streaming AI message is not history yet
            retry = await client.post('/api/widget/message', headers=headers,
                                      json={'content': 'hi', 'clientMessageId': 'c'})
            done = await first
            final = (await client.get('/api/widget/messages', headers=headers)).json()['messages']
            return done.json(), retry.json(), final

    done, retry, final = asyncio.run(scenario())
    assert done == retry == {'content': expected_reply('hi')}
    assert [m['role'] for m in final] == ['user', 'ai']
