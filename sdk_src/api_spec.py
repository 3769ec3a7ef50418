"""The one declarative description of the SDK's public surface and wire protocol.

Runtime validation (config.py, protocol.py), the TypeScript declarations, the
async-loading stub and the README API tables are all generated from this
module. Adding an event or a command starts here.

Field types used below (a small vocabulary that both the validators and the
TypeScript template understand):
  string, boolean, function, url, enum, string-list, user, element-or-selector,
  integer, object, number.
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import own_keys, push
# __pragma__ ('noskip')
#?from jsvalues import own_keys, push

from limits import LIMITS  # the numbers that bound every input (shared with the dev server)

THEMES = ['light', 'dark', 'auto']
MODES = ['chat-widget', 'prompt-input', 'embedded']
POSITIONS = ['left', 'right']
# When the chat frame is created (see widget.py, "loading strategies").
LOADING_STRATEGIES = ['eager', 'idle', 'interaction']
ROLES = ['user', 'ai']
USER_FIELDS = ['name', 'email', 'phone', 'userId', 'company']
CONTACT_FIELDS = ['name', 'email', 'phone', 'company', 'userId']
CUSTOMER_FIELDS = ['name', 'email', 'phone']
# pageTracking: what the frame is told about the host page's address (see widget.page_url()).
PAGE_TRACKING = ['path', 'full', 'off']


def _field(name, type_, default, extra):
    field = {'name': name, 'type': type_, 'default': default}
    if extra != None:
        for key in own_keys(extra):
            field[key] = extra[key]
    return field


# init(config) options. `when`: the option exists only in builds whose profile has
# that feature ('token': chat tokens; 'inbox': an inboxId option); see
# config.profile_has(). No brand is named here. `frame`: sent to the chat frame in
# `init`'s options (widget.py). `ts`: the TypeScript type where the spec type alone
# does not say it (a function's signature).
CONFIG_FIELDS = [
    _field('token', 'string', None, {'maxLength': LIMITS['tokenMax'], 'secret': True, 'when': 'token'}),
    _field('getToken', 'function', None, {'when': 'token', 'ts': '() => Promise<string> | string'}),
    _field('inboxId', 'string', None, {'maxLength': 200, 'when': 'inbox', 'frame': True}),
    _field('baseUrl', 'url', None, None),
    _field('locale', 'string', None, {'maxLength': 35}),
    _field('theme', 'enum', 'auto', {'values': THEMES}),
    _field('mode', 'enum', 'chat-widget', {'values': MODES, 'frame': True}),
    _field('position', 'enum', 'right', {'values': POSITIONS, 'frame': True}),
    _field('container', 'element-or-selector', None, None),
    _field('placeholder', 'string', None, {'maxLength': 255, 'frame': True}),
    _field('agentName', 'string', None, {'maxLength': 255, 'frame': True}),
    _field('agentTitle', 'string', None, {'maxLength': 255, 'frame': True}),
    _field('questions', 'string-list', None, None),
    _field('privacyUrl', 'url', None, {'frame': True}),
    _field('requireConsent', 'boolean', False, {'frame': True}),
    _field('hideHeader', 'boolean', False, {'frame': True}),
    _field('user', 'user', None, None),
    _field('pageTracking', 'enum', 'path', {'values': PAGE_TRACKING}),
    _field('onSessionExpired', 'function', None, {'when': 'token'}),
    _field('handshakeTimeout', 'integer', LIMITS['timeoutDefault'],
           {'min': LIMITS['timeoutMin'], 'max': LIMITS['timeoutMax']}),
    _field('debug', 'boolean', False, None),
    _field('loading', 'enum', 'eager', {'values': LOADING_STRATEGIES}),
]

# Payload field lists shared by host events and frame messages.
HEIGHT_PAYLOAD = [{'name': 'height', 'type': 'height'}]
COUNT_PAYLOAD = [{'name': 'count', 'type': 'count'}]
CONVERSATION_PAYLOAD = [{'name': 'conversationId', 'type': 'string', 'maxLength': LIMITS['idMax'], 'minLength': 1}]
MESSAGE_PAYLOAD = [{'name': 'role', 'type': 'enum', 'values': ROLES},
                   {'name': 'content', 'type': 'string', 'maxLength': LIMITS['stringMax']}]
ERROR_MESSAGE_FIELD = {'name': 'message', 'type': 'string', 'maxLength': 1000}
# Host `error` events always carry a code; the frame may leave it out (-> "frame-error").
ERROR_PAYLOAD = [ERROR_MESSAGE_FIELD, {'name': 'code', 'type': 'string', 'maxLength': LIMITS['codeMax']}]
FRAME_ERROR_PAYLOAD = [ERROR_MESSAGE_FIELD,
                       {'name': 'code', 'type': 'string', 'maxLength': LIMITS['codeMax'], 'optional': True}]

# Host-facing events: on(name, callback). Payload fields in order.
EVENTS = [
    {'name': 'ready', 'payload': []},
    {'name': 'open', 'payload': []},
    {'name': 'close', 'payload': []},
    {'name': 'message', 'payload': MESSAGE_PAYLOAD},
    {'name': 'error', 'payload': ERROR_PAYLOAD},
    {'name': 'resize', 'payload': HEIGHT_PAYLOAD},
    {'name': 'unread-count', 'payload': COUNT_PAYLOAD},
    {'name': 'conversation-opened', 'payload': CONVERSATION_PAYLOAD},
    {'name': 'session-expired', 'payload': []},
]

# Public commands. `message`: the type posted to the frame (None: handled in the parent).
# `queued`: held until the handshake completes; otherwise the latest value rides
# along in `init` and is posted directly once ready (tests/unit/test_widget.py
# drives every command against these two facts). `option`: the init(config)
# option this command changes at run time (the React hook applies a changed
# option with it instead of re-creating the widget).
COMMANDS = [
    {'name': 'open', 'args': [], 'message': 'open', 'queued': True},
    {'name': 'close', 'args': [], 'message': 'close', 'queued': True},
    {'name': 'toggle', 'args': [], 'message': None, 'queued': True},
    {'name': 'sendMessage', 'args': [{'name': 'text', 'type': 'string'}], 'message': 'sendMessage', 'queued': True},
    {'name': 'updateContext', 'args': [{'name': 'context', 'type': 'user'}], 'message': 'updateContext',
     'queued': True},
    {'name': 'updateContact', 'args': [{'name': 'fields', 'type': 'contact'}], 'message': 'updateContact',
     'queued': True},
    {'name': 'setQuestions', 'args': [{'name': 'questions', 'type': 'string-list'}], 'message': 'setQuestions',
     'queued': False, 'option': 'questions'},
    {'name': 'setTheme', 'args': [{'name': 'theme', 'type': 'enum', 'values': THEMES}], 'message': 'set-theme',
     'queued': False, 'option': 'theme'},
    {'name': 'setLocale', 'args': [{'name': 'locale', 'type': 'string'}], 'message': 'set-locale',
     'queued': False, 'option': 'locale'},
    {'name': 'setToken', 'args': [{'name': 'token', 'type': 'string'}], 'message': 'set-token', 'queued': False,
     'when': 'token', 'option': 'token'},
]

# Frame -> parent messages and their payload fields.
INBOUND = [
    {'type': 'ready', 'payload': []},
    {'type': 'resize', 'payload': HEIGHT_PAYLOAD},
    {'type': 'chat:unread-count', 'payload': COUNT_PAYLOAD},
    {'type': 'chat:conversation-opened', 'payload': CONVERSATION_PAYLOAD},
    {'type': 'session-expired', 'payload': []},
    {'type': 'open', 'payload': []},
    {'type': 'close', 'payload': []},
    {'type': 'message', 'payload': MESSAGE_PAYLOAD},
    {'type': 'error', 'payload': FRAME_ERROR_PAYLOAD},
    {'type': 'reset', 'payload': []},             # the frame forgot the visitor (answer to `reset`)
]

# Parent -> frame messages and their payload fields (the frame kit validates
# with these, exactly as the parent validates INBOUND).
THEME_FIELD = {'name': 'theme', 'type': 'enum', 'values': THEMES}
LOCALE_FIELD = {'name': 'locale', 'type': 'string', 'maxLength': 35, 'minLength': 2}
TOKEN_FIELD = {'name': 'token', 'type': 'string', 'maxLength': LIMITS['tokenMax'], 'minLength': 1}
OUTBOUND = [
    {'type': 'init', 'payload': [
        {'name': 'token', 'type': 'string', 'maxLength': LIMITS['tokenMax'], 'minLength': 1, 'optional': True},
        LOCALE_FIELD, THEME_FIELD, {'name': 'open', 'type': 'boolean'}, {'name': 'options', 'type': 'object'}]},
    {'type': 'set-theme', 'payload': [THEME_FIELD]},
    {'type': 'set-locale', 'payload': [LOCALE_FIELD]},
    {'type': 'set-token', 'payload': [TOKEN_FIELD]},
    {'type': 'open', 'payload': []},
    {'type': 'close', 'payload': []},
    {'type': 'sendMessage', 'payload': [
        {'name': 'text', 'type': 'string', 'maxLength': LIMITS['messageMax'], 'minLength': 1}]},
    {'type': 'updateContext', 'payload': [{'name': 'context', 'type': 'object'}]},
    {'type': 'updateContact', 'payload': [{'name': 'fields', 'type': 'object'}]},
    {'type': 'setQuestions', 'payload': [{'name': 'questions', 'type': 'string-list'}]},
    {'type': 'reset', 'payload': []},             # reset(): forget the visitor and the conversation
    # The host page's current address (pageTracking); after `init` and on every change.
    {'type': 'page', 'payload': [
        {'name': 'url', 'type': 'string', 'maxLength': LIMITS['pageUrlMax'], 'minLength': 1},
        {'name': 'title', 'type': 'string', 'maxLength': LIMITS['pageTitleMax']}]},
]

# Events of the frame kit (inside the chat iframe): what the chat page subscribes
# to with on(name, callback). Payload types: FRAME_EVENT_TS below.
FRAME_EVENTS = ['init', 'token', 'open', 'close', 'sendMessage', 'updateContext', 'updateContact', 'setQuestions',
                'set-theme', 'set-locale', 'rejected', 'expired', 'reset', 'page']

# The Connect surface: connect(options) embeds the Connect page (pairing a number).
CONNECT_FIELDS = [
    _field('pairingUrl', 'url', None, None),
    _field('pairingToken', 'string', None, {'maxLength': 512, 'secret': True}),
    _field('baseUrl', 'url', None, None),
    _field('container', 'element-or-selector', None, None),
    _field('locale', 'string', None, {'maxLength': 35}),
    _field('theme', 'enum', 'auto', {'values': THEMES}),
    _field('handshakeTimeout', 'integer', LIMITS['timeoutDefault'],
           {'min': LIMITS['timeoutMin'], 'max': LIMITS['timeoutMax']}),
]
NUMBER_PAYLOAD = [{'name': 'whatsappNumberId', 'type': 'string', 'maxLength': LIMITS['idMax'], 'optional': True}]
CONNECT_EVENTS = [
    {'name': 'ready', 'payload': []},
    {'name': 'resize', 'payload': HEIGHT_PAYLOAD},
    {'name': 'connect:paired', 'payload': NUMBER_PAYLOAD},
    {'name': 'connect:expired', 'payload': []},
    {'name': 'error', 'payload': ERROR_PAYLOAD},
]
CONNECT_INBOUND = [
    {'type': 'ready', 'payload': []},
    {'type': 'resize', 'payload': HEIGHT_PAYLOAD},
    {'type': 'connect:paired', 'payload': NUMBER_PAYLOAD},
    {'type': 'connect:expired', 'payload': []},
    {'type': 'error', 'payload': FRAME_ERROR_PAYLOAD},
]

# The headless client: createHeadless(options) (no iframe; REST + WebSocket).
TURNSTILE_SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit'
HEADLESS_FIELDS = [
    _field('inboxId', 'string', None, {'maxLength': 200}),
    _field('apiBase', 'url', None, None),
    _field('token', 'string', None, {'maxLength': LIMITS['tokenMax'], 'secret': True, 'when': 'token'}),
    _field('turnstileSiteKey', 'string', None, {'maxLength': 200}),
    _field('turnstileScriptUrl', 'url', TURNSTILE_SCRIPT, None),
    _field('customerInfo', 'customer', None, None),
]

PROTOCOL_VERSION = 1


def event_names():
    return names_of(EVENTS)


def names_of(events):
    names = []
    for event in events:
        push(names, event['name'])
    return names


# __pragma__ ('skip')
# Build-time tables (Transcrypt skips this block, so none of it ships).
import errors as E  # noqa: E402 - the code names; a misspelt one fails here, at import


def _code(code, classes, where, meaning):
    """One row of ERROR_CODES. `classes`: the SdkError subclasses thrown or rejected
    with this code ([] when it only arrives in `error` events). `where`: the
    surfaces that produce it (chat, react, connect, frame, headless, headless-react)."""
    return {'code': code, 'classes': classes, 'where': where, 'meaning': meaning}


# Every error code the SDK produces: the TypeScript `ErrorCode` union, the error
# classes each entry point exports and the README's error table come from here.
ERROR_CODES = [
    _code(E.INVALID_CONFIG, ['ConfigError'], ['chat', 'react', 'connect', 'headless'],
          'init(config), connect(options) or createHeadless(options) got an unknown, missing or invalid option (the '
          'React hook reports it as an `error` event).'),
    _code(E.INVALID_ARGUMENT, ['ArgumentError'], ['chat', 'react', 'frame', 'headless'],
          'A command or function got an invalid argument.'),
    _code(E.UNKNOWN_EVENT, ['ArgumentError'], ['chat', 'react', 'connect', 'frame'],
          'on(), once() or off() named an event that does not exist.'),
    _code(E.NOT_INITIALIZED, ['StateError'], ['chat', 'react', 'connect', 'frame', 'headless'],
          'Called before init() / start(), after destroy() / close(), or after the frame failed to load.'),
    _code(E.NO_BROWSER, ['StateError'], ['chat', 'connect'],
          'init() or connect() ran without a browser page (server rendering).'),
    _code(E.NO_PROVIDER, ['StateError'], ['headless-react'],
          'A headless React hook was used outside its provider.'),
    _code(E.TIMEOUT, ['SdkError'], ['chat', 'connect', 'headless'],
          'The frame did not answer the handshake within `handshakeTimeout`, or reset() was not confirmed within '
          '3 s; headless: a request took too long.'),
    _code(E.TOKEN_ERROR, [], ['chat'], 'getToken() failed or resolved to something other than a token.'),
    _code(E.QUEUE_FULL, ['StateError'], ['chat', 'react', 'headless'],
          'Too many calls are waiting for the frame (an `error` event; the call is dropped) or, headless, too '
          'many unsent messages (sendMessage() throws).'),
    _code(E.FRAME_ERROR, [], ['chat', 'connect'], 'The frame reported an error without a code of its own.'),
    _code(E.TOKEN_MISSING, [], ['frame'], 'The chat frame got `init` without the token its profile requires.'),
    _code(E.ORIGIN_NOT_ALLOWED, [], ['frame'],
          "The host page's origin is not in the token's allowedOrigins (the server said 403)."),
    _code(E.VERIFY_FAILED, [], ['frame'], 'The chat frame could not verify the host origin (a non-200/401/403 '
          'answer).'),
    _code(E.NETWORK, ['SdkError'], ['headless'], 'The request did not reach the server (offline, DNS, CORS).'),
    _code(E.AUTH, ['SdkError'], ['headless'], 'The server refused the session or token (401/403).'),
    _code(E.NOT_FOUND, ['SdkError'], ['headless'], 'The inbox or conversation does not exist (404).'),
    _code(E.RATE_LIMITED, ['SdkError'], ['headless'], 'Too many requests (429); retry later.'),
    _code(E.BOT_CHECK, ['SdkError'], ['headless'], 'The Turnstile bot check failed or did not load.'),
    _code(E.SERVER, ['SdkError'], ['headless'], 'The server failed (5xx).'),
    _code(E.BAD_RESPONSE, ['SdkError'], ['headless'], 'The server answered with something the client cannot read.'),
    _code(E.GAVE_UP, ['SdkError'], ['headless'], 'The socket stopped reconnecting after its last attempt; call '
          'reconnect().'),
    _code(E.REQUEST_FAILED, ['SdkError'], ['headless'], 'A headless request failed for another reason.'),
]

# The headless client's facade (createHeadless() returns these members; headless_api.py
# builds them, the JS entry wraps them, the .d.ts declares them, the React hooks
# expose the `hook` ones). `call`: 'direct' (returned as it is), 'promise' (the core
# takes on_ok/on_err; the facade returns a Promise that rejects with an SdkError),
# 'session' (like promise, but resolves null instead of rejecting: the spec).
HEADLESS_API = [
    {'name': 'getState', 'args': [], 'returns': 'HeadlessState', 'call': 'direct', 'hook': False,
     'doc': 'The current state: the same object until something changes.'},
    {'name': 'subscribe', 'args': [{'name': 'listener', 'ts': '() => void'}], 'returns': '() => void',
     'call': 'direct', 'hook': False,
     'doc': 'The listener runs after every change; returns a function that unsubscribes.'},
    {'name': 'createSession', 'args': [], 'returns': 'Promise<WidgetSession | null>', 'call': 'session', 'hook': True,
     'doc': 'Create (or resume) the session; resolves null when it could not be created (see getState().error). '
            'The first sendMessage() does it too.'},
    {'name': 'sendMessage', 'args': [{'name': 'content', 'ts': 'string'}], 'returns': 'Promise<void>',
     'call': 'promise', 'hook': True,
     'doc': 'Show the message at once, send it in order (retried), stream the reply into `messages`.'},
    {'name': 'updateContact', 'args': [{'name': 'fields', 'ts': 'ContactFields'}], 'returns': 'Promise<void>',
     'call': 'promise', 'hook': True, 'doc': 'Persist contact fields on the server.'},
    {'name': 'updateContext', 'args': [{'name': 'context', 'ts': 'UserContext'}], 'returns': 'void',
     'call': 'direct', 'hook': True, 'doc': 'Client-side context for the session (not persisted).'},
    {'name': 'setOpen', 'args': [{'name': 'open', 'ts': 'boolean'}], 'returns': 'void', 'call': 'direct',
     'hook': True, 'doc': 'Record whether your chat UI is open.'},
    {'name': 'giveConsent', 'args': [], 'returns': 'void', 'call': 'direct', 'hook': True,
     'doc': "Record the visitor's consent (sent with the session request)."},
    {'name': 'reconnect', 'args': [], 'returns': 'void', 'call': 'direct', 'hook': True,
     'doc': 'Reconnect the socket now (e.g. after `gave_up`).'},
    {'name': 'close', 'args': [], 'returns': 'void', 'call': 'direct', 'hook': False,
     'doc': 'Close the socket for good: no reconnects, no timers left.'},
]

# The React hook (usePilotStatus(config) in the default build) re-creates the SDK
# instance only when one of these options changes (the ones a profile does not have
# are left out); every other option is read when the instance is created, and those
# a command declares as its `option` (theme -> setTheme, ...) are applied with it.
HOOK_IDENTITY_OPTIONS = ['baseUrl', 'token', 'getToken', 'inboxId', 'mode']
# <Provider>: these props re-create the headless client; the others are read when it is created.
HEADLESS_IDENTITY_PROPS = ['inboxId', 'apiBase']
HEADLESS_REQUIRED = ['inboxId']

# Payload type of each frame kit event (FRAME_EVENTS), for frame.d.ts.
FRAME_EVENT_TS = {
    'init': 'FrameInit', 'token': 'void', 'open': 'void', 'close': 'void', 'sendMessage': '{ text: string }',
    'updateContext': '{ context: UserContext }', 'updateContact': '{ fields: ContactFields }',
    'setQuestions': '{ questions: string[] }', 'set-theme': '{ theme: Theme }', 'set-locale': '{ locale: string }',
    'rejected': '{ code: string; message: string }', 'expired': 'void',
    'reset': 'void', 'page': 'FramePage',
}
FRAME_EVENT_DOCS = {
    'reset': 'The host called reset(): forget the visitor and the conversation (storage included) now, synchronously.',
    'page': 'The host page the visitor is on (the host\'s `pageTracking` option): after the handshake and on every '
            'single-page-app navigation, only when the address or title changed. `url` is on the parent origin.',
}

# Documentation, read at build time only (Transcrypt skips this block, so none
# of it ships in the bundle).
DOCS = {
    'config.token': 'Chat JWT minted by your backend (POST /v1/embed/sessions). Kept in memory only.',
    'config.getToken': 'Async function returning a fresh token; called at init when `token` is absent '
                       'and again whenever the session expires (one request at a time).',
    'config.inboxId': 'Inbox to connect to.',
    'config.baseUrl': 'Chat frame host. Absolute https: URL (http: only for loopback hosts), no query or fragment.',
    'config.locale': 'BCP 47 language tag for the chat UI, e.g. "pt-BR". Defaults to the browser language.',
    'config.theme': 'Colour theme of the chat UI.',
    'config.mode': 'Display mode: floating bubble, bottom input bar, or filling a container.',
    'config.position': 'Bubble corner (chat-widget mode).',
    'config.container': 'Element or CSS selector to render into (embedded mode; required there).',
    'config.placeholder': 'Input placeholder text.',
    'config.agentName': 'Agent display name in the header.',
    'config.agentTitle': 'Agent role / title.',
    'config.questions': 'Suggested questions shown to the user (up to 20, 300 chars each).',
    'config.privacyUrl': 'Link to your privacy policy (absolute https: URL; http: only for loopback hosts).',
    'config.requireConsent': 'Show a consent gate before the chat starts.',
    'config.hideHeader': 'Hide the chat header (embedded mode).',
    'config.user': 'Pre-fill user identity: name, email, phone, userId, company (strings, 255 chars), '
                   'customAttributes (up to 50 string/number/boolean values).',
    'config.onSessionExpired': 'Called once when the chat session expires (before getToken is asked for a new one).',
    'config.handshakeTimeout': 'Milliseconds to wait for the frame to say `ready` before an `error` '
                               'event with code "timeout".',
    'config.pageTracking': 'What the chat frame is told about the page the visitor is on, after the handshake '
                           'and on every single-page-app navigation: "path" = origin + path (+ a `#/route` hash), '
                           'no query string; "full" = the whole URL; "off" = nothing.',
    'config.debug': 'Log every message to and from the chat frame on the console (console.debug, with the SDK\'s '
                    'prefix; tokens are redacted).',
    'config.loading': 'When the chat frame loads. "eager": at init(). "idle": once the page has loaded and the '
                      'browser is idle (5 s at most). "interaction": chat-widget mode draws a launcher on your page '
                      'and loads the frame when the visitor hovers, focuses or clicks it, or on open() / toggle() / '
                      'sendMessage(); embedded mode loads when the container comes near the viewport; not '
                      'available in prompt-input mode.',
    'event.ready': 'The frame answered the handshake and accepted the token; queued commands have been sent.',
    'event.open': 'The widget panel opened (by a command or by the user).',
    'event.close': 'The widget panel closed.',
    'event.message': 'A message was sent or received in the chat.',
    'event.error': 'Something failed asynchronously (codes: timeout, token-error, queue-full, frame-error, '
                   'or a code reported by the frame).',
    'event.resize': 'The frame asked for a new height (at most once per animation frame).',
    'event.unread-count': 'Number of unread messages changed (at most once per animation frame).',
    'event.conversation-opened': 'The user opened a conversation.',
    'event.session-expired': 'The chat token expired.',
    'command.open': 'Open the widget panel.',
    'command.close': 'Close the widget panel.',
    'command.toggle': 'Open the panel if closed, close it if open.',
    'command.sendMessage': 'Send a message as the user (1 to 4,000 characters; longer text throws an ArgumentError).',
    'command.updateContext': 'Pass client-side context to the session (not persisted).',
    'command.updateContact': 'Persist contact fields (name, email, phone, company, userId) on the server.',
    'command.setQuestions': 'Replace the suggested questions.',
    'command.setTheme': 'Switch the colour theme at run time.',
    'command.setLocale': 'Switch the UI language at run time.',
    'command.setToken': 'Hand the widget a fresh token (e.g. from onSessionExpired).',
    'headless.inboxId': 'Inbox to connect to (required).',
    'headless.apiBase': 'API base URL (absolute https: URL; http: only for loopback hosts).',
    'headless.token': 'Chat JWT, sent as a Bearer token when the session is created (inboxes scoped to a token).',
    'headless.turnstileSiteKey': 'Cloudflare Turnstile site key: an invisible bot check runs before the session is '
                                 'created.',
    'headless.turnstileScriptUrl': 'Where the Turnstile script is loaded from.',
    'headless.customerInfo': 'Pre-fill customer identity: name, email, phone.',
    'connect.pairingUrl': 'The pairingUrl returned by POST /v1/numbers/remote-pairing (its pairing token is in '
                          'the URL by design).',
    'connect.pairingToken': 'Alternatively the pairing token; the page is then {baseUrl}/connect.',
    'connect.baseUrl': 'Connect page host when pairingToken is given.',
    'connect.container': 'Element or CSS selector to render the Connect page into (required).',
    'connect.locale': 'Language tag for the Connect page.',
    'connect.theme': 'Colour theme of the Connect page.',
    'connect.handshakeTimeout': 'Milliseconds to wait for the Connect page to say `ready`.',
    'connect-event.ready': 'The Connect page loaded and answered.',
    'connect-event.resize': 'The Connect page changed height (the iframe follows it).',
    'connect-event.connect:paired': 'The number was paired.',
    'connect-event.connect:expired': 'The pairing token expired; mint a new one.',
    'connect-event.error': 'Something failed (codes: timeout or a code from the page).',
}
# __pragma__ ('noskip')
