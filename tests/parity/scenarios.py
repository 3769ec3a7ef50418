"""The parity scenarios: each drives the SDK through the fake platform and the
trace (everything the SDK did, plus every host-visible event) must be the same
under CPython and under the transpiled JavaScript in Node.

Transcrypt-safe subset only (this file is transpiled too)."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import push, join
# __pragma__ ('noskip')
#?from jsvalues import push, join

from fake_platform import FakeWindow, FakePromise, FakeElement, show
from harness import Harness, NOARG, FRAME_ORIGIN, SOURCE, PROFILE, envelope, run_scenarios
from connect import create_connect

SCENARIOS = []


def scenario(fn, name):
    push(SCENARIOS, [name, fn])


# ---- queue -----------------------------------------------------------------

def queue_flushes_in_order_after_handshake(h):
    h.init(None)
    h.call('open', NOARG)
    h.call('sendMessage', 'hello')
    h.call('updateContext', {'name': ' Ana ', 'customAttributes': {'plan': 'pro', 'seats': 3}})
    h.call('updateContact', {'email': ' a@b.co ', 'company': ''})
    h.call('close', NOARG)
    h.state()
    h.ready()
    h.state()


def queue_is_bounded(h):
    h.init(None)
    for i in range(103):
        h.call('sendMessage', 'm' + str(i))
    h.ready()


def queue_cleared_by_destroy(h):
    h.init(None)
    frame = h.frame()
    h.call('sendMessage', 'lost')
    h.call('destroy', NOARG)
    h.platform.deliver(FRAME_ORIGIN, frame.window, envelope('ready', {}))
    h.state()


def setters_before_ready_ride_in_init(h):
    h.init(None)
    h.call('setTheme', 'dark')
    h.call('setLocale', ' pt-BR ')
    h.call('setQuestions', ['Pricing?', ' Trial? '])
    h.call('setToken', 'tok-2')
    h.ready()


def toggles_queue_and_resolve_in_order(h):
    h.init(None)
    h.call('toggle', NOARG)
    h.call('toggle', NOARG)
    h.call('toggle', NOARG)
    h.ready()


def commands_from_ready_listener_run_after_queue(h):
    api = h.api

    def on_ready():
        h.record('host: ready callback sends')
        api['sendMessage']('from-ready')
    api['on']('ready', on_ready)
    h.init(None)
    h.call('sendMessage', 'queued-first')
    h.ready()


def setters_after_ready_post_directly(h):
    h.init(None)
    h.ready()
    h.call('setTheme', 'light')
    h.call('setLocale', 'es')
    h.call('setQuestions', ['A?'])
    h.call('setToken', 'tok-9')
    h.call('updateContact', {'name': '  '})


# ---- emitter ---------------------------------------------------------------

def on_returns_unsubscribe(h):
    def listener(payload):
        h.record('host: got ' + payload['content'])
    unsubscribe = h.api['on']('message', listener)
    h.init(None)
    h.ready()
    h.send('message', {'role': 'ai', 'content': 'one'})
    unsubscribe()
    unsubscribe()
    h.send('message', {'role': 'ai', 'content': 'two'})


def once_fires_once(h):
    def listener():
        h.record('host: once open')
    h.api['once']('open', listener)
    h.init(None)
    h.ready()
    h.call('open', NOARG)
    h.call('close', NOARG)
    h.call('open', NOARG)


def off_removes_listener(h):
    def listener():
        h.record('host: close seen')
    h.api['on']('close', listener)
    h.init(None)
    h.ready()
    h.call('open', NOARG)
    h.api['off']('close', listener)
    h.call('close', NOARG)


def throwing_listener_is_isolated(h):
    def bad(payload):
        raise ValueError('host bug')

    def good(payload):
        h.record('host: good listener still ran')
    h.api['on']('message', bad)
    h.api['on']('message', good)
    h.init(None)
    h.ready()
    h.send('message', {'role': 'user', 'content': 'x'})


def duplicate_listener_registered_once(h):
    def listener():
        h.record('host: ready once')
    h.api['on']('ready', listener)
    h.api['on']('ready', listener)
    h.init(None)
    h.ready()


def unknown_event_is_an_error(h):
    def listener():
        pass
    h.call('on', 'nope')
    try:
        h.api['on']('nope', listener)
    except Exception as err:
        h.record('throw ' + err.code)
    try:
        h.api['off']('Ready', listener)
    except Exception as err:
        h.record('throw ' + err.code)


def non_function_callback_is_an_error(h):
    try:
        h.api['on']('message', 'not a function')
    except Exception as err:
        h.record('throw ' + err.code + ' ' + err.sdk_message)


def each_listener_gets_its_own_payload(h):
    def mutate(payload):
        payload['content'] = 'mutated'

    def read(payload):
        h.record('host: second sees ' + payload['content'])
    h.api['on']('message', mutate)
    h.api['on']('message', read)
    h.init(None)
    h.ready()
    h.send('message', {'role': 'ai', 'content': 'original'})


# ---- validation ---------------------------------------------------------------

def config_must_be_an_object(h):
    h.call('init', 'token')
    h.call('init', None)
    h.call('init', ['a'])


def unknown_option_is_named(h):
    h.init({'tokn': 'x'})


def token_or_get_token_required(h):
    h.call('init', {'baseUrl': FRAME_ORIGIN})
    h.call('init', {'token': '   ', 'baseUrl': FRAME_ORIGIN})


def base_url_rules(h):
    h.init({'baseUrl': 'http://chat.example.com'})
    h.init({'baseUrl': 'http://127.0.0.1.evil.io'})
    h.init({'baseUrl': 'javascript:alert(1)'})
    h.init({'baseUrl': '/relative'})
    h.init({'baseUrl': 'https://user:pw@chat.example.com'})
    h.init({'baseUrl': 'https://chat.example.com/?x=1'})
    h.init({'baseUrl': 42})
    h.state()


def loopback_http_is_allowed(h):
    h.init({'baseUrl': 'http://127.0.0.2:8123/chat/'})
    h.call('destroy', NOARG)
    h.init({'baseUrl': 'http://localhost:9000'})


def enum_and_boolean_options(h):
    h.init({'theme': 'purple'})
    h.init({'mode': 'popup'})
    h.init({'position': 'top'})
    h.init({'requireConsent': 'yes'})
    h.init({'handshakeTimeout': 10})
    h.init({'handshakeTimeout': 1500.5})
    h.init({'locale': 'english please'})
    h.init({'locale': 'pt_BR'})


def embedded_mode_needs_a_container(h):
    h.init({'mode': 'embedded'})
    h.init({'mode': 'embedded', 'container': '#missing'})
    h.init({'mode': 'embedded', 'container': 12})
    h.init({'mode': 'embedded', 'container': '#chat'})
    h.ready()
    h.call('open', NOARG)


def command_argument_rules(h):
    h.init(None)
    h.call('sendMessage', '   ')
    h.call('sendMessage', 5)
    h.call('updateContact', {'nickname': 'x'})
    h.call('updateContact', 'name')
    h.call('updateContext', {'customAttributes': {'bad': [1]}})
    h.call('setTheme', 'neon')
    h.call('setLocale', '')
    h.call('setLocale', 'en-')
    h.call('setLocale', 'zh-Hant-TW')
    h.call('setQuestions', 'Pricing?')
    h.call('setToken', '')
    h.call('setToken', 7)
    h.state()


def user_option_is_checked_and_trimmed(h):
    h.init({'user': {'name': '  Jane ', 'email': '', 'customAttributes': {'vip': True}}})
    h.ready()


# ---- handshake, origin and source -----------------------------------------------

def handshake_happy_path(h):
    h.state()
    h.init({'locale': 'pt-BR', 'theme': 'dark', 'agentName': 'Support'})
    h.state()
    h.ready()
    h.state()


def lookalike_origin_is_ignored(h):
    h.init(None)
    window = h.frame().window
    h.platform.deliver('https://chat.example.com.evil.io', window, envelope('ready', {}))
    h.platform.deliver('https://chat.example.co', window, envelope('ready', {}))
    h.platform.deliver('http://chat.example.com', window, envelope('ready', {}))
    h.platform.deliver('https://chat.example.com:8443', window, envelope('ready', {}))
    h.state()


def null_origin_is_ignored(h):
    h.init(None)
    h.platform.deliver('null', h.frame().window, envelope('ready', {}))
    h.platform.deliver(None, h.frame().window, envelope('ready', {}))
    h.state()


def wrong_window_is_ignored(h):
    h.init(None)
    h.platform.deliver(FRAME_ORIGIN, FakeWindow('other-frame'), envelope('ready', {}))
    h.platform.deliver(FRAME_ORIGIN, None, envelope('ready', {}))
    h.state()


def non_envelopes_are_ignored(h):
    h.init(None)
    window = h.frame().window
    for data in ['ready', None, 42, ['ready'], {'type': 'ready'}, {'source': 'other', 'v': 1, 'type': 'ready'},
                 {'source': 7, 'v': 1, 'type': 'ready'}, {'source': SOURCE, 'v': 1, 'type': 'launch'},
                 {'source': SOURCE, 'v': 1, 'type': 5}]:
        h.platform.deliver(FRAME_ORIGIN, window, data)
    h.state()


def wrong_version_warns_once(h):
    h.init(None)
    window = h.frame().window
    h.platform.deliver(FRAME_ORIGIN, window, {'source': SOURCE, 'v': 2, 'type': 'ready'})
    h.platform.deliver(FRAME_ORIGIN, window, {'source': SOURCE, 'type': 'ready'})
    h.platform.deliver(FRAME_ORIGIN, window, {'source': SOURCE, 'v': '1', 'type': 'ready'})
    h.state()


def get_token_resolves_after_ready(h):
    promise = FakePromise()
    calls = [0]

    def get_token():
        calls[0] = calls[0] + 1
        h.record('host: getToken call ' + str(calls[0]))
        return promise
    h.call('init', {'getToken': get_token, 'baseUrl': FRAME_ORIGIN})
    h.platform.settle()
    h.ready()
    h.state()
    promise.resolve('tok-async')
    h.state()


def get_token_failure_then_set_token(h):
    def get_token():
        raise ValueError('backend down')
    h.call('init', {'getToken': get_token, 'baseUrl': FRAME_ORIGIN})
    h.platform.settle()
    h.ready()
    h.call('setToken', 'tok-manual')
    h.state()


def get_token_must_give_a_string(h):
    def get_token():
        return 12
    h.call('init', {'getToken': get_token, 'baseUrl': FRAME_ORIGIN})
    h.platform.settle()
    h.state()


# ---- frame messages -----------------------------------------------------------

def resize_is_coalesced_and_clamped(h):
    h.init({'mode': 'prompt-input'})
    h.ready()
    for height in [120, 130.6, -5, 'tall', 99999999, 240]:
        h.send('resize', {'height': height})
    h.platform.run_frame()
    h.send('resize', {'height': 240})
    h.platform.run_frame()
    h.send('resize', {'height': 1e9})
    h.platform.run_frame()


def unread_count_is_coalesced(h):
    h.init(None)
    h.ready()
    for count in [1, 2, 2.5, -1, 3]:
        h.send('chat:unread-count', {'count': count})
    h.platform.run_frame()
    h.send('chat:unread-count', {'count': 3})
    h.platform.run_frame()
    h.send('chat:unread-count', {'count': 10000000})
    h.platform.run_frame()


def conversation_and_message_events(h):
    h.init(None)
    h.ready()
    h.send('chat:conversation-opened', {'conversationId': 'c-42', 'extra': 'dropped'})
    h.send('chat:conversation-opened', {'conversationId': ''})
    h.send('message', {'role': 'ai', 'content': '<img src=x onerror=alert(1)>'})
    h.send('message', {'role': 'admin', 'content': 'no'})
    h.send('message', {'role': 'user'})


def frame_errors_become_error_events(h):
    h.init(None)
    h.ready()
    h.send('error', {'message': 'upstream failed', 'code': 'upstream'})
    h.send('error', {'message': 'no code'})
    h.send('error', {'code': 'no message'})


def frame_open_close_requests(h):
    h.init({'position': 'left'})
    h.ready()
    h.send('open', {})
    h.send('open', None)
    h.send('close', {})


def messages_before_handshake_are_ignored(h):
    h.init(None)
    h.send('message', {'role': 'ai', 'content': 'early'})
    h.send('open', {})
    h.state()


# ---- lifecycle -------------------------------------------------------------

def handshake_timeout(h):
    h.init({'handshakeTimeout': 2000})
    h.call('sendMessage', 'never sent')
    h.platform.advance(1999)
    h.state()
    h.platform.advance(1)
    h.state()
    h.call('open', NOARG)
    h.init(None)
    h.ready()
    h.state()


def timeout_without_listener_reports_to_console(h):
    quiet = Harness(False)
    quiet.init({'handshakeTimeout': 1000})
    quiet.platform.advance(1000)
    for line in quiet.platform.take_log():
        h.record(line)


def frame_reload_rehandshakes(h):
    h.init(None)
    h.ready()
    h.call('open', NOARG)
    h.call('setTheme', 'dark')
    h.ready()
    h.state()


def init_twice_keeps_one_frame(h):
    h.init(None)
    h.init({'theme': 'dark'})
    h.state()


def destroy_during_handshake(h):
    h.init(None)
    frame = h.frame()
    h.call('destroy', NOARG)
    h.platform.deliver(FRAME_ORIGIN, frame.window, envelope('ready', {}))
    h.platform.advance(20000)
    h.state()


def calls_after_destroy_fail_clearly(h):
    h.init(None)
    h.ready()
    h.call('destroy', NOARG)
    h.call('destroy', NOARG)
    h.call('open', NOARG)
    h.call('sendMessage', 'x')
    h.state()


def calls_before_init_fail_clearly(h):
    h.call('open', NOARG)
    h.call('setTheme', 'dark')
    h.call('destroy', NOARG)


def no_browser_means_no_init(h):
    h.platform.dom = False
    h.init(None)
    h.state()


def opaque_host_origin_is_refused(h):
    h.platform.origin = 'null'
    h.init(None)
    h.state()


def session_expired_with_get_token(h):
    tokens = [FakePromise(), FakePromise()]
    calls = [0]

    def get_token():
        promise = tokens[calls[0]]
        calls[0] = calls[0] + 1
        h.record('host: getToken call ' + str(calls[0]))
        return promise

    def expired():
        h.record('host: onSessionExpired')
    h.call('init', {'getToken': get_token, 'onSessionExpired': expired, 'baseUrl': FRAME_ORIGIN})
    h.platform.settle()
    tokens[0].resolve('tok-a')
    h.ready()
    h.send('session-expired', {})
    h.send('session-expired', {})
    h.platform.settle()
    tokens[1].resolve('tok-b')
    h.send('session-expired', None)
    h.state()


def session_expired_then_set_token(h):
    def expired():
        h.record('host: onSessionExpired')
    h.init({'onSessionExpired': expired})
    h.ready()
    h.send('session-expired', {})
    h.ready()
    h.call('setToken', 'tok-new')
    h.state()


def narrow_viewport_goes_full_screen(h):
    h.platform.width = 600
    h.init(None)
    h.ready()
    h.call('open', NOARG)
    h.platform.resize_viewport(1024)
    h.platform.resize_viewport(1100)
    h.platform.resize_viewport(640)
    h.call('close', NOARG)


def element_container_and_hidden_header(h):
    target = FakeElement('div.host')
    h.init({'mode': 'embedded', 'container': target, 'hideHeader': True})
    h.ready()
    h.call('destroy', NOARG)
    h.record('container children ' + str(len(target.children)))


# ---- connect() ---------------------------------------------------------------

CONNECT_EVENTS = ['ready', 'resize', 'connect:paired', 'connect:expired', 'error']


def open_connect(h, options):
    try:
        handle = create_connect(PROFILE, h.platform, options)
    except Exception as err:
        h.record('throw ' + err.__class__.__name__ + ' ' + err.code + ': ' + err.sdk_message)
        return None
    for name in CONNECT_EVENTS:
        watch_connect(h, handle, name)
    return handle


def watch_connect(h, handle, name):
    def listener(payload=None):
        h.record('connect event ' + name + (' ' + show(payload) if payload != None else ''))
    handle['on'](name, listener)


def connect_options_are_checked(h):
    open_connect(h, None)
    open_connect(h, {'pairingToken': 'pt_1'})
    open_connect(h, {'container': '#chat'})
    open_connect(h, {'container': '#chat', 'pairingToken': 'pt_1', 'pairingUrl': 'https://c.example/connect'})
    open_connect(h, {'container': '#chat', 'pairingUrl': 'http://c.example/connect?pairingToken=x'})
    open_connect(h, {'container': '#nope', 'pairingToken': 'pt_1'})
    open_connect(h, {'container': '#chat', 'pairingToken': 'pt_1', 'mode': 'embedded'})
    h.state()


def connect_pairs_a_number(h):
    handle = open_connect(h, {'container': '#chat', 'pairingUrl': FRAME_ORIGIN + '/connect?pairingToken=pt_9',
                              'locale': 'pt-BR'})
    frame = h.frame()
    h.platform.deliver('https://evil.example', frame.window, envelope('ready', {}))
    h.platform.deliver(FRAME_ORIGIN, FakeWindow('other'), envelope('ready', {}))
    h.record('ready? ' + show(handle['isReady']()))
    h.platform.deliver(FRAME_ORIGIN, frame.window, envelope('ready', {}))
    h.record('ready? ' + show(handle['isReady']()))
    for height in [300, 320, -1]:
        h.platform.deliver(FRAME_ORIGIN, frame.window, envelope('resize', {'height': height}))
    h.platform.run_frame()
    h.platform.deliver(FRAME_ORIGIN, frame.window, envelope('connect:paired', {'whatsappNumberId': 'num_1'}))
    h.platform.deliver(FRAME_ORIGIN, frame.window, envelope('error', {'message': 'x', 'code': 'pairing-invalid'}))
    handle['destroy']()
    handle['destroy']()
    h.platform.deliver(FRAME_ORIGIN, frame.window, envelope('connect:expired', {}))
    h.state()


def connect_with_a_token_and_a_timeout(h):
    open_connect(h, {'container': '#chat', 'pairingToken': 'pt/1 2', 'baseUrl': 'http://127.0.0.1:9001',
                     'handshakeTimeout': 1500})
    h.platform.advance(1500)
    h.state()


scenario(queue_flushes_in_order_after_handshake, 'queue flushes in order after handshake')
scenario(queue_is_bounded, 'queue is bounded')
scenario(queue_cleared_by_destroy, 'queue cleared by destroy')
scenario(setters_before_ready_ride_in_init, 'setters before ready ride in init')
scenario(toggles_queue_and_resolve_in_order, 'toggles queue and resolve in order')
scenario(commands_from_ready_listener_run_after_queue, 'commands from ready listener run after queue')
scenario(setters_after_ready_post_directly, 'setters after ready post directly')
scenario(on_returns_unsubscribe, 'on returns unsubscribe')
scenario(once_fires_once, 'once fires once')
scenario(off_removes_listener, 'off removes listener')
scenario(throwing_listener_is_isolated, 'throwing listener is isolated')
scenario(duplicate_listener_registered_once, 'duplicate listener registered once')
scenario(unknown_event_is_an_error, 'unknown event is an error')
scenario(non_function_callback_is_an_error, 'non-function callback is an error')
scenario(each_listener_gets_its_own_payload, 'each listener gets its own payload')
scenario(config_must_be_an_object, 'config must be an object')
scenario(unknown_option_is_named, 'unknown option is named')
scenario(token_or_get_token_required, 'token or getToken required')
scenario(base_url_rules, 'baseUrl rules')
scenario(loopback_http_is_allowed, 'loopback http is allowed')
scenario(enum_and_boolean_options, 'enum and boolean options')
scenario(embedded_mode_needs_a_container, 'embedded mode needs a container')
scenario(command_argument_rules, 'command argument rules')
scenario(user_option_is_checked_and_trimmed, 'user option is checked and trimmed')
scenario(handshake_happy_path, 'handshake happy path')
scenario(lookalike_origin_is_ignored, 'look-alike origin is ignored')
scenario(null_origin_is_ignored, 'null origin is ignored')
scenario(wrong_window_is_ignored, 'wrong window is ignored')
scenario(non_envelopes_are_ignored, 'non-envelopes are ignored')
scenario(wrong_version_warns_once, 'wrong version warns once')
scenario(get_token_resolves_after_ready, 'getToken resolves after ready')
scenario(get_token_failure_then_set_token, 'getToken failure then setToken')
scenario(get_token_must_give_a_string, 'getToken must give a string')
scenario(resize_is_coalesced_and_clamped, 'resize is coalesced and clamped')
scenario(unread_count_is_coalesced, 'unread count is coalesced')
scenario(conversation_and_message_events, 'conversation and message events')
scenario(frame_errors_become_error_events, 'frame errors become error events')
scenario(frame_open_close_requests, 'frame open/close requests')
scenario(messages_before_handshake_are_ignored, 'messages before handshake are ignored')
scenario(handshake_timeout, 'handshake timeout')
scenario(timeout_without_listener_reports_to_console, 'timeout without listener reports to console')
scenario(frame_reload_rehandshakes, 'frame reload re-handshakes')
scenario(init_twice_keeps_one_frame, 'init twice keeps one frame')
scenario(destroy_during_handshake, 'destroy during handshake')
scenario(calls_after_destroy_fail_clearly, 'calls after destroy fail clearly')
scenario(calls_before_init_fail_clearly, 'calls before init fail clearly')
scenario(no_browser_means_no_init, 'no browser means no init')
scenario(opaque_host_origin_is_refused, 'opaque host origin is refused')
scenario(session_expired_with_get_token, 'session expired with getToken')
scenario(session_expired_then_set_token, 'session expired then setToken')
scenario(narrow_viewport_goes_full_screen, 'narrow viewport goes full screen')
scenario(element_container_and_hidden_header, 'element container and hidden header')
scenario(connect_options_are_checked, 'connect options are checked')
scenario(connect_pairs_a_number, 'connect pairs a number')
scenario(connect_with_a_token_and_a_timeout, 'connect with a token and a timeout')


# ---- reset(): logout ---------------------------------------------------------

def start_reset(h):
    """reset() with callbacks that note how it ended; returns that list."""
    outcome = []

    def done(value=None):
        push(outcome, 'done')

    def failed(err=None):
        push(outcome, 'failed ' + err.code)
    h.api['reset'](done, failed)
    return outcome


def reset_forgets_then_destroys(h):
    h.init(None)
    h.ready()
    outcome = start_reset(h)
    h.state()
    h.send('reset', {})
    h.record('outcome ' + show(outcome))
    h.state()
    h.init(None)
    h.ready()
    h.state()


def reset_unconfirmed_times_out(h):
    h.init(None)
    outcome = start_reset(h)
    h.ready()
    h.platform.advance(3000)
    h.record('outcome ' + show(outcome))
    h.state()


def debug_logs_envelopes(h):
    h.init({'debug': True})
    h.ready()
    h.call('setToken', 'tok-2')
    h.send('chat:unread-count', {'count': 2})
    h.platform.run_frame()


def repeat(text, times):
    parts = []
    for _i in range(times):
        push(parts, text)
    return join(parts, '')


def page_tracking_path_mode(h):
    h.platform.href = 'https://user:pw@shop.example/p/1?utm=x#/cart?step=2'
    h.platform.title = 'One'
    h.init(None)
    h.platform.navigate('https://shop.example/p/2', 'Two')
    h.ready()
    h.platform.navigate('https://shop.example/p/2?q=1#section', None)
    h.platform.advance(100)
    h.platform.navigate('https://shop.example/p/3', None)
    h.platform.navigate('https://shop.example/p/4', 'Four')
    h.platform.advance(100)
    h.platform.navigate('https://shop.example/' + repeat('x', 3000), repeat('t', 400))
    h.platform.advance(100)
    h.platform.navigate('blob:https://shop.example/1', 'Blob')
    h.platform.advance(100)
    h.call('destroy', NOARG)
    h.platform.navigate('https://shop.example/after', 'After')
    h.platform.advance(100)
    h.state()


def page_tracking_full_and_off(h):
    h.platform.href = 'https://shop.example/s/tok-1-long-secret?q=tok-1-long-secret#h'
    h.init({'pageTracking': 'full', 'token': 'tok-1-long-secret'})
    h.ready()
    h.call('destroy', NOARG)
    h.init({'pageTracking': 'off'})
    h.ready()
    h.platform.navigate('https://shop.example/x', 'X')
    h.platform.advance(100)
    h.init({'pageTracking': 'everything'})
    h.state()


scenario(page_tracking_path_mode, 'page tracking, path mode')
scenario(page_tracking_full_and_off, 'page tracking, full and off')
scenario(debug_logs_envelopes, 'debug logs envelopes')
scenario(reset_forgets_then_destroys, 'reset forgets then destroys')
scenario(reset_unconfirmed_times_out, 'reset unconfirmed times out')


# ---- loading strategies (config `loading`) -----------------------------------

def launcher_trace(h):
    h.record('launchers live=' + str(h.platform.live_launchers()) + ' idle-waits=' + str(len(h.platform.idle_waiters))
             + ' visible-waits=' + str(len(h.platform.visible_waiters)))


def interaction_launcher_then_click(h):
    h.init({'loading': 'interaction', 'locale': 'pt-BR'})
    h.state()
    launcher_trace(h)
    h.record('spec ' + show(h.platform.launchers[0].spec))
    h.call('updateContext', {'name': 'Ana'})
    h.platform.launcher_event('focus')
    h.platform.launcher_event('click')
    h.state()
    h.ready()
    launcher_trace(h)
    h.state()
    h.call('destroy', NOARG)
    h.state()


def interaction_swap_after_layout(h):
    h.init({'loading': 'interaction', 'position': 'left', 'theme': 'dark'})
    h.platform.launcher_event('hover')
    h.ready()
    h.send('resize', {'height': 100})
    h.platform.run_frame()
    h.platform.advance(249)
    launcher_trace(h)
    h.platform.advance(1)
    launcher_trace(h)
    h.state()


def idle_and_embedded_waits(h):
    h.init({'loading': 'idle'})
    launcher_trace(h)
    h.platform.go_idle()
    h.ready()
    h.platform.advance(2000)
    launcher_trace(h)
    h.call('destroy', NOARG)
    h.init({'loading': 'interaction', 'mode': 'embedded', 'container': '#chat'})
    launcher_trace(h)
    h.call('open', NOARG)
    h.state()
    h.call('destroy', NOARG)
    h.init({'loading': 'interaction', 'mode': 'prompt-input'})
    h.state()


scenario(interaction_launcher_then_click, 'loading: interaction launcher then click')
scenario(interaction_swap_after_layout, 'loading: interaction swap after layout')
scenario(idle_and_embedded_waits, 'loading: idle and embedded waits')


def run_all():
    """[[name, trace lines], ...] in declaration order."""
    def make():
        return Harness(True)
    return run_scenarios(SCENARIOS, make)
