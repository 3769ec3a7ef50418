"""The SDK in a real browser: script tag and async loading, modes and sizes,
commands and events end to end with the chat frame on another origin."""
import pytest
from browser_helpers import wait_true, chat_url, in_frame, poll, start, wait_in

def open_host(probe, servers, page='host.html', extra=''):
    probe.page.goto(servers.page(page) + '?frame=' + servers.frame + extra)




def frame_box(probe):
    return probe.page.eval_on_selector('iframe', 'e => { const r = e.getBoundingClientRect(); '
                                                 'return [Math.round(r.width), Math.round(r.height), '
                                                 'Math.round(r.left), Math.round(r.top)]; }')




def test_script_tag_handshake_and_iframe(probe, servers):
    open_host(probe, servers)
    start(probe)
    attrs = probe.page.eval_on_selector('iframe', 'e => ({src: e.src, sandbox: e.getAttribute("sandbox"), '
                                                  'title: e.title})')
    assert attrs['sandbox'] == 'allow-scripts allow-same-origin allow-forms allow-popups'
    profile = probe.profile
    assert attrs['title'] == profile['frameTitle']
    assert attrs['src'] == chat_url(profile, servers.frame, servers.host)
    assert probe.page.evaluate('SDK.isReady()') is True
    # The build's one global, under its own name; the frame kit's likewise.
    globals_like_it = probe.page.evaluate('n => Object.keys(window).filter(k => k.toLowerCase().includes('
                                          'n.toLowerCase()))', profile['globalName'])
    assert globals_like_it == [profile['globalName']]
    assert in_frame(probe.chat_frame(), 'KIT === window.' + profile['frameGlobalName'])
    assert probe.errors == []


def test_async_snippet_flushes_queued_commands_in_order(probe, servers):
    open_host(probe, servers, 'async.html')
    assert probe.page.evaluate('__queuedCalls') == 8   # 4 on() + init + open + 2 sendMessage
    probe.page.wait_for_function('count("ready") === 1')
    probe.page.wait_for_function('count("message") >= 4')   # 2 user + 2 ai replies
    messages = probe.page.evaluate('__events.filter(e => e.name === "message").map(e => e.payload)')
    users = [m['content'] for m in messages if m['role'] == 'user']
    assert users == ['queued one', 'queued two']
    names = probe.page.evaluate('__events.map(e => e.name)')
    assert names.index('open') < names.index('ready')   # the queue flushes before `ready` fires
    chat = probe.chat_frame()
    chat.wait_for_selector('li.user >> nth=1')
    assert chat.locator('li.user').all_inner_texts() == ['queued one', 'queued two']


def test_chat_widget_sizes_and_open_close_toggle(probe, servers):
    open_host(probe, servers)
    start(probe, {'position': 'left'})
    assert frame_box(probe)[:3] == [100, 100, 0]
    # Clipped to the launcher's circle: the transparent corners take no clicks.
    assert probe.page.eval_on_selector('iframe', 'e => e.style.clipPath') == 'circle(32px at 50% 50%)'
    probe.page.evaluate('SDK.open()')
    assert frame_box(probe)[:2] == [460, 750]
    assert probe.page.evaluate('count("open")') == 1
    probe.chat_frame().wait_for_selector('#panel:not([hidden])')
    probe.page.evaluate('SDK.toggle()')
    assert frame_box(probe)[:2] == [100, 100]
    assert probe.page.evaluate('count("close")') == 1
    probe.page.evaluate('SDK.toggle()')
    assert frame_box(probe)[:2] == [460, 750]
    # The user closes it inside the frame: the host hears about it.
    probe.chat_frame().click('#close')
    probe.page.wait_for_function('count("close") === 2')
    assert frame_box(probe)[:2] == [100, 100]


def test_narrow_viewport_open_is_full_screen(probe, servers):
    probe.page.set_viewport_size({'width': 600, 'height': 900})
    open_host(probe, servers)
    start(probe)
    assert frame_box(probe)[:2] == [100, 100]
    probe.page.evaluate('SDK.open()')
    assert frame_box(probe) == [600, 900, 0, 0]
    probe.page.set_viewport_size({'width': 1000, 'height': 900})
    probe.page.wait_for_function('document.querySelector("iframe").getBoundingClientRect().width === 460')


def test_prompt_input_and_embedded_sizes(probe, servers):
    open_host(probe, servers)
    start(probe, {'mode': 'prompt-input'})
    width, height, left, _ = frame_box(probe)
    assert (width, height, left) == (1280, 100, 0)
    probe.page.evaluate('SDK.destroy()')
    assert probe.page.evaluate('document.querySelectorAll("iframe").length') == 0
    probe.page.evaluate('__events.length = 0')
    start(probe, {'mode': 'embedded', 'container': '#chat'})
    assert frame_box(probe)[:2] == [500, 400]
    assert probe.page.evaluate('document.querySelector("#chat iframe") !== null')


