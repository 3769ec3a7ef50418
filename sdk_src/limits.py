"""The numbers that bound every input: the one place each limit is set.

The SDK (parent side, frame kit, headless client) reads them through api_spec;
the development server imports this module too (devkit/settings.py,
devkit/contact.py), so the SDK, the chat page and the server agree. No imports:
Transcrypt compiles it and CPython imports it as sdk_src.limits.
"""

LIMITS = {
    'queueMax': 100,            # commands held before the handshake; more -> `queue-full` error
    'messageMax': 4000,         # one user message: sendMessage(), the chat page's input, the server
    'stringMax': 10000,         # message content from the frame (replies may be longer than a user message)
    'fieldMax': 255,            # user / contact fields (the server caps at 255 too)
    'questionsMax': 20,         # setQuestions list length
    'questionMax': 300,         # one suggested question
    'attributesMax': 50,        # keys in user.customAttributes
    'heightMax': 10000,         # px; larger resize heights are clamped
    'countMax': 99999,          # unread counts above are clamped
    'idMax': 200,               # conversationId length
    'tokenMax': 8192,           # token length (token option, setToken, getToken results)
    'codeMax': 64,              # error code length from the frame
    'typeMax': 64,              # message type length
    'pageUrlMax': 2048,         # page URL sent to the frame (pageTracking); longer is cut to this length
    'pageTitleMax': 300,        # page title sent with it; longer is cut
    'narrowMax': 640,           # px viewport width at or below which an open widget fills the screen
    'timeoutDefault': 10000,    # ms to wait for the frame's `ready`
    'timeoutMin': 1000,
    'timeoutMax': 120000,
}
