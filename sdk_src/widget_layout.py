"""What the widget's iframe and its stand-in launcher look like on the host
page: pure functions of the options and the widget's state (no platform calls),
so every rule here is a plain unit test; and FrameView, which applies them to
the iframe during one session."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import join, split_on, ends_with, substring, lower, starts_with
# __pragma__ ('noskip')
#?from jsvalues import join, split_on, ends_with, substring, lower, starts_with

from limits import LIMITS

SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups'
LAYOUT_KEYS = ['position', 'top', 'right', 'bottom', 'left', 'width', 'height', 'max-width', 'max-height', 'visibility',
               'clip-path']
# The closed chat widget is 100 x 100 px (the spec's size) with the 64 px launcher
# centred in it; the iframe is clipped to the launcher's circle, so the
# transparent ring around the bubble takes none of the page's clicks (hit
# testing follows clip-path).
CLOSED_PX = 100
LAUNCHER_CLIP = 'circle(32px at 50% 50%)'
LAUNCHER_PX = 64
LAUNCHER_Z = '2147483001'    # above the iframe (2147483000) it covers until the swap
# The reference chat page's launcher (devkit/static/chat/): icon, colours and labels.
LAUNCHER_ICON = ('M5 3.5h14A2.5 2.5 0 0 1 21.5 6v9a2.5 2.5 0 0 1-2.5 2.5h-8.2L6 21.2v-3.7H5A2.5 2.5 0 0 1 2.5 15V6A2.5 '
                 '2.5 0 0 1 5 3.5z')
LAUNCHER_COLORS = {'light': ['#0b57d0', '#fff'], 'dark': ['#a8c7fa', '#062e6f']}   # [accent, on-accent]
LAUNCHER_LABELS = {
    'en': ['Open chat', 'Open chat, 1 unread message', 'Open chat, {n} unread messages'],
    'pt': ['Abrir chat', 'Abrir chat, 1 mensagem n\u00e3o lida', 'Abrir chat, {n} mensagens n\u00e3o lidas'],
}
BADGE_COLOR = '#c5221f'
LAUNCHER_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'


def fill(template, key, value):
    return join(split_on(template, '{' + key + '}'), value)


def frame_url(profile, cfg, parent_origin, encode):
    base = cfg['baseUrl']
    if ends_with(base, '/'):
        base = substring(base, 0, len(base) - 1)
    url = fill(profile['frameUrl'], 'base', base)
    url = fill(url, 'origin', encode(parent_origin))
    if 'inboxId' in cfg and cfg['inboxId'] != None:
        url = fill(url, 'inboxId', encode(cfg['inboxId']))
    return url


def layout_style(mode, position, is_open, narrow, height):
    """CSS for the iframe. Every key in LAYOUT_KEYS is always set ('' clears),
    so moving between states never leaves a stale property behind. `height` is
    the frame's last reported height: 0 means it shows nothing (an expired
    session, say), and the iframe then takes no space and no clicks."""
    style = {}
    for key in LAYOUT_KEYS:
        style[key] = ''
    style['border'] = '0'
    style['display'] = 'block'
    style['background'] = 'transparent'
    style['color-scheme'] = 'normal'
    if height == 0:
        style['position'] = 'fixed' if mode != 'embedded' else 'relative'
        style['width'] = '0'
        style['height'] = '0'
        style['visibility'] = 'hidden'
        return style
    if mode == 'embedded':
        style['position'] = 'relative'
        style['width'] = '100%'
        style['height'] = '100%'
        return style
    style['position'] = 'fixed'
    style['z-index'] = '2147483000'
    if is_open and narrow:
        # Narrow viewports: an open widget takes the whole screen.
        style['top'] = '0'
        style['left'] = '0'
        style['width'] = '100%'
        style['height'] = '100%'
        return style
    style['bottom'] = '0'
    style['max-width'] = '100%'
    style['max-height'] = '100%'
    if mode == 'prompt-input':
        style['left'] = '0'
        style['width'] = '100%'
        bar = 100
        if height != None and height > bar:
            bar = height
        style['height'] = str(bar) + 'px'
        return style
    if is_open:
        style[position] = '0'
        style['width'] = '460px'
        style['height'] = '750px'
        return style
    style[position] = '0'
    style['width'] = str(CLOSED_PX) + 'px'
    style['height'] = str(CLOSED_PX) + 'px'
    style['clip-path'] = LAUNCHER_CLIP
    return style


def launcher_spec(position, dark, locale, unread):
    """What the host-page stand-in for the closed chat widget looks like: the
    chat page's 64 px launcher, centred where the closed iframe's clip circle
    is (100 x 100 box in the corner), so swapping one for the other moves no
    pixel. The platform only builds DOM from this; every fact lives here."""
    colors = LAUNCHER_COLORS['dark' if dark else 'light']
    labels = LAUNCHER_LABELS['pt' if starts_with(lower(locale), 'pt') else 'en']
    label = labels[0]
    badge = ''
    if unread == 1:
        label = labels[1]
    elif unread > 1:
        label = fill(labels[2], 'n', str(unread))
    if unread > 0:
        badge = '99+' if unread > 99 else str(unread)
    inset = str((CLOSED_PX - LAUNCHER_PX) // 2) + 'px'
    size = str(LAUNCHER_PX) + 'px'
    button = {'position': 'fixed', 'z-index': LAUNCHER_Z, 'top': '', 'left': '', 'right': '', 'bottom': inset,
              'width': size, 'height': size, 'min-width': size, 'min-height': size, 'max-width': size,
              'max-height': size, 'margin': '0', 'padding': '0', 'border': '0 none', 'border-radius': '50%',
              'box-sizing': 'border-box', 'display': 'grid', 'place-items': 'center', 'appearance': 'none',
              'background': colors[0], 'color': colors[1], 'cursor': 'pointer', 'box-shadow': 'none',
              'opacity': '1', 'visibility': 'visible', 'transform': 'none', 'filter': 'none', 'outline': 'none',
              'outline-offset': '0', 'font': '700 12px/20px ' + LAUNCHER_FONT, 'color-scheme': 'normal'}
    button[position] = inset
    return {
        'label': label,
        'badge': badge,
        'icon': LAUNCHER_ICON,
        'button': button,
        'icon-style': {'width': '30px', 'height': '30px', 'fill': 'currentColor', 'display': 'block'},
        'badge-style': {'position': 'absolute', 'top': '7px', 'right': '7px', 'min-width': '20px', 'height': '20px',
                        'padding': '0 5px', 'border-radius': '10px', 'box-sizing': 'border-box',
                        'background': BADGE_COLOR, 'color': '#fff', 'font': '700 12px/20px ' + LAUNCHER_FONT,
                        'text-align': 'center', 'display': 'block' if len(badge) > 0 else 'none'},
        # Applied by the platform while the launcher has a keyboard focus / the pointer.
        'focus-style': {'outline': '3px solid ' + colors[1], 'outline-offset': '-7px'},
        'hover-style': {'filter': 'brightness(1.08)'},
    }


class FrameView:
    """One session's iframe on the page: open or closed, narrow viewport or not,
    the height the frame last reported, and the unread count. Floods of resize /
    unread messages are applied at most once per animation frame."""

    def __init__(self, widget):
        self.owner_widget = widget
        self.is_open = False
        self.is_narrow = False
        self.anim_request = None
        self.shown_height = None
        self.pending_height = None
        self.shown_unread = 0
        self.pending_unread = None

    def schedule_layout(self):
        # At most one layout and one event of each kind per animation frame; the last value wins.
        if self.anim_request != None:
            return

        def run():
            if self.owner_widget.frame_view is self:   # not a late call from an earlier session
                self.anim_request = None
                self.apply_pending()
        self.anim_request = self.owner_widget.platform_io.request_frame(run)

    def cancel_anim(self):
        if self.anim_request != None:
            self.owner_widget.platform_io.cancel_frame(self.anim_request)

    def apply_pending(self):
        widget = self.owner_widget
        if self.pending_height != None:
            height = self.pending_height
            self.pending_height = None
            if height != self.shown_height:
                self.shown_height = height
                self.apply_layout()
                widget.stand_in.frame_was_shown()
                widget.emitter.emit_event('resize', {'height': height})
        if self.pending_unread != None:
            count = self.pending_unread
            self.pending_unread = None
            if count != self.shown_unread:
                self.shown_unread = count
                widget.known_unread = count
                widget.emitter.emit_event('unread-count', {'count': count})

    def set_open(self, value, from_host):
        if self.is_open == value:
            return
        widget = self.owner_widget
        self.is_open = value
        self.apply_layout()
        if value:
            widget.stand_in.drop_launcher()   # the panel takes the corner: no stand-in over it
        if from_host:
            widget.post('open' if value else 'close', {})
        widget.emitter.emit_event('open' if value else 'close', None)

    def viewport_changed(self):
        if self.owner_widget.frame_view is not self:   # a late call from an earlier session's listener
            return
        narrow = self.owner_widget.platform_io.viewport_width() <= LIMITS['narrowMax']
        if narrow != self.is_narrow:
            self.is_narrow = narrow
            self.apply_layout()

    def apply_layout(self):
        widget = self.owner_widget
        if widget.frame == None:
            return
        cfg = widget.session_cfg
        widget.platform_io.set_style(widget.frame, layout_style(cfg['mode'], cfg['position'], self.is_open,
                                                                self.is_narrow, self.shown_height))
