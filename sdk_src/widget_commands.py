"""The widget's commands (the spec's COMMANDS): arguments are checked at the
call (errors reach the caller synchronously), then a command runs at once when
the frame is ready or waits in the session's queue until the handshake; the
option commands (setTheme, setLocale, ...) are not queued, their latest value
rides along in `init`."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import push, own_keys
# __pragma__ ('noskip')
#?from jsvalues import push, own_keys

from limits import LIMITS
from config import check_text, check_context, check_contact, check_enum_arg, check_token_arg, check_locale_arg
from config import check_questions_arg
from api_spec import THEMES, COMMANDS
from errors import ArgumentError, QUEUE_FULL
from states import READY, DEFERRED
from widget_loading import is_loading_trigger


def commands_by_name():
    table = {}
    for command in COMMANDS:
        table[command['name']] = command
    return table


COMMAND_SPECS = commands_by_name()


def checked_arg(name, arg):
    """The command's argument, checked and normalized (ArgumentError if it is wrong)."""
    if name == 'sendMessage':
        return check_text(arg)
    if name == 'updateContext':
        return check_context(arg)
    if name == 'updateContact':
        return check_contact(arg)
    if name == 'setTheme':
        return check_enum_arg('setTheme(theme)', arg, THEMES)
    if name == 'setLocale':
        return check_locale_arg(arg)
    if name == 'setQuestions':
        return check_questions_arg(arg)
    if name == 'setToken':
        return check_token_arg(arg)
    return None


class Commands:
    """One session's commands: the queue that waits for the handshake, and
    running a command against the widget."""

    def __init__(self, widget):
        self.owner_widget = widget
        self.queued_items = []
        self.is_flushing = False

    def run_command(self, name, arg):
        """Validate now; run now or after the handshake."""
        widget = self.owner_widget
        widget.require_running(name)
        if name == 'updateContact':
            # Fire-and-forget (the spec): bad fields are reported on the console, never
            # thrown into the host page's code.
            try:
                value = checked_arg(name, arg)
            except ArgumentError as err:
                widget.platform_io.report(widget.log_prefix + err.sdk_message + ' Nothing was sent.')
                return
        else:
            value = checked_arg(name, arg)
        spec = COMMAND_SPECS[name]
        if not spec['queued']:
            # Not queued (the spec): the latest value rides along in `init`, and is
            # posted at once when the frame is ready.
            self.set_option(spec, value)
            return
        if widget.state == READY and not self.is_flushing:
            self.execute_command(name, value)
            return
        if len(self.queued_items) >= LIMITS['queueMax']:
            widget.emit_error(QUEUE_FULL, name + '() was dropped: ' + str(LIMITS['queueMax']) + ' commands are '
                              'already waiting for the chat frame to load.')
            return
        push(self.queued_items, {'name': name, 'value': value})
        if widget.state == DEFERRED and is_loading_trigger(name):
            widget.start_loading()

    def execute_command(self, name, value):
        widget = self.owner_widget
        if name == 'open':
            widget.frame_view.set_open(True, True)
        elif name == 'close':
            widget.frame_view.set_open(False, True)
        elif name == 'toggle':
            widget.frame_view.set_open(not widget.frame_view.is_open, True)
        elif name == 'sendMessage':
            self.post_command(COMMAND_SPECS[name], value)
        elif name == 'updateContext':
            self.merge_context(value)
            self.post_command(COMMAND_SPECS[name], value)
        elif name == 'updateContact':
            if len(own_keys(value)) == 0:
                widget.platform_io.warn(widget.log_prefix + 'updateContact(): no non-empty fields, nothing to send.')
                return
            self.post_command(COMMAND_SPECS[name], value)

    def post_command(self, spec, value):
        """Post a command's message (the spec's `message`), its value under the argument's name."""
        payload = {}
        payload[spec['args'][0]['name']] = value
        self.owner_widget.post(spec['message'], payload)

    def flush_queue(self):
        # Commands issued by listeners during the flush join the end of the queue,
        # so the order callers saw is the order the frame sees.
        widget = self.owner_widget
        self.is_flushing = True
        index = 0
        while index < len(self.queued_items) and widget.state == READY:
            item = self.queued_items[index]
            index = index + 1
            self.execute_command(item['name'], item['value'])
        self.queued_items = []
        self.is_flushing = False

    def set_option(self, spec, value):
        """A command that changes an option (the spec's `option`): setTheme, setLocale, ..."""
        widget = self.owner_widget
        option = spec['option']
        if option == 'token':
            widget.accept_token(value)
            return
        if option == 'theme':
            widget.theme = value
            widget.stand_in.refresh_launcher()
        elif option == 'locale':
            widget.locale = value
            widget.stand_in.refresh_launcher()
        elif option == 'questions':
            widget.questions = value
        if widget.state == READY:
            self.post_command(spec, value)

    def merge_context(self, value):
        widget = self.owner_widget
        merged = {}
        if widget.context != None:
            for key in own_keys(widget.context):
                merged[key] = widget.context[key]
        for key in own_keys(value):
            merged[key] = value[key]
        widget.context = merged
