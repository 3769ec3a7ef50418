"""The platform contract: every method the sans-IO core may call on its injected
platform object, per side, with its parameters, result and meaning.

The core (sdk_src/*.py) never touches window, document, fetch, WebSocket or timers;
it calls these methods instead. Three sides get a platform:

    browser   the host page: the chat widget (api.py -> widget.py) and connect()
    frame     the chat page inside the iframe: the frame kit (frame_api.py -> frame.py)
    headless  the headless client (headless_api.py -> headless.py)

Each side has one JavaScript implementation (SIDES[side]['js'], factory
SIDES[side]['factory']), one deterministic fake for the unit and parity tiers
(tests/fake_platform.py, SIDES[side]['fake']), and the headless side a build-time
stand-in (build.py's _StatePlatform). tests/unit/test_platform_contract.py checks that
each of them provides exactly the methods declared here for its side (with the declared
number of parameters), that the core only calls declared methods of its side, and it
exercises the JavaScript shims in Node with a fake window/fetch/WebSocket. So a method
missing from one implementation fails there, not in the browser tier.

Adding a method is one entry in METHODS (name, sides, parameters, result, meaning),
then the implementations the contract test names as missing it.

CPython only (build and tests); never transpiled.
"""

BROWSER = 'browser'
FRAME = 'frame'
HEADLESS = 'headless'
WIDGET = 'widget'   # the chat widget's host page: BROWSER's methods plus loading strategies and page tracking
ALL = (BROWSER, FRAME, HEADLESS)
NETWORK = (FRAME, HEADLESS)   # the sides that talk to the API (platform_common.js networkPlatform())

SIDES = {
    # connect() gets the plain host-page platform; its fake is the widget's (a superset).
    BROWSER: {'js': 'browser_platform.js', 'factory': 'createBrowserPlatform', 'fake': None,
              'entries': ['connect.py']},
    WIDGET: {'js': 'browser_platform.js', 'factory': 'createWidgetPlatform', 'fake': 'FakePlatform',
             'entries': ['api.py'], 'extends': BROWSER},
    FRAME: {'js': 'frame_platform.js', 'factory': 'createFramePlatform', 'fake': 'FakeFramePlatform',
            'entries': ['frame_api.py']},
    HEADLESS: {'js': 'headless_platform.js', 'factory': 'createHeadlessPlatform', 'fake': 'FakeHeadlessPlatform',
               'entries': ['headless_api.py']},
}


def method(name, sides, params, returns, meaning):
    """One contract entry. `params`: 'name: type' strings, in call order."""
    return {'name': name, 'sides': tuple(sides), 'params': tuple(params), 'returns': returns, 'meaning': meaning}


UNLISTEN = 'function () -> None that removes the listener'

