"""Page tracking (SPA navigation) on the parent side: the `page` message the
widget posts to the frame after the handshake and on every change, on the fake
platform (fake_platform.FakePlatform.navigate models pushState / popstate /
hash changes; the real detection is browser_platform.watch_location, covered by
tests/browser/test_spa.py).
"""
import copy
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'parity'))

from api import create_api
from api_spec import LIMITS
from fake_platform import FakePlatform, parse_url
from harness import FRAME_ORIGIN, PROFILE, envelope
from widget_pages import PAGE_POLL_MS, PAGE_SETTLE_MS, page_payload, page_url, route_hash

TOKEN = 'SECRET-TOKEN-0123456789'


class Env:
    def __init__(self):
        self.p = FakePlatform()
        self.api = create_api(PROFILE, self.p)
        self.posts = []
        original = self.p.post_message

        def post_message(frame, message, target_origin):
            self.posts.append((target_origin, copy.deepcopy(message)))
            original(frame, message, target_origin)
        self.p.post_message = post_message

    def init(self, **extra):
        cfg = {'baseUrl': FRAME_ORIGIN, 'token': TOKEN}
        cfg.update(extra)
        self.api['init'](cfg)

    def ready(self):
        self.p.deliver(FRAME_ORIGIN, self.p.frames[-1].window, envelope('ready', {}))

    def types(self):
        return [m['type'] for _, m in self.posts]

    def pages(self):
        return [m['payload'] for _, m in self.posts if m['type'] == 'page']

    def go(self, href, title=None):
        """Navigate, then let the settle timer run."""
        self.p.navigate(href, title)
        self.p.advance(PAGE_SETTLE_MS)


@pytest.fixture
def env():
    e = Env()
    yield e
    for target, message in e.posts:
        assert target == FRAME_ORIGIN
        if message['type'] != 'init':
            assert TOKEN not in repr(message)


def test_first_page_follows_init_before_queued_commands(env):
    env.p.href = 'https://shop.example/products/42?utm_source=mail&email=a@b.c#reviews'
    env.p.title = 'Product 42'
    env.init()
    env.api['sendMessage']('hi')
    assert env.posts == []
    env.ready()
    assert env.types() == ['init', 'page', 'sendMessage']
    assert env.pages() == [{'url': 'https://shop.example/products/42', 'title': 'Product 42'}]


def test_changes_are_posted_once_after_settling_and_deduplicated(env):
    env.init()
    env.ready()
    assert env.pages() == [{'url': 'https://shop.example/', 'title': 'Shop'}]
    env.p.navigate('https://shop.example/cart', None)
    env.p.advance(PAGE_SETTLE_MS - 1)
    assert len(env.pages()) == 1          # waits for the router to set the title
    env.p.title = 'Cart'
    env.p.advance(1)
    assert env.pages()[1:] == [{'url': 'https://shop.example/cart', 'title': 'Cart'}]
    env.go('https://shop.example/cart?step=2')   # only the query changed: same page in "path" mode
    env.go('https://shop.example/cart#top')       # an anchor is not a page
    assert len(env.pages()) == 2
    env.go('https://shop.example/cart', 'Cart (1)')   # the title alone changed
    assert env.pages()[2:] == [{'url': 'https://shop.example/cart', 'title': 'Cart (1)'}]
    assert env.p.pending_timers() == 0


def test_a_flood_of_changes_gives_one_message_per_settle_window(env):
    env.init()
    env.ready()
    for i in range(1000):
        env.p.navigate('https://shop.example/search/' + str(i), 'Search ' + str(i))
    env.p.advance(PAGE_SETTLE_MS)
    assert env.pages()[1:] == [{'url': 'https://shop.example/search/999', 'title': 'Search 999'}]


def test_back_to_a_previous_page_is_posted_again(env):
    env.init()
    env.ready()
    env.go('https://shop.example/a', 'A')
    env.go('https://shop.example/', 'Shop')
    assert [p['url'] for p in env.pages()] == ['https://shop.example/', 'https://shop.example/a',
                                               'https://shop.example/']


def test_full_mode_keeps_query_and_hash(env):
    env.p.href = 'https://shop.example/s?q=shoes#results'
    env.init(pageTracking='full')
    env.ready()
    env.go('https://shop.example/s?q=boots#results')
    assert [p['url'] for p in env.pages()] == ['https://shop.example/s?q=shoes#results',
                                               'https://shop.example/s?q=boots#results']


def test_off_watches_nothing_and_posts_nothing(env):
    env.init(pageTracking='off')
    assert env.p.location_watchers == []
    env.ready()
    env.p.navigate('https://shop.example/x', 'X')
    env.p.advance(10 * PAGE_SETTLE_MS)
    assert env.types() == ['init']
    assert 'page' not in repr(env.p.log)


