"""The reference chat page (devkit/static/chat) as a product, in every mode:
sizes per mode, accessibility (axe-core, keyboard alone), the conversation's
look and behaviour (greeting first, chips, limits, themes, en and pt-BR),
logout, and screenshots of every mode for people to look at.

The host page is tests/browser/pages/chat-page.html (a plausible site around
the chat). Screenshots go to build/screenshots/<profile>/ (build/ is not
committed); the test prints their paths.
"""
import os
import re
import time
from types import SimpleNamespace

import pytest
from browser_helpers import in_frame, sdk_frame, start, wait_active, wait_in

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AXE_JS = os.path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js')
CHAT_JS = os.path.join(ROOT, 'devkit', 'static', 'chat', 'chat.js')
SHOTS = os.path.join(ROOT, 'build', 'screenshots')
QUESTIONS = ['Do you ship abroad?', 'Which size fits me?']
FALLBACK_LIMIT = 4000
VIEWPORTS = [(1280, 800), (390, 844)]


# ---- helpers --------------------------------------------------------------------------------------

def open_page(probe, servers, embedded=False, dark=False):
    probe.page.goto(servers.page('chat-page.html') + '?frame=' + servers.frame)
    probe.page.evaluate('([e, d]) => { document.body.classList.toggle("embedded", e); '
                        'document.body.classList.toggle("dark", d); }', [embedded, dark])


def launch(probe, servers, config=None, dark=False):
    """The host page with the widget started; returns the chat frame once it has drawn."""
    config = dict(config or {})
    embedded = config.get('mode') == 'embedded'
    if embedded:
        config.setdefault('container', '#chat')
    open_page(probe, servers, embedded=embedded, dark=dark)
    start(probe, config)
    chat = wait_active(probe)
    wait_in(chat, 'document.body.dataset.mode && !document.getElementById("app").hidden')
    return chat


def frame_box(probe):
    return probe.page.eval_on_selector(
        'iframe', 'e => { const r = e.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height), '
                  'Math.round(r.left), Math.round(r.top)]; }')


def wait_box(probe, predicate_js, seconds=5):
    """Wait until the iframe's [width, height] satisfy `predicate_js` (a JS expression over w and h)."""
    probe.page.wait_for_function('(() => { const r = document.querySelector("iframe").getBoundingClientRect(); '
                                 'const w = Math.round(r.width), h = Math.round(r.height); return ' + predicate_js
                                 + '; })()', timeout=seconds * 1000)


def wait_bar_fits(probe, chat, seconds=5):
    """The prompt bar once the host has followed the page's reported height; returns that height."""
    deadline = time.monotonic() + seconds
    while True:
        height = frame_box(probe)[1]
        if height == max(100, chat.evaluate('Math.ceil(document.body.getBoundingClientRect().height)')):
            return height
        if time.monotonic() > deadline:
            raise AssertionError('the bar (%d px) never matched the page' % height)
        time.sleep(0.05)


def rect(chat, selector):
    return chat.eval_on_selector(selector, 'e => { const r = e.getBoundingClientRect(); return [Math.round(r.left), '
                                           'Math.round(r.top), Math.round(r.width), Math.round(r.height)]; }')


def settle(chat):
    """Wait for the page's open/close animations to end."""
    wait_in(chat, 'document.getAnimations().length === 0')


def visible(chat, selector):
    return chat.is_visible(selector)


def focused(chat):
    """'#id' of the focused element in the frame (its text if it has no id), or None."""
    return chat.evaluate('(e => !document.hasFocus() ? null : e.id ? "#" + e.id : e.textContent)'
                         '(document.activeElement)')


AI_REPLIES = '__events.filter(e => e.name === "message" && e.payload.role === "ai").length'


def send_and_wait_reply(probe, chat, text):
    replies = probe.page.evaluate(AI_REPLIES)
    chat.fill('#input', text)
    chat.press('#input', 'Enter')
    probe.page.wait_for_function('n => %s > n' % AI_REPLIES, arg=replies)


def limit_of(chat):
    return in_frame(chat, 'typeof KIT.messageMaxLength === "number" ? KIT.messageMaxLength : %d' % FALLBACK_LIMIT)


