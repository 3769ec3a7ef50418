"""The public facade: a dict of plain closures (so methods work detached, e.g.
`const {open} = PilotStatus; open()`), built from the command list in the spec."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import has_own
# __pragma__ ('noskip')
#?from jsvalues import has_own

from api_spec import COMMANDS
from widget import Widget
from connect import create_connect


def command_applies(command, profile_id):
    if not has_own(command, 'profiles'):
        return True
    for allowed in command['profiles']:
        if allowed == profile_id:
            return True
    return False


def make_command(widget, name):
    def run(arg=None):
        widget.command(name, arg)
    return run


def create_api(profile, platform):
    widget = Widget(profile, platform)
    emitter = widget.emitter

    def init(config=None):
        widget.init(config)

    def destroy():
        widget.destroy()

    def is_ready():
        return widget.is_ready()

    def on(name, callback=None):
        return emitter.subscribe(name, callback, False)

    def once(name, callback=None):
        return emitter.subscribe(name, callback, True)

    def off(name, callback=None):
        emitter.unsubscribe(name, callback)

    def connect(options=None):
        return create_connect(profile, platform, options)

    api = {'init': init, 'destroy': destroy, 'isReady': is_ready, 'on': on, 'once': once, 'off': off,
           'connect': connect, 'version': profile['version']}
    for command in COMMANDS:
        if command_applies(command, profile['id']):
            api[command['name']] = make_command(widget, command['name'])
    return api
