"""The development server's API: tenant API (/v1), widget REST API (/api/widget), conversation WebSocket.

``create_api_app(settings)`` returns a Starlette app holding all of it. It needs no
lifespan (the store is opened and seeded when the app is created), so it can be
mounted as is into the frame-origin app, e.g. ``Mount('/', app=create_api_app(s))``
after that app's own routes. ``app.state.devkit`` is the ``Devkit`` behind it
(store, tokens, hub, ``live_allowed_origins()``).

Every error body is JSON ``{"error": "..."}`` (plus ``code`` on chat token errors).
CORS: only ``/api/widget/*`` answers cross-origin requests, from any origin and
without credentials (the widget API authenticates with Bearer tokens, not cookies).

Decisions beyond the specs:
- Inboxes: a number's inbox (id = number id) only opens with a chat token whose
  ``nums`` name it (401 ``token-required`` without one, 403 ``inbox-not-allowed``
  for another); the public ``inbox_demo`` opens without a token (Masheev flow), and
  with a chat token only if the token names it (it never does: 403).
- A widget session opened with a chat token carries its embed session id: once that
  session is revoked or past its absolute lifetime, the widget token stops working
  (REST: "Invalid or expired session"; WebSocket: re-checked on every ping, 4401).
- ``seq`` is one monotonic counter for the whole database (so increasing, not
  contiguous, within a conversation). An AI message gets its seq when it is finished
  and stored; its streaming frames carry ``seq: null``. History therefore only ever
  holds finished messages, and ``after=<last seq seen>`` never skips a reply that
  finished later than a newer user message.
- clientMessageId: a retry returns the same reply (or joins the one being produced);
  the same id with different content is 409.
- Contact rate limit: keyed by conversation (a resumed session, i.e. a new token,
  does not reset it), counts every authenticated request, 429 carries Retry-After.
- WebSocket close codes: 4401 bad/expired/other-conversation token (sent after
  accept so browsers see the code), 1013 when a socket's send buffer is full.
- Verified identity: a chat token minted with a ``user`` block keys the widget
  session to (inbox, user id), not to the page's visitorId, so the same user on any
  device resumes one conversation and another user's token never opens it. The
  page may enrich the contact (fields the backend left out) but not switch the
  user: a different ``userId`` in customerInfo or PATCH /contact is 403
  ``user-mismatch``; fields the backend set are not overwritten from the page.
  Page visitorIds starting with "verified:" are refused (that namespace is the
  verified users' rows). Without a ``user`` block nothing changes.
- A message may carry what the chat page knows about the visitor's situation:
  ``page`` ({url, title}: the host page, from the frame kit's ``page`` event) and
  ``context`` (an object: the host's updateContext data). Both are for the agent
  with this message only: checked (400 if malformed), never stored (Masheev:
  updateContext is not persisted). The dev bot answers the message ``/page`` with
  the page it was sent from; every other reply is unchanged.
"""
from __future__ import annotations

import asyncio
import hmac
import importlib.util
import json
import logging
import math
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from sdk_src.limits import LIMITS

from . import bot
from .contact import UserBlockError, page_user_id, sanitise_contact, validate_user_block
from .hub import Connection, Hub
from .origins import allowed_origins_problem
from .settings import Settings
from .store import VERIFIED_VISITOR_PREFIX, Conversation, Message, Store, new_id
from .tokens import ChatTokens, TokenError, WidgetTokens

log = logging.getLogger('devkit.api')



