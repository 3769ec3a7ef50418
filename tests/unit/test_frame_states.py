"""The frame kit's state machine is the FRAME table in sdk_src/states.py: every
transition the table lists is reached through the kit's public surface (parent
messages, server answers, public calls), the ones it does not list raise
TransitionError naming the machine, the state and the event, and frame.py
changes its state only through move()."""
import os
import re
import sys

import pytest

import frame
from frame import FrameKit
from states import FRAME, TransitionError, advance

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_frame  # noqa: E402  (the frame kit's test environment, reused)
from test_frame import API, TOKEN, TOKEN2, Env  # noqa: E402

SDK = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'sdk_src')
EVENTS = ['start', 'verify', 'activate', 'reject', 'expire', 'stop']


@pytest.fixture
def moves(monkeypatch):
    """Every transition the kit makes, as (state before, event, state after)."""
    seen = []
    original = FrameKit.move

    def move(kit, event):
        before = kit.state
        original(kit, event)
        seen.append((before, event, kit.state))
    monkeypatch.setattr(FrameKit, 'move', move)
    return seen


def make_env(monkeypatch, requires_token=True, start=True):
    profile = dict(test_frame.PROFILE, requiresToken=requires_token)
    monkeypatch.setattr(test_frame, 'PROFILE', profile)
    return Env(start=start)


def kit_of(env):
    # The facade hands out the kit's bound methods: the kit is their __self__.
    return env.api['stop'].__self__


# How to bring a fresh kit into each state: (needs a token?, steps).
REACH = {
    'idle': lambda env: None,
    'waiting': lambda env: None,
    'verifying': lambda env: env.init(TOKEN),
    'active': lambda env: env.activate() if kit_of(env).profile['requiresToken'] else env.init(None),
    'rejected': lambda env: env.init(None),
    'expired': lambda env: (REACH['active'](env), env.api['sessionExpired']()),
    'stopped': lambda env: env.api['stop'](),
}

# What triggers each event; the profile column says which profile reaches the
# transition (activate without verification exists only where no token is needed).
TRIGGER = {
    'start': lambda env: env.api['start']({'apiBase': API}),
    'verify': lambda env: env.init(TOKEN2),
    'activate': lambda env: (env.respond(200, {'whatsappNumberIds': [], 'allowedOrigins': []})
                             if env.state() == 'verifying' else env.init(None)),
    'reject': lambda env: env.init(None),
    'expire': lambda env: env.api['sessionExpired'](),
    'stop': lambda env: env.api['stop'](),
}
NO_TOKEN = {('waiting', 'activate'), ('active', 'activate'), ('expired', 'activate')}

LEGAL = [(state, event) for state in FRAME for event in FRAME[state]]

# The behaviour the table must encode, written out independently of it: a token
# to check always goes to verifying; expire moves only verifying and active (a
# waiting or rejected kit has nothing to expire); rejected never activates.
STARTED = ['waiting', 'verifying', 'active', 'rejected', 'expired']
EXPECTED = {('idle', 'start'): 'waiting', ('stopped', 'start'): 'waiting'}
for _state in STARTED:
    EXPECTED[(_state, 'verify')] = 'verifying'
    EXPECTED[(_state, 'reject')] = 'rejected'
    EXPECTED[(_state, 'stop')] = 'stopped'
    EXPECTED[(_state, 'expire')] = 'expired' if _state in ('verifying', 'active', 'expired') else _state
    if _state != 'rejected':
        EXPECTED[(_state, 'activate')] = 'active'


def test_the_table_is_exactly_the_expected_behaviour():
    assert {(state, event): FRAME[state][event] for state, event in LEGAL} == EXPECTED


def test_the_table_is_closed_and_every_state_is_reachable():
    targets = {target for state in FRAME for target in FRAME[state].values()}
    assert targets <= set(FRAME)
    assert targets | {'idle'} == set(FRAME)
    assert {event for state in FRAME for event in FRAME[state]} == set(EVENTS)
    assert set(REACH) == set(FRAME)


