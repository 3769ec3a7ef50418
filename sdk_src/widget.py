"""The parent-side widget: a sans-IO state machine.

It owns the handshake, the pre-ready command queue, the open/closed state and
the iframe layout, the token, and the host events. Everything it needs from the
browser comes through `platform` (see sdk_src/js/browser_platform.js for the
real one and tests/fake_platform.py for the test double), so every rule here
runs under CPython with a virtual clock.

States: idle -> loading (frame created, waiting for `ready`) -> ready;
loading -> failed (timeout); any -> destroyed (destroy()); failed/destroyed ->
loading again through init(). With the `loading` option set to "idle" or
"interaction", init() stops at deferred (config checked, commands queue, no
frame and no request to the chat origin yet) and deferred -> loading happens
when the trigger fires (see "loading strategies" below).
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, push, trim, join, split_on, ends_with, substring, error_text, own_keys, lower, starts_with
from pyvalues import contains
# __pragma__ ('noskip')
#?from jsvalues import kind, push, trim, join, split_on, ends_with, substring, error_text, own_keys, lower
#?from jsvalues import starts_with, contains

from limits import LIMITS
from config import (validate_config, describe_secret, check_text, check_context, check_contact, check_enum_arg,
                    check_token_arg, check_locale_arg, check_questions_arg)
from api_spec import THEMES, CONFIG_FIELDS, COMMANDS
from emitter import Emitter
from errors import (SdkError, ConfigError, ArgumentError, StateError, INVALID_CONFIG, NOT_INITIALIZED, NO_BROWSER,
                    TIMEOUT, TOKEN_ERROR, QUEUE_FULL, FRAME_ERROR)
from protocol import parse_envelope, make_envelope, OK, BAD_VERSION

IDLE = 'idle'
DEFERRED = 'deferred'   # init() done; the frame waits for its loading trigger
LOADING = 'loading'
READY = 'ready'
FAILED = 'failed'
DESTROYED = 'destroyed'

TOKEN_MAX = LIMITS['tokenMax']
SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups'


def frame_option_names():
    """The options sent to the chat frame in `init` (the spec marks them `frame`)."""
    names = []
    for field in CONFIG_FIELDS:
        if 'frame' in field:
            push(names, field['name'])
    return names


OPTION_NAMES = frame_option_names()


def commands_by_name():
    table = {}
    for command in COMMANDS:
        table[command['name']] = command
    return table


COMMAND_SPECS = commands_by_name()
LAYOUT_KEYS = ['position', 'top', 'right', 'bottom', 'left', 'width', 'height', 'max-width', 'max-height', 'visibility',
               'clip-path']
RESET_TIMEOUT_MS = 3000  # how long reset() waits for the frame to confirm it forgot the visitor
# The closed chat widget is 100 x 100 px (the spec's size) with the 64 px launcher
# centred in it; the iframe is clipped to the launcher's circle, so the
# transparent ring around the bubble takes none of the page's clicks (hit
# testing follows clip-path).
CLOSED_PX = 100
LAUNCHER_CLIP = 'circle(32px at 50% 50%)'
# Page tracking (SPA navigation). Routers update document.title just after the
# URL, so a change is read once things settle; that also caps a replaceState
# flood at one `page` message per PAGE_SETTLE_MS.
PAGE_SETTLE_MS = 100
# Without the Navigation API, pushState/replaceState fire no event: the platform
# compares location.href at this interval while the tab is visible (see
# browser_platform.watch_location). Wrapping history.pushState was rejected: it
# changes a built-in the host owns, and undoing it on destroy() is unsafe once
# another library has wrapped it on top of ours.
PAGE_POLL_MS = 500

# ---- loading strategies: constants ------------------------------------------
IDLE_TIMEOUT_MS = 5000       # "idle" loads after at most this long, idle or not
# The chat page's launcher pops in (opacity and scale, 180 ms): the stand-in stays
# on top that long after the frame reported its size, so the swap shows no motion.
SWAP_SETTLE_MS = 250
SWAP_FALLBACK_MS = 2000      # a frame that is ready but never reports a size
LAUNCHER_PX = 64
LAUNCHER_Z = '2147483001'    # above the iframe (2147483000) it covers until the swap
# The reference chat page's launcher (devkit/static/chat/): icon, colours and labels.
LAUNCHER_ICON = ('M5 3.5h14A2.5 2.5 0 0 1 21.5 6v9a2.5 2.5 0 0 1-2.5 2.5h-8.2L6 21.2v-3.7H5A2.5 2.5 0 0 1 2.5 15V6A2.5 '
                 '2.5 0 0 1 5 3.5z')
LAUNCHER_COLORS = {'light': ['#0b57d0', '#fff'], 'dark': ['#a8c7fa', '#062e6f']}   # [accent, on-accent]
LAUNCHER_LABELS = {
    'en': ['Open chat', 'Open chat, 1 unread message', 'Open chat, {n} unread messages'],
    'pt': ['Abrir chat', 'Abrir chat, 1 mensagem n\u00e3o lida', 'Abrir chat, {n} mensagens n\u00e3o lidas'],
}
BADGE_COLOR = '#c5221f'
LAUNCHER_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
# open(), toggle() and sendMessage() need the chat itself: before the frame exists
# they start loading it (and are queued); other commands just wait in the queue.
LOADING_TRIGGERS = ['open', 'toggle', 'sendMessage']


def fill(template, key, value):
    return join(split_on(template, '{' + key + '}'), value)


def frame_url(profile, cfg, parent_origin, encode):
    base = cfg['baseUrl']
    if ends_with(base, '/'):
        base = substring(base, 0, len(base) - 1)
    url = fill(profile['frameUrl'], 'base', base)
    url = fill(url, 'origin', encode(parent_origin))
    if 'inboxId' in cfg and cfg['inboxId'] != None:
        url = fill(url, 'inboxId', encode(cfg['inboxId']))
    return url


def redacted(payload):
    """A copy of a payload for the debug log: the token never reaches the console."""
    copy = {}
    for key in own_keys(payload):
        copy[key] = '[redacted]' if key == 'token' else payload[key]
    return copy


def layout_style(mode, position, is_open, narrow, height):
    """CSS for the iframe. Every key in LAYOUT_KEYS is always set ('' clears),
    so moving between states never leaves a stale property behind. `height` is
    the frame's last reported height: 0 means it shows nothing (an expired
    session, say), and the iframe then takes no space and no clicks."""
    style = {}
    for key in LAYOUT_KEYS:
        style[key] = ''
    style['border'] = '0'
    style['display'] = 'block'
    style['background'] = 'transparent'
    style['color-scheme'] = 'normal'
    if height == 0:
        style['position'] = 'fixed' if mode != 'embedded' else 'relative'
        style['width'] = '0'
        style['height'] = '0'
        style['visibility'] = 'hidden'
        return style
    if mode == 'embedded':
        style['position'] = 'relative'
        style['width'] = '100%'
        style['height'] = '100%'
        return style
    style['position'] = 'fixed'
    style['z-index'] = '2147483000'
    if is_open and narrow:
        # Narrow viewports: an open widget takes the whole screen.
        style['top'] = '0'
        style['left'] = '0'
        style['width'] = '100%'
        style['height'] = '100%'
        return style
    style['bottom'] = '0'
    style['max-width'] = '100%'
    style['max-height'] = '100%'
    if mode == 'prompt-input':
        style['left'] = '0'
        style['width'] = '100%'
        bar = 100
        if height != None and height > bar:
            bar = height
        style['height'] = str(bar) + 'px'
        return style
    if is_open:
        style[position] = '0'
        style['width'] = '460px'
        style['height'] = '750px'
        return style
    style[position] = '0'
    style['width'] = str(CLOSED_PX) + 'px'
    style['height'] = str(CLOSED_PX) + 'px'
    style['clip-path'] = LAUNCHER_CLIP
    return style


def is_loading_trigger(name):
    for trigger in LOADING_TRIGGERS:
        if trigger == name:
            return True
    return False


def launcher_spec(position, dark, locale, unread):
    """What the host-page stand-in for the closed chat widget looks like: the
    chat page's 64 px launcher, centred where the closed iframe's clip circle
    is (100 x 100 box in the corner), so swapping one for the other moves no
    pixel. The platform only builds DOM from this; every fact lives here."""
    colors = LAUNCHER_COLORS['dark' if dark else 'light']
    labels = LAUNCHER_LABELS['pt' if starts_with(lower(locale), 'pt') else 'en']
    label = labels[0]
    badge = ''
    if unread == 1:
        label = labels[1]
    elif unread > 1:
        label = fill(labels[2], 'n', str(unread))
    if unread > 0:
        badge = '99+' if unread > 99 else str(unread)
    inset = str((CLOSED_PX - LAUNCHER_PX) // 2) + 'px'
    size = str(LAUNCHER_PX) + 'px'
    button = {'position': 'fixed', 'z-index': LAUNCHER_Z, 'top': '', 'left': '', 'right': '', 'bottom': inset,
              'width': size, 'height': size, 'min-width': size, 'min-height': size, 'max-width': size,
              'max-height': size, 'margin': '0', 'padding': '0', 'border': '0 none', 'border-radius': '50%',
              'box-sizing': 'border-box', 'display': 'grid', 'place-items': 'center', 'appearance': 'none',
              'background': colors[0], 'color': colors[1], 'cursor': 'pointer', 'box-shadow': 'none',
              'opacity': '1', 'visibility': 'visible', 'transform': 'none', 'filter': 'none', 'outline': 'none',
              'outline-offset': '0', 'font': '700 12px/20px ' + LAUNCHER_FONT, 'color-scheme': 'normal'}
    button[position] = inset
    return {
        'label': label,
        'badge': badge,
        'icon': LAUNCHER_ICON,
        'button': button,
        'icon-style': {'width': '30px', 'height': '30px', 'fill': 'currentColor', 'display': 'block'},
        'badge-style': {'position': 'absolute', 'top': '7px', 'right': '7px', 'min-width': '20px', 'height': '20px',
                        'padding': '0 5px', 'border-radius': '10px', 'box-sizing': 'border-box',
                        'background': BADGE_COLOR, 'color': '#fff', 'font': '700 12px/20px ' + LAUNCHER_FONT,
                        'text-align': 'center', 'display': 'block' if len(badge) > 0 else 'none'},
        # Applied by the platform while the launcher has a keyboard focus / the pointer.
        'focus-style': {'outline': '3px solid ' + colors[1], 'outline-offset': '-7px'},
        'hover-style': {'filter': 'brightness(1.08)'},
    }


# ---- page tracking: pure helpers ---------------------------------------------

def route_hash(hash_):
    """The part of a fragment that is a route: `#/x` or `#!/x` (hash routers),
    without its own query. Anything else (`#section` anchors, `#access_token=`
    from OAuth implicit flows, magic-link secrets) is not a page and is dropped."""
    if not starts_with(hash_, '#/') and not starts_with(hash_, '#!/'):
        return ''
    return split_on(hash_, '?')[0]


def page_url(mode, parsed):
    """The page address for `pageTracking` mode from a parsed URL; None when
    nothing is sent (off, or not an http(s) page). Credentials never appear."""
    if mode == 'off' or parsed == None:
        return None
    if parsed['protocol'] != 'https:' and parsed['protocol'] != 'http:':
        return None
    base = parsed['origin'] + parsed['pathname']
    if mode == 'full':
        return base + parsed['search'] + parsed['hash']
    return base + route_hash(parsed['hash'])


def page_payload(mode, page, token, parse):
    """{url, title} for the `page` message, bounded by LIMITS; the token (should
    a page carry it in its address) is replaced by [redacted]."""
    if kind(page) != 'object' or 'href' not in page or kind(page['href']) != 'string':
        return None
    url = page_url(mode, parse(page['href']))
    if url == None:
        return None
    title = page['title'] if 'title' in page and kind(page['title']) == 'string' else ''
    if token != None and len(token) >= 8:   # tokens are long; a short one would garble the text
        if contains(url, token):
            url = join(split_on(url, token), '[redacted]')
        if contains(title, token):
            title = join(split_on(title, token), '[redacted]')
    if len(url) > LIMITS['pageUrlMax']:
        url = substring(url, 0, LIMITS['pageUrlMax'])
    if len(title) > LIMITS['pageTitleMax']:
        title = substring(title, 0, LIMITS['pageTitleMax'])
    return {'url': url, 'title': title}


class Widget:
    def __init__(self, profile, platform):
        self.profile = profile
        self.platform = platform
        self.emitter = Emitter(platform)
        self.state = IDLE
        self.generation = 0
        self.prefix = '[' + profile['globalName'] + '] '
        # The last unread count the chat frame reported: it survives destroy() (the
        # visitor is kept) so a launcher drawn before the next frame can show it.
        self.known_unread = 0
        self.clear_session()

    def clear_session(self):
        self.cfg = None
        self.frame = None
        self.frame_origin = None
        self.token = None
        self.token_pending = False
        self.frame_ready = False
        self.queue = []
        self.flushing = False
        self.is_open = False
        self.narrow = False
        self.timer = None
        self.anim = None
        self.unlisten_message = None
        self.unlisten_viewport = None
        self.height = None
        self.pending_height = None
        self.unread = 0
        self.pending_unread = None
        self.warned_version = False
        self.expired_notified = False
        self.theme = None
        self.locale = None
        self.questions = None
        self.context = None
        self.reset_waiters = None     # [on_done, on_error] pairs while reset() waits for the frame
        self.reset_timer = None
        self.clear_loading()
        self.clear_page_tracking()

    # ---- lifecycle -------------------------------------------------------

    def init(self, raw_config):
        if not self.platform.has_dom():
            raise StateError(NO_BROWSER, 'init() needs a browser page (window and document); it cannot run during '
                             'server-side rendering. Call it from client code, e.g. in useEffect.')
        if self.state == DEFERRED or self.state == LOADING or self.state == READY:
            self.platform.warn(self.prefix + 'init() was called again while the widget is running; ignoring it. '
                               'Call destroy() first to start over with a new config.')
            return
        cfg = validate_config(raw_config, self.profile, self.platform)
        parent_origin = self.platform.page_origin()
        if kind(parent_origin) != 'string' or parent_origin == 'null':
            raise ConfigError(INVALID_CONFIG, 'The host page has an opaque origin ("null": a sandboxed frame, '
                              'file: or data: URL); the chat frame cannot reply to it.')
        container = None
        if cfg['mode'] == 'embedded':
            container = self.platform.find_container(cfg['container'])
            if container == None:
                raise ConfigError(INVALID_CONFIG, 'Option "container": no element matches the selector "'
                                  + cfg['container'] + '".')
        base = self.platform.parse_url(cfg['baseUrl'])
        self.clear_session()
        self.generation = self.generation + 1
        self.cfg = cfg
        self.frame_origin = base['origin']
        self.token = cfg['token'] if 'token' in cfg else None
        self.theme = cfg['theme']
        self.locale = cfg['locale'] if cfg['locale'] != None else self.platform.language()
        self.questions = cfg['questions']
        self.context = cfg['user']
        self.narrow = self.platform.viewport_width() <= LIMITS['narrowMax']
        self.container = container
        self.parent_origin = parent_origin
        if cfg['loading'] == 'eager':
            self.load_frame()
        else:
            self.defer_loading()

    def load_frame(self):
        """Create the iframe and start the handshake (and getToken()). On a DOM
        error everything is undone, the state is idle again and the error re-raised."""
        cfg = self.cfg
        widget = self
        generation = self.generation

        def on_message(origin, source, data):
            if widget.generation == generation:
                widget.receive(origin, source, data)

        def on_viewport():
            if widget.generation == generation:
                widget.viewport_changed()

        def on_timeout():
            if widget.generation == generation:
                widget.handshake_timed_out()

        # sandbox first: the attributes are applied in this order, before the frame is attached
        attrs = {'sandbox': SANDBOX, 'title': self.profile['frameTitle'],
                 'src': frame_url(self.profile, cfg, self.parent_origin, self.platform.encode_component)}
        self.state = LOADING
        self.unlisten_message = self.platform.listen_messages(on_message)
        self.unlisten_viewport = self.platform.listen_viewport(on_viewport)
        self.timer = self.platform.set_timeout(on_timeout, cfg['handshakeTimeout'])
        try:
            self.frame = self.platform.create_frame(attrs, self.container)
            self.apply_layout()
            self.start_page_tracking()
        except:  # noqa: E722 - JS DOM errors are not Python exceptions; undo and re-raise
            self.teardown()
            self.state = IDLE
            raise
        if self.token == None and self.has_token_source():
            self.fetch_token()

    def destroy(self):
        if self.state == IDLE or self.state == DESTROYED:
            return
        waiters = self.reset_waiters
        self.teardown()
        self.emitter.remove_all()
        self.state = DESTROYED
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
        widget = self
        generation = self.generation

        def timed_out():
            if widget.generation == generation:
                widget.reset_timer = None
                widget.finish_reset(False)
        self.reset_timer = self.platform.set_timeout(timed_out, RESET_TIMEOUT_MS)
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
                self.platform.call_listener(callback, error, 'reset')

    def teardown(self):
        """Release everything init() acquired: timers, listeners, the frame, the
        queue and the token. Safe to call more than once."""
        self.generation = self.generation + 1
        if self.timer != None:
            self.platform.clear_timeout(self.timer)
        if self.reset_timer != None:
            self.platform.clear_timeout(self.reset_timer)
        if self.anim != None:
            self.platform.cancel_frame(self.anim)
        if self.unlisten_message != None:
            self.unlisten_message()
        if self.unlisten_viewport != None:
            self.unlisten_viewport()
        self.stop_page_tracking()
        if self.frame != None:
            self.platform.remove_frame(self.frame)
        self.release_loading()
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

    # ---- commands --------------------------------------------------------

    def command(self, name, arg):
        """Validate now (errors reach the caller synchronously); run now or after
        the handshake."""
        self.require_running(name)
        value = None
        if name == 'sendMessage':
            value = check_text(arg)
        elif name == 'updateContext':
            value = check_context(arg)
        elif name == 'updateContact':
            # Fire-and-forget (the spec): bad fields are reported on the console, never
            # thrown into the host page's code.
            try:
                value = check_contact(arg)
            except ArgumentError as err:
                self.platform.report(self.prefix + err.sdk_message + ' Nothing was sent.')
                return
        elif name == 'setTheme':
            value = check_enum_arg('setTheme(theme)', arg, THEMES)
        elif name == 'setLocale':
            value = check_locale_arg(arg)
        elif name == 'setQuestions':
            value = check_questions_arg(arg)
        elif name == 'setToken':
            value = check_token_arg(arg)
        spec = COMMAND_SPECS[name]
        if not spec['queued']:
            # Not queued (the spec): the latest value rides along in `init`, and is
            # posted at once when the frame is ready.
            self.set_option(spec, value)
            return
        if self.state == READY and not self.flushing:
            self.execute(name, value)
            return
        if len(self.queue) >= LIMITS['queueMax']:
            self.emit_error(QUEUE_FULL, name + '() was dropped: ' + str(LIMITS['queueMax']) + ' commands are '
                            'already waiting for the chat frame to load.')
            return
        push(self.queue, {'name': name, 'value': value})
        if self.state == DEFERRED and is_loading_trigger(name):
            self.start_loading()

    def execute(self, name, value):
        if name == 'open':
            self.set_open(True, True)
        elif name == 'close':
            self.set_open(False, True)
        elif name == 'toggle':
            self.set_open(not self.is_open, True)
        elif name == 'sendMessage':
            self.post_command(COMMAND_SPECS[name], value)
        elif name == 'updateContext':
            self.merge_context(value)
            self.post_command(COMMAND_SPECS[name], value)
        elif name == 'updateContact':
            if len(own_keys(value)) == 0:
                self.platform.warn(self.prefix + 'updateContact(): no non-empty fields, nothing to send.')
                return
            self.post_command(COMMAND_SPECS[name], value)

    def post_command(self, spec, value):
        """Post a command's message (the spec's `message`), its value under the argument's name."""
        payload = {}
        payload[spec['args'][0]['name']] = value
        self.post(spec['message'], payload)

    def flush_queue(self):
        # Commands issued by listeners during the flush join the end of the queue,
        # so the order callers saw is the order the frame sees.
        self.flushing = True
        index = 0
        while index < len(self.queue) and self.state == READY:
            item = self.queue[index]
            index = index + 1
            self.execute(item['name'], item['value'])
        self.queue = []
        self.flushing = False

    def set_open(self, value, from_host):
        if self.is_open == value:
            return
        self.is_open = value
        self.apply_layout()
        if value:
            self.drop_launcher()   # the panel takes the corner: no stand-in over it
        if from_host:
            self.post('open' if value else 'close', {})
        self.emitter.emit('open' if value else 'close', None)

    def set_option(self, spec, value):
        """A command that changes an option (the spec's `option`): setTheme, setLocale, ..."""
        option = spec['option']
        if option == 'token':
            self.accept_token(value)
            return
        if option == 'theme':
            self.theme = value
            self.refresh_launcher()
        elif option == 'locale':
            self.locale = value
            self.refresh_launcher()
        elif option == 'questions':
            self.questions = value
        if self.state == READY:
            self.post_command(spec, value)

    def merge_context(self, value):
        merged = {}
        if self.context != None:
            for key in own_keys(self.context):
                merged[key] = self.context[key]
        for key in own_keys(value):
            merged[key] = value[key]
        self.context = merged

    # ---- token -----------------------------------------------------------

    def has_token_source(self):
        return 'getToken' in self.cfg and self.cfg['getToken'] != None

    def accept_token(self, token):
        self.token = token
        self.expired_notified = False
        if self.frame_ready:
            self.complete_handshake()
        elif self.state == READY:
            self.post('set-token', {'token': token})

    def fetch_token(self):
        """Ask getToken() for a token; one request at a time."""
        if self.token_pending or not self.has_token_source():
            return
        self.token_pending = True
        widget = self
        generation = self.generation

        def resolved(value):
            if widget.generation != generation:
                return
            widget.token_pending = False
            if kind(value) != 'string' or len(trim(value)) == 0 or len(value) > TOKEN_MAX:
                widget.emit_error(TOKEN_ERROR, 'getToken() must resolve to a non-empty string of at most '
                                  + str(TOKEN_MAX) + ' characters; got '
                                  + describe_secret(value) + '.')
                return
            widget.accept_token(value)

        def rejected(err):
            if widget.generation != generation:
                return
            widget.token_pending = False
            widget.emit_error(TOKEN_ERROR, 'getToken() failed: ' + error_text(err))

        get_token = self.cfg['getToken']

        def call():
            # Runs a tick later: skip it if the widget was destroyed meanwhile
            # (React StrictMode mounts, unmounts and mounts again at once).
            if widget.generation != generation:
                return None
            return get_token()
        self.platform.call_async(call, resolved, rejected)

    def session_expired(self):
        self.token = None
        if self.expired_notified:
            return
        self.expired_notified = True
        self.emitter.emit('session-expired', None)
        if 'onSessionExpired' in self.cfg and self.cfg['onSessionExpired'] != None:
            self.platform.call_listener(self.cfg['onSessionExpired'], None, 'onSessionExpired')
        self.fetch_token()

    # ---- handshake and frame messages -------------------------------------

    def receive(self, origin, source, data):
        """One window `message` event. Origin and source window are checked
        before the data is looked at."""
        if self.state != LOADING and self.state != READY:
            return
        if kind(origin) != 'string' or origin != self.frame_origin:
            return
        frame_window = self.platform.frame_window(self.frame)
        if frame_window == None or source is not frame_window:
            return
        result = parse_envelope(data, self.profile['source'])
        status = result['status']
        if status == BAD_VERSION:
            if not self.warned_version:
                self.warned_version = True
                self.platform.warn(self.prefix + 'ignoring messages from the chat frame: unsupported protocol '
                                   'version (this SDK speaks v1).')
            return
        if status != OK:
            return
        if self.cfg['debug']:
            self.platform.debug(self.prefix + 'from the chat frame: ' + result['type'], result['payload'])
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
            self.pending_height = payload['height']
            self.schedule_layout()
        elif message_type == 'chat:unread-count':
            self.pending_unread = payload['count']
            self.schedule_layout()
        elif message_type == 'chat:conversation-opened':
            self.emitter.emit('conversation-opened', {'conversationId': payload['conversationId']})
        elif message_type == 'session-expired':
            self.session_expired()
        elif message_type == 'reset':
            if self.reset_waiters != None:
                self.finish_reset(True)
        elif message_type == 'open':
            self.set_open(True, False)
        elif message_type == 'close':
            self.set_open(False, False)
        elif message_type == 'message':
            self.emitter.emit('message', {'role': payload['role'], 'content': payload['content']})
        elif message_type == 'error':
            code = payload['code'] if 'code' in payload else FRAME_ERROR
            self.emit_error(code, payload['message'])

    def complete_handshake(self):
        if not self.frame_ready:
            return
        if self.profile['requiresToken'] and self.token == None:
            return  # waits for getToken() / setToken()
        self.frame_ready = False
        if self.timer != None:
            self.platform.clear_timeout(self.timer)
            self.timer = None
        self.post('init', self.init_payload())
        if self.reset_waiters != None:
            self.post('reset', {})
        self.send_page(True)   # a (re)loaded frame knows no page yet
        if self.state == LOADING:
            self.state = READY
            self.launcher_frame_ready()
            self.flush_queue()
            if self.state == READY:
                self.emitter.emit('ready', None)

    def init_payload(self):
        options = {}
        for name in OPTION_NAMES:
            if name in self.cfg and self.cfg[name] != None:
                options[name] = self.cfg[name]
        if self.questions != None:
            options['questions'] = self.questions
        if self.context != None:
            options['user'] = self.context
        return {'token': self.token, 'locale': self.locale, 'theme': self.theme, 'open': self.is_open,
                'options': options}

    def handshake_timed_out(self):
        self.timer = None
        if self.state != LOADING:
            return
        timeout = str(self.cfg['handshakeTimeout'])
        if self.frame_ready:
            message = ('The chat frame answered, but no token arrived within ' + timeout + ' ms (token, getToken() '
                       'or setToken()).')
        else:
            message = ('The chat frame (' + self.frame_origin + ') did not answer within ' + timeout
                       + ' ms; check baseUrl and that this page\'s origin is allowed.')
        self.teardown()
        self.state = FAILED
        self.emit_error(TIMEOUT, message)

    def post(self, message_type, payload):
        if self.cfg != None and self.cfg['debug']:
            self.platform.debug(self.prefix + 'to the chat frame: ' + message_type, redacted(payload))
        self.platform.post_message(self.frame, make_envelope(self.profile['source'], message_type, payload),
                                   self.frame_origin)

    # ---- layout ------------------------------------------------------------

    def schedule_layout(self):
        # Floods of resize / unread messages: at most one layout and one event
        # of each kind per animation frame; the last value wins.
        if self.anim != None:
            return
        widget = self
        generation = self.generation

        def run():
            if widget.generation == generation:
                widget.anim = None
                widget.apply_pending()
        self.anim = self.platform.request_frame(run)

    def apply_pending(self):
        if self.pending_height != None:
            height = self.pending_height
            self.pending_height = None
            if height != self.height:
                self.height = height
                self.apply_layout()
                self.launcher_frame_shown()
                self.emitter.emit('resize', {'height': height})
        if self.pending_unread != None:
            count = self.pending_unread
            self.pending_unread = None
            if count != self.unread:
                self.unread = count
                self.known_unread = count
                self.emitter.emit('unread-count', {'count': count})

    def viewport_changed(self):
        narrow = self.platform.viewport_width() <= LIMITS['narrowMax']
        if narrow != self.narrow:
            self.narrow = narrow
            self.apply_layout()

    def apply_layout(self):
        if self.frame == None:
            return
        self.platform.set_style(self.frame, layout_style(self.cfg['mode'], self.cfg['position'], self.is_open,
                                                         self.narrow, self.height))

    def emit_error(self, code, message):
        listeners = self.emitter.emit('error', {'message': message, 'code': code})
        if listeners == 0:
            self.platform.report(self.prefix + message + ' (code: ' + code + ')')

    # ---- loading strategies (config `loading`) ---------------------------------
    # eager: init() creates the frame. idle: init() stops at DEFERRED and the frame
    # is created once the page has loaded and the browser is idle (IDLE_TIMEOUT_MS
    # at most). interaction: chat-widget mode waits for the visitor (hover, focus,
    # press or click on a stand-in launcher drawn on the host page); embedded mode
    # waits until its container comes near the viewport. In both deferred modes of
    # chat-widget the stand-in is drawn at once and stays on top of the iframe
    # until the frame is ready and drawn its own launcher, then it is removed.
    # open() / toggle() / sendMessage() start loading from DEFERRED; every command
    # is queued as before the handshake.

    def clear_loading(self):
        self.container = None
        self.parent_origin = None
        self.cancel_trigger = None    # stops the idle / visibility wait
        self.launcher = None          # the stand-in launcher element
        self.unlisten_launcher = None
        self.swap_timer = None
        self.swap_waits_for_blur = False

    def release_loading(self):
        if self.cancel_trigger != None:
            self.cancel_trigger()
        if self.swap_timer != None:
            self.platform.clear_timeout(self.swap_timer)
        if self.unlisten_launcher != None:
            self.unlisten_launcher()
        if self.launcher != None:
            self.platform.remove_launcher(self.launcher)
        self.clear_loading()

    def defer_loading(self):
        self.state = DEFERRED
        widget = self
        generation = self.generation

        def trigger():
            if widget.generation == generation:
                widget.start_loading()

        def on_launcher(what):
            if widget.generation == generation:
                widget.launcher_event(what)
        try:
            if self.cfg['mode'] == 'chat-widget':
                self.launcher = self.platform.create_launcher(self.current_launcher_spec())
                self.unlisten_launcher = self.platform.listen_launcher(self.launcher, on_launcher)
            if self.cfg['loading'] == 'idle':
                self.cancel_trigger = self.platform.when_idle(trigger, IDLE_TIMEOUT_MS)
            elif self.cfg['mode'] == 'embedded':
                self.cancel_trigger = self.platform.observe_visible(self.container, trigger)
        except:  # noqa: E722 - JS DOM errors are not Python exceptions; undo and re-raise
            self.teardown()
            self.state = IDLE
            raise

    def start_loading(self):
        """DEFERRED -> LOADING: the trigger fired (idle, visible, the visitor, a command)."""
        if self.state != DEFERRED:
            return
        if self.cancel_trigger != None:
            self.cancel_trigger()
            self.cancel_trigger = None
        if self.cfg['debug']:
            self.platform.debug(self.prefix + 'loading the chat frame (loading: ' + self.cfg['loading'] + ')', {})
        try:
            self.load_frame()
        except:  # noqa: E722 - reached from an event or a command: report, never throw into the page
            self.state = FAILED
            self.emit_error(FRAME_ERROR, 'The chat frame could not be added to this page (a DOM error). Call '
                            'init(config) again to retry.')

    def current_launcher_spec(self):
        dark = self.theme == 'dark' or (self.theme == 'auto' and self.platform.prefers_dark())
        return launcher_spec(self.cfg['position'], dark, self.locale, self.known_unread)

    def refresh_launcher(self):
        # setTheme() / setLocale() before the frame exists: the stand-in follows them.
        if self.launcher != None:
            self.platform.update_launcher(self.launcher, self.current_launcher_spec())

    def launcher_event(self, what):
        """hover | focus | pointerdown | click | blur on the stand-in launcher."""
        if what == 'click':
            # Queued until the frame is ready (and starts loading it from DEFERRED);
            # at once when the frame is ready and the stand-in is still on top.
            self.command('open', None)
        elif what == 'blur':
            if self.swap_waits_for_blur:
                self.drop_launcher()
        else:
            self.start_loading()

    def launcher_frame_ready(self):
        if self.launcher == None:
            return
        widget = self
        generation = self.generation

        def fallback():
            if widget.generation == generation:
                widget.swap_timer = None
                widget.swap_launcher()
        self.swap_timer = self.platform.set_timeout(fallback, SWAP_FALLBACK_MS)

    def launcher_frame_shown(self):
        """The frame reported its size once ready: its own launcher is drawn (or,
        height 0, it shows nothing). Swap once its pop-in animation is over."""
        if self.launcher == None or self.state != READY:
            return
        if self.swap_timer != None:
            self.platform.clear_timeout(self.swap_timer)
        widget = self
        generation = self.generation

        def settle():
            if widget.generation == generation:
                widget.swap_timer = None
                widget.swap_launcher()
        self.swap_timer = self.platform.set_timeout(settle, SWAP_SETTLE_MS)

    def swap_launcher(self):
        if self.launcher == None:
            return
        if self.platform.launcher_focused(self.launcher):
            # A keyboard user is on it: removing it now would drop the focus to the
            # page. It keeps working (a click opens the chat) until it loses focus.
            self.swap_waits_for_blur = True
            return
        self.drop_launcher()

    def drop_launcher(self):
        if self.launcher == None:
            return
        focused = self.platform.launcher_focused(self.launcher)
        launcher = self.launcher
        if self.swap_timer != None:
            self.platform.clear_timeout(self.swap_timer)
        if self.unlisten_launcher != None:
            self.unlisten_launcher()
        self.launcher = None
        self.unlisten_launcher = None
        self.swap_timer = None
        self.swap_waits_for_blur = False
        self.platform.remove_launcher(launcher)
        if focused and self.frame != None:
            self.platform.focus_frame(self.frame)   # the focus follows into the chat

    # ---- page tracking (SPA navigation) ---------------------------------------

    def clear_page_tracking(self):
        self.unwatch_location = None
        self.page_timer = None
        self.last_page_key = None

    def start_page_tracking(self):
        if self.cfg['pageTracking'] == 'off':
            return
        widget = self
        generation = self.generation

        def on_change():
            if widget.generation == generation:
                widget.page_changed()
        self.unwatch_location = self.platform.watch_location(on_change, PAGE_POLL_MS)

    def stop_page_tracking(self):
        if self.unwatch_location != None:
            self.unwatch_location()
        if self.page_timer != None:
            self.platform.clear_timeout(self.page_timer)
        self.clear_page_tracking()

    def page_changed(self):
        # Before the handshake nothing is sent: completing it sends the page of that moment.
        if self.state != READY or self.page_timer != None:
            return
        widget = self
        generation = self.generation

        def settled():
            if widget.generation == generation:
                widget.page_timer = None
                widget.send_page(False)
        self.page_timer = self.platform.set_timeout(settled, PAGE_SETTLE_MS)

    def send_page(self, force):
        """Post `page` if the address or title differs from the last one posted
        (`force`: after a handshake, whatever was posted before)."""
        if self.cfg['pageTracking'] == 'off':
            return
        page = page_payload(self.cfg['pageTracking'], self.platform.current_page(), self.token,
                            self.platform.parse_url)
        if page == None:
            return
        key = page['url'] + '\n' + page['title']
        if not force and key == self.last_page_key:
            return
        self.last_page_key = key
        self.post('page', page)
