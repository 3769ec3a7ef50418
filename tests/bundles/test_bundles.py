"""The built artefacts in dist/ (run `python build.py` first; `make test` does).

Node runs the real bundles: the npm entry without a DOM and with a minimal DOM
stand-in, the script-tag bundle in a fresh realm with the async stub, a host
page that booby-traps prototype methods, and the type declarations under tsc.
"""
import gzip
import json
import os
import subprocess

import pytest

from devkit.pages import profile_dist

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DIST = os.path.join(ROOT, 'dist')

# Bytes are deterministic, so budgets are exact checks: gzip -9 of the minified
# file, per build profile, for every file in the package's dist/ and, for each ES
# module entry, the entry plus the shared chunks it imports. Each budget sits a
# few percent above the measured size (a test keeps it from going stale);
# `python -m buildtools.refill_budgets` rewrites them after an intended change.
GZIP_BUDGETS = {
    'pilot-status': {
        'connect.js': 7518, 'embed.js': 14749, 'frame.cjs': 8982, 'frame.js': 8258, 'frame.mjs': 4184,
        'frame.mjs + chunks': 13831, 'headless-react.cjs': 1868, 'headless-react.mjs': 1498, 'headless.cjs': 12752,
        'headless.mjs': 7206, 'headless.mjs + chunks': 15495, 'index.cjs': 16997, 'index.mjs': 9894,
        'index.mjs + chunks': 19542, 'react.cjs': 2412, 'react.mjs': 2000, 'stub.js': 251
    },
    'masheev': {
        'connect.js': 7537, 'embed.js': 14813, 'frame.cjs': 8993, 'frame.js': 8268, 'frame.mjs': 4191,
        'frame.mjs + chunks': 13838, 'headless-react.cjs': 1866, 'headless-react.mjs': 1490, 'headless.cjs': 12757,
        'headless.mjs': 7209, 'headless.mjs + chunks': 15498, 'index.cjs': 17065, 'index.mjs': 9939,
        'index.mjs + chunks': 19587, 'react.cjs': 2397, 'react.mjs': 1985, 'stub.js': 242
    },
}
HEADROOM = 0.05


def dist(name):
    path = os.path.join(DIST, name)
    assert os.path.isfile(path), path + ' is missing: run `python build.py`'
    return path


