"""The platform contract (sdk_src/platform_contract.py) against everything that
implements or calls it: the JavaScript shims (run in Node with a fake window,
fetch, WebSocket and timers: tests/bundles/platform_shims.mjs), the fakes of the
unit and parity tiers (tests/fake_platform.py), build.py's build-time headless
platform, and the core's own calls."""
import ast
import inspect
import json
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SDK_SRC = os.path.join(ROOT, 'sdk_src')
sys.path.insert(0, SDK_SRC)
sys.path.insert(0, os.path.join(ROOT, 'tests'))
sys.path.insert(0, ROOT)

import build  # noqa: E402
import fake_platform  # noqa: E402
import platform_contract as contract  # noqa: E402
import profiles  # noqa: E402
from buildtools import transcrypt_rules  # noqa: E402

SIDES = list(contract.SIDES)


def params(name):
    return len(contract.entry(name)['params'])


def test_every_entry_is_complete_and_unique():
    names = [m['name'] for m in contract.METHODS]
    assert len(names) == len(set(names))
    for m in contract.METHODS:
        assert set(m['sides']) <= set(SIDES) and len(m['sides']) > 0, m['name']
        assert len(m['meaning']) > 10 and len(m['returns']) > 0, m['name']
        assert all(': ' in p for p in m['params']), m['name']


# ---- the JavaScript shims, in Node ----

@pytest.fixture(scope='module')
def shim_dir(tmp_path_factory):
    """sdk_src/js as ES modules (the repo's package.json says commonjs)."""
    out = tmp_path_factory.mktemp('shims')
    for name in os.listdir(os.path.join(SDK_SRC, 'js')):
        shutil.copy(os.path.join(SDK_SRC, 'js', name), str(out / name))
    (out / 'package.json').write_text('{"type": "module"}\n')
    return str(out)


