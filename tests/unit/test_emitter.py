"""Emitter: on / once / off semantics, isolation of listeners, and error containment."""
import pytest

from api_spec import EVENTS, event_names
from emitter import Emitter
from errors import ArgumentError, INVALID_ARGUMENT, UNKNOWN_EVENT
from fake_platform import FakePlatform

NAMES = event_names()
PAYLOADLESS = [e['name'] for e in EVENTS if not e['payload']]


class Harness:
    """Emitter on a FakePlatform with the public on/once/off shapes of api.py."""

    def __init__(self):
        self.platform = FakePlatform()
        self.emitter = Emitter(self.platform)

    def on(self, name, callback=None):
        return self.emitter.add_listener(name, callback, False)

    def once(self, name, callback=None):
        return self.emitter.add_listener(name, callback, True)

    def off(self, name, callback=None):
        self.emitter.remove_listener(name, callback)

    def emit(self, name, payload=None):
        return self.emitter.emit_event(name, payload)

    def clear(self):
        # The method was `clear()`; it is being renamed to `remove_all()`. Accept either.
        method = getattr(self.emitter, 'remove_all', None) or self.emitter.clear
        method()

    def errors(self):
        return [line for line in self.platform.log if line.startswith('listener-error')]


@pytest.fixture
def h():
    return Harness()


def recorder():
    calls = []

    def callback(*args):
        calls.append(args)
    return callback, calls


# --------------------------------------------------------------------------- names and callbacks


def test_event_names_come_from_the_spec():
    assert NAMES == ['ready', 'open', 'close', 'message', 'error', 'resize', 'unread-count',
                     'conversation-opened', 'session-expired']


@pytest.mark.parametrize('method', ['on', 'once', 'off'])
@pytest.mark.parametrize('name', ['mesage', 'Message', 'chat:unread-count', '', '__proto__', 'constructor',
                                  None, 42, ['message']])
def test_unknown_event_name(h, method, name):
    callback, _ = recorder()
    with pytest.raises(ArgumentError) as info:
        getattr(h, method)(name, callback)
    assert info.value.code == UNKNOWN_EVENT
    message = str(info.value)
    assert message.startswith(method + '(): unknown event')
    for known in NAMES:
        assert known in message.split('events are:', 1)[1]


def test_unknown_event_name_is_checked_before_the_callback(h):
    with pytest.raises(ArgumentError) as info:
        h.on('nope', 'not a function')
    assert info.value.code == UNKNOWN_EVENT


@pytest.mark.parametrize('method', ['on', 'once', 'off'])
@pytest.mark.parametrize('callback, shown', [(None, 'null/undefined'), ('cb', '"cb"'), (42, 'the number 42'),
                                             ({'handleEvent': 1}, 'an object'), ([], 'an array')])
def test_non_function_callback(h, method, callback, shown):
    with pytest.raises(ArgumentError) as info:
        getattr(h, method)('message', callback)
    assert info.value.code == INVALID_ARGUMENT
    assert 'callback must be a function' in str(info.value)
    assert shown in str(info.value)
    assert h.emitter.listener_count('message') == 0


def test_long_event_name_is_not_echoed(h):
    callback, _ = recorder()
    with pytest.raises(ArgumentError) as info:
        h.on('secret' * 50, callback)
    assert 'secretsecret' not in str(info.value)


# --------------------------------------------------------------------------- on / off


def test_on_calls_listener_with_payload_and_emit_returns_count(h):
    callback, calls = recorder()
    h.on('message', callback)
    assert h.emit('message', {'role': 'ai', 'content': 'hi'}) == 1
    assert calls == [({'role': 'ai', 'content': 'hi'},)]


def test_emit_without_listeners_returns_zero(h):
    for name in NAMES:
        assert h.emit(name) == 0


def test_listeners_only_get_their_event(h):
    a, a_calls = recorder()
    b, b_calls = recorder()
    h.on('open', a)
    h.on('close', b)
    h.emit('open')
    assert len(a_calls) == 1 and b_calls == []


def test_listeners_are_called_in_registration_order(h):
    order = []
    for i in range(5):
        h.on('ready', lambda i=i: order.append(i))
    assert h.emit('ready') == 5
    assert order == [0, 1, 2, 3, 4]


