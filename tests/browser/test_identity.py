"""Verified identity in Chromium, against the dev server on SQLite.

Each "device" is its own browser context (its own storage, so its own anonymous
visitorId). Pilot Status: the sample backend (/my-backend/chat-token, the
README's route) mints tokens for a signed-in demo user; two devices of Alice see
one conversation, Bob's device never sees it, nor Alice's Bob's. Masheev has no
chat token: a page-supplied userId keys nothing (each browser is its own
anonymous visitor)."""
import itertools
import sqlite3
import types

import pytest

from browser_helpers import wait_active, wait_in

# The module's tests share one database (and Alice's and Bob's conversations): every
# text is unique, and what a screen must not show is checked by text.
_serial = itertools.count(1)


def said(who, what):
    return '%s #%d: %s' % (who, next(_serial), what)


def conversations(db_path):
    db = sqlite3.connect('file:%s?mode=ro' % db_path, uri=True, timeout=2)
    try:
        return {row[0]: row[1] for row in db.execute('SELECT id, user_id FROM conversations')}
    finally:
        db.close()


class Device:
    """One browser context with the sample host page and the chat embedded in it."""

    def __init__(self, browser, servers):
        self.servers = servers
        self.context = browser.new_context(viewport={'width': 1280, 'height': 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(10000)
        self.errors = []
        self.page.on('pageerror', lambda e: self.errors.append(str(e)))
        self.probe = types.SimpleNamespace(page=self.page, profile=servers.profile)
        self.chat = None

    def open(self, signed_in_as=None, **config):
        self.page.goto(self.servers.page('chat-page.html') + '?frame=' + self.servers.frame)
        self.page.evaluate('document.body.classList.add("embedded")')
        config.update(mode='embedded', container='#chat')
        if self.servers.profile['requiresToken']:
            token = self.mint(signed_in_as)
            self.page.evaluate('([t, c]) => { track(); SDK.init(Object.assign({token: t, baseUrl: FRAME}, c)); }',
                               [token, config])
        else:
            self.page.evaluate('c => startWidget(c)', config)
        self.page.wait_for_function('count("ready") === 1')
        self.chat = wait_active(self.probe)
        wait_in(self.chat, '!document.getElementById("app").hidden')
        return self

    def mint(self, signed_in_as):
        """A token from the site's own backend route, for whoever is signed in there."""
        body = {'signedInAs': signed_in_as} if signed_in_as else {}
        return self.page.evaluate(
            'b => fetch("/my-backend/chat-token", {method: "POST", headers: {"content-type": "application/json"}, '
            'body: JSON.stringify(b)}).then(r => r.ok ? r.text() : Promise.reject(new Error(r.status)))', body)

    def conversation(self):
        self.page.wait_for_function('count("conversation-opened") > 0')
        return self.page.evaluate('last("conversation-opened").conversationId')

    def write(self, text):
        """Types `text` in the chat and waits for its AI reply."""
        replies = 'n => __events.filter(e => e.name === "message" && e.payload.role === "ai").length > n'
        before = self.page.evaluate('__events.filter(e => e.name === "message" && e.payload.role === "ai").length')
        self.chat.fill('#input', text)
        self.chat.press('#input', 'Enter')
        self.page.wait_for_function(replies, arg=before)

    def shown(self):
        return self.chat.locator('#messages li.user').all_inner_texts()

    def wait_shown(self, text, seconds=8):
        wait_in(self.chat, 'Array.from(document.querySelectorAll("#messages li.user")).some(li => '
                           'li.textContent === %r)' % text, seconds)

    def close(self):
        self.context.close()


@pytest.fixture
def devices(browser, sqlite_servers):
    opened = []

    def make():
        device = Device(browser, sqlite_servers)
        opened.append(device)
        return device
    yield make
    for device in opened:
        assert device.errors == []
        device.close()


@pytest.mark.token
def test_the_same_user_sees_one_conversation_on_two_devices_and_another_user_does_not(devices, sqlite_servers):
    first, second, bobs = said('alice', 'my order is 1234'), said('alice', 'and 5678?'), said('bob', 'parcel?')
    phone = devices().open('alice')
    phone.write(first)

    # Positive: Alice's second device (other storage, other visitorId) shows her conversation.
    laptop = devices().open('alice')
    laptop.wait_shown(first)
    assert laptop.conversation() == phone.conversation()

    # Negative: Bob's device, once it has a conversation of its own and a reply in it.
    bob = devices().open('bob')
    bob.write(bobs)
    assert bob.conversation() != phone.conversation()
    assert bobs in bob.shown() and first not in bob.shown()

    # Both ways: Alice keeps writing; her other device gets it live, Bob gets nothing, and
    # Bob's message never reaches Alice's screens.
    phone.write(second)
    laptop.wait_shown(second)
    assert laptop.shown()[-2:] == [first, second]
    assert second not in bob.shown() and bob.shown()[-1] == bobs
    assert bobs not in phone.shown() and bobs not in laptop.shown()

    rows = conversations(sqlite_servers.db_path)
    assert rows[phone.conversation()] == 'user_alice' and rows[bob.conversation()] == 'user_bob'


@pytest.mark.token
def test_an_anonymous_visitor_on_alices_computer_does_not_get_her_conversation(devices):
    alices_text, anonymous_text = said('alice', 'my order is 1234'), said('anonymous', 'hello')
    alice = devices().open('alice')
    alice.write(alices_text)
    alices = alice.conversation()
    # Same browser context, so the same anonymous visitorId in the frame's storage.
    alice.page.evaluate('SDK.destroy()')
    nobody = alice.open(None)
    nobody.write(anonymous_text)
    assert nobody.shown() == [anonymous_text] and nobody.conversation() != alices
    # Positive control on the same context: signed in again, Alice gets hers back.
    alice.page.evaluate('SDK.destroy()')
    again = alice.open('alice')
    again.wait_shown(alices_text)
    assert anonymous_text not in again.shown() and again.conversation() == alices


@pytest.mark.token
def test_a_new_token_for_another_user_switches_the_conversation_shown(devices):
    alices_text, bobs, again = said('alice', 'my order'), said('bob', 'parcel?'), said('bob', 'and again')
    device = devices().open('alice')
    device.write(alices_text)
    alices = device.conversation()
    # The host signs Bob in without reset(): it only hands the frame Bob's token.
    device.page.evaluate('t => SDK.setToken(t)', device.mint('bob'))
    device.page.wait_for_function('c => last("conversation-opened").conversationId !== c', arg=alices)
    wait_in(device.chat, '!Array.from(document.querySelectorAll("#messages li")).some(li => '
                         'li.textContent === %r)' % alices_text)
    device.write(bobs)
    assert device.shown()[-1] == bobs and alices_text not in device.shown()
    # Positive control: a new token for the same user: the frame asks, the server answers
    # with the same conversation, and nothing on screen changes.
    opened = device.page.evaluate('count("conversation-opened")')
    token = device.mint('bob')
    with device.page.expect_response(lambda r: r.url.endswith('/api/widget/session')) as answer:
        device.page.evaluate('t => SDK.setToken(t)', token)
    assert answer.value.status == 200
    device.write(again)
    assert device.shown()[-2:] == [bobs, again]
    assert device.page.evaluate('count("conversation-opened")') == opened


@pytest.mark.token
def test_the_pages_user_option_cannot_switch_the_verified_user(devices):
    mallory = devices().open('alice', user={'userId': 'user_bob', 'name': 'Bob'})
    mallory.page.wait_for_function('count("error") > 0')
    assert mallory.page.evaluate('last("error").code') == 'user-mismatch'
    assert mallory.page.evaluate('count("conversation-opened")') == 0
    # Positive control: the same userId as the backend's (and a name) is accepted.
    honest = devices().open('alice', user={'userId': 'user_alice', 'name': 'Alice'})
    honest.write(said('alice', 'hi'))
    assert honest.page.evaluate('count("error")') == 0


@pytest.mark.only_profile('masheev')
def test_without_chat_tokens_a_page_user_id_keys_nothing(devices, sqlite_servers):
    first = devices().open(user={'userId': 'usr_123', 'name': 'Jane'})
    phone_text, laptop_text = said('jane', 'on her phone'), said('jane', 'on her laptop')
    first.write(phone_text)
    phone = first.conversation()
    other = devices().open(user={'userId': 'usr_123', 'name': 'Jane'})
    other.write(laptop_text)
    assert other.conversation() != phone
    assert other.shown() == [laptop_text]
    rows = conversations(sqlite_servers.db_path)
    assert rows[phone] is None and rows[other.conversation()] is None
    # Positive control: the same browser (its stored anonymous visitor) resumes, history shown.
    first.page.evaluate('SDK.destroy()')
    again = first.open(user={'userId': 'usr_123'})
    again.wait_shown(phone_text)
    assert again.conversation() == phone
