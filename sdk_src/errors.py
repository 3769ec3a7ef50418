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


# Codes of errors thrown synchronously
INVALID_CONFIG = 'invalid-config'
INVALID_ARGUMENT = 'invalid-argument'
UNKNOWN_EVENT = 'unknown-event'
NOT_INITIALIZED = 'not-initialized'
NO_BROWSER = 'no-browser'
# Codes of `error` events (asynchronous failures)
TIMEOUT = 'timeout'
TOKEN_ERROR = 'token-error'
QUEUE_FULL = 'queue-full'
FRAME_ERROR = 'frame-error'
