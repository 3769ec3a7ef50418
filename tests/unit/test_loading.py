"""Loading strategies (config `loading`) of the parent-side widget on the fake
platform: eager / idle / interaction, the stand-in launcher of chat-widget mode
(what it looks like, what starts loading, when it is swapped for the frame),
embedded mode's visibility wait, prompt-input's refusal, the command queue
before the frame exists, and destroy() in every phase.

Every test that ends with the widget alive also checks that nothing leaked:
destroy() leaves no frame, launcher, listener, timer or wait behind.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'parity'))

from api_spec import CONFIG_FIELDS, LIMITS
from errors import ConfigError, StateError
from fake_platform import FakePromise
from harness import EVENTS, FRAME_ORIGIN, Harness, envelope
from widget_layout import CLOSED_PX, LAUNCHER_ICON, launcher_spec
from widget_loading import IDLE_TIMEOUT_MS, SWAP_FALLBACK_MS, SWAP_SETTLE_MS

CHAT_PAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'devkit',
                         'static', 'chat')


class Env:
    def __init__(self):
        self.h = Harness(False)
        self.p = self.h.platform
        self.api = self.h.api
        self.events = []
        self.posts = []
        original = self.p.post_message

        def post_message(frame, message, target_origin):
            self.posts.append(message['type'])
            original(frame, message, target_origin)
        self.p.post_message = post_message
        for name in EVENTS:
            self.api['on'](name, self.listener(name))

    def listener(self, name):
        def record(payload=None):
            self.events.append((name, payload))
        return record

    def init(self, **extra):
        cfg = {'baseUrl': FRAME_ORIGIN, 'pageTracking': 'off'}   # page tracking: test_page_tracking.py
        if 'getToken' not in extra:
            cfg['token'] = 'tok-1'
        cfg.update(extra)
        self.api['init'](cfg)

    def send(self, message_type, payload=None):
        self.p.deliver(FRAME_ORIGIN, self.p.frames[-1].window, envelope(message_type, payload or {}))

    def ready(self):
        self.send('ready')

    def laid_out(self, height=100):
        """The frame reports its size; the swap waits one animation frame plus SWAP_SETTLE_MS."""
        self.send('resize', {'height': height})
        self.p.run_frame()

    def launcher(self):
        return self.p.launchers[-1]

    def lines(self, prefix):
        return [line for line in self.p.log if line.startswith(prefix)]

    def names(self):
        return [name for name, _ in self.events]

    def assert_clean_after_destroy(self):
        self.api['destroy']()
        assert self.p.live_launchers() == 0
        assert all(not launcher.handlers for launcher in self.p.launchers)
        assert self.p.body.children == [] and self.p.elements['#chat'].children == []
        assert self.p.message_listeners == [] and self.p.viewport_listeners == []
        assert self.p.pending_timers() == 0
        assert self.p.idle_waiters == [] and self.p.visible_waiters == []


@pytest.fixture
def env():
    e = Env()
    yield e
    e.assert_clean_after_destroy()


# ---- the option ---------------------------------------------------------------

def test_the_option_is_in_the_spec_with_eager_as_default():
    field = [f for f in CONFIG_FIELDS if f['name'] == 'loading'][0]
    assert field['default'] == 'eager'
    assert field['values'] == ['eager', 'idle', 'interaction']
    assert 'when' not in field   # every build profile


@pytest.mark.parametrize('extra', [{}, {'loading': 'eager'}, {'loading': None}])
def test_eager_creates_the_frame_at_init_as_before(env, extra):
    env.init(**extra)
    assert len(env.p.frames) == 1 and env.p.launchers == []
    assert env.lines('when-idle') == [] and env.lines('observe-visible') == []


def test_interaction_is_refused_in_prompt_input_mode():
    e = Env()
    with pytest.raises(ConfigError) as info:
        e.init(mode='prompt-input', loading='interaction')
    assert 'prompt-input' in str(info.value) and '"idle"' in str(info.value)
    assert e.p.frames == [] and e.p.launchers == []
    e.init(mode='prompt-input', loading='idle')      # the positive control: idle is fine there
    e.assert_clean_after_destroy()


# ---- interaction, chat-widget: the stand-in launcher --------------------------

def test_interaction_draws_a_launcher_and_nothing_else(env):
    calls = []
    env.init(getToken=lambda: calls.append(1) or 'tok-x', loading='interaction')
    env.p.settle()
    assert env.p.frames == []                       # no iframe: no request to the chat origin
    assert calls == []                              # getToken waits for the frame too
    assert env.p.message_listeners == [] and env.p.pending_timers() == 0
    assert env.p.live_launchers() == 1 and env.p.body.children == [env.launcher()]
    assert env.api['isReady']() is False
    assert env.events == []
    env.p.launcher_event('hover')
    env.p.settle()
    assert len(env.p.frames) == 1 and calls == [1]


def test_launcher_geometry_matches_the_closed_frame_circle():
    spec = launcher_spec('right', False, 'en-US', 0)
    button = spec['button']
    inset = (CLOSED_PX - 64) // 2
    assert inset == 18
    assert (button['position'], button['bottom'], button['right'], button['left']) == ('fixed', '18px', '18px', '')
    assert (button['width'], button['height'], button['border-radius']) == ('64px', '64px', '50%')
    assert int(button['z-index']) > 2147483000        # above the iframe it covers until the swap
    assert spec['label'] == 'Open chat' and spec['badge'] == '' and spec['badge-style']['display'] == 'none'
    left = launcher_spec('left', False, 'en', 0)['button']
    assert (left['left'], left['right']) == ('18px', '')


def test_launcher_looks_like_the_chat_pages_launcher():
    with open(os.path.join(CHAT_PAGE, 'index.html'), encoding='utf-8') as f:
        page = f.read()
    with open(os.path.join(CHAT_PAGE, 'chat.js'), encoding='utf-8') as f:
        script = f.read()
    assert 'd="' + LAUNCHER_ICON + '"' in page
    for text in ["open: 'Open chat'", "unreadOne: 'Open chat, 1 unread message'",
                 "unreadMany: 'Open chat, {n} unread messages'", "open: 'Abrir chat'",
                 "unreadOne: 'Abrir chat, 1 mensagem não lida'", "unreadMany: 'Abrir chat, {n} mensagens não lidas'"]:
        assert text in script
    assert launcher_spec('right', False, 'en', 0)['button']['background'] == '#0b57d0'
    dark = launcher_spec('right', True, 'en', 0)
    assert (dark['button']['background'], dark['button']['color']) == ('#a8c7fa', '#062e6f')


@pytest.mark.parametrize('unread, label, badge', [
    (0, 'Open chat', ''), (1, 'Open chat, 1 unread message', '1'), (7, 'Open chat, 7 unread messages', '7'),
    (120, 'Open chat, 120 unread messages', '99+')])
def test_launcher_label_and_badge(unread, label, badge):
    spec = launcher_spec('right', False, 'en-GB', unread)
    assert (spec['label'], spec['badge']) == (label, badge)
    assert spec['badge-style']['display'] == ('block' if badge else 'none')
    assert launcher_spec('right', False, 'pt-BR', 2)['label'] == 'Abrir chat, 2 mensagens não lidas'


def test_theme_and_locale_follow_config_and_setters_before_the_frame(env):
    env.p.dark = True
    env.init(loading='interaction', locale='pt-BR')
    assert env.launcher().spec['label'] == 'Abrir chat'
    assert env.launcher().spec['button']['background'] == '#a8c7fa'      # theme "auto" + a dark page
    env.api['setTheme']('light')
    env.api['setLocale']('en')
    assert env.launcher().spec['button']['background'] == '#0b57d0'
    assert env.launcher().spec['label'] == 'Open chat'
    assert env.p.frames == []                                              # setters do not load the frame


@pytest.mark.parametrize('what', ['hover', 'focus', 'pointerdown'])
def test_hover_focus_and_press_start_loading_without_opening(env, what):
    env.init(loading='interaction')
    env.p.launcher_event(what)
    assert len(env.p.frames) == 1
    assert env.p.live_launchers() == 1               # stays on top until the frame has drawn its own
    env.p.launcher_event('hover')                    # a second trigger does nothing more
    assert len(env.p.frames) == 1
    env.ready()
    assert env.posts == ['init'] and 'open' not in env.names()


def test_click_loads_opens_once_ready_and_hands_the_focus_to_the_frame(env):
    env.init(loading='interaction')
    env.p.launcher_event('pointerdown')
    env.p.launcher_event('focus')
    env.p.launcher_event('click')
    assert env.posts == []
    env.ready()
    assert env.posts == ['init', 'open']
    assert env.names() == ['open', 'ready']
    assert env.p.live_launchers() == 0
    assert env.lines('focus-frame') == ['focus-frame frame1']
    assert env.p.frames[0].style['width'] == '460px'


def test_swap_after_the_frame_reported_its_size_and_settled(env):
    env.init(loading='interaction')
    env.p.launcher_event('hover')
    env.ready()
    assert env.p.live_launchers() == 1
    env.laid_out()
    env.p.advance(SWAP_SETTLE_MS - 1)
    assert env.p.live_launchers() == 1
    env.p.advance(1)
    assert env.p.live_launchers() == 0 and env.launcher().handlers == []
    assert env.lines('focus-frame') == []             # it did not have the focus
    assert env.p.pending_timers() == 0


def test_swap_falls_back_when_the_frame_never_reports_a_size(env):
    env.init(loading='interaction')
    env.p.launcher_event('hover')
    env.ready()
    env.p.advance(SWAP_FALLBACK_MS - 1)
    assert env.p.live_launchers() == 1
    env.p.advance(1)
    assert env.p.live_launchers() == 0


def test_a_focused_launcher_stays_until_blur_and_still_opens_the_chat(env):
    env.init(loading='interaction')
    env.p.launcher_event('focus')                   # a keyboard user tabbed to it
    env.ready()
    env.laid_out()
    env.p.advance(SWAP_SETTLE_MS)
    assert env.p.live_launchers() == 1              # removing it would drop the focus to the page
    env.p.launcher_event('click')                   # Enter on the button
    assert env.posts == ['init', 'open'] and env.p.live_launchers() == 0
    assert env.lines('focus-frame') == ['focus-frame frame1']


def test_a_focused_launcher_is_removed_when_it_loses_the_focus(env):
    env.init(loading='interaction')
    env.p.launcher_event('focus')
    env.ready()
    env.laid_out()
    env.p.advance(SWAP_SETTLE_MS)
    env.p.launcher_event('blur')
    assert env.p.live_launchers() == 0 and env.lines('focus-frame') == []


def test_a_frame_with_nothing_to_show_still_replaces_the_launcher(env):
    env.init(loading='interaction')
    env.p.launcher_event('hover')
    env.ready()
    env.laid_out(0)
    env.p.advance(SWAP_SETTLE_MS)
    assert env.p.live_launchers() == 0
    assert env.p.frames[0].style['visibility'] == 'hidden'


# ---- commands before the frame exists ------------------------------------------

@pytest.mark.parametrize('name, arg', [('open', None), ('toggle', None), ('sendMessage', 'Hi')])
def test_commands_that_need_the_chat_start_loading(env, name, arg):
    env.init(loading='interaction')
    env.api[name]() if arg is None else env.api[name](arg)
    assert len(env.p.frames) == 1
    env.ready()
    expected = {'open': ['init', 'open'], 'toggle': ['init', 'open'], 'sendMessage': ['init', 'sendMessage']}
    assert env.posts == expected[name]


def test_other_commands_wait_in_the_queue_in_order(env):
    env.init(loading='interaction')
    env.api['updateContext']({'name': 'Jane'})
    env.api['updateContact']({'email': 'jane@example.com'})
    env.api['setQuestions'](['Pricing?'])
    assert env.p.frames == []
    env.api['open']()
    env.ready()
    assert env.posts == ['init', 'updateContext', 'updateContact', 'open']


def test_the_queue_is_bounded_before_the_frame_exists(env):
    env.init(loading='interaction')
    for i in range(LIMITS['queueMax'] + 1):
        env.api['updateContext']({'name': 'n' + str(i)})
    assert env.p.frames == []
    assert [payload['code'] for name, payload in env.events if name == 'error'] == ['queue-full']


def test_init_again_while_deferred_is_ignored_with_a_warning(env):
    env.init(loading='interaction')
    env.init(loading='interaction')
    assert env.p.live_launchers() == 1
    assert any('init() was called again' in line for line in env.lines('warn '))


def test_reset_while_deferred_loads_the_frame_to_forget_the_visitor(env):
    outcome = []
    env.init(loading='interaction')
    env.api['reset'](lambda: outcome.append('done'), lambda err: outcome.append(err))
    assert len(env.p.frames) == 1
    env.ready()
    assert env.posts == ['init', 'reset']
    env.send('reset')
    assert outcome == ['done'] and env.p.live_launchers() == 0


# ---- the unread badge -----------------------------------------------------------

def test_a_known_unread_count_shows_on_the_next_launcher_until_reset(env):
    env.init()
    env.ready()
    env.send('chat:unread-count', {'count': 3})
    env.p.run_frame()
    env.api['destroy']()
    env.init(loading='interaction')
    assert env.launcher().spec['badge'] == '3'
    assert env.launcher().spec['label'] == 'Open chat, 3 unread messages'
    env.api['reset'](None, None)
    env.ready()
    env.send('reset')
    env.init(loading='interaction')
    assert env.launcher().spec['badge'] == ''


# ---- idle -----------------------------------------------------------------------

def test_idle_draws_the_launcher_and_loads_when_the_page_is_idle(env):
    env.init(loading='idle')
    assert env.lines('when-idle') == ['when-idle ' + str(IDLE_TIMEOUT_MS) + 'ms']
    assert env.p.frames == [] and env.p.live_launchers() == 1
    env.p.go_idle()
    assert len(env.p.frames) == 1 and env.p.idle_waiters == []
    env.ready()
    assert env.names() == ['ready'] and env.posts == ['init']


def test_idle_loads_earlier_on_interaction_and_stops_waiting(env):
    env.init(loading='idle')
    env.p.launcher_event('pointerdown')
    assert len(env.p.frames) == 1
    assert env.p.idle_waiters == [] and env.lines('cancel-idle') == ['cancel-idle']
    env.p.go_idle()
    assert len(env.p.frames) == 1


@pytest.mark.parametrize('mode', ['prompt-input', 'embedded'])
def test_idle_in_the_other_modes_has_no_launcher(env, mode):
    extra = {'container': '#chat'} if mode == 'embedded' else {}
    env.init(loading='idle', mode=mode, **extra)
    assert env.p.launchers == [] and env.p.frames == []
    env.p.go_idle()
    assert len(env.p.frames) == 1
    parent = env.p.frames[0].parent
    assert parent is (env.p.elements['#chat'] if mode == 'embedded' else env.p.body)


# ---- interaction, embedded: when the container comes into view -----------------

def test_embedded_interaction_loads_when_the_container_is_visible(env):
    env.init(loading='interaction', mode='embedded', container='#chat')
    assert env.lines('observe-visible') == ['observe-visible #chat']
    assert env.p.frames == [] and env.p.launchers == []
    env.api['updateContext']({'name': 'Jane'})
    assert env.p.frames == []
    env.p.scroll_into_view()
    assert len(env.p.frames) == 1 and env.p.frames[0].parent is env.p.elements['#chat']
    assert env.p.visible_waiters == []
    env.ready()
    assert env.posts == ['init', 'updateContext']


# ---- destroy in every phase -------------------------------------------------------

@pytest.mark.parametrize('loading', ['idle', 'interaction'])
def test_destroy_while_deferred(loading):
    e = Env()
    e.init(loading=loading)
    e.api['updateContext']({'name': 'Jane'})
    e.assert_clean_after_destroy()
    e.p.go_idle()
    assert e.p.frames == []
    with pytest.raises(StateError):
        e.api['open']()


def test_destroy_while_the_frame_loads_behind_the_launcher():
    e = Env()
    e.init(loading='interaction')
    e.p.launcher_event('hover')
    e.assert_clean_after_destroy()
    assert e.p.frames[0].removed


def test_destroy_while_ready_before_the_swap():
    e = Env()
    e.init(loading='interaction')
    e.p.launcher_event('focus')
    e.ready()
    e.laid_out()
    e.assert_clean_after_destroy()


def test_destroy_while_watching_the_container():
    e = Env()
    e.init(loading='interaction', mode='embedded', container='#chat')
    e.assert_clean_after_destroy()
    assert e.lines('unobserve-visible') == ['unobserve-visible #chat']


def test_a_late_get_token_after_destroy_is_ignored():
    e = Env()
    promise = FakePromise()
    e.init(getToken=lambda: promise, loading='interaction')
    e.p.launcher_event('hover')
    e.p.settle()
    e.assert_clean_after_destroy()
    promise.resolve('tok-late')
    assert e.posts == []


def test_a_dom_error_when_the_trigger_fires_becomes_an_error_event():
    e = Env()

    def broken(attrs, container):
        raise ValueError('DOM says no')
    e.p.create_frame = broken
    e.init(loading='interaction')
    e.p.launcher_event('hover')
    errors = [payload for name, payload in e.events if name == 'error']
    assert len(errors) == 1 and errors[0]['code'] == 'frame-error'
    assert e.p.live_launchers() == 0
    with pytest.raises(StateError):
        e.api['open']()
    e.assert_clean_after_destroy()
