// "(scenario N)" in a test name: fault N of docs/reliability.md.
import {
  backoffDelay,
  classifyHttpStatus,
  DEFAULT_RETRY,
  decideRetry,
  parseRetryAfter,
  StreamError,
} from '../../src/core/index.js'

const network = new StreamError('network', 'refused', { retryable: true })

describe('retry policy', () => {
  it('follows the full-jitter schedule for a seeded random (scenario 24)', () => {
    const draws = [0.1, 0.7, 0.4, 0.9]
    const delays = draws.map((draw, attempt) => {
      const decision = decideRetry({
        attempt,
        error: network,
        elapsedMs: 0,
        options: DEFAULT_RETRY,
        random: () => draw,
      })
      return decision.retry ? decision.delayMs : -1
    })
    expect(delays).toEqual(draws.map((draw, attempt) => backoffDelay(attempt, DEFAULT_RETRY, () => draw)))
  })

  it('stops after maxAttempts and after the time budget', () => {
    expect(
      decideRetry({ attempt: 8, error: network, elapsedMs: 0, options: DEFAULT_RETRY, random: () => 0.5 })
        .retry,
    ).toBe(false)
    expect(
      decideRetry({
        attempt: 0,
        error: network,
        elapsedMs: 89_900,
        options: DEFAULT_RETRY,
        random: () => 0.5,
      }).retry,
    ).toBe(false)
  })

  it('treats Retry-After as a floor and fails rate_limited beyond the budget (scenario 21)', () => {
    const limited = new StreamError('rate_limited', '429', { retryable: true, retryAfterMs: 7000 })
    expect(
      decideRetry({ attempt: 0, error: limited, elapsedMs: 0, options: DEFAULT_RETRY, random: () => 0 }),
    ).toEqual({
      retry: true,
      delayMs: 7000,
    })
    const far = new StreamError('rate_limited', '429', { retryable: true, retryAfterMs: 600_000 })
    const decision = decideRetry({
      attempt: 0,
      error: far,
      elapsedMs: 0,
      options: DEFAULT_RETRY,
      random: () => 0,
    })
    expect(decision.retry === false && decision.error.code).toBe('rate_limited')
  })

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000)
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000)
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
  })

  it('clamps a server retry: value into 250 ms..60 s before it becomes the base (scenario 27)', () => {
    const tiny = decideRetry({
      attempt: 0,
      error: network,
      elapsedMs: 0,
      serverRetryMs: 0,
      options: DEFAULT_RETRY,
      random: () => 1,
    })
    expect(tiny).toEqual({ retry: true, delayMs: 250 })
  })

  it('retries network errors, 408, 429 and 5xx; fails fast on other 4xx and 501', () => {
    for (const status of [408, 429, 500, 502, 503, 504, 522])
      expect(classifyHttpStatus(status).retryable).toBe(true)
    for (const status of [400, 401, 403, 404, 405, 409, 413, 415, 422, 501])
      expect(classifyHttpStatus(status).retryable).toBe(false)
    expect(classifyHttpStatus(401).code).toBe('unauthorized')
  })
})
