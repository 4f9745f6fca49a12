import { backoffDelay, DEFAULT_BACKOFF } from '../../src/core/index.js'

describe('backoffDelay', () => {
  it('draws uniformly below a ceiling that doubles per attempt', () => {
    expect(backoffDelay(0, {}, () => 0.5)).toBe(500)
    expect(backoffDelay(1, {}, () => 0.5)).toBe(1000)
    expect(backoffDelay(3, {}, () => 0.999)).toBe(7992)
  })

  it('never waits less than the floor, so a zero draw does not hammer the server', () => {
    expect(backoffDelay(0, {}, () => 0)).toBe(DEFAULT_BACKOFF.minDelayMs)
  })

  it('caps the wait at maxDelayMs however many attempts failed', () => {
    expect(backoffDelay(60, {}, () => 0.999_999)).toBe(DEFAULT_BACKOFF.maxDelayMs)
    expect(backoffDelay(1000, { maxDelayMs: 5000 }, () => 1)).toBe(5000)
  })
})
