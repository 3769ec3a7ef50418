"""The release artifacts of both builds (buildtools/release.py, written by build.py):

- dist/<version>/ holds byte-identical copies of every script-tag file and its map;
- dist/manifest.json lists every file of dist/ with its size and SHA-384
  integrity (recomputed here), and the same sources give the same manifest;
- README.md's pinned script tags (versioned URL + integrity + crossorigin) carry
  the built files' current version and hash (`python build.py --all --readme`);
- CHANGELOG.md is in Keep a Changelog form and starts with the version being built,
  naming both packages.
"""
import base64
import hashlib
import json
import os
import re

import pytest
from readme_blocks import examples, read_readme

import profiles
from buildtools import release

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALL = sorted(profiles.PROFILES)


def built_dist(profile_id):
    dist = release.dist_dir(profiles.PROFILES[profile_id])
    if not os.path.isfile(os.path.join(dist, release.MANIFEST)):
        pytest.fail('%s is missing: run `python build.py --all` (make build does)'
                    % os.path.join(dist, release.MANIFEST))
    return dist


def manifests():
    return {profile_id: release.read_manifest(built_dist(profile_id)) for profile_id in ALL}


def read_bytes(path):
    with open(path, 'rb') as f:
        return f.read()


def test_integrity_is_the_sri_value_browsers_compute():
    # The example of the W3C Subresource Integrity spec / MDN (an independent reference value).
    assert release.integrity(b"alert('Hello, world.');") == \
        'sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO'
    digest = hashlib.sha384(b'x').digest()
    assert release.integrity(b'x') == 'sha384-' + base64.b64encode(digest).decode()


@pytest.mark.parametrize('profile_id', ALL)
def test_versioned_copies_are_the_script_tag_files(profile_id):
    dist = built_dist(profile_id)
    version = release.package_version(profiles.PROFILES[profile_id])
    folder = os.path.join(dist, version)
    expected = []
    for name in release.SCRIPT_FILES:
        expected += [name, name + '.map']
    assert sorted(os.listdir(folder)) == sorted(expected)
    for name in expected:
        assert read_bytes(os.path.join(folder, name)) == read_bytes(os.path.join(dist, name)), name
    # The relative source-map comment still resolves next to the copy.
    for name in release.SCRIPT_FILES:
        assert read_bytes(os.path.join(folder, name)).rstrip().endswith(('sourceMappingURL=' + name + '.map').encode())


@pytest.mark.parametrize('profile_id', ALL)
def test_manifest_lists_every_file_with_bytes_and_integrity(profile_id):
    dist = built_dist(profile_id)
    profile = profiles.PROFILES[profile_id]
    manifest = release.read_manifest(dist)
    version = release.package_version(profile)
    assert manifest['name'] == profile['packageName'] and manifest['version'] == version
    on_disk = set()
    for folder, _, names in os.walk(dist):
        for name in names:
            on_disk.add(os.path.relpath(os.path.join(folder, name), dist).replace(os.sep, '/'))
    assert set(manifest['files']) == on_disk - {release.MANIFEST}
    assert list(manifest['files']) == sorted(manifest['files'])
    assert len(manifest['files']) >= 40
    for path, entry in manifest['files'].items():
        data = read_bytes(os.path.join(dist, path))
        assert entry == {'bytes': len(data), 'integrity': release.integrity(data)}, path
        assert re.fullmatch(r'sha384-[A-Za-z0-9+/]{64}', entry['integrity'])
    assert sorted(manifest['scripts']) == sorted(release.SCRIPT_FILES)
    for name, entry in manifest['scripts'].items():
        assert entry['path'] == version + '/' + name
        pinned = {k: entry[k] for k in ('bytes', 'integrity')}
        assert pinned == manifest['files'][name] == manifest['files'][entry['path']]


def test_manifest_is_deterministic(tmp_path):
    """Written twice from the same files: the same bytes (no timestamps, sorted)."""
    for run in ('a', 'b'):
        dist = tmp_path / run
        (dist / 'chunks').mkdir(parents=True)
        for name in release.SCRIPT_FILES:
            (dist / name).write_text('/* %s */\n//# sourceMappingURL=%s.map\n' % (name, name))
        (dist / 'index.mjs').write_text('export {};\n')
        (dist / 'chunks' / 'c.mjs').write_text('export const c = 1;\n')
        release.write_versioned_copies(str(dist), '1.2.3')
        release.write_manifest(str(dist), '@x/y', '1.2.3')
    assert (tmp_path / 'a' / 'manifest.json').read_bytes() == (tmp_path / 'b' / 'manifest.json').read_bytes()
    manifest = json.loads((tmp_path / 'a' / 'manifest.json').read_text())
    assert list(manifest['files']) == ['1.2.3/connect.js', '1.2.3/embed.js', '1.2.3/frame.js', 'chunks/c.mjs',
                                       'connect.js', 'embed.js', 'frame.js', 'index.mjs']


def test_a_version_that_is_not_a_path_segment_is_refused(tmp_path):
    with pytest.raises(release.ReleaseError, match='x.y.z'):
        release.write_versioned_copies(str(tmp_path), '../1.0.0')


