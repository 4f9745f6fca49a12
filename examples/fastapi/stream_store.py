"""Where resumable streams live: the store interface and the in-memory store.

A stream is one generation (one POST), named by its epoch. Its events are numbered
from 1; the last one is marked `end`. The store also knows each chat's active epoch and
carries cancel requests to the producer. `RedisStreamStore` (redis_stream_store.py)
implements the same interface for several processes.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Protocol

# What a write answers: "cancelled" (a cancel was requested) and "gone" (the store lost
# the stream: flushed or expired) both tell the producer to stop.
AppendOutcome = Literal["ok", "cancelled", "gone"]


class Entry(NamedTuple):
    """One stored event: its seq, its JSON, and whether it is the stream's last."""

    seq: int
    data: str
    end: bool


class StreamInfo(NamedTuple):
    chat_id: str
    last_seq: int
    finished: bool


class StreamStore(Protocol):
    async def start(self, chat_id: str, epoch: str) -> str | None:
        """Makes stream `epoch` the chat's active one; returns the epoch it replaces."""

    async def append(self, epoch: str, entry: Entry) -> AppendOutcome:
        """Stores the next event (the caller numbers them 1, 2, 3, ...)."""

    async def info(self, epoch: str) -> StreamInfo | None:
        """None when the store does not know `epoch` (never did, flushed, long gone)."""

    async def active(self, chat_id: str) -> str | None:
        """The chat's newest epoch, finished or not."""

    async def read(
        self, epoch: str, after: int, wait_seconds: float
    ) -> list[Entry] | None:
        """The events after seq `after`, waiting up to `wait_seconds` for one; [] when
        none came, None when the stream is gone."""

    async def request_cancel(self, epoch: str) -> None:
        """Asks the producer of a running stream to stop, wherever it runs."""

    async def wait_for_cancel(self, epoch: str) -> None:
        """Returns once a cancel was requested for `epoch` (the producer awaits it)."""


@dataclass
class _MemoryStream:
    chat_id: str
    entries: list[Entry] = field(default_factory=list)
    last_seq: int = 0
    finished_at: float | None = None
    # Set when the events expire; the record stays, so a late resume gets 204, not 410.
    expired: bool = False
    cancel: asyncio.Event = field(default_factory=asyncio.Event)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def notify(self) -> None:
        changed, self.changed = self.changed, asyncio.Event()
        changed.set()


class MemoryStreamStore:
    """One process only: a reconnect must reach the process that generates."""

    def __init__(self, ttl_seconds: float, record_ttl_seconds: float) -> None:
        self._ttl = ttl_seconds
        self._record_ttl = record_ttl_seconds
        self._streams: dict[str, _MemoryStream] = {}
        self._active: dict[str, str] = {}

    def _prune(self) -> None:
        now = time.monotonic()
        for epoch, stream in list(self._streams.items()):
            if stream.finished_at is None:
                continue
            age = now - stream.finished_at
            if age > self._record_ttl:
                del self._streams[epoch]
                if self._active.get(stream.chat_id) == epoch:
                    del self._active[stream.chat_id]
            elif age > self._ttl and not stream.expired:
                stream.entries, stream.expired = [], True

    async def start(self, chat_id: str, epoch: str) -> str | None:
        self._prune()
        self._streams[epoch] = _MemoryStream(chat_id)
        previous = self._active.get(chat_id)
        self._active[chat_id] = epoch
        return previous

    async def append(self, epoch: str, entry: Entry) -> AppendOutcome:
        stream = self._streams.get(epoch)
        if stream is None or stream.finished_at is not None:
            return "gone"
        stream.entries.append(entry)
        stream.last_seq = entry.seq
        if entry.end:
            stream.finished_at = time.monotonic()
        stream.notify()
        return "cancelled" if stream.cancel.is_set() else "ok"

    async def info(self, epoch: str) -> StreamInfo | None:
        self._prune()
        stream = self._streams.get(epoch)
        if stream is None:
            return None
        finished = stream.finished_at is not None
        return StreamInfo(stream.chat_id, stream.last_seq, finished)

    async def active(self, chat_id: str) -> str | None:
        self._prune()
        return self._active.get(chat_id)

    async def read(
        self, epoch: str, after: int, wait_seconds: float
    ) -> list[Entry] | None:
        stream = self._streams.get(epoch)
        if stream is None:
            return None
        running = stream.finished_at is None
        if len(stream.entries) <= after and running and wait_seconds > 0:
            try:
                await asyncio.wait_for(stream.changed.wait(), wait_seconds)
            except asyncio.TimeoutError:
                return []
        # Seq n sits at index n - 1.
        return stream.entries[after:]

    async def request_cancel(self, epoch: str) -> None:
        stream = self._streams.get(epoch)
        if stream is not None and stream.finished_at is None:
            stream.cancel.set()

    async def wait_for_cancel(self, epoch: str) -> None:
        stream = self._streams.get(epoch)
        if stream is not None:
            await stream.cancel.wait()
        else:
            # Never returns: an unknown stream has no producer to stop.
            await asyncio.Event().wait()
