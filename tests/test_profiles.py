"""Build profiles: one core, brand as data.

- The root package.json (the default profile's package) carries exactly the
  exports map build.py derives for it, so both packages come from one rule.
- A throwaway third brand, defined only here, builds and works end to end,
  and none of its output names another brand: the brand lives in one table.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

import build
import profiles

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.dirname(os.path.abspath(__file__))

THROWAWAY = {
    'id': 'acme-test',
    'globalName': 'AcmeChat',
    'frameGlobalName': 'AcmeChatFrame',
    'packageName': '@acme-test/chat',
    'source': 'acme-test-envelope',
    'defaultBaseUrl': 'https://chat.acme-test.example',
    'defaultApiBase': 'https://api.acme-test.example',
    'frameUrl': '{base}/c/{inboxId}?parentOrigin={origin}',
    'frameTitle': 'Acme test chat',
    'connectTitle': 'Acme test: connect',
    'requiresToken': False,
    'requiredOptions': ['inboxId'],
    'version': '9.9.9',
    'outDir': 'build/acme-test-package',
    'mainEntry': './vanilla',
    'reactHook': 'useAcme',
    'headlessProvider': 'AcmeProvider',
    'headlessHook': 'useAcmeChat',
    'constants': True,
}


def test_root_package_json_matches_the_derived_exports():
    with open(os.path.join(ROOT, 'package.json')) as f:
        package = json.load(f)
    exports, types_versions = build.package_exports(profiles.PROFILES[profiles.DEFAULT_PROFILE])
    assert package['exports'] == exports
    assert package['typesVersions'] == types_versions
    assert package['sideEffects'] == build.SIDE_EFFECT_FILES


def test_every_profile_has_the_same_keys():
    keys = set(profiles.PROFILES[profiles.DEFAULT_PROFILE])
    for profile_id, profile in profiles.PROFILES.items():
        assert set(profile) == keys, profile_id
    assert set(THROWAWAY) == keys


@pytest.fixture(scope='module')
def throwaway_package(tmp_path_factory):
    project = tmp_path_factory.mktemp('brand')
    for name in ('build.py', 'package.json', 'README.md', 'CHANGELOG.md'):
        shutil.copy(os.path.join(ROOT, name), project / name)
    for name in ('buildtools', 'sdk_src', 'templates'):
        shutil.copytree(os.path.join(ROOT, name), project / name, ignore=shutil.ignore_patterns('__pycache__'))
    os.symlink(os.path.join(ROOT, 'node_modules'), project / 'node_modules')
    with open(project / 'sdk_src' / 'profiles.py', 'a') as f:
        f.write('\nPROFILES[%r] = %r\n' % (THROWAWAY['id'], THROWAWAY))
    result = subprocess.run([sys.executable, 'build.py', '--profile', THROWAWAY['id']], cwd=project,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / THROWAWAY['outDir']


def test_throwaway_brand_builds_a_package_naming_only_itself(throwaway_package):
    with open(throwaway_package / 'package.json') as f:
        package = json.load(f)
    assert package['name'] == '@acme-test/chat' and package['version'] == '9.9.9'
    assert set(package['exports']) == {'./vanilla', './react', './headless', './headless/core', './frame',
                                       './embed.js', './package.json'}
    dist = throwaway_package / 'dist'
    other_brands = []
    for profile in profiles.PROFILES.values():
        other_brands += [profile['globalName'], profile['source'], profile['packageName'], profile['defaultBaseUrl'],
                         profile['id']]
    checked = 0
    for name in sorted(os.listdir(dist)):
        if name.endswith(('.js', '.mjs', '.cjs', '.ts', '.json')) and not name.endswith('.map'):
            text = (dist / name).read_text()
            checked += 1
            for brand in other_brands:
                assert brand not in text, '%s names %r' % (name, brand)
    assert checked >= 20
    assert 'AcmeChat' in (dist / 'embed.js').read_text()
    assert 'useAcme' in (dist / 'react.d.ts').read_text()
    assert 'AcmeProvider' in (dist / 'headless.d.ts').read_text()


def test_throwaway_brand_works_end_to_end(throwaway_package):
    # Its script-tag bundle in a fresh realm: the global, the frame URL shape, the
    # required option, and the handshake with its own envelope tag.
    script = """
import fs from 'node:fs';
import vm from 'node:vm';
import { installDom } from %s;
const context = vm.createContext({ console, setTimeout, clearTimeout, URL, Promise });
const dom = installDom(context);
vm.runInContext(fs.readFileSync(%s, 'utf8'), context);
const api = context.AcmeChat;
let error = null;
try { api.init({}); } catch (e) { error = e.name + ':' + e.code; }
api.init({ inboxId: 'inbox 1', baseUrl: 'https://chat.example.com' });
const frame = dom.frames()[0];
const foreign = { source: 'pilot-status-embed', v: 1, type: 'ready' };
dom.deliver('https://chat.example.com', frame.contentWindow, foreign);
const before = frame.posted.length;
dom.deliver('https://chat.example.com', frame.contentWindow, { source: 'acme-test-envelope', v: 1, type: 'ready' });
console.log(JSON.stringify({ error, src: frame.attributes.src, before, posted: frame.posted.map((p) => p.data),
  ready: api.isReady(), version: api.version }));
""" % (json.dumps(os.path.join(HERE, 'bundles', 'dom_shim.mjs')),
       json.dumps(str(throwaway_package / 'dist' / 'embed.js')))
    result = subprocess.run(['node', '--input-type=module', '-e', script], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out['error'] == 'ConfigError:invalid-config'
    assert out['src'] == 'https://chat.example.com/c/inbox%201?parentOrigin=https%3A%2F%2Fshop.example'
    assert out['before'] == 0                       # another brand's envelope is not ours
    assert out['posted'][0]['source'] == 'acme-test-envelope' and out['posted'][0]['type'] == 'init'
    assert out['ready'] is True and out['version'] == '9.9.9'
