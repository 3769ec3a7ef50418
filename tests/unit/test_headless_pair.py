"""The headless client (CPython, fake platform, virtual clock) against the real
devkit API app in-process (tests/headless_pair.py), for both build profiles:
the two ends of the wire format (sdk_src/wire.py) agree, end to end."""
import contextlib

import pytest

import profiles
from headless_errors import code_for_status
from headless_pair import HeadlessPair
from wire import CONTACT_PATH, MESSAGE_PATH, SESSION_PATH

PROFILES = sorted(profiles.PROFILES)


def requests(pair, path):
    return [line for line in pair.platform.log if line.startswith('request ') and line.endswith(path)]


@pytest.fixture(params=PROFILES)
def profile_id(request):
    return request.param


@contextlib.contextmanager
def connected(profile_id, **settings):
    with HeadlessPair(profile_id, **settings) as pair:
        pair.api['createSession'](pair.ok('session'), pair.err('session'))
        pair.settle()
        assert pair.state()['connectionStatus'] == 'connected', pair.state()
        yield pair


def test_session_create_resolves_and_connects(profile_id):
    with HeadlessPair(profile_id) as pair:
        pair.api['createSession'](pair.ok('session'), pair.err('session'))
        pair.settle()
        state = pair.state()
        assert pair.failures == []
        assert [label for label, _ in pair.results] == ['session']
        session = pair.results[0][1]
        assert session['sessionToken'] and session['conversationId'] == state['session']['conversationId']
        assert state['connectionStatus'] == 'connected' and state['isConnected'] is True
        assert state['isResumed'] is False and state['error'] is None and state['errorCode'] is None


def test_send_and_the_streamed_reply_end_in_order_and_deduplicated(profile_id):
    with connected(profile_id) as pair:
        pair.api['sendMessage']('hello there', pair.ok('send'), pair.err('send'))
        pair.settle()
        assert pair.failures == [] and ('send', None) in pair.results
        messages = pair.state()['messages']
        users = [m for m in messages if m['role'] == 'user']
        ais = [m for m in messages if m['role'] == 'ai' and m['id'] != 'greeting']
        assert [m['content'] for m in users] == ['hello there']
        assert not users[0]['id'].startswith('c_'), 'the server echo replaces the local message'
        assert len(ais) == 1 and 'hello there' in ais[0]['content'] and 'isLoading' not in ais[0]
        assert messages.index(users[0]) < messages.index(ais[0])
        assert pair.state()['isLoading'] is False
        assert len(requests(pair, MESSAGE_PATH)) == 1


def test_history_of_a_resumed_session(profile_id):
    with connected(profile_id) as pair:
        pair.api['sendMessage']('first', pair.ok('send'), pair.err('send'))
        pair.settle()
        before = [(m['role'], m['content']) for m in pair.state()['messages'] if m['id'] != 'greeting']
        storage = dict(pair.platform.storage)
    # The same browser later (same visitorId, same server): the conversation is resumed.
    with HeadlessPair(profile_id, devkit=pair.devkit) as other:
        other.platform.storage.update(storage)
        other.api['createSession'](other.ok('session'), other.err('session'))
        other.settle()
        state = other.state()
        assert state['isResumed'] is True
        assert [(m['role'], m['content']) for m in state['messages']] == before
        assert len(before) == 2


def test_reconnect_after_a_drop_fetches_what_was_missed(profile_id):
    with connected(profile_id) as pair:
        pair.advance(2000)    # stable: the attempt counter resets
        pair.drop_sockets()
        assert pair.state()['connectionStatus'] == 'error'
        pair.advance(60000)   # the backoff timer fires; the new socket opens
        assert pair.state()['connectionStatus'] == 'connected'
        assert len(pair.platform.pair_sockets) == 2
        pair.api['sendMessage']('after the drop', pair.ok('send'), pair.err('send'))
        pair.settle()
        assert pair.failures == []
        assert [m['content'] for m in pair.state()['messages'] if m['role'] == 'user'] == ['after the drop']


def test_update_contact_and_429_honours_retry_after(profile_id):
    with connected(profile_id, contact_rate_limit=1, contact_rate_window_seconds=30) as pair:
        pair.api['updateContact']({'name': 'Jane'}, pair.ok('first'), pair.err('first'))
        pair.settle()
        assert ('first', None) in pair.results
        pair.api['updateContact']({'email': 'jane@example.com'}, pair.ok('second'), pair.err('second'))
        pair.settle()
        assert len(requests(pair, CONTACT_PATH)) == 2 and pair.failures == []
        assert not any(label == 'second' for label, _ in pair.results), 'rate limited: waits'
        pair.advance(29000)
        assert len(requests(pair, CONTACT_PATH)) == 2, 'nothing is sent before Retry-After'
        pair.advance(1000)
        assert len(requests(pair, CONTACT_PATH)) == 3
        assert ('second', None) in pair.results and pair.failures == []


@pytest.mark.parametrize('inbox, code', [('num_1', 'auth'), ('no-such-inbox', 'not-found')])
def test_session_failures_carry_their_code(profile_id, inbox, code):
    with HeadlessPair(profile_id, {'inboxId': inbox}) as pair:
        pair.api['sendMessage']('hi', pair.ok('send'), pair.err('send'))
        pair.settle()
        assert [(label, c) for label, _, c in pair.failures] == [('send', code)]
        assert pair.failures[0][1] == pair.state()['error'] and pair.state()['errorCode'] == code
        assert pair.failures[0][1] in ('This inbox needs a chat token', 'Inbox not found')


def test_a_server_error_is_coded_server(profile_id):
    with HeadlessPair(profile_id) as pair:
        def broken(*args):
            raise RuntimeError('database is gone')
        pair.devkit.store.get_inbox = broken
        pair.api['createSession'](pair.ok('session'), pair.err('session'))
        pair.settle()
        assert pair.failures == [('session', 'Internal server error', 'server')]
        assert pair.state()['errorCode'] == 'server'
        assert len(requests(pair, SESSION_PATH)) == 1


def test_an_expired_token_is_renewed_not_reported(profile_id):
    with connected(profile_id, widget_session_ttl_seconds=60) as pair:
        first = pair.state()['session']['sessionToken']
        pair.advance(120000)   # the token expired; the next ping is refused with 4401, the client renews
        pair.api['sendMessage']('still there?', pair.ok('send'), pair.err('send'))
        pair.settle()
        assert pair.failures == [] and ('send', None) in pair.results
        assert pair.state()['session']['sessionToken'] != first
        assert pair.state()['connectionStatus'] == 'connected'


@pytest.mark.parametrize('status, code', [(0, 'network'), (400, 'request-failed'), (401, 'auth'), (403, 'auth'),
                                          (404, 'not-found'), (408, 'timeout'), (409, 'request-failed'),
                                          (429, 'rate-limited'), (500, 'server'), (503, 'server'),
                                          (504, 'timeout')])
def test_code_for_status(status, code):
    assert code_for_status(status) == code