METHODS = [
    # ---- every side (platform_common.js createCommonPlatform) ----
    method('parse_url', ALL, ['text: str'], 'dict | None',
           "WHATWG URL parse: {protocol, username, password, hostname, port, host, origin, pathname, search, "
           "hash, href} as strings (lower-cased scheme and host, default port dropped); None if unparseable."),
    method('encode_component', ALL, ['text: str'], 'str', 'encodeURIComponent(text).'),
    method('listen_messages', ALL, ['handler: (origin: str, source: window, data: any) -> None'], UNLISTEN,
           "Every window `message` event, as (event.origin, event.source, event.data); a handler that throws "
           "is logged, never rethrown into the page's event loop."),
    method('set_timeout', ALL, ['fn: () -> None', 'ms: int'], 'handle', 'Run fn once after ms; fn is isolated.'),
    method('clear_timeout', ALL, ['handle: handle'], 'None', 'Cancel a set_timeout handle (unknown: no-op).'),
    method('request_frame', ALL, ['fn: () -> None'], 'handle',
           'Run fn before the next paint (requestAnimationFrame, else a 16 ms timer); fn is isolated.'),
    method('cancel_frame', ALL, ['handle: handle'], 'None', 'Cancel a request_frame handle.'),
    method('call_async', ALL, ['fn: () -> any', 'on_ok: (value) -> None', 'on_err: (error) -> None'], 'None',
           'Call fn in a later microtask; on_ok gets its (awaited) result, on_err what it threw or rejected with.'),
    method('call_listener', ALL, ['fn: host callback', 'arg: any | None', 'label: str'], 'None',
           'Call a host callback with arg (no argument when None); what it throws is logged with the label and '
           'swallowed, so other listeners still run.'),
    method('warn', ALL, ['text: str'], 'None', 'console.warn(text).'),
    method('report', ALL, ['text: str'], 'None', 'console.error(text).'),

    # ---- the host page (browser_platform.js) ----
    method('has_dom', [BROWSER], [], 'bool', 'window and document with createElement exist (False during SSR).'),
    method('page_origin', [BROWSER], [], 'str', "The host page's origin (location.origin)."),
    method('language', [BROWSER], [], 'str', "navigator.language, or 'en'."),
    method('viewport_width', [BROWSER], [], 'int', 'innerWidth (or documentElement.clientWidth), CSS px.'),
    method('is_element', [BROWSER], ['value: any'], 'bool', 'value is a DOM Element of this window.'),
    method('find_container', [BROWSER], ['target: str | Element'], 'Element | None',
           'querySelector(target) for a string (None if nothing matches or the selector is invalid), else '
           'target itself.'),
    method('create_frame', [BROWSER], ['attrs: dict', 'container: Element | None'], 'iframe',
           'Create an <iframe>, set each attribute, append it to container (else document.body).'),
    method('remove_frame', [BROWSER], ['frame: iframe'], 'None', 'Detach the iframe from its parent.'),
    method('set_style', [BROWSER], ['frame: iframe', 'style: dict'], 'None',
           "Set each CSS property with !important; an empty string removes the property."),
    method('frame_window', [BROWSER], ['frame: iframe'], 'window | None', "The iframe's contentWindow."),
    method('post_message', [BROWSER], ['frame: iframe', 'message: dict', 'target_origin: str'], 'None',
           "contentWindow.postMessage(a plain-data copy of message, target_origin): target_origin is the frame's "
           "exact origin, never '*'."),
    method('listen_viewport', [BROWSER], ['handler: () -> None'], UNLISTEN, 'window `resize` events.'),
    method('debug', [BROWSER], ['text: str', 'data: any'], 'None', 'console.debug(text, plain-data copy).'),

    # ---- the chat widget only: loading strategies (browser_platform.js loadingPlatform) ----
    method('prefers_dark', [WIDGET], [], 'bool', "matchMedia('(prefers-color-scheme: dark)') matches."),
    method('create_launcher', [WIDGET], ['spec: dict'], 'Element',
           'Build the stand-in launcher <button> (SVG icon, badge) from widget.launcher_spec() with DOM calls and '
           'CSSOM styles only, and append it to document.body.'),
    method('update_launcher', [WIDGET], ['launcher: Element', 'spec: dict'], 'None',
           'Re-apply label, icon, badge text and styles of a launcher.'),
    method('listen_launcher', [WIDGET], ['launcher: Element', 'handler: (what: str) -> None'], UNLISTEN,
           "handler('hover' | 'focus' | 'pointerdown' | 'click' | 'blur'); also applies and undoes the hover and "
           'keyboard-focus styles.'),
    method('launcher_focused', [WIDGET], ['launcher: Element'], 'bool', 'launcher is document.activeElement.'),
    method('remove_launcher', [WIDGET], ['launcher: Element'], 'None', 'Detach the launcher from the page.'),
    method('focus_frame', [WIDGET], ['frame: iframe'], 'None', 'iframe.focus() (the launcher handed focus over).'),
    method('when_idle', [WIDGET], ['fn: () -> None', 'timeout_ms: int'], 'function () -> None that cancels',
           'Call fn once after the load event when the page is idle (requestIdleCallback, else a timer), at '
           'most timeout_ms after the call.'),
    method('current_page', [WIDGET], [], 'dict | None',
           '{href: location.href, title: document.title} (title "" when not a string); None without a location.'),
    method('watch_location', [WIDGET], ['handler: () -> None', 'poll_ms: int'], 'function () -> None that stops',
           'Call handler when the address may have changed: the Navigation API\'s currententrychange where '
           'present, else popstate, hashchange and a location.href comparison every poll_ms while the tab is '
           'visible. history is never patched. Without these events (no DOM) it watches nothing.'),
    method('observe_visible', [WIDGET], ['element: Element', 'fn: () -> None'], 'function () -> None that stops',
           'Call fn once when element comes within 200 px of the viewport (IntersectionObserver; at once '
           'without it).'),

    # ---- the sides that talk to the API (platform_common.js networkPlatform) ----
    method('now', NETWORK, [], 'number', 'Date.now(): ms since the epoch.'),
    method('listen_visibility', NETWORK, ['handler: (visible: bool) -> None'], UNLISTEN,
           'visibilitychange and window focus, as !document.hidden.'),
    method('is_visible', NETWORK, [], 'bool', '!document.hidden.'),
    method('request_json', NETWORK,
           ['method: str', 'url: str', 'token: str | None', 'body: dict | None',
            'done: (status: int, json: any | None, retry_after: number | None) -> None'], 'None',
           "fetch(url) with a JSON body (encoded without the page's JSON/toJSON), the token only in the "
           "Authorization: Bearer header (never the URL), credentials 'omit', cache 'no-store', no referrer; "
           "done(status, parsed JSON or None, Retry-After seconds or None); a network failure is done(0, None, None)."),

    # ---- the chat page inside the iframe (frame_platform.js) ----
    method('parent_origin_param', [FRAME], [], 'str | None', "The page URL's `parentOrigin` query parameter."),
    method('parent_window', [FRAME], [], 'window | None', 'window.parent, or None when not framed.'),
    method('post_to_parent', [FRAME], ['message: dict', 'target_origin: str'], 'None',
           "parent.postMessage(a plain-data copy of message, target_origin): the parent's exact origin, never '*'."),
    method('observe_height', [FRAME], ['handler: (height: int) -> None'], UNLISTEN,
           "The body's content height in CSS px (rounded up), on every change (ResizeObserver; once without it)."),
    method('jwt_claims', [FRAME], ['token: str'], 'dict | None',
           "The JWT's payload claims (base64url JSON, UTF-8), not verified; None if it does not decode."),

    # ---- the headless client (headless_platform.js) ----
    method('random', [HEADLESS], [], 'float', 'Math.random(): [0, 1).'),
    method('make_timestamp', [HEADLESS], ['ms: number'], 'Date', 'new Date(ms) (what messages carry).'),
    method('iso_now', [HEADLESS], [], 'str', 'new Date().toISOString().'),
    method('json_parse', [HEADLESS], ['text: str'], 'any | None', 'JSON.parse(text); None if it fails.'),
    method('storage_get', [HEADLESS], ['key: str'], 'str | None',
           'localStorage.getItem(key); None if storage is unavailable. Never holds a token.'),
    method('storage_set', [HEADLESS], ['key: str', 'value: str'], 'None',
           'localStorage.setItem(key, value); silently nothing if storage is unavailable.'),
    method('open_socket', [HEADLESS],
           ['url: str', 'on_open: () -> None', 'on_message: (text: str) -> None', 'on_close: (code: int) -> None'],
           'socket | None',
           'new WebSocket(url) with isolated callbacks (a non-text frame arrives as ""); error is reported only by '
           'the close that follows; a constructor failure is on_close(0) in a later task and None.'),
    method('socket_send', [HEADLESS], ['socket: socket', 'text: str'], 'None', 'send(text) if the socket is open.'),
    method('socket_close', [HEADLESS], ['socket: socket'], 'None', 'close(1000); no-op if None or closed.'),
    method('turnstile_token', [HEADLESS], ['script_url: str', 'site_key: str',
                                           'done: (token: str | None, error: str | None) -> None'], 'None',
           'Load the Cloudflare Turnstile script once, render an invisible challenge, done(token, None) or '
           'done(None, reason).'),
]


def methods_of(side):
    """Sorted method names of one side (with those of the side it extends)."""
    base = SIDES[side].get('extends')
    return sorted(m['name'] for m in METHODS if side in m['sides'] or (base != None and base in m['sides']))


def entry(name):
    for m in METHODS:
        if m['name'] == name:
            return m
    raise KeyError(name)
