"""YOUR BACKEND: the part a site owner writes.

The README's examples call two small routes of the site's own backend, on the
site's own origin (the dev server's host origin, http://127.0.0.1:8000):

    POST /my-backend/chat-token   -> the chat JWT, as text/plain
    POST /my-backend/pairing      -> {"pairingUrl": ..., "expiresAt": ...} (JSON)

In production you write these yourself, in your backend's language; here they
are a few lines of Starlette so that the examples run against the dev server
exactly as the README shows them. Everything else the dev server offers (the
tenant API, the chat page, the widget API) is Pilot Status's side.

What matters, whatever the language:
- The tenant API key stays on the server (here `settings.api_key`, sent as the
  `x-api-key` header); the browser only ever sees the short-lived JWT.
- `allowedOrigins` is your site's exact origins, from your configuration, never
  taken from the request: the chat page refuses to run on any other origin.
- Decide who may ask: check your user's session before minting, and let only
  administrators pair numbers.
- Verified identity: when someone is signed in, send the tenant API a `user`
  block (`id`, optionally `name`, `email`, `phone`) taken from YOUR session and
  user records. It is bound into the signed token: the chat then keys the
  conversation to that user on every device, and the page cannot switch it.

The dev server has no login, so the sample page says who is "signed in" in the
request body (`{"signedInAs": "alice"}`), looked up in a tiny user directory
(DEMO_USERS) the way your backend reads its own database. A real backend never
takes the identity from the request: it takes it from its session cookie.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from devkit.settings import Settings

NO_STORE = {'cache-control': 'no-store'}

# Stand-in for your user database: what your backend knows about its signed-in users.
DEMO_USERS = {
    'alice': {'id': 'user_alice', 'name': 'Alice Souza', 'email': 'alice@example.com', 'phone': '+5511987654321'},
    'bob': {'id': 'user_bob', 'name': 'Bob Lima', 'email': 'bob@example.com'},
}


async def signed_in_user(request: Request) -> dict | None | Response:
    """The demo's "session": {"signedInAs": "<name in DEMO_USERS>"} in the body, or nobody.
    (Your app: the user of the session cookie, from your database.)"""
    raw = await request.body()
    if not raw.strip():
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        return PlainTextResponse('the body must be JSON: {"signedInAs": "alice"}', status_code=400, headers=NO_STORE)
    who = body.get('signedInAs') if isinstance(body, dict) else None
    if who is None:
        return None
    if not isinstance(who, str) or who not in DEMO_USERS:
        return PlainTextResponse('unknown user (the demo knows: %s)' % ', '.join(sorted(DEMO_USERS)),
                                 status_code=403, headers=NO_STORE)
    return DEMO_USERS[who]


class TenantApi:
    """POST to the tenant API with the API key (server to server)."""

    def __init__(self, api_base: str, api_key: str) -> None:
        self.api_base = api_base       # https://api.pilotstatus.com.br in production; the frame origin here
        self.api_key = api_key

    def _post(self, path: str, payload: dict) -> tuple[int, dict]:
        request = urllib.request.Request(self.api_base + path, data=json.dumps(payload).encode(), method='POST',
                                         headers={'x-api-key': self.api_key, 'content-type': 'application/json'})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b'{}')

    async def post(self, path: str, payload: dict) -> tuple[int, dict]:
        return await anyio.to_thread.run_sync(self._post, path, payload)


def my_backend_routes(settings: Settings, tenant: TenantApi) -> list[Route]:
    site_origins = list(settings.host_origins)         # your site's origins (your configuration)
    chat_numbers = [settings.seed_numbers[0][0]]       # the WhatsApp number(s) this chat talks for
    pairing_number = settings.seed_numbers[0][0]       # the number an administrator is pairing

    async def chat_token(request: Request) -> Response:
        user = await signed_in_user(request)        # (your app: from your session, never from the page)
        if isinstance(user, Response):
            return user
        payload = {
            'surface': 'chat',
            'whatsappNumberIds': chat_numbers,
            'allowedOrigins': site_origins,
        }
        if user is not None:
            payload['user'] = user                  # verified identity: signed into the token
        status, data = await tenant.post('/v1/embed/sessions', payload)
        if status != 201:
            return PlainTextResponse('could not mint a chat token: %s' % data.get('error', status),
                                     status_code=502, headers=NO_STORE)
        return PlainTextResponse(data['token'], headers=NO_STORE)   # only the JWT reaches the page

    async def pairing(request: Request) -> Response:
        # (Your app: administrators only.)
        status, data = await tenant.post('/v1/numbers/remote-pairing', {'whatsappNumberId': pairing_number})
        if status != 201:
            return JSONResponse({'error': data.get('error', 'could not create a pairing link')}, status_code=502,
                                headers=NO_STORE)
        return JSONResponse({'pairingUrl': data['pairingUrl'], 'expiresAt': data['expiresAt']}, headers=NO_STORE)

    return [
        Route('/my-backend/chat-token', chat_token, methods=['POST']),
        Route('/my-backend/pairing', pairing, methods=['POST']),
    ]