def run_axe(chat):
    """axe-core in the chat frame; returns the serious and critical violations."""
    if not chat.evaluate('typeof window.axe === "object"'):
        with open(AXE_JS) as f:
            chat.evaluate(f.read())   # evaluate(), not a <script>: the page's CSP allows no inline script
    found = chat.evaluate("""() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))""")
    return [v for v in found if v['impact'] in ('serious', 'critical')]


def set_theme(probe, chat, theme):
    probe.page.evaluate('t => SDK.setTheme(t)', theme)
    wait_in(chat, 'document.documentElement.dataset.theme === %r' % theme)


# ---- each mode lays out for its own size ------------------------------------------------------------

HITS = """([x, y]) => document.elementFromPoint(x, y) === document.querySelector('iframe')"""


def around(cx, cy, radius):
    return [(round(cx + radius * dx), round(cy + radius * dy))
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (.7, .7), (-.7, .7), (.7, -.7), (-.7, -.7))]


@pytest.mark.parametrize('position', ['right', 'left'])
def test_closed_widget_takes_only_the_launchers_clicks(probe, servers, position):
    chat = launch(probe, servers, {'position': position})
    probe.page.wait_for_function('count("resize") >= 1')
    # The launcher's centre: 50 px in from the corner (a 64 px circle 18 px in).
    cx = 50 if position == 'left' else 1280 - 50
    cy = 800 - 50
    width, height, left, top = frame_box(probe)
    assert (left + width / 2, top + height / 2) == (cx, cy)
    assert all(probe.page.evaluate(HITS, point) for point in around(cx, cy, 28) + [(cx, cy)])
    # The ring around the bubble and the rest of the corner belong to the host page.
    missed = [point for point in around(cx, cy, 36) + around(cx, cy, 48) if probe.page.evaluate(HITS, point)]
    assert missed == []
    # Inside the frame: only the launcher, a 64 px circle centred in the frame.
    settle(chat)
    view = chat.evaluate('[innerWidth, innerHeight]')
    left, top, w, h = rect(chat, '#bubble')
    assert (w, h) == (64, 64) and (left + 32, top + 32) == (view[0] / 2, view[1] / 2)
    assert not visible(chat, '#panel')
    assert chat.evaluate('getComputedStyle(document.getElementById("bubble")).borderRadius') == '50%'
    # An SVG glyph, no emoji (which renders as an empty box without emoji fonts).
    assert chat.locator('#bubble svg').count() == 1
    assert chat.evaluate('/\\p{Extended_Pictographic}/u.test(document.getElementById("bubble").textContent)') is False
    assert chat.get_attribute('#bubble', 'aria-label') == 'Open chat'


def test_launcher_label_counts_unread_messages(probe, servers):
    chat = launch(probe, servers)
    probe.page.evaluate('SDK.sendMessage("first"); SDK.sendMessage("second")')
    probe.page.wait_for_function('last("unread-count") && last("unread-count").count === 2')
    wait_in(chat, 'document.getElementById("badge").textContent === "2"')
    assert visible(chat, '#badge')
    assert chat.get_attribute('#bubble', 'aria-label') == 'Open chat, 2 unread messages'
    probe.page.evaluate('SDK.setLocale("pt-BR")')
    wait_in(chat, 'document.documentElement.lang === "pt-BR"')
    assert chat.get_attribute('#bubble', 'aria-label') == 'Abrir chat, 2 mensagens não lidas'
    # The badge lies within the launcher's circle (the host may clip the frame to it).
    bx, by, bw, bh = rect(chat, '#badge')
    lx, ly, _, _ = rect(chat, '#bubble')
    assert ((bx + bw / 2 - lx - 32) ** 2 + (by + bh / 2 - ly - 32) ** 2) ** .5 + bh / 2 <= 32


@pytest.mark.parametrize('viewport', VIEWPORTS, ids=['desktop', 'phone'])
def test_open_widget_is_a_floating_card_or_full_screen(probe, servers, viewport):
    width, height = viewport
    probe.page.set_viewport_size({'width': width, 'height': height})
    chat = launch(probe, servers)
    probe.page.evaluate('SDK.open()')
    chat.wait_for_selector('#panel:not([hidden])')
    style = chat.eval_on_selector('#panel', 'e => { const s = getComputedStyle(e); '
                                            'return {radius: s.borderTopLeftRadius, shadow: s.boxShadow}; }')
    assert chat.evaluate('getComputedStyle(document.body).backgroundColor') == 'rgba(0, 0, 0, 0)'
    settle(chat)
    if width > 640:
        wait_box(probe, 'w === 460 && h === 750')
        assert rect(chat, '#panel') == [16, 16, 460 - 32, 750 - 32]   # margin on every side
        assert style['radius'] == '16px' and style['shadow'] != 'none'
    else:
        wait_box(probe, 'w === %d && h === %d' % (width, height))
        assert rect(chat, '#panel') == [0, 0, width, height]
        assert style['radius'] == '0px'


