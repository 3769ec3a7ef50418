"""Host-facing events: on / once / off. Names are checked against the spec; a
throwing listener is reported and never stops the SDK or the other listeners."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, push, remove_at, copy_list, plain, join
# __pragma__ ('noskip')
#?from jsvalues import kind, push, remove_at, copy_list, plain, join

from api_spec import event_names
from errors import ArgumentError, INVALID_ARGUMENT, UNKNOWN_EVENT
from config import describe

EVENT_NAMES = event_names()


def check_event_name(name, method, names):
    for known in names:
        if kind(name) == 'string' and known == name:
            return name
    raise ArgumentError(UNKNOWN_EVENT, method + '(): unknown event ' + describe(name) + '; events are: '
                        + join(names, ', ') + '.')


def check_callback(callback, method):
    if kind(callback) != 'function':
        raise ArgumentError(INVALID_ARGUMENT, method + '(name, callback): callback must be a function; got '
                            + describe(callback) + '.')


class Emitter:
    def __init__(self, platform, names=None):
        self.platform_io = platform
        self.event_names = names if names != None else EVENT_NAMES
        self.by_event = {}   # event name -> list of {'fn', 'once'}
        for name in self.event_names:
            self.by_event[name] = []

    def add_listener(self, name, callback, once):
        method = 'once' if once else 'on'
        check_event_name(name, method, self.event_names)
        check_callback(callback, method)
        entries = self.by_event[name]
        # Like addEventListener: the same callback is registered once per event.
        if self.find_listener(entries, callback) < 0:
            push(entries, {'fn': callback, 'once': once})
        emitter = self

        def unsubscribe():
            emitter.remove_listener(name, callback)
        return unsubscribe

    def remove_listener(self, name, callback):
        check_event_name(name, 'off', self.event_names)
        check_callback(callback, 'off')
        entries = self.by_event[name]
        index = self.find_listener(entries, callback)
        if index >= 0:
            remove_at(entries, index)

    def find_listener(self, entries, callback):
        for i in range(len(entries)):
            if entries[i]['fn'] is callback:
                return i
        return -1

    def emit_event(self, name, payload):
        entries = self.by_event[name]
        if len(entries) == 0:
            return 0
        # As with addEventListener: listeners added by a listener run from the next
        # emit on; listeners removed by an earlier listener do not run in this one.
        snapshot = copy_list(entries)
        called = 0
        for entry in snapshot:
            index = self.find_listener(self.by_event[name], entry['fn'])
            if index < 0:
                continue
            if entry['once']:
                remove_at(self.by_event[name], index)
            called = called + 1
            # Each listener gets its own plain copy, so one cannot change what the next
            # sees; events without payload fields call the listener with no argument.
            self.platform_io.call_listener(entry['fn'], plain(payload) if payload != None else None, name)
        return called

    def listener_count(self, name):
        return len(self.by_event[name])

    def remove_all(self):
        for name in self.event_names:
            self.by_event[name] = []
