"""Two small registries for what a part acquires (sans-IO: everything goes
through `platform`), shared by the headless client and the parent-side widget.

Timers: named one-shot timers: `set_timer(name, fn, ms)`, `cancel_timer(name)`
(not `clear`, which the Transcrypt checker reserves for lists), `clear_all()`. A
part declares its names once; `set_timer` replaces any pending timer of that name
(a name never has two), a fired timer forgets its handle before running, and
`clear_all()` cancels in the declared order.

Teardown: what to undo, registered where the resource is taken (a listener, a
part's timers and socket) with `add_step(fn)`; `run_all()` undoes everything
once, in registration order.

Members are snake_case with an underscore so the bundler shortens them (see
buildtools/esbuild.py MANGLE_PROPS); one-word names would ship in full.
"""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import push
# __pragma__ ('noskip')
#?from jsvalues import push


class Timers:
    def __init__(self, platform, names):
        self.platform_io = platform
        self.timer_names = names
        self.timer_handles = {}
        for name in names:
            self.timer_handles[name] = None

    def set_timer(self, name, fn, ms):
        self.cancel_timer(name)
        timers = self.timer_handles

        def fire():
            timers[name] = None
            fn()
        self.timer_handles[name] = self.platform_io.set_timeout(fire, ms)

    def timer_pending(self, name):
        return self.timer_handles[name] != None

    def cancel_timer(self, name):
        handle = self.timer_handles[name]
        if handle != None:
            self.timer_handles[name] = None
            self.platform_io.clear_timeout(handle)

    def clear_all(self):
        for name in self.timer_names:
            self.cancel_timer(name)


class Teardown:
    def __init__(self):
        self.teardown_steps = []
        self.is_done = False

    def add_step(self, step):
        push(self.teardown_steps, step)

    def run_all(self):
        if self.is_done:
            return
        self.is_done = True
        steps = self.teardown_steps
        self.teardown_steps = []
        for step in steps:
            step()
