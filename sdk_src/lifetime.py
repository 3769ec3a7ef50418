"""Two small registries for what a part acquires (sans-IO: everything goes
through `platform`), shared by the headless client and the parent-side widget.

Timers: named one-shot timers: `set(name, fn, ms)`, `cancel(name)` (not
`clear`, which the Transcrypt checker reserves for lists), `clear_all()`. A part
declares its names once; `set` replaces any pending timer of that name (a name
never has two), a fired timer forgets its handle before running, and
`clear_all()` cancels in the declared order.

Teardown: what to undo, registered where the resource is taken (a listener, a
part's timers and socket); `run()` undoes everything once, in registration order.
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import push
# __pragma__ ('noskip')
#?from jsvalues import push


class Timers:
    def __init__(self, platform, names):
        self.platform = platform
        self.names = names
        self.handles = {}
        for name in names:
            self.handles[name] = None

    def set(self, name, fn, ms):
        self.cancel(name)
        timers = self.handles

        def fire():
            timers[name] = None
            fn()
        self.handles[name] = self.platform.set_timeout(fire, ms)

    def pending(self, name):
        return self.handles[name] != None

    def cancel(self, name):
        handle = self.handles[name]
        if handle != None:
            self.handles[name] = None
            self.platform.clear_timeout(handle)

    def clear_all(self):
        for name in self.names:
            self.cancel(name)


class Teardown:
    def __init__(self):
        self.steps = []
        self.done = False

    def add(self, step):
        push(self.steps, step)

    def run(self):
        if self.done:
            return
        self.done = True
        steps = self.steps
        self.steps = []
        for step in steps:
            step()
