"""Parity scenarios for the frame half of the protocol (sdk_src/frame.py via
frame_api): each drives the frame kit through FakeFramePlatform, and the trace
(everything the kit did, plus every page event) must be the same under CPython
and under the transpiled JavaScript in Node.

Transcrypt-safe subset only (this file is transpiled too). The assertions about
what the behaviour must be live in tests/unit/test_frame.py."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import error_text, push
# __pragma__ ('noskip')
#?from jsvalues import error_text, push

from fake_platform import FakeFramePlatform, FakeWindow, show
from frame_api import create_frame_api
from api_spec import FRAME_EVENTS
from harness import PROFILE, SOURCE, run_scenarios

PARENT_ORIGIN = 'https://shop.example'
API_BASE = 'https://api.example'
REFRESH_AT_MS = 720000      # 80 % of the 900 s tokens below
LIFETIME_MS = 900000

FRAME_SCENARIOS = []


def frame_scenario(fn, name):
    push(FRAME_SCENARIOS, ['frame: ' + name, fn])


def frame_envelope(message_type, payload):
    return {'source': SOURCE, 'v': 1, 'type': message_type, 'payload': payload}


def init_payload(token):
    payload = {'locale': 'pt-BR', 'theme': 'dark', 'open': True, 'options': {'agentName': 'Ana'}}
    if token != None:
        payload['token'] = token
    return payload


class FrameHarness:
    """One frame kit on a FakeFramePlatform; every page event is logged."""

    def __init__(self):
        self.platform = FakeFramePlatform()
        self.api = create_frame_api(PROFILE, self.platform)
        # 900 s tokens whose iat/exp are far from the fake clock (it starts at 0).
        self.platform.claims['tok-1'] = {'iat': 1700000000, 'exp': 1700000900}
        self.platform.claims['tok-2'] = {'iat': 1700000700, 'exp': 1700001600}
        self.platform.claims['tok-3'] = {'iat': 1000, 'exp': 1600}
        for name in FRAME_EVENTS:
            self.watch(name)

    def watch(self, name):
        harness = self

        def listener(payload=None):
            harness.record('page-event ' + name + (' ' + show(payload) if payload != None else ''))
        self.api['on'](name, listener)

    def record(self, line):
        self.platform.record(line)

    def call(self, name, args):
        try:
            fn = self.api[name]
            if len(args) == 0:
                result = fn()
            elif len(args) == 1:
                result = fn(args[0])
            else:
                result = fn(args[0], args[1])
            if result != None:
                self.record('-> ' + show(result))
            return result
        except Exception as err:
            code = err.code if hasattr(err, 'code') else 'none'
            self.record('throw ' + err.__class__.__name__ + ' ' + code + ': ' + error_text(err))
            return None

    def start(self):
        return self.call('start', [{'apiBase': API_BASE}])

    def deliver(self, origin, source, data):
        self.platform.deliver(origin, source, data)

    def send(self, message_type, payload):
        """A message from window.parent at exactly parentOrigin."""
        self.platform.deliver(PARENT_ORIGIN, self.platform.parent, frame_envelope(message_type, payload))

    def init(self, token):
        self.send('init', init_payload(token))

    def respond(self, status, body, retry_after):
        self.platform.respond(status, body, retry_after)

    def activate(self, token):
        self.init(token)
        self.respond(200, {'whatsappNumberIds': ['n1'], 'allowedOrigins': [PARENT_ORIGIN]}, None)

    def advance(self, ms):
        self.record('advance ' + str(ms) + 'ms')
        self.platform.advance(ms)

    def advance_until_request(self, limit_ms):
        waited = 0
        while self.platform.pending_requests() == 0 and waited < limit_ms:
            self.platform.advance(1000)
            waited = waited + 1000
        self.record('clock ' + str(self.platform.now()) + 'ms pending=' + str(self.platform.pending_requests()))

    def state(self):
        self.record('state ' + self.api['getState']() + ' token=' + show(self.api['getToken']())
                    + ' listeners=' + str(len(self.platform.message_listeners))
                    + ' observers=' + str(len(self.platform.height_observers))
                    + ' visibility=' + str(len(self.platform.visibility_listeners))
                    + ' timers=' + str(self.platform.pending_timers())
                    + ' requests=' + str(self.platform.pending_requests())
                    + ' frames=' + str(len(self.platform.frames_queue)))


# ---- start ------------------------------------------------------------------

def start_posts_ready_to_the_exact_origin(h):
    h.state()
    h.start()
    h.call('parentOrigin', [])
    h.state()


def start_refuses_inexact_parent_origins(h):
    bad = [None, '', 42, 'null', '*', 'https://shop.example/', 'https://shop.example/path', 'https://shop.example?x=1',
           'javascript:alert(1)', 'data:text/html,hi', 'ftp://shop.example', 'HTTPS://shop.example',
           'https://SHOP.example', 'https://shop.example:443', 'https://user@shop.example', 'https://',
           'shop.example']
    for origin in bad:
        h.platform.query_parent_origin = origin
        h.start()
    h.state()
    h.platform.query_parent_origin = 'http://localhost:3000'
    h.start()
    h.state()


def start_outside_an_iframe_and_twice(h):
    h.platform.framed = False
    h.start()
    h.state()
    h.platform.framed = True
    h.start()
    h.start()
    h.state()


# ---- who may talk -------------------------------------------------------------

def strangers_are_ignored(h):
    h.start()
    for origin in ['https://shop.example.evil.io', 'http://shop.example', 'https://shop.example:8443',
                   'https://sub.shop.example', 'null', '', None]:
        h.deliver(origin, h.platform.parent, frame_envelope('init', init_payload('tok-1')))
    for source in [FakeWindow('parent'), FakeWindow('popup'), None]:
        h.deliver(PARENT_ORIGIN, source, frame_envelope('init', init_payload('tok-1')))
    h.platform.framed = False
    h.init('tok-1')
    h.platform.framed = True
    h.state()
    h.init('tok-1')
    h.state()


def malformed_envelopes_are_ignored_and_version_warns_once(h):
    h.start()
    junk = [None, 'init', 42, [], {}, {'type': 'init', 'payload': init_payload('tok-1')},
            {'source': 'other', 'v': 1, 'type': 'init', 'payload': init_payload('tok-1')},
            {'source': SOURCE, 'v': 1, 'payload': init_payload('tok-1')},
            frame_envelope('reboot', {}), frame_envelope('ready', {}), frame_envelope('init', None),
            frame_envelope('init', 'tok-1'), frame_envelope('init', {'token': '', 'locale': 'en', 'theme': 'dark',
                                                                      'open': True, 'options': {}}),
            frame_envelope('init', {'token': 'tok-1', 'locale': 'en', 'theme': 'purple', 'open': True,
                                    'options': {}}),
            frame_envelope('init', {'token': 'tok-1', 'locale': 'en', 'theme': 'dark', 'open': 'yes',
                                    'options': {}}),
            frame_envelope('init', {'token': 42, 'locale': 'en', 'theme': 'dark', 'open': True, 'options': {}})]
    for data in junk:
        h.deliver(PARENT_ORIGIN, h.platform.parent, data)
    h.deliver(PARENT_ORIGIN, h.platform.parent, {'source': SOURCE, 'v': 2, 'type': 'init',
                                                 'payload': init_payload('tok-1')})
    h.deliver(PARENT_ORIGIN, h.platform.parent, {'source': SOURCE, 'v': '1', 'type': 'init',
                                                 'payload': init_payload('tok-1')})
    h.deliver(PARENT_ORIGIN, h.platform.parent, {'source': SOURCE, 'type': 'init', 'payload': init_payload('tok-1')})
    h.state()


# ---- verification ---------------------------------------------------------------

def verified_init_activates(h):
    h.start()
    h.init('tok-1')
    h.state()
    h.respond(200, {'whatsappNumberIds': ['n1', 7], 'allowedOrigins': [PARENT_ORIGIN]}, None)
    h.state()
    h.call('getScope', [])


def verify_403_rejects_and_nothing_else_is_delivered(h):
    h.start()
    h.init('tok-1')
    h.respond(403, {'error': 'origin'}, None)
    h.state()
    h.send('open', {})
    h.send('set-theme', {'theme': 'light'})
    h.send('set-token', {'token': 'tok-2'})
    h.call('getScope', [])
    h.state()


def verify_401_posts_session_expired_once(h):
    h.start()
    h.init('tok-1')
    h.respond(401, None, None)
    h.call('sessionExpired', [])
    h.state()


def other_verify_statuses_fail_and_token_may_be_missing(h):
    h.start()
    h.init(None)
    h.state()
    h.init('tok-1')
    h.respond(500, None, None)
    h.init('tok-1')
    h.respond(0, None, None)
    h.init('tok-1')
    h.respond(429, None, 30)
    h.state()
    h.init('tok-2')
    h.respond(200, {}, None)
    h.state()


def a_newer_init_makes_the_older_answer_stale(h):
    h.start()
    h.init('tok-1')
    h.init('tok-2')
    h.respond(403, None, None)
    h.state()
    h.respond(200, {}, None)
    h.state()


# ---- commands -------------------------------------------------------------------

def commands_are_delivered_only_when_active(h):
    h.start()
    h.send('open', {})
    h.init('tok-1')
    h.send('set-theme', {'theme': 'light'})
    h.respond(200, {}, None)
    h.send('set-theme', {'theme': 'light'})
    h.send('set-locale', {'locale': 'es-ES'})
    h.send('open', {})
    h.send('close', None)
    h.send('sendMessage', {'text': 'hello'})
    h.send('updateContext', {'context': {'plan': 'pro'}})
    h.send('updateContact', {'fields': {'email': 'a@b.co'}})
    h.send('setQuestions', {'questions': ['Pricing?', 'Trial?']})
    # malformed ones are ignored
    h.send('set-theme', {'theme': 'purple'})
    h.send('sendMessage', {'text': ''})
    h.send('setQuestions', {'questions': [1]})
    h.state()


def commands_while_verifying_are_held_in_order(h):
    h.start()
    h.init('tok-1')
    h.send('open', {})
    h.send('sendMessage', {'text': 'first'})
    h.send('set-theme', {'theme': 'purple'})
    h.send('setQuestions', {'questions': ['Q?']})
    h.state()
    h.respond(200, {}, None)
    h.init('tok-2')
    h.send('sendMessage', {'text': 'lost'})
    h.respond(403, None, None)
    h.init('tok-3')
    for i in range(103):
        h.send('sendMessage', {'text': 'm' + str(i)})
    h.respond(200, {}, None)
    h.state()


def set_token_reverifies(h):
    h.start()
    h.send('set-token', {'token': 'tok-2'})
    h.activate('tok-1')
    h.send('set-token', {'token': 'tok-2'})
    h.state()
    h.send('open', {})
    h.respond(200, {}, None)
    h.state()
    h.call('sessionExpired', [])
    h.send('set-token', {'token': 'tok-3'})
    h.respond(200, {}, None)
    h.state()


# ---- token lifetime ---------------------------------------------------------------

def refresh_at_80_percent_replaces_the_token(h):
    h.start()
    h.advance(5000)
    h.activate('tok-1')
    h.advance(REFRESH_AT_MS - 1)
    h.state()
    h.advance(1)
    h.state()
    h.respond(200, {'token': 'tok-3', 'expiresAt': 'later'}, None)
    h.state()
    h.advance(480000)
    h.respond(200, {'token': 'tok-2'}, None)
    h.state()


def clock_skew_does_not_matter(h):
    h.platform.claims['tok-1'] = {'iat': 4102444800, 'exp': 4102445700}
    h.platform.claims['tok-2'] = {'iat': -3600, 'exp': -2700}
    h.start()
    h.advance(123456)
    h.activate('tok-1')
    h.advance(REFRESH_AT_MS)
    h.respond(200, {'token': 'tok-2'}, None)
    h.advance(REFRESH_AT_MS)
    h.state()


def refresh_401_and_403_expire_once(h):
    h.start()
    h.activate('tok-1')
    h.advance(REFRESH_AT_MS)
    h.respond(401, None, None)
    h.call('sessionExpired', [])
    h.platform.set_visible(False)
    h.platform.set_visible(True)
    h.advance(LIFETIME_MS)
    h.state()
    h.send('set-token', {'token': 'tok-2'})
    h.respond(200, {}, None)
    h.advance(REFRESH_AT_MS)
    h.respond(403, None, None)
    h.call('sessionExpired', [])
    h.state()


def refresh_429_honours_retry_after(h):
    h.start()
    h.activate('tok-1')
    h.advance(REFRESH_AT_MS)
    h.respond(429, None, 30)
    h.advance(29999)
    h.state()
    h.advance(1)
    h.respond(429, None, 3600)
    h.advance(LIFETIME_MS)
    h.state()


def refresh_errors_back_off_until_expiry(h):
    h.start()
    h.activate('tok-1')
    h.advance(REFRESH_AT_MS)
    statuses = [500, 0, 502, 503, 0, 500, 500, 500, 500]
    for status in statuses:
        if h.platform.pending_requests() > 0:
            h.respond(status, None, None)
            h.advance_until_request(LIFETIME_MS)
    h.state()


def hidden_tab_defers_the_refresh(h):
    h.start()
    h.activate('tok-1')
    h.platform.set_visible(False)
    h.advance(REFRESH_AT_MS + 60000)
    h.state()
    h.platform.set_visible(True)
    h.platform.set_visible(True)
    h.state()
    h.respond(500, None, None)
    h.platform.set_visible(False)
    h.advance(10000)
    h.platform.set_visible(True)
    h.state()


def visible_after_expiry_reports_once_without_a_burst(h):
    h.start()
    h.activate('tok-1')
    h.platform.set_visible(False)
    h.advance(3 * LIFETIME_MS)
    h.state()
    for _ in range(3):
        h.platform.set_visible(True)
        h.platform.set_visible(False)
    h.platform.set_visible(True)
    h.state()


def machine_sleep_then_focus(h):
    h.start()
    h.activate('tok-1')
    h.platform.clock = h.platform.clock + 2 * LIFETIME_MS
    h.platform.set_visible(True)
    h.state()


def visible_while_refresh_pending_makes_one_request(h):
    h.start()
    h.activate('tok-1')
    h.platform.set_visible(False)
    h.platform.set_visible(True)
    h.advance(REFRESH_AT_MS)
    for _ in range(3):
        h.platform.set_visible(False)
        h.platform.set_visible(True)
    h.state()
    h.respond(200, {'token': 'tok-2'}, None)
    h.state()


def unknown_lifetime_schedules_no_refresh(h):
    h.platform.claims['tok-2'] = {'iat': 1900, 'exp': 1900}
    h.platform.claims['tok-3'] = {'iat': '1000', 'exp': '1900'}
    h.start()
    h.activate('tok-4')
    h.state()
    h.send('set-token', {'token': 'tok-2'})
    h.respond(200, {}, None)
    h.send('set-token', {'token': 'tok-3'})
    h.respond(200, {}, None)
    h.platform.set_visible(True)
    h.advance(10 * LIFETIME_MS)
    h.state()


def one_second_token_clamps_and_expires(h):
    h.platform.claims['tok-1'] = {'iat': 10, 'exp': 11}
    h.start()
    h.activate('tok-1')
    h.advance(60000)
    h.state()


# ---- frame -> parent ----------------------------------------------------------------

def resize_is_coalesced_per_animation_frame(h):
    h.start()
    for i in range(50):
        h.platform.set_height(100 + i)
    h.state()
    h.platform.run_frame()
    h.platform.run_frame()
    h.platform.set_height(149)
    h.platform.run_frame()
    h.platform.set_height(500)
    h.platform.set_height(149)
    h.platform.run_frame()
    h.platform.set_height(-1)
    h.platform.set_height(float('nan'))
    h.platform.set_height('300')
    h.platform.set_height(None)
    h.platform.run_frame()
    h.platform.set_height(120.6)
    h.platform.run_frame()
    h.state()


def reports_post_the_right_envelopes(h):
    h.start()
    h.call('reportUnread', [0])
    h.call('reportUnread', [3])
    h.call('reportUnread', [3])
    h.call('reportUnread', [-1])
    h.call('reportUnread', [1.5])
    h.call('reportUnread', ['3'])
    h.call('conversationOpened', ['conv_1'])
    h.call('conversationOpened', [''])
    h.call('reportMessage', ['user', 'Hi there'])
    h.call('reportMessage', ['ai', 'Hello'])
    h.call('reportMessage', ['system', 'x'])
    h.call('reportMessage', ['user', '   '])
    h.call('reportError', ['upload-failed', 'The file is too large'])
    h.call('reportError', [None, 'm'])
    h.call('requestOpen', [])
    h.call('requestClose', [])
    h.state()


def reports_before_start_and_after_stop_raise(h):
    h.call('reportUnread', [1])
    h.call('conversationOpened', ['c1'])
    h.call('reportMessage', ['user', 'hi'])
    h.call('reportError', ['c', 'm'])
    h.call('requestOpen', [])
    h.call('requestClose', [])
    h.start()
    h.call('stop', [])
    h.call('reportUnread', [2])
    h.call('requestOpen', [])
    h.state()


def stop_unlistens_cancels_and_forgets(h):
    h.start()
    h.activate('tok-1')
    h.platform.set_height(400)
    h.state()
    h.call('stop', [])
    h.state()
    h.send('init', init_payload('tok-2'))
    h.send('open', {})
    h.platform.set_height(500)
    h.platform.run_frame()
    h.platform.set_visible(True)
    h.advance(10 * LIFETIME_MS)
    h.call('stop', [])
    h.state()


def stop_during_verification_and_refresh(h):
    h.start()
    h.init('tok-1')
    h.call('stop', [])
    h.respond(200, {}, None)
    h.state()
    h.start()
    h.activate('tok-2')
    h.state()


def non_finite_numbers_from_the_page(h):
    """NaN and Infinity are refused the same way in CPython and JavaScript."""
    h.start()
    h.call('reportUnread', [float('nan')])
    h.call('reportUnread', [float('inf')])
    try:
        h.platform.set_height(float('inf'))
        h.platform.run_frame()
    except Exception as err:
        h.record('height threw ' + err.__class__.__name__)
    h.state()


def page_messages_are_checked(h):
    h.start()
    h.activate('tok-1')
    h.call('getPage', [])
    for payload in [None, {}, {'url': PARENT_ORIGIN + '/a'}, {'url': '', 'title': 'x'}, {'url': 7, 'title': 'x'},
                    {'url': 'https://evil.example/a', 'title': 'x'}, {'url': 'javascript:alert(1)', 'title': 'x'},
                    {'url': PARENT_ORIGIN + '.evil.io/a', 'title': 'x'}]:
        h.send('page', payload)
    h.send('page', {'url': PARENT_ORIGIN + '/a#/route', 'title': 'A', 'token': 'leak'})
    h.call('getPage', [])
    h.call('stop', [])
    h.call('getPage', [])


frame_scenario(page_messages_are_checked, 'page messages are checked')
frame_scenario(start_posts_ready_to_the_exact_origin, 'start posts ready to the exact origin')
frame_scenario(start_refuses_inexact_parent_origins, 'start refuses inexact parent origins')
frame_scenario(start_outside_an_iframe_and_twice, 'start outside an iframe and twice')
frame_scenario(strangers_are_ignored, 'strangers are ignored')
frame_scenario(malformed_envelopes_are_ignored_and_version_warns_once,
               'malformed envelopes are ignored and version warns once')
frame_scenario(verified_init_activates, 'verified init activates')
frame_scenario(verify_403_rejects_and_nothing_else_is_delivered, 'verify 403 rejects and nothing else is delivered')
frame_scenario(verify_401_posts_session_expired_once, 'verify 401 posts session-expired once')
frame_scenario(other_verify_statuses_fail_and_token_may_be_missing,
               'other verify statuses fail and token may be missing')
frame_scenario(a_newer_init_makes_the_older_answer_stale, 'a newer init makes the older answer stale')
frame_scenario(commands_are_delivered_only_when_active, 'commands are delivered only when active')
frame_scenario(commands_while_verifying_are_held_in_order, 'commands while verifying are held in order')
frame_scenario(set_token_reverifies, 'set-token re-verifies')
frame_scenario(refresh_at_80_percent_replaces_the_token, 'refresh at 80 percent replaces the token')
frame_scenario(clock_skew_does_not_matter, 'clock skew does not matter')
frame_scenario(refresh_401_and_403_expire_once, 'refresh 401 and 403 expire once')
frame_scenario(refresh_429_honours_retry_after, 'refresh 429 honours Retry-After')
frame_scenario(refresh_errors_back_off_until_expiry, 'refresh errors back off until expiry')
frame_scenario(hidden_tab_defers_the_refresh, 'hidden tab defers the refresh')
frame_scenario(visible_after_expiry_reports_once_without_a_burst, 'visible after expiry reports once without a burst')
frame_scenario(machine_sleep_then_focus, 'machine sleep then focus')
frame_scenario(visible_while_refresh_pending_makes_one_request, 'visible while refresh pending makes one request')
frame_scenario(unknown_lifetime_schedules_no_refresh, 'unknown lifetime schedules no refresh')
frame_scenario(one_second_token_clamps_and_expires, 'one-second token clamps and expires')
frame_scenario(resize_is_coalesced_per_animation_frame, 'resize is coalesced per animation frame')
frame_scenario(reports_post_the_right_envelopes, 'reports post the right envelopes')
frame_scenario(reports_before_start_and_after_stop_raise, 'reports before start and after stop raise')
frame_scenario(stop_unlistens_cancels_and_forgets, 'stop unlistens, cancels and forgets')
frame_scenario(stop_during_verification_and_refresh, 'stop during verification, then restart')
frame_scenario(non_finite_numbers_from_the_page, 'non-finite numbers from the page')


def run_frame_all():
    """[[name, trace lines], ...] in declaration order."""
    def make():
        return FrameHarness()
    return run_scenarios(FRAME_SCENARIOS, make)
