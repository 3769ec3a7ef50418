"""Errors the SDK raises. The JavaScript facade turns each into a real `Error`
whose `name` is the class name and whose `code` is the code given here."""


class SdkError(Exception):
    def __init__(self, code, message):
        Exception.__init__(self, message)
        # Not `.message`/`.name`: plain attribute names that Transcrypt keeps as-is.
        self.code = code
        self.sdk_message = message

    def __str__(self):
        return self.sdk_message


class ConfigError(SdkError):
    """init(config) was given an unknown, missing or invalid option."""


class ArgumentError(SdkError):
    """A command or on()/off() was called with an invalid argument."""


class StateError(SdkError):
    """A command was called when the widget cannot take it (before init, after destroy)."""


# Every code the SDK produces, by name: code sites use these names (a typo is a
# NameError / ruff F821, not a silently different string). What each one means,
# which class carries it and where it is raised is the ERROR_CODES table in
# api_spec.py; tests/unit/test_error_codes.py keeps the two equal.
# Thrown synchronously
INVALID_CONFIG = 'invalid-config'
INVALID_ARGUMENT = 'invalid-argument'
UNKNOWN_EVENT = 'unknown-event'
NOT_INITIALIZED = 'not-initialized'
NO_BROWSER = 'no-browser'
NO_PROVIDER = 'no-provider'
# `error` events and rejected Promises (asynchronous failures)
TIMEOUT = 'timeout'
TOKEN_ERROR = 'token-error'
QUEUE_FULL = 'queue-full'
FRAME_ERROR = 'frame-error'
# The frame kit refusing the parent (posted to it as `error`, emitted as `rejected`)
TOKEN_MISSING = 'token-missing'
ORIGIN_NOT_ALLOWED = 'origin-not-allowed'
VERIFY_FAILED = 'verify-failed'
# The headless client's failures (rejected Promises and getState().error)
NETWORK = 'network'
AUTH = 'auth'
NOT_FOUND = 'not-found'
RATE_LIMITED = 'rate-limited'
BOT_CHECK = 'bot-check'
SERVER = 'server'
BAD_RESPONSE = 'bad-response'
GAVE_UP = 'gave-up'
REQUEST_FAILED = 'request-failed'