def run_shims(shim_dir, prefix):
    result = subprocess.run(['node', os.path.join(ROOT, 'tests', 'bundles', 'platform_shims.mjs'), shim_dir, prefix],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# The shims take the profile's log prefix (what the entry templates pass); everything
# else in them is the same for both profiles.
PREFIXES = {p: '[' + profiles.PROFILES[p]['globalName'] + '] ' for p in sorted(profiles.PROFILES)}


@pytest.fixture(scope='module', params=sorted(PREFIXES))
def shims(request, shim_dir):
    return PREFIXES[request.param], run_shims(shim_dir, PREFIXES[request.param])


@pytest.mark.parametrize('side', SIDES)
def test_js_shim_provides_exactly_the_contract(shim_dir, side):
    methods = run_shims(shim_dir, '[x] ')['methods'][side]
    assert sorted(methods) == contract.methods_of(side), contract.SIDES[side]['js']
    assert {n: methods[n] for n in methods} == {n: params(n) for n in methods}


def test_js_request_json_keeps_the_token_out_of_the_url(shims):
    _, out = shims
    for side in ('frame', 'headless'):
        calls = out[side]['requests']['calls']
        post, get, failed = calls
        assert post['url'] == 'https://api.example/v1/embed/x?a=1'
        assert 'secret' not in post['url'] and all('secret' not in c['url'] for c in calls)
        assert post['init']['headers'] == {'content-type': 'application/json',
                                           'authorization': 'Bearer secret.token.value'}
        # encoded by the SDK's own encoder, not the page's JSON.stringify / toJSON (both replaced during the call)
        assert json.loads(post['init']['body']) == {'text': 'olá "q"\n', 'list': [1, 2], 'n': None}
        assert post['init']['method'] == 'POST'
        for call in calls:
            assert (call['init']['credentials'], call['init']['cache'], call['init']['referrerPolicy']) == \
                ('omit', 'no-store', 'no-referrer')
        assert get['init']['headers'] == {'content-type': 'application/json'} and 'body' not in get['init']
        assert failed['init']['headers'] == {'content-type': 'application/json'}   # '' is no token
        # done(status, json, retryAfter): a rejected fetch, a JSON answer with Retry-After, an empty 204
        assert sorted(out[side]['requests']['results'], key=lambda r: r[0]) == [
            [0, None, None], [201, {'ok': True}, 7], [204, None, None]]


def test_js_timers_frames_messages_and_isolation(shims):
    prefix, out = shims
    common = out['common']
    assert common['scheduled'] == [250, 10, 5]
    assert common['ran'] == ['t1', 'raf']          # t3 was cleared; the throwing timer did not throw
    assert common['timerError'] == [['error', prefix + 'internal error in timer:', 'Error:boom']]
    assert common['fallback'] and common['fallbackMs'] == 16 and common['cancelledFallback'] == 0
    assert (common['rafCalls'], common['raf'], common['cancelled']) == (1, 7, 7)
    assert common['messages'] == [['https://a.example', True, {'x': 1}]]    # nothing after unlisten
    assert common['args'] == [0, 5]      # None: called without an argument
    assert common['listenerError'] == [
        ['error', prefix + 'a "open" callback threw; other callbacks still ran:', 'Error:host bug']]
    assert common['syncResults'] == 0
    assert sorted(common['asyncResults']) == [['err', 'nope'], ['ok', 'tok']]
    assert common['logs'] == [['warn', 'w'], ['error', 'r']]
    assert common['url']['origin'] == 'https://chat.example.com' and common['url']['port'] == ''
    assert common['badUrl'] is None
    assert common['encoded'] == 'a%20b%26c%3Dd%2F%C3%A9'


def test_js_browser_frames_styles_and_post_message(shims):
    _, out = shims
    b = out['browser']
    assert (b['hasDom'], b['origin'], b['language'], b['width']) == (True, 'https://shop.example', 'pt-BR', 900)
    assert b['isElement'] == [True, False]
    assert (b['found'], b['missing'], b['passThrough'], b['invalid']) == (True, None, True, None)
    assert b['tag'] == 'iframe' and b['inBody'] and b['frameWindow']
    assert b['attributes'] == {'src': 'https://chat.example/?parentOrigin=x', 'title': 'Chat',
                               'sandbox': 'allow-scripts'}
    assert b['inContainer'] == 0        # created in #chat, then removed
    assert b['style'] == {'position': 'fixed !important'}     # width set, then removed by ''
    # targetOrigin is passed through exactly; the data is a plain copy (functions dropped,
    # undefined/NaN -> null in arrays, the page's Array.prototype.toJSON ignored)
    assert b['posted'] == {'data': {'source': 'x', 'type': 'init', 'payload': {'token': 't', 'list': [1, None, None]}},
                           'targetOrigin': 'https://chat.example', 'dataIsCopy': True}
    assert b['posted']['targetOrigin'] != '*'
    assert (b['resized'], b['listenersLeft']) == (1, 0)
    assert b['debug'] == [['debug', 'note', {'a': [1]}]]


def test_js_frame_parent_height_claims_visibility(shims):
    _, out = shims
    f = out['frame']
    assert f['parentOrigin'] == 'https://shop.example'
    assert (f['framed'], f['unframed']) == (True, None)
    assert f['parentPosts'] == [{'data': {'source': 's', 'type': 'ready', 'payload': {'a': [None]}},
                                 'targetOrigin': 'https://shop.example'}]
    assert f['heights'] == [100, 100] and f['observedBody'] and f['disconnected']
    assert f['claims'] == {'sub': 'ção', 'exp': 5} and f['badClaims'] == [None, None]
    assert f['visibility'] == [False, True] and f['isVisible'] and f['nowIsClock']


def test_js_headless_socket_storage_json(shims):
    _, out = shims
    h = out['headless']
    assert h['url'] == 'wss://api.example/v1/ws/c1?token=abc'    # passed to WebSocket unchanged
    assert h['events'] == ['open', ['message', '{"t":1}'], ['message', ''], ['close', 4001], ['close2', 0]]
    assert h['beforeTask'] == 4        # a constructor failure closes in a later task, not synchronously
    assert h['sent'] == ['hello'] and h['closed'] == [1000, 1000] and h['failed'] is None
    assert (h['stored'], h['denied'], h['store']) == ('v1', None, {'visitor': 'v1'})
    assert h['json'] == [{'a': [1]}, None]
    assert h['timestamp'] and h['iso'] and h['random']


# ---- the Python implementations ----

def public_methods(cls):
    return {name for name, _ in inspect.getmembers(cls, inspect.isfunction) if not name.startswith('_')}


@pytest.mark.parametrize('side', [s for s in SIDES if contract.SIDES[s]['fake'] is not None])
def test_fake_provides_exactly_the_contract(side):
    cls = getattr(fake_platform, contract.SIDES[side]['fake'])
    provided = public_methods(cls) - set(cls.CONTROLS)
    assert sorted(provided) == contract.methods_of(side), cls.__name__
    assert not set(cls.CONTROLS) & set(contract.methods_of(side)), 'a control shadows a platform method'
    for name in provided:
        assert len(inspect.signature(getattr(cls, name)).parameters) - 1 == params(name), cls.__name__ + '.' + name


def test_build_state_platform_provides_exactly_the_headless_contract():
    cls = build._StatePlatform
    assert sorted(public_methods(cls)) == contract.methods_of(contract.HEADLESS)
    with pytest.raises(build.BuildError, match='platform.open_socket'):
        cls().open_socket('wss://x', None, None, None)


def platform_calls(path):
    """Names called as platform.X / self.platform_io.X (or read, as `encode = platform.X`) in a module.
    The core keeps its platform in `platform_io` (snake_case with an underscore, so the bundler shortens it)."""
    with open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read(), path)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = node.value
            if (isinstance(owner, ast.Name) and owner.id == 'platform') or (
                    isinstance(owner, ast.Attribute) and owner.attr in ('platform', 'platform_io')):
                found.add(node.attr)
    return found


