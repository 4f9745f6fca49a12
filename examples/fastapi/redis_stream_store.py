"""The stream store on Redis Streams, shared by every process of the app.

Keys (PREFIX is `chat-stream` unless given):
  PREFIX:active:<chatId>   the chat's newest epoch
  PREFIX:meta:<epoch>      hash: chat, last (seq), finished, cancel
  PREFIX:events:<epoch>    the events, a Redis stream with entry ids `<seq>-0`
  PREFIX:cancel:<epoch>    pub/sub channel: a cancel request, for the producer's process

While a stream runs its keys live `running_ttl` seconds (a crashed producer's stream
ends then). At the end the events expire after `ttl`, the meta hash after `record_ttl`:
a resume that arrives later than `ttl` still learns that the stream finished (204), not
that it never existed (410).
"""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from stream_store import AppendOutcome, Entry, StreamInfo

# One round trip per event, and atomic: a flushed store (no meta hash) is never
# re-created by a late XADD, so followers and resumes see the loss, not a stream with a
# hole. KEYS: meta, events. ARGV: seq, data, end ('1'/'0'), max length, ttl, record ttl,
# epoch, running ttl, active-key prefix. Returns -1 (stream gone), 1 (cancel requested)
# or 0.
APPEND_SCRIPT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], ARGV[1] .. '-0',
  'data', ARGV[2], 'end', ARGV[3])
redis.call('HSET', KEYS[1], 'last', ARGV[1])
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[1], 'finished', '1')
  redis.call('EXPIRE', KEYS[1], ARGV[6])
  redis.call('EXPIRE', KEYS[2], ARGV[5])
  local active = ARGV[9] .. redis.call('HGET', KEYS[1], 'chat')
  if redis.call('GET', active) == ARGV[7] then redis.call('EXPIRE', active, ARGV[6]) end
else
  redis.call('EXPIRE', KEYS[2], ARGV[8])
end
if redis.call('HGET', KEYS[1], 'cancel') == '1' then return 1 end
return 0
"""

# Sets the flag first, then publishes: a producer that subscribes late still finds the
# flag. KEYS: meta, cancel channel. Only a running stream (finished '0') is cancelled.
CANCEL_SCRIPT = """
if redis.call('HGET', KEYS[1], 'finished') ~= '0' then return 0 end
redis.call('HSET', KEYS[1], 'cancel', '1')
redis.call('PUBLISH', KEYS[2], '1')
return 1
"""


class RedisStreamStore:
    def __init__(
        self,
        redis: Redis,
        *,
        ttl_seconds: int,
        record_ttl_seconds: int,
        running_ttl_seconds: int,
        max_length: int = 10_000,
        prefix: str = "chat-stream",
    ) -> None:
        """`redis` must decode responses (`decode_responses=True`)."""
        self._redis = redis
        self._ttl = ttl_seconds
        self._record_ttl = max(record_ttl_seconds, ttl_seconds)
        self._running_ttl = running_ttl_seconds
        # Approximate trimming keeps memory bounded; a follower that falls further
        # behind than this loses events and gets 410 on its resume, never a silent hole.
        self._max_length = max_length
        self._prefix = prefix
        self._append = redis.register_script(APPEND_SCRIPT)
        self._cancel = redis.register_script(CANCEL_SCRIPT)

    def _key(self, kind: str, name: str) -> str:
        return f"{self._prefix}:{kind}:{name}"

    async def start(self, chat_id: str, epoch: str) -> str | None:
        meta = self._key("meta", epoch)
        async with self._redis.pipeline(transaction=True) as pipe:
            fields = {"chat": chat_id, "last": 0, "finished": 0, "cancel": 0}
            pipe.hset(meta, mapping=fields)
            pipe.expire(meta, self._running_ttl)
            active = self._key("active", chat_id)
            pipe.set(active, epoch, ex=self._running_ttl, get=True)
            *_, previous = await pipe.execute()
        return previous

    async def append(self, epoch: str, entry: Entry) -> AppendOutcome:
        result = await self._append(
            keys=[self._key("meta", epoch), self._key("events", epoch)],
            args=[
                entry.seq,
                entry.data,
                "1" if entry.end else "0",
                self._max_length,
                self._ttl,
                self._record_ttl,
                epoch,
                self._running_ttl,
                self._key("active", ""),
            ],
        )
        return "gone" if result == -1 else "cancelled" if result == 1 else "ok"

    async def info(self, epoch: str) -> StreamInfo | None:
        meta = await self._redis.hgetall(self._key("meta", epoch))
        if "chat" not in meta:
            return None
        return StreamInfo(meta["chat"], int(meta["last"]), meta["finished"] == "1")

    async def active(self, chat_id: str) -> str | None:
        return await self._redis.get(self._key("active", chat_id))

    async def read(
        self, epoch: str, after: int, wait_seconds: float
    ) -> list[Entry] | None:
        events = self._key("events", epoch)
        # BLOCK 0 would wait forever: a wait is at least 1 ms, no wait is no BLOCK.
        block = max(1, round(wait_seconds * 1000)) if wait_seconds > 0 else None
        # Shielded: a follower whose client leaves is cancelled mid-XREAD, and redis-py
        # before 4.5.3 puts such a connection back in the pool with the reply unread,
        # so the next command on it reads the wrong answer (CVE-2023-28858). The
        # shielded read finishes within `wait_seconds` and returns a clean connection.
        reply = await asyncio.shield(
            self._redis.xread({events: f"{after}-0"}, count=512, block=block)
        )
        if not reply:
            # Nothing new; no meta hash means the store lost the stream (FLUSHALL).
            return [] if await self._redis.exists(self._key("meta", epoch)) else None
        _, items = reply[0]
        return [
            Entry(int(entry_id.split("-")[0]), fields["data"], fields.get("end") == "1")
            for entry_id, fields in items
        ]

    async def request_cancel(self, epoch: str) -> None:
        await self._cancel(keys=[self._key("meta", epoch), self._key("cancel", epoch)])

    async def wait_for_cancel(self, epoch: str) -> None:
        async with self._redis.pubsub() as pubsub:
            await pubsub.subscribe(self._key("cancel", epoch))
            async for message in pubsub.listen():
                if message["type"] == "message":
                    return
                if message["type"] == "subscribe":
                    # Subscribed now; a cancel requested before that left its flag.
                    meta = self._key("meta", epoch)
                    if await self._redis.hget(meta, "cancel") == "1":
                        return
