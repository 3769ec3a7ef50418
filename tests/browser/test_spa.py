"""Page tracking in a real browser: a single-page app changes its address with
pushState / replaceState / back / hash changes, and the chat frame receives
exactly the expected `page` messages, through the Navigation API (Chromium has
it) and through the fallback (popstate + hashchange + a visible-only poll) with
the Navigation API hidden. Another library's history.pushState wrappers, before
and after the SDK's init(), keep working and stay installed: the SDK never
touches `history`.

What the frame receives is read on the wire: an init script in every frame of
the context records each `page` envelope the chat frame's window is sent.
"""
import time

import pytest
from browser_helpers import poll, start

RECORD_PAGES = '''
(() => {
  window.__pages = [];
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'page') window.__pages.push(e.data.payload);
  });
})();
'''
HIDE_NAVIGATION_API = "Object.defineProperty(window, 'navigation', {value: undefined, configurable: true});"


def open_spa(probe, servers, config=None, hide_navigation=False):
    probe.page.context.add_init_script(RECORD_PAGES)
    if hide_navigation:
        probe.page.add_init_script(HIDE_NAVIGATION_API)
    probe.page.goto(servers.page('spa.html') + '?frame=' + servers.frame + '&utm_source=mail')
    start(probe, config)
    return probe.chat_frame()


def pages(chat):
    return chat.evaluate('window.__pages')


