import {
  type ChatRequest,
  classifyHttpStatus,
  errorMessage,
  parseRetryAfter,
  StreamError,
  type Timers,
} from '../core/index.js'
import { guardEventStream } from './event-stream-guard.js'
import { encodeLastEventId } from './last-event-id.js'

/** A validated `text/event-stream` response whose body is guarded (caps, idle deadline, re-chunking). */
export interface OpenedEventStream {
  status: number
  /** Response headers, lower-case names. */
  headers: Readonly<Record<string, string>>
  body: ReadableStream<Uint8Array>
}

export interface OpenEventStreamOptions {
  request: ChatRequest
  /** Sent as `Last-Event-ID` (the resume cursor), UTF-8 encoded. */
  lastEventId?: string | undefined
  fetch: typeof globalThis.fetch
  /** The attempt's signal; the opener aborts it itself on connect and idle timeouts. */
  controller: AbortController
  timers: Timers
  connectTimeoutMs: number
  idleTimeoutMs: number
  maxEventBytes: number
  onBytes?: ((count: number) => void) | undefined
  /** Awaited before each slice of the body reaches the parser (backpressure from the frame queue). */
  beforeSlice?: (() => Promise<void> | undefined) | undefined
}

/** Bytes of an error body kept for the StreamError. */
const ERROR_BODY_LIMIT = 4096

/** The MIME essence, compared case-insensitively: `Text/Event-Stream; charset=utf-8` is fine (docs/reliability.md, scenario 19). */
export function isEventStreamContentType(value: string | null): boolean {
  return (value ?? '').split(';')[0]?.trim().toLowerCase() === 'text/event-stream'
}

/**
 * One attempt: fetch, check status and content type, then guard the body. Resolves 'no-content'
 * on 204 (spec: stop; the resumable contract's "nothing to follow"). Any other status but 200,
 * 2xx included, fails with no event read (spec; WPT request-status-error): a 205 or 299 body is
 * not an event stream the server vouched for.
 */
export async function openEventStream(
  options: OpenEventStreamOptions,
): Promise<OpenedEventStream | 'no-content'> {
  const { controller, timers, request } = options
  const signal = controller.signal
  if (signal.aborted) throw signal.reason
  const headers: Record<string, string> = { accept: 'text/event-stream', ...request.headers }
  if (options.lastEventId !== undefined) headers['last-event-id'] = encodeLastEventId(options.lastEventId)
  const connectTimer = timers.setTimeout(() => {
    controller.abort(
      new StreamError('timeout', `no response within ${options.connectTimeoutMs} ms`, { retryable: true }),
    )
  }, options.connectTimeoutMs)

  let response: Response
  try {
    response = await options.fetch(request.url, {
      ...request.init,
      method: request.method ?? 'POST',
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
    })
  } catch (error) {
    if (signal.aborted) throw signal.reason
    if (error instanceof TypeError && /AbortSignal/i.test(error.message)) {
      // A foreign-realm AbortSignal (jsdom + Node fetch) fails every attempt: say so once (docs/reliability.md, scenario 67).
      throw new StreamError('environment', error.message, { cause: error })
    }
    throw new StreamError('network', errorMessage(error), {
      cause: error,
      retryable: true,
    })
  } finally {
    timers.clearTimeout(connectTimer)
  }

  const responseHeaders: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    responseHeaders[name.toLowerCase()] = value
  })
  if (response.status === 204) {
    await response.body?.cancel().catch(() => {})
    return 'no-content'
  }
  if (response.status !== 200) {
    const { code, retryable } = classifyHttpStatus(response.status)
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), timers.now())
    throw new StreamError(code, `HTTP ${response.status}`, {
      status: response.status,
      retryable,
      body: await readErrorBody(response, signal),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    })
  }
  const contentType = response.headers.get('content-type')
  if (!isEventStreamContentType(contentType)) {
    throw new StreamError(
      'content_type',
      `expected text/event-stream, got ${contentType ?? 'no content type'}`,
      {
        status: response.status,
        body: await readErrorBody(response, signal),
      },
    )
  }
  if (response.body == null) {
    throw new StreamError('streaming_unsupported', 'this fetch gives no streaming response body')
  }

  // Idle deadline from a timestamp, so throttled background timers cannot fire early.
  let lastActivity = timers.now()
  let idleTimer: unknown
  const checkIdle = () => {
    const quiet = timers.now() - lastActivity
    if (quiet >= options.idleTimeoutMs) {
      controller.abort(
        new StreamError('idle_timeout', `no bytes for ${options.idleTimeoutMs} ms`, { retryable: true }),
      )
      return
    }
    idleTimer = timers.setTimeout(checkIdle, options.idleTimeoutMs - quiet)
  }
  idleTimer = timers.setTimeout(checkIdle, options.idleTimeoutMs)
  signal.addEventListener('abort', () => timers.clearTimeout(idleTimer), { once: true })

  const opened: OpenedEventStream = { status: response.status, headers: responseHeaders, body: response.body }
  opened.body = guardEventStream(response.body, {
    maxEventBytes: options.maxEventBytes,
    signal,
    ...(options.beforeSlice ? { beforeSlice: options.beforeSlice } : {}),
    onBytes(count) {
      lastActivity = timers.now()
      options.onBytes?.(count)
    },
  })
  return opened
}

async function readErrorBody(response: Response, signal: AbortSignal): Promise<string | undefined> {
  const body = response.body
  if (body == null || signal.aborted) return undefined
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  try {
    while (text.length < ERROR_BODY_LIMIT) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
  } catch {
    // A body that fails mid-read still leaves what we have.
  } finally {
    reader.cancel().catch(() => {})
  }
  return text.slice(0, ERROR_BODY_LIMIT)
}
