"""Helpers shared by the browser tests (conftest.py puts this folder on sys.path).

Profile-neutral by design: the host page names the SDK `SDK` (pages/harness.js)
and chat-frame expressions name the frame kit `KIT` (in_frame / wait_in), so the
same test runs against every build profile."""
import re
import socket
import time
import urllib.parse

from playwright.sync_api import Error as PlaywrightError

PUBLIC_INBOX = 'your-inbox-id'   # seeded by the dev server; harness.js uses the same one

# The chat page says which frame kit global it runs on (data-kit-global).
KIT_SCOPE = ('(() => { const s = document.querySelector("script[data-kit-global]"); '
             'const KIT = s ? window[s.getAttribute("data-kit-global")] : undefined; return (%s); })()')


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def enc(text):
    return urllib.parse.quote(text, safe='')


def chat_url(profile, base, parent, extra=''):
    """The chat page URL the profile's SDK would create for `parent` (frameUrl shape)."""
    return profile['frameUrl'].format(base=base, origin=enc(parent), inboxId=enc(PUBLIC_INBOX)) + extra


def is_chat_url(profile, url):
    parts = urllib.parse.urlsplit(url)
    shape = profile['frameUrl'].replace('{base}', '').split('?', 1)[0]
    path = re.escape(shape).replace(re.escape('{inboxId}'), '[^/]+')
    return re.fullmatch(path, parts.path) is not None and 'parentOrigin=' in parts.query


# JavaScript prelude for evaluate(): env(type, payload) is a perfect protocol
# envelope. __SOURCE__ stands for the envelope tag of the build under test.
ENV = "const env = (type, payload) => ({source: '__SOURCE__', v: 1, type: type, payload: payload});"


def with_source(profile, script):
    """`script` with __SOURCE__ replaced by the profile's envelope tag."""
    return script.replace('__SOURCE__', profile['source'])


def start(probe, config=None):
    """init() with fresh credentials from the host page's backend; waits for `ready`."""
    probe.page.evaluate('cfg => startWidget(cfg)', config or {})
    probe.page.wait_for_function('count("ready") === 1')


def wait_true(target, expression, seconds=10):
    """Poll a page or frame until `expression` is truthy. Unlike wait_for_function, this
    never evals a string inside the page, so it works where the page's CSP forbids
    'unsafe-eval' (the chat page, the strict host pages): Playwright's own polling
    races with that CSP now and then (microsoft/playwright#36982, #36986)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if target.evaluate(expression):
            return
        time.sleep(0.05)
    raise AssertionError('timed out after %s s waiting for %s' % (seconds, expression))


def poll(probe, expression, seconds=10):
    """wait_true() on the host page."""
    wait_true(probe.page, expression, seconds)


def in_frame(frame, expression):
    """Evaluate an expression inside a chat frame, with `KIT` bound to its frame kit."""
    return frame.evaluate(KIT_SCOPE % expression)


def wait_in(frame, expression, seconds=8):
    """Poll `expression` (`KIT` bound as in in_frame) inside a frame that may still be navigating."""
    deadline = time.monotonic() + seconds
    last_error = None
    while time.monotonic() < deadline:
        try:
            if in_frame(frame, expression):
                return
        except PlaywrightError as error:   # context destroyed by a navigation: try again
            last_error = error
        time.sleep(0.05)
    raise AssertionError('timed out waiting in %s for %s (%s)' % (frame.url, expression, last_error))


def sdk_frame_selector(probe):
    return 'iframe[title="%s"]' % probe.profile['frameTitle']


def sdk_frame(probe):
    return probe.page.wait_for_selector(sdk_frame_selector(probe), state='attached').content_frame()


def wait_active(probe, seconds=8):
    chat = sdk_frame(probe)
    wait_in(chat, 'KIT && KIT.getState() === "active"', seconds)
    return chat


def sdk_console(probe, kind=None):
    prefix = '[' + probe.profile['globalName']
    return [text for t, text in probe.console if prefix in text and (kind is None or t == kind)]
