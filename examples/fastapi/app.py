"""A FastAPI backend for react-agent-stream, with canned answers (no model, no key).

GET    /stream?query=...      plain text over SSE (StreamingResponse), the usual
                              FastAPI shape
GET    /stream-with-ids?query=...  the same with `id:` lines, resumable from
                              Last-Event-ID
POST   /api/chat              the kit's JSON events (docs/protocol.md), resumable
GET    /api/chat/{id}/stream  follows the chat's running answer, or resumes it from
                              Last-Event-ID (docs/resumable-streams.md)
DELETE /api/chat/{id}/stream  stops the chat's answer, in whichever process runs it
WS     /ws                    reads the user's text, replies {"type":"chunk"}
                              messages, then {"type":"done"}

Run it:  python3 app.py --port 8000      (or: uvicorn app:app --port 8000)
With REDIS_URL=redis://... the answers live in Redis Streams, so any number of processes
(uvicorn --workers, several hosts) serve the same chats; without it they live in memory.
Replace `generate()` with your model client; everything else stays as it is.

One file on purpose (over 300 lines): an example a backend developer copies whole.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import uuid
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse, Response, StreamingResponse

from resumable import (
    active_stream_response,
    cancel_active_stream,
    follow_response,
    resume_response,
    start_stream,
    store_from_environment,
)

app = FastAPI(title="react-agent-stream FastAPI example")

# Pause between tokens, so the answer visibly streams; TOKEN_DELAY_MS=0 sends a burst.
TOKEN_DELAY_SECONDS = float(os.environ.get("TOKEN_DELAY_MS", "20")) / 1000
# Behind nginx, X-Accel-Buffering: no keeps it from holding the stream back.
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


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


async def generate(
    question: str, delay: float = TOKEN_DELAY_SECONDS
) -> AsyncIterator[str]:
    """Stands in for your model client: yields the answer a token at a time.

    A question containing "fail" fails after a few tokens, to show how errors travel.
    """
    for index, token in enumerate(tokenize(answer_for(question))):
        if index == 3 and "fail" in question.lower():
            raise ModelError("The model failed mid-answer (you asked it to).")
        await asyncio.sleep(delay)
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


# --- /api/chat: the kit's JSON events, resumable (docs/resumable-streams.md) ---

# Where streams live: Redis when REDIS_URL is set (any number of processes), else
# memory (one process).
stream_store = store_from_environment()
# The slowest per-token pause a request may ask for (the body's "delayMs").
MAX_REQUEST_DELAY_SECONDS = 5.0


async def answer_events(
    question: str, delay: float
) -> AsyncGenerator[dict[str, Any], None]:
    """One answer as the kit's agent events, ending with `finish`."""
    # One id for every tab that follows this answer: they show the same message.
    yield {"type": "message-start", "messageId": f"msg_{uuid.uuid4().hex[:16]}"}
    try:
        async for token in generate(question, delay):
            yield {"type": "text-delta", "text": token}
        yield {"type": "finish", "reason": "stop"}
    except ModelError as error:
        # Reported in-band: the client keeps the text it already has.
        yield {"type": "error", "message": str(error)}
        yield {"type": "finish", "reason": "error"}


def last_user_text(body: Any) -> str:
    """The newest user message of the kit's body: {"messages":[{id, role, content}]}."""
    messages = body.get("messages", []) if isinstance(body, dict) else []
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            return str(message.get("content", ""))
    return ""


def request_delay(body: dict[str, Any]) -> float:
    """The body's "delayMs" (a slow answer, to watch resume and stop), else the
    TOKEN_DELAY_MS pause."""
    delay_ms = body.get("delayMs")
    is_number = isinstance(delay_ms, (int, float)) and not isinstance(delay_ms, bool)
    if is_number and delay_ms >= 0:
        return min(delay_ms / 1000, MAX_REQUEST_DELAY_SECONDS)
    return TOKEN_DELAY_SECONDS


@app.post("/api/chat", response_model=None)
async def chat(request: Request) -> Response:
    """Starts a stream for the chat (cancelling its running one) and follows it."""
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        return JSONResponse({"error": "the body must be JSON"}, status_code=400)
    if not isinstance(body, dict) or not isinstance(body.get("id") or "", str):
        expected = 'expected {"id": string, "messages": [...]}'
        return JSONResponse({"error": expected}, status_code=400)
    chat_id = body.get("id") or None
    last_event_id = request.headers.get("last-event-id")
    if last_event_id:
        # The kit's resume of a POST: never a second generation.
        return await resume_response(stream_store, chat_id, last_event_id)
    events = answer_events(last_user_text(body), request_delay(body))
    # A body without an id still streams (and resumes with Last-Event-ID), under a
    # fresh chat id.
    epoch = await start_stream(stream_store, chat_id or uuid.uuid4().hex, events)
    return await follow_response(stream_store, epoch)


@app.get("/api/chat/{chat_id}/stream", response_model=None)
async def chat_stream(chat_id: str, request: Request) -> Response:
    """Follows the chat's running stream (reload, second tab), or resumes it from
    Last-Event-ID."""
    last_event_id = request.headers.get("last-event-id")
    if last_event_id:
        return await resume_response(stream_store, chat_id, last_event_id)
    return await active_stream_response(stream_store, chat_id)


@app.delete("/api/chat/{chat_id}/stream", response_model=None)
async def stop_chat_stream(chat_id: str) -> Response:
    """Stops the chat's generation (the hook's stop()), in whichever process runs it."""
    return await cancel_active_stream(stream_store, chat_id)


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
