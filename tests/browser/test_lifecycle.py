"""Handshake, lifecycle and token lifetime in a real browser (SECURITY-CASES
12-15 and the Chat token renewal of the spec): a frame that never answers, a
frame that reloads, init() twice, destroy() at every stage, a session that
fully expires and is renewed, and updateContact() all the way to SQLite.

Most tests use tests/browser/pages/tracked.html, which counts the window
listeners currently registered, so "every addEventListener is matched by a
removeEventListener" can be checked.
"""
import os
import sqlite3
import time

import pytest
from browser_helpers import (wait_true, ENV, chat_url, free_port, in_frame, sdk_console, sdk_frame, sdk_frame_selector,
                             start, wait_active, wait_in, with_source)
from playwright.sync_api import Error as PlaywrightError

FORGED = """
const forged = [env('ready', {}), env('message', {role: 'ai', content: 'forged'}), env('open', {}),
  env('resize', {height: 555}), env('chat:unread-count', {count: 42}), env('session-expired', {}),
  env('error', {code: 'forged', message: 'forged'})];
"""
HEAR = """() => {
    window.__heard = [];
    window.addEventListener('message', e => window.__heard.push(e.origin));
}"""






def open_host(probe, servers, page='tracked.html'):
    probe.page.goto(servers.page(page) + '?frame=' + servers.frame)










def listeners(probe):
    return probe.page.evaluate('["message", "resize", "focus"].map(listenerCount)')


def iframes(probe):
    return probe.page.evaluate('document.querySelectorAll("iframe").length')




def names(probe, since=0):
    return probe.page.evaluate('i => __events.slice(i).map(e => e.name)', since)


def messages(probe, since=0):
    return probe.page.evaluate('i => __events.slice(i).filter(e => e.name === "message").map(e => e.payload)',
                               since)


def state_error(probe, call):
    return probe.page.evaluate('() => { try { %s; return "no error"; } catch (e) { return [e.name, e.code]; } }'
                               % call)


def send_and_wait_for_reply(probe, text):
    since = probe.page.evaluate('__events.length')
    probe.page.evaluate('t => SDK.sendMessage(t)', text)
    probe.page.wait_for_function('i => __events.slice(i).some(e => e.name === "error" || (e.name === "message" '
                                 '&& e.payload.role === "ai"))', arg=since, timeout=8000)
    probe.page.wait_for_timeout(100)
    return since


def manual_chat(probe, servers):
    """A chat page of the frame origin embedded by hand (not by the SDK)."""
    probe.page.evaluate("""src => {
        const f = document.createElement('iframe');
        f.id = 'manual';
        f.src = src;
        document.body.appendChild(f);
    }""", chat_url(probe.profile, servers.frame, servers.host, '&manual=1'))
    chat = probe.page.wait_for_selector('#manual', state='attached').content_frame()
    wait_in(chat, 'KIT && KIT.getState() === "waiting"')
    return chat


# ---- 12: the frame never answers -------------------------------------------------------------------

@pytest.mark.parametrize('where', ['closed-port', 'no-chat-page'])
def test_frame_that_never_answers_times_out_once(probe, servers, where):
    base = 'http://127.0.0.1:%d' % free_port() if where == 'closed-port' else servers.host + '/no-chat-here'
    open_host(probe, servers)
    baseline = listeners(probe)
    probe.page.evaluate('base => startWidget({baseUrl: base, handshakeTimeout: 1000})', base)
    assert iframes(probe) == 1
    probe.page.wait_for_function('count("error") === 1', timeout=5000)
    probe.page.wait_for_timeout(700)
    errors = probe.page.evaluate('__events.filter(e => e.name === "error").map(e => e.payload)')
    assert [e['code'] for e in errors] == ['timeout']
    assert '1000 ms' in errors[0]['message']
    assert names(probe) == ['error']
    assert iframes(probe) == 0
    assert probe.page.evaluate('SDK.isReady()') is False
    assert listeners(probe) == baseline
    assert state_error(probe, 'SDK.sendMessage("hi")') == ['StateError', 'not-initialized']
    # init() again, now with the right baseUrl: it works.
    probe.page.evaluate('async () => SDK.init(await credentials())')
    probe.page.wait_for_function('count("ready") === 1')
    assert iframes(probe) == 1
    assert probe.page.evaluate('SDK.isReady()') is True
    wait_active(probe)
    since = send_and_wait_for_reply(probe, 'after a retry')
    assert [m['role'] for m in messages(probe, since)] == ['user', 'ai']
    assert probe.page.evaluate('count("error")') == 1
    assert probe.errors == []