def node(*args, flags=()):
    result = subprocess.run(['node', *flags, *args], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.parametrize('bundle', ['index.mjs', 'index.cjs'])
def test_npm_entry_api_surface(bundle):
    out = node(os.path.join(HERE, 'api_surface.mjs'), dist(bundle))
    assert out.startswith('ok ')


@pytest.mark.parametrize('bundle', ['index.mjs', 'index.cjs'])
def test_host_page_hygiene(bundle):
    out = node(os.path.join(HERE, 'hostile_host.mjs'), dist(bundle))
    assert out.startswith('ok ')


@pytest.mark.parametrize('bundle', ['index.mjs', 'index.cjs', 'frame.mjs', 'headless.mjs', 'headless.cjs'])
def test_importing_leaves_prototypes_and_globals_alone(bundle):
    assert node(os.path.join(HERE, 'import_hygiene.mjs'), dist(bundle)).strip() == 'ok'


def test_script_tag_and_async_stub():
    out = node(os.path.join(HERE, 'script_tag.mjs'), dist('embed.js'), dist('stub.js'))
    assert out.startswith('ok ')


def test_bundles_need_no_eval():
    # Strict CSP (no 'unsafe-eval') equivalent: code generation from strings is disabled.
    out = node(os.path.join(HERE, 'api_surface.mjs'), dist('index.mjs'),
               flags=('--disallow-code-generation-from-strings',))
    assert out.startswith('ok ')
    for name in ('embed.js', 'index.mjs'):
        with open(dist(name)) as f:
            source = f.read()
        assert 'eval(' not in source and 'new Function' not in source, name


def test_cjs_require_without_dom():
    out = node('-e', 'const m = require(process.argv[1]); console.log(typeof m.init, typeof m.create, m.version)',
               dist('index.cjs'))
    with open(os.path.join(ROOT, 'package.json')) as f:
        version = json.load(f)['version']
    assert out.split() == ['function', 'function', version]


def test_version_comes_from_package_json():
    with open(os.path.join(ROOT, 'package.json')) as f:
        version = json.load(f)['version']
    out = node('--input-type=module', '-e',
               'const m = await import(process.argv[1]); console.log(m.version)', dist('index.mjs'))
    assert out.strip() == version


def test_type_declarations_accept_good_and_reject_bad_usage():
    tsc = os.path.join(ROOT, 'node_modules', '.bin', 'tsc')
    result = subprocess.run([tsc, '-p', os.path.join(HERE, 'types', 'tsconfig.json')], capture_output=True,
                            text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    with open(os.path.join(HERE, 'types', 'misuse.ts')) as f:
        assert f.read().count('@ts-expect-error') >= 10


def test_source_maps_point_at_python():
    with open(dist('embed.js.map')) as f:
        sources = json.load(f)['sources']
    assert any(s.endswith('widget.py') for s in sources), sources
    assert any(s.endswith('config.py') for s in sources), sources


def test_size_report_matches_files():
    with open(dist('size.json')) as f:
        report = json.load(f)
    assert set(report['files']) >= {'embed.js', 'connect.js', 'index.mjs', 'index.cjs', 'stub.js'}
    with open(dist('embed.js'), 'rb') as f:
        raw = f.read()
    assert report['files']['embed.js']['raw'] == len(raw)
    assert report['files']['embed.js']['gzip'] == len(gzip.compress(raw, compresslevel=9, mtime=0))


def size_report(profile_id):
    path = os.path.join(profile_dist(profile_id), 'size.json')
    assert os.path.isfile(path), path + ' is missing: run `python build.py --all`'
    with open(path) as f:
        return json.load(f)


def measured(report):
    sizes = {name: s['gzip'] for name, s in report['files'].items() if not name.startswith('chunks/')}
    for name, s in report['esm_entries_with_chunks'].items():
        sizes[name + ' + chunks'] = s['gzip']
    return sizes


@pytest.mark.parametrize('profile_id', sorted(GZIP_BUDGETS))
def test_every_dist_file_has_a_budget(profile_id):
    report = size_report(profile_id)
    assert sorted(measured(report)) == sorted(GZIP_BUDGETS[profile_id])
    # Every shared chunk is reached from an entry (so the entry totals cover it).
    reached = {p for s in report['esm_entries_with_chunks'].values() for p in s['files']}
    assert {n for n in report['files'] if n.startswith('chunks/')} <= reached


@pytest.mark.parametrize('profile_id,name', [(p, n) for p in sorted(GZIP_BUDGETS) for n in sorted(GZIP_BUDGETS[p])])
def test_size_budget(profile_id, name):
    actual = measured(size_report(profile_id)).get(name)
    assert actual is not None, name + ' is not in the size report'
    budget = GZIP_BUDGETS[profile_id][name]
    assert actual <= budget, '%s/%s is %d B gzip, budget %d B' % (profile_id, name, actual, budget)
    assert actual >= budget * (1 - HEADROOM), \
        '%s/%s shrank to %d B gzip: lower its budget (%d B) to keep it tight' % (profile_id, name, actual, budget)


def test_readme_api_tables_are_current():
    import build
    with open(os.path.join(ROOT, 'README.md')) as f:
        readme = f.read()
    assert build.readme_tables('pilot-status', build.package_version()) in readme, \
        'README API tables are stale: run `python build.py --readme`'


@pytest.mark.parametrize('bundle', ['index.mjs', 'index.cjs'])
def test_main_entry_exports_exactly_the_public_names(bundle):
    # Internal helpers of the entry modules (PROFILE, createChat) must not leak into the package's API.
    import build
    ctx = build.template_context('pilot-status', build.package_version())
    expected = set(ctx['instance_functions']) | {'connect', 'create', 'version', 'SdkError', 'ConfigError',
                                                  'ArgumentError', 'StateError'}
    script = ('const m = await import(process.argv[1]); const o = m.default && m.default.init ? m.default : m;'
              'console.log(JSON.stringify(Object.keys(o).filter((k) => k !== "default" && k !== "__esModule")))')
    out = node('--input-type=module', '-e', script, dist(bundle))
    assert set(json.loads(out)) == expected
