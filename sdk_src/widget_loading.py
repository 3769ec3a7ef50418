"""Loading strategies (config `loading`). eager: init() creates the frame.
idle: init() stops at `deferred` and the frame is created once the page has
loaded and the browser is idle (IDLE_TIMEOUT_MS at most). interaction:
chat-widget mode waits for the visitor (hover, focus, press or click on a
stand-in launcher drawn on the host page); embedded mode waits until its
container comes near the viewport. In both deferred modes of chat-widget the
stand-in is drawn at once and stays on top of the iframe until the frame is
ready and has drawn its own launcher, then it is removed. open() / toggle() /
sendMessage() start loading from `deferred`; every command is queued as before
the handshake.
"""
from states import READY
from widget_layout import launcher_spec

IDLE_TIMEOUT_MS = 5000       # "idle" loads after at most this long, idle or not
# The chat page's launcher pops in (opacity and scale, 180 ms): the stand-in stays
# on top that long after the frame reported its size, so the swap shows no motion.
SWAP_SETTLE_MS = 250
SWAP_FALLBACK_MS = 2000      # a frame that is ready but never reports a size
# open(), toggle() and sendMessage() need the chat itself: before the frame exists
# they start loading it (and are queued); other commands just wait in the queue.
LOADING_TRIGGERS = ['open', 'toggle', 'sendMessage']


def is_loading_trigger(name):
    for trigger in LOADING_TRIGGERS:
        if trigger == name:
            return True
    return False


class StandIn:
    """One session's deferred loading: the trigger that starts loading the frame
    and the stand-in launcher (its swap timer is the widget's 'swap' timer).
    arm_loading() registers their undo with the session's teardown before it
    takes them; drop_launcher() gives the launcher up earlier, at the swap."""

    def __init__(self, widget):
        self.owner_widget = widget
        self.launcher_node = None
        self.unlisten_launcher = None
        self.cancel_trigger = None     # stops the idle / visibility wait
        self.waits_for_blur = False

    def arm_loading(self):
        widget = self.owner_widget
        platform = widget.platform_io
        cfg = widget.session_cfg
        widget.session_undo.add_step(self.release_loading)
        if cfg['mode'] == 'chat-widget':
            self.launcher_node = platform.create_launcher(self.launcher_look())
            self.unlisten_launcher = platform.listen_launcher(self.launcher_node, self.launcher_event)
        if cfg['loading'] == 'idle':
            self.cancel_trigger = platform.when_idle(self.trigger_fired, IDLE_TIMEOUT_MS)
        elif cfg['mode'] == 'embedded':
            self.cancel_trigger = platform.observe_visible(widget.container, self.trigger_fired)

    def release_loading(self):
        self.stop_trigger()
        if self.unlisten_launcher != None:
            self.unlisten_launcher()
        if self.launcher_node != None:
            self.owner_widget.platform_io.remove_launcher(self.launcher_node)

    def stop_trigger(self):
        if self.cancel_trigger != None:
            self.cancel_trigger()
            self.cancel_trigger = None

    def launcher_look(self):
        widget = self.owner_widget
        dark = widget.theme == 'dark' or (widget.theme == 'auto' and widget.platform_io.prefers_dark())
        return launcher_spec(widget.session_cfg['position'], dark, widget.locale, widget.known_unread)

    def refresh_launcher(self):
        # setTheme() / setLocale() before the frame exists: the stand-in follows them.
        if self.launcher_node != None:
            self.owner_widget.platform_io.update_launcher(self.launcher_node, self.launcher_look())

    def is_current(self):
        # Callbacks from an earlier session (a platform that calls late) change nothing.
        return self.owner_widget.stand_in is self

    def trigger_fired(self):
        if self.is_current():
            self.owner_widget.start_loading()

    def launcher_event(self, what):
        """hover | focus | pointerdown | click | blur on the stand-in launcher."""
        if not self.is_current():
            return
        if what == 'click':
            # Queued until the frame is ready (and starts loading it from `deferred`);
            # at once when the frame is ready and the stand-in is still on top.
            self.owner_widget.command('open', None)
        elif what == 'blur':
            if self.waits_for_blur:
                self.drop_launcher()
        else:
            self.owner_widget.start_loading()

    def frame_became_ready(self):
        if self.launcher_node != None:
            self.owner_widget.named_timers.set_timer('swap', self.swap_launcher, SWAP_FALLBACK_MS)

    def frame_was_shown(self):
        """The frame reported its size once ready: its own launcher is drawn (or,
        height 0, it shows nothing). Swap once its pop-in animation is over."""
        if self.launcher_node != None and self.owner_widget.state == READY:
            self.owner_widget.named_timers.set_timer('swap', self.swap_launcher, SWAP_SETTLE_MS)

    def swap_launcher(self):
        if self.launcher_node == None:
            return
        if self.owner_widget.platform_io.launcher_focused(self.launcher_node):
            # A keyboard user is on it: removing it now would drop the focus to the
            # page. It keeps working (a click opens the chat) until it loses focus.
            self.waits_for_blur = True
            return
        self.drop_launcher()

    def drop_launcher(self):
        launcher = self.launcher_node
        if launcher == None:
            return
        widget = self.owner_widget
        focused = widget.platform_io.launcher_focused(launcher)
        widget.named_timers.cancel_timer('swap')
        if self.unlisten_launcher != None:
            self.unlisten_launcher()
        self.launcher_node = None
        self.unlisten_launcher = None
        self.waits_for_blur = False
        widget.platform_io.remove_launcher(launcher)
        if focused and widget.frame != None:
            widget.platform_io.focus_frame(widget.frame)   # the focus follows into the chat