# ---- 13: the frame reloads ---------------------------------------------------------------------------

def test_frame_reload_rehandshakes_without_a_second_ready_event(probe, servers):
    open_host(probe, servers)
    baseline = listeners(probe)
    start(probe, {'theme': 'dark'})
    chat = wait_active(probe)
    since = send_and_wait_for_reply(probe, 'before the reload')
    assert [m['role'] for m in messages(probe, since)] == ['user', 'ai']
    running = listeners(probe)
    assert running[0] == baseline[0] + 1          # one message listener
    # The latest settings ride along in the new `init`.
    probe.page.evaluate('SDK.setTheme("light")')
    wait_true(chat, 'document.documentElement.dataset.theme === "light"')
    chat.evaluate('window.__before_reload = true')
    try:
        chat.evaluate('location.reload()')
    except PlaywrightError:
        pass   # the navigation may win the race against the evaluation's answer
    wait_in(chat, '!window.__before_reload && KIT && KIT.getState() === "active"')
    assert chat.evaluate('document.documentElement.dataset.theme') == 'light'
    assert probe.page.evaluate('count("ready")') == 1
    assert probe.page.evaluate('SDK.isReady()') is True
    assert listeners(probe) == running
    since = send_and_wait_for_reply(probe, 'after the reload')
    probe.page.wait_for_timeout(200)
    after = messages(probe, since)
    assert [m['role'] for m in after] == ['user', 'ai'], after
    assert after[0]['content'] == 'after the reload'
    assert probe.page.evaluate('count("ready")') == 1
    assert probe.page.evaluate('count("error")') == 0
    assert iframes(probe) == 1
    assert probe.errors == []


# ---- 14: init() twice --------------------------------------------------------------------------------

def test_init_twice_warns_and_keeps_one_frame(probe, servers):
    open_host(probe, servers)
    baseline = listeners(probe)
    probe.page.evaluate("""async () => {
        const base = await credentials();
        track();
        SDK.init(base);
        SDK.init({...base, theme: 'dark'});   // double include / StrictMode
    }""")
    probe.page.wait_for_function('count("ready") === 1')
    wait_active(probe)
    probe.page.evaluate('async () => SDK.init(await credentials())')
    warnings = [text for text in sdk_console(probe, 'warning') if 'init() was called again' in text]
    assert len(warnings) == 2
    assert iframes(probe) == 1
    assert listeners(probe)[0] == baseline[0] + 1
    assert sdk_frame(probe).evaluate('document.documentElement.dataset.theme') != 'dark'
    since = send_and_wait_for_reply(probe, 'only once')
    probe.page.wait_for_timeout(200)
    assert [m['role'] for m in messages(probe, since)] == ['user', 'ai']
    assert probe.page.evaluate('count("ready")') == 1
    assert probe.errors == []


# ---- 15: destroy() -----------------------------------------------------------------------------------

def forge_from_manual_chat(probe, servers):
    """A live window of the frame origin talks to the host after destroy()."""
    probe.page.evaluate(HEAR)
    chat = manual_chat(probe, servers)
    forge = with_source(probe.profile, ENV + FORGED)
    chat.evaluate('o => { ' + forge + ' forged.forEach(m => parent.postMessage(m, o)); }', servers.host)
    probe.page.wait_for_function('o => __heard.filter(h => h === o).length >= 8', arg=servers.frame)
    probe.page.wait_for_timeout(200)
    assert in_frame(chat, 'KIT.getState()') == 'waiting'   # no `init` reached it


def test_destroy_during_the_handshake(probe, servers):
    open_host(probe, servers)
    baseline = listeners(probe)
    probe.page.evaluate("""async () => {
        const base = await credentials();
        track();
        SDK.init({...base, handshakeTimeout: 1000});
        SDK.destroy();
    }""")
    assert iframes(probe) == 0
    assert listeners(probe) == baseline
    assert state_error(probe, 'SDK.sendMessage("hi")') == ['StateError', 'not-initialized']
    # Past the handshake timeout: the timer was cleared (an uncleared one would log an error).
    probe.page.wait_for_timeout(1100)
    assert sdk_console(probe) == []
    # Listen again, as a host would, and let a frame-origin window talk: nothing happens.
    probe.page.evaluate('track()')
    forge_from_manual_chat(probe, servers)
    assert names(probe) == []
    assert probe.page.evaluate('SDK.isReady()') is False
    assert sdk_console(probe) == []
    assert probe.errors == []
    # A fresh init works (the listeners registered above are still there).
    probe.page.evaluate('async () => SDK.init(await credentials())')
    probe.page.wait_for_function('count("ready") === 1')
    wait_active(probe)
    assert probe.page.evaluate('s => document.querySelectorAll(s).length', sdk_frame_selector(probe)) == 1