def test_changes_before_the_handshake_are_not_posted_separately(env):
    env.init()
    assert len(env.p.location_watchers) == 1
    assert env.p.location_watchers[0][1] == PAGE_POLL_MS
    env.go('https://shop.example/early', 'Early')
    assert env.posts == []
    env.ready()
    assert env.pages() == [{'url': 'https://shop.example/early', 'title': 'Early'}]


def test_frame_reload_gets_the_current_page_again(env):
    env.init()
    env.ready()
    env.ready()       # the frame reloaded: init, then the page it no longer knows
    assert env.types() == ['init', 'page', 'init', 'page']


def test_destroy_stops_watching_and_cancels_a_pending_send(env):
    env.init()
    env.ready()
    env.p.navigate('https://shop.example/leaving', 'Bye')
    assert env.p.pending_timers() == 1
    env.api['destroy']()
    assert env.p.location_watchers == []
    assert env.p.pending_timers() == 0
    assert 'unwatch-location' in env.p.log
    env.p.advance(10 * PAGE_SETTLE_MS)
    assert env.types() == ['init', 'page']


def test_a_watcher_from_an_old_session_is_ignored(env):
    env.init()
    old = env.p.location_watchers[0][0]
    env.api['destroy']()
    env.init()
    env.ready()
    old()               # a late call from the first session's watcher
    assert env.p.pending_timers() == 0


def test_a_failed_handshake_stops_watching(env):
    env.init(handshakeTimeout=1000)
    env.p.advance(1000)
    assert env.p.location_watchers == []


def test_lengths_are_bounded(env):
    env.p.href = 'https://shop.example/' + 'p' * (2 * LIMITS['pageUrlMax'])
    env.p.title = 't' * (2 * LIMITS['pageTitleMax'])
    env.init()
    env.ready()
    page = env.pages()[0]
    assert len(page['url']) == LIMITS['pageUrlMax']
    assert page['url'].startswith('https://shop.example/ppp')
    assert page['title'] == 't' * LIMITS['pageTitleMax']


def test_the_token_never_travels_in_a_page_message(env):
    env.p.href = 'https://shop.example/s/' + TOKEN + '?t=' + TOKEN
    env.p.title = 'Session ' + TOKEN
    env.init(pageTracking='full')
    env.ready()
    assert env.pages() == [{'url': 'https://shop.example/s/[redacted]?t=[redacted]', 'title': 'Session [redacted]'}]


# ---- the pure rules ---------------------------------------------------------------

@pytest.mark.parametrize('hash_, kept', [
    ('', ''),
    ('#reviews', ''),
    ('#access_token=abc&token_type=bearer', ''),
    ('#/orders/7', '#/orders/7'),
    ('#!/orders/7', '#!/orders/7'),
    ('#/search?q=secret', '#/search'),
    ('#', ''),
])
def test_only_route_hashes_are_kept(hash_, kept):
    assert route_hash(hash_) == kept


@pytest.mark.parametrize('mode, href, url', [
    ('path', 'https://shop.example/a/b?x=1#/r?y=2', 'https://shop.example/a/b#/r'),
    ('full', 'https://shop.example/a/b?x=1#/r?y=2', 'https://shop.example/a/b?x=1#/r?y=2'),
    ('off', 'https://shop.example/a/b', None),
    ('path', 'https://user:pw@shop.example/a', 'https://shop.example/a'),
    ('full', 'https://user:pw@shop.example/a?q', 'https://shop.example/a?q'),
    ('path', 'http://127.0.0.1:8000/', 'http://127.0.0.1:8000/'),
    ('path', 'blob:https://shop.example/uuid', None),
    ('path', 'about:srcdoc', None),
    ('full', 'not a url', None),
])
def test_page_url_per_mode(mode, href, url):
    assert page_url(mode, parse_url(href)) == url


@pytest.mark.parametrize('page', [None, 'https://shop.example/', {}, {'href': 7}, {'title': 'x'}])
def test_page_payload_refuses_what_is_not_a_page(page):
    assert page_payload('path', page, None, parse_url) is None


def test_page_payload_without_title_sends_an_empty_title():
    assert page_payload('path', {'href': 'https://shop.example/x', 'title': None}, None, parse_url) == {
        'url': 'https://shop.example/x', 'title': ''}


def test_short_tokens_are_not_redacted_character_by_character():
    page = {'href': 'https://shop.example/abc', 'title': 'abc'}
    assert page_payload('path', page, 'a', parse_url) == {'url': 'https://shop.example/abc', 'title': 'abc'}
