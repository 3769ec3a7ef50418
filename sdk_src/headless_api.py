"""createHeadless(options): the headless client's facade (plain closures).
Async operations take (on_ok, on_error) callbacks here; on_error gets
(message, code), a code of headless_errors.py; the generated JS entry turns them
into Promises that reject with SdkError(code, message)."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import ends_with, substring
# __pragma__ ('noskip')
#?from jsvalues import ends_with, substring

from api_spec import HEADLESS_FIELDS
from config import validate_options
from errors import ConfigError, INVALID_CONFIG
from headless import HeadlessClient


def create_headless(profile, platform, raw_options):
    options = validate_options(raw_options, HEADLESS_FIELDS, profile, platform, 'createHeadless(options)')
    if options['inboxId'] == None:
        raise ConfigError(INVALID_CONFIG, 'createHeadless(options): "inboxId" is required.')
    if options['apiBase'] == None:
        options['apiBase'] = profile['defaultApiBase']
    base = platform.parse_url(options['apiBase'])
    path = base['pathname']
    if ends_with(path, '/'):
        path = substring(path, 0, len(path) - 1)
    options['apiBase'] = base['origin'] + path
    options['authToken'] = options['token'] if 'token' in options else None
    client = HeadlessClient(profile, platform, options)

    def failed(on_err):
        def report(fault):
            on_err(fault['message'], fault['code'])
        return report

    def get_state():
        return client.get_state()

    def subscribe(listener=None):
        return client.subscribe(listener)

    def create_session(on_ok=None, on_err=None):
        client.create_session(on_ok, failed(on_err))

    def send_message(content=None, on_ok=None, on_err=None):
        client.send_message(content, on_ok, failed(on_err))

    def update_contact(fields=None, on_ok=None, on_err=None):
        client.update_contact(fields, on_ok, failed(on_err))

    def update_context(context=None):
        client.context = context

    def set_open(value=None):
        client.set_open(value)

    def give_consent():
        client.give_consent()

    def reconnect():
        client.reconnect()

    def close():
        client.close()

    return {'getState': get_state, 'subscribe': subscribe, 'createSession': create_session,
            'sendMessage': send_message, 'updateContact': update_contact, 'updateContext': update_context,
            'setOpen': set_open, 'giveConsent': give_consent, 'reconnect': reconnect, 'close': close,
            'version': profile['version']}