def test_prompt_input_fits_the_bar_and_expands(probe, servers):
    chat = launch(probe, servers, {'mode': 'prompt-input', 'questions': QUESTIONS})
    wait_box(probe, 'h === 100')
    # Collapsed: only the composer row, wholly inside the 100 px bar; no header, no chips.
    assert chat.evaluate('Math.ceil(document.body.getBoundingClientRect().height)') <= 100
    for selector in ('#input', '#send'):
        left, top, width, height = rect(chat, selector)
        assert visible(chat, selector) and top >= 0 and top + height <= 100, selector
    for selector in ('#header', '#questions', '#messages'):
        assert not visible(chat, selector), selector
    # Focus expands it (the host follows the reported height); the input stays in view.
    chat.click('#input')
    probe.page.wait_for_function('count("open") === 1')
    chat.wait_for_selector('#messages li.ai')        # the greeting
    bar_height = wait_bar_fits(probe, chat)
    assert bar_height > 100
    assert visible(chat, '#header') and visible(chat, '#questions')
    assert rect(chat, '#input')[1] + rect(chat, '#input')[3] <= bar_height
    # Leaving for the host page shrinks it back.
    probe.page.click('#host-button')
    probe.page.wait_for_function('count("close") === 1')
    wait_box(probe, 'h === 100')
    assert not visible(chat, '#header')
    # A reply expands it without taking the focus.
    probe.page.evaluate('SDK.sendMessage("Where is my order?")')
    wait_box(probe, 'h > 100')
    chat.wait_for_selector('li.ai >> text=Where is my order?')
    assert probe.page.evaluate('document.activeElement.id') == 'host-button'
    # Escape from inside the frame shrinks it too and tells the host.
    chat.click('#input')
    chat.press('#input', 'Escape')
    probe.page.wait_for_function('count("close") === 2')
    wait_box(probe, 'h === 100')
    # The host's open() expands it and puts the focus in the composer; close() shrinks it.
    probe.page.evaluate('SDK.open()')
    wait_box(probe, 'h > 100')
    assert focused(chat) == '#input'
    probe.page.evaluate('SDK.close()')
    wait_box(probe, 'h === 100')


def test_embedded_fills_its_container(probe, servers):
    chat = launch(probe, servers, {'mode': 'embedded'})
    box = probe.page.eval_on_selector('#chat', 'e => [e.clientWidth, e.clientHeight]')
    wait_box(probe, 'w === %d && h === %d' % tuple(box))
    assert rect(chat, '#panel') == [0, 0, box[0], box[1]]
    assert visible(chat, '#header') and not visible(chat, '#close') and not visible(chat, '#bubble')


def test_hide_header_applies_to_embedded_mode_only(probe, servers):
    chat = launch(probe, servers, {'hideHeader': True})
    probe.page.evaluate('SDK.open()')
    chat.wait_for_selector('#panel:not([hidden])')
    assert visible(chat, '#header') and visible(chat, '#close')
    chat = launch(probe, servers, {'hideHeader': True, 'mode': 'embedded'})
    assert not visible(chat, '#header')
    # The region keeps its name without the visible header.
    assert chat.get_attribute('#panel', 'aria-labelledby') == 'agent-name'


@pytest.mark.token
def test_refused_token_collapses_the_frame_until_a_good_one_arrives(probe, servers):
    open_page(probe, servers)
    # A token the server refuses (bad signature): the frame never draws, and says so with height 0.
    probe.page.evaluate("""async () => {
        const t = await mint();
        const cut = t.lastIndexOf('.') + 1;
        const forged = t.slice(0, cut) + (t[cut] === 'A' ? 'B' : 'A') + t.slice(cut + 1);
        track();
        SDK.init({token: forged, baseUrl: FRAME});
    }""")
    probe.page.wait_for_function('count("session-expired") === 1')
    wait_box(probe, 'w === 0 && h === 0')
    assert probe.page.eval_on_selector('iframe', 'e => getComputedStyle(e).visibility') == 'hidden'
    # A renewed token: the launcher again, in its own box.
    probe.page.evaluate('async () => SDK.setToken(await mint())')
    wait_box(probe, 'w > 0 && w <= 100 && h === w')
    chat = sdk_frame(probe)
    chat.wait_for_selector('#bubble:not([hidden])')


