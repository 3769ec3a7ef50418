"""The widget and the frame kit talking to each other in one process (tests/pair.py):
the real parent-side core and the real frame-side core, wired as postMessage wires
them, for both build profiles."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from errors import StateError  # noqa: E402
from pair import Pair  # noqa: E402

TOKEN = 'SECRET-TOKEN-PAIR'
PAGE = 'https://shop.example'
EVENTS = ['ready', 'open', 'close', 'error', 'resize', 'unread-count', 'session-expired']
KIT_EVENTS = ['init', 'open', 'close', 'token', 'expired']
PROFILES = ['pilot-status', 'masheev']


class Session:
    def __init__(self, profile_id, **load):
        self.pair = Pair(profile_id)
        self.profile_id = profile_id
        self.events = []
        self.kit_events = []
        for name in EVENTS:
            self.pair.widget['on'](name, self.recorder(self.events, name))
        cfg = {'baseUrl': Pair.FRAME_BASE}
        if self.pair.profile['requiresToken']:
            cfg['token'] = TOKEN
        else:
            cfg['inboxId'] = 'inbox-1'
        self.pair.widget['init'](cfg)
        self.pair.load_frame(**load)
        for name in KIT_EVENTS:
            self.pair.kit['on'](name, self.recorder(self.kit_events, name))
        self.pair.flush()

    @staticmethod
    def recorder(log, name):
        def listener(payload=None):
            log.append((name, payload))
        return listener

    def verify(self):
        """The frame's API accepts the page's origin (pilot-status verifies the token)."""
        if self.pair.chat.pending_requests() > 0:
            self.pair.chat.respond(200, {'whatsappNumberIds': ['n1'], 'allowedOrigins': [PAGE]}, None)
        self.pair.flush()

    def named(self, name):
        return [payload for event, payload in self.events if event == name]

    def assert_clean(self):
        assert self.pair.star_posts == []
        assert self.pair.dropped == []


@pytest.fixture(params=PROFILES)
def session(request):
    s = Session(request.param)
    s.verify()
    yield s
    s.assert_clean()


def test_handshake(session):
    pair = session.pair
    assert pair.delivered[:2] == [('page', Pair.FRAME_BASE, 'ready'), ('frame', PAGE, 'init')]
    assert pair.kit['getState']() == 'active'
    assert pair.kit['parentOrigin']() == PAGE
    assert session.named('ready') == [None]
    assert [name for name, _ in session.kit_events] == ['init']


def test_init_carries_the_token_to_the_kit_and_only_there():
    s = Session('pilot-status')
    pair = s.pair
    assert pair.kit['getState']() == 'verifying'
    method, url, token = pair.chat.requests[0][:3]
    assert (method, url, token) == ('POST', Pair.API + '/v1/embed/verify-origin', TOKEN)
    assert TOKEN not in pair.iframe.attrs['src']
    s.verify()
    assert pair.kit['getToken']() == TOKEN
    assert 'token' not in s.kit_events[0][1]          # the page's init event carries no token
    s.assert_clean()


def test_masheev_has_no_token_and_no_verification():
    # Profile-specific: Masheev's frame creates its own widget session.
    s = Session('masheev')
    assert s.pair.kit['getState']() == 'active' and s.pair.chat.pending_requests() == 0
    assert s.pair.kit['getToken']() is None
    assert s.kit_events[0][1]['options']['inboxId'] == 'inbox-1'
    s.assert_clean()


def test_command_round_trip(session):
    pair = session.pair
    pair.widget['open']()
    pair.flush()
    assert session.kit_events[-1] == ('open', None)
    pair.kit['requestClose']()
    pair.flush()
    assert session.named('close') == [None]


def test_resize_and_unread_are_coalesced_per_animation_frame(session):
    pair = session.pair
    pair.kit['reportUnread'](2)
    pair.kit['reportUnread'](3)
    pair.chat.set_height(300)
    pair.chat.set_height(420)
    pair.run_frames()
    assert session.named('unread-count') == [{'count': 3}]
    assert session.named('resize') == [{'height': 420}]
    pair.kit['reportUnread'](3)      # unchanged: nothing new
    pair.run_frames()
    assert session.named('unread-count') == [{'count': 3}]


def test_session_expired_reaches_the_page_once(session):
    pair = session.pair
    pair.kit['sessionExpired']()
    pair.run_frames()
    assert session.named('session-expired') == [None]
    pair.kit['stop']()
    with pytest.raises(StateError):
        pair.kit['sessionExpired']()
    pair.run_frames()
    assert session.named('session-expired') == [None]


@pytest.mark.parametrize('profile_id', PROFILES)
def test_a_frame_on_another_origin_never_gets_init(profile_id):
    # The iframe ended up on another origin (a redirect): its ready reaches the page
    # from the wrong origin and is ignored, so no init (and no token) ever leaves.
    s = Session(profile_id, frame_origin='https://evil.example')
    pair = s.pair
    assert ('page', 'https://evil.example', 'ready') in pair.delivered
    assert pair.types_to('frame') == []
    assert s.named('ready') == []
    pair.advance(60000)                  # the handshake times out on the shared clock
    assert pair.types_to('frame') == []
    assert [e['code'] for e in s.named('error')] == ['timeout']
    assert pair.star_posts == []


@pytest.mark.parametrize('profile_id', PROFILES)
def test_a_tampered_parent_origin_drops_the_frames_posts(profile_id):
    s = Session(profile_id, parent_origin='https://other.example')
    pair = s.pair
    assert pair.dropped == [('page', 'https://other.example', 'ready')]   # the browser refuses to deliver
    assert pair.types_to('page') == [] and pair.types_to('frame') == []
    pair.advance(60000)
    assert [e['code'] for e in s.named('error')] == ['timeout']


def test_the_pair_delivers_by_exact_target_origin():
    # Positive control for the two tests above: with the src's own origins, the same
    # posts are delivered (see test_handshake), and a near-miss origin is not.
    s = Session('pilot-status')
    pair = s.pair
    pair.post('frame', pair.iframe, {'type': 'probe'}, Pair.FRAME_BASE + '/')
    pair.post('page', None, {'type': 'probe'}, PAGE.upper())
    assert pair.dropped == [('frame', Pair.FRAME_BASE + '/', 'probe'), ('page', PAGE.upper(), 'probe')]
    pair.post('frame', pair.iframe, {'type': 'probe'}, Pair.FRAME_BASE)
    assert pair.queue[-1][:2] == ['frame', PAGE]
