"""Chat JWTs (tenant embed sessions) and widget session tokens, both HS256 via PyJWT.

Chat JWT claims: iss, aud ("pilot-status-chat"), sub (tenant), sid (embed session id),
surface ("chat"), nums (whatsappNumberIds), origins (allowedOrigins), iat, exp, jti,
and ``uid`` (the verified user's id) when the tenant's backend minted it with a
``user`` block. The signature covers ``uid`` like every other claim, and the embed
session row holds the same user: a token whose ``uid`` differs from its session's
user (or lacks it, or adds one) is invalid. Only the id goes into the token (the
name/email/phone stay server-side, on the session). A refreshed token keeps it.

Expiry is checked against ``settings.now`` (never PyJWT's own wall clock), with no
leeway: ``now >= exp`` is expired. Only HS256 is accepted (no "none", no algorithm
taken from the token).

Sliding refresh: a still-valid token for an unrevoked session is exchanged for a
fresh one whose exp is ``now + TTL``, capped at the session's absolute end
(``created_at + token_max_lifetime_seconds``). An expired token cannot be refreshed;
the embed session must be minted again by the tenant's backend.

Widget session tokens (Masheev flow) are stateless HMAC tokens with their own secret
and audience, binding a conversationId (``cid``) and inboxId (``inb``); when created
from the chat frame they also carry the embed session id (``sid``) so that revoking
the embed session cuts the widget session off too (checked by the API on each use).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from .settings import Settings
from .store import EmbedSession, Store

CHAT_AUDIENCE = 'pilot-status-chat'
WIDGET_AUDIENCE = 'pilot-status-widget'
ALGORITHM = 'HS256'
CHAT_CLAIMS = ('iss', 'aud', 'sub', 'sid', 'surface', 'nums', 'origins', 'iat', 'exp', 'jti')
WIDGET_CLAIMS = ('iss', 'aud', 'cid', 'inb', 'iat', 'exp')


class TokenError(Exception):
    """code: token-invalid | token-expired | session-revoked | session-expired."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ChatToken:
    token: str
    claims: dict[str, Any]

    @property
    def expires_at(self) -> int:
        return self.claims['exp']


class ChatTokens:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store

    def _encode(self, session: EmbedSession, now: float) -> ChatToken:
        iat = int(now)
        exp = min(iat + int(self.settings.token_ttl_seconds), int(session.expires_at))
        claims = {
            'iss': self.settings.jwt_issuer,
            'aud': CHAT_AUDIENCE,
            'sub': session.tenant_id,
            'sid': session.id,
            'surface': 'chat',
            'nums': list(session.numbers),
            'origins': list(session.allowed_origins),
            'iat': iat,
            'exp': exp,
            'jti': uuid.uuid4().hex,
        }
        if session.user_id is not None:
            claims['uid'] = session.user_id
        token = jwt.encode(claims, self.settings.jwt_secret, algorithm=ALGORITHM)
        return ChatToken(token, claims)

    def mint(self, tenant_id: str, numbers: list[str], origins: list[str],
             user: dict[str, str] | None = None) -> ChatToken:
        """``user``: the verified user block (already validated), or None for an anonymous token."""
        now = self.settings.now()
        iat = int(now)
        expires_at = iat + int(self.settings.token_max_lifetime_seconds)
        token_exp = min(iat + int(self.settings.token_ttl_seconds), expires_at)
        session = self.store.create_embed_session(tenant_id, numbers, origins, now, expires_at, token_exp, user)
        return self._encode(session, now)

    def verify(self, token: str) -> tuple[dict[str, Any], EmbedSession]:
        """Claims and live session of a valid chat token, else TokenError."""
        now = self.settings.now()
        claims = _decode(token, self.settings.jwt_secret, CHAT_AUDIENCE, self.settings.jwt_issuer, CHAT_CLAIMS)
        if claims['surface'] != 'chat' or not isinstance(claims['sid'], str) or \
                not isinstance(claims['nums'], list) or not isinstance(claims['origins'], list):
            raise TokenError('token-invalid', 'Invalid token')
        if now >= claims['exp']:
            raise TokenError('token-expired', 'Token expired')
        session = self.store.get_embed_session(claims['sid'])
        if session is None or session.tenant_id != claims['sub']:
            raise TokenError('token-invalid', 'Invalid token')
        if claims.get('uid') != session.user_id:   # absent on both sides for an anonymous token
            raise TokenError('token-invalid', 'Invalid token')
        if session.revoked:
            raise TokenError('session-revoked', 'Embed session revoked')
        if now >= session.expires_at:
            raise TokenError('session-expired', 'Embed session reached its maximum lifetime')
        return claims, session

    def refresh(self, token: str) -> ChatToken:
        """Sliding refresh of a still-valid token (TokenError otherwise)."""
        _, session = self.verify(token)
        fresh = self._encode(session, self.settings.now())
        self.store.set_token_expiry(session.id, fresh.expires_at)
        return fresh


class WidgetTokens:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def issue(self, conversation_id: str, inbox_id: str, embed_session: EmbedSession | None = None) -> str:
        iat = int(self.settings.now())
        exp = iat + int(self.settings.widget_session_ttl_seconds)
        claims: dict[str, Any] = {'iss': self.settings.jwt_issuer, 'aud': WIDGET_AUDIENCE, 'cid': conversation_id,
                                  'inb': inbox_id, 'iat': iat}
        if embed_session is not None:
            claims['sid'] = embed_session.id
            exp = min(exp, int(embed_session.expires_at))
        claims['exp'] = exp
        return jwt.encode(claims, self.settings.widget_secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> dict[str, Any]:
        claims = _decode(token, self.settings.widget_secret, WIDGET_AUDIENCE, self.settings.jwt_issuer,
                         WIDGET_CLAIMS)
        if not isinstance(claims['cid'], str) or not isinstance(claims['inb'], str):
            raise TokenError('token-invalid', 'Invalid token')
        if 'sid' in claims and not isinstance(claims['sid'], str):
            raise TokenError('token-invalid', 'Invalid token')
        if self.settings.now() >= claims['exp']:
            raise TokenError('token-expired', 'Token expired')
        return claims


def _decode(token: str, secret: str, audience: str, issuer: str, required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(token, str) or not token or len(token) > 8192:
        raise TokenError('token-invalid', 'Invalid token')
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], audience=audience, issuer=issuer,
            # Time claims are checked against settings.now by the callers.
            options={'require': list(required), 'verify_exp': False, 'verify_iat': False, 'verify_nbf': False},
        )
    except jwt.InvalidTokenError as exc:
        raise TokenError('token-invalid', 'Invalid token') from exc
    if not isinstance(claims.get('exp'), int) or not isinstance(claims.get('iat'), int):
        raise TokenError('token-invalid', 'Invalid token')
    return claims