@pytest.mark.token
def test_rejected_origin_collapses_the_frame(probe, servers):
    open_page(probe, servers)
    probe.page.evaluate("""async () => {
        const token = await mint({allowedOrigins: ['http://127.0.0.1:9']});
        track();
        SDK.init({token, baseUrl: FRAME, mode: 'prompt-input'});
    }""")
    probe.page.wait_for_function('count("error") >= 1')
    wait_box(probe, 'w === 0 && h === 0')


# ---- accessibility ------------------------------------------------------------------------------------

STATES = ['launcher', 'widget-open', 'prompt-collapsed', 'prompt-expanded', 'embedded']


def enter_state(probe, servers, state, config=None):
    config = dict(config or {}, questions=QUESTIONS)
    if state.startswith('prompt'):
        config['mode'] = 'prompt-input'
    elif state == 'embedded':
        config['mode'] = 'embedded'
    chat = launch(probe, servers, config)
    if state == 'widget-open':
        probe.page.evaluate('SDK.open()')
    if state in ('widget-open', 'prompt-expanded', 'embedded'):
        chat.click('#input')
        for i in range(12):    # until the message list scrolls (axe: scrollable-region-focusable)
            send_and_wait_reply(probe, chat, 'Question number %d about delivery times?' % (i + 1))
            chat.wait_for_selector('#messages li.streaming', state='detached')
            if chat.evaluate('(l => l.scrollHeight > l.clientHeight)(document.getElementById("messages"))'):
                break
        else:
            raise AssertionError('the message list never became scrollable')
    if state == 'prompt-collapsed':
        chat.wait_for_selector('#input')
    return chat


@pytest.mark.parametrize('state', STATES)
def test_axe_finds_nothing_serious_in_any_mode_or_theme(probe, servers, state):
    chat = enter_state(probe, servers, state)
    for theme in ('light', 'dark'):
        set_theme(probe, chat, theme)
        assert run_axe(chat) == [], (state, theme)


def test_axe_in_pt_br_with_the_consent_gate(probe, servers):
    chat = launch(probe, servers, {'locale': 'pt-BR', 'requireConsent': True, 'privacyUrl': 'https://example.com/p',
                                   'questions': QUESTIONS})
    probe.page.evaluate('SDK.open()')
    chat.wait_for_selector('#consent:not([hidden])')
    assert run_axe(chat) == []
    set_theme(probe, chat, 'dark')
    assert run_axe(chat) == []


def test_keyboard_alone_opens_uses_and_closes_the_chat(probe, servers):
    chat = launch(probe, servers, {'questions': QUESTIONS})
    page = probe.page
    page.focus('#host-button')
    page.keyboard.press('Tab')                       # into the frame: the launcher
    assert focused(chat) == '#bubble'
    page.keyboard.press('Enter')
    page.wait_for_function('count("open") === 1')
    wait_in(chat, 'document.activeElement.id === "input"')   # focus moved into the chat
    assert chat.get_attribute('#panel', 'role') == 'dialog'
    assert chat.get_attribute('#panel', 'aria-labelledby') == 'agent-name'
    # The chips come just before the composer; Enter on one sends it and hides them.
    page.keyboard.press('Shift+Tab')
    assert focused(chat) == QUESTIONS[1]
    page.keyboard.press('Enter')
    chat.wait_for_selector('li.user >> text=%s' % QUESTIONS[1])
    assert not visible(chat, '#questions') and focused(chat) == '#input'
    page.keyboard.type('Hello from the keyboard')
    page.keyboard.press('Enter')
    chat.wait_for_selector('li.user >> text=Hello from the keyboard')
    # Backwards: the message list (scrollable by keyboard), then the close button.
    page.keyboard.press('Shift+Tab')
    assert focused(chat) == '#messages'
    page.keyboard.press('Shift+Tab')
    assert focused(chat) == '#close'
    # Escape closes from inside the frame; the host hears `close`; focus returns to the launcher.
    page.keyboard.press('Escape')
    page.wait_for_function('count("close") === 1')
    wait_in(chat, 'document.activeElement.id === "bubble"')
    assert not visible(chat, '#panel')
    # Space opens it too; the close button closes it, focus back on the launcher again.
    page.keyboard.press(' ')
    page.wait_for_function('count("open") === 2')
    wait_in(chat, 'document.activeElement.id === "input"')
    page.keyboard.press('Shift+Tab')
    page.keyboard.press('Shift+Tab')
    assert focused(chat) == '#close'
    page.keyboard.press('Enter')
    page.wait_for_function('count("close") === 2')
    wait_in(chat, 'document.activeElement.id === "bubble"')


