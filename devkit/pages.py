"""The two web apps of the development server.

- Frame origin (`create_frame_app`): the chat page built on the frame kit, the
  Connect page, the built frame kit itself, and the API (tenant, widget, WebSocket).
  The chat page is sent with `Content-Security-Policy: frame-ancestors <origins>`:
  the tenant's embed origins (settings.host_origins) plus the allowedOrigins of
  its live chat tokens. The browser then refuses to render the page anywhere
  else, before any script runs; the frame kit additionally has the server
  confirm that `parentOrigin` is in the token's own allowedOrigins (the query
  parameter alone proves nothing). Token origins alone would race: with
  getToken the iframe starts loading before the token exists.
- Host origin (`create_host_app`): the playground, the built SDK, the
  playground's own backend routes (/api/token, /api/pairing), and the routes a
  site owner writes in their own backend, which the README's examples call
  (/my-backend/*, in devkit/my_backend.py). The tenant API key never reaches
  the browser. Optionally serves extra pages (`--pages DIR`, or
  DEVKIT_HOST_PAGES_DIR) at /t/<name>.

Both origins answer /favicon.ico (devkit/favicon.py).

Script-tag files (embed.js, connect.js, frame.js) are also served at their
versioned paths, /<version>/<file> and /kit/<profile>/<version>/<file> (the
copies in dist/<version>/, see buildtools/release.py), and every script-tag file
is sent with `Access-Control-Allow-Origin: *`, as a CDN would: a page on another
origin loads it with `<script integrity=... crossorigin="anonymous">`, and the
browser checks the hash only on a CORS response.
"""
from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route

from buildtools import release
from devkit.api import create_api_app
from devkit.favicon import favicon_ico
from devkit.my_backend import TenantApi, my_backend_routes
from devkit.settings import Settings
from sdk_src.profiles import DEFAULT_PROFILE, PROFILES

ROOT = Path(__file__).resolve().parent.parent
STATIC = Path(__file__).resolve().parent / 'static'

# The chat page's own policy: nothing inline, nothing from elsewhere.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; object-src 'none'")
NO_STORE = {'cache-control': 'no-store'}
# Public static scripts, loadable with crossorigin="anonymous" (Subresource Integrity) from any page.
CORS_SCRIPT = {'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin'}


def _file(path: Path, media_type: str | None = None, headers: dict[str, str] | None = None) -> Response:
    if not path.is_file():
        return JSONResponse({'error': str(path.name) + ' is missing (run `python build.py`)'}, status_code=404)
    return FileResponse(path, media_type=media_type, headers={**NO_STORE, **(headers or {})})


async def favicon(request: Request) -> Response:
    return Response(favicon_ico(), media_type='image/x-icon', headers={'cache-control': 'max-age=86400'})


def profile_dist(profile_id: str) -> Path:
    out = PROFILES[profile_id]['outDir']
    return ROOT / out if out == 'dist' else ROOT / out / 'dist'


def versioned_routes(prefix: str, profile_id: str, names: tuple[str, ...]) -> list[Route]:
    """`<prefix>/<version>/<name>` (and its source map) for the profile's current version."""
    version = release.package_version(PROFILES[profile_id])
    folder = profile_dist(profile_id) / version
    routes = []
    for name in names:
        for served, media in ((name, 'text/javascript'), (name + '.map', 'application/json')):
            routes.append(Route('%s/%s/%s' % (prefix, version, served), script_file(folder / served, media)))
    return routes


def script_file(path: Path, media_type: str):
    async def endpoint(request: Request) -> Response:
        return _file(path, media_type, {'x-content-type-options': 'nosniff', **CORS_SCRIPT})
    return endpoint


def frame_path(profile_id: str) -> str:
    """The path part of a profile's frame URL shape, as a route ('/widget/{inboxId}')."""
    template = PROFILES[profile_id]['frameUrl'].replace('{base}', '')
    return template.split('?', 1)[0] or '/'


PAGE_PROFILE_KEYS = ['id', 'globalName', 'frameGlobalName', 'frameTitle', 'frameUrl', 'requiresToken',
                     'requiredOptions']


def devkit_script(profile_id: str, frame_origin: str) -> str:
    """/devkit.js: tells the playground and the test pages where the chat frame
    is and which build this server serves (its globals, title, whether it takes
    a chat token)."""
    source = PROFILES[profile_id]
    data = {'frameOrigin': frame_origin, 'profile': {key: source[key] for key in PAGE_PROFILE_KEYS}}
    return 'window.DEVKIT = Object.freeze(' + json.dumps(data, sort_keys=True) + ');\n'


