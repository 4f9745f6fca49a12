import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js'
import { StreamError, type StreamErrorCode } from './errors.js'

/** How a transport retries a failed connection. */
export interface RetryOptions {
  /** Ceiling of the first backoff wait; doubles per attempt. @default 1000 */
  baseDelayMs: number
  /** No backoff wait is longer than this. @default 30000 */
  maxDelayMs: number
  /** No backoff wait is shorter than this. @default 250 */
  minDelayMs: number
  /** Retries after the first attempt before giving up. @default 8 */
  maxAttempts: number
  /** Total time spent retrying one response before giving up, in ms. @default 90000 */
  maxElapsedMs: number
  /** A Retry-After longer than this fails with `rate_limited` instead of waiting. @default 120000 */
  maxRetryAfterMs: number
  /** A connection this old that delivered an event resets the attempt counter. @default 5000 */
  healthyAfterMs: number
}

export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  ...DEFAULT_BACKOFF,
  maxAttempts: 8,
  maxElapsedMs: 90_000,
  maxRetryAfterMs: 120_000,
  healthyAfterMs: 5000,
})

/** Spec `retry:` values are clamped before becoming the backoff base (docs/reliability.md, scenario 27). */
export const SERVER_RETRY_RANGE = Object.freeze({ minMs: 250, maxMs: 60_000 })

/** Maps an HTTP status to a StreamError code and whether it is worth retrying (docs/reliability.md, 18-23). */
export function classifyHttpStatus(status: number): { code: StreamErrorCode; retryable: boolean } {
  if (status === 401) return { code: 'unauthorized', retryable: false }
  if (status === 403) return { code: 'forbidden', retryable: false }
  if (status === 404) return { code: 'not_found', retryable: false }
  if (status === 408) return { code: 'timeout', retryable: true }
  if (status === 429) return { code: 'rate_limited', retryable: true }
  if (status === 501) return { code: 'server', retryable: false }
  if (status >= 500 && status <= 599) return { code: 'server', retryable: true }
  return { code: 'http', retryable: false }
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110), in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

export interface RetryDecisionInput {
  /** 0 for the first retry. */
  attempt: number
  error: StreamError
  /** ms spent on this response so far. */
  elapsedMs: number
  /** The server's `retry:` value, already validated. */
  serverRetryMs?: number | undefined
  options: RetryOptions
  random: () => number
}

/** Either wait `delayMs` and try again, or give up with `error`. Pure. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; error: StreamError }

export function decideRetry(input: RetryDecisionInput): RetryDecision {
  const { attempt, error, options } = input
  if (!error.retryable) return { retry: false, error }
  if (attempt >= options.maxAttempts) {
    return {
      retry: false,
      error: withMessage(error, `${error.message} (gave up after ${attempt + 1} attempts)`),
    }
  }
  const base =
    input.serverRetryMs === undefined
      ? options.baseDelayMs
      : Math.min(SERVER_RETRY_RANGE.maxMs, Math.max(SERVER_RETRY_RANGE.minMs, input.serverRetryMs))
  let delayMs = backoffDelay(attempt, { ...options, baseDelayMs: base }, input.random)
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > options.maxRetryAfterMs) {
      return { retry: false, error: withMessage(error, `${error.message} (Retry-After beyond the budget)`) }
    }
    delayMs = Math.max(delayMs, error.retryAfterMs)
  }
  if (input.elapsedMs + delayMs > options.maxElapsedMs) {
    return { retry: false, error: withMessage(error, `${error.message} (retry time budget spent)`) }
  }
  return { retry: true, delayMs }
}

function withMessage(error: StreamError, message: string): StreamError {
  return new StreamError(error.code, message, {
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.body === undefined ? {} : { body: error.body }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    retryable: false,
    cause: error,
  })
}

/** Turns anything a fetch or reader threw into a StreamError; unknown failures count as network drops. */
export function toStreamError(value: unknown): StreamError {
  if (value instanceof StreamError) return value
  return StreamError.from(value, 'network')
}
