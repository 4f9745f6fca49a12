"""A FastAPI backend for react-agent-stream, with canned answers (no model, no key).

GET  /stream?query=...  plain text over SSE (StreamingResponse), the usual FastAPI shape
GET  /stream-with-ids?query=...  the same with `id:` lines, resumable from Last-Event-ID
POST /api/chat          the kit's JSON events (docs/protocol.md) with ids, resumable
                        from Last-Event-ID
WS   /ws                reads the user's text, replies {"type":"chunk"} messages, then
                        {"type":"done"}

Run it:  python3 app.py --port 8000      (or: uvicorn app:app --port 8000)
Replace `generate()` with your model client; everything else stays as it is.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse, Response, StreamingResponse

app = FastAPI(title="react-agent-stream FastAPI example")

# Pause between tokens, so the answer visibly streams; TOKEN_DELAY_MS=0 sends a burst.
TOKEN_DELAY_SECONDS = float(os.environ.get("TOKEN_DELAY_MS", "20")) / 1000
# Behind nginx, X-Accel-Buffering: no keeps it from holding the stream back.
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
# How long a finished answer stays available for Last-Event-ID resume.
STREAM_TTL_SECONDS = 300.0


# --- The "model": deterministic canned answers -------------------------------

ANSWERS: dict[str, str] = {
    "sse": (
        "## Server-sent events\n"
        "\n"
        "One HTTP response stays open and the server writes a `data:` line per chunk.\n"
        "\n"
        "- ids make a dropped stream resumable\n"
        "- a comment line every 15 s keeps proxies from cutting it\n"
        "\n"
        "```python\n"
        'yield f"data: {chunk}\\n\\n"\n'
        "```\n"
        "\n"
        "That is the whole trick."
    ),
    "websocket": (
        "## WebSockets\n"
        "\n"
        "One socket carries both directions: the question goes up,\n"
        'the answer comes down as `{"type": "chunk"}` messages.\n'
        "\n"
        'A `{"type": "done"}` message ends the answer.'
    ),
}

FALLBACK = (
    "You asked: {question}\n"
    "\n"
    "This answer is canned: the example has no model.\n"
    "Replace `generate()` with your model client."
)


class ModelError(Exception):
    """What a real model client raises mid-answer (rate limit, overload, ...)."""


def answer_for(question: str) -> str:
    lowered = question.lower()
    for keyword, answer in ANSWERS.items():
        if keyword in lowered:
            return answer
    return FALLBACK.format(question=question.strip())


def tokenize(text: str) -> list[str]:
    """Word-sized chunks with their leading whitespace, newlines included."""
    return re.findall(r"\s*\S+|\s+", text)


async def generate(question: str) -> AsyncIterator[str]:
    """Stands in for your model client: yields the answer a token at a time.

    A question containing "fail" fails after a few tokens, to show how errors travel.
    """
    for index, token in enumerate(tokenize(answer_for(question))):
        if index == 3 and "fail" in question.lower():
            raise ModelError("The model failed mid-answer (you asked it to).")
        await asyncio.sleep(TOKEN_DELAY_SECONDS)
        yield token


@app.get("/health")
async def health() -> dict[str, bool]:
    return {"ok": True}


# --- GET /stream: plain text over SSE ----------------------------------------


def sse_text(chunk: str, event: str | None = None) -> str:
    """One SSE event carrying `chunk` as is.

    A raw newline would end the data field, so a multi-line chunk becomes several
    `data:` lines; the client joins them back with newlines.
    """
    lines = re.split(r"\r\n|\r|\n", chunk)
    prefix = f"event: {event}\n" if event else ""
    return prefix + "".join(f"data: {line}\n" for line in lines) + "\n"


@app.get("/stream")
async def stream(query: str) -> StreamingResponse:
    async def body() -> AsyncIterator[str]:
        # Starlette stops this generator when the client disconnects.
        try:
            async for token in generate(query):
                yield sse_text(token)
        except ModelError as error:
            yield sse_text(str(error), event="error")

    return StreamingResponse(
        body(), media_type="text/event-stream", headers=SSE_HEADERS
    )


class SimulatedDrop(Exception):
    """Raised mid-body: the server closes the connection without ending the response."""


@app.get("/stream-with-ids")
async def stream_with_ids(
    query: str, request: Request, drop_after: int = 0
) -> StreamingResponse:
    """/stream with `id: <n>` on every chunk. A reconnect with Last-Event-ID gets only the
    chunks after it; the client completes the answer when the body ends cleanly.

    `drop_after=N` cuts the first connection (the one without Last-Event-ID) after N chunks,
    like a network drop, so the resume can be tried.
    """
    last_event_id = request.headers.get("last-event-id", "")
    after = int(last_event_id) if last_event_id.isdigit() else 0

    async def body() -> AsyncIterator[str]:
        index = 0
        try:
            async for token in generate(query):
                index += 1
                if index <= after:
                    continue
                if drop_after and not last_event_id and index > drop_after:
                    raise SimulatedDrop(f"dropped after {drop_after} chunks")
                yield f"id: {index}\n" + sse_text(token)
        except ModelError as error:
            yield sse_text(str(error), event="error")

    return StreamingResponse(
        body(), media_type="text/event-stream", headers=SSE_HEADERS
    )


# --- POST /api/chat: the kit's JSON events, resumable ------------------------


@dataclass
class BufferedStream:
    """One answer's encoded events, kept after it ends so a dropped client can resume.

    The answer is generated by a task of its own, so a dropped connection neither
    stops it nor loses it: the client reconnects with Last-Event-ID and reads on.
    """

    id: str
    events: list[str] = field(default_factory=list)
    finished_at: float | None = None
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def append(self, event: dict[str, Any]) -> None:
        data = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
        self.events.append(f"id: {self.id}-{len(self.events)}\ndata: {data}\n\n")
        self._notify()

    def finish(self) -> None:
        self.finished_at = time.monotonic()
        self._notify()

    def _notify(self) -> None:
        changed, self.changed = self.changed, asyncio.Event()
        changed.set()

    async def follow(self, start: int) -> AsyncIterator[str]:
        """The events from index `start` on, waiting for more until the answer ends."""
        cursor = start
        while True:
            while cursor < len(self.events):
                yield self.events[cursor]
                cursor += 1
            if self.finished_at is not None:
                return
            await self.changed.wait()


streams: dict[str, BufferedStream] = {}
# asyncio keeps only weak references to tasks: hold them until they end.
producers: set[asyncio.Task[None]] = set()


def prune_streams() -> None:
    now = time.monotonic()
    for stream_id, buffered in list(streams.items()):
        finished_at = buffered.finished_at
        if finished_at is not None and now - finished_at > STREAM_TTL_SECONDS:
            del streams[stream_id]


async def produce(buffered: BufferedStream, question: str) -> None:
    buffered.append({"type": "message-start", "messageId": f"msg_{buffered.id}"})
    try:
        async for token in generate(question):
            buffered.append({"type": "text-delta", "text": token})
        buffered.append({"type": "finish", "reason": "stop"})
    except ModelError as error:
        # Reported in-band: the client keeps the text it already has.
        buffered.append({"type": "error", "message": str(error)})
        buffered.append({"type": "finish", "reason": "error"})
    finally:
        buffered.finish()


def last_user_text(body: Any) -> str:
    """The newest user message of the kit's body: {"messages":[{id, role, content}]}."""
    messages = body.get("messages", []) if isinstance(body, dict) else []
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            return str(message.get("content", ""))
    return ""