def wait_pages(chat, count, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if len(pages(chat)) >= count:
            return pages(chat)
        time.sleep(0.05)
    raise AssertionError('the frame got %r, expected %d page messages' % (pages(chat), count))


def go(probe, script):
    probe.page.evaluate(script)


@pytest.mark.parametrize('hide_navigation', [False, True], ids=['navigation-api', 'fallback'])
def test_every_kind_of_navigation_reaches_the_frame_once(probe, servers, hide_navigation):
    chat = open_spa(probe, servers, hide_navigation=hide_navigation)
    host = servers.host
    assert probe.page.evaluate('typeof navigation') == ('undefined' if hide_navigation else 'object')
    expected = [{'url': host + '/t/spa.html', 'title': 'SPA home'}]       # query string dropped
    assert wait_pages(chat, 1) == expected
    steps = [
        ('history.pushState({}, "", "/t/products/42?ref=home"); document.title = "Product 42"',
         {'url': host + '/t/products/42', 'title': 'Product 42'}),
        ('history.replaceState({}, "", "/t/products/43"); document.title = "Product 43"',
         {'url': host + '/t/products/43', 'title': 'Product 43'}),
        ('location.hash = "#/reviews?page=2"', {'url': host + '/t/products/43#/reviews', 'title': 'Product 43'}),
        ('history.back()', {'url': host + '/t/products/43', 'title': 'Product 43'}),
        ('history.back()', {'url': host + '/t/spa.html', 'title': 'Product 43'}),
    ]
    for script, page in steps:
        go(probe, script)
        expected.append(page)
        assert wait_pages(chat, len(expected)) == expected, script
    # Same page again (a query change, an in-page anchor): nothing is sent.
    go(probe, 'history.pushState({}, "", "/t/spa.html?tab=2")')
    go(probe, 'location.hash = "#section"')
    probe.page.wait_for_timeout(1200)      # longer than the fallback's poll + settle: a message would be here
    assert pages(chat) == expected
    assert chat.evaluate('(() => { const s = document.querySelector("script[data-kit-global]"); '
                         'return window[s.getAttribute("data-kit-global")].getPage(); })()') == expected[-1]
    assert probe.errors == []


def test_other_libraries_wrapping_push_state_keep_working(probe, servers):
    chat = open_spa(probe, servers)
    before = probe.page.evaluate('history.pushState === __beforeWrapper')
    assert before is True                                   # the SDK's init() left it alone
    probe.page.evaluate('() => { window.__afterWrapper = wrapPush("after"); }')
    wait_pages(chat, 1)
    result = probe.page.evaluate('history.pushState({n: 1}, "", "/t/wrapped")')
    assert result is None
    assert probe.page.evaluate('[location.pathname, history.state.n]') == ['/t/wrapped', 1]
    assert probe.page.evaluate('__wrapCalls') == {'before': 1, 'after': 1}
    assert wait_pages(chat, 2)[1]['url'] == servers.host + '/t/wrapped'
    probe.page.evaluate('SDK.destroy()')
    # Still the other library's wrappers, in its order, working after destroy().
    assert probe.page.evaluate('history.pushState === __afterWrapper') is True
    probe.page.evaluate('history.pushState({}, "", "/t/after-destroy")')
    assert probe.page.evaluate('__wrapCalls') == {'before': 2, 'after': 2}
    assert probe.page.evaluate('location.pathname') == '/t/after-destroy'
    assert probe.errors == []


def test_full_mode_keeps_the_query_and_off_sends_nothing(probe, servers):
    chat = open_spa(probe, servers, {'pageTracking': 'full'})
    first = wait_pages(chat, 1)[0]
    assert first['url'] == servers.page('spa.html') + '?frame=' + servers.frame + '&utm_source=mail'
    probe.page.evaluate('SDK.destroy()')
    probe.page.evaluate('startWidget({pageTracking: "off"})')
    poll(probe, 'count("ready") === 2')
    chat = probe.chat_frame()
    probe.page.evaluate('history.pushState({}, "", "/t/quiet")')
    probe.page.wait_for_timeout(800)
    assert pages(chat) == []


def test_destroy_stops_tracking(probe, servers):
    chat = open_spa(probe, servers, hide_navigation=True)
    wait_pages(chat, 1)
    probe.page.evaluate('SDK.destroy()')
    probe.page.evaluate('history.pushState({}, "", "/t/gone"); dispatchEvent(new PopStateEvent("popstate"))')
    probe.page.wait_for_timeout(1000)
    assert probe.errors == []
    assert not any('internal error' in text for _, text in probe.console)


MESSAGE_BODIES = '''(() => {
  window.__messageBodies = [];
  const send = window.fetch;
  window.fetch = function (url, init) {
    if (String(url).endsWith('/api/widget/message')) window.__messageBodies.push(JSON.parse(init.body));
    return send.apply(this, arguments);
  };
})();
'''


def ai_replies(probe, count, seconds=10):
    script = '__events.filter(e => e.name === "message" && e.payload.role === "ai").map(e => e.payload.content)'
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        replies = probe.page.evaluate(script)
        if len(replies) >= count:
            return replies
        time.sleep(0.05)
    raise AssertionError('%d AI replies, expected %d: %r' % (len(replies), count, replies))


def sent_bodies(chat):
    bodies = chat.evaluate('window.__messageBodies')
    return [{k: v for k, v in body.items() if k != 'clientMessageId'} for body in bodies]


def test_the_chat_page_sends_the_current_page_with_the_next_message(probe, servers):
    """The reference chat page shows nothing for a `page` event; it gives the page
    (and the host's updateContext data) to the agent with the next message. The dev
    bot answers `/page` with the page the server got, so the reply proves the server
    received it, per message, after a navigation too."""
    probe.page.context.add_init_script(MESSAGE_BODIES)
    chat = open_spa(probe, servers)
    host = servers.host
    wait_pages(chat, 1)
    probe.page.evaluate('SDK.sendMessage("/page")')
    assert ai_replies(probe, 1) == ['You are on "SPA home" (%s/t/spa.html).' % host]
    go(probe, 'history.pushState({}, "", "/t/products/42?ref=home"); document.title = "Product 42"')
    wait_pages(chat, 2)
    probe.page.evaluate('SDK.updateContext({company: "Acme", customAttributes: {plan: "pro"}})')
    probe.page.evaluate('SDK.sendMessage("/page")')
    assert ai_replies(probe, 2)[1] == 'You are on "Product 42" (%s/t/products/42).' % host
    assert sent_bodies(chat) == [
        {'content': '/page', 'page': {'url': host + '/t/spa.html', 'title': 'SPA home'}},
        {'content': '/page', 'page': {'url': host + '/t/products/42', 'title': 'Product 42'},
         'context': {'company': 'Acme', 'customAttributes': {'plan': 'pro'}}},
    ]
    assert probe.errors == []


def test_without_page_tracking_messages_go_without_a_page(probe, servers):
    """The control: with pageTracking "off" the frame learns no page, the message
    carries none, and the server says so."""
    probe.page.context.add_init_script(MESSAGE_BODIES)
    chat = open_spa(probe, servers, {'pageTracking': 'off'})
    probe.page.evaluate('SDK.sendMessage("/page")')
    assert ai_replies(probe, 1) == ['I do not know which page you are on.']
    assert sent_bodies(chat) == [{'content': '/page'}]
    assert pages(chat) == []