def create_frame_app(settings: Settings, profile_id: str = DEFAULT_PROFILE) -> Starlette:
    """`profile_id`: the build whose frame kit /frame.js serves. Every profile's
    chat page is served at its own frame URL shape ('/', '/widget/{inboxId}', ...),
    each on the frame kit built for that profile (its envelope tag and names)."""
    api = create_api_app(settings)
    devkit = api.state.devkit

    def frame_ancestors() -> str:
        origins = sorted(set(settings.host_origins) | set(devkit.live_allowed_origins()))
        return ' '.join(origins) if origins else "'none'"

    page_headers = {'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff', **NO_STORE}

    def chat_html(kit_profile: str, kit_src: str) -> Response:
        html = (STATIC / 'chat' / 'index.html').read_text()
        html = html.replace('src="/frame.js"', 'src="' + kit_src + '"')
        html = html.replace('__KIT_GLOBAL__', PROFILES[kit_profile]['frameGlobalName'])
        return Response(html, media_type='text/html', headers={
            'content-security-policy': PAGE_CSP + '; frame-ancestors ' + frame_ancestors(), **page_headers})

    def profile_chat_page(kit_profile: str):
        async def endpoint(request: Request) -> Response:
            return chat_html(kit_profile, '/kit/' + kit_profile + '/frame.js')
        return endpoint

    async def connect_page(request: Request) -> Response:
        # The Connect page is embedded with a pairing token instead of a chat token;
        # any origin may frame it in development.
        return _file(STATIC / 'connect' / 'index.html', 'text/html',
                     {'content-security-policy': PAGE_CSP, 'referrer-policy': 'no-referrer'})

    def static(path: Path, media_type: str):
        async def endpoint(request: Request) -> Response:
            return _file(path, media_type, {'x-content-type-options': 'nosniff'})
        return endpoint

    async def connect_script(request: Request) -> Response:
        # The brand's envelope tag comes from the profile table, like everything brand-specific.
        source = (STATIC / 'connect' / 'connect.js').read_text()
        tag = PROFILES[profile_id]['source']
        return Response(source.replace('__ENVELOPE_SOURCE__', tag), media_type='text/javascript', headers=NO_STORE)

    routes = [
        Route('/connect', connect_page),
        *[Route(frame_path(kit_profile), profile_chat_page(kit_profile)) for kit_profile in sorted(PROFILES)],
        *[Route('/kit/' + kit_profile + '/frame.js', script_file(profile_dist(kit_profile) / 'frame.js',
                                                                 'text/javascript'))
          for kit_profile in sorted(PROFILES)],
        Route('/frame.js', script_file(profile_dist(profile_id) / 'frame.js', 'text/javascript')),
        *versioned_routes('', profile_id, ('frame.js',)),
        *[route for kit_profile in sorted(PROFILES)
          for route in versioned_routes('/kit/' + kit_profile, kit_profile, ('frame.js',))],
        Route('/chat.js', static(STATIC / 'chat' / 'chat.js', 'text/javascript')),
        Route('/chat.css', static(STATIC / 'chat' / 'chat.css', 'text/css')),
        Route('/connect.js', connect_script),
        Route('/favicon.ico', favicon),
        Mount('/', app=api),
    ]
    app = Starlette(routes=routes)
    app.state.devkit = devkit
    return app


