"""The dev server serves the pinned release files (dist/<version>/, see
buildtools/release.py) at /<version>/<file> and /kit/<profile>/<version>/<file>,
and every script-tag file with `Access-Control-Allow-Origin: *`, as a CDN does:
a page on another origin can load them with integrity + crossorigin="anonymous"."""
from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from buildtools import release
from devkit.pages import create_frame_app, create_host_app, profile_dist
from sdk_src.profiles import PROFILES

ALL = sorted(PROFILES)


def built(profile_id):
    if not (profile_dist(profile_id) / release.MANIFEST).is_file():
        pytest.fail('%s is missing: run `python build.py --all` (make build does)' % profile_dist(profile_id))
    return release.read_manifest(str(profile_dist(profile_id)))


def assert_script(response, expected_bytes, integrity=None):
    assert response.status_code == 200
    assert response.content == expected_bytes
    assert response.headers['access-control-allow-origin'] == '*'
    if integrity is not None:
        assert release.integrity(response.content) == integrity


@pytest.mark.parametrize('profile_id', ALL)
def test_host_app_serves_the_versioned_scripts_with_cors(settings, profile_id):
    manifest = built(profile_id)
    app = create_host_app(settings, api_base='http://127.0.0.1:8001', profile_id=profile_id)
    with TestClient(app) as client:
        for name in ('embed.js', 'connect.js'):
            entry = manifest['scripts'][name]
            data = (profile_dist(profile_id) / entry['path']).read_bytes()
            assert_script(client.get('/' + entry['path']), data, entry['integrity'])
            assert_script(client.get('/' + entry['path'] + '.map'), (profile_dist(profile_id) /
                                                                     (entry['path'] + '.map')).read_bytes())
            assert_script(client.get('/' + name), data)   # the unversioned latest: same bytes, CORS too
        for other in ALL:
            other_manifest = built(other)
            entry = other_manifest['scripts']['embed.js']
            assert_script(client.get('/kit/%s/%s' % (other, entry['path'])),
                          (profile_dist(other) / entry['path']).read_bytes(), entry['integrity'])
        # Only the build's own version and the script-tag files exist (a control for the 200s above).
        assert client.get('/0.0.0/embed.js').status_code == 404
        assert client.get('/%s/index.mjs' % manifest['version']).status_code == 404
        # The host's own pages are not CORS resources.
        assert 'access-control-allow-origin' not in client.get('/').headers


@pytest.mark.parametrize('profile_id', ALL)
def test_frame_app_serves_the_versioned_frame_kit_with_cors(settings, profile_id):
    manifest = built(profile_id)
    app = create_frame_app(settings, profile_id=profile_id)
    entry = manifest['scripts']['frame.js']
    data = (profile_dist(profile_id) / entry['path']).read_bytes()
    with TestClient(app) as client:
        assert_script(client.get('/' + entry['path']), data, entry['integrity'])
        assert_script(client.get('/frame.js'), data)
        for other in ALL:
            other_entry = built(other)['scripts']['frame.js']
            assert_script(client.get('/kit/%s/%s' % (other, other_entry['path'])),
                          (profile_dist(other) / other_entry['path']).read_bytes(), other_entry['integrity'])
        # The API behind still answers its two-segment paths (no catch-all versioned route).
        assert client.get('/v1/numbers').status_code in (401, 403)
        assert client.get('/0.0.0/frame.js').status_code == 404
