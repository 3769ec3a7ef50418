"""`python -m devkit.devserver --profile <id>`: which build the two apps serve.

/embed.js, /stub.js, /index.mjs, /headless.mjs (host origin) and /frame.js
(frame origin) are the chosen profile's; every profile's chat page is served
at its own frame URL shape on its own frame kit; /devkit.js tells the
playground and the test pages which build this is."""
from __future__ import annotations

import json
import re

import pytest
from starlette.testclient import TestClient

from devkit.devserver import build_apps, parse_args
from devkit.pages import create_frame_app, create_host_app, frame_path, profile_dist
from sdk_src.profiles import DEFAULT_PROFILE, PROFILES

ALL = sorted(PROFILES)


def built(profile_id):
    if not (profile_dist(profile_id) / 'embed.js').is_file():
        pytest.fail('%s is missing: run `python build.py --all` (make build does)' % profile_dist(profile_id))


@pytest.mark.parametrize('profile_id', ALL)
def test_host_app_serves_the_chosen_build_and_says_which(settings, profile_id):
    built(profile_id)
    app = create_host_app(settings, api_base='http://127.0.0.1:8001', profile_id=profile_id)
    with TestClient(app) as client:
        for name in ('embed.js', 'stub.js', 'index.mjs', 'headless.mjs'):
            response = client.get('/' + name)
            assert response.status_code == 200, name
            assert response.content == (profile_dist(profile_id) / name).read_bytes(), name
        for other in ALL:
            response = client.get('/kit/%s/embed.js' % other)
            assert response.content == (profile_dist(other) / 'embed.js').read_bytes()
        script = client.get('/devkit.js')
    assert script.headers['content-type'].startswith('text/javascript')
    assert script.headers['cache-control'] == 'no-store'
    match = re.fullmatch(r'window\.DEVKIT = Object\.freeze\((\{.*\})\);\n', script.text)
    assert match, script.text
    said = json.loads(match.group(1))
    profile = PROFILES[profile_id]
    assert said['frameOrigin'] == 'http://127.0.0.1:8001'
    assert said['profile'] == {key: profile[key] for key in ('id', 'globalName', 'frameGlobalName', 'frameTitle',
                                                             'frameUrl', 'requiresToken', 'requiredOptions')}


@pytest.mark.parametrize('profile_id', ALL)
def test_frame_app_serves_every_chat_page_on_its_own_kit(settings, profile_id):
    built(profile_id)
    app = create_frame_app(settings, profile_id=profile_id)
    with TestClient(app) as client:
        assert client.get('/frame.js').content == (profile_dist(profile_id) / 'frame.js').read_bytes()
        for other in ALL:
            path = frame_path(other).replace('{inboxId}', 'your-inbox-id')
            page = client.get(path + '?parentOrigin=http%3A%2F%2F127.0.0.1%3A8000')
            assert page.status_code == 200, path
            kit_src = '/kit/%s/frame.js' % other
            assert 'src="%s" data-kit-global="%s"' % (kit_src, PROFILES[other]['frameGlobalName']) in page.text
            assert 'frame-ancestors' in page.headers['content-security-policy']
            assert client.get(kit_src).content == (profile_dist(other) / 'frame.js').read_bytes()


def test_command_line_profile_flag():
    assert parse_args([]).profile == DEFAULT_PROFILE
    for profile_id in ALL:
        assert parse_args(['--profile', profile_id]).profile == profile_id
    with pytest.raises(SystemExit):
        parse_args(['--profile', 'no-such-brand'])


def test_build_apps_wires_the_profile_into_both_apps():
    built('masheev')
    _, _, _, host_app, frame_app = build_apps(parse_args(['--profile', 'masheev', '--host-port', '9100',
                                                          '--frame-port', '9101']))
    with TestClient(host_app) as client:
        script = client.get('/devkit.js').text
    assert '"globalName": "Masheev"' in script and '"frameOrigin": "http://127.0.0.1:9101"' in script
    with TestClient(frame_app) as client:
        assert client.get('/frame.js').content == (profile_dist('masheev') / 'frame.js').read_bytes()