def create_host_app(settings: Settings, api_base: str, profile_id: str = DEFAULT_PROFILE,
                    pages_dir: Path | None = None) -> Starlette:
    """`api_base`: where the tenant API is reachable from this server (the frame origin).
    `profile_id`: the build served at /embed.js, /stub.js, /index.mjs, /headless.mjs;
    every build is also at /kit/<profile>/<file>."""
    dist_dir = profile_dist(profile_id)

    tenant = TenantApi(api_base, settings.api_key)
    tenant_api = tenant.post

    async def mint_token(request: Request) -> Response:
        # The page's own backend: it holds the API key and forwards only the JWT.
        try:
            body = await request.json()
        except ValueError:
            body = {}
        origin = request.headers.get('origin') or (body.get('origin') if isinstance(body, dict) else None)
        origins = body.get('allowedOrigins') if isinstance(body, dict) else None
        if not isinstance(origins, list):
            origins = [origin] if origin else list(settings.host_origins)
        numbers = body.get('whatsappNumberIds') if isinstance(body, dict) else None
        if not isinstance(numbers, list):
            numbers = [settings.seed_numbers[0][0]]
        status, data = await tenant_api('/v1/embed/sessions', {'surface': 'chat', 'whatsappNumberIds': numbers,
                                                               'allowedOrigins': origins})
        if status != 201:
            return JSONResponse(data, status_code=status)
        return JSONResponse({'token': data['token'], 'expiresAt': data['expiresAt']}, headers=NO_STORE)

    async def mint_pairing(request: Request) -> Response:
        status, data = await tenant_api('/v1/numbers/remote-pairing', {'whatsappNumberId': settings.seed_numbers[0][0]})
        return JSONResponse(data, status_code=status, headers=NO_STORE)

    async def test_page(request: Request) -> Response:
        name = request.path_params['name']
        if pages_dir is None or '/' in name or name.startswith('.'):
            return JSONResponse({'error': 'not found'}, status_code=404)
        path = pages_dir / name
        media = 'text/html' if name.endswith('.html') else 'text/javascript' if name.endswith('.js') else None
        headers = {}
        csp_file = pages_dir / (name + '.csp')
        if csp_file.is_file():
            policy = csp_file.read_text().strip()
            if policy == 'from-query':
                # Test pages only: the browser test states the exact policy it proves
                # (tests/browser/test_strict_pages.py); `{nonce}` is this response's nonce.
                policy = request.query_params.get('csp', '')
            if '{nonce}' in policy and path.is_file():
                nonce = secrets.token_urlsafe(16)
                headers['content-security-policy'] = policy.replace('{nonce}', nonce)
                body = path.read_text().replace('__NONCE__', nonce)
                return Response(body, media_type=media, headers={**NO_STORE, **headers})
            headers['content-security-policy'] = policy
        return _file(path, media, headers)

    def static(path: Path, media_type: str):
        async def endpoint(request: Request) -> Response:
            return _file(path, media_type)
        return endpoint

    async def devkit_info(request: Request) -> Response:
        return Response(devkit_script(profile_id, api_base), media_type='text/javascript', headers=NO_STORE)

    def chunk(folder: Path):
        # The ES module entries import their shared code from chunks/ (build.py splits them).
        async def endpoint(request: Request) -> Response:
            name = request.path_params['name']
            if not re.fullmatch(r'[\w-]+\.mjs', name):
                return Response('not found', status_code=404)
            return _file(folder / 'chunks' / name, 'text/javascript')
        return endpoint

    routes = [
        Route('/', static(STATIC / 'playground' / 'index.html', 'text/html')),
        Route('/playground.js', static(STATIC / 'playground' / 'playground.js', 'text/javascript')),
        Route('/playground.css', static(STATIC / 'playground' / 'playground.css', 'text/css')),
        Route('/embed.js', script_file(dist_dir / 'embed.js', 'text/javascript')),
        Route('/embed.js.map', script_file(dist_dir / 'embed.js.map', 'application/json')),
        Route('/connect.js', script_file(dist_dir / 'connect.js', 'text/javascript')),
        *versioned_routes('', profile_id, ('embed.js', 'connect.js')),
        Route('/stub.js', static(dist_dir / 'stub.js', 'text/javascript')),
        Route('/index.mjs', static(dist_dir / 'index.mjs', 'text/javascript')),
        Route('/headless.mjs', static(dist_dir / 'headless.mjs', 'text/javascript')),
        Route('/chunks/{name}', chunk(dist_dir)),
        *[Route('/kit/' + kit_profile + '/' + name, static(profile_dist(kit_profile) / name, 'text/javascript'))
          for kit_profile in sorted(PROFILES) for name in ('index.mjs', 'headless.mjs')],
        *[Route('/kit/' + kit_profile + '/' + name, script_file(profile_dist(kit_profile) / name, 'text/javascript'))
          for kit_profile in sorted(PROFILES) for name in ('embed.js', 'connect.js')],
        *[route for kit_profile in sorted(PROFILES)
          for route in versioned_routes('/kit/' + kit_profile, kit_profile, ('embed.js', 'connect.js'))],
        *[Route('/kit/' + kit_profile + '/chunks/{name}', chunk(profile_dist(kit_profile))) for kit_profile in
          sorted(PROFILES)],
        Route('/devkit.js', devkit_info),
        Route('/api/token', mint_token, methods=['POST']),
        Route('/api/pairing', mint_pairing, methods=['POST']),
        # The site owner's own backend, as the README's examples call it (devkit/my_backend.py).
        *my_backend_routes(settings, tenant),
        Route('/favicon.ico', favicon),
        Route('/t/{name}', test_page),
    ]
    return Starlette(routes=routes)


def pages_dir_from_env() -> Path | None:
    value = os.environ.get('DEVKIT_HOST_PAGES_DIR')
    return Path(value) if value else None