def test_on_returns_an_idempotent_unsubscribe(h):
    a, a_calls = recorder()
    b, b_calls = recorder()
    unsubscribe = h.on('open', a)
    h.on('open', b)
    assert callable(unsubscribe)
    assert unsubscribe() is None
    unsubscribe()            # second call: no error, and b stays
    unsubscribe()
    assert h.emitter.listener_count('open') == 1
    assert h.emit('open') == 1
    assert a_calls == [] and len(b_calls) == 1


def test_off_removes_a_listener(h):
    a, a_calls = recorder()
    b, b_calls = recorder()
    h.on('close', a)
    h.on('close', b)
    h.off('close', a)
    assert h.emit('close') == 1
    assert a_calls == [] and len(b_calls) == 1


def test_off_of_an_unknown_callback_is_a_no_op(h):
    a, a_calls = recorder()
    b, _ = recorder()
    h.on('close', a)
    h.off('close', b)
    h.off('open', a)        # registered on another event
    assert h.emit('close') == 1 and len(a_calls) == 1


def test_same_callback_twice_fires_once(h):
    callback, calls = recorder()
    first = h.on('resize', callback)
    second = h.on('resize', callback)
    assert h.emitter.listener_count('resize') == 1
    assert h.emit('resize', {'height': 10}) == 1
    assert len(calls) == 1
    second()                 # either unsubscribe removes the single registration
    assert h.emit('resize', {'height': 10}) == 0
    first()
    assert len(calls) == 1


def test_same_callback_on_two_events(h):
    callback, calls = recorder()
    h.on('open', callback)
    h.on('close', callback)
    h.emit('open')
    h.emit('close')
    assert len(calls) == 2
    h.off('open', callback)
    h.emit('open')
    h.emit('close')
    assert len(calls) == 3


def test_equal_but_distinct_callbacks_are_separate():
    h = Harness()
    calls = []

    class Callable:
        def __eq__(self, other):
            return True

        def __hash__(self):
            return 0

        def __call__(self, *args):
            calls.append(self)
    a, b = Callable(), Callable()
    h.on('open', a)
    h.on('open', b)
    assert h.emit('open') == 2
    assert calls == [a, b]


# --------------------------------------------------------------------------- once


def test_once_fires_once(h):
    callback, calls = recorder()
    h.once('unread-count', callback)
    assert h.emit('unread-count', {'count': 1}) == 1
    assert h.emit('unread-count', {'count': 2}) == 0
    assert calls == [({'count': 1},)]
    assert h.emitter.listener_count('unread-count') == 0


def test_once_unsubscribe_before_emit(h):
    callback, calls = recorder()
    unsubscribe = h.once('open', callback)
    unsubscribe()
    assert h.emit('open') == 0
    assert calls == []


def test_once_off_before_emit(h):
    callback, calls = recorder()
    h.once('open', callback)
    h.off('open', callback)
    h.emit('open')
    assert calls == []


def test_once_listener_that_re_emits_runs_once(h):
    calls = []

    def callback():
        calls.append(1)
        h.emit('open')
    h.once('open', callback)
    h.emit('open')
    assert calls == [1]


def test_once_listener_that_raises_is_still_removed(h):
    def boom():
        raise RuntimeError('once-boom')
    h.once('close', boom)
    h.emit('close')
    h.emit('close')
    assert h.errors() == ['listener-error close: once-boom']


def test_once_and_on_listeners_mix(h):
    a, a_calls = recorder()
    b, b_calls = recorder()
    h.on('ready', a)
    h.once('ready', b)
    assert h.emit('ready') == 2
    assert h.emit('ready') == 1
    assert len(a_calls) == 2 and len(b_calls) == 1


# --------------------------------------------------------------------------- errors in listeners


def test_a_raising_listener_does_not_stop_the_others(h):
    before, before_calls = recorder()
    after, after_calls = recorder()

    def bad(payload):
        raise ValueError('boom')
    h.on('message', before)
    h.on('message', bad)
    h.on('message', after)
    assert h.emit('message', {'role': 'ai', 'content': 'x'}) == 3
    assert len(before_calls) == 1 and len(after_calls) == 1
    assert h.errors() == ['listener-error message: boom']
    # and it keeps working on the next emit
    h.emit('message', {'role': 'ai', 'content': 'y'})
    assert len(after_calls) == 2
    assert len(h.errors()) == 2