@pytest.mark.token
@pytest.mark.parametrize('stage', ['before-the-frame-loads', 'after-the-frame-said-ready'])
def test_destroy_while_get_token_is_pending(probe, servers, stage):
    open_host(probe, servers)
    baseline = listeners(probe)
    probe.page.evaluate("""() => {
        window.__calls = 0;
        track();
        SDK.init({baseUrl: FRAME, handshakeTimeout: 5000,
                          getToken: () => { __calls++; return new Promise(r => { window.__resolve = r; }); }});
    }""")
    probe.page.wait_for_function('typeof window.__resolve === "function"')
    if stage == 'after-the-frame-said-ready':
        wait_in(sdk_frame(probe), 'KIT && KIT.getState() === "waiting"')
        probe.page.wait_for_timeout(200)
        assert probe.page.evaluate('SDK.isReady()') is False
    probe.page.evaluate('SDK.destroy()')
    assert iframes(probe) == 0
    assert listeners(probe) == baseline
    # The token arrives late: nothing is created, sent or thrown.
    probe.page.evaluate('async () => { window.__resolve(await mint()); }')
    probe.page.wait_for_timeout(400)
    assert iframes(probe) == 0
    assert probe.page.evaluate('__calls') == 1
    assert names(probe) == []
    assert sdk_console(probe) == []
    assert probe.errors == []


def test_destroy_after_ready(probe, servers):
    open_host(probe, servers)
    baseline = listeners(probe)
    start(probe)
    wait_active(probe)
    probe.page.evaluate('SDK.open(); SDK.destroy()')
    assert iframes(probe) == 0
    assert listeners(probe) == baseline
    assert probe.page.evaluate('SDK.isReady()') is False
    calls = ['SDK.open()', 'SDK.sendMessage("x")', 'SDK.setTheme("dark")']
    if probe.profile['requiresToken']:
        calls.append('SDK.setToken("abc")')
    for call in calls:
        assert state_error(probe, call) == ['StateError', 'not-initialized'], call
    probe.page.evaluate('SDK.destroy()')    # a second destroy() is harmless
    probe.page.evaluate('__events.length = 0; track()')
    forge_from_manual_chat(probe, servers)
    assert names(probe) == []
    assert sdk_console(probe, 'error') == []
    assert probe.errors == []


# ---- token lifetime: full expiry and renewal -------------------------------------------------------

@pytest.fixture(scope='module')
def short_lived(dev_server_factory):
    # Tokens live 3 s and so does the embed session: the sliding refresh (at 80%) cannot
    # extend it, so every session fully expires within a few seconds, and when the frame
    # reports the expiry the embed session is past its absolute end (the frame times the
    # token from receipt, never before the server's `exp`).
    return dev_server_factory(token_ttl=3, extra_env={'DEVKIT_TOKEN_MAX_LIFETIME_SECONDS': '3'})


@pytest.mark.token
def test_session_expiry_is_reported_once_and_set_token_resumes(probe, short_lived):
    servers = short_lived
    open_host(probe, servers)
    probe.page.evaluate("""async () => {
        window.__expiredCalls = 0;
        const token = await mint();
        track();
        SDK.init({token, baseUrl: FRAME, onSessionExpired: () => { window.__expiredCalls++; }});
    }""")
    probe.page.wait_for_function('count("ready") === 1')
    chat = wait_active(probe)
    probe.page.wait_for_function('count("session-expired") === 1', timeout=10000)
    assert probe.page.evaluate('__expiredCalls') == 1
    wait_in(chat, 'KIT.getState() === "expired" && KIT.getToken() === null')
    probe.page.wait_for_timeout(800)
    assert probe.page.evaluate('[__expiredCalls, count("session-expired")]') == [1, 1]
    # The host renews with setToken(): the same frame carries on.
    probe.page.evaluate('async () => SDK.setToken(await mint())')
    wait_in(chat, 'KIT.getState() === "active"', seconds=3)
    since = send_and_wait_for_reply(probe, 'after renewal')
    assert [m['role'] for m in messages(probe, since)] == ['user', 'ai']
    assert probe.page.evaluate('[__expiredCalls, count("session-expired"), count("error")]') == [1, 1, 0]
    assert iframes(probe) == 1
    assert probe.errors == []


