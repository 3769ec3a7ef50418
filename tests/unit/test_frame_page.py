"""The frame kit's side of page tracking: the parent's `page` message becomes
the chat page's `page` event (and getPage()), only when well-formed, on the
verified parent origin, and from the parent window."""
import os
import sys

import pytest

from api_spec import LIMITS

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_frame import PARENT, Env  # noqa: E402  (the frame kit's test environment, reused)

PAGE = {'url': PARENT + '/products/42', 'title': 'Product 42'}


@pytest.fixture
def env():
    return Env()


def test_a_page_becomes_an_event_and_get_page(env):
    env.activate()
    assert env.api['getPage']() is None
    env.send('page', PAGE)
    assert env.named('page') == [PAGE]
    assert env.api['getPage']() == PAGE
    env.send('page', {'url': PARENT + '/', 'title': ''})
    assert env.named('page')[1] == {'url': PARENT + '/', 'title': ''}
    assert env.types() == ['ready']          # nothing is answered to the parent


def test_a_page_during_verification_is_held_then_delivered_in_order(env):
    env.init()
    env.send('page', PAGE)
    env.send('sendMessage', {'text': 'hi'})
    assert env.named('page') == []
    env.respond(200, {'whatsappNumberIds': [], 'allowedOrigins': [PARENT]})
    assert [name for name, _ in env.events if name in ('init', 'page', 'sendMessage')] == [
        'init', 'page', 'sendMessage']


@pytest.mark.parametrize('payload', [
    None,
    'https://shop.example/',
    {},
    {'url': PARENT + '/x'},                                   # title missing
    {'title': 'x'},                                           # url missing
    {'url': '', 'title': 'x'},                                # empty url
    {'url': 7, 'title': 'x'},
    {'url': PARENT + '/x', 'title': 7},
    {'url': PARENT + '/' + 'p' * LIMITS['pageUrlMax'], 'title': 'x'},
    {'url': PARENT + '/x', 'title': 't' * (LIMITS['pageTitleMax'] + 1)},
    {'url': 'https://evil.example/x', 'title': 'x'},          # not the parent's origin
    {'url': PARENT + '.evil.io/x', 'title': 'x'},             # look-alike origin
    {'url': 'javascript:alert(1)', 'title': 'x'},
    {'url': 'not a url', 'title': 'x'},
])
def test_bad_pages_are_ignored(env, payload):
    env.activate()
    env.send('page', payload)
    assert env.named('page') == []
    assert env.api['getPage']() is None


def test_a_page_from_another_origin_or_window_is_ignored(env):
    env.activate()
    env.send('page', PAGE, origin='https://evil.example')
    env.send('page', PAGE, source='stranger')
    assert env.named('page') == []
    env.send('page', PAGE)                                   # positive control
    assert env.named('page') == [PAGE]


def test_only_declared_fields_reach_the_page(env):
    env.activate()
    env.send('page', dict(PAGE, token='leak', __proto__={'polluted': True}))
    assert env.named('page') == [PAGE]


def test_stop_forgets_the_page(env):
    env.activate()
    env.send('page', PAGE)
    env.api['stop']()
    assert env.api['getPage']() is None
