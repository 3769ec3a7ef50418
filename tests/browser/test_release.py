"""Pinned releases in Chromium (buildtools/release.py), for each build profile:

- README.md's script-tag snippet of this build (versioned URL + integrity +
  crossorigin="anonymous"), served as a host page with the dev server's ports,
  loads and its widget reaches `ready`;
- a copy of the versioned embed.js with one byte changed (in the version string,
  so it is still valid JavaScript) is refused under the release's integrity
  value: no global, the script's error event, Chromium's integrity error on the
  console. Controls: the unmodified copy under the same tag loads; the tampered
  copy without the integrity attribute runs (and reports the tampered version);
- the frame kit's versioned file loads cross-origin (host page -> frame origin)
  with integrity, which needs the dev server's CORS header; control: a frame-origin
  script sent without that header fails under crossorigin="anonymous".

The pages and the copies are written to a temporary folder served by a private
dev server at /t/<name> (DEVKIT_HOST_PAGES_DIR).
"""
import os
import re
import shutil

import pytest
from browser_helpers import poll, sdk_frame
from readme_blocks import examples

from buildtools import release
from devkit.pages import profile_dist
from sdk_src.profiles import DEFAULT_PROFILE, PROFILES

HERE = os.path.dirname(os.path.abspath(__file__))
README_HOST, README_FRAME = 'http://127.0.0.1:8000', 'http://127.0.0.1:8001'

PAGE = '''<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>%s</title></head>
<body>
%s
</body>
</html>
'''


def readme_snippet(profile_id):
    """The first README example whose pinned embed.js is this build's."""
    for name, block in examples().items():
        for _, parts in release.pinned_scripts(block.code):
            if parts and parts.group('file') == 'embed.js' and \
                    release.tag_profile(parts, PROFILES, DEFAULT_PROFILE) == profile_id:
                return name, block.code
    pytest.fail('README.md has no example pinning the %s build\'s embed.js' % profile_id)


def tamper(data, version):
    """`data` with one byte of its version string literal changed."""
    literal = ('"%s"' % version).encode()
    assert data.count(literal) == 1, 'embed.js should hold its version string once'
    at = data.index(literal) + len(literal) - 2        # the version's last character
    changed = b'9' if data[at:at + 1] != b'9' else b'8'
    tampered = data[:at] + changed + data[at + 1:]
    assert len(tampered) == len(data) and sum(a != b for a, b in zip(data, tampered, strict=True)) == 1
    return tampered, version[:-1] + changed.decode()


@pytest.fixture(scope='module')
def site(profile, dev_server_factory, tmp_path_factory):
    pages = tmp_path_factory.mktemp('release-pages')
    servers = dev_server_factory(extra_env={'DEVKIT_HOST_PAGES_DIR': str(pages)})
    dist = str(profile_dist(profile['id']))
    manifest = release.read_manifest(dist)
    embed = manifest['scripts']['embed.js']
    with open(os.path.join(dist, embed['path']), 'rb') as f:
        original = f.read()
    tampered, tampered_version = tamper(original, manifest['version'])
    (pages / 'embed-copy.js').write_bytes(original)
    (pages / 'embed-tampered.js').write_bytes(tampered)
    shutil.copy(os.path.join(HERE, 'pages', 'harness.js'), pages / 'harness.js')

    def tag(src, integrity=None):
        pinned = ' integrity="%s" crossorigin="anonymous"' % integrity if integrity else ''
        return '<script src="%s"%s onerror="window.__scriptError = true"></script>' % (src, pinned)

    name, snippet = readme_snippet(profile['id'])
    readme_page = snippet.replace(README_HOST, servers.host).replace(README_FRAME, servers.frame)
    assert readme_page != snippet, 'the README snippet names the dev server\'s default addresses'
    (pages / 'readme.html').write_text(PAGE % ('README example: ' + name, readme_page))
    (pages / 'copy.html').write_text(PAGE % ('copy', tag('/t/embed-copy.js', embed['integrity'])))
    (pages / 'tampered.html').write_text(PAGE % ('tampered', tag('/t/embed-tampered.js', embed['integrity'])))
    (pages / 'tampered-unpinned.html').write_text(PAGE % ('tampered, no integrity', tag('/t/embed-tampered.js')))
    kit = manifest['scripts']['frame.js']
    (pages / 'kit.html').write_text(PAGE % ('frame kit', tag(servers.frame + '/' + kit['path'], kit['integrity'])))
    (pages / 'no-cors.html').write_text(PAGE % ('no CORS', tag(servers.frame + '/chat.js', embed['integrity'])))
    servers.manifest = manifest
    servers.tampered_version = tampered_version
    return servers


def global_type(probe):
    return probe.page.evaluate('n => typeof window[n]', probe.profile['globalName'])


def integrity_errors(probe):
    return [text for kind, text in probe.console if kind == 'error' and 'integrity' in text]


def test_readme_snippet_loads_pinned_and_starts_the_widget(probe, site):
    probe.page.goto(site.page('readme.html'))
    html = probe.page.content()
    pinned = re.search(r'<script src="([^"]+)"\s+integrity="([^"]+)"\s+crossorigin="anonymous"', html)
    assert pinned, 'the page carries the README\'s pinned tag'
    embed = site.manifest['scripts']['embed.js']
    assert pinned.group(1).endswith('/' + embed['path']) and pinned.group(2) == embed['integrity']
    assert global_type(probe) == 'object'
    assert probe.page.evaluate('n => window[n].version', probe.profile['globalName']) == site.manifest['version']
    poll(probe, 'window["%s"].isReady()' % probe.profile['globalName'])
    assert sdk_frame(probe) is not None
    assert integrity_errors(probe) == [] and probe.errors == []


def test_unmodified_copy_under_the_same_integrity_loads(probe, site):
    probe.page.goto(site.page('copy.html'))
    assert global_type(probe) == 'object'
    assert probe.page.evaluate('window.__scriptError === true') is False
    assert integrity_errors(probe) == []


def test_tampered_copy_runs_without_integrity(probe, site):
    """Control: the one-byte change leaves valid JavaScript (so the refusal below is the hash check)."""
    probe.page.goto(site.page('tampered-unpinned.html'))
    assert global_type(probe) == 'object'
    assert probe.page.evaluate('n => window[n].version', probe.profile['globalName']) == site.tampered_version
    assert site.tampered_version != site.manifest['version']


def test_one_byte_change_is_refused_by_integrity(probe, site):
    probe.page.goto(site.page('tampered.html'))
    assert global_type(probe) == 'undefined'
    assert probe.page.evaluate('window.__scriptError === true') is True
    errors = integrity_errors(probe)
    assert len(errors) == 1 and 'embed-tampered.js' in errors[0], probe.console
    assert probe.page.evaluate('document.querySelectorAll("iframe").length') == 0


def test_versioned_frame_kit_loads_cross_origin_with_integrity(probe, site):
    probe.page.goto(site.page('kit.html'))
    assert probe.page.evaluate('n => typeof window[n]', probe.profile['frameGlobalName']) == 'object'
    assert probe.page.evaluate('window.__scriptError === true') is False


def test_cross_origin_script_without_cors_fails_under_crossorigin(probe, site):
    """Control for the test above: crossorigin="anonymous" needs the CORS header the release files carry."""
    probe.page.goto(site.page('no-cors.html'))
    assert probe.page.evaluate('window.__scriptError === true') is True