def test_messages_unread_and_conversation_events(probe, servers):
    open_host(probe, servers)
    start(probe)
    probe.page.evaluate('SDK.sendMessage("hello while closed")')
    probe.page.wait_for_function('count("message") >= 2')
    probe.page.wait_for_function('count("unread-count") >= 1')
    assert probe.page.evaluate('last("unread-count")') == {'count': 1}
    assert probe.page.evaluate('count("conversation-opened")') == 1
    assert probe.page.evaluate('last("conversation-opened").conversationId').startswith('conv_')
    probe.page.evaluate('SDK.open()')
    probe.page.wait_for_function('last("unread-count").count === 0')
    # A message typed in the frame reaches the host as a `message` event.
    chat = probe.chat_frame()
    chat.fill('#input', 'typed in the frame')
    chat.press('#input', 'Enter')
    probe.page.wait_for_function('__events.some(e => e.name === "message" && e.payload.content === '
                                 '"typed in the frame")')
    payload = probe.page.evaluate('__events.find(e => e.name === "message" && e.payload.role === "user").payload')
    assert set(payload) == {'role', 'content'}
    assert probe.page.evaluate('count("resize")') >= 1


def test_theme_locale_and_questions_reach_the_frame(probe, servers):
    open_host(probe, servers)
    start(probe, {'theme': 'light', 'locale': 'en', 'questions': ['First?']})
    chat = probe.chat_frame()
    wait_true(chat, 'document.documentElement.dataset.theme === "light"')
    probe.page.evaluate('SDK.setTheme("dark"); SDK.setLocale("pt-BR"); '
                        'SDK.setQuestions(["A?", "<b>B?</b>"])')
    wait_true(chat, 'document.documentElement.dataset.theme === "dark"')
    wait_true(chat, 'document.documentElement.lang === "pt-BR"')
    assert chat.locator('#send').inner_text() == 'Enviar'
    wait_true(chat, 'document.querySelectorAll("#questions button").length === 2')
    # Strings are data: no markup is created from them.
    assert chat.locator('#questions button').all_inner_texts() == ['A?', '<b>B?</b>']
    assert chat.locator('#questions b').count() == 0


def test_parent_messages_never_reach_another_origin(probe, servers):
    # If the SDK posted with "*", a page of another origin that takes the frame's
    # place would receive the commands (and the token). It must receive nothing.
    open_host(probe, servers)
    start(probe)
    probe.page.evaluate('url => { document.querySelector("iframe").src = url; }', servers.page('spy.html'))
    probe.page.wait_for_function('(() => { try { return Array.isArray(document.querySelector("iframe")'
                                 '.contentWindow.__received); } catch (e) { return false; } })()')
    probe.page.evaluate('SDK.setTheme("dark"); SDK.setLocale("es"); SDK.open(); '
                        'SDK.sendMessage("secret")')
    probe.page.wait_for_timeout(300)
    assert probe.page.evaluate('document.querySelector("iframe").contentWindow.__received') == []
    # Positive control: the same spy, after the same wait, does receive a post addressed
    # to its own origin, so the empty list above is the SDK's doing, not a deaf spy.
    probe.page.evaluate('origin => document.querySelector("iframe").contentWindow.postMessage({control: 1}, origin)',
                        servers.host)
    probe.page.wait_for_timeout(300)
    assert probe.page.evaluate('document.querySelector("iframe").contentWindow.__received') == [
        {'origin': servers.host, 'data': {'control': 1}}]


def test_frame_messages_never_reach_another_origin(probe, servers):
    # A chat page told that its parent is some other origin posts `ready` only there:
    # this page must not hear a thing.
    open_host(probe, servers)
    probe.page.evaluate("""src => {
        window.__heard = [];
        window.addEventListener('message', e => window.__heard.push(e.origin));
        const f = document.createElement('iframe');
        f.src = src;
        document.body.appendChild(f);
    }""", chat_url(probe.profile, servers.frame, 'http://127.0.0.1:9'))
    chat = None
    for _ in range(100):
        chat = probe.chat_frame()
        if chat is not None:
            break
        probe.page.wait_for_timeout(50)
    wait_in(chat, 'KIT && KIT.getState() === "waiting"')
    probe.page.wait_for_timeout(300)
    assert probe.page.evaluate('__heard') == []
    # Positive control: the same chat page told the right parent is heard by the same listener.
    probe.page.evaluate("""src => {
        const f = document.createElement('iframe');
        f.src = src;
        document.body.appendChild(f);
    }""", chat_url(probe.profile, servers.frame, servers.host))
    probe.page.wait_for_function('__heard.length > 0', timeout=10000)
    assert probe.page.evaluate('__heard[0]') == servers.frame


def test_strict_csp_host_page(probe, servers):
    probe.page.goto(servers.page('strict.html') + '?frame=' + servers.frame)
    poll(probe, 'count("ready") === 1')
    probe.page.evaluate('SDK.open()')
    poll(probe, 'count("open") === 1')
    assert probe.page.evaluate('__violations') == []
    assert not any('Content Security Policy' in text for _, text in probe.console)
    assert probe.errors == []


@pytest.mark.parametrize('mode', ['chat-widget', 'embedded'])
def test_destroy_removes_everything(probe, servers, mode):
    open_host(probe, servers)
    config = {'mode': mode, 'container': '#chat'} if mode == 'embedded' else {}
    start(probe, config)
    probe.page.evaluate('SDK.destroy()')
    assert probe.page.evaluate('document.querySelectorAll("iframe").length') == 0
    error = probe.page.evaluate('(() => { try { SDK.open(); } catch (e) { return [e.name, e.code]; } })()')
    assert error == ['StateError', 'not-initialized']
