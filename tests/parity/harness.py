"""Shared helpers for parity scenarios (Transcrypt-safe subset, like the fake)."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import error_text, own_keys, push
# __pragma__ ('noskip')
#?from jsvalues import error_text, own_keys, push

from fake_platform import FakePlatform, show
from api import create_api

SOURCE = 'pilot-status-embed'
FRAME_ORIGIN = 'https://chat.example.com'
EVENTS = ['ready', 'open', 'close', 'message', 'error', 'resize', 'unread-count', 'conversation-opened',
          'session-expired']
PROFILE = {'id': 'pilot-status', 'globalName': 'PilotStatus', 'source': SOURCE,
           'defaultBaseUrl': 'https://chat.pilotstatus.com.br', 'defaultApiBase': 'https://chat.pilotstatus.com.br',
           'frameUrl': '{base}/?parentOrigin={origin}',
           'frameTitle': 'Pilot Status chat', 'connectTitle': 'Pilot Status: connect a WhatsApp number',
           'requiresToken': True, 'requiredOptions': [], 'version': '0.0.0-test'}
NOARG = 'NOARG'


def envelope(message_type, payload):
    return {'source': SOURCE, 'v': 1, 'type': message_type, 'payload': payload}


def config(extra):
    cfg = {'token': 'tok-1', 'baseUrl': FRAME_ORIGIN}
    if extra != None:
        for key in own_keys(extra):
            cfg[key] = extra[key]
    return cfg


class Harness:
    """One SDK instance on a fake platform; every host-visible event is logged."""

    def __init__(self, watch_events):
        self.platform = FakePlatform()
        self.api = create_api(PROFILE, self.platform)
        self.unsubscribers = []
        if watch_events:
            for name in EVENTS:
                self.watch(name)

    def watch(self, name):
        harness = self

        def listener(payload=None):
            harness.record('event ' + name + (' ' + show(payload) if payload != None else ''))
        push(self.unsubscribers, self.api['on'](name, listener))

    def record(self, line):
        self.platform.record(line)

    def call(self, name, arg):
        try:
            if arg == NOARG:
                result = self.api[name]()
            else:
                result = self.api[name](arg)
            if result != None:
                self.record('-> ' + show(result))
            return result
        except Exception as err:
            code = err.code if hasattr(err, 'code') else 'none'
            self.record('throw ' + err.__class__.__name__ + ' ' + code + ': ' + error_text(err))
            return None

    def init(self, extra):
        return self.call('init', config(extra))

    def frame(self):
        return self.platform.frames[len(self.platform.frames) - 1]

    def send(self, message_type, payload):
        """A message from the SDK's own frame, from the right origin."""
        self.platform.deliver(FRAME_ORIGIN, self.frame().window, envelope(message_type, payload))

    def ready(self):
        self.send('ready', {})

    def state(self):
        self.record('state ready=' + show(self.api['isReady']()) + ' listeners='
                    + str(len(self.platform.message_listeners)) + ' timers=' + str(self.platform.pending_timers())
                    + ' frames-attached=' + str(len(self.platform.body.children)))


def run_scenarios(entries, make_harness):
    """Run [[name, fn], ...] each on a fresh harness; [[name, trace lines], ...] in order."""
    results = []
    for entry in entries:
        h = make_harness()
        try:
            entry[1](h)
        except Exception as err:
            h.record('SCENARIO CRASHED: ' + str(err))
        push(results, [entry[0], h.platform.take_log()])
    return results