GET_TOKEN_INIT = """async () => {
    window.__tokenCalls = 0;
    window.__expiredCalls = 0;
    track();
    SDK.init({baseUrl: FRAME, getToken: () => { window.__tokenCalls++; return mint(); },
                      onSessionExpired: () => { window.__expiredCalls++; }});
}"""


def expire_and_resume_with_get_token(probe):
    probe.page.wait_for_function('count("session-expired") === 1', timeout=10000)
    assert probe.page.evaluate('__expiredCalls') == 1
    probe.page.wait_for_function('__tokenCalls === 2', timeout=3000)
    return wait_active(probe, seconds=3)


@pytest.mark.token
def test_get_token_renews_the_session_after_full_expiry(probe, short_lived):
    servers = short_lived
    open_host(probe, servers)
    probe.page.evaluate(GET_TOKEN_INIT)
    probe.page.wait_for_function('count("ready") === 1')
    wait_active(probe)
    assert probe.page.evaluate('__tokenCalls') == 1
    expire_and_resume_with_get_token(probe)
    since = send_and_wait_for_reply(probe, 'after renewal')
    assert [m['role'] for m in messages(probe, since)] == ['user', 'ai']
    assert probe.page.evaluate('[__tokenCalls, __expiredCalls, count("session-expired"), count("error")]') == \
        [2, 1, 1, 0]
    assert probe.page.evaluate('count("ready")') == 1
    assert probe.errors == []


@pytest.mark.token
def test_get_token_renewal_resumes_an_ongoing_conversation(probe, short_lived):
    servers = short_lived
    open_host(probe, servers)
    probe.page.evaluate(GET_TOKEN_INIT)
    probe.page.wait_for_function('count("ready") === 1')
    wait_active(probe)
    since = send_and_wait_for_reply(probe, 'before expiry')
    assert [m['role'] for m in messages(probe, since)] == ['user', 'ai']
    expire_and_resume_with_get_token(probe)
    since = send_and_wait_for_reply(probe, 'after renewal')
    assert probe.page.evaluate('i => __events.slice(i).filter(e => e.name === "error").map(e => e.payload)',
                               since) == []
    assert [m['role'] for m in messages(probe, since)] == ['user', 'ai']


# ---- updateContact() reaches SQLite ---------------------------------------------------------------

CONTACT = {'name': '  Jane  ', 'phone': '+1 415 555 1234', 'email': ''}


def read_contacts(db_path):
    db = sqlite3.connect('file:%s?mode=ro' % db_path, uri=True, timeout=2)
    try:
        return [tuple(row) for row in db.execute('SELECT name, phone, email FROM conversations')]
    finally:
        db.close()


def update_contact_and_poll(probe, servers, db_path):
    open_host(probe, servers)
    start(probe)
    wait_active(probe)
    with probe.page.expect_response(lambda r: '/api/widget/contact' in r.url, timeout=8000) as info:
        probe.page.evaluate('fields => SDK.updateContact(fields)', CONTACT)
    assert info.value.status == 200
    deadline = time.monotonic() + 5
    rows = []
    while time.monotonic() < deadline:
        rows = read_contacts(db_path)
        if ('Jane', '+14155551234', None) in rows:
            break
        time.sleep(0.1)
    assert rows == [('Jane', '+14155551234', None)]
    assert probe.page.evaluate('count("error")') == 0



def test_update_contact_reaches_sqlite(probe, sqlite_servers):
    update_contact_and_poll(probe, sqlite_servers, sqlite_servers.db_path)


def test_update_contact_reaches_sqlite_with_devkit_db_path(probe, dev_server_factory, tmp_path):
    db_path = str(tmp_path / 'env.sqlite3')
    servers = dev_server_factory(extra_env={'DEVKIT_DB_PATH': db_path})
    assert os.path.isfile(db_path), 'the dev server did not open ' + db_path
    update_contact_and_poll(probe, servers, db_path)