@app.post("/api/chat", response_model=None)
async def chat(request: Request) -> Response:
    prune_streams()
    last_event_id = request.headers.get("last-event-id")
    if last_event_id:
        # Resume: the same request with the id of the last event the client applied.
        stream_id, _, seq = last_event_id.rpartition("-")
        buffered = streams.get(stream_id)
        if buffered is None or not seq.isdigit():
            return JSONResponse({"error": "unknown or expired stream"}, status_code=404)
        start = int(seq) + 1
        if buffered.finished_at is not None and start >= len(buffered.events):
            return Response(status_code=204)  # nothing left: SSE clients stop on 204
    else:
        buffered = BufferedStream(id=uuid.uuid4().hex[:8])
        streams[buffered.id] = buffered
        question = last_user_text(await request.json())
        task = asyncio.create_task(produce(buffered, question))
        producers.add(task)
        task.add_done_callback(producers.discard)
        start = 0
    return StreamingResponse(
        buffered.follow(start), media_type="text/event-stream", headers=SSE_HEADERS
    )


# --- WS /ws: {"type":"chunk"} / {"type":"done"} messages ---------------------


async def answer_over_socket(websocket: WebSocket, question: str) -> None:
    try:
        async for token in generate(question):
            await websocket.send_json({"type": "chunk", "content": token})
        await websocket.send_json({"type": "done"})
    except ModelError as error:
        await websocket.send_json({"type": "error", "message": str(error)})


def control_type(text: str) -> str | None:
    """The type of a control message from the kit's socket (ping, cancel, resume)."""
    if not text.startswith("{"):
        return None
    try:
        message = json.loads(text)
    except json.JSONDecodeError:
        return None
    kind = message.get("type") if isinstance(message, dict) else None
    return kind if kind in ("ping", "cancel", "resume") else None


@app.websocket("/ws")
async def socket(websocket: WebSocket) -> None:
    await websocket.accept()
    answering: asyncio.Task[None] | None = None
    try:
        while True:
            text = await websocket.receive_text()
            kind = control_type(text)
            if kind == "ping":
                await websocket.send_json({"type": "pong"})
                continue
            if answering is not None and not answering.done():
                # "cancel", or a new question that interrupts the answer in flight.
                answering.cancel()
            if kind == "cancel":
                continue
            if kind == "resume":
                # No per-client buffer here: say so rather than answer twice.
                message = "The connection dropped mid-answer; please ask again."
                await websocket.send_json({"type": "error", "message": message})
                continue
            answering = asyncio.create_task(answer_over_socket(websocket, text))
    except WebSocketDisconnect:
        pass
    finally:
        if answering is not None:
            answering.cancel()


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description="react-agent-stream FastAPI example")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--log-level", default="info", help="uvicorn's; warning hides the access log"
    )
    args = parser.parse_args()
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
