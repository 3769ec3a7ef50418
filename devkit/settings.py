"""Every knob of the development server backend, in one dataclass.

Defaults suit a developer running the dev server on loopback. Tests build a
``Settings`` with a fake clock (``now``), short token lifetimes and no bot
delay; nothing in devkit reads the wall clock except through ``settings.now``
(asyncio sleeps for the bot's chunk delay aside).

``Settings.from_env()`` reads the same knobs from ``DEVKIT_*`` environment
variables for a server started from the command line.
"""
from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass, field, fields
from typing import Callable

from sdk_src.limits import LIMITS

MIN_SECRET_BYTES = 32  # HS256 keys shorter than the hash output are weak (RFC 7518 3.2)


def _random_secret() -> str:
    return secrets.token_urlsafe(48)


@dataclass
class Settings:
    # Storage. ':memory:' keeps everything for the life of the process only.
    db_path: str = ':memory:'

    # Seeded tenant and its numbers (= inboxes of the chat frame).
    tenant_id: str = 'tenant_demo'
    api_key: str = 'ps_dev_key'
    seed_numbers: tuple[tuple[str, str, str], ...] = (
        ('num_1', '+5511999990001', 'Demo number 1'),
        ('num_2', '+5511999990002', 'Demo number 2'),
    )
    # Public inbox of the Masheev-compatible flow: no chat token needed.
    demo_inbox_id: str = 'inbox_demo'
    # More public inboxes: the ids the Masheev spec's code samples use, so they run unchanged.
    sample_inbox_ids: tuple[str, ...] = ('your-inbox-id', 'inbox_abc')

    # Chat JWT (HS256). Random per process unless given: tokens die with the process.
    jwt_secret: str = field(default_factory=_random_secret)
    jwt_issuer: str = 'pilot-status-devkit'
    token_ttl_seconds: int = 15 * 60
    token_max_lifetime_seconds: int = 12 * 60 * 60

    # Widget session tokens (Masheev flow): separate secret, so neither kind of
    # token can ever be accepted as the other.
    widget_secret: str = field(default_factory=_random_secret)
    widget_session_ttl_seconds: int = 24 * 60 * 60

    # Remote pairing (Connect surface).
    pairing_ttl_seconds: int = 10 * 60
    # Origin that serves /connect, / (chat page) and /frame.js.
    frame_base_url: str = 'http://127.0.0.1:8001'
    # Origins of the host/playground app (used by whoever serves it; the API does not read it).
    host_origins: tuple[str, ...] = ('http://127.0.0.1:8000',)

    # Deterministic bot.
    bot_chunk_delay_seconds: float = 0.03
    bot_sentence: str = 'This is the Pilot Status development bot; a person will follow up here soon.'
    agent_name: str = 'Pilot'
    org_name: str = 'Pilot Status Demo'
    greeting: str = 'Hello! How can I help you today?'

    # Bot protection stand-in: when turnstile_secret is set, session creation
    # requires turnstileToken == turnstile_test_token (no network check in dev).
    turnstile_secret: str | None = None
    turnstile_test_token: str = 'XXXX.DUMMY.TOKEN.XXXX'

    # PATCH /api/widget/contact: requests allowed per window, per conversation.
    contact_rate_limit: int = 5
    contact_rate_window_seconds: float = 60.0
    phone_default_region: str = 'BR'

    # Limits.
    max_body_bytes: int = 64 * 1024
    max_message_chars: int = LIMITS['messageMax']   # the SDK's limit (sdk_src/limits.py), the one place it is set
    max_history_messages: int = 500
    ws_send_queue_size: int = 256  # frames buffered per socket before it is closed as too slow

    # Fault injection for tests: POST /__faults/ws/drop closes every conversation
    # socket; POST /__faults/ws/refuse {"refuse": true|false} makes new sockets close
    # at once. Off unless asked for (DEVKIT_FAULT_INJECTION=1).
    fault_injection: int = 0

    # Clock (seconds since the epoch). Tests inject a fake one.
    now: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        for name in ('jwt_secret', 'widget_secret'):
            if len(getattr(self, name).encode()) < MIN_SECRET_BYTES:
                raise ValueError(f'{name} must be at least {MIN_SECRET_BYTES} bytes')
        if self.jwt_secret == self.widget_secret:
            raise ValueError('jwt_secret and widget_secret must differ')
        for name in ('token_ttl_seconds', 'token_max_lifetime_seconds', 'widget_session_ttl_seconds',
                     'pairing_ttl_seconds', 'contact_rate_limit'):
            if int(getattr(self, name)) < 1:
                raise ValueError(f'{name} must be >= 1')
        if self.bot_chunk_delay_seconds < 0:
            raise ValueError('bot_chunk_delay_seconds must be >= 0')
        if self.frame_base_url.endswith('/'):
            raise ValueError('frame_base_url must not end with "/"')

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> 'Settings':
        """Settings from ``DEVKIT_<FIELD NAME IN CAPITALS>`` variables (scalars only).

        Tuples are comma-separated (``DEVKIT_HOST_ORIGINS``); ``seed_numbers`` and
        ``now`` are not read from the environment.
        """
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get('DEVKIT_' + f.name.upper())
            if raw is None or f.name in ('seed_numbers', 'now'):
                continue
            kind = str(f.type)  # a string: this module uses `from __future__ import annotations`
            if kind.startswith('int'):
                values[f.name] = int(raw)
            elif kind.startswith('float'):
                values[f.name] = float(raw)
            elif kind.startswith('tuple'):
                values[f.name] = tuple(part.strip() for part in raw.split(',') if part.strip())
            elif kind == 'str | None':
                values[f.name] = raw or None
            else:
                values[f.name] = raw
        values.update(overrides)
        return cls(**values)
