"""Resumable streams per docs/resumable-streams.md: produce into a store, follow it.

The generation runs in a task of its own and writes every event to the store; each HTTP
response only follows the store. So a dropped client loses nothing, any process can
serve a reconnect (with the Redis store), and any number of tabs follow one generation.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from typing import Any

from fastapi.responses import JSONResponse, Response, StreamingResponse

from stream_store import Entry, MemoryStreamStore, StreamStore

log = logging.getLogger("resumable")

DEFAULTS = {
    # Comment lines on idle streams, so proxies do not cut them.
    "heartbeat_seconds": float(os.environ.get("HEARTBEAT_MS", "15000")) / 1000,
    # A finished stream's events stay this long for resumes and late tabs.
    "ttl_seconds": float(os.environ.get("STREAM_TTL_MS", "300000")) / 1000,
    # How long the store remembers that a stream existed (tiny): a resume then gets 204.
    "record_ttl_seconds": 24 * 3600,
    # A running stream's keys outlive a crashed producer by at most this.
    "running_ttl_seconds": 3600,
}
# How often an idle follower checks that the store still has its stream (a flushed
# Redis has no event to wake it): the follower of a lost stream ends within this.
IDLE_CHECK_SECONDS = 1.0
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
LAST_EVENT_ID = re.compile(r"([A-Za-z0-9_]+)-([0-9]+)")


def store_from_environment() -> StreamStore:
    """Redis when REDIS_URL is set (any number of processes), else memory (one)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        ttl, record_ttl = DEFAULTS["ttl_seconds"], DEFAULTS["record_ttl_seconds"]
        return MemoryStreamStore(ttl, record_ttl)
    # Imported here so the example runs without the redis package when it is not used.
    from redis.asyncio import Redis

    from redis_stream_store import RedisStreamStore

    return RedisStreamStore(
        Redis.from_url(url, decode_responses=True),
        ttl_seconds=max(1, round(DEFAULTS["ttl_seconds"])),
        record_ttl_seconds=DEFAULTS["record_ttl_seconds"],
        running_ttl_seconds=DEFAULTS["running_ttl_seconds"],
        prefix=os.environ.get("REDIS_PREFIX", "chat-stream"),
    )


def encode(event: dict[str, Any]) -> str:
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))


def is_terminal(event: dict[str, Any]) -> bool:
    return event.get("type") == "finish"


# --- Producing ---------------------------------------------------------------

# asyncio keeps only weak references to tasks: hold them until they end.
_producers: set[asyncio.Task[None]] = set()


async def start_stream(
    store: StreamStore, chat_id: str, events: AsyncGenerator[dict[str, Any], None]
) -> str:
    """Makes a new stream the chat's active one, cancels the one it replaces, and starts
    generating `events` into it in the background; returns its epoch."""
    epoch = uuid.uuid4().hex[:16]
    previous = await store.start(chat_id, epoch)
    if previous is not None:
        await store.request_cancel(previous)
    task = asyncio.create_task(produce(store, epoch, events))
    _producers.add(task)
    task.add_done_callback(_producers.discard)
    return epoch


CANCELLED = {"type": "finish", "reason": "cancelled"}


async def produce(
    store: StreamStore, epoch: str, events: AsyncGenerator[dict[str, Any], None]
) -> None:
    """Writes `events` as stream `epoch` until their `finish`, a cancel request from
    any process (the model call is cancelled, followers get finish `cancelled`), or a
    store that lost the stream. The stream always ends with a `finish` while the store
    has it."""
    seq = 0

    async def write(event: dict[str, Any]) -> bool:
        """Appends `event`; False once the stream has ended."""
        nonlocal seq
        seq += 1
        entry = Entry(seq, encode(event), is_terminal(event))
        outcome = await store.append(epoch, entry)
        if outcome == "cancelled" and not entry.end:
            # The store's flag catches a cancel whose pub/sub message never came.
            return await write(CANCELLED)
        return outcome == "ok" and not entry.end

    cancel_requested = asyncio.ensure_future(_cancel_requested(store, epoch))
    pending: asyncio.Future[dict[str, Any]] | None = None
    async with aclosing(events):
        try:
            while True:
                pending = asyncio.ensure_future(anext(events))
                await asyncio.wait(
                    {pending, cancel_requested}, return_when=asyncio.FIRST_COMPLETED
                )
                for event in await _next_events(pending, cancel_requested):
                    if not await write(event):
                        return
        finally:
            cancel_requested.cancel()
            if pending is not None and not pending.done():
                # The generator must be idle before aclosing() closes it.
                pending.cancel()
                await asyncio.gather(pending, return_exceptions=True)