def side_modules():
    """Each side's modules: the import closure of its facades (as Transcrypt compiles them)."""
    return {side: set().union(*[transcrypt_rules.transpiled_files(os.path.join(SDK_SRC, e))
                                for e in contract.SIDES[side]['entries']]) for side in SIDES}


def test_the_core_calls_only_contract_methods_of_its_side():
    modules = side_modules()
    problems = []
    for path in sorted(set().union(*modules.values())):
        sides = [s for s in SIDES if path in modules[s]]
        # A module used by one side only must stay within that side's contract; a shared
        # one (config, emitter) within the methods any of its sides declares.
        allowed = set().union(*[contract.methods_of(s) for s in sides]) if len(sides) > 1 \
            else set(contract.methods_of(sides[0]))
        for name in sorted(platform_calls(path) - allowed):
            problems.append(os.path.relpath(path, ROOT) + ' calls platform.' + name + ' (sides: ' + ', '.join(sides)
                            + ')')
    assert problems == []


def test_contract_check_catches_an_undeclared_call(tmp_path):
    # positive control for the scan above
    (tmp_path / 'm.py').write_text('def f(platform):\n    platform.open_window()\n    self.platform.now()\n'
                                   '    widget.platform_io.set_timeout(1)\n')
    assert platform_calls(str(tmp_path / 'm.py')) == {'open_window', 'now', 'set_timeout'}


def test_every_side_uses_its_own_methods():
    # Each side-specific method is called by that side's core (no dead contract entries).
    modules = side_modules()
    for side in SIDES:
        # A side's methods are also used through the sides that extend it.
        users = [s for s in SIDES if s == side or contract.SIDES[s].get('extends') == side]
        used = set().union(*[platform_calls(p) for s in users for p in modules[s]])
        own = {m['name'] for m in contract.METHODS if m['sides'] == (side,)}
        assert own - used == set(), side
