/** Headers of every response that serves a stream. `X-Accel-Buffering: no` keeps nginx from holding events back. */
export function streamHeaders(epoch: string): Headers {
  return new Headers({
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
    'X-Stream-Id': epoch,
  })
}

/** 204: nothing to follow (no active stream, or everything was delivered, or it expired). */
export function noStreamResponse(): Response {
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-cache' } })
}

/** A JSON error answer: `{ error: code, message }`. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: HeadersInit = {},
): Response {
  return Response.json(
    { error: code, message },
    { status, headers: { 'Cache-Control': 'no-cache', ...headers } },
  )
}

/** 410: the stream named by Last-Event-ID is not one the server knows; the client cannot continue it. */
export function unknownStreamResponse(epoch: string): Response {
  return errorResponse(
    410,
    'stream_unknown',
    `stream ${epoch} is not known here (lost, flushed or never started)`,
  )
}
