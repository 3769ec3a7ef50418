"""The parent-side widget: a sans-IO state machine.

It owns the handshake, the pre-ready command queue, the open/closed state and
the iframe layout, the token, and the host events. Everything it needs from the
browser comes through `platform` (see sdk_src/js/browser_platform.js for the
real one and tests/fake_platform.py for the test double), so every rule here
runs under CPython with a virtual clock.

Its states and their legal transitions are the WIDGET table in states.py; every
change goes through move(event), which raises TransitionError for one the table
does not list (in a browser, an impossible move reached from a platform callback
is logged by the platform's `guarded` wrapper and never reaches the page's event
loop; reached from a public call, it is that call's exception). What a session
acquires (listeners, the frame, the location watch, the stand-in launcher)
registers its undo in `session_undo` where it is taken; teardown() runs them once.

Split: widget_layout.py (what the iframe and the stand-in look like, pure),
widget_loading.py (loading strategies: StandIn), widget_pages.py (page
tracking: PageTracker), widget_commands.py (command arguments and the queue).
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, push, own_keys
# __pragma__ ('noskip')
#?from jsvalues import kind, push, own_keys

from limits import LIMITS
from config import validate_config
from api_spec import CONFIG_FIELDS
from emitter import Emitter
from errors import (SdkError, ConfigError, StateError, INVALID_CONFIG, NOT_INITIALIZED, NO_BROWSER, TIMEOUT,
                    FRAME_ERROR)
from protocol import parse_envelope, make_envelope, OK, BAD_VERSION
from states import WIDGET, advance, IDLE, DEFERRED, LOADING, READY, FAILED, DESTROYED
from lifetime import Teardown, Timers
from widget_layout import SANDBOX, FrameView, frame_url
from widget_loading import StandIn
from widget_pages import PageTracker
from widget_commands import Commands
from widget_token import TokenSource

RESET_TIMEOUT_MS = 3000  # how long reset() waits for the frame to confirm it forgot the visitor


def frame_option_names():
    """The options sent to the chat frame in `init` (the spec marks them `frame`)."""
    names = []
    for field in CONFIG_FIELDS:
        if 'frame' in field:
            push(names, field['name'])
    return names


OPTION_NAMES = frame_option_names()


def redacted(payload):
    """A copy of a payload for the debug log: the token never reaches the console."""
    copy = {}
    for key in own_keys(payload):
        copy[key] = '[redacted]' if key == 'token' else payload[key]
    return copy


class Widget:
    def __init__(self, profile, platform):
        self.profile = profile
        self.platform_io = platform
        self.emitter = Emitter(platform)
        self.state = IDLE
        self.session_gen = 0
        self.log_prefix = '[' + profile['globalName'] + '] '
        # The last unread count the chat frame reported: it survives destroy() (the
        # visitor is kept) so a launcher drawn before the next frame can show it.
        self.known_unread = 0
        self.named_timers = Timers(platform, ['handshake', 'reset', 'swap', 'page'])
        self.clear_session()

    def clear_session(self):
        self.session_cfg = None
        self.frame = None
        self.frame_origin = None
        self.container = None
        self.parent_origin = None
        self.token = None
        self.frame_ready = False
        self.warned_version = False
        self.theme = None
        self.locale = None
        self.questions = None
        self.context = None
        self.reset_waiters = None     # [on_done, on_error] pairs while reset() waits for the frame
        self.session_undo = Teardown()
        self.frame_view = FrameView(self)
        self.command_queue = Commands(self)
        self.token_source = TokenSource(self)
        self.stand_in = StandIn(self)
        self.page_tracker = PageTracker(self)

    def move(self, event):
        self.state = advance(WIDGET, 'widget', self.state, event)

    # ---- lifecycle -------------------------------------------------------

    def init(self, raw_config):
        if not self.platform_io.has_dom():
            raise StateError(NO_BROWSER, 'init() needs a browser page (window and document); it cannot run during '
                             'server-side rendering. Call it from client code, e.g. in useEffect.')
        if self.state == DEFERRED or self.state == LOADING or self.state == READY:
            self.platform_io.warn(self.log_prefix + 'init() was called again while the widget is running; ignoring it. '
                               'Call destroy() first to start over with a new config.')
            return
        cfg = validate_config(raw_config, self.profile, self.platform_io)
        parent_origin = self.platform_io.page_origin()
        if kind(parent_origin) != 'string' or parent_origin == 'null':
            raise ConfigError(INVALID_CONFIG, 'The host page has an opaque origin ("null": a sandboxed frame, '
                              'file: or data: URL); the chat frame cannot reply to it.')
        container = None
        if cfg['mode'] == 'embedded':
            container = self.platform_io.find_container(cfg['container'])
            if container == None:
                raise ConfigError(INVALID_CONFIG, 'Option "container": no element matches the selector "'
                                  + cfg['container'] + '".')
        base = self.platform_io.parse_url(cfg['baseUrl'])
        self.clear_session()
        self.session_gen = self.session_gen + 1
        self.session_cfg = cfg
        self.frame_origin = base['origin']
        self.token = cfg['token'] if 'token' in cfg else None
        self.theme = cfg['theme']
        self.locale = cfg['locale'] if cfg['locale'] != None else self.platform_io.language()
        self.questions = cfg['questions']
        self.context = cfg['user']
        self.frame_view.is_narrow = self.platform_io.viewport_width() <= LIMITS['narrowMax']
        self.container = container
        self.parent_origin = parent_origin
        if cfg['loading'] == 'eager':
            try:
                self.load_frame()
            except:  # noqa: E722 - JS DOM errors are not Python exceptions; undone, re-raised
                self.move('undo')
                raise
        else:
            self.defer_loading()

    def load_frame(self):
        """Create the iframe and start the handshake (and getToken()). On a DOM
        error everything is undone and the error re-raised; the caller moves on."""
        cfg = self.session_cfg
        platform = self.platform_io
        # sandbox first: the attributes are applied in this order, before the frame is attached
        attrs = {'sandbox': SANDBOX, 'title': self.profile['frameTitle'],
                 'src': frame_url(self.profile, cfg, self.parent_origin, platform.encode_component)}
        self.move('load')
        generation = self.session_gen

        def on_message(origin, source, data):
            if self.session_gen == generation:   # a late call from an earlier session's listener
                self.receive(origin, source, data)
        self.session_undo.add_step(platform.listen_messages(on_message))
        self.session_undo.add_step(platform.listen_viewport(self.frame_view.viewport_changed))
        self.named_timers.set_timer('handshake', self.handshake_timed_out, cfg['handshakeTimeout'])
        try:
            frame = platform.create_frame(attrs, self.container)
            self.frame = frame

            def remove_frame():
                platform.remove_frame(frame)
            self.session_undo.add_step(remove_frame)
            self.frame_view.apply_layout()
            self.page_tracker.start_tracking()
        except:  # noqa: E722 - JS DOM errors are not Python exceptions; undo and re-raise
            self.teardown()
            raise
        if self.token == None and self.token_source.has_token_source():
            self.token_source.fetch_token()

    def destroy(self):
        if self.state == IDLE or self.state == DESTROYED:
            return
        waiters = self.reset_waiters
        self.teardown()
        self.emitter.remove_all()
        self.move('destroy')
        if waiters != None:
            self.settle_reset(waiters, StateError(NOT_INITIALIZED, 'reset() did not finish: destroy() was called '
                                                  'before the chat frame confirmed it.'))

    def reset(self, on_done, on_error):
        """Log out (a shared computer, a user switch): the chat frame forgets the
        visitor and the conversation, its storage included, then the widget is
        destroyed; the next init() starts a new visitor and a new conversation.
        on_done() once the frame confirmed; on_error(error) if it did not within
        RESET_TIMEOUT_MS (the widget is destroyed either way). destroy() alone keeps
        the visitor: the next init() in this browser resumes the conversation."""
        self.require_running('reset')
        if self.reset_waiters != None:
            push(self.reset_waiters, [on_done, on_error])
            return
        self.reset_waiters = [[on_done, on_error]]

        def timed_out():
            self.finish_reset(False)
        self.named_timers.set_timer('reset', timed_out, RESET_TIMEOUT_MS)
        self.known_unread = 0
        if self.state == READY:
            self.post('reset', {})
        elif self.state == DEFERRED:
            self.start_loading()   # only the chat frame can forget the visitor (its own storage)
        # LOADING: posted right after `init` (complete_handshake)

    def finish_reset(self, confirmed):
        waiters = self.reset_waiters
        self.reset_waiters = None   # destroy() must not settle them a second time
        self.destroy()
        if confirmed:
            self.settle_reset(waiters, None)
        else:
            self.settle_reset(waiters, SdkError(TIMEOUT, 'The chat frame did not confirm reset() within '
                                                + str(RESET_TIMEOUT_MS) + ' ms; the widget was removed, but the '
                                                'frame may still remember the visitor.'))

    def settle_reset(self, waiters, error):
        for pair in waiters:
            callback = pair[0] if error == None else pair[1]
            if callback != None:
                self.platform_io.call_listener(callback, error, 'reset')


    def teardown(self):
        """Release everything the session acquired: timers, what was registered
        in session_undo (listeners, the frame, the location watch, the stand-in),
        the queue and the token. Safe to call more than once."""
        self.session_gen = self.session_gen + 1
        self.named_timers.clear_all()
        self.frame_view.cancel_anim()
        self.session_undo.run_all()
        self.clear_session()

    def is_ready(self):
        return self.state == READY

    def require_running(self, name):
        if self.state == DEFERRED or self.state == LOADING or self.state == READY:
            return
        if self.state == FAILED:
            raise StateError(NOT_INITIALIZED, name + '() cannot run: the chat frame failed to load (see the "error" '
                             'event). Call init(config) again to retry.')
        if self.state == DESTROYED:
            raise StateError(NOT_INITIALIZED, name + '() was called after destroy(). Call init(config) to create '
                             'a new widget.')
        raise StateError(NOT_INITIALIZED, name + '() was called before init(config).')

    def command(self, name, arg):
        self.command_queue.run_command(name, arg)

    # ---- token -----------------------------------------------------------

    def accept_token(self, token):
        self.token = token
        self.token_source.expired_notified = False
        if self.frame_ready:
            self.complete_handshake()
        elif self.state == READY:
            self.post('set-token', {'token': token})

    # ---- handshake and frame messages -------------------------------------

    def receive(self, origin, source, data):
        """One window `message` event. Origin and source window are checked
        before the data is looked at."""
        if self.state != LOADING and self.state != READY:
            return
        if kind(origin) != 'string' or origin != self.frame_origin:
            return
        frame_window = self.platform_io.frame_window(self.frame)
        if frame_window == None or source is not frame_window:
            return
        result = parse_envelope(data, self.profile['source'])
        status = result['status']
        if status == BAD_VERSION:
            if not self.warned_version:
                self.warned_version = True
                self.platform_io.warn(self.log_prefix + 'ignoring messages from the chat frame: unsupported protocol '
                                   'version (this SDK speaks v1).')
            return
        if status != OK:
            return
        if self.session_cfg['debug']:
            self.platform_io.debug(self.log_prefix + 'from the chat frame: ' + result['type'], result['payload'])
        self.dispatch(result['type'], result['payload'])

    def dispatch(self, message_type, payload):
        if message_type == 'ready':
            # The handshake timer keeps running until `init` is posted, so a
            # getToken() that never settles also ends in a `timeout` error.
            self.frame_ready = True
            self.complete_handshake()
            return
        if self.state != READY:
            return
        if message_type == 'resize':
            self.frame_view.pending_height = payload['height']
            self.frame_view.schedule_layout()
        elif message_type == 'chat:unread-count':
            self.frame_view.pending_unread = payload['count']
            self.frame_view.schedule_layout()
        elif message_type == 'chat:conversation-opened':
            self.emitter.emit_event('conversation-opened', {'conversationId': payload['conversationId']})
        elif message_type == 'session-expired':
            self.token_source.session_expired()
        elif message_type == 'reset':
            if self.reset_waiters != None:
                self.finish_reset(True)
        elif message_type == 'open':
            self.frame_view.set_open(True, False)
        elif message_type == 'close':
            self.frame_view.set_open(False, False)
        elif message_type == 'message':
            self.emitter.emit_event('message', {'role': payload['role'], 'content': payload['content']})
        elif message_type == 'error':
            code = payload['code'] if 'code' in payload else FRAME_ERROR
            self.emit_error(code, payload['message'])


    def complete_handshake(self):
        if not self.frame_ready:
            return
        if self.profile['requiresToken'] and self.token == None:
            return  # waits for getToken() / setToken()
        self.frame_ready = False
        self.named_timers.cancel_timer('handshake')
        self.post('init', self.init_payload())
        if self.reset_waiters != None:
            self.post('reset', {})
        self.page_tracker.send_page(True)   # a (re)loaded frame knows no page yet
        if self.state == LOADING:
            self.move('ready')
            self.stand_in.frame_became_ready()
            self.command_queue.flush_queue()
            if self.state == READY:
                self.emitter.emit_event('ready', None)

    def init_payload(self):
        options = {}
        for name in OPTION_NAMES:
            if name in self.session_cfg and self.session_cfg[name] != None:
                options[name] = self.session_cfg[name]
        if self.questions != None:
            options['questions'] = self.questions
        if self.context != None:
            options['user'] = self.context
        return {'token': self.token, 'locale': self.locale, 'theme': self.theme, 'open': self.frame_view.is_open,
                'options': options}

    def handshake_timed_out(self):
        if self.state != LOADING:
            return
        timeout = str(self.session_cfg['handshakeTimeout'])
        if self.frame_ready:
            message = ('The chat frame answered, but no token arrived within ' + timeout + ' ms (token, getToken() '
                       'or setToken()).')
        else:
            message = ('The chat frame (' + self.frame_origin + ') did not answer within ' + timeout
                       + ' ms; check baseUrl and that this page\'s origin is allowed.')
        self.teardown()
        self.move('fail')
        self.emit_error(TIMEOUT, message)

    def post(self, message_type, payload):
        if self.session_cfg != None and self.session_cfg['debug']:
            self.platform_io.debug(self.log_prefix + 'to the chat frame: ' + message_type, redacted(payload))
        self.platform_io.post_message(self.frame, make_envelope(self.profile['source'], message_type, payload),
                                   self.frame_origin)

    def emit_error(self, code, message):
        listeners = self.emitter.emit_event('error', {'message': message, 'code': code})
        if listeners == 0:
            self.platform_io.report(self.log_prefix + message + ' (code: ' + code + ')')


    # ---- loading strategies (widget_loading.py) --------------------------------

    def defer_loading(self):
        self.move('defer')
        try:
            self.stand_in.arm_loading()
        except:  # noqa: E722 - JS DOM errors are not Python exceptions; undo and re-raise
            self.teardown()
            self.move('undo')
            raise

    def start_loading(self):
        """deferred -> loading: the trigger fired (idle, visible, the visitor, a command)."""
        if self.state != DEFERRED:
            return
        self.stand_in.stop_trigger()
        if self.session_cfg['debug']:
            self.platform_io.debug(self.log_prefix + 'loading the chat frame (loading: ' + self.session_cfg['loading']
                                   + ')', {})
        try:
            self.load_frame()
        except:  # noqa: E722 - reached from an event or a command: report, never throw into the page
            self.move('fail')
            self.emit_error(FRAME_ERROR, 'The chat frame could not be added to this page (a DOM error). Call '
                            'init(config) again to retry.')
