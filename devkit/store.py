"""SQLite schema and data access of the development server.

Connection model: ONE ``sqlite3`` connection per ``Store``, opened with
``check_same_thread=False`` and guarded by a ``threading.Lock``; every public
method takes the lock for its whole unit of work (read-modify-write included)
and commits before releasing it. Why not a connection per call:

- ``':memory:'`` (the default, and what tests use) is private to a connection,
  so a connection per call would see an empty database every time;
- the dev server runs its handlers on one asyncio loop, and every statement
  here touches a handful of indexed rows, so serialising them costs nothing
  measurable while making each method atomic without explicit transactions
  spread over the callers.

Calls are synchronous and short; async handlers call them directly.

Times are floats (seconds since the epoch) handed in by the caller from
``settings.now``: the store never reads a clock itself, so tests drive expiry
with a fake clock.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from typing import Any, Iterable

SCHEMA = """
CREATE TABLE IF NOT EXISTS tenants (
    id       TEXT PRIMARY KEY,
    api_key  TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS numbers (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    phone      TEXT NOT NULL,
    name       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS embed_sessions (
    id                TEXT PRIMARY KEY,
    tenant_id         TEXT NOT NULL REFERENCES tenants(id),
    numbers           TEXT NOT NULL,            -- JSON array of number ids
    allowed_origins   TEXT NOT NULL,            -- JSON array of exact origins
    created_at        REAL NOT NULL,
    expires_at        REAL NOT NULL,            -- absolute end (max lifetime): no refresh past it
    token_expires_at  REAL NOT NULL,            -- exp of the latest token minted or refreshed
    revoked           INTEGER NOT NULL DEFAULT 0,
    verified_user     TEXT                      -- JSON {id, name?, email?, phone?} of a verified user, or NULL
);
CREATE TABLE IF NOT EXISTS pairings (
    token       TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    number_id   TEXT NOT NULL REFERENCES numbers(id),
    expires_at  REAL NOT NULL,
    paired_at   REAL
);
CREATE TABLE IF NOT EXISTS inboxes (
    id          TEXT PRIMARY KEY,               -- a number id, or a public inbox such as inbox_demo
    tenant_id   TEXT REFERENCES tenants(id),
    number_id   TEXT REFERENCES numbers(id),
    public      INTEGER NOT NULL DEFAULT 0,     -- 1: sessions without a chat token are allowed
    greeting    TEXT,
    disclosure  TEXT
);
CREATE TABLE IF NOT EXISTS conversations (
    id          TEXT PRIMARY KEY,
    inbox_id    TEXT NOT NULL REFERENCES inboxes(id),
    visitor_id  TEXT NOT NULL,
    name        TEXT,
    email       TEXT,
    phone       TEXT,
    company     TEXT,
    consent     TEXT NOT NULL DEFAULT '{}',     -- JSON object: dataProcessing, dataProcessingAt, ...
    created_at  REAL NOT NULL,
    user_id     TEXT,                           -- the verified user (chat token's user block), NULL: anonymous
    UNIQUE (inbox_id, visitor_id)
);
CREATE TABLE IF NOT EXISTS messages (
    seq                INTEGER PRIMARY KEY AUTOINCREMENT,   -- monotonic, never reused
    id                 TEXT NOT NULL UNIQUE,
    conversation_id    TEXT NOT NULL REFERENCES conversations(id),
    role               TEXT NOT NULL CHECK (role IN ('user', 'ai')),
    content            TEXT NOT NULL,
    client_message_id  TEXT,
    reply_to           TEXT,                    -- ai messages: id of the user message answered
    created_at         REAL NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_client_id
    ON messages (conversation_id, client_message_id) WHERE client_message_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_conversation_seq ON messages (conversation_id, seq);
CREATE INDEX IF NOT EXISTS messages_reply_to ON messages (reply_to) WHERE reply_to IS NOT NULL;
CREATE TABLE IF NOT EXISTS rate_events (
    key  TEXT NOT NULL,
    at   REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_events_key_at ON rate_events (key, at);
"""

# Columns added after the first schema: (table, column, declaration). Database files
# made before them get them with ALTER TABLE when opened (dev data is worth keeping).
ADDED_COLUMNS = (
    ('embed_sessions', 'verified_user', 'TEXT'),
    ('conversations', 'user_id', 'TEXT'),
)
# Created once the added columns exist: one conversation per verified user and inbox.
POST_MIGRATION = """
CREATE UNIQUE INDEX IF NOT EXISTS conversations_inbox_user
    ON conversations (inbox_id, user_id) WHERE user_id IS NOT NULL;
"""

CONTACT_FIELDS = ('name', 'email', 'phone', 'company')
# The visitor id of a verified user's conversation. Page-supplied visitor ids may not
# use this prefix (the API refuses them), so no anonymous visitor can name that row.
VERIFIED_VISITOR_PREFIX = 'verified:'


def verified_visitor_id(user_id: str) -> str:
    return VERIFIED_VISITOR_PREFIX + user_id


def new_id(prefix: str) -> str:
    return f'{prefix}_{uuid.uuid4().hex}'


@dataclass(frozen=True)
class EmbedSession:
    id: str
    tenant_id: str
    numbers: list[str]
    allowed_origins: list[str]
    created_at: float
    expires_at: float
    token_expires_at: float
    revoked: bool
    user: dict[str, str] | None = None    # verified user block: id, and name/email/phone when given

    @property
    def user_id(self) -> str | None:
        return self.user['id'] if self.user is not None else None


@dataclass(frozen=True)
class Pairing:
    token: str
    tenant_id: str
    number_id: str
    expires_at: float
    paired_at: float | None

    def status(self, now: float) -> str:
        if self.paired_at is not None:
            return 'paired'
        return 'expired' if now >= self.expires_at else 'pending'


@dataclass(frozen=True)
class Inbox:
    id: str
    tenant_id: str | None
    number_id: str | None
    public: bool
    greeting: str | None
    disclosure: str | None


@dataclass(frozen=True)
class Conversation:
    id: str
    inbox_id: str
    visitor_id: str
    name: str | None
    email: str | None
    phone: str | None
    company: str | None
    consent: dict[str, Any]
    created_at: float
    user_id: str | None = None            # set for a verified user's conversation, never changed


@dataclass(frozen=True)
class Message:
    seq: int
    id: str
    conversation_id: str
    role: str
    content: str
    client_message_id: str | None
    reply_to: str | None
    created_at: float


class Store:
    def __init__(self, path: str = ':memory:') -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        with self._lock:
            self._db.execute('PRAGMA foreign_keys = ON')
            if path != ':memory:':
                self._db.execute('PRAGMA journal_mode = WAL')
            self._db.executescript(SCHEMA)
            self._migrate()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _migrate(self) -> None:
        for table, column, declaration in ADDED_COLUMNS:
            present = {row['name'] for row in self._db.execute(f'PRAGMA table_info({table})')}
            if column not in present:
                self._db.execute(f'ALTER TABLE {table} ADD COLUMN {column} {declaration}')
        self._db.executescript(POST_MIGRATION)

    # -- helpers -----------------------------------------------------------

    def _tx(self):
        return _Transaction(self._lock, self._db)

    # -- seeding -----------------------------------------------------------

    def add_tenant(self, tenant_id: str, api_key: str) -> None:
        with self._tx() as db:
            db.execute('INSERT INTO tenants (id, api_key) VALUES (?, ?) '
                       'ON CONFLICT (id) DO UPDATE SET api_key = excluded.api_key', (tenant_id, api_key))

    def add_number(self, tenant_id: str, number_id: str, phone: str, name: str,
                   greeting: str | None = None, disclosure: str | None = None) -> None:
        """A number and its inbox (same id; only reachable with a chat token naming it)."""
        with self._tx() as db:
            db.execute('INSERT INTO numbers (id, tenant_id, phone, name) VALUES (?, ?, ?, ?) '
                       'ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, '
                       'phone = excluded.phone, name = excluded.name', (number_id, tenant_id, phone, name))
            db.execute('INSERT INTO inboxes (id, tenant_id, number_id, public, greeting, disclosure) '
                       'VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, '
                       'number_id = excluded.number_id, greeting = excluded.greeting, '
                       'disclosure = excluded.disclosure',
                       (number_id, tenant_id, number_id, greeting, disclosure))

    def add_public_inbox(self, inbox_id: str, tenant_id: str | None, greeting: str | None,
                         disclosure: str | None) -> None:
        with self._tx() as db:
            db.execute('INSERT INTO inboxes (id, tenant_id, number_id, public, greeting, disclosure) '
                       'VALUES (?, ?, NULL, 1, ?, ?) ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, '
                       'greeting = excluded.greeting, disclosure = excluded.disclosure',
                       (inbox_id, tenant_id, greeting, disclosure))

    def seed(self, settings) -> None:
        """The demo tenant, its numbers (with their inboxes) and the public demo inbox. Idempotent."""
        disclosure = f"You're chatting with {settings.agent_name}, an AI assistant for {settings.org_name}."
        self.add_tenant(settings.tenant_id, settings.api_key)
        for number_id, phone, name in settings.seed_numbers:
            self.add_number(settings.tenant_id, number_id, phone, name, settings.greeting, disclosure)
        for inbox_id in (settings.demo_inbox_id, *settings.sample_inbox_ids):
            self.add_public_inbox(inbox_id, settings.tenant_id, settings.greeting, disclosure)

    # -- tenants and numbers -----------------------------------------------

    def tenant_for_api_key(self, api_key: str) -> str | None:
        with self._tx() as db:
            row = db.execute('SELECT id FROM tenants WHERE api_key = ?', (api_key,)).fetchone()
        return row['id'] if row else None

    def list_numbers(self, tenant_id: str) -> list[dict[str, str]]:
        with self._tx() as db:
            rows = db.execute('SELECT id, phone, name FROM numbers WHERE tenant_id = ? ORDER BY id',
                              (tenant_id,)).fetchall()
        return [dict(row) for row in rows]

    def numbers_owned(self, tenant_id: str, number_ids: Iterable[str]) -> set[str]:
        ids = list(number_ids)
        if not ids:
            return set()
        marks = ','.join('?' * len(ids))
        with self._tx() as db:
            rows = db.execute(f'SELECT id FROM numbers WHERE tenant_id = ? AND id IN ({marks})',
                              (tenant_id, *ids)).fetchall()
        return {row['id'] for row in rows}

    # -- embed sessions ----------------------------------------------------

    def create_embed_session(self, tenant_id: str, numbers: list[str], allowed_origins: list[str],
                             created_at: float, expires_at: float, token_expires_at: float,
                             user: dict[str, str] | None = None) -> EmbedSession:
        session = EmbedSession(new_id('es'), tenant_id, list(numbers), list(allowed_origins), created_at,
                               expires_at, token_expires_at, False, dict(user) if user is not None else None)
        with self._tx() as db:
            db.execute('INSERT INTO embed_sessions (id, tenant_id, numbers, allowed_origins, created_at, '
                       'expires_at, token_expires_at, revoked, verified_user) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)',
                       (session.id, tenant_id, json.dumps(session.numbers), json.dumps(session.allowed_origins),
                        created_at, expires_at, token_expires_at,
                        json.dumps(session.user) if session.user is not None else None))
        return session

    def get_embed_session(self, session_id: str) -> EmbedSession | None:
        with self._tx() as db:
            row = db.execute('SELECT * FROM embed_sessions WHERE id = ?', (session_id,)).fetchone()
        if row is None:
            return None
        return EmbedSession(row['id'], row['tenant_id'], json.loads(row['numbers']),
                            json.loads(row['allowed_origins']), row['created_at'], row['expires_at'],
                            row['token_expires_at'], bool(row['revoked']),
                            json.loads(row['verified_user']) if row['verified_user'] is not None else None)

    def set_token_expiry(self, session_id: str, token_expires_at: float) -> None:
        with self._tx() as db:
            db.execute('UPDATE embed_sessions SET token_expires_at = MAX(token_expires_at, ?) WHERE id = ?',
                       (token_expires_at, session_id))

    def revoke_embed_session(self, session_id: str) -> bool:
        with self._tx() as db:
            cur = db.execute('UPDATE embed_sessions SET revoked = 1 WHERE id = ?', (session_id,))
        return cur.rowcount == 1

    def live_allowed_origins(self, now: float) -> list[str]:
        """Sorted union of allowedOrigins of embed sessions that are unrevoked, within their
        absolute lifetime and whose latest token has not expired (for CSP frame-ancestors)."""
        with self._tx() as db:
            rows = db.execute('SELECT allowed_origins FROM embed_sessions WHERE revoked = 0 '
                              'AND expires_at > ? AND token_expires_at > ?', (now, now)).fetchall()
        origins: set[str] = set()
        for row in rows:
            origins.update(json.loads(row['allowed_origins']))
        return sorted(origins)

    # -- pairings ----------------------------------------------------------

    def create_pairing(self, token: str, tenant_id: str, number_id: str, expires_at: float) -> Pairing:
        with self._tx() as db:
            db.execute('INSERT INTO pairings (token, tenant_id, number_id, expires_at) VALUES (?, ?, ?, ?)',
                       (token, tenant_id, number_id, expires_at))
        return Pairing(token, tenant_id, number_id, expires_at, None)

    def get_pairing(self, token: str) -> Pairing | None:
        with self._tx() as db:
            row = db.execute('SELECT * FROM pairings WHERE token = ?', (token,)).fetchone()
        return Pairing(row['token'], row['tenant_id'], row['number_id'], row['expires_at'],
                       row['paired_at']) if row else None

    def complete_pairing(self, token: str, now: float) -> Pairing | None:
        """Marks a pending, unexpired pairing as paired (a paired one stays as it was)."""
        with self._tx() as db:
            db.execute('UPDATE pairings SET paired_at = ? WHERE token = ? AND paired_at IS NULL AND expires_at > ?',
                       (now, token, now))
            row = db.execute('SELECT * FROM pairings WHERE token = ?', (token,)).fetchone()
        return Pairing(row['token'], row['tenant_id'], row['number_id'], row['expires_at'],
                       row['paired_at']) if row else None

    # -- inboxes and conversations -----------------------------------------

    def get_inbox(self, inbox_id: str) -> Inbox | None:
        with self._tx() as db:
            row = db.execute('SELECT * FROM inboxes WHERE id = ?', (inbox_id,)).fetchone()
        if row is None:
            return None
        return Inbox(row['id'], row['tenant_id'], row['number_id'], bool(row['public']), row['greeting'],
                     row['disclosure'])

    def get_or_create_conversation(self, inbox_id: str, visitor_id: str, now: float,
                                   user_id: str | None = None) -> tuple[Conversation, bool]:
        """(conversation, created). Anonymous: same inbox + visitor -> the same conversation.
        Verified (``user_id``): same inbox + user -> the same conversation, whatever the
        visitor id (its row's visitor id is derived from the user id); an anonymous
        visitor never gets a verified user's conversation, nor the other way round."""
        if user_id is not None:
            visitor_id = verified_visitor_id(user_id)
        elif visitor_id.startswith(VERIFIED_VISITOR_PREFIX):
            raise ValueError('visitor ids starting with %r are reserved for verified users' % VERIFIED_VISITOR_PREFIX)
        with self._tx() as db:
            if user_id is not None:
                row = db.execute('SELECT * FROM conversations WHERE inbox_id = ? AND user_id = ?',
                                 (inbox_id, user_id)).fetchone()
            else:
                row = db.execute('SELECT * FROM conversations WHERE inbox_id = ? AND visitor_id = ? '
                                 'AND user_id IS NULL', (inbox_id, visitor_id)).fetchone()
            created = row is None
            if created:
                conversation_id = new_id('conv')
                db.execute('INSERT INTO conversations (id, inbox_id, visitor_id, created_at, user_id) '
                           'VALUES (?, ?, ?, ?, ?)', (conversation_id, inbox_id, visitor_id, now, user_id))
                row = db.execute('SELECT * FROM conversations WHERE id = ?', (conversation_id,)).fetchone()
        return _conversation(row), created

    def get_conversation(self, conversation_id: str) -> Conversation | None:
        with self._tx() as db:
            row = db.execute('SELECT * FROM conversations WHERE id = ?', (conversation_id,)).fetchone()
        return _conversation(row) if row else None

    def update_contact(self, conversation_id: str, values: dict[str, str]) -> None:
        """Sets the given contact fields (already sanitised); other fields are left alone."""
        unknown = set(values) - set(CONTACT_FIELDS)
        if unknown:
            raise ValueError(f'not contact fields: {sorted(unknown)}')
        if not values:
            return
        assignments = ', '.join(f'{name} = ?' for name in values)
        with self._tx() as db:
            db.execute(f'UPDATE conversations SET {assignments} WHERE id = ?', (*values.values(), conversation_id))

    def merge_consent(self, conversation_id: str, consent: dict[str, Any]) -> dict[str, Any]:
        """Merges keys into the contact's consent record, keeping the keys not named."""
        with self._tx() as db:
            row = db.execute('SELECT consent FROM conversations WHERE id = ?', (conversation_id,)).fetchone()
            if row is None:
                raise KeyError(conversation_id)
            merged = {**json.loads(row['consent']), **consent}
            db.execute('UPDATE conversations SET consent = ? WHERE id = ?', (json.dumps(merged), conversation_id))
        return merged

    # -- messages ----------------------------------------------------------

    def add_user_message(self, conversation_id: str, content: str, client_message_id: str | None,
                         now: float) -> tuple[Message, bool]:
        """(message, created). With a client_message_id already stored for this conversation,
        returns the stored message and created=False: retries do not duplicate."""
        with self._tx() as db:
            if client_message_id is not None:
                row = db.execute('SELECT * FROM messages WHERE conversation_id = ? AND client_message_id = ?',
                                 (conversation_id, client_message_id)).fetchone()
                if row is not None:
                    return _message(row), False
            message_id = new_id('msg')
            db.execute('INSERT INTO messages (id, conversation_id, role, content, client_message_id, created_at) '
                       "VALUES (?, ?, 'user', ?, ?, ?)", (message_id, conversation_id, content, client_message_id, now))
            row = db.execute('SELECT * FROM messages WHERE id = ?', (message_id,)).fetchone()
        return _message(row), True

    def add_ai_message(self, conversation_id: str, message_id: str, content: str, reply_to: str | None,
                       now: float) -> Message:
        """Stores a finished AI message; its seq is allocated now, after everything stored before."""
        with self._tx() as db:
            db.execute('INSERT INTO messages (id, conversation_id, role, content, reply_to, created_at) '
                       "VALUES (?, ?, 'ai', ?, ?, ?)", (message_id, conversation_id, content, reply_to, now))
            row = db.execute('SELECT * FROM messages WHERE id = ?', (message_id,)).fetchone()
        return _message(row)

    def reply_to(self, user_message_id: str) -> Message | None:
        with self._tx() as db:
            row = db.execute("SELECT * FROM messages WHERE reply_to = ? AND role = 'ai' ORDER BY seq LIMIT 1",
                             (user_message_id,)).fetchone()
        return _message(row) if row else None

    def messages_after(self, conversation_id: str, after: int, limit: int) -> list[Message]:
        with self._tx() as db:
            rows = db.execute('SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
                              (conversation_id, after, limit)).fetchall()
        return [_message(row) for row in rows]

    # -- rate limiting -----------------------------------------------------

    def rate_limit_hit(self, key: str, limit: int, window: float, now: float) -> float | None:
        """Sliding window. Records the hit and returns None when allowed; when the limit is
        reached, records nothing and returns the seconds until a slot frees up."""
        with self._tx() as db:
            db.execute('DELETE FROM rate_events WHERE key = ? AND at <= ?', (key, now - window))
            rows = db.execute('SELECT at FROM rate_events WHERE key = ? ORDER BY at', (key,)).fetchall()
            if len(rows) >= limit:
                return max(0.0, rows[len(rows) - limit]['at'] + window - now)
            db.execute('INSERT INTO rate_events (key, at) VALUES (?, ?)', (key, now))
        return None


class _Transaction:
    """Lock held, BEGIN ... COMMIT (ROLLBACK on error)."""

    def __init__(self, lock: threading.Lock, db: sqlite3.Connection) -> None:
        self._lock = lock
        self._db = db

    def __enter__(self) -> sqlite3.Connection:
        self._lock.acquire()
        try:
            self._db.execute('BEGIN IMMEDIATE')
        except BaseException:
            self._lock.release()
            raise
        return self._db

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._db.execute('ROLLBACK' if exc_type else 'COMMIT')
        finally:
            self._lock.release()


def _conversation(row: sqlite3.Row) -> Conversation:
    return Conversation(row['id'], row['inbox_id'], row['visitor_id'], row['name'], row['email'], row['phone'],
                        row['company'], json.loads(row['consent']), row['created_at'], row['user_id'])


def _message(row: sqlite3.Row) -> Message:
    return Message(row['seq'], row['id'], row['conversation_id'], row['role'], row['content'],
                   row['client_message_id'], row['reply_to'], row['created_at'])
