"""A deterministic stand-in for the browser: virtual clock, animation frames,
fake iframes and windows, and a log of everything the SDK did.

Written in the Transcrypt-safe subset on purpose: the parity tests transpile
this same file and run the same scenarios in Node, so CPython and JavaScript
are compared against one fake, not two.
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, own_keys, push, remove_at, index_of, join, lower, error_text, substring
# __pragma__ ('noskip')
#?from jsvalues import kind, own_keys, push, remove_at, index_of, join, lower, error_text, substring

UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*\'()'
HEX = '0123456789ABCDEF'


def find(text, part):
    """str.find as a plain loop: the SDK's runtime puts no methods on String.prototype."""
    for i in range(len(text) - len(part) + 1):
        if substring(text, i, i + len(part)) == part:
            return i
    return -1


def rfind(text, part):
    i = len(text) - len(part)
    while i >= 0:
        if substring(text, i, i + len(part)) == part:
            return i
        i -= 1
    return -1


def encode_component(text):
    """encodeURIComponent for ASCII input (all the tests need)."""
    out = ''
    for ch in text:
        if find(UNRESERVED, ch) >= 0:
            out = out + ch
        else:
            code = ord(ch)
            out = out + '%' + HEX[code // 16] + HEX[code % 16]
    return out


def show(value):
    """Deterministic rendering of a value for traces (same in CPython and JS)."""
    k = kind(value)
    if k == 'null':
        return 'null'
    if k == 'boolean':
        return 'true' if value else 'false'
    if k == 'number':
        if value == int(value):
            return str(int(value))
        return str(value)
    if k == 'string':
        return '"' + value + '"'
    if k == 'array':
        parts = []
        for item in value:
            push(parts, show(item))
        return '[' + join(parts, ',') + ']'
    if k == 'function':
        return 'fn'
    if isinstance(value, FakeElement) or isinstance(value, FakeWindow):
        return value.label
    parts = []
    for key in own_keys(value):
        push(parts, key + ':' + show(value[key]))
    return '{' + join(parts, ',') + '}'


def add_listener(listeners, handler):
    """Register `handler` in `listeners`; returns the function that removes it."""
    push(listeners, handler)

    def remove():
        i = index_of(listeners, handler)
        if i >= 0:
            remove_at(listeners, i)
    return remove


def parse_url(url):
    """A small WHATWG-like parser, enough for the tests: lower-cases scheme and
    host, drops default ports, defaults the path to '/'. None if unparseable."""
    colon = find(url, ':')
    if colon <= 0:
        return None
    scheme = lower(substring(url, 0, colon))
    for ch in scheme:
        if not (('a' <= ch and ch <= 'z') or ('0' <= ch and ch <= '9') or ch == '+' or ch == '-' or ch == '.'):
            return None
    rest = substring(url, colon + 1, len(url))
    if substring(rest, 0, 2) != '//':
        return {'protocol': scheme + ':', 'username': '', 'password': '', 'hostname': '', 'port': '',
                'host': '', 'origin': 'null', 'pathname': rest, 'search': '', 'hash': '', 'href': url}
    rest = substring(rest, 2, len(rest))
    end = len(rest)
    for sep in ['/', '?', '#']:
        i = find(rest, sep)
        if i >= 0 and i < end:
            end = i
    authority = substring(rest, 0, end)
    tail = substring(rest, end, len(rest))
    username = ''
    password = ''
    at = rfind(authority, '@')
    if at >= 0:
        userinfo = substring(authority, 0, at)
        authority = substring(authority, at + 1, len(authority))
        ci = find(userinfo, ':')
        if ci >= 0:
            username = substring(userinfo, 0, ci)
            password = substring(userinfo, ci + 1, len(userinfo))
        else:
            username = userinfo
    port = ''
    hostname = authority
    if substring(authority, 0, 1) == '[':
        close = find(authority, ']')
        if close < 0:
            return None
        hostname = substring(authority, 0, close + 1)
        if substring(authority, close + 1, close + 2) == ':':
            port = substring(authority, close + 2, len(authority))
    else:
        ci = rfind(authority, ':')
        if ci >= 0:
            hostname = substring(authority, 0, ci)
            port = substring(authority, ci + 1, len(authority))
    hostname = lower(hostname)
    if len(hostname) == 0:
        return None
    for ch in port:
        if ch < '0' or ch > '9':
            return None
    if (scheme == 'http' and port == '80') or (scheme == 'https' and port == '443'):
        port = ''
    host = hostname + (':' + port if len(port) > 0 else '')
    hash_ = ''
    hi = find(tail, '#')
    if hi >= 0:
        hash_ = substring(tail, hi, len(tail))
        tail = substring(tail, 0, hi)
    search = ''
    qi = find(tail, '?')
    if qi >= 0:
        search = substring(tail, qi, len(tail))
        tail = substring(tail, 0, qi)
    if search == '?':
        search = ''
    if hash_ == '#':
        hash_ = ''
    pathname = tail if len(tail) > 0 else '/'
    special = scheme == 'http' or scheme == 'https'
    origin = scheme + '://' + host if special else 'null'
    cred = ''
    if len(username) > 0 or len(password) > 0:
        cred = username + (':' + password if len(password) > 0 else '') + '@'
    href = scheme + '://' + cred + host + pathname + search + hash_
    return {'protocol': scheme + ':', 'username': username, 'password': password, 'hostname': hostname,
            'port': port, 'host': host, 'origin': origin, 'pathname': pathname, 'search': search, 'hash': hash_,
            'href': href}


class FakeWindow:
    def __init__(self, label):
        self.label = label


class FakeElement:
    def __init__(self, label):
        self.label = label
        self.children = []


class FakeFrame(FakeElement):
    def __init__(self, label, attrs, parent):
        FakeElement.__init__(self, label)
        self.attrs = attrs
        self.parent = parent
        self.style = {}
        self.window = FakeWindow(label + '.window')
        self.removed = False


class FakeLauncher(FakeElement):
    """The stand-in launcher the widget draws before the frame exists."""

    def __init__(self, label, spec, parent):
        FakeElement.__init__(self, label)
        self.spec = spec
        self.parent = parent
        self.focused = False
        self.handlers = []
        self.removed = False


class FakePromise:
    """A thenable settled by the test (or at once), to model async getToken."""

    def __init__(self):
        self.callbacks = []
        self.settled = False
        self.ok = False
        self.value = None

    def then(self, on_ok, on_err):
        push(self.callbacks, [on_ok, on_err])
        if self.settled:
            self.fire()

    def resolve(self, value):
        self.settled = True
        self.ok = True
        self.value = value
        self.fire()

    def reject(self, value):
        self.settled = True
        self.ok = False
        self.value = value
        self.fire()

    def fire(self):
        callbacks = self.callbacks
        self.callbacks = []
        for pair in callbacks:
            if self.ok:
                pair[0](self.value)
            else:
                pair[1](self.value)


class FakeRuntime:
    """What every side's platform shares (sdk_src/platform_contract.py, sides
    browser, frame and headless): a virtual clock with timers and animation
    frames, window `message` listeners, async calls settled on demand, console
    output, and the log every test reads. Each class lists in CONTROLS the public
    methods that are the test's controls, not platform methods: the contract
    test checks that the rest is exactly the contract of the class's side."""

    CONTROLS = ['record', 'deliver', 'advance', 'run_frame', 'settle', 'pending_timers', 'take_log']

    def __init__(self):
        self.log = []
        self.clock = 0            # virtual time in ms
        self.timers = []          # [due, handle, fn]
        self.seq = 0
        self.frames_queue = []    # [handle, fn]
        self.message_listeners = []
        self.microtasks = []
    def record(self, line):
        push(self.log, line)

    def encode_component(self, text):
        return encode_component(text)

    def parse_url(self, url):
        return parse_url(url)

    def listen_messages(self, handler):
        remove = add_listener(self.message_listeners, handler)
        platform = self
        self.record('listen message (' + str(len(self.message_listeners)) + ')')

        def unlisten():
            remove()
            platform.record('unlisten message (' + str(len(platform.message_listeners)) + ')')
        return unlisten

    def deliver(self, origin, source, data):
        """Dispatch one window `message` event to every listener."""
        for handler in list(self.message_listeners):
            handler(origin, source, data)

    def set_timeout(self, fn, ms):
        self.seq = self.seq + 1
        handle = self.seq
        push(self.timers, [self.clock + ms, handle, fn])
        self.record('set-timeout #' + str(handle) + ' ' + str(ms) + 'ms')
        return handle

    def clear_timeout(self, handle):
        for i in range(len(self.timers)):
            if self.timers[i][1] == handle:
                remove_at(self.timers, i)
                self.record('clear-timeout #' + str(handle))
                return

    def advance(self, ms):
        target = self.clock + ms
        while True:
            best = -1
            for i in range(len(self.timers)):
                if self.timers[i][0] <= target and (best < 0 or self.timers[i][0] < self.timers[best][0]):
                    best = i
            if best < 0:
                break
            timer = self.timers[best]
            remove_at(self.timers, best)
            self.clock = timer[0]
            self.record('timeout #' + str(timer[1]) + ' fired at ' + str(self.clock) + 'ms')
            timer[2]()
        self.clock = target

    def request_frame(self, fn):
        self.seq = self.seq + 1
        push(self.frames_queue, [self.seq, fn])
        return self.seq

    def cancel_frame(self, handle):
        for i in range(len(self.frames_queue)):
            if self.frames_queue[i][0] == handle:
                remove_at(self.frames_queue, i)
                self.record('cancel-frame')
                return

    def run_frame(self):
        queue = self.frames_queue
        self.frames_queue = []
        for item in queue:
            item[1]()

    def call_listener(self, fn, arg, label):
        try:
            if arg == None:
                fn()
            else:
                fn(arg)
        except Exception as err:
            self.record('listener-error ' + label + ': ' + error_text(err))

    def call_async(self, fn, on_ok, on_err):
        push(self.microtasks, [fn, on_ok, on_err])

    def settle(self):
        """Run queued async calls (like a microtask checkpoint)."""
        while len(self.microtasks) > 0:
            task = self.microtasks[0]
            remove_at(self.microtasks, 0)
            try:
                result = task[0]()
            except Exception as err:
                task[2](err)
                continue
            if isinstance(result, FakePromise):
                result.then(task[1], task[2])
            else:
                task[1](result)

    def warn(self, text):
        self.record('warn ' + text)

    def report(self, text):
        self.record('console.error ' + text)

    def pending_timers(self):
        return len(self.timers)

    def take_log(self):
        log = self.log
        self.log = []
        return log


class FakePlatform(FakeRuntime):
    """The parent page: a document with a body and a `#chat` container."""

    CONTROLS = ['record', 'deliver', 'advance', 'run_frame', 'settle', 'pending_timers', 'take_log',
                'resize_viewport', 'launcher_event', 'go_idle', 'scroll_into_view', 'live_launchers',
                'navigate', 'detach']

    def __init__(self):
        FakeRuntime.__init__(self)
        self.viewport_listeners = []
        self.width = 1280
        self.origin = 'https://shop.example'
        self.dom = True
        self.body = FakeElement('body')
        self.elements = {'#chat': FakeElement('#chat')}
        self.frames = []
        self.launchers = []
        self.dark = False
        self.idle_waiters = []
        self.visible_waiters = []
        self.href = 'https://shop.example/'     # location.href
        self.title = 'Shop'                     # document.title
        self.location_watchers = []             # [handler, poll_ms]

    def has_dom(self):
        return self.dom

    def page_origin(self):
        return self.origin

    def language(self):
        return 'en-US'

    def viewport_width(self):
        return self.width

    def is_element(self, value):
        return isinstance(value, FakeElement)

    def find_container(self, target):
        if kind(target) == 'string':
            if target in self.elements:
                return self.elements[target]
            return None
        return target

    def create_frame(self, attrs, container):
        parent = container if container != None else self.body
        frame = FakeFrame('frame' + str(len(self.frames) + 1), attrs, parent)
        push(self.frames, frame)
        push(parent.children, frame)
        self.record('create-frame ' + frame.label + ' in ' + parent.label + ' ' + show(attrs))
        return frame

    def detach(self, element, what):
        element.removed = True
        i = index_of(element.parent.children, element)
        if i >= 0:
            remove_at(element.parent.children, i)
        self.record('remove-' + what + ' ' + element.label)

    def remove_frame(self, frame):
        self.detach(frame, 'frame')

    def set_style(self, frame, style):
        frame.style = style
        self.record('style ' + frame.label + ' ' + short_style(style))

    def frame_window(self, frame):
        if frame.removed:
            return None
        return frame.window

    def post_message(self, frame, message, target_origin):
        self.record('post ' + frame.label + ' -> ' + target_origin + ' ' + show(message))

    def listen_viewport(self, handler):
        return add_listener(self.viewport_listeners, handler)

    def debug(self, text, data):
        self.record('console.debug ' + text + ' ' + show(data))

    # loading strategies: the stand-in launcher, idle and visibility waits
    def prefers_dark(self):
        return self.dark

    def create_launcher(self, spec):
        launcher = FakeLauncher('launcher' + str(len(self.launchers) + 1), spec, self.body)
        push(self.launchers, launcher)
        push(self.body.children, launcher)
        self.record('create-launcher ' + launcher.label + ' ' + show(spec['label']) + ' badge=' + show(spec['badge']))
        return launcher

    def update_launcher(self, launcher, spec):
        launcher.spec = spec
        self.record('update-launcher ' + launcher.label + ' ' + show(spec['label']))

    def listen_launcher(self, launcher, handler):
        remove = add_listener(launcher.handlers, handler)
        platform = self
        self.record('listen-launcher ' + launcher.label)

        def unlisten():
            remove()
            platform.record('unlisten-launcher ' + launcher.label)
        return unlisten

    def launcher_event(self, what):
        """The visitor acts on the newest launcher: hover | focus | pointerdown | click | blur."""
        launcher = self.launchers[len(self.launchers) - 1]
        if what == 'focus':
            launcher.focused = True
        elif what == 'blur':
            launcher.focused = False
        self.record('launcher-event ' + what)
        for handler in list(launcher.handlers):
            handler(what)

    def launcher_focused(self, launcher):
        return launcher.focused

    def remove_launcher(self, launcher):
        self.detach(launcher, 'launcher')

    def focus_frame(self, frame):
        self.record('focus-frame ' + frame.label)

    def when_idle(self, fn, timeout_ms):
        push(self.idle_waiters, fn)
        platform = self
        self.record('when-idle ' + str(timeout_ms) + 'ms')

        def cancel():
            i = index_of(platform.idle_waiters, fn)
            if i >= 0:
                remove_at(platform.idle_waiters, i)
            platform.record('cancel-idle')
        return cancel

    def go_idle(self):
        waiters = self.idle_waiters
        self.idle_waiters = []
        self.record('page idle')
        for fn in waiters:
            fn()

    def observe_visible(self, element, fn):
        push(self.visible_waiters, fn)
        platform = self
        self.record('observe-visible ' + element.label)

        def cancel():
            i = index_of(platform.visible_waiters, fn)
            if i >= 0:
                remove_at(platform.visible_waiters, i)
            platform.record('unobserve-visible ' + element.label)
        return cancel

    def scroll_into_view(self):
        waiters = list(self.visible_waiters)
        self.record('container visible')
        for fn in waiters:
            fn()

    def live_launchers(self):
        count = 0
        for launcher in self.launchers:
            if not launcher.removed:
                count = count + 1
        return count

    def resize_viewport(self, width):
        self.width = width
        for handler in list(self.viewport_listeners):
            handler()

    def current_page(self):
        return {'href': self.href, 'title': self.title}

    def watch_location(self, handler, poll_ms):
        entry = [handler, poll_ms]
        remove = add_listener(self.location_watchers, entry)
        self.record('watch-location ' + str(poll_ms) + 'ms')
        platform = self

        def unwatch():
            remove()
            platform.record('unwatch-location')
        return unwatch

    def navigate(self, href, title):
        """A same-document navigation (pushState, popstate, hash change): the
        address (and title, unless None) change, then every watcher is told."""
        self.href = href
        if title != None:
            self.title = title
        for entry in list(self.location_watchers):
            entry[0]()


def short_style(style):
    parts = []
    for key in ['position', 'top', 'right', 'bottom', 'left', 'width', 'height']:
        if key in style and style[key] != '':
            push(parts, key + '=' + style[key])
    return join(parts, ' ')


class FakeFramePlatform(FakeRuntime):
    """The chat page inside the iframe: its URL's parentOrigin, window.parent,
    a scripted server (`respond`), visibility and content height."""

    CONTROLS = ['record', 'deliver', 'advance', 'run_frame', 'settle', 'pending_timers', 'take_log',
                'set_height', 'set_visible', 'respond', 'pending_requests']

    def __init__(self):
        FakeRuntime.__init__(self)
        self.query_parent_origin = 'https://shop.example'
        self.parent = FakeWindow('parent')
        self.framed = True
        self.visible = True
        self.height_observers = []
        self.visibility_listeners = []
        self.requests = []        # [method, url, token, body, done]
        self.claims = {}          # token -> claims dict (what jwt_claims decodes)

    def now(self):
        return self.clock

    def parent_origin_param(self):
        return self.query_parent_origin

    def parent_window(self):
        return self.parent if self.framed else None

    def post_to_parent(self, message, target_origin):
        self.record('post parent -> ' + target_origin + ' ' + show(message))

    def observe_height(self, handler):
        return add_listener(self.height_observers, handler)

    def set_height(self, height):
        for handler in list(self.height_observers):
            handler(height)

    def listen_visibility(self, handler):
        return add_listener(self.visibility_listeners, handler)

    def set_visible(self, visible):
        self.visible = visible
        for handler in list(self.visibility_listeners):
            handler(visible)

    def is_visible(self):
        return self.visible

    def jwt_claims(self, token):
        if token in self.claims:
            return self.claims[token]
        return None

    def request_json(self, method, url, token, body, done):
        self.record('request ' + method + ' ' + url + ' token=' + show(token) + ' ' + show(body))
        push(self.requests, [method, url, token, body, done])

    def respond(self, status, body, retry_after):
        """Answer the oldest pending request."""
        request = self.requests[0]
        remove_at(self.requests, 0)
        self.record('response ' + str(status) + ' ' + show(body))
        request[4](status, body, retry_after)

    def pending_requests(self):
        return len(self.requests)


# ---- headless client -----------------------------------------------------------

# __pragma__ ('skip')
from pyvalues import contains  # noqa: E402
# __pragma__ ('noskip')
#?from jsvalues import contains

class FakeSocket:
    """One WebSocket the headless client opened. The test drives it:
    open() fires `open`, message(obj) delivers a JSON frame (see
    FakeHeadlessPlatform.json_parse), raw(text) delivers text as-is, close(code)
    fires `close` (also after the client's own socket_close: a browser reports
    that close asynchronously, so the test decides when, or whether, it comes)."""

    def __init__(self, platform, label, url, on_open, on_message, on_close):
        self.platform = platform
        self.label = label
        self.url = url
        self.on_open = on_open
        self.on_message = on_message
        self.on_close = on_close
        self.state = 'connecting'     # connecting | open | closing (client closed it) | closed
        self.sent = []

    def open(self):
        self.platform.record('socket-event ' + self.label + ' open')
        if self.state == 'connecting':
            self.state = 'open'
        self.on_open()

    def message(self, obj):
        key = self.platform.frame_key(obj)
        self.platform.record('socket-event ' + self.label + ' message ' + show(obj))
        self.on_message(key)

    def raw(self, text):
        self.platform.record('socket-event ' + self.label + ' raw ' + show(text))
        self.on_message(text)

    def close(self, code):
        self.platform.record('socket-event ' + self.label + ' close ' + str(code))
        self.state = 'closed'
        self.on_close(code)


class FakeHeadlessPlatform(FakeRuntime):
    """What sdk_src/headless.py calls on its platform, with a scripted server.

    - random(): values from `randoms` (a list the test fills, consumed front
      first) while it is non-empty, else a seeded Park-Miller LCG (exact in both
      CPython and JavaScript: the products stay below 2^53).
    - json_parse(text): no JSON parser here (the fake must transpile and behave
      the same on both sides). FakeSocket.message(obj) stores obj under a fresh
      key ('frame#<n>') in `frames` and delivers the key as the frame text;
      json_parse looks keys up and returns None for anything else, as
      JSON.parse failures do in the real platform.
    - request_json(): logged and queued in `requests`; the test answers with
      respond(status, body, retry_after) (oldest first) or respond_to(method,
      url_part, ...) (oldest matching one).
    - turnstile_token(): queued; the test answers with finish_turnstile().
    - storage: an in-memory dict (`storage`), sets are logged.
    - make_timestamp(ms) returns ms; iso_now() returns 'iso@<clock>ms'.
    """

    CONTROLS = ['record', 'deliver', 'advance', 'run_frame', 'settle', 'pending_timers', 'take_log',
                'frame_key', 'last_socket', 'live_sockets', 'respond', 'respond_to', 'pending_requests',
                'finish_turnstile', 'set_visible']

    def __init__(self):
        FakeRuntime.__init__(self)
        self.visible = True
        self.visibility_listeners = []
        self.requests = []        # [method, url, token, body, done]
        self.sockets = []         # every FakeSocket, in order of opening
        self.storage = {}
        self.frames = {}          # key -> parsed frame (see json_parse)
        self.frame_count = 0
        self.randoms = []         # scripted random() values, consumed first
        self.seed = 12345
        self.turnstile_waiters = []   # [script_url, site_key, done]

    # randomness, time, JSON
    def now(self):
        return self.clock

    def random(self):
        if len(self.randoms) > 0:
            value = self.randoms[0]
            remove_at(self.randoms, 0)
            return value
        self.seed = (self.seed * 16807) % 2147483647
        return (self.seed - 1) / 2147483646

    def make_timestamp(self, ms):
        return ms

    def iso_now(self):
        return 'iso@' + str(self.clock) + 'ms'

    def frame_key(self, obj):
        self.frame_count = self.frame_count + 1
        key = 'frame#' + str(self.frame_count)
        self.frames[key] = obj
        return key

    def json_parse(self, text):
        if kind(text) == 'string' and text in self.frames:
            return self.frames[text]
        return None

    # storage
    def storage_get(self, key):
        if key in self.storage:
            return self.storage[key]
        return None

    def storage_set(self, key, value):
        self.record('storage-set ' + key + ' ' + show(value))
        self.storage[key] = value

    # sockets
    def open_socket(self, url, on_open, on_message, on_close):
        socket = FakeSocket(self, 'socket' + str(len(self.sockets) + 1), url, on_open, on_message, on_close)
        push(self.sockets, socket)
        self.record('open-socket ' + socket.label + ' ' + url)
        return socket

    def socket_send(self, socket, text):
        self.record('socket-send ' + socket.label + ' ' + text)
        push(socket.sent, text)

    def socket_close(self, socket):
        self.record('socket-close ' + socket.label)
        if socket.state != 'closed':
            socket.state = 'closing'

    def last_socket(self):
        if len(self.sockets) == 0:
            return None
        return self.sockets[len(self.sockets) - 1]

    def live_sockets(self):
        """Sockets neither closed by the server nor by the client."""
        count = 0
        for socket in self.sockets:
            if socket.state == 'connecting' or socket.state == 'open':
                count = count + 1
        return count

    # HTTP
    def request_json(self, method, url, token, body, done):
        self.record('request ' + method + ' ' + url + ' token=' + show(token) + ' ' + show(body))
        push(self.requests, [method, url, token, body, done])

    def respond(self, status, body, retry_after):
        """Answer the oldest pending request."""
        request = self.requests[0]
        remove_at(self.requests, 0)
        self.record('response ' + request[0] + ' ' + request[1] + ' ' + str(status) + ' ' + show(body))
        request[4](status, body, retry_after)

    def respond_to(self, method, url_part, status, body, retry_after):
        """Answer the oldest pending request with this method whose URL contains
        url_part; False (and nothing happens) if there is none."""
        for i in range(len(self.requests)):
            request = self.requests[i]
            if request[0] == method and contains(request[1], url_part):
                remove_at(self.requests, i)
                self.record('response ' + method + ' ' + request[1] + ' ' + str(status) + ' ' + show(body))
                request[4](status, body, retry_after)
                return True
        return False

    def pending_requests(self):
        return len(self.requests)

    # bot check
    def turnstile_token(self, script_url, site_key, done):
        self.record('turnstile ' + script_url + ' ' + site_key)
        push(self.turnstile_waiters, [script_url, site_key, done])

    def finish_turnstile(self, token, error):
        waiter = self.turnstile_waiters[0]
        remove_at(self.turnstile_waiters, 0)
        self.record('turnstile-done ' + show(token) + ' ' + show(error))
        waiter[2](token, error)

    # visibility
    def listen_visibility(self, handler):
        return add_listener(self.visibility_listeners, handler)

    def set_visible(self, visible):
        self.record('visible ' + ('true' if visible else 'false'))
        self.visible = visible
        for handler in list(self.visibility_listeners):
            handler(visible)

    def is_visible(self):
        return self.visible