def test_message_list_is_keyboard_scrollable(probe, servers):
    chat = enter_state(probe, servers, 'widget-open')
    assert chat.get_attribute('#messages', 'tabindex') == '0'
    assert chat.get_attribute('#messages', 'aria-label') == 'Messages'


def test_transitions_honour_reduced_motion(probe, servers):
    chat = launch(probe, servers)
    probe.page.evaluate('SDK.open()')
    chat.wait_for_selector('#panel:not([hidden])')
    animation = chat.eval_on_selector('#panel', 'e => getComputedStyle(e).animationName')
    assert animation != 'none'
    probe.page.emulate_media(reduced_motion='reduce')
    wait_in(chat, 'getComputedStyle(document.getElementById("panel")).animationName === "none"')
    assert chat.eval_on_selector('#bubble', 'e => getComputedStyle(e).animationName') == 'none'


# ---- the conversation ---------------------------------------------------------------------------------

def test_greeting_comes_first(probe, servers):
    chat = launch(probe, servers)
    # The host sends before the chat was ever opened: the greeting still opens the conversation.
    probe.page.evaluate('SDK.sendMessage("Do you ship abroad?")')
    probe.page.wait_for_function('__events.some(e => e.name === "message" && e.payload.role === "ai")')
    probe.page.evaluate('SDK.open()')
    chat.wait_for_selector('#messages li.streaming', state='detached')
    roles = chat.eval_on_selector_all('#messages li', 'ls => ls.map(l => [l.className, l.textContent])')
    assert [r[0] for r in roles] == ['ai', 'user', 'ai'], roles
    assert roles[1][1] == 'Do you ship abroad?'
    assert not roles[0][1].startswith('You said')   # the greeting, not the reply


def test_greeting_shows_when_the_chat_opens(probe, servers):
    chat = launch(probe, servers)
    probe.page.evaluate('SDK.open()')
    chat.wait_for_selector('#messages li.ai')
    assert chat.locator('#messages li.user').count() == 0


def test_chips_are_hidden_once_used(probe, servers):
    chat = launch(probe, servers, {'questions': QUESTIONS})
    probe.page.evaluate('SDK.open()')
    chat.wait_for_selector('#questions button >> nth=1')
    chat.click('#questions button >> text=%s' % QUESTIONS[1])
    chat.wait_for_selector('li.user >> text=%s' % QUESTIONS[1])
    assert not visible(chat, '#questions')
    # New suggestions from the host are shown again; a typed message hides them too.
    probe.page.evaluate('SDK.setQuestions(["Is there a store near me?"])')
    chat.wait_for_selector('#questions button >> text=Is there a store near me?')
    chat.fill('#input', 'Typed instead')
    chat.press('#input', 'Enter')
    chat.wait_for_selector('li.user >> text=Typed instead')
    assert not visible(chat, '#questions')


def test_an_over_long_message_is_refused_before_it_shows(probe, servers):
    chat = launch(probe, servers)
    probe.page.evaluate('SDK.open()')
    limit = limit_of(chat)
    chat.fill('#input', 'x' * (limit + 1000))     # a paste: nothing is cut silently
    assert len(chat.input_value('#input')) == limit + 1000
    chat.wait_for_selector('#input-error:not([hidden])')
    assert chat.get_attribute('#input', 'aria-invalid') == 'true'
    assert re.search(r'\b%s\b' % format(limit, ','), chat.text_content('#input-error'))
    chat.press('#input', 'Enter')
    probe.page.wait_for_timeout(300)
    assert chat.locator('li.user').count() == 0
    assert probe.page.evaluate('count("message")') == 0
    assert len(chat.input_value('#input')) == limit + 1000   # kept, so the user can shorten it
    # Exactly at the limit: accepted.
    chat.fill('#input', 'y' * limit)
    assert not visible(chat, '#input-error')
    chat.press('#input', 'Enter')
    chat.wait_for_selector('li.user')
    probe.page.wait_for_function('__events.some(e => e.name === "message" && e.payload.role === "ai")')
    assert probe.page.evaluate('__events.filter(e => e.name === "error").map(e => e.payload.code)') == []


