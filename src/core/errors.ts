/** Stable error codes: apps switch on these, so they never change meaning. */
export type StreamErrorCode =
  | 'network'
  | 'http'
  | 'timeout'
  | 'idle_timeout'
  | 'protocol'
  | 'content_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'server'
  | 'event_too_large'
  | 'buffer_overflow'
  | 'queue_overflow'
  /** A queued WebSocket message waited longer than its time to live and was not sent. */
  | 'expired'
  | 'interrupted'
  | 'aborted'
  | 'offline'
  | 'streaming_unsupported'
  | 'environment'
  | 'callback'
  | 'bad_event_id'
  | 'closed'
  | 'busy'
  | 'resume_failed'
  /** `approveToolCall` / `denyToolCall` / `addToolResult` / `continueResponse` named nothing they can act on. */
  | 'tool_call'
  /** `maxAutoContinuations` automatic continuations ran in a row without a user message: the next was not sent. */
  | 'continuation_limit'
  /** A call's argument does not fit the chat (editing a message that is not on the path). */
  | 'invalid_input'
  | 'unknown'

export interface StreamErrorOptions {
  status?: number | undefined
  retryable?: boolean | undefined
  cause?: unknown
  /** The start of the server's error body, when it sent one. */
  body?: string | undefined
  /** Milliseconds the server asked us to wait (Retry-After), when it did. */
  retryAfterMs?: number | undefined
}

/** Errors are data: every failure the kit reports is one of these, stored in state, never thrown at render. */
export class StreamError extends Error {
  override readonly name = 'StreamError'
  readonly code: StreamErrorCode
  readonly status: number | undefined
  readonly retryable: boolean
  readonly body: string | undefined
  readonly retryAfterMs: number | undefined

  constructor(code: StreamErrorCode, message: string, options: StreamErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.status = options.status
    this.retryable = options.retryable ?? false
    this.body = options.body
    this.retryAfterMs = options.retryAfterMs
  }

  static is(value: unknown): value is StreamError {
    return value instanceof StreamError
  }

  /** Wraps anything thrown into a StreamError, keeping StreamErrors as they are. */
  static from(value: unknown, fallback: StreamErrorCode = 'unknown'): StreamError {
    if (value instanceof StreamError) return value
    return new StreamError(fallback, errorMessage(value), { cause: value, retryable: fallback === 'network' })
  }
}

/** A thrown value's own message, for developers (logs, diagnostics); users get `describeError`. */
export function errorMessage(value: unknown): string {
  return value instanceof Error ? value.message : String(value)
}
