"""Codes of the headless client's asynchronous failures (promises reject with
SdkError(code, message); getState().errorCode). The codes match the error-code
table in api_spec; the message stays the server's or ours, specific.

A failure travels inside the core as plain data: {'code': ..., 'message': ...}."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, has_own
# __pragma__ ('noskip')
#?from jsvalues import kind, has_own

from wire import ERROR

# The codes are errors.py's names (api_spec.ERROR_CODES documents each); import them from there.
from errors import NETWORK, TIMEOUT, AUTH, NOT_FOUND, RATE_LIMITED, SERVER, REQUEST_FAILED


def code_for_status(status):
    """The one mapping from an HTTP status (0: no response) to a failure code."""
    if status == 0:
        return NETWORK
    if status == 401 or status == 403:
        return AUTH
    if status == 404:
        return NOT_FOUND
    if status == 408 or status == 504:
        return TIMEOUT
    if status == 429:
        return RATE_LIMITED
    if status >= 500:
        return SERVER
    return REQUEST_FAILED


def failure(code, message):
    return {'code': code, 'message': message}


def error_message(data, status, fallback):
    """The server's {"error": text} when it sent one, else ours with the status."""
    if kind(data) == 'object' and has_own(data, ERROR) and kind(data[ERROR]) == 'string' \
            and len(data[ERROR]) <= 500:
        return data[ERROR]
    if status == 0:
        return fallback + ': network error.'
    return fallback + ' (HTTP ' + str(status) + ').'


def http_failure(data, status, fallback):
    return failure(code_for_status(status), error_message(data, status, fallback))