def test_the_frame_kit_gives_the_page_its_limit(probe, servers):
    """The frame kit says the limit (messageMaxLength, what the page enforces); it is the server's."""
    chat = launch(probe, servers)
    assert in_frame(chat, 'typeof KIT.messageMaxLength') == 'number'
    assert limit_of(chat) == FALLBACK_LIMIT


def test_pt_br_strings_with_accents(probe, servers):
    chat = launch(probe, servers, {'locale': 'pt-BR', 'requireConsent': True, 'privacyUrl': 'https://example.com/p'})
    probe.page.evaluate('SDK.open()')
    chat.wait_for_selector('#consent:not([hidden])')
    text = chat.evaluate('document.getElementById("panel").innerText')
    for expected in ('Antes de começar', 'Concordo com o tratamento dos meus dados.', 'Política de privacidade',
                     'Iniciar chat', 'Com tecnologia de IA · pode cometer erros'):
        assert expected in text, expected
    assert chat.get_attribute('#close', 'aria-label') == 'Fechar chat'
    assert chat.get_attribute('#messages', 'aria-label') == 'Mensagens'
    chat.check('#consent-box')
    chat.click('#consent-start')
    chat.wait_for_selector('#composer:not([hidden])')
    assert chat.inner_text('#send') == 'Enviar'
    assert chat.get_attribute('#input', 'placeholder') == 'Pergunte qualquer coisa...'
    chat.fill('#input', 'x' * (limit_of(chat) + 1))
    assert 'Esta mensagem é longa demais' in chat.text_content('#input-error')
    # Session expiry, as the frame kit reports it.
    chat.fill('#input', '')
    in_frame(chat, 'KIT.sessionExpired()')
    wait_in(chat, 'document.getElementById("status").textContent.startsWith("Sessão expirada")')
    # Nothing English is left on the page.
    english = chat.evaluate('document.getElementById("app").innerText')
    for word in ('Send', 'Close', 'Message', 'AI-powered', 'agree', 'Privacy'):
        assert word not in english, word


def test_strings_come_from_one_complete_table():
    source = open(CHAT_JS, encoding='utf-8').read()
    table = source[source.index('var STRINGS = {'):source.index('  };', source.index('var STRINGS = {'))]
    en = table[table.index('en: {'):table.index('pt: {')]
    pt = table[table.index('pt: {'):]
    keys = lambda block: sorted(re.findall(r'(\w+): \'', block))   # noqa: E731
    assert keys(en) == keys(pt)
    for unaccented in ('Sessao', ' nao ', 'pagina', 'Politica', 'comecar'):
        assert unaccented not in pt, unaccented
    # The page's HTML carries no user-visible text of its own: it all comes from the table.
    html = open(os.path.join(os.path.dirname(CHAT_JS), 'index.html'), encoding='utf-8').read()
    body = re.sub(r'<!--.*?-->|<[^>]+>', ' ', html[html.index('<body>'):], flags=re.S)
    assert body.split() == []


# ---- logout -------------------------------------------------------------------------------------------

def frame_storage(chat):
    return chat.evaluate('Object.keys(localStorage).filter(k => k.startsWith("chat.")).sort()')


