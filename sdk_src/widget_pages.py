"""Page tracking (SPA navigation, config `pageTracking`): which address and
title the chat frame is told about (pure helpers), and the PageTracker that
watches the location during one widget session and posts `page` messages."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, join, split_on, substring, starts_with, contains
# __pragma__ ('noskip')
#?from jsvalues import kind, join, split_on, substring, starts_with, contains

from limits import LIMITS
from states import READY

# Page tracking (SPA navigation). Routers update document.title just after the
# URL, so a change is read once things settle; that also caps a replaceState
# flood at one `page` message per PAGE_SETTLE_MS.
PAGE_SETTLE_MS = 100
# Without the Navigation API, pushState/replaceState fire no event: the platform
# compares location.href at this interval while the tab is visible (see
# browser_platform.watch_location). Wrapping history.pushState was rejected: it
# changes a built-in the host owns, and undoing it on destroy() is unsafe once
# another library has wrapped it on top of ours.
PAGE_POLL_MS = 500


def route_hash(hash_):
    """The part of a fragment that is a route: `#/x` or `#!/x` (hash routers),
    without its own query. Anything else (`#section` anchors, `#access_token=`
    from OAuth implicit flows, magic-link secrets) is not a page and is dropped."""
    if not starts_with(hash_, '#/') and not starts_with(hash_, '#!/'):
        return ''
    return split_on(hash_, '?')[0]


def page_url(mode, parsed):
    """The page address for `pageTracking` mode from a parsed URL; None when
    nothing is sent (off, or not an http(s) page). Credentials never appear."""
    if mode == 'off' or parsed == None:
        return None
    if parsed['protocol'] != 'https:' and parsed['protocol'] != 'http:':
        return None
    base = parsed['origin'] + parsed['pathname']
    if mode == 'full':
        return base + parsed['search'] + parsed['hash']
    return base + route_hash(parsed['hash'])


def page_payload(mode, page, token, parse):
    """{url, title} for the `page` message, bounded by LIMITS; the token (should
    a page carry it in its address) is replaced by [redacted]."""
    if kind(page) != 'object' or 'href' not in page or kind(page['href']) != 'string':
        return None
    url = page_url(mode, parse(page['href']))
    if url == None:
        return None
    title = page['title'] if 'title' in page and kind(page['title']) == 'string' else ''
    if token != None and len(token) >= 8:   # tokens are long; a short one would garble the text
        if contains(url, token):
            url = join(split_on(url, token), '[redacted]')
        if contains(title, token):
            title = join(split_on(title, token), '[redacted]')
    if len(url) > LIMITS['pageUrlMax']:
        url = substring(url, 0, LIMITS['pageUrlMax'])
    if len(title) > LIMITS['pageTitleMax']:
        title = substring(title, 0, LIMITS['pageTitleMax'])
    return {'url': url, 'title': title}


class PageTracker:
    """One session's page tracking: the location watch starts with the frame
    (its undo goes to the session's teardown), changes settle for PAGE_SETTLE_MS
    (the widget's 'page' timer), and a `page` is posted only when it differs."""

    def __init__(self, widget):
        self.owner_widget = widget
        self.last_page_key = None

    def start_tracking(self):
        widget = self.owner_widget
        if widget.session_cfg['pageTracking'] != 'off':
            widget.session_undo.add_step(widget.platform_io.watch_location(self.page_changed, PAGE_POLL_MS))

    def page_changed(self):
        # Before the handshake nothing is sent: completing it sends the page of that moment.
        # (`is not self`: a late call from an earlier session's watcher.)
        widget = self.owner_widget
        if widget.page_tracker is not self or widget.state != READY or widget.named_timers.timer_pending('page'):
            return

        def settled():
            self.send_page(False)
        widget.named_timers.set_timer('page', settled, PAGE_SETTLE_MS)

    def send_page(self, force):
        """Post `page` if the address or title differs from the last one posted
        (`force`: after a handshake, whatever was posted before)."""
        widget = self.owner_widget
        mode = widget.session_cfg['pageTracking']
        if mode == 'off':
            return
        page = page_payload(mode, widget.platform_io.current_page(), widget.token, widget.platform_io.parse_url)
        if page == None:
            return
        key = page['url'] + '\n' + page['title']
        if not force and key == self.last_page_key:
            return
        self.last_page_key = key
        widget.post('page', page)
