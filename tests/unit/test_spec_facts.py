"""Facts of sdk_src/api_spec.py against the code that acts on them.

widget.py reads COMMANDS' `queued`, `message` and `option` and CONFIG_FIELDS'
`frame`; these tests drive every command through the fake platform and check the
behaviour is what the spec says (so a spec edit that the widget cannot honour
fails here). The headless and frame facades must have exactly the members the
spec and build.py declare for their .d.ts and JS entries.
"""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'parity'))

import api_spec  # noqa: E402
import build  # noqa: E402
from fake_platform import FakeFramePlatform, FakeHeadlessPlatform  # noqa: E402
from frame_api import create_frame_api  # noqa: E402
from harness import PROFILE  # noqa: E402
from headless_api import create_headless  # noqa: E402
from test_widget import Env  # noqa: E402
from widget import OPTION_NAMES  # noqa: E402

# A valid argument for each command (a new command needs one here).
SAMPLE_ARGS = {
    'open': (), 'close': (), 'toggle': (), 'sendMessage': ('Hello',), 'updateContext': ({'name': 'Ana'},),
    'updateContact': ({'email': 'ana@example.com'},), 'setQuestions': (['Prices?'],), 'setTheme': ('dark',),
    'setLocale': ('pt-BR',), 'setToken': ('SECRET-TOKEN-TWO',),
}


# close() of a closed widget posts nothing: open it first.
PRELUDE = {'close': ['open']}


def posted_type(command):
    # toggle has no message of its own (None: handled in the parent); from closed it opens.
    return command['message'] if command['message'] is not None else 'open'


@pytest.mark.parametrize('command', api_spec.COMMANDS, ids=lambda c: c['name'])
def test_before_ready_a_command_is_queued_or_rides_in_init_as_the_spec_says(command):
    assert command['name'] in SAMPLE_ARGS, 'add a valid sample argument for ' + command['name']
    env = Env()
    env.init()
    prelude = PRELUDE.get(command['name'], [])
    for name in prelude:
        env.call(name)
    env.call(command['name'], *SAMPLE_ARGS[command['name']])
    assert env.posts == []            # nothing reaches the frame before the handshake
    env.ready()
    types = env.types()
    assert types[0] == 'init'
    if command['queued']:
        assert types[1:] == prelude + [posted_type(command)], types
    else:
        assert types[1:] == [], types
        value = SAMPLE_ARGS[command['name']][0]
        init = env.posts_of('init')[0]
        option = command['option']
        assert (init['options'].get(option) if option == 'questions' else init[option]) == value


@pytest.mark.parametrize('command', api_spec.COMMANDS, ids=lambda c: c['name'])
def test_after_ready_a_command_posts_the_spec_message(command):
    env = Env()
    env.init()
    env.ready()
    for name in PRELUDE.get(command['name'], []):
        env.call(name)
    before = len(env.posts)
    env.call(command['name'], *SAMPLE_ARGS[command['name']])
    sent = [message for _, _, message in env.posts[before:]]
    assert [m['type'] for m in sent] == [posted_type(command)]
    if command['args']:
        assert sent[0]['payload'] == {command['args'][0]['name']: SAMPLE_ARGS[command['name']][0]}


def test_every_unqueued_command_names_the_option_it_sets():
    for command in api_spec.COMMANDS:
        if not command['queued']:
            assert command.get('option') in [f['name'] for f in api_spec.CONFIG_FIELDS], command['name']


def test_options_sent_to_the_frame_are_the_spec_frame_fields():
    assert OPTION_NAMES == [f['name'] for f in api_spec.CONFIG_FIELDS if f.get('frame')]
    assert 'mode' in OPTION_NAMES and 'token' not in OPTION_NAMES and 'baseUrl' not in OPTION_NAMES
    env = Env()
    env.init(mode='prompt-input', agentName='Ana', debug=True)
    env.ready()
    assert env.posts_of('init')[0]['options'] == {'mode': 'prompt-input', 'agentName': 'Ana', 'position': 'right',
                                                  'requireConsent': False, 'hideHeader': False}


def test_react_live_options_come_from_the_commands_option():
    ctx = build.template_context('pilot-status', build.package_version())
    assert ctx['hook_live_options'] == [{'option': c['option'], 'command': c['name']} for c in api_spec.COMMANDS
                                        if c.get('option') and c['option'] not in ctx['hook_identity']]
    assert [o['option'] for o in ctx['hook_live_options']] == ['questions', 'theme', 'locale']


def test_get_token_type_comes_from_its_field():
    field = [f for f in api_spec.CONFIG_FIELDS if f['name'] == 'getToken'][0]
    assert build.ts_type(field) == field['ts'] == '() => Promise<string> | string'
    assert build.ts_type({'name': 'onSessionExpired', 'type': 'function'}) == '() => void'


def test_headless_facade_members_are_the_spec_list():
    # headless_api.py builds the facade by hand; the JS entry, the .d.ts and the React
    # hooks are generated from api_spec.HEADLESS_API: the two lists must be equal.
    api = create_headless(PROFILE, FakeHeadlessPlatform(), {'inboxId': 'inbox-1'})
    assert sorted(k for k in api if k != 'version') == sorted(m['name'] for m in api_spec.HEADLESS_API)


def test_frame_kit_functions_are_the_declared_list():
    kit = create_frame_api(PROFILE, FakeFramePlatform())
    assert sorted(k for k in kit if k not in ('version', 'messageMaxLength')) == sorted(build.FRAME_FUNCTIONS)


def test_frame_events_have_payload_types():
    assert sorted(api_spec.FRAME_EVENT_TS) == sorted(api_spec.FRAME_EVENTS)
