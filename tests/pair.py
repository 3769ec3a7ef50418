"""An in-process widget <-> frame pair: the parent-page SDK (sdk_src/widget.py via
api.create_api on a fake browser platform) and the frame kit (sdk_src/frame.py via
frame_api.create_frame_api on a fake frame platform) wired to each other the way
window.postMessage wires them in a browser, on one virtual clock.

    pair = Pair('pilot-status')
    pair.widget['init']({'token': 'tok', 'baseUrl': Pair.FRAME_BASE})
    pair.load_frame()          # the chat page loads in the iframe and calls kit.start()
    pair.flush()               # ready -> init -> ...
    pair.chat.respond(200, {...})   # the frame's API answers (the fake server)

What it models, and what a browser does the same way:
  - postMessage is asynchronous: a post is queued and delivered by flush() (and
    by advance() / run_frames() / settle(), which flush as they go), in order.
  - delivery checks targetOrigin against the receiver's origin exactly; a
    mismatch is dropped silently (kept in `dropped` for the test to see), a
    '*' is delivered but recorded in `star_posts` (the SDK must never send one).
  - the receiver sees event.origin = the sender page's origin and event.source
    = the sender window: the iframe's window for the page, window.parent for the
    frame. Messages are deep-copied (structured clone).
  - one clock: advance(ms) fires both sides' timers in time order.
The frame's origin and its parentOrigin parameter come from the iframe's src the
widget built, as the browser would load it.
"""
import copy
import os
import sys
from urllib.parse import parse_qs, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'sdk_src'))
sys.path.insert(0, HERE)

from api import create_api  # noqa: E402
from fake_platform import FakeFramePlatform, FakePlatform, parse_url  # noqa: E402
from frame_api import create_frame_api  # noqa: E402
from profiles import runtime_profile  # noqa: E402


class PairPage(FakePlatform):
    """The host page: its posts to the iframe go through the pair."""

    def __init__(self, pair):
        FakePlatform.__init__(self)
        self.pair = pair

    def post_message(self, frame, message, target_origin):
        FakePlatform.post_message(self, frame, message, target_origin)
        self.pair.post('frame', frame, copy.deepcopy(message), target_origin)


class PairChat(FakeFramePlatform):
    """The chat page inside the iframe: its posts to the parent go through the pair."""

    def __init__(self, pair):
        FakeFramePlatform.__init__(self)
        self.pair = pair
        self.origin = None

    def post_to_parent(self, message, target_origin):
        FakeFramePlatform.post_to_parent(self, message, target_origin)
        self.pair.post('page', None, copy.deepcopy(message), target_origin)


class Pair:
    FRAME_BASE = 'https://chat.example.com'
    API = 'https://api.example.com'

    def __init__(self, profile_id='pilot-status'):
        self.profile = runtime_profile(profile_id, '0.0.0-test')
        self.page = PairPage(self)
        self.chat = PairChat(self)
        self.widget = create_api(self.profile, self.page)
        self.kit = None
        self.iframe = None        # the FakeFrame the chat page is loaded in
        self.queue = []           # [receiver, origin, source, message] in posting order
        self.delivered = []       # (receiver, origin, message type)
        self.dropped = []         # (receiver, target origin, message type): targetOrigin did not match
        self.star_posts = []      # (receiver, message type) posted with targetOrigin '*'

    # ---- wiring ----
    def load_frame(self, api_base=None, frame_origin=None, parent_origin=None):
        """The chat page loads in the widget's (latest) iframe and starts the kit.
        `frame_origin` / `parent_origin` override what the src says (a redirect to
        another origin, a tampered parentOrigin parameter)."""
        assert len(self.page.frames) > 0, 'init() the widget first: there is no iframe to load'
        self.iframe = self.page.frames[len(self.page.frames) - 1]
        src = self.iframe.attrs['src']
        self.chat.origin = frame_origin if frame_origin is not None else parse_url(src)['origin']
        self.chat.query_parent_origin = parent_origin if parent_origin is not None else \
            parse_qs(urlsplit(src).query).get('parentOrigin', [None])[0]
        self.kit = create_frame_api(self.profile, self.chat)
        self.kit['start']({'apiBase': api_base if api_base is not None else self.API})

    def post(self, receiver, frame, message, target_origin):
        message_type = message.get('type') if isinstance(message, dict) else None
        if target_origin == '*':
            self.star_posts.append((receiver, message_type))
        if receiver == 'frame':
            # Only the iframe the chat page is loaded in, while it is in the document.
            if self.iframe is None or frame is not self.iframe or frame.removed:
                self.dropped.append((receiver, target_origin, message_type))
                return
            if target_origin != '*' and target_origin != self.chat.origin:
                self.dropped.append((receiver, target_origin, message_type))
                return
            self.queue.append([receiver, self.page.origin, self.chat.parent, message])
        else:
            if target_origin != '*' and target_origin != self.page.origin:
                self.dropped.append((receiver, target_origin, message_type))
                return
            self.queue.append([receiver, self.chat.origin, self.iframe.window, message])

    def flush(self):
        """Deliver queued posts (and what they cause) until none is left."""
        count = 0
        while len(self.queue) > 0:
            receiver, origin, source, message = self.queue.pop(0)
            self.delivered.append((receiver, origin, message.get('type') if isinstance(message, dict) else None))
            (self.chat if receiver == 'frame' else self.page).deliver(origin, source, message)
            count += 1
            assert count < 10000, 'the two sides keep messaging each other'

    def run_frames(self):
        """Animation frames on both sides until neither has one queued (coalesced
        resize / unread: the frame's post, then the page's layout and event)."""
        for _ in range(10):
            self.flush()
            if len(self.page.frames_queue) == 0 and len(self.chat.frames_queue) == 0:
                return
            self.page.run_frame()
            self.chat.run_frame()
        raise AssertionError('animation frames keep requesting more')

    def settle(self):
        """Microtasks on both sides (async getToken and the like)."""
        self.flush()
        self.page.settle()
        self.chat.settle()
        self.flush()

    def advance(self, ms):
        """Move the shared clock by ms, firing both sides' timers in time order."""
        target = self.page.clock + ms
        self.flush()
        while True:
            due = [t[0] for p in (self.page, self.chat) for t in p.timers if t[0] <= target]
            if len(due) == 0:
                break
            step = min(due) - self.page.clock
            self.page.advance(step)
            self.chat.advance(step)
            self.flush()
        rest = target - self.page.clock
        self.page.advance(rest)
        self.chat.advance(rest)
        self.flush()

    # ---- reading ----
    def types_to(self, receiver):
        return [t for r, _, t in self.delivered if r == receiver]
