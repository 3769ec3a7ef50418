"""What `npm pack` puts in each package's tarball (both build profiles), checked
with `npm pack --dry-run --json` in the package folder build.py writes
(dist-pilot-status/, dist-masheev/; buildtools/release.package_dir):

- package.json, the npm README, CHANGELOG.md and dist/ only: no tests, no
  sources, no dist/<version>/ (the CDN copies), no contributor files;
- the README is the one written for npm users (install, quick start with the
  pinned script tag and its current integrity, API tables, links), not the
  repository's contributor README; its npm example type-checks against the package;
- CHANGELOG.md is the repository's;
- the generated package.json is publishable (not private, no dev dependencies).
"""
import json
import os
import re
import subprocess

import pytest

import profiles
from buildtools import release

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ALL = sorted(profiles.PROFILES)


def package_folder(profile_id):
    folder = os.path.join(ROOT, release.package_dir(profiles.PROFILES[profile_id]))
    if not os.path.isfile(os.path.join(folder, 'package.json')):
        pytest.fail('%s is missing: run `python build.py --all` (make build does)' % folder)
    return folder


@pytest.fixture(scope='module', params=ALL)
def packed(request):
    folder = package_folder(request.param)
    result = subprocess.run(['npm', 'pack', '--dry-run', '--json', '--ignore-scripts'], cwd=folder,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)[0]
    files = {f['path']: f['size'] for f in data['files']}
    print('\n%s: %s, %d files, %d bytes packed, %d unpacked' % (request.param, data['filename'], len(files),
                                                               data['size'], data['unpackedSize']))
    for path, size in sorted(files.items()):
        print('  %8d  %s' % (size, path))
    return request.param, folder, data, files


def test_tarball_holds_the_package_files_only(packed):
    profile_id, folder, data, files = packed
    profile = profiles.PROFILES[profile_id]
    version = release.package_version(profile)
    assert data['name'] == profile['packageName'] and data['version'] == version
    top = {p for p in files if '/' not in p}
    assert top == {'package.json', 'README.md', 'CHANGELOG.md'}
    dist = release.dist_dir(profile)
    expected_dist = set()
    for here, _, names in os.walk(dist):
        for name in names:
            relative = os.path.relpath(os.path.join(here, name), dist).replace(os.sep, '/')
            if not relative.startswith(version + '/'):
                expected_dist.add('dist/' + relative)
    assert {p for p in files if '/' in p} == expected_dist
    # The entry points and the script-tag files are there; no test or source file is.
    for name in ('dist/index.mjs', 'dist/index.cjs', 'dist/index.d.ts', 'dist/embed.js', 'dist/connect.js',
                 'dist/frame.js', 'dist/manifest.json'):
        assert name in files, name
    unwanted = re.compile(r'(^|/)tests?(/|$)|\.test\.|\.spec\.|(^|/)sdk_src/|\.py$|(^|/)\.')
    assert not any(unwanted.search(p) for p in files), files
    assert not any(p.startswith('dist/' + version + '/') for p in files)


def test_tarball_readme_is_written_for_npm_users(packed):
    profile_id, folder, _, _ = packed
    profile = profiles.PROFILES[profile_id]
    version = release.package_version(profile)
    with open(os.path.join(folder, 'README.md'), encoding='utf-8') as f:
        readme = f.read()
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as f:
        contributor = f.read()
    # Positive control: the contributor README has what the npm one must not.
    for text in ('make test', '## For contributors', 'sdk_src/'):
        assert text in contributor and text not in readme, text
    assert readme.startswith('# ' + profile['packageName'] + '\n')
    for heading in ('## Install', '## Quick start', '## Entry points', '## API', '## Links', '## License'):
        assert '\n' + heading + '\n' in readme, heading
    assert 'npm install ' + profile['packageName'] + '\n' in readme
    assert '`%s(options)`' % profile['reactHook'] in readme
    # The quick start pins the script tag with the build's current integrity.
    manifest = release.read_manifest(release.dist_dir(profile))
    entry = manifest['scripts']['embed.js']
    tag = release.script_tag('https://unpkg.com/%s@%s/dist/embed.js' % (profile['packageName'], version),
                             entry['integrity'])
    assert tag in readme
    for name, script in manifest['scripts'].items():
        assert script['integrity'] in readme, name
    # API tables from the spec, as in the repository README.
    assert '### Options: `init(config)`' in readme and '### Events' in readme
    # Links are absolute (npm renders no repository-relative link).
    for target in re.findall(r'\]\(([^)\s]+)\)', readme):
        assert re.match(r'^https://', target), target


def test_tarball_changelog_is_the_repository_one(packed):
    _, folder, _, _ = packed
    with open(os.path.join(folder, 'CHANGELOG.md'), 'rb') as a, open(os.path.join(ROOT, 'CHANGELOG.md'), 'rb') as b:
        assert a.read() == b.read()


def test_published_package_json_is_publishable(packed):
    profile_id, folder, _, _ = packed
    profile = profiles.PROFILES[profile_id]
    with open(os.path.join(folder, 'package.json')) as f:
        package = json.load(f)
    version = release.package_version(profile)
    assert 'private' not in package and 'devDependencies' not in package and 'scripts' not in package
    assert package['files'] == ['dist', '!dist/' + version, 'README.md', 'CHANGELOG.md']
    assert package['unpkg'] == package['jsdelivr'] == './dist/embed.js'
    with open(os.path.join(ROOT, 'package.json')) as f:
        root = json.load(f)
    assert root['private'] is True, 'the root package.json is the contributors\' (never published)'


def test_npm_readme_npm_example_type_checks_against_the_package(packed, tmp_path):
    """The README's npm example, compiled by tsc (strict) against the package folder as installed."""
    profile_id, folder, _, _ = packed
    profile = profiles.PROFILES[profile_id]
    with open(os.path.join(folder, 'README.md'), encoding='utf-8') as f:
        readme = f.read()
    blocks = re.findall(r'```ts\n(.*?)```', readme, re.S)
    assert len(blocks) == 1, 'the npm quick start has one TypeScript example'
    scope, name = profile['packageName'].split('/')
    (tmp_path / 'node_modules' / scope).mkdir(parents=True)
    os.symlink(folder, tmp_path / 'node_modules' / scope / name)
    (tmp_path / 'example.ts').write_text(blocks[0])
    (tmp_path / 'tsconfig.json').write_text(json.dumps({
        'compilerOptions': {'strict': True, 'noEmit': True, 'target': 'es2020', 'module': 'esnext',
                            'moduleResolution': 'bundler', 'lib': ['es2020', 'dom'], 'types': []},
        'files': ['example.ts']}))
    tsc = os.path.join(ROOT, 'node_modules', '.bin', 'tsc')
    result = subprocess.run([tsc, '-p', str(tmp_path / 'tsconfig.json')], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    # Control: a misspelt export is an error, so the check can fail.
    (tmp_path / 'example.ts').write_text(blocks[0].replace('import { init,', 'import { initt,', 1))
    result = subprocess.run([tsc, '-p', str(tmp_path / 'tsconfig.json')], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and 'initt' in result.stdout