def test_readme_pins_every_script_tag_of_its_examples():
    """Every <script src> of a README example that loads a release file names a
    version and carries integrity + crossorigin="anonymous"; both builds have one."""
    pinned_profiles = set()
    for name, block in examples().items():
        for tag in re.findall(r'<script\b[^>]*\bsrc="[^"]+"[^>]*>', block.code):
            src = re.search(r'\bsrc="([^"]+)"', tag).group(1)
            if src.rsplit('/', 1)[-1] not in release.SCRIPT_FILES:
                continue
            assert 'integrity="sha384-' in tag and 'crossorigin="anonymous"' in tag, (name, tag)
            parts = release.PACKAGE_URL.match(src) or release.FOLDER_URL.match(src)
            assert parts, (name, src)
            pinned_profiles.add(release.tag_profile(parts, profiles.PROFILES, profiles.DEFAULT_PROFILE))
    assert pinned_profiles == set(ALL)


def test_readme_pinned_script_tags_are_current():
    text = read_readme()
    built = manifests()
    refreshed = text
    for profile_id in ALL:
        refreshed = release.refresh_script_tags(refreshed, profile_id, built[profile_id], profiles.PROFILES,
                                                profiles.DEFAULT_PROFILE)
    assert refreshed == text, ('README.md\'s pinned script tags are stale (another version or hash than the build): '
                               'run `.venv/bin/python build.py --all --readme`')
    # Each pinned tag carries exactly the manifest's value for its file.
    count = 0
    for match, parts in release.pinned_scripts(text):
        profile_id = release.tag_profile(parts, profiles.PROFILES, profiles.DEFAULT_PROFILE)
        entry = built[profile_id]['scripts'][parts.group('file')]
        assert match.group('hash') == entry['integrity']
        assert parts.group('version') == built[profile_id]['version']
        count += 1
    assert count >= 5


def test_stale_pinned_tags_are_detected_and_rewritten():
    """The currency check can fail: an old version and hash are rewritten (so differ)."""
    built = manifests()
    entry = built[profiles.DEFAULT_PROFILE]['scripts']['embed.js']
    stale = ('<script src="https://cdn.example/0.0.1/embed.js"\n  integrity="sha384-AAAA" crossorigin="anonymous">'
             '</script>\n<script src="http://127.0.0.1:8000/kit/masheev/0.0.1/connect.js" integrity="sha384-BBBB" '
             'crossorigin="anonymous"></script>\n<script src="/embed.js"></script>')
    out = stale
    for profile_id in ALL:
        out = release.refresh_script_tags(out, profile_id, built[profile_id], profiles.PROFILES,
                                          profiles.DEFAULT_PROFILE)
    masheev = built['masheev']
    assert out == stale.replace('0.0.1/embed.js', entry['path']).replace('sha384-AAAA', entry['integrity']).replace(
        'masheev/0.0.1/connect.js', 'masheev/' + masheev['scripts']['connect.js']['path']).replace(
        'sha384-BBBB', masheev['scripts']['connect.js']['integrity'])
    with pytest.raises(release.ReleaseError, match='no version'):
        release.refresh_script_tags('<script src="/embed.js" integrity="sha384-A">', profiles.DEFAULT_PROFILE,
                                    built[profiles.DEFAULT_PROFILE], profiles.PROFILES, profiles.DEFAULT_PROFILE)
    with pytest.raises(release.ReleaseError, match='not a script-tag file'):
        release.refresh_script_tags('<script src="/1.0.0/index.mjs" integrity="sha384-A">', profiles.DEFAULT_PROFILE,
                                    built[profiles.DEFAULT_PROFILE], profiles.PROFILES, profiles.DEFAULT_PROFILE)


def test_npm_cdn_urls_name_their_package():
    parts = release.PACKAGE_URL.match('https://unpkg.com/@masheev/embed-sdk@0.2.0/dist/embed.js')
    assert parts and release.tag_profile(parts, profiles.PROFILES, profiles.DEFAULT_PROFILE) == 'masheev'
    parts = release.FOLDER_URL.match('https://embed.pilotstatus.com.br/0.1.0/frame.js')
    assert parts and release.tag_profile(parts, profiles.PROFILES, profiles.DEFAULT_PROFILE) == 'pilot-status'
    parts = release.FOLDER_URL.match('http://127.0.0.1:8000/kit/nobody/0.1.0/embed.js')
    assert release.tag_profile(parts, profiles.PROFILES, profiles.DEFAULT_PROFILE) is None


def changelog():
    with open(os.path.join(ROOT, 'CHANGELOG.md'), encoding='utf-8') as f:
        return f.read()


def test_changelog_is_keep_a_changelog_and_starts_with_this_version():
    text = changelog()
    assert text.startswith('# Changelog\n')
    assert 'https://keepachangelog.com/en/1.1.0/' in text and 'https://semver.org/' in text
    sections = re.findall(r'^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$', text, re.M)
    assert sections, 'no "## [x.y.z] - YYYY-MM-DD" section'
    released = [(v, d) for v, d in sections if v.lower() != 'unreleased']
    with open(os.path.join(ROOT, 'package.json')) as f:
        version = json.load(f)['version']
    assert released[0][0] == version, 'CHANGELOG.md starts with %s; package.json is %s' % (released[0][0], version)
    assert released[0][1], 'a released version has a date'
    # Every version has its link reference, and only Keep a Changelog's change types are used.
    for v, _ in sections:
        assert re.search(r'^\[%s\]: \S+' % re.escape(v), text, re.M | re.I), v
    kinds = set(re.findall(r'^### (.+)$', text, re.M))
    assert kinds and kinds <= {'Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'}, kinds


def test_changelog_names_each_package_of_the_release():
    text = changelog()
    first = re.search(r'^## \[\d[^\]]*\].*?(?=^## |\Z)', text, re.M | re.S).group(0)
    for profile in profiles.PROFILES.values():
        named = '`%s` %s' % (profile['packageName'], release.package_version(profile))
        assert named in first, 'the release notes name %s' % named
