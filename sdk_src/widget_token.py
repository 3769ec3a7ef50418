"""The widget's token source: getToken() (one request at a time, its answer
ignored once the session is gone) and what a `session-expired` from the chat
frame does (the event, onSessionExpired, a new getToken())."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, trim, error_text
# __pragma__ ('noskip')
#?from jsvalues import kind, trim, error_text

from limits import LIMITS
from config import describe_secret
from errors import TOKEN_ERROR

TOKEN_MAX = LIMITS['tokenMax']


class TokenSource:
    """One session's getToken() calls."""

    def __init__(self, widget):
        self.owner_widget = widget
        self.token_pending = False
        self.expired_notified = False

    def has_token_source(self):
        cfg = self.owner_widget.session_cfg
        return 'getToken' in cfg and cfg['getToken'] != None

    def fetch_token(self):
        """Ask getToken() for a token; one request at a time."""
        if self.token_pending or not self.has_token_source():
            return
        self.token_pending = True
        widget = self.owner_widget
        generation = widget.session_gen

        def resolved(value):
            if widget.session_gen != generation:
                return
            self.token_pending = False
            if kind(value) != 'string' or len(trim(value)) == 0 or len(value) > TOKEN_MAX:
                widget.emit_error(TOKEN_ERROR, 'getToken() must resolve to a non-empty string of at most '
                              + str(TOKEN_MAX) + ' characters; got ' + describe_secret(value) + '.')
                return
            widget.accept_token(value)

        def rejected(err):
            if widget.session_gen != generation:
                return
            self.token_pending = False
            widget.emit_error(TOKEN_ERROR, 'getToken() failed: ' + error_text(err))

        get_token = widget.session_cfg['getToken']

        def call():
            # Runs a tick later: skip it if the widget was destroyed meanwhile
            # (React StrictMode mounts, unmounts and mounts again at once).
            if widget.session_gen != generation:
                return None
            return get_token()
        widget.platform_io.call_async(call, resolved, rejected)

    def session_expired(self):
        widget = self.owner_widget
        widget.token = None
        if self.expired_notified:
            return
        self.expired_notified = True
        widget.emitter.emit_event('session-expired', None)
        cfg = widget.session_cfg
        if 'onSessionExpired' in cfg and cfg['onSessionExpired'] != None:
            widget.platform_io.call_listener(cfg['onSessionExpired'], None, 'onSessionExpired')
        self.fetch_token()
