"""The headless client's small parts on their own: the LINK table refuses an
illegal transition loudly, the timers registry keeps one timer per name, the
teardown runs once."""
import pytest

from fake_platform import FakeRuntime
from lifetime import Teardown, Timers
from states import LINK, TransitionError, advance


def test_every_link_state_is_a_row_and_every_target_a_state():
    assert set(LINK) == {'idle', 'connecting', 'open', 'backoff', 'gave_up', 'closed'}
    for row in LINK.values():
        assert set(row.values()) <= set(LINK)
        assert row.get('close') == 'closed'


def test_a_legal_transition_moves():
    assert advance(LINK, 'socket', 'idle', 'connect') == 'connecting'
    assert advance(LINK, 'socket', 'connecting', 'opened') == 'open'


@pytest.mark.parametrize('state, event', [('open', 'opened'), ('gave_up', 'connect'), ('closed', 'connect'),
                                          ('idle', 'retry'), ('backoff', 'wait')])
def test_an_illegal_transition_raises_naming_machine_state_and_event(state, event):
    with pytest.raises(TransitionError) as caught:
        advance(LINK, 'headless socket', state, event)
    assert str(caught.value) == 'headless socket: event "%s" is not allowed in state "%s".' % (event, state)


def test_timers_keep_one_per_name_and_forget_a_fired_one():
    platform = FakeRuntime()
    timers = Timers(platform, ['a', 'b'])
    fired = []
    timers.set_timer('a', lambda: fired.append('a1'), 100)
    timers.set_timer('a', lambda: fired.append('a2'), 50)   # replaces the first
    timers.set_timer('b', lambda: fired.append('b'), 10)
    assert len(platform.timers) == 2 and timers.timer_pending('a')
    platform.advance(60)
    assert fired == ['b', 'a2'] and not timers.timer_pending('a') and not timers.timer_pending('b')
    timers.set_timer('a', lambda: fired.append('late'), 10)
    timers.cancel_timer('b')
    timers.clear_all()
    platform.advance(1000)
    assert fired == ['b', 'a2'] and platform.timers == []


def test_teardown_runs_each_step_once_in_order():
    ran = []
    teardown = Teardown()
    teardown.add_step(lambda: ran.append(1))
    teardown.add_step(lambda: ran.append(2))
    teardown.run_all()
    teardown.run_all()
    assert ran == [1, 2]
