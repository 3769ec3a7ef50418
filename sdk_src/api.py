"""The public facade: a dict of plain closures (so methods work detached, e.g.
`const {open} = PilotStatus; open()`), built from the command list in the spec.
connect() is not part of it: the JS entries export connect.create_connect on its
own, so a bundle that does not call connect() leaves the Connect code out."""
from api_spec import COMMANDS
from widget import Widget
from config import field_applies


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

    def reset(on_done=None, on_error=None):
        # The JS entries turn the callbacks into the Promise reset() returns.
        widget.reset(on_done, on_error)

    def is_ready():
        return widget.is_ready()

    def on(name, callback=None):
        return emitter.add_listener(name, callback, False)

    def once(name, callback=None):
        return emitter.add_listener(name, callback, True)

    def off(name, callback=None):
        emitter.remove_listener(name, callback)

    api = {'init': init, 'destroy': destroy, 'reset': reset, 'isReady': is_ready, 'on': on, 'once': once, 'off': off,
           'version': profile['version']}
    for command in COMMANDS:
        if field_applies(command, profile):
            api[command['name']] = make_command(widget, command['name'])
    return api