async def _cancel_requested(store: StreamStore, epoch: str) -> None:
    try:
        await store.wait_for_cancel(epoch)
    except Exception:
        # Only the fast path is lost: append() still reports the cancel flag.
        log.warning("cannot watch for cancel requests", exc_info=True)
        await asyncio.Event().wait()


async def _next_events(
    pending: asyncio.Future[dict[str, Any]], cancel_requested: asyncio.Future[None]
) -> list[dict[str, Any]]:
    """What to write next: the generator's event, or the end that a cancel or a
    failure calls for."""
    if cancel_requested.done() and not pending.done():
        pending.cancel()  # the AbortSignal: cancels the model call in flight
        await asyncio.gather(pending, return_exceptions=True)
        return [CANCELLED]
    if cancel_requested.done():
        # The event arrived together with the cancel: drop it, the user asked to stop.
        return [CANCELLED]
    try:
        return [pending.result()]
    except StopAsyncIteration:
        message = "The answer ended without a finish event."
    except Exception:
        log.exception("generation failed")
        message = "The answer failed on the server."
    return [
        {"type": "error", "message": message},
        {"type": "finish", "reason": "error"},
    ]


# --- Following ---------------------------------------------------------------


def _sse(epoch: str, entry: Entry) -> str:
    return f"id: {epoch}-{entry.seq}\ndata: {entry.data}\n\n"


async def _follow(
    store: StreamStore, epoch: str, after: int, first: list[Entry]
) -> AsyncIterator[str]:
    heartbeat = DEFAULTS["heartbeat_seconds"]
    expected = after + 1
    batch: list[Entry] | None = first
    last_write = time.monotonic()
    while batch is not None:
        for entry in batch:
            if entry.seq != expected:
                # Trimmed past this follower: end without a finish, so the client
                # resumes and learns (410) that the events are lost, not skips them.
                return
            yield _sse(epoch, entry)
            last_write = time.monotonic()
            expected += 1
            if entry.end:
                return
        idle = time.monotonic() - last_write
        if idle >= heartbeat:
            yield ": ping\n\n"
            last_write, idle = time.monotonic(), 0.0
        wait = min(IDLE_CHECK_SECONDS, heartbeat - idle)
        batch = await store.read(epoch, expected - 1, wait)
    # The store lost the stream (flushed): end without a finish; the resume gets 410.


def _status(code: int, message: str | None = None) -> Response:
    if message is None:
        return Response(status_code=code)
    return JSONResponse({"error": message}, status_code=code)


async def follow_response(store: StreamStore, epoch: str, after: int = 0) -> Response:
    """Streams `epoch` from the event after seq `after`, live until its end; 204 when
    there is nothing left to send, 410 when the store does not have the events."""
    info = await store.info(epoch)
    if info is None:
        return _status(410, "unknown stream: it expired or the store lost it")
    if info.finished and after >= info.last_seq:
        return _status(204)
    first = await store.read(epoch, after, 0)
    if first is None:
        return _status(410, "unknown stream: the store lost it")
    if not first and info.finished:
        return _status(204)  # finished and its events expired
    if first and first[0].seq != after + 1:
        return _status(410, "the events after this id were trimmed")
    return StreamingResponse(
        _follow(store, epoch, after, first),
        media_type="text/event-stream",
        headers={**SSE_HEADERS, "X-Stream-Id": epoch},
    )


async def resume_response(
    store: StreamStore, chat_id: str | None, last_event_id: str
) -> Response:
    """GET (or POST) with Last-Event-ID: exactly the events after it, then live."""
    match = LAST_EVENT_ID.fullmatch(last_event_id.strip())
    if match is None:
        return _status(400, "Last-Event-ID must look like <epoch>-<seq>")
    epoch, seq = match[1], int(match[2])
    info = await store.info(epoch)
    if info is None or (chat_id is not None and info.chat_id != chat_id):
        return _status(410, "unknown stream: it expired or the store lost it")
    return await follow_response(store, epoch, seq)


async def active_stream_response(store: StreamStore, chat_id: str) -> Response:
    """GET without Last-Event-ID: the chat's running stream from its first event,
    else 204."""
    epoch = await store.active(chat_id)
    info = await store.info(epoch) if epoch is not None else None
    if epoch is None or info is None or info.finished:
        return _status(204)
    return await follow_response(store, epoch)


async def cancel_active_stream(store: StreamStore, chat_id: str) -> Response:
    """DELETE: stops the chat's generation, in whichever process runs it."""
    epoch = await store.active(chat_id)
    if epoch is not None:
        await store.request_cancel(epoch)
    return _status(204)