def test_raising_listener_of_a_payloadless_event_is_logged_with_its_name(h):
    def bad():
        raise KeyError('k')
    h.on('session-expired', bad)
    h.emit('session-expired')
    assert len(h.errors()) == 1
    assert h.errors()[0].startswith('listener-error session-expired: ')


# --------------------------------------------------------------------------- payload isolation


def test_each_listener_gets_its_own_copy(h):
    seen = []

    def mutate(payload):
        seen.append(dict(payload))
        payload['content'] = 'hacked'
        payload['injected'] = True
        del payload['role']

    def observe(payload):
        seen.append(dict(payload))
    h.on('message', mutate)
    h.on('message', observe)
    original = {'role': 'user', 'content': 'hi'}
    h.emit('message', original)
    assert seen == [{'role': 'user', 'content': 'hi'}, {'role': 'user', 'content': 'hi'}]
    assert original == {'role': 'user', 'content': 'hi'}


def test_listeners_do_not_receive_the_emitted_object_itself(h):
    received = []
    h.on('resize', lambda p: received.append(p))
    h.on('resize', lambda p: received.append(p))
    payload = {'height': 100}
    h.emit('resize', payload)
    assert len(received) == 2
    assert all(p is not payload for p in received)
    assert received[0] is not received[1]


@pytest.mark.parametrize('name', PAYLOADLESS)
def test_payloadless_events_call_listeners_with_no_argument(h, name):
    callback, calls = recorder()
    h.on(name, callback)
    h.emit(name, None)
    assert calls == [()]


def test_payloadless_listener_with_no_parameters_does_not_error(h):
    calls = []
    h.on('ready', lambda: calls.append('ok'))
    h.emit('ready')
    assert calls == ['ok'] and h.errors() == []


# --------------------------------------------------------------------------- changes during emit


def test_listener_added_during_emit_runs_from_next_emit(h):
    late, late_calls = recorder()

    def adder():
        h.on('open', late)
    h.on('open', adder)
    assert h.emit('open') == 1
    assert late_calls == []
    assert h.emit('open') == 2
    assert late_calls == [()]


def test_listener_removed_during_emit_is_gone_next_emit(h):
    calls = []

    def remover():
        calls.append('remover')
        h.off('open', victim)

    def victim():
        calls.append('victim')
    h.on('open', remover)
    h.on('open', victim)
    h.emit('open')
    calls.clear()
    h.emit('open')
    assert calls == ['remover']
    assert h.emitter.listener_count('open') == 1


def test_listener_removed_during_emit_does_not_run(h):
    # addEventListener semantics: a listener removed by an earlier one in the
    # same emit is not called; listeners added during an emit wait for the next.
    calls = []

    def remover():
        calls.append('remover')
        h.off('open', victim)

    def victim():
        calls.append('victim')
    h.on('open', remover)
    h.on('open', victim)
    assert h.emit('open') == 1
    assert calls == ['remover']


def test_listener_removing_itself_during_emit(h):
    calls = []

    def self_removing():
        calls.append('self')
        h.off('close', self_removing)
    other, other_calls = recorder()
    h.on('close', self_removing)
    h.on('close', other)
    h.emit('close')
    h.emit('close')
    assert calls == ['self']
    assert len(other_calls) == 2


def test_clear_during_emit_leaves_no_listeners(h):
    a, a_calls = recorder()

    def clearer():
        h.clear()
    h.on('open', clearer)
    h.on('open', a)
    h.emit('open')
    assert h.emit('open') == 0
    assert h.emitter.listener_count('open') == 0


# --------------------------------------------------------------------------- clear


def test_clear_removes_every_listener(h):
    calls = []
    for name in NAMES:
        h.on(name, lambda *a, name=name: calls.append(('on', name)))
        h.once(name, lambda *a, name=name: calls.append(('once', name)))
    assert all(h.emitter.listener_count(name) == 2 for name in NAMES)
    h.clear()
    for name in NAMES:
        assert h.emitter.listener_count(name) == 0
        assert h.emit(name, None) == 0
    assert calls == []


def test_on_after_clear_works(h):
    callback, calls = recorder()
    unsubscribe = h.on('open', callback)
    h.clear()
    unsubscribe()           # stale unsubscribe after clear: harmless
    h.on('open', callback)
    assert h.emit('open') == 1
    assert calls == [()]


def test_emitters_are_independent():
    one, two = Harness(), Harness()
    callback, calls = recorder()
    one.on('open', callback)
    assert two.emit('open') == 0
    assert calls == []
