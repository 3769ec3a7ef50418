"""The wire format between the headless client and the widget API, declared once.

The headless client (headless*.py, transpiled), the development server
(devkit/api.py, CPython) and the parity scenarios (tests/parity) import these
names instead of repeating the literals, so a renamed path or field is one edit
and a test that drives the client against the real devkit app
(tests/unit/test_headless_pair.py) catches any disagreement.

Plain string/number constants only (no imports, no code): the build marks
module-level constants as side-effect free, so a bundle keeps just the names
it reads.

REST (JSON bodies; every error body is {"error": "<human text>"}, a 429 carries
the Retry-After header):
    POST  SESSION_PATH   {inboxId, visitorId, customerInfo?, turnstileToken?, consent?: {timestamp}}
                         -> {sessionToken, conversationId, greeting, disclosure, isResumed}
    POST  MESSAGE_PATH   {content, clientMessageId} -> {content}   (the finished AI reply)
    PATCH CONTACT_PATH   {name?, email?, phone?, company?} -> {success: true}
    GET   HISTORY_PATH?after=<seq> -> {messages: [{messageId, seq, role, content, clientMessageId, createdAt}]}
WebSocket SOCKET_PATH + <conversationId>?token=<sessionToken>&source=widget:
    server -> client {type: "message.new", payload: {messageId, seq, content, sender: {type}, streaming,
                      clientMessageId?}}, {type: "pong"}
    client -> server {type: "ping"}; the server closes with SOCKET_AUTH_CLOSE for a refused token.
"""

# REST paths (after the API base)
SESSION_PATH = '/api/widget/session'
MESSAGE_PATH = '/api/widget/message'
CONTACT_PATH = '/api/widget/contact'
HISTORY_PATH = '/api/widget/messages'
HISTORY_AFTER = 'after'            # query parameter: the last seq already seen
RETRY_AFTER = 'Retry-After'        # response header of a 429

# Request fields
INBOX_ID = 'inboxId'
VISITOR_ID = 'visitorId'
CUSTOMER_INFO = 'customerInfo'
TURNSTILE_TOKEN = 'turnstileToken'
CONSENT = 'consent'
CONSENT_TIMESTAMP = 'timestamp'
CONTENT = 'content'
CLIENT_MESSAGE_ID = 'clientMessageId'

# Response fields
ERROR = 'error'
SESSION_TOKEN = 'sessionToken'
CONVERSATION_ID = 'conversationId'
GREETING = 'greeting'
DISCLOSURE = 'disclosure'
IS_RESUMED = 'isResumed'
SUCCESS = 'success'
MESSAGES = 'messages'
MESSAGE_ID = 'messageId'
SEQ = 'seq'
ROLE = 'role'
CREATED_AT = 'createdAt'
ROLE_USER = 'user'
ROLE_AI = 'ai'

# WebSocket
SOCKET_PATH = '/ws/conversation/'
SOCKET_TOKEN = 'token'             # query parameters
SOCKET_SOURCE = 'source'
SOURCE_WIDGET = 'widget'
TYPE = 'type'
PAYLOAD = 'payload'
SENDER = 'sender'
STREAMING = 'streaming'
MESSAGE_NEW = 'message.new'
PING = 'ping'
PONG = 'pong'
PING_FRAME = '{"type":"ping"}'     # sent as text: the core has no JSON encoder
SOCKET_AUTH_CLOSE = 4401           # close code: the session token was refused