def test_reset_forgets_the_visitor_and_the_conversation(probe, servers):
    chat = launch(probe, servers, {'requireConsent': True})
    probe.page.evaluate('SDK.open()')
    chat.check('#consent-box')
    chat.click('#consent-start')
    send_and_wait_reply(probe, chat, 'I am user A')
    first = probe.page.evaluate('last("conversation-opened").conversationId')
    visitor = chat.evaluate('localStorage.getItem("chat.visitorId")')
    assert frame_storage(chat) == ['chat.consent', 'chat.visitorId']
    assert probe.page.evaluate('typeof SDK.reset') == 'function', 'the SDK has no reset() yet'
    probe.page.evaluate('SDK.reset()')
    # The frame forgot everything: its storage, the messages on screen.
    if probe.page.evaluate('document.querySelectorAll("iframe").length') == 1:
        wait_in(chat, '!localStorage.getItem("chat.visitorId") && !document.querySelector("#messages li")')
    else:
        probe.page.evaluate('__events.length = 0')
        chat = launch(probe, servers, {'requireConsent': True})
    assert frame_storage(chat) == []
    # The next person: a new visitor in a new conversation, with the consent asked again.
    probe.page.evaluate('SDK.open()')
    chat.wait_for_selector('#consent:not([hidden])')
    chat.check('#consent-box')
    chat.click('#consent-start')
    send_and_wait_reply(probe, chat, 'I am user B')
    assert probe.page.evaluate('last("conversation-opened").conversationId') != first
    assert chat.evaluate('localStorage.getItem("chat.visitorId")') not in (None, visitor)
    assert chat.locator('li.user').all_inner_texts() == ['I am user B']


# ---- favicon ------------------------------------------------------------------------------------------

def test_chat_page_references_no_missing_icon(probe, servers):
    failed = []
    probe.page.on('response', lambda r: failed.append(r.url) if r.status >= 400 and r.url.startswith(servers.frame)
                  else None)
    chat = launch(probe, servers)
    icons = chat.eval_on_selector_all('link[rel~="icon"]', 'ls => ls.map(l => l.href)')
    for href in icons:
        assert probe.page.request.get(href).ok, href
    probe.page.evaluate('SDK.open()')
    chat.wait_for_selector('#messages li.ai')
    assert failed == []


# ---- screenshots --------------------------------------------------------------------------------------

PROMPT = {'mode': 'prompt-input'}
SHOT_STATES = [('chat-widget-closed', {}), ('chat-widget-open', {}), ('prompt-input-collapsed', PROMPT),
               ('prompt-input-expanded', PROMPT), ('embedded', {'mode': 'embedded'})]


def test_screenshots_of_every_mode(browser, profile, servers, capsys):
    """Writes build/screenshots/<profile>/<mode>-<width>x<height>-<theme>.png and prints the list."""
    folder = os.path.join(SHOTS, profile['id'])
    os.makedirs(folder, exist_ok=True)
    written = []
    for width, height in VIEWPORTS:
        for theme in ('light', 'dark'):
            for name, config in SHOT_STATES:
                # A new visitor each time (so the greeting shows); no frame caught mid-animation.
                context = browser.new_context(viewport={'width': width, 'height': height}, reduced_motion='reduce')
                try:
                    probe = SimpleNamespace(page=context.new_page(), profile=profile)
                    probe.page.set_default_timeout(10000)
                    written.append(screenshot(probe, servers, folder, name, dict(config, theme=theme)))
                finally:
                    context.close()
    with capsys.disabled():
        print('\nscreenshots (%s):\n  %s' % (profile['id'], '\n  '.join(written)))
    assert len(written) == len(VIEWPORTS) * 2 * len(SHOT_STATES)


def screenshot(probe, servers, folder, name, config):
    config.update(questions=QUESTIONS, agentName='Trail help', agentTitle='Usually answers in seconds')
    chat = launch(probe, servers, config, dark=config['theme'] == 'dark')
    if name == 'chat-widget-closed':
        probe.page.evaluate('SDK.sendMessage("Do you ship abroad?")')
        probe.page.wait_for_function('count("unread-count") >= 1')
    if name == 'chat-widget-open':
        probe.page.evaluate('SDK.open()')
    if name in ('chat-widget-open', 'prompt-input-expanded', 'embedded'):
        chat.click('#input')
        send_and_wait_reply(probe, chat, 'Which tent is best for two people?')
        chat.wait_for_selector('#messages li.streaming', state='detached')
        probe.page.evaluate('SDK.setQuestions(%r)' % QUESTIONS)
    if name == 'prompt-input-collapsed':
        wait_box(probe, 'h === 100')
    probe.page.wait_for_timeout(150)
    viewport = probe.page.viewport_size
    path = os.path.join(folder, '%s-%dx%d-%s.png' % (name, viewport['width'], viewport['height'], config['theme']))
    probe.page.screenshot(path=path)
    return os.path.relpath(path, ROOT)
