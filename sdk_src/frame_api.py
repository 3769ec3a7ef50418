"""The frame kit's public facade (for whoever builds the chat page): plain
closures, like api.py for the parent side."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind
# __pragma__ ('noskip')
#?from jsvalues import kind

from frame import FrameKit
from limits import LIMITS


def create_frame_api(profile, platform):
    kit = FrameKit(profile, platform)

    def start(options=None):
        api_base = ''
        if kind(options) == 'object' and kind(options['apiBase'] if 'apiBase' in options else None) == 'string':
            api_base = options['apiBase']
        kit.start(api_base)

    def stop():
        kit.stop()

    def on(name, callback=None):
        return kit.emitter.subscribe(name, callback, False)

    def once(name, callback=None):
        return kit.emitter.subscribe(name, callback, True)

    def off(name, callback=None):
        kit.emitter.unsubscribe(name, callback)

    def get_token():
        return kit.get_token()

    def get_scope():
        return kit.get_scope()

    def get_page():
        return kit.get_page()

    def get_state():
        return kit.state

    def parent_origin():
        return kit.parent_origin

    def report_unread(count=None):
        kit.report_unread(count)

    def conversation_opened(conversation_id=None):
        kit.conversation_opened(conversation_id)

    def report_message(role=None, content=None):
        kit.report_message(role, content)

    def report_error(code=None, message=None):
        kit.report_error(code, message)

    def request_open():
        kit.request_open()

    def request_close():
        kit.request_close()

    def session_expired():
        kit.session_expired()

    return {'start': start, 'stop': stop, 'on': on, 'once': once, 'off': off, 'getToken': get_token,
            'getScope': get_scope, 'getPage': get_page,
            'getState': get_state, 'parentOrigin': parent_origin, 'reportUnread': report_unread,
            'conversationOpened': conversation_opened, 'reportMessage': report_message,
            'reportError': report_error, 'requestOpen': request_open, 'requestClose': request_close,
            'sessionExpired': session_expired, 'messageMaxLength': LIMITS['messageMax'], 'version': profile['version']}
