"""The Connect surface: connect(options) embeds the Connect page (pairing a
WhatsApp number) in a container. Same rules as the chat widget where they
apply: exact frame origin and window, typed envelopes, a handshake timeout,
everything removed by destroy(). The pairing token travels in the page URL by
design (it is a one-time, short-lived pairing credential, not the chat token).

Its states are the CONNECT table in states.py (the widget's names, not a second
set); move(event) raises TransitionError for a transition the table does not
list. What open() acquires registers its undo in a Teardown as it is taken, and
release() runs it once.
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind
# __pragma__ ('noskip')
#?from jsvalues import kind

from api_spec import CONNECT_FIELDS, CONNECT_EVENTS, CONNECT_INBOUND, names_of
from config import validate_options, describe
from emitter import Emitter
from errors import ConfigError, StateError, INVALID_CONFIG, NO_BROWSER, NOT_INITIALIZED, TIMEOUT, FRAME_ERROR
from protocol import parse_envelope, make_envelope, OK
from states import CONNECT, advance, IDLE, LOADING, READY, CLOSED
from lifetime import Teardown
from widget_layout import SANDBOX

CONNECT_EVENT_NAMES = names_of(CONNECT_EVENTS)


class ConnectFrame:
    def __init__(self, profile, platform):
        self.profile = profile
        self.platform_io = platform
        self.emitter = Emitter(platform, CONNECT_EVENT_NAMES)
        self.log_prefix = '[' + profile['globalName'] + ' connect] '
        self.state = IDLE
        self.frame = None
        self.frame_origin = None
        self.anim_request = None
        self.pending_height = None
        self.handshake_timer = None
        self.connect_undo = Teardown()

    def move(self, event):
        self.state = advance(CONNECT, 'connect', self.state, event)

    def open(self, raw):
        if not self.platform_io.has_dom():
            raise StateError(NO_BROWSER, 'connect() needs a browser page (window and document).')
        cfg = validate_options(raw, CONNECT_FIELDS, self.profile, self.platform_io, 'connect(options)')
        if cfg['container'] == None:
            raise ConfigError(INVALID_CONFIG, 'connect(options): "container" (an element or a CSS selector) is '
                              'required.')
        if (cfg['pairingUrl'] == None) == (cfg['pairingToken'] == None):
            raise ConfigError(INVALID_CONFIG, 'connect(options) needs exactly one of "pairingUrl" or '
                              '"pairingToken".')
        parent_origin = self.platform_io.page_origin()
        if kind(parent_origin) != 'string' or parent_origin == 'null':
            raise ConfigError(INVALID_CONFIG, 'The host page has an opaque origin ("null"); the Connect page '
                              'cannot reply to it.')
        container = self.platform_io.find_container(cfg['container'])
        if container == None:
            raise ConfigError(INVALID_CONFIG, 'connect(options): no element matches the container '
                              + describe(cfg['container']) + '.')
        encode = self.platform_io.encode_component
        if cfg['pairingUrl'] != None:
            src = cfg['pairingUrl']
            parsed = self.platform_io.parse_url(src)
            if len(parsed['hash']) > 0:
                raise ConfigError(INVALID_CONFIG, 'connect(options): "pairingUrl" must not have a fragment.')
            src = src + ('&' if len(parsed['search']) > 0 else '?') + 'parentOrigin=' + encode(parent_origin)
        else:
            base = cfg['baseUrl'] if cfg['baseUrl'] != None else self.profile['defaultBaseUrl']
            parsed = self.platform_io.parse_url(base)
            src = parsed['origin'] + '/connect?pairingToken=' + encode(cfg['pairingToken']) \
                + '&parentOrigin=' + encode(parent_origin)
        self.frame_origin = parsed['origin']
        self.session_cfg = cfg
        platform = self.platform_io
        self.move('load')
        self.connect_undo.add_step(self.stop_handshake_timer)
        self.connect_undo.add_step(self.cancel_anim)
        self.connect_undo.add_step(platform.listen_messages(self.receive))
        self.handshake_timer = platform.set_timeout(self.timed_out, cfg['handshakeTimeout'])
        try:
            frame = platform.create_frame({'sandbox': SANDBOX, 'title': self.profile['connectTitle'], 'src': src},
                                          container)
            self.frame = frame

            def remove_frame():
                platform.remove_frame(frame)
            self.connect_undo.add_step(remove_frame)
            platform.set_style(frame, {'border': '0', 'display': 'block', 'width': '100%',
                                                 'height': '100%', 'background': 'transparent'})
        except:  # noqa: E722 - DOM errors are JS exceptions; undo and re-raise
            self.destroy()
            raise

    def receive(self, origin, source, data):
        if self.state != LOADING and self.state != READY:
            return
        if kind(origin) != 'string' or origin != self.frame_origin:
            return
        window = self.platform_io.frame_window(self.frame)
        if window == None or source is not window:
            return
        result = parse_envelope(data, self.profile['source'], CONNECT_INBOUND)
        if result['status'] != OK:
            return
        message_type = result['type']
        payload = result['payload']
        if message_type == 'ready':
            self.stop_handshake_timer()
            self.post('init', {'locale': self.session_cfg['locale'] if self.session_cfg['locale'] != None
                               else self.platform_io.language(), 'theme': self.session_cfg['theme']})
            if self.state == LOADING:
                self.move('ready')
                self.emitter.emit_event('ready', None)
            return
        if self.state != READY:
            return
        if message_type == 'resize':
            self.pending_height = payload['height']
            self.schedule_resize()
        elif message_type == 'connect:paired':
            self.emitter.emit_event('connect:paired', payload)
        elif message_type == 'connect:expired':
            self.emitter.emit_event('connect:expired', None)
        elif message_type == 'error':
            code = payload['code'] if 'code' in payload else FRAME_ERROR
            self.emit_error(code, payload['message'])

    def schedule_resize(self):
        if self.anim_request != None:
            return

        def run():
            self.anim_request = None
            if self.state != CLOSED and self.pending_height != None:
                height = self.pending_height
                self.pending_height = None
                self.platform_io.set_style(self.frame, {'height': str(height) + 'px'})
                self.emitter.emit_event('resize', {'height': height})
        self.anim_request = self.platform_io.request_frame(run)

    def cancel_anim(self):
        if self.anim_request != None:
            self.platform_io.cancel_frame(self.anim_request)
            self.anim_request = None

    def stop_handshake_timer(self):
        if self.handshake_timer != None:
            self.platform_io.clear_timeout(self.handshake_timer)
            self.handshake_timer = None

    def timed_out(self):
        self.handshake_timer = None
        if self.state != LOADING:
            return
        message = 'The Connect page (' + self.frame_origin + ') did not answer within ' \
            + str(self.session_cfg['handshakeTimeout']) + ' ms.'
        self.emit_error(TIMEOUT, message)
        self.release()

    def emit_error(self, code, message):
        if self.emitter.emit_event('error', {'message': message, 'code': code}) == 0:
            self.platform_io.report(self.log_prefix + message + ' (code: ' + code + ')')

    def post(self, message_type, payload):
        self.platform_io.post_message(self.frame, make_envelope(self.profile['source'], message_type, payload),
                                   self.frame_origin)

    def release(self):
        self.move('close')
        self.connect_undo.run_all()
        self.frame = None

    def destroy(self):
        self.release()
        self.emitter.remove_all()

    def require_open(self, name):
        if self.state == CLOSED:
            raise StateError(NOT_INITIALIZED, name + '() was called after this Connect frame was destroyed.')


def create_connect(profile, platform, options):
    """connect(options): a handle with on / once / off / isReady / destroy."""
    connect = ConnectFrame(profile, platform)

    def on(name, callback=None):
        return connect.emitter.add_listener(name, callback, False)

    def once(name, callback=None):
        return connect.emitter.add_listener(name, callback, True)

    def off(name, callback=None):
        connect.emitter.remove_listener(name, callback)

    def is_ready():
        return connect.state == READY

    def destroy():
        connect.destroy()

    handle = {'on': on, 'once': once, 'off': off, 'isReady': is_ready, 'destroy': destroy}
    connect.open(options)
    return handle
