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
- Decide who may ask: check your user's session before minting (left out
  here: the dev server has no users), and let only administrators pair numbers.
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
        # (Your app: check who is asking here.)
        status, data = await tenant.post('/v1/embed/sessions', {
            'surface': 'chat',
            'whatsappNumberIds': chat_numbers,
            'allowedOrigins': site_origins,
        })
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
