"""The parent side's state tables (sdk_src/states.py: WIDGET, CONNECT): each is
well formed, advance() refuses what a table does not list (naming the machine,
the state and the event), and every transition a table lists is one the real
Widget / Connect frame takes on the fake platform (no dead entries): the
scenarios below drive them and record each move()."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'parity'))

import connect as connect_module  # noqa: E402
import states  # noqa: E402
import widget as widget_module  # noqa: E402
from connect import create_connect  # noqa: E402
from harness import FRAME_ORIGIN, Harness, envelope  # noqa: E402
from profiles import runtime_profile  # noqa: E402
from states import CONNECT, WIDGET, TransitionError, advance  # noqa: E402

NAMES = {states.IDLE, states.DEFERRED, states.LOADING, states.READY, states.FAILED, states.DESTROYED, states.CLOSED}
TABLES = [('widget', WIDGET, 'idle'), ('connect', CONNECT, 'idle')]


def pairs(table):
    return {(state, event) for state in table for event in table[state]}


def events_of(table):
    return {event for state in table for event in table[state]}


@pytest.mark.parametrize('machine,table,start', TABLES)
def test_table_is_well_formed_and_uses_the_shared_names(machine, table, start):
    assert set(table) <= NAMES, set(table) - NAMES
    for state in table:
        for event, target in table[state].items():
            assert target in table, (machine, state, event, target)
    # every state is reachable from the start
    seen, todo = {start}, [start]
    while todo:
        for target in table[todo.pop()].values():
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert seen == set(table)


@pytest.mark.parametrize('machine,table,start', TABLES)
def test_advance_allows_exactly_what_the_table_lists(machine, table, start):
    allowed = 0
    for state in table:
        for event in sorted(events_of(table)):
            if event in table[state]:
                assert advance(table, machine, state, event) == table[state][event]
                allowed += 1
            else:
                with pytest.raises(TransitionError) as info:
                    advance(table, machine, state, event)
                text = str(info.value)
                assert machine in text and '"' + state + '"' in text and '"' + event + '"' in text, text
    assert allowed == len(pairs(table))   # positive control: the loop did allow some


@pytest.fixture
def recorded(monkeypatch):
    """Every (machine, state, event) that widget.py and connect.py ask advance() for."""
    taken = []

    def recording(table, machine, state, event):
        taken.append((machine, state, event))
        return advance(table, machine, state, event)
    monkeypatch.setattr(widget_module, 'advance', recording)
    monkeypatch.setattr(connect_module, 'advance', recording)
    return taken


def chat_config(**extra):
    cfg = {'baseUrl': FRAME_ORIGIN, 'pageTracking': 'off', 'token': 'tok-1'}
    cfg.update(extra)
    return cfg


def ready(harness):
    platform = harness.platform
    platform.deliver(FRAME_ORIGIN, platform.frames[-1].window, envelope('ready', {}))


def broken_frame(*args):
    raise ValueError('DOM says no')


def test_the_widget_takes_every_transition_of_its_table(recorded):
    h = Harness(False)
    api, platform = h.api, h.platform
    api['init'](chat_config())                        # idle -load-> loading
    ready(h)                                          # loading -ready-> ready
    api['destroy']()                                  # ready -destroy-> destroyed
    api['init'](chat_config(loading='interaction'))   # destroyed -defer-> deferred
    api['destroy']()                                  # deferred -destroy-> destroyed
    api['init'](chat_config())                        # destroyed -load-> loading
    platform.advance(60000)                           # loading -fail-> failed (handshake timeout)
    api['init'](chat_config(loading='interaction'))   # failed -defer-> deferred
    platform.launcher_event('hover')                  # deferred -load-> loading
    api['destroy']()                                  # loading -destroy-> destroyed
    api['init'](chat_config())
    platform.advance(60000)                           # loading -fail-> failed
    api['destroy']()                                  # failed -destroy-> destroyed
    api['init'](chat_config())
    platform.advance(60000)
    api['init'](chat_config())                        # failed -load-> loading
    api['destroy']()

    h2 = Harness(False)
    h2.api['init'](chat_config(loading='interaction'))   # idle -defer-> deferred
    h2.platform.create_frame = broken_frame
    h2.platform.launcher_event('hover')               # deferred -load-> loading -fail-> failed (DOM error)
    h3 = Harness(False)
    h3.platform.create_frame = broken_frame
    with pytest.raises(ValueError, match='DOM says no'):
        h3.api['init'](chat_config())                 # idle -load-> loading -undo-> idle (re-raised)
    h4 = Harness(False)
    h4.platform.create_launcher = broken_frame
    with pytest.raises(ValueError, match='DOM says no'):
        h4.api['init'](chat_config(loading='interaction'))   # idle -defer-> deferred -undo-> idle

    taken = {(state, event) for machine, state, event in recorded if machine == 'widget'}
    assert taken == pairs(WIDGET), (pairs(WIDGET) - taken, taken - pairs(WIDGET))


def test_the_connect_frame_takes_every_transition_of_its_table(recorded):
    profile = runtime_profile('pilot-status', '0.0.0')
    h = Harness(False)
    platform = h.platform
    options = {'container': '#chat', 'pairingToken': 'pair-1', 'baseUrl': FRAME_ORIGIN}
    handle = create_connect(profile, platform, options)                                 # idle -load-> loading
    platform.deliver(FRAME_ORIGIN, platform.frames[-1].window, envelope('ready', {}))   # loading -ready-> ready
    handle['destroy']()                                                                 # ready -close-> closed
    handle['destroy']()                                                                 # closed -close-> closed
    create_connect(profile, platform, {'container': '#chat', 'pairingToken': 'pair-2'})
    platform.advance(60000)                                                             # loading -close-> (timeout)
    connect = connect_module.ConnectFrame(profile, platform)
    connect.destroy()                                                                   # idle -close-> closed
    taken = {(state, event) for machine, state, event in recorded if machine == 'connect'}
    assert taken == pairs(CONNECT), (pairs(CONNECT) - taken, taken - pairs(CONNECT))


def test_an_illegal_widget_move_raises_loudly():
    h = Harness(False)
    h.api['init'](chat_config())
    widget = find_widget(h.api)
    assert widget.state == 'loading'
    with pytest.raises(TransitionError) as info:
        widget.move('defer')          # loading does not defer
    assert str(info.value) == 'widget: event "defer" is not allowed in state "loading".'
    assert widget.state == 'loading'   # a refused move changes nothing


def test_an_illegal_connect_move_raises_loudly():
    profile = runtime_profile('pilot-status', '0.0.0')
    connect = connect_module.ConnectFrame(profile, Harness(False).platform)
    connect.destroy()
    with pytest.raises(TransitionError) as info:
        connect.move('ready')
    assert str(info.value) == 'connect: event "ready" is not allowed in state "closed".'
    assert connect.state == 'closed'


def find_widget(api):
    """The Widget behind the public facade (its closures share it)."""
    for cell in api['destroy'].__closure__:
        if isinstance(cell.cell_contents, widget_module.Widget):
            return cell.cell_contents
    raise AssertionError('the facade does not close over a Widget')