def _load_wire():
    """sdk_src/wire.py: the REST paths, fields and socket frames the headless client reads, declared once."""
    spec = importlib.util.spec_from_file_location('sdk_wire', Path(__file__).resolve().parent.parent / 'sdk_src'
                                                  / 'wire.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


wire = _load_wire()

WIDGET_PREFIX = '/api/widget/'
MAX_ID_LENGTH = 128
MAX_NUMBER_IDS = 50
MAX_WS_TEXT = 4096
WS_CLOSE_UNAUTHORIZED = wire.SOCKET_AUTH_CLOSE

MISSING_SESSION = 'Missing session token'
INVALID_SESSION = 'Invalid or expired session'
USER_MISMATCH = ('userId does not match the verified user of this chat token: a page cannot switch a verified '
                 'identity (mint a new token for the signed-in user)')


class ApiError(Exception):
    def __init__(self, http_status: int, error: str, code: str | None = None, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(error)
        self.status = http_status
        self.body: dict[str, Any] = {'error': error}
        if code is not None:
            self.body['code'] = code
        self.body.update(extra)
        self.headers = headers


def iso_seconds(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def iso_millis(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec='milliseconds').replace('+00:00', 'Z')


def _bearer(headers) -> str | None:
    """None without an Authorization header; '' when it is not a usable Bearer credential."""
    header = headers.get('authorization')
    if header is None:
        return None
    scheme, _, value = header.strip().partition(' ')
    if scheme.lower() != 'bearer':
        return ''
    return value.strip()


def _is_id(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID_LENGTH and value.isprintable() and value.strip() == value


def _token_error(exc: TokenError) -> ApiError:
    return ApiError(401, exc.message, code=exc.code)


class Devkit:
    """Services behind the API: store, token issuers, WebSocket hub, in-flight bot replies."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store if store is not None else Store(settings.db_path)
        self.store.seed(settings)
        self.chat_tokens = ChatTokens(settings, self.store)
        self.widget_tokens = WidgetTokens(settings)
        self.hub = Hub(settings.ws_send_queue_size)
        self._replies: dict[str, asyncio.Future[str]] = {}
        self.refuse_sockets = False

    def live_allowed_origins(self) -> list[str]:
        """Sorted union of allowedOrigins of live embed sessions (for CSP frame-ancestors)."""
        return self.store.live_allowed_origins(self.settings.now())

    # -- request helpers ---------------------------------------------------

    async def _json(self, request: Request, *, require_object: bool = True) -> Any:
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.settings.max_body_bytes:
                raise ApiError(413, 'Request body too large')
            chunks.append(chunk)
        raw = b''.join(chunks)
        if not raw.strip():
            data: Any = None
        else:
            try:
                data = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                raise ApiError(400, 'Invalid JSON body') from None
        if require_object and not isinstance(data, dict):
            raise ApiError(400, 'Request body must be a JSON object')
        return data

    def _tenant(self, request: Request) -> str:
        key = request.headers.get('x-api-key')
        tenant = self.store.tenant_for_api_key(key) if key else None
        if tenant is None:
            raise ApiError(401, 'Invalid API key')
        return tenant

    def _chat_claims(self, request: Request):
        token = _bearer(request.headers)
        if not token:
            raise ApiError(401, 'Missing bearer token' if token is None else 'Invalid token', code='token-invalid')
        try:
            return self.chat_tokens.verify(token)
        except TokenError as exc:
            raise _token_error(exc) from None

    def _widget_conversation(self, token: str | None) -> tuple[Conversation, dict[str, Any]]:
        """Conversation of a valid widget session token, else TokenError."""
        if not token:
            raise TokenError('token-invalid', INVALID_SESSION)
        claims = self.widget_tokens.verify(token)
        conversation = self.store.get_conversation(claims['cid'])
        if conversation is None or conversation.inbox_id != claims['inb']:
            raise TokenError('token-invalid', INVALID_SESSION)
        sid = claims.get('sid')
        session = None
        if sid is not None:
            session = self.store.get_embed_session(sid)
            if session is None or session.revoked or self.settings.now() >= session.expires_at \
                    or claims['inb'] not in session.numbers:
                raise TokenError('session-revoked', INVALID_SESSION)
        # A verified user's conversation opens only through a chat token of that same user.
        if conversation.user_id is not None and (session is None or session.user_id != conversation.user_id):
            raise TokenError('token-invalid', INVALID_SESSION)
        return conversation, claims

    def _verified_user(self, claims: dict[str, Any]) -> dict[str, str] | None:
        """The verified user block behind a (checked) widget session token, if any."""
        sid = claims.get('sid')
        session = self.store.get_embed_session(sid) if sid is not None else None
        return session.user if session is not None else None

    def _widget_auth(self, request: Request) -> Conversation:
        return self._widget_auth_claims(request)[0]

    def _widget_auth_claims(self, request: Request) -> tuple[Conversation, dict[str, Any]]:
        token = _bearer(request.headers)
        if token is None or (token == '' and request.headers.get('authorization', '').strip().lower() == 'bearer'):
            raise ApiError(401, MISSING_SESSION)
        try:
            return self._widget_conversation(token)
        except TokenError:
            raise ApiError(401, INVALID_SESSION) from None

    # -- tenant API ----------------------------------------------------------

    async def list_numbers(self, request: Request) -> Response:
        tenant = self._tenant(request)
        return JSONResponse({'numbers': self.store.list_numbers(tenant)})

    def _number_ids(self, value: Any, tenant: str) -> list[str]:
        if not isinstance(value, list) or not value:
            raise ApiError(400, 'whatsappNumberIds must be a non-empty array of number ids')
        if len(value) > MAX_NUMBER_IDS:
            raise ApiError(400, f'whatsappNumberIds must have at most {MAX_NUMBER_IDS} entries')
        seen: set[str] = set()
        for index, entry in enumerate(value):
            if not _is_id(entry):
                raise ApiError(400, f'whatsappNumberIds[{index}] must be a non-empty id string')
            if entry in seen:
                raise ApiError(400, f'whatsappNumberIds[{index}] {json.dumps(entry)} is listed twice')
            seen.add(entry)
        return list(value)

    def _check_owned(self, tenant: str, ids: list[str], field: str) -> None:
        owned = self.store.numbers_owned(tenant, ids)
        for index, entry in enumerate(ids):
            if entry not in owned:
                where = f'{field}[{index}]' if len(ids) > 1 or field.endswith('s') else field
                raise ApiError(403, f'{where} {json.dumps(entry)} is not a number of this tenant')

    async def create_embed_session(self, request: Request) -> Response:
        tenant = self._tenant(request)
        body = await self._json(request)
        if body.get('surface') != 'chat':
            raise ApiError(400, 'surface must be "chat"')
        ids = self._number_ids(body.get('whatsappNumberIds'), tenant)
        origins = body.get('allowedOrigins')
        problem = allowed_origins_problem(origins)
        if problem is not None:
            raise ApiError(400, problem)
        try:
            user = validate_user_block(body.get('user'), self.settings.phone_default_region)
        except UserBlockError as exc:
            raise ApiError(400, str(exc), code='invalid-user') from None
        self._check_owned(tenant, ids, 'whatsappNumberIds')
        minted = self.chat_tokens.mint(tenant, ids, origins, user)
        answer = {'token': minted.token, 'surface': 'chat', 'whatsappNumberIds': ids, 'allowedOrigins': origins,
                  'expiresAt': iso_seconds(minted.expires_at)}
        if user is not None:
            answer['user'] = user   # as it will be used (phone in E.164), so the backend can log what it bound
        return JSONResponse(answer, status_code=201)

    async def refresh_embed_session(self, request: Request) -> Response:
        token = _bearer(request.headers)
        if not token:
            raise ApiError(401, 'Missing bearer token' if token is None else 'Invalid token', code='token-invalid')
        try:
            fresh = self.chat_tokens.refresh(token)
        except TokenError as exc:
            raise _token_error(exc) from None
        return JSONResponse({'token': fresh.token, 'expiresAt': iso_seconds(fresh.expires_at)})

    async def verify_origin(self, request: Request) -> Response:
        claims, _ = self._chat_claims(request)
        body = await self._json(request)
        parent_origin = body.get('parentOrigin')
        if not isinstance(parent_origin, str) or not parent_origin:
            raise ApiError(400, 'parentOrigin must be a non-empty string')
        if parent_origin not in claims['origins']:  # exact string equality, nothing normalised
            raise ApiError(403, 'Origin not allowed', code='origin-not-allowed')
        return JSONResponse({'ok': True, 'whatsappNumberIds': claims['nums'], 'allowedOrigins': claims['origins'],
                             'expiresAt': iso_seconds(claims['exp'])})

    async def create_pairing(self, request: Request) -> Response:
        tenant = self._tenant(request)
        body = await self._json(request)
        number_id = body.get('whatsappNumberId')
        if not _is_id(number_id):
            raise ApiError(400, 'whatsappNumberId must be a non-empty id string')
        self._check_owned(tenant, [number_id], 'whatsappNumberId')
        token = secrets.token_urlsafe(32)
        expires_at = self.settings.now() + self.settings.pairing_ttl_seconds
        self.store.create_pairing(token, tenant, number_id, expires_at)
        url = f'{self.settings.frame_base_url}/connect?pairingToken={quote(token, safe="")}'
        return JSONResponse({'pairingToken': token, 'pairingUrl': url, 'expiresAt': iso_seconds(expires_at)},
                            status_code=201)

    async def pairing_status(self, request: Request) -> Response:
        pairing = self.store.get_pairing(request.path_params['token'])
        if pairing is None:
            raise ApiError(404, 'Unknown pairing token')
        return JSONResponse({'status': pairing.status(self.settings.now()), 'whatsappNumberId': pairing.number_id,
                             'expiresAt': iso_seconds(pairing.expires_at)})

    async def complete_pairing(self, request: Request) -> Response:
        token = request.path_params['token']
        pairing = self.store.get_pairing(token)
        if pairing is None:
            raise ApiError(404, 'Unknown pairing token')
        now = self.settings.now()
        if pairing.status(now) == 'expired':
            raise ApiError(410, 'Pairing token expired', status='expired')
        pairing = self.store.complete_pairing(token, now)
        if pairing is None or pairing.status(now) != 'paired':  # expired in between
            raise ApiError(410, 'Pairing token expired', status='expired')
        return JSONResponse({'status': 'paired', 'whatsappNumberId': pairing.number_id})

    # -- widget API ----------------------------------------------------------

    async def widget_session(self, request: Request) -> Response:
        embed_session = None
        nums: list[str] | None = None
        if request.headers.get('authorization') is not None:
            claims, embed_session = self._chat_claims(request)
            nums = claims['nums']
        body = await self._json(request)
        inbox_id = body.get(wire.INBOX_ID)
        visitor_id = body.get(wire.VISITOR_ID)
        if not _is_id(inbox_id):
            raise ApiError(400, 'inboxId must be a non-empty id string')
        if not _is_id(visitor_id):
            raise ApiError(400, 'visitorId must be a non-empty id string')
        if visitor_id.startswith(VERIFIED_VISITOR_PREFIX):
            raise ApiError(400, f'visitorId must not start with "{VERIFIED_VISITOR_PREFIX}" '
                                '(reserved for users verified by a chat token)')
        customer_info = body.get(wire.CUSTOMER_INFO)
        if customer_info is not None and not isinstance(customer_info, dict):
            raise ApiError(400, 'customerInfo must be an object')
        consent_at = self._consent_timestamp(body.get(wire.CONSENT))
        if self.settings.turnstile_secret:
            given = body.get(wire.TURNSTILE_TOKEN)
            if not isinstance(given, str) or not hmac.compare_digest(given.encode(),
                                                                     self.settings.turnstile_test_token.encode()):
                raise ApiError(400, 'Bot check failed')
        inbox = self.store.get_inbox(inbox_id)
        if inbox is None:
            raise ApiError(404, 'Inbox not found')
        if nums is not None:
            if inbox_id not in nums:
                raise ApiError(403, 'Inbox not allowed for this token', code='inbox-not-allowed')
        elif not inbox.public:
            raise ApiError(401, 'This inbox needs a chat token', code='token-required')
        user = embed_session.user if embed_session is not None else None
        if user is not None and page_user_id(customer_info) not in (None, user['id']):
            raise ApiError(403, USER_MISMATCH, code='user-mismatch')
        conversation, created = self.store.get_or_create_conversation(
            inbox_id, visitor_id, self.settings.now(), user['id'] if user is not None else None)
        values = sanitise_contact(customer_info, self.settings.phone_default_region)
        if user is not None:
            # The backend's fields win (refreshed on every session); the page adds what it left out.
            values.update({name: value for name, value in user.items() if name != 'id'})
        if values:
            self.store.update_contact(conversation.id, values)
        if consent_at is not None:
            self.store.merge_consent(conversation.id, {'dataProcessing': True, 'dataProcessingAt': consent_at})
        token = self.widget_tokens.issue(conversation.id, inbox_id, embed_session)
        return JSONResponse({
            wire.SESSION_TOKEN: token,
            wire.CONVERSATION_ID: conversation.id,
            wire.GREETING: inbox.greeting if created else None,
            wire.DISCLOSURE: inbox.disclosure if created else None,
            wire.IS_RESUMED: not created,
        })

    @staticmethod
    def _consent_timestamp(consent: Any) -> str | None:
        if consent is None:
            return None
        if not isinstance(consent, dict):
            raise ApiError(400, 'consent must be an object')
        timestamp = consent.get(wire.CONSENT_TIMESTAMP)
        if not isinstance(timestamp, str) or not 10 <= len(timestamp) <= 40:
            raise ApiError(400, 'consent.timestamp must be an ISO-8601 timestamp')
        try:
            datetime.fromisoformat(timestamp)
        except ValueError:
            raise ApiError(400, 'consent.timestamp must be an ISO-8601 timestamp') from None
        return timestamp

    async def widget_message(self, request: Request) -> Response:
        conversation = self._widget_auth(request)
        body = await self._json(request)
        content = body.get(wire.CONTENT)
        if not isinstance(content, str) or not content.strip():
            raise ApiError(400, 'content must be a non-empty string')
        if len(content) > self.settings.max_message_chars:
            raise ApiError(400, f'content must be at most {self.settings.max_message_chars} characters')
        client_message_id = body.get(wire.CLIENT_MESSAGE_ID)
        if client_message_id is not None and not _is_id(client_message_id):
            raise ApiError(400, 'clientMessageId must be a non-empty id string')
        page = _message_page(body.get(MESSAGE_PAGE))
        if body.get(MESSAGE_CONTEXT) is not None and not isinstance(body.get(MESSAGE_CONTEXT), dict):
            raise ApiError(400, 'context must be a JSON object')
        message, created = self.store.add_user_message(conversation.id, content, client_message_id,
                                                       self.settings.now())
        if not created and message.content != content:
            raise ApiError(409, 'clientMessageId was already used for a different message')
        if created:
            self.hub.publish(conversation.id, _frame(message, streaming=False))
        stored = self.store.reply_to(message.id)
        if stored is not None:
            return JSONResponse({wire.CONTENT: stored.content})
        future = self._replies.get(message.id)
        if future is None:
            future = asyncio.ensure_future(self._produce_reply(conversation.id, message, page))
            self._replies[message.id] = future
            future.add_done_callback(lambda done, key=message.id: self._reply_done(key, done))
        # Shielded: a client that goes away does not cancel the reply; a retry picks it up.
        return JSONResponse({wire.CONTENT: await asyncio.shield(future)})

    def _reply_done(self, key: str, future: asyncio.Future[str]) -> None:
        self._replies.pop(key, None)
        if not future.cancelled() and future.exception() is not None:
            log.error('bot reply failed', exc_info=future.exception())

    async def _produce_reply(self, conversation_id: str, message: Message, page: dict[str, str] | None) -> str:
        text = (_page_answer(page) if message.content.strip() == PAGE_COMMAND
                else bot.reply_text(message.content, self.settings.bot_sentence))
        message_id = new_id('msg')
        delay = self.settings.bot_chunk_delay_seconds
        for prefix in bot.word_chunks(text):
            self.hub.publish(conversation_id, {wire.TYPE: wire.MESSAGE_NEW, wire.PAYLOAD: {
                wire.MESSAGE_ID: message_id, wire.SEQ: None, wire.CONTENT: prefix,
                wire.SENDER: {wire.TYPE: wire.ROLE_AI}, wire.STREAMING: True}})
            await asyncio.sleep(delay)
        stored = self.store.add_ai_message(conversation_id, message_id, text, message.id, self.settings.now())
        self.hub.publish(conversation_id, _frame(stored, streaming=False))
        return text

    async def widget_contact(self, request: Request) -> Response:
        conversation, claims = self._widget_auth_claims(request)
        retry_after = self.store.rate_limit_hit(f'contact:{conversation.id}', self.settings.contact_rate_limit,
                                                self.settings.contact_rate_window_seconds, self.settings.now())
        if retry_after is not None:
            raise ApiError(429, 'Too many requests', headers={wire.RETRY_AFTER: str(max(1, math.ceil(retry_after)))})
        try:
            body = await self._json(request, require_object=False)
        except ApiError as exc:
            if exc.status == 413:
                raise
            body = None
        values = sanitise_contact(body, self.settings.phone_default_region)
        user = self._verified_user(claims) if conversation.user_id is not None else None
        if user is not None:
            if page_user_id(body) not in (None, user['id']):
                raise ApiError(403, USER_MISMATCH, code='user-mismatch')
            kept = [name for name in values if name in user]
            for name in kept:
                del values[name]
            if not values and kept:
                raise ApiError(400, 'No valid fields to update: the site\'s backend set %s for this verified user, '
                                    'and the page cannot change them' % ', '.join(kept))
        if not values:
            raise ApiError(400, 'No valid fields to update')
        self.store.update_contact(conversation.id, values)
        return JSONResponse({wire.SUCCESS: True})

    async def widget_messages(self, request: Request) -> Response:
        conversation = self._widget_auth(request)
        raw_after = request.query_params.get(wire.HISTORY_AFTER, '0')
        if not raw_after.isascii() or not raw_after.isdigit() or len(raw_after) > 18:
            raise ApiError(400, 'after must be a non-negative integer')
        messages = self.store.messages_after(conversation.id, int(raw_after), self.settings.max_history_messages)
        return JSONResponse({wire.MESSAGES: [{
            wire.MESSAGE_ID: m.id, wire.SEQ: m.seq, wire.ROLE: m.role, wire.CONTENT: m.content,
            wire.CLIENT_MESSAGE_ID: m.client_message_id, wire.CREATED_AT: iso_millis(m.created_at),
        } for m in messages]})

    # -- WebSocket -----------------------------------------------------------

    async def conversation_socket(self, websocket: WebSocket) -> None:
        conversation_id = websocket.path_params['conversation_id']
        token = websocket.query_params.get(wire.SOCKET_TOKEN)
        # Accept first, then close with 4401: a close before accept reaches browsers as a bare
        # 1006 and the client could not tell an auth failure from a network one.
        await websocket.accept()
        if self.refuse_sockets:
            await websocket.close(code=1013, reason='Refused (fault injection)')
            return
        if not self._socket_token_ok(token, conversation_id):
            await websocket.close(code=WS_CLOSE_UNAUTHORIZED, reason=INVALID_SESSION)
            return
        connection = self.hub.join(conversation_id)
        try:
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(self._socket_sender, websocket, connection, tasks.cancel_scope)
                await self._socket_receiver(websocket, connection, token, conversation_id)
                tasks.cancel_scope.cancel()
        finally:
            self.hub.leave(conversation_id, connection)

    def _socket_token_ok(self, token: str | None, conversation_id: str) -> bool:
        try:
            conversation, _ = self._widget_conversation(token)
        except TokenError:
            return False
        return conversation.id == conversation_id

    async def _socket_receiver(self, websocket: WebSocket, connection: Connection, token: str | None,
                               conversation_id: str) -> None:
        while True:
            message = await websocket.receive()
            if message['type'] == 'websocket.disconnect':
                return
            text = message.get('text')
            if not isinstance(text, str) or len(text) > MAX_WS_TEXT:
                continue
            try:
                data = json.loads(text)
            except ValueError:
                continue
            if isinstance(data, dict) and data.get(wire.TYPE) == wire.PING:
                # Pings (every 25 s from the SDK) double as a re-check of the session.
                if not self._socket_token_ok(token, conversation_id):
                    connection.close(WS_CLOSE_UNAUTHORIZED, INVALID_SESSION)
                else:
                    connection.push({wire.TYPE: wire.PONG})

    @staticmethod
    async def _socket_sender(websocket: WebSocket, connection: Connection, scope: anyio.CancelScope) -> None:
        try:
            while True:
                frames = await connection.next_frames()
                if connection.close_code is not None:
                    await websocket.close(code=connection.close_code, reason=connection.close_reason)
                    return
                for frame in frames:
                    await websocket.send_json(frame)
        except Exception:  # the peer went away mid-send: nothing left to do but stop
            log.debug('websocket send failed', exc_info=True)
        finally:
            scope.cancel()

    # -- app -----------------------------------------------------------------

    def routes(self) -> list:
        return [
            Route('/v1/numbers', self.list_numbers, methods=['GET']),
            Route('/v1/embed/sessions', self.create_embed_session, methods=['POST']),
            Route('/v1/embed/sessions/refresh', self.refresh_embed_session, methods=['POST']),
            Route('/v1/embed/verify-origin', self.verify_origin, methods=['POST']),
            Route('/v1/numbers/remote-pairing', self.create_pairing, methods=['POST']),
            Route('/v1/numbers/remote-pairing/{token}', self.pairing_status, methods=['GET']),
            Route('/v1/numbers/remote-pairing/{token}/complete', self.complete_pairing, methods=['POST']),
            Route(wire.SESSION_PATH, self.widget_session, methods=['POST']),
            Route(wire.MESSAGE_PATH, self.widget_message, methods=['POST']),
            Route(wire.CONTACT_PATH, self.widget_contact, methods=['PATCH']),
            Route(wire.HISTORY_PATH, self.widget_messages, methods=['GET']),
            WebSocketRoute(wire.SOCKET_PATH + '{conversation_id}', self.conversation_socket),
        ] + (self.fault_routes() if self.settings.fault_injection else [])

    def fault_routes(self) -> list:
        async def drop(request: Request) -> Response:
            return JSONResponse({'dropped': self.hub.drop_all(1012, 'Dropped (fault injection)')})

        async def refuse(request: Request) -> Response:
            body = await self._json(request)
            self.refuse_sockets = bool(body.get('refuse'))
            return JSONResponse({'refuse': self.refuse_sockets})
        return [Route('/__faults/ws/drop', drop, methods=['POST']),
                Route('/__faults/ws/refuse', refuse, methods=['POST'])]


# A message's optional companions (see the module docstring); not in sdk_src/wire.py
# because only the reference chat page sends them.
MESSAGE_PAGE = 'page'
MESSAGE_CONTEXT = 'context'
PAGE_URL_MAX = LIMITS['pageUrlMax']     # what the SDK sends at most (sdk_src/limits.py)
PAGE_TITLE_MAX = LIMITS['pageTitleMax']
PAGE_COMMAND = '/page'


def _message_page(value: Any) -> dict[str, str] | None:
    """The host page a message was written on, or None; 400 if it is not {url, title}."""
    if value is None:
        return None
    url = value.get('url') if isinstance(value, dict) else None
    title = value.get('title') if isinstance(value, dict) else None
    if (not isinstance(url, str) or not url.startswith(('https://', 'http://')) or len(url) > PAGE_URL_MAX
            or not isinstance(title, str) or len(title) > PAGE_TITLE_MAX):
        raise ApiError(400, f'page must be {{url, title}}: an http(s) URL of at most {PAGE_URL_MAX} characters '
                            f'and a title of at most {PAGE_TITLE_MAX}')
    return {'url': url, 'title': title}


def _page_answer(page: dict[str, str] | None) -> str:
    """The dev bot's answer to ``/page``: how a test sees what page the server was given."""
    if page is None:
        return 'I do not know which page you are on.'
    return f'You are on "{page["title"]}" ({page["url"]}).'


def _frame(message: Message, *, streaming: bool) -> dict[str, Any]:
    payload: dict[str, Any] = {wire.MESSAGE_ID: message.id, wire.SEQ: message.seq, wire.CONTENT: message.content,
                               wire.SENDER: {wire.TYPE: message.role}, wire.STREAMING: streaming}
    if message.client_message_id is not None:
        payload[wire.CLIENT_MESSAGE_ID] = message.client_message_id
    return {wire.TYPE: wire.MESSAGE_NEW, wire.PAYLOAD: payload}


class WidgetCORS:
    """Starlette's CORSMiddleware, applied to /api/widget/* only: any origin, no credentials."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.cors = CORSMiddleware(app, allow_origins=['*'], allow_credentials=False,
                                   allow_methods=['GET', 'POST', 'PATCH'],
                                   allow_headers=['Authorization', 'Content-Type'],
                                   expose_headers=[wire.RETRY_AFTER], max_age=600)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] == 'http' and _route_path(scope).startswith(WIDGET_PREFIX):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def _route_path(scope: Scope) -> str:
    path, root = scope.get('path', ''), scope.get('root_path', '')
    return path[len(root):] if root and path.startswith(root) else path


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.body, status_code=exc.status, headers=exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return JSONResponse({'error': exc.detail}, status_code=exc.status_code, headers=exc.headers)


async def _server_error(request: Request, exc: Exception) -> Response:
    return JSONResponse({'error': 'Internal server error'}, status_code=500)


def create_api_app(settings: Settings | None = None, *, devkit: Devkit | None = None) -> Starlette:
    """The API as a Starlette app; ``app.state.devkit`` is its ``Devkit``."""
    if devkit is None:
        devkit = Devkit(settings if settings is not None else Settings())
    app = Starlette(
        routes=devkit.routes(),
        middleware=[Middleware(WidgetCORS)],
        exception_handlers={ApiError: _api_error, HTTPException: _http_error, 500: _server_error},
    )
    app.state.devkit = devkit
    return app


def live_allowed_origins(app: Starlette) -> list[str]:
    """Sorted union of allowedOrigins of live embed sessions of an app made by create_api_app."""
    return app.state.devkit.live_allowed_origins()
