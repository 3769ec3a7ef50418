"""connect(): the Connect page embedded in a container (CPython, fake platform)."""
import pytest

from errors import ConfigError
from fake_platform import FakePlatform, FakeWindow
from api import create_api
from connect import create_connect
from profiles import runtime_profile

FRAME = 'https://chat.example.com'
SOURCE = 'pilot-status-embed'


def envelope(kind, payload=None):
    return {'source': SOURCE, 'v': 1, 'type': kind, 'payload': payload if payload is not None else {}}


@pytest.fixture
def env():
    platform = FakePlatform()
    api = create_api(runtime_profile('pilot-status', '0.0.0'), platform)
    return platform, api


def open_connect(env, **options):
    platform, api = env
    options.setdefault('container', '#chat')
    handle = create_connect(runtime_profile('pilot-status', '0.0.0'), platform, options)
    events = []
    for name in ('ready', 'resize', 'connect:paired', 'connect:expired', 'error'):
        handle['on'](name, lambda payload=None, name=name: events.append((name, payload)))
    return handle, platform.frames[-1], events


def posts(platform):
    return [line for line in platform.log if line.startswith('post ')]


def test_frame_url_from_pairing_url_and_from_token(env):
    platform, _ = env
    _, frame, _ = open_connect(env, pairingUrl=FRAME + '/connect?pairingToken=pt_1')
    assert frame.attrs['src'] == FRAME + '/connect?pairingToken=pt_1&parentOrigin=https%3A%2F%2Fshop.example'
    assert frame.attrs['sandbox'] == 'allow-scripts allow-same-origin allow-forms allow-popups'
    assert frame.parent.label == '#chat'
    _, frame2, _ = open_connect(env, pairingToken='a b/c', baseUrl='https://connect.example/ignored/path')
    assert frame2.attrs['src'] == ('https://connect.example/connect?pairingToken=a%20b%2Fc'
                                   '&parentOrigin=https%3A%2F%2Fshop.example')


@pytest.mark.parametrize('options,fragment', [
    ({'pairingToken': 't', 'container': None}, '"container"'),
    ({}, 'exactly one of'),
    ({'pairingToken': 't', 'pairingUrl': FRAME + '/connect'}, 'exactly one of'),
    ({'pairingUrl': 'http://connect.example/connect'}, 'https:'),
    ({'pairingUrl': FRAME + '/connect#x'}, 'fragment'),
    ({'pairingToken': 't', 'container': '#missing'}, 'no element'),
    ({'pairingToken': 't', 'token': 'chat-token'}, 'Unknown option'),
])
def test_bad_options_are_config_errors(env, options, fragment):
    platform, api = env
    options = dict({'container': '#chat'}, **options)
    if options['container'] is None:
        del options['container']
    with pytest.raises(ConfigError, match=fragment):
        create_connect(runtime_profile('pilot-status', '0.0.0'), platform, options)
    assert platform.frames == [] and platform.message_listeners == [] and platform.pending_timers() == 0


def test_only_the_page_origin_and_window_are_heard(env):
    platform, _ = env
    handle, frame, events = open_connect(env, pairingUrl=FRAME + '/connect?pairingToken=pt')
    platform.deliver('https://chat.example.com.evil.io', frame.window, envelope('ready'))
    platform.deliver(FRAME, FakeWindow('other'), envelope('ready'))
    platform.deliver('null', frame.window, envelope('ready'))
    assert events == [] and not handle['isReady']() and posts(platform) == []
    platform.deliver(FRAME, frame.window, envelope('ready'))
    assert events == [('ready', None)] and handle['isReady']()
    assert posts(platform) == ['post frame1 -> ' + FRAME + ' {source:"pilot-status-embed",v:1,type:"init",'
                               'payload:{locale:"en-US",theme:"auto"}}']


def test_events_resize_and_destroy(env):
    platform, _ = env
    handle, frame, events = open_connect(env, pairingUrl=FRAME + '/connect?pairingToken=pt')
    platform.deliver(FRAME, frame.window, envelope('ready'))
    for height in (200, 'x', 260):
        platform.deliver(FRAME, frame.window, envelope('resize', {'height': height}))
    platform.run_frame()
    assert frame.style['height'] == '260px'
    platform.deliver(FRAME, frame.window, envelope('connect:paired', {'whatsappNumberId': 'num_1', 'x': 1}))
    platform.deliver(FRAME, frame.window, envelope('connect:expired'))
    platform.deliver(FRAME, frame.window, envelope('error', {'message': 'bad'}))
    assert events[1:] == [('resize', {'height': 260}), ('connect:paired', {'whatsappNumberId': 'num_1'}),
                          ('connect:expired', None), ('error', {'message': 'bad', 'code': 'frame-error'})]
    handle['destroy']()
    assert frame.removed and platform.message_listeners == [] and platform.pending_timers() == 0
    platform.deliver(FRAME, frame.window, envelope('connect:paired'))
    assert len(events) == 5


def test_timeout_is_an_error_event_and_removes_the_frame(env):
    platform, _ = env
    handle, frame, events = open_connect(env, pairingToken='pt', baseUrl=FRAME, handshakeTimeout=2000)
    platform.advance(1999)
    assert events == []
    platform.advance(1)
    assert events[0][0] == 'error' and events[0][1]['code'] == 'timeout'
    assert frame.removed and platform.message_listeners == []
    assert not handle['isReady']()