@pytest.mark.parametrize('state,event', LEGAL, ids=[s + '-' + e for s, e in LEGAL])
def test_every_legal_transition_is_reached(monkeypatch, moves, state, event):
    env = make_env(monkeypatch, requires_token=(state, event) not in NO_TOKEN, start=state != 'idle')
    REACH[state](env)
    assert env.state() == state
    before = len(moves)
    TRIGGER[event](env)
    assert moves[before:][-1:] == [(state, event, EXPECTED[(state, event)])]
    assert env.state() == EXPECTED[(state, event)]


ILLEGAL = [(state, event) for state in FRAME for event in EVENTS if event not in FRAME[state]]


def test_illegal_pairs_exist_and_the_sets_partition_the_grid():
    assert len(LEGAL) + len(ILLEGAL) == len(FRAME) * len(EVENTS)
    assert ('rejected', 'activate') in ILLEGAL and ('idle', 'stop') in ILLEGAL


@pytest.mark.parametrize('state,event', ILLEGAL, ids=[s + '-' + e for s, e in ILLEGAL])
def test_an_illegal_transition_raises_and_keeps_the_state(monkeypatch, state, event):
    env = make_env(monkeypatch, start=state != 'idle')
    REACH[state](env)
    kit = kit_of(env)
    assert kit.state == state
    with pytest.raises(TransitionError) as caught:
        kit.move(event)
    assert str(caught.value) == 'frame kit: event "' + event + '" is not allowed in state "' + state + '".'
    assert kit.state == state
    with pytest.raises(TransitionError):
        advance(FRAME, 'frame kit', state, event)
    assert not kit.can_move(event)


def test_an_impossible_verdict_raises_loudly_instead_of_passing(monkeypatch):
    """A bug that called activate() on a rejected kit would show a chat the server
    refused: it raises (in the browser the platform's guard logs it) and the kit
    stays rejected; the control shows the same call is fine where the table allows it."""
    env = make_env(monkeypatch)
    env.init(None)
    kit = kit_of(env)
    with pytest.raises(TransitionError, match='"activate" is not allowed in state "rejected"'):
        kit.activate()
    assert env.state() == 'rejected' and env.named('init') == []
    env.init(TOKEN)
    kit.activate()
    assert env.state() == 'active' and len(env.named('init')) == 1


def test_public_calls_never_hit_an_illegal_transition(monkeypatch):
    """start() twice warns, stop() before start() or twice is a no-op, and
    sessionExpired() before start() is a StateError, not a TransitionError."""
    env = make_env(monkeypatch, start=False)
    env.api['stop']()
    assert env.state() == 'idle'
    with pytest.raises(Exception) as caught:
        env.api['sessionExpired']()
    assert not isinstance(caught.value, TransitionError)
    env.api['start']({'apiBase': API})
    env.api['start']({'apiBase': API})
    assert env.state() == 'waiting' and len(env.warnings()) == 1
    env.api['stop']()
    env.api['stop']()
    assert env.state() == 'stopped'


def read(name):
    with open(os.path.join(SDK, name), encoding='utf-8') as f:
        return f.read()


def test_the_state_changes_only_through_move():
    sources = {name: read(name) for name in ('frame.py', 'frame_token.py')}
    assigned = {name: re.findall(r'\bstate = (.*)', text) for name, text in sources.items()}
    # The initial state in __init__, then only move().
    assert assigned == {'frame.py': ["'idle'", "advance(FRAME, 'frame kit', self.state, event)"], 'frame_token.py': []}


def test_every_state_the_code_compares_with_is_in_the_table():
    # The states are strings: a typo would compare false forever, silently.
    names = set()
    for name in ('frame.py', 'frame_token.py'):
        names |= set(re.findall(r"state [!=]= '(\w+)'", read(name)))
    assert names and names <= set(FRAME), names - set(FRAME)
    assert 'activ' not in FRAME   # the check above would catch state == 'activ'


def test_the_table_module_is_the_one_frame_uses():
    assert frame.FRAME is FRAME
