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

    def on(name, callback=None):
        return kit.emitter.add_listener(name, callback, False)

    def once(name, callback=None):
        return kit.emitter.add_listener(name, callback, True)

    def off(name, callback=None):
        kit.emitter.remove_listener(name, callback)

    def get_state():
        return kit.state

    def parent_origin():
        return kit.parent_origin

    # The kit's methods are bound to it (in the browser too: the runtime binds them per
    # instance), so they are handed out as they are; their defaults make a missing argument None.
    return {'start': start, 'stop': kit.stop, 'on': on, 'once': once, 'off': off, 'getToken': kit.get_token,
            'getScope': kit.get_scope, 'getPage': kit.get_page,
            'getState': get_state, 'parentOrigin': parent_origin, 'reportUnread': kit.report_unread,
            'conversationOpened': kit.conversation_opened, 'reportMessage': kit.report_message,
            'reportError': kit.report_error, 'requestOpen': kit.request_open, 'requestClose': kit.request_close,
            'sessionExpired': kit.session_expired, 'messageMaxLength': LIMITS['messageMax'],
            'version': profile['version']}
