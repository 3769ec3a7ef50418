"""Per-conversation hub of connected WebSockets, with a bounded send buffer per socket.

``publish`` never blocks and never grows memory without bound: each connection
buffers at most ``limit`` frames; a socket whose reader falls that far behind is
closed (code 1013, "try again later") instead of queueing more, and its client
catches up through ``GET /api/widget/messages?after=<seq>`` after reconnecting.

All methods run on the event loop thread (asyncio objects are not thread-safe).
"""
from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

CLOSE_TOO_SLOW = 1013


class Connection:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.frames: deque[dict[str, Any]] = deque()
        self.wakeup = asyncio.Event()
        self.close_code: int | None = None
        self.close_reason = ''

    def push(self, frame: dict[str, Any]) -> bool:
        if self.close_code is not None:
            return False
        if len(self.frames) >= self.limit:
            self.close(CLOSE_TOO_SLOW, 'Send buffer full')
            return False
        self.frames.append(frame)
        self.wakeup.set()
        return True

    def close(self, code: int, reason: str) -> None:
        """Asks the sender to close the socket; pending frames are dropped."""
        if self.close_code is None:
            self.close_code = code
            self.close_reason = reason
            self.frames.clear()
            self.wakeup.set()

    async def next_frames(self) -> list[dict[str, Any]]:
        """Waits for frames (or a close request, then returns [] with close_code set)."""
        await self.wakeup.wait()
        self.wakeup.clear()
        frames = list(self.frames)
        self.frames.clear()
        return frames


class Hub:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._rooms: dict[str, set[Connection]] = {}

    def join(self, conversation_id: str) -> Connection:
        connection = Connection(self.limit)
        self._rooms.setdefault(conversation_id, set()).add(connection)
        return connection

    def leave(self, conversation_id: str, connection: Connection) -> None:
        room = self._rooms.get(conversation_id)
        if room is not None:
            room.discard(connection)
            if not room:
                del self._rooms[conversation_id]

    def publish(self, conversation_id: str, frame: dict[str, Any]) -> int:
        """Queues ``frame`` on every socket of the conversation; returns how many took it."""
        return sum(connection.push(frame) for connection in list(self._rooms.get(conversation_id, ())))

    def connections(self, conversation_id: str) -> int:
        return len(self._rooms.get(conversation_id, ()))

    def drop_all(self, code: int, reason: str) -> int:
        """Closes every socket (fault injection); returns how many."""
        count = 0
        for room in list(self._rooms.values()):
            for connection in list(room):
                connection.close(code, reason)
                count += 1
        return count
